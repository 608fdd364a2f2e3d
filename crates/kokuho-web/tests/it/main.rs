//! Integration tests of the HTTP API, in-process on a temporary SQLite store.

mod support;

mod access;
mod errors;
mod flows;
mod inventory;
mod my_number;
