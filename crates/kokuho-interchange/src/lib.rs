//! kokuho-interchange: the file formats kokuho exchanges with other systems.
//!
//! Files from outside are untrusted (ARCHITECTURE-GUIDE invariant 6): every parser here rejects
//! bad input with a Japanese message and a line (and, for encoding errors, byte) position, never
//! panics, and never half-imports: a file is taken whole or not at all.
//!
//! - [`text`]: strict decoding (UTF-8 with/without BOM, Shift_JIS = Windows-31J) and strict
//!   Shift_JIS encoding.
//! - [`resident_changes`]: 住民異動 CSV (`docs/interchange/resident-changes.md`).
//! - [`incomes`]: 所得 CSV from the tax system (`docs/interchange/incomes.md`).
//! - [`error`]: [`LineError`] and [`ImportErrors`].
//!
//! This crate knows no database; it turns bytes into domain values and back.

#![cfg_attr(
    not(test),
    deny(clippy::indexing_slicing, clippy::as_conversions, clippy::float_arithmetic)
)]

pub mod error;
mod fields;
pub mod incomes;
pub mod resident_changes;
mod table;
pub mod text;

pub use error::{ImportErrors, LineError, Located, MAX_REPORTED_ERRORS};
pub use incomes::{IncomeColumn, IncomeReader, parse_incomes, parse_incomes_located, write_incomes};
pub use resident_changes::{
    ResidentChangeColumn, ResidentChangeReader, parse_resident_changes, parse_resident_changes_located,
    write_resident_changes,
};
pub use text::{
    DecodeError, DecodeProblem, Decoded, EncodeError, Encoding, UsedEncoding, decode, detect, encode_shift_jis,
};
