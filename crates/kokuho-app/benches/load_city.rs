//! Benchmark: load a synthetic city through the journal (SQLite file, or PostgreSQL with
//! `KOKUHO_BENCH_PG=1`). `KOKUHO_BENCH_HOUSEHOLDS` sets the size (default 20,000).
//!
//!     cargo bench -p kokuho-app --bench load_city
//!     KOKUHO_BENCH_HOUSEHOLDS=500000 cargo bench -p kokuho-app --bench load_city

#![allow(clippy::expect_used, clippy::cast_precision_loss)] // a benchmark harness: failing loudly is right

use std::sync::Arc;
use std::time::Instant;

use jiff::civil::date;
use kokuho_app::eligibility::bulk_load::BulkLoadAudit;
use kokuho_app::keys::KeyService;
use kokuho_app::{App, AuthMethod, FixedClock};
use kokuho_crypto::Kek;
use kokuho_demo::DemoCity;
use kokuho_store::Dialect;
use kokuho_store::testing::TestDb;

/// The same allocator as the `kokuho` binary.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let households: u32 = std::env::var("KOKUHO_BENCH_HOUSEHOLDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let dialect = if std::env::var("KOKUHO_BENCH_PG").is_ok_and(|v| v == "1") {
        Dialect::Postgres
    } else {
        Dialect::Sqlite
    };
    let db = TestDb::new(dialect).expect("database");
    let app = App::new(
        db.store().clone(),
        KeyService::new(Kek::generate().expect("kek")),
        Arc::new(FixedClock::at_date(date(2026, 11, 22))),
    );
    app.bootstrap_insurer(
        &DemoCity::insurer_no(),
        DemoCity::INSURER_NAME,
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
        &["eligibility".into(), "my_number".into()],
        None,
    )
    .expect("user");
    let loader = app.actor_for_login("bench-shikaku", AuthMethod::Cli).expect("loader");
    let city = DemoCity::new(1, households, date(2026, 11, 1));
    let started = Instant::now();
    app.load_households(&loader, &city, BulkLoadAudit::DEMO, &|done| {
        if done % 50_000 == 0 {
            eprintln!("  {done} households, {:.1} s", started.elapsed().as_secs_f64());
        }
    })
    .expect("load");
    let secs = started.elapsed().as_secs_f64();
    let entries = db
        .store()
        .read(|tx| {
            kokuho_store::repo::journal::count(
                tx,
                kokuho_store::repo::journal::ChainTable::Journal,
                DemoCity::INSURER_NO,
            )
        })
        .expect("count");
    println!(
        "load_city {:?}: {households} households, {entries} journal entries in {secs:.2} s = {:.0} households/s, \
         {:.0} entries/s",
        dialect,
        f64::from(households) / secs,
        entries as f64 / secs
    );
}
