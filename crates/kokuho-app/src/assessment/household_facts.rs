//! What a household's premium for a year depends on — its memberships in the year, and for
//! each member the resident record, eligibility periods, flags and the income of the previous
//! year — read for one household (the counter, a 更正) or for a range of households with five
//! range queries (the annual batch and the rate-setting simulation). The calculator input is
//! built from these facts by one function (`assessment::household_input`) either way.

use std::collections::{BTreeMap, HashMap};

use kokuho_domain::kernel::date::{Date, FiscalYear};
use kokuho_store::Tx;
use kokuho_store::repo::assessment::incomes::{self, IncomeRow};
use kokuho_store::repo::eligibility::periods::{self as elig, FlagRow, PeriodRow};
use kokuho_store::repo::eligibility::residents::{self, ChunkResidents, MembershipRow, PersonBrief};

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
        let Some(r) = residents::get(tx, ins, &m.resident_no)? else {
            continue;
        };
        let resident = PersonBrief {
            resident_no: r.resident_no,
            birth_date: r.birth_date,
        };
        let person = PersonFacts {
            periods: elig::periods_of(tx, ins, &m.resident_no)?,
            flags: elig::flags_of_resident(tx, ins, &m.resident_no)?,
            income: incomes::get(tx, ins, &m.resident_no, i64::from(fy.number() - 1))?,
            resident,
        };
        people.insert(m.resident_no.clone(), person);
    }
    let household_flags = elig::flags_of_household(tx, ins, household_no)?;
    Ok(HouseholdFacts {
        household_no: household_no.to_string(),
        memberships,
        household_flags,
        people,
    })
}

/// The facts of every household numbered `first..=last` with a member in the year, in
/// household order.
pub(crate) fn load_range(
    tx: &mut dyn Tx,
    ins: &str,
    first: &str,
    last: &str,
    fy: FiscalYear,
) -> AppResult<Vec<HouseholdFacts>> {
    let (from, until) = year_span(fy);
    let memberships = residents::memberships_in_range(tx, ins, first, last, from, until)?;
    // How often each member appears (one who moved between two households of the range appears
    // in both, and gets a copy of their facts in each; everyone else gets theirs moved).
    let mut appearances: HashMap<&str, usize> = HashMap::new();
    for m in &memberships {
        *appearances.entry(m.resident_no.as_str()).or_default() += 1;
    }
    let members: Vec<&str> = appearances.keys().copied().collect();
    let mut who = residents::chunk_residents(tx, ins, first, last, &members)?;
    let briefs = |tx: &mut dyn Tx, who: &ChunkResidents| -> AppResult<HashMap<String, PersonBrief>> {
        Ok(residents::briefs_of(tx, ins, who)?
            .into_iter()
            .map(|r| (r.resident_no.clone(), r))
            .collect())
    };
    let mut residents_by_no = briefs(tx, &who)?;
    if matches!(who, ChunkResidents::Between { .. }) && members.iter().any(|m| !residents_by_no.contains_key(*m)) {
        // A database whose collation orders the numbers otherwise than their bytes: by membership.
        who = ChunkResidents::OfHouseholds {
            first: first.to_string(),
            last: last.to_string(),
        };
        residents_by_no = briefs(tx, &who)?;
    }
    let mut periods: HashMap<String, Vec<PeriodRow>> = HashMap::new();
    for p in elig::periods_of_residents(tx, ins, &who)? {
        periods.entry(p.resident_no.clone()).or_default().push(p);
    }
    let mut resident_flags: HashMap<String, Vec<FlagRow>> = HashMap::new();
    let mut household_flags: HashMap<String, Vec<FlagRow>> = HashMap::new();
    for f in elig::flags_of_households_in_range(tx, ins, first, last, &who)? {
        match (&f.resident_no, &f.household_no) {
            (Some(r), Some(h)) => {
                resident_flags.entry(r.clone()).or_default().push(f.clone());
                household_flags.entry(h.clone()).or_default().push(f);
            }
            (Some(r), None) => resident_flags.entry(r.clone()).or_default().push(f),
            (None, Some(h)) => household_flags.entry(h.clone()).or_default().push(f),
            (None, None) => {}
        }
    }
    let mut income: HashMap<String, IncomeRow> = incomes::of_residents(tx, ins, &who, i64::from(fy.number() - 1))?
        .into_iter()
        .map(|i| (i.resident_no.clone(), i))
        .collect();

    let mut out: Vec<HouseholdFacts> = Vec::new();
    let mut taken: HashMap<String, usize> = HashMap::new();
    for m in &memberships {
        if out.last().is_none_or(|h| h.household_no != m.household_no) {
            let flags = household_flags.remove(&m.household_no).unwrap_or_default();
            out.push(HouseholdFacts {
                household_no: m.household_no.clone(),
                household_flags: flags,
                ..HouseholdFacts::default()
            });
        }
        let Some(h) = out.last_mut() else { continue };
        if h.people.contains_key(&m.resident_no) {
            continue;
        }
        let no = m.resident_no.as_str();
        // The last household to need a resident's facts takes them; earlier ones get a copy.
        let seen = taken.entry(m.resident_no.clone()).or_default();
        *seen += 1;
        let last_use = appearances.get(no).is_some_and(|n| *seen >= *n);
        let person = if last_use {
            residents_by_no.remove(no).map(|resident| PersonFacts {
                periods: periods.remove(no).unwrap_or_default(),
                flags: resident_flags.remove(no).unwrap_or_default(),
                income: income.remove(no),
                resident,
            })
        } else {
            residents_by_no.get(no).cloned().map(|resident| PersonFacts {
                periods: periods.get(no).cloned().unwrap_or_default(),
                flags: resident_flags.get(no).cloned().unwrap_or_default(),
                income: income.get(no).cloned(),
                resident,
            })
        };
        if let Some(p) = person {
            h.people.insert(m.resident_no.clone(), p);
        }
    }
    // The memberships move to their households (both in household order).
    let mut at = 0;
    for m in memberships {
        while out.get(at).is_some_and(|h| h.household_no != m.household_no) {
            at += 1;
        }
        if let Some(h) = out.get_mut(at) {
            h.memberships.push(m);
        }
    }
    for h in &mut out {
        // Same order as `household_between` (its callers' tie-breaks depend on it).
        h.memberships
            .sort_by(|a, b| (a.from_date, &a.resident_no).cmp(&(b.from_date, &b.resident_no)));
        for p in h.people.values_mut() {
            p.periods.sort_by_key(|x| (x.acquired_on, x.period_id));
        }
    }
    Ok(out)
}
