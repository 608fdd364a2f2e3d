//! Each household's history is internally consistent.

use std::collections::{HashMap, HashSet};

use jiff::ToSpan;
use kokuho_demo::{DemoCoverage, DemoHousehold, DemoMemberStatus};
use kokuho_domain::Date;
use kokuho_domain::eligibility::period::{EligibilityPeriod, FlagKind, LossReason, check_no_overlap};
use kokuho_domain::eligibility::resident::{ResidentChangeKind, Sex};
use kokuho_domain::kernel::ids::ResidentNo;

use crate::common::{AS_OF, age_on, city, households};

/// Replays the register lines; returns each person's arrival date.
fn replay(h: &DemoHousehold) -> HashMap<ResidentNo, Date> {
    let mut arrival: HashMap<ResidentNo, Date> = HashMap::new();
    let mut birth: HashMap<ResidentNo, Date> = HashMap::new();
    let mut gone: HashMap<ResidentNo, ResidentChangeKind> = HashMap::new();
    let mut head: Option<ResidentNo> = None;
    let mut previous = Date::MIN;
    for c in &h.changes {
        let who = &c.resident_no;
        assert!(previous <= c.effective_on, "{}: lines out of order", c.change_id);
        previous = c.effective_on;
        assert_eq!(c.household_no, h.household_no);
        match c.kind {
            ResidentChangeKind::MoveIn | ResidentChangeKind::Birth => {
                assert!(!arrival.contains_key(who), "{}: introduced twice", c.change_id);
                let person = c.person.as_ref().unwrap();
                arrival.insert(who.clone(), c.effective_on);
                birth.insert(who.clone(), person.birth_date);
                if c.is_head {
                    head = Some(who.clone());
                }
            }
            ResidentChangeKind::NonResidentRegistration => {
                assert_eq!(gone.get(who), Some(&ResidentChangeKind::MoveOut), "{}", c.change_id);
                assert!(!c.is_head);
            }
            kind => {
                assert!(
                    arrival.contains_key(who),
                    "{}: line before the person arrived",
                    c.change_id
                );
                assert!(!gone.contains_key(who), "{}: line after the person left", c.change_id);
                match kind {
                    ResidentChangeKind::Death | ResidentChangeKind::MoveOut => {
                        gone.insert(who.clone(), kind);
                        if head.as_ref() == Some(who) {
                            head = None;
                        }
                        assert!(!c.is_head);
                    }
                    ResidentChangeKind::HeadChange => {
                        assert!(c.is_head);
                        assert_eq!(c.relationship, "世帯主");
                        head = Some(who.clone());
                    }
                    _ => assert_eq!(c.is_head, head.as_ref() == Some(who), "{}", c.change_id),
                }
            }
        }
        let born = birth.get(who).copied().unwrap();
        assert!(born <= c.effective_on, "{}: event before birth", c.change_id);
        if c.kind == ResidentChangeKind::Birth {
            assert_eq!(born, c.effective_on);
        }
    }
    // The head at as_of is the one the household names, and is still registered.
    assert_eq!(head.as_ref(), Some(&h.head), "household {}", h.household_no);
    let head_member = h.member(&h.head).unwrap();
    assert_eq!(head_member.status, DemoMemberStatus::Present);
    assert_eq!(head_member.relationship, "世帯主");
    // Statuses agree with the lines.
    for m in &h.members {
        assert!(arrival.contains_key(&m.resident_no), "member without a 転入/出生 line");
        assert_eq!(birth.get(&m.resident_no), Some(&m.person.birth_date));
        let expected = match m.status {
            DemoMemberStatus::Present => None,
            DemoMemberStatus::Died { .. } => Some(ResidentChangeKind::Death),
            DemoMemberStatus::MovedOut { .. } | DemoMemberStatus::StudentAway { .. } => {
                Some(ResidentChangeKind::MoveOut)
            }
        };
        assert_eq!(gone.get(&m.resident_no).copied(), expected, "{}", m.resident_no);
    }
    arrival
}

#[test]
fn histories_replay_cleanly_and_the_head_exists_at_as_of() {
    for h in households() {
        replay(h);
        assert!(h.present_members().count() >= 1);
        for m in &h.members {
            assert!(m.resident_no.as_str().starts_with(h.household_no.as_str()));
        }
    }
}

#[test]
fn resident_numbers_are_unique_in_the_city() {
    let mut seen = HashSet::new();
    let mut people = 0;
    for h in households() {
        for m in &h.members {
            assert!(seen.insert(m.resident_no.clone()), "duplicate {}", m.resident_no);
            people += 1;
        }
    }
    assert!(people > 30_000);
    let household_nos: HashSet<_> = households().iter().map(|h| h.household_no.clone()).collect();
    assert_eq!(household_nos.len(), households().len());
}

fn end_of(status: DemoMemberStatus) -> Option<Date> {
    match status {
        DemoMemberStatus::Died { on } | DemoMemberStatus::MovedOut { on } => Some(on),
        _ => None,
    }
}

#[test]
fn nhi_periods_fit_the_life_of_each_member() {
    let next_day = |d: Date| d.checked_add(1.day()).unwrap();
    for h in households() {
        let arrival = replay(h);
        let mut by_person: HashMap<&ResidentNo, Vec<EligibilityPeriod>> = HashMap::new();
        for (k, e) in h.enrollments.iter().enumerate() {
            let m = h.member(&e.resident_no).expect("period of a member");
            let arrived = arrival[&e.resident_no];
            assert!(e.acquired_on >= arrived, "{}: insured before arriving", e.resident_no);
            assert!(e.acquired_on >= m.person.birth_date);
            if let Some(lost) = e.lost_on {
                assert!(lost > e.acquired_on);
                assert!(lost <= next_day(AS_OF));
                match e.loss_reason.unwrap() {
                    LossReason::Death | LossReason::MoveOut => {
                        assert_eq!(Some(lost), end_of(m.status).map(next_day), "{}", e.resident_no);
                    }
                    LossReason::LateElderly => {
                        assert_eq!(lost, m.person.birth_date.checked_add(75.years()).unwrap());
                    }
                    _ => {}
                }
                assert!(e.loss_notified_on.is_some());
            } else {
                assert!(e.loss_reason.is_none());
                assert!(matches!(
                    m.status,
                    DemoMemberStatus::Present | DemoMemberStatus::StudentAway { .. }
                ));
                assert!(age_on(m.person.birth_date, AS_OF) < 75, "insured at 75+");
            }
            let period = EligibilityPeriod {
                period_id: i64::try_from(k).unwrap(),
                resident_no: e.resident_no.clone(),
                acquired_on: e.acquired_on,
                acquisition_reason: e.reason,
                acquisition_notified_on: e.acquisition_notified_on,
                lost_on: e.lost_on,
                loss_reason: e.loss_reason,
                loss_notified_on: e.loss_notified_on,
            };
            let others = by_person.entry(&e.resident_no).or_default();
            check_no_overlap(others, None, e.acquired_on, e.lost_on).unwrap();
            others.push(period);
        }
        // Coverage agrees with the periods, and the household is an NHI household.
        for m in &h.members {
            let insured = h.insured_on(AS_OF).any(|e| e.resident_no == m.resident_no);
            assert_eq!(insured, m.coverage == DemoCoverage::Nhi, "{}", m.resident_no);
            if m.coverage == DemoCoverage::LateElderly {
                assert!(age_on(m.person.birth_date, AS_OF) >= 75);
            }
            assert_eq!(m.coverage == DemoCoverage::Departed, end_of(m.status).is_some());
        }
        assert!(
            h.insured_on(AS_OF).count() >= 1,
            "household {} has nobody insured",
            h.household_no
        );
        let head = h.member(&h.head).unwrap();
        assert_eq!(h.has_nominal_head(), head.coverage != DemoCoverage::Nhi);
    }
}

#[test]
fn incomes_cover_everyone_aged_15_for_both_years() {
    let years = city().0.income_years();
    for h in households() {
        let mut count: HashMap<(&ResidentNo, i32), usize> = HashMap::new();
        for i in &h.incomes {
            assert!(years.contains(&i.year));
            let m = h.member(&i.resident_no).expect("income of a member");
            let reference = end_of(m.status).unwrap_or(AS_OF);
            assert!(age_on(m.person.birth_date, reference) >= 15);
            *count.entry((&i.resident_no, i.year)).or_default() += 1;
        }
        for m in &h.members {
            let here = matches!(
                m.status,
                DemoMemberStatus::Present | DemoMemberStatus::StudentAway { .. }
            );
            if here && age_on(m.person.birth_date, AS_OF) >= 15 {
                for y in years {
                    assert_eq!(count.get(&(&m.resident_no, y)), Some(&1), "{} {y}", m.resident_no);
                }
            }
            if age_on(m.person.birth_date, AS_OF) < 15 {
                assert!(!count.keys().any(|(r, _)| *r == &m.resident_no));
            }
        }
    }
}

#[test]
fn flags_sit_on_plausible_people() {
    for h in households() {
        for f in &h.flags {
            let Some(rno) = &f.resident_no else {
                assert_eq!(f.kind, FlagKind::SpecifiedHousehold);
                continue;
            };
            let m = h.member(rno).expect("flag of a member");
            let age_at_start = age_on(m.person.birth_date, f.starts_on);
            match f.kind {
                FlagKind::InvoluntaryUnemployment => {
                    let separated = f.attributes.separated_on.unwrap();
                    assert!(age_on(m.person.birth_date, separated) < 65);
                    let e = h.enrollments.iter().rfind(|e| &e.resident_no == rno).unwrap();
                    assert_eq!(e.acquired_on, separated.checked_add(1.day()).unwrap());
                    assert_eq!(m.coverage, DemoCoverage::Nhi);
                    // Until the end of the fiscal year after the one the separation falls in.
                    let end = f.ends_before.unwrap();
                    assert_eq!((end.month(), end.day()), (4, 1));
                }
                FlagKind::Maternity => {
                    assert_eq!(m.person.sex, Sex::Female);
                    assert_eq!(m.coverage, DemoCoverage::Nhi);
                    let month = f.attributes.expected_birth_month.unwrap();
                    assert_eq!(month.day(), 1);
                    assert!(f.starts_on < month && month < f.ends_before.unwrap());
                }
                FlagKind::FormerDependent => {
                    assert!((65..75).contains(&age_at_start), "{age_at_start}");
                    assert_eq!(m.coverage, DemoCoverage::Nhi);
                    let head = h.member(&h.head).unwrap();
                    assert_eq!(head.coverage, DemoCoverage::LateElderly);
                }
                FlagKind::StudentAway => {
                    assert!(matches!(m.status, DemoMemberStatus::StudentAway { .. }));
                    assert_eq!(m.coverage, DemoCoverage::Nhi);
                }
                FlagKind::SpecifiedSameHousehold => {
                    assert_eq!(m.coverage, DemoCoverage::LateElderly);
                    assert_eq!(age_at_start, 75);
                }
                FlagKind::SupportMeasure => assert!(m.status == DemoMemberStatus::Present),
                other => panic!("unexpected flag {other:?}"),
            }
        }
    }
}

#[test]
fn foreign_residents_have_a_period_of_stay() {
    let one_year = AS_OF.checked_add(1.year()).unwrap();
    let five_years = AS_OF.checked_add(5.years()).unwrap();
    for h in households() {
        let nationalities: HashSet<_> = h.members.iter().map(|m| m.person.nationality.clone()).collect();
        assert_eq!(
            nationalities.len(),
            1,
            "a household is all Japanese or all of one nationality"
        );
        for m in &h.members {
            match (&m.person.nationality, m.person.stay_until) {
                (None, None) => {}
                (Some(_), Some(until)) => assert!(one_year <= until && until <= five_years),
                other => panic!("inconsistent nationality/stay: {other:?}"),
            }
        }
    }
}
