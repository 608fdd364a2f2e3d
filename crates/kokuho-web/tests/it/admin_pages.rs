//! The administration screens: accounts, roles, 利用停止, ロック解除, 二要素認証のリセット and the
//! role × permission table; every change is audited and takes effect on the next request.

use axum::http::StatusCode;

use kokuho_app::Clock as _;

use crate::support::{ADMIN, PASSWORD, env};

#[tokio::test]
async fn an_administrator_adds_a_user_who_gets_a_one_time_link() {
    let env = env();
    let admin = env.session(ADMIN);
    let list = env
        .get_page("/admin/users", Some(&admin))
        .await
        .expect(StatusCode::OK)
        .text();
    assert!(list.contains("id=\"accounts\"") && list.contains("sato"), "{list}");
    // A bad login is shown next to its field, what was typed kept.
    let r = env
        .post_page(
            "/admin/users",
            Some(&admin),
            "login=%E5%B1%B1%E7%94%B0&display_name=%E5%B1%B1%E7%94%B0&roles=counter",
        )
        .await
        .expect(StatusCode::OK);
    assert!(
        r.text().contains("id=\"login-error\"") && r.text().contains("value=\"山田\""),
        "{}",
        r.text()
    );
    // A login already used.
    let r = env
        .post_page("/admin/users", Some(&admin), "login=sato&display_name=x&roles=counter")
        .await
        .expect(StatusCode::OK);
    assert!(r.text().contains("既に使われています"), "{}", r.text());
    // Added: the link page, and the link works for the new user.
    let r = env
        .post_page(
            "/admin/users",
            Some(&admin),
            "login=yamada&display_name=%E5%B1%B1%E7%94%B0%20%E8%81%B7%E5%93%A1&roles=counter&roles=eligibility",
        )
        .await
        .expect(StatusCode::OK);
    let html = r.text();
    let url = html
        .split("id=\"link\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();
    let path = url.split_once("/enroll/").map(|(_, t)| format!("/enroll/{t}")).unwrap();
    env.get_page(&path, None).await.expect(StatusCode::OK);
    let accounts = env.app.staff_accounts(&env.actor(ADMIN)).unwrap();
    let y = accounts.iter().find(|a| a.login == "yamada").unwrap();
    assert_eq!(y.roles, vec!["counter".to_string(), "eligibility".to_string()]);
    assert!(!y.enrolled);
    // Audited.
    assert!(
        env.audit_rows()
            .iter()
            .any(|(a, o, who)| a == "user.add" && o == "success" && who == ADMIN)
    );
}

#[tokio::test]
async fn role_changes_and_disabling_take_effect_on_the_next_request() {
    let env = env();
    env.import_residents().await;
    let admin = env.session(ADMIN);
    let clerk = env.session("sato");
    env.get_page("/households/2001", Some(&clerk))
        .await
        .expect(StatusCode::OK);
    // sato keeps only 窓口: eligibility changes are refused at once.
    env.post_page("/admin/users/sato/roles", Some(&admin), "roles=counter")
        .await
        .expect(StatusCode::OK);
    env.get_page("/households/2001", Some(&clerk))
        .await
        .expect(StatusCode::OK);
    env.get_page("/residents/1003/enroll", Some(&clerk))
        .await
        .expect(StatusCode::FORBIDDEN);
    // 窓口 loses 資格照会 in the role table: the household page is refused too.
    env.post_page("/admin/roles/counter", Some(&admin), "")
        .await
        .expect(StatusCode::SEE_OTHER);
    env.get_page("/households/2001", Some(&clerk))
        .await
        .expect(StatusCode::FORBIDDEN);
    let roles = env
        .get_page("/admin/roles?done=1", Some(&admin))
        .await
        .expect(StatusCode::OK)
        .text();
    assert!(roles.contains("権限を変更しました"), "{roles}");
    // The administrator role keeps 管理.
    let r = env
        .post_page("/admin/roles/admin", Some(&admin), "permissions=audit")
        .await
        .expect(StatusCode::OK);
    assert!(r.text().contains("外せません"), "{}", r.text());
    // An administrator cannot lock themself out.
    let r = env
        .post_page(&format!("/admin/users/{ADMIN}/roles"), Some(&admin), "roles=counter")
        .await
        .expect(StatusCode::OK);
    assert!(r.text().contains("外せません"), "{}", r.text());
    let r = env
        .post_page(&format!("/admin/users/{ADMIN}/disabled"), Some(&admin), "disabled=1")
        .await
        .expect(StatusCode::OK);
    assert!(r.text().contains("自分自身は利用停止にできません"), "{}", r.text());
    // 利用停止: sato's open session ends on the next request.
    env.post_page("/admin/users/sato/disabled", Some(&admin), "disabled=1")
        .await
        .expect(StatusCode::OK);
    env.get_page("/", Some(&clerk)).await.expect(StatusCode::SEE_OTHER);
    let rows = env.audit_rows();
    for action in ["user.roles_set", "role.permissions_set", "user.set_disabled"] {
        assert!(
            rows.iter().any(|(a, o, _)| a == action && o == "success"),
            "{action} audited"
        );
    }
}

#[tokio::test]
async fn a_locked_account_is_released_and_a_second_factor_reset_by_a_new_link() {
    let env = env();
    let admin = env.session(ADMIN);
    let clerk = env.session("ito");
    for _ in 0..5 {
        assert!(env.app.login_password("ito", "wrong password!").is_err());
    }
    assert!(env.app.login_password("ito", PASSWORD).is_err(), "locked");
    let page = env
        .get_page("/admin/users/ito", Some(&admin))
        .await
        .expect(StatusCode::OK)
        .text();
    assert!(page.contains("ロック中"), "{page}");
    let r = env
        .post_page("/admin/users/ito/unlock", Some(&admin), "")
        .await
        .expect(StatusCode::OK);
    assert!(r.text().contains("ロックを解除しました"), "{}", r.text());
    assert!(env.app.login_password("ito", PASSWORD).is_ok(), "released");
    // Reset: a new link; the old sessions end and the second factor must be registered again.
    let r = env
        .post_page("/admin/users/ito/link", Some(&admin), "")
        .await
        .expect(StatusCode::OK);
    assert!(r.text().contains("/enroll/"), "{}", r.text());
    env.get_page("/", Some(&clerk)).await.expect(StatusCode::SEE_OTHER);
    let a = env.app.staff_account(&env.actor(ADMIN), "ito").unwrap();
    assert!(!a.enrolled && a.live_sessions == 0);
    // Only administrators reach these screens.
    env.get_page("/admin/users", Some(&clerk))
        .await
        .expect(StatusCode::SEE_OTHER);
    let other = env.session("sato");
    env.get_page("/admin/users", Some(&other))
        .await
        .expect(StatusCode::FORBIDDEN);
    env.post_page("/admin/users/ito/unlock", Some(&other), "")
        .await
        .expect(StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_password_past_the_city_maximum_age_must_be_changed_first() {
    use kokuho_app::staff::auth::AuthPolicy;
    let base = env();
    use kokuho_app::Clock as _;
    let policy = AuthPolicy {
        max_password_age: Some(jiff::SignedDuration::from_hours(24 * 90)),
        ..AuthPolicy::default()
    };
    let app = base.app.clone().with_auth_policy(policy);
    let env = base.with_router(kokuho_web::router(app));
    let (s, secret) = env.enrol_and_login("sato");
    env.get_page("/", Some(&s)).await.expect(StatusCode::OK);
    // Logging in 91 days later: every page leads to the password change.
    env.clock.advance(jiff::SignedDuration::from_hours(24 * 91));
    let first = env.app.login_password("sato", PASSWORD).unwrap();
    let code = kokuho_crypto::totp::code_at(&secret, env.clock.now().as_second());
    let s = env.app.login_second_factor(&first.0, &code).unwrap().0.to_string();
    let r = env.get_page("/residents", Some(&s)).await.expect(StatusCode::SEE_OTHER);
    assert_eq!(r.headers.get(axum::http::header::LOCATION).unwrap(), "/password");
    let page = env.get_page("/password", Some(&s)).await.expect(StatusCode::OK).text();
    assert!(page.contains("有効期間が過ぎました"), "{page}");
    // Wrong current password, a common new one, a mismatch: each next to its field.
    let r = env
        .post_page(
            "/password",
            Some(&s),
            "current=wrong&password=kawa-no-nagare-2027%21&confirm=kawa-no-nagare-2027%21",
        )
        .await
        .expect(StatusCode::OK);
    assert!(r.text().contains("id=\"current-error\""), "{}", r.text());
    let current = urlencode(PASSWORD);
    let r = env
        .post_page(
            "/password",
            Some(&s),
            &format!("current={current}&password=password1234&confirm=password1234"),
        )
        .await
        .expect(StatusCode::OK);
    assert!(r.text().contains("id=\"password-error\""), "{}", r.text());
    let r = env
        .post_page(
            "/password",
            Some(&s),
            &format!("current={current}&password=kawa-no-nagare-2027%21&confirm=other"),
        )
        .await
        .expect(StatusCode::OK);
    assert!(r.text().contains("id=\"confirm-error\""), "{}", r.text());
    let r = env
        .post_page(
            "/password",
            Some(&s),
            &format!("current={current}&password=kawa-no-nagare-2027%21&confirm=kawa-no-nagare-2027%21"),
        )
        .await
        .expect(StatusCode::OK);
    assert!(r.text().contains("パスワードを変更しました"), "{}", r.text());
    env.get_page("/residents", Some(&s)).await.expect(StatusCode::OK);
    assert!(env.app.login_password("sato", "kawa-no-nagare-2027!").is_ok());
    assert!(
        env.audit_rows()
            .iter()
            .any(|(a, o, _)| a == "user.password_change" && o == "success")
    );
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn the_city_sets_its_own_idle_time_and_password_age() {
    let env = env();
    let admin = env.session(ADMIN);
    let clerk = env.session("sato");
    let page = env
        .get_page("/admin/settings", Some(&admin))
        .await
        .expect(StatusCode::OK)
        .text();
    assert!(page.contains("15分（標準）") && page.contains("期限なし"), "{page}");
    // Bad input: messages next to the fields, what was typed kept, nothing saved.
    let r = env
        .post_page(
            "/admin/settings",
            Some(&admin),
            "idle_minutes=90&max_password_age_days=abc",
        )
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text();
    assert!(
        html.contains("id=\"age-error\"") && html.contains("value=\"90\"") && html.contains("value=\"abc\""),
        "{html}"
    );
    let r = env
        .post_page(
            "/admin/settings",
            Some(&admin),
            "idle_minutes=90&max_password_age_days=",
        )
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text().contains("id=\"idle-error\"") && r.text().contains("1分から60分"),
        "{}",
        r.text()
    );
    assert!(env.app.city_settings(&env.actor(ADMIN)).unwrap().updated.is_none());
    // Five minutes, full-width digits accepted: the clerk's screen locks after 6 idle minutes,
    // which the installation's 15 would not.
    env.post_page(
        "/admin/settings",
        Some(&admin),
        "idle_minutes=%EF%BC%95&max_password_age_days=",
    )
    .await
    .expect(StatusCode::SEE_OTHER);
    let page = env
        .get_page("/admin/settings?done=1", Some(&admin))
        .await
        .expect(StatusCode::OK)
        .text();
    assert!(
        page.contains("設定を変更しました") && page.contains("5分") && !page.contains("（標準）"),
        "{page}"
    );
    env.clock.advance(jiff::SignedDuration::from_mins(6));
    let r = env.get_page("/", Some(&clerk)).await.expect(StatusCode::SEE_OTHER);
    assert_eq!(r.headers.get("location").unwrap(), "/unlock");
    // A maximum password age of 30 days: 31 days after choosing it, only the password change is open.
    let (_, secret) = env.enrol_and_login("ito");
    let admin = env.enrol_and_login(ADMIN).0;
    env.post_page(
        "/admin/settings",
        Some(&admin),
        "idle_minutes=&max_password_age_days=30",
    )
    .await
    .expect(StatusCode::SEE_OTHER);
    env.clock.advance(jiff::SignedDuration::from_hours(24 * 31));
    let first = env.app.login_password("ito", PASSWORD).unwrap();
    let code = kokuho_crypto::totp::code_at(&secret, env.clock.now().as_second());
    let ito = env.app.login_second_factor(&first.0, &code).unwrap().0.to_string();
    let r = env
        .get_page("/residents", Some(&ito))
        .await
        .expect(StatusCode::SEE_OTHER);
    assert_eq!(r.headers.get("location").unwrap(), "/password");
    // Every change audited with the values before and after; staff without 管理 are refused.
    let changes: Vec<_> = env
        .audit_rows()
        .into_iter()
        .filter(|(a, o, _)| a == "settings.change" && o == "success")
        .collect();
    assert_eq!(changes.len(), 2);
    let (clerk, _) = env.enrol_and_login("sato");
    env.get_page("/admin/settings", Some(&clerk))
        .await
        .expect(StatusCode::FORBIDDEN);
}
