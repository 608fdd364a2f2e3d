//! Projections of the work-item events: the 作業リスト.

use kokuho_domain::kernel::work::WorkItemStatus;
use kokuho_store::repo::work_items::WorkItemRow;

use super::events::WorkEvent;
use crate::error::{AppResult, journal_code};
use crate::projection::{EntryContext, ProjectionStore};

/// Writes one work-item event.
pub fn apply(p: &mut dyn ProjectionStore, cx: EntryContext<'_>, event: &WorkEvent) -> AppResult<()> {
    match event {
        WorkEvent::WorkItemRaised {
            work,
            resident_no,
            household_no,
            detail,
            due_on,
        } => p.insert_work_item(&WorkItemRow {
            work_item_id: cx.seq,
            kind: journal_code(work)?,
            resident_no: resident_no.clone(),
            household_no: household_no.clone(),
            detail: detail.clone(),
            due_on: *due_on,
            status: WorkItemStatus::Open,
            raised_at: cx.recorded_at.to_string(),
            closed_by: None,
            closed_at: None,
            closing_note: None,
        }),
        WorkEvent::WorkItemClosed { work_item_id, note } => {
            p.close_work_item(*work_item_id, cx.actor, cx.recorded_at, note)
        }
    }
}
