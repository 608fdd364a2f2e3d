//! 個人番号の画面: the reveal (permission, a fresh second-factor code, a stated purpose; shown for
//! a limited time, never cached, audited) and the 要確認リスト with its two-person resolution.
//! No other page ever carries the digits.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use kokuho_app::eligibility::my_number::ConfirmationView;
use kokuho_app::{App, AppError, AuditAction, Permission};
use kokuho_domain::eligibility::my_number_confirmation::ConfirmationStatus;
use serde::Deserialize;

use crate::blocking::blocking;
use crate::error::ApiError;
use crate::pages::{refusal, render, require};
use crate::session::Staff;

/// How long the number stays on screen before the page goes back to the resident.
pub const REVEAL_SECONDS: u32 = 60;

#[derive(Template)]
#[template(path = "eligibility/reveal_form.html")]
struct RevealForm {
    user: crate::pages::nav::Signed,
    resident_no: String,
    linked: bool,
    needs_code: bool,
    purpose: String,
    purpose_error: Option<String>,
    code_error: Option<String>,
    seconds: u32,
}

#[derive(Template)]
#[template(path = "eligibility/reveal.html")]
struct RevealPage {
    user: crate::pages::nav::Signed,
    resident_no: String,
    /// The digits in groups of four.
    grouped: String,
    seconds: u32,
}

fn needs_code(app: &App, staff: &Staff) -> bool {
    !staff.session.is_fresh(app.clock().now(), &app.auth_policy())
}

/// GET /residents/{resident_no}/my-number: the reveal form.
pub(crate) async fn reveal_form(State(app): State<App>, staff: Staff, Path(resident_no): Path<String>) -> Response {
    let actor = staff.session.actor.clone();
    let (a, r) = (app.clone(), resident_no.clone());
    match blocking(move || a.my_number_reveal_form(&actor, &r)).await {
        Ok(linked) => render(&RevealForm {
            needs_code: needs_code(&app, &staff),
            user: staff.signed(),
            resident_no,
            linked,
            purpose: String::new(),
            purpose_error: None,
            code_error: None,
            seconds: REVEAL_SECONDS,
        }),
        Err(e) => staff.error(e),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct RevealRequest {
    #[serde(default)]
    purpose: String,
    #[serde(default)]
    code: String,
}

/// POST /residents/{resident_no}/my-number: re-authenticates when the last check is not fresh,
/// then shows the number.
pub(crate) async fn reveal(
    State(app): State<App>,
    staff: Staff,
    Path(resident_no): Path<String>,
    Form(req): Form<RevealRequest>,
) -> Response {
    if let Err(e) = require(
        &app,
        &staff,
        Permission::MyNumberAccess,
        AuditAction::MyNumberReveal,
        resident_no.clone(),
    )
    .await
    {
        return staff.error(e);
    }
    let mut form = RevealForm {
        needs_code: needs_code(&app, &staff),
        user: staff.signed(),
        resident_no: resident_no.clone(),
        linked: true,
        purpose: req.purpose.trim().to_string(),
        purpose_error: None,
        code_error: None,
        seconds: REVEAL_SECONDS,
    };
    if form.purpose.is_empty() {
        form.purpose_error = Some("表示する目的を入力してください".into());
    }
    if form.needs_code && req.code.trim().is_empty() {
        form.code_error = Some("確認コードを入力してください".into());
    }
    if form.purpose_error.is_some() || form.code_error.is_some() {
        return render(&form);
    }
    if form.needs_code {
        let (a, token, code) = (app.clone(), staff.token.clone(), req.code.trim().to_string());
        match blocking(move || Ok(a.step_up(&token, &code))).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                form.code_error = Some(e.to_string());
                return render(&form);
            }
            Err(e) => return staff.error(e),
        }
    }
    let (actor, purpose) = (staff.session.actor.clone(), form.purpose.clone());
    let r = resident_no.clone();
    match blocking(move || app.reveal_my_number(&actor, &r, &purpose)).await {
        Ok(n) => {
            let digits = n.expose_digits();
            let grouped = digits
                .as_bytes()
                .chunks(4)
                .filter_map(|c| std::str::from_utf8(c).ok())
                .collect::<Vec<_>>()
                .join(" ");
            render(&RevealPage {
                user: form.user,
                resident_no,
                grouped,
                seconds: REVEAL_SECONDS,
            })
        }
        Err(ApiError::App(AppError::Invalid(problems))) => {
            form.purpose_error = problems.first().map(|p| p.message.clone());
            render(&form)
        }
        Err(e) => staff.error(e),
    }
}

#[derive(Template)]
#[template(path = "eligibility/confirmations.html")]
struct ConfirmationsPage {
    user: crate::pages::nav::Signed,
    me: String,
    items: Vec<ConfirmationView>,
    all: bool,
    page: u32,
    done: bool,
    error: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListQuery {
    #[serde(default)]
    all: Option<String>,
    #[serde(default)]
    page: Option<u32>,
    #[serde(default)]
    done: Option<String>,
}

async fn confirmations_page(app: App, staff: Staff, q: ListQuery, error: Option<String>) -> Response {
    let all = q.all.is_some();
    let page = q.page.unwrap_or(1).max(1);
    let actor = staff.session.actor.clone();
    match blocking(move || app.my_number_confirmations(&actor, !all, page)).await {
        Ok(items) => render(&ConfirmationsPage {
            me: staff.session.actor.login.to_string(),
            user: staff.signed(),
            items,
            all,
            page,
            done: q.done.is_some(),
            error,
        }),
        Err(e) => staff.error(e),
    }
}

/// GET /my-number/confirmations: 要確認リスト (open ones unless `?all`).
pub(crate) async fn confirmations(State(app): State<App>, staff: Staff, Query(q): Query<ListQuery>) -> Response {
    confirmations_page(app, staff, q, None).await
}

#[derive(Debug, Deserialize)]
pub(crate) struct Resolution {
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    note: String,
}

/// POST /my-number/confirmations/{confirmation_id}: 要確認の解消 by a second person.
pub(crate) async fn resolve(
    State(app): State<App>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(r): Form<Resolution>,
) -> Response {
    let adopt = match r.outcome.as_str() {
        "link" => true,
        "reject" => false,
        _ => {
            return confirmations_page(
                app,
                staff,
                ListQuery::default(),
                Some("「紐付ける」か「紐付けない」を選んでください".into()),
            )
            .await;
        }
    };
    let (a, actor) = (app.clone(), staff.session.actor.clone());
    match blocking(move || a.resolve_confirmation(&actor, id, adopt, &r.note)).await {
        Ok(()) => Redirect::to("/my-number/confirmations?done=1").into_response(),
        Err(ApiError::App(e @ (AppError::Invalid(_) | AppError::Conflict(_) | AppError::NotFound { .. }))) => {
            confirmations_page(
                app,
                staff,
                ListQuery::default(),
                Some(format!("要確認{id}: {}", refusal(&e))),
            )
            .await
        }
        Err(e) => staff.error(e),
    }
}
