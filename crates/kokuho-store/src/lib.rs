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
//! Portable SQL rules for both backends are listed in the crate README section of
//! `docs` and in [`Tx`].

#![cfg_attr(not(test), deny(clippy::indexing_slicing))]

mod error;
pub mod migrations;
mod pg;
mod pool;
pub mod repo;
mod sql;
mod sqlite;
mod store;
#[cfg(feature = "testing")]
pub mod testing;
mod value;

pub use error::StoreError;
pub use store::{Dialect, Store, StoreOptions, Tx};
pub use value::{Row, Value};
