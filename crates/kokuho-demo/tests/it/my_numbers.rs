//! Demo 個人番号: valid, unique, marked with `00`, plus the deliberate conflicts.

use std::collections::HashSet;

use kokuho_demo::{DEMO_MY_NUMBER_PREFIX, DemoMyNumber};
use kokuho_domain::MyNumber;

use crate::common::{households, per_10000};

#[test]
fn every_valid_number_parses_and_carries_the_demo_marker() {
    let mut seen = HashSet::new();
    for h in households() {
        for m in &h.members {
            if let DemoMyNumber::Valid(n) = &m.my_number {
                // Test-only use of the digits: re-parse them and check the marker.
                let digits = n.expose_digits();
                assert!(digits.starts_with(DEMO_MY_NUMBER_PREFIX));
                assert_eq!(DEMO_MY_NUMBER_PREFIX, "00");
                let again = MyNumber::parse(digits).unwrap();
                assert_eq!(&again, n);
                assert!(seen.insert(digits.to_string()), "valid numbers must be unique");
            }
        }
    }
    assert!(seen.len() > 30_000);
}

#[test]
fn conflicts_are_rare_and_point_at_another_member() {
    let (mut with_conflict, mut blanks, mut duplicates) = (0usize, 0usize, 0usize);
    for h in households() {
        let mut conflicts = 0;
        for m in &h.members {
            match &m.my_number {
                DemoMyNumber::Valid(_) => {}
                DemoMyNumber::Blank => {
                    conflicts += 1;
                    blanks += 1;
                    assert!(m.my_number.number().is_none());
                }
                DemoMyNumber::Duplicate { number, same_as } => {
                    conflicts += 1;
                    duplicates += 1;
                    assert_ne!(same_as, &m.resident_no);
                    let other = h.member(same_as).expect("the duplicated resident is in the household");
                    assert_eq!(other.my_number, DemoMyNumber::Valid(number.clone()));
                }
            }
        }
        assert!(conflicts <= 1);
        with_conflict += conflicts;
    }
    let share = per_10000(with_conflict, households().len());
    assert!((25..=80).contains(&share), "conflict share {share}/10000");
    assert!(blanks > 0 && duplicates > 0, "{blanks} blanks, {duplicates} duplicates");
}
