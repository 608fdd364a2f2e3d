//! Rendering a page: a template to HTML, and the plain error page.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

/// Renders a template, or a plain 500 page if rendering fails (it cannot for these templates,
/// but never panic in a handler).
pub(crate) fn render(t: &impl askama::Template) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Html(String::from(
                "<!DOCTYPE html><title>エラー</title><p>表示できませんでした。</p>",
            )),
        )
            .into_response(),
    }
}

#[derive(askama::Template)]
#[template(path = "layout/error.html")]
struct ErrorPage<'a> {
    message: &'a str,
}

/// A Japanese error page (the caller sets the status).
pub(crate) fn error_page(message: &str) -> Response {
    render(&ErrorPage { message })
}
