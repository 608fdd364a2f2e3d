//! Integration tests of the HTTP API, in-process on a temporary SQLite store.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

mod admin_pages;
mod assessment_pages;
mod audit_pages;
mod change_pages;
mod staff_pages;
mod support;

mod access;
mod calc;
mod errors;
mod flows;
mod inventory;
mod my_number;
mod server;
mod simulator;
