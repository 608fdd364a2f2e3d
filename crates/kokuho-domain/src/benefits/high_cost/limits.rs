//! 自己負担限度額 by 診療月 (rules.md §6.2, §6.3, §6.5): the tables as data, each with the first
//! and last month it is in force and the source of every amount (tags as in rules.md: [公]
//! official, [二] secondary, [未] unconfirmed).
//!
//! A month outside every table is refused by the calculator, naming the months it knows: before
//! 2018-08 the 70〜74 table had other rows (現役並み was one category), and from 2027-08 the
//! under-70 categories are split into 13 whose 国保 boundaries (旧ただし書き所得) are not
//! published yet [未] (rules.md §6.2, §11-8).

use super::{Category, Category70};
use crate::kernel::date::YearMonth;

/// 世帯合算の対象（70歳未満）: a レセプト's copay counts only from 21,000円 (施行令43条;
/// [公] rules.md §6.2「レセプト単位で21,000円以上の自己負担のみ合算」).
pub const AGGREGATION_MIN: i64 = 21_000;

/// 特定疾病の自己負担限度額: 10,000円 per レセプト ([公] 五霞町・東大阪市, rules.md §6.5).
pub const SPECIFIED_DISEASE: i64 = 10_000;

/// 人工透析を要する慢性腎不全, 70歳未満の上位所得世帯（区分ア・イ）: 20,000円 ([公] 東大阪市
/// 「区分ア・イは2万円」, 五霞町; rules.md §6.5). Unchanged by the 2026-08 revision as far as
/// anyone reports [未] (rules.md §6.5, §11-6).
pub const SPECIFIED_DIALYSIS_UPPER: i64 = 20_000;

/// 多数回該当: the 4th benefit month within 12 months, i.e. 3 earlier ones in the 11 months
/// before ([二] rules.md §6.2「直近12か月以内に3回以上支給 → 4回目から」).
pub const MANY_TIMES_PRIOR: usize = 3;
/// The window of 多数回該当, this month included.
pub const MANY_TIMES_WINDOW_MONTHS: usize = 12;

/// A monthly limit: `base`, plus 1% of the medical cost over `threshold` when there is one
/// (施行令42条: 80,100円 + (医療費 − 267,000円) × 1%).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formula {
    /// 定額部分.
    pub base: i64,
    /// 医療費の基準額 (`None`: a flat amount).
    pub threshold: Option<i64>,
}

impl Formula {
    /// A flat amount (区分エ・オ, 一般, 低所得).
    pub const fn flat(base: i64) -> Formula {
        Formula { base, threshold: None }
    }

    /// `base + (医療費 − threshold) × 1%`.
    pub const fn over(base: i64, threshold: i64) -> Formula {
        Formula {
            base,
            threshold: Some(threshold),
        }
    }

    /// The limit for `medical_cost` (10割). The 1% part is rounded to the yen, half up (50銭以上
    /// 切上げ), and is 0 when the cost does not exceed the threshold: the limit never falls
    /// below `base` ([二] rules.md §6.2「1%部分の端数: 四捨五入」, 施行令42条の読み).
    pub fn amount(self, medical_cost: i128) -> i128 {
        let base = i128::from(self.base);
        match self.threshold {
            Some(t) if medical_cost > i128::from(t) => base + one_percent_half_up(medical_cost - i128::from(t)),
            _ => base,
        }
    }

    /// 75歳到達月の特例: base and threshold both halved ([公: 制度] rules.md §6.3b「定額部分も
    /// 医療費の基準額も1/2（例: 現役並みⅡ → 83,700 + (医療費 − 279,000)×1%）」). Every amount
    /// of the tables is even (tested), so the halves are exact.
    pub const fn halved(self) -> Formula {
        Formula {
            base: self.base / 2,
            threshold: match self.threshold {
                Some(t) => Some(t / 2),
                None => None,
            },
        }
    }
}

/// 1% of `excess` (≥ 0), rounded to the yen half up.
pub fn one_percent_half_up(excess: i128) -> i128 {
    (excess + 50) / 100
}

/// One under-70 category's limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnderSeventy {
    /// 月額の限度額.
    pub monthly: Formula,
    /// 多数回該当の限度額.
    pub many_times: i64,
}

/// One 70〜74 category's limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeventyToSeventyFour {
    /// 外来（個人ごと）の限度額 (`None`: 現役並み has no 外来特例).
    pub outpatient: Option<i64>,
    /// 世帯（入院を含む）の限度額.
    pub household: Formula,
    /// 多数回該当の限度額 (`None`: none for this category).
    pub many_times: Option<i64>,
}

/// The limits in force from `from` to `until` (both 診療月, inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LimitTable {
    /// First 診療月 (year, month).
    pub from: (i16, i8),
    /// Last 診療月 (year, month).
    pub until: (i16, i8),
    /// What the steps say of the table (which revision, how sure).
    pub label: &'static str,
    /// 区分ア〜オ in this order.
    pub under_70: [UnderSeventy; 5],
    /// 現役並みⅢ・Ⅱ・Ⅰ・一般・低所得Ⅱ・低所得Ⅰ in this order.
    pub seventy: [SeventyToSeventyFour; 6],
}

impl LimitTable {
    /// The under-70 limits of `category`.
    pub fn under_70(&self, category: Category) -> UnderSeventy {
        let [a, i, u, e, o] = self.under_70;
        match category {
            Category::A => a,
            Category::I => i,
            Category::U => u,
            Category::E => e,
            Category::O => o,
        }
    }

    /// The 70〜74 limits of `category`.
    pub fn seventy(&self, category: Category70) -> SeventyToSeventyFour {
        let [g3, g2, g1, general, low2, low1] = self.seventy;
        match category {
            Category70::Genekinami3 => g3,
            Category70::Genekinami2 => g2,
            Category70::Genekinami1 => g1,
            Category70::General => general,
            Category70::Low2 => low2,
            Category70::Low1 => low1,
        }
    }
}

fn ym((year, month): (i16, i8)) -> YearMonth {
    YearMonth::new(year, month).unwrap_or(YearMonth::MIN)
}

const fn u70(monthly: Formula, many_times: i64) -> UnderSeventy {
    UnderSeventy { monthly, many_times }
}

const fn s70(outpatient: Option<i64>, household: Formula, many_times: Option<i64>) -> SeventyToSeventyFour {
    SeventyToSeventyFour {
        outpatient,
        household,
        many_times,
    }
}

/// The tables, oldest first, without gaps.
pub const TABLES: [LimitTable; 2] = [
    // 2018年8月〜2026年7月診療分.
    LimitTable {
        from: (2018, 8),
        until: (2026, 7),
        label: "2026年7月診療分までの限度額",
        // [公] rules.md §6.2 旧額（大同病院ほか多数）; 多数回 [公] 同.
        under_70: [
            u70(Formula::over(252_600, 842_000), 140_100),
            u70(Formula::over(167_400, 558_000), 93_000),
            u70(Formula::over(80_100, 267_000), 44_400),
            u70(Formula::flat(57_600), 44_400),
            u70(Formula::flat(35_400), 24_600),
        ],
        // [公] rules.md §6.3 旧額（南部町・大同病院・施行令42条）. 現役並みⅢ/Ⅱ/Ⅰ = ア/イ/ウ の式.
        seventy: [
            s70(None, Formula::over(252_600, 842_000), Some(140_100)),
            s70(None, Formula::over(167_400, 558_000), Some(93_000)),
            s70(None, Formula::over(80_100, 267_000), Some(44_400)),
            s70(Some(18_000), Formula::flat(57_600), Some(44_400)),
            s70(Some(8_000), Formula::flat(24_600), None),
            s70(Some(8_000), Formula::flat(15_000), None),
        ],
    },
    // 2026年8月〜2027年7月診療分 (1段目の見直し).
    LimitTable {
        from: (2026, 8),
        until: (2027, 7),
        label: "2026年8月診療分からの限度額（70〜74歳の額は未確認[未]）",
        // [二] rules.md §6.2 新額（厚労省 001726232.pdf を転記した fukushi-navi のデータ; 報道
        // 「月額上限約8万円は5,700円引き上げ」[公] は区分ウの 80,100 → 85,800 と一致）. 多数回は
        // 据え置き [二].
        under_70: [
            u70(Formula::over(270_300, 901_000), 140_100),
            u70(Formula::over(179_100, 597_000), 93_000),
            u70(Formula::over(85_800, 286_000), 44_400),
            u70(Formula::flat(61_500), 44_400),
            u70(Formula::flat(36_900), 24_600),
        ],
        // [未] rules.md §6.3: 70〜74歳の2026年8月以降の額は一次資料で未確認（外来 22,000 と
        // 11,000 は税理士ブログ [二] のみ）. 現役並みは ア/イ/ウ と同じ式（制度上確か）. 低所得Ⅱの
        // 多数回 24,600 は2026年8月新設 [未].
        seventy: [
            s70(None, Formula::over(270_300, 901_000), Some(140_100)),
            s70(None, Formula::over(179_100, 597_000), Some(93_000)),
            s70(None, Formula::over(85_800, 286_000), Some(44_400)),
            s70(Some(22_000), Formula::flat(61_500), Some(44_400)),
            s70(Some(11_000), Formula::flat(25_700), Some(24_600)),
            s70(Some(8_000), Formula::flat(15_700), None),
        ],
    },
];

/// The table in force for 診療月 `month`, if there is one.
pub fn table_for(month: YearMonth) -> Option<&'static LimitTable> {
    let m = (month.year(), month.month());
    TABLES.iter().find(|t| t.from <= m && m <= t.until)
}

/// The first and last 診療月 the tables cover.
pub fn covered_months() -> (YearMonth, YearMonth) {
    let [first, .., last] = &TABLES;
    (ym(first.from), ym(last.until))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_follow_each_other_without_gaps() {
        for pair in TABLES.windows(2) {
            let [a, b] = pair else { unreachable!() };
            assert!(a.from <= a.until);
            assert_eq!(ym(a.until).next(), Some(ym(b.from)));
        }
        assert_eq!(table_for(ym((2026, 7))).map(|t| t.from), Some((2018, 8)));
        assert_eq!(table_for(ym((2026, 8))).map(|t| t.from), Some((2026, 8)));
        assert_eq!(table_for(ym((2018, 7))), None);
        assert_eq!(table_for(ym((2027, 8))), None);
    }

    #[test]
    fn every_amount_is_even_so_the_75th_birthday_halves_are_exact() {
        for t in &TABLES {
            let mut amounts: Vec<i64> = Vec::new();
            for u in t.under_70 {
                amounts.extend([u.monthly.base, u.monthly.threshold.unwrap_or(0), u.many_times]);
            }
            for s in t.seventy {
                amounts.extend([
                    s.outpatient.unwrap_or(0),
                    s.household.base,
                    s.household.threshold.unwrap_or(0),
                    s.many_times.unwrap_or(0),
                ]);
            }
            amounts.extend([SPECIFIED_DISEASE, SPECIFIED_DIALYSIS_UPPER]);
            assert!(amounts.iter().all(|a| a % 2 == 0), "{}", t.label);
        }
        assert_eq!(Formula::over(167_400, 558_000).halved(), Formula::over(83_700, 279_000));
    }

    #[test]
    fn the_one_percent_is_rounded_half_up_and_never_negative() {
        let u = Formula::over(80_100, 267_000);
        assert_eq!(u.amount(1_000_000), 87_430);
        assert_eq!(u.amount(267_000), 80_100);
        assert_eq!(u.amount(100_000), 80_100);
        assert_eq!(u.amount(267_049), 80_100, "0.49円 → 0");
        assert_eq!(u.amount(267_050), 80_101, "0.50円 → 1");
        assert_eq!(u.amount(267_149), 80_101);
        assert_eq!(u.amount(267_150), 80_102);
        assert_eq!(Formula::flat(57_600).amount(10_000_000), 57_600);
    }
}
