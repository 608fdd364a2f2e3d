//! Readers and writers from several threads.

use crate::{count_t, create_t, exec};
use kokuho_store::{Store, StoreError, Value, both_backends, params};
use std::sync::mpsc;
use std::thread;

both_backends!(readers_run_while_a_writer_holds_its_transaction, |store: &Store| {
    create_t(store);
    exec(store, "INSERT INTO t (id) VALUES (0)", &[]).unwrap();
    let (inserted_tx, inserted_rx) = mpsc::channel::<()>();
    let (go_tx, go_rx) = mpsc::channel::<()>();
    let writer = {
        let store = store.clone();
        thread::spawn(move || {
            store.write(|tx| {
                tx.insert_many("t", &["id"], &mut (1..=1000).map(|k| vec![Value::Int(k)]))?;
                inserted_tx.send(()).unwrap();
                go_rx.recv().unwrap();
                Ok::<_, StoreError>(())
            })
        })
    };
    inserted_rx.recv().unwrap();
    // The writer is mid-transaction; readers neither block nor see its rows.
    let readers: Vec<_> = (0..3)
        .map(|_| {
            let store = store.clone();
            thread::spawn(move || (0..20).map(|_| count_t(&store)).collect::<Vec<_>>())
        })
        .collect();
    for r in readers {
        assert!(r.join().unwrap().iter().all(|&n| n == 1));
    }
    go_tx.send(()).unwrap();
    writer.join().unwrap().unwrap();
    assert_eq!(count_t(store), 1001);
});

both_backends!(a_read_transaction_sees_one_snapshot, |store: &Store| {
    create_t(store);
    exec(store, "INSERT INTO t (id) VALUES (1)", &[]).unwrap();
    let (counted_tx, counted_rx) = mpsc::channel::<()>();
    let (written_tx, written_rx) = mpsc::channel::<()>();
    let reader = {
        let store = store.clone();
        thread::spawn(move || {
            store.read(|tx| {
                let a = tx.query_one("SELECT COUNT(*) FROM t", &[])?.int(0)?;
                counted_tx.send(()).unwrap();
                written_rx.recv().unwrap();
                let b = tx.query_one("SELECT COUNT(*) FROM t", &[])?.int(0)?;
                Ok::<_, StoreError>((a, b))
            })
        })
    };
    counted_rx.recv().unwrap();
    exec(store, "INSERT INTO t (id) VALUES (2)", &[]).unwrap();
    written_tx.send(()).unwrap();
    assert_eq!(reader.join().unwrap().unwrap(), (1, 1));
    assert_eq!(count_t(store), 2);
});

both_backends!(concurrent_increments_are_not_lost, |store: &Store| {
    create_t(store);
    exec(store, "INSERT INTO t (id, i) VALUES (1, 0)", &[]).unwrap();
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let store = store.clone();
            thread::spawn(move || {
                for _ in 0..50 {
                    store
                        .write(|tx| {
                            // Read-modify-write through one UPDATE: portable and race-free.
                            tx.query_one("UPDATE t SET i = i + 1 WHERE id = $1 RETURNING i", params![1])
                        })
                        .unwrap();
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    let n = store
        .read(|tx| tx.query_one("SELECT i FROM t WHERE id = 1", &[])?.int(0))
        .unwrap();
    assert_eq!(n, 200);
});
