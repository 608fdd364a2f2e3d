//! What a household's premium for a year depends on — its memberships in the year, and for
//! each member the resident record, eligibility periods, flags and the income of the previous
//! year — read for one household (the counter, a 更正) or for a range of households with five
//! range queries (the annual batch and the rate-setting simulation). The calculator input is
//! built from these facts by one function (`assessment::household_input`) either way.

use std::collections::{BTreeMap, HashMap};

use kokuho_domain::date::{Date, FiscalYear};
use kokuho_store::Tx;
use kokuho_store::repo::eligibility::{self as elig, FlagRow, PeriodRow};
use kokuho_store::repo::incomes::{self, IncomeRow};
use kokuho_store::repo::residents::{self, MembershipRow, PersonBrief};

use crate::error::AppResult;

/// One household's facts for a fiscal year.
#[derive(Debug, Clone, Default)]
pub(crate) struct HouseholdFacts {
    /// 世帯番号.
    pub household_no: String,
    /// Memberships overlapping the year, oldest first.
    pub memberships: Vec<MembershipRow>,
    /// The household's own flags (特定世帯).
    pub household_flags: Vec<FlagRow>,
    /// Each member's facts, by 宛名番号.
    pub people: BTreeMap<String, PersonFacts>,
}

/// One member's facts.
#[derive(Debug, Clone)]
pub(crate) struct PersonFacts {
    pub resident: PersonBrief,
    pub periods: Vec<PeriodRow>,
    pub flags: Vec<FlagRow>,
    /// The income of the year before the fiscal year (None: no record).
    pub income: Option<IncomeRow>,
}

/// `[start of the year, start of the next year)`.
fn year_span(fy: FiscalYear) -> (Date, Date) {
    (fy.start(), fy.next().map_or(fy.end(), FiscalYear::start))
}

/// The facts of one household.
pub(crate) fn load_one(tx: &mut dyn Tx, ins: &str, household_no: &str, fy: FiscalYear) -> AppResult<HouseholdFacts> {
    let (from, until) = year_span(fy);
    let memberships = residents::household_between(tx, ins, household_no, from, until)?;
    let mut people = BTreeMap::new();
    for m in &memberships {
        if people.contains_key(&m.resident_no) {
            continue;
        }
        let Some(r) = residents::get(tx, ins, &m.resident_no)? else { continue };
        let resident = PersonBrief { resident_no: r.resident_no, birth_date: r.birth_date };
        let person = PersonFacts {
            periods: elig::periods_of(tx, ins, &m.resident_no)?,
            flags: elig::flags_of_resident(tx, ins, &m.resident_no)?,
            income: incomes::get(tx, ins, &m.resident_no, i64::from(fy.number() - 1))?,
            resident,
        };
        people.insert(m.resident_no.clone(), person);
    }
    let household_flags = elig::flags_of_household(tx, ins, household_no)?;
    Ok(HouseholdFacts { household_no: household_no.to_string(), memberships, household_flags, people })
}

/// The facts of every household numbered `first..=last` with a member in the year, in
/// household order.
pub(crate) fn load_range(tx: &mut dyn Tx, ins: &str, first: &str, last: &str, fy: FiscalYear) -> AppResult<Vec<HouseholdFacts>> {
    let (from, until) = year_span(fy);
    let memberships = residents::memberships_in_range(tx, ins, first, last, from, until)?;
    let residents_by_no: HashMap<String, PersonBrief> =
        residents::briefs_of_households_in_range(tx, ins, first, last)?.into_iter().map(|r| (r.resident_no.clone(), r)).collect();
    let mut periods: HashMap<String, Vec<PeriodRow>> = HashMap::new();
    for p in elig::periods_of_households_in_range(tx, ins, first, last)? {
        periods.entry(p.resident_no.clone()).or_default().push(p);
    }
    let mut resident_flags: HashMap<String, Vec<FlagRow>> = HashMap::new();
    let mut household_flags: HashMap<String, Vec<FlagRow>> = HashMap::new();
    for f in elig::flags_of_households_in_range(tx, ins, first, last)? {
        if let Some(r) = &f.resident_no {
            resident_flags.entry(r.clone()).or_default().push(f.clone());
        }
        if let Some(h) = &f.household_no {
            household_flags.entry(h.clone()).or_default().push(f);
        }
    }
    let income: HashMap<String, IncomeRow> =
        incomes::of_households_in_range(tx, ins, first, last, i64::from(fy.number() - 1))?.into_iter().map(|i| (i.resident_no.clone(), i)).collect();

    let mut out: Vec<HouseholdFacts> = Vec::new();
    for m in memberships {
        if out.last().is_none_or(|h| h.household_no != m.household_no) {
            let flags = household_flags.remove(&m.household_no).unwrap_or_default();
            out.push(HouseholdFacts { household_no: m.household_no.clone(), household_flags: flags, ..HouseholdFacts::default() });
        }
        let Some(h) = out.last_mut() else { continue };
        if !h.people.contains_key(&m.resident_no) {
            // A resident who moved between two households of the range appears in both.
            let person = residents_by_no.get(&m.resident_no).cloned().map(|resident| PersonFacts {
                periods: periods.get(&m.resident_no).cloned().unwrap_or_default(),
                flags: resident_flags.get(&m.resident_no).cloned().unwrap_or_default(),
                income: income.get(&m.resident_no).cloned(),
                resident,
            });
            if let Some(p) = person {
                h.people.insert(m.resident_no.clone(), p);
            }
        }
        h.memberships.push(m);
    }
    for h in &mut out {
        // Same order as `household_between` (its callers' tie-breaks depend on it).
        h.memberships.sort_by(|a, b| (a.from_date, &a.resident_no).cmp(&(b.from_date, &b.resident_no)));
        for p in h.people.values_mut() {
            p.periods.sort_by_key(|x| (x.acquired_on, x.period_id));
        }
    }
    Ok(out)
}
