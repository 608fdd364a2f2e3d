//! One test per kind of problem: the structured kind the reader gives, and the Japanese message
//! and path of the contract's error document for it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kokuho_contract::reader::read_str;
use kokuho_contract::{Expecting, Found, Problem, read_document};
use kokuho_domain::collection::late_fee::LateFeeInput;

/// The late-fee document with `rest` after the principal and the due date.
fn doc(rest: &str) -> String {
    format!(r#"{{"principal": 100000, "due_date": "2023-08-31"{rest}}}"#)
}

/// (problem, path) of the reader, and (path, message) of the contract.
fn refused(text: &str) -> (Problem, String, String, String) {
    let refusal = read_str::<LateFeeInput>(text).expect_err("refused");
    let e = read_document::<LateFeeInput>(text, "").expect_err("refused");
    assert_eq!(e.code, "invalid_input");
    let path = refusal.path_text();
    (refusal.problem, path, e.path, e.message)
}

#[test]
fn syntax() {
    let (problem, _, path, message) = refused(r#"{"principal": 1,}"#);
    assert_eq!(problem, Problem::Syntax { line: 1, column: 17 });
    // The path is where the parser was (a member not named yet: `?`), as it always was.
    assert_eq!(
        (path.as_str(), message.as_str()),
        ("?", "JSON の形式が正しくありません（1 行 17 列）")
    );
}

#[test]
fn end_of_text() {
    let (problem, _, path, message) = refused(r#"{"principal": 1, "payments": [{"date": "#);
    assert_eq!(problem, Problem::Eof { line: 1, column: 39 });
    // The path is where the parser was, as it always was.
    assert_eq!(
        (path.as_str(), message.as_str()),
        ("payments[0].date", "JSON の形式が正しくありません（1 行 39 列）")
    );
}

#[test]
fn trailing_text() {
    let (problem, _, path, message) = refused(&format!("{} x", doc("")));
    assert_eq!(problem, Problem::Trailing { line: 1, column: 49 });
    assert_eq!(
        (path.as_str(), message.as_str()),
        ("", "JSON の後ろに余分な文字があります")
    );
}

#[test]
fn invalid_type() {
    let (problem, _, path, message) = refused(&doc(r#", "payments": [{"date": "2024-02-10", "amount": "5"}]"#));
    assert_eq!(
        problem,
        Problem::InvalidType {
            found: Found::Text(String::from("5")),
            expecting: Some(Expecting::Integer),
            expected: String::from("i64"),
        }
    );
    assert_eq!(
        (path.as_str(), message.as_str()),
        (
            "payments[0].amount",
            "項目 payments[0].amount: 値の型が正しくありません。整数で指定してください"
        )
    );
    // What the field's type asks for decides the instruction: a list, an object, a string.
    let (_, _, _, message) = refused(&doc(r#", "payments": {}"#));
    assert_eq!(
        message,
        "項目 payments: 値の型が正しくありません。配列で指定してください"
    );
    let (_, _, _, message) = refused(&doc(r#", "payments": ["x"]"#));
    assert_eq!(
        message,
        "項目 payments[0]: 値の型が正しくありません。オブジェクトで指定してください"
    );
    let (_, _, _, message) = refused(&doc(
        r#", "rates": [{"year": 2024, "within_month": 2, "after_month": "8"}]"#,
    ));
    assert_eq!(
        message,
        "項目 rates[0].within_month: 値の型が正しくありません。文字列で指定してください"
    );
}

#[test]
fn invalid_value() {
    let (problem, _, path, message) = refused(&doc(
        r#", "rates": [{"year": 99999999999, "within_month": "2", "after_month": "8"}]"#,
    ));
    assert_eq!(
        problem,
        Problem::InvalidValue {
            found: Found::Integer,
            expecting: Some(Expecting::Integer),
            expected: String::from("i32"),
        }
    );
    assert_eq!(
        (path.as_str(), message.as_str()),
        (
            "rates[0].year",
            "項目 rates[0].year: 値の型が正しくありません。整数で指定してください"
        )
    );
}

#[test]
fn invalid_length() {
    let (problem, _, path, message) = refused(&doc(r#", "payments": [["2024-02-10"]]"#));
    assert_eq!(
        problem,
        Problem::InvalidLength {
            len: 1,
            expected: String::from("struct PaymentInput with 2 elements"),
        }
    );
    // The calculators' wording for it has always been serde's (kept byte for byte).
    assert_eq!(
        (path.as_str(), message.as_str()),
        (
            "payments[0]",
            "項目 payments[0]: invalid length 1, expected struct PaymentInput with 2 elements"
        )
    );
}

#[test]
fn unknown_variant() {
    let text = r#"{"month": "2026-07", "household": {"category": "z", "members": []}, "claims": []}"#;
    let refusal = read_str::<kokuho_domain::benefits::high_cost::HighCostInput>(text).expect_err("refused");
    assert_eq!(
        refusal.problem,
        Problem::UnknownVariant {
            variant: String::from("z"),
            allowed: &["a", "i", "u", "e", "o"],
        }
    );
    let e = kokuho_contract::high_cost::parse_and_calculate(text).expect_err("refused");
    assert_eq!(
        (e.path.as_str(), e.message.as_str()),
        (
            "household.category",
            "項目 household.category: 「z」は指定できる値ではありません（指定できる値: a、i、u、e、o）"
        )
    );
}

#[test]
fn unknown_field() {
    let (problem, path, _, message) = refused(&doc(r#", "memo": 1"#));
    assert!(matches!(problem, Problem::UnknownField { ref field, .. } if field == "memo"));
    assert_eq!(
        (path.as_str(), message.as_str()),
        (
            "memo",
            "項目 memo: 不明な項目「memo」があります（項目名の誤りは受け付けません）"
        )
    );
}

#[test]
fn missing_field() {
    let (problem, path, _, message) = refused(r#"{"principal": 1}"#);
    assert_eq!(problem, Problem::MissingField { field: "due_date" });
    assert_eq!(
        (path.as_str(), message.as_str()),
        (".", "入力: 必須項目「due_date」がありません")
    );
}

#[test]
fn duplicate_field() {
    let (problem, _, path, message) = refused(&doc(r#", "principal": 5"#));
    assert_eq!(problem, Problem::DuplicateField { field: "principal" });
    assert_eq!(
        (path.as_str(), message.as_str()),
        ("", "入力: duplicate field `principal`")
    );
}

#[test]
fn the_domains_own_refusals() {
    // Negative money (the domain's Amount), in Japanese already; the value that was refused.
    let (problem, _, path, message) = refused(&doc(r#", "payments": [{"date": "2024-02-10", "amount": -5}]"#));
    assert_eq!(
        problem,
        Problem::Custom {
            message: String::from("負の金額（-5）は指定できません"),
            found: Some(Found::Integer),
        }
    );
    assert_eq!(
        (path.as_str(), message.as_str()),
        (
            "payments[0].amount",
            "項目 payments[0].amount: 負の金額（-5）は指定できません"
        )
    );
    // An impossible date (the date library's refusal).
    let (problem, _, path, message) = refused(r#"{"principal": 1, "due_date": "2023-02-30"}"#);
    assert!(matches!(problem, Problem::Custom { found: Some(Found::Text(ref t)), .. } if t == "2023-02-30"));
    assert_eq!(
        (path.as_str(), message.as_str()),
        (
            "due_date",
            "項目 due_date: 日付が正しくありません。実在する日付を YYYY-MM-DD の形式で指定してください"
        )
    );
}

#[test]
fn a_table_read_on_its_own_is_named_from_rates() {
    let e = kokuho_contract::premium::validate_rates(2025, r#"{"rounding": "floor", "components": {}}"#)
        .expect_err("refused");
    assert_eq!(e.path, "rates.rounding");
    assert_eq!(
        e.message,
        "項目 rates.rounding: 「floor」は指定できる値ではありません（指定できる値: component_floor_100、floor_1）"
    );
    let e = kokuho_contract::premium::validate_rates(2020, "{").expect_err("refused");
    assert_eq!(e.path, "fiscal_year");
}
