//! The public premium simulator page: a form that works without script, the breakdown, errors
//! next to their field, and the simulator-only router that reaches no database.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use tower::ServiceExt;

use crate::support::{SIMULATOR_FORM, env, premium_sample};

#[tokio::test]
async fn the_form_is_served_without_login_or_script() {
    let env = env();
    let r = env.get("/simulator", None).await.expect(StatusCode::OK);
    let html = r.text();
    assert!(
        html.contains("国民健康保険料の試算") && html.contains("name=\"m0_birth\""),
        "{html}"
    );
    assert!(!html.contains("<script"), "the page must work without script");
    assert!(
        r.headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .contains("style-src 'self'")
    );
    let css = env.get("/static/app.css", None).await.expect(StatusCode::OK);
    assert!(
        css.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
}

#[tokio::test]
async fn a_submitted_household_shows_the_calculators_amount_and_its_steps() {
    let env = env();
    let html = env
        .post_form("/simulator", SIMULATOR_FORM)
        .await
        .expect(StatusCode::OK)
        .text();
    // The same household through the contract API (尼崎市 FY2025 rates).
    let mut input = premium_sample();
    input["fiscal_year"] = serde_json::json!(2025);
    input["rates"] = kokuho_domain::assessment::premium::published::published_rates()
        .into_iter()
        .find(|t| t.fiscal_year == 2025)
        .map(|t| serde_json::from_str::<serde_json::Value>(t.rates).unwrap())
        .unwrap();
    input["household"] = serde_json::json!({
        "head": "m0",
        "members": [{"id": "m0", "birth_date": "1980-05-05", "income": {"salary_revenue": 3_000_000}}]
    });
    let api = env
        .post("/api/v1/calc/premium", None, input)
        .await
        .expect(StatusCode::OK)
        .json();
    let total = kokuho_domain::Yen::new(api["total"].as_i64().unwrap()).to_string();
    assert!(
        html.contains(&format!("年間保険料の目安: <span class=\"total\">{total}</span>")),
        "{total} not in {html}"
    );
    assert!(html.contains("計算の過程") && html.contains("旧ただし書き所得"));
    // What was typed is kept.
    assert!(html.contains("value=\"3,000,000\""));
}

#[tokio::test]
async fn bad_input_is_shown_next_to_its_field_and_kept() {
    let env = env();
    let html = env
        .post_form(
            "/simulator",
            "fiscal_year=2025&m0_birth=1980-13-40&m0_insured=1&m0_salary=abc",
        )
        .await
        .expect(StatusCode::OK)
        .text();
    assert!(
        html.contains("value=\"1980-13-40\"") && html.contains("value=\"abc\""),
        "{html}"
    );
    assert!(html.contains("id=\"m0_birth_error\""), "{html}");
    assert!(html.contains("給与収入:"), "{html}");
    assert!(!html.contains("年間保険料の目安"));
    // A row with an amount but no birth date, and an unknown year.
    let html = env
        .post_form("/simulator", "fiscal_year=1999&m0_birth=1980-01-01&m1_pension=100")
        .await
        .expect(StatusCode::OK)
        .text();
    assert!(
        html.contains("年度を選んでください") || html.contains("生年月日を入力してください"),
        "{html}"
    );
}

#[tokio::test]
async fn the_simulator_only_router_has_no_staff_routes() {
    let router = kokuho_web::simulator_router();
    let get = |path: &str| {
        Request::builder()
            .method(Method::GET)
            .uri(path)
            .body(Body::empty())
            .unwrap()
    };
    assert_eq!(
        router.clone().oneshot(get("/simulator")).await.unwrap().status(),
        StatusCode::OK
    );
    assert_eq!(
        router.clone().oneshot(get("/healthz")).await.unwrap().status(),
        StatusCode::OK
    );
    for path in [
        "/api/v1/residents?resident_no=1",
        "/api/v1/households/1",
        "/api/v1/admin/users",
    ] {
        assert_eq!(
            router.clone().oneshot(get(path)).await.unwrap().status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let post = |path: &str, body: serde_json::Value| {
        Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    assert_eq!(
        router
            .clone()
            .oneshot(post("/api/v1/calc/premium", premium_sample()))
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        router
            .clone()
            .oneshot(post("/api/v1/calc/high-cost", crate::support::high_cost_sample()))
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        router
            .oneshot(post("/api/v1/calc/late-fee", crate::support::late_fee_sample()))
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
}
