//! Every failure is a JSON body in Japanese that names the field or line, never English serde
//! text, SQL or a stack trace (security.md C25).

use axum::Router;
use axum::body::Body;
use axum::http::{Method, StatusCode, header};
use axum::routing::get;
use serde_json::{Value, json};

use crate::support::{CSV_HEADER, Env, env};

fn is_japanese(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}'))
}

/// The single problem of a 422 `invalid_input` body: (field, message).
fn problem(body: &Value) -> (String, String) {
    assert_eq!(body["code"], "invalid_input", "{body}");
    let problems = body["problems"]
        .as_array()
        .unwrap_or_else(|| panic!("no problems: {body}"));
    assert_eq!(problems.len(), 1, "{body}");
    let p = &problems[0];
    let message = p["message"].as_str().unwrap().to_string();
    assert!(is_japanese(&message), "not Japanese: {message}");
    assert!(is_japanese(body["message"].as_str().unwrap()), "{body}");
    (p["field"].as_str().unwrap().to_string(), message)
}

const ENROLL: &str = "/api/v1/eligibility/enroll";

#[tokio::test]
async fn malformed_json_is_422_in_japanese() {
    let env = env();
    let trailing =
        r#"{"resident_no": "1001", "acquired_on": "2026-04-01", "reason": "転入", "notified_on": "2026-04-03"} x"#;
    for text in ["{", "{\"resident_no\": }", "not json", trailing, "", "["] {
        let r = env
            .post_text(ENROLL, Some("sato"), text)
            .await
            .expect(StatusCode::UNPROCESSABLE_ENTITY);
        let (field, message) = problem(&r.json());
        assert_eq!(field, "body", "{text}");
        assert!(message.contains("JSON"), "{text}: {message}");
    }
}

#[tokio::test]
async fn unknown_missing_and_mistyped_fields_are_named() {
    let env = env();
    let base =
        json!({"resident_no": "1001", "acquired_on": "2026-04-01", "reason": "転入", "notified_on": "2026-04-03"});

    let mut unknown = base.clone();
    unknown["surprise"] = json!(1);
    let r = env
        .post(ENROLL, Some("sato"), unknown)
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        problem(&r.json()),
        ("surprise".into(), "この項目は指定できません".into())
    );

    let mut missing = base.clone();
    missing.as_object_mut().unwrap().remove("notified_on");
    let r = env
        .post(ENROLL, Some("sato"), missing)
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem(&r.json()).0, "notified_on");

    let mut mistyped = base.clone();
    mistyped["resident_no"] = json!(1001);
    let r = env
        .post(ENROLL, Some("sato"), mistyped)
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        problem(&r.json()),
        ("resident_no".into(), "文字列で指定してください".into())
    );

    let mut null = base.clone();
    null["reason"] = Value::Null;
    let r = env
        .post(ENROLL, Some("sato"), null)
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem(&r.json()).0, "reason");

    // Nested: an impossible date among a flag's attributes.
    let r = env
        .post(
            "/api/v1/flags",
            Some("sato"),
            json!({
                "kind": "involuntary_unemployment",
                "resident_no": "1001",
                "from": "2026-04-01",
                "attributes": {"separation_reason_code": "11", "separated_on": "2026-02-30"}
            }),
        )
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    let (field, message) = problem(&r.json());
    assert_eq!(field, "attributes.separated_on");
    assert!(message.contains("日付"), "{message}");
}

#[tokio::test]
async fn impossible_and_malformed_dates_are_named() {
    let env = env();
    for bad in ["2026-02-30", "2026-13-01", "2026/04/01", "令和8年4月1日", "yesterday"] {
        let body = json!({"resident_no": "1001", "acquired_on": bad, "reason": "転入", "notified_on": "2026-04-03"});
        let r = env
            .post(ENROLL, Some("sato"), body)
            .await
            .expect(StatusCode::UNPROCESSABLE_ENTITY);
        let (field, message) = problem(&r.json());
        assert_eq!(field, "acquired_on", "{bad}");
        assert!(message.contains("日付"), "{bad}: {message}");
        assert!(!r.text().contains(bad), "the value is not echoed: {}", r.text());
    }
    let r = env
        .post(
            ENROLL,
            Some("sato"),
            json!({"resident_no": "1001", "acquired_on": 20260401, "reason": "転入", "notified_on": "2026-04-03"}),
        )
        .await;
    assert_eq!(
        problem(&r.expect(StatusCode::UNPROCESSABLE_ENTITY).json()).0,
        "acquired_on"
    );

    // In the query string too.
    let r = env
        .get("/api/v1/households/2001?as_of=2026-02-30", Some("sato"))
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem(&r.json()).0, "as_of");
}

#[tokio::test]
async fn use_case_validation_is_422_with_problems() {
    let env = env();
    env.import_residents().await;
    // Unknown reason: refused by the use case.
    let r = env
        .post(
            ENROLL,
            Some("sato"),
            json!({"resident_no": "1001", "acquired_on": "2026-04-01", "reason": "なんとなく", "notified_on": "2026-04-03"})
        )
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem(&r.json()).0, "reason");
    // Acquisition before birth.
    let r = env
        .post(
            ENROLL,
            Some("sato"),
            json!({"resident_no": "1001", "acquired_on": "1970-04-01", "reason": "転入", "notified_on": "2026-04-03"}),
        )
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["problems"][0]["field"], "acquired_on");
    // Unknown resident: 404.
    let r = env
        .post(
            ENROLL,
            Some("sato"),
            json!({"resident_no": "9999", "acquired_on": "2026-04-01", "reason": "転入", "notified_on": "2026-04-03"}),
        )
        .await
        .expect(StatusCode::NOT_FOUND);
    assert_eq!(r.json()["code"], "not_found");
    assert!(is_japanese(r.json()["message"].as_str().unwrap()));
}

#[tokio::test]
async fn bad_path_and_query_parameters_are_422() {
    let env = env();
    for path in [
        "/api/v1/flags/abc/end",
        "/api/v1/flags/0/end",
        "/api/v1/flags/-3/end",
        "/api/v1/flags/99999999999999999999/end",
    ] {
        let r = env
            .post(path, Some("sato"), json!({"until": "2026-07-01"}))
            .await
            .expect(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(problem(&r.json()).0, "flag_id", "{path}");
    }
    let r = env
        .get("/api/v1/residents?kana=a&colour=red", Some("sato"))
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem(&r.json()), ("colour".into(), "この条件は指定できません".into()));
    let r = env
        .get("/api/v1/residents?kana=a&page=abc", Some("sato"))
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem(&r.json()).0, "page");
    let r = env
        .get("/api/v1/residents?kana=a&kana=b", Some("sato"))
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem(&r.json()).0, "kana");
    let r = env
        .get("/api/v1/work-items?status=maybe", Some("sato"))
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem(&r.json()).0, "status");
    let r = env
        .get("/api/v1/my-number/confirmations?open=perhaps", Some("suzuki"))
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem(&r.json()).0, "open");
    // No criterion at all: the use case refuses a bulk listing.
    let r = env
        .get("/api/v1/residents", Some("sato"))
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["code"], "invalid_input");
}

#[tokio::test]
async fn wrong_content_type_is_415_and_oversized_body_is_413() {
    let env = env();
    let req = Env::request(Method::POST, ENROLL, Some(env.token("sato")))
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from("{}"))
        .unwrap();
    let r = env.send(req).await.expect(StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(r.json()["code"], "unsupported_media_type");
    assert!(is_japanese(r.json()["message"].as_str().unwrap()));

    let big = format!(
        "{{\"note\": \"{}\"}}",
        "あ".repeat(kokuho_web::JSON_BODY_LIMIT / 3 + 10)
    );
    let r = env
        .post_text("/api/v1/work-items/1/close", Some("sato"), &big)
        .await
        .expect(StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.json()["code"], "payload_too_large");

    // The import routes take far larger bodies (a 2 MiB file is refused only for its content).
    let mut file = CSV_HEADER.to_string();
    file.push_str(&"x".repeat(2 * 1024 * 1024));
    let r = env
        .post_file("/api/v1/imports/resident-changes", Some("sato"), file.into_bytes())
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
}

#[tokio::test]
async fn bad_csv_lines_are_422_with_their_line_numbers_and_nothing_is_imported() {
    let env = env();
    let file = format!(
        "{CSV_HEADER}\
         A1,転入,2026-04-01,2026-04-03,2001,3001,1,世帯主,木村　一,キムラ ハジメ,1970-01-01,男,,,700-8544,岡山県倉敷市1\n\
         A2,転入,2026-02-30,2026-04-03,2002,3001,0,妻,木村　二,キムラ フタバ,1971-01-01,女,,,700-8544,岡山県倉敷市1\n\
         \n\
         A3,転入,2026-04-01,2026-04-03,2003,3001,0,子,木村　三,キムラ サン,1999-01-01,宇宙人,,,700-8544,岡山県倉敷市1\n"
    );
    let r = env
        .post_file("/api/v1/imports/resident-changes", Some("sato"), file.into_bytes())
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.json();
    assert_eq!(body["code"], "invalid_file");
    assert!(is_japanese(body["message"].as_str().unwrap()));
    let lines = body["lines"].as_array().unwrap();
    let found: Vec<(u64, &str)> = lines
        .iter()
        .map(|l| (l["line"].as_u64().unwrap(), l["field"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(found, vec![(3, "異動日"), (5, "性別")], "{body}");
    for l in lines {
        assert!(is_japanese(l["message"].as_str().unwrap()), "{l}");
    }
    // Nothing was imported.
    env.get("/api/v1/residents/2001", Some("sato"))
        .await
        .expect(StatusCode::NOT_FOUND);

    // A file that parses but does not apply: the use case reports the physical line (5, after a
    // blank line and an all-empty row, which the reader skips).
    let file = format!(
        "{CSV_HEADER}\
         B1,転入,2026-04-01,2026-04-03,2101,3101,1,世帯主,\"木村　一\",キムラ ハジメ,1970-01-01,男,,,700-8544,\"岡山県倉敷市,1番地\"\n\
         \n\
         ,,,,,,,,,,,,,,,\n\
         B2,転出,2026-05-01,2026-04-20,2999,3101,0,,,,,,,,,\n"
    );
    let r = env
        .post_file("/api/v1/imports/resident-changes", Some("sato"), file.into_bytes())
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.json();
    assert_eq!(body["code"], "invalid_file", "{body}");
    assert_eq!(body["lines"][0]["line"], 5, "{body}");
    env.get("/api/v1/residents/2101", Some("sato"))
        .await
        .expect(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn unknown_urls_and_methods_are_json_on_the_api_and_pages_on_screens() {
    let env = env();
    let r = env
        .get("/api/v1/nothing-here", Some("sato"))
        .await
        .expect(StatusCode::NOT_FOUND);
    assert_eq!(r.json()["code"], "not_found");
    assert!(is_japanese(r.json()["message"].as_str().unwrap()));
    // A screen path: a Japanese page, not JSON.
    let r = env.get("/nowhere", None).await.expect(StatusCode::NOT_FOUND);
    assert!(r.text().contains("指定されたURLはありません"), "{}", r.text());
    let r = env
        .get("/api/v1/eligibility/enroll", Some("sato"))
        .await
        .expect(StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(r.json()["code"], "method_not_allowed");
}

#[allow(clippy::unused_async)]
async fn boom() -> &'static str {
    panic!("secret detail 123456789018 must not leak")
}

#[tokio::test]
async fn a_panic_in_a_handler_is_a_generic_500_json() {
    let router = kokuho_web::harden(Router::new().route("/boom", get(boom)));
    let env = env().with_router(router);
    let r = env.get("/boom", None).await.expect(StatusCode::INTERNAL_SERVER_ERROR);
    let body = r.json();
    assert_eq!(body["code"], "internal");
    let id = body["request_id"].as_str().unwrap();
    assert_eq!(r.headers.get("x-request-id").unwrap().to_str().unwrap(), id);
    assert!(body["message"].as_str().unwrap().contains(id));
    assert!(!r.text().contains("secret") && !r.text().contains("123456789018") && !r.text().contains("panicked"));
    assert_eq!(r.headers.get("cache-control").unwrap(), "no-store");
}

#[tokio::test]
async fn a_database_failure_is_a_generic_500_without_sql() {
    let env = env();
    env.import_residents().await;
    // Break the store under the app: the projection table goes away.
    env.app
        .store()
        .write(|tx| tx.execute_batch("DROP TABLE residents"))
        .unwrap();
    let r = env
        .get("/api/v1/residents/1001", Some("sato"))
        .await
        .expect(StatusCode::INTERNAL_SERVER_ERROR);
    let text = r.text();
    let body = r.json();
    assert_eq!(body["code"], "internal");
    assert!(body["request_id"].is_string());
    for leak in ["residents", "SELECT", "sqlite", "no such table", "1001"] {
        assert!(
            !text.to_lowercase().contains(&leak.to_lowercase()),
            "{leak} leaked: {text}"
        );
    }
}

/// No framework text in English reaches anyone: each rejection in its documented shape.
#[tokio::test]
async fn every_rejection_has_the_documented_shape() {
    let env = env();
    let session = env.session("fuka");
    let english = ["Failed", "failed", "deserialize", "buffer", "Expected"];
    let no_english = |text: &str| english.iter().all(|w| !text.contains(w));
    // A query string the page cannot read (a field given twice).
    let r = env
        .get_page(
            "/assessment/rates/new?fiscal_year=2025&fiscal_year=2026",
            Some(&session),
        )
        .await;
    assert!(r.status.is_client_error(), "{}", r.status);
    assert!(
        r.text().contains("読み取れませんでした") && no_english(&r.text()),
        "{}",
        r.text()
    );
    assert!(r.text().contains("<html"), "a page: {}", r.text());
    // A form body over the limit.
    let big = format!("login=sato&password={}", "x".repeat(kokuho_web::JSON_BODY_LIMIT + 10));
    let r = env
        .post_page("/login", None, &big)
        .await
        .expect(StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        r.text().contains("大きすぎます") && no_english(&r.text()),
        "{}",
        r.text()
    );
    // A method the screen does not take.
    let req = Env::request(Method::DELETE, "/login", None)
        .body(Body::empty())
        .unwrap();
    let r = env.send(req).await.expect(StatusCode::METHOD_NOT_ALLOWED);
    assert!(
        r.text().contains("HTTPメソッド") && r.text().contains("<html"),
        "{}",
        r.text()
    );
    // A form posted with the wrong content type.
    let req = Env::request(Method::POST, "/login", None)
        .header(header::CONTENT_TYPE, "application/json")
        .header("sec-fetch-site", "same-origin")
        .body(Body::from("{}"))
        .unwrap();
    let r = env.send(req).await;
    assert!(r.status.is_client_error(), "{}", r.status);
    assert!(no_english(&r.text()) && is_japanese(&r.text()), "{}", r.text());
    // On the API the same kinds of rejection are the JSON error document.
    let r = env.get("/api/v1/residents?kana=%E3%81%95&kana=x", Some("sato")).await;
    assert!(r.status.is_client_error(), "{}", r.status);
    let code = r.json()["code"].as_str().unwrap().to_string();
    assert!(!code.is_empty() && is_japanese(r.json()["message"].as_str().unwrap()));
}
