//! A write-behind buffer for bulk loads: rows of entities created in this batch stay in memory
//! and are written with one bulk insert per table at the end of the transaction; everything else
//! (reads of older entities, updates to them) goes straight to the database.
//!
//! Why: loading a city is millions of events, and per-row upserts with read-modify-write cost
//! ~50 statements per household. The same `projection::apply` runs either way, and the rebuild
//! tests compare a buffered load with a replay through `SqlProjection`.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use kokuho_store::Tx;
use kokuho_store::repo::eligibility::{self as elig, CardRow, CertificateRow, FlagRow, PeriodRow};
use kokuho_store::repo::incomes::{self, IncomeRow};
use kokuho_store::repo::my_numbers::{self, ConfirmationRow, MyNumberRow};
use kokuho_store::repo::assessments::AssessmentRow;
use kokuho_store::repo::rate_tables::RateTableRow;
use kokuho_store::repo::residents::{self, MembershipRow, ResidentRow};
use kokuho_store::repo::work_items::{self, WorkItemRow};

use super::sql::SqlProjection;
use super::store::ProjectionStore;
use crate::error::AppResult;

/// Rows created in the current batch, keyed for the reads `apply` makes.
#[derive(Debug, Default)]
pub struct ProjectionBuffer {
    residents: BTreeMap<String, ResidentRow>,
    /// 世帯番号 → buffered residents in it (kept with `residents`, so lookups are not scans).
    by_household: HashMap<String, Vec<String>>,
    memberships: BTreeMap<String, Vec<MembershipRow>>,
    /// Residents the database was asked about and does not have (so it is not asked again).
    absent: std::collections::HashSet<String>,
    applied: Vec<(String, i64)>,
    periods: BTreeMap<i64, PeriodRow>,
    cards: BTreeMap<String, CardRow>,
    highest_card: Option<String>,
    branches: BTreeMap<String, Vec<(String, String)>>,
    flags: BTreeMap<i64, FlagRow>,
    certificates: BTreeMap<i64, CertificateRow>,
    incomes: BTreeMap<(String, i64), IncomeRow>,
    my_numbers: BTreeMap<String, MyNumberRow>,
    by_index: HashMap<Vec<u8>, String>,
    confirmations: BTreeMap<i64, ConfirmationRow>,
    work_items: BTreeMap<i64, WorkItemRow>,
}

impl ProjectionBuffer {
    /// Writes every buffered row with bulk inserts (all rows are new: an existing one fails the
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

/// The buffer in front of the database for one call.
pub struct BufferedProjection<'a, 't> {
    pub buffer: &'a mut ProjectionBuffer,
    pub db: SqlProjection<'a, 't>,
}

impl BufferedProjection<'_, '_> {
    /// A resident created in this batch: all of its rows live in the buffer. (A resident's
    /// first change comes before its row is put, so "not in the database" counts too.)
    fn is_new_resident(&mut self, resident_no: &str) -> AppResult<bool> {
        if self.buffer.residents.contains_key(resident_no) || self.buffer.memberships.contains_key(resident_no) {
            return Ok(true);
        }
        Ok(ProjectionStore::resident(self, resident_no)?.is_none())
    }
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

impl ProjectionStore for BufferedProjection<'_, '_> {
    fn resident(&mut self, resident_no: &str) -> AppResult<Option<ResidentRow>> {
        if let Some(r) = self.buffer.residents.get(resident_no) {
            return Ok(Some(r.clone()));
        }
        if self.buffer.absent.contains(resident_no) {
            return Ok(None);
        }
        let found = self.db.resident(resident_no)?;
        if found.is_none() {
            self.buffer.absent.insert(resident_no.to_string());
        }
        Ok(found)
    }
    fn put_resident(&mut self, row: &ResidentRow) -> AppResult<()> {
        if self.buffer.residents.contains_key(&row.resident_no) || self.resident(&row.resident_no)?.is_none() {
            let previous = self.buffer.residents.insert(row.resident_no.clone(), row.clone());
            let moved_from = previous.map(|p| p.household_no).filter(|h| *h != row.household_no);
            if let Some(list) = moved_from.and_then(|old| self.buffer.by_household.get_mut(&old)) {
                list.retain(|r| *r != row.resident_no);
            }
            let list = self.buffer.by_household.entry(row.household_no.clone()).or_default();
            if !list.contains(&row.resident_no) {
                list.push(row.resident_no.clone());
            }
            Ok(())
        } else {
            self.db.put_resident(row)
        }
    }
    fn household_residents(&mut self, household_no: &str) -> AppResult<Vec<ResidentRow>> {
        let mut rows: Vec<ResidentRow> =
            self.db.household_residents(household_no)?.into_iter().filter(|r| !self.buffer.residents.contains_key(&r.resident_no)).collect();
        let buffered = self.buffer.by_household.get(household_no).into_iter().flatten();
        rows.extend(buffered.filter_map(|r| self.buffer.residents.get(r)).cloned());
        Ok(rows)
    }
    fn clear_head(&mut self, household_no: &str) -> AppResult<()> {
        for resident_no in self.buffer.by_household.get(household_no).into_iter().flatten() {
            if let Some(r) = self.buffer.residents.get_mut(resident_no) {
                r.is_head = false;
            }
        }
        self.db.clear_head(household_no)
    }
    fn move_membership(&mut self, m: &MembershipRow) -> AppResult<()> {
        if self.is_new_resident(&m.resident_no)? {
            move_in_list(self.buffer.memberships.entry(m.resident_no.clone()).or_default(), m);
            Ok(())
        } else {
            self.db.move_membership(m)
        }
    }
    fn end_membership(&mut self, resident_no: &str, until: Date) -> AppResult<()> {
        if self.is_new_resident(resident_no)? {
            for x in self.buffer.memberships.entry(resident_no.to_string()).or_default().iter_mut().filter(|x| x.until_date.is_none()) {
                x.until_date = Some(until);
            }
            Ok(())
        } else {
            self.db.end_membership(resident_no, until)
        }
    }
    fn mark_change_applied(&mut self, change_id: &str, seq: i64) -> AppResult<()> {
        self.buffer.applied.push((change_id.to_string(), seq));
        Ok(())
    }
    fn period(&mut self, period_id: i64) -> AppResult<Option<PeriodRow>> {
        match self.buffer.periods.get(&period_id) {
            Some(p) => Ok(Some(p.clone())),
            None => self.db.period(period_id),
        }
    }
    fn put_period(&mut self, p: &PeriodRow) -> AppResult<()> {
        if self.buffer.periods.contains_key(&p.period_id) || self.db.period(p.period_id)?.is_none() {
            self.buffer.periods.insert(p.period_id, p.clone());
            Ok(())
        } else {
            self.db.put_period(p)
        }
    }
    fn card_of_household(&mut self, household_no: &str) -> AppResult<Option<CardRow>> {
        match self.buffer.cards.get(household_no) {
            Some(c) => Ok(Some(c.clone())),
            None => self.db.card_of_household(household_no),
        }
    }
    fn max_card_number(&mut self) -> AppResult<Option<String>> {
        if self.buffer.highest_card.is_none() {
            self.buffer.highest_card = self.db.max_card_number()?;
        }
        Ok(self.buffer.highest_card.clone())
    }
    fn insert_card(&mut self, c: &CardRow) -> AppResult<()> {
        if self.buffer.highest_card.as_ref().is_none_or(|h| c.card_number > *h) {
            self.buffer.highest_card = Some(c.card_number.clone());
        }
        self.buffer.cards.insert(c.household_no.clone(), c.clone());
        Ok(())
    }
    fn branches_of_card(&mut self, card_number: &str) -> AppResult<Vec<String>> {
        let mut out = self.db.branches_of_card(card_number)?;
        if let Some(list) = self.buffer.branches.get(card_number) {
            out.extend(list.iter().map(|(b, _)| b.clone()));
        }
        Ok(out)
    }
    fn branch_of(&mut self, card_number: &str, resident_no: &str) -> AppResult<Option<String>> {
        let buffered = self.buffer.branches.get(card_number).and_then(|l| l.iter().find(|(_, r)| r == resident_no)).map(|(b, _)| b.clone());
        match buffered {
            Some(b) => Ok(Some(b)),
            None => self.db.branch_of(card_number, resident_no),
        }
    }
    fn insert_branch(&mut self, card_number: &str, branch_no: &str, resident_no: &str) -> AppResult<()> {
        self.buffer.branches.entry(card_number.to_string()).or_default().push((branch_no.to_string(), resident_no.to_string()));
        Ok(())
    }
    fn insert_flag(&mut self, f: &FlagRow) -> AppResult<()> {
        self.buffer.flags.insert(f.flag_id, f.clone());
        Ok(())
    }
    fn end_flag(&mut self, flag_id: i64, until: Date) -> AppResult<()> {
        match self.buffer.flags.get_mut(&flag_id) {
            Some(f) => {
                f.until_date = Some(until);
                Ok(())
            }
            None => self.db.end_flag(flag_id, until),
        }
    }
    fn insert_certificate(&mut self, c: &CertificateRow) -> AppResult<()> {
        self.buffer.certificates.insert(c.certificate_id, c.clone());
        Ok(())
    }
    fn set_certificate_status(&mut self, certificate_id: i64, status: &str, returned_on: Option<Date>) -> AppResult<()> {
        match self.buffer.certificates.get_mut(&certificate_id) {
            Some(c) => {
                c.status = status.to_string();
                if returned_on.is_some() {
                    c.returned_on = returned_on;
                }
                Ok(())
            }
            None => self.db.set_certificate_status(certificate_id, status, returned_on),
        }
    }
    fn put_income(&mut self, i: &IncomeRow) -> AppResult<()> {
        // Only people created in this batch can have no stored income yet.
        if self.buffer.residents.contains_key(&i.resident_no) {
            self.buffer.incomes.insert((i.resident_no.clone(), i.year), i.clone());
            Ok(())
        } else {
            self.db.put_income(i)
        }
    }
    fn my_number(&mut self, resident_no: &str) -> AppResult<Option<MyNumberRow>> {
        match self.buffer.my_numbers.get(resident_no) {
            Some(m) => Ok(Some(m.clone())),
            None => self.db.my_number(resident_no),
        }
    }
    fn resident_by_index(&mut self, blind_index: &[u8]) -> AppResult<Option<String>> {
        match self.buffer.by_index.get(blind_index) {
            Some(r) => Ok(Some(r.clone())),
            None => self.db.resident_by_index(blind_index),
        }
    }
    fn put_my_number(&mut self, m: &MyNumberRow) -> AppResult<()> {
        if self.buffer.residents.contains_key(&m.resident_no) && !self.buffer.my_numbers.contains_key(&m.resident_no) {
            self.buffer.by_index.insert(m.blind_index.clone(), m.resident_no.clone());
            self.buffer.my_numbers.insert(m.resident_no.clone(), m.clone());
            Ok(())
        } else {
            self.db.put_my_number(m)
        }
    }
    fn insert_confirmation(&mut self, c: &ConfirmationRow) -> AppResult<()> {
        self.buffer.confirmations.insert(c.confirmation_id, c.clone());
        Ok(())
    }
    fn resolve_confirmation(&mut self, id: i64, status: &str, by: &str, at: &str, note: &str) -> AppResult<()> {
        match self.buffer.confirmations.get_mut(&id) {
            Some(c) => {
                c.status = status.to_string();
                c.resolved_by = Some(by.to_string());
                c.resolved_at = Some(at.to_string());
                c.resolution = Some(note.to_string());
                Ok(())
            }
            None => self.db.resolve_confirmation(id, status, by, at, note),
        }
    }
    fn insert_work_item(&mut self, w: &WorkItemRow) -> AppResult<()> {
        self.buffer.work_items.insert(w.work_item_id, w.clone());
        Ok(())
    }
    fn close_work_item(&mut self, id: i64, by: &str, at: &str, note: &str) -> AppResult<()> {
        match self.buffer.work_items.get_mut(&id) {
            Some(w) if w.status == "open" => {
                w.status = "done".into();
                w.closed_by = Some(by.to_string());
                w.closed_at = Some(at.to_string());
                w.closing_note = Some(note.to_string());
                Ok(())
            }
            Some(_) => Ok(()),
            None => self.db.close_work_item(id, by, at, note),
        }
    }
    // Master data is rare and small: straight to the database.
    fn put_rate_table(&mut self, r: &RateTableRow) -> AppResult<()> {
        self.db.put_rate_table(r)
    }
    fn insert_assessment(&mut self, a: &AssessmentRow) -> AppResult<()> {
        self.db.insert_assessment(a)
    }
}
