//! Business flows through the API.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::{INCOMES_CSV, RESIDENTS_CSV, env};

#[tokio::test]
async fn import_then_search_and_view_the_household() {
    let env = env();
    let r = env
        .post_file(
            "/api/v1/imports/resident-changes?file_name=juki-2026-04.csv",
            Some("sato"),
            RESIDENTS_CSV.as_bytes().to_vec(),
        )
        .await
        .expect(StatusCode::OK);
    let summary = r.json();
    assert_eq!(summary["applied"], 3, "{summary}");
    assert_eq!(
        summary["work_items"], 3,
        "move-ins raise an enrollment check each: {summary}"
    );

    // Re-importing the same file is idempotent.
    let r = env
        .post_file(
            "/api/v1/imports/resident-changes",
            Some("sato"),
            RESIDENTS_CSV.as_bytes().to_vec(),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(r.json()["already_applied"], 3);

    // Search by kana (percent-encoded ヤマダ), in hiragana too.
    for kana in ["%E3%83%A4%E3%83%9E%E3%83%80", "%E3%82%84%E3%81%BE%E3%81%A0"] {
        let r = env
            .get(&format!("/api/v1/residents?kana={kana}"), Some("ito"))
            .await
            .expect(StatusCode::OK);
        let body = r.json();
        let found: Vec<&str> = body["residents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["resident_no"].as_str().unwrap())
            .collect();
        assert_eq!(found, vec!["1001", "1002"], "{body}");
        assert_eq!(body["has_more"], false);
    }
    let r = env
        .get("/api/v1/residents?birth_date=1990-03-04", Some("ito"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(r.json()["residents"][0]["name"], "佐藤　一郎");

    let r = env
        .get("/api/v1/households/2001", Some("ito"))
        .await
        .expect(StatusCode::OK);
    let h = r.json();
    assert_eq!(h["household_no"], "2001");
    assert_eq!(h["head"], "1001");
    assert_eq!(h["members"].as_array().unwrap().len(), 2, "{h}");
    assert_eq!(h["insured_count"], 0);

    // Before the move-in the household did not exist.
    let r = env
        .get("/api/v1/households/2001?as_of=2026-03-31", Some("ito"))
        .await
        .expect(StatusCode::NOT_FOUND);
    assert_eq!(r.json()["code"], "not_found");

    let r = env
        .get("/api/v1/residents/1002", Some("ito"))
        .await
        .expect(StatusCode::OK);
    let d = r.json();
    assert_eq!(d["summary"]["name_kana"], "ヤマダ ハナコ");
    assert_eq!(d["my_number_linked"], false);
    assert_eq!(d["work_items"].as_array().unwrap().len(), 1);

    env.get("/api/v1/residents/4040", Some("ito"))
        .await
        .expect(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn enroll_and_withdraw_round_trip() {
    let env = env();
    env.import_residents().await;
    let r = env
        .post(
            "/api/v1/eligibility/enroll",
            Some("sato"),
            json!({"resident_no": "1001", "acquired_on": "2026-04-01", "reason": "転入", "notified_on": "2026-04-03"}),
        )
        .await
        .expect(StatusCode::CREATED);
    let period_id = r.json()["period_id"].as_i64().unwrap();

    let d = env
        .get("/api/v1/residents/1001", Some("ito"))
        .await
        .expect(StatusCode::OK)
        .json();
    assert_eq!(d["summary"]["insured"], true, "{d}");
    assert_eq!(d["periods"][0]["period_id"], period_id);
    assert_eq!(d["cards"].as_array().unwrap().len(), 1);
    assert!(d["copay_ratio"].is_string(), "{d}");
    let h = env
        .get("/api/v1/households/2001", Some("ito"))
        .await
        .expect(StatusCode::OK)
        .json();
    assert_eq!(h["insured_count"], 1);

    // Enrolling again overlaps.
    let r = env
        .post(
            "/api/v1/eligibility/enroll",
            Some("sato"),
            json!({"resident_no": "1001", "acquired_on": "2026-05-01", "reason": "社保離脱", "notified_on": "2026-05-03"})
        )
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["code"], "invalid_input");

    env.post(
        "/api/v1/eligibility/withdraw",
        Some("sato"),
        json!({"resident_no": "1001", "lost_on": "2026-05-10", "reason": "社保加入", "notified_on": "2026-05-12"}),
    )
    .await
    .expect(StatusCode::NO_CONTENT);
    let d = env
        .get("/api/v1/residents/1001", Some("ito"))
        .await
        .expect(StatusCode::OK)
        .json();
    assert_eq!(d["summary"]["insured"], false, "{d}");
    assert_eq!(d["periods"][0]["lost_on"], "2026-05-10");
    // As of a date inside the period the household still shows the member insured.
    let h = env
        .get("/api/v1/households/2001?as_of=2026-04-15", Some("ito"))
        .await
        .expect(StatusCode::OK)
        .json();
    assert_eq!(h["insured_count"], 1, "{h}");

    // Withdrawing again: nothing open.
    let r = env
        .post(
            "/api/v1/eligibility/withdraw",
            Some("sato"),
            json!({"resident_no": "1001", "lost_on": "2026-05-20", "reason": "社保加入", "notified_on": "2026-05-20"}),
        )
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["problems"][0]["field"], "resident_no");

    // 遡及訂正 of the period: the withdrawal date moves.
    env.post(
        "/api/v1/eligibility/correct",
        Some("sato"),
        json!({
            "period_id": period_id,
            "acquired_on": "2026-04-01",
            "acquisition_reason": "転入",
            "lost_on": "2026-05-15",
            "loss_reason": "社保加入",
            "note": "喪失日の誤り"
        }),
    )
    .await
    .expect(StatusCode::NO_CONTENT);
    let d = env
        .get("/api/v1/residents/1001", Some("ito"))
        .await
        .expect(StatusCode::OK)
        .json();
    assert_eq!(d["periods"][0]["lost_on"], "2026-05-15");
}

#[tokio::test]
async fn flags_certificates_and_work_items() {
    let env = env();
    env.import_residents().await;
    env.post(
        "/api/v1/eligibility/enroll",
        Some("sato"),
        json!({"resident_no": "1001", "acquired_on": "2026-04-01", "reason": "転入", "notified_on": "2026-04-03"}),
    )
    .await
    .expect(StatusCode::CREATED);

    let flag_id = env
        .post(
            "/api/v1/flags",
            Some("sato"),
            json!({"kind": "student_away", "resident_no": "1001", "from": "2026-04-01"}),
        )
        .await
        .expect(StatusCode::CREATED)
        .json()["flag_id"]
        .as_i64()
        .unwrap();
    env.post(
        &format!("/api/v1/flags/{flag_id}/end"),
        Some("sato"),
        json!({"until": "2026-05-01"}),
    )
    .await
    .expect(StatusCode::NO_CONTENT);
    env.post("/api/v1/flags/424242/end", Some("sato"), json!({"until": "2026-05-01"}))
        .await
        .expect(StatusCode::NOT_FOUND);

    let cert = env
        .post(
            "/api/v1/certificates",
            Some("sato"),
            json!({
                "resident_no": "1001",
                "kind": "eligibility_certificate",
                "issued_on": "2026-06-01",
                "standard_until": "2027-07-31"
            }),
        )
        .await
        .expect(StatusCode::CREATED)
        .json()["certificate_id"]
        .as_i64()
        .unwrap();
    let again = env
        .post(
            &format!("/api/v1/certificates/{cert}/reissue"),
            Some("sato"),
            json!({"issued_on": "2026-06-01", "standard_until": "2027-07-31"}),
        )
        .await
        .expect(StatusCode::CREATED)
        .json()["certificate_id"]
        .as_i64()
        .unwrap();
    assert_ne!(cert, again);
    env.post(
        &format!("/api/v1/certificates/{cert}/reissue"),
        Some("sato"),
        json!({"issued_on": "2026-06-01", "standard_until": "2027-07-31"}),
    )
    .await
    .expect(StatusCode::CONFLICT);
    env.post(
        &format!("/api/v1/certificates/{again}/return"),
        Some("sato"),
        json!({"returned_on": "2026-06-01"}),
    )
    .await
    .expect(StatusCode::NO_CONTENT);
    let r = env
        .post(
            &format!("/api/v1/certificates/{again}/return"),
            Some("sato"),
            json!({"returned_on": "2026-06-01"}),
        )
        .await
        .expect(StatusCode::CONFLICT);
    assert_eq!(r.json()["code"], "conflict");

    let items = env
        .get("/api/v1/work-items?status=open", Some("ito"))
        .await
        .expect(StatusCode::OK)
        .json();
    let list = items["items"].as_array().unwrap();
    // 1001's 転入 check was completed by its enrollment; 1002's and 1003's are open.
    assert_eq!(list.len(), 2, "{items}");
    assert!(list.iter().all(|w| w["resident_no"] != "1001"), "{items}");
    let id = list[0]["work_item_id"].as_i64().unwrap();
    env.post(
        &format!("/api/v1/work-items/{id}/close"),
        Some("sato"),
        json!({"note": "加入済み"}),
    )
    .await
    .expect(StatusCode::NO_CONTENT);
    env.post(
        &format!("/api/v1/work-items/{id}/close"),
        Some("sato"),
        json!({"note": "加入済み"}),
    )
    .await
    .expect(StatusCode::CONFLICT);
    let open = env
        .get("/api/v1/work-items?status=open&page=1", Some("ito"))
        .await
        .expect(StatusCode::OK)
        .json();
    assert_eq!(open["items"].as_array().unwrap().len(), 1);
    let done = env
        .get("/api/v1/work-items?status=done", Some("ito"))
        .await
        .expect(StatusCode::OK)
        .json();
    assert_eq!(done["items"].as_array().unwrap().len(), 2);
    let page2 = env
        .get("/api/v1/work-items?page=2", Some("ito"))
        .await
        .expect(StatusCode::OK)
        .json();
    assert_eq!(page2["page"], 2);
    assert!(page2["items"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn incomes_import() {
    let env = env();
    env.import_residents().await;
    let r = env
        .post_file(
            "/api/v1/imports/incomes?encoding=utf8",
            Some("sato"),
            INCOMES_CSV.as_bytes().to_vec(),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(r.json(), json!({"recorded": 2, "unchanged": 0}));
    let r = env
        .post_file("/api/v1/imports/incomes", Some("sato"), INCOMES_CSV.as_bytes().to_vec())
        .await
        .expect(StatusCode::OK);
    assert_eq!(r.json(), json!({"recorded": 0, "unchanged": 2}));

    // A resident the city does not know, on line 3.
    let file = INCOMES_CSV.replace("1002,2025", "7777,2025");
    let r = env
        .post_file("/api/v1/imports/incomes", Some("sato"), file.into_bytes())
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.json();
    assert_eq!(body["code"], "invalid_file");
    assert_eq!(body["lines"][0]["line"], 3, "{body}");

    // Shift_JIS is accepted (the header alone is enough to tell).
    let sjis = shift_jis(INCOMES_CSV);
    let r = env
        .post_file("/api/v1/imports/incomes?encoding=shift_jis", Some("sato"), sjis)
        .await
        .expect(StatusCode::OK);
    assert_eq!(r.json()["unchanged"], 2);
}

fn shift_jis(text: &str) -> Vec<u8> {
    kokuho_interchange::encode_shift_jis(text).unwrap()
}

#[tokio::test]
async fn administration_of_users_and_tokens() {
    let env = env();
    env.import_residents().await;
    let r = env
        .post(
            "/api/v1/admin/users",
            Some("kanri"),
            json!({"login": "yoshida", "display_name": "吉田 職員", "roles": ["counter"]}),
        )
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(r.json()["login"], "yoshida");
    env.post(
        "/api/v1/admin/users",
        Some("kanri"),
        json!({"login": "yoshida", "display_name": "吉田 職員"}),
    )
    .await
    .expect(StatusCode::CONFLICT);
    let r = env
        .post(
            "/api/v1/admin/users",
            Some("kanri"),
            json!({"login": "admin01", "display_name": "共用"}),
        )
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["problems"][0]["field"], "login");
    let r = env
        .post(
            "/api/v1/admin/users",
            Some("kanri"),
            json!({"login": "kato", "display_name": "加藤", "roles": ["wizard"]}),
        )
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["problems"][0]["field"], "role");

    let users = env
        .get("/api/v1/admin/users", Some("kanri"))
        .await
        .expect(StatusCode::OK)
        .json();
    let yoshida = users["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["login"] == "yoshida")
        .unwrap()
        .clone();
    assert_eq!(yoshida["roles"], json!(["counter"]));
    assert!(!users.to_string().contains("password"));

    let r = env
        .post(
            "/api/v1/admin/users/yoshida/tokens",
            Some("kanri"),
            json!({"label": "窓口端末"}),
        )
        .await
        .expect(StatusCode::CREATED);
    let token = r.json()["token"].as_str().unwrap().to_string();
    let req = crate::support::Env::request(axum::http::Method::GET, "/api/v1/residents/1001", Some(&token))
        .body(axum::body::Body::empty())
        .unwrap();
    env.send(req).await.expect(StatusCode::OK);

    env.post(
        "/api/v1/admin/users/nobody/tokens",
        Some("kanri"),
        json!({"label": "x"}),
    )
    .await
    .expect(StatusCode::NOT_FOUND);
    env.post(
        "/api/v1/admin/users/yoshida/tokens",
        Some("kanri"),
        json!({"label": " "}),
    )
    .await
    .expect(StatusCode::UNPROCESSABLE_ENTITY);
    env.post(
        "/api/v1/admin/users/yoshida/roles",
        Some("kanri"),
        json!({"role": "eligibility", "grant": true}),
    )
    .await
    .expect(StatusCode::NO_CONTENT);
    let users = env
        .get("/api/v1/admin/users", Some("kanri"))
        .await
        .expect(StatusCode::OK)
        .json();
    let yoshida = users["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["login"] == "yoshida")
        .unwrap()
        .clone();
    assert_eq!(yoshida["roles"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn journal_and_audit_verify() {
    let env = env();
    env.import_residents().await;
    let j = env
        .post("/api/v1/journal/verify", Some("kansa"), json!(null))
        .await
        .expect(StatusCode::OK)
        .json();
    assert_eq!(j["ok"], true, "{j}");
    assert_eq!(j["entries"], 3 + 3, "three changes and three work items: {j}");
    assert!(j["first_bad"].is_null());
    let a = env
        .post("/api/v1/audit/verify", Some("kansa"), json!(null))
        .await
        .expect(StatusCode::OK)
        .json();
    assert_eq!(a["ok"], true, "{a}");
    assert!(a["entries"].as_i64().unwrap() > 5);
    env.post("/api/v1/audit/verify", Some("sato"), json!(null))
        .await
        .expect(StatusCode::FORBIDDEN);
}

/// 支援措置: the household API withholds a restricted member's data (`null`, `restricted: true`)
/// from a user without the scope, as the household page does; so does the household premium.
#[tokio::test]
async fn a_restricted_member_is_withheld_from_the_household_and_premium_apis() {
    let env = env();
    env.import_residents().await;
    env.app.set_demo_rate_tables(&env.actor("fuka")).unwrap();
    let flag = kokuho_app::eligibility::changes::SetFlagRequest {
        kind: "support_measure".into(),
        resident_no: Some("1002".into()),
        household_no: None,
        from: jiff::civil::date(2026, 4, 1),
        until: None,
        attributes: kokuho_domain::eligibility::period::FlagAttributes::default(),
    };
    env.app.set_flag(&env.actor("sato"), &flag).unwrap();
    let h = env
        .get("/api/v1/households/2001", Some("ito"))
        .await
        .expect(StatusCode::OK)
        .json();
    let members = h["members"].as_array().unwrap();
    let hidden = members.iter().find(|m| m["resident_no"] == "1002").unwrap();
    assert_eq!(hidden["restricted"], true, "{hidden}");
    for field in [
        "name",
        "name_kana",
        "birth_date",
        "age",
        "relationship",
        "is_head",
        "insured",
        "card",
    ] {
        assert!(hidden[field].is_null(), "{field}: {hidden}");
    }
    let shown = members.iter().find(|m| m["resident_no"] == "1001").unwrap();
    assert!(shown["birth_date"].is_string() && shown["is_head"] == true, "{shown}");
    assert_eq!(h["head"], "1001");

    let p = env
        .get("/api/v1/households/2001/premium?fiscal_year=2026", Some("fuka"))
        .await
        .expect(StatusCode::OK)
        .json();
    assert!(p["result"].is_null(), "{p}");
    assert!(p["total"].is_i64(), "the household's amount is still given: {p}");
    assert_eq!(p["withheld_members"], serde_json::json!(["1002"]));
    assert!(
        !p.to_string().contains("1982-05-06") && !p.to_string().contains("birth_date"),
        "{p}"
    );
}
