//! Server-rendered HTML pages (askama templates in `templates/`, one stylesheet, no script).

pub(crate) mod admin;
pub(crate) mod audit;
pub(crate) mod changes;
pub(crate) mod form;
pub(crate) mod login;
pub(crate) mod my_number;
pub(crate) mod password;
pub(crate) mod simulator;
pub(crate) mod staff;
pub(crate) mod work_items;

use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

/// The one stylesheet (served by us: the CSP allows styles from 'self' only).
pub(crate) async fn stylesheet() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], include_str!("../../static/app.css"))
}

/// Renders a template, or a plain 500 page if rendering fails (it cannot for these templates,
/// but never panic in a handler).
pub(crate) fn render(t: &impl askama::Template) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, Html(String::from("<!DOCTYPE html><title>エラー</title><p>表示できませんでした。</p>"))).into_response(),
    }
}

#[derive(askama::Template)]
#[template(path = "staff/error.html")]
struct ErrorPage<'a> {
    message: &'a str,
}

/// A Japanese error page (the caller sets the status).
pub(crate) fn error_page(message: &str) -> Response {
    render(&ErrorPage { message })
}
