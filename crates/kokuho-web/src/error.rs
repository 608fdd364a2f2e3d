//! Errors as HTTP responses: a status and a JSON body in Japanese, never a stack trace, SQL or
//! personal data (security.md C25).
//!
//! | cause | status | `code` |
//! |---|---|---|
//! | no or bad credentials | 401 | `unauthenticated` |
//! | permission missing (audited by the use case) | 403 | `forbidden` |
//! | unknown record or URL | 404 | `not_found` |
//! | wrong method for a URL | 405 | `method_not_allowed` |
//! | conflicting state | 409 | `conflict` |
//! | body too large | 413 | `payload_too_large` |
//! | body not JSON | 415 | `unsupported_media_type` |
//! | bad input (JSON, path, query, use-case validation) | 422 | `invalid_input` + `problems` |
//! | bad import file | 422 | `invalid_file` + `lines` |
//! | anything that broke on our side, panics included | 500 | `internal` + `request_id` |

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use kokuho_app::AppError;
use serde::Serialize;

use crate::request_id::current_request_id;

/// One field-level problem of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldProblemBody {
    /// 項目 (JSON field, query or path parameter name, e.g. `acquired_on`).
    pub field: String,
    /// 内容 (Japanese).
    pub message: String,
}

/// One problem of an imported file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct LineProblemBody {
    /// 行番号 (1-based physical line; the header is line 1).
    pub line: usize,
    /// 項目 (the column's Japanese name), or null for a problem of the whole line.
    pub field: Option<String>,
    /// 内容 (Japanese).
    pub message: String,
}

/// The body of every error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// Stable machine-readable code: unauthenticated, forbidden, not_found, method_not_allowed,
    /// conflict, payload_too_large, unsupported_media_type, bad_request, request_timeout,
    /// invalid_input, invalid_file, internal.
    pub code: String,
    /// 日本語のメッセージ.
    pub message: String,
    /// 受付番号 of an internal error, to find its log line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Problems with the fields of the request (`invalid_input`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problems: Option<Vec<FieldProblemBody>>,
    /// Problems with the lines of an imported file (`invalid_file`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lines: Option<Vec<LineProblemBody>>,
}

/// Everything a handler or an extractor can fail with.
#[derive(Debug)]
pub enum ApiError {
    /// What the use case said.
    App(AppError),
    /// The request itself is malformed (JSON, path, query): 422.
    Invalid(Vec<FieldProblemBody>),
    /// The body is not `application/json`.
    UnsupportedMediaType,
    /// The body is larger than the route accepts.
    PayloadTooLarge,
    /// No route has this path.
    NoRoute,
    /// The path exists, the method does not.
    MethodNotAllowed,
    /// The request took longer than the server allows (a body sent too slowly).
    RequestTimeout,
    /// A request the framework could not read (a malformed query string or form, a body of the
    /// wrong shape): 400 or 422, with no detail of the parser's own.
    Unreadable(StatusCode),
    /// Broke on our side; the text goes to the log only.
    Internal(String),
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError::App(e)
    }
}

impl ApiError {
    /// One problem with one field of the request.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError::Invalid(vec![FieldProblemBody {
            field: field.into(),
            message: message.into(),
        }])
    }

    pub fn internal(detail: impl Into<String>) -> Self {
        ApiError::Internal(detail.into())
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::App(e) => match e {
                AppError::Denied { .. } => StatusCode::FORBIDDEN,
                AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
                AppError::NotFound { .. } => StatusCode::NOT_FOUND,
                AppError::Invalid(_) | AppError::BadFile(_) => StatusCode::UNPROCESSABLE_ENTITY,
                AppError::Conflict(_) => StatusCode::CONFLICT,
                AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            },
            ApiError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::NoRoute => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Unreadable(status) => *status,
            ApiError::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The body. Logs an internal error's detail (with the request id) as a side effect.
    pub fn body(&self) -> ErrorBody {
        let plain = |code: &str, message: String| ErrorBody {
            code: code.to_string(),
            message,
            request_id: None,
            problems: None,
            lines: None,
        };
        match self {
            ApiError::App(AppError::Internal(detail)) | ApiError::Internal(detail) => internal_body(detail),
            ApiError::App(e @ AppError::Invalid(problems)) => ErrorBody {
                problems: Some(
                    problems
                        .iter()
                        .map(|p| FieldProblemBody {
                            field: p.field.to_string(),
                            message: p.message.clone(),
                        })
                        .collect(),
                ),
                ..plain(e.code(), e.to_string())
            },
            ApiError::App(e @ AppError::BadFile(lines)) => ErrorBody {
                lines: Some(
                    lines
                        .iter()
                        .map(|l| LineProblemBody {
                            line: l.line,
                            field: l.field.clone(),
                            message: l.message.clone(),
                        })
                        .collect(),
                ),
                ..plain(e.code(), e.to_string())
            },
            ApiError::App(e) => plain(e.code(), e.to_string()),
            ApiError::Invalid(problems) => ErrorBody {
                problems: Some(problems.clone()),
                ..plain("invalid_input", invalid_message(problems))
            },
            ApiError::UnsupportedMediaType => plain(
                "unsupported_media_type",
                "リクエストの形式が正しくありません（Content-Type: application/json で送信してください）".into(),
            ),
            ApiError::PayloadTooLarge => plain("payload_too_large", "送信されたデータが大きすぎます".into()),
            ApiError::NoRoute => plain("not_found", "指定されたURLはありません".into()),
            ApiError::MethodNotAllowed => plain(
                "method_not_allowed",
                "このURLでは、この操作（HTTPメソッド）は使えません".into(),
            ),
            ApiError::RequestTimeout => plain(
                "request_timeout",
                "リクエストの受信に時間がかかりすぎたため打ち切りました".into(),
            ),
            ApiError::Unreadable(status) => plain(
                if *status == StatusCode::UNPROCESSABLE_ENTITY {
                    "invalid_input"
                } else {
                    "bad_request"
                },
                "リクエストを読み取れませんでした（URLの指定や送信した内容の形式を確認してください）".into(),
            ),
        }
    }
}

fn invalid_message(problems: &[FieldProblemBody]) -> String {
    let list: Vec<String> = problems.iter().map(|p| format!("{}: {}", p.field, p.message)).collect();
    format!("入力内容に誤りがあります: {}", list.join("、"))
}

/// The generic body of an internal error; the detail goes to the log under the request id.
pub(crate) fn internal_body(detail: &str) -> ErrorBody {
    let request_id = current_request_id();
    let id = request_id.as_deref().unwrap_or("-");
    tracing::error!(request_id = id, detail, "内部エラー");
    ErrorBody {
        code: "internal".into(),
        message: format!("システムエラーが発生しました。システム管理者に受付番号（{id}）をお知らせください"),
        request_id,
        problems: None,
        lines: None,
    }
}

impl ApiError {
    /// The error a bare framework response of `status` stands for (its English text dropped).
    pub(crate) fn for_status(status: StatusCode) -> ApiError {
        match status {
            StatusCode::NOT_FOUND => ApiError::NoRoute,
            StatusCode::METHOD_NOT_ALLOWED => ApiError::MethodNotAllowed,
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::UnsupportedMediaType,
            other => ApiError::Unreadable(other),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = self.body();
        match &self {
            ApiError::App(AppError::Denied { permission }) => {
                tracing::info!(permission = permission.code(), "権限がないため拒否しました");
            }
            ApiError::App(AppError::Unauthenticated) => tracing::info!("認証されていない要求を拒否しました"),
            _ => tracing::debug!(code = body.code.as_str(), status = status.as_u16(), "エラー応答"),
        }
        let mut response = (status, Json(body)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"kokuho\""),
            );
        }
        response
    }
}
