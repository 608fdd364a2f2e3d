//! kokuho-domain: the pure core of kokuho.
//!
//! Types (identifiers, `Yen`, `MyNumber`, civil dates and 和暦, fiscal years) and every business
//! rule of 市町村国保 that does not need the outside world. Nothing here does IO, reads a clock or
//! a random source, or knows SQL or HTTP: same inputs, same outputs.

pub mod certificate;
pub mod contract;
pub mod copay;
pub mod date;
pub mod eligibility;
pub mod high_cost;
pub mod ids;
pub mod income;
pub mod income_conversion;
pub mod json_error;
pub mod kana;
pub mod late_fee;
pub mod money;
pub mod my_number;
pub mod premium;
pub mod rate;
pub mod resident;

pub use ids::*;
pub use money::Yen;
pub use my_number::MyNumber;

pub use date::Date;
