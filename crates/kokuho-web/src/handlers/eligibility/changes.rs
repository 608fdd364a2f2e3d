//! 資格: enrollment, withdrawal, correction, flags, certificates, closing work items.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use jiff::civil::Date;
use kokuho_app::App;
use serde::{Deserialize, Serialize};

use crate::api::eligibility::changes::{
    CorrectPeriodRequest, EnrollRequest, IssueCertificateRequest, SetFlagRequest, WithdrawRequest,
};
use crate::auth::ApiActor;
use crate::blocking::blocking;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{JsonBody, PathParam, path_id};

/// 資格取得の結果.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Enrolled {
    /// 資格期間の番号.
    pub period_id: i64,
}

/// 資格取得の届出.
#[utoipa::path(
    post,
    path = "/api/v1/eligibility/enroll",
    tag = "資格",
    operation_id = "enroll",
    request_body = EnrollRequest,
    responses(
        (status = 201, description = "資格を取得しました", body = Enrolled),
        (status = 404, description = "住民がいない", body = ErrorBody),
        (status = 409, description = "競合", body = ErrorBody),
    )
)]
pub(crate) async fn enroll(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    JsonBody(req): JsonBody<EnrollRequest>,
) -> Result<(StatusCode, Json<Enrolled>), ApiError> {
    let period_id = blocking(move || app.enroll(&actor, &req.into())).await?;
    Ok((StatusCode::CREATED, Json(Enrolled { period_id })))
}

/// 資格喪失の届出.
#[utoipa::path(
    post,
    path = "/api/v1/eligibility/withdraw",
    tag = "資格",
    operation_id = "withdraw",
    request_body = WithdrawRequest,
    responses((status = 204, description = "資格を喪失しました"))
)]
pub(crate) async fn withdraw(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    JsonBody(req): JsonBody<WithdrawRequest>,
) -> Result<StatusCode, ApiError> {
    blocking(move || app.withdraw(&actor, &req.into())).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// 遡及訂正 of an eligibility period (a new journal entry; the old one stays).
#[utoipa::path(
    post,
    path = "/api/v1/eligibility/correct",
    tag = "資格",
    operation_id = "correct_period",
    request_body = CorrectPeriodRequest,
    responses(
        (status = 204, description = "訂正しました"),
        (status = 404, description = "資格期間がない", body = ErrorBody),
    )
)]
pub(crate) async fn correct(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    JsonBody(req): JsonBody<CorrectPeriodRequest>,
) -> Result<StatusCode, ApiError> {
    blocking(move || app.correct_period(&actor, &req.into())).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// 区分の設定の結果.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FlagCreated {
    pub flag_id: i64,
}

/// 区分の設定.
#[utoipa::path(
    post,
    path = "/api/v1/flags",
    tag = "資格",
    operation_id = "set_flag",
    request_body = SetFlagRequest,
    responses(
        (status = 201, description = "設定しました", body = FlagCreated),
        (status = 404, description = "住民がいない", body = ErrorBody),
    )
)]
pub(crate) async fn set_flag(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    JsonBody(req): JsonBody<SetFlagRequest>,
) -> Result<(StatusCode, Json<FlagCreated>), ApiError> {
    let flag_id = blocking(move || app.set_flag(&actor, &req.into())).await?;
    Ok((StatusCode::CREATED, Json(FlagCreated { flag_id })))
}

/// 区分の終了.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EndFlagRequest {
    /// 終了日
    #[schema(value_type = String, format = Date)]
    pub until: Date,
}

/// 区分の終了.
#[utoipa::path(
    post,
    path = "/api/v1/flags/{flag_id}/end",
    tag = "資格",
    operation_id = "end_flag",
    params(("flag_id" = i64, Path, description = "区分の番号")),
    request_body = EndFlagRequest,
    responses(
        (status = 204, description = "終了しました"),
        (status = 404, description = "区分がない", body = ErrorBody),
    )
)]
pub(crate) async fn end_flag(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    PathParam(flag_id): PathParam<String>,
    JsonBody(req): JsonBody<EndFlagRequest>,
) -> Result<StatusCode, ApiError> {
    let flag_id = path_id("flag_id", &flag_id)?;
    blocking(move || app.end_flag(&actor, flag_id, req.until)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// 交付した証の番号.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CertificateIssued {
    pub certificate_id: i64,
}

/// 資格確認書・資格情報のお知らせの交付.
#[utoipa::path(
    post,
    path = "/api/v1/certificates",
    tag = "資格",
    operation_id = "issue_certificate",
    request_body = IssueCertificateRequest,
    responses(
        (status = 201, description = "交付しました", body = CertificateIssued),
        (status = 404, description = "住民がいない", body = ErrorBody),
    )
)]
pub(crate) async fn issue_certificate(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    JsonBody(req): JsonBody<IssueCertificateRequest>,
) -> Result<(StatusCode, Json<CertificateIssued>), ApiError> {
    let certificate_id = blocking(move || app.issue_certificate(&actor, &req.into())).await?;
    Ok((StatusCode::CREATED, Json(CertificateIssued { certificate_id })))
}

/// 再交付.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReissueRequest {
    /// 交付日
    #[schema(value_type = String, format = Date)]
    pub issued_on: Date,
    /// 有効期限の基準日（一斉更新日の前日）
    #[schema(value_type = String, format = Date)]
    pub standard_until: Date,
}

/// 再交付: a new certificate replacing this one.
#[utoipa::path(
    post,
    path = "/api/v1/certificates/{certificate_id}/reissue",
    tag = "資格",
    operation_id = "reissue_certificate",
    params(("certificate_id" = i64, Path, description = "証の番号")),
    request_body = ReissueRequest,
    responses(
        (status = 201, description = "再交付しました", body = CertificateIssued),
        (status = 404, description = "証がない", body = ErrorBody),
        (status = 409, description = "既に再交付・返還済み", body = ErrorBody),
    )
)]
pub(crate) async fn reissue_certificate(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    PathParam(certificate_id): PathParam<String>,
    JsonBody(req): JsonBody<ReissueRequest>,
) -> Result<(StatusCode, Json<CertificateIssued>), ApiError> {
    let id = path_id("certificate_id", &certificate_id)?;
    let certificate_id =
        blocking(move || app.reissue_certificate(&actor, id, req.issued_on, req.standard_until)).await?;
    Ok((StatusCode::CREATED, Json(CertificateIssued { certificate_id })))
}

/// 返還.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReturnRequest {
    /// 返還日
    #[schema(value_type = String, format = Date)]
    pub returned_on: Date,
}

/// 証の返還.
#[utoipa::path(
    post,
    path = "/api/v1/certificates/{certificate_id}/return",
    tag = "資格",
    operation_id = "return_certificate",
    params(("certificate_id" = i64, Path, description = "証の番号")),
    request_body = ReturnRequest,
    responses(
        (status = 204, description = "返還を記録しました"),
        (status = 404, description = "証がない", body = ErrorBody),
        (status = 409, description = "既に返還済み", body = ErrorBody),
    )
)]
pub(crate) async fn return_certificate(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    PathParam(certificate_id): PathParam<String>,
    JsonBody(req): JsonBody<ReturnRequest>,
) -> Result<StatusCode, ApiError> {
    let id = path_id("certificate_id", &certificate_id)?;
    blocking(move || app.return_certificate(&actor, id, req.returned_on)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// 作業の完了.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseWorkItemRequest {
    /// 処理内容のメモ
    #[serde(default)]
    pub note: String,
}

/// 作業の完了.
#[utoipa::path(
    post,
    path = "/api/v1/work-items/{work_item_id}/close",
    tag = "資格",
    operation_id = "close_work_item",
    params(("work_item_id" = i64, Path, description = "作業の番号")),
    request_body = CloseWorkItemRequest,
    responses(
        (status = 204, description = "完了にしました"),
        (status = 404, description = "作業がない", body = ErrorBody),
        (status = 409, description = "既に完了済み", body = ErrorBody),
    )
)]
pub(crate) async fn close_work_item(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    PathParam(work_item_id): PathParam<String>,
    JsonBody(req): JsonBody<CloseWorkItemRequest>,
) -> Result<StatusCode, ApiError> {
    let id = path_id("work_item_id", &work_item_id)?;
    blocking(move || app.close_work_item(&actor, id, &req.note)).await?;
    Ok(StatusCode::NO_CONTENT)
}
