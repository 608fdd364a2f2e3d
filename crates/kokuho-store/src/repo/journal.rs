//! 異動ジャーナル and 監査ログ rows: both are append-only hash chains with the same shape of
//! storage, so one set of functions serves both tables.

use super::OwnedRow as _;
use crate::{StoreError, Tx, Value};

/// Which append-only chain a row belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChainTable {
    Journal,
    Audit,
}

impl ChainTable {
    pub fn table(self) -> &'static str {
        match self {
            ChainTable::Journal => "journal",
            ChainTable::Audit => "audit_log",
        }
    }
}

/// One journal entry as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalRow {
    pub insurer_no: String,
    pub seq: i64,
    pub recorded_at: String,
    pub actor: String,
    pub kind: String,
    pub effective_on: Option<String>,
    pub subject: String,
    pub payload: String,
    pub prev_hash: Vec<u8>,
    pub hash: Vec<u8>,
}

const JOURNAL_COLUMNS: &[&str] =
    &["insurer_no", "seq", "recorded_at", "actor", "kind", "effective_on", "subject", "payload", "prev_hash", "hash"];

pub fn insert_journal(tx: &mut dyn Tx, rows: Vec<JournalRow>) -> Result<u64, StoreError> {
    let mut values = rows.into_iter().map(|r| {
        vec![
            Value::from(r.insurer_no),
            Value::from(r.seq),
            Value::from(r.recorded_at),
            Value::from(r.actor),
            Value::from(r.kind),
            Value::from(r.effective_on),
            Value::from(r.subject),
            Value::from(r.payload),
            Value::Blob(r.prev_hash),
            Value::Blob(r.hash),
        ]
    });
    tx.insert_many("journal", JOURNAL_COLUMNS, &mut values)
}

fn journal_row(mut r: crate::Row) -> Result<JournalRow, StoreError> {
    Ok(JournalRow {
        insurer_no: r.string(0)?,
        seq: r.int(1)?,
        recorded_at: r.string(2)?,
        actor: r.string(3)?,
        kind: r.string(4)?,
        effective_on: r.opt_string(5)?,
        subject: r.string(6)?,
        payload: r.string(7)?,
        prev_hash: r.bytes(8)?,
        hash: r.bytes(9)?,
    })
}

const SELECT_JOURNAL: &str = "SELECT insurer_no, seq, recorded_at, actor, kind, effective_on, subject, payload, prev_hash, hash FROM journal";

/// Streams one insurer's journal in sequence order.
pub fn for_each_journal(
    tx: &mut dyn Tx,
    insurer_no: &str,
    f: &mut dyn FnMut(JournalRow) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let sql = format!("{SELECT_JOURNAL} WHERE insurer_no = $1 ORDER BY seq");
    tx.query_each(&sql, &[insurer_no.into()], &mut |row| f(journal_row(row)?))
}

/// The journal entries about one subject (宛名番号 or 世帯番号), newest first.
pub fn journal_for_subject(tx: &mut dyn Tx, insurer_no: &str, subject: &str, limit: i64) -> Result<Vec<JournalRow>, StoreError> {
    let sql = format!("{SELECT_JOURNAL} WHERE insurer_no = $1 AND subject = $2 ORDER BY seq DESC LIMIT $3");
    tx.query(&sql, &[insurer_no.into(), subject.into(), limit.into()])?.into_iter().map(journal_row).collect()
}

/// One audit record as stored. `detail` is JSON without personal data beyond internal ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    pub insurer_no: String,
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub outcome: String,
    pub detail: String,
    pub prev_hash: Vec<u8>,
    pub hash: Vec<u8>,
}

const AUDIT_COLUMNS: &[&str] = &["insurer_no", "seq", "at", "actor", "action", "subject", "outcome", "detail", "prev_hash", "hash"];

pub fn insert_audit(tx: &mut dyn Tx, rows: Vec<AuditRow>) -> Result<u64, StoreError> {
    let mut values = rows.into_iter().map(|r| {
        vec![
            Value::from(r.insurer_no),
            Value::from(r.seq),
            Value::from(r.at),
            Value::from(r.actor),
            Value::from(r.action),
            Value::from(r.subject),
            Value::from(r.outcome),
            Value::from(r.detail),
            Value::Blob(r.prev_hash),
            Value::Blob(r.hash),
        ]
    });
    tx.insert_many("audit_log", AUDIT_COLUMNS, &mut values)
}

fn audit_row(mut r: crate::Row) -> Result<AuditRow, StoreError> {
    Ok(AuditRow {
        insurer_no: r.string(0)?,
        seq: r.int(1)?,
        at: r.string(2)?,
        actor: r.string(3)?,
        action: r.string(4)?,
        subject: r.string(5)?,
        outcome: r.string(6)?,
        detail: r.string(7)?,
        prev_hash: r.bytes(8)?,
        hash: r.bytes(9)?,
    })
}

const SELECT_AUDIT: &str = "SELECT insurer_no, seq, at, actor, action, subject, outcome, detail, prev_hash, hash FROM audit_log";

pub fn for_each_audit(
    tx: &mut dyn Tx,
    insurer_no: &str,
    f: &mut dyn FnMut(AuditRow) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let sql = format!("{SELECT_AUDIT} WHERE insurer_no = $1 ORDER BY seq");
    tx.query_each(&sql, &[insurer_no.into()], &mut |row| f(audit_row(row)?))
}

/// Filter for the audit review (all optional).
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub subject: Option<String>,
    pub action: Option<String>,
    pub from: Option<String>,
    pub until: Option<String>,
    pub limit: i64,
    pub before_seq: Option<i64>,
}

pub fn search_audit(tx: &mut dyn Tx, insurer_no: &str, f: &AuditFilter) -> Result<Vec<AuditRow>, StoreError> {
    let sql = format!(
        "{SELECT_AUDIT} WHERE insurer_no = $1 \
         AND (CAST($2 AS TEXT) IS NULL OR actor = $2) AND (CAST($3 AS TEXT) IS NULL OR subject = $3) AND (CAST($4 AS TEXT) IS NULL OR action = $4) \
         AND (CAST($5 AS TEXT) IS NULL OR at >= $5) AND (CAST($6 AS TEXT) IS NULL OR at < $6) AND (CAST($7 AS BIGINT) IS NULL OR seq < $7) \
         ORDER BY seq DESC LIMIT $8"
    );
    let params = [
        Value::from(insurer_no),
        Value::from(f.actor.clone()),
        Value::from(f.subject.clone()),
        Value::from(f.action.clone()),
        Value::from(f.from.clone()),
        Value::from(f.until.clone()),
        Value::from(f.before_seq),
        Value::from(f.limit),
    ];
    tx.query(&sql, &params)?.into_iter().map(audit_row).collect()
}

/// Generic: the raw rows of either chain for verification, in order.
pub fn count(tx: &mut dyn Tx, table: ChainTable, insurer_no: &str) -> Result<i64, StoreError> {
    let sql = format!("SELECT COUNT(*) FROM {} WHERE insurer_no = $1", table.table());
    tx.query_one(&sql, &[insurer_no.into()])?.int(0)
}

/// A page of one insurer's journal after `after_seq`, for replays that must not hold the whole
/// journal in memory.
pub fn journal_page(tx: &mut dyn Tx, insurer_no: &str, after_seq: i64, limit: i64) -> Result<Vec<JournalRow>, StoreError> {
    let sql = format!("{SELECT_JOURNAL} WHERE insurer_no = $1 AND seq > $2 ORDER BY seq LIMIT $3");
    tx.query(&sql, &[insurer_no.into(), after_seq.into(), limit.into()])?.into_iter().map(journal_row).collect()
}
