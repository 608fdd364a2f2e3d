//! Properties of the premium calculation and its installments over generated households:
//! Σ installments = the year's amount, the premium never falls as income rises (below the cap),
//! reductions never raise it, a full year of coverage is the annual amount, and the amounts-only
//! calculation equals the explained one.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kokuho_domain::Yen;
use kokuho_domain::assessment::collection_plan::{CollectionSettings, initial_plan, revised_plan};
use kokuho_domain::assessment::installments::{Remainder, Withholding, split};
use kokuho_domain::assessment::premium::published::published_rates;
use kokuho_domain::assessment::premium::{PremiumInput, PremiumResult, calculate, calculate_amounts};
use kokuho_domain::kernel::date::{FiscalYear, YearMonth};
use proptest::prelude::*;
use serde_json::{Value, json};

fn rates(fiscal_year: i32) -> Value {
    published_rates()
        .into_iter()
        .find(|t| t.fiscal_year == fiscal_year)
        .map(|t| serde_json::from_str(t.rates).unwrap())
        .unwrap()
}

fn input(fiscal_year: i32, members: &[(u16, i64, i64, bool)], coverage_from: Option<&str>) -> PremiumInput {
    let members: Vec<Value> = members
        .iter()
        .enumerate()
        .map(|(i, (birth_year, salary, pension, declared))| {
            let mut m = json!({
                "id": format!("p{i}"),
                "birth_date": format!("{birth_year}-06-15"),
                "income": if *declared {
                    json!({"salary_revenue": salary, "pension_revenue": pension})
                } else {
                    json!({"declared": false})
                }
            });
            if let Some(from) = coverage_from {
                m["coverage"] = json!([{"from": from, "until": null}]);
            }
            m
        })
        .collect();
    serde_json::from_value(json!({
        "fiscal_year": fiscal_year,
        "rates": rates(fiscal_year),
        "household": {"head": "p0", "members": members}
    }))
    .unwrap()
}

fn member() -> impl Strategy<Value = (u16, i64, i64, bool)> {
    (
        1952u16..2025,
        0i64..12_000_000,
        0i64..4_000_000,
        prop::bool::weighted(0.95),
    )
}

fn gross(r: &PremiumResult) -> i64 {
    r.components
        .values()
        .map(|c| c.income_levy.value() + c.per_capita.value() + c.per_household.value() + c.asset_levy.value())
        .sum()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn installments_always_sum_to_the_year(
        total in 0i64..5_000_000,
        n in 1usize..=12,
        unit in prop::sample::select(vec![1i64, 10, 100, 1_000]),
        last in any::<bool>()
    ) {
        let fy = FiscalYear::new(2025).unwrap();
        let months: Vec<YearMonth> = fy.months().take(n).collect();
        let remainder = if last { Remainder::Last } else { Remainder::First };
        let parts = split(total, &months, unit, remainder);
        prop_assert_eq!(parts.iter().map(|i| i.amount).sum::<i64>(), total);
        prop_assert!(parts.iter().all(|i| i.amount >= 0));
        let settings = CollectionSettings { unit, remainder, ..CollectionSettings::default() };
        for plan in [
            initial_plan(Yen::new(total), fy, &settings, &Withholding::Direct("x"), None),
            initial_plan(Yen::new(total), fy, &settings, &Withholding::Withheld, None),
            initial_plan(Yen::new(total), fy, &settings, &Withholding::Withheld, Some(Yen::new(total / 7))),
        ] {
            prop_assert_eq!(plan.charged().value(), total);
        }
    }

    #[test]
    fn a_revision_charges_the_new_amount_or_refunds_the_excess(
        old in 0i64..3_000_000,
        new in 0i64..3_000_000,
        month in 0u8..15
    ) {
        let fy = FiscalYear::new(2025).unwrap();
        let settings = CollectionSettings::default();
        let before = initial_plan(Yen::new(old), fy, &settings, &Withholding::Withheld, Some(Yen::new(old / 6)));
        let today = fy.start().checked_add(jiff::Span::new().months(i64::from(month))).unwrap();
        let after = revised_plan(&before.installments, Yen::new(new), today, fy, &settings);
        prop_assert_eq!(after.charged().value() - after.refund.value(), new);
        // Installments already due are never changed.
        let from = YearMonth::of(today);
        let past = |p: &kokuho_domain::assessment::collection_plan::CollectionPlan| {
            p.installments.iter().filter(|i| i.month < from).copied().collect::<Vec<_>>()
        };
        prop_assert_eq!(past(&after), past(&before));
    }

    #[test]
    fn more_income_never_lowers_the_premium(
        people in prop::collection::vec(member(), 1..4),
        extra in 0i64..3_000_000,
        year in prop::sample::select(vec![2025, 2026])
    ) {
        let richer: Vec<_> =
            people.iter().enumerate().map(|(i, m)| if i == 0 { (m.0, m.1 + extra, m.2, m.3) } else { *m }).collect();
        let a = calculate(&input(year, &people, None)).unwrap();
        let b = calculate(&input(year, &richer, None)).unwrap();
        prop_assert!(b.total >= a.total, "{} → {}", a.total, b.total);
    }

    #[test]
    fn reductions_never_raise_the_premium(
        people in prop::collection::vec(member(), 1..5),
        year in prop::sample::select(vec![2025, 2026])
    ) {
        let r = calculate(&input(year, &people, None)).unwrap();
        for c in r.components.values() {
            prop_assert!(!c.reductions.is_negative() && !c.exemptions.is_negative());
        }
        prop_assert!(r.total.value() <= gross(&r), "{} > {}", r.total, gross(&r));
    }

    #[test]
    fn a_full_year_of_coverage_is_the_annual_amount(people in prop::collection::vec(member(), 1..4)) {
        // Coverage from before the year (or from April 1st) and no coverage given (the whole year)
        // are the same year.
        let whole = calculate(&input(2025, &people, None)).unwrap();
        let from_april = calculate(&input(2025, &people, Some("2025-04-01"))).unwrap();
        let from_before = calculate(&input(2025, &people, Some("2019-11-20"))).unwrap();
        prop_assert_eq!(whole.total, from_april.total);
        prop_assert_eq!(whole.total, from_before.total);
    }

    #[test]
    fn amounts_only_equals_the_explained_calculation(
        people in prop::collection::vec(member(), 1..5),
        year in prop::sample::select(vec![2025, 2026])
    ) {
        let i = input(year, &people, None);
        let explained = calculate(&i).unwrap();
        let amounts = calculate_amounts(&i).unwrap();
        prop_assert!(amounts.explanation.is_empty());
        prop_assert!(!explained.explanation.is_empty());
        prop_assert_eq!(PremiumResult { explanation: Vec::new(), ..explained }, amounts);
    }
}
