//! The backend-neutral interface: [`Store`] (connection handling, transactions) and [`Tx`]
//! (what a use case does inside one transaction).

use crate::error::StoreError;
use crate::value::{Row, Value};
use crate::{migrations, pg, sqlite};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

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

/// Tuning for [`Store::open_with`].
#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// PostgreSQL: pool size. SQLite file: number of reader connections (plus one writer).
    pub max_connections: usize,
    /// How long `read`/`write` wait for a free connection before failing with `Busy`.
    pub acquire_timeout: Duration,
    /// Apply pending migrations while opening (the default).
    pub migrate: bool,
}

impl Default for StoreOptions {
    fn default() -> Self {
        Self {
            max_connections: 4,
            acquire_timeout: Duration::from_secs(30),
            migrate: true,
        }
    }
}

pub(crate) enum Backend {
    Sqlite(sqlite::SqliteStore),
    Postgres(pg::PgStore),
}

/// Handle to the database: cheap to clone, `Send + Sync`; one per process is enough.
///
/// All methods block: call them from `spawn_blocking` in async code, and never call `read` or
/// `write` from inside another `read`/`write` closure (SQLite in-memory databases have a single
/// connection, so that would time out with `Busy`).
#[derive(Clone)]
pub struct Store {
    backend: Arc<Backend>,
}

impl Store {
    /// Opens a `postgres://`/`postgresql://` URL or a SQLite file path (`:memory:` for tests)
    /// and applies pending migrations.
    pub fn open(target: &str) -> Result<Store, StoreError> {
        Self::open_with(target, &StoreOptions::default())
    }

    /// [`Store::open`] with explicit options.
    pub fn open_with(target: &str, options: &StoreOptions) -> Result<Store, StoreError> {
        let backend = if target.starts_with("postgres://") || target.starts_with("postgresql://") {
            Backend::Postgres(pg::PgStore::open(target, options)?)
        } else {
            Backend::Sqlite(sqlite::SqliteStore::open(target, options)?)
        };
        let store = Store {
            backend: Arc::new(backend),
        };
        if options.migrate {
            store.migrate()?;
        }
        Ok(store)
    }

    /// Applies pending migrations; fails if an applied one was changed (checksum) or the
    /// database is newer than this program.
    pub fn migrate(&self) -> Result<(), StoreError> {
        migrations::run(self)
    }

    /// The engine behind this store.
    pub fn dialect(&self) -> Dialect {
        match &*self.backend {
            Backend::Sqlite(_) => Dialect::Sqlite,
            Backend::Postgres(_) => Dialect::Postgres,
        }
    }

    /// Human-readable target without secrets, e.g. `SQLite /var/lib/kokuho/kokuho.db` or
    /// `PostgreSQL 127.0.0.1:5432/kokuho`.
    pub fn describe(&self) -> String {
        match &*self.backend {
            Backend::Sqlite(s) => s.describe(),
            Backend::Postgres(p) => p.describe(),
        }
    }

    /// Runs `f` in a write transaction: commit if it returns `Ok`, roll back otherwise (also on
    /// panic). SQLite: `BEGIN IMMEDIATE` on the single writer connection; PostgreSQL: `BEGIN`
    /// (READ COMMITTED) on a pooled connection.
    pub fn write<R, E, F>(&self, f: F) -> Result<R, E>
    where
        F: FnOnce(&mut dyn Tx) -> Result<R, E>,
        E: From<StoreError>,
    {
        match &*self.backend {
            Backend::Sqlite(s) => s.write(f),
            Backend::Postgres(p) => p.write(f),
        }
    }

    /// [`Self::write`] for work that grows the database by gigabytes while nothing else uses it
    /// (a city load). SQLite writes it through a rollback journal instead of the WAL, so each
    /// page is written once (falls back to the WAL when another connection has the file open);
    /// PostgreSQL: the same as [`Self::write`].
    pub fn write_bulk<R, E, F>(&self, f: F) -> Result<R, E>
    where
        F: FnOnce(&mut dyn Tx) -> Result<R, E>,
        E: From<StoreError>,
    {
        match &*self.backend {
            Backend::Sqlite(s) => s.write_bulk(f),
            Backend::Postgres(p) => p.write(f),
        }
    }

    /// Brings the database file up to date and empties the write-ahead log (SQLite, e.g. before
    /// a backup or a measurement; waits up to a minute for the background checkpointer).
    /// Nothing to do on PostgreSQL.
    pub fn checkpoint(&self) -> Result<(), StoreError> {
        match &*self.backend {
            Backend::Sqlite(s) => s.checkpoint(),
            Backend::Postgres(_) => Ok(()),
        }
    }

    /// Runs `f` in a read-only transaction that sees one consistent snapshot (SQLite: a WAL
    /// reader connection; PostgreSQL: `REPEATABLE READ, READ ONLY`). Writes fail.
    pub fn read<R, E, F>(&self, f: F) -> Result<R, E>
    where
        F: FnOnce(&mut dyn Tx) -> Result<R, E>,
        E: From<StoreError>,
    {
        match &*self.backend {
            Backend::Sqlite(s) => s.read(f),
            Backend::Postgres(p) => p.read(f),
        }
    }
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("target", &self.describe())
            .finish_non_exhaustive()
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
