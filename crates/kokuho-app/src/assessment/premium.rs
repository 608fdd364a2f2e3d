//! 賦課: one household's premium for a fiscal year, computed from what the system holds — the
//! household's membership history, each member's eligibility periods, flags and the previous
//! year's income — with the city's rate table of that year. The same `premium::calculate` as
//! the calculators; this module only builds its input. It is the unit of the annual batch and
//! the prefill of the counter simulation. The counter and the household premium read the
//! household through `access::scope` (支援措置: see [`HouseholdPremium`] and `counter_input`).

use super::input::is_about;
use super::input::{household_input, rate_table_of};
pub use super::outcomes::HouseholdDecision;
use std::collections::BTreeMap;

use kokuho_domain::Yen;
use kokuho_domain::assessment::collection_plan::CollectionPlan;
use kokuho_domain::assessment::premium::input::PremiumInput;
use kokuho_domain::assessment::premium::output::ComponentResult;
use kokuho_domain::assessment::premium::{PremiumResult, Reduction, calculate};
use kokuho_domain::kernel::date::FiscalYear;
use kokuho_store::repo::assessment::decisions;
use serde::Serialize;

use crate::access::{PersonRead, Shown, scope};
use crate::assessment::decision::{Decision, Trigger, YearSetup, decide, latest_version};
use crate::assessment::household_facts::load_one;
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
    pub total: Yen,
    /// 軽減（written none / 70 / 50 / 20）.
    pub reduction: Reduction,
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
    pub total: Yen,
    /// 軽減（written none / 70 / 50 / 20）.
    pub reduction: Reduction,
    /// 区分ごとの内訳.
    pub components: BTreeMap<String, ComponentResult>,
    /// 要確認（所得の記録がない・未申告）.
    pub incomplete: Vec<String>,
    /// 徴収計画（期別の金額・徴収方法・還付）. Absent for versions recorded before plans were kept.
    pub plan: Option<CollectionPlan>,
    /// 決定した職員.
    pub assessed_by: String,
    /// 決定日時.
    pub assessed_at: String,
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
                        let (components, incomplete, plan) = (r.components()?, r.incomplete()?, r.plan()?);
                        Ok(AssessmentVersion {
                            fiscal_year,
                            household_no: r.household_no,
                            version: r.version,
                            total: Yen::new(r.total),
                            reduction: r.reduction,
                            components,
                            incomplete,
                            plan,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::input::{intersect, missing_line};
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
