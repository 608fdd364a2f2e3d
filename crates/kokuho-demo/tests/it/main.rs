//! Integration tests of the synthetic city (one test binary for the crate).

// Test code: helpers outside `#[test]` functions may unwrap and panic too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
mod consistency;
mod determinism;
mod my_numbers;
mod statistics;
mod validity;
