//! 高額療養費 (high-cost medical benefit): the benefit of one household for one 診療月
//! (spec/calculators.md §2, rules.md §6).
//!
//! One pure function, [`calculate`], used by the calculator CLI and API alike. The sources' tags
//! ([公]/[二]/[未]) are repeated where each rule is applied ([`calc`], [`limits`],
//! [`category`]).
//!
//! How a month is computed (see [`calc`]):
//! 1. each member's age group in the month: under 70, or 70〜74 from the month after the month
//!    in which 70 is reached (the birthday month itself when born on the 1st); a member whose
//!    75th birthday falls in the month on another day than the 1st has the 75歳到達月 halves;
//! 2. the categories: given (`category`, `category_70`) or derived from `incomes`;
//! 3. 特定疾病: each such レセプト's copay capped at 10,000円 (20,000円 for dialysis in 区分ア・イ);
//! 4. 70〜74: each person's 外来 (pharmacy included) capped at the 外来 limit, then (75歳到達月)
//!    the person's half limit, then the 70〜74 members together at the household limit;
//! 5. 世帯合算: the under-70 レセプト of 21,000円 or more (pharmacy joined to its prescriber)
//!    with what the 70〜74 members still pay, at the under-70 category's limit;
//! 6. 多数回該当 (3 benefit months in the 11 months before) lowers the household limits.
//!
//! Amounts are integers (i128 inside, so no sum can overflow); no floating point.

pub mod calc;
pub mod category;
mod income_category;
pub mod input;
pub mod limits;
pub mod output;

pub use calc::calculate;
pub use income_category::{Category, Category70};
pub use input::HighCostInput;
pub use output::HighCostResult;
