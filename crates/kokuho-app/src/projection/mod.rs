//! Projections: the current-state tables, written from journal events.
//!
//! `apply` is mechanical: every decision was taken by the use case and recorded in the event.
//! The same function runs when an event is appended and when `journal rebuild` replays the
//! journal, which is why a rebuild equals the incremental state. Each business area applies its
//! own events (`eligibility/projection.rs`, `assessment/projection.rs`, `work/projection.rs`);
//! `apply` only unpacks batches and hands each event to its area.

mod context;
mod fresh;
mod sql;
mod store;

pub use context::EntryContext;
pub use fresh::{FreshProjection, FreshRows};
pub use sql::SqlProjection;
pub use store::ProjectionStore;

use crate::error::{AppError, AppResult};
use crate::journal::Event;

/// Writes one journal entry: a batch's events in turn (seq, seq + 1, …), or the event itself.
pub fn apply(p: &mut dyn ProjectionStore, cx: EntryContext<'_>, event: &Event) -> AppResult<()> {
    match event {
        Event::Eligibility(e) => crate::eligibility::projection::apply(p, cx, e),
        Event::Assessment(e) => crate::assessment::projection::apply(p, cx, e),
        Event::Work(e) => crate::work::projection::apply(p, cx, e),
        Event::Batch { events, .. } => {
            for (seq, e) in (cx.seq..).zip(events) {
                if matches!(e, Event::Batch { .. }) {
                    return Err(AppError::Internal(format!(
                        "journal entry {}: a batch inside a batch",
                        cx.seq
                    )));
                }
                apply(p, EntryContext { seq, ..cx }, e)?;
            }
            Ok(())
        }
    }
}
