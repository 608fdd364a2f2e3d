//! Integration tests of kokuho-interchange: one test binary (rust-stack C9), one module per
//! layout plus the property tests.

// Test code may unwrap and panic (the project rule covers non-test code only); clippy's
// allow-*-in-tests settings do not reach helper functions of an integration test crate.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod docs;
mod incomes;
mod properties;
mod resident_changes;
mod support;
