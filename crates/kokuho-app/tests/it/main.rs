//! kokuho-app integration tests: the use cases against real SQLite and PostgreSQL.
//! One test binary (link time); each test runs on both backends.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::string_slice)]

mod support;

mod access;
mod assessment;
mod audit_review;
mod eligibility;
mod journal;
mod my_number;
mod rates;
mod rebuild_property;
mod staff_auth;
