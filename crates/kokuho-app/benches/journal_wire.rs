//! Benchmark: the journal's wire format. Loads a synthetic city (SQLite file), then times reading
//! every stored payload back into `Event`s, writing them out again (checking the bytes are the
//! stored ones) and `journal rebuild`. `KOKUHO_BENCH_HOUSEHOLDS` sets the size (default 5,000).
//!
//!     cargo bench -p kokuho-app --bench journal_wire

#![allow(clippy::expect_used, clippy::cast_precision_loss)] // a benchmark harness: failing loudly is right

use std::sync::Arc;
use std::time::{Duration, Instant};

use jiff::civil::date;
use kokuho_app::eligibility::bulk_load::BulkLoadAudit;
use kokuho_app::journal::Event;
use kokuho_app::keys::KeyService;
use kokuho_app::{App, AuthMethod, FixedClock};
use kokuho_crypto::Kek;
use kokuho_demo::DemoCity;
use kokuho_store::Dialect;
use kokuho_store::testing::TestDb;

/// The same allocator as the `kokuho` binary.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The fastest of `runs` runs of `f`.
fn best_of(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let started = Instant::now();
            f();
            started.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let households: u32 = std::env::var("KOKUHO_BENCH_HOUSEHOLDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5_000);
    let db = TestDb::new(Dialect::Sqlite).expect("database");
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
    app.load_households(&loader, &city, BulkLoadAudit::DEMO, &|_| {})
        .expect("load");

    let payloads: Vec<String> = db
        .store()
        .read(|tx| -> Result<_, kokuho_store::StoreError> {
            let mut out = Vec::new();
            let mut after = 0;
            loop {
                let page = kokuho_store::repo::journal::journal_page(tx, DemoCity::INSURER_NO, after, 10_000)?;
                let Some(last) = page.last() else { break };
                after = last.seq;
                out.extend(page.into_iter().map(|row| row.payload));
            }
            Ok(out)
        })
        .expect("journal");
    let bytes: usize = payloads.iter().map(String::len).sum();

    let mut events: Vec<Event> = Vec::new();
    let read = best_of(5, || {
        events = payloads
            .iter()
            .map(|p| serde_json::from_str(p).expect("stored payload"))
            .collect();
    });
    let mut written: Vec<Vec<u8>> = Vec::new();
    let write = best_of(5, || {
        written = events
            .iter()
            .map(|e| {
                let mut json = Vec::with_capacity(512 * e.events().len());
                serde_json::to_writer(&mut json, e).expect("json");
                json
            })
            .collect();
    });
    assert!(
        written.iter().zip(&payloads).all(|(w, p)| w == p.as_bytes()),
        "payloads re-serialize to the stored bytes"
    );
    let started = Instant::now();
    let replayed = app.rebuild_projections(&admin).expect("rebuild");
    let rebuild = started.elapsed();
    let mb = bytes as f64 / 1e6;
    println!(
        "journal_wire: {households} households, {} entries ({replayed} events), {mb:.1} MB of payload",
        payloads.len()
    );
    println!(
        "  read   {:>8.1} ms ({:.0} MB/s)",
        read.as_secs_f64() * 1e3,
        mb / read.as_secs_f64()
    );
    println!(
        "  write  {:>8.1} ms ({:.0} MB/s)",
        write.as_secs_f64() * 1e3,
        mb / write.as_secs_f64()
    );
    println!("  journal rebuild {:.2} s", rebuild.as_secs_f64());
}
