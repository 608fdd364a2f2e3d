//! The plumbing every calculator of spec/calculators.md shares: reading the contract's JSON
//! (unknown fields refused by each input type, serde's errors explained in Japanese with the
//! field's path), non-negative money, and the error document `{"error": {"code", "message",
//! "path"}}`. The calculators themselves (`premium`, `high_cost`, `late_fee`) only compute.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use crate::json_error::japanese_message;

/// A refused input: `code`, a Japanese `message` naming the field, and the field's `path`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalcError {
    /// Machine-readable kind.
    pub code: &'static str,
    /// 日本語のメッセージ.
    pub message: String,
    /// JSON path of the offending field (e.g. `household.members[1].birth_date`).
    pub path: String,
}

impl CalcError {
    /// The contract's error document: `{"error": {"code", "message", "path"}}`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({ "error": { "code": self.code, "message": self.message, "path": self.path } })
    }

    /// An `invalid_input` error at `path` (empty: the document as a whole).
    pub fn invalid(path: impl Into<String>, message: impl Into<String>) -> CalcError {
        CalcError {
            code: "invalid_input",
            message: message.into(),
            path: path.into(),
        }
    }
}

/// Reads one JSON document of the contract. `prefix` is the path of the document inside the
/// contract's input (empty for the whole input; `rates` for a rate table read on its own), so
/// that an error names the field as the contract does.
///
/// # Errors
/// [`CalcError`] for malformed JSON, unknown or missing fields, wrong types, negative money and
/// impossible dates, with the field's path; trailing characters after the document.
pub fn read_document<T: DeserializeOwned>(json: &str, prefix: &str) -> Result<T, CalcError> {
    let mut de = serde_json::Deserializer::from_str(json);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let inner = e.path().to_string();
        let path = match (inner.as_str(), prefix) {
            (".", _) => prefix.to_owned(),
            (_, "") => inner,
            _ => format!("{prefix}.{inner}"),
        };
        CalcError::invalid(path.clone(), japanese_message(&path, e.inner()))
    })?;
    de.end()
        .map_err(|_| CalcError::invalid(prefix, "JSON の後ろに余分な文字があります"))?;
    Ok(value)
}

/// A non-negative amount of yen (the contract refuses negative money).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Amount(pub i64);

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Amount, D::Error> {
        let v = i64::deserialize(d)?;
        if v < 0 {
            return Err(serde::de::Error::custom(format!("負の金額（{v}）は指定できません")));
        }
        Ok(Amount(v))
    }
}
