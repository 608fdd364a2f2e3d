//! The outer layers every response goes through: a request id, the security headers
//! (security.md C26) and turning a panic into a generic 500 (C25).

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::request_id::{REQUEST_ID, REQUEST_ID_HEADER, new_request_id};

/// The headers set on every response, overriding whatever a handler set.
pub const SECURITY_HEADERS: &[(&str, &str)] = &[
    (
        "content-security-policy",
        "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    ),
    ("x-content-type-options", "nosniff"),
    ("cache-control", "no-store"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
];

fn apply_security_headers(headers: &mut HeaderMap) {
    for (name, value) in SECURITY_HEADERS {
        headers.insert(HeaderName::from_static(name), HeaderValue::from_static(value));
    }
}

/// Outermost layer: assigns the request id (visible to error rendering through a task-local)
/// and sets the security headers and `X-Request-Id` on the response.
pub async fn request_context(req: Request, next: Next) -> Response {
    let id = new_request_id();
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let mut response = REQUEST_ID.scope(id.clone(), next.run(req)).await;
    let status = response.status();
    // Paths hold 宛名番号 and the like (internal references, as in the audit trail), never a My
    // Number: the My Number only ever travels in request bodies.
    tracing::debug!(request_id = id.as_str(), %method, path, status = status.as_u16(), "HTTP");
    let headers = response.headers_mut();
    apply_security_headers(headers);
    if let Ok(v) = HeaderValue::from_str(&id) {
        headers.insert(HeaderName::from_static(REQUEST_ID_HEADER), v);
    }
    if !headers.contains_key(header::CONTENT_TYPE) && status != axum::http::StatusCode::NO_CONTENT {
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    }
    response
}

/// Whether `path` is a screen (a Japanese page on error) rather than the API (a JSON document).
fn is_page(path: &str) -> bool {
    !(path.starts_with("/api/") || path == "/healthz")
}

/// Gives every client error the documented shape (security.md; issue 13, item 8): a framework
/// rejection's plain English text (a body over the limit, a query string or form it could not
/// read, a wrong method or content type) becomes the JSON error document on the API and a
/// Japanese page on the screens; the API's JSON 404 and 405 become pages on screen paths.
pub async fn shape_errors(req: Request, next: Next) -> Response {
    let page = is_page(req.uri().path());
    let response = next.run(req).await;
    let status = response.status();
    if !status.is_client_error() {
        return response;
    }
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let bare = content_type.is_empty() || content_type.starts_with("text/plain");
    let json = content_type.starts_with("application/json");
    if page && (bare || json) {
        let message = ApiError::for_status(status).body().message;
        let mut page = crate::pages::error_page(&message);
        *page.status_mut() = status;
        return page;
    }
    if !page && bare {
        return ApiError::for_status(status).into_response();
    }
    response
}

/// Turns a panic anywhere below into the generic 500 JSON (the payload is not shown or logged:
/// it could hold data).
pub async fn catch_panic(req: Request, next: Next) -> Response {
    match (CatchUnwind {
        inner: Box::pin(next.run(req)),
    })
    .await
    {
        Ok(response) => response,
        Err(_) => ApiError::internal("パニックが発生しました（処理を中断しました）").into_response(),
    }
}

/// A future that resolves to `Err` instead of unwinding when `inner` panics while polled.
struct CatchUnwind<F> {
    inner: Pin<Box<F>>,
}

impl<F: Future> Future for CatchUnwind<F> {
    type Output = Result<F::Output, Box<dyn std::any::Any + Send>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let inner = self.get_mut().inner.as_mut();
        match std::panic::catch_unwind(AssertUnwindSafe(|| inner.poll(cx))) {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(v)) => Poll::Ready(Ok(v)),
            Err(payload) => Poll::Ready(Err(payload)),
        }
    }
}
