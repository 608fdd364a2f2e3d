//! Errors of the use cases: what the user did wrong (shown in Japanese) versus what broke
//! (logged, shown as 「システムエラー」).

use std::str::FromStr;

use kokuho_domain::eligibility::resident::FieldProblem;
use kokuho_domain::kernel::code::UnknownCode;
use kokuho_store::StoreError;

use crate::permission::Permission;

/// One bad line of an imported file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LineProblem {
    pub line: usize,
    pub field: Option<String>,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("権限がありません（{}）", permission.label())]
    Denied { permission: Permission },
    #[error("認証されていません")]
    Unauthenticated,
    #[error("{what}が見つかりません")]
    NotFound { what: String },
    #[error("入力内容に誤りがあります: {}", join_problems(.0))]
    Invalid(Vec<FieldProblem>),
    #[error("ファイルに誤りがあります（{}件）。取り込みは行っていません", .0.len())]
    BadFile(Vec<LineProblem>),
    #[error("{0}")]
    Conflict(String),
    /// Something broke on our side; the message is for operators' logs, never personal data.
    #[error("システムエラーが発生しました")]
    Internal(String),
}

fn join_problems(p: &[FieldProblem]) -> String {
    p.iter().map(ToString::to_string).collect::<Vec<_>>().join("、")
}

impl AppError {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        AppError::Invalid(vec![FieldProblem::new(field, message)])
    }

    pub fn not_found(what: impl Into<String>) -> Self {
        AppError::NotFound { what: what.into() }
    }

    /// Stable machine-readable code for the API.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Denied { .. } => "forbidden",
            AppError::Unauthenticated => "unauthenticated",
            AppError::NotFound { .. } => "not_found",
            AppError::Invalid(_) => "invalid_input",
            AppError::BadFile(_) => "invalid_file",
            AppError::Conflict(_) => "conflict",
            AppError::Internal(_) => "internal",
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::not_found("データ"),
            StoreError::Conflict { .. } => AppError::Conflict("同じデータが既に登録されています".into()),
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<kokuho_crypto::CryptoError> for AppError {
    fn from(e: kokuho_crypto::CryptoError) -> Self {
        AppError::Internal(e.to_string())
    }
}

impl From<serde_json::Error> for AppError {
    fn from(e: serde_json::Error) -> Self {
        AppError::Internal(format!("JSON: {e}"))
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// A status or kind a journal event carries as text (its stored code), read back: text that is no
/// code of `T` is a broken entry, not a user's mistake.
pub(crate) fn journal_code<T: FromStr<Err = UnknownCode>>(text: &str) -> AppResult<T> {
    text.parse()
        .map_err(|e: UnknownCode| AppError::Internal(format!("journal payload: {e}")))
}
