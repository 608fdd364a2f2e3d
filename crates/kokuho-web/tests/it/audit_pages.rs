//! 監査ログの点検 pages: the search with its filter form, the verification button and the periodic
//! report, for the auditor ("kansa"); refused to a clerk.

use axum::http::StatusCode;
use jiff::civil::date;
use kokuho_app::eligibility::changes::SetFlagRequest;
use kokuho_domain::Login;
use kokuho_domain::eligibility::period::FlagAttributes;

use crate::support::{admin_actor, env, my_number};

/// The rows of the result table.
fn rows(html: &str) -> Vec<String> {
    let Some(start) = html.find("id=\"audit-entries\"") else {
        return Vec::new();
    };
    let table = &html[start..];
    let table = &table[..table.find("</table>").unwrap()];
    table.split("<tr>").skip(2).map(|r| r.to_string()).collect()
}

/// The text of one section of the report, from its table id to the end of that table.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no {id}: {html}"));
    let rest = &html[start..];
    &rest[..rest.find("</table>").unwrap()]
}

#[tokio::test]
async fn the_auditor_filters_by_user_and_resident_and_pages_back() {
    let env = env();
    env.import_residents().await;
    env.app.resident_detail(&env.actor("sato"), "1001").unwrap();
    env.app.resident_detail(&env.actor("ito"), "1003").unwrap();
    let s = env.session("kansa");

    let html = env
        .get_page("/audit?actor=sato", Some(&s))
        .await
        .expect(StatusCode::OK)
        .text();
    let found = rows(&html);
    assert!(!found.is_empty(), "{html}");
    assert!(found.iter().all(|r| r.contains("<td>sato</td>")), "{found:?}");
    assert!(
        found
            .iter()
            .any(|r| r.contains("資格照会") && r.contains("<td>1001</td>") && r.contains("成功")),
        "{found:?}"
    );
    assert!(html.contains("value=\"sato\""), "the criterion is kept");

    let html = env
        .get_page("/audit?subject=1003", Some(&s))
        .await
        .expect(StatusCode::OK)
        .text();
    let found = rows(&html);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("<td>ito</td>") && found[0].contains("2026-06-01 09:00"),
        "{found:?}"
    );

    // 50 a page, newest first, then さらに古い記録 with the same criteria.
    for _ in 0..55 {
        env.app.resident_detail(&env.actor("sato"), "1002").unwrap();
    }
    let html = env
        .get_page(
            "/audit?subject=1002&action=%E8%B3%87%E6%A0%BC%E7%85%A7%E4%BC%9A",
            Some(&s),
        )
        .await
        .expect(StatusCode::OK)
        .text();
    assert_eq!(rows(&html).len(), 50);
    let href = html
        .split("href=\"")
        .find(|h| h.starts_with("/audit?subject=1002"))
        .unwrap();
    let href = href[..href.find('"').unwrap()]
        .replace("&#38;", "&")
        .replace("&amp;", "&");
    assert!(
        href.contains("before_seq=") && html.contains("さらに古い記録"),
        "{href}"
    );
    let older = env.get_page(&href, Some(&s)).await.expect(StatusCode::OK).text();
    assert_eq!(rows(&older).len(), 5, "{older}");
    assert!(!older.contains("さらに古い記録"), "{older}");
}

#[tokio::test]
async fn a_bad_date_is_shown_next_to_its_field_with_what_was_typed() {
    let env = env();
    let s = env.session("kansa");
    let html = env
        .get_page("/audit?actor=sato&from=2026-13-01&to=R8.6.1", Some(&s))
        .await
        .expect(StatusCode::OK)
        .text();
    assert!(html.contains("id=\"from-error\""), "{html}");
    assert!(!html.contains("id=\"to-error\""), "R8.6.1 is a good 和暦 date: {html}");
    assert!(
        html.contains("value=\"2026-13-01\"") && html.contains("value=\"R8.6.1\"") && html.contains("value=\"sato\""),
        "{html}"
    );
    assert!(!html.contains("id=\"audit-entries\""), "no search with a bad date");

    // The use case's own check (from after to, more than a year) comes back next to 終了日.
    let html = env
        .get_page("/audit?from=R8.6.2&to=2026-06-01", Some(&s))
        .await
        .expect(StatusCode::OK)
        .text();
    assert!(
        html.contains("id=\"to-error\"") && html.contains("終了日は開始日"),
        "{html}"
    );
    let html = env
        .get_page("/audit/report?from=2025-01-01&to=2026-06-01", Some(&s))
        .await
        .expect(StatusCode::OK)
        .text();
    assert!(html.contains("id=\"to-error\"") && html.contains("1年以内"), "{html}");
    let html = env
        .get_page("/audit/report?from=%E3%81%82&to=2026-06-01", Some(&s))
        .await
        .expect(StatusCode::OK)
        .text();
    assert!(
        html.contains("id=\"from-error\"") && html.contains("value=\"あ\""),
        "{html}"
    );
}

#[tokio::test]
async fn the_report_shows_after_hours_access_and_restricted_resident_alerts() {
    let env = env();
    env.import_residents().await;
    // 1002 is under 支援措置; a user with the scope looks at her.
    let sato = env.actor("sato");
    let flag = SetFlagRequest {
        kind: "support_measure".into(),
        resident_no: Some("1002".into()),
        household_no: None,
        from: date(2026, 4, 1),
        until: None,
        attributes: FlagAttributes::default(),
    };
    env.app.set_flag(&sato, &flag).unwrap();
    let roles = vec!["counter".to_string(), "restricted".to_string()];
    env.app
        .add_user(
            &admin_actor(&env.app),
            &Login::parse("shien").unwrap(),
            "支援 職員",
            &roles,
            None,
        )
        .unwrap();
    env.app.resident_detail(&env.actor("shien"), "1002").unwrap();
    // 21:00 JST: sato looks at 1001.
    env.clock.advance(jiff::SignedDuration::from_hours(12));
    env.app.resident_detail(&sato, "1001").unwrap();
    // The next morning the auditor reads the report.
    env.clock.set_date(date(2026, 6, 2));
    let s = env.session("kansa");
    let html = env
        .get_page("/audit/report?from=2026-06-01&to=R8.6.30", Some(&s))
        .await
        .expect(StatusCode::OK)
        .text();
    assert!(!html.contains("<script"), "printable, no script");
    let after = section(&html, "after-hours");
    assert!(
        after.contains("2026-06-01 21:00:00") && after.contains("<td>sato</td>") && after.contains("資格照会"),
        "{after}"
    );
    assert!(
        section(&html, "after-hours-by-user").contains("<td>sato</td><td>1</td>"),
        "{html}"
    );
    let alerts = section(&html, "restricted-alerts");
    assert!(
        alerts.contains("<td>shien</td>") && alerts.contains("<td>1002</td>") && alerts.contains("2026-06-01 09:00:00"),
        "{alerts}"
    );
    let views = section(&html, "views-by-user");
    assert!(views.contains(">shien</a></td><td>1</td><td>1</td>"), "{views}");
    assert!(html.contains("id=\"chain\"") && html.contains("正常"), "{html}");
    // The review is itself audited.
    assert!(
        env.audit_rows()
            .iter()
            .any(|(a, o, who)| a == "audit.report" && o == "success" && who == "kansa")
    );

    // Default period: the previous calendar month (May 2026), with its dates in the form.
    let html = env
        .get_page("/audit/report", Some(&s))
        .await
        .expect(StatusCode::OK)
        .text();
    assert!(
        html.contains("value=\"2026-05-01\"") && html.contains("value=\"2026-05-31\""),
        "{html}"
    );
    assert!(!html.contains("2026-06-01 21:00:00"));
}

#[tokio::test]
async fn the_verify_button_shows_the_result_on_the_page() {
    let env = env();
    env.import_residents().await;
    let s = env.session("kansa");
    let page = env.get_page("/audit", Some(&s)).await.expect(StatusCode::OK).text();
    assert!(
        page.contains("action=\"/audit/verify\"") && page.contains("監査ログの検証"),
        "{page}"
    );
    let html = env
        .post_page("/audit/verify", Some(&s), "")
        .await
        .expect(StatusCode::OK)
        .text();
    assert!(html.contains("id=\"verified\"") && html.contains("正常"), "{html}");
    assert!(
        env.audit_rows()
            .iter()
            .any(|(a, o, who)| a == "audit.verify" && o == "success" && who == "kansa")
    );

    // An edited record is named.
    env.app
        .store()
        .write(|tx| {
            tx.execute(
                "UPDATE audit_log SET actor = 'someone' WHERE insurer_no = $1 AND seq = 2",
                &[crate::support::INSURER.into()],
            )
        })
        .unwrap();
    let html = env
        .post_page("/audit/verify", Some(&s), "")
        .await
        .expect(StatusCode::OK)
        .text();
    assert!(html.contains("第2番目の記録に問題"), "{html}");
}

#[tokio::test]
async fn a_clerk_is_refused_every_audit_page_and_the_menu_links_to_it() {
    let env = env();
    let clerk = env.session("sato");
    for path in ["/audit", "/audit/report", "/audit?from=2026-13-01"] {
        let r = env.get_page(path, Some(&clerk)).await.expect(StatusCode::FORBIDDEN);
        assert!(r.text().contains("権限がありません"), "{path}");
    }
    env.post_page("/audit/verify", Some(&clerk), "")
        .await
        .expect(StatusCode::FORBIDDEN);
    let denied = env
        .audit_rows()
        .into_iter()
        .filter(|(a, o, who)| a.starts_with("audit.") && o == "denied" && who == "sato")
        .count();
    assert_eq!(denied, 3);
    // The post is refused before its form is read, audited as such.
    let refused_post = env
        .audit_rows()
        .into_iter()
        .filter(|(a, o, who)| a == "request.permission_refused" && o == "denied" && who == "sato")
        .count();
    assert_eq!(refused_post, 1);
    let home = env
        .get_page("/", Some(&env.session("kansa")))
        .await
        .expect(StatusCode::OK)
        .text();
    assert!(
        home.contains("href=\"/audit\"") && home.contains("監査ログの点検"),
        "{home}"
    );
}

#[tokio::test]
async fn no_page_shows_a_my_number_even_for_a_reveal_row() {
    let env = env();
    env.import_residents().await;
    let n = my_number("12345678901");
    let suzuki = env.actor("suzuki");
    env.app.link_my_number(&suzuki, "1001", &n).unwrap();
    env.app.reveal_my_number(&suzuki, "1001", "本人確認").unwrap();
    let s = env.session("kansa");
    let html = env
        .get_page("/audit?action=my_number.", Some(&s))
        .await
        .expect(StatusCode::OK)
        .text();
    let found = rows(&html);
    assert!(
        found
            .iter()
            .any(|r| r.contains("個人番号の表示") && r.contains("<td>1001</td>")),
        "{found:?}"
    );
    assert!(found.iter().any(|r| r.contains("個人番号の紐付け")), "{found:?}");
    let report = env
        .get_page("/audit/report?from=2026-06-01&to=2026-06-30", Some(&s))
        .await
        .expect(StatusCode::OK)
        .text();
    assert!(section(&report, "views-by-user").contains(">suzuki</a>"), "{report}");
    let spaced = format!("{} {} {}", &n[0..4], &n[4..8], &n[8..12]);
    for page in [&html, &report] {
        assert!(
            !page.contains(&n) && !page.contains(&spaced),
            "a My Number on an audit page"
        );
    }
}

#[tokio::test]
async fn entries_show_names_and_readable_details_and_the_action_is_chosen_from_a_list() {
    let env = env();
    env.import_residents().await;
    let suzuki = env.actor("suzuki");
    env.app
        .link_my_number(&suzuki, "1001", &my_number("12345678901"))
        .unwrap();
    env.app.reveal_my_number(&suzuki, "1001", "届出書との照合").unwrap();
    let s = env.session("kansa");
    let html = env
        .get_page("/audit?action=my_number.reveal", Some(&s))
        .await
        .expect(StatusCode::OK)
        .text();
    let found = rows(&html);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("個人番号の表示") && found[0].contains("目的: 届出書との照合"),
        "{found:?}"
    );
    assert!(
        html.contains("<select id=\"action\" name=\"action\">")
            && html.contains("<option value=\"my_number.reveal\" selected>個人番号の表示</option>"),
        "{html}"
    );
    let html = env
        .get_page("/audit?action=my_number.", Some(&s))
        .await
        .expect(StatusCode::OK)
        .text();
    assert!(html.contains("selected>個人番号の操作（すべて）</option>"), "{html}");
    let found = rows(&html);
    assert!(found.iter().any(|r| r.contains("結果: 紐付け")), "{found:?}");
    for r in &found {
        assert!(
            !r.contains('{') && !r.contains("&#34;") && !r.contains("my_number.") && !r.contains("purpose"),
            "a code or raw JSON on the screen: {r}"
        );
    }
}
