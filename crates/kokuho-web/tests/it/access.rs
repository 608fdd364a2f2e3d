//! Authentication (401), permissions (403, audited), security headers on every route.

use axum::body::Body;
use axum::http::{Method, StatusCode, header};
use kokuho_web::{Access, routes};

use crate::support::{Env, env, my_number};

#[tokio::test]
async fn healthz_is_public_and_ok() {
    let env = env();
    let r = env.get("/healthz", None).await.expect(StatusCode::OK);
    assert_eq!(r.json(), serde_json::json!({"status": "ok"}));
    assert_eq!(r.headers.get(header::CONTENT_TYPE).unwrap(), "application/json");
}

#[tokio::test]
async fn no_token_bad_token_and_malformed_header_are_401() {
    let env = env();
    let r = env
        .get("/api/v1/residents/1001", None)
        .await
        .expect(StatusCode::UNAUTHORIZED);
    let body = r.json();
    assert_eq!(body["code"], "unauthenticated");
    assert_eq!(body["message"], "認証されていません");
    assert!(r.headers.get(header::WWW_AUTHENTICATE).is_some());

    for value in [
        "Bearer not-a-real-token",
        "Bearer ",
        "Basic c2F0bzpwdw==",
        "bearer",
        "Token abc",
    ] {
        let req = Env::request(Method::GET, "/api/v1/residents/1001", None)
            .header(header::AUTHORIZATION, value)
            .body(Body::empty())
            .unwrap();
        let r = env.send(req).await.expect(StatusCode::UNAUTHORIZED);
        assert_eq!(r.json()["code"], "unauthenticated", "{value}");
    }

    // Two Authorization headers are ambiguous: refused even if one is good.
    let good = format!("Bearer {}", env.token("sato"));
    let req = Env::request(Method::GET, "/api/v1/residents/1001", None)
        .header(header::AUTHORIZATION, good.as_str())
        .header(header::AUTHORIZATION, "Bearer other")
        .body(Body::empty())
        .unwrap();
    env.send(req).await.expect(StatusCode::UNAUTHORIZED);

    // Scheme is case-insensitive.
    env.import_residents().await;
    let req = Env::request(Method::GET, "/api/v1/residents/1001", None)
        .header(header::AUTHORIZATION, format!("bearer {}", env.token("sato")))
        .body(Body::empty())
        .unwrap();
    env.send(req).await.expect(StatusCode::OK);
}

#[tokio::test]
async fn every_protected_route_is_401_anonymously_or_with_a_bad_token() {
    let env = env();
    let n = my_number("12345678901");
    for spec in routes() {
        let r = env.call_sample(spec.method, spec.path, None, &n).await;
        match spec.access {
            Access::Public => assert_eq!(r.status, StatusCode::OK, "{} {}", spec.method, spec.path),
            Access::Requires(_) => {
                assert_eq!(
                    r.status,
                    StatusCode::UNAUTHORIZED,
                    "{} {}: {}",
                    spec.method,
                    spec.path,
                    r.text()
                );
                assert_eq!(r.json()["code"], "unauthenticated");
            }
            // Staff pages send an anonymous visitor to the login page.
            Access::StaffPage(_) => {
                assert_eq!(
                    r.status,
                    StatusCode::SEE_OTHER,
                    "{} {}: {}",
                    spec.method,
                    spec.path,
                    r.text()
                );
                assert_eq!(
                    r.headers.get(header::LOCATION).unwrap(),
                    "/login",
                    "{} {}",
                    spec.method,
                    spec.path
                );
            }
            // Login steps answer anonymously with a page or a redirect, never with data.
            Access::LoginStep => assert!(
                r.status.is_success() || r.status.is_redirection() || r.status == StatusCode::NOT_FOUND,
                "{} {}: {}",
                spec.method,
                spec.path,
                r.status
            ),
        }
    }
}

#[tokio::test]
async fn disabled_user_and_revoked_role_take_effect_on_the_next_request() {
    let env = env();
    env.import_residents().await;
    env.get("/api/v1/residents/1001", Some("ito"))
        .await
        .expect(StatusCode::OK);

    // Revoke ito's only role through the API: the next request is denied.
    env.post(
        "/api/v1/admin/users/ito/roles",
        Some("kanri"),
        serde_json::json!({"role": "counter", "grant": false}),
    )
    .await
    .expect(StatusCode::NO_CONTENT);
    let r = env
        .get("/api/v1/residents/1001", Some("ito"))
        .await
        .expect(StatusCode::FORBIDDEN);
    assert_eq!(r.json()["code"], "forbidden");

    // Disable sato: the token stops working at once.
    env.get("/api/v1/residents/1001", Some("sato"))
        .await
        .expect(StatusCode::OK);
    let admin = env.actor("kanri");
    env.app.set_disabled(&admin, "sato", true).unwrap();
    env.get("/api/v1/residents/1001", Some("sato"))
        .await
        .expect(StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_role_without_the_permission_is_denied_on_every_route_and_the_denial_is_audited() {
    let env = env();
    let n = my_number("12345678901");
    let protected: Vec<_> = routes()
        .iter()
        .filter(|r| matches!(r.access, Access::Requires(_)))
        .collect();
    for spec in &protected {
        let before = env.audit_rows().len();
        let r = env.call_sample(spec.method, spec.path, Some("mukengen"), &n).await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "{} {}: {}",
            spec.method,
            spec.path,
            r.text()
        );
        let body = r.json();
        assert_eq!(body["code"], "forbidden");
        assert!(
            body["message"].as_str().unwrap().starts_with("権限がありません"),
            "{body}"
        );
        let rows = env.audit_rows();
        assert_eq!(
            rows.len(),
            before + 1,
            "{} {}: one audit record per denial",
            spec.method,
            spec.path
        );
        let (action, outcome, actor) = rows.last().unwrap();
        assert_eq!((outcome.as_str(), actor.as_str()), ("denied", "mukengen"), "{action}");
    }

    // The counter role reads but does not write.
    env.import_residents().await;
    env.get("/api/v1/residents/1001", Some("ito"))
        .await
        .expect(StatusCode::OK);
    env.call_sample("POST", "/api/v1/eligibility/enroll", Some("ito"), &n)
        .await
        .expect(StatusCode::FORBIDDEN);
    // The administrator manages users but reads no personal data by default.
    env.get("/api/v1/residents/1001", Some("kanri"))
        .await
        .expect(StatusCode::FORBIDDEN);

    // The chain with all those denials still verifies.
    let r = env
        .post("/api/v1/audit/verify", Some("kansa"), serde_json::json!(null))
        .await
        .expect(StatusCode::OK);
    assert_eq!(r.json()["ok"], true, "{}", r.text());
}

#[tokio::test]
async fn security_headers_are_on_every_response() {
    let env = env();
    env.import_residents().await;
    let n = my_number("12345678901");
    let expected = kokuho_web::middleware::SECURITY_HEADERS;
    let mut responses = Vec::new();
    for spec in routes() {
        for login in [None, Some("sato"), Some("mukengen")] {
            responses.push((
                format!("{} {} as {login:?}", spec.method, spec.path),
                env.call_sample(spec.method, spec.path, login, &n).await,
            ));
        }
    }
    responses.push((
        "404".into(),
        env.get("/nowhere", None).await.expect(StatusCode::NOT_FOUND),
    ));
    responses.push((
        "405".into(),
        env.post("/healthz", None, serde_json::json!({}))
            .await
            .expect(StatusCode::METHOD_NOT_ALLOWED),
    ));
    responses.push((
        "422".into(),
        env.post_text("/api/v1/eligibility/enroll", Some("sato"), "{")
            .await
            .expect(StatusCode::UNPROCESSABLE_ENTITY),
    ));
    for (what, r) in &responses {
        for (name, value) in expected {
            assert_eq!(
                r.headers.get(*name).map(|v| v.to_str().unwrap()),
                Some(*value),
                "{what}: {name}"
            );
        }
        assert!(r.headers.get("x-request-id").is_some(), "{what}");
        // C08: nothing is offered as a download or spreadsheet.
        assert!(r.headers.get(header::CONTENT_DISPOSITION).is_none(), "{what}");
        let ct = r
            .headers
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        assert!(
            !ct.contains("csv") && !ct.contains("excel") && !ct.contains("spreadsheet"),
            "{what}: {ct}"
        );
    }
}

#[tokio::test]
async fn staff_pages_refuse_a_session_without_the_permission_and_audit_it() {
    use kokuho_app::authz::DEFAULT_ROLES;
    let env = crate::support::env_with_rates();
    env.import_residents().await;
    let admin = crate::support::admin_actor(&env.app);
    // One user per role, and one whose account is then disabled.
    let mut users = Vec::new();
    for (i, (role, _, permissions)) in DEFAULT_ROLES.iter().enumerate() {
        let login = format!("yaku{i}");
        env.app
            .add_user(
                &admin,
                &kokuho_domain::Login::parse(&login).unwrap(),
                &format!("{role} 職員"),
                &[role.to_string()],
                None,
            )
            .unwrap();
        users.push((login, *permissions));
    }
    env.app
        .add_user(
            &admin,
            &kokuho_domain::Login::parse("teishi").unwrap(),
            "停止 職員",
            &["eligibility".to_string()],
            None,
        )
        .unwrap();
    let disabled = env.session("teishi");
    env.app.set_disabled(&admin, "teishi", true).unwrap();
    let n = my_number("12345678901");
    for spec in routes() {
        let Access::StaffPage(permission) = spec.access else {
            continue;
        };
        for (login, permissions) in &users {
            let before = env.audit_rows().len();
            let r = env.call_sample(spec.method, spec.path, Some(login), &n).await;
            let location = r
                .headers
                .get(axum::http::header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string();
            if permission.is_none_or(|p| permissions.contains(&p)) {
                // Served: a page, or a saved change's redirect (never back to a login step).
                let served = r.status == StatusCode::OK
                    || (r.status == StatusCode::SEE_OTHER
                        && !["/login", "/login/code", "/unlock"].contains(&location.as_str()));
                assert!(
                    served,
                    "{} {} as {login}: {} {location} {}",
                    spec.method,
                    spec.path,
                    r.status,
                    r.text()
                );
                // A page's title is plain text (a misplaced template block would put markup there).
                if let Some(title) = r
                    .text()
                    .split("<title>")
                    .nth(1)
                    .and_then(|t| t.split("</title>").next())
                {
                    assert!(!title.contains('<'), "{} {}: title {title}", spec.method, spec.path);
                }
            } else {
                assert_eq!(
                    r.status,
                    StatusCode::FORBIDDEN,
                    "{} {} as {login}: {}",
                    spec.method,
                    spec.path,
                    r.text()
                );
                assert!(r.text().contains("権限がありません"), "{} {}", spec.method, spec.path);
                let rows = env.audit_rows();
                assert!(
                    rows[before..]
                        .iter()
                        .any(|(_, outcome, actor)| outcome == "denied" && actor == login),
                    "{} {} as {login}: the denial is audited",
                    spec.method,
                    spec.path
                );
            }
        }
        // A disabled account's session is over: back to the login page.
        let (path, _) = crate::support::sample(spec.method, spec.path, &n);
        let r = if spec.method == "GET" {
            env.get_page(&path, Some(&disabled)).await
        } else {
            env.post_page(&path, Some(&disabled), "").await
        };
        assert_eq!(
            r.status,
            StatusCode::SEE_OTHER,
            "{} {} as a disabled user",
            spec.method,
            spec.path
        );
    }
}

/// The route × role matrix of the API: every route against one user of every default role and a
/// disabled user. A role is refused (403, audited) exactly when it lacks the route's permission;
/// a disabled account's token no longer authenticates (401).
#[tokio::test]
async fn every_api_route_against_every_role_and_a_disabled_user() {
    use kokuho_app::authz::DEFAULT_ROLES;
    const LOGINS: [&str; 9] = [
        "yaku0", "yaku1", "yaku2", "yaku3", "yaku4", "yaku5", "yaku6", "yaku7", "yaku8",
    ];
    assert_eq!(DEFAULT_ROLES.len(), LOGINS.len(), "one login per default role");
    let mut env = env();
    env.import_residents().await;
    let admin = crate::support::admin_actor(&env.app);
    for (login, (role, _, _)) in LOGINS.iter().zip(DEFAULT_ROLES) {
        env.app
            .add_user(
                &admin,
                &kokuho_domain::Login::parse(login).unwrap(),
                &format!("{role} 職員"),
                &[role.to_string()],
                None,
            )
            .unwrap();
        let token = env.app.create_token(&admin, login, "matrix").unwrap();
        env.tokens.insert(login, token);
    }
    let all_roles: Vec<String> = DEFAULT_ROLES.iter().map(|(r, _, _)| r.to_string()).collect();
    env.app
        .add_user(
            &admin,
            &kokuho_domain::Login::parse("teishi").unwrap(),
            "停止 職員",
            &all_roles,
            None,
        )
        .unwrap();
    let token = env.app.create_token(&admin, "teishi", "matrix").unwrap();
    env.tokens.insert("teishi", token);
    env.app.set_disabled(&admin, "teishi", true).unwrap();
    let n = my_number("12345678901");
    for spec in routes() {
        let Access::Requires(permission) = spec.access else {
            continue;
        };
        for (login, (_, _, permissions)) in LOGINS.iter().zip(DEFAULT_ROLES) {
            let before = env.audit_rows().len();
            let r = env.call_sample(spec.method, spec.path, Some(login), &n).await;
            if permissions.contains(&permission) {
                assert!(
                    r.status != StatusCode::FORBIDDEN && r.status != StatusCode::UNAUTHORIZED,
                    "{} {} as {login}: {} {}",
                    spec.method,
                    spec.path,
                    r.status,
                    r.text()
                );
            } else {
                assert_eq!(
                    r.status,
                    StatusCode::FORBIDDEN,
                    "{} {} as {login}: {}",
                    spec.method,
                    spec.path,
                    r.text()
                );
                let rows = env.audit_rows();
                assert!(
                    rows[before..]
                        .iter()
                        .any(|(_, outcome, actor)| outcome == "denied" && actor == login),
                    "{} {} as {login}: audited",
                    spec.method,
                    spec.path
                );
            }
        }
        let r = env.call_sample(spec.method, spec.path, Some("teishi"), &n).await;
        assert_eq!(
            r.status,
            StatusCode::UNAUTHORIZED,
            "{} {} as a disabled user",
            spec.method,
            spec.path
        );
    }
}

/// The test users tried against routes whose permission they may lack.
const LACKING: [&str; 5] = ["mukengen", "ito", "fuka", "sato", "kansa"];

/// `pattern` (`/api/v1/residents/{resident_no}`) with every parameter set to `value`.
fn with_params(pattern: &str, value: &str) -> String {
    pattern
        .split('/')
        .map(|seg| if seg.starts_with('{') { value } else { seg })
        .collect::<Vec<_>>()
        .join("/")
}

/// Permission before validation (issue 13, item 5): every API route that needs a permission,
/// called by each test user who lacks it with a path, query and body that are all wrong, is
/// refused 403 `forbidden` — never a 422 describing fields, nor a 404 — and audited.
#[tokio::test]
async fn without_the_permission_a_request_is_refused_before_anything_in_it_is_read() {
    let env = env();
    let mut refused = 0;
    for spec in routes() {
        let Access::Requires(permission) = spec.access else {
            continue;
        };
        if !spec.path.starts_with("/api/") {
            continue;
        }
        // Every path parameter wrong, a query the route cannot read, a body of nonsense.
        let path = with_params(spec.path, "%ZZ不正");
        let uri = format!("{path}?page=0&page=-1&fiscal_year=abc");
        for login in LACKING {
            if env.actor(login).require(permission).is_ok() {
                continue;
            }
            let method = Method::from_bytes(spec.method.as_bytes()).unwrap();
            let mut req = Env::request(method, &uri, Some(env.token(login)));
            let body = if spec.method == "POST" {
                req = req.header(header::CONTENT_TYPE, "application/json");
                Body::from(r#"{"bogus": ["x"], "my_number": 1}"#)
            } else {
                Body::empty()
            };
            let r = env.send(req.body(body).unwrap()).await;
            assert_eq!(
                r.status,
                StatusCode::FORBIDDEN,
                "{login} {} {uri}: {}",
                spec.method,
                r.text()
            );
            assert_eq!(r.json()["code"], "forbidden", "{login} {} {uri}", spec.method);
            refused += 1;
        }
    }
    assert!(refused >= 50, "{refused} refusals tried");
    let audited = env
        .audit_rows()
        .iter()
        .filter(|(action, outcome, _)| action == "request.permission_refused" && outcome == "denied")
        .count();
    assert_eq!(audited, refused, "every refusal is on the audit trail");
}

/// The same on the screens: a form posted to a page whose use case needs a permission the user
/// lacks is refused (403, the refusal page, audited) before the form is read.
#[tokio::test]
async fn without_the_permission_a_form_post_is_refused_before_it_is_read() {
    let env = env();
    let mut refused = 0;
    for spec in routes() {
        let Access::StaffPage(Some(permission)) = spec.access else {
            continue;
        };
        if spec.method != "POST" {
            continue;
        }
        let path = with_params(spec.path, "x");
        for login in LACKING {
            if env.actor(login).require(permission).is_ok() {
                continue;
            }
            let session = env.session(login);
            let r = env.post_page(&path, Some(&session), "bogus=%FF&_step=commit").await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{login} POST {path}: {}", r.text());
            assert!(r.text().contains("権限"), "{login} POST {path}: {}", r.text());
            refused += 1;
        }
    }
    assert!(refused >= 20, "{refused} refusals tried");
    let audited = env
        .audit_rows()
        .iter()
        .filter(|(action, outcome, _)| action == "request.permission_refused" && outcome == "denied")
        .count();
    assert_eq!(audited, refused);
}
