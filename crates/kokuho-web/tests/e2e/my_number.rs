//! The My Number reveal: never on the person page; shown only after a stated purpose and, once
//! the last check is older than the step-up window, a fresh code; in groups of four, on a page
//! that closes itself; audited. Staff without 個人番号参照 get the refusal page.

use jiff::SignedDuration;

use crate::env::E2eEnv;

/// 山田 太郎, with a My Number linked before the test.
const RESIDENT: &str = "1001";

/// A valid demo My Number ("00…", check digit computed).
fn demo_number() -> String {
    let first11 = "00123456789";
    let check = kokuho_domain::MyNumber::check_digit_for(first11).unwrap();
    format!("{first11}{check}")
}

/// `digits` in groups of four, as the reveal page shows them.
fn grouped(digits: &str) -> String {
    digits
        .as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join(" ")
}

#[tokio::test]
async fn reveal_my_number_with_purpose_and_fresh_code() {
    let Some(env) = E2eEnv::start("my_number").await else {
        return;
    };
    let b = &env.browser;
    let digits = demo_number();
    let shown = grouped(&digits);
    assert_eq!(shown.len(), 14, "{shown}");
    env.app.link_my_number(&env.actor("suzuki"), RESIDENT, &digits).unwrap();
    let user = env.enrol("suzuki").await;
    env.login(&user).await;

    // The person page says a number is linked, never which.
    let person = format!("/residents/{RESIDENT}");
    b.goto(&person).await;
    let row = b.text("#person").await;
    assert!(row.contains("登録あり（非表示）"), "{row}");
    let source = b.source().await;
    assert!(
        !source.contains(&digits) && !source.contains(&shown),
        "the number is in the person page's source"
    );
    b.screenshot("01-person").await;
    let link = format!("#person a[href='{person}/my-number']");
    assert_eq!(b.text(&link).await, "表示する");
    b.click(&link).await;
    b.wait_path(&format!("{person}/my-number")).await;

    // Just logged in: the check is fresh, a purpose is enough.
    b.wait_for("#purpose").await;
    assert!(!b.exists("#code").await, "no code asked right after the login");
    b.screenshot("02-reveal-form-fresh").await;
    b.fill("#purpose", "届出書との照合").await;
    b.click("form.card button[type=submit]").await;
    assert_eq!(b.text("#my-number").await, shown);
    let refresh = b.attr("meta[http-equiv=refresh]", "content").await;
    assert_eq!(
        refresh.as_deref(),
        Some(format!("60;url={person}").as_str()),
        "the page closes itself after 60 s"
    );
    b.screenshot("03-revealed").await;

    // Past the step-up window (5 minutes): the form asks for a code again.
    assert_eq!(env.app.auth_policy().step_up, SignedDuration::from_mins(5));
    env.advance(SignedDuration::from_mins(6));
    b.goto(&format!("{person}/my-number")).await;
    b.wait_for("#code").await;
    b.screenshot("04-reveal-form-code").await;
    b.fill("#purpose", "情報照会のための番号確認").await;
    let right = env.code_now(&user.secret);
    // Every digit off by one: certainly not the code of this step.
    let wrong: String = right
        .chars()
        .map(|c| char::from_digit((c.to_digit(10).unwrap() + 1) % 10, 10).unwrap())
        .collect();
    b.fill("#code", &wrong).await;
    b.press_enter("#code").await;
    let message = b.text("#code-error").await;
    assert!(!message.is_empty());
    assert_eq!(b.attr("#code", "aria-invalid").await.as_deref(), Some("true"));
    assert!(!b.exists("#my-number").await, "no number after a wrong code");
    assert!(!b.source().await.contains(&digits));
    assert_eq!(
        b.value("#purpose").await,
        "情報照会のための番号確認",
        "the purpose is kept"
    );
    b.screenshot("05-wrong-code").await;

    // A fresh code (the next step's: a step's code is accepted once).
    b.fill("#code", &env.next_code(&user.secret)).await;
    b.press_enter("#code").await;
    assert_eq!(b.text("#my-number").await, shown);
    b.screenshot("06-revealed-after-code").await;

    // Both reveals are on suzuki's audit trail, and so are the wrong code and the step-up.
    let rows = env.audit_rows();
    let by_suzuki = |action: &str, outcome: &str| {
        rows.iter()
            .filter(|(a, o, who, _)| a == action && o == outcome && who == "suzuki")
            .count()
    };
    let reveals = rows.iter().filter(|(a, o, who, subject)| {
        (a.as_str(), o.as_str(), who.as_str(), subject.as_str()) == ("my_number.reveal", "success", "suzuki", RESIDENT)
    });
    assert_eq!(reveals.count(), 2, "{rows:?}");
    assert_eq!(by_suzuki("auth.second_factor", "failed"), 1, "{rows:?}");
    assert_eq!(by_suzuki("session.step_up", "success"), 1, "{rows:?}");
    env.finish().await;
}

#[tokio::test]
async fn reveal_is_refused_without_the_my_number_role() {
    let Some(env) = E2eEnv::start("my_number_refused").await else {
        return;
    };
    let b = &env.browser;
    env.app
        .link_my_number(&env.actor("suzuki"), RESIDENT, &demo_number())
        .unwrap();
    let user = env.enrol("ito").await;
    env.login(&user).await;

    let path = format!("/residents/{RESIDENT}/my-number");
    b.goto(&path).await;
    assert_eq!(b.text("h1").await, "表示できません");
    let message = b.text("p.error-summary").await;
    assert!(message.contains("権限がありません"), "{message}");
    assert!(!b.exists("#purpose").await);
    b.screenshot("01-refused").await;
    let rows = env.audit_rows();
    assert!(
        rows.iter()
            .any(|(action, outcome, who, subject)| action == "my_number.reveal_form"
                && outcome == "denied"
                && who == "ito"
                && subject == RESIDENT),
        "{rows:?}"
    );
    env.finish().await;
}
