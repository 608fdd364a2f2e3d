//! How a [`Store`](crate::Store) is opened.

use std::time::Duration;

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
