//! Secondary indexes built after a bulk load into empty tables instead of maintained row by row.
//!
//! Why: several indexes have random keys (kana key, birth date, blind index). Maintaining them
//! while a city is inserted touches pages all over each index; once the database outgrows the
//! page cache, every insert reads and rewrites such pages. Building an index afterwards is one
//! sort and one sequential write. Only tables with no rows at all (in any insurer) are treated
//! so, and everything happens inside the caller's transaction: a failed load rolls the indexes
//! back with the rows, and a unique index that no longer holds fails the load when it is built.

use super::OwnedRow as _;
use crate::{Dialect, StoreError, Tx, Value};

/// Secondary indexes dropped for a load; [`SuspendedIndexes::rebuild`] creates them again.
#[derive(Debug, Default)]
#[must_use = "the indexes must be rebuilt before the transaction commits"]
pub struct SuspendedIndexes {
    /// (name, `CREATE INDEX` statement) as the database reported them.
    definitions: Vec<(String, String)>,
}

/// Drops the secondary indexes (not primary keys or constraints) of those of `tables` that are
/// empty. PostgreSQL keeps its indexes: dropping one locks the table against readers until the
/// load commits.
pub fn suspend(tx: &mut dyn Tx, tables: &[&str]) -> Result<SuspendedIndexes, StoreError> {
    let mut definitions = Vec::new();
    if tx.dialect() == Dialect::Postgres {
        return Ok(SuspendedIndexes { definitions });
    }
    for table in tables {
        crate::sql::check_identifier(table)?;
        if tx.query_opt(&format!("SELECT 1 FROM {table} LIMIT 1"), &[])?.is_some() {
            continue;
        }
        let sql = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = $1 AND sql IS NOT NULL \
                   ORDER BY name";
        for mut row in tx.query(sql, &[Value::from(*table)])? {
            definitions.push((row.string(0)?, row.string(1)?));
        }
    }
    for (name, _) in &definitions {
        crate::sql::check_identifier(name)?;
        tx.execute_batch(&format!("DROP INDEX {name}"))?;
    }
    Ok(SuspendedIndexes { definitions })
}

impl SuspendedIndexes {
    /// Creates the dropped indexes again from their stored definitions.
    pub fn rebuild(self, tx: &mut dyn Tx) -> Result<(), StoreError> {
        for (_, create) in self.definitions {
            tx.execute_batch(&create)?;
        }
        Ok(())
    }
}
