//! Projections of entities a bulk load creates, kept in memory (`FreshProjection`) and written
//! with one bulk insert per table (`FreshRows::flush`).
//!
//! Why: a city is millions of events. Per-row upserts with read-modify-write, and a database
//! read for every new person, cost more than the load itself. The load first checks what the
//! database already holds (households loaded earlier, linked My Numbers, the highest card
//! number); everything else it touches is new, so the reads `apply` makes are answered here.
//! The same `projection::apply` runs as for a replay, and the tests compare a bulk load with the
//! same city recorded event by event.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use kokuho_domain::eligibility::certificate::CertificateStatus;
use kokuho_domain::eligibility::my_number_confirmation::ConfirmationStatus;
use kokuho_store::Tx;
use kokuho_store::repo::assessment::decisions::AssessmentRow;
use kokuho_store::repo::assessment::incomes::{self, IncomeRow};
use kokuho_store::repo::assessment::rate_tables::RateTableRow;
use kokuho_store::repo::eligibility::my_numbers::{self, ConfirmationRow, MyNumberRow};
use kokuho_store::repo::eligibility::periods::{self as elig, CardRow, CertificateRow, FlagRow, PeriodRow};
use kokuho_store::repo::eligibility::residents::{self, MembershipRow, ResidentRow};
use kokuho_store::repo::work_items::{self, WorkItemRow};

use super::store::ProjectionStore;
use crate::error::{AppError, AppResult};

/// Rows created since the last flush, keyed for the reads `apply` makes.
#[derive(Debug, Default)]
pub struct FreshRows {
    residents: BTreeMap<String, ResidentRow>,
    /// 世帯番号 → residents in it (kept with `residents`, so lookups are not scans).
    by_household: HashMap<String, Vec<String>>,
    memberships: BTreeMap<String, Vec<MembershipRow>>,
    applied: Vec<(String, i64)>,
    periods: BTreeMap<i64, PeriodRow>,
    cards: BTreeMap<String, CardRow>,
    branches: BTreeMap<String, Vec<(String, String)>>,
    flags: BTreeMap<i64, FlagRow>,
    certificates: BTreeMap<i64, CertificateRow>,
    incomes: BTreeMap<(String, i64), IncomeRow>,
    my_numbers: BTreeMap<String, MyNumberRow>,
    confirmations: BTreeMap<i64, ConfirmationRow>,
    work_items: BTreeMap<i64, WorkItemRow>,
}

impl FreshRows {
    /// Writes every row with bulk inserts (all rows are new: an existing one fails the
    /// transaction with a conflict instead of being overwritten).
    pub fn flush(self, tx: &mut dyn Tx, insurer_no: &str) -> AppResult<()> {
        let residents: Vec<ResidentRow> = self.residents.into_values().collect();
        residents::insert_all(tx, &residents)?;
        let memberships: Vec<MembershipRow> = self.memberships.into_values().flatten().collect();
        residents::insert_memberships(tx, insurer_no, &memberships)?;
        residents::insert_changes_applied(tx, insurer_no, &self.applied)?;
        elig::insert_periods(tx, insurer_no, &self.periods.into_values().collect::<Vec<_>>())?;
        elig::insert_cards(tx, insurer_no, &self.cards.into_values().collect::<Vec<_>>())?;
        let branches: Vec<(String, String, String)> = self
            .branches
            .into_iter()
            .flat_map(|(card, list)| list.into_iter().map(move |(b, r)| (card.clone(), b, r)))
            .collect();
        elig::insert_branches(tx, insurer_no, &branches)?;
        elig::insert_flags(tx, insurer_no, &self.flags.into_values().collect::<Vec<_>>())?;
        elig::insert_certificates(tx, insurer_no, &self.certificates.into_values().collect::<Vec<_>>())?;
        incomes::insert_all(tx, insurer_no, &self.incomes.into_values().collect::<Vec<_>>())?;
        my_numbers::insert_all(tx, insurer_no, &self.my_numbers.into_values().collect::<Vec<_>>())?;
        my_numbers::insert_confirmations(tx, insurer_no, &self.confirmations.into_values().collect::<Vec<_>>())?;
        work_items::insert_all(tx, insurer_no, &self.work_items.into_values().collect::<Vec<_>>())?;
        Ok(())
    }
}

/// The current-state tables as a bulk load sees them: its own new rows, plus what it was told
/// the database holds (linked blind indexes, the highest card number).
#[derive(Debug, Default)]
pub struct FreshProjection {
    rows: FreshRows,
    /// Blind index → resident of every linked My Number, in the database or loaded since
    /// (a million people: fixed-size keys keep it small).
    linked: HashMap<[u8; 32], Box<str>>,
    highest_card: Option<String>,
}

/// A read or change of something the load did not create: the load's checks should have
/// prevented it, so it is a bug, not a reason to write a different state than a replay would.
fn not_fresh(what: &str) -> AppError {
    AppError::Internal(format!("bulk load: {what} is not part of this load"))
}

impl FreshProjection {
    pub fn new(highest_card: Option<String>) -> Self {
        Self {
            rows: FreshRows::default(),
            linked: HashMap::new(),
            highest_card,
        }
    }

    /// Notes a My Number linked in the database before the load (a stored index of another
    /// length can match no new number).
    pub fn note_linked(&mut self, blind_index: &[u8], resident_no: &str) {
        if let Ok(key) = index_key(blind_index) {
            self.linked.insert(key, resident_no.into());
        }
    }

    /// The rows created since the last call, to be flushed (what the load knows stays).
    pub fn take_rows(&mut self) -> FreshRows {
        std::mem::take(&mut self.rows)
    }
}

/// A blind index (HMAC-SHA-256) as a map key.
fn index_key(blind_index: &[u8]) -> AppResult<[u8; 32]> {
    blind_index
        .try_into()
        .map_err(|_| AppError::Internal("blind index is not 32 bytes".into()))
}

/// Same effect as `residents::move_membership` on an in-memory list.
fn move_in_list(list: &mut Vec<MembershipRow>, m: &MembershipRow) {
    list.retain(|x| x.from_date != m.from_date);
    for x in list.iter_mut() {
        if x.from_date < m.from_date && x.until_date.is_none_or(|u| u > m.from_date) {
            x.until_date = Some(m.from_date);
        }
    }
    list.push(m.clone());
}

impl ProjectionStore for FreshProjection {
    fn resident(&mut self, resident_no: &str) -> AppResult<Option<ResidentRow>> {
        Ok(self.rows.residents.get(resident_no).cloned())
    }
    fn put_resident(&mut self, row: &ResidentRow) -> AppResult<()> {
        let rows = &mut self.rows;
        let previous = rows.residents.insert(row.resident_no.clone(), row.clone());
        let moved_from = previous.map(|p| p.household_no).filter(|h| *h != row.household_no);
        if let Some(list) = moved_from.and_then(|old| rows.by_household.get_mut(&old)) {
            list.retain(|r| *r != row.resident_no);
        }
        let list = rows.by_household.entry(row.household_no.clone()).or_default();
        if !list.contains(&row.resident_no) {
            list.push(row.resident_no.clone());
        }
        Ok(())
    }
    fn household_residents(&mut self, household_no: &str) -> AppResult<Vec<ResidentRow>> {
        let rows = &self.rows;
        let members = rows.by_household.get(household_no).into_iter().flatten();
        Ok(members.filter_map(|r| rows.residents.get(r)).cloned().collect())
    }
    fn clear_head(&mut self, household_no: &str) -> AppResult<()> {
        let rows = &mut self.rows;
        for resident_no in rows.by_household.get(household_no).into_iter().flatten() {
            if let Some(r) = rows.residents.get_mut(resident_no) {
                r.is_head = false;
            }
        }
        Ok(())
    }
    fn move_membership(&mut self, m: &MembershipRow) -> AppResult<()> {
        move_in_list(self.rows.memberships.entry(m.resident_no.clone()).or_default(), m);
        Ok(())
    }
    fn end_membership(&mut self, resident_no: &str, until: Date) -> AppResult<()> {
        for x in self
            .rows
            .memberships
            .get_mut(resident_no)
            .into_iter()
            .flatten()
            .filter(|x| x.until_date.is_none())
        {
            x.until_date = Some(until);
        }
        Ok(())
    }
    fn mark_change_applied(&mut self, change_id: &str, seq: i64) -> AppResult<()> {
        self.rows.applied.push((change_id.to_string(), seq));
        Ok(())
    }
    fn period(&mut self, period_id: i64) -> AppResult<Option<PeriodRow>> {
        Ok(self.rows.periods.get(&period_id).cloned())
    }
    fn put_period(&mut self, p: &PeriodRow) -> AppResult<()> {
        self.rows.periods.insert(p.period_id, p.clone());
        Ok(())
    }
    fn card_of_household(&mut self, household_no: &str) -> AppResult<Option<CardRow>> {
        Ok(self.rows.cards.get(household_no).cloned())
    }
    fn max_card_number(&mut self) -> AppResult<Option<String>> {
        Ok(self.highest_card.clone())
    }
    fn insert_card(&mut self, c: &CardRow) -> AppResult<()> {
        if self.highest_card.as_ref().is_none_or(|h| c.card_number > *h) {
            self.highest_card = Some(c.card_number.clone());
        }
        self.rows.cards.insert(c.household_no.clone(), c.clone());
        Ok(())
    }
    fn branches_of_card(&mut self, card_number: &str) -> AppResult<Vec<String>> {
        Ok(self
            .rows
            .branches
            .get(card_number)
            .into_iter()
            .flatten()
            .map(|(b, _)| b.clone())
            .collect())
    }
    fn branch_of(&mut self, card_number: &str, resident_no: &str) -> AppResult<Option<String>> {
        let list = self.rows.branches.get(card_number).into_iter().flatten();
        Ok(list.filter(|(_, r)| r == resident_no).map(|(b, _)| b.clone()).next())
    }
    fn insert_branch(&mut self, card_number: &str, branch_no: &str, resident_no: &str) -> AppResult<()> {
        self.rows
            .branches
            .entry(card_number.to_string())
            .or_default()
            .push((branch_no.to_string(), resident_no.to_string()));
        Ok(())
    }
    fn insert_flag(&mut self, f: &FlagRow) -> AppResult<()> {
        self.rows.flags.insert(f.flag_id, f.clone());
        Ok(())
    }
    fn end_flag(&mut self, flag_id: i64, until: Date) -> AppResult<()> {
        let f = self.rows.flags.get_mut(&flag_id).ok_or_else(|| not_fresh("flag"))?;
        f.until_date = Some(until);
        Ok(())
    }
    fn insert_certificate(&mut self, c: &CertificateRow) -> AppResult<()> {
        self.rows.certificates.insert(c.certificate_id, c.clone());
        Ok(())
    }
    fn set_certificate_status(
        &mut self,
        certificate_id: i64,
        status: CertificateStatus,
        returned_on: Option<Date>,
    ) -> AppResult<()> {
        let c = self
            .rows
            .certificates
            .get_mut(&certificate_id)
            .ok_or_else(|| not_fresh("certificate"))?;
        c.status = status;
        if returned_on.is_some() {
            c.returned_on = returned_on;
        }
        Ok(())
    }
    fn put_income(&mut self, i: &IncomeRow) -> AppResult<()> {
        self.rows.incomes.insert((i.resident_no.clone(), i.year), i.clone());
        Ok(())
    }
    fn my_number(&mut self, resident_no: &str) -> AppResult<Option<MyNumberRow>> {
        Ok(self.rows.my_numbers.get(resident_no).cloned())
    }
    fn resident_by_index(&mut self, blind_index: &[u8]) -> AppResult<Option<String>> {
        Ok(self.linked.get(&index_key(blind_index)?).map(|r| r.to_string()))
    }
    fn put_my_number(&mut self, m: &MyNumberRow) -> AppResult<()> {
        if self.rows.my_numbers.insert(m.resident_no.clone(), m.clone()).is_some() {
            return Err(not_fresh("a second link of one resident"));
        }
        self.linked
            .insert(index_key(&m.blind_index)?, m.resident_no.as_str().into());
        Ok(())
    }
    fn insert_confirmation(&mut self, c: &ConfirmationRow) -> AppResult<()> {
        self.rows.confirmations.insert(c.confirmation_id, c.clone());
        Ok(())
    }
    fn resolve_confirmation(
        &mut self,
        _id: i64,
        _status: ConfirmationStatus,
        _by: &str,
        _at: &str,
        _note: &str,
    ) -> AppResult<()> {
        Err(not_fresh("resolving a confirmation"))
    }
    fn insert_work_item(&mut self, w: &WorkItemRow) -> AppResult<()> {
        self.rows.work_items.insert(w.work_item_id, w.clone());
        Ok(())
    }
    fn close_work_item(&mut self, _id: i64, _by: &str, _at: &str, _note: &str) -> AppResult<()> {
        Err(not_fresh("closing a work item"))
    }
    fn put_rate_table(&mut self, _r: &RateTableRow) -> AppResult<()> {
        Err(not_fresh("a rate table"))
    }
    fn insert_assessment(&mut self, _a: &AssessmentRow) -> AppResult<()> {
        Err(not_fresh("an assessment"))
    }
}
