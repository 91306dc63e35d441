//! What every database needs before it serves, demo or not.

use crate::commands::{Ctx, master};
use crate::error::Result;
use crate::store::Db;
use chrono::{DateTime, Utc};

/// Ensures the in-transit location exists (every database has it). Idempotent.
pub fn init(db: &Db, now: DateTime<Utc>) -> Result<()> {
    db.write_once(|w| master::ensure_in_transit(w, &Ctx::system("system", now)))
}
