//! The one error type of the store.
//!
//! Display texts are Japanese (they can reach staff screens) and never contain bound parameter
//! values or driver "DETAIL" lines, because those may hold personal data. The driver error itself
//! is not kept as a `source` for the same reason: a `{:#}` in a log line must not leak it.

/// Errors from the store and its adapters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// The query returned no row where one was required.
    #[error("該当するデータがありません")]
    NotFound,
    /// The query returned more than one row where exactly one was required.
    #[error("1 行を期待した問い合わせが複数行を返しました")]
    TooManyRows,
    /// A unique or primary key constraint was violated. `constraint` is the constraint name
    /// (PostgreSQL) or `table.column` list (SQLite): schema names only, never values.
    #[error("一意制約に違反しました（{constraint}）")]
    Conflict {
        /// Constraint name or `table.column` list.
        constraint: String,
    },
    /// The database is locked by another writer, or PostgreSQL aborted the transaction because
    /// of a serialization failure or deadlock; retrying later may succeed.
    #[error("データベースが使用中です。しばらくしてから再試行してください")]
    Busy,
    /// The schema or a value type does not match what the code expects (also bad migrations).
    #[error("スキーマまたは型が一致しません: {0}")]
    Schema(String),
    /// Any other database failure; the text is a sanitized summary (codes and schema names).
    #[error("データベースの処理に失敗しました: {0}")]
    Backend(String),
}

impl StoreError {
    /// Shorthand used by the adapters.
    pub(crate) fn schema(msg: impl Into<String>) -> Self {
        Self::Schema(msg.into())
    }

    /// Shorthand used by the adapters.
    pub(crate) fn backend(msg: impl Into<String>) -> Self {
        Self::Backend(msg.into())
    }
}
