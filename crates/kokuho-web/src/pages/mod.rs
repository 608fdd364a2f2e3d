//! Server-rendered HTML pages (askama templates in `templates/`, one stylesheet, no script).

// Shared by every screen: the two-step form kit and the menu.
pub(crate) mod form;
mod html;
pub(crate) mod nav;

// One folder per business area.
pub(crate) mod assessment;
pub(crate) mod audit;
pub(crate) mod eligibility;
pub(crate) mod staff;

pub(crate) use html::{error_page, render};

use axum::http::header;
use axum::response::IntoResponse;

/// The one stylesheet (served by us: the CSP allows styles from 'self' only).
pub(crate) async fn stylesheet() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("../../static/app.css"),
    )
}

/// Percent-encoding for a query value.
fn encode(v: &str) -> String {
    v.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A link to `path` repeating the filled-in fields of a search form, then `last` (the page or
/// the paging key).
pub(crate) fn search_link(path: &str, fields: &[(&str, &str)], last: (&str, String)) -> String {
    let mut q: Vec<String> = fields
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", encode(v.trim())))
        .collect();
    q.push(format!("{}={}", last.0, last.1));
    format!("{path}?{}", q.join("&"))
}

/// A typed date field: empty → None; otherwise ISO or 和暦, or the message for the field.
pub(crate) fn date_field(text: &str) -> Result<Option<jiff::civil::Date>, String> {
    match text.trim() {
        "" => Ok(None),
        t => kokuho_domain::kernel::date::parse_date(t)
            .map(Some)
            .map_err(|e| e.to_string()),
    }
}

/// A use case's refusal in one line for the top of a page (field problems joined).
pub(crate) fn refusal(e: &kokuho_app::AppError) -> String {
    match e {
        kokuho_app::AppError::Invalid(problems) => problems
            .iter()
            .map(|p| p.message.as_str())
            .collect::<Vec<_>>()
            .join("、"),
        other => other.to_string(),
    }
}

/// Refuses a screen whose only use needs `permission` before it is drawn (audited).
pub(crate) async fn require(
    app: &kokuho_app::App,
    staff: &crate::session::Staff,
    permission: kokuho_app::Permission,
    action: kokuho_app::AuditAction,
    subject: String,
) -> Result<(), crate::error::ApiError> {
    let (a, actor) = (app.clone(), staff.session.actor.clone());
    crate::blocking::blocking(move || a.require_for_screen(&actor, permission, action, &subject)).await
}
