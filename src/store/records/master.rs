//! Stored records of `domain::master`, version 1, and their conversions.

use super::time::Instant;
use super::{Convert, record, record_enum};
use crate::domain::master::{Dealer, Location, LocationKind, Part, RecoveryTerms, Supplier};
use serde::{Deserialize, Serialize};

record! {
    /// `Part` as stored, version 1.
    Part => PartV1 {
        part_no: String,
        name: String,
        unit: String,
        barcodes: Vec<String>,
        standard_cost_fen: i64,
        dealer_price_fen: i64,
        supplier: Option<String>,
        warranty_covered: bool,
        return_required: bool,
        wear_part: bool,
        version: u64,
        updated_at: Instant,
    }
}

record_enum! {
    /// `LocationKind` as stored, version 1.
    LocationKind => LocationKindV1 { Warehouse, ServiceStation, InTransit, OldParts, Reusable, Scrap, SupplierReturn }
}

record! {
    /// `Location` as stored, version 1.
    Location => LocationV1 {
        code: String,
        name: String,
        kind: LocationKindV1,
        dealer: Option<String>,
        version: u64,
        updated_at: Instant,
    }
}

record! {
    /// `Dealer` as stored, version 1.
    Dealer => DealerV1 {
        code: String,
        name: String,
        version: u64,
        updated_at: Instant,
    }
}

record! {
    /// `RecoveryTerms` as stored, version 1.
    RecoveryTerms => RecoveryTermsV1 {
        parts_pct: i64,
        labor_pct: i64,
    }
}

record! {
    /// `Supplier` as stored, version 1.
    Supplier => SupplierV1 {
        code: String,
        name: String,
        recovery: RecoveryTermsV1,
        claim_window_months: u32,
        min_amount_fen: i64,
        version: u64,
        updated_at: Instant,
    }
}
