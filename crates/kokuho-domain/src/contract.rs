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

/// Members of one household a calculator reads (a household register has never held more than
/// a few dozen; the bound keeps every sum far from overflowing).
pub const MAX_MEMBERS: usize = 100;

/// Entries of one list a calculator reads (claims of a month, payments of a charge).
pub const MAX_ENTRIES: usize = 10_000;

/// Refuses a list at `path` longer than `max` (the bound that keeps every sum in 64 bits).
///
/// # Errors
/// [`CalcError`] naming the list and its bound.
pub fn check_count(path: &str, len: usize, max: usize, what: &str) -> Result<(), CalcError> {
    if len > max {
        return Err(CalcError::invalid(
            path,
            format!("項目 {path}: {what}が多すぎます（{len}件。{max}件まで）"),
        ));
    }
    Ok(())
}

/// A non-negative amount of yen up to [`Amount::MAX`] (the contract refuses anything else).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Amount(pub i64);

impl Amount {
    /// The largest amount a calculator reads: 999,999,999,999円 (under 1兆円). Far above any
    /// household's money, and small enough that no sum or product of a calculation overflows
    /// 64 bits (households have at most [`MAX_MEMBERS`] members).
    pub const MAX: Amount = Amount(999_999_999_999);

    /// Whether the amount is 0 yen (an absent 平等割 is 0).
    pub fn is_zero(&self) -> bool {
        self.0 == 0
    }
}

/// An amount a calculator does not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountError {
    /// Below 0.
    Negative(i64),
    /// Above [`Amount::MAX`].
    TooLarge(i64),
}

impl std::fmt::Display for AmountError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AmountError::Negative(v) => write!(f, "負の金額（{v}）は指定できません"),
            AmountError::TooLarge(v) => write!(
                f,
                "金額（{v}）が大きすぎます（{}円まで）",
                crate::Yen::new(Amount::MAX.0).format_grouped()
            ),
        }
    }
}

impl TryFrom<i64> for Amount {
    type Error = AmountError;

    /// The amount `v`, if 0 ≤ v ≤ [`Amount::MAX`]: the one check of every amount read from
    /// outside (documents, forms).
    fn try_from(v: i64) -> Result<Amount, AmountError> {
        if v < 0 {
            Err(AmountError::Negative(v))
        } else if v > Amount::MAX.0 {
            Err(AmountError::TooLarge(v))
        } else {
            Ok(Amount(v))
        }
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.0)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Amount, D::Error> {
        Amount::try_from(i64::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}
