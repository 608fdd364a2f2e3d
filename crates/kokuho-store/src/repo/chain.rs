//! Heads of the hash chains (journal, audit). Reading the head locks it on PostgreSQL so two
//! transactions can never append after the same entry.

use super::OwnedRow as _;
use crate::{Dialect, StoreError, Tx, Value};

/// The last entry of a chain: its sequence number and hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainHead {
    pub seq: i64,
    pub hash: Vec<u8>,
}

pub fn load_head(tx: &mut dyn Tx, insurer_no: &str, chain: &str) -> Result<Option<ChainHead>, StoreError> {
    let lock = if tx.dialect() == Dialect::Postgres {
        " FOR UPDATE"
    } else {
        ""
    };
    let sql = format!("SELECT seq, hash FROM chain_heads WHERE insurer_no = $1 AND chain = $2{lock}");
    let row = tx.query_opt(&sql, &[insurer_no.into(), chain.into()])?;
    row.map(|r| {
        Ok(ChainHead {
            seq: r.int(0)?,
            hash: r.bytes(1)?,
        })
    })
    .transpose()
}

pub fn save_head(tx: &mut dyn Tx, insurer_no: &str, chain: &str, head: &ChainHead) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO chain_heads (insurer_no, chain, seq, hash) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (insurer_no, chain) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
        &[
            insurer_no.into(),
            chain.into(),
            head.seq.into(),
            Value::Blob(head.hash.clone()),
        ],
    )?;
    Ok(())
}
