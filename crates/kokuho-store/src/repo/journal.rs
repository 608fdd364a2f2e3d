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
    /// How many consecutive seqs the entry covers: 1, or the number of events in a batch.
    pub span: i64,
}

const JOURNAL_COLUMNS: &[&str] = &[
    "insurer_no",
    "seq",
    "recorded_at",
    "actor",
    "kind",
    "effective_on",
    "subject",
    "payload",
    "prev_hash",
    "hash",
    "span",
];

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
            Value::from(r.span),
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
        span: r.int(10)?,
    })
}

const SELECT_JOURNAL: &str = "SELECT insurer_no, seq, recorded_at, actor, kind, effective_on, subject, payload, \
                              prev_hash, hash, span FROM journal";

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
pub fn journal_for_subject(
    tx: &mut dyn Tx,
    insurer_no: &str,
    subject: &str,
    limit: i64,
) -> Result<Vec<JournalRow>, StoreError> {
    let sql = format!("{SELECT_JOURNAL} WHERE insurer_no = $1 AND subject = $2 ORDER BY seq DESC LIMIT $3");
    tx.query(&sql, &[insurer_no.into(), subject.into(), limit.into()])?
        .into_iter()
        .map(journal_row)
        .collect()
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

const AUDIT_COLUMNS: &[&str] = &[
    "insurer_no",
    "seq",
    "at",
    "actor",
    "action",
    "subject",
    "outcome",
    "detail",
    "prev_hash",
    "hash",
];

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

const SELECT_AUDIT: &str =
    "SELECT insurer_no, seq, at, actor, action, subject, outcome, detail, prev_hash, hash FROM audit_log";

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
    /// Exact action.
    pub action: Option<String>,
    /// Actions beginning with this text (e.g. `my_number.`), compared exactly (no wildcards).
    pub action_prefix: Option<String>,
    pub from: Option<String>,
    pub until: Option<String>,
    pub limit: i64,
    pub before_seq: Option<i64>,
}

/// Newest first; only the criteria given become conditions (see [`super::Filter`]).
pub fn search_audit(tx: &mut dyn Tx, insurer_no: &str, f: &AuditFilter) -> Result<Vec<AuditRow>, StoreError> {
    let mut w = super::Filter::of_insurer(insurer_no);
    w.and(f.actor.clone(), |n| format!("actor = ${n}"))
        .and(f.subject.clone(), |n| format!("subject = ${n}"))
        .and(f.action.clone(), |n| format!("action = ${n}"))
        .and(f.from.clone(), |n| format!("at >= ${n}"))
        .and(f.until.clone(), |n| format!("at < ${n}"))
        .and(f.before_seq, |n| format!("seq < ${n}"))
        .and(f.action_prefix.clone(), |n| {
            format!("substr(action, 1, length(CAST(${n} AS TEXT))) = ${n}")
        });
    let n = w.next_placeholder();
    let (clause, params) = w.finish([Value::from(f.limit)]);
    let sql = format!("{SELECT_AUDIT} WHERE {clause} ORDER BY seq DESC LIMIT ${n}");
    tx.query(&sql, &params)?.into_iter().map(audit_row).collect()
}

/// Which audit rows of a period an aggregate counts: `at` in `[from, until)` (UTC text as
/// stored), `actions` (empty: every action) and `outcome` (None: every outcome).
#[derive(Debug, Clone, Copy)]
pub struct AuditPeriod<'a> {
    pub from: &'a str,
    pub until: &'a str,
    pub actions: &'a [&'a str],
    pub outcome: Option<&'a str>,
}

impl AuditPeriod<'_> {
    /// The WHERE clause (after `insurer_no = $1`) and its parameters, starting at `$1`.
    fn clause(&self, insurer_no: &str) -> (String, Vec<Value>) {
        let mut params = vec![
            Value::from(insurer_no),
            Value::from(self.from),
            Value::from(self.until),
            Value::from(self.outcome),
        ];
        let mut sql =
            String::from("insurer_no = $1 AND at >= $2 AND at < $3 AND (CAST($4 AS TEXT) IS NULL OR outcome = $4)");
        if !self.actions.is_empty() {
            let first = params.len() + 1;
            let placeholders: Vec<String> = (first..first + self.actions.len()).map(|i| format!("${i}")).collect();
            sql.push_str(&format!(" AND action IN ({})", placeholders.join(", ")));
            params.extend(self.actions.iter().map(|a| Value::from(*a)));
        }
        (sql, params)
    }
}

/// Per actor: the rows of a period and how many distinct subjects they concern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorCount {
    pub actor: String,
    pub rows: i64,
    pub subjects: i64,
}

/// Rows and distinct subjects per actor in a period (SQL aggregate), by actor.
pub fn audit_counts_by_actor(
    tx: &mut dyn Tx,
    insurer_no: &str,
    p: &AuditPeriod<'_>,
) -> Result<Vec<ActorCount>, StoreError> {
    let (clause, params) = p.clause(insurer_no);
    let sql = format!(
        "SELECT actor, CAST(COUNT(*) AS BIGINT), CAST(COUNT(DISTINCT subject) AS BIGINT) FROM audit_log WHERE {clause} \
         GROUP BY actor ORDER BY actor"
    );
    tx.query(&sql, &params)?
        .into_iter()
        .map(|mut r| {
            Ok(ActorCount {
                actor: r.string(0)?,
                rows: r.int(1)?,
                subjects: r.int(2)?,
            })
        })
        .collect()
}

/// The rows of one actor in one UTC hour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HourCount {
    pub actor: String,
    /// `YYYY-MM-DDTHH` (UTC), the first 13 characters of `at`.
    pub hour: String,
    pub rows: i64,
}

/// Rows per actor and UTC hour in a period (SQL aggregate): at most actors × hours rows, from
/// which the caller derives days and office hours in its own time zone.
pub fn audit_counts_by_hour(
    tx: &mut dyn Tx,
    insurer_no: &str,
    p: &AuditPeriod<'_>,
) -> Result<Vec<HourCount>, StoreError> {
    let (clause, params) = p.clause(insurer_no);
    let sql = format!(
        "SELECT actor, substr(at, 1, 13), CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE {clause} \
         GROUP BY actor, substr(at, 1, 13) ORDER BY actor, substr(at, 1, 13)"
    );
    tx.query(&sql, &params)?
        .into_iter()
        .map(|mut r| {
            Ok(HourCount {
                actor: r.string(0)?,
                hour: r.string(1)?,
                rows: r.int(2)?,
            })
        })
        .collect()
}

/// The first `limit` rows (oldest first) of a period whose UTC hour (`YYYY-MM-DDTHH`) is one of
/// `hours`. An empty `hours` gives no rows.
pub fn audit_rows_in_hours(
    tx: &mut dyn Tx,
    insurer_no: &str,
    p: &AuditPeriod<'_>,
    hours: &[String],
    limit: i64,
) -> Result<Vec<AuditRow>, StoreError> {
    if hours.is_empty() {
        return Ok(Vec::new());
    }
    let (clause, mut params) = p.clause(insurer_no);
    let first = params.len() + 1;
    let placeholders: Vec<String> = (first..first + hours.len()).map(|i| format!("${i}")).collect();
    params.extend(hours.iter().map(Value::from));
    params.push(Value::from(limit));
    let sql = format!(
        "{SELECT_AUDIT} WHERE {clause} AND substr(at, 1, 13) IN ({}) ORDER BY at, seq LIMIT ${}",
        placeholders.join(", "),
        params.len()
    );
    tx.query(&sql, &params)?.into_iter().map(audit_row).collect()
}

/// The first `limit` rows (oldest first) of a period.
pub fn audit_rows_in_period(
    tx: &mut dyn Tx,
    insurer_no: &str,
    p: &AuditPeriod<'_>,
    limit: i64,
) -> Result<Vec<AuditRow>, StoreError> {
    let (clause, mut params) = p.clause(insurer_no);
    params.push(Value::from(limit));
    let sql = format!("{SELECT_AUDIT} WHERE {clause} ORDER BY at, seq LIMIT ${}", params.len());
    tx.query(&sql, &params)?.into_iter().map(audit_row).collect()
}

/// How many rows of a period match.
pub fn count_audit_in_period(tx: &mut dyn Tx, insurer_no: &str, p: &AuditPeriod<'_>) -> Result<i64, StoreError> {
    let (clause, params) = p.clause(insurer_no);
    tx.query_one(
        &format!("SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE {clause}"),
        &params,
    )?
    .int(0)
}

/// Generic: the raw rows of either chain for verification, in order.
pub fn count(tx: &mut dyn Tx, table: ChainTable, insurer_no: &str) -> Result<i64, StoreError> {
    let sql = format!("SELECT COUNT(*) FROM {} WHERE insurer_no = $1", table.table());
    tx.query_one(&sql, &[insurer_no.into()])?.int(0)
}

/// A page of one insurer's journal after `after_seq`, for replays that must not hold the whole
/// journal in memory.
/// The insurer's last journal entry (0: none), read without taking the chain's lock.
pub fn last_seq(tx: &mut dyn Tx, insurer_no: &str) -> Result<i64, StoreError> {
    tx.query_one(
        "SELECT COALESCE(MAX(seq), 0) FROM journal WHERE insurer_no = $1",
        &[insurer_no.into()],
    )?
    .int(0)
}

/// Whether the insurer's journal has an entry after `seq` of another kind than `kind` (a batch's
/// check that nothing but its own kind of decision was recorded since it read its inputs).
pub fn other_kind_after(tx: &mut dyn Tx, insurer_no: &str, seq: i64, kind: &str) -> Result<bool, StoreError> {
    Ok(tx
        .query_opt(
            "SELECT seq FROM journal WHERE insurer_no = $1 AND seq > $2 AND kind <> $3 LIMIT 1",
            &[insurer_no.into(), seq.into(), kind.into()],
        )?
        .is_some())
}

pub fn journal_page(
    tx: &mut dyn Tx,
    insurer_no: &str,
    after_seq: i64,
    limit: i64,
) -> Result<Vec<JournalRow>, StoreError> {
    let sql = format!("{SELECT_JOURNAL} WHERE insurer_no = $1 AND seq > $2 ORDER BY seq LIMIT $3");
    tx.query(&sql, &[insurer_no.into(), after_seq.into(), limit.into()])?
        .into_iter()
        .map(journal_row)
        .collect()
}
