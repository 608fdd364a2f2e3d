//! The change screens (入力 → 確認 → 確定), the person page, the work-item queue, the My Number
//! reveal with re-authentication and the two-person 要確認リスト, over HTTP with sessions.

use axum::http::{StatusCode, header};
use kokuho_domain::eligibility::certificate::CertificateStatus;
use kokuho_domain::kernel::work::WorkItemStatus;

use crate::support::{Env, env, my_number};

fn location(r: &crate::support::Resp) -> String {
    r.headers
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

fn periods(env: &Env, resident_no: &str) -> usize {
    env.app
        .resident_detail(&env.actor("sato"), resident_no)
        .unwrap()
        .periods
        .len()
}

#[tokio::test]
async fn enrolment_goes_through_a_confirmation_and_bad_input_stays_on_the_form() {
    let env = env();
    env.import_residents().await;
    let s = env.session("sato");
    let form = env
        .get_page("/residents/1003/enroll", Some(&s))
        .await
        .expect(StatusCode::OK)
        .text();
    assert!(
        form.contains("資格取得日") && form.contains("name=\"reason\""),
        "{form}"
    );
    assert!(
        form.contains("value=\"2026-06-01\""),
        "届出日 defaults to today: {form}"
    );

    // Bad input: messages next to the fields, what was typed kept, nothing saved.
    let r = env
        .post_page(
            "/residents/1003/enroll",
            Some(&s),
            "acquired_on=2026-13-01&reason=&notified_on=R8.4.10&_step=confirm",
        )
        .await
        .expect(StatusCode::OK);
    let html = r.text();
    assert!(html.contains("id=\"acquired_on-error\""), "{html}");
    assert!(html.contains("value=\"2026-13-01\""), "the typed value is kept: {html}");
    assert!(html.contains("取得事由を入力してください"), "{html}");
    assert!(html.contains("value=\"R8.4.10\""), "{html}");
    assert_eq!(periods(&env, "1003"), 0);

    // Confirmation: values read back (和暦 too) and what will change; still nothing saved.
    let r = env
        .post_page(
            "/residents/1003/enroll",
            Some(&s),
            "acquired_on=R8.4.10&reason=move_in&notified_on=2026-05-20&_step=confirm",
        )
        .await
        .expect(StatusCode::OK);
    let html = r.text();
    assert!(
        html.contains("id=\"confirm\"") && html.contains("令和8年4月10日") && html.contains("転入"),
        "{html}"
    );
    assert!(html.contains("被保険者になります"), "{html}");
    assert!(
        html.contains("14日を過ぎています"),
        "a late notification is pointed out: {html}"
    );
    assert!(html.contains("name=\"_step\" value=\"commit\""), "{html}");
    assert_eq!(periods(&env, "1003"), 0);
    // 修正する: back to the form with the values.
    let r = env
        .post_page(
            "/residents/1003/enroll",
            Some(&s),
            "acquired_on=R8.4.10&reason=move_in&notified_on=2026-05-20&_step=edit",
        )
        .await
        .expect(StatusCode::OK);
    assert!(
        r.text().contains("value=\"R8.4.10\"") && r.text().contains("確認へ進む"),
        "{}",
        r.text()
    );

    // 確定: saved, and the person page says so and shows the period.
    let r = env
        .post_page(
            "/residents/1003/enroll",
            Some(&s),
            "acquired_on=R8.4.10&reason=move_in&notified_on=2026-05-20&_step=commit",
        )
        .await
        .expect(StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/residents/1003?done=enroll");
    assert_eq!(periods(&env, "1003"), 1);
    let page = env
        .get_page("/residents/1003?done=enroll", Some(&s))
        .await
        .expect(StatusCode::OK)
        .text();
    assert!(
        page.contains("資格取得を登録しました") && page.contains("2026-04-10") && page.contains("遅延届出"),
        "{page}"
    );

    // The use case's own check comes back next to its field: a second period overlapping the first.
    let r = env
        .post_page(
            "/residents/1003/enroll",
            Some(&s),
            "acquired_on=2026-05-01&reason=move_in&notified_on=2026-05-01&_step=commit",
        )
        .await
        .expect(StatusCode::OK);
    assert!(
        r.text().contains("id=\"acquired_on-error\"") || r.text().contains("error-summary"),
        "{}",
        r.text()
    );
    assert_eq!(periods(&env, "1003"), 1);

    // Withdrawal: the effect names the period that ends.
    let r = env
        .post_page(
            "/residents/1003/withdraw",
            Some(&s),
            "lost_on=2026-06-01&reason=joined_employee_insurance&notified_on=2026-06-01&_step=confirm",
        )
        .await
        .expect(StatusCode::OK);
    assert!(r.text().contains("2026-04-10から続く資格が2026-06-01"), "{}", r.text());
    let r = env
        .post_page(
            "/residents/1003/withdraw",
            Some(&s),
            "lost_on=2026-06-01&reason=joined_employee_insurance&notified_on=2026-06-01&_step=commit",
        )
        .await
        .expect(StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/residents/1003?done=withdraw");
    let detail = env.app.resident_detail(&env.actor("sato"), "1003").unwrap();
    assert_eq!(
        detail.periods[0].lost_on.map(|d| d.to_string()).as_deref(),
        Some("2026-06-01")
    );

    // A read-only clerk is refused the form itself, and the refusal is audited.
    let counter = env.session("ito");
    let before = env.audit_rows().len();
    env.get_page("/residents/1003/withdraw", Some(&counter))
        .await
        .expect(StatusCode::FORBIDDEN);
    assert!(
        env.audit_rows()[before..]
            .iter()
            .any(|(a, o, who)| a == "eligibility.form" && o == "denied" && who == "ito")
    );
    // An unknown screen is a 404 page.
    env.get_page("/residents/1003/no-such-screen", Some(&s))
        .await
        .expect(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn flags_certificates_and_head_change_through_their_screens() {
    let env = env();
    env.import_residents().await;
    let s = env.session("sato");
    let commit = |path: &'static str, form: String| {
        let s = s.clone();
        let env = &env;
        async move { env.post_page(path, Some(&s), &format!("{form}&_step=commit")).await }
    };
    env.post_page(
        "/residents/1001/enroll",
        Some(&s),
        "acquired_on=2026-04-01&reason=move_in&notified_on=2026-04-03&_step=commit",
    )
    .await
    .expect(StatusCode::SEE_OTHER);

    // 非自発的失業: the statutory period is announced at confirmation.
    let r = env
        .post_page(
            "/residents/1001/flag",
            Some(&s),
            "kind=involuntary_unemployment&from=2026-04-01&separation_reason_code=11&separated_on=2026-03-31&\
             _step=confirm",
        )
        .await
        .expect(StatusCode::OK);
    assert!(r.text().contains("法定の期間 2026-04-01〜2028-04-01"), "{}", r.text());
    // A missing attribute is named next to its field.
    let r = env
        .post_page(
            "/residents/1001/flag",
            Some(&s),
            "kind=involuntary_unemployment&from=2026-04-01&_step=confirm",
        )
        .await
        .expect(StatusCode::OK);
    assert!(r.text().contains("id=\"separation_reason_code-error\""), "{}", r.text());
    commit("/residents/1001/flag", "kind=student_away&from=2026-04-01".into())
        .await
        .expect(StatusCode::SEE_OTHER);
    let flag_id = env.app.resident_detail(&env.actor("sato"), "1001").unwrap().flags[0].flag_id;
    commit(
        "/residents/1001/flag-end",
        format!("flag_id={flag_id}&until=2026-09-01"),
    )
    .await
    .expect(StatusCode::SEE_OTHER);
    assert!(
        env.app.resident_detail(&env.actor("sato"), "1001").unwrap().flags[0]
            .until
            .is_some()
    );

    // 資格確認書: issue, reissue, return.
    commit(
        "/residents/1001/certificate",
        "kind=eligibility_certificate&issued_on=2026-06-01&standard_until=2027-07-31".into(),
    )
    .await
    .expect(StatusCode::SEE_OTHER);
    let first = env
        .app
        .resident_detail(&env.actor("sato"), "1001")
        .unwrap()
        .certificates[0]
        .certificate_id;
    commit(
        "/residents/1001/reissue",
        format!("certificate_id={first}&issued_on=2026-06-02&standard_until=2027-07-31"),
    )
    .await
    .expect(StatusCode::SEE_OTHER);
    let certs = env
        .app
        .resident_detail(&env.actor("sato"), "1001")
        .unwrap()
        .certificates;
    assert_eq!(certs.len(), 2);
    let second = certs
        .iter()
        .find(|c| c.status == CertificateStatus::Issued)
        .unwrap()
        .certificate_id;
    commit(
        "/residents/1001/return",
        format!("certificate_id={second}&returned_on=2026-06-03"),
    )
    .await
    .expect(StatusCode::SEE_OTHER);
    // A certificate id typed by hand that is not in the list is refused next to the field.
    let r = commit(
        "/residents/1001/return",
        "certificate_id=999&returned_on=2026-06-03".into(),
    )
    .await
    .expect(StatusCode::OK);
    assert!(r.text().contains("id=\"certificate_id-error\""), "{}", r.text());

    // 世帯主変更 on the household: 花子 becomes head; 太郎 stays a member.
    let r = env
        .post_page(
            "/households/2001/head",
            Some(&s),
            "resident_no=1002&effective_on=2026-06-01&notified_on=2026-06-01&_step=confirm",
        )
        .await
        .expect(StatusCode::OK);
    assert!(r.text().contains("世帯主が 1001"), "{}", r.text());
    assert!(r.text().contains("擬制世帯主"), "花子 is not insured: {}", r.text());
    let r = commit(
        "/households/2001/head",
        "resident_no=1002&effective_on=2026-06-01&notified_on=2026-06-01".into(),
    )
    .await
    .expect(StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/households/2001?done=head");
    let h = env.app.household_view(&env.actor("sato"), "2001", None).unwrap();
    assert_eq!(h.head.present().map(String::as_str), Some("1002"));
    assert!(h.nominal_head, "the head is not insured, 太郎 is");
    let page = env
        .get_page("/households/2001?done=head", Some(&s))
        .await
        .expect(StatusCode::OK)
        .text();
    assert!(
        page.contains("世帯主変更を登録しました") && page.contains("擬制世帯主"),
        "{page}"
    );
    // Each member's timeline is on the household page.
    assert!(page.contains("2026-04-01〜（継続中）"), "{page}");
}

#[tokio::test]
async fn work_items_are_listed_and_closed_with_a_note() {
    let env = env();
    env.import_residents().await;
    let s = env.session("sato");
    let open = env
        .app
        .work_items(&env.actor("sato"), Some(WorkItemStatus::Open), 1)
        .unwrap();
    assert!(!open.is_empty(), "転入 raises work items");
    let page = env
        .get_page("/work-items", Some(&s))
        .await
        .expect(StatusCode::OK)
        .text();
    assert!(page.contains(&open[0].label), "{page}");
    let id = open[0].work_item_id;
    // A note is required.
    let r = env
        .post_page(&format!("/work-items/{id}/close"), Some(&s), "note=")
        .await
        .expect(StatusCode::OK);
    assert!(r.text().contains("対応内容を入力してください"), "{}", r.text());
    let r = env
        .post_page(
            &format!("/work-items/{id}/close"),
            Some(&s),
            "note=%E5%8A%A0%E5%85%A5%E6%89%8B%E7%B6%9A%E6%B8%88%E3%81%BF",
        )
        .await
        .expect(StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/work-items?done=1");
    let after = env
        .app
        .work_items(&env.actor("sato"), Some(WorkItemStatus::Open), 1)
        .unwrap();
    assert_eq!(after.len(), open.len() - 1);
    let done = env
        .get_page("/work-items?closed=1", Some(&s))
        .await
        .expect(StatusCode::OK)
        .text();
    assert!(done.contains(&format!("<td>{id}</td>")), "{done}");
}

#[tokio::test]
async fn the_my_number_is_shown_only_after_a_fresh_code_with_a_purpose_and_is_audited() {
    use kokuho_app::Clock as _;
    let env = env();
    env.import_residents().await;
    let n = my_number("12345678901");
    env.post(
        "/api/v1/residents/1001/my-number",
        Some("suzuki"),
        serde_json::json!({"my_number": n}),
    )
    .await
    .expect(StatusCode::OK);
    let (s, secret) = env.enrol_and_login("suzuki");
    let person = env
        .get_page("/residents/1001", Some(&s))
        .await
        .expect(StatusCode::OK)
        .text();
    assert!(
        person.contains("登録あり（非表示）") && !person.contains(&n),
        "{person}"
    );

    // Just logged in: the check is fresh, a purpose is enough.
    let r = env
        .post_page("/residents/1001/my-number", Some(&s), "purpose=")
        .await
        .expect(StatusCode::OK);
    assert!(r.text().contains("id=\"purpose-error\"") && !r.text().contains(&n));
    // A number typed as the purpose (it would land in the audit trail) is refused.
    let r = env
        .post_page("/residents/1001/my-number", Some(&s), &format!("purpose={}", &n))
        .await
        .expect(StatusCode::OK);
    assert!(r.text().contains("目的に番号を入力しないでください"), "{}", r.text());
    let r = env
        .post_page("/residents/1001/my-number", Some(&s), "purpose=%E7%85%A7%E5%90%88")
        .await
        .expect(StatusCode::OK);
    let grouped = format!("{} {} {}", &n[0..4], &n[4..8], &n[8..12]);
    assert!(r.text().contains(&grouped), "{}", r.text());
    assert!(r.text().contains("http-equiv=\"refresh\""), "the page closes itself");
    assert_eq!(r.headers.get(header::CACHE_CONTROL).unwrap(), "no-store");
    let rows = env.audit_rows();
    assert!(
        rows.iter()
            .any(|(a, o, who)| a == "my_number.reveal" && o == "success" && who == "suzuki")
    );

    // Six minutes later the check is stale: a code is asked for, a wrong one refused.
    env.clock.advance(jiff::SignedDuration::from_mins(6));
    let form = env
        .get_page("/residents/1001/my-number", Some(&s))
        .await
        .expect(StatusCode::OK)
        .text();
    assert!(form.contains("name=\"code\""), "{form}");
    let r = env
        .post_page(
            "/residents/1001/my-number",
            Some(&s),
            "purpose=%E7%85%A7%E5%90%88&code=000000",
        )
        .await
        .expect(StatusCode::OK);
    assert!(
        r.text().contains("id=\"code-error\"") && !r.text().contains(&grouped),
        "{}",
        r.text()
    );
    let code = kokuho_crypto::totp::code_at(&secret, env.clock.now().as_second());
    let r = env
        .post_page(
            "/residents/1001/my-number",
            Some(&s),
            &format!("purpose=%E7%85%A7%E5%90%88&code={code}"),
        )
        .await
        .expect(StatusCode::OK);
    assert!(r.text().contains(&grouped), "{}", r.text());
    // The same code again (replay) is refused.
    env.clock.advance(jiff::SignedDuration::from_mins(6));
    let r = env
        .post_page(
            "/residents/1001/my-number",
            Some(&s),
            &format!("purpose=%E7%85%A7%E5%90%88&code={code}"),
        )
        .await
        .expect(StatusCode::OK);
    assert!(!r.text().contains(&grouped));

    // Without 個人番号参照: refused and audited, even with a code.
    let clerk = env.session("sato");
    let before = env.audit_rows().len();
    env.get_page("/residents/1001/my-number", Some(&clerk))
        .await
        .expect(StatusCode::FORBIDDEN);
    env.post_page("/residents/1001/my-number", Some(&clerk), "purpose=x&code=123456")
        .await
        .expect(StatusCode::FORBIDDEN);
    let denied = env.audit_rows()[before..]
        .iter()
        .filter(|(_, o, who)| o == "denied" && who == "sato")
        .count();
    assert_eq!(denied, 2);
}

#[tokio::test]
async fn a_my_number_confirmation_is_resolved_by_a_second_person_on_screen() {
    let env = env();
    env.import_residents().await;
    let first = my_number("12345678901");
    let other = my_number("22345678901");
    env.post(
        "/api/v1/residents/1001/my-number",
        Some("suzuki"),
        serde_json::json!({"my_number": first}),
    )
    .await
    .expect(StatusCode::OK);
    // A different number for the same person goes to the list (raised by suzuki).
    env.post(
        "/api/v1/residents/1001/my-number",
        Some("suzuki"),
        serde_json::json!({"my_number": other}),
    )
    .await
    .expect(StatusCode::OK);
    let s = env.session("suzuki");
    let list = env
        .get_page("/my-number/confirmations", Some(&s))
        .await
        .expect(StatusCode::OK)
        .text();
    assert!(
        list.contains("紐付済みの個人番号と異なる") && list.contains("登録者本人は解消できません"),
        "{list}"
    );
    assert!(
        !list.contains(&first) && !list.contains(&other),
        "no digits on the list"
    );
    let id = env.app.my_number_confirmations(&env.actor("suzuki"), true, 1).unwrap()[0].confirmation_id;
    // The one who raised it cannot resolve it even by forging the post.
    let r = env
        .post_page(
            &format!("/my-number/confirmations/{id}"),
            Some(&s),
            "outcome=link&note=x",
        )
        .await
        .expect(StatusCode::OK);
    assert!(r.text().contains("別の職員"), "{}", r.text());
    // A second person resolves it; a note is required.
    let t = env.session("tanaka");
    let r = env
        .post_page(
            &format!("/my-number/confirmations/{id}"),
            Some(&t),
            "outcome=link&note=",
        )
        .await
        .expect(StatusCode::OK);
    assert!(r.text().contains("確認内容を入力してください"), "{}", r.text());
    let r = env
        .post_page(
            &format!("/my-number/confirmations/{id}"),
            Some(&t),
            "outcome=reject&note=%E5%B1%8A%E5%87%BA%E6%9B%B8%E3%81%A8%E7%85%A7%E5%90%88",
        )
        .await
        .expect(StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/my-number/confirmations?done=1");
    assert!(
        env.app
            .my_number_confirmations(&env.actor("tanaka"), true, 1)
            .unwrap()
            .is_empty()
    );
}
