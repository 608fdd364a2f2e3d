//! The auditor's search: a clerk's look at a person shows up as its Japanese label, chosen from
//! the list of actions, with a readable detail and no code or JSON.

use crate::env::E2eEnv;

#[tokio::test]
async fn the_auditor_finds_a_persons_view_by_its_label() {
    let Some(env) = E2eEnv::start("audit").await else {
        return;
    };
    let b = &env.browser;
    // A clerk looks at a household.
    let clerk = env.enrol("sato").await;
    env.login(&clerk).await;
    b.goto("/households/2001").await;
    b.wait_for("#members").await;
    env.logout().await;

    let auditor = env.enrol("kansa").await;
    env.login(&auditor).await;
    b.goto("/audit").await;
    b.wait_for("#action").await;
    let options = b.texts("#action option").await;
    assert!(options.iter().any(|o| o == "世帯照会"), "{options:?}");
    assert!(
        !options.iter().any(|o| o.contains("household.view")),
        "labels, not codes: {options:?}"
    );
    b.select("#action", "household.view").await;
    b.fill("#actor", "sato").await;
    b.press_enter("#actor").await;
    b.wait_for("#audit-entries").await;
    b.screenshot("01-household-views").await;
    let rows = b.texts("#audit-entries tbody tr").await;
    assert!(!rows.is_empty(), "the clerk's look is listed");
    for row in &rows {
        assert!(row.contains("世帯照会") && row.contains("sato"), "{row}");
        assert!(
            !row.contains("household.view") && !row.contains('{') && !row.contains('"'),
            "{row}"
        );
    }
    assert!(
        rows.iter().any(|r| r.contains("基準日")),
        "the detail names its field: {rows:?}"
    );
    env.finish().await;
}
