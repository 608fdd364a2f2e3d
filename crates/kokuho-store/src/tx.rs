//! The backend-neutral transaction: [`Tx`] (what a use case does inside one transaction) and the
//! [`Dialect`] behind it.

use crate::error::StoreError;
use crate::value::{Row, Value};

/// Which SQL engine is behind a [`Store`] or [`Tx`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// Embedded SQLite (bundled, WAL).
    Sqlite,
    /// PostgreSQL 15+.
    Postgres,
}

/// A live transaction. Business code is written once against `&mut dyn Tx`.
///
/// SQL uses `$1, $2, …` placeholders on both backends (reuse and any order are fine).
/// After a database error the transaction is poisoned on *both* backends (PostgreSQL aborts it;
/// the SQLite adapter imitates that), so every later call fails and the transaction rolls back.
pub trait Tx {
    /// The engine, for the rare statement that must differ between backends.
    fn dialect(&self) -> Dialect;

    /// Runs one statement; returns the rows affected (for a statement that returns rows, such
    /// as `INSERT … RETURNING`, the number of rows returned).
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError>;

    /// Runs a script of several `;`-separated statements without parameters (DDL, seed data).
    fn execute_batch(&mut self, sql: &str) -> Result<(), StoreError>;

    /// Streams the rows of a query to `f` without collecting them (memory stays flat for
    /// millions of rows). An error from `f` stops the query and is returned as is; it does not
    /// poison the transaction.
    fn query_each(
        &mut self,
        sql: &str,
        params: &[Value],
        f: &mut dyn FnMut(Row) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;

    /// Fast bulk insert of `rows` (each exactly `columns.len()` values) into `table`.
    /// Returns the number of rows inserted. Names must be plain ASCII identifiers.
    fn insert_many(
        &mut self,
        table: &str,
        columns: &[&str],
        rows: &mut dyn Iterator<Item = Vec<Value>>,
    ) -> Result<u64, StoreError>;

    /// All rows of a query.
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, StoreError> {
        let mut rows = Vec::new();
        self.query_each(sql, params, &mut |row| {
            rows.push(row);
            Ok(())
        })?;
        Ok(rows)
    }

    /// Zero or one row; more than one is [`StoreError::TooManyRows`].
    fn query_opt(&mut self, sql: &str, params: &[Value]) -> Result<Option<Row>, StoreError> {
        let mut first = None;
        self.query_each(sql, params, &mut |row| {
            if first.is_some() {
                return Err(StoreError::TooManyRows);
            }
            first = Some(row);
            Ok(())
        })?;
        Ok(first)
    }

    /// Exactly one row; none is [`StoreError::NotFound`].
    fn query_one(&mut self, sql: &str, params: &[Value]) -> Result<Row, StoreError> {
        self.query_opt(sql, params)?.ok_or(StoreError::NotFound)
    }
}

/// Returned when a closure swallowed a database error and still returned `Ok`.
///
/// Such a transaction must not commit: on PostgreSQL `COMMIT` of an aborted transaction
/// silently rolls back, and SQLite would commit half the work. Both become this error.
pub(crate) fn poisoned_commit() -> StoreError {
    StoreError::backend("トランザクション内でエラーが発生していたため、ロールバックしました")
}

/// Returned by every call on a transaction after a database error.
pub(crate) fn poisoned_call() -> StoreError {
    StoreError::backend("先行するエラーによりトランザクションは中止されています")
}
