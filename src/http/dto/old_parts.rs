//! Bodies of the old-part routes: tags, return shipments, scan receipt, inspection and
//! the deadline sweep.

use super::{dto, dto_enum};
use crate::commands::old_parts;
use crate::domain::claims as dom;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

dto_enum! {
    /// Where an old part stands.
    dom::TagStatus => TagStatus {
        /// Due back from the dealer.
        Due,
        /// Shipped by the dealer.
        Shipped,
        /// Received at the old-parts store.
        Received,
        /// Inspected and disposed.
        Inspected,
        /// Not back by its due date; its claim line was rejected.
        Overdue,
    }
}

dto_enum! {
    /// What the inspection found.
    dom::Disposition => Disposition {
        /// Fit for reuse: to the reusable store.
        Reusable,
        /// Scrap.
        Scrap,
        /// The supplier is to blame: kept as evidence for the supplier claim.
        SupplierFault,
    }
}

dto! {
    /// One returned old part (one tag per unit of quantity).
    dom::OldPart => OldPart {
        /// `OP-2026-000123`.
        tag: String,
        /// Claim.
        claim: String,
        /// Claim line.
        line: u32,
        /// Part.
        part_no: String,
        /// Dealer who must return it.
        dealer: String,
        /// Unit it came off.
        unit_serial: String,
        /// Due back by (repair date + return days).
        due_date: NaiveDate,
        /// Status.
        status: TagStatus,
        /// Carrier reference of the shipment.
        carrier_ref: Option<String>,
        /// Where it is held once received.
        location: Option<String>,
        /// When it was received.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        received_at: Option<DateTime<Utc>>,
        /// Inspection result.
        disposition: Option<Disposition>,
        /// Supplier to blame (supplier fault).
        supplier: Option<String>,
        /// Inspection notes and photo references.
        notes: Option<String>,
        /// When inspected.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        inspected_at: Option<DateTime<Utc>>,
        /// Supplier claim that used it as evidence.
        supplier_claim: Option<String>,
        /// Version, from 1.
        version: u64,
        /// Last change.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        updated_at: DateTime<Utc>,
    }
}

dto! {
    /// A dealer's return shipment.
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"tags": ["OP-2026-000001"], "carrier_ref": "SF1234567890"}))]
    old_parts::ShipmentInput => ShipmentInput {
        /// Tags in the parcel.
        tags: Vec<String>,
        /// Carrier waybill.
        carrier_ref: String,
    }
}

dto! {
    /// One scan at the old-parts store.
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"tag": "OP-2026-000001", "location": "OLD-01"}))]
    old_parts::TagScanInput => TagScanInput {
        /// The scanned tag.
        tag: String,
        /// The old-parts store (default: the first `old_parts` location).
        #[serde(default)]
        location: Option<String>,
        /// The dealer whose parcel is being unpacked: a tag of another dealer is refused.
        #[serde(default)]
        dealer: Option<String>,
    }
}

dto! {
    /// An inspection result.
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"disposition": "supplier_fault", "notes": "diaphragm torn at the clamp; photo IMG-2291"}))]
    old_parts::InspectionInput => InspectionInput {
        /// `reusable`, `scrap` or `supplier_fault`.
        disposition: Disposition,
        /// The supplier to blame (default: the part's supplier).
        #[serde(default)]
        supplier: Option<String>,
        /// Notes and photo references.
        #[serde(default)]
        notes: Option<String>,
        /// Destination for reusable or scrap parts (default: the first location of that kind).
        #[serde(default)]
        location: Option<String>,
        /// What a reusable part is worth, fen: it enters the reusable store at this value
        /// (Dr `inventory:<reusable location>` / Cr `warranty:salvage`). Default 0.
        #[serde(default)]
        salvage_value_fen: Option<i64>,
    }
}

dto! {
    /// What one sweep did.
    old_parts::SweepResult => SweepResult {
        /// The date swept.
        date: NaiveDate,
        /// Tags found overdue.
        overdue_tags: Vec<String>,
        /// Claim lines rejected with `old_part_not_returned` (`CL-…#line`).
        rejected_lines: Vec<String>,
        /// Service requests closed for no follow-up within the policy's days.
        closed_requests: Vec<String>,
    }
}

/// The date a sweep runs as.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SweepInput {
    /// Business date to sweep as (default: today in China Standard Time).
    #[serde(default)]
    pub date: Option<NaiveDate>,
}
