//! Bulk-load throughput: `insert_many` of 1,000,000 rows × 6 columns into a SQLite file and into
//! PostgreSQL, plus (PostgreSQL) the multi-row `INSERT … VALUES (…),(…)` alternative that
//! `insert_many` does not use, and streaming the rows back with `query_each`.
//!
//! `cargo bench -p kokuho-store --bench bulk_insert` (rows: `KOKUHO_BENCH_ROWS`, default 1e6).

use kokuho_store::testing::TestDb;
use kokuho_store::{Dialect, Store, StoreError, Value};
use std::error::Error;
use std::time::Instant;

const COLUMNS: &[&str] = &["id", "insurer_no", "name", "birth_date", "amount", "flag"];

fn row(k: i64) -> Vec<Value> {
    vec![
        Value::Int(k),
        Value::Text(format!("0133{:04}", k % 30)),
        Value::Text(format!("国保 太郎{k:07}")),
        Value::Text(format!("{}-{:02}-{:02}", 1940 + k % 80, k % 12 + 1, k % 28 + 1)),
        Value::Int(k * 100 % 1_000_000),
        Value::Int(k % 2),
    ]
}

fn create(store: &Store, table: &str) -> Result<(), StoreError> {
    store.write(|tx| {
        let ddl = match tx.dialect() {
            Dialect::Sqlite => format!(
                "CREATE TABLE {table} (id INTEGER PRIMARY KEY NOT NULL, insurer_no TEXT NOT NULL, \
                 name TEXT NOT NULL, birth_date TEXT NOT NULL, amount INTEGER NOT NULL, \
                 flag INTEGER NOT NULL) STRICT"
            ),
            Dialect::Postgres => format!(
                "CREATE TABLE {table} (id BIGINT PRIMARY KEY NOT NULL, insurer_no TEXT NOT NULL, \
                 name TEXT NOT NULL, birth_date TEXT NOT NULL, amount BIGINT NOT NULL, \
                 flag BIGINT NOT NULL)"
            ),
        };
        tx.execute_batch(&ddl)
    })
}

fn report(label: &str, rows: i64, started: Instant) {
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{label:<48} {rows:>9} rows {secs:>7.2} s {:>10.0} rows/s",
        rows as f64 / secs
    );
}

fn insert_many(store: &Store, label: &str, rows: i64) -> Result<(), Box<dyn Error>> {
    create(store, "bench_many")?;
    let started = Instant::now();
    let n = store.write(|tx| tx.insert_many("bench_many", COLUMNS, &mut (0..rows).map(row)))?;
    report(label, rows, started);
    if n != rows as u64 {
        return Err(format!("inserted {n}, expected {rows}").into());
    }
    Ok(())
}

/// Multi-row INSERT in chunks of `chunk` rows (≤ 65,535 parameters per statement).
fn multi_row_insert(store: &Store, rows: i64, chunk: i64) -> Result<(), Box<dyn Error>> {
    let table = format!("bench_multi_{chunk}");
    create(store, &table)?;
    let width = COLUMNS.len() as i64;
    let statement = |n: i64| {
        let groups: Vec<String> = (0..n)
            .map(|r| {
                let ps: Vec<String> = (1..=width).map(|c| format!("${}", r * width + c)).collect();
                format!("({})", ps.join(", "))
            })
            .collect();
        format!(
            "INSERT INTO {table} ({}) VALUES {}",
            COLUMNS.join(", "),
            groups.join(", ")
        )
    };
    let full = statement(chunk);
    let started = Instant::now();
    store.write(|tx| {
        let mut k = 0;
        while k < rows {
            let n = chunk.min(rows - k);
            let params: Vec<Value> = (k..k + n).flat_map(row).collect();
            let sql = if n == chunk { full.clone() } else { statement(n) };
            tx.execute(&sql, &params)?;
            k += n;
        }
        Ok::<_, StoreError>(())
    })?;
    report(&format!("  multi-row INSERT, {chunk} rows/statement"), rows, started);
    Ok(())
}

fn stream_back(store: &Store, label: &str, rows: i64) -> Result<(), Box<dyn Error>> {
    let started = Instant::now();
    let mut seen = 0i64;
    let mut sum = 0i64;
    store.read(|tx| {
        tx.query_each(
            "SELECT id, insurer_no, name, birth_date, amount, flag FROM bench_many",
            &[],
            &mut |r| {
                sum = sum.wrapping_add(r.int(4)?);
                r.date(3)?;
                seen += 1;
                Ok(())
            },
        )
    })?;
    report(label, seen, started);
    if seen != rows {
        return Err(format!("streamed {seen}, expected {rows} (sum {sum})").into());
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    // `cargo bench` passes `--bench`; nothing to parse.
    let rows: i64 = std::env::var("KOKUHO_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    println!(
        "bulk insert, {rows} rows x {} columns, one transaction each",
        COLUMNS.len()
    );

    let sqlite = TestDb::sqlite()?;
    insert_many(sqlite.store(), "SQLite file  insert_many (prepared, per row)", rows)?;
    stream_back(sqlite.store(), "SQLite file  query_each read-back", rows)?;
    drop(sqlite);

    match TestDb::postgres() {
        Ok(pg) => {
            insert_many(pg.store(), "PostgreSQL   insert_many (binary COPY)", rows)?;
            stream_back(pg.store(), "PostgreSQL   query_each read-back", rows)?;
            for chunk in [1_000, 10_000] {
                multi_row_insert(pg.store(), rows, chunk)?;
            }
        }
        Err(e) => println!("PostgreSQL skipped: {e}"),
    }
    Ok(())
}
