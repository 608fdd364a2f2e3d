//! Throughput of the synthetic-city generator (`cargo bench -p kokuho-demo`).
//!
//! Generates `KOKUHO_DEMO_BENCH_HOUSEHOLDS` households (default 500,000) on one thread, consuming
//! every record so nothing is optimised away, then the same city split over two threads with
//! `DemoCity::households_in` to show that chunks are independent. Prints households per second.

use std::hint::black_box;
use std::time::Instant;

use jiff::civil::date;
use kokuho_demo::{DemoCity, DemoHousehold};

fn weight(h: &DemoHousehold) -> usize {
    h.members.len() + h.changes.len() + h.enrollments.len() + h.incomes.len() + h.flags.len()
}

fn main() {
    let households: u32 = std::env::var("KOKUHO_DEMO_BENCH_HOUSEHOLDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(500_000);
    let city = DemoCity::new(2026, households, date(2026, 6, 1));

    let start = Instant::now();
    let mut records = 0usize;
    for h in city.households() {
        records += weight(black_box(&h));
    }
    let single = start.elapsed();
    println!(
        "generate/1 thread: {households} households, {records} records in {:.2} s = {:.0} households/s",
        single.as_secs_f64(),
        f64::from(households) / single.as_secs_f64()
    );

    let start = Instant::now();
    let mid = households / 2;
    let parallel: usize = std::thread::scope(|s| {
        let a = s.spawn(|| city.households_in(0..mid).map(|h| weight(black_box(&h))).sum::<usize>());
        let b = s.spawn(|| {
            city.households_in(mid..households)
                .map(|h| weight(black_box(&h)))
                .sum::<usize>()
        });
        a.join().unwrap_or(0) + b.join().unwrap_or(0)
    });
    let two = start.elapsed();
    assert_eq!(parallel, records, "chunked generation must produce the same city");
    println!(
        "generate/2 threads: {households} households in {:.2} s = {:.0} households/s",
        two.as_secs_f64(),
        f64::from(households) / two.as_secs_f64()
    );
}
