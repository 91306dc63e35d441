//! Master data: parts, locations, dealers, suppliers.

use crate::domain::ids::PartNo;
use crate::domain::money::Fen;
use chrono::{DateTime, Utc};

/// A catalogued spare part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// Part number, the key.
    pub part_no: PartNo,
    /// Name.
    pub name: String,
    /// Base unit (`pc`, `set`, `l`…).
    pub unit: String,
    /// Barcodes; each belongs to this part only.
    pub barcodes: Vec<String>,
    /// Standard cost per unit, fen.
    pub standard_cost_fen: Fen,
    /// Price to dealers per unit, fen.
    pub dealer_price_fen: Fen,
    /// Supplier code.
    pub supplier: Option<String>,
    /// Covered by warranty (三包件).
    pub warranty_covered: bool,
    /// Old part must come back (旧件须返回).
    pub return_required: bool,
    /// Wear part (易损件), not covered.
    pub wear_part: bool,
    /// Version, from 1.
    pub version: u64,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// What a location is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocationKind {
    /// Central or regional warehouse.
    Warehouse,
    /// A dealer's service station (consignment stock, on its own books).
    ServiceStation,
    /// Goods shipped and not yet received.
    InTransit,
    /// Returned old parts awaiting inspection.
    OldParts,
    /// Old parts found reusable.
    Reusable,
    /// Scrapped old parts.
    Scrap,
    /// Old parts sent back to suppliers.
    SupplierReturn,
}

impl LocationKind {
    /// Kinds that hold old parts at value 0 rather than company stock.
    pub fn holds_old_parts(self) -> bool {
        matches!(
            self,
            LocationKind::OldParts | LocationKind::Reusable | LocationKind::Scrap | LocationKind::SupplierReturn
        )
    }

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            LocationKind::Warehouse => "warehouse",
            LocationKind::ServiceStation => "service_station",
            LocationKind::InTransit => "in_transit",
            LocationKind::OldParts => "old_parts",
            LocationKind::Reusable => "reusable",
            LocationKind::Scrap => "scrap",
            LocationKind::SupplierReturn => "supplier_return",
        }
    }
}

/// The code of the one in-transit location every database has.
pub const IN_TRANSIT: &str = "in-transit";

/// A place that holds stock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// Code, the key.
    pub code: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: LocationKind,
    /// The dealer of a service station.
    pub dealer: Option<String>,
    /// Version, from 1.
    pub version: u64,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// A dealer running service stations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dealer {
    /// Code, the key.
    pub code: String,
    /// Name.
    pub name: String,
    /// Version, from 1.
    pub version: u64,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// What share of a failed part's claim a supplier reimburses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecoveryTerms {
    /// Percent of the part cost.
    pub parts_pct: i64,
    /// Percent of the labor.
    pub labor_pct: i64,
}

/// A parts supplier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Supplier {
    /// Code, the key.
    pub code: String,
    /// Name.
    pub name: String,
    /// Recovery terms.
    pub recovery: RecoveryTerms,
    /// Claims accepted for this many months from the unit's sale.
    pub claim_window_months: u32,
    /// Smallest claim worth filing, fen.
    pub min_amount_fen: Fen,
    /// Version, from 1.
    pub version: u64,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}
