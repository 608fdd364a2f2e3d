//! 期割と特別徴収: splitting a year's premium into installments (普通徴収), pension withholding
//! (特別徴収: 仮徴収・本徴収・平準化), and respreading a changed amount (更正) over the
//! installments still to come. rules.md §4.7, §4.8.

use serde::{Deserialize, Serialize};

use crate::kernel::date::YearMonth;

/// Where the amount that does not divide evenly goes [未: 尼崎市・倉敷市 not confirmed; 第1期 is
/// the common practice].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Remainder {
    /// 端数を第1期に寄せる.
    First,
    /// 端数を最終期に寄せる.
    Last,
}

/// A city's 普通徴収 schedule: the months of its 納期 and the unit each installment is a
/// multiple of (except the one that takes the remainder).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// 納期の月 (e.g. 尼崎市: June–March, 10 installments [公]).
    pub months: Vec<YearMonth>,
    /// 端数単位 (1, 100 or 1,000 yen).
    pub unit: i64,
    /// 端数の寄せ方.
    pub remainder: Remainder,
}

/// One installment: the month it is due and its amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Installment {
    /// 納期の月.
    pub month: YearMonth,
    /// 金額.
    pub amount: i64,
}

/// Splits `total` evenly over `months` in multiples of `unit`, the remainder on the first or
/// last; every amount is ≥ 0 and the amounts sum to `total` (a negative total gives nothing).
pub fn split(total: i64, months: &[YearMonth], unit: i64, remainder: Remainder) -> Vec<Installment> {
    let n = i64::try_from(months.len()).unwrap_or(i64::MAX);
    if n == 0 || total <= 0 {
        return months.iter().map(|m| Installment { month: *m, amount: 0 }).collect();
    }
    let unit = unit.max(1);
    let each = total / n / unit * unit;
    let rest = total - each * n;
    let take = match remainder {
        Remainder::First => 0,
        Remainder::Last => months.len() - 1,
    };
    months
        .iter()
        .enumerate()
        .map(|(i, m)| Installment {
            month: *m,
            amount: if i == take { each + rest } else { each },
        })
        .collect()
}

impl Schedule {
    /// 普通徴収 of `annual` over every month of the schedule.
    pub fn installments(&self, annual: i64) -> Vec<Installment> {
        split(annual, &self.months, self.unit, self.remainder)
    }

    /// 更正: `new_annual` replaces the year's amount after installments were set to `current`.
    /// Installments due before `from` keep their amounts (past 納期 are not changed [公] 尼崎市);
    /// the rest is respread over the installments from `from` on. When the past installments
    /// already exceed the new amount, the later ones are 0 and the excess is a refund (還付).
    pub fn respread(&self, current: &[Installment], new_annual: i64, from: YearMonth) -> Respread {
        let past: Vec<Installment> = current.iter().copied().filter(|i| i.month < from).collect();
        let fixed: i64 = past.iter().map(|i| i.amount).sum();
        let remaining: Vec<YearMonth> = self.months.iter().copied().filter(|m| *m >= from).collect();
        let left = new_annual - fixed;
        let mut installments = past;
        if remaining.is_empty() {
            // No installment left: a rise becomes one more installment in `from`, a fall a refund.
            if left > 0 {
                installments.push(Installment {
                    month: from,
                    amount: left,
                });
            }
        } else {
            installments.extend(split(left, &remaining, self.unit, self.remainder));
        }
        Respread {
            installments,
            refund: (-left).max(0),
        }
    }
}

/// The result of [`Schedule::respread`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Respread {
    /// The installments after the change (past ones unchanged).
    pub installments: Vec<Installment>,
    /// 還付（過納）: what the past installments exceed the new amount by.
    pub refund: i64,
}

// ---------------------------------------------------------------------------------------------
// 特別徴収
// ---------------------------------------------------------------------------------------------

/// 特別徴収の年金額の下限（年額18万円以上）[公] 福島市.
pub const WITHHOLDING_MIN_PENSION: i64 = 180_000;

/// What decides whether a household's premium is withheld from a pension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WithholdingFacts {
    /// 世帯主が国保の被保険者.
    pub head_insured: bool,
    /// 世帯の被保険者全員が65歳以上75歳未満.
    pub all_insured_65_to_74: bool,
    /// 世帯主が年度中に75歳に到達する（その年度は普通徴収）.
    pub head_turns_75_this_year: bool,
    /// 特別徴収対象年金（介護保険料を天引きしている年金）の年額.
    pub pension: i64,
    /// 国保料の年額.
    pub premium: i64,
    /// 介護保険料の年額.
    pub care_premium: i64,
}

/// Why a household is (not) withheld, in Japanese, for the counter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Withholding {
    /// 特別徴収の対象.
    Withheld,
    /// 普通徴収: the first condition that is not met.
    Direct(&'static str),
}

/// 特別徴収の要件 (all of them) [公] 福島市FAQ・朝霞市; 75歳到達年度は普通徴収 [公] 阿蘇市.
pub fn withholding(f: &WithholdingFacts) -> Withholding {
    if !f.head_insured {
        Withholding::Direct("世帯主が国保の被保険者ではありません")
    } else if !f.all_insured_65_to_74 {
        Withholding::Direct("65歳未満または75歳以上の被保険者がいます")
    } else if f.head_turns_75_this_year {
        Withholding::Direct("世帯主が今年度75歳になります")
    } else if f.pension < WITHHOLDING_MIN_PENSION {
        Withholding::Direct("特別徴収の対象となる年金が年額18万円未満です")
    } else if (f.premium + f.care_premium) * 2 > f.pension {
        Withholding::Direct("国保料と介護保険料の合計が年金額の2分の1を超えます")
    } else {
        Withholding::Withheld
    }
}

/// The six pension-day withholdings of a fiscal year: 仮徴収 April, June, August; 本徴収 October,
/// December, February.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WithholdingPlan {
    /// 仮徴収 (4・6・8月).
    pub provisional: [i64; 3],
    /// 本徴収 (10・12・2月).
    pub definitive: [i64; 3],
}

/// 仮徴収は前年度2月の額と同額、本徴収は (年額 − 仮徴収額) を3回で [公] 知立市. With `level`
/// (平準化), June and August are adjusted so that 仮徴収 is half the year and the year is even
/// [公] TC-10: 年額162,000・前年度2月50,000 → 4月50,000, 6・8月15,500, 本徴収27,000×3.
/// Remainders go to the first installment of each half, in yen [未: 端数の寄せ方].
pub fn withholding_plan(annual: i64, previous_february: i64, level: bool) -> WithholdingPlan {
    let april = previous_february.max(0);
    let provisional = if level {
        let half = annual / 2;
        let june_august = (half - april).max(0);
        [april, june_august - june_august / 2, june_august / 2]
    } else {
        [april; 3]
    };
    let rest = (annual - provisional.iter().sum::<i64>()).max(0);
    let each = rest / 3;
    WithholdingPlan {
        provisional,
        definitive: [rest - 2 * each, each, each],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::date::testing::ym;

    fn june_to_march(year: i16) -> Vec<YearMonth> {
        (6..=12)
            .map(|m| ym(year, m))
            .chain((1..=3).map(|m| ym(year + 1, m)))
            .collect()
    }

    fn amagasaki() -> Schedule {
        Schedule {
            months: june_to_march(2025),
            unit: 100,
            remainder: Remainder::First,
        }
    }

    #[test]
    fn ten_installments_put_the_remainder_on_the_first() {
        let i = amagasaki().installments(289_250);
        assert_eq!(i.len(), 10);
        assert_eq!(i[0].amount, 29_150);
        assert!(i[1..].iter().all(|x| x.amount == 28_900));
        assert_eq!(i.iter().map(|x| x.amount).sum::<i64>(), 289_250);
        let last = split(1_005, &june_to_march(2025), 1, Remainder::Last);
        assert_eq!((last[0].amount, last[9].amount), (100, 105));
        assert!(
            split(0, &june_to_march(2025), 100, Remainder::First)
                .iter()
                .all(|x| x.amount == 0)
        );
    }

    #[test]
    fn a_reassessment_keeps_past_installments_and_respreads_the_rest() {
        let s = amagasaki();
        let before = s.installments(300_000);
        // Raised in October: June–September stay 30,000 each, the other six share 240,000.
        let after = s.respread(&before, 360_000, ym(2025, 10));
        assert_eq!(
            after.installments.iter().take(4).map(|x| x.amount).collect::<Vec<_>>(),
            vec![30_000; 4]
        );
        assert_eq!(
            after.installments[4..].iter().map(|x| x.amount).collect::<Vec<_>>(),
            vec![40_000; 6]
        );
        assert_eq!(after.refund, 0);
        // Lowered below what is already due: the rest is 0 and the excess a refund.
        let after = s.respread(&before, 100_000, ym(2025, 10));
        assert!(after.installments[4..].iter().all(|x| x.amount == 0));
        assert_eq!(after.refund, 20_000);
        // After the last 納期: a rise is one more installment.
        let after = s.respread(&before, 310_000, ym(2026, 4));
        assert_eq!(
            after.installments.last().unwrap(),
            &Installment {
                month: ym(2026, 4),
                amount: 10_000
            }
        );
    }

    #[test]
    fn levelled_withholding_matches_the_published_example() {
        // TC-10 [公] (後期高齢者医療の公表例、仕組みは同じ).
        let p = withholding_plan(162_000, 50_000, true);
        assert_eq!(p.provisional, [50_000, 15_500, 15_500]);
        assert_eq!(p.definitive, [27_000; 3]);
        let p = withholding_plan(162_000, 50_000, false);
        assert_eq!(p.provisional, [50_000; 3]);
        assert_eq!(p.definitive, [4_000; 3]);
        let p = withholding_plan(100_001, 10_000, false);
        assert_eq!(
            p.provisional.iter().sum::<i64>() + p.definitive.iter().sum::<i64>(),
            100_001
        );
    }

    #[test]
    fn withholding_needs_every_condition() {
        let ok = WithholdingFacts {
            head_insured: true,
            all_insured_65_to_74: true,
            head_turns_75_this_year: false,
            pension: 1_200_000,
            premium: 200_000,
            care_premium: 80_000,
        };
        assert_eq!(withholding(&ok), Withholding::Withheld);
        assert!(matches!(
            withholding(&WithholdingFacts {
                head_insured: false,
                ..ok
            }),
            Withholding::Direct(_)
        ));
        assert!(matches!(
            withholding(&WithholdingFacts { pension: 179_999, ..ok }),
            Withholding::Direct(_)
        ));
        assert_eq!(
            withholding(&WithholdingFacts {
                pension: 180_000,
                premium: 60_000,
                care_premium: 30_000,
                ..ok
            }),
            Withholding::Withheld
        );
        assert!(matches!(
            withholding(&WithholdingFacts {
                pension: 180_000,
                premium: 60_000,
                care_premium: 30_001,
                ..ok
            }),
            Withholding::Direct(_)
        ));
        assert!(matches!(
            withholding(&WithholdingFacts {
                head_turns_75_this_year: true,
                ..ok
            }),
            Withholding::Direct(_)
        ));
    }
}
