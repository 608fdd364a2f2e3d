//! `ProjectionStore` straight onto the database (every interactive operation, and rebuilds).

use jiff::civil::Date;
use kokuho_domain::eligibility::certificate::CertificateStatus;
use kokuho_domain::eligibility::my_number_confirmation::ConfirmationStatus;
use kokuho_store::Tx;
use kokuho_store::repo::assessment::decisions::{self, AssessmentRow};
use kokuho_store::repo::assessment::incomes::{self, IncomeRow};
use kokuho_store::repo::assessment::rate_tables::{self, RateTableRow};
use kokuho_store::repo::eligibility::my_numbers::{self, ConfirmationRow, MyNumberRow};
use kokuho_store::repo::eligibility::periods::{self as elig, CardRow, CertificateRow, FlagRow, PeriodRow};
use kokuho_store::repo::eligibility::residents::{self, MembershipRow, ResidentRow};
use kokuho_store::repo::work_items::{self, WorkItemRow};

use super::store::ProjectionStore;
use crate::error::AppResult;

pub struct SqlProjection<'a, 't> {
    pub tx: &'a mut (dyn Tx + 't),
    pub insurer_no: &'a str,
}

impl ProjectionStore for SqlProjection<'_, '_> {
    fn resident(&mut self, resident_no: &str) -> AppResult<Option<ResidentRow>> {
        Ok(residents::get(self.tx, self.insurer_no, resident_no)?)
    }
    fn put_resident(&mut self, row: &ResidentRow) -> AppResult<()> {
        Ok(residents::upsert(self.tx, row)?)
    }
    fn household_residents(&mut self, household_no: &str) -> AppResult<Vec<ResidentRow>> {
        Ok(residents::in_household(self.tx, self.insurer_no, household_no)?)
    }
    fn clear_head(&mut self, household_no: &str) -> AppResult<()> {
        residents::clear_head(self.tx, self.insurer_no, household_no)?;
        Ok(())
    }
    fn move_membership(&mut self, m: &MembershipRow) -> AppResult<()> {
        Ok(residents::move_membership(self.tx, self.insurer_no, m)?)
    }
    fn end_membership(&mut self, resident_no: &str, until: Date) -> AppResult<()> {
        residents::end_membership(self.tx, self.insurer_no, resident_no, until)?;
        Ok(())
    }
    fn mark_change_applied(&mut self, change_id: &str, seq: i64) -> AppResult<()> {
        Ok(residents::mark_change_applied(
            self.tx,
            self.insurer_no,
            change_id,
            seq,
        )?)
    }
    fn period(&mut self, period_id: i64) -> AppResult<Option<PeriodRow>> {
        Ok(elig::get_period(self.tx, self.insurer_no, period_id)?)
    }
    fn put_period(&mut self, p: &PeriodRow) -> AppResult<()> {
        Ok(elig::upsert_period(self.tx, self.insurer_no, p)?)
    }
    fn card_of_household(&mut self, household_no: &str) -> AppResult<Option<CardRow>> {
        Ok(elig::card_of_household(self.tx, self.insurer_no, household_no)?)
    }
    fn max_card_number(&mut self) -> AppResult<Option<String>> {
        Ok(elig::max_card_number(self.tx, self.insurer_no)?)
    }
    fn insert_card(&mut self, c: &CardRow) -> AppResult<()> {
        Ok(elig::insert_card(self.tx, self.insurer_no, c)?)
    }
    fn branches_of_card(&mut self, card_number: &str) -> AppResult<Vec<String>> {
        Ok(elig::branches_of_card(self.tx, self.insurer_no, card_number)?)
    }
    fn branch_of(&mut self, card_number: &str, resident_no: &str) -> AppResult<Option<String>> {
        Ok(elig::branch_of(self.tx, self.insurer_no, card_number, resident_no)?)
    }
    fn insert_branch(&mut self, card_number: &str, branch_no: &str, resident_no: &str) -> AppResult<()> {
        Ok(elig::insert_branch(
            self.tx,
            self.insurer_no,
            card_number,
            branch_no,
            resident_no,
        )?)
    }
    fn insert_flag(&mut self, f: &FlagRow) -> AppResult<()> {
        Ok(elig::insert_flag(self.tx, self.insurer_no, f)?)
    }
    fn end_flag(&mut self, flag_id: i64, until: Date) -> AppResult<()> {
        elig::end_flag(self.tx, self.insurer_no, flag_id, until)?;
        Ok(())
    }
    fn insert_certificate(&mut self, c: &CertificateRow) -> AppResult<()> {
        Ok(elig::insert_certificate(self.tx, self.insurer_no, c)?)
    }
    fn set_certificate_status(
        &mut self,
        certificate_id: i64,
        status: CertificateStatus,
        returned_on: Option<Date>,
    ) -> AppResult<()> {
        elig::set_certificate_status(self.tx, self.insurer_no, certificate_id, status, returned_on)?;
        Ok(())
    }
    fn put_income(&mut self, i: &IncomeRow) -> AppResult<()> {
        Ok(incomes::upsert(self.tx, self.insurer_no, i)?)
    }
    fn my_number(&mut self, resident_no: &str) -> AppResult<Option<MyNumberRow>> {
        Ok(my_numbers::of_resident(self.tx, self.insurer_no, resident_no)?)
    }
    fn resident_by_index(&mut self, blind_index: &[u8]) -> AppResult<Option<String>> {
        Ok(my_numbers::resident_by_index(self.tx, self.insurer_no, blind_index)?)
    }
    fn put_my_number(&mut self, m: &MyNumberRow) -> AppResult<()> {
        Ok(my_numbers::upsert(self.tx, self.insurer_no, m)?)
    }
    fn insert_confirmation(&mut self, c: &ConfirmationRow) -> AppResult<()> {
        Ok(my_numbers::insert_confirmation(self.tx, self.insurer_no, c)?)
    }
    fn resolve_confirmation(
        &mut self,
        id: i64,
        status: ConfirmationStatus,
        by: &str,
        at: &str,
        note: &str,
    ) -> AppResult<()> {
        my_numbers::resolve_confirmation(self.tx, self.insurer_no, id, status, by, at, note)?;
        Ok(())
    }
    fn insert_work_item(&mut self, w: &WorkItemRow) -> AppResult<()> {
        Ok(work_items::insert(self.tx, self.insurer_no, w)?)
    }
    fn close_work_item(&mut self, id: i64, by: &str, at: &str, note: &str) -> AppResult<()> {
        work_items::close(self.tx, self.insurer_no, id, by, at, note)?;
        Ok(())
    }
    fn put_rate_table(&mut self, r: &RateTableRow) -> AppResult<()> {
        Ok(rate_tables::put(self.tx, self.insurer_no, r)?)
    }
    fn insert_assessment(&mut self, a: &AssessmentRow) -> AppResult<()> {
        Ok(decisions::insert(self.tx, self.insurer_no, a)?)
    }
}
