//! The idle screen lock: after 15 minutes without a request the next page is the unlock form.

use jiff::SignedDuration;

use crate::env::E2eEnv;

#[tokio::test]
async fn idle_session_locks_and_unlocks_with_password_and_code() {
    let Some(env) = E2eEnv::start("idle_lock").await else {
        return;
    };
    let b = &env.browser;
    let user = env.enrol("sato").await;
    env.login(&user).await;

    env.advance(env.app.auth_policy().idle + SignedDuration::from_secs(60));
    b.goto("/residents").await;
    b.wait_path("/unlock").await;
    assert!(
        b.text("main").await.contains(&user.display_name),
        "the lock screen names the user"
    );
    b.screenshot("01-locked").await;

    b.fill("#password", &user.password).await;
    b.fill("#code", &env.next_code(&user.secret)).await;
    b.click("form.card button[type=submit]").await;
    b.wait_path("/").await;
    assert!(b.text("h1").await.contains(&user.display_name));
    b.screenshot("02-unlocked").await;
    b.goto("/residents").await;
    b.wait_path("/residents").await;
    env.finish().await;
}
