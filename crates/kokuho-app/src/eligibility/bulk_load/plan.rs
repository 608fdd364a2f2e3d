//! One migrated household as one journal entry: the events it would take one by one (住民異動,
//! 資格取得・喪失 with their 記号・番号・枝番, 所得, 区分, 個人番号の紐付け), decided by the same rules as
//! interactive operation against the load's in-memory rows, and applied to them.

use std::collections::HashSet;
use std::sync::Arc;

use kokuho_domain::HouseholdNo;
use kokuho_domain::eligibility::migration::{MigratedFlag, MigratedHousehold, MigratedPeriod};
use kokuho_domain::eligibility::period::is_late_notification;
use kokuho_store::repo::journal::JournalRow;
use kokuho_store::repo::{eligibility::my_numbers, eligibility::periods as elig, eligibility::residents};

use crate::Ctx;
use crate::assessment::events::AssessmentEvent;
use crate::eligibility::events::{CardAssignment, EligibilityEvent};
use crate::error::AppResult;
use crate::journal::{Event, JournalChain};
use crate::keys::InsurerKeys;
use crate::projection::{self, EntryContext, FreshProjection, FreshRows, ProjectionStore};

use crate::eligibility::changes::card_for;
use crate::eligibility::my_number::decide_link;

/// Turns households into journal entries and projection rows. Holds the journal's end, so
/// entries come out numbered and hashed in order.
pub(super) struct Planner {
    rows: FreshProjection,
    chain: JournalChain,
    keys: Arc<InsurerKeys>,
    insurer_no: String,
    actor: String,
    recorded_at: String,
    /// 世帯番号 already in the database (loaded before): skipped.
    loaded: HashSet<String>,
}

impl Planner {
    /// Reads, once, what the database already holds that the load's decisions depend on.
    pub(super) fn open(keys: Arc<InsurerKeys>, cx: &mut Ctx<'_>) -> AppResult<Self> {
        let insurer_no = cx.insurer().to_string();
        let loaded = residents::households_with_residents(cx.tx, &insurer_no)?;
        let mut rows = FreshProjection::new(elig::max_card_number(cx.tx, &insurer_no)?);
        my_numbers::for_each_link(cx.tx, &insurer_no, &mut |index, resident_no| {
            rows.note_linked(&index, &resident_no)
        })?;
        Ok(Self {
            rows,
            chain: cx.take_journal()?,
            keys,
            insurer_no,
            actor: cx.actor.login.clone(),
            recorded_at: cx.now.clone(),
            loaded,
        })
    }

    /// The journal entry of household `h` (None if it was loaded before); its rows are added to
    /// those `take_rows` returns.
    pub(super) fn household(&mut self, h: MigratedHousehold) -> AppResult<Option<JournalRow>> {
        let household_no = h.household_no.to_string();
        if self.loaded.contains(&household_no) {
            return Ok(None);
        }
        let next_seq = self.chain.next_seq();
        let mut batch = Batch {
            planner: self,
            next_seq,
            events: Vec::new(),
        };
        batch.record_household(h)?;
        let events = batch.events;
        if events.is_empty() {
            return Ok(None);
        }
        let entry = self.chain.entry(
            &self.actor,
            &self.recorded_at,
            &Event::Batch {
                subject: household_no,
                events,
            },
        )?;
        Ok(Some(entry))
    }

    /// The rows of the households prepared since the last call.
    pub(super) fn take_rows(&mut self) -> FreshRows {
        self.rows.take_rows()
    }

    /// The journal's end after the last entry, for the operation to save.
    pub(super) fn into_chain(self) -> JournalChain {
        self.chain
    }
}

/// The events of one household, numbered from the journal's next seq and applied as recorded.
struct Batch<'p> {
    planner: &'p mut Planner,
    next_seq: i64,
    events: Vec<Event>,
}

impl Batch<'_> {
    /// Records `event` as the next one; its seq is the id of whatever it creates.
    fn record(&mut self, event: impl Into<Event>) -> AppResult<i64> {
        let event = event.into();
        let seq = self.next_seq;
        let p = &mut *self.planner;
        let cx = EntryContext {
            insurer_no: &p.insurer_no,
            seq,
            recorded_at: &p.recorded_at,
            actor: &p.actor,
        };
        projection::apply(&mut p.rows, cx, &event)?;
        self.events.push(event);
        self.next_seq += 1;
        Ok(seq)
    }

    /// In the order an operator would enter them: 住民異動, then each member's periods, incomes,
    /// flags and My Numbers. The household's records move into the events.
    fn record_household(&mut self, h: MigratedHousehold) -> AppResult<()> {
        for change in h.changes {
            self.record(EligibilityEvent::ResidentChanged { change })?;
        }
        for e in &h.periods {
            let resident_no = e.resident_no.to_string();
            let Some(r) = self.planner.rows.resident(&resident_no)? else {
                continue;
            };
            let card = card_for(&mut self.planner.rows, &r.household_no, &resident_no)?;
            let period_id = self.record(enrolled(e, r.household_no, card))?;
            if let Some(event) = withdrawn(e, period_id) {
                self.record(event)?;
            }
        }
        for income in h.incomes {
            self.record(AssessmentEvent::IncomeRecorded { income })?;
        }
        for f in &h.flags {
            self.record(flag_set(&h.household_no, f))?;
        }
        for m in &h.my_numbers {
            let p = &mut *self.planner;
            let (_, linked) = decide_link(
                &mut p.rows,
                &p.keys,
                &p.insurer_no,
                m.resident_no.as_str(),
                m.number.as_ref(),
            )?;
            if let Some(event) = linked {
                self.record(event)?;
            }
        }
        Ok(())
    }
}

/// 資格取得 of a migrated period in `household_no`, with the card decided for it.
pub(super) fn enrolled(e: &MigratedPeriod, household_no: String, card: CardAssignment) -> EligibilityEvent {
    EligibilityEvent::Enrolled {
        resident_no: e.resident_no.to_string(),
        household_no,
        acquired_on: e.acquired_on,
        reason: e.reason,
        notified_on: e.acquisition_notified_on,
        late: is_late_notification(e.acquired_on, e.acquisition_notified_on),
        card,
    }
}

/// 資格喪失 of a migrated period that ended (`period_id`: the seq of its 資格取得).
pub(super) fn withdrawn(e: &MigratedPeriod, period_id: i64) -> Option<EligibilityEvent> {
    let (lost_on, reason) = (e.lost_on?, e.loss_reason?);
    let notified_on = e.loss_notified_on.unwrap_or(lost_on);
    let late = is_late_notification(lost_on, notified_on);
    Some(EligibilityEvent::Withdrawn {
        period_id,
        resident_no: e.resident_no.to_string(),
        lost_on,
        reason,
        notified_on,
        late,
    })
}

/// 区分の設定 of a migrated flag: a person's, or household `household_no`'s when it names nobody.
pub(super) fn flag_set(household_no: &HouseholdNo, f: &MigratedFlag) -> EligibilityEvent {
    let (resident_no, household_no) = match &f.resident_no {
        Some(r) => (Some(r.to_string()), None),
        None => (None, Some(household_no.to_string())),
    };
    EligibilityEvent::FlagSet {
        flag: f.kind,
        resident_no,
        household_no,
        from: f.starts_on,
        until: f.ends_before,
        attributes: f.attributes.clone(),
    }
}
