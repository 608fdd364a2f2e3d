//! 年月: a calendar month, the unit of 月割, 介護分 months and monthly copay rules.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::civil::date_saturating;
use super::error::echo;
use super::{Date, DateError};

/// 年月: one calendar month, e.g. 2026年4月.
///
/// Ordered chronologically. Serialized as the string `"2026-04"` (also its `Display`).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct YearMonth {
    // Field order matters: the derived `Ord` compares the year first.
    year: i16,
    month: i8,
}

impl YearMonth {
    /// The first representable month, -9999-01.
    pub const MIN: YearMonth = YearMonth { year: -9999, month: 1 };
    /// The last representable month, 9999-12.
    pub const MAX: YearMonth = YearMonth { year: 9999, month: 12 };

    /// The month `year-month`.
    ///
    /// # Errors
    ///
    /// [`DateError::InvalidYearMonth`] if `month` is not 1..=12 or `year` is outside
    /// -9999..=9999.
    pub fn new(year: i16, month: i8) -> Result<YearMonth, DateError> {
        if (1..=12).contains(&month) && (-9999..=9999).contains(&year) {
            Ok(YearMonth { year, month })
        } else {
            Err(DateError::InvalidYearMonth {
                input: format!("{year}-{month:02}"),
            })
        }
    }

    /// The month containing `date`.
    pub fn of(date: Date) -> YearMonth {
        YearMonth {
            year: date.year(),
            month: date.month(),
        }
    }

    /// 年 (西暦).
    pub fn year(self) -> i16 {
        self.year
    }

    /// 月 (1..=12).
    pub fn month(self) -> i8 {
        self.month
    }

    /// 月初: the first day of the month.
    pub fn first_day(self) -> Date {
        date_saturating(i32::from(self.year), self.month, 1)
    }

    /// 月末: the last day of the month.
    pub fn last_day(self) -> Date {
        date_saturating(i32::from(self.year), self.month, 31)
    }

    /// Whether `date` lies in this month.
    pub fn contains(self, date: Date) -> bool {
        YearMonth::of(date) == self
    }

    /// 翌月; `None` after [`YearMonth::MAX`].
    pub fn next(self) -> Option<YearMonth> {
        if self.month == 12 {
            YearMonth::new(self.year.checked_add(1)?, 1).ok()
        } else {
            Some(YearMonth {
                year: self.year,
                month: self.month + 1,
            })
        }
    }

    /// 前月; `None` before [`YearMonth::MIN`].
    pub fn prev(self) -> Option<YearMonth> {
        if self.month == 1 {
            YearMonth::new(self.year.checked_sub(1)?, 12).ok()
        } else {
            Some(YearMonth {
                year: self.year,
                month: self.month - 1,
            })
        }
    }

    /// 年度内の月番号: April = 0, May = 1, …, March = 11.
    pub fn fiscal_index(self) -> u8 {
        // month is 1..=12, so the result is 0..=11; `rem_euclid` keeps it non-negative.
        u8::try_from((self.month - 4).rem_euclid(12)).unwrap_or(0)
    }
}

impl fmt::Display for YearMonth {
    /// `2026-04` (a negative year is written with a sign, `-0001-04`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.year < 0 { "-" } else { "" };
        write!(f, "{sign}{:04}-{:02}", self.year.unsigned_abs(), self.month)
    }
}

impl fmt::Debug for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl FromStr for YearMonth {
    type Err = DateError;

    /// Reads `2026-04` (also `2026-4`, and a leading `-` for negative years).
    fn from_str(s: &str) -> Result<YearMonth, DateError> {
        let invalid = || DateError::InvalidYearMonth { input: echo(s) };
        let (negative, rest) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (year, month) = rest.split_once('-').ok_or_else(invalid)?;
        let all_digits = |t: &str, max: usize| !t.is_empty() && t.len() <= max && t.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(year, 4) || !all_digits(month, 2) {
            return Err(invalid());
        }
        let year: i16 = year.parse().map_err(|_| invalid())?;
        let year = if negative { -year } else { year };
        let month: i8 = month.parse().map_err(|_| invalid())?;
        YearMonth::new(year, month).map_err(|_| invalid())
    }
}

impl TryFrom<String> for YearMonth {
    type Error = DateError;

    fn try_from(s: String) -> Result<YearMonth, DateError> {
        s.parse()
    }
}

impl From<YearMonth> for String {
    fn from(ym: YearMonth) -> String {
        ym.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::date::testing::ym;
    use jiff::civil::date;
    use proptest::prelude::*;

    #[test]
    fn first_and_last_days() {
        let table = [
            (ym(2026, 4), date(2026, 4, 1), date(2026, 4, 30)),
            (ym(2026, 2), date(2026, 2, 1), date(2026, 2, 28)),
            (ym(2028, 2), date(2028, 2, 1), date(2028, 2, 29)),
            (ym(2026, 12), date(2026, 12, 1), date(2026, 12, 31)),
            (ym(1900, 2), date(1900, 2, 1), date(1900, 2, 28)),
        ];
        for (m, first, last) in table {
            assert_eq!(m.first_day(), first, "{m}");
            assert_eq!(m.last_day(), last, "{m}");
            assert!(m.contains(first) && m.contains(last));
            assert!(!m.contains(first.yesterday().unwrap()));
            assert!(!m.contains(last.tomorrow().unwrap()));
        }
    }

    #[test]
    fn neighbours_across_years() {
        assert_eq!(ym(2026, 12).next(), Some(ym(2027, 1)));
        assert_eq!(ym(2027, 1).prev(), Some(ym(2026, 12)));
        assert_eq!(ym(2026, 3).next(), Some(ym(2026, 4)));
        assert_eq!(YearMonth::MAX.next(), None);
        assert_eq!(YearMonth::MIN.prev(), None);
    }

    #[test]
    fn fiscal_index_and_year() {
        let table = [
            (ym(2026, 4), 0, 2026),
            (ym(2026, 5), 1, 2026),
            (ym(2026, 12), 8, 2026),
            (ym(2027, 1), 9, 2026),
            (ym(2027, 3), 11, 2026),
            (ym(2026, 3), 11, 2025),
        ];
        for (m, index, fy) in table {
            assert_eq!(m.fiscal_index(), index, "{m}");
            assert_eq!(m.fiscal_year().number(), fy, "{m}");
        }
    }

    #[test]
    fn ordering_is_chronological() {
        assert!(ym(2026, 12) < ym(2027, 1));
        assert!(ym(2026, 4) < ym(2026, 5));
        assert_eq!(YearMonth::of(date(2026, 4, 30)), ym(2026, 4));
    }

    #[test]
    fn construction_is_validated() {
        assert!(YearMonth::new(2026, 0).is_err());
        assert!(YearMonth::new(2026, 13).is_err());
        assert!(YearMonth::new(-10_000, 1).is_err());
    }

    #[test]
    fn text_and_serde() {
        assert_eq!(ym(2026, 4).to_string(), "2026-04");
        assert_eq!(format!("{:?}", ym(2026, 4)), "2026-04");
        assert_eq!("2026-04".parse::<YearMonth>(), Ok(ym(2026, 4)));
        assert_eq!("2026-4".parse::<YearMonth>(), Ok(ym(2026, 4)));
        for bad in [
            "2026-13",
            "2026-00",
            "2026",
            "2026-04-01",
            "２０２６-04",
            "+2026-04",
            "",
            "-",
        ] {
            assert!(bad.parse::<YearMonth>().is_err(), "{bad}");
        }
        assert_eq!(
            "2026-13".parse::<YearMonth>().unwrap_err().to_string(),
            "年月が不正です: 2026-13（例: 2026-04）"
        );
        assert_eq!(serde_json::to_string(&ym(2026, 4)).unwrap(), "\"2026-04\"");
        assert_eq!(serde_json::from_str::<YearMonth>("\"2027-03\"").unwrap(), ym(2027, 3));
        assert!(serde_json::from_str::<YearMonth>("\"2027-15\"").is_err());
    }

    proptest! {
        #[test]
        fn text_round_trips(year in -9999i16..=9999, month in 1i8..=12) {
            let m = ym(year, month);
            prop_assert_eq!(m.to_string().parse::<YearMonth>(), Ok(m));
        }

        #[test]
        fn the_month_lies_in_its_fiscal_year(year in -9999i16..=9999, month in 1i8..=12) {
            let m = ym(year, month);
            let fy = m.fiscal_year();
            prop_assert!(fy.start() <= m.first_day() && m.last_day() <= fy.end(), "{m} {fy:?}");
        }

        #[test]
        fn next_and_prev_are_inverse(year in -9998i16..=9998, month in 1i8..=12) {
            let m = ym(year, month);
            prop_assert_eq!(m.next().and_then(YearMonth::prev), Some(m));
            prop_assert!(m.next().unwrap() > m);
            prop_assert_eq!(m.next().unwrap().first_day(), m.last_day().tomorrow().unwrap());
        }
    }
}
