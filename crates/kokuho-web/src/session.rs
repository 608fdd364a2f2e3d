//! The staff session on the web: a `__Host-` cookie (Secure, HttpOnly, SameSite=Strict, Path=/)
//! holding the opaque session id, the [`Staff`] extractor for pages that need a logged-in user,
//! and the cross-site check for every form post (security.md C06, CSRF).
//!
//! The cookie value is resolved on every request through `App::session`, so an idle lock, a
//! logout elsewhere, a disabled account or a revoked role takes effect on the next request.
//! Cross-site posts are refused by `Sec-Fetch-Site` (else `Origin`, else `Referer`, against `Host`),
//! the token-free algorithm of rust-stack.md row 9; a post with none of them is refused too. The
//! SameSite=Strict cookie is the second line.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use kokuho_app::App;
use kokuho_app::staff::auth::{SessionState, StaffSession};

use crate::blocking::blocking;

/// The session cookie's name (`__Host-`: the browser only accepts it Secure, from this host, for
/// the whole site).
pub const COOKIE: &str = "__Host-kokuho";

/// The session id presented with a request, if any.
pub fn cookie_value(parts: &Parts) -> Option<String> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == COOKIE && !value.is_empty() && value.len() <= 128 && value.bytes().all(|b| b.is_ascii_graphic()))
                .then(|| value.to_string())
        })
}

/// `Set-Cookie` for a new session id.
pub fn set_cookie(value: &str) -> Option<HeaderValue> {
    HeaderValue::from_str(&format!("{COOKIE}={value}; Path=/; Secure; HttpOnly; SameSite=Strict")).ok()
}

/// `Set-Cookie` that removes the cookie.
pub fn clear_cookie() -> HeaderValue {
    HeaderValue::from_static("__Host-kokuho=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0")
}

/// Whether a state-changing request comes from another site (refused).
pub fn is_cross_site(parts: &Parts) -> bool {
    if let Some(site) = parts.headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    match (
        parts.headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
        parts.headers.get(header::HOST).and_then(|v| v.to_str().ok()),
    ) {
        (Some(origin), Some(host)) => !same_authority(origin, host),
        (Some(_), None) => true,
        // No Origin (browsers send it on every POST): only a same-origin Referer vouches for the
        // form; a post with none of the three is refused (issue 13, item 6).
        (None, host) => !parts
            .headers
            .get(header::REFERER)
            .and_then(|v| v.to_str().ok())
            .zip(host)
            .is_some_and(|(referer, host)| same_authority(referer, host)),
    }
}

/// Whether the URL `url` (an Origin or a Referer) names the host `host` (`Host` header).
fn same_authority(url: &str, host: &str) -> bool {
    url.split_once("://")
        .is_some_and(|(_, rest)| rest.split('/').next() == Some(host))
}

/// A logged-in staff member with the session id, for pages.
#[derive(Debug, Clone)]
pub struct Staff {
    pub session: StaffSession,
    pub token: String,
}

/// Where a request without an active session goes.
fn to(path: &str) -> Response {
    Redirect::to(path).into_response()
}

/// The page a session in `state` belongs on (`None`: no session → the login page).
pub(crate) fn page_of(state: &SessionState) -> &'static str {
    match state {
        SessionState::Active(_) => "/",
        SessionState::SecondFactorDue { .. } => "/login/code",
        SessionState::Locked { .. } => "/unlock",
        SessionState::None => "/login",
    }
}

impl FromRequestParts<App> for Staff {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        if parts.method != Method::GET && parts.method != Method::HEAD && is_cross_site(parts) {
            return Err(refuse_cross_site(app, parts).await);
        }
        let Some(token) = cookie_value(parts) else {
            return Err(to("/login"));
        };
        let (a, t) = (app.clone(), token.clone());
        let state = blocking(move || a.session(&t))
            .await
            .map_err(IntoResponse::into_response)?;
        match state {
            // A password past the city's maximum age: only its change is open.
            SessionState::Active(session) if session.password_expired && parts.uri.path() != "/password" => {
                Err(to("/password"))
            }
            SessionState::Active(session) => {
                let staff = Staff { session, token };
                refuse_without_permission(app, parts, &staff).await?;
                Ok(staff)
            }
            other => Err(to(page_of(&other))),
        }
    }
}

/// A form post to a page whose use case needs a permission the user lacks: refused (403, audited)
/// before the form is read, so the refusal never describes its fields.
async fn refuse_without_permission(app: &App, parts: &Parts, staff: &Staff) -> Result<(), Response> {
    if parts.method == Method::GET || parts.method == Method::HEAD {
        return Ok(());
    }
    let Some(permission) = parts
        .extensions
        .get::<axum::extract::MatchedPath>()
        .and_then(|m| crate::inventory::permission_of(parts.method.as_str(), m.as_str()))
    else {
        return Ok(());
    };
    if staff.session.actor.has(permission) {
        return Ok(());
    }
    let (app, actor) = (app.clone(), staff.session.actor.clone());
    let subject = format!("{} {}", parts.method, parts.uri.path());
    match blocking(move || {
        app.require_for_screen(&actor, permission, kokuho_app::AuditAction::PermissionRefused, &subject)
    })
    .await
    {
        Ok(()) => Ok(()),
        Err(e) => Err(staff.error(e)),
    }
}

/// Refuses a cross-site form post, audited against the session it carried (if any).
pub(crate) async fn refuse_cross_site(app: &App, parts: &Parts) -> Response {
    let app = app.clone();
    let token = cookie_value(parts);
    let event = kokuho_app::AuditEvent::CrossSiteRequestRefused {
        method: parts.method.as_str().to_string(),
        path: parts.uri.path().to_string(),
        sec_fetch_site: parts
            .headers
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
    };
    if let Err(e) = blocking(move || app.record_refused_request(token.as_deref(), event)).await {
        tracing::error!(error = ?e.body().code, "拒否した送信を監査ログに記録できませんでした");
    }
    forbidden_cross_site()
}

/// 403 for a cross-site form post.
pub fn forbidden_cross_site() -> Response {
    tracing::warn!("他サイトからの送信を拒否しました");
    (
        StatusCode::FORBIDDEN,
        crate::pages::error_page("この操作は受け付けられません（別のサイトからの送信です）"),
    )
        .into_response()
}
