//! 賦課: the city's rate tables per fiscal year, and a household's premium computed from them.

use axum::Json;
use axum::extract::State;
use kokuho_app::App;
use kokuho_app::assessment::rates::read_rates;
use kokuho_app::assessment::simulation::Candidate;
use kokuho_domain::assessment::collection_plan::CollectionSettings;
use serde::{Deserialize, Serialize};

use crate::api::assessment::premium::{AssessmentVersion, HouseholdDecision, HouseholdPremium};
use crate::api::assessment::rates::{RateTable, RateTableChange};
use crate::api::assessment::simulation::RateSimulation;
use crate::auth::ApiActor;
use crate::blocking::blocking;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{JsonBody, PathParam, QueryMap, path_id};

/// 料率表の設定.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetRateTableRequest {
    /// 表示名
    pub label: String,
    /// spec/calculators.md §1 の `rates`
    #[schema(value_type = Object)]
    pub rates: serde_json::Value,
    /// 納期の設定（省略時: 6月〜3月の10回、100円単位、端数は第1期、特別徴収は平準化）
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub collection: Option<CollectionSettings>,
}

/// 設定の結果.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RateTableSet {
    /// created / changed / unchanged
    pub change: RateTableChange,
}

/// 料率表の一覧.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RateTableList {
    pub rate_tables: Vec<RateTable>,
}

fn fiscal_year(text: &str) -> Result<i32, ApiError> {
    let n = path_id("fiscal_year", text)?;
    i32::try_from(n).map_err(|_| ApiError::invalid("fiscal_year", "年度が正しくありません"))
}

/// 料率表の設定（同じ内容なら記録しない）.
#[utoipa::path(
    post,
    path = "/api/v1/rate-tables/{fiscal_year}",
    tag = "賦課",
    operation_id = "set_rate_table",
    params(("fiscal_year" = i32, Path, description = "賦課年度")),
    request_body = SetRateTableRequest,
    responses((status = 200, description = "設定しました", body = RateTableSet))
)]
pub(crate) async fn set(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    PathParam(year): PathParam<String>,
    JsonBody(req): JsonBody<SetRateTableRequest>,
) -> Result<Json<RateTableSet>, ApiError> {
    let year = fiscal_year(&year)?;
    let rates = read_rates(year, &req.rates.to_string())?;
    let change =
        blocking(move || app.set_rate_table(&actor, year, &req.label, &rates, req.collection.as_ref())).await?;
    Ok(Json(RateTableSet { change: change.into() }))
}

/// 料率表の一覧.
#[utoipa::path(
    get,
    path = "/api/v1/rate-tables",
    tag = "賦課",
    operation_id = "list_rate_tables",
    responses((status = 200, description = "料率表の一覧（新しい年度から）", body = RateTableList))
)]
pub(crate) async fn list(State(app): State<App>, ApiActor(actor): ApiActor) -> Result<Json<RateTableList>, ApiError> {
    let rate_tables = blocking(move || app.rate_tables(&actor)).await?;
    Ok(Json(RateTableList {
        rate_tables: rate_tables.into_iter().map(Into::into).collect(),
    }))
}

/// 1年度分の料率表.
#[utoipa::path(
    get,
    path = "/api/v1/rate-tables/{fiscal_year}",
    tag = "賦課",
    operation_id = "get_rate_table",
    params(("fiscal_year" = i32, Path, description = "賦課年度")),
    responses(
        (status = 200, description = "料率表", body = RateTable),
        (status = 404, description = "未設定", body = ErrorBody)
    )
)]
pub(crate) async fn get(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    PathParam(year): PathParam<String>,
) -> Result<Json<RateTable>, ApiError> {
    let year = fiscal_year(&year)?;
    Ok(Json(blocking(move || app.rate_table(&actor, year)).await?.into()))
}

/// 世帯の保険料（計算）: the household's premium for a fiscal year from the stored facts and the
/// year's rate table, with the steps and what is missing (所得の記録がない・未申告).
#[utoipa::path(
    get,
    path = "/api/v1/households/{household_no}/premium",
    tag = "賦課",
    operation_id = "household_premium",
    params(
        ("household_no" = String, Path, description = "世帯番号"),
        ("fiscal_year" = i32, Query, description = "賦課年度（例: 2025）"),
    ),
    responses(
        (status = 200, description = "保険料の計算結果", body = HouseholdPremium),
        (status = 404, description = "世帯または料率表がない", body = ErrorBody),
    )
)]
pub(crate) async fn household_premium(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    PathParam(household_no): PathParam<String>,
    query: QueryMap,
) -> Result<Json<HouseholdPremium>, ApiError> {
    let year = year_query(query)?;
    Ok(Json(
        blocking(move || app.household_premium(&actor, &household_no, year))
            .await?
            .into(),
    ))
}

/// The required `fiscal_year` query parameter.
fn year_query(query: QueryMap) -> Result<i32, ApiError> {
    let mut q = query.reader(&["fiscal_year"]);
    let year = q.text("fiscal_year");
    q.finish()?;
    fiscal_year(&year.ok_or_else(|| ApiError::invalid("fiscal_year", "賦課年度（fiscal_year）を指定してください"))?)
}

/// 賦課決定の履歴.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AssessmentHistory {
    /// 版の一覧（古い順）
    pub versions: Vec<AssessmentVersion>,
}

/// 賦課決定の履歴（当初賦課と更正の各版、期別の徴収計画つき）.
#[utoipa::path(
    get,
    path = "/api/v1/households/{household_no}/assessments",
    tag = "賦課",
    operation_id = "household_assessments",
    params(
        ("household_no" = String, Path, description = "世帯番号"),
        ("fiscal_year" = i32, Query, description = "賦課年度（例: 2025）"),
    ),
    responses((status = 200, description = "各版（古い順）", body = AssessmentHistory))
)]
pub(crate) async fn assessments(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    PathParam(household_no): PathParam<String>,
    query: QueryMap,
) -> Result<Json<AssessmentHistory>, ApiError> {
    let year = year_query(query)?;
    let versions = blocking(move || app.assessment_versions(&actor, &household_no, year)).await?;
    Ok(Json(AssessmentHistory {
        versions: versions.into_iter().map(Into::into).collect(),
    }))
}

/// 賦課決定の依頼.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecideRequest {
    /// 賦課年度
    pub fiscal_year: i32,
}

/// 賦課決定（1世帯）: computes and records the household's premium (当初賦課, or 更正 when the
/// amount changed; past 納期 are not changed).
#[utoipa::path(
    post,
    path = "/api/v1/households/{household_no}/assessments",
    tag = "賦課",
    operation_id = "decide_household",
    params(("household_no" = String, Path, description = "世帯番号")),
    request_body = DecideRequest,
    responses((status = 200, description = "recorded（版）/ unchanged / refused（理由）", body = HouseholdDecision))
)]
pub(crate) async fn decide(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    PathParam(household_no): PathParam<String>,
    JsonBody(req): JsonBody<DecideRequest>,
) -> Result<Json<HouseholdDecision>, ApiError> {
    Ok(Json(
        blocking(move || app.decide_household(&actor, &household_no, req.fiscal_year))
            .await?
            .into(),
    ))
}

/// 料率設定シミュレーションの依頼.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SimulationRequest {
    /// 賦課年度
    pub fiscal_year: i32,
    /// 案Aの `rates`（省略時はその年度に設定済みの料率表）
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub rates: Option<serde_json::Value>,
    /// 比べる案Bの `rates`
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub compare: Option<serde_json::Value>,
}

/// 料率設定シミュレーション: the city's premiums of the year under the stored or given rates
/// (and a second set to compare), totalled by component, reductions, capped households and
/// income bands. Nothing is recorded.
#[utoipa::path(
    post,
    path = "/api/v1/rate-simulations",
    tag = "賦課",
    operation_id = "simulate_rates",
    request_body = SimulationRequest,
    responses(
        (status = 200, description = "案ごとの集計", body = RateSimulation),
        (status = 422, description = "料率が正しくない", body = ErrorBody)
    )
)]
pub(crate) async fn simulate(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    JsonBody(req): JsonBody<SimulationRequest>,
) -> Result<Json<RateSimulation>, ApiError> {
    let mut candidates = vec![Candidate {
        label: if req.rates.is_some() {
            "案A".into()
        } else {
            "現行".into()
        },
        rates: None,
    }];
    if let Some(a) = req.rates {
        candidates[0] = Candidate::read(0, &candidates[0].label, &a.to_string())?;
    }
    if let Some(b) = req.compare {
        candidates.push(Candidate::read(1, "案B", &b.to_string())?);
    }
    Ok(Json(
        blocking(move || app.simulate_rates(&actor, req.fiscal_year, &candidates, &|_, _| {}))
            .await?
            .into(),
    ))
}
