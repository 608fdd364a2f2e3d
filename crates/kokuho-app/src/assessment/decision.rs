//! 賦課決定: recording one household's premium for a fiscal year — the first decision (当初賦課)
//! or a change to it (更正) — with its 徴収計画, and the 更正 that follows an eligibility or
//! income change automatically.
//!
//! A decision is recorded only when the amount changes; the input digest lets an unchanged
//! household be skipped without computing. After the 2-year limit (国保法110条の2) a change is
//! refused and a work item asks 賦課担当 to look at it; nothing is changed silently.

use super::touched::Touched;
use crate::audit::AuditEvent;
use crate::audit::value::ReassessDecision;
use std::collections::{BTreeMap, BTreeSet};

use kokuho_domain::Yen;
use kokuho_domain::assessment::collection_plan::{
    CollectionPlan, CollectionSettings, Method, initial_plan, revised_plan, time_bar, withholding_facts,
};
use kokuho_domain::assessment::installments::{Withholding, withholding};
use kokuho_domain::assessment::premium::input::{HouseholdInput, RatesInput};
use kokuho_domain::assessment::premium::output::ComponentResult;
use kokuho_domain::assessment::premium::{PremiumInput, PremiumResult, calculate_amounts};
use kokuho_domain::kernel::date::{FiscalYear, YearMonth};
use kokuho_domain::kernel::work::WorkKind;
use kokuho_store::repo::assessment::decisions::{self, AssessmentRow};
use kokuho_store::repo::eligibility::residents;
use sha2::{Digest, Sha256};

use crate::Ctx;
use crate::assessment::events::AssessmentEvent;
use crate::assessment::household_facts::{HouseholdFacts, load_one};
use crate::assessment::input::{household_input, rate_table_of};
use crate::error::{AppError, AppResult};

/// What a year needs besides the household: its rates and 納期 settings.
#[derive(Debug, Clone)]
pub(crate) struct YearSetup {
    pub fy: FiscalYear,
    pub rates: RatesInput,
    pub settings: CollectionSettings,
    /// The digest state after the year's rates and settings: each household's digest continues
    /// from it with the household's facts.
    digest_seed: Sha256,
}

impl YearSetup {
    pub(crate) fn load(cx: &mut Ctx<'_>, fiscal_year: i32) -> AppResult<YearSetup> {
        let ins = cx.insurer().to_string();
        Self::read(cx.tx, &ins, fiscal_year)
    }

    /// [`YearSetup::load`] in any transaction (a batch's read-ahead).
    pub(crate) fn read(tx: &mut dyn kokuho_store::Tx, ins: &str, fiscal_year: i32) -> AppResult<YearSetup> {
        let fy = FiscalYear::new(fiscal_year).map_err(|e| AppError::invalid("fiscal_year", e.to_string()))?;
        let (rates, settings) = rate_table_of(tx, ins, fiscal_year)?;
        let digest_seed = Sha256::new_with_prefix(format!("{fiscal_year}{rates:?}{settings:?}"));
        Ok(YearSetup {
            fy,
            rates,
            settings,
            digest_seed,
        })
    }

    /// The input digest: same digest, same facts (every field of the household's input, in its
    /// Debug rendering, after the year's rates and 納期 settings).
    fn digest(&self, household: &HouseholdInput) -> String {
        use std::fmt::Write as _;
        struct Feed(Sha256);
        impl std::fmt::Write for Feed {
            fn write_str(&mut self, s: &str) -> std::fmt::Result {
                self.0.update(s.as_bytes());
                Ok(())
            }
        }
        let mut feed = Feed(self.digest_seed.clone());
        let _ = write!(feed, "{household:?}"); // writing into a hash cannot fail
        hex::encode(feed.0.finalize())
    }
}

/// Why this decision is made (the 2-year limit's exception depends on it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Trigger {
    /// The change adjusts the period with 被用者保険 (社保加入 recorded late): a decrease stays
    /// possible after the 2-year limit (国保法110条の2第2項).
    pub employee_insurance_adjustment: bool,
}

/// The outcome for one household.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Recorded as `version` (1 = 当初賦課).
    Recorded { version: i64 },
    /// Same input or same amount as the latest version: nothing recorded.
    Unchanged,
    /// 期間制限: the change was not made.
    TimeBarred(String),
    /// The household cannot be computed (no head, no member in the year...).
    Failed(String),
    /// Nobody in the household is insured in the year and it was never assessed for it: not a
    /// 国保世帯 this year, nothing to decide (a household that was assessed gets its 0-yen 更正).
    NotInsured,
}

/// The latest version of a household's assessment for the year.
pub(crate) fn latest_version(
    cx: &mut Ctx<'_>,
    year: &YearSetup,
    household_no: &str,
) -> AppResult<Option<AssessmentRow>> {
    let ins = cx.insurer().to_string();
    Ok(decisions::versions(cx.tx, &ins, i64::from(year.fy.number()), household_no)?.pop())
}

/// Computes a household's premium for the year from its `facts` and records it when it differs
/// from `latest` (the latest version). `incomplete` receives what was missing (所得の記録がない・
/// 未申告).
pub(crate) fn decide(
    cx: &mut Ctx<'_>,
    year: &YearSetup,
    facts: &HouseholdFacts,
    latest: Option<&AssessmentRow>,
    trigger: Trigger,
    incomplete: &mut Vec<String>,
) -> AppResult<Decision> {
    let prepared = prepare(year, facts, latest)?;
    record(cx, year, prepared, latest, trigger, incomplete)
}

/// The part of a decision that needs no database (so a batch can compute a chunk on both cores):
/// the input, its digest and, when the digest differs from the latest version's, the amounts.
#[derive(Debug)]
pub(crate) struct Prepared {
    household_no: String,
    outcome: Result<Computed, String>,
}

#[derive(Debug)]
struct Computed {
    input: PremiumInput,
    missing: Vec<String>,
    digest: String,
    /// None: same digest as the latest version, or nobody insured and never assessed.
    result: Option<Result<PremiumResult, String>>,
    /// Never assessed for the year and nobody insured in it.
    not_insured: bool,
}

impl Prepared {
    pub(crate) fn household_no(&self) -> &str {
        &self.household_no
    }
}

/// See [`Prepared`].
pub(crate) fn prepare(year: &YearSetup, facts: &HouseholdFacts, latest: Option<&AssessmentRow>) -> AppResult<Prepared> {
    let household_no = facts.household_no.clone();
    let (input, missing) = match household_input(facts, year.fy, &year.rates) {
        Ok(v) => v,
        Err(AppError::Conflict(m) | AppError::NotFound { what: m }) => {
            return Ok(Prepared {
                household_no,
                outcome: Err(m),
            });
        }
        Err(e) => return Err(e),
    };
    let not_insured = latest.is_none() && !input.household.members.iter().any(|m| m.insured);
    let digest = year.digest(&input.household);
    let result = if not_insured || latest.is_some_and(|v| v.input_digest == digest) {
        None
    } else {
        Some(calculate_amounts(&input).map_err(|e| format!("{}: {}", e.path, e.message)))
    };
    Ok(Prepared {
        household_no,
        outcome: Ok(Computed {
            input,
            missing,
            digest,
            result,
            not_insured,
        }),
    })
}

/// Records a prepared decision when its amounts differ from `latest`.
pub(crate) fn record(
    cx: &mut Ctx<'_>,
    year: &YearSetup,
    prepared: Prepared,
    latest: Option<&AssessmentRow>,
    trigger: Trigger,
    incomplete: &mut Vec<String>,
) -> AppResult<Decision> {
    let household_no = prepared.household_no;
    let Computed {
        input,
        missing,
        digest,
        result,
        not_insured,
    } = match prepared.outcome {
        Ok(c) => c,
        Err(reason) => return Ok(Decision::Failed(reason)),
    };
    // Insured on paper but for no month (e.g. moved to 後期 before April): not assessed either.
    if not_insured
        || (latest.is_none()
            && result.as_ref().is_some_and(|r| {
                r.as_ref()
                    .is_ok_and(|r| r.members.iter().all(|m| m.insured_months == 0))
            }))
    {
        return Ok(Decision::NotInsured);
    }
    incomplete.extend(missing.iter().cloned());
    let result = match result {
        None => return Ok(Decision::Unchanged),
        Some(Ok(r)) => r,
        Some(Err(reason)) => return Ok(Decision::Failed(reason)),
    };
    let components: BTreeMap<String, ComponentResult> =
        result.components.iter().map(|(k, v)| ((*k).to_string(), *v)).collect();
    if let Some(v) = latest
        && Yen::new(v.total) == result.total
        && v.reduction == result.reduction
        && v.components().ok().as_ref() == Some(&components)
    {
        return Ok(Decision::Unchanged);
    }
    let decrease = latest.is_some_and(|v| result.total < Yen::new(v.total));
    if let Some(reason) = time_bar(
        year.fy,
        &year.settings,
        cx.today,
        decrease,
        trigger.employee_insurance_adjustment,
    ) {
        return Ok(Decision::TimeBarred(reason));
    }
    let plan = plan_for(cx, year, &household_no, &input, &result, latest)?;
    let version = latest.map_or(1, |v| v.version + 1);
    cx.record(AssessmentEvent::PremiumAssessed {
        fiscal_year: year.fy.number(),
        household_no,
        version,
        input_digest: digest,
        total: result.total,
        reduction: result.reduction,
        components,
        incomplete: missing,
        plan: Some(plan),
    })?;
    Ok(Decision::Recorded { version })
}

/// The 徴収計画 of a new version: a revision of the latest plan (past 納期 unchanged), or the
/// first plan — 特別徴収 when the household qualifies, else the city's schedule from this month.
fn plan_for(
    cx: &mut Ctx<'_>,
    year: &YearSetup,
    household_no: &str,
    input: &PremiumInput,
    result: &PremiumResult,
    latest: Option<&AssessmentRow>,
) -> AppResult<CollectionPlan> {
    if let Some(previous) = latest.and_then(|v| v.plan().ok().flatten()) {
        return Ok(revised_plan(
            &previous.installments,
            result.total,
            cx.today,
            year.fy,
            &year.settings,
        ));
    }
    let judged = withholding(&withholding_facts(input, result.total));
    let february = if judged == Withholding::Withheld {
        previous_february(cx, year.fy, household_no)?
    } else {
        None
    };
    let plan = initial_plan(result.total, year.fy, &year.settings, &judged, february);
    // A first decision made after 納期 have passed (加入 in the middle of the year) goes over
    // the 納期 still to come; 仮徴収 of a continuing 特別徴収 is not affected.
    let from = YearMonth::of(cx.today);
    if plan
        .installments
        .iter()
        .any(|i| i.method == Method::Direct && i.month < from)
    {
        let mut revised = revised_plan(&[], result.total, cx.today, year.fy, &year.settings);
        revised.note = match judged {
            // 特別徴収 cannot start in the middle of a year that is under way [未: 開始時期は年金保険者との調整による].
            Withholding::Withheld => {
                format!("普通徴収（年度途中の賦課のため{from}以降の納期で。特別徴収の要件は満たすため翌年度から）")
            }
            Withholding::Direct(reason) => format!("普通徴収（{reason}。年度途中の賦課のため{from}以降の納期で）"),
        };
        return Ok(revised);
    }
    Ok(plan)
}

/// 前年度2月の特別徴収額 (the basis of this year's 仮徴収), if the household was withheld.
fn previous_february(cx: &mut Ctx<'_>, fy: FiscalYear, household_no: &str) -> AppResult<Option<Yen>> {
    let Some(prev) = fy.prev() else { return Ok(None) };
    let ins = cx.insurer().to_string();
    let versions = decisions::versions(cx.tx, &ins, i64::from(prev.number()), household_no)?;
    let Some(plan) = versions.last().and_then(|v| v.plan().ok().flatten()) else {
        return Ok(None);
    };
    Ok(plan
        .installments
        .iter()
        .find(|i| i.method == Method::Pension && i.month.month() == 2 && i.amount.is_positive())
        .map(|i| i.amount))
}

/// 更正 of every assessed year of the households `touched` concerns (a resident's every
/// household, past ones included: a retroactive change can move a year back). A time-barred
/// change raises a work item for 賦課担当.
pub(crate) fn reassess(cx: &mut Ctx<'_>, touched: Touched) -> AppResult<()> {
    let ins = cx.insurer().to_string();
    let mut households = touched.households;
    for resident_no in &touched.residents {
        households.extend(
            residents::memberships_of(cx.tx, &ins, resident_no)?
                .into_iter()
                .map(|m| m.household_no),
        );
    }
    let trigger = Trigger {
        employee_insurance_adjustment: touched.employee_insurance,
    };
    for household_no in &households {
        for fiscal_year in decisions::years_of(cx.tx, &ins, household_no)? {
            let fiscal_year = i32::try_from(fiscal_year).map_err(|_| AppError::Internal("fiscal year".into()))?;
            let year = YearSetup::load(cx, fiscal_year)?;
            let facts = load_one(cx.tx, &ins, household_no, year.fy)?;
            let latest = latest_version(cx, &year, household_no)?;
            let mut incomplete = Vec::new();
            let decision = decide(cx, &year, &facts, latest.as_ref(), trigger, &mut incomplete)?;
            let detail = AuditEvent::AssessmentReassess {
                fiscal_year,
                decision: ReassessDecision(format!("{decision:?}")),
            };
            match decision {
                Decision::Recorded { .. } => cx.audit_also(detail, household_no),
                Decision::TimeBarred(reason) | Decision::Failed(reason) => {
                    let member = member_of(cx, household_no, &touched.residents)?;
                    crate::work::raise(
                        cx,
                        WorkKind::ReassessmentReview,
                        &member,
                        Some(household_no),
                        reason,
                        None,
                    )?;
                    cx.audit_also(detail, household_no);
                }
                Decision::Unchanged | Decision::NotInsured => {}
            }
        }
    }
    Ok(())
}

/// A resident to file a household's work item under: one of the changed residents who belongs
/// to it, else its first member.
fn member_of(cx: &mut Ctx<'_>, household_no: &str, changed: &BTreeSet<String>) -> AppResult<String> {
    let ins = cx.insurer().to_string();
    let members = residents::in_household(cx.tx, &ins, household_no)?;
    Ok(members
        .iter()
        .find(|r| changed.contains(&r.resident_no))
        .or(members.first())
        .map(|r| r.resident_no.clone())
        .or_else(|| changed.iter().next().cloned())
        .unwrap_or_default())
}
