//! Bodies of the reorder routes (补货): levels per location and part, and the
//! suggestions with the figures behind each.

use super::dto_enum;
use super::master::LocationKind;
use crate::domain::reorder as dom;
use crate::queries::reorder as q;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

dto_enum! {
    /// The rule a reorder suggestion follows.
    dom::Basis => ReorderBasis {
        /// Below the minimum: fill up to the maximum.
        MinMax,
        /// Average daily issues over 90 days × (lead days + 30), rounded up.
        Usage,
    }
}

/// A part's minimum, maximum and lead days at one location.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"location": "WH-01", "part_no": "FLT-0042", "min_qty": 10, "max_qty": 40,
    "lead_days": 5, "updated_by": "TK-000001", "updated_at": "2026-03-02T09:30:00Z"}))]
pub struct ReorderLevel {
    /// Location.
    pub location: String,
    /// Part.
    pub part_no: String,
    /// Reorder when on hand + incoming falls below this.
    pub min_qty: i64,
    /// Fill up to this.
    pub max_qty: i64,
    /// Lead days (the usage target's; 7 when not set).
    pub lead_days: Option<i64>,
    /// Who set it.
    pub updated_by: String,
    /// When.
    #[serde(serialize_with = "crate::rfc3339::instant")]
    pub updated_at: DateTime<Utc>,
}

impl From<dom::ReorderLevel> for ReorderLevel {
    fn from(l: dom::ReorderLevel) -> Self {
        ReorderLevel {
            location: l.location,
            part_no: l.part_no.into(),
            min_qty: l.min_qty,
            max_qty: l.max_qty,
            lead_days: l.lead_days,
            updated_by: l.updated_by,
            updated_at: l.updated_at,
        }
    }
}

/// The level to set; 0/0 removes it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"min_qty": 10, "max_qty": 40, "lead_days": 5}))]
pub struct ReorderLevelInput {
    /// Minimum, 0 to 1000000, at most the maximum.
    pub min_qty: i64,
    /// Maximum, 0 to 1000000 (both 0 removes the level).
    pub max_qty: i64,
    /// Lead days, 0 to 1000000 (default 7).
    #[serde(default)]
    pub lead_days: Option<i64>,
}

/// One part's figures at the location and what to ask for.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReorderSuggestion {
    /// Part.
    pub part_no: String,
    /// Its name.
    pub name: String,
    /// Its unit of measure.
    pub unit: String,
    /// On hand.
    pub on_hand: i64,
    /// In transit to the location; for a station also its dealer's released, unshipped
    /// parts orders.
    pub incoming: i64,
    /// For a station: its dealer's approved reserve plans not yet converted.
    pub planned: i64,
    /// Issued net of returns over the last 90 days.
    pub used: i64,
    /// `used` / 90.
    pub daily_usage: f64,
    /// Lead days counted.
    pub lead_days: i64,
    /// Minimum, where a level is set.
    pub min_qty: Option<i64>,
    /// Maximum, where a level is set.
    pub max_qty: Option<i64>,
    /// The rule used.
    pub basis: ReorderBasis,
    /// The stock position wanted.
    pub target: i64,
    /// What to ask for: target − (on hand + incoming + planned), 0 when covered.
    pub suggested_qty: i64,
}

impl From<q::SuggestionRow> for ReorderSuggestion {
    fn from(r: q::SuggestionRow) -> Self {
        ReorderSuggestion {
            part_no: r.part_no.into(),
            name: r.name,
            unit: r.unit,
            on_hand: r.on_hand,
            incoming: r.incoming,
            planned: r.planned,
            used: r.used,
            daily_usage: r.daily_usage,
            lead_days: r.lead_days,
            min_qty: r.min_qty,
            max_qty: r.max_qty,
            basis: r.basis.into(),
            target: r.target,
            suggested_qty: r.suggested_qty,
        }
    }
}

/// The reorder suggestions of one location.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"location": "ST-D001", "location_name": "龙江服务站", "kind": "service_station",
    "dealer": "D001", "since": "2026-01-01T02:00:00Z", "as_of": "2026-04-01T02:00:00Z",
    "rows": [{"part_no": "FLT-0042", "name": "机油滤清器", "unit": "个", "on_hand": 5, "incoming": 4,
        "planned": 0, "used": 45, "daily_usage": 0.5, "lead_days": 7, "min_qty": null, "max_qty": null,
        "basis": "usage", "target": 19, "suggested_qty": 10}]}))]
pub struct ReorderSuggestions {
    /// Location.
    pub location: String,
    /// Its name.
    pub location_name: String,
    /// Its kind: a station asks a warehouse for a transfer, a warehouse buys.
    pub kind: LocationKind,
    /// The dealer of a station.
    pub dealer: Option<String>,
    /// Issues are counted from here …
    #[serde(serialize_with = "crate::rfc3339::instant")]
    pub since: DateTime<Utc>,
    /// … to here (when the figures were read).
    #[serde(serialize_with = "crate::rfc3339::instant")]
    pub as_of: DateTime<Utc>,
    /// Every part with a level or with issues in the window, by part number.
    pub rows: Vec<ReorderSuggestion>,
}

impl From<q::Suggestions> for ReorderSuggestions {
    fn from(s: q::Suggestions) -> Self {
        ReorderSuggestions {
            location: s.location,
            location_name: s.location_name,
            kind: s.kind.into(),
            dealer: s.dealer,
            since: s.since,
            as_of: s.as_of,
            rows: s.rows.into_iter().map(Into::into).collect(),
        }
    }
}
