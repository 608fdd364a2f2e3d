//! Proleptic Gregorian arithmetic on plain integers.
//!
//! The statutory rules compute anniversaries that may, in absurd cases, leave jiff's range; doing
//! the arithmetic on `i32` years and converting once, with saturation, keeps them total.

/// A civil (calendar) date without time zone: 生年月日, 資格取得日, 納期限 ...
pub type Date = jiff::civil::Date;

/// Whether `year` is a leap year (proleptic Gregorian).
pub(crate) fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` (1..=12) of `year`; 0 for a month outside 1..=12.
pub(crate) fn days_in_month(year: i32, month: i8) -> i8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// The date `year-month-day`, saturating at [`Date::MIN`] / [`Date::MAX`] when the year is out of
/// range, and clamping the day into the month.
///
/// Callers pass a valid month; an invalid one also saturates rather than panicking.
pub(crate) fn date_saturating(year: i32, month: i8, day: i8) -> Date {
    let Ok(y) = i16::try_from(year) else {
        return if year < 0 { Date::MIN } else { Date::MAX };
    };
    let day = day.clamp(1, days_in_month(year, month).max(1));
    Date::new(y, month, day).unwrap_or(if year < 0 { Date::MIN } else { Date::MAX })
}

/// The day after `date`, or [`Date::MAX`] itself.
pub(crate) fn next_day(date: Date) -> Date {
    date.tomorrow().unwrap_or(Date::MAX)
}

/// The day before `date`, or [`Date::MIN`] itself.
pub(crate) fn previous_day(date: Date) -> Date {
    date.yesterday().unwrap_or(Date::MIN)
}

/// The (year, month, day) of the day before `year-month-day`, with no range limit.
pub(crate) fn day_before(year: i32, month: i8, day: i8) -> (i32, i8, i8) {
    if day > 1 {
        (year, month, day - 1)
    } else if month > 1 {
        (year, month - 1, days_in_month(year, month - 1))
    } else {
        (year.saturating_sub(1), 12, 31)
    }
}

/// The (year, month, day) of the day after `date`, with no range limit (so 9999-12-31 works).
pub(crate) fn day_after(date: Date) -> (i32, i8, i8) {
    let year = i32::from(date.year());
    let (month, day) = (date.month(), date.day());
    if day < date.days_in_month() {
        (year, month, day + 1)
    } else if month < 12 {
        (year, month + 1, 1)
    } else {
        (year + 1, 1, 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn leap_years() {
        for (year, leap) in [(2024, true), (2023, false), (1900, false), (2000, true), (2100, false)] {
            assert_eq!(is_leap_year(year), leap, "{year}");
        }
    }

    #[test]
    fn days_in_month_table() {
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2026, 2), 28);
        assert_eq!(days_in_month(2026, 4), 30);
        assert_eq!(days_in_month(2026, 12), 31);
        assert_eq!(days_in_month(2026, 13), 0);
    }

    #[test]
    fn saturation_and_clamping() {
        assert_eq!(date_saturating(2026, 2, 30), date(2026, 2, 28));
        assert_eq!(date_saturating(10_000, 1, 1), Date::MAX);
        assert_eq!(date_saturating(-10_000, 1, 1), Date::MIN);
        assert_eq!(next_day(Date::MAX), Date::MAX);
        assert_eq!(previous_day(Date::MIN), Date::MIN);
    }

    #[test]
    fn neighbours() {
        assert_eq!(day_before(2026, 3, 1), (2026, 2, 28));
        assert_eq!(day_before(2024, 3, 1), (2024, 2, 29));
        assert_eq!(day_before(2027, 1, 1), (2026, 12, 31));
        assert_eq!(day_after(date(2026, 12, 31)), (2027, 1, 1));
        assert_eq!(day_after(date(2024, 2, 28)), (2024, 2, 29));
        assert_eq!(day_after(Date::MAX), (10_000, 1, 1));
    }
}
