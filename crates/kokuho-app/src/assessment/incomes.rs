//! 所得: importing income records from the tax system (all or nothing, idempotent).

use crate::audit::{AuditAction, AuditEvent};
use kokuho_domain::assessment::income::IncomeRecord;
use kokuho_store::repo::{assessment::incomes, eligibility::residents};
use serde::Serialize;

use crate::assessment::events::AssessmentEvent;
use crate::error::{AppError, AppResult, LineProblem};
use crate::{Actor, App, Audited, Ctx, Permission};
use kokuho_interchange::{Encoding, parse_incomes_located};

use crate::eligibility::residents::bad_file;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct IncomeImportSummary {
    /// Records stored now (new or corrected).
    pub recorded: usize,
    /// Records identical to what was already stored, skipped.
    pub unchanged: usize,
}

impl App {
    /// 所得の取込 from a file's bytes: permission first, then the layout, then all or nothing.
    pub fn import_incomes_file(
        &self,
        actor: &Actor,
        file_name: &str,
        bytes: &[u8],
        encoding: Encoding,
    ) -> AppResult<IncomeImportSummary> {
        self.run(
            actor,
            Permission::IncomeAccess,
            AuditAction::IncomesImport,
            file_name,
            |cx| {
                let records = parse_incomes_located(bytes, encoding).map_err(|e| bad_file(&e))?;
                let records: Vec<(usize, IncomeRecord)> = records.into_iter().map(|r| (r.line, r.value)).collect();
                import(cx, file_name, &records)
            },
        )
    }

    /// 所得の取込 of records already read (each with its physical line).
    pub fn import_incomes(
        &self,
        actor: &Actor,
        file_name: &str,
        records: &[(usize, IncomeRecord)],
    ) -> AppResult<IncomeImportSummary> {
        self.run(
            actor,
            Permission::IncomeAccess,
            AuditAction::IncomesImport,
            file_name,
            |cx| import(cx, file_name, records),
        )
    }
}

fn import(
    cx: &mut Ctx<'_>,
    file_name: &str,
    records: &[(usize, IncomeRecord)],
) -> AppResult<Audited<IncomeImportSummary>> {
    // A file can be large and the tables it fills small: plan each query on current data.
    kokuho_store::repo::session::prefer_fresh_plans(cx.tx)?;
    let ins = cx.insurer().to_string();
    let mut summary = IncomeImportSummary::default();
    let mut problems = Vec::new();
    for (line, rec) in records {
        let resident_no = rec.resident_no.to_string();
        if residents::get(cx.tx, &ins, &resident_no)?.is_none() {
            problems.push(LineProblem {
                line: *line,
                field: Some("宛名番号".into()),
                message: format!("宛名番号{resident_no}の住民が登録されていません"),
            });
            continue;
        }
        if !problems.is_empty() {
            continue;
        }
        if let Some(existing) = incomes::get(cx.tx, &ins, &resident_no, i64::from(rec.year))?
            && same_amounts(&existing, rec)
        {
            summary.unchanged += 1;
            continue;
        }
        cx.record(AssessmentEvent::IncomeRecorded { income: rec.clone() })?;
        summary.recorded += 1;
    }
    if !problems.is_empty() {
        return Err(AppError::BadFile(problems));
    }
    let event = AuditEvent::IncomesImport {
        recorded: summary.recorded,
        unchanged: summary.unchanged,
    };
    Ok(Audited::new(summary, file_name, event))
}

fn same_amounts(row: &incomes::IncomeRow, r: &IncomeRecord) -> bool {
    row.salary_revenue == r.salary_revenue.value()
        && row.pension_revenue == r.pension_revenue.value()
        && row.other_income == r.other_income.value()
        && row.separate_income == r.separate_income.value()
        && row.separate_special_deduction == r.separate_special_deduction.value()
        && row.family_employee_pay == r.family_employee_pay.value()
        && row.taxable_income == r.taxable_income.value()
        && row.tax_exempt == r.tax_exempt
        && row.undeclared == r.undeclared
}
