//! Prints aggregate statistics of a demo city (for tuning the realism parameters).
use jiff::civil::date;
use kokuho_demo::{DemoCity, DemoCoverage, DemoMemberStatus, DemoMyNumber};
use std::collections::BTreeMap;

fn main() {
    let n: u32 = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(20_000);
    let as_of = date(2026, 6, 1);
    let city = DemoCity::new(7, n, as_of);
    let mut sizes: BTreeMap<usize, u32> = BTreeMap::new();
    let mut ages: BTreeMap<i16, u32> = BTreeMap::new();
    let (mut insured, mut i65_74, mut foreign, mut persons, mut nominal, mut high, mut blank, mut dup) = (0u32, 0u32, 0u32, 0u32, 0u32, 0u32, 0u32, 0u32);
    let mut flags: BTreeMap<&str, u32> = BTreeMap::new();
    let mut kinds: BTreeMap<&str, u32> = BTreeMap::new();
    let mut reasons: BTreeMap<&str, u32> = BTreeMap::new();
    let (mut incomes, mut undeclared, mut exempt) = (0u32, 0u32, 0u32);
    let mut zero_income_pensioners = 0u32;
    for h in city.households() {
        *sizes.entry(h.present_members().count()).or_default() += 1;
        if h.has_nominal_head() { nominal += 1; }
        for m in &h.members {
            if m.status == DemoMemberStatus::Present || matches!(m.status, DemoMemberStatus::StudentAway { .. }) {
                persons += 1;
                if m.person.nationality.is_some() { foreign += 1; }
            }
            match m.my_number { DemoMyNumber::Blank => blank += 1, DemoMyNumber::Duplicate { .. } => dup += 1, _ => {} }
            if m.coverage == DemoCoverage::Nhi {
                insured += 1;
                let age = m.person.birth_date.until(as_of).ok().map(|s| s.get_days()).unwrap_or(0) / 365;
                let age = i16::try_from(age).unwrap_or(0);
                *ages.entry(age / 5 * 5).or_default() += 1;
                if (65..75).contains(&age) { i65_74 += 1; }
            }
        }
        if h.incomes.iter().any(|i| i.other_income.value() >= 10_000_000) { high += 1; }
        for i in &h.incomes {
            incomes += 1;
            if i.undeclared { undeclared += 1; }
            if i.tax_exempt { exempt += 1; }
            if i.year == 2025 && !i.undeclared && i.pension_revenue.value() == 0 && i.salary_revenue.value() == 0 && i.other_income.value() == 0 {
                if let Some(m) = h.member(&i.resident_no) {
                    if m.person.birth_date.year() <= 1958 { zero_income_pensioners += 1; }
                }
            }
        }
        for f in &h.flags { *flags.entry(f.kind.label()).or_default() += 1; }
        for c in &h.changes { *kinds.entry(c.kind.label()).or_default() += 1; }
        for e in &h.enrollments { *reasons.entry(e.reason.label()).or_default() += 1; }
    }
    let pct = |a: u32, b: u32| format!("{:.2}%", f64::from(a) * 100.0 / f64::from(b.max(1)));
    println!("households {n}, persons {persons}, insured {insured} ({:.3}/hh)", f64::from(insured) / f64::from(n));
    for (s, c) in &sizes { println!("  size {s}: {}", pct(*c, n)); }
    println!("65-74 share of insured {}", pct(i65_74, insured));
    for (a, c) in &ages { println!("  age {a:>3}-: {}", pct(*c, insured)); }
    println!("foreign persons {}", pct(foreign, persons));
    println!("nominal heads {}", pct(nominal, n));
    println!("high earners {}", pct(high, n));
    println!("blank {blank}, duplicate {dup}");
    println!("incomes {incomes}, undeclared {}, exempt {}, 65+ with zero income {}", pct(undeclared, incomes), pct(exempt, incomes), zero_income_pensioners);
    println!("flags {flags:?}");
    println!("changes {kinds:?}");
    println!("acquisitions {reasons:?}");
}
