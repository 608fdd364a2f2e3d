//! 当初賦課（年次バッチ）: every household of the city for one fiscal year. Each household is
//! computed with the same unit as the counter (`assessment::household_input` + `calculate`),
//! its facts read per chunk of households with a few range queries (`household_facts`),
//! and stored as a journaled 賦課決定 with the digest of its input. A household whose input
//! is unchanged since its last version is skipped, so the run is idempotent, and a stopped or
//! interrupted run resumes by running it again: committed chunks stay, the rest is done.
//! Households that cannot be computed, or whose income is missing, are listed, never skipped
//! silently.

pub use super::outcomes::{AssessmentRunSummary, HouseholdNote};
use crate::audit::{AuditAction, AuditEvent};
use kokuho_domain::kernel::date::FiscalYear;
use kokuho_store::repo::{assessment::decisions, eligibility::residents};

use crate::assessment::input::rate_table_of;
use std::collections::HashMap;
use std::sync::mpsc;

use kokuho_store::repo::assessment::decisions::AssessmentRow;

use crate::assessment::decision::{Decision, Prepared, Trigger, YearSetup, prepare, record};
use crate::assessment::household_facts::{HouseholdFacts, load_range};
use crate::error::{AppError, AppResult};
use crate::{Actor, App, Audited, Ctx, Permission};

/// Households per transaction: a bounded unit of work and of loss on interruption (about 0.1 s
/// of work each; five range queries read a chunk's facts).
pub const CHUNK: usize = 2_000;

impl App {
    /// 当初賦課: assesses every household with a member in `fiscal_year`. `progress(done, total)`
    /// is told after each chunk; `stop()` is asked before each chunk.
    pub fn assess_year(
        &self,
        actor: &Actor,
        fiscal_year: i32,
        progress: &dyn Fn(usize, usize),
        stop: &dyn Fn() -> bool,
    ) -> AppResult<AssessmentRunSummary> {
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
        let households = self.run(
            actor,
            Permission::Assessment,
            AuditAction::AssessmentPlan,
            &subject,
            |cx| {
                let ins = cx.insurer().to_string();
                rate_table_of(cx.tx, &ins, fiscal_year)?; // no run without the year's rates
                let list = residents::households_between(cx.tx, &ins, fy.start(), until)?;
                let n = list.len();
                Ok(Audited::new(
                    list,
                    &subject,
                    AuditEvent::AssessmentPlan { households: Some(n) },
                ))
            },
        )?;
        let mut summary = AssessmentRunSummary {
            fiscal_year,
            households: households.len(),
            ..AssessmentRunSummary::default()
        };
        let ins = actor.insurer_no.as_str();
        let mut done = 0;
        let finished = read_ahead(
            &households,
            chunk,
            |part| read_chunk(self, ins, fiscal_year, part),
            |read| {
                if stop() {
                    return Ok(false);
                }
                let range = (read.households.first().cloned(), read.households.last().cloned());
                let n = read.households.len();
                let part = self.run(
                    actor,
                    Permission::Assessment,
                    AuditAction::AssessmentBatch,
                    &subject,
                    |cx| {
                        let part = record_chunk(cx, fiscal_year, read)?;
                        let detail = AuditEvent::AssessmentBatch {
                            from: Some(range.0),
                            to: Some(range.1),
                            assessed: Some(part.assessed),
                            unchanged: Some(part.unchanged),
                            not_insured: Some(part.not_insured),
                            failed: Some(part.failed.len()),
                            baseline: None,
                        };
                        Ok(Audited::new(part, &subject, detail))
                    },
                )?;
                summary.assessed += part.assessed;
                summary.unchanged += part.unchanged;
                summary.not_insured += part.not_insured;
                summary.incomplete.extend(part.incomplete);
                summary.failed.extend(part.failed);
                done += n;
                progress(done, households.len());
                Ok(true)
            },
        )?;
        summary.stopped = !finished;
        Ok(summary)
    }
}

/// Runs `write` on each chunk of `households` in order, while a second thread runs `read` on
/// the next one (at most one chunk ahead). `write` returns false to stop (then the reader stops
/// too); an error of either ends the run. Returns whether every chunk was written.
fn read_ahead<'h, T: Send>(
    households: &'h [String],
    chunk: usize,
    read: impl Fn(&'h [String]) -> AppResult<T> + Sync,
    mut write: impl FnMut(T) -> AppResult<bool>,
) -> AppResult<bool> {
    std::thread::scope(|scope| {
        let (ahead, chunks) = mpsc::sync_channel::<AppResult<T>>(1);
        let read = &read;
        scope.spawn(move || {
            for part in households.chunks(chunk.max(1)) {
                let r = read(part);
                let failed = r.is_err();
                if ahead.send(r).is_err() || failed {
                    break; // stopped, or the error is passed on
                }
            }
        });
        for r in chunks {
            if !write(r?)? {
                return Ok(false); // the receiver goes, so the reader stops too
            }
        }
        Ok(true)
    })
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
        let households = self.run(
            actor,
            Permission::Assessment,
            AuditAction::AssessmentPlan,
            &subject,
            |cx| {
                let ins = cx.insurer().to_string();
                Ok(Audited::new(
                    residents::households_between(cx.tx, &ins, fy.start(), until)?,
                    &subject,
                    AuditEvent::AssessmentPlan { households: None },
                ))
            },
        )?;
        let ins = actor.insurer_no.as_str();
        let mut written = 0;
        // The batch's reads, ahead of the writes like the batch's.
        let read = |part: &[String]| -> AppResult<(Vec<HouseholdFacts>, HashMap<String, AssessmentRow>)> {
            let (Some(first), Some(last)) = (part.first(), part.last()) else {
                return Ok((Vec::new(), HashMap::new()));
            };
            self.store().read(|tx| {
                Ok((
                    load_range(tx, ins, first, last, fy)?,
                    decisions::latest_in_range(tx, ins, i64::from(fiscal_year), first, last)?,
                ))
            })
        };
        read_ahead(&households, CHUNK, read, |(facts, mut latest)| {
            written += self.run(
                actor,
                Permission::Assessment,
                AuditAction::AssessmentBatch,
                &subject,
                |cx| {
                    let mut n = 0;
                    for f in &facts {
                        let Some(row) = latest.remove(&f.household_no) else {
                            continue;
                        };
                        let (components, incomplete, plan) = (row.components()?, row.incomplete()?, row.plan()?);
                        cx.record(crate::assessment::events::AssessmentEvent::PremiumAssessed {
                            fiscal_year,
                            household_no: row.household_no,
                            version: row.version + 1,
                            input_digest: row.input_digest,
                            total: kokuho_domain::Yen::new(row.total),
                            reduction: row.reduction,
                            components,
                            incomplete,
                            plan,
                        })?;
                        n += 1;
                    }
                    Ok(Audited::new(
                        n,
                        &subject,
                        AuditEvent::AssessmentBatch {
                            from: None,
                            to: None,
                            assessed: None,
                            unchanged: None,
                            not_insured: None,
                            failed: None,
                            baseline: Some(n),
                        },
                    ))
                },
            )?;
            Ok(true)
        })?;
        Ok(written)
    }
}

/// A chunk read and computed ahead of its write transaction, in a read-only snapshot: its
/// facts, its households' latest versions and their prepared decisions. The write transaction
/// takes them as they are when nothing that facts come from was recorded since the snapshot
/// (the journal holds every change: only entries of the batch's own kind, 賦課決定, may follow
/// `head`), recomputes a household whose latest version has changed meanwhile (a 更正 or a
/// decision made at the counter), and otherwise does the chunk over inside the transaction.
/// The chunk is audited in its write transaction, as when read there.
struct ReadChunk<'a> {
    households: &'a [String],
    /// The journal's last entry when the snapshot was taken.
    head: i64,
    year: YearSetup,
    facts: Vec<HouseholdFacts>,
    latest: HashMap<String, AssessmentRow>,
    prepared: Vec<Prepared>,
}

fn read_chunk<'a>(app: &App, ins: &str, fiscal_year: i32, households: &'a [String]) -> AppResult<ReadChunk<'a>> {
    let (Some(first), Some(last)) = (households.first(), households.last()) else {
        return Err(AppError::Internal("empty chunk".into()));
    };
    let (head, year, facts, latest) = app.store().read(|tx| -> AppResult<_> {
        let head = kokuho_store::repo::journal::last_seq(tx, ins)?;
        let year = YearSetup::read(tx, ins, fiscal_year)?;
        let facts = load_range(tx, ins, first, last, year.fy)?;
        let latest = decisions::latest_in_range(tx, ins, i64::from(fiscal_year), first, last)?;
        Ok((head, year, facts, latest))
    })?;
    let prepared = prepare_on_both_cores(&year, &facts, &latest)?;
    Ok(ReadChunk {
        households,
        head,
        year,
        facts,
        latest,
        prepared,
    })
}

/// Records a chunk read ahead (see [`ReadChunk`]).
fn record_chunk(cx: &mut Ctx<'_>, fiscal_year: i32, read: ReadChunk<'_>) -> AppResult<AssessmentRunSummary> {
    let ins = cx.insurer().to_string();
    if kokuho_store::repo::journal::other_kind_after(
        cx.tx,
        &ins,
        read.head,
        crate::assessment::events::PREMIUM_ASSESSED,
    )? {
        return assess_chunk(cx, fiscal_year, read.households);
    }
    let (Some(first), Some(last)) = (read.households.first(), read.households.last()) else {
        return Ok(AssessmentRunSummary::default());
    };
    let mut latest = decisions::latest_in_range(cx.tx, &ins, i64::from(fiscal_year), first, last)?;
    let mut part = AssessmentRunSummary::default();
    note_unread(read.households, &read.facts, &mut part);
    for (facts, prepared) in read.facts.iter().zip(read.prepared) {
        let previous = latest.remove(&facts.household_no);
        let then = read.latest.get(&facts.household_no).map(|v| v.version);
        // A version recorded since the snapshot: the household again, against it.
        let prepared = if previous.as_ref().map(|v| v.version) == then {
            prepared
        } else {
            prepare(&read.year, facts, previous.as_ref())?
        };
        record_one(cx, &read.year, prepared, previous.as_ref(), &mut part)?;
    }
    Ok(part)
}

/// Lists the households of the chunk whose facts were not read (not expected: the same filter
/// chose them), rather than skipping them.
fn note_unread(households: &[String], facts: &[HouseholdFacts], part: &mut AssessmentRunSummary) {
    if facts.len() != households.len() {
        for h in households
            .iter()
            .filter(|h| !facts.iter().any(|f| &f.household_no == *h))
        {
            part.failed.push(HouseholdNote {
                household_no: h.clone(),
                reasons: vec!["世帯員の記録を読み込めませんでした".into()],
            });
        }
    }
}

/// Records one household's prepared decision and counts it.
fn record_one(
    cx: &mut Ctx<'_>,
    year: &YearSetup,
    prepared: Prepared,
    previous: Option<&AssessmentRow>,
    part: &mut AssessmentRunSummary,
) -> AppResult<()> {
    let household_no = prepared.household_no().to_string();
    let mut incomplete = Vec::new();
    let decision = record(cx, year, prepared, previous, Trigger::default(), &mut incomplete)?;
    if !incomplete.is_empty() {
        part.incomplete.push(HouseholdNote {
            household_no: household_no.clone(),
            reasons: incomplete,
        });
    }
    match decision {
        Decision::Recorded { .. } => part.assessed += 1,
        Decision::Unchanged => part.unchanged += 1,
        Decision::NotInsured => part.not_insured += 1,
        Decision::TimeBarred(reason) | Decision::Failed(reason) => part.failed.push(HouseholdNote {
            household_no,
            reasons: vec![reason],
        }),
    }
    Ok(())
}

/// A chunk read, computed and recorded inside the write transaction (when something changed
/// since the read-ahead).
fn assess_chunk(cx: &mut Ctx<'_>, fiscal_year: i32, households: &[String]) -> AppResult<AssessmentRunSummary> {
    let year = YearSetup::load(cx, fiscal_year)?;
    let mut part = AssessmentRunSummary::default();
    let (Some(first), Some(last)) = (households.first(), households.last()) else {
        return Ok(part);
    };
    let ins = cx.insurer().to_string();
    // The chunk's facts in a few range queries; `households` is sorted, so the range holds them
    // all (and only households with a member in the year).
    let chunk = load_range(cx.tx, &ins, first, last, year.fy)?;
    note_unread(households, &chunk, &mut part);
    let mut latest = decisions::latest_in_range(cx.tx, &ins, i64::from(fiscal_year), first, last)?;
    let prepared = prepare_on_both_cores(&year, &chunk, &latest)?;
    for p in prepared {
        let previous = latest.remove(p.household_no());
        record_one(cx, &year, p, previous.as_ref(), &mut part)?;
    }
    Ok(part)
}

/// Prepares a chunk's decisions (input, digest, amounts: pure work) on two threads, in order.
fn prepare_on_both_cores(
    year: &YearSetup,
    chunk: &[HouseholdFacts],
    latest: &HashMap<String, AssessmentRow>,
) -> AppResult<Vec<Prepared>> {
    let half = chunk.len().div_ceil(2);
    let (a, b) = chunk.split_at(half);
    let run = |part: &[HouseholdFacts]| {
        part.iter()
            .map(|f| prepare(year, f, latest.get(&f.household_no)))
            .collect::<AppResult<Vec<_>>>()
    };
    let (first, second) = std::thread::scope(|s| {
        let other = s.spawn(|| run(b));
        (run(a), other.join())
    });
    let mut all = first?;
    all.extend(second.map_err(|_| AppError::Internal("assessment worker".into()))??);
    Ok(all)
}
