//! 試算: the calculators of spec/calculators.md over HTTP (premium, high cost, late fee). Public (they read
//! no database, store nothing and return only what was sent in, computed), so the same routes
//! serve the public simulator; the JSON in and out is exactly the CLI's (kokuho-contract reads
//! the document and writes the result or the error document for both).

use axum::body::Bytes;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use kokuho_contract::{Calculator, Layout};
use kokuho_domain::contract::CalcError;

/// One handler per calculator: the same OpenAPI entry (200 with the result, 422 with the error
/// document) and the same body, so a calculator is added by one invocation.
macro_rules! calculator {
    (
        $(#[doc = $doc:literal])* $name:ident, $path:literal, $operation:literal, $input:literal, $output:literal,
        $calculator:expr
    ) => {
        $(#[doc = $doc])*
        #[utoipa::path(
            post,
            path = $path,
            tag = "試算",
            operation_id = $operation,
            request_body(content = serde_json::Value, description = $input, content_type = "application/json"),
            responses(
                (status = 200, description = $output, body = serde_json::Value),
                (status = 422, description = "入力の誤り（項目の場所つき）", body = serde_json::Value),
            )
        )]
        pub(crate) async fn $name(body: Bytes) -> Response {
            respond(&body, $calculator)
        }
    };
}

calculator!(
    /// 保険料の試算. Body and result as in spec/calculators.md §1; bad input is 422 with
    /// `{"error": {"code", "message", "path"}}`.
    premium,
    "/api/v1/calc/premium",
    "calc_premium",
    "spec/calculators.md §1 の入力",
    "試算結果（区分ごとの内訳と計算過程）",
    Calculator::Premium
);

calculator!(
    /// 高額療養費の試算. Body and result as in spec/calculators.md §2; bad input is 422 with
    /// `{"error": {"code", "message", "path"}}`.
    high_cost,
    "/api/v1/calc/high-cost",
    "calc_high_cost",
    "spec/calculators.md §2 の入力（診療月・世帯と所得区分または所得・支給歴・レセプト）",
    "試算結果（限度額・支給額と段階ごとの計算過程）",
    Calculator::HighCost
);

calculator!(
    /// 延滞金の試算. Body and result as in spec/calculators.md §3; bad input is 422 with
    /// `{"error": {"code", "message", "path"}}`.
    late_fee,
    "/api/v1/calc/late-fee",
    "calc_late_fee",
    "spec/calculators.md §3 の入力（本料・納期限・納付・年別の割合の上書き）",
    "試算結果（期間ごとの内訳と計算過程）",
    Calculator::LateFee
);

/// One calculator: the contract's document in, its result (200) or error document (422) out.
fn respond(body: &[u8], calculator: Calculator) -> Response {
    let result = std::str::from_utf8(body)
        .map_err(|_| CalcError::invalid("", "本文を UTF-8 の JSON として読めません"))
        .and_then(|text| kokuho_contract::run(calculator, text, Layout::Compact));
    let (status, body) = match result {
        Ok(r) => (StatusCode::OK, r),
        Err(e) if e.code == "internal" => (StatusCode::INTERNAL_SERVER_ERROR, kokuho_contract::error_document(&e)),
        Err(e) => (StatusCode::UNPROCESSABLE_ENTITY, kokuho_contract::error_document(&e)),
    };
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}
