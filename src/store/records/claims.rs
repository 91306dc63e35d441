//! Stored records of `domain::claims`, version 1, and their conversions.

use super::warranty::FindingV1;
use super::{Convert, record, record_enum};
use crate::domain::claims::{
    Claim, ClaimLine, ClaimStatus, Disposition, LineKind, LineStatus, OldPart, PartSource, TagStatus,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

record_enum! {
    /// `LineKind` as stored, version 1.
    LineKind => LineKindV1 { Part, Labor, Travel, Other }
}

record_enum! {
    /// `PartSource` as stored, version 1.
    PartSource => PartSourceV1 { CompanyStock, DealerStock }
}

record_enum! {
    /// `LineStatus` as stored, version 1.
    LineStatus => LineStatusV1 { Open, AwaitingOldPart, Approved, Reduced, Rejected, Settled }
}

record! {
    /// `ClaimLine` as stored, version 1.
    ClaimLine => ClaimLineV1 {
        line: u32,
        kind: LineKindV1,
        part_no: Option<String>,
        qty: Option<i64>,
        source: Option<PartSourceV1>,
        requisition: Option<String>,
        minutes: Option<i64>,
        note: Option<String>,
        claimed_fen: i64,
        approved_fen: Option<i64>,
        status: LineStatusV1,
        reason: Option<String>,
        findings: Vec<FindingV1>,
        decided_at: Option<DateTime<Utc>>,
        settlement: Option<String>,
    }
}

record_enum! {
    /// `ClaimStatus` as stored, version 1.
    ClaimStatus => ClaimStatusV1 { Draft, Submitted, Returned, Decided, Settled }
}

record! {
    /// `Claim` as stored, version 1.
    Claim => ClaimV1 {
        number: String,
        dealer: String,
        unit_serial: String,
        failure_date: NaiveDate,
        repair_date: NaiveDate,
        usage_km: Option<i64>,
        usage_hours: Option<i64>,
        fault_code: String,
        description: String,
        service_report: Option<String>,
        lines: Vec<ClaimLineV1>,
        status: ClaimStatusV1,
        claimed_fen: i64,
        approved_fen: i64,
        filing_date: Option<NaiveDate>,
        return_comment: Option<String>,
        version: u64,
        author: String,
        created_at: DateTime<Utc>,
        submitted_at: Option<DateTime<Utc>>,
        last_submitted_at: Option<DateTime<Utc>>,
        decided_at: Option<DateTime<Utc>>,
        updated_at: DateTime<Utc>,
    }
}

record_enum! {
    /// `TagStatus` as stored, version 1.
    TagStatus => TagStatusV1 { Due, Shipped, Received, Inspected, Overdue }
}

record_enum! {
    /// `Disposition` as stored, version 1.
    Disposition => DispositionV1 { Reusable, Scrap, SupplierFault }
}

record! {
    /// `OldPart` as stored, version 1.
    OldPart => OldPartV1 {
        tag: String,
        claim: String,
        line: u32,
        part_no: String,
        dealer: String,
        unit_serial: String,
        due_date: NaiveDate,
        status: TagStatusV1,
        carrier_ref: Option<String>,
        location: Option<String>,
        received_at: Option<DateTime<Utc>>,
        disposition: Option<DispositionV1>,
        supplier: Option<String>,
        notes: Option<String>,
        inspected_at: Option<DateTime<Utc>>,
        supplier_claim: Option<String>,
        version: u64,
        updated_at: DateTime<Utc>,
    }
}
