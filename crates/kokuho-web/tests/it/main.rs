//! Integration tests of the HTTP API, in-process on a temporary SQLite store.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::string_slice)]

mod support;
mod staff_pages;
mod change_pages;
mod audit_pages;
mod admin_pages;
mod assessment_pages;

mod access;
mod calc;
mod simulator;
mod errors;
mod flows;
mod inventory;
mod my_number;
