//! Civil dates, 和暦, fiscal years and the statutory date rules.
//!
//! Everything here is pure calendar arithmetic on [`Date`] (no clock, no time zone).
//!
//! # Range policy
//!
//! [`Date`] covers -9999-01-01 ..= 9999-12-31. The statutory functions are total (they never
//! fail and never panic): a result that would fall outside that range saturates at
//! [`Date::MIN`] / [`Date::MAX`] (and [`YearMonth::MIN`] / [`YearMonth::MAX`]). No real person
//! or enrollment gets near those limits; the saturation only keeps the API free of `Result`s
//! that could never be `Err` in practice.
//!
//! # Modules
//!
//! - [`wareki`]: 元号 and 和暦 formatting.
//! - [`parse`]: reading dates typed by staff (和暦 and 西暦).
//! - [`month`]: [`YearMonth`], the unit of 月割 and monthly rules.
//! - [`fiscal_year`]: [`FiscalYear`] (年度, April to March).
//! - [`month_set`]: [`MonthSet`], a set of months of one fiscal year.
//! - [`age`]: 年齢計算ニ関スル法律 and the age events (6, 40, 65, 70, 75).
//! - [`proration`]: 月割 (取得月 in, 喪失月 out).
//! - [`holidays`]: 国民の祝日 and 行政機関の休日 (when a city office is closed).

pub mod age;
mod civil;
mod error;
pub mod fiscal_year;
pub mod holidays;
pub mod month;
pub mod month_set;
pub mod parse;
pub mod proration;
#[cfg(test)]
pub(crate) mod testing;
pub mod wareki;

pub use age::{
    age_on, birthday_of_age, care_months, copay_elder_from, date_reaching_age, late_elderly_transfer_date,
    period_end_after_years, preschool_until,
};
pub use civil::Date;
pub use error::DateError;
pub use fiscal_year::FiscalYear;
pub use month::YearMonth;
pub use month_set::MonthSet;
pub use parse::{parse_date, parse_wareki};
pub use proration::{covered_months, withdrawal_date_for_death};
pub use wareki::{Era, WarekiDate, format_wareki, format_wareki_short, to_wareki};
