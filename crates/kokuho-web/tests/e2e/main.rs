//! End-to-end tests of the staff web UI in a real browser: headless Chromium (Debian's
//! `chromium` + `chromium-driver`) driven over WebDriver against the app served on 127.0.0.1.
//!
//! Each test starts its own app, server, chromedriver and browser ([`env::E2eEnv::start`]) and
//! saves full-page screenshots of its key steps under `<target dir>/e2e-screenshots/`. Without
//! a browser the tests fail when `CI` is set, and otherwise print how to install it and return.
//! See docs/e2e.md.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

mod browser;
mod env;

mod admin;
mod assessment;
mod audit;
mod enrollment;
mod headers;
mod idle_lock;
mod login;
mod my_number;
mod search;
