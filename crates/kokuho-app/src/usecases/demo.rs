//! デモ: loading the synthetic city (kokuho-demo) through the same journal events as real
//! operation, so everything shown in a demo went through the projections a city would use.

use kokuho_demo::{DemoCity, DemoHousehold};

use crate::error::AppResult;
use crate::journal::Event;
use crate::{Actor, App, Audited, Ctx, Permission};

use super::eligibility::assign_card;
use super::my_number::link;

/// Households written per transaction (bounded memory, steady progress).
const CHUNK: u32 = 10_000;

impl App {
    /// Loads households `[0, n)` of `city`; `progress` is told how many are done.
    /// Households already loaded (their head exists) are skipped, so a load can be resumed.
    pub fn load_demo_city(&self, actor: &Actor, city: &DemoCity, progress: &dyn Fn(u32)) -> AppResult<u32> {
        let total = city.household_count();
        let mut done = 0;
        let mut start = 0;
        while start < total {
            let end = (start + CHUNK).min(total);
            let loaded = self.run_bulk(actor, Permission::EligibilityWrite, "demo.load", "demo", |cx| {
                let mut n = 0u32;
                for h in city.households_in(start..end) {
                    if load_household(self, cx, &h)? {
                        n += 1;
                    }
                }
                Ok(Audited::new(n, "demo", serde_json::json!({ "households": n, "from": start, "to": end })))
            })?;
            done += loaded;
            start = end;
            progress(start);
        }
        Ok(done)
    }
}

fn load_household(app: &App, cx: &mut Ctx<'_>, h: &DemoHousehold) -> AppResult<bool> {
    if cx.with_projection(|p| p.resident(h.head.as_str()))?.is_some() {
        return Ok(false);
    }
    for change in &h.changes {
        cx.record(&Event::ResidentChanged { change: change.clone() })?;
    }
    for e in &h.enrollments {
        let resident_no = e.resident_no.to_string();
        let Some(r) = cx.with_projection(|p| p.resident(&resident_no))? else { continue };
        let card = assign_card(cx, &r.household_no, &resident_no)?;
        let enrolled = cx.record(&Event::Enrolled {
            resident_no: resident_no.clone(),
            household_no: r.household_no.clone(),
            acquired_on: e.acquired_on,
            reason: e.reason,
            notified_on: e.acquisition_notified_on,
            late: kokuho_domain::eligibility::is_late_notification(e.acquired_on, e.acquisition_notified_on),
            card,
        })?;
        if let (Some(lost_on), Some(reason)) = (e.lost_on, e.loss_reason) {
            let notified_on = e.loss_notified_on.unwrap_or(lost_on);
            cx.record(&Event::Withdrawn {
                period_id: enrolled.seq,
                resident_no: resident_no.clone(),
                lost_on,
                reason,
                notified_on,
                late: kokuho_domain::eligibility::is_late_notification(lost_on, notified_on),
            })?;
        }
    }
    for income in &h.incomes {
        cx.record(&Event::IncomeRecorded { income: income.clone() })?;
    }
    for f in &h.flags {
        let (resident_no, household_no) = match &f.resident_no {
            Some(r) => (Some(r.to_string()), None),
            None => (None, Some(h.household_no.to_string())),
        };
        cx.record(&Event::FlagSet {
            flag: f.kind,
            resident_no,
            household_no,
            from: f.starts_on,
            until: f.ends_before,
            attributes: f.attributes.clone(),
        })?;
    }
    for m in &h.members {
        link(app, cx, m.resident_no.as_str(), m.my_number.number())?;
    }
    Ok(true)
}
