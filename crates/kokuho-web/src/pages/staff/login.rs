//! ログイン・画面ロック・ログアウト・利用登録 (server-rendered forms, no script).

use askama::Template;
use axum::Form;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use kokuho_app::staff::auth::{LoginError, SessionState};
use kokuho_app::{App, AppError};
use serde::Deserialize;

use crate::blocking::blocking;
use crate::error::ApiError;
use crate::pages::render;
use std::sync::Arc;

use axum::Extension;

use crate::session::{clear_cookie, cookie_value, is_cross_site, page_of, refuse_cross_site, set_cookie};
use crate::throttle::LoginThrottle;

#[derive(Template)]
#[template(path = "staff/login.html")]
struct LoginPage {
    login: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "staff/code.html")]
struct CodePage {
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "staff/unlock.html")]
struct UnlockPage {
    user: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "staff/enroll.html")]
struct EnrollPage {
    token: String,
    login: String,
    display_name: String,
    secret: String,
    uri: String,
    error: Option<String>,
    password_error: Option<String>,
    code_error: Option<String>,
}

#[derive(Template)]
#[template(path = "staff/enrolled.html")]
struct EnrolledPage {
    codes: Vec<String>,
}

/// The request's parts for the cross-site check and the cookie (forms are read after).
pub(crate) struct FormGuard {
    cookie: Option<String>,
    /// The client address (for the login throttle).
    address: String,
}

impl FromRequestParts<App> for FormGuard {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        if is_cross_site(parts) {
            return Err(refuse_cross_site(app, parts).await);
        }
        Ok(FormGuard {
            cookie: cookie_value(parts),
            address: LoginThrottle::address_of(parts),
        })
    }
}

/// The session cookie, for GET pages of the login steps.
pub(crate) struct SessionCookie(Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for SessionCookie {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(SessionCookie(cookie_value(parts)))
    }
}

fn with_cookie(mut response: Response, cookie: Option<HeaderValue>) -> Response {
    if let Some(c) = cookie {
        response.headers_mut().insert(header::SET_COOKIE, c);
    }
    response
}

/// GET /login.
pub(crate) async fn login_form() -> Response {
    render(&LoginPage {
        login: String::new(),
        error: None,
    })
}

#[derive(Deserialize)]
pub(crate) struct LoginForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
}

/// POST /login: the password; on success the second-factor page. An address with too many
/// recent failures is answered 429 with `Retry-After` before the password is looked at.
pub(crate) async fn login(
    State(app): State<App>,
    guard: FormGuard,
    Extension(throttle): Extension<Arc<LoginThrottle>>,
    Form(f): Form<LoginForm>,
) -> Response {
    let now = app.clock().now();
    if let Some(seconds) = throttle.wait(&guard.address, now) {
        return too_many_tries(seconds);
    }
    let login = f.login.trim().to_string();
    let who = login.clone();
    match blocking(move || Ok::<_, AppError>(app.login_password(&who, &f.password))).await {
        Ok(Ok(token)) => with_cookie(Redirect::to("/login/code").into_response(), set_cookie(&token.0)),
        Ok(Err(e)) => {
            throttle.record_failure(&guard.address, now);
            render(&LoginPage {
                login,
                error: Some(e.to_string()),
            })
        }
        Err(e) => e.into_response(),
    }
}

/// 429 for an address past the login throttle: a Japanese page and `Retry-After`.
fn too_many_tries(seconds: i64) -> Response {
    let minutes = (seconds + 59) / 60;
    let mut page = crate::pages::error_page(&format!(
        "ログインの失敗が続いたため、この端末からのログインを一時的に止めています。約{minutes}分後にもう一度お試しください"
    ));
    *page.status_mut() = axum::http::StatusCode::TOO_MANY_REQUESTS;
    if let Ok(v) = axum::http::HeaderValue::from_str(&seconds.to_string()) {
        page.headers_mut().insert(axum::http::header::RETRY_AFTER, v);
    }
    page
}

/// GET /login/code.
pub(crate) async fn code_form(State(app): State<App>, SessionCookie(cookie): SessionCookie) -> Response {
    match state_of(&app, cookie).await {
        SessionState::SecondFactorDue { .. } => render(&CodePage { error: None }),
        other => Redirect::to(page_of(&other)).into_response(),
    }
}

#[derive(Deserialize)]
pub(crate) struct CodeForm {
    #[serde(default)]
    code: String,
}

/// POST /login/code: the second factor; on success a new session id and the top page.
pub(crate) async fn code(State(app): State<App>, guard: FormGuard, Form(f): Form<CodeForm>) -> Response {
    let Some(cookie) = guard.cookie else {
        return Redirect::to("/login").into_response();
    };
    match blocking(move || Ok::<_, AppError>(app.login_second_factor(&cookie, &f.code))).await {
        Ok(Ok(token)) => with_cookie(Redirect::to("/").into_response(), set_cookie(&token.0)),
        Ok(Err(LoginError::Restart)) => with_cookie(
            render(&LoginPage {
                login: String::new(),
                error: Some(LoginError::Restart.to_string()),
            }),
            Some(clear_cookie()),
        ),
        Ok(Err(e)) => {
            // A wrong code ends the attempt (the password is asked again).
            with_cookie(
                render(&LoginPage {
                    login: String::new(),
                    error: Some(format!("{e}。もう一度ログインしてください")),
                }),
                Some(clear_cookie()),
            )
        }
        Err(e) => e.into_response(),
    }
}

/// The state of the request's session (no cookie, or an error reading it: none).
async fn state_of(app: &App, cookie: Option<String>) -> SessionState {
    let Some(cookie) = cookie else {
        return SessionState::None;
    };
    let app = app.clone();
    blocking(move || app.session(&cookie))
        .await
        .unwrap_or(SessionState::None)
}

/// GET /unlock.
pub(crate) async fn unlock_form(State(app): State<App>, SessionCookie(cookie): SessionCookie) -> Response {
    match state_of(&app, cookie).await {
        SessionState::Locked { display_name, .. } => render(&UnlockPage {
            user: display_name,
            error: None,
        }),
        other => Redirect::to(page_of(&other)).into_response(),
    }
}

#[derive(Deserialize)]
pub(crate) struct UnlockForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    code: String,
}

/// POST /unlock: password and code again.
pub(crate) async fn unlock(State(app): State<App>, guard: FormGuard, Form(f): Form<UnlockForm>) -> Response {
    let Some(cookie) = guard.cookie else {
        return Redirect::to("/login").into_response();
    };
    let name = match state_of(&app, Some(cookie.clone())).await {
        SessionState::Locked { display_name, .. } => display_name,
        other => return Redirect::to(page_of(&other)).into_response(),
    };
    match blocking(move || Ok::<_, AppError>(app.unlock(&cookie, &f.password, &f.code))).await {
        Ok(Ok(())) => Redirect::to("/").into_response(),
        Ok(Err(e)) => render(&UnlockPage {
            user: name,
            error: Some(e.to_string()),
        }),
        Err(e) => e.into_response(),
    }
}

#[derive(Deserialize)]
pub(crate) struct LogoutForm {
    #[serde(default)]
    everywhere: Option<String>,
}

/// POST /logout (optionally from every terminal).
pub(crate) async fn logout(State(app): State<App>, guard: FormGuard, Form(f): Form<LogoutForm>) -> Response {
    if let Some(cookie) = guard.cookie {
        let everywhere = f.everywhere.is_some();
        if let Err(e) = blocking(move || app.logout(&cookie, everywhere)).await {
            return e.into_response();
        }
    }
    with_cookie(Redirect::to("/login").into_response(), Some(clear_cookie()))
}

/// The enrolment page of a link: its key (the same one until the first code confirms it) and,
/// after a refused attempt, the messages by field.
async fn enroll_page(app: App, token: String, refused: Option<(Option<String>, Option<String>)>) -> Response {
    let t = token.clone();
    match blocking(move || app.enrolment(&t)).await {
        Ok(e) => {
            let (password_error, code_error) = refused.clone().unwrap_or_default();
            render(&EnrollPage {
                token,
                login: e.login,
                display_name: e.display_name,
                secret: grouped(&e.secret_base32),
                uri: e.otpauth_uri.to_string(),
                error: refused.map(|_| "入力内容を確認してください".into()),
                password_error,
                code_error,
            })
        }
        Err(e) => error_response(e),
    }
}

/// GET /enroll/{token}: the one-time enrolment page.
pub(crate) async fn enroll_form(State(app): State<App>, Path(token): Path<String>) -> Response {
    enroll_page(app, token, None).await
}

#[derive(Deserialize)]
pub(crate) struct EnrollForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
    #[serde(default)]
    code: String,
}

/// POST /enroll/{token}: the new password and the first code; shows the recovery codes once.
pub(crate) async fn enroll(
    State(app): State<App>,
    _guard: FormGuard,
    Path(token): Path<String>,
    Form(f): Form<EnrollForm>,
) -> Response {
    if f.password != f.confirm {
        return enroll_page(
            app,
            token,
            Some((Some("確認用のパスワードが一致しません".into()), None)),
        )
        .await;
    }
    let a = app.clone();
    let t = token.clone();
    match blocking(move || a.complete_enrolment(&t, &f.password, &f.code)).await {
        Ok(codes) => render(&EnrolledPage {
            codes: codes.iter().map(|c| c.to_string()).collect(),
        }),
        Err(ApiError::App(AppError::Invalid(problems))) => {
            let field = |name: &str| problems.iter().find(|p| p.field == name).map(|p| p.message.clone());
            enroll_page(app, token, Some((field("password"), field("code")))).await
        }
        Err(e) => error_response(e),
    }
}

/// A Japanese error page with the status of the error (an internal error's detail is logged,
/// not shown).
pub(crate) fn error_response(api: ApiError) -> Response {
    (api.status(), crate::pages::error_page(&api.body().message)).into_response()
}

/// The key in groups of four (`ABCD EFGH …`), easier to type into an app (which ignores spaces).
fn grouped(key: &str) -> String {
    key.as_bytes()
        .chunks(4)
        .filter_map(|c| std::str::from_utf8(c).ok())
        .collect::<Vec<_>>()
        .join(" ")
}
