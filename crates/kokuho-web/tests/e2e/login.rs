//! Enrolment by link and login with password, then TOTP code.

use crate::env::E2eEnv;

#[tokio::test]
async fn enrol_then_log_in_with_password_and_code() {
    let Some(env) = E2eEnv::start("login").await else {
        return;
    };
    let b = &env.browser;

    let user = env.enrol("sato").await;
    assert!(b.text("h1").await.contains("登録しました"));
    assert!(
        !b.texts("#recovery-codes li").await.is_empty(),
        "the recovery codes are shown"
    );
    b.screenshot("01-enrolled").await;

    // Password alone: the session only reaches the code step, not the pages.
    env.login_password(&user).await;
    b.screenshot("02-code-step").await;
    b.goto("/residents").await;
    b.wait_path("/login/code").await;
    b.goto("/").await;
    b.wait_path("/login/code").await;

    env.login_code(&user).await;
    assert!(
        b.text("h1").await.contains(&user.display_name),
        "the top page greets the user"
    );
    assert_eq!(b.text("nav.user .who").await, user.display_name);
    b.screenshot("03-top").await;

    // The session cookie is the `__Host-` one, kept by the browser over http://localhost.
    let cookies = b.client().get_all_cookies().await.unwrap();
    let session = cookies
        .iter()
        .find(|c| c.name() == kokuho_web::session::COOKIE)
        .expect("the session cookie is set");
    assert_eq!(session.secure(), Some(true));
    assert_eq!(session.http_only(), Some(true));
    assert_eq!(session.path(), Some("/"));
    assert_eq!(format!("{:?}", session.same_site()), "Some(Strict)");

    env.logout().await;
    assert_eq!(b.current_path().await, "/login");
    b.screenshot("04-logged-out").await;
    b.goto("/residents").await;
    b.wait_path("/login").await;

    // And in again, password then code.
    env.login(&user).await;
    assert!(b.text("h1").await.contains(&user.display_name));
    env.finish().await;
}
