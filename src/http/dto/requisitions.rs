//! Bodies of the requisition routes: requisitions, their decisions and service reports.

use super::{dto, dto_enum};
use crate::commands::{requisitions, service_reports};
use crate::domain::documents as dom;
use chrono::{DateTime, Utc};

dto_enum! {
    /// Why parts leave for a repair; decides the account an issue debits.
    dom::Purpose => Purpose {
        /// A warranty repair of a unit: Dr `warranty:pending` until its claim line is decided.
        Warranty,
        /// Paid service at a dealer's station: the parts are sold to the dealer (Dr `dealer:<code>`).
        PaidService,
        /// Internal work: Dr `service:cost`.
        Internal,
    }
}

dto_enum! {
    /// Where a requisition stands.
    dom::RequisitionStatus => RequisitionStatus {
        /// Being written.
        Draft,
        /// Waiting for a supervisor.
        Submitted,
        /// Approved, nothing issued yet.
        Approved,
        /// Refused by a supervisor.
        Rejected,
        /// Some parts issued.
        PartiallyIssued,
        /// Every approved part issued.
        Issued,
        /// Done; nothing more is issued or returned.
        Closed,
        /// Withdrawn before any issue.
        Cancelled,
    }
}

dto! {
    /// A request to take parts out for a repair (领料单).
    dom::Requisition => Requisition {
        /// `RQ-…`.
        number: String,
        /// Location the parts come from.
        location: String,
        /// Why.
        purpose: Purpose,
        /// The unit repaired (required for warranty).
        unit_serial: Option<String>,
        /// Lines, numbered from 1.
        lines: Vec<RequisitionLine>,
        /// Status.
        status: RequisitionStatus,
        /// Token id of the requester.
        requester: String,
        /// Token id of the supervisor who approved or rejected it.
        decided_by: Option<String>,
        /// The supervisor's comment.
        decision_comment: Option<String>,
        /// Version, from 1.
        version: u64,
        /// Created.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        created_at: DateTime<Utc>,
        /// First submitted (the clock of the approval standard starts here).
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        submitted_at: Option<DateTime<Utc>>,
        /// Approved or rejected.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        decided_at: Option<DateTime<Utc>>,
        /// First scan issued.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        first_issue_at: Option<DateTime<Utc>>,
        /// Closed or cancelled.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        closed_at: Option<DateTime<Utc>>,
        /// Last change.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        updated_at: DateTime<Utc>,
        /// The service request it cites, if any.
        service_request: Option<String>,
    }
}

dto! {
    /// One part requested, with what was issued and returned against it.
    dom::RequisitionLine => RequisitionLine {
        /// Line number, from 1.
        line: u32,
        /// Part.
        part_no: String,
        /// Requested (and approved) quantity.
        qty: i64,
        /// Why it is needed.
        reason: Option<String>,
        /// Issued so far.
        issued_qty: i64,
        /// Value issued so far.
        issued_value_fen: i64,
        /// Returned unused so far.
        returned_qty: i64,
        /// Value returned so far.
        returned_value_fen: i64,
        /// Quantity cited by submitted claim lines.
        claimed_qty: i64,
        /// Cost of that quantity (what the claim lines claim).
        claimed_value_fen: i64,
        /// Cost cleared from `warranty:pending` by decided claim lines.
        cleared_value_fen: i64,
    }
}

dto! {
    /// What was done on a unit (服务报告).
    dom::ServiceReport => ServiceReport {
        /// `SR-…`.
        number: String,
        /// The unit repaired.
        unit_serial: String,
        /// The requisition the parts came from, if any.
        requisition: Option<String>,
        /// The station or location where the work was done.
        location: String,
        /// Fault code.
        fault_code: String,
        /// What was wrong and what was done.
        description: String,
        /// Odometer reading, km.
        usage_km: Option<i64>,
        /// Engine hours.
        usage_hours: Option<i64>,
        /// Labor, minutes.
        labor_minutes: i64,
        /// Travel cost, fen.
        travel_fen: i64,
        /// Parts consumed from the requisition.
        consumed: Vec<Consumed>,
        /// Customer who signed the report.
        customer_name: String,
        /// When the customer signed.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        customer_signed_at: DateTime<Utc>,
        /// Token id of the supervisor who confirmed it.
        confirmed_by: Option<String>,
        /// When it was confirmed.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        confirmed_at: Option<DateTime<Utc>>,
        /// Token id of the author.
        author: String,
        /// Version, from 1.
        version: u64,
        /// Created.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        created_at: DateTime<Utc>,
    }
}

dto! {
    /// A part consumed in a repair.
    dom::Consumed => Consumed {
        /// Part.
        part_no: String,
        /// Quantity.
        qty: i64,
    }
}

dto! {
    /// A requisition to create.
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"location": "ST-D001", "purpose": "warranty", "unit_serial": "LZYTBGBW5N1000123",
        "lines": [{"part_no": "BC-3519", "qty": 1, "reason": "rear brake chamber leaking"}], "submit": true}))]
    requisitions::RequisitionInput => RequisitionInput {
        /// Location to draw from.
        location: String,
        /// `warranty`, `paid_service` or `internal`.
        purpose: Purpose,
        /// The unit being repaired (required for warranty).
        #[serde(default)]
        unit_serial: Option<String>,
        /// Parts wanted, one line per part.
        lines: Vec<RequisitionLineInput>,
        /// Submit for approval at once.
        #[serde(default)]
        submit: bool,
        /// The service request (`SV-…`) whose work it does: visible to the caller, neither
        /// closed nor cancelled, of the same unit. Required for `paid_service`
        /// (`validation_failed` on `service_request` without one), whose request must have
        /// its quote approved (`quote_not_approved`).
        #[serde(default)]
        service_request: Option<String>,
    }
}

dto! {
    /// One part wanted.
    #[serde(deny_unknown_fields)]
    requisitions::RequisitionLineInput => RequisitionLineInput {
        /// Part number.
        part_no: String,
        /// Quantity.
        qty: i64,
        /// Why.
        #[serde(default)]
        reason: Option<String>,
    }
}

dto! {
    /// A supervisor's decision.
    #[serde(deny_unknown_fields)]
    requisitions::DecisionInput => DecisionInput {
        /// Comment (required to reject).
        #[serde(default)]
        comment: Option<String>,
    }
}

dto! {
    /// A service report to file.
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"unit_serial": "LZYTBGBW5N1000123", "requisition": "RQ-000001", "fault_code": "BRK-021",
        "description": "Rear brake chamber leaking; replaced", "usage_km": 81300, "labor_minutes": 150, "travel_fen": 15000,
        "consumed": [{"part_no": "BC-3519", "qty": 1}], "customer_name": "Harbin Bus Line 12", "customer_signed_at": "2026-09-14T09:30:00Z"}))]
    service_reports::ServiceReportInput => ServiceReportInput {
        /// The unit repaired.
        unit_serial: String,
        /// The requisition the parts came from.
        #[serde(default)]
        requisition: Option<String>,
        /// Where the work was done (default: the requisition's location).
        #[serde(default)]
        location: Option<String>,
        /// Fault code.
        fault_code: String,
        /// What was wrong and what was done.
        description: String,
        /// Odometer, km.
        #[serde(default)]
        usage_km: Option<i64>,
        /// Engine hours.
        #[serde(default)]
        usage_hours: Option<i64>,
        /// Labor, minutes.
        labor_minutes: i64,
        /// Travel cost, fen.
        #[serde(default)]
        travel_fen: i64,
        /// Parts consumed from the requisition.
        #[serde(default)]
        consumed: Vec<Consumed>,
        /// The customer who signed.
        customer_name: String,
        /// When the customer signed.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        customer_signed_at: DateTime<Utc>,
    }
}
