//! 保険者: the tenants of an installation.

use super::OwnedRow as _;
use crate::{StoreError, Tx};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InsurerRow {
    pub insurer_no: String,
    pub name: String,
    pub created_at: String,
}

pub fn insert(tx: &mut dyn Tx, row: &InsurerRow) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO insurers (insurer_no, name, created_at) VALUES ($1, $2, $3)",
        &[
            row.insurer_no.as_str().into(),
            row.name.as_str().into(),
            row.created_at.as_str().into(),
        ],
    )?;
    Ok(())
}

pub fn get(tx: &mut dyn Tx, insurer_no: &str) -> Result<Option<InsurerRow>, StoreError> {
    tx.query_opt(
        "SELECT insurer_no, name, created_at FROM insurers WHERE insurer_no = $1",
        &[insurer_no.into()],
    )?
    .map(|mut r| {
        Ok(InsurerRow {
            insurer_no: r.string(0)?,
            name: r.string(1)?,
            created_at: r.string(2)?,
        })
    })
    .transpose()
}

pub fn list(tx: &mut dyn Tx) -> Result<Vec<InsurerRow>, StoreError> {
    tx.query(
        "SELECT insurer_no, name, created_at FROM insurers ORDER BY insurer_no",
        &[],
    )?
    .into_iter()
    .map(|mut r| {
        Ok(InsurerRow {
            insurer_no: r.string(0)?,
            name: r.string(1)?,
            created_at: r.string(2)?,
        })
    })
    .collect()
}
