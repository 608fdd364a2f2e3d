//! ログイン試行の制限 (issue 13, item 3): failed logins are counted per client address; past
//! [`LoginThrottle::LIMIT`] in [`LoginThrottle::WINDOW_SECONDS`] the address is answered 429 with
//! `Retry-After` until the oldest failure leaves the window. The per-account lock (five failures)
//! stays in the use case; this stops one address from trying many accounts. Kept in memory: a
//! restart forgets it, which only gives an attacker the lock-out's worth of tries again.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::Mutex;

use axum::extract::ConnectInfo;
use axum::http::request::Parts;
use jiff::Timestamp;

/// Addresses remembered at most (the oldest are forgotten first when there are more).
const MAX_ADDRESSES: usize = 50_000;

/// Failed logins per client address.
#[derive(Debug, Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, VecDeque<Timestamp>>>,
}

impl LoginThrottle {
    /// Failures an address may have in the window.
    pub const LIMIT: usize = 10;
    /// The window, in seconds (10 minutes).
    pub const WINDOW_SECONDS: i64 = 600;

    /// The client address of a request (the socket's; `unknown` when the server did not say).
    pub fn address_of(parts: &Parts) -> String {
        parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or_else(|| String::from("unknown"), |c| c.0.ip().to_string())
    }

    /// Seconds `address` must wait at `now` before it may try again (None: it may try now).
    pub fn wait(&self, address: &str, now: Timestamp) -> Option<i64> {
        let mut map = self.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let list = map.get_mut(address)?;
        prune(list, now);
        if list.len() < Self::LIMIT {
            return None;
        }
        let oldest = list.front()?;
        let free_at = oldest.as_second() + Self::WINDOW_SECONDS;
        Some((free_at - now.as_second()).max(1))
    }

    /// Counts a failed login from `address` at `now`.
    pub fn record_failure(&self, address: &str, now: Timestamp) {
        let mut map = self.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if map.len() >= MAX_ADDRESSES && !map.contains_key(address) {
            map.retain(|_, list| {
                prune(list, now);
                !list.is_empty()
            });
            if map.len() >= MAX_ADDRESSES {
                map.clear();
            }
        }
        let list = map.entry(address.to_string()).or_default();
        prune(list, now);
        list.push_back(now);
    }
}

/// Drops the failures older than the window.
fn prune(list: &mut VecDeque<Timestamp>, now: Timestamp) {
    while list
        .front()
        .is_some_and(|t| now.as_second() - t.as_second() >= LoginThrottle::WINDOW_SECONDS)
    {
        list.pop_front();
    }
}
