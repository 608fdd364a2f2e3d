//! パスワード変更 by the logged-in user (also where an expired password leads).

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::Response;
use kokuho_app::{App, AppError};
use serde::Deserialize;

use crate::blocking::blocking;
use crate::error::ApiError;
use crate::pages::render;
use crate::session::Staff;

#[derive(Template, Default)]
#[template(path = "staff/password.html")]
struct PasswordPage {
    user: crate::pages::nav::Signed,
    expired: bool,
    done: bool,
    current_error: Option<String>,
    password_error: Option<String>,
    confirm_error: Option<String>,
}

/// GET /password
pub(crate) async fn form(staff: Staff) -> Response {
    render(&PasswordPage {
        expired: staff.session.password_expired,
        user: staff.signed(),
        ..PasswordPage::default()
    })
}

#[derive(Debug, Deserialize)]
pub(crate) struct Change {
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

/// POST /password
pub(crate) async fn change(State(app): State<App>, staff: Staff, Form(c): Form<Change>) -> Response {
    let mut page = PasswordPage {
        expired: staff.session.password_expired,
        user: staff.signed(),
        ..PasswordPage::default()
    };
    if c.password != c.confirm {
        page.confirm_error = Some("確認用のパスワードが一致しません".into());
        return render(&page);
    }
    let token = staff.token.clone();
    match blocking(move || app.change_password(&token, &c.current, &c.password)).await {
        Ok(()) => {
            page.done = true;
            page.expired = false;
            render(&page)
        }
        Err(ApiError::App(AppError::Invalid(problems))) => {
            for p in problems {
                match p.field {
                    "current" => page.current_error = Some(p.message),
                    _ => page.password_error = Some(p.message),
                }
            }
            render(&page)
        }
        Err(e) => staff.error(e),
    }
}
