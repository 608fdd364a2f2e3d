//! 作業リストの記録: the work-item events (written flat, `{"kind": "work_item_raised", ...}`).
//! A new variant needs its tag in [`AreaEvent::KINDS`] and an example in `journal/wire_tests.rs`.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::journal::AreaEvent;

/// One recorded change of the 作業リスト.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WorkEvent {
    /// 作業リストへの登録.
    WorkItemRaised {
        /// `WorkKind::as_str` (text, as the journal has always held it).
        work: String,
        resident_no: String,
        household_no: Option<String>,
        detail: String,
        due_on: Option<Date>,
    },
    /// 作業の完了.
    WorkItemClosed { work_item_id: i64, note: String },
}

impl AreaEvent for WorkEvent {
    const KINDS: &'static [&'static str] = &["work_item_raised", "work_item_closed"];

    fn kind(&self) -> &'static str {
        match self {
            Self::WorkItemRaised { .. } => "work_item_raised",
            Self::WorkItemClosed { .. } => "work_item_closed",
        }
    }

    fn subject(&self) -> String {
        match self {
            Self::WorkItemRaised { resident_no, .. } => resident_no.clone(),
            Self::WorkItemClosed { work_item_id, .. } => format!("work_item:{work_item_id}"),
        }
    }

    fn effective_on(&self) -> Option<Date> {
        None
    }
}
