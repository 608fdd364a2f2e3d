//! 延滞金 (late fee): the fee on a premium installment paid after its due date
//! (spec/calculators.md §3, rules.md §5.1–§5.2).
//!
//! One pure function, [`calculate`], used by the calculator CLI and API alike. The sources'
//! tags ([公]/[二]/[未]) are repeated where each rule is applied ([`calc`], [`rates`]).
//!
//! How a fee is computed (see [`calc`]):
//! 1. the late days: from the day after the due date to the day the principal is paid in full,
//!    both counted; a payment on or before the due date only reduces the principal;
//! 2. cut into periods: at the end of the first month (1か月以内 / 1か月経過後), at the end of
//!    each calendar year (each year's rate), and where a partial payment changes the base (from
//!    the day after the payment);
//! 3. each period: base (unpaid principal, 1,000円未満切捨て, 0 under 2,000円) × rate × days ÷
//!    365, exact, then 1円未満切捨て;
//! 4. the sum: under 1,000円 → 0, otherwise 100円未満切捨て.
//!
//! Amounts are integers and rates exact fractions (i128): no floating point.

pub mod calc;
pub mod input;
pub mod output;
pub mod rates;

pub use calc::calculate;
pub use input::LateFeeInput;
pub use output::LateFeeResult;
