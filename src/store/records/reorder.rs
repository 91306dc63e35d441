//! Stored reorder levels (补货参数), version 1: a part's minimum, maximum and lead days at
//! one location.

use super::time::Instant;
use super::{Convert, record};
use crate::domain::reorder::ReorderLevel;
use crate::store::keys::Key;
use serde::{Deserialize, Serialize};

record! {
    /// `ReorderLevel` as stored, version 1.
    ReorderLevel => ReorderLevelV1 {
        location: String,
        part_no: String,
        min_qty: i64,
        max_qty: i64,
        lead_days: Option<i64>,
        updated_by: String,
        updated_at: Instant,
    }
}

impl crate::store::codec::Stored for ReorderLevel {
    type Record = ReorderLevelV1;
    const KIND: &'static str = "reorder_level";
    const VERSION: u8 = 1;
}

/// Key of `reorder_levels_v1`: (location, part).
pub fn level_key(location: &str, part_no: &str) -> Vec<u8> {
    Key::new().str(location).str(part_no).into_bytes()
}

/// Prefix of a location's levels.
pub fn location_prefix(location: &str) -> Vec<u8> {
    Key::new().str(location).into_bytes()
}
