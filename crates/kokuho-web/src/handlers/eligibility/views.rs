//! 照会: resident search, a person's record, a household as of a date, the work list.

use axum::Json;
use axum::extract::State;
use kokuho_app::App;
use kokuho_app::eligibility::views::SearchRequest;
use kokuho_domain::kernel::work::WorkItemStatus;
use serde::Serialize;

use crate::api::eligibility::views::{HouseholdView, ResidentDetail, SearchResult, WorkItemView};
use crate::auth::ApiActor;
use crate::blocking::blocking;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{PathParam, QueryMap};

const SEARCH_PARAMS: &[&str] = &[
    "kana",
    "name",
    "birth_date",
    "address",
    "resident_no",
    "household_no",
    "card_number",
    "page",
];

/// 住民検索 (20件ずつ). At least one criterion; never a My Number.
#[utoipa::path(
    get,
    path = "/api/v1/residents",
    tag = "照会",
    operation_id = "search_residents",
    params(
        ("kana" = Option<String>, Query, description = "氏名カナ（前方一致。ひらがな・半角も可）"),
        ("name" = Option<String>, Query, description = "氏名（部分一致）"),
        ("birth_date" = Option<String>, Query, format = Date, description = "生年月日 YYYY-MM-DD"),
        ("address" = Option<String>, Query, description = "住所（部分一致）"),
        ("resident_no" = Option<String>, Query, description = "宛名番号"),
        ("household_no" = Option<String>, Query, description = "世帯番号"),
        ("card_number" = Option<String>, Query, description = "記号番号（番号）"),
        ("page" = Option<u32>, Query, description = "ページ（1から）"),
    ),
    responses((status = 200, description = "検索結果", body = SearchResult))
)]
pub(crate) async fn search_residents(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    query: QueryMap,
) -> Result<Json<SearchResult>, ApiError> {
    let mut q = query.reader(SEARCH_PARAMS);
    let req = SearchRequest {
        kana: q.text("kana"),
        name: q.text("name"),
        birth_date: q.date("birth_date"),
        address: q.text("address"),
        resident_no: q.text("resident_no"),
        household_no: q.text("household_no"),
        card_number: q.text("card_number"),
        page: Some(q.page()),
    };
    q.finish()?;
    Ok(Json(blocking(move || app.search_residents(&actor, &req)).await?.into()))
}

/// 資格照会: one person's record (periods, card, flags, certificates, copay ratio, work items).
#[utoipa::path(
    get,
    path = "/api/v1/residents/{resident_no}",
    tag = "照会",
    operation_id = "resident_detail",
    params(("resident_no" = String, Path, description = "宛名番号")),
    responses(
        (status = 200, description = "住民の資格情報", body = ResidentDetail),
        (status = 404, description = "該当する住民がいない", body = ErrorBody),
    )
)]
pub(crate) async fn resident_detail(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    PathParam(resident_no): PathParam<String>,
) -> Result<Json<ResidentDetail>, ApiError> {
    Ok(Json(
        blocking(move || app.resident_detail(&actor, &resident_no))
            .await?
            .into(),
    ))
}

/// 世帯照会 as of a date (default today).
#[utoipa::path(
    get,
    path = "/api/v1/households/{household_no}",
    tag = "照会",
    operation_id = "household_view",
    params(
        ("household_no" = String, Path, description = "世帯番号"),
        ("as_of" = Option<String>, Query, format = Date, description = "基準日 YYYY-MM-DD（省略時は今日）"),
    ),
    responses(
        (status = 200, description = "世帯", body = HouseholdView),
        (status = 404, description = "基準日に該当する世帯がない", body = ErrorBody),
    )
)]
pub(crate) async fn household_view(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    PathParam(household_no): PathParam<String>,
    query: QueryMap,
) -> Result<Json<HouseholdView>, ApiError> {
    let mut q = query.reader(&["as_of"]);
    let as_of = q.date("as_of");
    q.finish()?;
    Ok(Json(
        blocking(move || app.household_view(&actor, &household_no, as_of))
            .await?
            .into(),
    ))
}

/// A page of the work list.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct WorkItemPage {
    pub page: u32,
    pub items: Vec<WorkItemView>,
}

/// 作業リスト (20件ずつ).
#[utoipa::path(
    get,
    path = "/api/v1/work-items",
    tag = "照会",
    operation_id = "work_items",
    params(
        ("status" = Option<String>, Query, description = "open（未完了）または done（完了）。省略時はすべて"),
        ("page" = Option<u32>, Query, description = "ページ（1から）"),
    ),
    responses((status = 200, description = "作業リスト", body = WorkItemPage))
)]
pub(crate) async fn work_items(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    query: QueryMap,
) -> Result<Json<WorkItemPage>, ApiError> {
    let mut q = query.reader(&["status", "page"]);
    let status = q.code::<WorkItemStatus>("status", "open または done を指定してください");
    let page = q.page();
    q.finish()?;
    let items = blocking(move || app.work_items(&actor, status, page)).await?;
    Ok(Json(WorkItemPage {
        page,
        items: items.into_iter().map(Into::into).collect(),
    }))
}
