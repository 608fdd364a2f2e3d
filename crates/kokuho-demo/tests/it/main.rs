//! Integration tests of the synthetic city.

use std::time::Instant;

#[test]
fn debug_speed_probe() {
    let city = kokuho_demo::DemoCity::new(1, 20_000, jiff::civil::date(2026, 6, 1));
    let t = Instant::now();
    let v: Vec<_> = city.households().collect();
    eprintln!("{} households in {:?}", v.len(), t.elapsed());
}
