//! 料率設定シミュレーション: the whole city's premiums for a fiscal year under candidate rate
//! tables (the stored table by default), totalled by component, reductions, capped households
//! and income bands (`premium::simulation`). Nothing is recorded and nothing personal leaves it
//! (only totals). The run is permission-checked and audited once, before anything is read
//! (fail closed: no audit, no reading), with the candidates and the number of households; the
//! city is then read in read-only snapshots, a chunk at a time, by one worker per core, each
//! reading and computing its own chunks (the reads of one worker overlap the other's work).

pub use super::outcomes::{Candidate, CandidateSummary, RateSimulation};
use crate::audit::{AuditAction, AuditEvent};
use std::sync::atomic::{AtomicUsize, Ordering};

use kokuho_domain::assessment::premium::input::RatesInput;
use kokuho_domain::assessment::premium::{PremiumInput, calculate_amounts, validate_rates};
use kokuho_domain::assessment::simulation::Accumulator;
use kokuho_domain::contract::CalcError;
use kokuho_domain::kernel::date::FiscalYear;
use kokuho_store::repo::eligibility::residents;

use crate::assessment::household_facts::load_range;
use crate::assessment::input::{household_input, rate_table_of};
use crate::error::{AppError, AppResult};
use crate::{Actor, App, Audited, Permission};

/// Households read per transaction.
const CHUNK: usize = 5_000;

impl Candidate {
    /// The candidate at `position` (0: the first) from a `rates` document (a file, the API's
    /// body), read as the calculator reads it; refused naming the candidate and the field. The
    /// table is checked against the year's law when the simulation runs.
    pub fn read(position: usize, label: &str, json: &str) -> AppResult<Candidate> {
        let rates = kokuho_contract::read_document(json, "rates").map_err(|e| refused(position, label, e))?;
        Ok(Candidate {
            label: label.to_string(),
            rates: Some(rates),
        })
    }
}

/// A candidate's table refused: the field of its position, the candidate and the path named.
fn refused(position: usize, label: &str, e: CalcError) -> AppError {
    AppError::invalid(
        if position == 0 { "rates" } else { "compare" },
        format!("{label}（{}）: {}", e.path, e.message),
    )
}

impl App {
    /// Computes the city's premiums of `fiscal_year` under each candidate. `progress(done, total)`
    /// is told after each chunk.
    pub fn simulate_rates(
        &self,
        actor: &Actor,
        fiscal_year: i32,
        candidates: &[Candidate],
        progress: &dyn Fn(usize, usize),
    ) -> AppResult<RateSimulation> {
        let fy = FiscalYear::new(fiscal_year).map_err(|e| AppError::invalid("fiscal_year", e.to_string()))?;
        if candidates.is_empty() || candidates.len() > 4 {
            return Err(AppError::invalid("rates", "比べる料率は1〜4案で指定してください"));
        }
        let subject = format!("rate_simulation:{fiscal_year}");
        let (rates, households) = self.run(
            actor,
            Permission::Assessment,
            AuditAction::AssessmentSimulate,
            &subject,
            |cx| {
                let ins = cx.insurer().to_string();
                let mut rates = Vec::new();
                for (i, c) in candidates.iter().enumerate() {
                    let r = match &c.rates {
                        Some(r) => validate_rates(fiscal_year, r.clone()).map_err(|e| refused(i, &c.label, e))?,
                        None => rate_table_of(cx.tx, &ins, fiscal_year)?.0,
                    };
                    rates.push(r);
                }
                let list = residents::households_between(
                    cx.tx,
                    &ins,
                    fy.start(),
                    fy.next().map_or(fy.end(), FiscalYear::start),
                )?;
                let detail = AuditEvent::AssessmentSimulate {
                    candidates: candidates.iter().map(|c| c.label.clone()).collect(),
                    households: list.len(),
                };
                Ok(Audited::new((rates, list), &subject, detail))
            },
        )?;
        let total = households.len();
        let chunks: Vec<&[String]> = households.chunks(CHUNK).collect();
        let workers = std::thread::available_parallelism()
            .map_or(1, std::num::NonZero::get)
            .clamp(1, 4);
        let (done, unreadable, not_insured) = (AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0));
        let ins = actor.insurer_no.as_str();
        // `report` is told the households done so far (the caller's progress, on this thread only).
        let work = |worker: usize, report: &dyn Fn(usize)| -> AppResult<Vec<(Accumulator, u64)>> {
            let mut acc: Vec<(Accumulator, u64)> = rates.iter().map(|_| (Accumulator::new(fiscal_year), 0)).collect();
            for chunk in chunks.iter().skip(worker).step_by(workers) {
                let (Some(first), Some(last)) = (chunk.first(), chunk.last()) else {
                    continue;
                };
                let facts = self.store().read(|tx| load_range(tx, ins, first, last, fy))?;
                let mut inputs: Vec<PremiumInput> = facts
                    .iter()
                    .filter_map(|f| household_input(f, fy, &rates[0]).ok().map(|(input, _)| input))
                    .collect();
                unreadable.fetch_add(chunk.len().saturating_sub(inputs.len()), Ordering::Relaxed);
                not_insured.fetch_add(compute(&mut inputs, &rates, &mut acc), Ordering::Relaxed);
                report(done.fetch_add(chunk.len(), Ordering::Relaxed) + chunk.len());
            }
            Ok(acc)
        };
        let accumulators = std::thread::scope(|scope| -> AppResult<Vec<(Accumulator, u64)>> {
            let work = &work;
            let others: Vec<_> = (1..workers).map(|w| scope.spawn(move || work(w, &|_| {}))).collect();
            let mut merged = work(0, &|now| progress(now, total))?;
            for handle in others {
                let part = handle
                    .join()
                    .map_err(|_| AppError::Internal("simulation worker".into()))??;
                for ((mine, mine_failed), (theirs, theirs_failed)) in merged.iter_mut().zip(part) {
                    mine.merge(theirs);
                    *mine_failed += theirs_failed;
                }
            }
            Ok(merged)
        })?;
        progress(total, total);
        let (unreadable, not_insured) = (unreadable.into_inner(), not_insured.into_inner());
        let candidates = candidates
            .iter()
            .zip(accumulators)
            .map(|(c, (a, failed))| CandidateSummary {
                label: c.label.clone(),
                summary: a.finish(),
                failed,
            })
            .collect();
        Ok(RateSimulation {
            fiscal_year,
            households: total,
            unreadable,
            not_insured,
            candidates,
        })
    }
}

/// Computes every household of a chunk under each rate table; a household the calculator refuses
/// is counted, not totalled. A household with no insured month in the year is left out, as the
/// 当初賦課 leaves it out; returns how many were.
fn compute(inputs: &mut [PremiumInput], rates: &[RatesInput], acc: &mut [(Accumulator, u64)]) -> usize {
    let mut not_insured = 0;
    for input in inputs {
        let mut results = Vec::with_capacity(rates.len());
        for r in rates {
            input.rates = r.clone();
            results.push(calculate_amounts(input));
        }
        // Months do not depend on the rates: the first result that computed says.
        if results
            .iter()
            .flatten()
            .next()
            .is_some_and(|r| r.members.iter().all(|m| m.insured_months == 0))
        {
            not_insured += 1;
            continue;
        }
        for (result, (a, failed)) in results.into_iter().zip(acc.iter_mut()) {
            match result {
                Ok(result) => a.add(&result),
                Err(_) => *failed += 1,
            }
        }
    }
    not_insured
}
