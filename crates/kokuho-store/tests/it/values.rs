//! Value round trips through real columns.

use crate::create_t;
use jiff::civil::date;
use kokuho_store::{Dialect, Store, StoreError, Value, both_backends, params};

fn round_trip(store: &Store, v: Value, column: &str) -> Value {
    store
        .write(|tx| {
            tx.execute("DELETE FROM t", &[])?;
            tx.execute(
                &format!("INSERT INTO t (id, {column}) VALUES (1, $1)"),
                std::slice::from_ref(&v),
            )?;
            Ok::<_, StoreError>(
                tx.query_one(&format!("SELECT {column} FROM t WHERE id = 1"), &[])?
                    .into_values()
                    .remove(0),
            )
        })
        .unwrap()
}

both_backends!(integers, |store: &Store| {
    create_t(store);
    for v in [0, 1, -1, i64::MIN, i64::MAX, 1_000_000_007] {
        assert_eq!(round_trip(store, Value::Int(v), "i"), Value::Int(v));
    }
    assert_eq!(round_trip(store, Value::Null, "i"), Value::Null);
});

both_backends!(texts_are_unchanged, |store: &Store| {
    create_t(store);
    let samples = [
        "",
        "倉敷市",
        "𠮷野 髙子", // outside the BMP, and a 異体字
        "\u{F929}",  // 朗 (CJK compatibility ideograph): NFKC would change it
        "ｶﾞ　全角スペース\tタブ\n改行",
        "葛\u{E0100}飾", // ideographic variation selector
        "'; DROP TABLE t; --",
        "$1 ?1 :name @x",
    ];
    for s in samples {
        let got = round_trip(store, Value::from(s), "s");
        assert_eq!(got, Value::Text(s.to_owned()), "{s:?}");
    }
    let got = round_trip(store, Value::from("\u{F929}"), "s");
    assert_eq!(got, Value::Text("\u{F929}".into()));
    assert_ne!(got, Value::Text("\u{6717}".into()));
});

both_backends!(blobs_keep_every_byte, |store: &Store| {
    create_t(store);
    let all: Vec<u8> = (0..=255).collect();
    for b in [vec![], vec![0u8], vec![0, 0, 0], all, vec![0xff; 100_000]] {
        assert_eq!(round_trip(store, Value::Blob(b.clone()), "b"), Value::Blob(b));
    }
});

both_backends!(nulls_and_typed_getters, |store: &Store| {
    create_t(store);
    let d = date(2026, 4, 1);
    store
        .write(|tx| {
            tx.execute(
                "INSERT INTO t (id, i, s, b, d, f) VALUES ($1, $2, $3, $4, $5, $6)",
                params![1, 42, "x", vec![1u8, 2], d, true],
            )?;
            tx.execute(
                "INSERT INTO t (id, i, s, b, d, f) VALUES ($1, $2, $3, $4, $5, $6)",
                params![
                    2,
                    None::<i64>,
                    None::<String>,
                    None::<Vec<u8>>,
                    None::<jiff::civil::Date>,
                    false
                ],
            )
        })
        .unwrap();
    let rows = store
        .read(|tx| tx.query("SELECT id, i, s, b, d, f FROM t ORDER BY id", &[]))
        .unwrap();
    assert_eq!(rows.len(), 2);
    let (a, n) = (&rows[0], &rows[1]);
    assert_eq!(a.int(1).unwrap(), 42);
    assert_eq!(a.opt_int(1).unwrap(), Some(42));
    assert_eq!(a.text(2).unwrap(), "x");
    assert_eq!(a.blob(3).unwrap(), &[1, 2]);
    assert_eq!(a.date(4).unwrap(), d);
    assert_eq!(a.opt_date(4).unwrap(), Some(d));
    assert!(a.bool(5).unwrap());
    assert_eq!(n.opt_int(1).unwrap(), None);
    assert_eq!(n.opt_text(2).unwrap(), None);
    assert_eq!(n.opt_blob(3).unwrap(), None);
    assert_eq!(n.opt_date(4).unwrap(), None);
    assert!(!n.bool(5).unwrap());
    // NULL or wrong type through a non-optional getter names the column.
    for err in [n.int(1).unwrap_err(), n.text(2).unwrap_err(), a.int(2).unwrap_err()] {
        assert!(matches!(&err, StoreError::Schema(m) if m.contains("列")), "{err}");
    }
    assert!(matches!(a.date(2), Err(StoreError::Schema(m)) if m.contains("列 2")));
    assert!(matches!(a.int(9), Err(StoreError::Schema(m)) if m.contains("列 9")));
});

both_backends!(dates_sort_as_text, |store: &Store| {
    create_t(store);
    let dates = [
        date(2026, 10, 1),
        date(1, 1, 1),
        date(9999, 12, 31),
        date(2026, 4, 1),
        date(1989, 1, 8),
    ];
    store
        .write(|tx| {
            for (k, d) in dates.iter().enumerate() {
                tx.execute("INSERT INTO t (id, d) VALUES ($1, $2)", params![k as i64, *d])?;
            }
            Ok::<_, StoreError>(())
        })
        .unwrap();
    let got: Vec<_> = store
        .read(|tx| {
            let rows = tx.query("SELECT d FROM t WHERE d >= $1 ORDER BY d", params![date(1989, 1, 8)])?;
            rows.iter().map(|r| r.date(0)).collect::<Result<Vec<_>, _>>()
        })
        .unwrap();
    assert_eq!(
        got,
        vec![
            date(1989, 1, 8),
            date(2026, 4, 1),
            date(2026, 10, 1),
            date(9999, 12, 31)
        ]
    );
});

both_backends!(wrong_value_type_is_schema_error, |store: &Store| {
    create_t(store);
    let err = crate::exec(store, "INSERT INTO t (id, i) VALUES (1, $1)", params!["not a number"]).unwrap_err();
    assert!(matches!(err, StoreError::Schema(_)), "{err:?}");
    let err = crate::exec(store, "INSERT INTO t (id, b) VALUES (1, $1)", params![7]).unwrap_err();
    assert!(matches!(err, StoreError::Schema(_)), "{err:?}");
    assert_eq!(crate::count_t(store), 0);
});

both_backends!(aggregates_and_literals_read_as_int, |store: &Store| {
    create_t(store);
    store
        .write(|tx| {
            tx.execute(
                "INSERT INTO t (id, i) VALUES (1, $1), (2, $2)",
                params![i64::MAX / 2, 5],
            )
        })
        .unwrap();
    let row = store
        .read(|tx| {
            tx.query_one(
                "SELECT COUNT(*), SUM(i), 1, CAST($1 AS BIGINT), MAX(s) FROM t WHERE i > $2",
                params![7, 0],
            )
        })
        .unwrap();
    assert_eq!(row.int(0).unwrap(), 2);
    // PostgreSQL: SUM(bigint) is NUMERIC; integral values come back as Int.
    assert_eq!(row.int(1).unwrap(), i64::MAX / 2 + 5);
    assert_eq!(row.int(2).unwrap(), 1);
    assert_eq!(row.int(3).unwrap(), 7);
    assert_eq!(row.opt_text(4).unwrap(), None);
    // ... and a NUMERIC parameter (HAVING SUM(..) > $1) binds from Int.
    let n = store
        .read(|tx| {
            tx.query("SELECT s FROM t GROUP BY s HAVING SUM(i) > $1", params![10])
                .map(|r| r.len())
        })
        .unwrap();
    assert_eq!(n, 1);
});

both_backends!(floats_are_refused, |store: &Store| {
    let err = store.read(|tx| tx.query_one("SELECT 1.5", &[])).unwrap_err();
    assert!(matches!(&err, StoreError::Schema(m) if m.contains("列 0")), "{err}");
});

both_backends!(dialect_matches, |store: &Store| {
    let d = store.read(|tx| Ok::<_, StoreError>(tx.dialect())).unwrap();
    assert_eq!(d, store.dialect());
    let described = store.describe();
    match d {
        Dialect::Sqlite => assert!(described.starts_with("SQLite "), "{described}"),
        Dialect::Postgres => assert!(described.starts_with("PostgreSQL "), "{described}"),
    }
    assert!(format!("{store:?}").contains(&described));
    if d == Dialect::Postgres {
        let app = store
            .read(|tx| {
                tx.query_one("SELECT current_setting('application_name')", &[])?
                    .text(0)
                    .map(str::to_owned)
            })
            .unwrap();
        assert_eq!(app, "kokuho");
    }
});

#[test]
fn store_is_send_sync_and_cheap_to_clone() {
    fn assert_send_sync<T: Send + Sync + Clone + 'static>() {}
    assert_send_sync::<Store>();
    fn takes_dyn(_tx: &mut dyn kokuho_store::Tx) {}
    let _ = takes_dyn;
}

both_backends!(arbitrary_text_and_bytes_round_trip, |store: &Store| {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    create_t(store);
    let mut runner = TestRunner::new(Config {
        cases: 200,
        ..Config::default()
    });
    // PostgreSQL TEXT cannot hold U+0000; everything else must come back byte-identical.
    let strategy = ("[^\\x00]{0,40}", proptest::collection::vec(any::<u8>(), 0..64));
    runner
        .run(&strategy, |(s, b)| {
            let (got_s, got_b) = store
                .write(|tx| {
                    tx.execute("DELETE FROM t", &[])?;
                    tx.execute(
                        "INSERT INTO t (id, s, b) VALUES (1, $1, $2)",
                        params![s.as_str(), b.clone()],
                    )?;
                    let r = tx.query_one("SELECT s, b FROM t WHERE s = $1", params![s.as_str()])?;
                    Ok::<_, StoreError>((r.text(0)?.to_owned(), r.blob(1)?.to_vec()))
                })
                .unwrap();
            prop_assert_eq!(got_s, s);
            prop_assert_eq!(got_b, b);
            Ok(())
        })
        .unwrap();
});
