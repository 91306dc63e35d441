//! Bodies of the master data routes: parts, locations, dealers, suppliers.

use super::{dto, dto_enum};
use crate::commands::master as cmd;
use crate::domain::master as dom;

dto! {
    /// A catalogued spare part.
    dom::Part => Part {
        /// Part number, the key.
        part_no: String,
        /// Name.
        name: String,
        /// Base unit (`pc`, `set`, `l`…).
        unit: String,
        /// Barcodes; each belongs to this part only.
        barcodes: Vec<String>,
        /// Standard cost per unit, fen.
        standard_cost_fen: i64,
        /// Price to dealers per unit, fen.
        dealer_price_fen: i64,
        /// Supplier code.
        supplier: Option<String>,
        /// Covered by warranty (三包件).
        warranty_covered: bool,
        /// Old part must come back (旧件须返回).
        return_required: bool,
        /// Wear part (易损件), not covered.
        wear_part: bool,
        /// Version, from 1.
        version: u64,
        /// Last change.
        updated_at: chrono::DateTime<chrono::Utc>,
    }
}

dto_enum! {
    /// What a location is for.
    dom::LocationKind => LocationKind {
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
}

dto! {
    /// A place that holds stock.
    dom::Location => Location {
        /// Code, the key.
        code: String,
        /// Name.
        name: String,
        /// Kind.
        kind: LocationKind,
        /// The dealer of a service station.
        dealer: Option<String>,
        /// Version, from 1.
        version: u64,
        /// Last change.
        updated_at: chrono::DateTime<chrono::Utc>,
    }
}

dto! {
    /// A dealer running service stations.
    dom::Dealer => Dealer {
        /// Code, the key.
        code: String,
        /// Name.
        name: String,
        /// Version, from 1.
        version: u64,
        /// Last change.
        updated_at: chrono::DateTime<chrono::Utc>,
    }
}

dto! {
    /// What share of a failed part's claim a supplier reimburses.
    dom::RecoveryTerms => RecoveryTerms {
        /// Percent of the part cost.
        parts_pct: i64,
        /// Percent of the labor.
        labor_pct: i64,
    }
}

dto! {
    /// A parts supplier.
    dom::Supplier => Supplier {
        /// Code, the key.
        code: String,
        /// Name.
        name: String,
        /// Recovery terms.
        recovery: RecoveryTerms,
        /// Claims accepted for this many months from the unit's sale.
        claim_window_months: u32,
        /// Smallest claim worth filing, fen.
        min_amount_fen: i64,
        /// Version, from 1.
        version: u64,
        /// Last change.
        updated_at: chrono::DateTime<chrono::Utc>,
    }
}

dto! {
    /// The editable fields of a part.
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"part_no": "BC-3519", "name": "Brake chamber T24/30", "unit": "pc",
        "barcodes": ["6901234535190"], "standard_cost_fen": 32000, "dealer_price_fen": 38000,
        "supplier": "S-03", "warranty_covered": true, "return_required": true, "wear_part": false}))]
    cmd::PartInput => PartInput {
        /// Part number (ignored on update: the path names the part).
        part_no: String,
        /// Name.
        name: String,
        /// Base unit.
        unit: String,
        /// Barcodes, each unique to this part.
        #[serde(default)]
        barcodes: Vec<String>,
        /// Standard cost per unit, fen.
        standard_cost_fen: i64,
        /// Dealer price per unit, fen.
        dealer_price_fen: i64,
        /// Supplier code.
        #[serde(default)]
        supplier: Option<String>,
        /// Covered by warranty.
        #[serde(default)]
        warranty_covered: bool,
        /// Old part must come back.
        #[serde(default)]
        return_required: bool,
        /// Wear part.
        #[serde(default)]
        wear_part: bool,
    }
}

dto! {
    /// A new location.
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"code": "ST-D001", "name": "Harbin service station", "kind": "service_station", "dealer": "D001"}))]
    cmd::LocationInput => LocationInput {
        /// Code.
        code: String,
        /// Name.
        name: String,
        /// Kind (`in_transit` exists once, as `in-transit`).
        kind: LocationKind,
        /// Dealer of a service station (required for that kind only).
        #[serde(default)]
        dealer: Option<String>,
    }
}

dto! {
    /// The editable fields of a location.
    #[serde(deny_unknown_fields)]
    cmd::LocationUpdate => LocationUpdate {
        /// Name.
        name: String,
    }
}

dto! {
    /// A dealer's fields.
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"code": "D001", "name": "Longjiang Bus Service Co."}))]
    cmd::DealerInput => DealerInput {
        /// Code (ignored on update).
        code: String,
        /// Name.
        name: String,
    }
}

dto! {
    /// A supplier's fields.
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"code": "S-03", "name": "Wabco Brakes (Qingdao)", "recovery": {"parts_pct": 100, "labor_pct": 50},
        "claim_window_months": 18, "min_amount_fen": 5000}))]
    cmd::SupplierInput => SupplierInput {
        /// Code (ignored on update).
        code: String,
        /// Name.
        name: String,
        /// Recovery terms.
        recovery: RecoveryTerms,
        /// Months from the unit's sale within which claims are accepted.
        #[serde(default = "default_claim_window")]
        claim_window_months: u32,
        /// Smallest claim worth filing.
        #[serde(default)]
        min_amount_fen: i64,
    }
}

fn default_claim_window() -> u32 {
    18
}
