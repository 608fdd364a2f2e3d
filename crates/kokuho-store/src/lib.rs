//! Storage for kokuho: one backend-neutral interface over SQLite (embedded default) and
//! PostgreSQL (production), plus embedded migrations.
//!
//! Business code is written once against [`Store`] and `&mut dyn` [`Tx`]; only the adapters in
//! this crate know a driver. The drivers are synchronous on purpose (fast prepared statements for
//! batch jobs, an object-safe interface); async callers use `spawn_blocking`.
//!
//! ```no_run
//! use kokuho_store::{Store, StoreError, params};
//!
//! # fn main() -> Result<(), StoreError> {
//! let store = Store::open(":memory:")?;
//! store.write(|tx| {
//!     tx.execute(
//!         "INSERT INTO insurers (insurer_no, name, created_at) VALUES ($1, $2, $3)",
//!         params!["01234567", "倉敷市", "2026-04-01"],
//!     )
//! })?;
//! let name = store.read(|tx| {
//!     let row = tx.query_one("SELECT name FROM insurers WHERE insurer_no = $1", params!["01234567"])?;
//!     row.text(0).map(str::to_owned)
//! })?;
//! assert_eq!(name, "倉敷市");
//! # Ok(())
//! # }
//! ```
//!
//! # Writing SQL that runs on both backends
//!
//! - Placeholders are `$1, $2, …` (reuse and any order are fine). PostgreSQL infers each
//!   parameter's type from its context and refuses a mismatch; where there is no context
//!   (`SELECT $1`, `$1 || 'x'`, `COALESCE($1, …)`) write `CAST($1 AS BIGINT)` / `CAST($1 AS TEXT)`.
//! - Column types: PostgreSQL `BIGINT`/`TEXT`/`BYTEA` (`BOOLEAN`, `INTEGER`, `DATE` also bind
//!   and read); SQLite `INTEGER`/`TEXT`/`BLOB` in `STRICT` tables, so that a wrong value type
//!   fails on SQLite too. Dates are `TEXT` `YYYY-MM-DD` ([`Row::date`]); no floats anywhere.
//! - `SUM`/`AVG` of integers are `NUMERIC` on PostgreSQL: integral results read as integers, a
//!   fraction is an error. SQLite's `AVG` is a float and always an error: use `SUM`/`COUNT`.
//! - Portable (tested in `tests/it`): `INSERT … ON CONFLICT (…) DO UPDATE/NOTHING`,
//!   `RETURNING`, `CAST`, `COALESCE`, `||`, CTEs, window functions, `LIMIT`/`OFFSET`,
//!   `IS DISTINCT FROM`, `LENGTH`/`SUBSTR` (in characters), integer `/` (truncates). Not
//!   portable: `SELECT … FOR UPDATE`, `ILIKE`, `now()`, `::type` casts, `$$` strings,
//!   `COLLATE "C"`. Use [`Tx::dialect`] for the rare unavoidable difference.
//! - Text comparison: SQLite `LIKE` ignores ASCII case, PostgreSQL's does not; SQLite sorts
//!   by code point, PostgreSQL by the database collation, so create production databases with
//!   `--locale=C.UTF-8` (as the test server is) to get the same `ORDER BY`.
//! - SQLite's `CAST('abc' AS INTEGER)` is 0, PostgreSQL's is an error: validate before SQL.
//! - PostgreSQL `TEXT` cannot hold U+0000.
//! - Any database error poisons the transaction on both backends: return the error. Use
//!   `ON CONFLICT` instead of "try insert, catch `Conflict`, update".
//! - Concurrency differs: SQLite runs one write transaction at a time; PostgreSQL runs them
//!   concurrently under READ COMMITTED. Read-modify-write (hash chains, counters) must lock:
//!   the portable way is an `UPDATE … RETURNING` on a per-insurer row first.
//! - [`Store::read`] sees one snapshot for the whole closure on both backends.

#![cfg_attr(not(test), deny(clippy::indexing_slicing))]

mod error;
pub mod migrations;
mod options;
mod pg;
mod pool;
pub mod repo;
mod sql;
mod sqlite;
mod sqlite_checkpoint;
mod store;
#[cfg(feature = "testing")]
pub mod testing;
mod tx;
mod value;

pub use error::StoreError;
pub use options::StoreOptions;
pub use store::Store;
pub use tx::{Dialect, Tx};
pub use value::{Row, Value};
