//! 試算: the calculators of spec/calculators.md over HTTP (premium, high cost, late fee). Public (they read
//! no database, store nothing and return only what was sent in, computed), so the same routes
//! serve the public simulator; the JSON in and out is exactly the CLI's.

use axum::Json;
use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kokuho_domain::contract::CalcError;
use serde::Serialize;

/// 保険料の試算. Body and result as in spec/calculators.md §1; bad input is 422 with
/// `{"error": {"code", "message", "path"}}`.
#[utoipa::path(
    post,
    path = "/api/v1/calc/premium",
    tag = "試算",
    operation_id = "calc_premium",
    request_body(content = serde_json::Value, description = "spec/calculators.md §1 の入力", content_type = "application/json"),
    responses(
        (status = 200, description = "試算結果（区分ごとの内訳と計算過程）", body = serde_json::Value),
        (status = 422, description = "入力の誤り（項目の場所つき）", body = serde_json::Value),
    )
)]
pub(crate) async fn premium(body: Bytes) -> Response {
    respond(&body, kokuho_domain::premium::parse_and_calculate)
}

/// 高額療養費の試算. Body and result as in spec/calculators.md §2; bad input is 422 with
/// `{"error": {"code", "message", "path"}}`.
#[utoipa::path(
    post,
    path = "/api/v1/calc/high-cost",
    tag = "試算",
    operation_id = "calc_high_cost",
    request_body(content = serde_json::Value, description = "spec/calculators.md §2 の入力（診療月・世帯と所得区分または所得・支給歴・レセプト）", content_type = "application/json"),
    responses(
        (status = 200, description = "試算結果（限度額・支給額と段階ごとの計算過程）", body = serde_json::Value),
        (status = 422, description = "入力の誤り（項目の場所つき）", body = serde_json::Value),
    )
)]
pub(crate) async fn high_cost(body: Bytes) -> Response {
    respond(&body, kokuho_domain::high_cost::parse_and_calculate)
}

/// 延滞金の試算. Body and result as in spec/calculators.md §3; bad input is 422 with
/// `{"error": {"code", "message", "path"}}`.
#[utoipa::path(
    post,
    path = "/api/v1/calc/late-fee",
    tag = "試算",
    operation_id = "calc_late_fee",
    request_body(content = serde_json::Value, description = "spec/calculators.md §3 の入力（本料・納期限・納付・年別の割合の上書き）", content_type = "application/json"),
    responses(
        (status = 200, description = "試算結果（期間ごとの内訳と計算過程）", body = serde_json::Value),
        (status = 422, description = "入力の誤り（項目の場所つき）", body = serde_json::Value),
    )
)]
pub(crate) async fn late_fee(body: Bytes) -> Response {
    respond(&body, kokuho_domain::late_fee::parse_and_calculate)
}

/// One calculator: the contract's document in, its result (200) or error document (422) out.
fn respond<T: Serialize>(body: &[u8], calculate: fn(&str) -> Result<T, CalcError>) -> Response {
    let result = std::str::from_utf8(body).map_err(|_| CalcError::invalid("", "本文を UTF-8 の JSON として読めません")).and_then(calculate);
    match result {
        Ok(r) => Json(r).into_response(),
        Err(e) => (StatusCode::UNPROCESSABLE_ENTITY, Json(e.to_json())).into_response(),
    }
}
