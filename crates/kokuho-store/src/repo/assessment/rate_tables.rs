//! 料率表: one row per insurer and fiscal year. The typed table (the calculator contract's
//! `rates`) and the 納期 settings are kept as JSON text columns; they are read back typed here.

use crate::repo::OwnedRow as _;
use crate::repo::json_column;
use crate::{StoreError, Tx, Value, params};
use kokuho_domain::assessment::collection_plan::CollectionSettings;
use kokuho_domain::assessment::premium::input::RatesInput;

/// A stored rate table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateTableRow {
    pub fiscal_year: i64,
    pub label: String,
    /// spec/calculators.md §1 `rates`.
    pub rates: RatesInput,
    pub set_by: String,
    pub set_at: String,
    pub recorded_seq: i64,
    /// The year's 納期 settings (None = the default schedule).
    pub collection: Option<CollectionSettings>,
}

const COLUMNS: &str = "fiscal_year, label, rates, set_by, set_at, recorded_seq, collection";

fn from_row(mut r: crate::Row) -> Result<RateTableRow, StoreError> {
    Ok(RateTableRow {
        fiscal_year: r.int(0)?,
        label: r.string(1)?,
        rates: json_column::read("rate_tables.rates", &r.string(2)?)?,
        set_by: r.string(3)?,
        set_at: r.string(4)?,
        recorded_seq: r.int(5)?,
        collection: r
            .opt_string(6)?
            .map(|c| json_column::read("rate_tables.collection", &c))
            .transpose()?,
    })
}

/// Inserts or replaces the table of `row.fiscal_year`.
pub fn put(tx: &mut dyn Tx, insurer_no: &str, row: &RateTableRow) -> Result<(), StoreError> {
    let sql = format!(
        "INSERT INTO rate_tables (insurer_no, {COLUMNS}) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (insurer_no, \
         fiscal_year) DO UPDATE SET label = excluded.label, rates = excluded.rates, set_by = excluded.set_by, set_at \
         = excluded.set_at, recorded_seq = excluded.recorded_seq, collection = excluded.collection"
    );
    let values: Vec<Value> = vec![
        insurer_no.into(),
        row.fiscal_year.into(),
        row.label.as_str().into(),
        json_column::write_sorted("rate_tables.rates", &row.rates)?.into(),
        row.set_by.as_str().into(),
        row.set_at.as_str().into(),
        row.recorded_seq.into(),
        row.collection
            .as_ref()
            .map(|c| json_column::write("rate_tables.collection", c))
            .transpose()?
            .into(),
    ];
    tx.execute(&sql, &values)?;
    Ok(())
}

/// The table of `fiscal_year`, if set.
pub fn of_year(tx: &mut dyn Tx, insurer_no: &str, fiscal_year: i64) -> Result<Option<RateTableRow>, StoreError> {
    tx.query_opt(
        &format!("SELECT {COLUMNS} FROM rate_tables WHERE insurer_no = $1 AND fiscal_year = $2"),
        params![insurer_no, fiscal_year],
    )?
    .map(from_row)
    .transpose()
}

/// Every table of the insurer, newest year first.
pub fn all(tx: &mut dyn Tx, insurer_no: &str) -> Result<Vec<RateTableRow>, StoreError> {
    let mut rows: Vec<RateTableRow> = tx
        .query(
            &format!("SELECT {COLUMNS} FROM rate_tables WHERE insurer_no = $1"),
            params![insurer_no],
        )?
        .into_iter()
        .map(from_row)
        .collect::<Result<_, _>>()?;
    rows.sort_by_key(|r| std::cmp::Reverse(r.fiscal_year));
    Ok(rows)
}
