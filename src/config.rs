//! Runtime configuration with named defaults for every limit.

use crate::queries::reports::TimeTargets;
use crate::store::writer::WriterConfig;
use std::path::PathBuf;
use std::time::Duration;

/// Largest request body.
pub const BODY_BYTES_MAX: usize = 1024 * 1024;
/// Longest `Idempotency-Key`.
pub const IDEMPOTENCY_KEY_LEN_MAX: usize = 128;

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
        }
    }
}
