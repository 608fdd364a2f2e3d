//! Migrations against real databases.

use kokuho_store::migrations::MIGRATIONS;
use kokuho_store::testing::TestDb;
use kokuho_store::{Store, StoreError, both_backends, params};

fn applied(store: &Store) -> Vec<(i64, String)> {
    store
        .read(|tx| {
            tx.query(
                "SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version",
                &[],
            )?
            .iter()
            .map(|r| Ok((r.int(0)?, r.text(1)?.to_owned())))
            .collect::<Result<Vec<_>, StoreError>>()
        })
        .unwrap()
}

both_backends!(opening_twice_is_idempotent, db: |db: &TestDb| {
    let expected: Vec<(i64, String)> = MIGRATIONS.iter().map(|m| (m.version, m.name.to_owned())).collect();
    assert_eq!(applied(db.store()), expected);
    let again = Store::open(db.target()).unwrap();
    again.migrate().unwrap();
    assert_eq!(applied(&again), expected);
    // The base table exists and works.
    again
        .write(|tx| {
            tx.execute(
                "INSERT INTO insurers (insurer_no, name, created_at) VALUES ($1, $2, $3)",
                params!["01330001", "倉敷市", "2026-04-01"],
            )
        })
        .unwrap();
    let name = db
        .store()
        .read(|tx| tx.query_one("SELECT name FROM insurers", &[])?.text(0).map(str::to_owned))
        .unwrap();
    assert_eq!(name, "倉敷市");
});

both_backends!(changed_checksum_is_detected, db: |db: &TestDb| {
    db.store()
        .write(|tx| tx.execute("UPDATE schema_migrations SET checksum = 'x' WHERE version = 1", &[]))
        .unwrap();
    let err = Store::open(db.target()).unwrap_err();
    assert!(matches!(&err, StoreError::Schema(m) if m.contains('1') && m.contains("チェックサム")), "{err}");
    assert!(matches!(db.store().migrate(), Err(StoreError::Schema(_))));
});

both_backends!(renamed_migration_is_detected, db: |db: &TestDb| {
    db.store()
        .write(|tx| tx.execute("UPDATE schema_migrations SET name = 'other' WHERE version = 1", &[]))
        .unwrap();
    assert!(matches!(db.store().migrate(), Err(StoreError::Schema(_))));
});

#[test]
fn unreachable_postgres_fails_fast_with_a_clear_error() {
    let err = Store::open("postgres://postgres@127.0.0.1:1/none?connect_timeout=2").unwrap_err();
    assert!(matches!(err, StoreError::Backend(_)), "{err:?}");
}

#[test]
fn postgres_description_hides_password() {
    // Parsing alone (no connection) is enough to check the description.
    let err = Store::open("postgres://kokuho:topsecret@127.0.0.1:1/db?connect_timeout=1").unwrap_err();
    assert!(!format!("{err} {err:?}").contains("topsecret"));
}
