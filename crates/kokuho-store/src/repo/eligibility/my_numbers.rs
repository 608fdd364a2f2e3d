//! 個人番号 (ciphertext + blind index only) and the 要確認リスト.

use kokuho_domain::eligibility::my_number_confirmation::{ConfirmationReason, ConfirmationStatus};

use crate::repo::OwnedRow as _;
use crate::{StoreError, Tx, Value};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MyNumberRow {
    pub resident_no: String,
    pub ciphertext: Vec<u8>,
    pub blind_index: Vec<u8>,
    pub linked_seq: i64,
}

pub fn upsert(tx: &mut dyn Tx, insurer_no: &str, m: &MyNumberRow) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO my_numbers (insurer_no, resident_no, ciphertext, blind_index, linked_seq) VALUES ($1, $2, $3, \
         $4, $5) ON CONFLICT (insurer_no, resident_no) DO UPDATE SET ciphertext = excluded.ciphertext, blind_index = \
         excluded.blind_index, linked_seq = excluded.linked_seq",
        &[
            insurer_no.into(),
            m.resident_no.as_str().into(),
            Value::Blob(m.ciphertext.clone()),
            Value::Blob(m.blind_index.clone()),
            m.linked_seq.into(),
        ],
    )?;
    Ok(())
}

/// Bulk insert of new links.
pub fn insert_all(tx: &mut dyn Tx, insurer_no: &str, rows: &[MyNumberRow]) -> Result<u64, StoreError> {
    tx.insert_many(
        "my_numbers",
        &["insurer_no", "resident_no", "ciphertext", "blind_index", "linked_seq"],
        &mut rows.iter().map(|m| {
            vec![
                insurer_no.into(),
                m.resident_no.as_str().into(),
                Value::Blob(m.ciphertext.clone()),
                Value::Blob(m.blind_index.clone()),
                m.linked_seq.into(),
            ]
        }),
    )
}

pub fn of_resident(tx: &mut dyn Tx, insurer_no: &str, resident_no: &str) -> Result<Option<MyNumberRow>, StoreError> {
    tx.query_opt(
        "SELECT resident_no, ciphertext, blind_index, linked_seq FROM my_numbers WHERE insurer_no = $1 AND \
         resident_no = $2",
        &[insurer_no.into(), resident_no.into()],
    )?
    .map(|mut r| {
        Ok(MyNumberRow {
            resident_no: r.string(0)?,
            ciphertext: r.bytes(1)?,
            blind_index: r.bytes(2)?,
            linked_seq: r.int(3)?,
        })
    })
    .transpose()
}

/// The resident linked to a blind index (exact lookup by a permitted user).
pub fn resident_by_index(tx: &mut dyn Tx, insurer_no: &str, blind_index: &[u8]) -> Result<Option<String>, StoreError> {
    tx.query_opt(
        "SELECT resident_no FROM my_numbers WHERE insurer_no = $1 AND blind_index = $2",
        &[insurer_no.into(), Value::Blob(blind_index.to_vec())],
    )?
    .map(|mut r| r.string(0))
    .transpose()
}

/// Every linked blind index with its resident (a bulk load checks new numbers against them in
/// memory instead of asking once per person).
pub fn for_each_link(tx: &mut dyn Tx, insurer_no: &str, f: &mut dyn FnMut(Vec<u8>, String)) -> Result<(), StoreError> {
    tx.query_each(
        "SELECT blind_index, resident_no FROM my_numbers WHERE insurer_no = $1",
        &[insurer_no.into()],
        &mut |mut r| {
            f(r.bytes(0)?, r.string(1)?);
            Ok(())
        },
    )
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmationRow {
    pub confirmation_id: i64,
    pub resident_no: String,
    /// 要確認の理由.
    pub reason: ConfirmationReason,
    pub ciphertext: Option<Vec<u8>>,
    pub blind_index: Option<Vec<u8>>,
    pub other_resident_no: Option<String>,
    pub raised_by: String,
    pub raised_at: String,
    /// 要確認の状態.
    pub status: ConfirmationStatus,
    pub resolved_by: Option<String>,
    pub resolved_at: Option<String>,
    pub resolution: Option<String>,
}

const CONF_COLUMNS: &str = "confirmation_id, resident_no, reason, ciphertext, blind_index, other_resident_no, \
     raised_by, raised_at, status, resolved_by, resolved_at, resolution";

fn conf_row(mut r: crate::Row) -> Result<ConfirmationRow, StoreError> {
    Ok(ConfirmationRow {
        confirmation_id: r.int(0)?,
        resident_no: r.string(1)?,
        reason: r.code(2)?,
        ciphertext: r.opt_bytes(3)?,
        blind_index: r.opt_bytes(4)?,
        other_resident_no: r.opt_string(5)?,
        raised_by: r.string(6)?,
        raised_at: r.string(7)?,
        status: r.code(8)?,
        resolved_by: r.opt_string(9)?,
        resolved_at: r.opt_string(10)?,
        resolution: r.opt_string(11)?,
    })
}

pub fn insert_confirmation(tx: &mut dyn Tx, insurer_no: &str, c: &ConfirmationRow) -> Result<(), StoreError> {
    insert_confirmations(tx, insurer_no, std::slice::from_ref(c)).map(|_| ())
}

/// Bulk insert of new 要確認 entries.
pub fn insert_confirmations(tx: &mut dyn Tx, insurer_no: &str, rows: &[ConfirmationRow]) -> Result<u64, StoreError> {
    let cols: Vec<&str> = std::iter::once("insurer_no").chain(CONF_COLUMNS.split(", ")).collect();
    tx.insert_many(
        "my_number_confirmations",
        &cols,
        &mut rows.iter().map(|c| {
            vec![
                insurer_no.into(),
                c.confirmation_id.into(),
                c.resident_no.as_str().into(),
                c.reason.as_str().into(),
                c.ciphertext.clone().into(),
                c.blind_index.clone().into(),
                c.other_resident_no.clone().into(),
                c.raised_by.as_str().into(),
                c.raised_at.as_str().into(),
                c.status.as_str().into(),
                c.resolved_by.clone().into(),
                c.resolved_at.clone().into(),
                c.resolution.clone().into(),
            ]
        }),
    )
}

pub fn resolve_confirmation(
    tx: &mut dyn Tx,
    insurer_no: &str,
    confirmation_id: i64,
    status: ConfirmationStatus,
    resolved_by: &str,
    resolved_at: &str,
    resolution: &str,
) -> Result<u64, StoreError> {
    tx.execute(
        "UPDATE my_number_confirmations SET status = $3, resolved_by = $4, resolved_at = $5, resolution = $6 \
         WHERE insurer_no = $1 AND confirmation_id = $2",
        &[
            insurer_no.into(),
            confirmation_id.into(),
            status.as_str().into(),
            resolved_by.into(),
            resolved_at.into(),
            resolution.into(),
        ],
    )
}

pub fn get_confirmation(
    tx: &mut dyn Tx,
    insurer_no: &str,
    confirmation_id: i64,
) -> Result<Option<ConfirmationRow>, StoreError> {
    let sql =
        format!("SELECT {CONF_COLUMNS} FROM my_number_confirmations WHERE insurer_no = $1 AND confirmation_id = $2");
    tx.query_opt(&sql, &[insurer_no.into(), confirmation_id.into()])?
        .map(conf_row)
        .transpose()
}

pub fn list_confirmations(
    tx: &mut dyn Tx,
    insurer_no: &str,
    status: Option<ConfirmationStatus>,
    limit: i64,
    offset: i64,
) -> Result<Vec<ConfirmationRow>, StoreError> {
    let sql = format!(
        "SELECT {CONF_COLUMNS} FROM my_number_confirmations WHERE insurer_no = $1 AND (CAST($2 AS TEXT) IS NULL OR \
         status = $2) ORDER BY confirmation_id LIMIT $3 OFFSET $4"
    );
    tx.query(
        &sql,
        &[
            insurer_no.into(),
            status.map(|s| s.as_str().to_string()).into(),
            limit.into(),
            offset.into(),
        ],
    )?
    .into_iter()
    .map(conf_row)
    .collect()
}
