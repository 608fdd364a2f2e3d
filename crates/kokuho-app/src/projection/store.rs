//! Where projections are written: the database directly (`SqlProjection`), or, for bulk loads
//! of new households, memory flushed with bulk inserts (`FreshProjection`).
//! `projection::apply` is written once against this trait, so both paths share every rule.

use jiff::civil::Date;
use kokuho_domain::eligibility::certificate::CertificateStatus;
use kokuho_domain::eligibility::my_number_confirmation::ConfirmationStatus;
use kokuho_store::repo::assessment::decisions::AssessmentRow;
use kokuho_store::repo::assessment::incomes::IncomeRow;
use kokuho_store::repo::assessment::rate_tables::RateTableRow;
use kokuho_store::repo::eligibility::my_numbers::{ConfirmationRow, MyNumberRow};
use kokuho_store::repo::eligibility::periods::{CardRow, CertificateRow, FlagRow, PeriodRow};
use kokuho_store::repo::eligibility::residents::{MembershipRow, ResidentRow};
use kokuho_store::repo::work_items::WorkItemRow;

use crate::error::AppResult;

/// The reads and writes `apply` (and the use cases that decide cards and My Number links)
/// need from the current-state tables of one insurer.
pub trait ProjectionStore {
    fn resident(&mut self, resident_no: &str) -> AppResult<Option<ResidentRow>>;
    fn put_resident(&mut self, row: &ResidentRow) -> AppResult<()>;
    fn household_residents(&mut self, household_no: &str) -> AppResult<Vec<ResidentRow>>;
    fn clear_head(&mut self, household_no: &str) -> AppResult<()>;
    fn move_membership(&mut self, m: &MembershipRow) -> AppResult<()>;
    fn end_membership(&mut self, resident_no: &str, until: Date) -> AppResult<()>;
    fn mark_change_applied(&mut self, change_id: &str, seq: i64) -> AppResult<()>;

    fn period(&mut self, period_id: i64) -> AppResult<Option<PeriodRow>>;
    fn put_period(&mut self, p: &PeriodRow) -> AppResult<()>;

    fn card_of_household(&mut self, household_no: &str) -> AppResult<Option<CardRow>>;
    fn max_card_number(&mut self) -> AppResult<Option<String>>;
    fn insert_card(&mut self, c: &CardRow) -> AppResult<()>;
    fn branches_of_card(&mut self, card_number: &str) -> AppResult<Vec<String>>;
    fn branch_of(&mut self, card_number: &str, resident_no: &str) -> AppResult<Option<String>>;
    fn insert_branch(&mut self, card_number: &str, branch_no: &str, resident_no: &str) -> AppResult<()>;

    fn insert_flag(&mut self, f: &FlagRow) -> AppResult<()>;
    fn end_flag(&mut self, flag_id: i64, until: Date) -> AppResult<()>;
    fn insert_certificate(&mut self, c: &CertificateRow) -> AppResult<()>;
    fn set_certificate_status(
        &mut self,
        certificate_id: i64,
        status: CertificateStatus,
        returned_on: Option<Date>,
    ) -> AppResult<()>;
    fn put_income(&mut self, i: &IncomeRow) -> AppResult<()>;

    fn my_number(&mut self, resident_no: &str) -> AppResult<Option<MyNumberRow>>;
    fn resident_by_index(&mut self, blind_index: &[u8]) -> AppResult<Option<String>>;
    fn put_my_number(&mut self, m: &MyNumberRow) -> AppResult<()>;
    fn insert_confirmation(&mut self, c: &ConfirmationRow) -> AppResult<()>;
    fn resolve_confirmation(
        &mut self,
        id: i64,
        status: ConfirmationStatus,
        by: &str,
        at: &str,
        note: &str,
    ) -> AppResult<()>;

    fn insert_work_item(&mut self, w: &WorkItemRow) -> AppResult<()>;
    fn close_work_item(&mut self, id: i64, by: &str, at: &str, note: &str) -> AppResult<()>;

    fn put_rate_table(&mut self, r: &RateTableRow) -> AppResult<()>;
    fn insert_assessment(&mut self, a: &AssessmentRow) -> AppResult<()>;
}
