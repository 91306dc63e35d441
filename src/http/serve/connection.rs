//! One connection: where it is in its request cycle (reading a head, busy, idle) and the time
//! limit that follows, the watchdog task that closes it, and the response body that tells
//! when hyper is done with a response.

use super::Shared;
use super::guard::Guarded;
use crate::config::ServeLimits;
use crate::error::Error;
use axum::body::{Body, Bytes, HttpBody};
use axum::http::Request;
use axum::response::IntoResponse;
use hyper::body::{Frame, Incoming, SizeHint};
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::Instant;
use tokio::net::TcpStream;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;
use tower::ServiceExt;

/// How a connection is served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// Under the cap: keep-alive, every route.
    Normal,
    /// Past the cap (numbered for the pool): one request, a short header limit, `/healthz`
    /// or 503 `overloaded`.
    Overflow(u64),
}

/// Where a connection is in its request cycle, which decides its time limit.
#[derive(Debug, Clone, Copy)]
enum Phase {
    /// Reading a request's headers since this instant (accept, or the first byte after idle).
    Head(Instant),
    /// A response was written at this instant; waiting for the next request.
    Idle(Instant),
    /// A request is being served; `body_done` once its response body was taken whole.
    Busy { body_done: bool },
}

/// One connection's phase, shared by its I/O, its service and its watchdog.
pub(super) struct Track {
    pub(super) mode: Mode,
    phase: Mutex<Phase>,
    evicted: AtomicBool,
    /// Cancelled once the connection's socket is closed.
    pub(super) gone: CancellationToken,
    /// Wakes the watchdog when the phase or eviction changes.
    changed: Notify,
}

impl Track {
    pub(super) fn new(mode: Mode) -> Arc<Self> {
        Arc::new(Self {
            mode,
            phase: Mutex::new(Phase::Head(Instant::now())),
            evicted: AtomicBool::new(false),
            gone: CancellationToken::new(),
            changed: Notify::new(),
        })
    }

    fn phase(&self) -> MutexGuard<'_, Phase> {
        self.phase.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn set(&self, phase: Phase) {
        *self.phase() = phase;
        self.changed.notify_one();
    }

    pub(super) fn is_busy(&self) -> bool {
        matches!(*self.phase(), Phase::Busy { .. })
    }

    /// Bytes arrived: an idle connection starts reading a request head.
    pub(super) fn on_bytes(&self) {
        let mut p = self.phase();
        if let Phase::Idle(_) = *p {
            *p = Phase::Head(Instant::now());
            drop(p);
            self.changed.notify_one();
        }
    }

    /// hyper parsed a request head and called the service.
    fn on_request(&self) {
        self.set(Phase::Busy { body_done: false });
    }

    /// The response body was taken whole (its last bytes may still be in hyper's buffer).
    fn on_body_done(&self) {
        let mut p = self.phase();
        if let Phase::Busy { .. } = *p {
            *p = Phase::Busy { body_done: true };
        }
    }

    /// hyper flushed its buffer: after the body was taken whole, the response is out.
    pub(super) fn on_flushed(&self) {
        let mut p = self.phase();
        if let Phase::Busy { body_done: true } = *p {
            *p = Phase::Idle(Instant::now());
            drop(p);
            self.changed.notify_one();
        }
    }

    pub(super) fn evict(&self) {
        self.evicted.store(true, Ordering::Relaxed);
        self.changed.notify_one();
    }

    /// When the connection must be closed unless its phase changes first.
    fn deadline(&self, limits: &ServeLimits) -> Option<Instant> {
        let header = match self.mode {
            Mode::Normal => limits.header_timeout,
            Mode::Overflow(_) => limits.overflow_header_timeout.min(limits.header_timeout),
        };
        match *self.phase() {
            Phase::Head(since) => Some(since + header),
            Phase::Idle(since) => Some(since + limits.idle_timeout),
            Phase::Busy { .. } => None,
        }
    }
}

/// Counts a connection open while its task runs; dropped after the socket is closed.
struct Open<'a>(&'a Shared, &'a Track);

impl<'a> Open<'a> {
    fn new(shared: &'a Shared, track: &'a Track) -> Self {
        shared.open.send_modify(|n| *n += 1);
        Open(shared, track)
    }
}

impl Drop for Open<'_> {
    fn drop(&mut self) {
        self.0.closed(self.1);
        self.1.gone.cancel();
        self.0.open.send_modify(|n| *n = n.saturating_sub(1));
    }
}

/// Serves one connection and closes it when its phase's time limit passes, when it is
/// evicted from the overflow pool, or on shutdown once no request is in flight.
pub(super) async fn connection(stream: TcpStream, track: Arc<Track>, shared: Arc<Shared>) {
    let _open = Open::new(&shared, &track);
    let overflow = matches!(track.mode, Mode::Overflow(_));
    let service = {
        let (track, app) = (track.clone(), shared.app.clone());
        hyper::service::service_fn(move |req: Request<Incoming>| {
            track.on_request();
            let done = BodyDone(track.clone());
            let app = app.clone();
            async move {
                let resp = if overflow && req.uri().path() != "/healthz" {
                    Error::Overloaded.into_response()
                } else {
                    match app.oneshot(req.map(Body::new)).await {
                        Ok(resp) => resp,
                        Err(never) => match never {},
                    }
                };
                Ok::<_, Infallible>(resp.map(|body| Tracked { body, _done: done }))
            }
        })
    };
    let mut http = hyper::server::conn::http1::Builder::new();
    // The watchdog below enforces the header limit from accept; hyper's own timer would
    // start only at the first byte.
    http.keep_alive(!overflow).header_read_timeout(None);
    // Declared after `_open`, so dropped (the socket closed) before it.
    let conn = http.serve_connection(TokioIo::new(Guarded::new(stream, track.clone())), service);
    tokio::pin!(conn);
    let mut draining = false;
    loop {
        if track.evicted.load(Ordering::Relaxed) || (draining && !track.is_busy()) {
            return;
        }
        let deadline = track.deadline(&shared.limits);
        tokio::select! {
            done = conn.as_mut() => {
                if let Err(e) = done {
                    tracing::debug!("connection: {e}");
                }
                return;
            }
            () = sleep_until(deadline) => {
                if track.deadline(&shared.limits).is_some_and(|d| d <= Instant::now()) {
                    return;
                }
            }
            () = track.changed.notified() => {}
            () = shared.stop.cancelled(), if !draining => {
                draining = true;
                // A request in flight finishes; its connection then closes.
                conn.as_mut().graceful_shutdown();
            }
        }
    }
}

async fn sleep_until(deadline: Option<Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d.into()).await,
        None => std::future::pending().await,
    }
}

/// Marks the response body taken whole when hyper drops it.
struct BodyDone(Arc<Track>);

impl Drop for BodyDone {
    fn drop(&mut self) {
        self.0.on_body_done();
    }
}

/// A response body that tells the connection's track when hyper is done with it.
struct Tracked {
    body: Body,
    _done: BodyDone,
}

impl HttpBody for Tracked {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}
