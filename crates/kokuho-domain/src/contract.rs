//! What every calculator of spec/calculators.md shares in the domain: the refusal of an input
//! ([`CalcError`]: code, Japanese message, the field's path) and non-negative money
//! ([`Amount`]). Reading and writing the contract's JSON is kokuho-contract's; the calculators
//! here (`premium`, `high_cost`, `late_fee`) take typed inputs and only compute.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

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
    /// An `invalid_input` error at `path` (empty: the document as a whole).
    pub fn invalid(path: impl Into<String>, message: impl Into<String>) -> CalcError {
        CalcError {
            code: "invalid_input",
            message: message.into(),
            path: path.into(),
        }
    }
}

/// A non-negative amount of yen (the contract refuses negative money).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Amount(pub i64);

impl Amount {
    /// Whether the amount is 0 yen (an absent 平等割 is 0).
    pub fn is_zero(&self) -> bool {
        self.0 == 0
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.0)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Amount, D::Error> {
        let v = i64::deserialize(d)?;
        if v < 0 {
            return Err(serde::de::Error::custom(format!("負の金額（{v}）は指定できません")));
        }
        Ok(Amount(v))
    }
}
