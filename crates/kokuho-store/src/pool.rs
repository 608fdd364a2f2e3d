//! A minimal blocking connection pool (Mutex + Condvar).
//!
//! Connections are opened lazily up to `max`; a caller that finds none free waits up to
//! `timeout` and then gets [`StoreError::Busy`] instead of hanging forever (which also turns an
//! accidental nested `store.write` inside `store.write` into an error, not a deadlock).

use crate::error::StoreError;
use std::ops::{Deref, DerefMut};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

type Connect<C> = Box<dyn Fn() -> Result<C, StoreError> + Send + Sync>;

struct State<C> {
    idle: Vec<C>,
    open: usize,
}

pub(crate) struct Pool<C> {
    state: Mutex<State<C>>,
    freed: Condvar,
    max: usize,
    timeout: Duration,
    connect: Connect<C>,
}

impl<C> Pool<C> {
    pub(crate) fn new(max: usize, timeout: Duration, connect: Connect<C>) -> Self {
        Self {
            state: Mutex::new(State {
                idle: Vec::new(),
                open: 0,
            }),
            freed: Condvar::new(),
            max: max.max(1),
            timeout,
            connect,
        }
    }

    /// Pool seeded with an already open connection (used to fail fast on a bad target).
    pub(crate) fn with_first(max: usize, timeout: Duration, connect: Connect<C>, first: C) -> Self {
        let pool = Self::new(max, timeout, connect);
        {
            let mut st = pool.lock();
            st.idle.push(first);
            st.open = 1;
        }
        pool
    }

    fn lock(&self) -> MutexGuard<'_, State<C>> {
        // A panic while holding this lock cannot leave the Vec inconsistent, so go on.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn acquire(&self) -> Result<Pooled<'_, C>, StoreError> {
        let deadline = Instant::now() + self.timeout;
        let mut st = self.lock();
        loop {
            if let Some(conn) = st.idle.pop() {
                return Ok(Pooled {
                    pool: self,
                    conn: Some(conn),
                    broken: false,
                });
            }
            if st.open < self.max {
                st.open += 1;
                drop(st);
                return match (self.connect)() {
                    Ok(conn) => Ok(Pooled {
                        pool: self,
                        conn: Some(conn),
                        broken: false,
                    }),
                    Err(e) => {
                        self.forget_one();
                        Err(e)
                    }
                };
            }
            let now = Instant::now();
            let Some(left) = deadline.checked_duration_since(now).filter(|d| !d.is_zero()) else {
                return Err(StoreError::Busy);
            };
            st = self
                .freed
                .wait_timeout(st, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    /// Closes the connections not in use (they are opened again when needed).
    pub(crate) fn close_idle(&self) {
        let mut st = self.lock();
        let idle = std::mem::take(&mut st.idle);
        st.open = st.open.saturating_sub(idle.len());
        drop(st);
        drop(idle);
        self.freed.notify_all();
    }

    fn forget_one(&self) {
        let mut st = self.lock();
        st.open = st.open.saturating_sub(1);
        drop(st);
        self.freed.notify_one();
    }
}

/// A checked-out connection; goes back to the pool on drop unless discarded.
pub(crate) struct Pooled<'p, C> {
    pool: &'p Pool<C>,
    /// Always `Some` until `drop` takes it.
    conn: Option<C>,
    broken: bool,
}

impl<C> Pooled<'_, C> {
    /// Closes the connection instead of returning it (it is broken or in an unknown state).
    pub(crate) fn discard(mut self) {
        self.broken = true;
    }
}

impl<C> Deref for Pooled<'_, C> {
    type Target = C;
    fn deref(&self) -> &C {
        // `conn` is only taken inside `drop`, so `None` cannot be observed here.
        match &self.conn {
            Some(c) => c,
            None => unreachable_conn(),
        }
    }
}

impl<C> DerefMut for Pooled<'_, C> {
    fn deref_mut(&mut self) -> &mut C {
        match &mut self.conn {
            Some(c) => c,
            None => unreachable_conn(),
        }
    }
}

#[allow(clippy::panic, reason = "unreachable: `conn` is taken only in `drop`")]
fn unreachable_conn() -> ! {
    panic!("pooled connection used while being dropped")
}

impl<C> Drop for Pooled<'_, C> {
    fn drop(&mut self) {
        match self.conn.take() {
            Some(conn) if !self.broken => {
                self.pool.lock().idle.push(conn);
                self.pool.freed.notify_one();
            }
            other => {
                drop(other);
                self.pool.forget_one();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn opens_lazily_reuses_and_times_out() {
        let opened = Arc::new(AtomicUsize::new(0));
        let o = opened.clone();
        let pool = Pool::new(
            2,
            Duration::from_millis(50),
            Box::new(move || Ok(o.fetch_add(1, Ordering::SeqCst))),
        );
        let a = pool.acquire().unwrap();
        let b = pool.acquire().unwrap();
        assert_eq!((*a, *b), (0, 1));
        assert_eq!(pool.acquire().err(), Some(StoreError::Busy));
        drop(a);
        let a = pool.acquire().unwrap();
        assert_eq!(*a, 0);
        b.discard();
        assert_eq!(*pool.acquire().unwrap(), 2);
        assert_eq!(opened.load(Ordering::SeqCst), 3);
    }

    #[test]
    fn waiter_gets_released_connection() {
        let pool = Arc::new(Pool::new(1, Duration::from_secs(5), Box::new(|| Ok(7u8))));
        let held = pool.acquire().unwrap();
        let p2 = pool.clone();
        let t = std::thread::spawn(move || *p2.acquire().unwrap());
        std::thread::sleep(Duration::from_millis(50));
        drop(held);
        assert_eq!(t.join().unwrap(), 7);
    }

    #[test]
    fn failed_connect_frees_the_slot() {
        let pool: Pool<u8> = Pool::new(1, Duration::from_millis(10), Box::new(|| Err(StoreError::backend("x"))));
        assert!(matches!(pool.acquire().err(), Some(StoreError::Backend(_))));
        assert!(matches!(pool.acquire().err(), Some(StoreError::Backend(_))));
    }
}
