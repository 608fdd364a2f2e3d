//! 年度: the fiscal year, April 1 to March 31, named by the 西暦 year it starts in.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::civil::date_saturating;
use super::wareki::fiscal_year_label;
use super::{Date, DateError, YearMonth};

/// 年度: April 1 of `number()` to March 31 of the next year (賦課年度, 相当年度 …).
///
/// Serialized as the bare number (`2026`). `Display` gives the 和暦 name 「令和8年度」.
///
/// The range is [`FiscalYear::MIN`]..=[`FiscalYear::MAX`], which is exactly the set of fiscal
/// years containing some [`Date`]; at the two extremes [`FiscalYear::start`] / [`end`] and the
/// months saturate to what jiff can represent.
///
/// [`end`]: FiscalYear::end
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i32", into = "i32")]
pub struct FiscalYear(i32);

impl FiscalYear {
    /// The fiscal year of -9999-01-01.
    pub const MIN: FiscalYear = FiscalYear(-10_000);
    /// The fiscal year of 9999-12-31.
    pub const MAX: FiscalYear = FiscalYear(9999);

    /// The fiscal year starting on April 1 of `year`.
    ///
    /// # Errors
    ///
    /// [`DateError::FiscalYearOutOfRange`] outside [`FiscalYear::MIN`]..=[`FiscalYear::MAX`].
    pub fn new(year: i32) -> Result<FiscalYear, DateError> {
        if (Self::MIN.0..=Self::MAX.0).contains(&year) {
            Ok(FiscalYear(year))
        } else {
            Err(DateError::FiscalYearOutOfRange { year })
        }
    }

    /// The fiscal year containing `date` (January–March belong to the previous year).
    pub fn of(date: Date) -> FiscalYear {
        FiscalYear::of_month(YearMonth::of(date))
    }

    /// The fiscal year containing `month`, by integer arithmetic alone: [`MonthSet`] asks this
    /// for every membership test.
    ///
    /// [`MonthSet`]: super::MonthSet
    pub(super) fn of_month(month: YearMonth) -> FiscalYear {
        let year = i32::from(month.year());
        FiscalYear(if month.month() >= 4 { year } else { year - 1 })
    }

    /// 西暦の年度番号: 2026 for 令和8年度.
    pub fn number(self) -> i32 {
        self.0
    }

    /// 年度初日: April 1.
    pub fn start(self) -> Date {
        date_saturating(self.0, 4, 1)
    }

    /// 年度末日: March 31 of the next year.
    pub fn end(self) -> Date {
        date_saturating(self.0.saturating_add(1), 3, 31)
    }

    /// Whether `date` lies in this fiscal year.
    pub fn contains(self, date: Date) -> bool {
        FiscalYear::of(date) == self
    }

    /// The next fiscal year; `None` after [`FiscalYear::MAX`].
    pub fn next(self) -> Option<FiscalYear> {
        FiscalYear::new(self.0.checked_add(1)?).ok()
    }

    /// The previous fiscal year; `None` before [`FiscalYear::MIN`].
    pub fn prev(self) -> Option<FiscalYear> {
        FiscalYear::new(self.0.checked_sub(1)?).ok()
    }

    /// The month with fiscal index `index` (April = 0 … March = 11); `None` for an index above
    /// 11 or a month jiff cannot represent.
    pub fn month(self, index: u8) -> Option<YearMonth> {
        // April..December are in the starting year, January..March in the next.
        let (year, month) = match index {
            0..=8 => (self.0, i8::try_from(index).ok()? + 4),
            9..=11 => (self.0.checked_add(1)?, i8::try_from(index).ok()? - 8),
            _ => return None,
        };
        YearMonth::new(i16::try_from(year).ok()?, month).ok()
    }

    /// The months April..March in order (fewer only at the range extremes).
    pub fn months(self) -> impl Iterator<Item = YearMonth> {
        (0..12u8).filter_map(move |index| self.month(index))
    }
}

impl fmt::Display for FiscalYear {
    /// 「令和8年度」, 「令和元年度」 (FY2019, named by the era of the calendar year, see
    /// [`super::wareki::wareki_year`]), 「1867年度」 before 明治.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&fiscal_year_label(self.0))
    }
}

impl TryFrom<i32> for FiscalYear {
    type Error = DateError;

    fn try_from(year: i32) -> Result<FiscalYear, DateError> {
        FiscalYear::new(year)
    }
}

impl From<FiscalYear> for i32 {
    fn from(fy: FiscalYear) -> i32 {
        fy.0
    }
}

// Here rather than in month.rs, so that the two files do not import each other.
impl YearMonth {
    /// 年度: the fiscal year this month belongs to (January–March belong to the previous year).
    pub fn fiscal_year(self) -> FiscalYear {
        FiscalYear::of_month(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn fy(year: i32) -> FiscalYear {
        FiscalYear::new(year).unwrap()
    }

    #[test]
    fn of_date_at_the_boundaries() {
        let table = [
            (date(2026, 3, 31), 2025),
            (date(2026, 4, 1), 2026),
            (date(2026, 12, 31), 2026),
            (date(2027, 1, 1), 2026),
            (date(2027, 3, 31), 2026),
            (date(2027, 4, 1), 2027),
        ];
        for (d, expected) in table {
            assert_eq!(FiscalYear::of(d), fy(expected), "{d}");
        }
    }

    #[test]
    fn start_end_contains() {
        let f = fy(2026);
        assert_eq!(f.start(), date(2026, 4, 1));
        assert_eq!(f.end(), date(2027, 3, 31));
        assert!(f.contains(date(2026, 4, 1)));
        assert!(f.contains(date(2027, 3, 31)));
        assert!(!f.contains(date(2026, 3, 31)));
        assert!(!f.contains(date(2027, 4, 1)));
        assert_eq!(f.next(), Some(fy(2027)));
        assert_eq!(f.prev(), Some(fy(2025)));
    }

    #[test]
    fn months_run_april_to_march() {
        let months: Vec<String> = fy(2026).months().map(|m| m.to_string()).collect();
        assert_eq!(
            months,
            [
                "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12",
                "2027-01", "2027-02", "2027-03"
            ]
        );
        assert_eq!(fy(2026).month(12), None);
        for (index, m) in fy(2026).months().enumerate() {
            assert_eq!(usize::from(m.fiscal_index()), index);
            assert_eq!(m.fiscal_year(), fy(2026));
        }
    }

    #[test]
    fn wareki_names() {
        let table = [
            (2026, "令和8年度"),
            (2020, "令和2年度"),
            (2019, "令和元年度"),
            (2018, "平成30年度"),
            (1989, "平成元年度"),
            (1988, "昭和63年度"),
            (1867, "1867年度"),
        ];
        for (year, name) in table {
            assert_eq!(fy(year).to_string(), name);
        }
    }

    #[test]
    fn serde_as_number() {
        assert_eq!(serde_json::to_string(&fy(2026)).unwrap(), "2026");
        assert_eq!(serde_json::from_str::<FiscalYear>("2025").unwrap(), fy(2025));
        assert!(serde_json::from_str::<FiscalYear>("10000").is_err());
    }

    #[test]
    fn range_extremes_saturate_without_panicking() {
        assert_eq!(FiscalYear::of(Date::MAX), FiscalYear::MAX);
        assert_eq!(FiscalYear::of(Date::MIN), FiscalYear::MIN);
        assert_eq!(FiscalYear::MAX.end(), Date::MAX);
        assert_eq!(FiscalYear::MIN.start(), Date::MIN);
        assert_eq!(FiscalYear::MAX.months().count(), 9);
        assert_eq!(FiscalYear::MIN.months().count(), 3);
        assert_eq!(FiscalYear::MAX.next(), None);
        assert_eq!(
            FiscalYear::new(10_000).unwrap_err().to_string(),
            "年度が範囲外です: 10000"
        );
    }
}
