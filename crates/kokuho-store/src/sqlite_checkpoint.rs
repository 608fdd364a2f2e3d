//! Background WAL checkpoints for a file SQLite database.
//!
//! With SQLite's default auto-checkpoint, the commit that pushes the WAL past 1,000 pages copies
//! those pages into the database file and fsyncs both, inside whatever request happened to
//! commit: at 200 lookups/s (each writes its audit record) one request every few seconds waits
//! for two fsyncs. With checkpoints disabled altogether the lookup benchmark's p99 fell from
//! 4.3 ms to 1.8 ms in one run, which located the tail. Here a thread of its own runs passive
//! checkpoints (they never block writers or readers) once a second, so the copy and the fsyncs
//! leave the request path; the writer keeps a large auto-checkpoint as a backstop in case this
//! thread falls behind. (A/B on the shared 2-core machine: p99 4.7/4.8/10.4 ms against
//! 6.8/7.6/7.4 ms before; the machine's noise is of the same size.)

use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

/// How often the WAL is copied back (a passive checkpoint of an empty WAL costs microseconds).
const INTERVAL: Duration = Duration::from_millis(1000);

/// Writer-side backstop, in pages (4 KiB): 1 GiB, far above what the thread lets accumulate in
/// interactive use. A bulk job (the annual assessment writes about 1 GB) outruns the thread for a
/// while; with a 64 MiB backstop a profile of the 500,000-household assessment (26 s) showed 17%
/// of it in the writer checkpointing itself; with 1 GiB, 463,412 households took 17.9 s.
pub(crate) const WRITER_BACKSTOP_PAGES: u32 = 262_144;

/// Stops and joins the thread when dropped (with the store).
pub(crate) struct Checkpointer {
    stop: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Starts checkpointing `path`; `None` if no connection could be opened (the writer's
    /// backstop then does the work, as SQLite normally would).
    pub(crate) fn start(path: &str) -> Option<Self> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).ok()?;
        conn.busy_timeout(Duration::from_millis(100)).ok()?;
        let (stop, wake) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("sqlite-checkpoint".into())
            .spawn(move || {
                // Disconnection (the store dropped) or an explicit stop both end the loop.
                while let Err(RecvTimeoutError::Timeout) = wake.recv_timeout(INTERVAL) {
                    // A busy or failed passive checkpoint is retried next tick; nothing is lost.
                    let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                }
            })
            .ok()?;
        Some(Self {
            stop: Some(stop),
            thread: Some(thread),
        })
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
