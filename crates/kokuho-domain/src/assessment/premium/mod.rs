//! 保険料 (premium assessment): the statutory calculation of one household's yearly premium.
//!
//! One pure function, [`calculate`], used by the calculator CLI and API (spec/calculators.md),
//! the counter simulation and the annual batch alike. Rules: rules.md §1–§4; the sources' tags
//! ([公]/[二]/[未]) are repeated where each rule is applied.
//!
//! How a year is computed (see [`calc`]):
//! 1. each member's insured months (資格期間 ∩ 年度, ending at the 75th birthday) and care months;
//! 2. each member's 総所得金額等 by the law of the income year, 旧ただし書き所得, and the 軽減判定所得;
//! 3. the 7/5/2割 judgement at the 賦課期日 (4月1日, or the first insured month);
//! 4. for every month, each component's annual amount for that month's members, with the month's
//!    reductions and exemptions; the year is the sum of the months / 12 (月割). Months between two
//!    changes (a member's coverage, care, 非自発的失業, 産前産後 or 旧被扶養者 months, the 特定世帯
//!    months) have equal amounts, so each such run is computed once and multiplied;
//! 5. the 賦課限度額 on each month's annual amount (so a part year is capped pro rata), then
//!    the city's rounding.

pub mod calc;
mod component;
pub mod input;
pub mod output;
pub mod published;
mod reduction;
pub mod statutory;

pub use crate::contract::CalcError;
pub use crate::kernel::rate::Rate;
pub use calc::{calculate, calculate_amounts, check_fiscal_year, validate_rates};
pub use component::Component;
pub use input::PremiumInput;
pub use output::PremiumResult;
pub use reduction::Reduction;
