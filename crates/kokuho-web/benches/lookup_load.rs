//! Load benchmark of the two lookups a counter clerk does all day: 世帯照会 and 資格照会.
//!
//! Starts the real server (`kokuho_web::serve_listener`) on 127.0.0.1:0 over a file SQLite
//! store holding the demo city, then fires `GET /api/v1/households/{no}` and
//! `GET /api/v1/residents/{no}` alternately from N client threads over keep-alive TCP, at a fixed
//! total rate (open loop: request k is due at t0 + k/rate, whatever happened before), for a fixed
//! time. Loopback only; bounded count and time.
//!
//! Latency is reported two ways: from the moment a request was *due* (includes any queueing
//! behind a slow previous response, i.e. no coordinated omission) and from the moment it was
//! actually *sent*. Every lookup is a use case: permission check, queries, and an audit record
//! written in its own transaction, so this measures reads *with* their audit writes.
//!
//! ```text
//! cargo bench -p kokuho-web --bench lookup_load
//! KOKUHO_BENCH_HOUSEHOLDS=3000 KOKUHO_BENCH_RATE=200 KOKUHO_BENCH_SECONDS=20 KOKUHO_BENCH_CLIENTS=8
//! KOKUHO_BENCH_ROUTES=both|households|residents|pages
//! ```
//!
//! `pages` measures the staff screens instead: the resident search page (`GET /residents?kana=`,
//! the head's full kana) and the household page (`GET /households/{no}`), with a session cookie
//! from a real enrolment and two-factor login (each request also records the session activity).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a benchmark harness, not product code

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use jiff::civil::date;
use kokuho_app::eligibility::bulk_load::BulkLoadAudit;
use kokuho_app::keys::KeyService;
use kokuho_app::{App, AuthMethod, FixedClock};
use kokuho_crypto::Kek;
use kokuho_demo::DemoCity;
use kokuho_domain::Login;
use kokuho_store::Store;

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

struct Sample {
    due_ms: f64,
    sent_ms: f64,
    status: u16,
    done: Instant,
}

fn main() {
    let households = u32::try_from(env_u64("KOKUHO_BENCH_HOUSEHOLDS", 3_000)).unwrap();
    let rate = env_u64("KOKUHO_BENCH_RATE", 200).clamp(1, 5_000);
    let seconds = env_u64("KOKUHO_BENCH_SECONDS", 20).clamp(1, 300);
    let clients = env_u64("KOKUHO_BENCH_CLIENTS", 8).clamp(1, 64);

    // --- The city ---------------------------------------------------------------------------
    let dir = tempfile::Builder::new().prefix("kokuho-bench-").tempdir().unwrap();
    let db = dir.path().join("kokuho.db");
    let store = Store::open(db.to_str().unwrap()).unwrap();
    let as_of = date(2026, 6, 1);
    let clock = Arc::new(FixedClock::at_date(as_of));
    let app = App::new(store, KeyService::new(Kek::generate().unwrap()), clock.clone());
    let admin_login = Login::parse("kanri").unwrap();
    app.bootstrap_insurer(
        &DemoCity::insurer_no(),
        DemoCity::INSURER_NAME,
        &admin_login,
        "管理 花子",
        "bench",
    )
    .unwrap();
    let admin = app.actor_for_login("kanri", AuthMethod::Cli).unwrap();
    app.add_user(
        &admin,
        &Login::parse("loader").unwrap(),
        "ロード 職員",
        &["eligibility".into()],
        None,
    )
    .unwrap();
    app.add_user(
        &admin,
        &Login::parse("clerk").unwrap(),
        "窓口 職員",
        &["counter".into(), "restricted".into()],
        None,
    )
    .unwrap();
    let token = app.create_token(&admin, "clerk", "bench").unwrap();
    let loader = app.actor_for_login("loader", AuthMethod::Cli).unwrap();
    let city = DemoCity::new(20_260_601, households, as_of);
    let started = Instant::now();
    let loaded = app
        .load_households(&loader, &city, BulkLoadAudit::DEMO, &|_| {})
        .unwrap();
    eprintln!(
        "demo city: {loaded} households loaded in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let routes = std::env::var("KOKUHO_BENCH_ROUTES").unwrap_or_else(|_| "both".into());
    let mut paths = Vec::new();
    let credential = if routes == "pages" {
        format!(
            "Cookie: {}={}",
            kokuho_web::session::COOKIE,
            staff_session(&app, &admin, &clock)
        )
    } else {
        format!("Authorization: Bearer {token}")
    };
    for h in city.households() {
        if routes == "pages" {
            paths.push(format!("/households/{}", h.household_no));
            if let Some(head) = h.members.iter().find(|m| m.resident_no == h.head) {
                let kana: String = head.person.name.kana.bytes().map(|b| format!("%{b:02X}")).collect();
                paths.push(format!("/residents?kana={kana}"));
            }
            continue;
        }
        if routes != "residents" {
            paths.push(format!("/api/v1/households/{}", h.household_no));
        }
        if routes != "households" {
            paths.push(format!("/api/v1/residents/{}", h.head));
        }
    }

    // --- The server -------------------------------------------------------------------------
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = runtime.spawn(kokuho_web::serve_listener(app, listener, async move {
        let _ = stop_rx.await;
    }));

    // --- The clients ------------------------------------------------------------------------
    let total = rate * seconds;
    let interval = Duration::from_secs_f64(1.0 / rate as f64);
    let t0 = Instant::now() + Duration::from_millis(200);
    let paths = Arc::new(paths);
    let token = Arc::new(credential);
    let threads: Vec<_> = (0..clients)
        .map(|j| {
            let paths = Arc::clone(&paths);
            let token = Arc::clone(&token);
            std::thread::spawn(move || {
                let mut conn = Conn::open(addr);
                let mut samples = Vec::new();
                let mut k = j;
                while k < total {
                    let due = t0 + interval * u32::try_from(k).unwrap();
                    let now = Instant::now();
                    if due > now {
                        std::thread::sleep(due - now);
                    }
                    let path = &paths[usize::try_from(k).unwrap() % paths.len()];
                    let sent = Instant::now();
                    let status = conn.get(addr, path, &token);
                    let done = Instant::now();
                    samples.push(Sample {
                        due_ms: (done - due).as_secs_f64() * 1e3,
                        sent_ms: (done - sent).as_secs_f64() * 1e3,
                        status,
                        done,
                    });
                    k += clients;
                }
                samples
            })
        })
        .collect();
    let mut samples: Vec<Sample> = threads.into_iter().flat_map(|t| t.join().unwrap()).collect();
    let _ = stop_tx.send(());
    runtime.block_on(server).unwrap().unwrap();

    // --- Report -----------------------------------------------------------------------------
    let last = samples.iter().map(|s| s.done).max().unwrap();
    let elapsed = (last - t0).as_secs_f64();
    let ok = samples.iter().filter(|s| s.status == 200).count();
    let mut statuses: Vec<(u16, usize)> = Vec::new();
    for s in &samples {
        match statuses.iter_mut().find(|(c, _)| *c == s.status) {
            Some((_, n)) => *n += 1,
            None => statuses.push((s.status, 1)),
        }
    }
    println!(
        "lookup_load [{routes}]: {} households, {} requests ({} clients, target {} req/s for {} s), {} × 200, \
         statuses {:?}",
        loaded,
        samples.len(),
        clients,
        rate,
        seconds,
        ok,
        statuses
    );
    println!(
        "achieved rate: {:.1} req/s over {:.2} s",
        samples.len() as f64 / elapsed,
        elapsed
    );
    for (label, pick) in [("from due ", 0), ("from sent", 1)] {
        let mut v: Vec<f64> = samples
            .iter()
            .map(|s| if pick == 0 { s.due_ms } else { s.sent_ms })
            .collect();
        v.sort_by(f64::total_cmp);
        let pct = |p: f64| v[((v.len() as f64 - 1.0) * p).round() as usize];
        println!(
            "latency {label}: p50 {:.2} ms  p95 {:.2} ms  p99 {:.2} ms  max {:.2} ms",
            pct(0.50),
            pct(0.95),
            pct(0.99),
            v[v.len() - 1]
        );
    }
    samples.clear();
}

/// A logged-in staff session of `clerk` (enrolment by link, password, then a TOTP code).
fn staff_session(app: &App, admin: &kokuho_app::Actor, clock: &FixedClock) -> String {
    use kokuho_app::Clock as _;
    const PASSWORD: &str = "しずかなる湖のほとりで本をよむ";
    let link = app.issue_enrolment_link(admin, "clerk").unwrap();
    let enrolment = app.enrolment(&link).unwrap();
    let secret = kokuho_crypto::totp::TotpSecret::from_base32(&enrolment.secret_base32).unwrap();
    app.complete_enrolment(
        &link,
        PASSWORD,
        &kokuho_crypto::totp::code_at(&secret, clock.now().as_second()),
    )
    .unwrap();
    clock.advance(jiff::SignedDuration::from_secs(30));
    let first = app.login_password("clerk", PASSWORD).unwrap();
    let session = app
        .login_second_factor(
            &first.0,
            &kokuho_crypto::totp::code_at(&secret, clock.now().as_second()),
        )
        .unwrap();
    session.0.to_string()
}

/// A minimal HTTP/1.1 keep-alive client (Content-Length bodies only, which is all axum sends
/// for JSON).
struct Conn {
    reader: BufReader<TcpStream>,
}

impl Conn {
    fn open(addr: SocketAddr) -> Conn {
        let stream = TcpStream::connect(addr).unwrap();
        stream.set_nodelay(true).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        Conn {
            reader: BufReader::new(stream),
        }
    }

    /// Sends one GET and reads the whole response; returns the status. Reconnects once if the
    /// server closed the connection.
    fn get(&mut self, addr: SocketAddr, path: &str, token: &str) -> u16 {
        match self.try_get(path, token) {
            Ok(status) => status,
            Err(_) => {
                *self = Conn::open(addr);
                self.try_get(path, token).unwrap()
            }
        }
    }

    fn try_get(&mut self, path: &str, token: &str) -> std::io::Result<u16> {
        let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{token}\r\n\r\n");
        self.reader.get_mut().write_all(request.as_bytes())?;
        let mut line = String::new();
        if self.reader.read_line(&mut line)? == 0 {
            return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "closed"));
        }
        let status: u16 = line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let mut length = 0usize;
        loop {
            line.clear();
            self.reader.read_line(&mut line)?;
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().unwrap_or(0);
                }
                if name.eq_ignore_ascii_case("transfer-encoding") {
                    panic!("chunked responses are not supported by this client");
                }
            }
        }
        let mut body = vec![0u8; length];
        self.reader.read_exact(&mut body)?;
        Ok(status)
    }
}
