//! 月割: which months of a fiscal year an enrollment is charged for (rules.md §4.6).
//!
//! 取得月 in, 喪失月 out. 喪失日 is exclusive: it is the first day *without* coverage (社保加入日,
//! or the day after death or moving out), so a death on the last day of a month still counts
//! that month. Acquisition and loss in the same month therefore count nothing for that month.

use super::civil::next_day;
use super::{Date, FiscalYear, MonthSet, YearMonth};

/// 賦課対象月: the months of `fiscal_year` covered by an enrollment from `acquired_on`
/// (資格取得日) until `lost_on` (資格喪失日, exclusive; `None` = still enrolled).
///
/// The acquisition month counts, the loss month does not; a loss in the acquisition month (or
/// a loss date before the acquisition date) gives no month. For several enrollment periods,
/// take the [`MonthSet::union`] of each.
pub fn covered_months(acquired_on: Date, lost_on: Option<Date>, fiscal_year: FiscalYear) -> MonthSet {
    MonthSet::from_range(fiscal_year, YearMonth::of(acquired_on), lost_on.map(YearMonth::of))
}

/// 死亡による資格喪失日: the day after the death (死亡日の翌日).
pub fn withdrawal_date_for_death(death_date: Date) -> Date {
    next_day(death_date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::date::late_elderly_transfer_date;
    use crate::kernel::date::testing::ym;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn fy(year: i32) -> FiscalYear {
        FiscalYear::new(year).unwrap()
    }

    /// (birth or acquisition date, fiscal year, expected months as (year, month)).
    type MonthsCase = (Date, i32, &'static [(i16, i8)]);

    #[test]
    fn counts_for_fy2026() {
        // (取得日, 喪失日, months counted in FY2026)
        let table = [
            (date(2026, 4, 1), None, 12),
            (date(2025, 5, 10), None, 12),
            (date(2026, 4, 30), None, 12),
            (date(2026, 5, 1), None, 11),
            (date(2026, 3, 31), None, 12),
            (date(2027, 3, 1), None, 1),
            (date(2027, 3, 31), None, 1),
            (date(2027, 4, 1), None, 0),
            // Same month: nothing.
            (date(2026, 4, 1), Some(date(2026, 4, 30)), 0),
            (date(2026, 4, 10), Some(date(2026, 4, 20)), 0),
            // Loss in the next month: only the acquisition month.
            (date(2026, 4, 10), Some(date(2026, 5, 1)), 1),
            (date(2026, 4, 10), Some(date(2026, 5, 31)), 1),
            // FY end: a loss on 4/1 keeps March, a loss on 3/31 does not.
            (date(2020, 1, 1), Some(date(2027, 4, 1)), 12),
            (date(2020, 1, 1), Some(date(2027, 3, 31)), 11),
            (date(2020, 1, 1), Some(date(2026, 4, 1)), 0),
            (date(2020, 1, 1), Some(date(2026, 4, 2)), 0),
            (date(2020, 1, 1), Some(date(2026, 5, 1)), 1),
            // Inconsistent data (loss before acquisition): nothing.
            (date(2026, 8, 1), Some(date(2026, 6, 1)), 0),
        ];
        for (acquired, lost, count) in table {
            assert_eq!(
                covered_months(acquired, lost, fy(2026)).count(),
                count,
                "{acquired} – {lost:?}"
            );
        }
    }

    #[test]
    fn acquisition_at_fy_boundary_counts_in_the_old_year() {
        assert_eq!(
            covered_months(date(2026, 3, 31), None, fy(2025))
                .iter()
                .collect::<Vec<_>>(),
            [ym(2026, 3)]
        );
        assert!(covered_months(date(2026, 4, 1), None, fy(2025)).is_empty());
    }

    #[test]
    fn death() {
        assert_eq!(withdrawal_date_for_death(date(2026, 5, 31)), date(2026, 6, 1));
        assert_eq!(withdrawal_date_for_death(date(2026, 5, 30)), date(2026, 5, 31));
        assert_eq!(withdrawal_date_for_death(date(2027, 3, 31)), date(2027, 4, 1));
        assert_eq!(withdrawal_date_for_death(Date::MAX), Date::MAX);
        // Death on the last day of May: May is still charged.
        let lost = withdrawal_date_for_death(date(2026, 5, 31));
        let months: Vec<YearMonth> = covered_months(date(2020, 1, 1), Some(lost), fy(2026)).iter().collect();
        assert_eq!(months, [ym(2026, 4), ym(2026, 5)]);
        // Death on May 30: May is not.
        let lost = withdrawal_date_for_death(date(2026, 5, 30));
        assert_eq!(covered_months(date(2020, 1, 1), Some(lost), fy(2026)).count(), 1);
    }

    #[test]
    fn transfer_to_late_elderly_care() {
        // (birth, FY, months still in 国保)
        let table: [MonthsCase; 5] = [
            // 75th birthday on 4/1: the whole new FY is 後期; FY2025 was complete.
            (date(1951, 4, 1), 2026, &[]),
            (
                date(1951, 4, 1),
                2025,
                &[
                    (2025, 4),
                    (2025, 5),
                    (2025, 6),
                    (2025, 7),
                    (2025, 8),
                    (2025, 9),
                    (2025, 10),
                    (2025, 11),
                    (2025, 12),
                    (2026, 1),
                    (2026, 2),
                    (2026, 3),
                ],
            ),
            // Birthday on the 1st of June: May is the last 国保 month.
            (date(1951, 6, 1), 2026, &[(2026, 4), (2026, 5)]),
            // Birthday mid-June: June belongs to 後期 too.
            (date(1951, 6, 15), 2026, &[(2026, 4), (2026, 5)]),
            // 2月29日生まれ: 75th birthday 2027-03-01, so February is the last 国保 month.
            (
                date(1952, 2, 29),
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
                ],
            ),
        ];
        for (birth, year, months) in table {
            let lost = Some(late_elderly_transfer_date(birth));
            let got: Vec<YearMonth> = covered_months(date(2010, 1, 1), lost, fy(year)).iter().collect();
            let expected: Vec<YearMonth> = months.iter().map(|&(y, m)| ym(y, m)).collect();
            assert_eq!(got, expected, "born {birth}, FY{year}");
        }
    }

    #[test]
    fn re_enrollment_in_the_loss_month_counts_that_month() {
        let first = covered_months(date(2026, 4, 1), Some(date(2026, 6, 10)), fy(2026));
        let second = covered_months(date(2026, 6, 20), None, fy(2026));
        assert_eq!(first.count(), 2);
        assert_eq!(first.union(second).unwrap().count(), 12);
    }

    fn arb_date() -> impl Strategy<Value = Date> {
        (1950i16..=2100, 1i8..=12, 1i8..=31)
            .prop_map(|(y, m, d)| crate::kernel::date::civil::date_saturating(i32::from(y), m, d))
    }

    proptest! {
        #[test]
        fn full_year_enrollment_is_12_months(
            year in 1960i32..=2090,
            before in 0i64..=3000,
            after in 0i64..=3000,
            open_ended in any::<bool>(),
        ) {
            let f = fy(year);
            let acquired = f.start().checked_sub(jiff::Span::new().days(before)).unwrap();
            let lost = next_day(f.end()).checked_add(jiff::Span::new().days(after)).unwrap();
            let lost = (!open_ended).then_some(lost);
            prop_assert_eq!(covered_months(acquired, lost, f), MonthSet::full(f));
        }

        #[test]
        fn months_over_all_years_equal_the_month_span(a in arb_date(), b in arb_date()) {
            let (acquired, lost) = if a <= b { (a, b) } else { (b, a) };
            let first = FiscalYear::of(acquired).number();
            let last = FiscalYear::of(lost).number();
            let total: u32 = (first..=last)
                .map(|y| covered_months(acquired, Some(lost), fy(y)).count())
                .sum();
            let span = (i32::from(lost.year()) - i32::from(acquired.year())) * 12
                + i32::from(lost.month()) - i32::from(acquired.month());
            prop_assert_eq!(i32::try_from(total).unwrap(), span);
        }
    }
}
