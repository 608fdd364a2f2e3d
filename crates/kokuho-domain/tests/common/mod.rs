//! What the calculator test files share: the worked-example documents
//! (`{"note", "input", "expect"}`) kept in a folder of `tests/`.

use std::path::PathBuf;

use serde_json::Value;

/// Every example document in `tests/<folder>`, with its path (for the assertion messages).
pub fn example_documents(folder: &str) -> Vec<(PathBuf, Value)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join(folder);
    let mut docs: Vec<(PathBuf, Value)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let doc = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (path, doc)
        })
        .collect();
    docs.sort_by(|a, b| a.0.cmp(&b.0));
    docs
}
