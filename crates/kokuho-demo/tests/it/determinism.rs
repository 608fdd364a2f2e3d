//! Same seed → same city; households are independent of generation order.

use jiff::civil::date;
use kokuho_demo::{DemoCity, DemoHousehold};

use crate::common::AS_OF;

#[test]
fn the_same_seed_gives_identical_households() {
    let a: Vec<DemoHousehold> = DemoCity::new(5, 1_500, AS_OF).households().collect();
    let b: Vec<DemoHousehold> = DemoCity::new(5, 1_500, AS_OF).households().collect();
    assert_eq!(a.len(), 1_500);
    assert_eq!(a, b);
}

#[test]
fn a_different_seed_gives_a_different_city() {
    let a = DemoCity::new(5, 500, AS_OF);
    let b = DemoCity::new(6, 500, AS_OF);
    let same = a.households().zip(b.households()).filter(|(x, y)| x == y).count();
    assert_eq!(same, 0, "households identical across seeds");
    // Not only the random draws: the demo numbers are seed-dependent too.
    let na = a.household(0).members[0].my_number.clone();
    let nb = b.household(0).members[0].my_number.clone();
    assert_ne!(na, nb);
}

#[test]
fn a_household_does_not_depend_on_generation_order() {
    let city = DemoCity::new(77, 400, AS_OF);
    let forward: Vec<DemoHousehold> = city.households().collect();
    // Backwards, one at a time.
    for i in (0..400u32).rev() {
        assert_eq!(city.household(i), forward[i as usize], "household {i}");
    }
    // In interleaved chunks, as a parallel run would do.
    let mut chunked: Vec<DemoHousehold> = Vec::new();
    for start in (0..400u32).step_by(64).rev() {
        let mut chunk: Vec<DemoHousehold> = city.households_in(start..start + 64).collect();
        chunk.extend(chunked);
        chunked = chunk;
    }
    assert_eq!(chunked, forward);
    // A second city object with the same parameters and a different size agrees on the
    // households they share: a household is a function of (seed, as_of, index) only.
    let bigger = DemoCity::new(77, 10_000, AS_OF);
    assert_eq!(bigger.household(123), forward[123]);
    assert_eq!(bigger.household(399), forward[399]);
}

#[test]
fn ranges_are_clamped_to_the_city() {
    let city = DemoCity::new(1, 10, AS_OF);
    assert_eq!(city.households_in(5..50).count(), 5);
    assert_eq!(city.households_in(20..30).count(), 0);
    assert_eq!(DemoCity::new(1, 0, AS_OF).households().count(), 0);
    let indexes: Vec<u32> = city.households_in(3..6).map(|h| h.index).collect();
    assert_eq!(indexes, [3, 4, 5]);
}

#[test]
fn the_city_knows_its_parameters() {
    let city = DemoCity::new(9, 3, date(2026, 3, 31));
    assert_eq!(city.seed(), 9);
    assert_eq!(city.household_count(), 3);
    assert_eq!(city.as_of(), date(2026, 3, 31));
    assert_eq!(city.fiscal_year(), 2025);
    assert_eq!(city.income_years(), [2023, 2024]);
    let city = DemoCity::new(9, 3, date(2026, 4, 1));
    assert_eq!(city.fiscal_year(), 2026);
    assert_eq!(city.income_years(), [2024, 2025]);
}

#[test]
fn other_dates_produce_valid_cities_too() {
    for as_of in [date(2024, 4, 1), date(2025, 12, 31), date(2030, 2, 28)] {
        let city = DemoCity::new(3, 300, as_of);
        for h in city.households() {
            for c in &h.changes {
                assert!(c.validate().is_empty(), "{:?}", c.validate());
                assert!(c.effective_on <= as_of);
                assert!(c.notified_on <= as_of);
            }
            for i in &h.incomes {
                assert!(i.validate().is_empty());
                assert!(city.income_years().contains(&i.year));
            }
            assert!(h.insured_on(as_of).count() >= 1);
        }
    }
}
