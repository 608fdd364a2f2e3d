//! デモ: loading the synthetic city (kokuho-demo) through the same journal events as real
//! operation, so everything shown in a demo went through the projections a city would use.
//!
//! The city is loaded in one transaction (all or nothing), each household as one journal entry:
//! a batch of the events it would take one by one (`plan`). One thread prepares households
//! (generates them, decides, encrypts, serializes, hashes and applies the events to in-memory
//! rows) while the calling thread writes what it receives: that work overlaps the inserts, and
//! nothing is read back from the database.

mod plan;
#[cfg(test)]
mod tests;

use crate::audit::{AuditAction, AuditEvent};
use std::sync::mpsc::{Receiver, sync_channel};

use kokuho_demo::DemoCity;
use kokuho_store::Tx;
use kokuho_store::repo::bulk_indexes;
use kokuho_store::repo::journal::JournalRow;

use crate::error::{AppError, AppResult};
use crate::journal::{self, JournalChain};
use crate::projection::FreshRows;
use crate::{Actor, App, Audited, Permission};

use plan::Planner;

/// Households per message from the preparing thread (bounded memory, steady progress).
const SEND_EVERY: u32 = 1_000;

/// Prepared households, ready to write.
struct Prepared {
    entries: Vec<JournalRow>,
    rows: FreshRows,
    /// Households `[0, through)` are done.
    through: u32,
}

impl App {
    /// Loads households `[0, n)` of `city`; `progress` is told how many are done.
    /// Households already loaded (their 世帯番号 has residents) are skipped, so a bigger city can
    /// be loaded over a smaller one.
    pub fn load_demo_city(&self, actor: &Actor, city: &DemoCity, progress: &dyn Fn(u32)) -> AppResult<u32> {
        self.run_bulk(
            actor,
            Permission::EligibilityWrite,
            AuditAction::DemoLoad,
            "demo",
            |cx| {
                let insurer_no = cx.insurer().to_string();
                let keys = self.keys().for_insurer(cx.tx, &insurer_no)?;
                let planner = Planner::open(keys, cx)?;
                // The tables with random-key indexes (kana key, birth date, blind index); the others'
                // indexes only grow at their right end as households are added in order.
                let indexes = bulk_indexes::suspend(cx.tx, &["residents", "my_numbers"])?;
                let (loaded, chain) = load(cx.tx, &insurer_no, planner, city, progress)?;
                indexes.rebuild(cx.tx)?;
                cx.resume_journal(chain);
                let detail = AuditEvent::DemoLoad {
                    households: loaded,
                    from: 0,
                    to: city.household_count(),
                };
                Ok(Audited::new(loaded, "demo", detail))
            },
        )
    }
}

/// Prepares on a second thread, writes on this one. Returns the households loaded and the
/// journal's end.
fn load(
    tx: &mut dyn Tx,
    insurer_no: &str,
    mut planner: Planner,
    city: &DemoCity,
    progress: &dyn Fn(u32),
) -> AppResult<(u32, JournalChain)> {
    std::thread::scope(|s| {
        let (send, receive) = sync_channel::<Prepared>(2);
        let preparing = s.spawn(move || -> AppResult<(u32, JournalChain)> {
            let total = city.household_count();
            let mut loaded = 0;
            let mut entries = Vec::new();
            for h in city.households() {
                if let Some(entry) = planner.household(&h)? {
                    entries.push(entry);
                    loaded += 1;
                }
                let through = h.index + 1;
                if through % SEND_EVERY == 0 || through == total {
                    let prepared = Prepared {
                        entries: std::mem::take(&mut entries),
                        rows: planner.take_rows(),
                        through,
                    };
                    if send.send(prepared).is_err() {
                        break; // the writer stopped; its error is the one reported
                    }
                }
            }
            Ok((loaded, planner.into_chain()))
        });
        let written = write(tx, insurer_no, &receive, progress);
        // Unblock the preparing thread before waiting for it.
        drop(receive);
        let prepared = preparing
            .join()
            .map_err(|_| AppError::Internal("demo load: the preparing thread panicked".into()))?;
        written?;
        prepared
    })
}

fn write(tx: &mut dyn Tx, insurer_no: &str, receive: &Receiver<Prepared>, progress: &dyn Fn(u32)) -> AppResult<()> {
    for p in receive {
        journal::insert_entries(tx, p.entries)?;
        p.rows.flush(tx, insurer_no)?;
        progress(p.through);
    }
    Ok(())
}
