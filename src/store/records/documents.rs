//! Stored records of `domain::documents`, version 1, and their conversions.

use super::time::Instant;
use super::{Convert, record, record_enum};
use crate::domain::documents::{
    Adjustment, AuditEvent, Consumed, Count, Purpose, Receipt, ReceiptLine, Requisition, RequisitionLine,
    RequisitionStatus, ServiceReport, Stocktake, StocktakeStatus, Transfer, TransferLine, TransferMode, TransferStatus,
};
use serde::{Deserialize, Serialize};

record! {
    /// `ReceiptLine` as stored, version 1.
    ReceiptLine => ReceiptLineV1 {
        part_no: String,
        qty: i64,
        unit_cost_fen: i64,
        value_fen: i64,
    }
}

record! {
    /// `Receipt` as stored, version 1.
    Receipt => ReceiptV1 {
        number: String,
        location: String,
        supplier: Option<String>,
        reference: Option<String>,
        lines: Vec<ReceiptLineV1>,
        total_value_fen: i64,
        actor: String,
        posted_at: Instant,
    }
}

record_enum! {
    /// `TransferMode` as stored, version 1.
    TransferMode => TransferModeV1 { Direct, TwoStep }
}

record_enum! {
    /// `TransferStatus` as stored, version 1.
    TransferStatus => TransferStatusV1 { Shipped, PartiallyReceived, Completed }
}

record! {
    /// `TransferLine` as stored, version 1.
    TransferLine => TransferLineV1 {
        part_no: String,
        qty: i64,
        value_fen: i64,
        received_qty: i64,
        received_value_fen: i64,
    }
}

record! {
    /// `Transfer` as stored, version 1.
    Transfer => TransferV1 {
        number: String,
        from: String,
        to: String,
        mode: TransferModeV1,
        status: TransferStatusV1,
        lines: Vec<TransferLineV1>,
        version: u64,
        actor: String,
        created_at: Instant,
        updated_at: Instant,
    }
}

record_enum! {
    /// `StocktakeStatus` as stored, version 1.
    StocktakeStatus => StocktakeStatusV1 { Open, Posted, Cancelled }
}

record! {
    /// `Count` as stored, version 1.
    Count => CountV1 {
        part_no: String,
        counted_qty: i64,
    }
}

record! {
    /// `Adjustment` as stored, version 1.
    Adjustment => AdjustmentV1 {
        part_no: String,
        booked_qty: i64,
        counted_qty: i64,
        qty_delta: i64,
        value_delta_fen: i64,
    }
}

record! {
    /// `Stocktake` as stored, version 1.
    Stocktake => StocktakeV1 {
        number: String,
        location: String,
        full: bool,
        status: StocktakeStatusV1,
        counts: Vec<CountV1>,
        adjustments: Vec<AdjustmentV1>,
        version: u64,
        actor: String,
        created_at: Instant,
        updated_at: Instant,
    }
}

record_enum! {
    /// `Purpose` as stored, version 1.
    Purpose => PurposeV1 { Warranty, PaidService, Internal }
}

record! {
    /// `RequisitionLine` as stored, version 1.
    RequisitionLine => RequisitionLineV1 {
        line: u32,
        part_no: String,
        qty: i64,
        reason: Option<String>,
        issued_qty: i64,
        issued_value_fen: i64,
        returned_qty: i64,
        returned_value_fen: i64,
        claimed_qty: i64,
        claimed_value_fen: i64,
        cleared_value_fen: i64,
    }
}

record_enum! {
    /// `RequisitionStatus` as stored, version 1.
    RequisitionStatus => RequisitionStatusV1 { Draft, Submitted, Approved, Rejected, PartiallyIssued, Issued, Closed, Cancelled }
}

record! {
    /// `Requisition` as version 1 wrote it (before a requisition could cite its service
    /// request).
    RequisitionV1 {
        number: String,
        location: String,
        purpose: PurposeV1,
        unit_serial: Option<String>,
        lines: Vec<RequisitionLineV1>,
        status: RequisitionStatusV1,
        requester: String,
        decided_by: Option<String>,
        decision_comment: Option<String>,
        version: u64,
        created_at: Instant,
        submitted_at: Option<Instant>,
        decided_at: Option<Instant>,
        first_issue_at: Option<Instant>,
        closed_at: Option<Instant>,
        updated_at: Instant,
    }
}

record! {
    /// `Requisition` as stored from version 2: the service request it cites.
    Requisition => RequisitionV2 {
        number: String,
        location: String,
        purpose: PurposeV1,
        unit_serial: Option<String>,
        lines: Vec<RequisitionLineV1>,
        status: RequisitionStatusV1,
        requester: String,
        decided_by: Option<String>,
        decision_comment: Option<String>,
        version: u64,
        created_at: Instant,
        submitted_at: Option<Instant>,
        decided_at: Option<Instant>,
        first_issue_at: Option<Instant>,
        closed_at: Option<Instant>,
        updated_at: Instant,
        service_request: Option<String>,
    }
}

impl RequisitionV1 {
    /// Version 2: a version-1 requisition cites no service request.
    pub fn upgrade(self) -> RequisitionV2 {
        RequisitionV2 {
            number: self.number,
            location: self.location,
            purpose: self.purpose,
            unit_serial: self.unit_serial,
            lines: self.lines,
            status: self.status,
            requester: self.requester,
            decided_by: self.decided_by,
            decision_comment: self.decision_comment,
            version: self.version,
            created_at: self.created_at,
            submitted_at: self.submitted_at,
            decided_at: self.decided_at,
            first_issue_at: self.first_issue_at,
            closed_at: self.closed_at,
            updated_at: self.updated_at,
            service_request: None,
        }
    }
}

record! {
    /// `Consumed` as stored, version 1.
    Consumed => ConsumedV1 {
        part_no: String,
        qty: i64,
    }
}

record! {
    /// `ServiceReport` as stored, version 1.
    ServiceReport => ServiceReportV1 {
        number: String,
        unit_serial: String,
        requisition: Option<String>,
        location: String,
        fault_code: String,
        description: String,
        usage_km: Option<i64>,
        usage_hours: Option<i64>,
        labor_minutes: i64,
        travel_fen: i64,
        consumed: Vec<ConsumedV1>,
        customer_name: String,
        customer_signed_at: Instant,
        confirmed_by: Option<String>,
        confirmed_at: Option<Instant>,
        author: String,
        version: u64,
        created_at: Instant,
    }
}

record! {
    /// `AuditEvent` as stored, version 1.
    AuditEvent => AuditEventV1 {
        seq: u64,
        at: Instant,
        actor: String,
        action: String,
        entity: String,
        key: String,
        before_version: Option<u64>,
        after_version: Option<u64>,
    }
}
