//! 資格 (eligibility): enrolment with card and branch numbers, nominal heads (擬制世帯主), withdrawal on death,
//! re-imports, overlapping coverage and the age-75 transfer, deny by default with audited denials, and the
//! copay ratio by month.

use jiff::civil::date;
use kokuho_app::AppError;
use kokuho_app::eligibility::changes::{EnrollRequest, WithdrawRequest};
use kokuho_domain::eligibility::period::FlagKind;
use kokuho_domain::eligibility::resident::{ResidentChangeKind, Sex};
use kokuho_domain::kernel::work::WorkKind;

use crate::support::*;

fn enroll(f: &Fixture, resident: &str, on: jiff::civil::Date) -> i64 {
    f.app
        .enroll(
            &f.clerk,
            &EnrollRequest {
                resident_no: resident.into(),
                acquired_on: on,
                reason: "転入".into(),
                notified_on: on,
            },
        )
        .unwrap()
}

#[test]
fn enrollment_gives_card_and_branch_numbers_and_household_view() {
    both(|f| {
        seed_household(&f);
        enroll(&f, "1001", date(2020, 4, 1));
        enroll(&f, "1002", date(2020, 4, 1));
        let h = f.app.household_view(&f.counter, "501", None).unwrap();
        assert_eq!(h.insured_count, 2);
        assert!(!h.nominal_head);
        let branches: Vec<String> = h
            .members
            .iter()
            .map(|m| m.card.present().unwrap().branch_no.clone())
            .collect();
        assert_eq!(branches, vec!["01", "02"]);
        // Before they moved in, the household did not exist.
        assert!(matches!(
            f.app.household_view(&f.counter, "501", Some(date(2020, 3, 31))),
            Err(AppError::NotFound { .. })
        ));
    });
}

#[test]
fn head_without_coverage_is_a_nominal_head() {
    both(|f| {
        seed_household(&f);
        enroll(&f, "1002", date(2020, 4, 1));
        let h = f.app.household_view(&f.counter, "501", None).unwrap();
        assert!(h.nominal_head, "擬制世帯主");
    });
}

#[test]
fn death_withdraws_automatically_the_next_day() {
    both(|f| {
        seed_household(&f);
        enroll(&f, "1001", date(2020, 4, 1));
        let death = simple("D1", ResidentChangeKind::Death, "1001", "501", date(2026, 5, 31));
        let s = f
            .app
            .import_resident_changes(&f.clerk, "death.csv", &[(2, death)])
            .unwrap();
        assert_eq!(s.automatic_eligibility, 1);
        let d = f.app.resident_detail(&f.clerk, "1001").unwrap();
        assert_eq!(d.periods[0].lost_on, Some(date(2026, 6, 1)));
        assert_eq!(d.periods[0].loss_reason.as_deref(), Some("死亡"));
        assert!(d.work_items.iter().any(|w| w.kind == WorkKind::DeathFollowUp));
    });
}

#[test]
fn reimporting_the_same_file_is_harmless_and_a_bad_file_changes_nothing() {
    both(|f| {
        seed_household(&f);
        let again = f
            .app
            .import_resident_changes(
                &f.clerk,
                "seed.csv",
                &[(
                    2,
                    move_in(
                        "A1",
                        "1001",
                        "501",
                        true,
                        date(2020, 4, 1),
                        person("山田 太郎", "ヤマダ タロウ", date(1960, 5, 10), Sex::Male),
                    ),
                )],
            )
            .unwrap();
        assert_eq!(again.already_applied, 1);
        assert_eq!(again.applied, 0);
        let before = f.app.verify_journal(&f.auditor).unwrap().entries;
        let good = move_in(
            "B1",
            "2001",
            "601",
            true,
            date(2026, 4, 1),
            person("鈴木 一", "スズキ ハジメ", date(1980, 1, 1), Sex::Male),
        );
        let bad = simple("B2", ResidentChangeKind::AddressChange, "9999", "601", date(2026, 4, 2));
        match f
            .app
            .import_resident_changes(&f.clerk, "bad.csv", &[(2, good), (3, bad)])
        {
            Err(AppError::BadFile(lines)) => assert_eq!(lines[0].line, 3),
            other => panic!("expected BadFile, got {other:?}"),
        }
        assert_eq!(
            f.app.verify_journal(&f.auditor).unwrap().entries,
            before,
            "nothing half-imported"
        );
        let r = f
            .app
            .search_residents(
                &f.counter,
                &kokuho_app::eligibility::views::SearchRequest {
                    kana: Some("すずき".into()),
                    ..Default::default()
                },
            )
            .unwrap();
        assert!(r.residents.is_empty());
    });
}

#[test]
fn overlapping_coverage_and_75_year_olds_are_refused() {
    both(|f| {
        seed_household(&f);
        enroll(&f, "1001", date(2020, 4, 1));
        let err = f
            .app
            .enroll(
                &f.clerk,
                &EnrollRequest {
                    resident_no: "1001".into(),
                    acquired_on: date(2021, 1, 1),
                    reason: "社保離脱".into(),
                    notified_on: date(2021, 1, 5),
                },
            )
            .unwrap_err();
        assert!(
            matches!(&err, AppError::Invalid(p) if p.iter().any(|p| p.message.contains("重複"))),
            "{err:?}"
        );
        f.app
            .withdraw(
                &f.clerk,
                &WithdrawRequest {
                    resident_no: "1001".into(),
                    lost_on: date(2021, 1, 1),
                    reason: "社保加入".into(),
                    notified_on: date(2021, 1, 20),
                },
            )
            .unwrap();
        let d = f.app.resident_detail(&f.clerk, "1001").unwrap();
        assert!(d.periods[0].loss_late, "届出 19 days after is late");
    });
}

#[test]
fn age_75_transfer_is_on_the_birthday_and_marks_the_household() {
    both(|f| {
        let changes = vec![
            (
                2,
                move_in(
                    "C1",
                    "3001",
                    "701",
                    true,
                    date(2010, 4, 1),
                    person("高橋 一郎", "タカハシ イチロウ", date(1951, 6, 1), Sex::Male),
                ),
            ),
            (
                3,
                move_in(
                    "C2",
                    "3002",
                    "701",
                    false,
                    date(2010, 4, 1),
                    person("高橋 和子", "タカハシ カズコ", date(1955, 2, 2), Sex::Female),
                ),
            ),
        ];
        f.app.import_resident_changes(&f.clerk, "c.csv", &changes).unwrap();
        enroll(&f, "3001", date(2010, 4, 1));
        enroll(&f, "3002", date(2010, 4, 1));
        let n = f.app.apply_age_transitions(&f.clerk, date(2026, 11, 22)).unwrap();
        assert_eq!(n, 1);
        let d = f.app.resident_detail(&f.clerk, "3001").unwrap();
        assert_eq!(d.periods[0].lost_on, Some(date(2026, 6, 1)), "75th birthday itself");
        assert!(d.flags.iter().any(|fl| fl.kind == FlagKind::SpecifiedSameHousehold));
        let h = f.app.household_view(&f.clerk, "701", None).unwrap();
        assert!(h.flags.iter().any(|fl| fl.kind == FlagKind::SpecifiedHousehold));
        assert!(h.nominal_head);
        // Idempotent.
        assert_eq!(f.app.apply_age_transitions(&f.clerk, date(2026, 11, 22)).unwrap(), 0);
    });
}

#[test]
fn deny_by_default_and_denials_are_audited() {
    both(|f| {
        seed_household(&f);
        let err = f
            .app
            .enroll(
                &f.counter,
                &EnrollRequest {
                    resident_no: "1001".into(),
                    acquired_on: date(2020, 4, 1),
                    reason: "転入".into(),
                    notified_on: date(2020, 4, 1),
                },
            )
            .unwrap_err();
        assert!(matches!(err, AppError::Denied { .. }));
        let report = f.app.verify_audit(&f.auditor).unwrap();
        assert!(report.is_ok());
        let rows =
            f.db.store()
                .read(|tx| {
                    kokuho_store::repo::journal::search_audit(
                        tx,
                        INSURER,
                        &kokuho_store::repo::journal::AuditFilter {
                            actor: Some("ito".into()),
                            limit: 10,
                            ..Default::default()
                        },
                    )
                })
                .unwrap();
        assert!(
            rows.iter()
                .any(|r| r.action == "eligibility.enroll" && r.outcome == "denied")
        );
        // Reads are audited too.
        f.app.resident_detail(&f.counter, "1001").unwrap();
        let rows =
            f.db.store()
                .read(|tx| {
                    kokuho_store::repo::journal::search_audit(
                        tx,
                        INSURER,
                        &kokuho_store::repo::journal::AuditFilter {
                            subject: Some("1001".into()),
                            limit: 10,
                            ..Default::default()
                        },
                    )
                })
                .unwrap();
        assert!(rows.iter().any(|r| r.action == "resident.view" && r.actor == "ito"));
    });
}

/// Fail closed: when the audit record cannot be written, the operation fails and changes nothing.
#[test]
fn an_operation_fails_when_its_audit_record_cannot_be_written() {
    both(|f| {
        seed_household(&f);
        let entries_before = f.app.verify_journal(&f.auditor).unwrap().entries;
        let block = match f.db.store().dialect() {
            kokuho_store::Dialect::Sqlite => {
                "CREATE TRIGGER block_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit store \
                 unavailable'); END;"
            }
            kokuho_store::Dialect::Postgres => {
                "CREATE FUNCTION block_audit() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN RAISE EXCEPTION 'audit \
                 store unavailable'; END $f$; CREATE TRIGGER block_audit BEFORE INSERT ON audit_log FOR EACH ROW \
                 EXECUTE FUNCTION block_audit();"
            }
        };
        f.db.store().write(|tx| tx.execute_batch(block)).unwrap();
        let enroll = f.app.enroll(
            &f.clerk,
            &EnrollRequest {
                resident_no: "1001".into(),
                acquired_on: date(2020, 4, 1),
                reason: "転入".into(),
                notified_on: date(2020, 4, 1),
            },
        );
        assert!(matches!(enroll, Err(AppError::Internal(_))), "{enroll:?}");
        // A read is refused too: nobody sees a person without a record of it.
        assert!(matches!(
            f.app.resident_detail(&f.counter, "1001"),
            Err(AppError::Internal(_))
        ));
        f.db.store()
            .write(|tx| tx.execute_batch("DROP TRIGGER block_audit ON audit_log"))
            .ok();
        f.db.store()
            .write(|tx| tx.execute_batch("DROP TRIGGER block_audit"))
            .ok();
        assert_eq!(
            f.app.verify_journal(&f.auditor).unwrap().entries,
            entries_before,
            "nothing was recorded"
        );
        let d = f.app.resident_detail(&f.counter, "1001").unwrap();
        assert!(d.periods.is_empty(), "the enrollment did not happen");
    });
}

#[test]
fn copay_ratio_by_month_follows_age_and_the_august_judgement() {
    both(|f| {
        let changes = vec![
            (
                2,
                move_in(
                    "E1",
                    "4001",
                    "801",
                    true,
                    date(2015, 4, 1),
                    person("伊藤 実", "イトウ ミノル", date(1956, 8, 15), Sex::Male),
                ),
            ),
            (
                3,
                move_in(
                    "E2",
                    "4002",
                    "802",
                    true,
                    date(2015, 4, 1),
                    person("伊藤 翔", "イトウ ショウ", date(2020, 10, 10), Sex::Male),
                ),
            ),
        ];
        f.app.import_resident_changes(&f.clerk, "e.csv", &changes).unwrap();
        enroll(&f, "4001", date(2015, 4, 1));
        enroll(&f, "4002", date(2020, 10, 10));
        let income = kokuho_domain::assessment::income::IncomeRecord {
            resident_no: "4001".parse().unwrap(),
            year: 2025,
            salary_revenue: kokuho_domain::Yen::new(3_800_000),
            pension_revenue: kokuho_domain::Yen::new(0),
            other_income: kokuho_domain::Yen::new(0),
            separate_income: kokuho_domain::Yen::new(0),
            separate_special_deduction: kokuho_domain::Yen::new(0),
            family_employee_pay: kokuho_domain::Yen::new(0),
            taxable_income: kokuho_domain::Yen::new(2_000_000),
            tax_exempt: false,
            undeclared: false,
        };
        f.app.import_incomes(&f.clerk, "i.csv", &[(2, income)]).unwrap();
        let elder = f.app.resident_detail(&f.clerk, "4001").unwrap();
        let by_month: Vec<(&str, &str)> = elder
            .copay_by_month
            .iter()
            .map(|m| (m.month.as_str(), m.ratio.as_str()))
            .collect();
        // Reaches 70 on 2026-08-14: 3割 through August, then the judgement applies from September.
        assert_eq!(by_month[4], ("2026-08", "3割"));
        // 課税所得 200万 ≥ 145万 and 旧ただし書き所得 217万 > 210万, but 収入 380万 < 383万 → 一般.
        assert_eq!(by_month[5], ("2026-09", "2割"), "{:?}", elder.copay_by_month[5]);
        assert!(
            elder.copay_by_month[5].reason.contains("383"),
            "{}",
            elder.copay_by_month[5].reason
        );
        assert_eq!(by_month[11], ("2027-03", "2割"));
        let child = f.app.resident_detail(&f.clerk, "4002").unwrap();
        assert!(
            child.copay_by_month.iter().all(|m| m.ratio == "2割"),
            "未就学 until 2027-03-31"
        );
    });
}
