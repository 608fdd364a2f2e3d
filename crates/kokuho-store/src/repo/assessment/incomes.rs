//! 所得 per person and calendar year.

use crate::repo::OwnedRow as _;
use crate::repo::eligibility::residents::ChunkResidents;
use crate::{StoreError, Tx, Value};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomeRow {
    pub resident_no: String,
    pub year: i64,
    pub salary_revenue: i64,
    pub pension_revenue: i64,
    pub other_income: i64,
    pub separate_income: i64,
    pub separate_special_deduction: i64,
    pub family_employee_pay: i64,
    pub taxable_income: i64,
    pub tax_exempt: bool,
    pub undeclared: bool,
    pub recorded_seq: i64,
}

const COLUMNS: &str = "resident_no, year, salary_revenue, pension_revenue, other_income, separate_income, \
     separate_special_deduction, family_employee_pay, taxable_income, tax_exempt, undeclared, recorded_seq";

fn from_row(mut r: crate::Row) -> Result<IncomeRow, StoreError> {
    Ok(IncomeRow {
        resident_no: r.string(0)?,
        year: r.int(1)?,
        salary_revenue: r.int(2)?,
        pension_revenue: r.int(3)?,
        other_income: r.int(4)?,
        separate_income: r.int(5)?,
        separate_special_deduction: r.int(6)?,
        family_employee_pay: r.int(7)?,
        taxable_income: r.int(8)?,
        tax_exempt: r.bool(9)?,
        undeclared: r.bool(10)?,
        recorded_seq: r.int(11)?,
    })
}

/// Records (or replaces, for a corrected 所得) one person's income of one year.
pub fn upsert(tx: &mut dyn Tx, insurer_no: &str, i: &IncomeRow) -> Result<(), StoreError> {
    let sql = format!(
        "INSERT INTO incomes (insurer_no, {COLUMNS}) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13) \
         ON CONFLICT (insurer_no, resident_no, year) DO UPDATE SET salary_revenue = excluded.salary_revenue, \
         pension_revenue = excluded.pension_revenue, other_income = excluded.other_income, \
         separate_income = excluded.separate_income, separate_special_deduction = excluded.separate_special_deduction, \
         family_employee_pay = excluded.family_employee_pay, taxable_income = excluded.taxable_income, \
         tax_exempt = excluded.tax_exempt, undeclared = excluded.undeclared, recorded_seq = excluded.recorded_seq"
    );
    tx.execute(&sql, &values(insurer_no, i))?;
    Ok(())
}

fn values(insurer_no: &str, i: &IncomeRow) -> Vec<Value> {
    vec![
        insurer_no.into(),
        i.resident_no.as_str().into(),
        i.year.into(),
        i.salary_revenue.into(),
        i.pension_revenue.into(),
        i.other_income.into(),
        i.separate_income.into(),
        i.separate_special_deduction.into(),
        i.family_employee_pay.into(),
        i.taxable_income.into(),
        i.tax_exempt.into(),
        i.undeclared.into(),
        i.recorded_seq.into(),
    ]
}

/// Bulk insert of new income records.
pub fn insert_all(tx: &mut dyn Tx, insurer_no: &str, rows: &[IncomeRow]) -> Result<u64, StoreError> {
    let cols: Vec<&str> = std::iter::once("insurer_no").chain(COLUMNS.split(", ")).collect();
    tx.insert_many("incomes", &cols, &mut rows.iter().map(|i| values(insurer_no, i)))
}

pub fn get(tx: &mut dyn Tx, insurer_no: &str, resident_no: &str, year: i64) -> Result<Option<IncomeRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM incomes WHERE insurer_no = $1 AND resident_no = $2 AND year = $3");
    tx.query_opt(&sql, &[insurer_no.into(), resident_no.into(), Value::from(year)])?
        .map(from_row)
        .transpose()
}

/// The incomes of `year` of the residents `who` (a chunk's members; see [`ChunkResidents`]).
pub fn of_residents(
    tx: &mut dyn Tx,
    insurer_no: &str,
    who: &ChunkResidents,
    year: i64,
) -> Result<Vec<IncomeRow>, StoreError> {
    let mut params = who.params(insurer_no);
    params.push(Value::from(year));
    let mut out = Vec::new();
    tx.query_each(&who.select(COLUMNS, "incomes", "year = $4"), &params, &mut |r| {
        out.push(from_row(r)?);
        Ok(())
    })?;
    Ok(out)
}

pub fn of_resident(tx: &mut dyn Tx, insurer_no: &str, resident_no: &str) -> Result<Vec<IncomeRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM incomes WHERE insurer_no = $1 AND resident_no = $2");
    let mut rows: Vec<IncomeRow> = tx
        .query(&sql, &[insurer_no.into(), resident_no.into()])?
        .into_iter()
        .map(from_row)
        .collect::<Result<_, _>>()?;
    rows.sort_by_key(|r| std::cmp::Reverse(r.year));
    Ok(rows)
}
