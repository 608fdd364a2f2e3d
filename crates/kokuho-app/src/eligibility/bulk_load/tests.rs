//! The bulk load against the reference: the same city recorded event by event through the
//! interactive rules (`assign_card` and `link` reading the database, one journal entry per
//! event, projections written by `SqlProjection`). Both must give the same journal events with
//! the same seqs and exactly the same projection rows.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use jiff::civil::date;
use kokuho_crypto::Kek;
use kokuho_demo::DemoCity;
use kokuho_domain::eligibility::migration::MigratedHousehold;
use kokuho_store::Value;
use kokuho_store::repo::journal::for_each_journal;
use kokuho_store::testing::TestDb;

use super::BulkLoadAudit;
use super::plan::{enrolled, flag_set, withdrawn};
use crate::assessment::events::AssessmentEvent;
use crate::eligibility::changes::assign_card;
use crate::eligibility::events::EligibilityEvent;
use crate::eligibility::my_number::link;
use crate::error::AppResult;
use crate::journal::Event;
use crate::keys::KeyService;
use crate::{Actor, App, AuthMethod, Ctx, FixedClock, Permission};

const INSURER: &str = "999991";

/// The demo load's audit record.
const DEMO_LOAD: BulkLoadAudit = BulkLoadAudit::DEMO;

/// Runs `check` on SQLite, then on PostgreSQL.
fn on_both(check: fn(kokuho_store::Dialect)) {
    check(kokuho_store::Dialect::Sqlite);
    check(kokuho_store::Dialect::Postgres);
}

/// A fresh database with the insurer, its administrator suzuki and the clerk tanaka.
fn fresh(dialect: kokuho_store::Dialect) -> (TestDb, App, Actor) {
    let db = TestDb::new(dialect).unwrap();
    let app = App::new(
        db.store().clone(),
        KeyService::new(Kek::generate().unwrap()),
        Arc::new(FixedClock::at_date(date(2026, 11, 22))),
    );
    app.bootstrap_insurer(
        &INSURER.parse().unwrap(),
        "テスト市",
        &"suzuki".parse().unwrap(),
        "管理 一郎",
        "test",
    )
    .unwrap();
    let admin = app.actor_for_login("suzuki", AuthMethod::Cli).unwrap();
    app.add_user(
        &admin,
        &"tanaka".parse().unwrap(),
        "職員",
        &["eligibility".into(), "my_number".into()],
        None,
    )
    .unwrap();
    let clerk = app.actor_for_login("tanaka", AuthMethod::Cli).unwrap();
    (db, app, clerk)
}

/// The loader before bulk entries: one event at a time, decisions read back from the database
/// (the events themselves are built by the same functions as the bulk load's).
fn load_event_by_event(app: &App, actor: &Actor, city: &DemoCity) {
    app.run(
        actor,
        Permission::EligibilityWrite,
        crate::AuditAction::DemoLoad,
        "demo",
        |cx| {
            for h in city.households() {
                record_household(app, cx, &h.into())?;
            }
            Ok(crate::Audited::new(
                (),
                "demo",
                crate::AuditEvent::DemoLoad {
                    households: 0,
                    from: 0,
                    to: 0,
                },
            ))
        },
    )
    .unwrap();
}

fn record_household(app: &App, cx: &mut Ctx<'_>, h: &MigratedHousehold) -> AppResult<()> {
    for change in &h.changes {
        cx.record(EligibilityEvent::ResidentChanged { change: change.clone() })?;
    }
    for e in &h.periods {
        let resident_no = e.resident_no.to_string();
        let Some(r) = cx.with_projection(|p| p.resident(&resident_no))? else {
            continue;
        };
        let card = assign_card(cx, &r.household_no, &resident_no)?;
        let appended = cx.record(enrolled(e, r.household_no, card))?;
        if let Some(event) = withdrawn(e, appended.seq) {
            cx.record(event)?;
        }
    }
    for income in &h.incomes {
        cx.record(AssessmentEvent::IncomeRecorded { income: income.clone() })?;
    }
    for f in &h.flags {
        cx.record(flag_set(&h.household_no, f))?;
    }
    for m in &h.my_numbers {
        link(app, cx, m.resident_no.as_str(), m.number.as_ref())?;
    }
    Ok(())
}

/// A ciphertext as the digits it decrypts to: the two databases have different data keys.
fn digits(app: &App, db: &TestDb, resident_no: &str, ciphertext: &[u8]) -> String {
    db.store()
        .read(|tx| -> AppResult<String> {
            let keys = app.keys().for_insurer(tx, INSURER)?;
            Ok(keys
                .decrypt(INSURER, resident_no, ciphertext)?
                .expose_digits()
                .to_string())
        })
        .unwrap()
}

/// Every event of the journal with its seq (batches opened), My Numbers as digits.
fn journal_events(app: &App, db: &TestDb) -> Vec<(i64, Event)> {
    let mut rows = Vec::new();
    db.store()
        .read(|tx| {
            for_each_journal(tx, INSURER, &mut |row| {
                rows.push(row);
                Ok(())
            })
        })
        .unwrap();
    let mut out = Vec::new();
    for row in rows {
        let entry: Event = serde_json::from_str(&row.payload).unwrap();
        assert_eq!(
            serde_json::to_string(&entry).unwrap(),
            row.payload,
            "entry {} reads back to its bytes",
            row.seq
        );
        for (seq, mut e) in (row.seq..).zip(entry.events().iter().cloned()) {
            if let Event::Eligibility(
                EligibilityEvent::MyNumberLinked {
                    resident_no,
                    ciphertext,
                    blind_index,
                }
                | EligibilityEvent::MyNumberConfirmationRaised {
                    resident_no,
                    ciphertext: Some(ciphertext),
                    blind_index: Some(blind_index),
                    ..
                },
            ) = &mut e
            {
                *ciphertext = digits(app, db, resident_no, &B64.decode(&*ciphertext).unwrap());
                blind_index.clear();
            }
            out.push((seq, e));
        }
    }
    out
}

/// The projections, with each My Number ciphertext as its digits and the blind index checked
/// against them (then left out).
fn projections(app: &App, db: &TestDb) -> kokuho_store::repo::ProjectionDump {
    let mut dump = db
        .store()
        .read(|tx| kokuho_store::repo::dump_projections(tx, INSURER))
        .unwrap();
    let index_of = |d: &str| -> Vec<u8> {
        db.store()
            .read(|tx| -> AppResult<Vec<u8>> {
                Ok(app
                    .keys()
                    .for_insurer(tx, INSURER)?
                    .blind_index(&kokuho_domain::MyNumber::parse(d).unwrap()))
            })
            .unwrap()
    };
    for (table, rows) in &mut dump {
        // The resident, ciphertext and blind index columns.
        let (rn, ct, bi) = match table.as_str() {
            "my_numbers" => (1, 2, 3),
            "my_number_confirmations" => (2, 4, 5),
            _ => continue,
        };
        for row in rows.iter_mut() {
            let (Value::Text(resident_no), Value::Blob(ciphertext)) = (row[rn].clone(), row[ct].clone()) else {
                continue;
            };
            let d = digits(app, db, &resident_no, &ciphertext);
            assert_eq!(
                row[bi],
                Value::Blob(index_of(&d)),
                "{table}: blind index of {resident_no}"
            );
            row[ct] = Value::Text(d);
            row[bi] = Value::Null;
        }
        rows.sort();
    }
    dump
}

fn compare(dialect: kokuho_store::Dialect) {
    let city = DemoCity::new(11, 600, date(2026, 11, 1));
    let (reference_db, reference, clerk) = fresh(dialect);
    load_event_by_event(&reference, &clerk, &city);
    let (bulk_db, bulk, clerk) = fresh(dialect);
    assert_eq!(bulk.load_households(&clerk, &city, DEMO_LOAD, &|_| {}).unwrap(), 600);

    let events = journal_events(&bulk, &bulk_db);
    assert_eq!(
        events,
        journal_events(&reference, &reference_db),
        "the same events with the same seqs"
    );
    let rows = projections(&bulk, &bulk_db);
    let confirmations = rows
        .iter()
        .find(|(t, _)| t == "my_number_confirmations")
        .map(|(_, r)| r.len());
    assert!(
        confirmations.is_some_and(|n| n >= 2),
        "the city has My Number conflicts: {confirmations:?}"
    );
    for ((table, a), (_, b)) in rows.iter().zip(projections(&reference, &reference_db).iter()) {
        assert!(
            a == b,
            "{table}: {} bulk rows, {} event by event; first difference {:?}",
            a.len(),
            b.len(),
            a.iter().zip(b).find(|(x, y)| x != y)
        );
    }
    let entries = bulk_db
        .store()
        .read(|tx| kokuho_store::repo::journal::count(tx, kokuho_store::repo::journal::ChainTable::Journal, INSURER))
        .unwrap();
    assert_eq!(entries, 600, "one entry per household");
}

#[test]
fn bulk_load_equals_the_city_recorded_event_by_event() {
    on_both(compare);
}

/// A bigger city over a smaller one: the households already there are skipped, the database's
/// links and cards are taken into account, and the journal still rebuilds to the same state.
fn resume(dialect: kokuho_store::Dialect) {
    let (db, app, clerk) = fresh(dialect);
    assert_eq!(
        app.load_households(&clerk, &DemoCity::new(5, 30, date(2026, 11, 1)), DEMO_LOAD, &|_| {})
            .unwrap(),
        30
    );
    assert_eq!(
        app.load_households(&clerk, &DemoCity::new(5, 50, date(2026, 11, 1)), DEMO_LOAD, &|_| {})
            .unwrap(),
        20
    );
    let count = |sql: &str| {
        db.store()
            .read(|tx| tx.query_one(sql, &[INSURER.into()]))
            .unwrap()
            .int(0)
            .unwrap()
    };
    assert_eq!(count("SELECT COUNT(*) FROM journal WHERE insurer_no = $1"), 50);
    assert_eq!(
        count("SELECT COUNT(DISTINCT card_number) FROM cards WHERE insurer_no = $1"),
        count("SELECT COUNT(*) FROM cards WHERE insurer_no = $1")
    );
    let admin = app.actor_for_login("suzuki", AuthMethod::Cli).unwrap();
    let incremental = db
        .store()
        .read(|tx| kokuho_store::repo::dump_projections(tx, INSURER))
        .unwrap();
    app.rebuild_projections(&admin).unwrap();
    assert_eq!(
        db.store()
            .read(|tx| kokuho_store::repo::dump_projections(tx, INSURER))
            .unwrap(),
        incremental
    );
}

#[test]
fn a_bigger_city_loads_only_the_new_households() {
    on_both(resume);
}

/// A number already linked in the database before the load sends the loaded person to the
/// 要確認リスト, naming the one who has it.
fn duplicate_of_a_stored_number(dialect: kokuho_store::Dialect) {
    let (db, app, clerk) = fresh(dialect);
    let (b, blank) = DemoCity::new(11, 5_000, date(2026, 11, 1))
        .households()
        .find_map(|h| Some((h.index, h.members.into_iter().find(|m| m.my_number.number().is_none())?)))
        .expect("a member without a number");
    let city = DemoCity::new(11, b + 10, date(2026, 11, 1));
    let later = city.household(b + 5).members.swap_remove(0);
    let number = later.my_number.number().expect("a number").expose_digits().to_string();
    assert_eq!(
        app.load_households(&clerk, &DemoCity::new(11, b + 1, date(2026, 11, 1)), DEMO_LOAD, &|_| {})
            .unwrap(),
        b + 1
    );
    let other = app.actor_for_login("suzuki", AuthMethod::Cli).unwrap();
    app.add_user(&other, &"sato".parse().unwrap(), "職員", &["my_number".into()], None)
        .unwrap();
    let sato = app.actor_for_login("sato", AuthMethod::Cli).unwrap();
    assert_eq!(
        app.link_my_number(&sato, blank.resident_no.as_str(), &number).unwrap(),
        crate::eligibility::my_number::LinkOutcome::Linked
    );
    assert_eq!(app.load_households(&clerk, &city, DEMO_LOAD, &|_| {}).unwrap(), 9);
    let raised = db
        .store()
        .read(|tx| {
            tx.query(
                "SELECT reason, other_resident_no FROM my_number_confirmations WHERE insurer_no = $1 AND resident_no \
                 = $2",
                &[INSURER.into(), later.resident_no.as_str().into()],
            )
        })
        .unwrap();
    assert_eq!(raised.len(), 1);
    assert_eq!(raised[0].text(0).unwrap(), "duplicate_of_other");
    assert_eq!(raised[0].text(1).unwrap(), blank.resident_no.as_str());
}

#[test]
fn a_number_linked_before_the_load_is_a_duplicate() {
    on_both(duplicate_of_a_stored_number);
}
