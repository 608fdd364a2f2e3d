//! 月の集合: which months of one fiscal year something applies to (加入月, 介護分の月 …).

use std::fmt;

use super::{DateError, FiscalYear, YearMonth};

/// 月の集合: a set of months of one [`FiscalYear`], stored as 12 bits (bit 0 = April).
///
/// The fiscal year is part of the value, so a set of 令和8年度 never silently mixes with one of
/// 令和7年度. `Debug` lists the months (`MonthSet(2026: [2026-04, 2026-05])`).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct MonthSet {
    fiscal_year: FiscalYear,
    bits: u16,
}

/// The 12 bits that stand for April..March.
const ALL_MONTHS: u16 = 0x0FFF;

impl MonthSet {
    /// The empty set of `fiscal_year`.
    pub fn empty(fiscal_year: FiscalYear) -> MonthSet {
        MonthSet { fiscal_year, bits: 0 }
    }

    /// All 12 months of `fiscal_year`.
    pub fn full(fiscal_year: FiscalYear) -> MonthSet {
        MonthSet {
            fiscal_year,
            bits: ALL_MONTHS,
        }
    }

    /// The months of `fiscal_year` from `from` (inclusive) up to `until` (exclusive; `None` = no
    /// end): the half-open ranges in which every 月割 rule is stated.
    pub fn from_range(fiscal_year: FiscalYear, from: YearMonth, until: Option<YearMonth>) -> MonthSet {
        // Fiscal indexes by month arithmetic: the calculator builds several sets per person.
        let april = fiscal_year.number() * 12 + 3;
        let index = |m: YearMonth| (serial(m) - april).clamp(0, 12);
        let (first, end) = (index(from), until.map_or(12, index));
        let bits = if first < end {
            low_bits(end) & !low_bits(first)
        } else {
            0
        };
        MonthSet {
            fiscal_year,
            bits: bits & existing(fiscal_year),
        }
    }

    /// 年度.
    pub fn fiscal_year(self) -> FiscalYear {
        self.fiscal_year
    }

    /// 月数: how many months are in the set.
    pub fn count(self) -> u32 {
        self.bits.count_ones()
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.bits == 0
    }

    /// Whether `month` is in the set (always false for a month of another fiscal year).
    pub fn contains(self, month: YearMonth) -> bool {
        month.fiscal_year() == self.fiscal_year && self.bits & bit(month) != 0
    }

    /// Adds `month`.
    ///
    /// # Errors
    ///
    /// [`DateError::FiscalYearMismatch`] if `month` is not in this set's fiscal year.
    pub fn insert(&mut self, month: YearMonth) -> Result<(), DateError> {
        self.check_same_year(month.fiscal_year())?;
        self.bits |= bit(month);
        Ok(())
    }

    /// Removes `month` (no effect for a month of another fiscal year).
    pub fn remove(&mut self, month: YearMonth) {
        if month.fiscal_year() == self.fiscal_year {
            self.bits &= !bit(month);
        }
    }

    /// 共通部分: months in both sets. Sets of different fiscal years share no month, so the
    /// result is then empty.
    pub fn intersection(self, other: MonthSet) -> MonthSet {
        let bits = if other.fiscal_year == self.fiscal_year {
            self.bits & other.bits
        } else {
            0
        };
        MonthSet { bits, ..self }
    }

    /// 差: months in `self` but not in `other`.
    pub fn difference(self, other: MonthSet) -> MonthSet {
        MonthSet {
            bits: self.bits & !self.intersection(other).bits,
            ..self
        }
    }

    /// 和: months in either set.
    ///
    /// # Errors
    ///
    /// [`DateError::FiscalYearMismatch`] for sets of different fiscal years, whose union is not
    /// a set of one fiscal year.
    pub fn union(self, other: MonthSet) -> Result<MonthSet, DateError> {
        self.check_same_year(other.fiscal_year)?;
        Ok(MonthSet {
            bits: self.bits | other.bits,
            ..self
        })
    }

    /// 変わり目: the months (May..March) whose membership differs from the month before's.
    /// Between two of them, membership is the same in every month.
    pub fn changes(self) -> MonthSet {
        MonthSet {
            bits: (self.bits ^ (self.bits << 1)) & ALL_MONTHS & !1,
            ..self
        }
    }

    /// The months in chronological order (April first).
    pub fn iter(self) -> impl Iterator<Item = YearMonth> {
        set_bits(self.bits).filter_map(move |i| self.fiscal_year.month(i))
    }

    /// The fiscal year's months in runs of consecutive months, a run starting at the year's first
    /// month and at each month of the set: (first month, number of months in the run). With the
    /// [`changes`] of some sets, each run is a stretch of months in which none of them changes.
    ///
    /// [`changes`]: MonthSet::changes
    pub fn runs(self) -> impl Iterator<Item = (YearMonth, u32)> {
        let existing = existing(self.fiscal_year);
        let starts = (self.bits | (existing & existing.wrapping_neg())) & existing;
        let end = 16 - existing.leading_zeros();
        set_bits(starts).filter_map(move |i| {
            let later = starts >> (i + 1);
            let next = if later == 0 {
                end
            } else {
                u32::from(i) + 1 + later.trailing_zeros()
            };
            let month = self.fiscal_year.month(i)?;
            Some((month, next - u32::from(i)))
        })
    }

    /// The first month in the set.
    pub fn first(self) -> Option<YearMonth> {
        self.iter().next()
    }

    /// The last month in the set.
    pub fn last(self) -> Option<YearMonth> {
        self.iter().last()
    }

    // Inlined: the calculator takes several unions per person; the error is built out of line.
    #[inline]
    fn check_same_year(self, other: FiscalYear) -> Result<(), DateError> {
        if other == self.fiscal_year {
            Ok(())
        } else {
            Err(self.mismatch(other))
        }
    }

    #[cold]
    fn mismatch(self, other: FiscalYear) -> DateError {
        DateError::FiscalYearMismatch {
            expected: self.fiscal_year.to_string(),
            actual: other.to_string(),
        }
    }
}

/// The months of `fiscal_year` that exist as [`YearMonth`]s: all twelve but at the range
/// extremes. April–December share a calendar year, as do January–March, so each part exists
/// whole or not at all.
fn existing(fiscal_year: FiscalYear) -> u16 {
    let years = i32::from(YearMonth::MIN.year())..=i32::from(YearMonth::MAX.year());
    let start = fiscal_year.number();
    let april_to_december = if years.contains(&start) { 0x01FF } else { 0 };
    let january_to_march = if years.contains(&(start + 1)) { 0x0E00 } else { 0 };
    april_to_december | january_to_march
}

/// Months since January of year 0, for the distance between two months.
fn serial(month: YearMonth) -> i32 {
    i32::from(month.year()) * 12 + i32::from(month.month()) - 1
}

/// The indexes of the set bits, lowest first.
fn set_bits(bits: u16) -> impl Iterator<Item = u8> {
    let mut rest = bits;
    std::iter::from_fn(move || {
        let index = u8::try_from(rest.trailing_zeros()).ok().filter(|i| *i < 16)?;
        rest &= rest - 1;
        Some(index)
    })
}

/// The lowest `n` (0..=12) month bits.
fn low_bits(n: i32) -> u16 {
    ALL_MONTHS >> (12 - n)
}

/// The bit of `month` within its fiscal year.
fn bit(month: YearMonth) -> u16 {
    1u16 << month.fiscal_index()
}

impl IntoIterator for MonthSet {
    type Item = YearMonth;
    type IntoIter = Box<dyn Iterator<Item = YearMonth>>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl fmt::Debug for MonthSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MonthSet({}: ", self.fiscal_year.number())?;
        f.debug_list().entries(self.iter()).finish()?;
        f.write_str(")")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::date::testing::ym;
    use proptest::prelude::*;

    fn fy(year: i32) -> FiscalYear {
        FiscalYear::new(year).unwrap()
    }

    fn set(year: i32, months: &[(i16, i8)]) -> MonthSet {
        let mut s = MonthSet::empty(fy(year));
        for &(y, m) in months {
            s.insert(ym(y, m)).unwrap();
        }
        s
    }

    #[test]
    fn empty_and_full() {
        assert_eq!(MonthSet::empty(fy(2026)).count(), 0);
        assert!(MonthSet::empty(fy(2026)).is_empty());
        assert_eq!(MonthSet::full(fy(2026)).count(), 12);
        assert_eq!(MonthSet::full(fy(2026)).first(), Some(ym(2026, 4)));
        assert_eq!(MonthSet::full(fy(2026)).last(), Some(ym(2027, 3)));
    }

    #[test]
    fn ranges_are_half_open_and_clipped() {
        let f = fy(2026);
        let table = [
            (ym(2026, 4), None, 12),
            (ym(2020, 1), None, 12),
            (ym(2026, 6), None, 10),
            (ym(2027, 3), None, 1),
            (ym(2027, 4), None, 0),
            (ym(2026, 4), Some(ym(2026, 6)), 2),
            (ym(2026, 6), Some(ym(2026, 6)), 0),
            (ym(2026, 6), Some(ym(2026, 5)), 0),
            (ym(2025, 1), Some(ym(2026, 4)), 0),
            (ym(2025, 1), Some(ym(2030, 4)), 12),
        ];
        for (from, until, count) in table {
            assert_eq!(MonthSet::from_range(f, from, until).count(), count, "{from} {until:?}");
        }
    }

    #[test]
    fn contains_respects_the_fiscal_year() {
        let s = set(2026, &[(2026, 4), (2027, 3)]);
        assert!(s.contains(ym(2026, 4)));
        assert!(s.contains(ym(2027, 3)));
        assert!(!s.contains(ym(2026, 5)));
        // Same fiscal index (April), different fiscal year.
        assert!(!s.contains(ym(2027, 4)));
        assert!(!s.contains(ym(2026, 3)));
    }

    #[test]
    fn insert_rejects_other_years() {
        let mut s = MonthSet::empty(fy(2026));
        let err = s.insert(ym(2026, 3)).unwrap_err();
        assert_eq!(err.to_string(), "令和8年度の月の集合に令和7年度の月は入れられません");
        assert!(s.is_empty());
    }

    #[test]
    fn set_algebra() {
        let a = set(2026, &[(2026, 4), (2026, 5), (2026, 6)]);
        let b = set(2026, &[(2026, 6), (2026, 7)]);
        assert_eq!(a.intersection(b), set(2026, &[(2026, 6)]));
        assert_eq!(
            a.union(b).unwrap(),
            set(2026, &[(2026, 4), (2026, 5), (2026, 6), (2026, 7)])
        );
        assert_eq!(a.difference(b), set(2026, &[(2026, 4), (2026, 5)]));
        let other_year = MonthSet::full(fy(2025));
        assert!(a.intersection(other_year).is_empty());
        assert_eq!(a.difference(other_year), a);
        assert!(a.union(other_year).is_err());
        let mut c = a;
        c.remove(ym(2026, 5));
        c.remove(ym(2025, 5));
        assert_eq!(c, set(2026, &[(2026, 4), (2026, 6)]));
    }

    #[test]
    fn changes_are_where_membership_flips() {
        let s = set(2026, &[(2026, 4), (2026, 5), (2026, 8), (2027, 3)]);
        assert_eq!(s.changes(), set(2026, &[(2026, 6), (2026, 8), (2026, 9), (2027, 3)]));
        assert!(MonthSet::full(fy(2026)).changes().is_empty());
        assert!(MonthSet::empty(fy(2026)).changes().is_empty());
        assert_eq!(set(2026, &[(2027, 3)]).changes(), set(2026, &[(2027, 3)]));
    }

    /// The definitions, month by month, that the bit arithmetic must agree with.
    fn naive_from_range(f: FiscalYear, from: YearMonth, until: Option<YearMonth>) -> Vec<YearMonth> {
        f.months()
            .filter(|m| *m >= from && until.is_none_or(|end| *m < end))
            .collect()
    }

    fn naive_runs(s: MonthSet) -> Vec<(YearMonth, u32)> {
        let mut runs: Vec<(YearMonth, u32)> = Vec::new();
        for m in s.fiscal_year().months() {
            match runs.last_mut() {
                Some(run) if !s.contains(m) => run.1 += 1,
                _ => runs.push((m, 1)),
            }
        }
        runs
    }

    fn arb_fiscal_year() -> impl Strategy<Value = FiscalYear> {
        prop_oneof![
            (1990i32..2060).prop_map(fy),
            Just(FiscalYear::MIN),
            Just(FiscalYear::MAX),
            Just(fy(-9999)),
            Just(fy(9998)),
        ]
    }

    fn arb_month_near(f: FiscalYear) -> impl Strategy<Value = YearMonth> {
        let year = f.number().clamp(-9998, 9998);
        (year - 2..=year + 2, 1i8..=12)
            .prop_map(|(y, m)| YearMonth::new(i16::try_from(y.clamp(-9999, 9999)).unwrap(), m).unwrap())
    }

    #[test]
    fn extremes_keep_only_existing_months() {
        let all = MonthSet::from_range(FiscalYear::MAX, YearMonth::MIN, None);
        assert_eq!(all.count(), 9);
        assert_eq!(all.runs().count(), 9);
        assert_eq!(
            MonthSet::empty(FiscalYear::MAX).runs().collect::<Vec<_>>(),
            [(ym(9999, 4), 9)]
        );
        let all = MonthSet::from_range(FiscalYear::MIN, YearMonth::MIN, None);
        assert_eq!(all.count(), 3);
        assert_eq!(
            MonthSet::empty(FiscalYear::MIN).runs().collect::<Vec<_>>(),
            [(ym(-9999, 1), 3)]
        );
    }

    proptest! {
        #[test]
        fn from_range_is_the_months_in_the_range(
            (f, from, until, open) in arb_fiscal_year().prop_flat_map(
                |f| (Just(f), arb_month_near(f), arb_month_near(f), any::<bool>())
            )
        ) {
            let until = (!open).then_some(until);
            let set = MonthSet::from_range(f, from, until);
            prop_assert_eq!(set.iter().collect::<Vec<_>>(), naive_from_range(f, from, until));
        }

        #[test]
        fn runs_cut_the_year_before_each_month(f in arb_fiscal_year(), bits in 0u16..0x1000) {
            let cuts = MonthSet { fiscal_year: f, bits };
            prop_assert_eq!(cuts.runs().collect::<Vec<_>>(), naive_runs(cuts));
        }

        #[test]
        fn changes_agree_with_membership(bits in 0u16..0x1000) {
            let s = MonthSet { fiscal_year: fy(2026), bits };
            let months: Vec<YearMonth> = fy(2026).months().collect();
            for pair in months.windows(2) {
                let flips = s.contains(pair[0]) != s.contains(pair[1]);
                prop_assert_eq!(s.changes().contains(pair[1]), flips, "{:?}", s);
            }
            prop_assert!(!s.changes().contains(months[0]));
        }
    }

    #[test]
    fn iteration_is_chronological() {
        let s = set(2026, &[(2027, 2), (2026, 4), (2026, 12)]);
        let months: Vec<YearMonth> = s.into_iter().collect();
        assert_eq!(months, [ym(2026, 4), ym(2026, 12), ym(2027, 2)]);
    }

    #[test]
    fn debug_lists_months() {
        let s = set(2026, &[(2026, 4), (2027, 1)]);
        assert_eq!(format!("{s:?}"), "MonthSet(2026: [2026-04, 2027-01])");
    }
}
