//! Compile-fail proofs for 個人番号 handling (security.md C07, §8.1; rust-stack.md B.6 C7):
//! a `MyNumber` cannot be formatted with `{}`, turned into a `String`, serialized, deserialized,
//! or built or read around its parser.
//!
//! The expected compiler output lives next to each case (`compile_fail/*.stderr`). After a
//! toolchain or dependency upgrade, regenerate with `TRYBUILD=overwrite cargo test -p
//! kokuho-domain --test compile_fail` and review the diff: each case must still fail for the
//! reason its file names.

#[test]
fn my_number_cannot_be_displayed_or_serialized() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/compile_fail/*.rs");
}
