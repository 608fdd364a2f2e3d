//! 賦課決定: each household's assessed premium per fiscal year, every version kept. The breakdown,
//! the missing facts and the 徴収計画 are JSON text columns, read typed here when asked for (most
//! reads need only the total).

use std::collections::BTreeMap;

use crate::repo::OwnedRow as _;
use crate::repo::json_column;
use crate::{StoreError, Tx, Value, params};
use kokuho_domain::assessment::collection_plan::CollectionPlan;
use kokuho_domain::assessment::premium::Reduction;
use kokuho_domain::assessment::premium::output::ComponentResult;

/// One version of a household's assessment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentRow {
    pub fiscal_year: i64,
    pub household_no: String,
    pub version: i64,
    /// Digest of the calculator input: same digest, same facts.
    pub input_digest: String,
    pub total: i64,
    /// 軽減 (kept as its code: none, 70, 50, 20).
    pub reduction: Reduction,
    /// JSON of the per-component breakdown.
    pub components: String,
    /// JSON array of what was missing (resident numbers and reasons).
    pub incomplete: String,
    pub assessed_by: String,
    pub assessed_at: String,
    pub recorded_seq: i64,
    /// JSON of the 徴収計画 ('' for versions recorded before plans were kept).
    pub plan: String,
}

/// The JSON columns of a version, written from their typed values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breakdown {
    pub components: String,
    pub incomplete: String,
    pub plan: String,
}

impl Breakdown {
    /// The columns of `components`, `incomplete` and `plan` (absent: '').
    pub fn of(
        components: &BTreeMap<String, ComponentResult>,
        incomplete: &[String],
        plan: Option<&CollectionPlan>,
    ) -> Result<Breakdown, StoreError> {
        Ok(Breakdown {
            components: json_column::write("assessments.components", components)?,
            incomplete: json_column::write("assessments.incomplete", incomplete)?,
            plan: plan
                .map(|p| json_column::write("assessments.plan", p))
                .transpose()?
                .unwrap_or_default(),
        })
    }
}

impl AssessmentRow {
    /// 区分ごとの内訳.
    pub fn components(&self) -> Result<BTreeMap<String, ComponentResult>, StoreError> {
        json_column::read("assessments.components", &self.components)
    }

    /// 要確認: what was missing.
    pub fn incomplete(&self) -> Result<Vec<String>, StoreError> {
        json_column::read("assessments.incomplete", &self.incomplete)
    }

    /// 徴収計画 (None for versions recorded before plans were kept).
    pub fn plan(&self) -> Result<Option<CollectionPlan>, StoreError> {
        if self.plan.is_empty() {
            return Ok(None);
        }
        json_column::read("assessments.plan", &self.plan).map(Some)
    }
}

const COLUMNS: &str = "fiscal_year, household_no, version, input_digest, total, reduction, components, incomplete, \
                       assessed_by, assessed_at, recorded_seq, plan";

fn from_row(mut r: crate::Row) -> Result<AssessmentRow, StoreError> {
    Ok(AssessmentRow {
        fiscal_year: r.int(0)?,
        household_no: r.string(1)?,
        version: r.int(2)?,
        input_digest: r.string(3)?,
        total: r.int(4)?,
        reduction: Reduction::from_code(&r.string(5)?)
            .ok_or_else(|| StoreError::schema("assessments.reduction は軽減のコードではありません"))?,
        components: r.string(6)?,
        incomplete: r.string(7)?,
        assessed_by: r.string(8)?,
        assessed_at: r.string(9)?,
        recorded_seq: r.int(10)?,
        plan: r.string(11)?,
    })
}

/// Stores a new version.
pub fn insert(tx: &mut dyn Tx, insurer_no: &str, a: &AssessmentRow) -> Result<(), StoreError> {
    let values: Vec<Value> = vec![
        insurer_no.into(),
        a.fiscal_year.into(),
        a.household_no.as_str().into(),
        a.version.into(),
        a.input_digest.as_str().into(),
        a.total.into(),
        a.reduction.code().into(),
        a.components.as_str().into(),
        a.incomplete.as_str().into(),
        a.assessed_by.as_str().into(),
        a.assessed_at.as_str().into(),
        a.recorded_seq.into(),
        a.plan.as_str().into(),
    ];
    tx.execute(
        &format!("INSERT INTO assessments (insurer_no, {COLUMNS}) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)"),
        &values,
    )?;
    Ok(())
}

/// Every version of a household's assessment for a year, oldest first.
pub fn versions(
    tx: &mut dyn Tx,
    insurer_no: &str,
    fiscal_year: i64,
    household_no: &str,
) -> Result<Vec<AssessmentRow>, StoreError> {
    let mut rows: Vec<AssessmentRow> = tx
        .query(
            &format!(
                "SELECT {COLUMNS} FROM assessments WHERE insurer_no = $1 AND fiscal_year = $2 AND household_no = $3"
            ),
            params![insurer_no, fiscal_year, household_no],
        )?
        .into_iter()
        .map(from_row)
        .collect::<Result<_, _>>()?;
    rows.sort_by_key(|r| r.version);
    Ok(rows)
}

/// The fiscal years for which a household has an assessment, oldest first.
pub fn years_of(tx: &mut dyn Tx, insurer_no: &str, household_no: &str) -> Result<Vec<i64>, StoreError> {
    let mut years: Vec<i64> = tx
        .query(
            "SELECT DISTINCT fiscal_year FROM assessments WHERE insurer_no = $1 AND household_no = $2",
            params![insurer_no, household_no],
        )?
        .into_iter()
        .map(|r| r.int(0))
        .collect::<Result<_, _>>()?;
    years.sort_unstable();
    Ok(years)
}

/// The latest version of each household numbered `first..=last` assessed for the year.
pub fn latest_in_range(
    tx: &mut dyn Tx,
    insurer_no: &str,
    fiscal_year: i64,
    first: &str,
    last: &str,
) -> Result<std::collections::HashMap<String, AssessmentRow>, StoreError> {
    let mut latest: std::collections::HashMap<String, AssessmentRow> = std::collections::HashMap::new();
    tx.query_each(
        &format!(
            "SELECT {COLUMNS} FROM assessments WHERE insurer_no = $1 AND fiscal_year = $2 AND household_no BETWEEN $3 \
             AND $4"
        ),
        params![insurer_no, fiscal_year, first, last],
        &mut |r| {
            let row = from_row(r)?;
            if latest.get(&row.household_no).is_none_or(|v| v.version < row.version) {
                latest.insert(row.household_no.clone(), row);
            }
            Ok(())
        },
    )?;
    Ok(latest)
}
