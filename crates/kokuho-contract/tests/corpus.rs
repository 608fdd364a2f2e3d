//! Byte-identical outputs: every example of `docs/calculators/` gives the committed output
//! (`<name>.output.json`, written by `kokuho calc` before the contract moved here), and every
//! document of `fixtures/refusals.jsonl` (1,081 documents: each calculator's example with each
//! field replaced by values of every JSON type, malformed and truncated text, unknown and
//! duplicate members, …) gives the same error document, or is accepted, as it was then.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use kokuho_contract::{Calculator, Layout, error_document, run};

fn calculator(name: &str) -> Calculator {
    match name {
        "premium" => Calculator::Premium,
        "high-cost" => Calculator::HighCost,
        "late-fee" => Calculator::LateFee,
        other => panic!("unknown calculator {other}"),
    }
}

/// What `kokuho calc` prints: the result (indented) or the error document, with a newline.
fn cli_output(name: &str, input: &str) -> String {
    match run(calculator(name), input, Layout::Pretty) {
        Ok(result) => format!("{result}\n"),
        Err(e) => format!("{}\n", error_document(&e)),
    }
}

#[test]
fn every_documented_example_gives_its_committed_output() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/calculators");
    let mut seen = 0;
    for entry in std::fs::read_dir(&docs).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let Some(stem) = name.strip_suffix(".json").filter(|s| !s.ends_with(".output")) else {
            continue;
        };
        let calc = ["premium", "high-cost", "late-fee"]
            .into_iter()
            .find(|c| stem.starts_with(c))
            .unwrap_or_else(|| panic!("{name}: which calculator?"));
        let input = std::fs::read_to_string(&path).unwrap();
        let expected = std::fs::read_to_string(docs.join(format!("{stem}.output.json"))).unwrap();
        assert_eq!(cli_output(calc, &input), expected, "{name}");
        seen += 1;
    }
    assert_eq!(seen, 3);
}

#[test]
fn every_document_of_the_corpus_gives_the_same_output_as_before() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/refusals.jsonl");
    let text = std::fs::read_to_string(corpus).unwrap();
    let mut differences = Vec::new();
    let mut count = 0;
    for line in text.lines() {
        let case: serde_json::Value = serde_json::from_str(line).unwrap();
        let name = case["calculator"].as_str().unwrap();
        let input = case["input"].as_str().unwrap();
        let out = cli_output(name, input);
        match case["output"].as_str() {
            Some(expected) if out != expected => {
                differences.push(format!("{name} {input}\n  was {expected}  now {out}"))
            }
            None if out.starts_with("{\"error\"") => differences.push(format!("{name} {input}\n  now {out}")),
            _ => {}
        }
        count += 1;
    }
    assert_eq!(count, 1081);
    assert!(
        differences.is_empty(),
        "{}\n{}",
        differences.len(),
        differences.join("\n")
    );
}
