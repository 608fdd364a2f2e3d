//! 異動ジャーナル: every change is an `Event` appended to the insurer's hash-chained journal.
//!
//! The event itself is `event.rs` (one variant per business area, each area's events in its own
//! folder) and its stored JSON `wire.rs`.
//!
//! The use case decides everything (ids, card numbers, derived dates) and records the decision
//! in the event; `projection::apply` then writes it mechanically. That is what makes a rebuild
//! from the journal reproduce the incremental state exactly.

mod area;
mod event;
pub mod json_text;
pub mod maintenance;
mod wire;
#[cfg(test)]
mod wire_tests;

pub use area::AreaEvent;
pub use event::{BATCH, Event};

use kokuho_crypto::chain::ChainHash;
use kokuho_store::Tx;
use kokuho_store::repo::chain::{self, ChainHead};
use kokuho_store::repo::journal::{self as journal_repo, JournalRow};
use serde::Serialize;

use crate::error::{AppError, AppResult};

/// The bytes the chain hash covers: every stored column except the hashes, length-prefixed so
/// no two different entries can encode alike.
pub fn canonical_bytes(fields: &[&str]) -> Vec<u8> {
    let mut out = Vec::with_capacity(canonical_len(fields));
    append_canonical(&mut out, fields);
    out
}

fn canonical_len(fields: &[&str]) -> usize {
    fields.iter().map(|f| f.len() + 8).sum()
}

fn append_canonical(out: &mut Vec<u8>, fields: &[&str]) {
    for f in fields {
        out.extend_from_slice(&(f.len() as u64).to_be_bytes());
        out.extend_from_slice(f.as_bytes());
    }
}

/// The hashed columns of a journal row. An entry covering several seqs (a batch) adds its span,
/// so it can be neither shortened nor stretched; single entries hash as they always have.
fn with_journal_fields<R>(r: &JournalRow, f: impl FnOnce(&[&str]) -> R) -> R {
    let columns = [
        r.insurer_no.as_str(),
        r.recorded_at.as_str(),
        r.actor.as_str(),
        r.kind.as_str(),
        r.effective_on.as_deref().unwrap_or(""),
        r.subject.as_str(),
        r.payload.as_str(),
    ];
    if r.span == 1 {
        return f(&columns);
    }
    let span = r.span.to_string();
    let mut fields = columns.to_vec();
    fields.push(&span);
    f(&fields)
}

/// Hash of an entry given the previous hash; the seq is bound too so entries can't be reordered.
pub fn entry_hash(prev: &ChainHash, seq: i64, fields: &[&str]) -> ChainHash {
    let mut bytes = Vec::with_capacity(8 + canonical_len(fields));
    bytes.extend_from_slice(&seq.to_be_bytes());
    append_canonical(&mut bytes, fields);
    kokuho_crypto::chain::next(prev, &bytes)
}

/// A stored 32-byte hash as a `ChainHash` (None when the stored value is not 32 bytes).
pub fn chain_hash(bytes: &[u8]) -> Option<ChainHash> {
    <[u8; 32]>::try_from(bytes).ok().map(ChainHash)
}

/// The end of one insurer's journal: numbers and hashes new entries. It holds no transaction,
/// so a bulk load can prepare entries on another thread and hand it back.
pub struct JournalChain {
    insurer_no: String,
    head: ChainHead,
}

impl JournalChain {
    pub fn open(tx: &mut dyn Tx, insurer_no: &str) -> AppResult<Self> {
        let head = chain::load_head(tx, insurer_no, "journal")?.unwrap_or(ChainHead {
            seq: 0,
            hash: ChainHash::GENESIS.as_bytes().to_vec(),
        });
        Ok(Self {
            insurer_no: insurer_no.to_string(),
            head,
        })
    }

    /// The seq the next event will get.
    pub fn next_seq(&self) -> i64 {
        self.head.seq + 1
    }

    /// The stored row of `event`, recorded by `actor` at `recorded_at`, now the chain's end.
    pub fn entry(&mut self, actor: &str, recorded_at: &str, event: &Event) -> AppResult<JournalRow> {
        if event.span() < 1 {
            return Err(AppError::Internal("journal: an empty batch covers no seq".into()));
        }
        let seq = self.next_seq();
        let mut row = JournalRow {
            insurer_no: self.insurer_no.clone(),
            seq,
            recorded_at: recorded_at.to_string(),
            actor: actor.to_string(),
            kind: event.kind().to_string(),
            effective_on: event.effective_on().map(|d| d.to_string()),
            subject: event.subject(),
            payload: payload_of(event)?,
            prev_hash: self.head.hash.clone(),
            hash: Vec::new(),
            span: event.span(),
        };
        let prev = chain_hash(&self.head.hash).ok_or_else(|| AppError::Internal("journal head hash".into()))?;
        row.hash = with_journal_fields(&row, |fields| entry_hash(&prev, seq, fields))
            .as_bytes()
            .to_vec();
        self.head = ChainHead {
            seq: seq + row.span - 1,
            hash: row.hash.clone(),
        };
        Ok(row)
    }

    /// Stores the chain's end (before the transaction commits).
    pub fn save(&self, tx: &mut dyn Tx) -> AppResult<()> {
        chain::save_head(tx, &self.insurer_no, "journal", &self.head)?;
        Ok(())
    }
}

/// The stored JSON of an event, written into a buffer of about its size (a batch is kilobytes:
/// growing a small one by doubling copied it several times).
fn payload_of(event: &Event) -> AppResult<String> {
    let mut json = Vec::with_capacity(512 * event.events().len());
    serde_json::to_writer(&mut json, event)?;
    String::from_utf8(json).map_err(|_| AppError::Internal("journal payload: UTF-8".into()))
}

/// Writes journal rows prepared by a `JournalChain`.
pub fn insert_entries(tx: &mut dyn Tx, rows: Vec<JournalRow>) -> AppResult<()> {
    if !rows.is_empty() {
        journal_repo::insert_journal(tx, rows)?;
    }
    Ok(())
}

/// Appends events to one insurer's journal within a transaction. Holds the chain head in memory
/// and writes rows in bulk; `finish` must be called before the transaction commits.
pub struct JournalWriter {
    chain: JournalChain,
    pending: Vec<JournalRow>,
}

/// An appended entry: its seq is the id of whatever it created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Appended {
    pub seq: i64,
}

impl JournalWriter {
    /// Buffered rows are flushed at this size to bound memory in big imports.
    const FLUSH_AT: usize = 4096;

    pub fn open(tx: &mut dyn Tx, insurer_no: &str) -> AppResult<Self> {
        Ok(Self::from_chain(JournalChain::open(tx, insurer_no)?))
    }

    pub fn from_chain(chain: JournalChain) -> Self {
        Self {
            chain,
            pending: Vec::new(),
        }
    }

    /// Appends one event, recorded by `actor` at `recorded_at`.
    pub fn append(&mut self, tx: &mut dyn Tx, actor: &str, recorded_at: &str, event: &Event) -> AppResult<Appended> {
        let row = self.chain.entry(actor, recorded_at, event)?;
        let seq = row.seq;
        self.pending.push(row);
        if self.pending.len() >= Self::FLUSH_AT {
            self.flush(tx)?;
        }
        Ok(Appended { seq })
    }

    fn flush(&mut self, tx: &mut dyn Tx) -> AppResult<()> {
        insert_entries(tx, std::mem::take(&mut self.pending))
    }

    /// Writes the buffered rows and hands the chain over (to continue elsewhere).
    pub fn into_chain(mut self, tx: &mut dyn Tx) -> AppResult<JournalChain> {
        self.flush(tx)?;
        Ok(self.chain)
    }

    /// Writes the buffered rows and the new chain head.
    pub fn finish(self, tx: &mut dyn Tx) -> AppResult<()> {
        self.into_chain(tx)?.save(tx)
    }
}

/// Result of `verify`: how many entries were checked (a batch counts as the events it holds, so
/// an intact chain has as many as its last seq) and the first bad one, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainReport {
    pub entries: i64,
    pub first_bad: Option<BadEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct BadEntry {
    pub seq: i64,
    /// 日本語の説明.
    pub problem: String,
}

impl ChainReport {
    pub fn is_ok(&self) -> bool {
        self.first_bad.is_none()
    }
}

/// Compares the end of a verified chain with the stored head (detects truncation of the tail).
pub fn check_head(tx: &mut dyn Tx, insurer_no: &str, chain_name: &str, report: &mut ChainReport) -> AppResult<()> {
    if report.first_bad.is_some() {
        return Ok(());
    }
    let head = chain::load_head(tx, insurer_no, chain_name)?;
    let head_seq = head.map_or(0, |h| h.seq);
    if head_seq != report.entries {
        report.first_bad = Some(BadEntry {
            seq: report.entries + 1,
            problem: format!(
                "記録が{}件までしかありません（末尾{}件の削除の可能性）",
                report.entries,
                head_seq - report.entries
            ),
        });
    }
    Ok(())
}

/// Verifies one insurer's journal.
pub fn verify(tx: &mut dyn Tx, insurer_no: &str) -> AppResult<ChainReport> {
    let mut report = verify_chain(&mut |visit| {
        journal_repo::for_each_journal(tx, insurer_no, &mut |row| {
            with_journal_fields(&row, |fields| {
                visit(StoredEntry {
                    seq: row.seq,
                    span: row.span,
                    prev_hash: &row.prev_hash,
                    hash: &row.hash,
                    fields,
                })
            })
        })
    })?;
    check_head(tx, insurer_no, "journal", &mut report)?;
    Ok(report)
}

/// One stored entry as the verifier sees it: where it sits, its links and its hashed fields.
pub struct StoredEntry<'a> {
    pub seq: i64,
    /// Seqs covered (1 except for a journal batch).
    pub span: i64,
    pub prev_hash: &'a [u8],
    pub hash: &'a [u8],
    pub fields: &'a [&'a str],
}

/// Feeds one stored entry to the verifier.
pub type VisitEntry<'a> = dyn FnMut(StoredEntry<'_>) -> Result<(), kokuho_store::StoreError> + 'a;

/// Walks a chain (journal or audit) in order and reports the first entry that was edited,
/// deleted or reordered. `walk` feeds each stored entry.
pub fn verify_chain(
    walk: &mut dyn FnMut(&mut VisitEntry<'_>) -> Result<(), kokuho_store::StoreError>,
) -> AppResult<ChainReport> {
    let mut expected_seq = 1i64;
    let mut prev = ChainHash::GENESIS;
    let mut first_bad: Option<BadEntry> = None;
    let mut entries = 0i64;
    walk(&mut |e| {
        entries += e.span.max(1);
        if first_bad.is_some() {
            return Ok(());
        }
        let seq = e.seq;
        let problem = if seq != expected_seq {
            Some(format!(
                "連番が{expected_seq}ではなく{seq}です（削除または並べ替えの可能性）"
            ))
        } else if e.prev_hash != prev.as_bytes() {
            Some("直前の記録のハッシュと一致しません（前の記録の改ざん・削除の可能性）".to_string())
        } else if e.span < 1 || entry_hash(&prev, seq, e.fields).as_bytes() != e.hash {
            Some("記録の内容がハッシュと一致しません（改ざんの可能性）".to_string())
        } else {
            None
        };
        match problem {
            Some(problem) => first_bad = Some(BadEntry { seq, problem }),
            None => {
                expected_seq += e.span;
                if let Some(h) = chain_hash(e.hash) {
                    prev = h;
                }
            }
        }
        Ok(())
    })?;
    Ok(ChainReport { entries, first_bad })
}
