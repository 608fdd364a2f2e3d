//! 作業リスト (work items): what a change leaves for staff to do — raised by any business area
//! (資格: a 住民異動 that needs a decision; 賦課: a 更正 past the 2-year limit; later 収納 and 給付),
//! listed with the person, closed with a note. Its events are a journal area of their own.

pub mod events;
pub mod projection;

use jiff::civil::Date;
use kokuho_domain::kernel::work::WorkKind;

use crate::Ctx;
use crate::error::AppResult;
use events::WorkEvent;

/// Raises a work item.
pub(crate) fn raise(
    cx: &mut Ctx<'_>,
    kind: WorkKind,
    resident_no: &str,
    household_no: Option<&str>,
    detail: String,
    due_on: Option<Date>,
) -> AppResult<()> {
    cx.record(WorkEvent::WorkItemRaised {
        work: kind.as_str().to_string(),
        resident_no: resident_no.to_string(),
        household_no: household_no.map(str::to_string),
        detail,
        due_on,
    })?;
    Ok(())
}
