//! The public calculators over HTTP: the contract's JSON in and out, 422 with the error document.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::{env, high_cost_sample, late_fee_sample, premium_sample};

#[tokio::test]
async fn premium_is_public_and_answers_the_contract_document() {
    let env = env();
    let r = env
        .post("/api/v1/calc/premium", None, premium_sample())
        .await
        .expect(StatusCode::OK)
        .json();
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
    let r = env
        .post("/api/v1/calc/premium", None, input)
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY)
        .json();
    assert_eq!(r["error"]["code"], "invalid_input");
    assert_eq!(r["error"]["path"], "household.members[1].birth_date");
    assert!(r["error"]["message"].as_str().unwrap().contains("birth_date"));
    let r = env
        .post_text("/api/v1/calc/premium", None, "{not json")
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY)
        .json();
    assert_eq!(r["error"]["code"], "invalid_input");
}

#[tokio::test]
async fn an_overflowing_amount_is_422_naming_the_field_never_a_wrong_total() {
    // 2^62 yen of 均等割 made the total negative (HTTP 200) before amounts were bounded.
    let env = env();
    let mut input = premium_sample();
    let path = "rates.components.medical.per_capita";
    input["rates"]["components"]["medical"]["per_capita"] = json!(1_i64 << 62);
    let r = env
        .post("/api/v1/calc/premium", None, input.clone())
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY)
        .json();
    assert_eq!(r["error"]["code"], "invalid_input");
    assert_eq!(r["error"]["path"], path);
    assert!(r["error"]["message"].as_str().unwrap().contains("大きすぎ"), "{r}");
    // The largest amount read is still calculated, to a total that is the sum of its parts.
    input["rates"]["components"]["medical"]["per_capita"] = json!(999_999_999_999_i64);
    let r = env
        .post("/api/v1/calc/premium", None, input)
        .await
        .expect(StatusCode::OK)
        .json();
    let sum: i64 = r["components"]
        .as_object()
        .unwrap()
        .values()
        .map(|c| c["amount"].as_i64().unwrap())
        .sum();
    assert_eq!(r["total"].as_i64().unwrap(), sum);
    assert!(sum > 0);
}

#[tokio::test]
async fn late_fee_is_public_and_answers_the_contract_document() {
    let env = env();
    let r = env
        .post("/api/v1/calc/late-fee", None, late_fee_sample())
        .await
        .expect(StatusCode::OK)
        .json();
    // 大府市 [公] and spec/calculators.md §3: 3,300円, the first month 197.260.
    assert_eq!(r["late_fee"], 3_300);
    assert_eq!(
        r["periods"][0],
        json!({
            "from": "2023-09-01",
            "to": "2023-09-30",
            "base": 100000,
            "rate": "2.4",
            "days": 30,
            "amount": "197.260",
            "amount_yen": 197
        })
    );
    assert_eq!(r["periods"].as_array().unwrap().len(), 3);
    assert!(
        r["explanation"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l.as_str().unwrap().contains("延滞金 3,300円"))
    );
}

#[tokio::test]
async fn bad_late_fee_input_is_422_with_code_message_and_path() {
    let env = env();
    let with = |field: &str, value: serde_json::Value| {
        let mut input = late_fee_sample();
        input[field] = value;
        input
    };
    let cases = [
        (with("principle", json!(1)), "principle"),
        (with("principal", json!(-1)), "principal"),
        (with("due_date", json!("2023-09-31")), "due_date"),
        (
            with(
                "payments",
                json!([{"date": "2024-02-10", "amount": 60000}, {"date": "2024-01-10", "amount": 40000}]),
            ),
            "payments[1].date",
        ),
        (
            with("payments", json!([{"date": "2024-02-10", "amount": 60000}])),
            "payments",
        ),
        (
            with(
                "rates",
                json!([{"year": 2024, "within_month": "2.4%", "after_month": "8.7"}]),
            ),
            "rates[0].within_month",
        ),
    ];
    refused(&env, "/api/v1/calc/late-fee", cases).await;
}

/// Each input is 422 with the contract's error document naming `path` in its message; so is
/// a body that is not JSON.
async fn refused<const N: usize>(env: &crate::support::Env, route: &str, cases: [(serde_json::Value, &str); N]) {
    for (input, path) in cases {
        let r = env
            .post(route, None, input.clone())
            .await
            .expect(StatusCode::UNPROCESSABLE_ENTITY)
            .json();
        assert_eq!(r["error"]["code"], "invalid_input", "{input}");
        assert_eq!(r["error"]["path"], path, "{input}");
        assert!(r["error"]["message"].as_str().unwrap().contains(path), "{r}");
    }
    let r = env
        .post_text(route, None, "[")
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY)
        .json();
    assert_eq!(r["error"]["code"], "invalid_input");
}

#[tokio::test]
async fn high_cost_is_public_and_answers_the_contract_document() {
    let env = env();
    let mut r = env
        .post("/api/v1/calc/high-cost", None, high_cost_sample())
        .await
        .expect(StatusCode::OK)
        .json();
    // rules.md §6.4 [公] and spec/examples/high-cost-u-2026-07.json: 87,430円, 212,570円.
    let steps = r.as_object_mut().unwrap().remove("steps").unwrap();
    assert_eq!(
        r,
        json!({
            "month": "2026-07",
            "limit": 87430,
            "copay_counted": 300000,
            "benefit": 212570,
            "many_times": false,
            "category": "u"
        })
    );
    assert!(
        steps
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l.as_str().unwrap().contains("212,570円 を支給")),
        "{steps}"
    );
}

#[tokio::test]
async fn bad_high_cost_input_is_422_with_code_message_and_path() {
    let env = env();
    let with = |pointer: &str, value: serde_json::Value| {
        let mut input = high_cost_sample();
        *input.pointer_mut(pointer).unwrap() = value;
        input
    };
    let cases = [
        (
            with("/household/members/0", json!({"id": "p", "birth": "1980-01-01"})),
            "household.members[0].birth",
        ),
        (with("/month", json!("2026-00")), "month"),
        (with("/household/category", json!("f")), "household.category"),
        (with("/household/category", json!(null)), "household.category"),
        (with("/claims/0/copay", json!(-5)), "claims[0].copay"),
        (with("/claims/0/copay", json!(1_000_001)), "claims[0].copay"),
        (with("/claims/0/patient", json!("q")), "claims[0].patient"),
        (
            with(
                "/claims",
                json!([
                    {
                        "patient": "p",
                        "provider": "P1",
                        "setting": "pharmacy",
                        "prescriber": "H9",
                        "medical_cost": 10,
                        "copay": 3
                    }
                ]),
            ),
            "claims[0].prescriber",
        ),
    ];
    refused(&env, "/api/v1/calc/high-cost", cases).await;
}

#[tokio::test]
async fn rate_tables_are_set_and_read_by_assessment_staff_only() {
    use axum::body::Body;
    use axum::http::Method;
    let env = env();
    let admin = crate::support::admin_actor(&env.app);
    env.app
        .add_user(
            &admin,
            &kokuho_domain::Login::parse("yamada").unwrap(),
            "山田 賦課",
            &["assessment".to_string()],
            None,
        )
        .unwrap();
    let token = env.app.create_token(&admin, "yamada", "test").unwrap();
    let rates = kokuho_domain::assessment::premium::published::published_rates()
        .into_iter()
        .find(|t| t.fiscal_year == 2025)
        .map(|t| serde_json::from_str::<serde_json::Value>(t.rates).unwrap())
        .unwrap();
    let send = |method: Method, path: &str, body: Option<serde_json::Value>| {
        let mut req = crate::support::Env::request(method, path, Some(&token));
        if body.is_some() {
            req = req.header(axum::http::header::CONTENT_TYPE, "application/json");
        }
        req.body(body.map_or(Body::empty(), |b| Body::from(b.to_string())))
            .unwrap()
    };
    let r = env
        .send(send(
            Method::POST,
            "/api/v1/rate-tables/2025",
            Some(json!({"label": "令和7年度", "rates": rates})),
        ))
        .await
        .expect(StatusCode::OK)
        .json();
    assert_eq!(r["change"], "created");
    let r = env
        .send(send(Method::GET, "/api/v1/rate-tables/2025", None))
        .await
        .expect(StatusCode::OK)
        .json();
    assert_eq!(r["rates"], rates);
    assert_eq!(r["set_by"], "yamada");
    let mut bad = rates.clone();
    bad["components"]["medical"]["cap"] = json!(999_000);
    let r = env
        .send(send(
            Method::POST,
            "/api/v1/rate-tables/2025",
            Some(json!({"label": "誤り", "rates": bad})),
        ))
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY)
        .json();
    assert!(r.to_string().contains("rates.components.medical.cap"), "{r}");
    env.send(send(Method::GET, "/api/v1/rate-tables/2031", None))
        .await
        .expect(StatusCode::NOT_FOUND);
    // A counter clerk may not.
    env.get("/api/v1/rate-tables", Some("ito"))
        .await
        .expect(StatusCode::FORBIDDEN);
}
