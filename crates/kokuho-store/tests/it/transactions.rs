//! Placeholders, commit/rollback, error mapping and transaction poisoning.

use crate::{count_t, create_t, exec};
use kokuho_store::{Store, StoreError, StoreOptions, Tx, both_backends, params};

/// An application error type, to show that closures may use their own.
#[derive(Debug, PartialEq)]
enum AppError {
    Store(StoreError),
    Rejected,
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        AppError::Store(e)
    }
}

both_backends!(placeholders_reused_and_out_of_order, |store: &Store| {
    let row = store
        .read(|tx| {
            tx.query_one(
                "SELECT CAST($2 AS BIGINT) - CAST($1 AS BIGINT), CAST($2 AS BIGINT), '$1'",
                params![1, 10],
            )
        })
        .unwrap();
    assert_eq!(row.int(0).unwrap(), 9);
    assert_eq!(row.int(1).unwrap(), 10);
    assert_eq!(row.text(2).unwrap(), "$1");
    create_t(store);
    exec(
        store,
        "INSERT INTO t (s, i, id) VALUES ($3, $1, $2)",
        params![5, 1, "c"],
    )
    .unwrap();
    let row = store
        .read(|tx| tx.query_one("SELECT id, i, s FROM t WHERE s = $1 AND i = $2", params!["c", 5]))
        .unwrap();
    assert_eq!(
        (row.int(0).unwrap(), row.int(1).unwrap(), row.text(2).unwrap()),
        (1, 5, "c")
    );
});

both_backends!(parameter_count_mismatch, |store: &Store| {
    for params in [params![], params![1, 2]] {
        let err = store
            .read(|tx| tx.query("SELECT CAST($1 AS BIGINT)", params))
            .unwrap_err();
        assert!(matches!(err, StoreError::Schema(_)), "{err:?}");
    }
});

both_backends!(commit_on_ok_rollback_on_err, |store: &Store| {
    create_t(store);
    let r: Result<(), AppError> = store.write(|tx| {
        tx.execute("INSERT INTO t (id) VALUES (1)", &[])?;
        tx.execute("INSERT INTO t (id) VALUES (2)", &[])?;
        Err(AppError::Rejected)
    });
    assert_eq!(r, Err(AppError::Rejected));
    assert_eq!(count_t(store), 0);
    let n: Result<u64, AppError> = store.write(|tx| Ok(tx.execute("INSERT INTO t (id) VALUES (1), (2)", &[])?));
    assert_eq!(n, Ok(2));
    assert_eq!(count_t(store), 2);
});

both_backends!(panic_in_closure_rolls_back, |store: &Store| {
    create_t(store);
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _: Result<(), StoreError> = store.write(|tx| {
            tx.execute("INSERT INTO t (id) VALUES (1)", &[])?;
            panic!("boom");
        });
    }));
    assert!(caught.is_err());
    assert_eq!(count_t(store), 0);
    exec(store, "INSERT INTO t (id) VALUES (3)", &[]).unwrap();
    assert_eq!(count_t(store), 1);
});

both_backends!(unique_violation_is_conflict, |store: &Store| {
    create_t(store);
    exec(store, "INSERT INTO t (id, s) VALUES (1, 'a')", &[]).unwrap();
    let pk = exec(store, "INSERT INTO t (id, s) VALUES (1, 'b')", &[]).unwrap_err();
    let StoreError::Conflict { constraint } = &pk else {
        panic!("{pk:?}")
    };
    assert!(!constraint.is_empty());
    let uq = exec(store, "INSERT INTO t (id, s) VALUES (2, 'a')", &[]).unwrap_err();
    assert!(matches!(uq, StoreError::Conflict { .. }), "{uq:?}");
    // The message never contains the offending value.
    assert!(!uq.to_string().contains("'a'"), "{uq}");
    let err = exec(
        store,
        "INSERT INTO insurers (insurer_no, name, created_at) VALUES ($1, $2, $3), ($1, $2, $3)",
        params!["01234567", "秘密市", "2026-04-01"],
    )
    .unwrap_err();
    assert!(matches!(&err, StoreError::Conflict { .. }), "{err:?}");
    assert!(!format!("{err} {err:?}").contains("01234567"), "{err:?}");
});

both_backends!(error_poisons_the_transaction, |store: &Store| {
    create_t(store);
    exec(store, "INSERT INTO t (id) VALUES (1)", &[]).unwrap();
    // Swallowing the error and carrying on works on neither backend.
    let r: Result<(), StoreError> = store.write(|tx| {
        tx.execute("INSERT INTO t (id) VALUES (2)", &[])?;
        let dup = tx.execute("INSERT INTO t (id) VALUES (1)", &[]);
        assert!(matches!(dup, Err(StoreError::Conflict { .. })));
        let next = tx.execute("INSERT INTO t (id) VALUES (3)", &[]);
        assert!(matches!(next, Err(StoreError::Backend(_))), "{next:?}");
        Ok(())
    });
    assert!(matches!(r, Err(StoreError::Backend(_))), "{r:?}");
    assert_eq!(count_t(store), 1);
});

both_backends!(upsert_and_returning, |store: &Store| {
    create_t(store);
    let upsert = "INSERT INTO t (id, i) VALUES ($1, $2) \
                  ON CONFLICT (id) DO UPDATE SET i = t.i + excluded.i RETURNING i";
    let got = store
        .write(|tx| {
            let a = tx.query_one(upsert, params![1, 10])?.int(0)?;
            let b = tx.query_one(upsert, params![1, 5])?.int(0)?;
            let n = tx.execute("INSERT INTO t (id) VALUES (1) ON CONFLICT DO NOTHING", &[])?;
            let m = tx.execute("INSERT INTO t (id) VALUES (7), (8) RETURNING id", &[])?;
            Ok::<_, StoreError>((a, b, n, m))
        })
        .unwrap();
    assert_eq!(got, (10, 15, 0, 2));
    let n = exec(store, "UPDATE t SET i = 0 WHERE id >= $1", params![7]).unwrap();
    assert_eq!(n, 2);
});

both_backends!(query_one_opt_cardinality, |store: &Store| {
    create_t(store);
    exec(store, "INSERT INTO t (id, i) VALUES (1, 1), (2, 1)", &[]).unwrap();
    store
        .read(|tx: &mut dyn Tx| {
            assert_eq!(
                tx.query_one("SELECT id FROM t WHERE id = 9", &[]),
                Err(StoreError::NotFound)
            );
            assert_eq!(tx.query_opt("SELECT id FROM t WHERE id = 9", &[])?, None);
            assert_eq!(tx.query_opt("SELECT id FROM t WHERE id = 2", &[])?.unwrap().int(0)?, 2);
            assert_eq!(
                tx.query_one("SELECT id FROM t WHERE i = 1", &[]),
                Err(StoreError::TooManyRows)
            );
            // Neither NotFound nor TooManyRows poisons the transaction.
            assert_eq!(tx.query("SELECT id FROM t", &[])?.len(), 2);
            Ok::<_, StoreError>(())
        })
        .unwrap();
});

both_backends!(read_transactions_cannot_write, |store: &Store| {
    create_t(store);
    let r = store.read(|tx| tx.execute("INSERT INTO t (id) VALUES (1)", &[]));
    assert!(r.is_err(), "{r:?}");
    assert_eq!(count_t(store), 0);
    // The connection is fine afterwards, for reads and writes.
    exec(store, "INSERT INTO t (id) VALUES (1)", &[]).unwrap();
    assert_eq!(count_t(store), 1);
});

both_backends!(error_texts_hide_values, |store: &Store| {
    create_t(store);
    // NOT NULL violation: PostgreSQL puts the row into DETAIL, which must not surface.
    let err = exec(
        store,
        "INSERT INTO insurers (insurer_no, name, created_at) VALUES ($1, NULL, $2)",
        params!["99990001", "2026-04-01"],
    )
    .unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(!text.contains("99990001"), "{text}");
    // PostgreSQL rejects these (and would quote the value in its message); SQLite's CAST
    // never fails ('山田太郎' becomes 0), so only the PostgreSQL side can err here.
    for sql in ["SELECT CAST($1 AS BIGINT)", "SELECT CAST(CAST($1 AS TEXT) AS BIGINT)"] {
        let r = store.read(|tx| tx.query(sql, params!["山田太郎"]));
        match (store.dialect(), r) {
            (kokuho_store::Dialect::Sqlite, r) => assert_eq!(r.unwrap()[0].int(0).unwrap(), 0),
            (_, Ok(_)) => panic!("PostgreSQL accepted a bad integer"),
            (_, Err(err)) => {
                let text = format!("{err} {err:?}");
                assert!(!text.contains("山田"), "{text}");
            }
        }
    }
});

both_backends!(nested_use_times_out_instead_of_deadlock, db: |db: &kokuho_store::testing::TestDb| {
    let options = StoreOptions {
        max_connections: 1,
        acquire_timeout: std::time::Duration::from_millis(200),
        migrate: false,
    };
    let store = Store::open_with(db.target(), &options).unwrap();
    let inner = store.write(|_tx| store.write(|_tx2| Ok::<_, StoreError>(())));
    assert_eq!(inner, Err(StoreError::Busy));
});

#[test]
fn memory_store_shares_one_database() {
    let store = Store::open(":memory:").unwrap();
    create_t(&store);
    exec(&store, "INSERT INTO t (id) VALUES (1)", &[]).unwrap();
    let clone = store.clone();
    let n = std::thread::spawn(move || crate::count_t(&clone)).join().unwrap();
    assert_eq!(n, 1);
    assert!(store.read(|tx| tx.execute("DELETE FROM t", &[])).is_err());
    exec(&store, "DELETE FROM t", &[]).unwrap();
    assert_eq!(count_t(&store), 0);
}

both_backends!(portable_sql_subset, |store: &Store| {
    create_t(store);
    exec(
        store,
        "INSERT INTO t (id, i, s) VALUES (1, 10, 'a'), (2, 20, 'B'), (3, NULL, 'c')",
        &[],
    )
    .unwrap();
    store
        .read(|tx: &mut dyn Tx| {
            let q = |tx: &mut dyn Tx, sql: &str| -> Result<Vec<Vec<kokuho_store::Value>>, StoreError> {
                Ok(tx
                    .query(sql, &[])?
                    .into_iter()
                    .map(kokuho_store::Row::into_values)
                    .collect())
            };
            use kokuho_store::Value::{Int, Null, Text};
            assert_eq!(
                q(
                    tx,
                    "WITH x AS (SELECT id, i FROM t WHERE i IS NOT NULL) \
                       SELECT id, SUM(i) OVER (ORDER BY id) FROM x ORDER BY id"
                )?,
                vec![vec![Int(1), Int(10)], vec![Int(2), Int(30)]]
            );
            assert_eq!(
                q(
                    tx,
                    "SELECT COALESCE(i, -1), s || '-' || CAST(id AS TEXT), LENGTH('𠮷田'), \
                       SUBSTR('国民健康保険', 3, 2), 7 / 2, -7 / 2 FROM t ORDER BY id LIMIT 1 OFFSET 2"
                )?,
                vec![vec![
                    Int(-1),
                    Text("c-3".into()),
                    Int(2),
                    Text("健康".into()),
                    Int(3),
                    Int(-3)
                ]]
            );
            assert_eq!(
                q(tx, "SELECT id FROM t WHERE i IS DISTINCT FROM 10 ORDER BY id")?,
                vec![vec![Int(2)], vec![Int(3)]]
            );
            assert_eq!(
                q(tx, "SELECT MAX(i), MIN(s), COUNT(i) FROM t WHERE id > 5")?,
                vec![vec![Null, Null, Int(0)]]
            );
            assert_eq!(
                q(
                    tx,
                    "SELECT CASE WHEN EXISTS (SELECT 1 FROM t WHERE id = 1) THEN 1 ELSE 0 END"
                )?,
                vec![vec![Int(1)]]
            );
            // Code-point order (SQLite BINARY; PostgreSQL only with a C/C.UTF-8 collation).
            let order = match tx.dialect() {
                kokuho_store::Dialect::Sqlite => "SELECT s FROM t ORDER BY s",
                kokuho_store::Dialect::Postgres => "SELECT s FROM t ORDER BY s COLLATE \"C\"",
            };
            assert_eq!(
                q(tx, order)?,
                vec![vec![Text("B".into())], vec![Text("a".into())], vec![Text("c".into())]]
            );
            Ok::<_, StoreError>(())
        })
        .unwrap();
});
