//! The journal's hash chain: verification names the first edited, deleted, reordered or truncated entry or
//! batch, the audit trail is verifiable, rebuilding equals the incremental state, and concurrent writers keep
//! one unbroken chain.

use jiff::civil::date;
use kokuho_app::eligibility::bulk_load::BulkLoadAudit;
use kokuho_app::eligibility::changes::EnrollRequest;
use kokuho_demo::DemoCity;
use kokuho_store::Value;

use crate::support::*;

fn populated(f: &Fixture) {
    seed_household(f);
    f.app
        .enroll(
            &f.clerk,
            &EnrollRequest {
                resident_no: "1001".into(),
                acquired_on: date(2020, 4, 1),
                reason: "転入".into(),
                notified_on: date(2020, 4, 1),
            },
        )
        .unwrap();
}

fn exec(f: &Fixture, sql: &str, params: &[Value]) {
    f.db.store().write(|tx| tx.execute(sql, params)).unwrap();
}

#[test]
fn verify_names_the_first_edited_deleted_reordered_or_truncated_entry() {
    both(|f| {
        populated(&f);
        let total = f.app.verify_journal(&f.auditor).unwrap();
        assert!(total.is_ok() && total.entries >= 4, "{total:?}");

        // Edited payload of entry 2.
        exec(
            &f,
            "UPDATE journal SET actor = 'someone' WHERE insurer_no = $1 AND seq = 2",
            &[INSURER.into()],
        );
        let r = f.app.verify_journal(&f.auditor).unwrap();
        assert_eq!(r.first_bad.as_ref().map(|b| b.seq), Some(2), "{r:?}");
    });
    both(|f| {
        populated(&f);
        exec(
            &f,
            "DELETE FROM journal WHERE insurer_no = $1 AND seq = 2",
            &[INSURER.into()],
        );
        let r = f.app.verify_journal(&f.auditor).unwrap();
        assert_eq!(
            r.first_bad.as_ref().map(|b| b.seq),
            Some(3),
            "deleted entry 2 → entry 3 is out of place"
        );
    });
    both(|f| {
        populated(&f);
        // Swap the contents of entries 1 and 2 (reordering).
        exec(
            &f,
            "UPDATE journal SET seq = -1 WHERE insurer_no = $1 AND seq = 1",
            &[INSURER.into()],
        );
        exec(
            &f,
            "UPDATE journal SET seq = 1 WHERE insurer_no = $1 AND seq = 2",
            &[INSURER.into()],
        );
        exec(
            &f,
            "UPDATE journal SET seq = 2 WHERE insurer_no = $1 AND seq = -1",
            &[INSURER.into()],
        );
        let r = f.app.verify_journal(&f.auditor).unwrap();
        assert_eq!(r.first_bad.as_ref().map(|b| b.seq), Some(1));
    });
    both(|f| {
        populated(&f);
        let n = f.app.verify_journal(&f.auditor).unwrap().entries;
        exec(
            &f,
            "DELETE FROM journal WHERE insurer_no = $1 AND seq = $2",
            &[INSURER.into(), n.into()],
        );
        let r = f.app.verify_journal(&f.auditor).unwrap();
        assert_eq!(
            r.first_bad.as_ref().map(|b| b.seq),
            Some(n),
            "truncated tail detected via the chain head"
        );
    });
}

/// The seqs at which a bulk-loaded city's entries (one batch per household) start.
fn batch_seqs(f: &Fixture) -> Vec<i64> {
    let city = DemoCity::new(3, 40, date(2026, 11, 1));
    f.app
        .load_households(&f.clerk, &city, BulkLoadAudit::DEMO, &|_| {})
        .unwrap();
    let rows =
        f.db.store()
            .read(|tx| {
                tx.query(
                    "SELECT seq, span FROM journal WHERE insurer_no = $1 ORDER BY seq",
                    &[INSURER.into()],
                )
            })
            .unwrap();
    let seqs: Vec<(i64, i64)> = rows
        .into_iter()
        .map(|r| (r.int(0).unwrap(), r.int(1).unwrap()))
        .collect();
    assert_eq!(seqs.len(), 40, "one entry per household");
    assert!(
        seqs.windows(2).all(|w| w[0].0 + w[0].1 == w[1].0),
        "each batch starts after the events of the one before: {seqs:?}"
    );
    assert!(seqs.iter().all(|(_, span)| *span > 3));
    seqs.into_iter().map(|(seq, _)| seq).collect()
}

#[test]
fn verify_names_an_edited_stretched_deleted_or_truncated_batch() {
    both(|f| {
        let seqs = batch_seqs(&f);
        let total = f.app.verify_journal(&f.auditor).unwrap();
        assert!(total.is_ok(), "{total:?}");
        let events: i64 =
            f.db.store()
                .read(|tx| {
                    tx.query_one(
                        "SELECT CAST(SUM(span) AS BIGINT) FROM journal WHERE insurer_no = $1",
                        &[INSURER.into()],
                    )
                })
                .unwrap()
                .int(0)
                .unwrap();
        assert_eq!(total.entries, events, "a batch counts as its events");

        // An edited event inside the 5th household's batch.
        exec(
            &f,
            "UPDATE journal SET payload = replace(payload, '\"late\":false', '\"late\":true') WHERE insurer_no = $1 \
             AND seq = $2",
            &[INSURER.into(), seqs[4].into()],
        );
        let r = f.app.verify_journal(&f.auditor).unwrap();
        assert_eq!(r.first_bad.as_ref().map(|b| b.seq), Some(seqs[4]), "{r:?}");
        assert!(
            f.app.rebuild_projections(&f.admin).is_err(),
            "no rebuild from a tampered journal"
        );
    });
    both(|f| {
        let seqs = batch_seqs(&f);
        // A batch claiming fewer events than it holds (or more) no longer matches its hash.
        exec(
            &f,
            "UPDATE journal SET span = span - 1 WHERE insurer_no = $1 AND seq = $2",
            &[INSURER.into(), seqs[2].into()],
        );
        let r = f.app.verify_journal(&f.auditor).unwrap();
        assert_eq!(r.first_bad.as_ref().map(|b| b.seq), Some(seqs[2]), "{r:?}");
        exec(
            &f,
            "UPDATE journal SET span = 1 WHERE insurer_no = $1 AND seq = $2",
            &[INSURER.into(), seqs[2].into()],
        );
        let r = f.app.verify_journal(&f.auditor).unwrap();
        assert_eq!(r.first_bad.as_ref().map(|b| b.seq), Some(seqs[2]), "{r:?}");
    });
    both(|f| {
        let seqs = batch_seqs(&f);
        exec(
            &f,
            "DELETE FROM journal WHERE insurer_no = $1 AND seq = $2",
            &[INSURER.into(), seqs[7].into()],
        );
        let r = f.app.verify_journal(&f.auditor).unwrap();
        assert_eq!(
            r.first_bad.as_ref().map(|b| b.seq),
            Some(seqs[8]),
            "deleted batch → the next one is out of place"
        );
    });
    both(|f| {
        let seqs = batch_seqs(&f);
        let last = *seqs.last().unwrap();
        exec(
            &f,
            "DELETE FROM journal WHERE insurer_no = $1 AND seq = $2",
            &[INSURER.into(), last.into()],
        );
        let r = f.app.verify_journal(&f.auditor).unwrap();
        assert_eq!(
            r.first_bad.as_ref().map(|b| b.seq),
            Some(last),
            "truncated tail detected via the chain head: {r:?}"
        );
    });
}

#[test]
fn audit_trail_is_verifiable_and_detects_edits() {
    both(|f| {
        populated(&f);
        assert!(f.app.verify_audit(&f.auditor).unwrap().is_ok());
        exec(
            &f,
            "UPDATE audit_log SET actor = 'someone' WHERE insurer_no = $1 AND seq = 3",
            &[INSURER.into()],
        );
        let r = f.app.verify_audit(&f.auditor).unwrap();
        assert_eq!(r.first_bad.as_ref().map(|b| b.seq), Some(3));
    });
}

#[test]
fn rebuild_equals_incremental_state() {
    both(|f| {
        // A small synthetic city plus operations of every kind.
        let city = DemoCity::new(7, 300, date(2026, 11, 1));
        f.app
            .load_households(&f.clerk, &city, BulkLoadAudit::DEMO, &|_| {})
            .unwrap();
        populated(&f);
        f.app.apply_age_transitions(&f.clerk, date(2026, 11, 22)).unwrap();
        let dump = |f: &Fixture| {
            f.db.store()
                .read(|tx| kokuho_store::repo::dump_projections(tx, INSURER))
                .unwrap()
        };
        let incremental = dump(&f);
        let rows: usize = incremental.iter().map(|(_, r)| r.len()).sum();
        assert!(rows > 200, "the city must give the test something to compare ({rows})");
        let n = f.app.rebuild_projections(&f.admin).unwrap();
        assert!(n > 100);
        let rebuilt = dump(&f);
        for ((table, a), (_, b)) in incremental.iter().zip(rebuilt.iter()) {
            if a != b {
                let only_inc: Vec<_> = a.iter().filter(|r| !b.contains(r)).take(2).collect();
                let only_reb: Vec<_> = b.iter().filter(|r| !a.contains(r)).take(2).collect();
                panic!(
                    "{table} differs ({} vs {} rows): incremental only {only_inc:?}; rebuilt only {only_reb:?}",
                    a.len(),
                    b.len()
                );
            }
        }
        assert_eq!(rebuilt, incremental);
    });
}

#[test]
fn concurrent_writers_keep_one_unbroken_chain() {
    both(|f| {
        std::thread::scope(|s| {
            for t in 0..6 {
                let f = &f;
                s.spawn(move || {
                    for i in 0..5 {
                        let id = format!("T{t}-{i}");
                        let resident = format!("8{t}0{i}");
                        let change = move_in(
                            &id,
                            &resident,
                            &format!("9{t}0{i}"),
                            true,
                            date(2026, 4, 1),
                            person(
                                "並行 試験",
                                "ヘイコウ シケン",
                                date(1990, 1, 1),
                                kokuho_domain::eligibility::resident::Sex::Female,
                            ),
                        );
                        f.app.import_resident_changes(&f.clerk, &id, &[(2, change)]).unwrap();
                    }
                });
            }
        });
        let journal = f.app.verify_journal(&f.auditor).unwrap();
        assert!(journal.is_ok(), "{journal:?}");
        assert_eq!(journal.entries, 6 * 5 * 2, "each move-in = the change + a work item");
        assert!(f.app.verify_audit(&f.auditor).unwrap().is_ok());
    });
}
