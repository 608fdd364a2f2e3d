//! 取込: what a 住民異動 or 所得 file import did, as the API sends it.

use kokuho_app::assessment::incomes;
use kokuho_app::eligibility::residents;
use serde::Serialize;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ImportSummary {
    /// Changes applied now.
    pub applied: usize,
    /// Changes already applied earlier (same 異動番号), skipped.
    pub already_applied: usize,
    /// Eligibility changes made automatically (death, move-out, birth).
    pub automatic_eligibility: usize,
    /// Work items raised.
    pub work_items: usize,
}

impl From<residents::ImportSummary> for ImportSummary {
    fn from(v: residents::ImportSummary) -> Self {
        let residents::ImportSummary {
            applied,
            already_applied,
            automatic_eligibility,
            work_items,
        } = v;
        ImportSummary {
            applied,
            already_applied,
            automatic_eligibility,
            work_items,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct IncomeImportSummary {
    /// Records stored now (new or corrected).
    pub recorded: usize,
    /// Records identical to what was already stored, skipped.
    pub unchanged: usize,
}

impl From<incomes::IncomeImportSummary> for IncomeImportSummary {
    fn from(v: incomes::IncomeImportSummary) -> Self {
        let incomes::IncomeImportSummary { recorded, unchanged } = v;
        IncomeImportSummary { recorded, unchanged }
    }
}
