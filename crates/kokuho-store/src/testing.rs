//! Throw-away databases for tests, on both backends (cargo feature `testing`).
//!
//! ```ignore
//! use kokuho_store::{both_backends, testing::TestDb};
//!
//! both_backends!(insurer_round_trip, |store: &Store| {
//!     store.write(|tx| tx.execute("INSERT …", &[])).unwrap();
//! });
//! // → tests `insurer_round_trip::sqlite` and `insurer_round_trip::postgres`
//! ```
//!
//! PostgreSQL comes from `KOKUHO_TEST_PG_URL` (default [`DEFAULT_PG_URL`]); each [`TestDb`]
//! gets its own schema `kokuho_t_<random>`, dropped again at the end. An unreachable server
//! fails the test, unless `KOKUHO_SKIP_PG=1` is set outside CI (`CI` not `true`).

use crate::Store;
use crate::error::StoreError;
use crate::pg::{describe_config, parse_config, with_cause};
use crate::tx::Dialect;
use std::time::Duration;

/// Environment variable naming the PostgreSQL server for tests.
pub const PG_URL_ENV: &str = "KOKUHO_TEST_PG_URL";
/// Used when [`PG_URL_ENV`] is not set.
pub const DEFAULT_PG_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// Why a test database could not be made.
#[derive(Debug, thiserror::Error)]
pub enum TestDbError {
    /// No temporary directory for the SQLite file.
    #[error("テスト用の一時ディレクトリを作成できません: {0}")]
    TempDir(String),
    /// The PostgreSQL test server did not answer.
    #[error(
        "テスト用 PostgreSQL（{target}）に接続できません: {cause}\n\
         PostgreSQL を起動するか、環境変数 KOKUHO_TEST_PG_URL で接続先を指定してください\
         （CI 以外では KOKUHO_SKIP_PG=1 で PostgreSQL のテストを省略できます）"
    )]
    PgUnreachable {
        /// Server description without password.
        target: String,
        /// Driver message.
        cause: String,
    },
    /// The server answered but the schema or store could not be set up.
    #[error("テスト用データベースの準備に失敗しました: {0}")]
    Setup(#[from] StoreError),
}

/// A store on a fresh, empty, migrated database that disappears on drop.
pub struct TestDb {
    // Declared first so its connections close before the cleanup below runs.
    store: Store,
    target: String,
    _cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(#[allow(dead_code, reason = "held only for its Drop")] tempfile::TempDir),
    Postgres(#[allow(dead_code, reason = "held only for its Drop")] Box<PgSchema>),
}

impl TestDb {
    /// SQLite in a file inside a new temporary directory.
    pub fn sqlite() -> Result<TestDb, TestDbError> {
        let dir = tempfile::Builder::new()
            .prefix("kokuho-test-")
            .tempdir()
            .map_err(|e| TestDbError::TempDir(e.to_string()))?;
        let path = dir.path().join("kokuho.db");
        let path = path
            .to_str()
            .ok_or_else(|| TestDbError::TempDir("パスが UTF-8 ではありません".into()))?;
        let store = Store::open(path)?;
        Ok(TestDb {
            store,
            target: path.to_owned(),
            _cleanup: Cleanup::Sqlite(dir),
        })
    }

    /// PostgreSQL in a new schema on the test server; fails if the server is unreachable.
    pub fn postgres() -> Result<TestDb, TestDbError> {
        let url = pg_url();
        let mut admin = parse_config(&url)?;
        admin.connect_timeout(Duration::from_secs(5));
        let target = describe_config(&admin);
        let mut client = admin.connect(postgres::NoTls).map_err(|e| TestDbError::PgUnreachable {
            target,
            cause: with_cause("PostgreSQL", &e),
        })?;
        let schema = format!("kokuho_t_{}", random_hex()?);
        client
            .batch_execute(&format!("CREATE SCHEMA {schema}"))
            .map_err(|e| StoreError::backend(format!("CREATE SCHEMA: {e}")))?;
        drop(client);
        // From here on the schema is dropped again whatever happens.
        let guard = PgSchema { admin, schema };
        let sep = if url.contains('?') { '&' } else { '?' };
        let store_url = format!("{url}{sep}options=-c%20search_path%3D{}", guard.schema);
        let store = Store::open(&store_url)?;
        Ok(TestDb {
            store,
            target: store_url,
            _cleanup: Cleanup::Postgres(Box::new(guard)),
        })
    }

    /// Like [`TestDb::postgres`], but `Ok(None)` (with a note on stderr) when the server is
    /// unreachable and skipping is allowed: `KOKUHO_SKIP_PG=1` and `CI` is not `true`.
    pub fn postgres_or_skip() -> Result<Option<TestDb>, TestDbError> {
        match Self::postgres() {
            Ok(db) => Ok(Some(db)),
            Err(e @ TestDbError::PgUnreachable { .. }) if skip_allowed() => {
                eprintln!("KOKUHO_SKIP_PG=1: PostgreSQL のテストを省略します（{e}）");
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// A fresh database of the given kind.
    pub fn new(dialect: Dialect) -> Result<TestDb, TestDbError> {
        match dialect {
            Dialect::Sqlite => Self::sqlite(),
            Dialect::Postgres => Self::postgres(),
        }
    }

    /// The store; clone it to hand it to threads.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// What was passed to [`Store::open`], to open a second store on the same database.
    pub fn target(&self) -> &str {
        &self.target
    }
}

/// The PostgreSQL server URL used by tests.
pub fn pg_url() -> String {
    std::env::var(PG_URL_ENV).unwrap_or_else(|_| DEFAULT_PG_URL.to_owned())
}

fn skip_allowed() -> bool {
    std::env::var("KOKUHO_SKIP_PG").is_ok_and(|v| v == "1") && !std::env::var("CI").is_ok_and(|v| v == "true")
}

fn random_hex() -> Result<String, TestDbError> {
    let mut buf = [0u8; 8];
    getrandom::fill(&mut buf).map_err(|e| TestDbError::TempDir(e.to_string()))?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}

/// Drops the test schema when the [`TestDb`] goes away.
struct PgSchema {
    admin: postgres::Config,
    schema: String,
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        let dropped = self
            .admin
            .connect(postgres::NoTls)
            .and_then(|mut c| c.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.schema)));
        if let Err(e) = dropped {
            eprintln!("テスト用スキーマ {} を削除できませんでした: {e}", self.schema);
        }
    }
}

/// Calls a test body; exists so the closure's argument type is inferred as `&Store`.
pub fn call<R>(db: &TestDb, body: impl FnOnce(&Store) -> R) -> R {
    body(db.store())
}

/// Like [`call`] for bodies that need the whole [`TestDb`] (e.g. to reopen its target).
pub fn call_db<R>(db: &TestDb, body: impl FnOnce(&TestDb) -> R) -> R {
    body(db)
}

/// What a test body may return: `()` or any `Result<(), E: Debug>`.
pub trait TestOutcome {
    /// `Err` with a printable message when the test failed.
    fn into_outcome(self) -> Result<(), String>;
}

impl TestOutcome for () {
    fn into_outcome(self) -> Result<(), String> {
        Ok(())
    }
}

impl<E: std::fmt::Debug> TestOutcome for Result<(), E> {
    fn into_outcome(self) -> Result<(), String> {
        self.map_err(|e| format!("{e:?}"))
    }
}

/// Generates a module `$name` with two tests, `sqlite` and `postgres`, each running `$body`
/// on a fresh database of that kind. `$body` is a closure taking `&Store`, or, written as
/// `db: |db| …`, a closure taking `&TestDb`. It may return `()` or `Result<(), E: Debug>`.
///
/// The PostgreSQL variant fails when the server is unreachable, unless `KOKUHO_SKIP_PG=1` is
/// set outside CI.
#[macro_export]
macro_rules! both_backends {
    ($(#[$attr:meta])* $name:ident, db: $body:expr $(,)?) => {
        $crate::both_backends!(@gen $(#[$attr])* $name, call_db, $body);
    };
    ($(#[$attr:meta])* $name:ident, $body:expr $(,)?) => {
        $crate::both_backends!(@gen $(#[$attr])* $name, call, $body);
    };
    (@gen $(#[$attr:meta])* $name:ident, $call:ident, $body:expr) => {
        $(#[$attr])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[test]
            fn sqlite() {
                let db = match $crate::testing::TestDb::sqlite() {
                    Ok(db) => db,
                    Err(e) => panic!("{e}"),
                };
                let outcome = $crate::testing::$call(&db, $body);
                if let Err(e) = $crate::testing::TestOutcome::into_outcome(outcome) {
                    panic!("SQLite: {e}");
                }
            }

            #[test]
            fn postgres() {
                let db = match $crate::testing::TestDb::postgres_or_skip() {
                    Ok(Some(db)) => db,
                    Ok(None) => return,
                    Err(e) => panic!("{e}"),
                };
                let outcome = $crate::testing::$call(&db, $body);
                if let Err(e) = $crate::testing::TestOutcome::into_outcome(outcome) {
                    panic!("PostgreSQL: {e}");
                }
            }
        }
    };
}
