//! Fast civil-date arithmetic on day numbers.
//!
//! The generator does a few dozen date computations per household; going through
//! `jiff::Span` for each would dominate the run time, so dates are handled as day numbers
//! (days since 1970-01-01) with the classic proleptic-Gregorian conversions, and turned into
//! [`Date`] only when a record is built.

use kokuho_domain::Date;

/// A civil date as a day number (days since 1970-01-01).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Day(pub i32);

/// Days since 1970-01-01 of a proleptic-Gregorian (year, month, day).
fn days_from_civil(year: i32, month: i32, day: i32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// (year, month, day) of a day number.
fn civil_from_days(days: i32) -> (i32, i32, i32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i32::from(month <= 2);
    (year, month, day)
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: i32) -> i32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Day {
    pub(crate) fn from_ymd(year: i32, month: i32, day: i32) -> Day {
        Day(days_from_civil(year, month, day))
    }

    pub(crate) fn from_date(date: Date) -> Day {
        Day::from_ymd(i32::from(date.year()), i32::from(date.month()), i32::from(date.day()))
    }

    /// The `jiff` date. Day numbers the generator makes are always within jiff's range; a
    /// value outside it (impossible by construction) maps to `Date::MIN`.
    pub(crate) fn to_date(self) -> Date {
        let (y, m, d) = self.ymd();
        match (i16::try_from(y), i8::try_from(m), i8::try_from(d)) {
            (Ok(y), Ok(m), Ok(d)) => Date::new(y, m, d).unwrap_or(Date::MIN),
            _ => Date::MIN,
        }
    }

    pub(crate) fn ymd(self) -> (i32, i32, i32) {
        civil_from_days(self.0)
    }

    pub(crate) fn year(self) -> i32 {
        self.ymd().0
    }

    pub(crate) fn plus(self, days: i32) -> Day {
        Day(self.0 + days)
    }

    /// The same month and day `years` later (negative: earlier); 2/29 becomes 2/28.
    pub(crate) fn add_years(self, years: i32) -> Day {
        let (y, m, d) = self.ymd();
        let y2 = y + years;
        Day::from_ymd(y2, m, d.min(days_in_month(y2, m)))
    }

    /// The first day of the month `months` after this day's month.
    pub(crate) fn first_of_month_plus(self, months: i32) -> Day {
        let (y, m, _) = self.ymd();
        let total = y * 12 + (m - 1) + months;
        Day::from_ymd(total.div_euclid(12), total.rem_euclid(12) + 1, 1)
    }

    /// The fiscal year (年度, April to March) containing this day.
    pub(crate) fn fiscal_year(self) -> i32 {
        let (y, m, _) = self.ymd();
        if m >= 4 { y } else { y - 1 }
    }

    /// Completed years of age on `on` for someone born on `self` (birthday basis).
    pub(crate) fn age_on(self, on: Day) -> i32 {
        let (by, bm, bd) = self.ymd();
        let (y, m, d) = on.ymd();
        let before_birthday = (m, d) < (bm, bd);
        y - by - i32::from(before_birthday)
    }

    /// Whether this is 2月29日.
    pub(crate) fn is_feb_29(self) -> bool {
        let (_, m, d) = self.ymd();
        m == 2 && d == 29
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn round_trips_with_jiff() {
        let epoch = Day::from_date(date(1970, 1, 1));
        assert_eq!(epoch, Day(0));
        let mut d = date(1899, 12, 25);
        let end = date(2101, 1, 10);
        while d < end {
            let n = Day::from_date(d);
            assert_eq!(n.to_date(), d);
            let next = d.tomorrow().unwrap();
            assert_eq!(Day::from_date(next), n.plus(1));
            d = next;
        }
    }

    #[test]
    fn years_months_ages_and_fiscal_years() {
        let d = Day::from_date(date(2024, 2, 29));
        assert!(d.is_feb_29());
        assert_eq!(d.add_years(1).to_date(), date(2025, 2, 28));
        assert_eq!(d.add_years(-4).to_date(), date(2020, 2, 29));
        assert_eq!(d.first_of_month_plus(11).to_date(), date(2025, 1, 1));
        assert_eq!(d.first_of_month_plus(-2).to_date(), date(2023, 12, 1));
        assert_eq!(d.fiscal_year(), 2023);
        assert_eq!(Day::from_date(date(2024, 4, 1)).fiscal_year(), 2024);
        let birth = Day::from_date(date(1951, 6, 2));
        assert_eq!(birth.age_on(Day::from_date(date(2026, 6, 1))), 74);
        assert_eq!(birth.age_on(Day::from_date(date(2026, 6, 2))), 75);
    }
}
