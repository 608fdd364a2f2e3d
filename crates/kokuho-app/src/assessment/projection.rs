//! Projections of the assessment events: incomes, rate tables and 賦課決定, written mechanically
//! from what the event recorded.

use kokuho_store::repo::assessment::decisions::{AssessmentRow, Breakdown};
use kokuho_store::repo::assessment::incomes::IncomeRow;
use kokuho_store::repo::assessment::rate_tables::RateTableRow;

use super::events::AssessmentEvent;
use crate::error::AppResult;
use crate::projection::{EntryContext, ProjectionStore};

/// Writes one assessment event.
pub fn apply(p: &mut dyn ProjectionStore, cx: EntryContext<'_>, event: &AssessmentEvent) -> AppResult<()> {
    match event {
        AssessmentEvent::IncomeRecorded { income: i } => p.put_income(&IncomeRow {
            resident_no: i.resident_no.to_string(),
            year: i64::from(i.year),
            salary_revenue: i.salary_revenue.value(),
            pension_revenue: i.pension_revenue.value(),
            other_income: i.other_income.value(),
            separate_income: i.separate_income.value(),
            separate_special_deduction: i.separate_special_deduction.value(),
            family_employee_pay: i.family_employee_pay.value(),
            taxable_income: i.taxable_income.value(),
            tax_exempt: i.tax_exempt,
            undeclared: i.undeclared,
            recorded_seq: cx.seq,
        }),
        AssessmentEvent::RateTableSet {
            fiscal_year,
            label,
            rates,
            collection,
        } => p.put_rate_table(&RateTableRow {
            fiscal_year: i64::from(*fiscal_year),
            label: label.clone(),
            rates: (**rates).clone(),
            set_by: cx.actor.to_string(),
            set_at: cx.recorded_at.to_string(),
            recorded_seq: cx.seq,
            collection: collection.clone(),
        }),
        AssessmentEvent::PremiumAssessed {
            fiscal_year,
            household_no,
            version,
            input_digest,
            total,
            reduction,
            components,
            incomplete,
            plan,
        } => {
            let texts = Breakdown::of(components, incomplete, plan.as_ref())?;
            p.insert_assessment(&AssessmentRow {
                fiscal_year: i64::from(*fiscal_year),
                household_no: household_no.clone(),
                version: *version,
                input_digest: input_digest.clone(),
                total: total.value(),
                reduction: *reduction,
                components: texts.components,
                incomplete: texts.incomplete,
                assessed_by: cx.actor.to_string(),
                assessed_at: cx.recorded_at.to_string(),
                recorded_seq: cx.seq,
                plan: texts.plan,
            })
        }
    }
}
