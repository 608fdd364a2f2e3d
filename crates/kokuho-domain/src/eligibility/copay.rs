//! 一部負担金割合: the share of medical costs an insured person pays (rules.md §7.1).
//!
//! - 未就学 (up to the first 3月31日 after reaching 6): 2割.
//! - From then until the 70 month: 3割.
//! - 70〜74 (from [`copay_elder_from`]): 2割, or 3割 for 現役並み所得者, decided every August
//!   for the whole household by [`judge_elder_copay`].

use std::fmt;

use crate::Yen;
use crate::kernel::date::{Date, YearMonth, copay_elder_from, preschool_until};

/// 一部負担金割合: 2割 or 3割 (1割 no longer applies to anyone under 75).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CopayRatio {
    /// 2割: 未就学, and 70〜74 一般.
    Twenty,
    /// 3割: 就学後〜69歳, and 70〜74 現役並み所得者.
    Thirty,
}

impl CopayRatio {
    /// The ratio in percent: 20 or 30.
    pub const fn percent(self) -> u8 {
        match self {
            CopayRatio::Twenty => 20,
            CopayRatio::Thirty => 30,
        }
    }
}

impl fmt::Display for CopayRatio {
    /// 「2割」「3割」.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CopayRatio::Twenty => "2割",
            CopayRatio::Thirty => "3割",
        })
    }
}

/// 高齢受給者の判定区分: the August judgement for a 70〜74 person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ElderCopay {
    /// 一般 (2割).
    General,
    /// 現役並み所得者 (3割).
    ActiveLevel,
}

impl ElderCopay {
    /// The copay ratio of this judgement.
    pub const fn ratio(self) -> CopayRatio {
        match self {
            ElderCopay::General => CopayRatio::Twenty,
            ElderCopay::ActiveLevel => CopayRatio::Thirty,
        }
    }
}

/// 一部負担金割合 for `month` of a person born on `birth`, given the household's current
/// August judgement `elder_judgement` (used only from the 70 month on).
///
/// The caller ensures the person is insured in `month` (in particular, under 75).
pub fn copay_ratio_for_month(birth: Date, month: YearMonth, elder_judgement: ElderCopay) -> CopayRatio {
    if month <= YearMonth::of(preschool_until(birth)) {
        CopayRatio::Twenty
    } else if month >= copay_elder_from(birth) {
        elder_judgement.ratio()
    } else {
        CopayRatio::Thirty
    }
}

/// 判定に用いる所得の年: the calendar year whose income decides the ratio for `month`.
///
/// The judgement runs every 8月1日: months 8〜12 of year Y and 1〜7 of Y+1 use the income of
/// Y−1 (住民税 of 年度 Y).
pub fn judgement_income_year(month: YearMonth) -> i32 {
    let year = i32::from(month.year());
    if month.month() >= 8 { year - 1 } else { year - 2 }
}

/// 判定基準額: the statutory amounts of the 70〜74 judgement, in yen.
///
/// Parameters are data: pass [`ElderCopayThresholds::STATUTORY`] unless a law change says
/// otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ElderCopayThresholds {
    /// 課税所得の基準 (以上で現役並み候補): 145万円.
    pub taxable_income_yen: i64,
    /// 旧ただし書き所得の計算に使う基礎控除: 43万円.
    pub basic_deduction_yen: i64,
    /// 旧ただし書き所得の合計の基準 (以下なら一般): 210万円.
    pub assessable_income_total_yen: i64,
    /// 基準収入額, 70〜74 が1人 (未満なら一般): 383万円.
    pub revenue_single_yen: i64,
    /// 基準収入額, 2人以上 or 1人 + 旧国保被保険者 (未満なら一般): 520万円.
    pub revenue_multiple_yen: i64,
    /// 世帯主の課税所得から控除する19歳未満の者の合計所得の上限: 38万円.
    pub minor_income_limit_yen: i64,
    /// 16歳未満1人当たりの控除: 33万円.
    pub deduction_under_16_yen: i64,
    /// 16〜18歳1人当たりの控除: 12万円.
    pub deduction_16_to_18_yen: i64,
}

impl ElderCopayThresholds {
    /// The amounts in force (rules.md §7.1).
    pub const STATUTORY: ElderCopayThresholds = ElderCopayThresholds {
        taxable_income_yen: 1_450_000,
        basic_deduction_yen: 430_000,
        assessable_income_total_yen: 2_100_000,
        revenue_single_yen: 3_830_000,
        revenue_multiple_yen: 5_200_000,
        minor_income_limit_yen: 380_000,
        deduction_under_16_yen: 330_000,
        deduction_16_to_18_yen: 120_000,
    };
}

/// 70〜74歳の被保険者: one household member judged, with last year's tax data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ElderMember {
    /// 課税所得 (住民税の課税標準額).
    pub taxable_income_yen: i64,
    /// 総所得金額等 (旧ただし書き所得 = this − 43万円, floored at 0).
    pub total_income_yen: i64,
    /// 収入額 (基準収入額の判定用).
    pub revenue_yen: i64,
    /// 世帯主: whether this member is the head of household (for the minors' deduction).
    pub is_head: bool,
}

/// 旧国保被保険者: a former member of the household who moved to 後期高齢者医療 and still lives
/// in it; their 収入 counts when only one member is 70〜74.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormerMember {
    /// 収入額.
    pub revenue_yen: i64,
}

/// 19歳未満の被保険者の年齢区分 (for the head's deduction).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MinorAge {
    /// 16歳未満: 33万円.
    Under16,
    /// 16〜18歳: 12万円.
    From16To18,
}

/// 19歳未満の被保険者: an insured minor of the household.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MinorMember {
    /// Age group, as of the tax reference date chosen by the caller.
    pub age: MinorAge,
    /// 合計所得金額; only minors at or below the limit (38万円) are deducted.
    pub total_income_yen: i64,
}

/// 判定対象世帯: what the August judgement looks at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ElderCopayHousehold {
    /// The insured members aged 70〜74.
    pub members: Vec<ElderMember>,
    /// 旧国保被保険者 (moved to 後期, same household).
    pub former_members: Vec<FormerMember>,
    /// Insured members under 19.
    pub minors: Vec<MinorMember>,
}

/// 判定理由: which rule decided, with the amounts, for the clerk to read out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElderCopayReason {
    /// 課税所得145万円以上の者がいない → 一般.
    TaxableIncomeBelow {
        /// Highest 課税所得 after the minors' deduction.
        highest_yen: i64,
        /// 145万円.
        threshold_yen: i64,
    },
    /// 旧ただし書き所得の合計が210万円以下 → 一般.
    AssessableIncomeWithin {
        /// Σ 旧ただし書き所得.
        total_yen: i64,
        /// 210万円.
        threshold_yen: i64,
    },
    /// 基準収入額: 1人で収入383万円未満 → 一般.
    SingleRevenueBelow {
        /// 収入.
        revenue_yen: i64,
        /// 383万円.
        threshold_yen: i64,
    },
    /// 基準収入額: 1人 + 旧国保被保険者の収入合計520万円未満 → 一般.
    SingleWithFormerRevenueBelow {
        /// Σ 収入 including former members.
        total_yen: i64,
        /// 520万円.
        threshold_yen: i64,
    },
    /// 基準収入額: 2人以上で収入合計520万円未満 → 一般.
    MultipleRevenueBelow {
        /// Number of 70〜74 members.
        members: usize,
        /// Σ 収入.
        total_yen: i64,
        /// 520万円.
        threshold_yen: i64,
    },
    /// 現役並み所得者: no rule above applies.
    ActiveLevelIncome {
        /// Highest 課税所得 after the minors' deduction.
        highest_taxable_yen: i64,
        /// Σ 旧ただし書き所得.
        assessable_total_yen: i64,
        /// The revenue total last compared.
        revenue_total_yen: i64,
        /// The revenue threshold last compared.
        revenue_threshold_yen: i64,
    },
}

impl fmt::Display for ElderCopayReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ElderCopayReason::TaxableIncomeBelow {
                highest_yen,
                threshold_yen,
            } => write!(
                f,
                "70〜74歳の被保険者の課税所得がいずれも{}未満（最大{}）のため一般（2割）",
                yen(threshold_yen),
                yen(highest_yen)
            ),
            ElderCopayReason::AssessableIncomeWithin {
                total_yen,
                threshold_yen,
            } => write!(
                f,
                "70〜74歳の被保険者の旧ただし書き所得の合計（{}）が{}以下のため一般（2割）",
                yen(total_yen),
                yen(threshold_yen)
            ),
            ElderCopayReason::SingleRevenueBelow {
                revenue_yen,
                threshold_yen,
            } => write!(
                f,
                "基準収入額適用: 70〜74歳の被保険者1人の収入（{}）が{}未満のため一般（2割）",
                yen(revenue_yen),
                yen(threshold_yen)
            ),
            ElderCopayReason::SingleWithFormerRevenueBelow {
                total_yen,
                threshold_yen,
            } => write!(
                f,
                "基準収入額適用: 70〜74歳の被保険者1人と後期高齢者医療へ移行した旧国保被保険者の収入の合計（{}）が{}未満のため一般（2割）",
                yen(total_yen),
                yen(threshold_yen)
            ),
            ElderCopayReason::MultipleRevenueBelow {
                members,
                total_yen,
                threshold_yen,
            } => write!(
                f,
                "基準収入額適用: 70〜74歳の被保険者{members}人の収入の合計（{}）が{}未満のため一般（2割）",
                yen(total_yen),
                yen(threshold_yen)
            ),
            ElderCopayReason::ActiveLevelIncome {
                highest_taxable_yen,
                assessable_total_yen,
                revenue_total_yen,
                revenue_threshold_yen,
            } => write!(
                f,
                "課税所得{}の被保険者がおり、旧ただし書き所得の合計（{}）も収入（{}、基準{}）も基準を超えるため現役並み所得者（3割）",
                yen(highest_taxable_yen),
                yen(assessable_total_yen),
                yen(revenue_total_yen),
                yen(revenue_threshold_yen)
            ),
        }
    }
}

/// 判定結果: the household's judgement and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ElderCopayDecision {
    /// 一般 or 現役並み, for every 70〜74 member of the household.
    pub judgement: ElderCopay,
    /// The rule that decided.
    pub reason: ElderCopayReason,
}

impl ElderCopayDecision {
    /// The copay ratio that follows.
    pub const fn ratio(&self) -> CopayRatio {
        self.judgement.ratio()
    }
}

/// 8月の一部負担金割合判定 (70〜74歳), for the whole household (rules.md §7.1).
///
/// In order: (1) nobody's 課税所得 (the head's reduced for minors) reaches 145万円 → 一般;
/// (2) Σ 旧ただし書き所得 ≤ 210万円 → 一般; (3) 基準収入額: one member with 収入 < 383万円, or
/// with former members Σ < 520万円, or two or more members Σ < 520万円 → 一般; otherwise
/// 現役並み. A household without 70〜74 members is trivially 一般.
///
/// 基準収入額 is applied whenever the amounts are known; cities that still require the 申請
/// decide which 収入 to pass.
pub fn judge_elder_copay(household: &ElderCopayHousehold, thresholds: &ElderCopayThresholds) -> ElderCopayDecision {
    let general = |reason| ElderCopayDecision {
        judgement: ElderCopay::General,
        reason,
    };
    let deduction = minors_deduction(&household.minors, thresholds);
    let highest_taxable = household
        .members
        .iter()
        .map(|m| {
            if m.is_head {
                m.taxable_income_yen.saturating_sub(deduction).max(0)
            } else {
                m.taxable_income_yen
            }
        })
        .max()
        .unwrap_or(0);
    if highest_taxable < thresholds.taxable_income_yen {
        return general(ElderCopayReason::TaxableIncomeBelow {
            highest_yen: highest_taxable,
            threshold_yen: thresholds.taxable_income_yen,
        });
    }

    let assessable_total = sum(household
        .members
        .iter()
        .map(|m| m.total_income_yen.saturating_sub(thresholds.basic_deduction_yen).max(0)));
    if assessable_total <= thresholds.assessable_income_total_yen {
        return general(ElderCopayReason::AssessableIncomeWithin {
            total_yen: assessable_total,
            threshold_yen: thresholds.assessable_income_total_yen,
        });
    }

    let revenue = sum(household.members.iter().map(|m| m.revenue_yen));
    let (revenue_total, revenue_threshold) = if household.members.len() == 1 {
        if revenue < thresholds.revenue_single_yen {
            return general(ElderCopayReason::SingleRevenueBelow {
                revenue_yen: revenue,
                threshold_yen: thresholds.revenue_single_yen,
            });
        }
        if household.former_members.is_empty() {
            (revenue, thresholds.revenue_single_yen)
        } else {
            let with_former = revenue.saturating_add(sum(household.former_members.iter().map(|m| m.revenue_yen)));
            if with_former < thresholds.revenue_multiple_yen {
                return general(ElderCopayReason::SingleWithFormerRevenueBelow {
                    total_yen: with_former,
                    threshold_yen: thresholds.revenue_multiple_yen,
                });
            }
            (with_former, thresholds.revenue_multiple_yen)
        }
    } else {
        if revenue < thresholds.revenue_multiple_yen {
            return general(ElderCopayReason::MultipleRevenueBelow {
                members: household.members.len(),
                total_yen: revenue,
                threshold_yen: thresholds.revenue_multiple_yen,
            });
        }
        (revenue, thresholds.revenue_multiple_yen)
    };

    ElderCopayDecision {
        judgement: ElderCopay::ActiveLevel,
        reason: ElderCopayReason::ActiveLevelIncome {
            highest_taxable_yen: highest_taxable,
            assessable_total_yen: assessable_total,
            revenue_total_yen: revenue_total,
            revenue_threshold_yen: revenue_threshold,
        },
    }
}

/// 世帯主の課税所得から控除する額: 33万円 × 16歳未満 + 12万円 × 16〜18歳, counting only minors
/// whose 合計所得 is within the limit (they replace the abolished 年少扶養控除).
fn minors_deduction(minors: &[MinorMember], t: &ElderCopayThresholds) -> i64 {
    sum(minors
        .iter()
        .filter(|m| m.total_income_yen <= t.minor_income_limit_yen)
        .map(|m| match m.age {
            MinorAge::Under16 => t.deduction_under_16_yen,
            MinorAge::From16To18 => t.deduction_16_to_18_yen,
        }))
}

/// Σ without overflow (amounts are far below the limit; saturation only rules out a panic).
fn sum(amounts: impl Iterator<Item = i64>) -> i64 {
    amounts.fold(0, i64::saturating_add)
}

/// An amount for messages: 「145万円」 when a whole number of 万 below 1億, else 「1,234,567円」.
fn yen(amount: i64) -> String {
    if amount != 0 && amount % 10_000 == 0 && amount.unsigned_abs() < 100_000_000 {
        return format!("{}万円", amount / 10_000);
    }
    Yen::new(amount).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::date::testing::ym;
    use jiff::civil::date;

    #[test]
    fn ratio_display_and_percent() {
        assert_eq!(CopayRatio::Twenty.to_string(), "2割");
        assert_eq!(CopayRatio::Thirty.to_string(), "3割");
        assert_eq!(CopayRatio::Twenty.percent(), 20);
        assert_eq!(CopayRatio::Thirty.percent(), 30);
        assert_eq!(ElderCopay::ActiveLevel.ratio(), CopayRatio::Thirty);
    }

    #[test]
    fn ratio_by_month() {
        use CopayRatio::{Thirty, Twenty};
        use ElderCopay::{ActiveLevel, General};
        let table = [
            // 未就学: through March after reaching 6.
            (date(2020, 4, 1), ym(2026, 3), General, Twenty),
            (date(2020, 4, 1), ym(2026, 4), General, Thirty),
            (date(2020, 4, 2), ym(2026, 4), General, Twenty),
            (date(2020, 4, 2), ym(2027, 3), General, Twenty),
            (date(2020, 4, 2), ym(2027, 4), General, Thirty),
            (date(2026, 5, 10), ym(2026, 5), General, Twenty),
            // Working age: the elder judgement is irrelevant.
            (date(1986, 5, 15), ym(2026, 8), General, Thirty),
            (date(1986, 5, 15), ym(2026, 8), ActiveLevel, Thirty),
            // 70: the month after the month of reaching it (1日生まれ: the birthday month).
            (date(1956, 4, 1), ym(2026, 3), General, Thirty),
            (date(1956, 4, 1), ym(2026, 4), General, Twenty),
            (date(1956, 4, 2), ym(2026, 4), General, Thirty),
            (date(1956, 4, 2), ym(2026, 5), General, Twenty),
            (date(1956, 4, 2), ym(2026, 5), ActiveLevel, Thirty),
            (date(1956, 10, 1), ym(2026, 9), General, Thirty),
            (date(1956, 10, 1), ym(2026, 10), General, Twenty),
            (date(1956, 10, 2), ym(2026, 10), General, Thirty),
            (date(1956, 10, 2), ym(2026, 11), General, Twenty),
            (date(1957, 1, 1), ym(2026, 12), General, Thirty),
            (date(1957, 1, 1), ym(2027, 1), General, Twenty),
            (date(1956, 2, 29), ym(2026, 2), General, Thirty),
            (date(1956, 2, 29), ym(2026, 3), General, Twenty),
            (date(1952, 6, 15), ym(2027, 5), ActiveLevel, Thirty),
        ];
        for (birth, month, judgement, expected) in table {
            assert_eq!(
                copay_ratio_for_month(birth, month, judgement),
                expected,
                "born {birth}, {month}, {judgement:?}"
            );
        }
    }

    #[test]
    fn income_year_of_the_judgement() {
        let table = [
            (ym(2026, 7), 2024),
            (ym(2026, 8), 2025),
            (ym(2026, 12), 2025),
            (ym(2027, 1), 2025),
            (ym(2027, 7), 2025),
            (ym(2027, 8), 2026),
        ];
        for (month, year) in table {
            assert_eq!(judgement_income_year(month), year, "{month}");
        }
    }

    fn member(taxable: i64, total: i64, revenue: i64) -> ElderMember {
        ElderMember {
            taxable_income_yen: taxable,
            total_income_yen: total,
            revenue_yen: revenue,
            is_head: false,
        }
    }

    fn judge(household: &ElderCopayHousehold) -> ElderCopayDecision {
        judge_elder_copay(household, &ElderCopayThresholds::STATUTORY)
    }

    fn household(members: Vec<ElderMember>) -> ElderCopayHousehold {
        ElderCopayHousehold {
            members,
            ..ElderCopayHousehold::default()
        }
    }

    #[test]
    fn taxable_income_threshold() {
        let d = judge(&household(vec![member(1_449_999, 9_000_000, 9_000_000)]));
        assert_eq!(d.judgement, ElderCopay::General);
        assert_eq!(
            d.reason,
            ElderCopayReason::TaxableIncomeBelow {
                highest_yen: 1_449_999,
                threshold_yen: 1_450_000
            }
        );
        assert_eq!(
            d.reason.to_string(),
            "70〜74歳の被保険者の課税所得がいずれも145万円未満（最大1,449,999円）のため一般（2割）"
        );
        // One member at 145万 makes the household a candidate, even if the other is low.
        let d = judge(&household(vec![
            member(0, 0, 0),
            member(1_450_000, 9_000_000, 9_000_000),
        ]));
        assert_eq!(d.judgement, ElderCopay::ActiveLevel);
        assert_eq!(d.ratio(), CopayRatio::Thirty);
        assert!(judge(&ElderCopayHousehold::default()).judgement == ElderCopay::General);
    }

    #[test]
    fn assessable_income_total_threshold() {
        // 2,530,000 − 430,000 = 2,100,000 ≤ 210万 → 一般.
        let d = judge(&household(vec![member(1_450_000, 2_530_000, 9_000_000)]));
        assert_eq!(
            d.reason,
            ElderCopayReason::AssessableIncomeWithin {
                total_yen: 2_100_000,
                threshold_yen: 2_100_000
            }
        );
        assert_eq!(
            d.reason.to_string(),
            "70〜74歳の被保険者の旧ただし書き所得の合計（210万円）が210万円以下のため一般（2割）"
        );
        let d = judge(&household(vec![member(1_450_000, 2_530_001, 9_000_000)]));
        assert_eq!(d.judgement, ElderCopay::ActiveLevel);
        // Floored per person: 300,000 counts as 0, not −130,000 (which would give 2,040,000).
        let d = judge(&household(vec![
            member(1_500_000, 2_600_000, 4_000_000),
            member(0, 300_000, 1_200_000),
        ]));
        assert_eq!(d.judgement, ElderCopay::ActiveLevel);
        assert_eq!(
            d.reason,
            ElderCopayReason::ActiveLevelIncome {
                highest_taxable_yen: 1_500_000,
                assessable_total_yen: 2_170_000,
                revenue_total_yen: 5_200_000,
                revenue_threshold_yen: 5_200_000
            }
        );
    }

    #[test]
    fn revenue_single_member() {
        let d = judge(&household(vec![member(2_000_000, 3_000_000, 3_829_999)]));
        assert_eq!(
            d.reason,
            ElderCopayReason::SingleRevenueBelow {
                revenue_yen: 3_829_999,
                threshold_yen: 3_830_000
            }
        );
        let d = judge(&household(vec![member(2_000_000, 3_000_000, 3_830_000)]));
        assert_eq!(d.judgement, ElderCopay::ActiveLevel);
        assert_eq!(
            d.reason,
            ElderCopayReason::ActiveLevelIncome {
                highest_taxable_yen: 2_000_000,
                assessable_total_yen: 2_570_000,
                revenue_total_yen: 3_830_000,
                revenue_threshold_yen: 3_830_000
            }
        );
        assert_eq!(
            d.reason.to_string(),
            "課税所得200万円の被保険者がおり、旧ただし書き所得の合計（257万円）も収入（383万円、基準383万円）も基準を超えるため現役並み所得者（3割）"
        );
    }

    #[test]
    fn revenue_single_member_with_former_member() {
        let mut h = household(vec![member(2_000_000, 3_000_000, 3_830_000)]);
        h.former_members = vec![FormerMember { revenue_yen: 1_369_999 }];
        let d = judge(&h);
        assert_eq!(
            d.reason,
            ElderCopayReason::SingleWithFormerRevenueBelow {
                total_yen: 5_199_999,
                threshold_yen: 5_200_000
            }
        );
        h.former_members = vec![FormerMember { revenue_yen: 1_370_000 }];
        let d = judge(&h);
        assert_eq!(d.judgement, ElderCopay::ActiveLevel);
        assert_eq!(
            d.reason,
            ElderCopayReason::ActiveLevelIncome {
                highest_taxable_yen: 2_000_000,
                assessable_total_yen: 2_570_000,
                revenue_total_yen: 5_200_000,
                revenue_threshold_yen: 5_200_000
            }
        );
    }

    #[test]
    fn revenue_two_members() {
        let d = judge(&household(vec![
            member(2_000_000, 3_000_000, 4_000_000),
            member(0, 0, 1_199_999),
        ]));
        assert_eq!(
            d.reason,
            ElderCopayReason::MultipleRevenueBelow {
                members: 2,
                total_yen: 5_199_999,
                threshold_yen: 5_200_000
            }
        );
        assert_eq!(
            d.reason.to_string(),
            "基準収入額適用: 70〜74歳の被保険者2人の収入の合計（5,199,999円）が520万円未満のため一般（2割）"
        );
        let d = judge(&household(vec![
            member(2_000_000, 3_000_000, 4_000_000),
            member(0, 0, 1_200_000),
        ]));
        assert_eq!(d.judgement, ElderCopay::ActiveLevel);
        // Former members count only for a single member.
        let mut h = household(vec![member(2_000_000, 3_000_000, 4_000_000), member(0, 0, 1_200_000)]);
        h.former_members = vec![FormerMember { revenue_yen: 0 }];
        assert_eq!(judge(&h).judgement, ElderCopay::ActiveLevel);
    }

    #[test]
    fn minors_reduce_the_heads_taxable_income() {
        let head = |taxable| ElderMember {
            is_head: true,
            ..member(taxable, 9_000_000, 9_000_000)
        };
        let minor = |age, income| MinorMember {
            age,
            total_income_yen: income,
        };
        // (head's 課税所得, minors, is head, expected)
        let table = [
            // 1,800,000 − 330,000 = 1,470,000 ≥ 145万.
            (
                1_800_000,
                vec![minor(MinorAge::Under16, 0)],
                true,
                ElderCopay::ActiveLevel,
            ),
            // 1,800,000 − 660,000 = 1,140,000.
            (
                1_800_000,
                vec![minor(MinorAge::Under16, 0), minor(MinorAge::Under16, 380_000)],
                true,
                ElderCopay::General,
            ),
            // The second child earns above 38万: only 330,000 is deducted.
            (
                1_800_000,
                vec![minor(MinorAge::Under16, 0), minor(MinorAge::Under16, 380_001)],
                true,
                ElderCopay::ActiveLevel,
            ),
            // 1,569,999 − 120,000 = 1,449,999.
            (
                1_569_999,
                vec![minor(MinorAge::From16To18, 0)],
                true,
                ElderCopay::General,
            ),
            (
                1_570_000,
                vec![minor(MinorAge::From16To18, 0)],
                true,
                ElderCopay::ActiveLevel,
            ),
            // Not the head: no deduction.
            (
                1_500_000,
                vec![minor(MinorAge::Under16, 0)],
                false,
                ElderCopay::ActiveLevel,
            ),
            // The deduction never makes income negative.
            (100_000, vec![minor(MinorAge::Under16, 0)], true, ElderCopay::General),
        ];
        for (taxable, minors, is_head, expected) in table {
            let mut m = head(taxable);
            m.is_head = is_head;
            let h = ElderCopayHousehold {
                members: vec![m],
                former_members: vec![],
                minors,
            };
            assert_eq!(judge(&h).judgement, expected, "{taxable} head={is_head}");
        }
        let h = ElderCopayHousehold {
            members: vec![head(100_000)],
            former_members: vec![],
            minors: vec![minor(MinorAge::Under16, 0)],
        };
        assert_eq!(
            judge(&h).reason,
            ElderCopayReason::TaxableIncomeBelow {
                highest_yen: 0,
                threshold_yen: 1_450_000
            }
        );
    }

    #[test]
    fn yen_formatting() {
        assert_eq!(yen(1_450_000), "145万円");
        assert_eq!(yen(1_449_999), "1,449,999円");
        assert_eq!(yen(999), "999円");
        assert_eq!(yen(0), "0円");
        assert_eq!(yen(-1_234), "-1,234円");
        assert_eq!(yen(100_000_000), "100,000,000円");
        assert_eq!(yen(99_990_000), "9999万円");
    }
}
