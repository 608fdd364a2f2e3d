//! 一括移行: loading a city's households (taken over from another system, or the synthetic demo
//! city) through the same journal events as interactive operation, so everything loaded went
//! through the projections a city uses.
//!
//! The households are loaded in one transaction (all or nothing), each as one journal entry: a
//! batch of the events it would take one by one (`plan`). One thread prepares households (asks
//! the source for them, decides, encrypts, serializes, hashes and applies the events to
//! in-memory rows) while the calling thread writes what it receives: that work overlaps the
//! inserts, and nothing is read back from the database.

mod plan;
#[cfg(test)]
mod tests;

use crate::audit::{AuditAction, AuditEvent};
use std::sync::mpsc::{Receiver, sync_channel};

use kokuho_domain::eligibility::migration::HouseholdSource;
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

/// How a bulk load is audited: the action and subject of its one audit record.
#[derive(Debug, Clone, Copy)]
pub struct BulkLoadAudit {
    /// The audit action.
    pub action: AuditAction,
    /// The audit subject.
    pub subject: &'static str,
    /// The audit record's details from the households loaded and the size of the source.
    pub event: fn(loaded: u32, of: u32) -> AuditEvent,
}

impl BulkLoadAudit {
    /// デモデータの読込: the synthetic demo city.
    pub const DEMO: BulkLoadAudit = BulkLoadAudit {
        action: AuditAction::DemoLoad,
        subject: "demo",
        event: |households, to| AuditEvent::DemoLoad {
            households,
            from: 0,
            to,
        },
    };
}

impl App {
    /// 一括移行: loads households `[0, n)` of `source`; `progress` is told how many are done.
    /// Households already loaded (their 世帯番号 has residents) are skipped, so a bigger city can
    /// be loaded over a smaller one.
    pub fn load_households(
        &self,
        actor: &Actor,
        source: &dyn HouseholdSource,
        audit: BulkLoadAudit,
        progress: &dyn Fn(u32),
    ) -> AppResult<u32> {
        self.run_bulk(actor, Permission::EligibilityWrite, audit.action, audit.subject, |cx| {
            let insurer_no = cx.insurer().to_string();
            let keys = self.keys().for_insurer(cx.tx, &insurer_no)?;
            let planner = Planner::open(keys, cx)?;
            // The tables with random-key indexes (kana key, birth date, blind index); the others'
            // indexes only grow at their right end as households are added in order.
            let indexes = bulk_indexes::suspend(cx.tx, &["residents", "my_numbers"])?;
            let (loaded, chain) = load(cx.tx, &insurer_no, planner, source, progress)?;
            indexes.rebuild(cx.tx)?;
            cx.resume_journal(chain);
            Ok(Audited::new(
                loaded,
                audit.subject,
                (audit.event)(loaded, source.count()),
            ))
        })
    }
}

/// Prepares on a second thread, writes on this one. Returns the households loaded and the
/// journal's end.
fn load(
    tx: &mut dyn Tx,
    insurer_no: &str,
    mut planner: Planner,
    source: &dyn HouseholdSource,
    progress: &dyn Fn(u32),
) -> AppResult<(u32, JournalChain)> {
    std::thread::scope(|s| {
        let (send, receive) = sync_channel::<Prepared>(2);
        let preparing = s.spawn(move || -> AppResult<(u32, JournalChain)> {
            let total = source.count();
            let mut loaded = 0;
            let mut entries = Vec::new();
            for index in 0..total {
                if let Some(entry) = planner.household(source.migrated(index))? {
                    entries.push(entry);
                    loaded += 1;
                }
                let through = index + 1;
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
            .map_err(|_| AppError::Internal("bulk load: the preparing thread panicked".into()))?;
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
