//! The catch-all handlers: JSON 404 and 405 instead of axum's empty bodies.

use crate::error::ApiError;

pub(crate) async fn not_found() -> ApiError {
    ApiError::NoRoute
}

pub(crate) async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}
