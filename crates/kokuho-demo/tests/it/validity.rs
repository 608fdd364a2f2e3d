//! Every record passes the domain's own validation, and everything is marked as demo data.

use std::collections::HashSet;

use kokuho_demo::DemoCity;
use kokuho_domain::eligibility::resident::ResidentChangeKind;
use kokuho_domain::kernel::kana::is_valid_kana_name;

use crate::common::{AS_OF, households};

#[test]
fn every_resident_change_validates() {
    let mut lines = 0;
    for h in households() {
        for c in &h.changes {
            let problems = c.validate();
            assert!(problems.is_empty(), "{} {}: {problems:?}", c.change_id, c.kind.label());
            lines += 1;
        }
    }
    assert!(lines > 20_000);
}

#[test]
fn every_income_record_validates() {
    let mut records = 0;
    for h in households() {
        for i in &h.incomes {
            let problems = i.validate();
            assert!(problems.is_empty(), "{} {}: {problems:?}", i.resident_no, i.year);
            records += 1;
        }
    }
    assert!(records > 20_000);
}

#[test]
fn every_flag_has_the_attributes_its_kind_needs() {
    for h in households() {
        for f in &h.flags {
            assert!(f.kind.validate_attributes(&f.attributes).is_empty(), "{:?}", f);
            if let Some(end) = f.ends_before {
                assert!(f.starts_on < end, "{f:?}");
            }
            assert_eq!(f.resident_no.is_none(), f.kind.is_household_flag(), "{f:?}");
        }
    }
}

#[test]
fn change_ids_are_unique_in_the_city_and_marked_demo() {
    let mut seen = HashSet::new();
    for h in households() {
        for c in &h.changes {
            assert!(c.change_id.starts_with("DEMO-"), "{}", c.change_id);
            assert!(seen.insert(c.change_id.clone()), "duplicate {}", c.change_id);
        }
    }
}

#[test]
fn names_and_addresses_are_well_formed_and_fictional() {
    for h in households() {
        for c in &h.changes {
            if let Some(p) = &c.person {
                assert!(is_valid_kana_name(&p.name.kana), "{}", p.name.kana);
                assert_eq!(p.name.kana.matches('\u{3000}').count(), 1, "{}", p.name.kana);
                assert!(!p.name.name.trim().is_empty());
                if p.nationality.is_none() {
                    assert_eq!(p.name.name.matches('\u{3000}').count(), 1, "{}", p.name.name);
                }
            }
            if let Some(a) = &c.address {
                assert!(a.postal_code.starts_with("999"), "{}", a.postal_code);
                let in_city = a.line.starts_with("デモ県デモ市");
                let outside = matches!(
                    c.kind,
                    ResidentChangeKind::MoveOut | ResidentChangeKind::NonResidentRegistration
                );
                assert!(in_city != outside, "{} {}", c.kind.label(), a.line);
            }
        }
    }
}

#[test]
fn the_insurer_is_marked_fictional() {
    assert_eq!(DemoCity::INSURER_NO.len(), 6);
    assert!(DemoCity::INSURER_NO.starts_with("99"));
    assert_eq!(DemoCity::insurer_no().as_str(), DemoCity::INSURER_NO);
    assert!(DemoCity::INSURER_NAME.contains("デモ市"));
    assert!(DemoCity::INSURER_NAME.contains("架空"));
}

#[test]
fn all_dates_are_on_or_before_as_of() {
    for h in households() {
        for c in &h.changes {
            assert!(c.effective_on <= AS_OF && c.notified_on <= AS_OF, "{}", c.change_id);
        }
        for e in &h.enrollments {
            assert!(e.acquired_on <= AS_OF && e.acquisition_notified_on <= AS_OF);
            assert!(e.acquisition_notified_on >= e.acquired_on);
            if let Some(n) = e.loss_notified_on {
                assert!(n <= AS_OF);
            }
        }
    }
}
