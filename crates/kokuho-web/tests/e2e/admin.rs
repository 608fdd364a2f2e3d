//! 職員の管理: the administrator adds a user on /admin/users and gets the one-time link; the new
//! user opens it in a browser of their own, enrols and logs in.

use kokuho_app::Permission;

use crate::browser::Browser;
use crate::env::{ADMIN, E2eEnv};

const NEW_LOGIN: &str = "tanaka";
const NEW_NAME: &str = "田中 四郎";

#[tokio::test]
async fn admin_adds_a_user_who_enrols_through_the_link() {
    let Some(env) = E2eEnv::start("admin").await else {
        return;
    };
    let b = &env.browser;
    let admin = env.enrol(ADMIN).await;
    env.login(&admin).await;

    b.click("ul.menu a[href='/admin/users']").await;
    b.wait_path("/admin/users").await;
    let accounts = b.text("#accounts").await;
    assert!(accounts.contains("sato") && accounts.contains(ADMIN), "{accounts}");
    assert!(!accounts.contains(NEW_LOGIN));
    b.screenshot("01-users").await;

    // A login the rules refuse comes back next to its field, with the rest as typed.
    b.fill("#login", "Tanaka 4").await;
    b.fill("#display_name", NEW_NAME).await;
    b.click("input[name=roles][value=counter]").await;
    b.click("form.card button[type=submit]").await;
    let message = b.text("#login-error").await;
    assert!(!message.is_empty());
    assert_eq!(b.value("#display_name").await, NEW_NAME);
    assert!(
        b.find("input[name=roles][value=counter]")
            .await
            .is_selected()
            .await
            .unwrap(),
        "the ticked role stays ticked"
    );
    b.screenshot("02-bad-login").await;

    b.fill("#login", NEW_LOGIN).await;
    b.click("form.card button[type=submit]").await;
    let link = b.text("#link").await;
    assert!(b.text("p.notice").await.contains(NEW_LOGIN));
    b.screenshot("03-link").await;
    // The one-time path (never built from the request's Host, which a client can forge).
    assert!(link.starts_with("/enroll/"), "{link}");

    b.goto("/admin/users").await;
    let row = b
        .texts("#accounts tbody tr")
        .await
        .into_iter()
        .find(|r| r.contains(NEW_LOGIN))
        .expect("the new user is listed");
    assert!(
        row.contains(NEW_NAME) && row.contains("窓口") && row.contains("利用登録待ち"),
        "{row}"
    );

    // The new user, in a browser of their own.
    let theirs = Browser::launch("admin-new-user", &env.base).await;
    let user = env.enrol_at(&theirs, &link, NEW_LOGIN, NEW_NAME).await;
    assert!(theirs.text("h1").await.contains("登録しました"));
    theirs.screenshot("01-enrolled").await;
    env.login_in(&theirs, &user).await;
    assert!(theirs.text("h1").await.contains(NEW_NAME));
    theirs.goto("/residents").await;
    theirs.wait_for("#kana").await;
    theirs.screenshot("02-signed-in").await;
    // The link was for one use.
    theirs.goto(&link).await;
    let refusal = theirs.text("p.error-summary").await;
    assert!(refusal.contains("使用済み"), "{refusal}");
    assert!(!theirs.exists("#secret").await, "a used link shows no key");
    theirs.close().await;

    b.goto("/admin/users").await;
    let row = b
        .texts("#accounts tbody tr")
        .await
        .into_iter()
        .find(|r| r.contains(NEW_LOGIN))
        .expect("the new user is listed");
    assert!(row.contains("利用中"), "{row}");
    b.screenshot("04-users-after").await;
    let actor = env.actor(NEW_LOGIN);
    assert!(actor.has(Permission::EligibilityRead) && !actor.has(Permission::EligibilityWrite));
    env.finish().await;
}
