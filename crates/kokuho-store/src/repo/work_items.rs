//! 作業リスト: to-dos raised by resident-register changes and age events.

use jiff::civil::Date;
use kokuho_domain::kernel::work::{WorkItemStatus, WorkKind};

use super::OwnedRow as _;
use crate::{StoreError, Tx, Value};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkItemRow {
    pub work_item_id: i64,
    pub kind: WorkKind,
    pub resident_no: String,
    pub household_no: Option<String>,
    pub detail: String,
    pub due_on: Option<Date>,
    /// 未完了 or 完了.
    pub status: WorkItemStatus,
    pub raised_at: String,
    pub closed_by: Option<String>,
    pub closed_at: Option<String>,
    pub closing_note: Option<String>,
}

const COLUMNS: &str = "work_item_id, kind, resident_no, household_no, detail, due_on, status, raised_at, closed_by, \
                       closed_at, closing_note";

fn from_row(mut r: crate::Row) -> Result<WorkItemRow, StoreError> {
    Ok(WorkItemRow {
        work_item_id: r.int(0)?,
        kind: r.code(1)?,
        resident_no: r.string(2)?,
        household_no: r.opt_string(3)?,
        detail: r.string(4)?,
        due_on: r.opt_date(5)?,
        status: r.code(6)?,
        raised_at: r.string(7)?,
        closed_by: r.opt_string(8)?,
        closed_at: r.opt_string(9)?,
        closing_note: r.opt_string(10)?,
    })
}

pub fn insert(tx: &mut dyn Tx, insurer_no: &str, w: &WorkItemRow) -> Result<(), StoreError> {
    insert_all(tx, insurer_no, std::slice::from_ref(w)).map(|_| ())
}

/// Bulk insert of new work items.
pub fn insert_all(tx: &mut dyn Tx, insurer_no: &str, rows: &[WorkItemRow]) -> Result<u64, StoreError> {
    let cols: Vec<&str> = std::iter::once("insurer_no").chain(COLUMNS.split(", ")).collect();
    tx.insert_many(
        "work_items",
        &cols,
        &mut rows.iter().map(|w| {
            vec![
                insurer_no.into(),
                w.work_item_id.into(),
                w.kind.as_str().into(),
                w.resident_no.as_str().into(),
                w.household_no.clone().into(),
                w.detail.as_str().into(),
                w.due_on.into(),
                w.status.as_str().into(),
                w.raised_at.as_str().into(),
                w.closed_by.clone().into(),
                w.closed_at.clone().into(),
                w.closing_note.clone().into(),
            ]
        }),
    )
}

/// Marks an open item 完了 with who closed it, when and the note (a closed item stays as it is).
pub fn close(tx: &mut dyn Tx, insurer_no: &str, id: i64, by: &str, at: &str, note: &str) -> Result<u64, StoreError> {
    let sql = format!(
        "UPDATE work_items SET status = '{}', closed_by = $3, closed_at = $4, closing_note = $5 \
         WHERE insurer_no = $1 AND work_item_id = $2 AND status = '{}'",
        WorkItemStatus::Done.as_str(),
        WorkItemStatus::Open.as_str()
    );
    tx.execute(&sql, &[insurer_no.into(), id.into(), by.into(), at.into(), note.into()])
}

pub fn get(tx: &mut dyn Tx, insurer_no: &str, id: i64) -> Result<Option<WorkItemRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM work_items WHERE insurer_no = $1 AND work_item_id = $2");
    tx.query_opt(&sql, &[insurer_no.into(), id.into()])?
        .map(from_row)
        .transpose()
}

/// A person's work items, oldest first (an indexed equality, unlike the filtered list).
pub fn of_resident(tx: &mut dyn Tx, insurer_no: &str, resident_no: &str) -> Result<Vec<WorkItemRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM work_items WHERE insurer_no = $1 AND resident_no = $2");
    let mut rows: Vec<WorkItemRow> = tx
        .query(&sql, &[insurer_no.into(), resident_no.into()])?
        .into_iter()
        .map(from_row)
        .collect::<Result<_, _>>()?;
    rows.sort_by_key(|w| w.work_item_id);
    Ok(rows)
}

/// The 作業リスト, oldest first, a page at a time; `status` and `resident_no` narrow it when given.
pub fn list(
    tx: &mut dyn Tx,
    insurer_no: &str,
    status: Option<WorkItemStatus>,
    resident_no: Option<&str>,
    limit: i64,
    offset: i64,
) -> Result<Vec<WorkItemRow>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM work_items WHERE insurer_no = $1 AND (CAST($2 AS TEXT) IS NULL OR status = $2) AND \
         (CAST($3 AS TEXT) IS NULL OR resident_no = $3) ORDER BY work_item_id LIMIT $4 OFFSET $5"
    );
    let params = [
        Value::from(insurer_no),
        Value::from(status.map(|s| s.as_str().to_string())),
        Value::from(resident_no.map(str::to_string)),
        Value::from(limit),
        Value::from(offset),
    ];
    tx.query(&sql, &params)?.into_iter().map(from_row).collect()
}
