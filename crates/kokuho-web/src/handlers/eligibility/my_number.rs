//! 個人番号: link, exact lookup, the 要確認リスト and its resolution.
//!
//! The number travels only in request bodies (never in a URL, which ends up in logs) and no
//! response carries it. There is no reveal route in this API: revealing a number needs the staff
//! UI's re-authentication (security.md C06/C07).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use kokuho_app::App;
use serde::{Deserialize, Serialize};

use crate::api::eligibility::my_number::{ConfirmationView, LinkOutcome};
use crate::auth::ApiActor;
use crate::blocking::blocking;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{JsonBody, PathParam, QueryMap, path_id};

/// Text that must never be printed: `Debug` hides it and it is not `Serialize`.
#[derive(Clone, Deserialize)]
#[serde(transparent)]
pub struct SecretText(String);

impl SecretText {
    fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for SecretText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretText(…)")
    }
}

/// A My Number as typed (12 digits; 4-4-4 with spaces or hyphens and full-width digits accepted).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MyNumberInput {
    /// 個人番号 (12桁)
    #[schema(value_type = String, format = Password)]
    pub my_number: SecretText,
}

/// 紐付けの結果 (never the number).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LinkResult {
    pub outcome: LinkOutcome,
}

/// 個人番号の紐付け. A different or duplicate number goes to the 要確認リスト.
#[utoipa::path(
    post,
    path = "/api/v1/residents/{resident_no}/my-number",
    tag = "個人番号",
    operation_id = "link_my_number",
    params(("resident_no" = String, Path, description = "宛名番号")),
    request_body = MyNumberInput,
    responses(
        (status = 200, description = "紐付けの結果", body = LinkResult),
        (status = 404, description = "住民がいない", body = ErrorBody),
    )
)]
pub(crate) async fn link(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    PathParam(resident_no): PathParam<String>,
    JsonBody(req): JsonBody<MyNumberInput>,
) -> Result<Json<LinkResult>, ApiError> {
    let outcome = blocking(move || app.link_my_number(&actor, &resident_no, req.my_number.expose())).await?;
    Ok(Json(LinkResult {
        outcome: outcome.into(),
    }))
}

/// 個人番号による検索の結果.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LookupResult {
    /// 宛名番号, or null when no resident has this number.
    pub resident_no: Option<String>,
}

/// 個人番号による検索 (exact, through the blind index).
#[utoipa::path(
    post,
    path = "/api/v1/my-number/lookup",
    tag = "個人番号",
    operation_id = "lookup_my_number",
    request_body = MyNumberInput,
    responses((status = 200, description = "該当する住民の宛名番号（なければ null）", body = LookupResult))
)]
pub(crate) async fn lookup(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    JsonBody(req): JsonBody<MyNumberInput>,
) -> Result<Json<LookupResult>, ApiError> {
    let resident_no = blocking(move || app.find_by_my_number(&actor, req.my_number.expose())).await?;
    Ok(Json(LookupResult { resident_no }))
}

/// A page of the 要確認リスト (no digits).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ConfirmationPage {
    pub page: u32,
    pub items: Vec<ConfirmationView>,
}

/// 要確認リスト (20件ずつ).
#[utoipa::path(
    get,
    path = "/api/v1/my-number/confirmations",
    tag = "個人番号",
    operation_id = "my_number_confirmations",
    params(
        ("open" = Option<bool>, Query, description = "true（既定）: 未解消のみ、false: すべて"),
        ("page" = Option<u32>, Query, description = "ページ（1から）"),
    ),
    responses((status = 200, description = "要確認リスト", body = ConfirmationPage))
)]
pub(crate) async fn confirmations(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    query: QueryMap,
) -> Result<Json<ConfirmationPage>, ApiError> {
    let mut q = query.reader(&["open", "page"]);
    let only_open = q.bool("open", true);
    let page = q.page();
    q.finish()?;
    let items = blocking(move || app.my_number_confirmations(&actor, only_open, page)).await?;
    Ok(Json(ConfirmationPage {
        page,
        items: items.into_iter().map(Into::into).collect(),
    }))
}

/// 要確認の解消.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolveRequest {
    /// true: 保留中の番号を紐付ける、false: 破棄する
    pub adopt: bool,
    /// 確認内容
    pub note: String,
}

/// 要確認の解消 by a second person (二者確認).
#[utoipa::path(
    post,
    path = "/api/v1/my-number/confirmations/{confirmation_id}/resolve",
    tag = "個人番号",
    operation_id = "resolve_confirmation",
    params(("confirmation_id" = i64, Path, description = "要確認の番号")),
    request_body = ResolveRequest,
    responses(
        (status = 204, description = "解消しました"),
        (status = 404, description = "要確認がない", body = ErrorBody),
        (status = 409, description = "解消済み、または登録者本人による解消", body = ErrorBody),
    )
)]
pub(crate) async fn resolve(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    PathParam(confirmation_id): PathParam<String>,
    JsonBody(req): JsonBody<ResolveRequest>,
) -> Result<StatusCode, ApiError> {
    let id = path_id("confirmation_id", &confirmation_id)?;
    blocking(move || app.resolve_confirmation(&actor, id, req.adopt, &req.note)).await?;
    Ok(StatusCode::NO_CONTENT)
}
