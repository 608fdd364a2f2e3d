//! The examples in `docs/interchange/*.md` are real files: every ```csv block must import.

use kokuho_interchange::{Encoding, parse_incomes, parse_resident_changes};

fn csv_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match (&mut current, line.trim_end()) {
            (None, "```csv") => current = Some(String::new()),
            (Some(block), "```") => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            (Some(block), text) => {
                block.push_str(text);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

fn doc(name: &str) -> String {
    let path = format!("{}/../../docs/interchange/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn resident_change_examples_import() {
    let blocks = csv_blocks(&doc("resident-changes.md"));
    assert_eq!(blocks.len(), 2);
    let changes = parse_resident_changes(blocks[0].as_bytes(), Encoding::Auto).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(changes.len(), 10);
    parse_resident_changes(blocks[1].as_bytes(), Encoding::Auto).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn income_example_imports() {
    let blocks = csv_blocks(&doc("incomes.md"));
    assert_eq!(blocks.len(), 1);
    let records = parse_incomes(blocks[0].as_bytes(), Encoding::Auto).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(records.len(), 3);
}
