//! 徴収計画: how a household's yearly premium is collected — 普通徴収 installments on the city's
//! schedule, 特別徴収 from a pension, or both — how a 更正 changes the plan, and until when a
//! decision may still be made (賦課決定の期間制限). rules.md §4.6–§4.8, §5.4.
//!
//! The arithmetic of each part (even split, respread, 仮徴収・本徴収・平準化) is in
//! [`super::installments`]; this module decides which part applies.

use serde::{Deserialize, Serialize};

use crate::Yen;

use super::installments::{Installment, Remainder, Schedule, Withholding, WithholdingFacts, split, withholding_plan};
use super::premium::input::PremiumInput;
use crate::kernel::date::age::{age_on, period_end_after_years};
use crate::kernel::date::{Date, FiscalYear, YearMonth};

/// 徴収方法.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// 普通徴収（納付書・口座振替）.
    Direct,
    /// 特別徴収（年金からの天引き）.
    Pension,
}

impl Method {
    /// 表示名.
    pub fn label(self) -> &'static str {
        match self {
            Method::Direct => "普通徴収",
            Method::Pension => "特別徴収",
        }
    }
}

/// One installment of a plan (期別).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedInstallment {
    /// 納期の月.
    pub month: YearMonth,
    /// 徴収方法.
    pub method: Method,
    /// 金額.
    pub amount: Yen,
}

/// A household's collection plan for a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollectionPlan {
    /// 期別の金額 (in due order; Σ = the year's amount, less `refund`).
    pub installments: Vec<PlannedInstallment>,
    /// 還付（過納）: what installments already due exceed a lowered amount by.
    pub refund: Yen,
    /// 徴収方法の説明（窓口で読み上げる日本語）.
    pub note: String,
}

impl CollectionPlan {
    /// Σ of the installments.
    pub fn charged(&self) -> Yen {
        Yen::new(self.installments.iter().map(|i| i.amount.value()).sum())
    }
}

/// A city's 納期 settings for a fiscal year (a city setting, kept with the year's rate table).
///
/// Default: 尼崎市 — June to March, 10 installments [公] 067noufu.html; the 100-yen unit with
/// the remainder on the first installment is the common practice [未: 尼崎市・倉敷市 not confirmed].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollectionSettings {
    /// 普通徴収の納期の月 (calendar months, e.g. `[6,7,8,9,10,11,12,1,2,3]`).
    pub months: Vec<u8>,
    /// 期割の端数単位 (1, 10, 100 or 1,000 yen).
    pub unit: i64,
    /// 端数の寄せ方.
    pub remainder: Remainder,
    /// 特別徴収の平準化（6・8月の仮徴収額を調整する）.
    pub level_withholding: bool,
}

impl Default for CollectionSettings {
    fn default() -> Self {
        Self {
            months: vec![6, 7, 8, 9, 10, 11, 12, 1, 2, 3],
            unit: 100,
            remainder: Remainder::First,
            level_withholding: true,
        }
    }
}

/// A setting that cannot be used: the field and a Japanese message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError {
    /// The field (`months`, `unit`).
    pub field: &'static str,
    /// 日本語の説明.
    pub message: String,
}

/// The months of a fiscal year in which pensions are paid: 仮徴収 April, June, August; 本徴収
/// October, December, February [公] 阿蘇市.
const PENSION_MONTHS: [u8; 6] = [4, 6, 8, 10, 12, 2];
/// 本徴収 starts in October: the 3 later pension months.
const DEFINITIVE_FROM: u8 = 10;

impl CollectionSettings {
    /// Checks the settings.
    ///
    /// # Errors
    ///
    /// A month outside 1–12, a month twice, no month, or a unit other than 1/10/100/1,000.
    pub fn validate(&self) -> Result<(), SettingsError> {
        let err = |field, message: String| Err(SettingsError { field, message });
        if self.months.is_empty() {
            return err("months", "納期の月を1つ以上指定してください".into());
        }
        for (i, m) in self.months.iter().enumerate() {
            if !(1..=12).contains(m) {
                return err("months", format!("納期の月 {m} は1〜12で指定してください"));
            }
            if self.months.iter().take(i).any(|x| x == m) {
                return err("months", format!("納期の月 {m} が重複しています"));
            }
        }
        if ![1, 10, 100, 1_000].contains(&self.unit) {
            return err(
                "unit",
                format!("端数単位 {} は 1・10・100・1000 のいずれかです", self.unit),
            );
        }
        Ok(())
    }

    /// The 普通徴収 schedule of `fy` (months in due order, April first).
    pub fn schedule(&self, fy: FiscalYear) -> Schedule {
        let months = fy
            .months()
            .filter(|ym| {
                self.months
                    .iter()
                    .any(|m| i8::try_from(*m).is_ok_and(|m| m == ym.month()))
            })
            .collect();
        Schedule {
            months,
            unit: self.unit,
            remainder: self.remainder,
        }
    }

    /// 最初の納期の納期限: the last day of the first 納期 month [未: 納期限の日は条例で定める;
    /// 尼崎市は各月末].
    pub fn first_due_date(&self, fy: FiscalYear) -> Date {
        self.schedule(fy)
            .months
            .first()
            .map_or_else(|| fy.end(), |m| m.last_day())
    }
}

fn pension_months(fy: FiscalYear) -> Vec<YearMonth> {
    fy.months()
        .filter(|ym| {
            PENSION_MONTHS
                .iter()
                .any(|m| i8::try_from(*m).is_ok_and(|m| m == ym.month()))
        })
        .collect()
}

fn tag(list: Vec<Installment>, method: Method) -> impl Iterator<Item = PlannedInstallment> {
    list.into_iter().map(move |i| PlannedInstallment {
        month: i.month,
        method,
        amount: Yen::new(i.amount),
    })
}

/// 当初賦課の徴収計画.
///
/// - 普通徴収: the year over the city's schedule.
/// - 特別徴収, continuing from last year (`previous_february` known): 仮徴収 = 前年度2月の額, 本徴収 =
///   the rest in three, 平準化 when the city levels [公] 知立市, TC-10.
/// - 特別徴収, starting this year: 本徴収 from October; the 納期 before October are 普通徴収;
///   the year is split evenly over all of them [未: 開始年度の按分は市町村の運用による].
pub fn initial_plan(
    annual: Yen,
    fy: FiscalYear,
    settings: &CollectionSettings,
    withholding: &Withholding,
    previous_february: Option<Yen>,
) -> CollectionPlan {
    let (annual, previous_february) = (annual.value(), previous_february.map(Yen::value));
    let schedule = settings.schedule(fy);
    match (withholding, previous_february) {
        (Withholding::Direct(reason), _) => CollectionPlan {
            installments: tag(schedule.installments(annual), Method::Direct).collect(),
            refund: Yen::ZERO,
            note: format!("普通徴収（{reason}）"),
        },
        (Withholding::Withheld, Some(february)) => {
            let plan = withholding_plan(annual, february, settings.level_withholding);
            let amounts = plan.provisional.iter().chain(plan.definitive.iter());
            let installments = pension_months(fy)
                .into_iter()
                .zip(amounts)
                .map(|(month, amount)| PlannedInstallment {
                    month,
                    method: Method::Pension,
                    amount: Yen::new(*amount),
                })
                .collect();
            let levelled = if settings.level_withholding {
                "、6・8月は平準化"
            } else {
                ""
            };
            CollectionPlan {
                installments,
                refund: Yen::ZERO,
                note: format!("特別徴収（仮徴収は前年度2月の額 {february}円{levelled}、本徴収は残りを3回）"),
            }
        }
        (Withholding::Withheld, None) => {
            let pension: Vec<YearMonth> = pension_months(fy)
                .into_iter()
                .filter(|m| m.fiscal_index() >= fiscal_index_of(DEFINITIVE_FROM))
                .collect();
            let direct: Vec<YearMonth> = schedule
                .months
                .iter()
                .copied()
                .filter(|m| m.fiscal_index() < fiscal_index_of(DEFINITIVE_FROM))
                .collect();
            let mut all: Vec<YearMonth> = direct.clone();
            all.extend(pension.iter().copied());
            let mut installments: Vec<PlannedInstallment> = split(annual, &all, settings.unit, settings.remainder)
                .into_iter()
                .map(|i| PlannedInstallment {
                    month: i.month,
                    method: if direct.contains(&i.month) {
                        Method::Direct
                    } else {
                        Method::Pension
                    },
                    amount: Yen::new(i.amount),
                })
                .collect();
            installments.sort_by_key(|i| (i.month, i.method));
            CollectionPlan {
                installments,
                refund: Yen::ZERO,
                note: "特別徴収（10月の本徴収から開始し、それまでの納期は普通徴収）".into(),
            }
        }
    }
}

/// 特別徴収の判定材料 from a household's calculator input and its yearly premium.
///
/// Ages: every member insured in the year is 65 or over on the 賦課期日 and nobody reaches 75
/// during the year (75歳到達年度は普通徴収 [公] 阿蘇市). The pension is the head's 公的年金等収入 of
/// the income year [未: the 特別徴収対象年金額 comes from the 年金保険者's 特別徴収対象者情報
/// (interfaces.md §6), not received yet]; the 介護保険料 is not held by the NHI system and
/// counts as 0 [未].
pub fn withholding_facts(input: &PremiumInput, premium: Yen) -> WithholdingFacts {
    let (fy_start, fy_end) =
        FiscalYear::new(input.fiscal_year).map_or((Date::MIN, Date::MIN), |fy| (fy.start(), fy.end()));
    let members = &input.household.members;
    let head = members.iter().find(|m| m.id == input.household.head);
    let insured = members.iter().filter(|m| m.insured);
    let in_range = |birth| age_on(birth, fy_start) >= 65 && age_on(birth, fy_end) < 75;
    WithholdingFacts {
        head_insured: head.is_some_and(|h| h.insured),
        all_insured_65_to_74: insured.clone().count() > 0 && insured.clone().all(|m| in_range(m.birth_date)),
        head_turns_75_this_year: head
            .is_some_and(|h| age_on(h.birth_date, fy_start) < 75 && age_on(h.birth_date, fy_end) >= 75),
        pension: head.and_then(|h| h.income.pension_revenue).map_or(0, |a| a.0),
        premium: premium.value(),
        care_premium: 0,
    }
}

/// The fiscal index (April = 0) of a calendar month.
fn fiscal_index_of(month: u8) -> u8 {
    (month + 8) % 12
}

/// 更正の徴収計画: `new_annual` replaces the amount of a plan on `today`.
///
/// Installments due before this month keep their amounts (既到来の納期は変更しない [公] 尼崎市);
/// 特別徴収 still to come stops and the rest is collected by 普通徴収 (年度途中の額の変更で特別徴収は
/// 中止 [二]) over this year's 納期 from this month on; when none is left, in one installment this
/// month (随時期). What is already due beyond the new amount is a refund.
pub fn revised_plan(
    current: &[PlannedInstallment],
    new_annual: Yen,
    today: Date,
    fy: FiscalYear,
    settings: &CollectionSettings,
) -> CollectionPlan {
    let from = YearMonth::of(today);
    let kept: Vec<PlannedInstallment> = current.iter().copied().filter(|i| i.month < from).collect();
    let stopped = current
        .iter()
        .any(|i| i.month >= from && i.method == Method::Pension && i.amount.is_positive());
    let paid: i64 = kept.iter().map(|i| i.amount.value()).sum();
    let left = new_annual.value() - paid;
    let remaining: Vec<YearMonth> = settings
        .schedule(fy)
        .months
        .into_iter()
        .filter(|m| *m >= from)
        .collect();
    let mut installments = kept;
    if remaining.is_empty() {
        if left > 0 {
            installments.push(PlannedInstallment {
                month: from,
                method: Method::Direct,
                amount: Yen::new(left),
            });
        }
    } else {
        installments.extend(tag(
            split(left, &remaining, settings.unit, settings.remainder),
            Method::Direct,
        ));
    }
    let mut note = format!("更正: {from}以降の納期で調整（既到来の納期は変更なし）");
    if stopped {
        note.push_str("。特別徴収を中止し普通徴収に切り替え");
    }
    if left < 0 {
        note.push_str(&format!("。既到来分が新しい年額を{}円上回るため還付", -left));
    }
    CollectionPlan {
        installments,
        refund: Yen::new((-left).max(0)),
        note,
    }
}

/// 賦課決定の期間制限 (国保法110条の2 [公] 岐阜市・神戸市): the last day on which the decision for
/// `fy` may be made or changed — 2 years counted from the day after the first 納期限.
pub fn decision_deadline(fy: FiscalYear, settings: &CollectionSettings) -> Date {
    let first_due = settings.first_due_date(fy);
    let start = first_due.tomorrow().unwrap_or(first_due);
    period_end_after_years(start, 2)
}

/// Why a change of the decision for `fy` on `today` is refused, if it is. After the deadline a
/// decrease is still allowed when it comes from the adjustment with 被用者保険 the insured did
/// not cause (同条2項 [公] 神戸市): `employee_insurance_adjustment`.
pub fn time_bar(
    fy: FiscalYear,
    settings: &CollectionSettings,
    today: Date,
    decrease: bool,
    employee_insurance_adjustment: bool,
) -> Option<String> {
    let deadline = decision_deadline(fy, settings);
    if today <= deadline || (decrease && employee_insurance_adjustment) {
        None
    } else {
        Some(format!(
            "{fy}の賦課決定の期間制限（{deadline}まで）を過ぎているため更正できません（国保法110条の2）"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::installments::Withholding;
    use crate::kernel::date::testing::ym;
    use jiff::civil::date;

    fn fy(y: i32) -> FiscalYear {
        FiscalYear::new(y).unwrap()
    }

    #[test]
    fn settings_are_validated() {
        assert!(CollectionSettings::default().validate().is_ok());
        let bad = |s: CollectionSettings| s.validate().unwrap_err().field;
        assert_eq!(
            bad(CollectionSettings {
                months: vec![],
                ..Default::default()
            }),
            "months"
        );
        assert_eq!(
            bad(CollectionSettings {
                months: vec![6, 13],
                ..Default::default()
            }),
            "months"
        );
        assert_eq!(
            bad(CollectionSettings {
                months: vec![6, 7, 6],
                ..Default::default()
            }),
            "months"
        );
        assert_eq!(
            bad(CollectionSettings {
                unit: 50,
                ..Default::default()
            }),
            "unit"
        );
        // Months given in any order come out in due order.
        let s = CollectionSettings {
            months: vec![1, 7, 12],
            ..Default::default()
        }
        .schedule(fy(2025));
        assert_eq!(s.months, vec![ym(2025, 7), ym(2025, 12), ym(2026, 1)]);
    }

    #[test]
    fn direct_billing_uses_the_city_schedule() {
        let p = initial_plan(
            Yen::new(289_250),
            fy(2025),
            &CollectionSettings::default(),
            &Withholding::Direct("世帯主が国保の被保険者ではありません"),
            None,
        );
        assert_eq!(p.installments.len(), 10);
        assert_eq!(p.charged().value(), 289_250);
        assert_eq!(
            (p.installments[0].month, p.installments[0].amount.value()),
            (ym(2025, 6), 29_150)
        );
        assert!(p.installments.iter().all(|i| i.method == Method::Direct));
        assert!(p.note.contains("世帯主"));
    }

    #[test]
    fn continuing_withholding_follows_last_february_and_levels() {
        // TC-10 [公]: 年額162,000・前年度2月50,000.
        let p = initial_plan(
            Yen::new(162_000),
            fy(2025),
            &CollectionSettings::default(),
            &Withholding::Withheld,
            Some(Yen::new(50_000)),
        );
        let got: Vec<(YearMonth, i64)> = p.installments.iter().map(|i| (i.month, i.amount.value())).collect();
        assert_eq!(
            got,
            vec![
                (ym(2025, 4), 50_000),
                (ym(2025, 6), 15_500),
                (ym(2025, 8), 15_500),
                (ym(2025, 10), 27_000),
                (ym(2025, 12), 27_000),
                (ym(2026, 2), 27_000)
            ]
        );
        assert!(p.installments.iter().all(|i| i.method == Method::Pension));
        let unlevelled = initial_plan(
            Yen::new(162_000),
            fy(2025),
            &CollectionSettings {
                level_withholding: false,
                ..Default::default()
            },
            &Withholding::Withheld,
            Some(Yen::new(50_000)),
        );
        assert_eq!(
            unlevelled
                .installments
                .iter()
                .map(|i| i.amount.value())
                .collect::<Vec<_>>(),
            vec![50_000, 50_000, 50_000, 4_000, 4_000, 4_000]
        );
    }

    #[test]
    fn new_withholding_starts_in_october_after_direct_installments() {
        let p = initial_plan(
            Yen::new(70_000),
            fy(2025),
            &CollectionSettings::default(),
            &Withholding::Withheld,
            None,
        );
        // June–September by 納付書, then October, December, February from the pension.
        let got: Vec<(YearMonth, Method)> = p.installments.iter().map(|i| (i.month, i.method)).collect();
        assert_eq!(
            got,
            vec![
                (ym(2025, 6), Method::Direct),
                (ym(2025, 7), Method::Direct),
                (ym(2025, 8), Method::Direct),
                (ym(2025, 9), Method::Direct),
                (ym(2025, 10), Method::Pension),
                (ym(2025, 12), Method::Pension),
                (ym(2026, 2), Method::Pension)
            ]
        );
        assert_eq!(p.charged().value(), 70_000);
        assert!(p.installments.iter().all(|i| i.amount.value() == 10_000));
    }

    #[test]
    fn a_revision_keeps_the_past_and_stops_withholding() {
        let settings = CollectionSettings::default();
        let before = initial_plan(
            Yen::new(162_000),
            fy(2025),
            &settings,
            &Withholding::Withheld,
            Some(Yen::new(50_000)),
        );
        // Lowered in November: April–October stay (50,000 + 15,500 + 15,500 + 27,000 = 108,000);
        // the pension stops and 120,000 − 108,000 = 12,000 goes over November–March by 納付書.
        let after = revised_plan(
            &before.installments,
            Yen::new(120_000),
            date(2025, 11, 5),
            fy(2025),
            &settings,
        );
        assert_eq!(
            after.installments.iter().take(4).copied().collect::<Vec<_>>(),
            before.installments[..4].to_vec()
        );
        let rest: Vec<&PlannedInstallment> = after.installments.iter().skip(4).collect();
        assert_eq!(rest.len(), 5);
        assert!(
            rest.iter()
                .all(|i| i.method == Method::Direct && i.month >= ym(2025, 11))
        );
        assert_eq!(after.charged().value(), 120_000);
        assert_eq!(after.refund.value(), 0);
        assert!(after.note.contains("特別徴収を中止"));
        // Lowered below what is already due: nothing more, the excess refunded.
        let after = revised_plan(
            &before.installments,
            Yen::new(100_000),
            date(2025, 11, 5),
            fy(2025),
            &settings,
        );
        assert_eq!(after.refund.value(), 8_000);
        assert_eq!(after.charged().value(), 108_000);
        // After the year: a rise is one installment in the month of the revision.
        let direct = initial_plan(Yen::new(100_000), fy(2025), &settings, &Withholding::Direct("x"), None);
        let after = revised_plan(
            &direct.installments,
            Yen::new(103_000),
            date(2026, 5, 20),
            fy(2025),
            &settings,
        );
        assert_eq!(
            after.installments.last().unwrap(),
            &PlannedInstallment {
                month: ym(2026, 5),
                method: Method::Direct,
                amount: Yen::new(3_000)
            }
        );
        assert_eq!(after.charged().value(), 103_000);
    }

    #[test]
    fn withholding_facts_come_from_the_household() {
        use crate::assessment::premium::input::{Amount, HouseholdInput, IncomeInput, MemberInput, RatesInput};
        let member = |id: &str, birth, pension: i64, insured| MemberInput {
            id: id.into(),
            birth_date: birth,
            insured,
            specified_same_household: false,
            coverage: None,
            income: IncomeInput {
                declared: Some(true),
                pension_revenue: Some(Amount(pension)),
                ..IncomeInput::default()
            },
            involuntary_unemployment: None,
            former_dependent: None,
            maternity: None,
            fixed_asset_tax: Amount(0),
            care_exempt: Vec::new(),
        };
        let rates: RatesInput =
            serde_json::from_value(serde_json::json!({ "rounding": "floor_1", "components": {} })).unwrap();
        let input = |members: Vec<MemberInput>| PremiumInput {
            fiscal_year: 2025,
            rates: rates.clone(),
            household: HouseholdInput {
                head: "h".into(),
                members,
                specified_household: None,
            },
        };
        // Head 68, spouse 66: both in range; the head's pension counts.
        let f = withholding_facts(
            &input(vec![
                member("h", date(1957, 5, 1), 1_500_000, true),
                member("s", date(1959, 3, 1), 600_000, true),
            ]),
            Yen::new(90_000),
        );
        assert!(f.head_insured && f.all_insured_65_to_74 && !f.head_turns_75_this_year);
        assert_eq!((f.pension, f.premium), (1_500_000, 90_000));
        assert_eq!(crate::assessment::installments::withholding(&f), Withholding::Withheld);
        // A spouse who is 64 on April 1st (65 in May) keeps the household on 普通徴収.
        let f = withholding_facts(
            &input(vec![
                member("h", date(1957, 5, 1), 1_500_000, true),
                member("s", date(1960, 5, 2), 0, true),
            ]),
            Yen::new(90_000),
        );
        assert!(!f.all_insured_65_to_74);
        // A head born 1951-02-01 reaches 75 on 2026-01-31, within FY2025.
        let f = withholding_facts(
            &input(vec![member("h", date(1951, 2, 1), 1_500_000, true)]),
            Yen::new(90_000),
        );
        assert!(f.head_turns_75_this_year && !f.all_insured_65_to_74);
        // 擬制世帯主: the head is not insured.
        let f = withholding_facts(
            &input(vec![
                member("h", date(1957, 5, 1), 1_500_000, false),
                member("s", date(1958, 5, 1), 0, true),
            ]),
            Yen::new(90_000),
        );
        assert!(!f.head_insured);
    }

    #[test]
    fn the_two_year_limit_counts_from_the_day_after_the_first_due_date() {
        // First 納期 June, due 6/30/2025 → counted from 7/1/2025 → last day 6/30/2027 [公] 岐阜市.
        let s = CollectionSettings::default();
        assert_eq!(decision_deadline(fy(2025), &s), date(2027, 6, 30));
        assert!(time_bar(fy(2025), &s, date(2027, 6, 30), false, false).is_none());
        assert!(time_bar(fy(2025), &s, date(2027, 7, 1), false, false).is_some());
        // The exception allows only a decrease after an adjustment with 被用者保険.
        assert!(time_bar(fy(2025), &s, date(2028, 1, 1), true, true).is_none());
        assert!(time_bar(fy(2025), &s, date(2028, 1, 1), false, true).is_some());
        assert!(time_bar(fy(2025), &s, date(2028, 1, 1), true, false).is_some());
        // A city whose first 納期 is July counts from August 1st.
        let july = CollectionSettings {
            months: vec![7, 8, 9, 10, 11, 12, 1, 2],
            ..Default::default()
        };
        assert_eq!(decision_deadline(fy(2024), &july), date(2026, 7, 31));
    }
}
