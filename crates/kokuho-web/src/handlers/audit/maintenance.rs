//! 保守: verification of the journal and of the audit trail.

use axum::Json;
use axum::extract::State;
use kokuho_app::App;
use kokuho_app::journal::ChainReport;
use serde::Serialize;

use crate::auth::ApiActor;
use crate::blocking::blocking;
use crate::error::ApiError;

/// The first entry that failed verification.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BadEntryView {
    pub seq: i64,
    /// 日本語の説明
    pub problem: String,
}

/// 検証結果.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ChainReportView {
    /// true when every entry verified and the chain head matches.
    pub ok: bool,
    /// Entries checked.
    pub entries: i64,
    pub first_bad: Option<BadEntryView>,
}

impl From<ChainReport> for ChainReportView {
    fn from(r: ChainReport) -> Self {
        Self {
            ok: r.is_ok(),
            entries: r.entries,
            first_bad: r.first_bad.map(|b| BadEntryView {
                seq: b.seq,
                problem: b.problem,
            }),
        }
    }
}

/// 異動ジャーナルの検証.
#[utoipa::path(
    post,
    path = "/api/v1/journal/verify",
    tag = "保守",
    operation_id = "verify_journal",
    responses((status = 200, description = "検証結果", body = ChainReportView))
)]
pub(crate) async fn verify_journal(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
) -> Result<Json<ChainReportView>, ApiError> {
    Ok(Json(blocking(move || app.verify_journal(&actor)).await?.into()))
}

/// 監査ログの検証.
#[utoipa::path(
    post,
    path = "/api/v1/audit/verify",
    tag = "保守",
    operation_id = "verify_audit",
    responses((status = 200, description = "検証結果", body = ChainReportView))
)]
pub(crate) async fn verify_audit(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
) -> Result<Json<ChainReportView>, ApiError> {
    Ok(Json(blocking(move || app.verify_audit(&actor)).await?.into()))
}
