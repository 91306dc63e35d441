//! The accept loop: time limits on reading headers and on idle keep-alive connections, a cap
//! on open connections below the file limit (with a small overflow pool so `/healthz` still
//! answers), problem+json for requests hyper refuses before routing, and a bounded shutdown.

use super::problem::Problem;
use crate::config::ServeLimits;
use crate::error::Error;
use axum::Router;
use axum::body::{Body, Bytes, HttpBody};
use axum::http::{Request, StatusCode};
use axum::response::IntoResponse;
use hyper::body::{Frame, Incoming, SizeHint};
use hyper_util::rt::TokioIo;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, ready};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, watch};
use tokio_util::sync::CancellationToken;
use tower::ServiceExt;

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

/// How a connection is served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
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
struct Track {
    mode: Mode,
    phase: Mutex<Phase>,
    evicted: AtomicBool,
    /// Cancelled once the connection's socket is closed.
    gone: CancellationToken,
    /// Wakes the watchdog when the phase or eviction changes.
    changed: Notify,
}

impl Track {
    fn new(mode: Mode) -> Arc<Self> {
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

    fn is_busy(&self) -> bool {
        matches!(*self.phase(), Phase::Busy { .. })
    }

    /// Bytes arrived: an idle connection starts reading a request head.
    fn on_bytes(&self) {
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
    fn on_flushed(&self) {
        let mut p = self.phase();
        if let Phase::Busy { body_done: true } = *p {
            *p = Phase::Idle(Instant::now());
            drop(p);
            self.changed.notify_one();
        }
    }

    fn evict(&self) {
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
async fn connection(stream: TcpStream, track: Arc<Track>, shared: Arc<Shared>) {
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

/// The socket as hyper sees it: reads move an idle connection to reading a head; a write
/// while no request is being served can only be hyper's own answer to a request it could
/// not parse (bare 400, 414 or 431), which is replaced by a problem+json answer.
struct Guarded {
    stream: TcpStream,
    track: Arc<Track>,
    /// Our answer in place of hyper's, and how much of it is written.
    replacement: Option<(Vec<u8>, usize)>,
}

impl Guarded {
    fn new(stream: TcpStream, track: Arc<Track>) -> Self {
        Self {
            stream,
            track,
            replacement: None,
        }
    }

    /// Swallows hyper's own bytes, queueing the replacement on the first of them.
    fn swallow(&mut self, hyper_bytes: &[u8], len: usize) -> Poll<io::Result<usize>> {
        if self.replacement.is_none() {
            self.replacement = Some((refusal(hyper_bytes), 0));
        }
        Poll::Ready(Ok(len))
    }

    /// Writes what is left of the replacement.
    fn poll_replacement(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let Some((bytes, written)) = &mut self.replacement {
            while *written < bytes.len() {
                let n = ready!(Pin::new(&mut self.stream).poll_write(cx, &bytes[*written..]))?;
                if n == 0 {
                    return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
                }
                *written += n;
            }
        }
        Poll::Ready(Ok(()))
    }
}

impl AsyncRead for Guarded {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let r = Pin::new(&mut self.stream).poll_read(cx, buf);
        if matches!(r, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.track.on_bytes();
        }
        r
    }
}

impl AsyncWrite for Guarded {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        if self.replacement.is_some() || !self.track.is_busy() {
            return self.swallow(buf, buf.len());
        }
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        if self.replacement.is_some() || !self.track.is_busy() {
            let len = bufs.iter().map(|b| b.len()).sum();
            let first = bufs.iter().find(|b| !b.is_empty()).map_or(&[][..], |b| &b[..]);
            return self.swallow(first, len);
        }
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_replacement(cx))?;
        ready!(Pin::new(&mut self.stream).poll_flush(cx))?;
        self.track.on_flushed();
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_replacement(cx))?;
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

/// The problem+json answer (whole, `Connection: close`) replacing hyper's bare answer,
/// whose status line starts `hyper_bytes`.
fn refusal(hyper_bytes: &[u8]) -> Vec<u8> {
    let status = hyper_bytes
        .get(9..12)
        .and_then(|s| std::str::from_utf8(s).ok())
        .and_then(|s| s.parse::<u16>().ok());
    let error = match status {
        Some(414) => Error::UriTooLong,
        Some(431) => Error::HeadersTooLarge,
        _ => Error::MalformedRequest(
            "the request line or a header is not valid HTTP/1.1 (a path must be ASCII, \
             other bytes percent-encoded)"
                .into(),
        ),
    };
    problem_bytes(&error)
}

/// A complete HTTP/1.1 problem+json answer that closes the connection.
fn problem_bytes(error: &Error) -> Vec<u8> {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST);
    let body = serde_json::to_vec(&Problem::of(error)).unwrap_or_default();
    let mut out = format!(
        "HTTP/1.1 {} {}\r\ncontent-type: application/problem+json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        status.as_u16(),
        status.canonical_reason().unwrap_or(""),
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(&body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusal_keeps_hypers_status_as_problem_json() {
        let cases = [
            (
                &b"HTTP/1.1 400 Bad Request\r\n"[..],
                "400 Bad Request",
                "malformed_request",
            ),
            (b"HTTP/1.1 414 URI Too Long\r\n", "414 URI Too Long", "uri_too_long"),
            (
                b"HTTP/1.1 431 Request Header Fields Too Large\r\n",
                "431 Request Header Fields Too Large",
                "headers_too_large",
            ),
            (b"", "400 Bad Request", "malformed_request"),
        ];
        for (hyper, status, code) in cases {
            let text = String::from_utf8(refusal(hyper)).unwrap();
            assert!(text.starts_with(&format!("HTTP/1.1 {status}\r\n")), "{text}");
            assert!(text.contains("content-type: application/problem+json\r\n"), "{text}");
            assert!(text.contains("connection: close\r\n"), "{text}");
            let body = text.split("\r\n\r\n").nth(1).unwrap();
            let v: serde_json::Value = serde_json::from_str(body).unwrap();
            assert_eq!(v["code"], code);
            let len = text.lines().find_map(|l| l.strip_prefix("content-length: ")).unwrap();
            assert_eq!(len.parse::<usize>().unwrap(), body.len());
        }
    }
}
