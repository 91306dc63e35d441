//! Runtime configuration with named defaults for every limit.

use crate::queries::reports::TimeTargets;
use crate::store::writer::WriterConfig;
use std::path::PathBuf;
use std::time::Duration;

/// Largest request body.
pub const BODY_BYTES_MAX: usize = 1024 * 1024;
/// Longest `Idempotency-Key`.
pub const IDEMPOTENCY_KEY_LEN_MAX: usize = 128;
/// Longest wait for a request's headers, from the connection's accept (first request) or
/// from the first byte of the next request (keep-alive), so silent and dribbling clients
/// cannot hold a connection.
pub const HEADER_TIMEOUT_MS: u64 = 10_000;
/// Longest a keep-alive connection may sit idle between a response and the next request.
pub const IDLE_TIMEOUT_MS: u64 = 60_000;
/// Longest a shutdown waits for requests in flight before the process exits anyway.
pub const SHUTDOWN_TIMEOUT_MS: u64 = 10_000;
/// Open files kept free below the process's file limit: the database, the log, the
/// listener, the overflow connections and what the runtime opens.
pub const FILE_HEADROOM: u64 = 64;
/// Most open connections, whatever the file limit.
pub const CONNECTIONS_MAX: usize = 16_384;
/// Connections past the cap still served, one request each, so `/healthz` answers under a
/// flood; anything else gets 503 `overloaded`.
pub const OVERFLOW_CONNECTIONS: usize = 16;
/// Header time limit of an overflow connection.
pub const OVERFLOW_HEADER_TIMEOUT_MS: u64 = 2_000;

/// Connection limits of the accept loop (`http::serve`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServeLimits {
    /// Longest wait for a request's headers (see [`HEADER_TIMEOUT_MS`]).
    pub header_timeout: Duration,
    /// Longest idle time of a keep-alive connection.
    pub idle_timeout: Duration,
    /// Longest wait for requests in flight on shutdown.
    pub shutdown_timeout: Duration,
    /// Open files kept free below the file limit.
    pub file_headroom: u64,
    /// Most open connections, whatever the file limit.
    pub connections_max: usize,
    /// Connections served in overflow mode past the cap.
    pub overflow_connections: usize,
    /// Header time limit in overflow mode.
    pub overflow_header_timeout: Duration,
}

impl Default for ServeLimits {
    fn default() -> Self {
        Self {
            header_timeout: Duration::from_millis(HEADER_TIMEOUT_MS),
            idle_timeout: Duration::from_millis(IDLE_TIMEOUT_MS),
            shutdown_timeout: Duration::from_millis(SHUTDOWN_TIMEOUT_MS),
            file_headroom: FILE_HEADROOM,
            connections_max: CONNECTIONS_MAX,
            overflow_connections: OVERFLOW_CONNECTIONS,
            overflow_header_timeout: Duration::from_millis(OVERFLOW_HEADER_TIMEOUT_MS),
        }
    }
}

impl ServeLimits {
    /// Connections allowed under a file limit (`None`: unknown): the limit less the
    /// headroom, at most `connections_max`, at least one.
    pub fn connection_cap(&self, open_files: Option<u64>) -> usize {
        let by_files = open_files.map_or(usize::MAX, |n| {
            usize::try_from(n.saturating_sub(self.file_headroom)).unwrap_or(usize::MAX)
        });
        by_files.min(self.connections_max).max(1)
    }
}

/// Who issues the printed documents (核销通知, 旧件回运单) when `--issuer` does not say:
/// the manufacturer's after-sales department, which settles with the dealers.
pub const ISSUER_DEFAULT: &str = "制造商售后服务部";

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// Database file.
    pub db_path: PathBuf,
    /// Accept the demo tokens (and seed the demo data into an empty database).
    pub demo: bool,
    /// Group-commit writer limits.
    pub writer: WriterConfig,
    /// Largest request body in bytes.
    pub body_bytes_max: usize,
    /// Requests handled at once; more are refused with 503 `overloaded` at once.
    pub concurrency_max: usize,
    /// Longest a request may take, body included, before it is answered 408.
    pub request_timeout_s: u64,
    /// Longest a client may take to send a request body before it is answered 408 (so slow
    /// uploads cannot hold the concurrency limit for the whole request time).
    pub body_read_timeout: Duration,
    /// Service-time targets of the time reports.
    pub time_targets: TimeTargets,
    /// Connection limits.
    pub serve: ServeLimits,
    /// The issuer printed on documents (the manufacturer's name).
    pub issuer: String,
}

impl Config {
    /// Defaults for a database at `db_path`.
    pub fn new(db_path: PathBuf) -> Self {
        Self {
            db_path,
            demo: false,
            writer: WriterConfig::default(),
            body_bytes_max: BODY_BYTES_MAX,
            concurrency_max: 512,
            request_timeout_s: 30,
            body_read_timeout: Duration::from_secs(10),
            time_targets: TimeTargets::default(),
            serve: ServeLimits::default(),
            issuer: ISSUER_DEFAULT.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pins the serving limits the README promises operators.
    #[test]
    fn serving_defaults_are_the_documented_numbers() {
        let l = ServeLimits::default();
        assert_eq!(l.header_timeout, Duration::from_secs(10));
        assert_eq!(l.idle_timeout, Duration::from_secs(60));
        assert_eq!(l.shutdown_timeout, Duration::from_secs(10));
        assert_eq!(l.file_headroom, 64);
        assert!(
            l.overflow_connections as u64 * 2 < l.file_headroom,
            "overflow fits in the headroom"
        );
        assert_eq!(l.connection_cap(Some(1024)), 960);
        assert_eq!(l.connection_cap(Some(65_536)), 16_384);
        assert_eq!(l.connection_cap(None), 16_384);
        assert_eq!(l.connection_cap(Some(10)), 1);
    }
}
