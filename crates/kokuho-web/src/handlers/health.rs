//! Anonymous routes: the health check and the OpenAPI document.

use axum::Json;
use axum::extract::State;
use kokuho_app::{App, AppResult};
use serde::Serialize;

use crate::blocking::blocking;
use crate::error::ApiError;

/// `{"status":"ok"}`.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Health {
    /// Always `ok` (a failure is a 500).
    pub status: String,
}

/// 死活監視: answers after opening (and closing) a read transaction on the store.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "運用",
    operation_id = "healthz",
    responses((status = 200, description = "正常", body = Health))
)]
pub(crate) async fn healthz(State(app): State<App>) -> Result<Json<Health>, ApiError> {
    // No SQL here (only kokuho-store knows SQL): beginning a read transaction is the probe.
    blocking(move || app.store().read(|_tx| -> AppResult<()> { Ok(()) })).await?;
    Ok(Json(Health { status: "ok".into() }))
}

/// 死活監視 of the simulator-only server (no store to probe).
pub(crate) async fn healthz_static() -> Json<Health> {
    Json(Health { status: "ok".into() })
}
