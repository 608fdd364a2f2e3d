//! Wrapped data keys (envelope encryption). Only ciphertext of keys lives here.

use super::OwnedRow as _;
use crate::{StoreError, Tx, Value};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataKeyRow {
    pub key_id: i64,
    pub purpose: String,
    pub wrapped: Vec<u8>,
}

pub fn insert(tx: &mut dyn Tx, insurer_no: &str, row: &DataKeyRow, at: &str) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO data_keys (insurer_no, key_id, purpose, wrapped, created_at) VALUES ($1, $2, $3, $4, $5)",
        &[
            insurer_no.into(),
            row.key_id.into(),
            row.purpose.as_str().into(),
            Value::Blob(row.wrapped.clone()),
            at.into(),
        ],
    )?;
    Ok(())
}

pub fn list(tx: &mut dyn Tx, insurer_no: &str) -> Result<Vec<DataKeyRow>, StoreError> {
    tx.query(
        "SELECT key_id, purpose, wrapped FROM data_keys WHERE insurer_no = $1 ORDER BY key_id",
        &[insurer_no.into()],
    )?
    .into_iter()
    .map(|mut r| {
        Ok(DataKeyRow {
            key_id: r.int(0)?,
            purpose: r.string(1)?,
            wrapped: r.bytes(2)?,
        })
    })
    .collect()
}
