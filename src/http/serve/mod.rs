//! The accept loop: time limits on reading headers and on idle keep-alive connections, a cap
//! on open connections below the file limit (with a small overflow pool so `/healthz` still
//! answers), problem+json for requests hyper refuses before routing, and a bounded shutdown.
//! One connection's tracking and watchdog are in `connection`, the socket wrapper that
//! answers for hyper in `guard`.

mod connection;
mod guard;

use crate::config::ServeLimits;
use axum::Router;
use connection::{Mode, Track, connection};
use std::collections::VecDeque;
use std::future::Future;
use std::io;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

/// Longest wait for an evicted overflow connection to close its socket before a new one
/// takes its slot (it closes as soon as its task runs).
const EVICTION_WAIT: Duration = Duration::from_millis(100);
/// Pause after an accept error that is not about one connection (out of files, say), so a
/// persistent error neither spins nor floods the log.
const ACCEPT_ERROR_PAUSE: Duration = Duration::from_millis(100);
/// At most one log line per this interval for repeated accept errors.
const ACCEPT_ERROR_LOG_EVERY: Duration = Duration::from_secs(10);

/// The process's soft limit on open files, if the platform tells.
pub fn open_file_limit() -> Option<u64> {
    #[cfg(unix)]
    {
        let mut lim = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit writes only into the struct it is given.
        if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) } == 0 && lim.rlim_cur != libc::RLIM_INFINITY {
            // rlim_t is u64 on 64-bit targets and narrower elsewhere.
            #[allow(clippy::useless_conversion)]
            return Some(lim.rlim_cur.into());
        }
        None
    }
    #[cfg(not(unix))]
    None
}

/// Serves `app` on `listener` until `shutdown` completes, then stops accepting, lets
/// requests in flight finish for at most `limits.shutdown_timeout`, and returns.
pub async fn run(listener: TcpListener, app: Router, limits: ServeLimits, shutdown: impl Future<Output = ()>) {
    let files = open_file_limit();
    let cap = limits.connection_cap(files);
    tracing::info!(
        "accepting up to {cap} connections (file limit {}, headroom {}), {} more in overflow mode",
        files.map_or("unlimited".to_string(), |n| n.to_string()),
        limits.file_headroom,
        limits.overflow_connections
    );
    let shared = Arc::new(Shared {
        app,
        limits,
        stop: CancellationToken::new(),
        normal: AtomicUsize::new(0),
        overflow: Mutex::new(VecDeque::new()),
        next_id: AtomicU64::new(0),
        open: watch::Sender::new(0),
    });
    tokio::pin!(shutdown);
    let mut last_error_log: Option<Instant> = None;
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            () = &mut shutdown => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(e) if is_connection_error(&e) => continue,
            Err(e) => {
                if last_error_log.is_none_or(|t| t.elapsed() >= ACCEPT_ERROR_LOG_EVERY) {
                    tracing::error!("accepting connections: {e} (pausing; repeats are not logged for 10 s)");
                    last_error_log = Some(Instant::now());
                }
                tokio::select! {
                    () = tokio::time::sleep(ACCEPT_ERROR_PAUSE) => continue,
                    () = &mut shutdown => break,
                }
            }
        };
        let _ = stream.set_nodelay(true);
        if shared.normal.load(Ordering::Relaxed) < cap {
            shared.normal.fetch_add(1, Ordering::Relaxed);
            let track = Track::new(Mode::Normal);
            tokio::spawn(connection(stream, track, shared.clone()));
        } else if let Some(track) = shared.overflow_slot().await {
            tokio::spawn(connection(stream, track, shared.clone()));
        }
        // Otherwise the stream drops here: closed at once, the accept loop goes on.
    }
    drop(listener);
    shared.stop.cancel();
    let mut open = shared.open.subscribe();
    let drained = tokio::time::timeout(limits.shutdown_timeout, open.wait_for(|n| *n == 0))
        .await
        .is_ok();
    if !drained {
        tracing::warn!(
            "shutdown: {} connections still open after {:?}; closing them",
            *open.borrow(),
            limits.shutdown_timeout
        );
    }
}

/// Errors about one connection, not the listener: go on accepting at once.
fn is_connection_error(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused | io::ErrorKind::ConnectionAborted | io::ErrorKind::ConnectionReset
    )
}

/// What every connection task shares.
struct Shared {
    app: Router,
    limits: ServeLimits,
    /// Cancelled on shutdown.
    stop: CancellationToken,
    /// Open connections under the cap.
    normal: AtomicUsize,
    /// Open overflow connections, oldest first.
    overflow: Mutex<VecDeque<Arc<Track>>>,
    next_id: AtomicU64,
    /// All open connections, for the shutdown drain.
    open: watch::Sender<usize>,
}

impl Shared {
    fn overflow_pool(&self) -> MutexGuard<'_, VecDeque<Arc<Track>>> {
        // A panic elsewhere must not stop accepting: the queue stays usable.
        self.overflow.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A slot in the overflow pool; when full, the oldest overflow connection still waiting
    /// for its headers gives up its slot, so a flood of silent connections cannot keep a
    /// health check out. Its socket is closed before the slot is reused, so the pool never
    /// holds more files than its size. `None` when every overflow connection has a request
    /// in flight (or the evicted one did not close in time).
    async fn overflow_slot(&self) -> Option<Arc<Track>> {
        let evicted = {
            let mut pool = self.overflow_pool();
            if pool.len() < self.limits.overflow_connections {
                None
            } else {
                let oldest_waiting = pool.iter().position(|t| !t.is_busy())?;
                pool.remove(oldest_waiting)
            }
        };
        if let Some(evicted) = evicted {
            evicted.evict();
            tokio::time::timeout(EVICTION_WAIT, evicted.gone.cancelled())
                .await
                .ok()?;
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let track = Track::new(Mode::Overflow(id));
        self.overflow_pool().push_back(track.clone());
        Some(track)
    }

    /// Forgets a closed connection.
    fn closed(&self, track: &Track) {
        match track.mode {
            Mode::Normal => {
                self.normal.fetch_sub(1, Ordering::Relaxed);
            }
            Mode::Overflow(id) => self.overflow_pool().retain(|t| t.mode != Mode::Overflow(id)),
        }
    }
}
