//! Typed SQL for every table, written once for both backends (`$N` placeholders, portable SQL).
//!
//! Per-entity reads (a person's periods, a household's members …) sort in Rust, not with
//! `ORDER BY`: in the bundled SQLite a statement with bound parameters and an `ORDER BY` is
//! re-prepared on every execution (measured: `StatementStatus::RePrepare` equals the run count),
//! which cost a fifth of an import's time. Paged lists keep `ORDER BY … LIMIT`.
//!
//! Each module owns the SQL of one area; functions take a live `&mut dyn Tx` so the caller
//! (a use case in kokuho-app) decides the transaction boundary. Nothing here decides business
//! rules: rows in, rows out.

// Shared by every area: tenants, keys, the journal and audit chains, work items, bulk-load helpers.
pub mod bulk_indexes;
pub mod chain;
pub mod insurers;
pub mod journal;
pub(crate) mod json_column;
pub mod keys;
pub mod session;
pub mod work_items;

// One folder per business area.
pub mod assessment;
pub mod eligibility;
pub mod staff;

use std::str::FromStr;

use kokuho_domain::kernel::code::UnknownCode;

use crate::{StoreError, Tx, Value};

/// The projection tables, rebuilt from the journal by `kokuho journal rebuild`.
pub const PROJECTION_TABLES: &[&str] = &[
    "residents",
    "household_memberships",
    "resident_changes_applied",
    "eligibility_periods",
    "cards",
    "branch_numbers",
    "flags",
    "certificates",
    "incomes",
    "my_numbers",
    "my_number_confirmations",
    "work_items",
    "rate_tables",
    "assessments",
];

/// Deletes one insurer's rows from every projection table (before a rebuild).
pub fn clear_projections(tx: &mut dyn Tx, insurer_no: &str) -> Result<(), StoreError> {
    for table in PROJECTION_TABLES {
        tx.execute(
            &format!("DELETE FROM {table} WHERE insurer_no = $1"),
            &[Value::from(insurer_no)],
        )?;
    }
    Ok(())
}

/// Every row of every projection table, by table name, sorted.
pub type ProjectionDump = Vec<(String, Vec<Vec<Value>>)>;

/// A canonical dump of one insurer's projections (every row of every table, sorted), used to
/// prove that a rebuild equals the incremental state.
pub fn dump_projections(tx: &mut dyn Tx, insurer_no: &str) -> Result<ProjectionDump, StoreError> {
    let mut out = Vec::new();
    for table in PROJECTION_TABLES {
        let mut rows: Vec<Vec<Value>> = tx
            .query(
                &format!("SELECT * FROM {table} WHERE insurer_no = $1"),
                &[Value::from(insurer_no)],
            )?
            .into_iter()
            .map(crate::Row::into_values)
            .collect();
        rows.sort();
        out.push(((*table).to_string(), rows));
    }
    Ok(out)
}

/// Owned getters: repository rows are built field by field from a `Row` that is then dropped,
/// so text is moved out of the row rather than copied (reads of a whole city are millions of
/// rows).
trait OwnedRow {
    fn string(&mut self, i: usize) -> Result<String, StoreError>;
    fn opt_string(&mut self, i: usize) -> Result<Option<String>, StoreError>;
    fn bytes(&self, i: usize) -> Result<Vec<u8>, StoreError>;
    fn opt_bytes(&self, i: usize) -> Result<Option<Vec<u8>>, StoreError>;
    /// A status or kind stored by its code (`kokuho_domain::kernel::code`); text that is no code
    /// of `T` is a schema error (the message names the column and the type, not the text).
    fn code<T: FromStr<Err = UnknownCode>>(&self, i: usize) -> Result<T, StoreError>;
}

impl OwnedRow for crate::Row {
    fn string(&mut self, i: usize) -> Result<String, StoreError> {
        self.take_text(i)
    }
    fn opt_string(&mut self, i: usize) -> Result<Option<String>, StoreError> {
        self.take_opt_text(i)
    }
    fn bytes(&self, i: usize) -> Result<Vec<u8>, StoreError> {
        self.blob(i).map(<[u8]>::to_vec)
    }
    fn opt_bytes(&self, i: usize) -> Result<Option<Vec<u8>>, StoreError> {
        self.opt_blob(i).map(|o| o.map(<[u8]>::to_vec))
    }
    fn code<T: FromStr<Err = UnknownCode>>(&self, i: usize) -> Result<T, StoreError> {
        self.text(i)?
            .parse()
            .map_err(|e: UnknownCode| StoreError::schema(format!("列 {i} の値は{}のコードではありません", e.what)))
    }
}

/// A `WHERE` clause built from the criteria a search was given, each condition with its bound
/// parameter. Absent criteria add nothing: `(CAST($n AS TEXT) IS NULL OR col = $n)` would keep
/// the planner from using the index of the criteria that are present (SQLite then scans).
pub(crate) struct Filter {
    conditions: Vec<String>,
    params: Vec<Value>,
}

impl Filter {
    /// `insurer_no = $1`: every search is within one insurer.
    fn of_insurer(insurer_no: &str) -> Self {
        Self {
            conditions: vec![String::from("insurer_no = $1")],
            params: vec![Value::from(insurer_no)],
        }
    }

    /// Adds `condition(n)`, where `$n` is `value`'s placeholder, when `value` is present.
    fn and<T: Into<Value>>(&mut self, value: Option<T>, condition: impl Fn(usize) -> String) -> &mut Self {
        if let Some(v) = value {
            self.params.push(v.into());
            self.conditions.push(condition(self.params.len()));
        }
        self
    }

    /// The clause, and the parameters followed by `tail` (e.g. LIMIT and OFFSET, whose
    /// placeholders are `next_placeholder()` onwards).
    fn finish(self, tail: impl IntoIterator<Item = Value>) -> (String, Vec<Value>) {
        let mut params = self.params;
        params.extend(tail);
        (self.conditions.join(" AND "), params)
    }

    /// The number of the next placeholder.
    fn next_placeholder(&self) -> usize {
        self.params.len() + 1
    }
}
