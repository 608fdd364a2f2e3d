//! The HTTP/1.1 server loop with its limits (security.md; issue 13, item 4): a client has
//! [`Limits::header_read`] to send a request's headers — the same clock closes a keep-alive
//! connection left idle —, [`Limits::request`] for the whole request (its body included), and at
//! most [`Limits::max_connections`] connections are served at once (the next wait in the
//! kernel's queue). Shutdown stops accepting and lets the requests in flight finish.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use axum::response::IntoResponse;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// What one client may hold of the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Time to send a request's headers; an idle keep-alive connection closes after it too.
    pub header_read: Duration,
    /// Time for a whole request, from its headers to the response (the body's upload included).
    pub request: Duration,
    /// Connections served at once.
    pub max_connections: usize,
}

impl Default for Limits {
    /// 10 s for headers (and idle keep-alive), 5 minutes a request (a 64 MiB import over a slow
    /// line), 1,024 connections.
    fn default() -> Self {
        Limits {
            header_read: Duration::from_secs(10),
            request: Duration::from_secs(300),
            max_connections: 1024,
        }
    }
}

/// Serves `router` on `listener` within `limits` until `shutdown` completes.
///
/// # Errors
/// When accepting connections fails for good.
pub async fn serve(
    router: Router,
    listener: tokio::net::TcpListener,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = slots.clone().acquire_owned() => permit.map_err(std::io::Error::other)?,
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // A connection that failed while being accepted (reset, out of descriptors for a
                // moment): the next one is taken after a pause.
                Err(e) => {
                    tracing::warn!(error = %e, "接続を受け付けられませんでした");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut req: Request<Incoming>| {
            let router = router.clone();
            // The client address, for the login throttle (the socket's own).
            req.extensions_mut().insert(axum::extract::ConnectInfo(peer));
            async move {
                match tokio::time::timeout(limits.request, router.oneshot(req.map(axum::body::Body::new))).await {
                    Ok(response) => response,
                    Err(_) => Ok(crate::error::ApiError::RequestTimeout.into_response()),
                }
            }
        });
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_read)
            .serve_connection(TokioIo::new(stream), service);
        let watched = graceful.watch(connection);
        tokio::spawn(async move {
            // A client gone or too slow ends its own connection; nothing to report.
            let _ = watched.await;
            drop(permit);
        });
    }
    graceful.shutdown().await;
    Ok(())
}
