//! 監査ログの点検: the auditors' search (each criterion, paging, JST days) and the periodic
//! report (after hours, unusual volume, 支援措置 alerts, denials, chain verification).

use jiff::SignedDuration;
use jiff::civil::{Date, date};
use kokuho_app::AppError;
use kokuho_app::audit::review::{AuditQuery, SEARCH_PAGE_SIZE};
use kokuho_app::eligibility::changes::SetFlagRequest;
use kokuho_app::{Actor, AuthMethod};
use kokuho_domain::eligibility::period::FlagAttributes;
use kokuho_store::repo::journal::{self as journal_repo, AuditRow};

use crate::support::*;

/// Every audit row, in order.
fn audit_rows(f: &Fixture) -> Vec<AuditRow> {
    let mut out = Vec::new();
    f.db.store()
        .read(|tx| {
            journal_repo::for_each_audit(tx, INSURER, &mut |row| {
                out.push(row);
                Ok(())
            })
        })
        .unwrap();
    out
}

/// Moves the clock to `h:m` JST on `day`.
fn at(f: &Fixture, day: Date, h: i64, m: i64) {
    f.clock.set_date(day);
    f.clock.advance(SignedDuration::from_mins((h - 9) * 60 + m));
}

fn query() -> AuditQuery {
    AuditQuery::default()
}

fn field_of(e: &AppError) -> Option<String> {
    match e {
        AppError::Invalid(p) => p.first().map(|p| p.field.to_string()),
        _ => None,
    }
}

#[test]
fn audit_search_filters_by_user_subject_action_and_period() {
    both(|f| {
        at(&f, date(2026, 6, 1), 9, 0);
        seed_household(&f);
        f.app.resident_detail(&f.clerk, "1001").unwrap();
        f.app.resident_detail(&f.clerk2, "1002").unwrap();
        f.app.household_view(&f.counter, "501", None).unwrap();
        let kato = &f.auditor;

        // 利用者
        let page = f
            .app
            .audit_search(
                kato,
                &AuditQuery {
                    actor: Some("sato".into()),
                    ..query()
                },
            )
            .unwrap();
        assert_eq!(page.entries.len(), 1, "{page:?}");
        let e = &page.entries[0];
        assert_eq!(
            (e.actor.as_str(), e.action.as_str(), e.subject.as_str()),
            ("sato", "resident.view", "1002")
        );
        assert_eq!(
            (e.action_label.as_str(), e.outcome_label.as_str()),
            ("資格照会", "成功")
        );
        assert_eq!(e.at, "2026-06-01 09:00:00", "shown in JST");
        assert!(!page.has_more && page.next_before_seq.is_none());

        // 対象
        let page = f
            .app
            .audit_search(
                kato,
                &AuditQuery {
                    subject: Some(" 1001 ".into()),
                    ..query()
                },
            )
            .unwrap();
        let mut seen: Vec<(String, String)> = page
            .entries
            .iter()
            .map(|e| (e.actor.clone(), e.action.clone()))
            .collect();
        seen.sort();
        assert_eq!(
            seen,
            vec![
                ("ito".to_string(), "resident.view_in_household".to_string()),
                ("tanaka".to_string(), "resident.view".to_string())
            ]
        );
        assert!(page.entries.iter().all(|e| e.subject == "1001"));

        // 操作: exact code, its Japanese name, and a prefix.
        let exact = f
            .app
            .audit_search(
                kato,
                &AuditQuery {
                    action: Some("resident.view".into()),
                    ..query()
                },
            )
            .unwrap();
        assert_eq!(exact.entries.len(), 2);
        assert!(exact.entries.iter().all(|e| e.action == "resident.view"));
        let by_label = f
            .app
            .audit_search(
                kato,
                &AuditQuery {
                    action: Some("資格照会".into()),
                    ..query()
                },
            )
            .unwrap();
        assert_eq!(
            by_label.entries.iter().map(|e| e.seq).collect::<Vec<_>>(),
            exact.entries.iter().map(|e| e.seq).collect::<Vec<_>>()
        );
        let prefix = f
            .app
            .audit_search(
                kato,
                &AuditQuery {
                    action: Some("resident.".into()),
                    ..query()
                },
            )
            .unwrap();
        assert_eq!(
            prefix.entries.len(),
            4,
            "2 views and 2 members shown in the household view"
        );
        assert!(prefix.entries.iter().all(|e| e.action.starts_with("resident.")));
        // An underscore is not a wildcard.
        let none = f
            .app
            .audit_search(
                kato,
                &AuditQuery {
                    action: Some("resident_".into()),
                    ..query()
                },
            )
            .unwrap();
        assert!(
            none.entries.iter().all(|e| e.action.starts_with("resident_")),
            "{none:?}"
        );

        // 期間: nothing on the day before, everything on the day.
        let before = f
            .app
            .audit_search(
                kato,
                &AuditQuery {
                    from: Some(date(2026, 5, 31)),
                    to: Some(date(2026, 5, 31)),
                    ..query()
                },
            )
            .unwrap();
        assert!(before.entries.is_empty(), "{before:?}");
        let on = f
            .app
            .audit_search(
                kato,
                &AuditQuery {
                    from: Some(date(2026, 6, 1)),
                    to: Some(date(2026, 6, 1)),
                    ..query()
                },
            )
            .unwrap();
        assert!(on.entries.iter().any(|e| e.action == "household.view"));
        // Combined criteria.
        let both_ = f
            .app
            .audit_search(
                kato,
                &AuditQuery {
                    actor: Some("ito".into()),
                    action: Some("household.view".into()),
                    ..query()
                },
            )
            .unwrap();
        assert_eq!(both_.entries.len(), 1);
        assert_eq!(both_.entries[0].action_label, "世帯照会");

        // The review itself is audited, with its criteria.
        let last = audit_rows(&f).pop().unwrap();
        assert_eq!(
            (last.actor.as_str(), last.action.as_str(), last.outcome.as_str()),
            ("kato", "audit.search", "success")
        );
        assert!(last.detail.contains("household.view"), "{}", last.detail);
    });
}

#[test]
fn audit_search_periods_are_jst_days() {
    both(|f| {
        at(&f, date(2026, 6, 1), 9, 0);
        seed_household(&f);
        at(&f, date(2026, 6, 1), 23, 30);
        f.app.resident_detail(&f.clerk, "1001").unwrap();
        at(&f, date(2026, 6, 2), 0, 30);
        f.app.resident_detail(&f.clerk, "1002").unwrap();
        // Stored in UTC: both on 2026-06-01.
        let stored: Vec<String> = audit_rows(&f)
            .into_iter()
            .filter(|r| r.action == "resident.view")
            .map(|r| r.at)
            .collect();
        assert!(
            stored[0].starts_with("2026-06-01T14:30:00") && stored[1].starts_with("2026-06-01T15:30:00"),
            "{stored:?}"
        );

        let day = |d: Date| AuditQuery {
            action: Some("resident.view".into()),
            from: Some(d),
            to: Some(d),
            ..query()
        };
        let first = f.app.audit_search(&f.auditor, &day(date(2026, 6, 1))).unwrap();
        assert_eq!(
            first
                .entries
                .iter()
                .map(|e| (e.subject.as_str(), e.at.as_str()))
                .collect::<Vec<_>>(),
            vec![("1001", "2026-06-01 23:30:00")]
        );
        let second = f.app.audit_search(&f.auditor, &day(date(2026, 6, 2))).unwrap();
        assert_eq!(
            second
                .entries
                .iter()
                .map(|e| (e.subject.as_str(), e.at.as_str()))
                .collect::<Vec<_>>(),
            vec![("1002", "2026-06-02 00:30:00")]
        );
        // Open-ended periods.
        let from_only = f
            .app
            .audit_search(
                &f.auditor,
                &AuditQuery {
                    action: Some("resident.view".into()),
                    from: Some(date(2026, 6, 2)),
                    ..query()
                },
            )
            .unwrap();
        assert_eq!(from_only.entries.len(), 1);
        let to_only = f
            .app
            .audit_search(
                &f.auditor,
                &AuditQuery {
                    action: Some("resident.view".into()),
                    to: Some(date(2026, 6, 1)),
                    ..query()
                },
            )
            .unwrap();
        assert_eq!(to_only.entries.len(), 1);

        // from after to, and more than a year: refused next to the field, and audited as failed.
        let e = f
            .app
            .audit_search(
                &f.auditor,
                &AuditQuery {
                    from: Some(date(2026, 6, 2)),
                    to: Some(date(2026, 6, 1)),
                    ..query()
                },
            )
            .unwrap_err();
        assert_eq!(field_of(&e).as_deref(), Some("to"), "{e:?}");
        let e = f
            .app
            .audit_search(
                &f.auditor,
                &AuditQuery {
                    from: Some(date(2025, 6, 1)),
                    to: Some(date(2026, 6, 1)),
                    ..query()
                },
            )
            .unwrap_err();
        assert_eq!(field_of(&e).as_deref(), Some("to"), "{e:?}");
        assert!(
            f.app
                .audit_search(
                    &f.auditor,
                    &AuditQuery {
                        from: Some(date(2025, 6, 1)),
                        to: Some(date(2026, 5, 31)),
                        ..query()
                    }
                )
                .is_ok()
        );
        assert!(matches!(
            f.app.audit_report(&f.auditor, date(2026, 6, 2), date(2026, 6, 1)),
            Err(AppError::Invalid(_))
        ));
        let failed = audit_rows(&f)
            .into_iter()
            .filter(|r| r.action == "audit.search" && r.outcome == "failed")
            .count();
        assert_eq!(failed, 2);
    });
}

#[test]
fn audit_search_pages_fifty_rows_newest_first() {
    both(|f| {
        at(&f, date(2026, 6, 1), 9, 0);
        seed_household(&f);
        for _ in 0..60 {
            f.app.resident_detail(&f.clerk, "1001").unwrap();
        }
        let q = AuditQuery {
            action: Some("resident.view".into()),
            ..query()
        };
        let first = f.app.audit_search(&f.auditor, &q).unwrap();
        assert_eq!(i64::try_from(first.entries.len()).unwrap(), SEARCH_PAGE_SIZE);
        assert!(first.has_more);
        assert!(first.entries.windows(2).all(|w| w[0].seq > w[1].seq), "newest first");
        let next = first.next_before_seq.unwrap();
        assert_eq!(next, first.entries.last().unwrap().seq);
        let second = f
            .app
            .audit_search(
                &f.auditor,
                &AuditQuery {
                    before_seq: Some(next),
                    ..q.clone()
                },
            )
            .unwrap();
        assert_eq!(second.entries.len(), 10);
        assert!(!second.has_more && second.next_before_seq.is_none());
        assert!(second.entries.iter().all(|e| e.seq < next));
    });
}

#[test]
fn a_non_auditor_is_denied_the_search_and_the_report_and_it_is_audited() {
    both(|f| {
        seed_household(&f);
        let e = f.app.audit_search(&f.clerk, &query()).unwrap_err();
        assert!(matches!(e, AppError::Denied { .. }), "{e:?}");
        let last = audit_rows(&f).pop().unwrap();
        assert_eq!(
            (last.actor.as_str(), last.action.as_str(), last.outcome.as_str()),
            ("tanaka", "audit.search", "denied")
        );
        let e = f
            .app
            .audit_report(&f.admin, date(2026, 6, 1), date(2026, 6, 30))
            .unwrap_err();
        assert!(matches!(e, AppError::Denied { .. }), "{e:?}");
        let last = audit_rows(&f).pop().unwrap();
        assert_eq!(
            (last.actor.as_str(), last.action.as_str(), last.outcome.as_str()),
            ("suzuki", "audit.report", "denied")
        );
    });
}

/// A 支援措置 flag on 1002 and a user who may see such residents.
fn restricted_setup(f: &Fixture) -> Actor {
    f.app
        .set_flag(
            &f.clerk,
            &SetFlagRequest {
                kind: "support_measure".into(),
                resident_no: Some("1002".into()),
                household_no: None,
                from: date(2026, 4, 1),
                until: None,
                attributes: FlagAttributes::default(),
            },
        )
        .unwrap();
    let roles = vec!["counter".to_string(), "restricted".to_string()];
    f.app
        .add_user(&f.admin, &"yamamoto".parse().unwrap(), "支援措置 担当", &roles, None)
        .unwrap();
    f.app.actor_for_login("yamamoto", AuthMethod::Cli).unwrap()
}

#[test]
fn the_report_lists_views_unusual_days_after_hours_alerts_denials_and_the_chain() {
    both(|f| {
        // Monday 2026-06-01, office hours.
        at(&f, date(2026, 6, 1), 9, 0);
        seed_household(&f);
        let yamamoto = restricted_setup(&f);
        // sato: one view a day (the baseline).
        for d in [1, 2, 3] {
            at(&f, date(2026, 6, d), 10, 0);
            f.app.resident_detail(&f.clerk2, "1001").unwrap();
        }
        // tanaka: 25 views on Tuesday.
        at(&f, date(2026, 6, 2), 11, 0);
        for _ in 0..25 {
            f.app.resident_detail(&f.clerk, "1001").unwrap();
        }
        // Wednesday: the 支援措置 resident seen with the scope (alert), refused without it.
        at(&f, date(2026, 6, 3), 10, 0);
        f.app.resident_detail(&yamamoto, "1002").unwrap();
        assert!(matches!(
            f.app.resident_detail(&f.counter, "1002"),
            Err(AppError::Denied { .. })
        ));
        // After hours: 21:00 JST on Wednesday, and Saturday morning.
        at(&f, date(2026, 6, 3), 21, 0);
        f.app.resident_detail(&f.clerk2, "1001").unwrap();
        at(&f, date(2026, 6, 6), 10, 0);
        f.app.resident_detail(&f.clerk2, "1001").unwrap();
        // Outside the period: not counted.
        at(&f, date(2026, 7, 1), 22, 0);
        f.app.resident_detail(&f.clerk2, "1001").unwrap();

        at(&f, date(2026, 7, 2), 9, 0);
        let r = f
            .app
            .audit_report(&f.auditor, date(2026, 6, 1), date(2026, 6, 30))
            .unwrap();

        // (a) who looked at whom.
        let views = |who: &str| {
            r.views_by_user
                .iter()
                .find(|v| v.actor == who)
                .map(|v| (v.views, v.subjects))
        };
        assert_eq!(views("tanaka"), Some((25, 1)));
        assert_eq!(views("sato"), Some((5, 1)));
        assert_eq!(views("yamamoto"), Some((1, 1)));
        assert_eq!(views("ito"), None, "a refused view is no view");

        // (b) tanaka's Tuesday, against a median of 1.
        assert_eq!(r.median_daily_views.as_deref(), Some("1"));
        assert_eq!(r.unusual_days.len(), 1, "{:?}", r.unusual_days);
        let u = &r.unusual_days[0];
        assert_eq!((u.actor.as_str(), u.day, u.views), ("tanaka", date(2026, 6, 2), 25));
        assert!(u.reason.contains("中央値"), "{}", u.reason);

        // (c) after hours: sato's two views only.
        assert_eq!(
            r.after_hours_by_user
                .iter()
                .map(|c| (c.actor.as_str(), c.count))
                .collect::<Vec<_>>(),
            vec![("sato", 2)]
        );
        assert_eq!(r.after_hours_total, 2);
        let times: Vec<&str> = r.after_hours_rows.iter().map(|e| e.at.as_str()).collect();
        assert_eq!(times, vec!["2026-06-03 21:00:00", "2026-06-06 10:00:00"]);

        // (d) the alert.
        assert_eq!(r.restricted_alerts_total, 1);
        let a = &r.restricted_alerts[0];
        assert_eq!(
            (a.actor.as_str(), a.subject.as_str(), a.at.as_str()),
            ("yamamoto", "1002", "2026-06-03 10:00:00")
        );
        assert_eq!(a.action_label, "支援措置対象者へのアクセス");

        // (e) denials.
        assert_eq!(
            r.denied_by_user
                .iter()
                .map(|c| (c.actor.as_str(), c.count))
                .collect::<Vec<_>>(),
            vec![("ito", 1)]
        );

        // (f) the chain verifies; the report is audited.
        assert!(r.chain.ok && r.chain.first_bad_seq.is_none(), "{:?}", r.chain);
        let last = audit_rows(&f).pop().unwrap();
        assert_eq!((last.actor.as_str(), last.action.as_str()), ("kato", "audit.report"));

        // An edited record is named by the next report.
        f.db.store()
            .write(|tx| {
                tx.execute(
                    "UPDATE audit_log SET actor = 'someone' WHERE insurer_no = $1 AND seq = 3",
                    &[INSURER.into()],
                )
            })
            .unwrap();
        let r = f
            .app
            .audit_report(&f.auditor, date(2026, 6, 1), date(2026, 6, 30))
            .unwrap();
        assert!(!r.chain.ok);
        assert_eq!(r.chain.first_bad_seq, Some(3));
        assert!(r.chain.problem.is_some());
    });
}

#[test]
fn the_daily_limit_flags_a_day_even_when_everyone_is_busy() {
    both(|f| {
        at(&f, date(2026, 6, 1), 9, 0);
        seed_household(&f);
        // One household view shows the household and both members: 3 person views each.
        for _ in 0..67 {
            f.app.household_view(&f.clerk, "501", None).unwrap();
        }
        let r = f
            .app
            .audit_report(&f.auditor, date(2026, 6, 1), date(2026, 6, 1))
            .unwrap();
        assert_eq!(
            r.views_by_user
                .iter()
                .map(|v| (v.actor.as_str(), v.views))
                .collect::<Vec<_>>(),
            vec![("tanaka", 201)]
        );
        assert_eq!(r.unusual_days.len(), 1);
        assert!(
            r.unusual_days[0].reason.contains("200件超"),
            "{}",
            r.unusual_days[0].reason
        );
    });
}

#[test]
fn no_my_number_in_a_reveal_row() {
    both(|f| {
        at(&f, date(2026, 6, 1), 9, 0);
        seed_household(&f);
        let n = format!(
            "00123456789{}",
            kokuho_domain::MyNumber::check_digit_for("00123456789").unwrap()
        );
        f.app.link_my_number(&f.clerk, "1001", &n).unwrap();
        // A purpose that contains the number is refused (it would be kept in the audit trail).
        let refused = f.app.reveal_my_number(&f.clerk, "1001", &format!("確認 {n}"));
        assert!(matches!(refused, Err(kokuho_app::AppError::Invalid(_))), "{refused:?}");
        let spaced = format!("確認 {} {} {}", &n[0..4], &n[4..8], &n[8..12]);
        assert!(
            f.app.reveal_my_number(&f.clerk, "1001", &spaced).is_err(),
            "spaced digits are refused too"
        );
        f.app.reveal_my_number(&f.clerk, "1001", "届出書との照合").unwrap();
        let page = f
            .app
            .audit_search(
                &f.auditor,
                &AuditQuery {
                    action: Some("my_number.".into()),
                    ..query()
                },
            )
            .unwrap();
        let reveal = page.entries.iter().find(|e| e.action == "my_number.reveal").unwrap();
        assert_eq!(reveal.action_label, "個人番号の表示");
        let text = serde_json::to_string(&page).unwrap();
        assert!(!text.contains(&n), "{text}");
    });
}
