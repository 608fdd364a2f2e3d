//! A stored household's premium: the calculator's input is built from membership, eligibility,
//! flags and income, and the result equals the calculator on the same facts.

use jiff::civil::date;
use kokuho_app::AppError;
use kokuho_app::AuthMethod;
use kokuho_app::usecases::eligibility::EnrollRequest;
use kokuho_domain::Yen;
use kokuho_domain::income::IncomeRecord;
use kokuho_domain::premium::parse_and_calculate;
use kokuho_domain::premium::published::published_rates;
use serde_json::json;

use crate::support::*;

fn income(resident_no: &str, salary: i64, pension: i64) -> IncomeRecord {
    IncomeRecord { salary_revenue: Yen::new(salary), pension_revenue: Yen::new(pension), ..IncomeRecord::zero(resident_no.parse().unwrap(), 2024) }
}

fn rates_2025() -> serde_json::Value {
    published_rates().into_iter().find(|t| t.fiscal_year == 2025).unwrap().rates
}

#[test]
fn a_household_is_assessed_from_its_stored_facts_like_the_calculator() {
    both(|f| {
        seed_household(&f);
        let enroll = |r: &str, on| EnrollRequest { resident_no: r.into(), acquired_on: on, reason: "社保離脱".into(), notified_on: on };
        f.app.enroll(&f.clerk, &enroll("1001", date(2020, 4, 1))).unwrap();
        f.app.enroll(&f.clerk, &enroll("1002", date(2025, 10, 15))).unwrap();
        f.app.add_user(&f.admin, &"yamada".parse().unwrap(), "賦課 職員", &["assessment".to_string()], None).unwrap();
        let a = f.app.actor_for_login("yamada", AuthMethod::Cli).unwrap();
        // No rate table yet: a clear refusal.
        assert!(matches!(f.app.household_premium(&a, "501", 2025), Err(AppError::NotFound { .. })));
        f.app.set_rate_table(&a, 2025, "令和7年度", &rates_2025().to_string()).unwrap();
        // 1002's income is missing: computed as 未申告 and listed.
        f.app.import_incomes(&a, "i.csv", &[(2, income("1001", 0, 3_000_000))]).unwrap();
        let p = f.app.household_premium(&a, "501", 2025).unwrap();
        assert_eq!(p.incomplete.len(), 1, "{:?}", p.incomplete);
        assert!(p.incomplete[0].contains("1002"));
        assert_eq!(p.result.reduction, "none");
        // With both incomes: exactly what the calculator gives for the same facts.
        f.app.import_incomes(&a, "i2.csv", &[(2, income("1002", 2_000_000, 0))]).unwrap();
        let p = f.app.household_premium(&a, "501", 2025).unwrap();
        assert!(p.incomplete.is_empty());
        let expected = parse_and_calculate(
            &json!({
                "fiscal_year": 2025,
                "rates": rates_2025(),
                "household": {"head": "1001", "members": [
                    {"id": "1001", "birth_date": "1960-05-10", "coverage": [{"from": "2020-04-01", "until": null}], "income": {"pension_revenue": 3_000_000}},
                    {"id": "1002", "birth_date": "1965-08-01", "coverage": [{"from": "2025-10-15", "until": null}], "income": {"salary_revenue": 2_000_000}}
                ]}
            })
            .to_string(),
        )
        .unwrap();
        assert_eq!(p.result.total, expected.total);
        assert_eq!(p.result.components, expected.components);
        assert_eq!(p.result.members[1].insured_months, 6);
        // Permission: a counter clerk may not.
        assert!(matches!(f.app.household_premium(&f.counter, "501", 2025), Err(AppError::Denied { .. })));
        assert!(matches!(f.app.household_premium(&a, "999", 2025), Err(AppError::NotFound { .. })));
    });
}

#[test]
fn the_annual_batch_assesses_every_household_once_resumes_and_reassesses_what_changed() {
    use kokuho_demo::DemoCity;
    both(|f| {
        let city = DemoCity::new(7, 250, date(2026, 6, 1));
        f.app.load_demo_city(&f.clerk, &city, &|_| {}).unwrap();
        f.app.add_user(&f.admin, &"yamada".parse().unwrap(), "賦課 職員", &["assessment".to_string()], None).unwrap();
        let a = f.app.actor_for_login("yamada", AuthMethod::Cli).unwrap();
        // No rate table: refused before anything is done.
        assert!(matches!(f.app.assess_year(&a, 2025, &|_, _| {}, &|| false), Err(AppError::NotFound { .. })));
        f.app.set_demo_rate_tables(&a).unwrap();
        // Stopped after the first chunk of 200.
        let asked = std::cell::Cell::new(0);
        let first = f.app.assess_year(&a, 2025, &|_, _| {}, &|| {
            asked.set(asked.get() + 1);
            asked.get() > 1
        }).unwrap();
        assert!(first.stopped);
        assert_eq!(first.assessed + first.failed.len(), 200);
        // Run again: the rest is done, the first 200 are unchanged.
        let second = f.app.assess_year(&a, 2025, &|_, _| {}, &|| false).unwrap();
        assert!(!second.stopped);
        // Households with a member in FY2025 (a few of the 250 came later or left earlier).
        assert!(second.households > 200 && second.households <= 250, "{}", second.households);
        assert_eq!(second.unchanged, first.assessed);
        assert_eq!(first.assessed + second.assessed + second.failed.len(), second.households, "{:?}", second.failed);
        // A third run changes nothing; the demo's 未申告 people are still listed.
        let third = f.app.assess_year(&a, 2025, &|_, _| {}, &|| false).unwrap();
        assert_eq!(third.assessed, 0);
        let names = |notes: &[kokuho_app::usecases::assessment_batch::HouseholdNote]| notes.iter().map(|n| n.household_no.clone()).collect::<std::collections::BTreeSet<_>>();
        let earlier: std::collections::BTreeSet<_> = names(&first.incomplete).union(&names(&second.incomplete)).cloned().collect();
        assert_eq!(names(&third.incomplete), earlier);
        assert!(!earlier.is_empty(), "the demo city has people without a declared income");
        // A stored household's number and its amount agree with the counter's computation.
        let household = city.household(0).household_no.to_string();
        let counter = f.app.household_premium(&a, &household, 2025).unwrap();
        let stored = f.db.store().read(|tx| kokuho_store::repo::assessments::versions(tx, INSURER, 2025, &household)).unwrap();
        assert_eq!(stored.last().map(|v| v.total), Some(counter.result.total));
        // A corrected income (更正): only that household gets a new version.
        let head = city.household(0).head.to_string();
        f.app.import_incomes(&a, "fix.csv", &[(2, income(&head, 9_000_000, 0))]).unwrap();
        let fourth = f.app.assess_year(&a, 2025, &|_, _| {}, &|| false).unwrap();
        assert_eq!(fourth.assessed, 1);
        let stored = f.db.store().read(|tx| kokuho_store::repo::assessments::versions(tx, INSURER, 2025, &household)).unwrap();
        assert_eq!(stored.iter().map(|v| v.version).collect::<Vec<_>>(), vec![1, 2]);
        assert!(stored[1].total > stored[0].total);
        // Rebuilt from the journal: the same assessments.
        let before = f.db.store().read(|tx| kokuho_store::repo::dump_projections(tx, INSURER)).unwrap();
        f.app.rebuild_projections(&f.admin).unwrap();
        let after = f.db.store().read(|tx| kokuho_store::repo::dump_projections(tx, INSURER)).unwrap();
        assert_eq!(before, after);
    });
}

