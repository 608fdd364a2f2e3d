//! The public calculators over HTTP: the contract's JSON in and out, 422 with the error document.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::{env, premium_sample};

#[tokio::test]
async fn premium_is_public_and_answers_the_contract_document() {
    let env = env();
    let r = env.post("/api/v1/calc/premium", None, premium_sample()).await.expect(StatusCode::OK).json();
    // 明石市 FY2023 計算事例(1) [公]: 医療 192,400 + 支援 73,900.
    assert_eq!(r["total"], 266_300);
    assert_eq!(r["components"]["medical"]["amount"], 192_400);
    assert_eq!(r["reduction"], "none");
    assert!(r["explanation"].as_array().unwrap().len() > 5);
}

#[tokio::test]
async fn bad_premium_input_is_422_with_code_message_and_path() {
    let env = env();
    let mut input = premium_sample();
    input["household"]["members"][1]["birth_date"] = json!("2023-02-29");
    let r = env.post("/api/v1/calc/premium", None, input).await.expect(StatusCode::UNPROCESSABLE_ENTITY).json();
    assert_eq!(r["error"]["code"], "invalid_input");
    assert_eq!(r["error"]["path"], "household.members[1].birth_date");
    assert!(r["error"]["message"].as_str().unwrap().contains("birth_date"));
    let r = env.post_text("/api/v1/calc/premium", None, "{not json").await.expect(StatusCode::UNPROCESSABLE_ENTITY).json();
    assert_eq!(r["error"]["code"], "invalid_input");
}
