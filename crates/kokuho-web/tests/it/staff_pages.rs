//! The staff screens over HTTP: enrolment by link, login with password then TOTP, the search and
//! household pages behind the session, the idle lock, logout, and refused cross-site posts.

use axum::http::{StatusCode, header};

use crate::support::{Env, PASSWORD, env, my_number};

fn cookie_of(r: &crate::support::Resp) -> String {
    let set = r
        .headers
        .get(header::SET_COOKIE)
        .expect("a Set-Cookie")
        .to_str()
        .unwrap();
    assert!(set.starts_with("__Host-kokuho="), "{set}");
    for attribute in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(set.contains(attribute), "{set} lacks {attribute}");
    }
    set.trim_start_matches("__Host-kokuho=")
        .split(';')
        .next()
        .unwrap()
        .to_string()
}

fn location(r: &crate::support::Resp) -> &str {
    r.headers
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap())
        .unwrap_or("")
}

fn code(env: &Env, secret: &kokuho_crypto::totp::TotpSecret) -> String {
    use kokuho_app::Clock as _;
    kokuho_crypto::totp::code_at(secret, env.clock.now().as_second())
}

#[tokio::test]
async fn enrol_by_link_then_log_in_with_password_and_code() {
    let env = env();
    let link = env
        .app
        .issue_enrolment_link(&crate::support::admin_actor(&env.app), "sato")
        .unwrap();
    let page = env
        .get_page(&format!("/enroll/{link}"), None)
        .await
        .expect(StatusCode::OK);
    let html = page.text();
    assert!(html.contains("利用登録"), "{html}");
    // The key on the page (in the element with id "secret").
    let secret_text = html
        .split("id=\"secret\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();
    let secret = kokuho_crypto::totp::TotpSecret::from_base32(&secret_text).unwrap();
    // A short password is refused next to its field, nothing saved; the same key is shown again.
    let r = env
        .post_page(
            &format!("/enroll/{link}"),
            None,
            &format!("password=short&confirm=short&code={}", code(&env, &secret)),
        )
        .await
        .expect(StatusCode::OK);
    assert!(r.text().contains("12文字以上"), "{}", r.text());
    assert!(r.text().contains(&secret_text));
    let form = format!(
        "password={}&confirm={}&code={}",
        urlencode(PASSWORD),
        urlencode(PASSWORD),
        code(&env, &secret)
    );
    let r = env
        .post_page(&format!("/enroll/{link}"), None, &form)
        .await
        .expect(StatusCode::OK);
    assert!(r.text().contains("recovery-codes"), "{}", r.text());
    // The link is spent.
    env.get_page(&format!("/enroll/{link}"), None)
        .await
        .expect(StatusCode::CONFLICT);

    // Password alone: a cookie for the second step only; the pages still send to the code form.
    let r = env
        .post_page("/login", None, &format!("login=sato&password={}", urlencode(PASSWORD)))
        .await
        .expect(StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/login/code");
    let pending = cookie_of(&r);
    let r = env
        .get_page("/residents", Some(&pending))
        .await
        .expect(StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/login/code");
    env.clock.advance(jiff::SignedDuration::from_secs(30));
    let r = env
        .post_page("/login/code", Some(&pending), &format!("code={}", code(&env, &secret)))
        .await
        .expect(StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/");
    let session = cookie_of(&r);
    assert_ne!(session, pending, "the session id changes at login");
    let home = env.get_page("/", Some(&session)).await.expect(StatusCode::OK);
    assert!(home.text().contains("sato 職員"), "{}", home.text());

    // Search and household pages.
    env.import_residents().await;
    let r = env
        .get_page("/residents?kana=%E3%83%A4%E3%83%9E%E3%83%80", Some(&session))
        .await
        .expect(StatusCode::OK);
    assert!(r.text().contains("id=\"results\""), "{}", r.text());
    assert!(r.text().contains("/households/"), "{}", r.text());
    // A bad birth date is shown next to the field, with what was typed kept.
    let r = env
        .get_page("/residents?birth_date=2026-02-30", Some(&session))
        .await
        .expect(StatusCode::OK);
    assert!(
        r.text().contains("field-error") && r.text().contains("2026-02-30"),
        "{}",
        r.text()
    );
    let r = env
        .get_page("/households/2001", Some(&session))
        .await
        .expect(StatusCode::OK);
    assert!(r.text().contains("id=\"members\""), "{}", r.text());

    // Idle 16 minutes: 画面ロック; password and a fresh code unlock it.
    env.clock.advance(jiff::SignedDuration::from_mins(16));
    let r = env
        .get_page("/residents", Some(&session))
        .await
        .expect(StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/unlock");
    env.get_page("/unlock", Some(&session)).await.expect(StatusCode::OK);
    let r = env
        .post_page(
            "/unlock",
            Some(&session),
            &format!("password={}&code={}", urlencode(PASSWORD), code(&env, &secret)),
        )
        .await
        .expect(StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/");
    env.get_page("/", Some(&session)).await.expect(StatusCode::OK);

    // Logout ends the session on the server.
    let r = env
        .post_page("/logout", Some(&session), "")
        .await
        .expect(StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/login");
    let r = env.get_page("/", Some(&session)).await.expect(StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/login");
}

#[tokio::test]
async fn cross_site_posts_are_refused_and_pages_check_the_permission() {
    let env = env();
    env.import_residents().await;
    let session = env.session("sato");
    for site in ["cross-site", "same-site"] {
        let req = axum::http::Request::builder()
            .method("POST")
            .uri("/logout")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("sec-fetch-site", site)
            .header(header::COOKIE, format!("__Host-kokuho={session}"))
            .body(axum::body::Body::empty())
            .unwrap();
        env.send(req).await.expect(StatusCode::FORBIDDEN);
    }
    // Without Sec-Fetch-Site, an Origin of another host is refused too.
    let req = axum::http::Request::builder()
        .method("POST")
        .uri("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::HOST, "kokuho.example")
        .header(header::ORIGIN, "https://evil.example")
        .body(axum::body::Body::from("login=sato&password=x"))
        .unwrap();
    env.send(req).await.expect(StatusCode::FORBIDDEN);
    // A form post with neither Sec-Fetch-Site, Origin nor Referer (not what a browser sends) is
    // refused too; a same-origin Referer is enough.
    let bare = |referer: Option<&str>| {
        let mut req = axum::http::Request::builder()
            .method("POST")
            .uri("/logout")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::HOST, "kokuho.example")
            .header(header::COOKIE, format!("__Host-kokuho={session}"));
        if let Some(r) = referer {
            req = req.header(header::REFERER, r);
        }
        req.body(axum::body::Body::empty()).unwrap()
    };
    env.send(bare(None)).await.expect(StatusCode::FORBIDDEN);
    env.send(bare(Some("https://evil.example/kokuho.example/")))
        .await
        .expect(StatusCode::FORBIDDEN);
    // The refused logouts did not end the session, and every refusal is on sato's audit trail.
    env.get_page("/", Some(&session)).await.expect(StatusCode::OK);
    let refused = env
        .audit_rows()
        .iter()
        .filter(|(a, o, who)| a == "request.cross_site_refused" && o == "denied" && who == "sato")
        .count();
    assert_eq!(refused, 4);
    env.send(bare(Some("https://kokuho.example/")))
        .await
        .expect(StatusCode::SEE_OTHER);
    env.get_page("/", Some(&session)).await.expect(StatusCode::SEE_OTHER);
    // A change form posted from another site is refused before anything is read or saved.
    let req = axum::http::Request::builder()
        .method("POST")
        .uri("/residents/1003/enroll")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "cross-site")
        .header(header::COOKIE, format!("__Host-kokuho={session}"))
        .body(axum::body::Body::from(
            "acquired_on=2026-04-10&reason=move_in&notified_on=2026-04-10&_step=commit",
        ))
        .unwrap();
    env.send(req).await.expect(StatusCode::FORBIDDEN);
    assert!(
        env.app
            .resident_detail(&env.actor("sato"), "1003")
            .unwrap()
            .periods
            .is_empty()
    );
    // A user without 資格照会 sees the pages' refusal, and it is audited.
    let nobody = env.session("mukengen");
    env.get_page("/", Some(&nobody)).await.expect(StatusCode::OK);
    let before = env.audit_rows().len();
    let r = env
        .get_page("/households/2001", Some(&nobody))
        .await
        .expect(StatusCode::FORBIDDEN);
    assert!(r.text().contains("権限がありません"), "{}", r.text());
    let rows = env.audit_rows();
    assert_eq!(rows.len(), before + 1);
    assert_eq!(rows.last().unwrap().1, "denied");
    // No page shows a My Number (the search shows none even for those with 個人番号参照).
    let n = my_number("12345678901");
    let r = env
        .post(
            "/api/v1/residents/1001/my-number",
            Some("suzuki"),
            serde_json::json!({"my_number": n}),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.text());
    let clerk = env.session("suzuki");
    for path in ["/residents?kana=%E3%83%A4%E3%83%9E%E3%83%80", "/households/2001", "/"] {
        let r = env.get_page(path, Some(&clerk)).await;
        assert!(!r.text().contains(&n), "{path}");
    }
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
async fn the_header_offers_only_what_the_user_may_open_and_a_refusal_keeps_it() {
    let env = env();
    // An auditor: no 住民検索 or 作業リスト in the header, 監査 in the menu.
    let auditor = env.session("kansa");
    let top = env.get_page("/", Some(&auditor)).await.expect(StatusCode::OK).text();
    assert!(
        !top.contains("href=\"/residents\"") && !top.contains("href=\"/work-items\""),
        "{top}"
    );
    assert!(
        top.contains("href=\"/audit\"") && !top.contains("href=\"/admin/users\""),
        "{top}"
    );
    // A clerk: both shortcuts with their access keys.
    let clerk = env.session("sato");
    let top = env.get_page("/", Some(&clerk)).await.expect(StatusCode::OK).text();
    assert!(
        top.contains("accesskey=\"s\">住民検索 (S)") && top.contains("accesskey=\"w\">作業リスト (W)"),
        "{top}"
    );
    // A refused screen is drawn inside the layout: the user's name and header stay.
    let denied = env
        .get_page("/audit", Some(&clerk))
        .await
        .expect(StatusCode::FORBIDDEN)
        .text();
    assert!(
        denied.contains("sato 職員") && denied.contains("住民検索 (S)") && denied.contains("ログアウト"),
        "{denied}"
    );
    assert!(!denied.contains("href=\"/audit\""), "{denied}");
}

/// Failed logins are throttled per client address: the eleventh within ten minutes is 429 with
/// `Retry-After` and a Japanese page, another address is not affected, and the window passes.
#[tokio::test]
async fn failed_logins_are_throttled_per_client_address() {
    let env = env();
    let from = |ip: &str, login: &str| {
        let mut req = axum::http::Request::builder()
            .method("POST")
            .uri("/login")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin")
            .body(axum::body::Body::from(format!("login={login}&password=wrong-password")))
            .unwrap();
        let addr: std::net::SocketAddr = format!("{ip}:50000").parse().unwrap();
        req.extensions_mut().insert(axum::extract::ConnectInfo(addr));
        req
    };
    // Ten failures, over several names (as one trying accounts would).
    for i in 0..10 {
        let login = ["sato", "ito", "nobody", "fuka"][i % 4];
        let r = env.send(from("192.0.2.1", login)).await.expect(StatusCode::OK);
        assert!(r.text().contains("正しくありません"), "{}", r.text());
    }
    let r = env
        .send(from("192.0.2.1", "sato"))
        .await
        .expect(StatusCode::TOO_MANY_REQUESTS);
    let retry: i64 = r
        .headers
        .get(header::RETRY_AFTER)
        .unwrap()
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=600).contains(&retry), "{retry}");
    assert!(r.text().contains("一時的に止めています"), "{}", r.text());
    // Another address is answered as usual.
    env.send(from("192.0.2.2", "sato")).await.expect(StatusCode::OK);
    // Once the window has passed, the first address may try again.
    env.clock.advance(jiff::SignedDuration::from_secs(601));
    env.send(from("192.0.2.1", "sato")).await.expect(StatusCode::OK);
}
