//! Resident search by kana from the keyboard, then the household page.

use crate::env::E2eEnv;

#[tokio::test]
async fn search_by_kana_and_open_the_household() {
    let Some(env) = E2eEnv::start("search").await else {
        return;
    };
    let b = &env.browser;
    let user = env.enrol("sato").await;
    env.login(&user).await;

    b.click("nav.user a[href='/residents']").await;
    b.wait_path("/residents").await;
    assert!(!b.exists("#results").await, "no results before a search");
    b.fill("#kana", "ヤマダ タロウ").await;
    b.press_enter("#kana").await;
    b.wait_for("#results").await;
    b.screenshot("01-results").await;
    let rows = b.texts("#results tbody tr").await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(
        rows[0].contains("1001") && rows[0].contains("ヤマダ タロウ"),
        "{rows:?}"
    );
    assert!(b.current_url().await.query().unwrap_or_default().contains("kana="));

    // The name links to the household.
    let household_link = "#results tbody tr a[href^='/households/']";
    let name = b.text(household_link).await;
    assert!(name.contains("太郎"), "{name}");
    b.click(household_link).await;
    b.wait_path("/households/2001").await;
    b.wait_for("#members").await;
    b.screenshot("02-household").await;
    let members = b.text("#members").await;
    assert!(members.contains(&name), "{members}");
    assert!(
        members.contains("山田　花子") || members.contains("山田 花子"),
        "the whole household is listed: {members}"
    );
    env.finish().await;
}
