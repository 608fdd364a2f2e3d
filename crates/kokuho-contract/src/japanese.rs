//! The calculator contract's Japanese messages for a refused document (spec/calculators.md:
//! `message` is Japanese and names the offending field). Each is chosen from the problem's kind
//! and fields; the wording is the one the calculators have always given, byte for byte.

use crate::problem::{Expecting, Found, Problem};

/// The message for `problem` at `path` (empty: the document as a whole).
pub fn contract_message(path: &str, problem: &Problem) -> String {
    let field = if path.is_empty() {
        String::from("入力")
    } else {
        format!("項目 {path}")
    };
    match problem {
        Problem::UnknownField { field: name, .. } => {
            format!("{field}: 不明な項目「{name}」があります（項目名の誤りは受け付けません）")
        }
        Problem::MissingField { field: name } => format!("{field}: 必須項目「{name}」がありません"),
        Problem::UnknownVariant { variant, allowed } => format!(
            "{field}: 「{variant}」は指定できる値ではありません（指定できる値: {}）",
            allowed.join("、")
        ),
        Problem::Syntax { line, column } | Problem::Eof { line, column } | Problem::Trailing { line, column } => {
            format!("JSON の形式が正しくありません（{line} 行 {column} 列）")
        }
        Problem::Parser => String::from("JSON の形式が正しくありません（0 行 0 列）"),
        Problem::InvalidType { found, expecting, .. } | Problem::InvalidValue { found, expecting, .. } => {
            format!(
                "{field}: 値の型が正しくありません。{}",
                wrong_type(found, expecting.as_ref())
            )
        }
        Problem::Custom { message, .. } => own_message(&field, message),
        Problem::InvalidLength { .. } | Problem::DuplicateField { .. } => {
            own_message(&field, &problem.legacy_text().unwrap_or_default())
        }
    }
}

/// What to give instead of a value of the wrong type, as an instruction.
///
/// The order is the calculators' since the first version: what the field's type asks for when
/// it is a string, a boolean or an integer; then an integer given; then an array or an object,
/// asked for or given.
pub fn wrong_type(found: &Found, expecting: Option<&Expecting>) -> &'static str {
    match expecting {
        Some(Expecting::Text) => return "文字列で指定してください",
        Some(Expecting::Bool) => return "true または false で指定してください",
        // A unit variant's value written as an object has always been told "整数".
        Some(Expecting::Integer | Expecting::Unit) => return "整数で指定してください",
        _ => {}
    }
    if *found == Found::Integer {
        "整数で指定してください"
    } else if expecting == Some(&Expecting::List) || *found == Found::Seq {
        "配列で指定してください"
    } else if matches!(expecting, Some(Expecting::Object(_) | Expecting::Any)) || *found == Found::Map {
        "オブジェクトで指定してください"
    } else {
        "値の型が正しくありません"
    }
}

/// A refusal of the type's own. The domain's are Japanese and shown as they are. A calendar
/// date's refusal comes from the date library in English: the calculators have always replaced
/// a text that speaks of a date or of parsing by the Japanese date message, and shown any other
/// as it is (kept byte for byte; see the crate's notes).
fn own_message(field: &str, text: &str) -> String {
    if text.contains("date") || text.contains("parse") {
        return format!("{field}: 日付が正しくありません。実在する日付を YYYY-MM-DD の形式で指定してください");
    }
    format!("{field}: {text}")
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&contract_message("", self))
    }
}
