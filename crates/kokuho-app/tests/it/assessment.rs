//! A stored household's premium: the calculator's input is built from membership, eligibility,
//! flags and income, and the result equals the calculator on the same facts.

use jiff::civil::date;
use kokuho_app::AppError;
use kokuho_app::AuthMethod;
use kokuho_app::eligibility::changes::EnrollRequest;
use kokuho_contract::premium::parse_and_calculate;
use kokuho_domain::Yen;
use kokuho_domain::assessment::income::IncomeRecord;
use kokuho_domain::assessment::premium::published::published_rates;
use kokuho_domain::kernel::work::WorkKind;
use serde_json::json;

use crate::support::*;

fn income(resident_no: &str, salary: i64, pension: i64) -> IncomeRecord {
    IncomeRecord {
        salary_revenue: Yen::new(salary),
        pension_revenue: Yen::new(pension),
        ..IncomeRecord::zero(resident_no.parse().unwrap(), 2024)
    }
}

fn rates_2025() -> serde_json::Value {
    published_rates()
        .into_iter()
        .find(|t| t.fiscal_year == 2025)
        .map(|t| serde_json::from_str(t.rates).unwrap())
        .unwrap()
}

#[test]
fn a_household_is_assessed_from_its_stored_facts_like_the_calculator() {
    both(|f| {
        seed_household(&f);
        let enroll = |r: &str, on| EnrollRequest {
            resident_no: r.into(),
            acquired_on: on,
            reason: "社保離脱".into(),
            notified_on: on,
        };
        f.app.enroll(&f.clerk, &enroll("1001", date(2020, 4, 1))).unwrap();
        f.app.enroll(&f.clerk, &enroll("1002", date(2025, 10, 15))).unwrap();
        f.app
            .add_user(
                &f.admin,
                &"yamada".parse().unwrap(),
                "賦課 職員",
                &["assessment".to_string()],
                None,
            )
            .unwrap();
        let a = f.app.actor_for_login("yamada", AuthMethod::Cli).unwrap();
        // No rate table yet: a clear refusal.
        assert!(matches!(
            f.app.household_premium(&a, "501", 2025),
            Err(AppError::NotFound { .. })
        ));
        f.app
            .set_rate_table(
                &a,
                2025,
                "令和7年度",
                &serde_json::from_value(rates_2025()).unwrap(),
                None,
            )
            .unwrap();
        // 1002's income is missing: computed as 未申告 and listed.
        f.app
            .import_incomes(&a, "i.csv", &[(2, income("1001", 0, 3_000_000))])
            .unwrap();
        let p = f.app.household_premium(&a, "501", 2025).unwrap();
        assert_eq!(p.incomplete.len(), 1, "{:?}", p.incomplete);
        assert!(p.incomplete[0].contains("1002"));
        assert!(
            !p.incomplete[0].contains("山田"),
            "no names in the lists: {}",
            p.incomplete[0]
        );
        assert_eq!(p.reduction.code(), "none");
        // With both incomes: exactly what the calculator gives for the same facts.
        f.app
            .import_incomes(&a, "i2.csv", &[(2, income("1002", 2_000_000, 0))])
            .unwrap();
        let p = f.app.household_premium(&a, "501", 2025).unwrap();
        assert!(p.incomplete.is_empty());
        let expected = parse_and_calculate(
            &json!({
                "fiscal_year": 2025,
                "rates": rates_2025(),
                "household": {"head": "1001", "members": [
                    {
                        "id": "1001",
                        "birth_date": "1960-05-10",
                        "coverage": [{"from": "2020-04-01", "until": null}],
                        "income": {"pension_revenue": 3_000_000}
                    },
                    {
                        "id": "1002",
                        "birth_date": "1965-08-01",
                        "coverage": [{"from": "2025-10-15", "until": null}],
                        "income": {"salary_revenue": 2_000_000}
                    }
                ]}
            })
            .to_string(),
        )
        .unwrap();
        assert_eq!(p.total, expected.total);
        assert_eq!(p.components, expected.components);
        assert_eq!(p.result.visible().unwrap().members[1].insured_months, 6);
        // Permission: a counter clerk may not.
        assert!(matches!(
            f.app.household_premium(&f.counter, "501", 2025),
            Err(AppError::Denied { .. })
        ));
        assert!(matches!(
            f.app.household_premium(&a, "999", 2025),
            Err(AppError::NotFound { .. })
        ));
    });
}

#[test]
fn the_annual_batch_assesses_every_household_once_resumes_and_reassesses_what_changed() {
    use kokuho_app::eligibility::bulk_load::BulkLoadAudit;
    use kokuho_demo::DemoCity;
    both(|f| {
        let city = DemoCity::new(7, 250, date(2026, 6, 1));
        f.app
            .load_households(&f.clerk, &city, BulkLoadAudit::DEMO, &|_| {})
            .unwrap();
        f.app
            .add_user(
                &f.admin,
                &"yamada".parse().unwrap(),
                "賦課 職員",
                &["assessment".to_string()],
                None,
            )
            .unwrap();
        let a = f.app.actor_for_login("yamada", AuthMethod::Cli).unwrap();
        // No rate table: refused before anything is done.
        assert!(matches!(
            f.app.assess_year(&a, 2025, &|_, _| {}, &|| false),
            Err(AppError::NotFound { .. })
        ));
        f.app.set_demo_rate_tables(&a).unwrap();
        // Stopped after the first chunk of 200.
        let asked = std::cell::Cell::new(0);
        let first = f
            .app
            .assess_year_in_chunks(&a, 2025, 200, &|_, _| {}, &|| {
                asked.set(asked.get() + 1);
                asked.get() > 1
            })
            .unwrap();
        assert!(first.stopped);
        assert_eq!(first.assessed + first.not_insured + first.failed.len(), 200);
        // Run again: the rest is done, the first 200 are unchanged.
        let second = f.app.assess_year(&a, 2025, &|_, _| {}, &|| false).unwrap();
        assert!(!second.stopped);
        // Households with a member in FY2025 (a few of the 250 came later or left earlier).
        assert!(
            second.households > 200 && second.households <= 250,
            "{}",
            second.households
        );
        assert_eq!(second.unchanged, first.assessed);
        assert_eq!(
            first.assessed + second.assessed + second.not_insured + second.failed.len(),
            second.households,
            "{:?}",
            second.failed
        );
        // A third run changes nothing; the demo's 未申告 people are still listed.
        let third = f.app.assess_year(&a, 2025, &|_, _| {}, &|| false).unwrap();
        assert_eq!(third.assessed, 0);
        let names = |notes: &[kokuho_app::assessment::batch::HouseholdNote]| {
            notes
                .iter()
                .map(|n| n.household_no.clone())
                .collect::<std::collections::BTreeSet<_>>()
        };
        let earlier: std::collections::BTreeSet<_> = names(&first.incomplete)
            .union(&names(&second.incomplete))
            .cloned()
            .collect();
        assert_eq!(names(&third.incomplete), earlier);
        assert!(
            !earlier.is_empty(),
            "the demo city has people without a declared income"
        );
        // Every stored amount (read in chunks) agrees with the counter's computation (read one
        // household at a time).
        // A household with nobody insured in the year has no decision (and a premium of 0).
        let (mut compared, mut without) = (0, 0);
        for i in 0..city.household_count() {
            let household = city.household(i).household_no.to_string();
            let Ok(counter) = f.app.household_premium(&a, &household, 2025) else {
                continue;
            };
            let stored =
                f.db.store()
                    .read(|tx| kokuho_store::repo::assessment::decisions::versions(tx, INSURER, 2025, &household))
                    .unwrap();
            match stored.last() {
                Some(v) => assert_eq!(v.total, counter.total.value(), "household {household}"),
                None => {
                    assert!(
                        counter
                            .result
                            .visible()
                            .unwrap()
                            .members
                            .iter()
                            .all(|m| m.insured_months == 0),
                        "household {household} has insured months but no decision"
                    );
                    assert_eq!(counter.total, kokuho_domain::Yen::ZERO);
                    without += 1;
                }
            }
            compared += 1;
        }
        assert_eq!(compared, second.households - second.failed.len());
        assert_eq!(without, second.not_insured);
        let household = city.household(0).household_no.to_string();
        // A corrected income (更正) reassesses that household at once; the batch then finds
        // nothing to do.
        let head = city.household(0).head.to_string();
        f.app
            .import_incomes(&a, "fix.csv", &[(2, income(&head, 9_000_000, 0))])
            .unwrap();
        let fourth = f.app.assess_year(&a, 2025, &|_, _| {}, &|| false).unwrap();
        assert_eq!(fourth.assessed, 0);
        let stored =
            f.db.store()
                .read(|tx| kokuho_store::repo::assessment::decisions::versions(tx, INSURER, 2025, &household))
                .unwrap();
        assert_eq!(stored.iter().map(|v| v.version).collect::<Vec<_>>(), vec![1, 2]);
        assert!(stored[1].total > stored[0].total);
        // Rebuilt from the journal: the same assessments.
        let before =
            f.db.store()
                .read(|tx| kokuho_store::repo::dump_projections(tx, INSURER))
                .unwrap();
        f.app.rebuild_projections(&f.admin).unwrap();
        let after =
            f.db.store()
                .read(|tx| kokuho_store::repo::dump_projections(tx, INSURER))
                .unwrap();
        assert_eq!(before, after);
    });
}

fn plan_of(
    v: &kokuho_app::assessment::premium::AssessmentVersion,
) -> kokuho_domain::assessment::collection_plan::CollectionPlan {
    v.plan.clone().expect("a plan")
}

fn income_of(resident_no: &str, year: i32, salary: i64, pension: i64) -> IncomeRecord {
    IncomeRecord {
        salary_revenue: Yen::new(salary),
        pension_revenue: Yen::new(pension),
        ..IncomeRecord::zero(resident_no.parse().unwrap(), year)
    }
}

/// Household 501 (1001 born 1960, 1002 born 1965) insured since 2020 with FY2026 rates, and a
/// 賦課担当 actor.
fn assessed_household(f: &Fixture) -> kokuho_app::Actor {
    seed_household(f);
    let enroll = |r: &str| EnrollRequest {
        resident_no: r.into(),
        acquired_on: date(2020, 4, 1),
        reason: "社保離脱".into(),
        notified_on: date(2020, 4, 1),
    };
    f.app.enroll(&f.clerk, &enroll("1001")).unwrap();
    f.app.enroll(&f.clerk, &enroll("1002")).unwrap();
    f.app
        .add_user(
            &f.admin,
            &"yamada".parse().unwrap(),
            "賦課 職員",
            &["assessment".to_string()],
            None,
        )
        .unwrap();
    let a = f.app.actor_for_login("yamada", AuthMethod::Cli).unwrap();
    f.app.set_demo_rate_tables(&a).unwrap();
    f.app
        .import_incomes(
            &a,
            "i.csv",
            &[
                (2, income_of("1001", 2025, 0, 2_000_000)),
                (3, income_of("1002", 2025, 1_500_000, 0)),
            ],
        )
        .unwrap();
    a
}

#[test]
fn a_decision_keeps_its_installments_and_a_change_respreads_only_the_rest() {
    use kokuho_app::assessment::premium::HouseholdDecision;
    use kokuho_app::eligibility::changes::WithdrawRequest;
    use kokuho_domain::assessment::collection_plan::Method;
    use kokuho_domain::kernel::date::YearMonth;
    both(|f| {
        f.clock.set_date(date(2026, 5, 20));
        let a = assessed_household(&f);
        // 当初賦課 in May: ten 普通徴収 installments June–March (1002 is under 65).
        assert_eq!(
            f.app.decide_household(&a, "501", 2026).unwrap(),
            HouseholdDecision::Recorded(1)
        );
        assert_eq!(
            f.app.decide_household(&a, "501", 2026).unwrap(),
            HouseholdDecision::Unchanged
        );
        let v1 = f.app.assessment_versions(&a, "501", 2026).unwrap();
        let p1 = plan_of(&v1[0]);
        assert_eq!(p1.installments.len(), 10);
        assert_eq!(p1.installments[0].month, YearMonth::new(2026, 6).unwrap());
        assert!(p1.installments.iter().all(|i| i.method == Method::Direct));
        assert_eq!(p1.charged(), v1[0].total);
        assert!(p1.note.contains("普通徴収"), "{}", p1.note);

        // November: a corrected income is a 更正 in the same operation, June–October unchanged.
        f.clock.set_date(date(2026, 11, 5));
        f.app
            .import_incomes(&a, "fix.csv", &[(2, income_of("1001", 2025, 0, 4_000_000))])
            .unwrap();
        let v = f.app.assessment_versions(&a, "501", 2026).unwrap();
        assert_eq!(v.len(), 2);
        assert!(v[1].total > v[0].total);
        let p2 = plan_of(&v[1]);
        let november = YearMonth::new(2026, 11).unwrap();
        let past = |p: &kokuho_domain::assessment::collection_plan::CollectionPlan| {
            p.installments
                .iter()
                .filter(|i| i.month < november)
                .copied()
                .collect::<Vec<_>>()
        };
        assert_eq!(past(&p2), past(&p1));
        assert_eq!(past(&p2).len(), 5);
        assert_eq!(p2.charged(), v[1].total);
        let increase = v[1].total.value() - v[0].total.value();
        let later = |p: &kokuho_domain::assessment::collection_plan::CollectionPlan| {
            p.installments
                .iter()
                .filter(|i| i.month >= november)
                .map(|i| i.amount.value())
                .sum::<i64>()
        };
        assert_eq!(later(&p2) - later(&p1), increase);

        // 1002 joined 社保 on August 1st, notified late: the year falls, the past stays, and
        // whatever the past 納期 exceed the new amount by is refunded.
        f.app
            .withdraw(
                &f.clerk,
                &WithdrawRequest {
                    resident_no: "1002".into(),
                    lost_on: date(2026, 8, 1),
                    reason: "社保加入".into(),
                    notified_on: date(2026, 11, 5),
                },
            )
            .unwrap();
        let v = f.app.assessment_versions(&a, "501", 2026).unwrap();
        assert_eq!(v.len(), 3);
        assert!(v[2].total < v[1].total);
        let p3 = plan_of(&v[2]);
        assert_eq!(past(&p3), past(&p1));
        assert_eq!(p3.charged().value() - p3.refund.value(), v[2].total.value());
        assert_eq!(
            p3.refund.value(),
            (past(&p1).iter().map(|i| i.amount.value()).sum::<i64>() - v[2].total.value()).max(0)
        );
        // The journal replays to the same plans.
        let before =
            f.db.store()
                .read(|tx| kokuho_store::repo::dump_projections(tx, INSURER))
                .unwrap();
        f.app.rebuild_projections(&f.admin).unwrap();
        assert_eq!(
            before,
            f.db.store()
                .read(|tx| kokuho_store::repo::dump_projections(tx, INSURER))
                .unwrap()
        );
    });
}

#[test]
fn after_two_years_a_change_is_refused_and_listed_except_a_late_employee_insurance_decrease() {
    use kokuho_app::assessment::premium::HouseholdDecision;
    use kokuho_app::eligibility::changes::WithdrawRequest;
    both(|f| {
        f.clock.set_date(date(2026, 5, 20));
        let a = assessed_household(&f);
        // FY2024 with that year's caps (医療65万・支援24万) [公].
        let mut rates = rates_2025();
        rates["components"]["medical"]["cap"] = json!(650_000);
        rates["components"]["support"]["cap"] = json!(240_000);
        f.app
            .set_rate_table(
                &a,
                2024,
                "令和6年度",
                &serde_json::from_value(rates.clone()).unwrap(),
                None,
            )
            .unwrap();
        f.app
            .import_incomes(
                &a,
                "2023.csv",
                &[
                    (2, income_of("1001", 2023, 0, 2_000_000)),
                    (3, income_of("1002", 2023, 3_000_000, 0)),
                ],
            )
            .unwrap();
        // May 2026 is within FY2024's limit (first 納期 2024-06-30 → until 2026-06-30).
        assert_eq!(
            f.app.decide_household(&a, "501", 2024).unwrap(),
            HouseholdDecision::Recorded(1)
        );
        // In November an income correction for 2023 may no longer change FY2024: not recorded,
        // and 賦課担当 gets a work item saying why.
        f.clock.set_date(date(2026, 11, 5));
        f.app
            .import_incomes(&a, "fix.csv", &[(2, income_of("1001", 2023, 0, 5_000_000))])
            .unwrap();
        assert_eq!(f.app.assessment_versions(&a, "501", 2024).unwrap().len(), 1);
        let items =
            f.db.store()
                .read(|tx| kokuho_store::repo::work_items::list(tx, INSURER, None, None, 100, 0))
                .unwrap();
        let review: Vec<_> = items
            .iter()
            .filter(|w| w.kind == WorkKind::ReassessmentReview)
            .collect();
        assert_eq!(review.len(), 1, "{items:?}");
        assert!(review[0].detail.contains("期間制限"), "{}", review[0].detail);
        assert_eq!(review[0].household_no.as_deref(), Some("501"));
        match f.app.decide_household(&a, "501", 2024).unwrap() {
            HouseholdDecision::Refused(why) => assert!(why.contains("110条の2"), "{why}"),
            other => panic!("{other:?}"),
        }
        // A 社保加入 in FY2024 notified only now lowers the premium: allowed (110条の2第2項).
        // (The uncorrected income correction above is part of the new input too.)
        f.app
            .import_incomes(&a, "undo.csv", &[(2, income_of("1001", 2023, 0, 2_000_000))])
            .unwrap();
        f.app
            .withdraw(
                &f.clerk,
                &WithdrawRequest {
                    resident_no: "1002".into(),
                    lost_on: date(2024, 10, 1),
                    reason: "社保加入".into(),
                    notified_on: date(2026, 11, 5),
                },
            )
            .unwrap();
        let v = f.app.assessment_versions(&a, "501", 2024).unwrap();
        assert_eq!(v.len(), 2, "{v:?}");
        assert!(v[1].total < v[0].total);
    });
}

#[test]
fn the_rate_simulation_totals_the_city_like_the_counter_and_compares_two_candidates() {
    use kokuho_app::assessment::simulation::Candidate;
    use kokuho_app::eligibility::bulk_load::BulkLoadAudit;
    use kokuho_demo::DemoCity;
    both(|f| {
        let city = DemoCity::new(11, 120, date(2026, 6, 1));
        f.app
            .load_households(&f.clerk, &city, BulkLoadAudit::DEMO, &|_| {})
            .unwrap();
        f.app
            .add_user(
                &f.admin,
                &"yamada".parse().unwrap(),
                "賦課 職員",
                &["assessment".to_string()],
                None,
            )
            .unwrap();
        let a = f.app.actor_for_login("yamada", AuthMethod::Cli).unwrap();
        f.app.set_demo_rate_tables(&a).unwrap();
        let mut raised = rates_2025();
        raised["components"]["medical"]["income_rate"] = json!("9.04");
        let candidates = [
            Candidate {
                label: "現行".into(),
                rates: None,
            },
            Candidate {
                label: "案B".into(),
                rates: Some(serde_json::from_value(raised.clone()).unwrap()),
            },
        ];
        let sim = f.app.simulate_rates(&a, 2025, &candidates, &|_, _| {}).unwrap();
        // The stored table's total is the sum of what the counter computes household by household;
        // a household with nobody insured in the year is left out, as the 当初賦課 leaves it out.
        let (mut expected_total, mut counted, mut not_insured) = (0, 0, 0);
        for i in 0..city.household_count() {
            if let Ok(p) = f
                .app
                .household_premium(&a, city.household(i).household_no.as_ref(), 2025)
            {
                if p.result
                    .visible()
                    .unwrap()
                    .members
                    .iter()
                    .all(|m| m.insured_months == 0)
                {
                    not_insured += 1;
                    continue;
                }
                expected_total += p.total.value();
                counted += 1;
            }
        }
        assert!(
            not_insured > 0,
            "the demo city has households without an insured member in FY2025"
        );
        let current = &sim.candidates[0].summary;
        assert_eq!(current.total.value(), expected_total);
        assert_eq!(current.households, counted);
        assert_eq!(sim.not_insured, not_insured);
        assert_eq!(sim.households, counted as usize + not_insured + sim.unreadable);
        // A higher 医療分 所得割率 raises the 医療分 and nothing else.
        let b = &sim.candidates[1].summary;
        assert!(b.total > current.total);
        assert!(b.components["medical"].income_levy > current.components["medical"].income_levy);
        assert_eq!(b.components["support"], current.components["support"]);
        // Bad candidate rates: a Japanese error naming the candidate, nothing computed.
        let mut bad = rates_2025();
        bad["components"]["medical"]["cap"] = json!(99_000_000);
        match f.app.simulate_rates(
            &a,
            2025,
            &[Candidate {
                label: "誤り".into(),
                rates: Some(serde_json::from_value(bad.clone()).unwrap()),
            }],
            &|_, _| {},
        ) {
            Err(AppError::Invalid(v)) => assert!(format!("{v:?}").contains("誤り"), "{v:?}"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            f.app.simulate_rates(&f.counter, 2025, &candidates, &|_, _| {}),
            Err(AppError::Denied { .. })
        ));
    });
}

/// A chunk read by its members' number range (numbers that fill it) or by membership (numbers
/// spread among other households'), on both databases: either way every member is read. (The
/// batch test above reads the demo city by range and checks every amount against the counter.)
#[test]
fn a_chunk_is_read_by_number_range_or_by_membership_with_the_same_facts() {
    use kokuho_store::repo::eligibility::residents::{self, ChunkResidents, MembershipRow, ResidentRow};
    both(|f| {
        let ins = INSURER;
        let resident = |no: &str, household: &str| ResidentRow {
            insurer_no: ins.into(),
            resident_no: no.into(),
            name: "試験".into(),
            name_kana: "シケン".into(),
            kana_key: "シケン".into(),
            birth_date: date(1970, 1, 1),
            sex: "1".into(),
            nationality: None,
            stay_until: None,
            postal_code: None,
            address: None,
            household_no: household.into(),
            is_head: true,
            relationship: "世帯主".into(),
            status: kokuho_domain::eligibility::resident::ResidentStatus::Registered,
            status_since: date(2020, 1, 1),
        };
        let membership = |no: &str, household: &str| MembershipRow {
            resident_no: no.into(),
            from_date: date(2020, 1, 1),
            until_date: None,
            household_no: household.into(),
            is_head: true,
            relationship: "世帯主".into(),
        };
        // Households 0100–0102 hold residents 5000–5002 (dense); 0200 and 0201 hold 6000 and
        // 6900, between which 6001–6899 belong to households 0300….
        let mut rows = vec![
            ("5000", "0100"),
            ("5001", "0101"),
            ("5002", "0102"),
            ("6000", "0200"),
            ("6900", "0201"),
        ];
        let filler: Vec<(String, String)> = (6001..6900)
            .map(|n| (n.to_string(), format!("{:04}", 300 + n - 6001)))
            .collect();
        rows.extend(filler.iter().map(|(r, h)| (r.as_str(), h.as_str())));
        f.db.store()
            .write(|tx| {
                residents::insert_all(tx, &rows.iter().map(|(r, h)| resident(r, h)).collect::<Vec<_>>())?;
                residents::insert_memberships(tx, ins, &rows.iter().map(|(r, h)| membership(r, h)).collect::<Vec<_>>())
            })
            .unwrap();
        let decide = |first: &str, last: &str, members: &[&str]| {
            f.db.store()
                .read(|tx| residents::chunk_residents(tx, ins, first, last, members))
                .unwrap()
        };
        let dense = decide("0100", "0102", &["5000", "5001", "5002"]);
        assert_eq!(
            dense,
            ChunkResidents::Between {
                low: "5000".into(),
                high: "5002".into()
            }
        );
        let spread = decide("0200", "0201", &["6000", "6900"]);
        assert_eq!(
            spread,
            ChunkResidents::OfHouseholds {
                first: "0200".into(),
                last: "0201".into()
            }
        );
        for (who, expected) in [(&dense, vec!["5000", "5001", "5002"]), (&spread, vec!["6000", "6900"])] {
            let mut got: Vec<String> =
                f.db.store()
                    .read(|tx| residents::briefs_of(tx, ins, who))
                    .unwrap()
                    .into_iter()
                    .map(|b| b.resident_no)
                    .collect();
            got.sort();
            assert_eq!(got, expected, "{who:?}");
        }
    });
}

/// The batch reads and computes the next chunk while it writes this one. An income corrected in
/// between (after the next chunk was read, before it is written) is not lost: the write sees a
/// change recorded since its read and does the chunk over inside its transaction.
#[test]
fn a_change_made_while_the_batch_reads_ahead_is_in_the_amount_recorded() {
    use kokuho_app::eligibility::bulk_load::BulkLoadAudit;
    use kokuho_demo::DemoCity;
    both(|f| {
        let city = DemoCity::new(7, 250, date(2026, 6, 1));
        f.app
            .load_households(&f.clerk, &city, BulkLoadAudit::DEMO, &|_| {})
            .unwrap();
        f.app
            .add_user(
                &f.admin,
                &"yamada".parse().unwrap(),
                "賦課 職員",
                &["assessment".to_string()],
                None,
            )
            .unwrap();
        let a = f.app.actor_for_login("yamada", AuthMethod::Cli).unwrap();
        f.app.set_demo_rate_tables(&a).unwrap();
        // A household of the second chunk of 100, with a head whose income can change.
        let mut listed: Vec<String> = (0..city.household_count())
            .map(|i| city.household(i).household_no.to_string())
            .collect();
        listed.sort();
        let target = listed.iter().skip(150).find_map(|h| {
            let i = (0..city.household_count()).find(|i| city.household(*i).household_no.to_string() == *h)?;
            let head = city.household(i).head.to_string();
            f.app
                .household_premium(&a, h, 2025)
                .ok()
                .filter(|p| {
                    p.result
                        .visible()
                        .unwrap()
                        .members
                        .iter()
                        .any(|m| m.id == head && m.insured_months > 0)
                })
                .map(|_| (h.clone(), head))
        });
        let (household, head) = target.expect("an insured household in the second chunk");
        let corrected = std::cell::Cell::new(false);
        let summary = f
            .app
            .assess_year_in_chunks(
                &a,
                2025,
                100,
                &|done, _| {
                    if done == 100 && !corrected.get() {
                        // Time for the reader to have read the second chunk.
                        std::thread::sleep(std::time::Duration::from_millis(300));
                        f.app
                            .import_incomes(&a, "fix.csv", &[(2, income(&head, 12_000_000, 0))])
                            .unwrap();
                        corrected.set(true);
                    }
                },
                &|| false,
            )
            .unwrap();
        assert!(corrected.get() && !summary.stopped);
        let counter = f.app.household_premium(&a, &household, 2025).unwrap();
        let stored =
            f.db.store()
                .read(|tx| kokuho_store::repo::assessment::decisions::versions(tx, INSURER, 2025, &household))
                .unwrap();
        assert_eq!(
            stored.last().map(|v| v.total),
            Some(counter.total.value()),
            "household {household}"
        );
    });
}
