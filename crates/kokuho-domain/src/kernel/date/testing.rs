//! Test support shared by the domain's unit tests: calendar months written as literals.

use super::YearMonth;

/// The month `year`-`month` (a test literal: panics on an impossible month).
pub(crate) fn ym(year: i16, month: i8) -> YearMonth {
    YearMonth::new(year, month).unwrap()
}
