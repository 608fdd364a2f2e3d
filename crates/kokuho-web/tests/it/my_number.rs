//! 個人番号: linking, lookup, the confirmation list, and the canary (security.md C07): after
//! linking, no response of any route to any caller carries the number in any encoding.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::{STAFF, env, my_number};
use kokuho_web::routes;

/// Every form the digits could take in a response.
fn encodings(n: &str) -> Vec<String> {
    let groups = [&n[0..4], &n[4..8], &n[8..12]];
    let full: String = n
        .chars()
        .map(|c| char::from_u32(u32::from(c) - u32::from('0') + 0xFF10).unwrap())
        .collect();
    let escaped: String = full.chars().map(|c| format!("\\u{:04x}", u32::from(c))).collect();
    vec![
        n.to_string(),
        groups.join(" "),
        groups.join("-"),
        groups.join("　"),
        full.clone(),
        full.chars()
            .collect::<Vec<_>>()
            .chunks(4)
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join(" "),
        full.chars()
            .collect::<Vec<_>>()
            .chunks(4)
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("－"),
        escaped.clone(),
        escaped.to_uppercase().replace("\\U", "\\u"),
        // Partial numbers are 個人番号 too (PPC Q9-4): the first and the last eight digits.
        n[0..8].to_string(),
        n[4..12].to_string(),
    ]
}

#[tokio::test]
async fn link_lookup_and_confirmations() {
    let env = env();
    env.import_residents().await;
    let first = my_number("73924816503");
    let second = my_number("58204719364");
    let link = "/api/v1/residents/1001/my-number";

    let r = env
        .post(link, Some("suzuki"), json!({ "my_number": first }))
        .await
        .expect(StatusCode::OK);
    assert_eq!(r.json(), json!({"outcome": "linked"}));
    let r = env
        .post(link, Some("suzuki"), json!({ "my_number": first }))
        .await
        .expect(StatusCode::OK);
    assert_eq!(r.json(), json!({"outcome": "already_linked"}));
    let r = env
        .post(link, Some("suzuki"), json!({ "my_number": second }))
        .await
        .expect(StatusCode::OK);
    assert_eq!(r.json(), json!({"outcome": "needs_confirmation"}));
    let r = env
        .post(
            "/api/v1/residents/1002/my-number",
            Some("suzuki"),
            json!({ "my_number": first }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(r.json(), json!({"outcome": "needs_confirmation"}));
    env.post(
        "/api/v1/residents/9999/my-number",
        Some("suzuki"),
        json!({ "my_number": second }),
    )
    .await
    .expect(StatusCode::NOT_FOUND);

    let r = env
        .post(
            "/api/v1/my-number/lookup",
            Some("suzuki"),
            json!({ "my_number": first }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(r.json(), json!({"resident_no": "1001"}));
    let r = env
        .post(
            "/api/v1/my-number/lookup",
            Some("suzuki"),
            json!({ "my_number": my_number("11112222333") }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(r.json(), json!({"resident_no": null}));

    // A wrong check digit or a number sent as a JSON number: 422 without the digits.
    let wrong = format!("{}{}", &first[..11], (first[11..].parse::<u8>().unwrap() + 1) % 10);
    let r = env
        .post(link, Some("suzuki"), json!({ "my_number": wrong }))
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["problems"][0]["field"], "my_number");
    assert!(!r.text().contains(&wrong[..8]));
    let r = env
        .post_text(link, Some("suzuki"), &format!("{{\"my_number\": {first}}}"))
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["problems"][0]["field"], "my_number");

    let d = env
        .get("/api/v1/residents/1001", Some("ito"))
        .await
        .expect(StatusCode::OK)
        .json();
    assert_eq!(d["my_number_linked"], true);

    let list = env
        .get("/api/v1/my-number/confirmations", Some("tanaka"))
        .await
        .expect(StatusCode::OK)
        .json();
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{list}");
    let differs = items.iter().find(|c| c["reason"] == "differs_from_linked").unwrap();
    let id = differs["confirmation_id"].as_i64().unwrap();
    let path = format!("/api/v1/my-number/confirmations/{id}/resolve");
    // The person who raised it cannot resolve it (二者確認).
    let r = env
        .post(&path, Some("suzuki"), json!({"adopt": false, "note": "本人確認済み"}))
        .await
        .expect(StatusCode::CONFLICT);
    assert_eq!(r.json()["code"], "conflict");
    env.post(&path, Some("tanaka"), json!({"adopt": false, "note": "本人確認済み"}))
        .await
        .expect(StatusCode::NO_CONTENT);
    env.post(&path, Some("tanaka"), json!({"adopt": false, "note": "本人確認済み"}))
        .await
        .expect(StatusCode::CONFLICT);
    let open = env
        .get("/api/v1/my-number/confirmations?open=true", Some("tanaka"))
        .await
        .expect(StatusCode::OK)
        .json();
    assert_eq!(open["items"].as_array().unwrap().len(), 1);
    let all = env
        .get("/api/v1/my-number/confirmations?open=false", Some("tanaka"))
        .await
        .expect(StatusCode::OK)
        .json();
    assert_eq!(all["items"].as_array().unwrap().len(), 2);

    // The eligibility role cannot link or look up.
    env.post("/api/v1/my-number/lookup", Some("sato"), json!({ "my_number": first }))
        .await
        .expect(StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn canary_no_response_ever_carries_a_my_number() {
    let env = crate::support::env_with_rates();
    env.import_residents().await;
    let first = my_number("73924816503");
    let second = my_number("58204719364");
    env.post(
        "/api/v1/residents/1001/my-number",
        Some("suzuki"),
        json!({ "my_number": first }),
    )
    .await
    .expect(StatusCode::OK);
    // Spaced, hyphenated and full-width input is accepted and links the same number.
    for typed in [
        format!("{} {} {}", &first[0..4], &first[4..8], &first[8..12]),
        format!("{}-{}-{}", &first[0..4], &first[4..8], &first[8..12]),
    ] {
        let r = env
            .post(
                "/api/v1/my-number/lookup",
                Some("suzuki"),
                json!({ "my_number": typed }),
            )
            .await
            .expect(StatusCode::OK);
        assert_eq!(r.json()["resident_no"], "1001");
    }
    env.post(
        "/api/v1/residents/1002/my-number",
        Some("suzuki"),
        json!({ "my_number": first }),
    )
    .await
    .expect(StatusCode::OK);
    env.post(
        "/api/v1/residents/1003/my-number",
        Some("suzuki"),
        json!({ "my_number": second }),
    )
    .await
    .expect(StatusCode::OK);

    // Crawl every route as every caller, with the numbers in the requests.
    let mut callers: Vec<Option<&str>> = vec![None, Some("kanri")];
    callers.extend(STAFF.iter().map(|(login, _)| Some(*login)));
    for spec in routes() {
        for caller in &callers {
            for n in [&first, &second] {
                env.call_sample(spec.method, spec.path, *caller, n).await;
            }
        }
    }
    for path in [
        "/api/v1/residents/1001",
        "/api/v1/residents/1002",
        "/api/v1/residents/1003",
        "/api/v1/households/2001",
        "/api/v1/households/2002",
    ] {
        env.get(path, Some("suzuki")).await.expect(StatusCode::OK);
    }
    env.get("/api/v1/residents?kana=%E3%83%A4%E3%83%9E%E3%83%80", Some("suzuki"))
        .await
        .expect(StatusCode::OK);
    env.get("/api/v1/my-number/confirmations?open=false", Some("tanaka"))
        .await
        .expect(StatusCode::OK);
    // Error paths with the number in the request.
    env.post_text(
        "/api/v1/my-number/lookup",
        Some("suzuki"),
        &format!("{{\"my_number\": {first}}}"),
    )
    .await;
    env.post_text(
        "/api/v1/my-number/lookup",
        Some("suzuki"),
        &format!("{{\"my_number\": \"{first}\", \"x\": 1}}"),
    )
    .await;
    env.post_text(
        "/api/v1/my-number/lookup",
        Some("suzuki"),
        &format!("{{\"my_number\": \"{first}\""),
    )
    .await;
    env.post(
        "/api/v1/my-number/lookup",
        Some("suzuki"),
        json!({ "my_number": format!("{first}0") }),
    )
    .await;
    env.post(
        "/api/v1/residents/1001/my-number",
        Some("ito"),
        json!({ "my_number": first }),
    )
    .await
    .expect(StatusCode::FORBIDDEN);

    let seen = env.seen.lock().unwrap();
    assert!(seen.len() > 400, "crawled {} responses", seen.len());
    for n in [&first, &second] {
        for form in encodings(n) {
            for response in seen.iter() {
                assert!(!response.contains(&form), "a response carries {form:?}:\n{response}");
            }
        }
    }
}
