//! Benchmark: the 当初賦課 of a synthetic city, end to end (results and 徴収計画 written as
//! journaled 賦課決定), and in the same run the time it takes merely to read the same inputs and
//! write the same rows (`App::assessment_io_baseline`); the ratio of the two is the cost of the
//! computation over the I/O. Then the rate-setting simulation of the same city.
//!
//!     cargo bench -p kokuho-app --features bench --bench assess_city
//!     KOKUHO_BENCH_HOUSEHOLDS=500000 cargo bench -p kokuho-app --features bench --bench assess_city
//!     KOKUHO_BENCH_PG=1 …                                    # PostgreSQL (KOKUHO_TEST_PG_URL)

#![allow(clippy::expect_used, clippy::cast_precision_loss)] // a benchmark harness: failing loudly is right

use std::sync::Arc;
use std::time::Instant;

use jiff::civil::date;
use kokuho_app::assessment::simulation::Candidate;
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

/// Peak resident memory so far (Linux), in MiB.
fn peak_rss_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb / 1024)
}

/// Lets the write-ahead log of what came before be copied into the database (SQLite), so that
/// each measured step starts from a settled file like a city's database on any ordinary day.
fn settle(db: &TestDb) {
    db.store().checkpoint().expect("checkpoint");
}

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
    let year = 2026;
    let db = TestDb::new(dialect).expect("database");
    let app = App::new(
        db.store().clone(),
        KeyService::new(Kek::generate().expect("kek")),
        Arc::new(FixedClock::at_date(date(2026, 6, 1))),
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
    for (login, role) in [("bench-shikaku", "eligibility"), ("bench-fuka", "assessment")] {
        app.add_user(
            &admin,
            &login.parse().expect("login"),
            login,
            &[role.into(), "my_number".into()],
            None,
        )
        .expect("user");
    }
    let loader = app.actor_for_login("bench-shikaku", AuthMethod::Cli).expect("loader");
    let fuka = app.actor_for_login("bench-fuka", AuthMethod::Cli).expect("fuka");
    let city = DemoCity::new(1, households, date(2026, 6, 1));
    app.set_demo_rate_tables(&fuka).expect("rates");
    let started = Instant::now();
    app.load_households(&loader, &city, BulkLoadAudit::DEMO, &|_| {})
        .expect("load");
    eprintln!(
        "  city of {households} households loaded in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    settle(&db);

    let started = Instant::now();
    let summary = app.assess_year(&fuka, year, &|_, _| {}, &|| false).expect("batch");
    let batch = started.elapsed().as_secs_f64();
    settle(&db);
    let started = Instant::now();
    let rewritten = app.assessment_io_baseline(&fuka, year).expect("baseline");
    let baseline = started.elapsed().as_secs_f64();
    settle(&db);
    let started = Instant::now();
    let simulation = app
        .simulate_rates(
            &fuka,
            year,
            &[Candidate {
                label: "現行".into(),
                rates: None,
            }],
            &|_, _| {},
        )
        .expect("simulation");
    let simulate = started.elapsed().as_secs_f64();
    println!(
        "assess_city {dialect:?}: {households} households, FY{year}: batch {batch:.2} s ({} assessed, {} not insured, \
         {:.0} households/s); read + write only {baseline:.2} s ({rewritten} rows); ratio {:.2}; simulation \
         {simulate:.2} s ({} households); peak RSS {} MiB",
        summary.assessed,
        summary.not_insured,
        f64::from(households) / batch,
        batch / baseline,
        simulation.households,
        peak_rss_mib().map_or_else(|| "?".to_string(), |m| m.to_string()),
    );
}
