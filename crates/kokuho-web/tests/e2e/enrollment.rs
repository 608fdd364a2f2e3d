//! 資格取得 and 資格喪失 through the two-step forms (入力 → 確認 → 確定), from the person page,
//! the way a clerk does it: a mistyped date comes back next to its field with what was typed,
//! a 和暦 date is read back on the confirmation page, and the saved period is on the person page.

use jiff::civil::date;

use crate::env::E2eEnv;

/// 佐藤 一郎: registered (転入 2026-04-10) but not insured, no eligibility period.
const RESIDENT: &str = "1003";

#[tokio::test]
async fn enrol_and_withdraw_through_the_two_step_forms() {
    let Some(env) = E2eEnv::start("enrollment").await else {
        return;
    };
    let b = &env.browser;
    let clerk = env.actor("sato");
    assert!(
        env.app.resident_detail(&clerk, RESIDENT).unwrap().periods.is_empty(),
        "the resident starts without a period"
    );
    let user = env.enrol("sato").await;
    env.login(&user).await;

    let person = format!("/residents/{RESIDENT}");
    b.goto(&person).await;
    b.wait_for("#person").await;
    assert!(b.text("#person").await.contains("未加入"));
    assert!(!b.exists("#periods tbody tr").await, "no period yet");
    b.screenshot("01-person").await;

    // 資格取得: the menu link opens the form, 届出日 already holds today.
    b.click(&format!("ul.actions a[href='{person}/enroll']")).await;
    b.wait_path(&format!("{person}/enroll")).await;
    assert_eq!(b.text("h1").await, "資格取得");
    assert!(b.text("p.subject").await.contains(RESIDENT));
    assert_eq!(b.value("#notified_on").await, "2026-06-01");
    b.screenshot("02-enroll-form").await;

    // A date that does not exist: the message is next to the field, and what was typed stays.
    b.fill("#acquired_on", "2026-13-01").await;
    b.select("#reason", "move_in").await;
    b.press_enter("#acquired_on").await;
    let message = b.text("#acquired_on-error").await;
    assert!(message.contains("2026-13-01"), "{message}");
    assert_eq!(b.attr("#acquired_on", "aria-invalid").await.as_deref(), Some("true"));
    assert_eq!(
        b.attr("#acquired_on", "aria-describedby").await.as_deref(),
        Some("acquired_on-error")
    );
    assert_eq!(b.value("#acquired_on").await, "2026-13-01");
    assert_eq!(
        b.value("#reason").await,
        "move_in",
        "the other fields keep their values"
    );
    assert_eq!(b.value("#notified_on").await, "2026-06-01");
    assert!(!b.exists("#confirm").await, "no confirmation with a bad date");
    b.screenshot("03-enroll-bad-date").await;

    // 和暦 is accepted and read back as both.
    b.fill("#acquired_on", "R8.4.10").await;
    b.click("button[name=_step][value=confirm]").await;
    let confirm = b.text("#confirm").await;
    assert!(
        confirm.contains("令和8年4月10日") && confirm.contains("2026-04-10"),
        "{confirm}"
    );
    assert!(
        confirm.contains("転入"),
        "the reason is read back by its label: {confirm}"
    );
    let effects = b.text("section.effects").await;
    assert!(
        effects.contains("変わること") && effects.contains("被保険者になります"),
        "{effects}"
    );
    // Notified on 2026-06-01 for 2026-04-10: past the 14 days.
    assert!(effects.contains("遅延届出"), "{effects}");
    assert!(
        env.app.resident_detail(&clerk, RESIDENT).unwrap().periods.is_empty(),
        "nothing is saved before 確定"
    );
    b.screenshot("04-enroll-confirm").await;

    b.click("button[name=_step][value=commit]").await;
    b.wait_path(&person).await;
    assert_eq!(b.current_url().await.query(), Some("done=enroll"));
    assert_eq!(b.text("p.notice").await, "資格取得を登録しました");
    let periods = b.texts("#periods tbody tr").await;
    assert_eq!(periods.len(), 1, "{periods:?}");
    assert!(
        periods[0].contains("2026-04-10") && periods[0].contains("転入") && periods[0].contains("（継続中）"),
        "{periods:?}"
    );
    assert!(b.text("#person").await.contains("加入中"));
    b.screenshot("05-enrolled").await;

    // 資格喪失: joined an employer's insurance on 2026-05-20.
    b.click(&format!("ul.actions a[href='{person}/withdraw']")).await;
    b.wait_path(&format!("{person}/withdraw")).await;
    assert_eq!(b.text("h1").await, "資格喪失");
    b.fill("#lost_on", "2026-05-20").await;
    b.select("#reason", "joined_employee_insurance").await;
    b.screenshot("06-withdraw-form").await;
    b.click("button[name=_step][value=confirm]").await;
    let confirm = b.text("#confirm").await;
    assert!(
        confirm.contains("令和8年5月20日") && confirm.contains("社保加入"),
        "{confirm}"
    );
    let effects = b.text("section.effects").await;
    assert!(effects.contains("2026-04-10から続く資格が2026-05-20"), "{effects}");
    assert!(!effects.contains("遅延届出"), "notified within 14 days: {effects}");
    b.screenshot("07-withdraw-confirm").await;

    b.click("button[name=_step][value=commit]").await;
    b.wait_path(&person).await;
    assert_eq!(b.current_url().await.query(), Some("done=withdraw"));
    assert_eq!(b.text("p.notice").await, "資格喪失を登録しました");
    let periods = b.texts("#periods tbody tr").await;
    assert_eq!(periods.len(), 1, "{periods:?}");
    assert!(
        periods[0].contains("2026-05-20") && periods[0].contains("社保加入") && !periods[0].contains("継続中"),
        "{periods:?}"
    );
    b.screenshot("08-withdrawn").await;

    // The app holds the same period.
    let detail = env.app.resident_detail(&clerk, RESIDENT).unwrap();
    assert_eq!(detail.periods.len(), 1);
    let p = &detail.periods[0];
    assert_eq!(
        (p.acquired_on, p.acquisition_notified_on, p.acquisition_late),
        (date(2026, 4, 10), date(2026, 6, 1), true)
    );
    assert_eq!(p.lost_on, Some(date(2026, 5, 20)));
    assert!(
        p.loss_reason.as_deref().is_some_and(|r| r.contains("社保加入")),
        "{:?}",
        p.loss_reason
    );
    assert!(!p.loss_late);
    assert!(!detail.summary.insured, "not insured after 2026-05-20");
    env.finish().await;
}
