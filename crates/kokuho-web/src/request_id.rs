//! The request id: one per request, on every response and in every error document and log line.

use std::hash::{BuildHasher, Hasher};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

/// Header carrying the request id on every response.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

tokio::task_local! {
    pub(crate) static REQUEST_ID: String;
}

/// The id of the request being handled, when called inside one.
pub fn current_request_id() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}

/// `xxxxxxxx-nnnnnnnn`: a random per-process prefix (so ids of two runs don't collide in the
/// logs) and a counter.
pub(crate) fn new_request_id() -> String {
    static PREFIX: OnceLock<u32> = OnceLock::new();
    static COUNTER: AtomicU64 = AtomicU64::new(1);
    let prefix = *PREFIX.get_or_init(|| {
        // RandomState is seeded from the OS; no extra dependency for 32 bits of "unique enough".
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(u64::from(std::process::id()));
        u32::try_from(h.finish() >> 32).unwrap_or_default()
    });
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("{prefix:08x}-{n:08}")
}
