//! 監査ログ: who did what to whom, when, with what outcome. Hash-chained like the journal and
//! written in the same transaction as the operation it records (fail closed).
//!
//! `subject` is an internal reference (宛名番号, 世帯番号, login) and `detail` never holds a My
//! Number, its blind index, or a name (security.md §0.2).

use kokuho_crypto::chain::ChainHash;
use kokuho_store::Tx;
use kokuho_store::repo::chain::{self, ChainHead};
use kokuho_store::repo::journal::{self as journal_repo, AuditRow};
use serde::Serialize;

use super::event::{AuditAction, AuditEvent, FailureDetail};
use super::value::ErrorCode;
use crate::error::{AppError, AppResult};
use crate::journal::{ChainReport, StoredEntry, chain_hash, check_head, entry_hash, verify_chain};

/// 結果.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// 成功
    Success,
    /// 権限なしで拒否
    Denied,
    /// 入力誤り・対象なし等で失敗
    Failed,
}

impl Outcome {
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Denied => "denied",
            Outcome::Failed => "failed",
        }
    }
}

/// One audit record to write.
#[derive(Debug, Clone)]
pub struct AuditRecord<'a> {
    pub actor: &'a str,
    pub action: AuditAction,
    pub subject: &'a str,
    pub outcome: Outcome,
    /// The stored detail: the event's fields as JSON text (non-personal: counts, ids, reasons).
    pub detail: String,
}

impl<'a> AuditRecord<'a> {
    /// The record of `event`, with its typed details.
    pub fn of(actor: &'a str, subject: &'a str, outcome: Outcome, event: &AuditEvent) -> AppResult<Self> {
        Ok(Self {
            actor,
            action: event.action(),
            subject,
            outcome,
            detail: event.detail_json()?,
        })
    }

    /// The record of a refused or failed `action`: `{"error": code}`.
    pub fn failure(actor: &'a str, action: AuditAction, subject: &'a str, err: &AppError) -> AppResult<Self> {
        let outcome = match err {
            AppError::Denied { .. } => Outcome::Denied,
            _ => Outcome::Failed,
        };
        let detail = FailureDetail {
            error: ErrorCode(err.code().to_string()),
        };
        let detail = serde_json::to_value(&detail)
            .map(|v| v.to_string())
            .map_err(|e| AppError::Internal(format!("監査の詳細: {e}")))?;
        Ok(Self {
            actor,
            action,
            subject,
            outcome,
            detail,
        })
    }
}

fn audit_fields(r: &AuditRow) -> [&str; 7] {
    [
        &r.insurer_no,
        &r.at,
        &r.actor,
        &r.action,
        &r.subject,
        &r.outcome,
        &r.detail,
    ]
}

/// Appends audit records in the caller's transaction.
pub fn record(tx: &mut dyn Tx, insurer_no: &str, at: &str, records: &[AuditRecord<'_>]) -> AppResult<()> {
    if records.is_empty() {
        return Ok(());
    }
    let mut head = chain::load_head(tx, insurer_no, "audit")?.unwrap_or(ChainHead {
        seq: 0,
        hash: ChainHash::GENESIS.as_bytes().to_vec(),
    });
    let mut rows = Vec::with_capacity(records.len());
    for rec in records {
        let seq = head.seq + 1;
        let mut row = AuditRow {
            insurer_no: insurer_no.to_string(),
            seq,
            at: at.to_string(),
            actor: rec.actor.to_string(),
            action: rec.action.code().to_string(),
            subject: rec.subject.to_string(),
            outcome: rec.outcome.code().to_string(),
            detail: rec.detail.clone(),
            prev_hash: head.hash.clone(),
            hash: Vec::new(),
        };
        let prev = chain_hash(&head.hash).ok_or_else(|| AppError::Internal("audit head hash".into()))?;
        row.hash = entry_hash(&prev, seq, &audit_fields(&row)).as_bytes().to_vec();
        head = ChainHead {
            seq,
            hash: row.hash.clone(),
        };
        rows.push(row);
    }
    journal_repo::insert_audit(tx, rows)?;
    chain::save_head(tx, insurer_no, "audit", &head)?;
    Ok(())
}

/// Verifies one insurer's audit trail.
pub fn verify(tx: &mut dyn Tx, insurer_no: &str) -> AppResult<ChainReport> {
    let mut report = verify_chain(&mut |visit| {
        journal_repo::for_each_audit(tx, insurer_no, &mut |row| {
            visit(StoredEntry {
                seq: row.seq,
                span: 1,
                prev_hash: &row.prev_hash,
                hash: &row.hash,
                fields: &audit_fields(&row),
            })
        })
    })?;
    check_head(tx, insurer_no, "audit", &mut report)?;
    Ok(report)
}
