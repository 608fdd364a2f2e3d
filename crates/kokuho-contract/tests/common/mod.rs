//! What the calculator test files share: the worked-example documents
//! (`{"note", "input", "expect"}`) kept in a folder of `tests/`, and running a calculator's
//! `parse_and_calculate` on a document that must be accepted or refused.

use std::path::PathBuf;

use kokuho_domain::contract::CalcError;
use serde_json::Value;

/// The result of `calculate` on `input`, which must be accepted.
pub fn accepted<T>(calculate: fn(&str) -> Result<T, CalcError>, input: &Value) -> T {
    calculate(&input.to_string()).unwrap_or_else(|e| panic!("{e:?}\n{input}"))
}

/// (path, message) of the refusal of `input`, which must be refused as `invalid_input`.
pub fn refused<T: std::fmt::Debug>(calculate: fn(&str) -> Result<T, CalcError>, input: &Value) -> (String, String) {
    let e = calculate(&input.to_string()).expect_err("must be refused");
    assert_eq!(e.code, "invalid_input");
    (e.path, e.message)
}

/// Every example document in `tests/<folder>`, with its path (for the assertion messages).
pub fn example_documents(folder: &str) -> Vec<(PathBuf, Value)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(folder);
    let mut docs: Vec<(PathBuf, Value)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let doc = serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (path, doc)
        })
        .collect();
    docs.sort_by(|a, b| a.0.cmp(&b.0));
    docs
}
