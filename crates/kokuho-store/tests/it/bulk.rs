//! insert_many and query_each at batch sizes.

use crate::{count_t, create_t};
use kokuho_store::{Store, StoreError, Value, both_backends, params};

const N: i64 = 100_000;

fn row(k: i64) -> Vec<Value> {
    vec![
        Value::Int(k),
        Value::Int(k * 3),
        Value::Text(format!("氏名{k:06}")),
        if k % 10 == 0 {
            Value::Null
        } else {
            Value::Blob(k.to_le_bytes().to_vec())
        },
        Value::Text(format!("2026-{:02}-{:02}", k % 12 + 1, k % 28 + 1)),
        Value::from(k % 2 == 0),
    ]
}

both_backends!(insert_many_and_stream_back, |store: &Store| {
    create_t(store);
    let inserted = store
        .write(|tx| tx.insert_many("t", &["id", "i", "s", "b", "d", "f"], &mut (0..N).map(row)))
        .unwrap();
    assert_eq!(inserted, N as u64);
    assert_eq!(count_t(store), N);
    let (mut seen, mut sum, mut nulls) = (0i64, 0i64, 0i64);
    store
        .read(|tx| {
            tx.query_each("SELECT id, i, s, b, d, f FROM t ORDER BY id", &[], &mut |r| {
                assert_eq!(r.int(0)?, seen);
                assert_eq!(r.values(), row(seen).as_slice());
                sum += r.int(1)?;
                nulls += i64::from(r.opt_blob(3)?.is_none());
                r.date(4)?;
                seen += 1;
                Ok(())
            })
        })
        .unwrap();
    assert_eq!(seen, N);
    assert_eq!(sum, 3 * N * (N - 1) / 2);
    assert_eq!(nulls, N / 10);
});

both_backends!(insert_many_edge_cases, |store: &Store| {
    create_t(store);
    let n = store
        .write(|tx| tx.insert_many("t", &["id"], &mut std::iter::empty()))
        .unwrap();
    assert_eq!(n, 0);
    for (table, cols) in [("t; DROP TABLE t", vec!["id"]), ("t", vec!["id)"]), ("t", vec![])] {
        let err = store
            .write(|tx| tx.insert_many(table, &cols, &mut std::iter::once(vec![Value::Int(1)])))
            .unwrap_err();
        assert!(matches!(err, StoreError::Schema(_)), "{err:?}");
    }
    // A short row in the middle fails the whole call, and the transaction rolls back.
    let mut rows = (0..10).map(|k| {
        if k == 5 {
            vec![Value::Int(k)]
        } else {
            vec![Value::Int(k), Value::Int(k)]
        }
    });
    let err = store
        .write(|tx| tx.insert_many("t", &["id", "i"], &mut rows))
        .unwrap_err();
    assert!(matches!(err, StoreError::Schema(_)), "{err:?}");
    assert_eq!(count_t(store), 0);
    // Duplicate keys are a Conflict here too.
    let mut rows = [1, 2, 1].into_iter().map(|k| vec![Value::Int(k)]);
    let err = store.write(|tx| tx.insert_many("t", &["id"], &mut rows)).unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err:?}");
    // Wrong value type.
    let mut rows = std::iter::once(vec![Value::Int(1), Value::from("x")]);
    let err = store
        .write(|tx| tx.insert_many("t", &["id", "i"], &mut rows))
        .unwrap_err();
    assert!(matches!(err, StoreError::Schema(_)), "{err:?}");
    assert_eq!(count_t(store), 0);
    // Schema-qualified names are fine on the default schema too? Only plain names are portable.
    let n = store
        .write(|tx| tx.insert_many("t", &["id", "s"], &mut (0..3).map(|k| vec![Value::Int(k), Value::Null])))
        .unwrap();
    assert_eq!(n, 3);
});

both_backends!(query_each_stops_on_callback_error, |store: &Store| {
    create_t(store);
    store
        .write(|tx| tx.insert_many("t", &["id"], &mut (0..1000).map(|k| vec![Value::Int(k)])))
        .unwrap();
    store
        .write(|tx| {
            let mut seen = 0;
            let r = tx.query_each("SELECT id FROM t ORDER BY id", &[], &mut |_row| {
                seen += 1;
                if seen == 10 { Err(StoreError::NotFound) } else { Ok(()) }
            });
            assert_eq!(r, Err(StoreError::NotFound));
            assert_eq!(seen, 10);
            // The transaction is still usable: the error was the caller's, not the database's.
            tx.execute("DELETE FROM t WHERE id < $1", params![500])?;
            Ok::<_, StoreError>(())
        })
        .unwrap();
    assert_eq!(count_t(store), 500);
});
