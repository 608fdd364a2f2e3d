//! Statistical sanity of a 20,000-household city (the bands are documented in the crate docs).

use std::collections::HashMap;

use kokuho_demo::{DemoCoverage, DemoMemberStatus};
use kokuho_domain::eligibility::period::FlagKind;
use kokuho_domain::eligibility::resident::ResidentChangeKind;

use crate::common::{AS_OF, age_on, city, households, per_10000};

#[test]
fn household_sizes_follow_the_targets() {
    let n = households().len();
    let mut sizes: HashMap<usize, usize> = HashMap::new();
    for h in households() {
        *sizes.entry(h.present_members().count()).or_default() += 1;
    }
    let share = |s: usize| per_10000(sizes.get(&s).copied().unwrap_or(0), n);
    // 55 % ± 5 points, 30 % ± 5 points; the rest spread over 3–6.
    assert!((5_000..=6_000).contains(&share(1)), "1 person: {}", share(1));
    assert!((2_500..=3_500).contains(&share(2)), "2 persons: {}", share(2));
    for s in 3..=6 {
        assert!(share(s) > 0, "no household of {s}");
    }
    assert!(sizes.keys().all(|s| (1..=6).contains(s)));
}

#[test]
fn the_insured_are_skewed_to_65_to_74() {
    let mut insured = 0;
    let mut young_old = 0;
    let mut children = 0;
    for h in households() {
        for m in h.members.iter().filter(|m| m.coverage == DemoCoverage::Nhi) {
            insured += 1;
            let age = age_on(m.person.birth_date, AS_OF);
            if (65..=74).contains(&age) {
                young_old += 1;
            }
            if age < 15 {
                children += 1;
            }
        }
    }
    let share = per_10000(young_old, insured);
    assert!((3_800..=5_200).contains(&share), "65-74: {share}/10000");
    let child_share = per_10000(children, insured);
    assert!((500..=1_500).contains(&child_share), "0-14: {child_share}/10000");
    // About 1.5 insured per household.
    let per_household = insured * 100 / households().len();
    assert!(
        (130..=180).contains(&per_household),
        "{per_household}/100 insured per household"
    );
}

#[test]
fn about_three_percent_are_foreign() {
    let mut people = 0;
    let mut foreign = 0;
    for h in households() {
        for m in h.members.iter().filter(|m| m.status == DemoMemberStatus::Present) {
            people += 1;
            if m.person.nationality.is_some() {
                foreign += 1;
            }
        }
    }
    let share = per_10000(foreign, people);
    assert!((150..=450).contains(&share), "foreign: {share}/10000");
}

#[test]
fn incomes_are_skewed_with_a_long_tail() {
    let n = households().len();
    let latest = city().0.income_years()[1];
    let mut high = 0;
    let mut people = 0;
    let mut undeclared = 0;
    let mut small = 0;
    let mut family_pay = 0;
    let mut separate = 0;
    for h in households() {
        if h.incomes.iter().any(|i| i.other_income.value() >= 10_000_000) {
            high += 1;
        }
        for i in h.incomes.iter().filter(|i| i.year == latest) {
            people += 1;
            undeclared += usize::from(i.undeclared);
            let revenue = i.salary_revenue.value() + i.pension_revenue.value() + i.other_income.value();
            small += usize::from(!i.undeclared && revenue <= 2_000_000);
            family_pay += usize::from(i.family_employee_pay.value() > 0);
            separate += usize::from(i.separate_income.value() > 0);
        }
    }
    let high_share = per_10000(high, n);
    assert!(
        (50..=150).contains(&high_share),
        "事業所得 ≥ 1,000万: {high_share}/10000 households"
    );
    let undeclared_share = per_10000(undeclared, people);
    assert!(
        (200..=400).contains(&undeclared_share),
        "未申告: {undeclared_share}/10000"
    );
    assert!(per_10000(small, people) >= 5_000, "most incomes are low");
    assert!(family_pay > 20, "専従者給与: {family_pay}");
    assert!(separate > 50, "分離課税: {separate}");
}

#[test]
fn histories_are_not_trivial() {
    let n = households().len();
    let mut kinds: HashMap<ResidentChangeKind, usize> = HashMap::new();
    let mut flags: HashMap<FlagKind, usize> = HashMap::new();
    let mut nominal = 0;
    for h in households() {
        for c in &h.changes {
            *kinds.entry(c.kind).or_default() += 1;
        }
        for f in &h.flags {
            *flags.entry(f.kind).or_default() += 1;
        }
        nominal += usize::from(h.has_nominal_head());
    }
    for kind in [
        ResidentChangeKind::AddressChange,
        ResidentChangeKind::NameChange,
        ResidentChangeKind::HeadChange,
        ResidentChangeKind::Death,
        ResidentChangeKind::MoveOut,
        ResidentChangeKind::Birth,
    ] {
        let count = kinds.get(&kind).copied().unwrap_or(0);
        assert!(per_10000(count, n) >= 50, "{}: {count}", kind.label());
    }
    assert!(
        kinds
            .get(&ResidentChangeKind::NonResidentRegistration)
            .copied()
            .unwrap_or(0)
            > 0
    );
    for kind in [
        FlagKind::StudentAway,
        FlagKind::InvoluntaryUnemployment,
        FlagKind::Maternity,
        FlagKind::FormerDependent,
        FlagKind::SupportMeasure,
        FlagKind::SpecifiedSameHousehold,
        FlagKind::SpecifiedHousehold,
    ] {
        assert!(flags.get(&kind).copied().unwrap_or(0) > 0, "no {} flag", kind.label());
    }
    let support = per_10000(flags.get(&FlagKind::SupportMeasure).copied().unwrap_or(0), n);
    assert!((5..=50).contains(&support), "支援措置: {support}/10000");
    let nominal_share = per_10000(nominal, n);
    assert!(
        (300..=1_500).contains(&nominal_share),
        "擬制世帯主: {nominal_share}/10000"
    );
}
