//! kokuho-tidy: tidiness (整頓) of the workspace's source, checked as ordinary tests.
//!
//! The crate has no code of its own. `tests/tidy.rs` walks `crates/*/{src,tests,benches,examples}` and checks
//! that every Rust file opens with a `//!` module doc comment, that no line is longer than 120 characters
//! (the `max_width` of `rustfmt.toml`), and that no source files import each other in a circle.
//! Run it with `cargo test -p kokuho-tidy`; the circle check is listed with `-- --ignored` while it is ignored.
//! (`todo!`, `dbg!` and the like are left to the workspace's clippy lints.)
