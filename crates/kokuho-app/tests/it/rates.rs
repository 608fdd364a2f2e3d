//! 料率表 as master data: validated, journaled, audited, rebuilt, refused without 賦課.

use kokuho_app::AppError;
use kokuho_app::AuthMethod;
use kokuho_app::assessment::rates::RateTableChange;
use kokuho_domain::assessment::premium::input::RatesInput;
use kokuho_domain::assessment::premium::published::published_rates;

use crate::support::*;

fn assessor(f: &Fixture) -> kokuho_app::Actor {
    f.app
        .add_user(
            &f.admin,
            &"yamada".parse().unwrap(),
            "賦課 職員",
            &["assessment".to_string()],
            None,
        )
        .unwrap();
    f.app.actor_for_login("yamada", AuthMethod::Cli).unwrap()
}

fn amagasaki_2025_text() -> String {
    published_rates()
        .into_iter()
        .find(|t| t.fiscal_year == 2025)
        .unwrap()
        .rates
        .to_owned()
}

fn amagasaki_2025() -> RatesInput {
    typed(&amagasaki_2025_text())
}

fn typed(text: &str) -> RatesInput {
    serde_json::from_str(text).unwrap()
}

#[test]
fn a_rate_table_is_set_once_changed_visibly_and_rebuilt_from_the_journal() {
    both(|f| {
        let a = assessor(&f);
        assert_eq!(
            f.app
                .set_rate_table(&a, 2025, "令和7年度", &amagasaki_2025(), None)
                .unwrap(),
            RateTableChange::Created
        );
        // The same table again records nothing; a different one is a change.
        assert_eq!(
            f.app
                .set_rate_table(&a, 2025, "令和7年度", &amagasaki_2025(), None)
                .unwrap(),
            RateTableChange::Unchanged
        );
        let raised = typed(&amagasaki_2025_text().replace("\"8.04\"", "\"8.10\""));
        assert_eq!(
            f.app
                .set_rate_table(&a, 2025, "令和7年度（改定）", &raised, None)
                .unwrap(),
            RateTableChange::Changed
        );
        let t = f.app.rate_table(&a, 2025).unwrap();
        assert_eq!(
            t.rates.components.medical.as_ref().unwrap().income_rate.percent_text(),
            "8.10"
        );
        assert_eq!((t.label.as_str(), t.set_by.as_str()), ("令和7年度（改定）", "yamada"));
        assert_eq!(f.app.verify_journal(&f.auditor).unwrap().entries, 2);
        // Rebuilt from the journal, the table is the same.
        f.app.rebuild_projections(&f.admin).unwrap();
        assert_eq!(f.app.rate_table(&a, 2025).unwrap(), t);
        assert_eq!(f.app.rate_tables(&a).unwrap().len(), 1);
    });
}

#[test]
fn bad_tables_and_missing_permission_are_refused_and_nothing_is_stored() {
    both(|f| {
        let a = assessor(&f);
        let over_cap = typed(&amagasaki_2025_text().replace("660000", "700000"));
        match f.app.set_rate_table(&a, 2025, "令和7年度", &over_cap, None) {
            Err(AppError::Invalid(p)) => assert!(p[0].message.contains("rates.components.medical.cap"), "{p:?}"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            f.app.set_rate_table(&a, 2025, " ", &amagasaki_2025(), None),
            Err(AppError::Invalid(_))
        ));
        assert!(matches!(
            f.app.set_rate_table(&a, 2019, "古い年度", &amagasaki_2025(), None),
            Err(AppError::Invalid(_))
        ));
        assert!(matches!(
            f.app
                .set_rate_table(&f.counter, 2025, "令和7年度", &amagasaki_2025(), None),
            Err(AppError::Denied { .. })
        ));
        assert!(matches!(f.app.rate_tables(&f.clerk), Err(AppError::Denied { .. })));
        assert!(matches!(f.app.rate_table(&a, 2025), Err(AppError::NotFound { .. })));
        assert_eq!(f.app.verify_journal(&f.auditor).unwrap().entries, 0);
    });
}
