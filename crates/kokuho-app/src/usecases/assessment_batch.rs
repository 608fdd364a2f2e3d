//! 当初賦課（年次バッチ）: every household of the city for one fiscal year. Each household is
//! computed with the same unit as the counter (`assessment::household_input` + `calculate`),
//! its facts read per chunk of households with a few range queries (`household_facts`),
//! and stored as a journaled 賦課決定 with the digest of its input. A household whose input
//! is unchanged since its last version is skipped, so the run is idempotent, and a stopped or
//! interrupted run resumes by running it again: committed chunks stay, the rest is done.
//! Households that cannot be computed, or whose income is missing, are listed, never skipped
//! silently.

use kokuho_domain::date::FiscalYear;
use kokuho_store::repo::{assessments, residents};
use serde::Serialize;

use super::assessment::rate_table_of;
use std::collections::HashMap;

use kokuho_store::repo::assessments::AssessmentRow;

use super::decision::{Decision, Prepared, Trigger, YearSetup, prepare, record};
use super::household_facts::{HouseholdFacts, load_range};
use crate::error::{AppError, AppResult};
use crate::{Actor, App, Audited, Ctx, Permission};

/// Households per transaction: a bounded unit of work and of loss on interruption (about 0.1 s
/// of work each; five range queries read a chunk's facts).
pub const CHUNK: usize = 2_000;

/// A household listed for follow-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct HouseholdNote {
    /// 世帯番号.
    pub household_no: String,
    /// 内容.
    pub reasons: Vec<String>,
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct AssessmentRunSummary {
    /// 賦課年度.
    pub fiscal_year: i32,
    /// 対象世帯数.
    pub households: usize,
    /// 新たに賦課（または更正）した世帯.
    pub assessed: usize,
    /// 前回から入力が変わらず記録しなかった世帯.
    pub unchanged: usize,
    /// この年度に国保の被保険者がいない世帯（賦課なし）.
    pub not_insured: usize,
    /// 所得の記録がない・未申告の世帯員がいる世帯（計算はした）.
    pub incomplete: Vec<HouseholdNote>,
    /// 計算できなかった世帯（世帯主がいない等）.
    pub failed: Vec<HouseholdNote>,
    /// 途中で止めた（もう一度実行すると続きから）.
    pub stopped: bool,
}

impl App {
    /// 当初賦課: assesses every household with a member in `fiscal_year`. `progress(done, total)`
    /// is told after each chunk; `stop()` is asked before each chunk.
    pub fn assess_year(&self, actor: &Actor, fiscal_year: i32, progress: &dyn Fn(usize, usize), stop: &dyn Fn() -> bool) -> AppResult<AssessmentRunSummary> {
        self.assess_year_in_chunks(actor, fiscal_year, CHUNK, progress, stop)
    }

    /// [`App::assess_year`] with `chunk` households per transaction.
    pub fn assess_year_in_chunks(
        &self,
        actor: &Actor,
        fiscal_year: i32,
        chunk: usize,
        progress: &dyn Fn(usize, usize),
        stop: &dyn Fn() -> bool,
    ) -> AppResult<AssessmentRunSummary> {
        let fy = FiscalYear::new(fiscal_year).map_err(|e| AppError::invalid("fiscal_year", e.to_string()))?;
        let until = fy.next().map_or(fy.end(), FiscalYear::start);
        let subject = format!("assessment:{fiscal_year}");
        let households = self.run(actor, Permission::Assessment, "assessment.plan", &subject, |cx| {
            let ins = cx.insurer().to_string();
            rate_table_of(cx.tx, &ins, fiscal_year)?; // no run without the year's rates
            let list = residents::households_between(cx.tx, &ins, fy.start(), until)?;
            let n = list.len();
            Ok(Audited::new(list, &subject, serde_json::json!({ "households": n })))
        })?;
        let mut summary = AssessmentRunSummary { fiscal_year, households: households.len(), ..AssessmentRunSummary::default() };
        let mut done = 0;
        for chunk in households.chunks(chunk.max(1)) {
            if stop() {
                summary.stopped = true;
                break;
            }
            let part = self.run(actor, Permission::Assessment, "assessment.batch", &subject, |cx| {
                let part = assess_chunk(cx, fiscal_year, chunk)?;
                let detail = serde_json::json!({ "from": chunk.first(), "to": chunk.last(), "assessed": part.assessed, "unchanged": part.unchanged, "not_insured": part.not_insured, "failed": part.failed.len() });
                Ok(Audited::new(part, &subject, detail))
            })?;
            summary.assessed += part.assessed;
            summary.unchanged += part.unchanged;
            summary.not_insured += part.not_insured;
            summary.incomplete.extend(part.incomplete);
            summary.failed.extend(part.failed);
            done += chunk.len();
            progress(done, households.len());
        }
        Ok(summary)
    }
}

/// ベンチマーク専用の基準: the I/O of a 当初賦課 without its computation. Each chunk does the
/// batch's reads (the households' facts, their latest versions) and its writes (each household's
/// latest 賦課決定 recorded again as the next version: the same journal entry and projection row
/// as the batch writes), but builds no calculator input, digest, premium or plan. The batch
/// benchmark runs it after the batch, in the same run, to report their ratio. Only with the
/// `bench` feature: it records versions that change nothing.
#[cfg(feature = "bench")]
impl App {
    pub fn assessment_io_baseline(&self, actor: &Actor, fiscal_year: i32) -> AppResult<usize> {
        let fy = FiscalYear::new(fiscal_year).map_err(|e| AppError::invalid("fiscal_year", e.to_string()))?;
        let until = fy.next().map_or(fy.end(), FiscalYear::start);
        let subject = format!("assessment:{fiscal_year}");
        let households = self.run(actor, Permission::Assessment, "assessment.plan", &subject, |cx| {
            let ins = cx.insurer().to_string();
            Ok(Audited::new(residents::households_between(cx.tx, &ins, fy.start(), until)?, &subject, serde_json::json!({})))
        })?;
        let mut written = 0;
        for chunk in households.chunks(CHUNK) {
            written += self.run(actor, Permission::Assessment, "assessment.batch", &subject, |cx| {
                let (Some(first), Some(last)) = (chunk.first(), chunk.last()) else { return Ok(Audited::new(0, &subject, serde_json::json!({}))) };
                let ins = cx.insurer().to_string();
                let facts = load_range(cx.tx, &ins, first, last, fy)?;
                let mut latest = assessments::latest_in_range(cx.tx, &ins, i64::from(fiscal_year), first, last)?;
                let mut n = 0;
                for f in &facts {
                    let Some(row) = latest.remove(&f.household_no) else { continue };
                    cx.record(&crate::journal::Event::PremiumAssessed {
                        fiscal_year,
                        household_no: row.household_no,
                        version: row.version + 1,
                        input_digest: row.input_digest,
                        total: row.total,
                        reduction: row.reduction,
                        components: serde_json::from_str(&row.components)?,
                        incomplete: serde_json::from_str(&row.incomplete)?,
                        plan: if row.plan.is_empty() { None } else { Some(serde_json::from_str(&row.plan)?) },
                    })?;
                    n += 1;
                }
                Ok(Audited::new(n, &subject, serde_json::json!({ "baseline": n })))
            })?;
        }
        Ok(written)
    }
}

fn assess_chunk(cx: &mut Ctx<'_>, fiscal_year: i32, households: &[String]) -> AppResult<AssessmentRunSummary> {
    let year = YearSetup::load(cx, fiscal_year)?;
    let mut part = AssessmentRunSummary::default();
    let (Some(first), Some(last)) = (households.first(), households.last()) else { return Ok(part) };
    let ins = cx.insurer().to_string();
    // The chunk's facts in a few range queries; `households` is sorted, so the range holds them
    // all (and only households with a member in the year).
    let chunk = load_range(cx.tx, &ins, first, last, year.fy)?;
    if chunk.len() != households.len() {
        // Not expected (same filter as the list); said rather than skipped if it happens.
        for h in households.iter().filter(|h| !chunk.iter().any(|f| &f.household_no == *h)) {
            part.failed.push(HouseholdNote { household_no: h.clone(), reasons: vec!["世帯員の記録を読み込めませんでした".into()] });
        }
    }
    let mut latest = assessments::latest_in_range(cx.tx, &ins, i64::from(fiscal_year), first, last)?;
    let prepared = prepare_on_both_cores(&year, &chunk, &latest)?;
    for p in prepared {
        let household_no = p.household_no().to_string();
        let mut incomplete = Vec::new();
        let previous = latest.remove(&household_no);
        let decision = record(cx, &year, p, previous.as_ref(), Trigger::default(), &mut incomplete)?;
        if !incomplete.is_empty() {
            part.incomplete.push(HouseholdNote { household_no: household_no.clone(), reasons: incomplete });
        }
        match decision {
            Decision::Recorded { .. } => part.assessed += 1,
            Decision::Unchanged => part.unchanged += 1,
            Decision::NotInsured => part.not_insured += 1,
            Decision::TimeBarred(reason) | Decision::Failed(reason) => part.failed.push(HouseholdNote { household_no, reasons: vec![reason] }),
        }
    }
    Ok(part)
}

/// Prepares a chunk's decisions (input, digest, amounts: pure work) on two threads, in order.
fn prepare_on_both_cores(year: &YearSetup, chunk: &[HouseholdFacts], latest: &HashMap<String, AssessmentRow>) -> AppResult<Vec<Prepared>> {
    let half = chunk.len().div_ceil(2);
    let (a, b) = chunk.split_at(half);
    let run = |part: &[HouseholdFacts]| part.iter().map(|f| prepare(year, f, latest.get(&f.household_no))).collect::<AppResult<Vec<_>>>();
    let (first, second) = std::thread::scope(|s| {
        let other = s.spawn(|| run(b));
        (run(a), other.join())
    });
    let mut all = first?;
    all.extend(second.map_err(|_| AppError::Internal("assessment worker".into()))??);
    Ok(all)
}
