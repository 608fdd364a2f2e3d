//! Prints the realism statistics of a demo city, for tuning the generator's parameters:
//! `cargo run --release -p kokuho-demo --example city_stats -- [households] [seed]`.

use std::collections::BTreeMap;

use jiff::Unit;
use jiff::civil::date;
use kokuho_demo::{DemoCity, DemoCoverage, DemoMemberStatus, DemoMyNumber};

/// `a / b` as a percentage with two decimals, in integer arithmetic.
fn pct(a: usize, b: usize) -> String {
    let x = a * 10_000 / b.max(1);
    format!("{}.{:02}%", x / 100, x % 100)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: u32 = args.next().and_then(|s| s.parse().ok()).unwrap_or(20_000);
    let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(7);
    let as_of = date(2026, 6, 1);
    let city = DemoCity::new(seed, n, as_of);
    let households = usize::try_from(n).unwrap_or(usize::MAX);
    let mut sizes: BTreeMap<usize, usize> = BTreeMap::new();
    let mut ages: BTreeMap<i16, usize> = BTreeMap::new();
    let (mut insured, mut young_old, mut foreign, mut persons, mut nominal, mut high) = (0, 0, 0, 0, 0, 0);
    let (mut blank, mut duplicate) = (0, 0);
    let mut flags: BTreeMap<&str, usize> = BTreeMap::new();
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut incomes, mut undeclared, mut exempt) = (0, 0, 0);
    for h in city.households() {
        *sizes.entry(h.present_members().count()).or_default() += 1;
        nominal += usize::from(h.has_nominal_head());
        high += usize::from(h.incomes.iter().any(|i| i.other_income.value() >= 10_000_000));
        for m in &h.members {
            if m.status == DemoMemberStatus::Present {
                persons += 1;
                foreign += usize::from(m.person.nationality.is_some());
            }
            match m.my_number {
                DemoMyNumber::Blank => blank += 1,
                DemoMyNumber::Duplicate { .. } => duplicate += 1,
                DemoMyNumber::Valid(_) => {}
            }
            if m.coverage == DemoCoverage::Nhi {
                insured += 1;
                let age = m
                    .person
                    .birth_date
                    .until((Unit::Year, as_of))
                    .map_or(0, |s| s.get_years());
                *ages.entry(age / 5 * 5).or_default() += 1;
                young_old += usize::from((65..75).contains(&age));
            }
        }
        for i in &h.incomes {
            incomes += 1;
            undeclared += usize::from(i.undeclared);
            exempt += usize::from(i.tax_exempt);
        }
        for f in &h.flags {
            *flags.entry(f.kind.label()).or_default() += 1;
        }
        for c in &h.changes {
            *kinds.entry(c.kind.label()).or_default() += 1;
        }
        for e in &h.enrollments {
            *reasons.entry(e.reason.label()).or_default() += 1;
        }
    }
    println!("households {n} (seed {seed}, as of {as_of}), persons {persons}, insured {insured}");
    for (s, c) in &sizes {
        println!("  size {s}: {}", pct(*c, households));
    }
    println!("insured aged 65-74: {}", pct(young_old, insured));
    for (a, c) in &ages {
        println!("  insured aged {a:>2}-{:<2}: {}", a + 4, pct(*c, insured));
    }
    println!("foreign residents: {}", pct(foreign, persons));
    println!("nominal heads (擬制世帯主): {}", pct(nominal, households));
    println!("households with 事業所得 >= 1,000万: {}", pct(high, households));
    println!("個人番号 conflicts: {blank} blank, {duplicate} duplicate");
    println!(
        "income records {incomes}: 未申告 {}, 非課税 {}",
        pct(undeclared, incomes),
        pct(exempt, incomes)
    );
    println!("flags {flags:?}");
    println!("register lines {kinds:?}");
    println!("NHI acquisitions {reasons:?}");
}
