//! kokuho-domain: the pure core of kokuho.
//!
//! Types (identifiers, `Yen`, `MyNumber`, civil dates and 和暦, fiscal years) and every business
//! rule of 市町村国保 that does not need the outside world. Nothing here does IO, reads a clock or
//! a random source, or knows SQL or HTTP: same inputs, same outputs.

//! The code is grouped by business area; the common kernel is what every area uses:
//! - [`kernel`]: identifiers, `Yen`, `MyNumber`, dates and 和暦, rates, the kana search key;
//! - [`eligibility`] (資格): residents and 住民異動, eligibility periods and flags, certificates, copay;
//! - [`assessment`] (賦課): incomes, the premium, installments, the collection plan, the simulation;
//! - [`collection`] (収納): the late fee;
//! - [`benefits`] (給付): 高額療養費.

pub mod assessment;
pub mod benefits;
pub mod collection;
pub mod contract;
pub mod eligibility;
pub mod kernel;

pub use kernel::date::Date;
pub use kernel::ids::*;
pub use kernel::money::Yen;
pub use kernel::my_number::MyNumber;
