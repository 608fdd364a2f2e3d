//! 年齢計算: statutory age and the age events of 国保 (未就学, 介護2号, 70歳, 75歳).
//!
//! 年齢計算ニ関スル法律 counts age from the day of birth, and 民法143条 ends each year at the end
//! of the day before the anniversary. Administratively a person therefore **reaches** age `n` on
//! the day before the n-th birthday (到達日). A 2月29日 birthday has no anniversary in a common
//! year; the year then ends on the last day of February, so the age is reached on 2月28日 in every
//! year (in a leap year 2月28日 is also the day before 2月29日).
//!
//! Everything that happens "on reaching age n" is derived from [`date_reaching_age`]; everything
//! that happens "from the birthday" (後期高齢者医療) from [`birthday_of_age`], which is always the
//! day after.

use super::civil::{date_saturating, day_after, day_before, is_leap_year, next_day};
use super::{Date, FiscalYear, MonthSet, YearMonth};

/// 未就学の基準年齢: 6 (義務教育就学前 ends with the first 3月31日 after reaching it).
pub const PRESCHOOL_AGE: u32 = 6;
/// 介護保険第2号被保険者になる年齢: 40.
pub const CARE_CATEGORY2_FROM_AGE: u32 = 40;
/// 介護保険第1号被保険者になる年齢 (第2号の終わり): 65.
pub const CARE_CATEGORY1_FROM_AGE: u32 = 65;
/// 高齢受給者 (一部負担金 2割/3割) になる年齢: 70.
pub const ELDER_COPAY_AGE: u32 = 70;
/// 後期高齢者医療へ移行する年齢: 75.
pub const LATE_ELDERLY_AGE: u32 = 75;

/// 期間の満了日: the last day of a period of `years` years that starts on (and counts) `start`
/// (民法143条). The day before the anniversary; when the anniversary does not exist (2月29日 in a
/// common year) the last day of that month.
///
/// Also used for validity periods such as 「交付日から5年」.
pub fn period_end_after_years(start: Date, years: u32) -> Date {
    let year = i32::from(start.year()).saturating_add(i32::try_from(years).unwrap_or(i32::MAX));
    let (month, day) = (start.month(), start.day());
    let (y, m, d) = if month == 2 && day == 29 && !is_leap_year(year) {
        (year, 2, 28)
    } else {
        day_before(year, month, day)
    };
    date_saturating(y, m, d)
}

/// 年齢到達日: the day a person born on `birth` reaches age `n` (the day before the n-th
/// birthday; 2月29日生まれ → 2月28日). Age 0 is "reached" on the birth date itself.
pub fn date_reaching_age(birth: Date, n: u32) -> Date {
    if n == 0 {
        birth
    } else {
        period_end_after_years(birth, n)
    }
}

/// n歳の誕生日: the n-th birthday itself, the day after [`date_reaching_age`]
/// (2月29日生まれ → 3月1日 in a common year).
pub fn birthday_of_age(birth: Date, n: u32) -> Date {
    if n == 0 {
        birth
    } else {
        next_day(date_reaching_age(birth, n))
    }
}

/// 年齢: the age on `date` of a person born on `birth` (0 before birth).
///
/// Equal to the everyday "birthday" age on the following day, which is exactly the
/// 到達日 rule: born 2000-04-01 → 20 on 2020-03-31.
pub fn age_on(birth: Date, date: Date) -> u32 {
    // The next day as plain numbers, so that 9999-12-31 needs no special case.
    let (year, month, day) = day_after(date);
    let mut years = year - i32::from(birth.year());
    // Tuple order compares (month, day); 2月29日 sorts between 2月28日 and 3月1日, which gives
    // the common-year rule for free.
    if (month, day) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

/// 後期高齢者医療への移行日 (= 国保の資格喪失日): the 75th birthday itself
/// (高齢者の医療の確保に関する法律: 75歳に達したとき → from the birthday).
pub fn late_elderly_transfer_date(birth: Date) -> Date {
    birthday_of_age(birth, LATE_ELDERLY_AGE)
}

/// 介護分の賦課月 (介護保険第2号被保険者, 40〜64歳) within `fiscal_year`: from the month
/// containing the day 40 is reached, up to the month before the month containing the day 65 is
/// reached. For someone born on the 1st both ends move one month earlier.
///
/// Age only: intersect with [`super::covered_months`] for the months actually insured.
pub fn care_months(birth: Date, fiscal_year: FiscalYear) -> MonthSet {
    let from = YearMonth::of(date_reaching_age(birth, CARE_CATEGORY2_FROM_AGE));
    let until = YearMonth::of(date_reaching_age(birth, CARE_CATEGORY1_FROM_AGE));
    MonthSet::from_range(fiscal_year, from, Some(until))
}

/// 高齢受給者の一部負担金割合が適用される最初の月: the month after the month containing the
/// day 70 is reached (1日生まれ: the birthday month itself).
///
/// Saturates at [`YearMonth::MAX`].
pub fn copay_elder_from(birth: Date) -> YearMonth {
    let reached = YearMonth::of(date_reaching_age(birth, ELDER_COPAY_AGE));
    reached.next().unwrap_or(YearMonth::MAX)
}

/// 未就学 (義務教育就学前) の最終日: the first 3月31日 on or after the day 6 is reached.
///
/// Born 2020-04-01 → 2026-03-31 (school from April 2026); born 2020-04-02 → 2027-03-31.
pub fn preschool_until(birth: Date) -> Date {
    let reached = date_reaching_age(birth, PRESCHOOL_AGE);
    let year = i32::from(reached.year());
    let march_31 = date_saturating(year, 3, 31);
    if reached <= march_31 {
        march_31
    } else {
        date_saturating(year + 1, 3, 31)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::date::testing::ym;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn fy(year: i32) -> FiscalYear {
        FiscalYear::new(year).unwrap()
    }

    /// (birth or acquisition date, fiscal year, expected months as (year, month)).
    type MonthsCase = (Date, i32, &'static [(i16, i8)]);

    #[test]
    fn age_on_table() {
        // (birth, date, age): computed by hand from 年齢計算ニ関スル法律.
        let table = [
            (date(2000, 4, 1), date(2020, 3, 30), 19),
            (date(2000, 4, 1), date(2020, 3, 31), 20),
            (date(2000, 4, 2), date(2020, 3, 31), 19),
            (date(2000, 4, 2), date(2020, 4, 1), 20),
            (date(2000, 4, 2), date(2020, 4, 2), 20),
            // 2月29日生まれ: reached on 2月28日, in common and leap years alike.
            (date(2000, 2, 29), date(2021, 2, 27), 20),
            (date(2000, 2, 29), date(2021, 2, 28), 21),
            (date(2000, 2, 29), date(2021, 3, 1), 21),
            (date(2000, 2, 29), date(2024, 2, 27), 23),
            (date(2000, 2, 29), date(2024, 2, 28), 24),
            (date(2000, 2, 29), date(2024, 2, 29), 24),
            // 3月1日生まれ: the day before is 2月28日 or 2月29日.
            (date(2001, 3, 1), date(2021, 2, 27), 19),
            (date(2001, 3, 1), date(2021, 2, 28), 20),
            (date(2004, 3, 1), date(2024, 2, 28), 19),
            (date(2004, 3, 1), date(2024, 2, 29), 20),
            // 1月1日生まれ: reached on 12月31日 of the previous year.
            (date(2000, 1, 1), date(2000, 12, 30), 0),
            (date(2000, 1, 1), date(2000, 12, 31), 1),
            (date(2000, 1, 1), date(2001, 12, 31), 2),
            (date(1999, 12, 31), date(2000, 12, 29), 0),
            (date(1999, 12, 31), date(2000, 12, 30), 1),
            // On and before the birth date.
            (date(2000, 5, 10), date(2000, 5, 10), 0),
            (date(2000, 5, 10), date(2000, 5, 1), 0),
            (date(2000, 5, 10), date(1990, 1, 1), 0),
            (date(1951, 4, 1), date(2026, 3, 31), 75),
            (date(1951, 4, 2), date(2026, 3, 31), 74),
        ];
        for (birth, on, age) in table {
            assert_eq!(age_on(birth, on), age, "born {birth}, on {on}");
        }
    }

    #[test]
    fn date_reaching_age_table() {
        let table = [
            (date(2000, 4, 1), 20, date(2020, 3, 31)),
            (date(2000, 4, 2), 20, date(2020, 4, 1)),
            (date(2000, 2, 29), 21, date(2021, 2, 28)),
            (date(2000, 2, 29), 24, date(2024, 2, 28)),
            (date(2001, 3, 1), 3, date(2004, 2, 29)),
            (date(2001, 3, 1), 20, date(2021, 2, 28)),
            (date(2000, 1, 1), 1, date(2000, 12, 31)),
            (date(1986, 5, 15), 40, date(2026, 5, 14)),
            (date(1986, 6, 1), 40, date(2026, 5, 31)),
            (date(1986, 5, 31), 40, date(2026, 5, 30)),
            (date(2000, 5, 10), 0, date(2000, 5, 10)),
        ];
        for (birth, n, expected) in table {
            assert_eq!(date_reaching_age(birth, n), expected, "born {birth}, age {n}");
        }
    }

    #[test]
    fn birthday_of_age_table() {
        let table = [
            (date(2000, 2, 29), 21, date(2021, 3, 1)),
            (date(2000, 2, 29), 24, date(2024, 2, 29)),
            (date(1951, 4, 1), 75, date(2026, 4, 1)),
            (date(2000, 1, 1), 1, date(2001, 1, 1)),
            (date(1999, 12, 31), 1, date(2000, 12, 31)),
            (date(2000, 5, 10), 0, date(2000, 5, 10)),
        ];
        for (birth, n, expected) in table {
            assert_eq!(birthday_of_age(birth, n), expected, "born {birth}, age {n}");
        }
    }

    #[test]
    fn late_elderly_transfer_is_the_75th_birthday() {
        let table = [
            (date(1951, 4, 1), date(2026, 4, 1)),
            (date(1951, 6, 1), date(2026, 6, 1)),
            (date(1951, 6, 15), date(2026, 6, 15)),
            (date(1951, 12, 31), date(2026, 12, 31)),
            (date(1952, 2, 29), date(2027, 3, 1)),
            (date(1948, 2, 29), date(2023, 3, 1)),
            (date(1949, 2, 28), date(2024, 2, 28)),
        ];
        for (birth, expected) in table {
            assert_eq!(late_elderly_transfer_date(birth), expected, "born {birth}");
        }
    }

    #[test]
    fn care_months_table() {
        // (birth, fiscal year, expected months)
        let table: [MonthsCase; 14] = [
            // 40 reached on 2026-03-31 (born on the 1st): March of FY2025 is already 介護.
            (date(1986, 4, 1), 2025, &[(2026, 3)]),
            (date(1986, 4, 2), 2025, &[]),
            (
                date(1986, 5, 1),
                2026,
                &[
                    (2026, 4),
                    (2026, 5),
                    (2026, 6),
                    (2026, 7),
                    (2026, 8),
                    (2026, 9),
                    (2026, 10),
                    (2026, 11),
                    (2026, 12),
                    (2027, 1),
                    (2027, 2),
                    (2027, 3),
                ],
            ),
            (
                date(1986, 5, 2),
                2026,
                &[
                    (2026, 5),
                    (2026, 6),
                    (2026, 7),
                    (2026, 8),
                    (2026, 9),
                    (2026, 10),
                    (2026, 11),
                    (2026, 12),
                    (2027, 1),
                    (2027, 2),
                    (2027, 3),
                ],
            ),
            (date(1988, 2, 29), 2027, &[(2028, 2), (2028, 3)]),
            (date(1986, 3, 1), 2025, &[(2026, 2), (2026, 3)]),
            // 65 reached on 2026-03-31: last 介護 month is 2026-02.
            (date(1961, 4, 1), 2026, &[]),
            (date(1961, 4, 2), 2026, &[]),
            (date(1961, 6, 1), 2026, &[(2026, 4)]),
            (date(1961, 6, 2), 2026, &[(2026, 4), (2026, 5)]),
            (date(1961, 6, 15), 2026, &[(2026, 4), (2026, 5)]),
            // 65 reached on 2025-02-28 (2月29日生まれ): last month 2025-01.
            (
                date(1960, 2, 29),
                2024,
                &[
                    (2024, 4),
                    (2024, 5),
                    (2024, 6),
                    (2024, 7),
                    (2024, 8),
                    (2024, 9),
                    (2024, 10),
                    (2024, 11),
                    (2024, 12),
                    (2025, 1),
                ],
            ),
            (date(1996, 7, 7), 2026, &[]),
            (date(1950, 7, 7), 2026, &[]),
        ];
        for (birth, year, months) in table {
            let got: Vec<YearMonth> = care_months(birth, fy(year)).iter().collect();
            let expected: Vec<YearMonth> = months.iter().map(|&(y, m)| ym(y, m)).collect();
            assert_eq!(got, expected, "born {birth}, FY{year}");
        }
        // Counts at the 65 end, the year before.
        assert_eq!(care_months(date(1961, 4, 1), fy(2025)).count(), 11);
        assert_eq!(care_months(date(1961, 4, 2), fy(2025)).count(), 12);
        assert_eq!(care_months(date(1976, 1, 1), fy(2026)).count(), 12);
    }

    #[test]
    fn copay_elder_from_table() {
        let table = [
            (date(1956, 4, 1), ym(2026, 4)),
            (date(1956, 4, 2), ym(2026, 5)),
            (date(1956, 3, 31), ym(2026, 4)),
            (date(1956, 2, 29), ym(2026, 3)),
            (date(1956, 3, 1), ym(2026, 3)),
            (date(1956, 2, 28), ym(2026, 3)),
            (date(1956, 10, 1), ym(2026, 10)),
            (date(1956, 10, 2), ym(2026, 11)),
            (date(1956, 10, 31), ym(2026, 11)),
            (date(1956, 12, 1), ym(2026, 12)),
            (date(1957, 1, 1), ym(2027, 1)),
            (date(1957, 1, 2), ym(2027, 2)),
        ];
        for (birth, expected) in table {
            assert_eq!(copay_elder_from(birth), expected, "born {birth}");
        }
    }

    #[test]
    fn preschool_until_table() {
        let table = [
            (date(2020, 4, 1), date(2026, 3, 31)),
            (date(2020, 4, 2), date(2027, 3, 31)),
            (date(2020, 3, 31), date(2026, 3, 31)),
            (date(2020, 1, 1), date(2026, 3, 31)),
            (date(2019, 12, 31), date(2026, 3, 31)),
            (date(2020, 2, 29), date(2026, 3, 31)),
            (date(2020, 12, 25), date(2027, 3, 31)),
        ];
        for (birth, expected) in table {
            assert_eq!(preschool_until(birth), expected, "born {birth}");
        }
    }

    #[test]
    fn five_year_periods() {
        assert_eq!(period_end_after_years(date(2026, 8, 1), 5), date(2031, 7, 31));
        assert_eq!(period_end_after_years(date(2026, 4, 1), 5), date(2031, 3, 31));
        assert_eq!(period_end_after_years(date(2028, 2, 29), 5), date(2033, 2, 28));
        assert_eq!(period_end_after_years(date(2028, 2, 29), 4), date(2032, 2, 28));
        assert_eq!(period_end_after_years(date(2027, 1, 1), 5), date(2031, 12, 31));
    }

    #[test]
    fn extremes_saturate() {
        assert_eq!(date_reaching_age(date(9990, 5, 5), 100), Date::MAX);
        assert_eq!(date_reaching_age(date(9000, 1, 1), 1000), date(9999, 12, 31));
        assert_eq!(birthday_of_age(date(9000, 1, 1), 1000), Date::MAX);
        assert_eq!(date_reaching_age(date(2000, 1, 1), u32::MAX), Date::MAX);
        assert_eq!(copay_elder_from(date(9929, 12, 15)), YearMonth::MAX);
        assert_eq!(age_on(date(2000, 1, 1), Date::MAX), 8000);
        assert_eq!(age_on(Date::MAX, Date::MIN), 0);
        assert_eq!(preschool_until(date(9999, 1, 1)), Date::MAX);
    }

    fn arb_date() -> impl Strategy<Value = Date> {
        (1800i16..=2200, 1i8..=12, 1i8..=31)
            .prop_map(|(y, m, d)| crate::kernel::date::civil::date_saturating(i32::from(y), m, d))
    }

    proptest! {
        #[test]
        fn age_is_monotonic(birth in arb_date(), a in arb_date(), b in arb_date()) {
            let (early, late) = if a <= b { (a, b) } else { (b, a) };
            prop_assert!(age_on(birth, early) <= age_on(birth, late));
        }

        #[test]
        fn age_changes_exactly_on_the_reaching_day(birth in arb_date(), n in 1u32..=120) {
            let reached = date_reaching_age(birth, n);
            prop_assert_eq!(age_on(birth, reached), n);
            prop_assert_eq!(age_on(birth, reached.yesterday().unwrap()), n - 1);
            prop_assert_eq!(birthday_of_age(birth, n), reached.tomorrow().unwrap());
        }

        #[test]
        fn care_months_fit_in_a_year_and_total_25_years(birth in arb_date()) {
            let first = i32::from(birth.year()) + 38;
            let mut total = 0;
            for year in first..=first + 28 {
                let months = care_months(birth, fy(year)).count();
                prop_assert!(months <= 12);
                total += months;
            }
            prop_assert_eq!(total, 25 * 12);
        }

        #[test]
        fn preschool_ends_on_a_march_31_after_reaching_6(birth in arb_date()) {
            let until = preschool_until(birth);
            prop_assert_eq!((until.month(), until.day()), (3, 31));
            prop_assert!(until >= date_reaching_age(birth, 6));
            prop_assert!(until < date_reaching_age(birth, 7));
        }
    }
}
