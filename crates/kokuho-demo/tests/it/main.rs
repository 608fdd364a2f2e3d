//! Integration tests of the synthetic city (one test binary for the crate).

mod common;
mod consistency;
mod determinism;
mod my_numbers;
mod statistics;
mod validity;
