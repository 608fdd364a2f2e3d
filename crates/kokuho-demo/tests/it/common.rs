//! The shared 20,000-household city and small helpers.

use std::sync::OnceLock;

use jiff::Unit;
use kokuho_demo::{DemoCity, DemoHousehold};
use kokuho_domain::Date;

pub const SEED: u64 = 20_260_601;
pub const HOUSEHOLDS: u32 = 20_000;
pub const AS_OF: Date = Date::constant(2026, 6, 1);

/// The city every city-wide test looks at, generated once per test binary.
pub fn city() -> &'static (DemoCity, Vec<DemoHousehold>) {
    static CITY: OnceLock<(DemoCity, Vec<DemoHousehold>)> = OnceLock::new();
    CITY.get_or_init(|| {
        // `KOKUHO_DEMO_TEST_SEED` runs the same checks on another city.
        let seed = std::env::var("KOKUHO_DEMO_TEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(SEED);
        let city = DemoCity::new(seed, HOUSEHOLDS, AS_OF);
        let households = city.households().collect();
        (city, households)
    })
}

pub fn households() -> &'static [DemoHousehold] {
    &city().1
}

/// Completed years of age on `on` (birthday basis).
pub fn age_on(birth: Date, on: Date) -> i32 {
    let span = birth.until((Unit::Year, on)).unwrap();
    i32::from(span.get_years())
}

/// `part` as a percentage of `whole`, in hundredths of a percent (integer).
pub fn per_10000(part: usize, whole: usize) -> usize {
    part * 10_000 / whole.max(1)
}
