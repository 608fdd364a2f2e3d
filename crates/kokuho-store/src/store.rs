//! [`Store`]: the handle to the database (connection handling, transactions, migrations).

use crate::error::StoreError;
use crate::migrations::{self, CREATE_TABLE, Migration, lock, now_sql, verify};
use crate::options::StoreOptions;
use crate::tx::{Dialect, Tx};
use crate::{params, pg, sqlite};
use std::fmt;
use std::sync::Arc;

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
        self.apply_migrations(migrations::MIGRATIONS)
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

/// The migration runner: applies what is missing, checks what is there.
impl Store {
    /// Applies `list` (what is missing), checks what is there. Safe to run from several processes at once.
    pub(crate) fn apply_migrations(&self, list: &[Migration]) -> Result<(), StoreError> {
        let store = self;
        let dialect = store.dialect();
        store.write(|tx| {
            lock(tx)?;
            tx.execute_batch(CREATE_TABLE)
        })?;
        let applied = store.read(|tx| {
            tx.query(
                "SELECT version, name, checksum FROM schema_migrations ORDER BY version",
                &[],
            )
        })?;
        for row in &applied {
            let version = row.int(0)?;
            let Some(m) = list.iter().find(|m| m.version == version) else {
                return Err(StoreError::schema(format!(
                    "データベースにこのプログラムの知らないマイグレーション {version} が適用されています"
                )));
            };
            verify(m, dialect, row.text(1)?, row.text(2)?)?;
        }
        let mut newly = Vec::new();
        for m in list {
            if applied.iter().any(|r| r.int(0).ok() == Some(m.version)) {
                continue;
            }
            store.write(|tx| {
                lock(tx)?;
                // Another process may have applied it since we looked.
                if let Some(row) = tx.query_opt(
                    "SELECT name, checksum FROM schema_migrations WHERE version = $1",
                    params![m.version],
                )? {
                    return verify(m, dialect, row.text(0)?, row.text(1)?);
                }
                tx.execute_batch(m.sql(dialect))?;
                tx.execute(
                    &format!(
                        "INSERT INTO schema_migrations (version, name, checksum, applied_at) \
                     VALUES ($1, $2, $3, {})",
                        now_sql(dialect)
                    ),
                    params![m.version, m.name, m.checksum(dialect)],
                )?;
                tracing::debug!(version = m.version, name = m.name, "マイグレーションを適用しました");
                Ok::<(), StoreError>(())
            })?;
            newly.push(m.version);
        }
        // One line, not one per migration: a new database applies them all.
        if let (Some(first), Some(last)) = (newly.first(), newly.last()) {
            tracing::info!(
                count = newly.len(),
                from = first,
                to = last,
                "マイグレーションを適用しました"
            );
        }
        Ok(())
    }
}
