//! Server limits (issue 13, item 4), on the real server loop over TCP: a thousand clients that
//! never finish their headers are closed after the header timeout while `/healthz` keeps
//! answering; an idle keep-alive connection is closed after the same timeout; beyond the
//! connection cap a client waits for a free slot.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use kokuho_web::server::{Limits, serve};

/// Clients to open: a thousand, fewer only if this process may not hold twice as many sockets.
fn clients() -> usize {
    let soft = std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|l| {
            l.lines()
                .find(|l| l.starts_with("Max open files"))
                .and_then(|l| l.split_whitespace().nth(3).and_then(|n| n.parse::<usize>().ok()))
        })
        .unwrap_or(4096);
    1000.min(soft.saturating_sub(200) / 2)
}

async fn start(limits: Limits) -> (std::net::SocketAddr, tokio::sync::oneshot::Sender<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(serve(kokuho_web::simulator_router(), listener, limits, async move {
        let _ = stopped.await;
    }));
    (addr, stop)
}

/// `GET /healthz` on a new connection: the status line.
async fn healthz(addr: std::net::SocketAddr) -> String {
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: kokuho\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.unwrap();
    String::from_utf8_lossy(&out)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Whether the server has closed `s` (end of stream or reset) within `within`.
async fn closed(s: &mut TcpStream, within: Duration) -> bool {
    let mut buf = [0u8; 512];
    let deadline = Instant::now() + within;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, s.read(&mut buf)).await {
            Ok(Ok(0) | Err(_)) => return true,
            // A response (a 408 or similar) before the close: keep reading.
            Ok(Ok(_)) => {}
            Err(_) => return false,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_clients_that_never_finish_their_headers_are_closed_and_healthz_answers() {
    let limits = Limits {
        header_read: Duration::from_secs(2),
        request: Duration::from_secs(10),
        max_connections: 1_100,
    };
    let (addr, _stop) = start(limits).await;
    let n = clients();
    let mut slow = Vec::with_capacity(n);
    for _ in 0..n {
        let mut s = TcpStream::connect(addr).await.unwrap();
        s.write_all(b"GET /healthz HTTP/1.1\r\nHost: kokuho\r\nX-Slow: ")
            .await
            .unwrap();
        slow.push(s);
    }
    // While they hang, the health check answers at once.
    let started = Instant::now();
    assert_eq!(healthz(addr).await, "HTTP/1.1 200 OK");
    assert!(started.elapsed() < Duration::from_secs(1), "{:?}", started.elapsed());
    // After the header timeout every one of them has been closed by the server.
    let mut still_open = 0;
    for s in &mut slow {
        if !closed(s, Duration::from_secs(4)).await {
            still_open += 1;
        }
    }
    assert_eq!(still_open, 0, "{still_open} of {n} slow clients were not closed");
    assert_eq!(healthz(addr).await, "HTTP/1.1 200 OK");
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed_and_the_cap_queues_the_next_client() {
    let limits = Limits {
        header_read: Duration::from_millis(800),
        request: Duration::from_secs(10),
        max_connections: 2,
    };
    let (addr, _stop) = start(limits).await;
    // One request kept alive, then nothing: closed after the timeout.
    let mut idle = TcpStream::connect(addr).await.unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: kokuho\r\n\r\n")
        .await
        .unwrap();
    let mut buf = [0u8; 1024];
    let n = idle.read(&mut buf).await.unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    assert!(
        closed(&mut idle, Duration::from_secs(3)).await,
        "idle connection left open"
    );
    // Two slow clients fill the cap: a third is served only once the timeout frees a slot.
    let mut a = TcpStream::connect(addr).await.unwrap();
    let mut b = TcpStream::connect(addr).await.unwrap();
    a.write_all(b"GET / HTTP/1.1\r\n").await.unwrap();
    b.write_all(b"GET / HTTP/1.1\r\n").await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let started = Instant::now();
    assert_eq!(healthz(addr).await, "HTTP/1.1 200 OK");
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(500),
        "served at once with the cap full: {waited:?}"
    );
    assert!(waited < Duration::from_secs(3), "{waited:?}");
}
