//! Benchmark: import 100,000 住民異動 lines (a synthetic city written as the CSV layout), parse
//! and import through the use case, on SQLite (or PostgreSQL with `KOKUHO_BENCH_PG=1`).
//!
//!     cargo bench -p kokuho-app --bench import_changes

#![allow(clippy::expect_used, clippy::cast_precision_loss)] // a benchmark harness: failing loudly is right

use std::sync::Arc;
use std::time::Instant;

use jiff::civil::date;
use kokuho_app::keys::KeyService;
use kokuho_app::{App, AuthMethod, FixedClock};
use kokuho_crypto::Kek;
use kokuho_demo::DemoCity;
use kokuho_interchange::{Encoding, parse_resident_changes_located, write_resident_changes};
use kokuho_store::Dialect;
use kokuho_store::testing::TestDb;

fn main() {
    let lines: usize = std::env::var("KOKUHO_BENCH_LINES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dialect = if std::env::var("KOKUHO_BENCH_PG").is_ok_and(|v| v == "1") {
        Dialect::Postgres
    } else {
        Dialect::Sqlite
    };
    let city = DemoCity::new(11, 1_000_000, date(2026, 11, 1));
    let mut changes = Vec::with_capacity(lines);
    for h in city.households() {
        changes.extend(h.changes);
        if changes.len() >= lines {
            break;
        }
    }
    changes.truncate(lines);
    changes.sort_by_key(|c| c.effective_on);
    let csv = write_resident_changes(&changes);

    let db = TestDb::new(dialect).expect("database");
    let app = App::new(
        db.store().clone(),
        KeyService::new(Kek::generate().expect("kek")),
        Arc::new(FixedClock::at_date(date(2026, 11, 22))),
    );
    app.bootstrap_insurer(
        &"999991".parse().expect("no"),
        "ベンチ市",
        &"bench-kanri".parse().expect("login"),
        "管理",
        "bench",
    )
    .expect("bootstrap");
    let admin = app.actor_for_login("bench-kanri", AuthMethod::Cli).expect("admin");
    app.add_user(
        &admin,
        &"bench-shikaku".parse().expect("login"),
        "資格",
        &["eligibility".into()],
        None,
    )
    .expect("user");
    let clerk = app.actor_for_login("bench-shikaku", AuthMethod::Cli).expect("clerk");

    let t = Instant::now();
    let parsed = parse_resident_changes_located(csv.as_bytes(), Encoding::Auto).expect("parse");
    let parse_s = t.elapsed().as_secs_f64();
    let records: Vec<_> = parsed.into_iter().map(|r| (r.line, r.value)).collect();
    let t = Instant::now();
    let summary = app
        .import_resident_changes(&clerk, "bench.csv", &records)
        .expect("import");
    let import_s = t.elapsed().as_secs_f64();
    println!(
        "import_changes {dialect:?}: {lines} lines ({:.1} MB): parse {parse_s:.2} s, import {import_s:.2} s ({:.0} \
         lines/s); applied {}, work items {}",
        csv.len() as f64 / 1e6,
        lines as f64 / (parse_s + import_s),
        summary.applied,
        summary.work_items
    );
}
