//! 賦課担当 in the browser: the 賦課 menu by its access key, 窓口試算 from a household number
//! (changed and calculated again), and the 当初賦課 started from the screen, followed by its
//! self-refreshing progress page to the result.

use serde_json::json;

use crate::env::E2eEnv;

#[tokio::test]
async fn counter_simulation_and_the_annual_run_from_the_screens() {
    let Some(env) = E2eEnv::start("assessment").await else {
        return;
    };
    let b = &env.browser;
    // The city's rates, two insured members with last year's income.
    env.app.set_demo_rate_tables(&env.actor("fuka")).unwrap();
    let clerk = env.actor("sato");
    for resident in ["1001", "1002"] {
        env.app
            .enroll(
                &clerk,
                &serde_json::from_value(json!({
                    "resident_no": resident,
                    "acquired_on": "2026-04-01",
                    "reason": "転入",
                    "notified_on": "2026-04-03"
                }))
                .unwrap(),
            )
            .unwrap();
    }
    let incomes = "宛名番号,所得年,給与収入,公的年金等収入,事業等所得,分離課税所得,譲渡特別控除額,専従者給与額,課税所得,住民税非課税,未申告\n\
                   1001,2025,4200000,0,0,0,0,0,2000000,0,0\n\
                   1002,2025,900000,0,0,0,0,0,0,1,0\n";
    env.app
        .import_incomes_file(&clerk, "i.csv", incomes.as_bytes(), kokuho_interchange::Encoding::Utf8)
        .unwrap();
    assert_eq!(env.app.clock().today().to_string(), "2026-06-01");

    let user = env.enrol("fuka").await;
    env.login(&user).await;
    b.click("nav.user a[href='/assessment']").await;
    b.wait_path("/assessment").await;
    b.fill("#household_no", "2001").await;
    b.press_enter("#household_no").await;
    b.wait_path("/assessment/counter").await;
    b.wait_for("#result").await;
    b.screenshot("01-counter").await;
    let held = env
        .app
        .household_premium(&env.actor("fuka"), "2001", 2026)
        .unwrap()
        .total;
    assert_eq!(b.text("#result .total").await, held.to_string());
    assert_eq!(b.value("#m0_salary_revenue").await, "4200000");

    // The spouse's salary goes up: calculated again, with its steps.
    b.fill("#m1_salary_revenue", "2,000,000").await;
    b.click("button[value=calculate]").await;
    b.wait_for("#result").await;
    b.screenshot("02-counter-changed").await;
    let changed = b.text("#result .total").await;
    assert_ne!(changed, held.to_string());
    assert!(b.text("#result .explanation").await.contains("給与所得"));
    assert_eq!(
        b.value("#m1_salary_revenue").await,
        "2,000,000",
        "what was typed is kept"
    );

    // The annual run for FY2026 from the screen.
    b.goto("/assessment/batch").await;
    b.select("#fiscal_year", "2026").await;
    b.click("form.search button[type=submit]").await;
    b.wait_for("#summary").await;
    b.screenshot("03-batch-done").await;
    assert!(b.text("#progress-text").await.contains("完了"));
    assert!(
        b.text("#summary").await.contains("賦課（更正を含む）を記録した世帯 1"),
        "{}",
        b.text("#summary").await
    );

    // The household's decision with its 徴収計画.
    b.goto("/assessment/households/2001?fiscal_year=2026").await;
    b.wait_for("section.result").await;
    b.screenshot("04-decision").await;
    assert!(b.text("section.result").await.contains(&held.to_string()));

    // The rate table: a change is confirmed (what changes is listed) before it is saved.
    b.goto("/assessment/rates/2026/edit").await;
    b.fill("#medical_income_rate", "8.20").await;
    b.click("button[value=confirm]").await;
    b.wait_for("#confirm").await;
    b.screenshot("05-rates-confirm").await;
    assert!(b.text("section.effects").await.contains("8.04 → 8.20"));
    b.click("button[value=commit]").await;
    b.wait_for("#rates").await;
    assert!(b.text("#rates").await.contains("8.20%"));

    // The rate-setting simulation: a candidate against the table in force, whole city.
    b.goto("/assessment/simulation?fiscal_year=2026").await;
    b.fill("#medical_income_rate", "9.00").await;
    b.click("form.card button[type=submit]").await;
    b.wait_for("#comparison").await;
    b.screenshot("06-simulation").await;
    assert!(b.text("#comparison").await.contains("差（試算案 − 現行）"));
    env.finish().await;
}
