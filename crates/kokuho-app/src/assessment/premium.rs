//! 賦課: one household's premium for a fiscal year, computed from what the system holds — the
//! household's membership history, each member's eligibility periods, flags and the previous
//! year's income — with the city's rate table of that year. The same `premium::calculate` as
//! the calculators; this module only builds its input. It is the unit of the annual batch and
//! the prefill of the counter simulation. The counter and the household premium read the
//! household through `access::scope` (支援措置: see [`HouseholdPremium`] and `counter_input`).

use std::collections::BTreeMap;

use kokuho_contract::premium::validate_rates;
use kokuho_domain::assessment::collection_plan::{CollectionPlan, CollectionSettings};
use kokuho_domain::assessment::premium::input::{
    Amount, CoverageInput, HouseholdInput, IncomeInput, MaternityInput, MemberInput, PremiumInput, RatesInput,
    SinceInput, UnemploymentInput,
};
use kokuho_domain::assessment::premium::output::ComponentResult;
use kokuho_domain::assessment::premium::{PremiumResult, calculate};
use kokuho_domain::eligibility::period::{FlagAttributes, FlagKind};
use kokuho_domain::kernel::date::{Date, FiscalYear, YearMonth};
use kokuho_store::Tx;
use kokuho_store::repo::eligibility::periods as elig;
use kokuho_store::repo::eligibility::residents::MembershipRow;
use kokuho_store::repo::{assessment::decisions, assessment::rate_tables};
use serde::Serialize;

use crate::access::{PersonRead, Shown, scope};
use crate::assessment::decision::{Decision, Trigger, YearSetup, decide, latest_version};
use crate::assessment::household_facts::{HouseholdFacts, PersonFacts, load_one};
use crate::audit::{AuditAction, AuditEvent};
use crate::error::{AppError, AppResult};
use crate::{Actor, App, Audited, Permission};

/// A household's premium with what was missing to compute it exactly.
///
/// 支援措置: the premium is computed from every member, withheld ones too. The household's amount
/// (年額, 軽減, 区分ごとの内訳) is shown to every 賦課 user: the office has to state what the
/// household owes, and the 賦課決定 screen shows the same figures; it is a household aggregate,
/// like the insured count of the household page. The calculation itself (each member's birth
/// date, months and incomes, and the explanation that reads them out) is withheld whole when a
/// member is withheld, and so are the 要確認 lines about a withheld member.
#[derive(Debug, Clone, Serialize)]
pub struct HouseholdPremium {
    /// 世帯番号.
    pub household_no: String,
    /// 賦課年度.
    pub fiscal_year: i32,
    /// 年額.
    pub total: i64,
    /// 軽減（none / 70 / 50 / 20）.
    pub reduction: &'static str,
    /// 区分ごとの内訳.
    pub components: BTreeMap<&'static str, ComponentResult>,
    /// The calculation (spec/calculators.md §1 output); `null` when a member is withheld.
    pub result: Shown<PremiumResult>,
    /// 支援措置のため表示しない世帯員の宛名番号.
    pub withheld_members: Vec<String>,
    /// 要確認: why the amount may not be final (所得の記録がない、未申告).
    pub incomplete: Vec<String>,
}

/// One stored version of a household's 賦課決定.
#[derive(Debug, Clone, Serialize)]
pub struct AssessmentVersion {
    /// 賦課年度.
    pub fiscal_year: i32,
    /// 世帯番号.
    pub household_no: String,
    /// 版（1 = 当初賦課、2以降 = 更正）.
    pub version: i64,
    /// 年額.
    pub total: i64,
    /// 軽減（none / 70 / 50 / 20）.
    pub reduction: String,
    /// 区分ごとの内訳.
    pub components: serde_json::Value,
    /// 要確認（所得の記録がない・未申告）.
    pub incomplete: Vec<String>,
    /// 徴収計画（期別の金額・徴収方法・還付）. Absent for versions recorded before plans were kept.
    pub plan: Option<CollectionPlan>,
    /// 決定した職員.
    pub assessed_by: String,
    /// 決定日時.
    pub assessed_at: String,
}

/// What recording one household did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case", tag = "outcome", content = "detail")]
pub enum HouseholdDecision {
    /// 記録した版.
    Recorded(i64),
    /// 前回と同じ額のため記録なし.
    Unchanged,
    /// 期間制限・計算不能のため記録できない（理由）.
    Refused(String),
}

impl App {
    /// 賦課決定の履歴（1世帯・1年度）: every version, oldest first.
    pub fn assessment_versions(
        &self,
        actor: &Actor,
        household_no: &str,
        fiscal_year: i32,
    ) -> AppResult<Vec<AssessmentVersion>> {
        self.run(
            actor,
            Permission::Assessment,
            AuditAction::AssessmentView,
            household_no,
            |cx| {
                let ins = cx.insurer().to_string();
                let rows = decisions::versions(cx.tx, &ins, i64::from(fiscal_year), household_no)?;
                let list = rows
                    .into_iter()
                    .map(|r| {
                        Ok(AssessmentVersion {
                            fiscal_year,
                            household_no: r.household_no,
                            version: r.version,
                            total: r.total,
                            reduction: r.reduction,
                            components: serde_json::from_str(&r.components)?,
                            incomplete: serde_json::from_str(&r.incomplete)?,
                            plan: if r.plan.is_empty() {
                                None
                            } else {
                                Some(serde_json::from_str(&r.plan)?)
                            },
                            assessed_by: r.assessed_by,
                            assessed_at: r.assessed_at,
                        })
                    })
                    .collect::<AppResult<Vec<_>>>()?;
                let n = list.len();
                Ok(Audited::new(
                    list,
                    household_no,
                    AuditEvent::AssessmentView {
                        fiscal_year,
                        versions: n,
                    },
                ))
            },
        )
    }

    /// 賦課決定（1世帯）: computes the household's premium for the year and records it as the
    /// first decision or a 更正 when the amount changed.
    pub fn decide_household(
        &self,
        actor: &Actor,
        household_no: &str,
        fiscal_year: i32,
    ) -> AppResult<HouseholdDecision> {
        self.run(
            actor,
            Permission::Assessment,
            AuditAction::AssessmentDecide,
            household_no,
            |cx| {
                let year = YearSetup::load(cx, fiscal_year)?;
                let ins = cx.insurer().to_string();
                let facts = load_one(cx.tx, &ins, household_no, year.fy)?;
                let latest = latest_version(cx, &year, household_no)?;
                let mut incomplete = Vec::new();
                let outcome = match decide(cx, &year, &facts, latest.as_ref(), Trigger::default(), &mut incomplete)? {
                    Decision::Recorded { version } => HouseholdDecision::Recorded(version),
                    Decision::Unchanged => HouseholdDecision::Unchanged,
                    Decision::NotInsured => HouseholdDecision::Refused(format!(
                        "{fiscal_year}年度に国保の被保険者がいない世帯です（賦課なし）"
                    )),
                    Decision::TimeBarred(reason) | Decision::Failed(reason) => HouseholdDecision::Refused(reason),
                };
                let detail = AuditEvent::AssessmentDecide {
                    fiscal_year,
                    outcome: outcome.clone(),
                    incomplete: incomplete.len(),
                };
                Ok(Audited::new(outcome, household_no, detail))
            },
        )
    }

    /// 窓口試算の初期値: the calculator's input built from the stored household, exactly as the
    /// assessment builds it, for the counter to change and calculate again (nothing is stored),
    /// with what is missing from the records. The form is every member's own data, so a household
    /// with a 支援措置 member is refused (audited as denied) to a user without that scope: a form
    /// without the member would compute a wrong premium.
    pub fn counter_input(
        &self,
        actor: &Actor,
        household_no: &str,
        fiscal_year: i32,
    ) -> AppResult<(PremiumInput, Vec<String>)> {
        self.run(
            actor,
            Permission::Assessment,
            AuditAction::PremiumCounter,
            household_no,
            |cx| {
                let ins = cx.insurer().to_string();
                let (rates, _) = rate_table_of(cx.tx, &ins, fiscal_year)?;
                let fy = FiscalYear::new(fiscal_year).map_err(|e| AppError::invalid("fiscal_year", e.to_string()))?;
                let facts =
                    scope::household_facts(cx, PersonRead::CounterInput, household_no, fy)?.whole_or_refused()?;
                let (input, incomplete) = household_input(&facts, fy, &rates)?;
                let detail = AuditEvent::PremiumCounter {
                    fiscal_year,
                    members: input.household.members.len(),
                };
                Ok(Audited::new((input, incomplete), household_no, detail))
            },
        )
    }

    /// 保険料の計算（1世帯）: reads the household and computes its premium for `fiscal_year`
    /// (支援措置: see [`HouseholdPremium`]).
    pub fn household_premium(
        &self,
        actor: &Actor,
        household_no: &str,
        fiscal_year: i32,
    ) -> AppResult<HouseholdPremium> {
        self.run(
            actor,
            Permission::Assessment,
            AuditAction::PremiumHousehold,
            household_no,
            |cx| {
                let ins = cx.insurer().to_string();
                let (rates, _) = rate_table_of(cx.tx, &ins, fiscal_year)?;
                let fy = FiscalYear::new(fiscal_year).map_err(|e| AppError::invalid("fiscal_year", e.to_string()))?;
                let scoped = scope::household_facts(cx, PersonRead::HouseholdPremium, household_no, fy)?;
                let (input, incomplete) = household_input(&scoped.facts, fy, &rates)?;
                let result = calculate(&input).map_err(|e| AppError::Conflict(format!("{}: {}", e.path, e.message)))?;
                let withheld = scoped.withheld();
                let p = HouseholdPremium {
                    household_no: household_no.to_string(),
                    fiscal_year,
                    total: result.total,
                    reduction: result.reduction,
                    components: result.components.clone(),
                    result: if withheld.is_empty() {
                        Shown::Visible(result)
                    } else {
                        Shown::Withheld
                    },
                    withheld_members: withheld.iter().cloned().collect(),
                    incomplete: incomplete
                        .into_iter()
                        .filter(|line| !withheld.iter().any(|no| is_about(line, no)))
                        .collect(),
                };
                let detail = AuditEvent::PremiumHousehold {
                    fiscal_year,
                    total: p.total,
                    incomplete: p.incomplete.len(),
                };
                Ok(Audited::new(p, household_no, detail))
            },
        )
    }
}

/// `[a_from, a_until) ∩ [b_from, b_until)`, `None` until meaning open-ended.
fn intersect(a: (Date, Option<Date>), b: (Date, Option<Date>)) -> Option<(Date, Option<Date>)> {
    let from = a.0.max(b.0);
    let until = match (a.1, b.1) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    };
    match until {
        Some(u) if u <= from => None,
        _ => Some((from, until)),
    }
}

/// The city's rate table of `fiscal_year`, as the calculator reads it, and its 納期 settings.
pub(crate) fn rate_table_of(
    tx: &mut dyn Tx,
    ins: &str,
    fiscal_year: i32,
) -> AppResult<(RatesInput, CollectionSettings)> {
    let table = rate_tables::of_year(tx, ins, i64::from(fiscal_year))?
        .ok_or_else(|| AppError::not_found(format!("{fiscal_year}年度の料率表（先に料率表を設定してください）")))?;
    let rates = validate_rates(fiscal_year, &table.rates)
        .map_err(|e| AppError::Internal(format!("stored rate table {fiscal_year}: {}", e.message)))?;
    let settings = match &table.collection {
        Some(json) => serde_json::from_str(json)?,
        None => CollectionSettings::default(),
    };
    Ok((rates, settings))
}

/// The calculator's input for a household's facts, and what was missing for it.
pub(crate) fn household_input(
    facts: &HouseholdFacts,
    fy: FiscalYear,
    rates: &RatesInput,
) -> AppResult<(PremiumInput, Vec<String>)> {
    let fiscal_year = fy.number();
    let household_no = facts.household_no.as_str();
    let memberships = &facts.memberships;
    if memberships.is_empty() {
        return Err(AppError::not_found(format!(
            "{fiscal_year}年度に世帯員のいる世帯番号{household_no}の世帯"
        )));
    }
    // 世帯主: the head on the 賦課期日, else the first head the household had in the year.
    let head = memberships
        .iter()
        .find(|m| m.is_head && m.from_date <= fy.start() && m.until_date.is_none_or(|u| u > fy.start()))
        .or_else(|| memberships.iter().find(|m| m.is_head))
        .map(|m| m.resident_no.clone())
        .ok_or_else(|| AppError::Conflict(format!("世帯番号{household_no}に{fiscal_year}年度の世帯主がいません")))?;
    let mut members = Vec::new();
    let mut incomplete = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for m in memberships {
        let resident_no = m.resident_no.as_str();
        if !seen.insert(resident_no) {
            continue;
        }
        let Some(person) = facts.people.get(resident_no) else {
            continue;
        };
        let segments: Vec<&MembershipRow> = memberships.iter().filter(|m| m.resident_no == resident_no).collect();
        if let Some(member) = member_input(person, &segments, fy, resident_no == head, &mut incomplete) {
            members.push(member);
        }
    }
    let specified_household = facts
        .household_flags
        .iter()
        .find(|f| f.kind == FlagKind::SpecifiedHousehold.code())
        .map(|f| SinceInput { since: f.from_date });
    Ok((
        PremiumInput {
            fiscal_year,
            rates: rates.clone(),
            household: HouseholdInput {
                head,
                members,
                specified_household,
            },
        },
        incomplete,
    ))
}

/// A 要確認 line about one member: 「宛名番号{no}: {text}」 (never a name or an amount).
fn missing_line(resident_no: &str, text: &str) -> String {
    format!("宛名番号{resident_no}: {text}")
}

/// Whether a 要確認 line of [`missing_line`] is about `resident_no`.
fn is_about(line: &str, resident_no: &str) -> bool {
    line.strip_prefix("宛名番号")
        .and_then(|rest| rest.strip_prefix(resident_no))
        .is_some_and(|rest| rest.starts_with(':'))
}

/// One member, or `None` for someone who neither is insured in the year nor counts for the
/// reductions (not the head, not a 特定同一世帯所属者).
fn member_input(
    person: &PersonFacts,
    segments: &[&MembershipRow],
    fy: FiscalYear,
    is_head: bool,
    incomplete: &mut Vec<String>,
) -> Option<MemberInput> {
    let resident_no = person.resident.resident_no.as_str();
    // 資格期間 while in this household.
    let mut coverage = Vec::new();
    for p in &person.periods {
        for s in segments {
            if let Some((from, until)) = intersect((p.acquired_on, p.lost_on), (s.from_date, s.until_date)) {
                coverage.push(CoverageInput { from, until });
            }
        }
    }
    let in_year = |from: Date, until: Option<Date>| from <= fy.end() && until.is_none_or(|u| u > fy.start());
    let insured = coverage.iter().any(|c| in_year(c.from, c.until));
    let flags = &person.flags;
    let active = |kind: FlagKind| {
        flags
            .iter()
            .filter(move |f| f.kind == kind.code() && in_year(f.from_date, f.until_date))
    };
    let specified_same_household = !insured && active(FlagKind::SpecifiedSameHousehold).next().is_some();
    if !insured && !is_head && !specified_same_household {
        return None;
    }
    let attributes = |f: &elig::FlagRow| serde_json::from_str::<FlagAttributes>(&f.attributes).unwrap_or_default();
    let involuntary_unemployment = active(FlagKind::InvoluntaryUnemployment).find_map(|f| {
        let a = attributes(f);
        Some(UnemploymentInput {
            separation_date: a.separated_on?,
            reason_code: a.separation_reason_code?,
        })
    });
    let maternity = active(FlagKind::Maternity).find_map(|f| {
        let a = attributes(f);
        Some(MaternityInput {
            expected_month: YearMonth::of(a.expected_birth_month?),
            multiple: a.multiple_birth,
        })
    });
    let former_dependent = active(FlagKind::FormerDependent)
        .next()
        .map(|f| SinceInput { since: f.from_date });
    let care_exempt = active(FlagKind::CareExempt)
        .map(|f| (f.from_date, f.until_date))
        .collect();
    // 前年の所得.
    let income_year = fy.number() - 1;
    let income = match &person.income {
        None => {
            incomplete.push(missing_line(
                resident_no,
                &format!("{income_year}年の所得の記録がありません（未申告として計算）"),
            ));
            IncomeInput {
                declared: Some(false),
                ..IncomeInput::default()
            }
        }
        Some(i) if i.undeclared => {
            incomplete.push(missing_line(resident_no, &format!("{income_year}年の所得が未申告です")));
            IncomeInput {
                declared: Some(false),
                ..IncomeInput::default()
            }
        }
        Some(i) => {
            let some = |v: i64| (v != 0).then_some(Amount(v.max(0)));
            IncomeInput {
                declared: Some(true),
                salary_revenue: some(i.salary_revenue),
                pension_revenue: some(i.pension_revenue),
                other_income: some(i.other_income),
                separate_income: some(i.separate_income),
                separate_special_deduction: some(i.separate_special_deduction),
                family_employee_deduction: some(i.family_employee_pay),
                salary_income: None,
                pension_income: None,
                // The premium reads neither (the 高額療養費 category does).
                taxable_income: None,
                resident_tax_exempt: None,
            }
        }
    };
    Some(MemberInput {
        id: resident_no.to_string(),
        birth_date: person.resident.birth_date,
        insured,
        specified_same_household,
        coverage: Some(coverage),
        income,
        involuntary_unemployment,
        former_dependent,
        maternity,
        fixed_asset_tax: Amount(0),
        care_exempt,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn missing_lines_name_their_member_exactly() {
        let line = missing_line("1002", "2024年の所得が未申告です");
        assert!(is_about(&line, "1002"));
        assert!(!is_about(&line, "100"));
        assert!(!is_about(&line, "10021"));
    }

    #[test]
    fn intersections_of_date_ranges() {
        let d = |m, day| date(2025, m, day);
        assert_eq!(
            intersect((d(4, 1), None), (d(6, 1), Some(d(9, 1)))),
            Some((d(6, 1), Some(d(9, 1))))
        );
        assert_eq!(intersect((d(4, 1), Some(d(5, 1))), (d(5, 1), None)), None);
        assert_eq!(
            intersect((d(4, 1), Some(d(8, 1))), (d(6, 1), None)),
            Some((d(6, 1), Some(d(8, 1))))
        );
        assert_eq!(intersect((d(4, 1), None), (d(1, 1), None)), Some((d(4, 1), None)));
    }
}
