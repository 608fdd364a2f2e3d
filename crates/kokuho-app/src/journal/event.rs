//! The journal's one closed `Event`: a change of one business area, or a batch of them.
//!
//! Each area keeps its events in its own folder (`eligibility/events.rs`, `assessment/events.rs`,
//! `work/events.rs`) and applies them in its own `projection.rs`; this kernel only names the areas.
//! Adding an area (収納 `Collection`, 給付 `Benefits`) is: its folder with `events.rs` (an enum
//! implementing [`AreaEvent`]) and `projection.rs`, one variant here, and one arm in each match the
//! compiler then points at (here, `journal/wire.rs`, `projection::apply`).
//!
//! On the wire every event is flat — `{"kind": "enrolled", ...}` — whatever its area, so the
//! stored payloads (and the hashes over them) do not depend on this grouping (`journal/wire.rs`).

use jiff::civil::Date;

use super::area::AreaEvent;
use crate::assessment::events::AssessmentEvent;
use crate::eligibility::events::EligibilityEvent;
use crate::work::events::WorkEvent;

/// One recorded change: an area's event, or a batch. Serialized as JSON with a `kind` tag at the
/// top (`journal/wire.rs`); the JSON is the stored payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// 資格: 住民異動, 取得・喪失・訂正, 記号番号, 区分, 資格確認書等, 個人番号.
    Eligibility(EligibilityEvent),
    /// 賦課: 所得, 料率表, 賦課決定.
    Assessment(AssessmentEvent),
    /// 作業リスト: work items any area raises for staff.
    Work(WorkEvent),
    /// 一括登録: events recorded together as one entry (a bulk load writes one per household).
    /// They are numbered `seq`, `seq + 1`, … in order, exactly as if appended one by one, so the
    /// ids they create are the same; the entry's span is their count. Batches do not nest.
    Batch { subject: String, events: Vec<Event> },
}

/// The kind of a batch entry.
pub const BATCH: &str = "batch";

impl From<EligibilityEvent> for Event {
    fn from(e: EligibilityEvent) -> Self {
        Event::Eligibility(e)
    }
}

impl From<AssessmentEvent> for Event {
    fn from(e: AssessmentEvent) -> Self {
        Event::Assessment(e)
    }
}

impl From<WorkEvent> for Event {
    fn from(e: WorkEvent) -> Self {
        Event::Work(e)
    }
}

impl Event {
    /// The stored `kind` column (same as the JSON tag).
    pub fn kind(&self) -> &'static str {
        match self {
            Event::Eligibility(e) => e.kind(),
            Event::Assessment(e) => e.kind(),
            Event::Work(e) => e.kind(),
            Event::Batch { .. } => BATCH,
        }
    }

    /// The events this entry stands for, in seq order: a batch's events, or the event itself.
    pub fn events(&self) -> &[Event] {
        match self {
            Event::Batch { events, .. } => events,
            _ => std::slice::from_ref(self),
        }
    }

    /// How many seqs the entry covers: one per event.
    pub fn span(&self) -> i64 {
        i64::try_from(self.events().len()).unwrap_or(i64::MAX)
    }

    /// Whom the entry is about (宛名番号 or 世帯番号), for per-person history.
    pub fn subject(&self) -> String {
        match self {
            Event::Eligibility(e) => e.subject(),
            Event::Assessment(e) => e.subject(),
            Event::Work(e) => e.subject(),
            Event::Batch { subject, .. } => subject.clone(),
        }
    }

    /// The date the change takes effect (異動日), where it has one.
    pub fn effective_on(&self) -> Option<Date> {
        match self {
            Event::Eligibility(e) => e.effective_on(),
            Event::Assessment(e) => e.effective_on(),
            Event::Work(e) => e.effective_on(),
            Event::Batch { .. } => None,
        }
    }
}
