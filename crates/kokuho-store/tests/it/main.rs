//! Conformance suite: every test runs against SQLite and PostgreSQL (`both_backends!`).
//!
//! One test binary for the crate (link time); modules by topic.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod bulk;
mod codes;
mod concurrency;
#[cfg(unix)]
mod files;
mod migrate;
mod transactions;
mod values;

use kokuho_store::{Dialect, Store, StoreError, Tx};

/// Creates the usual test table `t` with portable column types per dialect.
pub fn create_t(store: &Store) {
    store
        .write(|tx| {
            let ddl = match tx.dialect() {
                Dialect::Sqlite => {
                    "CREATE TABLE t (id INTEGER PRIMARY KEY NOT NULL, i INTEGER, s TEXT, \
                     b BLOB, d TEXT, f INTEGER, UNIQUE (s)) STRICT"
                }
                Dialect::Postgres => {
                    "CREATE TABLE t (id BIGINT PRIMARY KEY NOT NULL, i BIGINT, s TEXT, \
                     b BYTEA, d TEXT, f BIGINT, UNIQUE (s))"
                }
            };
            tx.execute_batch(ddl)
        })
        .unwrap();
}

/// `SELECT COUNT(*) FROM t`.
pub fn count_t(store: &Store) -> i64 {
    store
        .read(|tx| tx.query_one("SELECT COUNT(*) FROM t", &[])?.int(0))
        .unwrap()
}

/// Runs one statement in its own write transaction.
pub fn exec(store: &Store, sql: &str, params: &[kokuho_store::Value]) -> Result<u64, StoreError> {
    store.write(|tx: &mut dyn Tx| tx.execute(sql, params))
}
