//! 保守: journal and audit verification, and rebuilding the projections from the journal.

use crate::audit::{AuditAction, AuditEvent};
use kokuho_store::repo::journal as journal_repo;
use kokuho_store::repo::{self as repo};

use crate::error::AppResult;
use crate::journal::{self, ChainReport, Event};
use crate::projection::{self, EntryContext};
use crate::{Actor, App, AppError, Audited, Permission, audit::trail};

impl App {
    /// `kokuho journal verify`.
    pub fn verify_journal(&self, actor: &Actor) -> AppResult<ChainReport> {
        self.run(actor, Permission::Audit, AuditAction::JournalVerify, "journal", |cx| {
            let ins = cx.insurer().to_string();
            let report = journal::verify(cx.tx, &ins)?;
            let event = AuditEvent::JournalVerify {
                entries: report.entries,
                first_bad: report.first_bad.clone(),
            };
            Ok(Audited::new(report, "journal", event))
        })
    }

    /// `kokuho audit verify`. The verification itself is recorded after the check.
    pub fn verify_audit(&self, actor: &Actor) -> AppResult<ChainReport> {
        self.run(actor, Permission::Audit, AuditAction::AuditVerify, "audit", |cx| {
            let ins = cx.insurer().to_string();
            let report = trail::verify(cx.tx, &ins)?;
            let event = AuditEvent::AuditVerify {
                entries: report.entries,
                first_bad: report.first_bad.clone(),
            };
            Ok(Audited::new(report, "audit", event))
        })
    }

    /// `kokuho journal rebuild`: clears every projection and replays the journal through the same
    /// `projection::apply` used at write time. Refuses to run on a journal that fails verification.
    pub fn rebuild_projections(&self, actor: &Actor) -> AppResult<i64> {
        self.run(actor, Permission::Admin, AuditAction::JournalRebuild, "journal", |cx| {
            let ins = cx.insurer().to_string();
            let report = journal::verify(cx.tx, &ins)?;
            if let Some(bad) = &report.first_bad {
                return Err(AppError::Conflict(format!(
                    "ジャーナルの{}番目の記録に問題があるため再構築できません: {}",
                    bad.seq, bad.problem
                )));
            }
            repo::clear_projections(cx.tx, &ins)?;
            let mut n = 0i64;
            let mut after = 0i64;
            loop {
                let page = journal_repo::journal_page(cx.tx, &ins, after, 10_000)?;
                let Some(last) = page.last() else { break };
                after = last.seq;
                for row in &page {
                    let event: Event = serde_json::from_str(&row.payload)?;
                    let ecx = EntryContext {
                        insurer_no: &ins,
                        seq: row.seq,
                        recorded_at: &row.recorded_at,
                        actor: &row.actor,
                    };
                    projection::apply(
                        &mut projection::SqlProjection {
                            tx: cx.tx,
                            insurer_no: &ins,
                        },
                        ecx,
                        &event,
                    )?;
                    n += event.span();
                }
            }
            Ok(Audited::new(n, "journal", AuditEvent::JournalRebuild { entries: n }))
        })
    }
}
