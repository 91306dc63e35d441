//! Stored records of `domain::service_requests` and their conversions; requests are at
//! version 2.

use super::time::Instant;
use super::{Convert, record, record_enum};
use crate::domain::service_requests::kpi::Targets;
use crate::domain::service_requests::standards::ServicePolicy;
use crate::domain::service_requests::{
    AssigneeKind, Channel, ClosedReason, FaultClass, FollowUp, FollowUpOutcome, PaidService, QuoteStatus,
    RequestStatus, ServiceRequest, Standards,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

record_enum! {
    /// `Channel` as stored, version 1.
    Channel => ChannelV1 { Phone, Letter, Visit, Web }
}

record_enum! {
    /// `FaultClass` as stored, version 1.
    FaultClass => FaultClassV1 { Body, ChassisEngine, Other }
}

record_enum! {
    /// `RequestStatus` as stored, version 1.
    RequestStatus => RequestStatusV1 { Received, Arranged, OnSite, Resolved, Closed, Cancelled }
}

record_enum! {
    /// `AssigneeKind` as stored, version 1.
    AssigneeKind => AssigneeKindV1 { Dealer, Department }
}

record_enum! {
    /// `FollowUpOutcome` as stored, version 1.
    FollowUpOutcome => FollowUpOutcomeV1 { Reached, Unreachable }
}

record_enum! {
    /// `QuoteStatus` as stored, version 1.
    QuoteStatus => QuoteStatusV1 { Quoted, Approved, Rejected, Collected }
}

record! {
    /// `Standards` as stored, version 1.
    Standards => StandardsV1 {
        arrange_minutes: i64,
        check_minutes: i64,
        on_site_minutes: i64,
        on_site_max_km: i64,
        answer_minutes: i64,
        contact_minutes: i64,
    }
}

record! {
    /// `Targets` as stored, version 1.
    Targets => TargetsV1 {
        timeliness_pct: u32,
        satisfaction_pct: u32,
        complaint_pct: u32,
    }
}

record! {
    /// `ServicePolicy` as stored, version 1.
    ServicePolicy => ServicePolicyV1 {
        standards: StandardsV1,
        follow_up_days: i64,
        follow_up_tries: u32,
        targets: TargetsV1,
    }
}

record! {
    /// `FollowUp` as stored, version 1.
    FollowUp => FollowUpV1 {
        at: Instant,
        by: String,
        outcome: FollowUpOutcomeV1,
        satisfaction: Option<u8>,
        complaint: Option<String>,
        service_fault: bool,
        note: Option<String>,
    }
}

record! {
    /// `PaidService` as stored, version 1.
    PaidService => PaidServiceV1 {
        travel_fen: i64,
        wages_fen: i64,
        total_fen: i64,
        note: Option<String>,
        status: QuoteStatusV1,
        quoted_by: String,
        quoted_at: Instant,
        decided_by: Option<String>,
        decided_at: Option<Instant>,
        decision_comment: Option<String>,
        collected_fen: Option<i64>,
        collected_at: Option<Instant>,
        reference: Option<String>,
    }
}

record_enum! {
    /// `ClosedReason` as stored, version 1.
    ClosedReason => ClosedReasonV1 { FollowUpDone, FollowUpUnreachable, NoFollowUp, ClosedByDesk }
}

record! {
    /// `ServiceRequest` as version 1 wrote it (before it kept why it closed).
    ServiceRequestV1 {
        number: String,
        status: RequestStatusV1,
        channel: ChannelV1,
        customer: String,
        contact: String,
        unit_serial: Option<String>,
        dealer: Option<String>,
        fault_class: FaultClassV1,
        distance_km: i64,
        needs_supplier: bool,
        description: String,
        received_at: Instant,
        standards: StandardsV1,
        assignee_kind: Option<AssigneeKindV1>,
        assignee: Option<String>,
        plan: Option<String>,
        arranged_at: Option<Instant>,
        arranged_by: Option<String>,
        checked_at: Option<Instant>,
        checked_by: Option<String>,
        check_note: Option<String>,
        on_site_at: Option<Instant>,
        answered_at: Option<Instant>,
        resolved_at: Option<Instant>,
        resolution: Option<String>,
        service_reports: Vec<String>,
        requisitions: Vec<String>,
        claims: Vec<String>,
        follow_up_due_at: Option<Instant>,
        follow_ups: Vec<FollowUpV1>,
        closed_at: Option<Instant>,
        cancelled_at: Option<Instant>,
        cancel_reason: Option<String>,
        paid: Option<PaidServiceV1>,
        created_by: String,
        created_at: Instant,
        updated_at: Instant,
        version: u64,
    }
}

record! {
    /// `ServiceRequest` as stored from version 2: why it closed.
    ServiceRequest => ServiceRequestV2 {
        number: String,
        status: RequestStatusV1,
        channel: ChannelV1,
        customer: String,
        contact: String,
        unit_serial: Option<String>,
        dealer: Option<String>,
        fault_class: FaultClassV1,
        distance_km: i64,
        needs_supplier: bool,
        description: String,
        received_at: Instant,
        standards: StandardsV1,
        assignee_kind: Option<AssigneeKindV1>,
        assignee: Option<String>,
        plan: Option<String>,
        arranged_at: Option<Instant>,
        arranged_by: Option<String>,
        checked_at: Option<Instant>,
        checked_by: Option<String>,
        check_note: Option<String>,
        on_site_at: Option<Instant>,
        answered_at: Option<Instant>,
        resolved_at: Option<Instant>,
        resolution: Option<String>,
        service_reports: Vec<String>,
        requisitions: Vec<String>,
        claims: Vec<String>,
        follow_up_due_at: Option<Instant>,
        follow_ups: Vec<FollowUpV1>,
        closed_at: Option<Instant>,
        closed_reason: Option<ClosedReasonV1>,
        cancelled_at: Option<Instant>,
        cancel_reason: Option<String>,
        paid: Option<PaidServiceV1>,
        created_by: String,
        created_at: Instant,
        updated_at: Instant,
        version: u64,
    }
}

impl ServiceRequestV1 {
    /// Version 2. Before the sweep existed a request closed by its follow-up (the call at
    /// the closing instant: reached, or the last unreachable try) or by the desk.
    pub fn upgrade(self) -> ServiceRequestV2 {
        let closed_reason = match (self.status, self.closed_at) {
            (RequestStatusV1::Closed, Some(closed)) => Some(
                match self.follow_ups.iter().find(|f| f.at == closed).map(|f| f.outcome) {
                    Some(FollowUpOutcomeV1::Reached) => ClosedReasonV1::FollowUpDone,
                    Some(FollowUpOutcomeV1::Unreachable) => ClosedReasonV1::FollowUpUnreachable,
                    None => ClosedReasonV1::ClosedByDesk,
                },
            ),
            _ => None,
        };
        ServiceRequestV2 {
            number: self.number,
            status: self.status,
            channel: self.channel,
            customer: self.customer,
            contact: self.contact,
            unit_serial: self.unit_serial,
            dealer: self.dealer,
            fault_class: self.fault_class,
            distance_km: self.distance_km,
            needs_supplier: self.needs_supplier,
            description: self.description,
            received_at: self.received_at,
            standards: self.standards,
            assignee_kind: self.assignee_kind,
            assignee: self.assignee,
            plan: self.plan,
            arranged_at: self.arranged_at,
            arranged_by: self.arranged_by,
            checked_at: self.checked_at,
            checked_by: self.checked_by,
            check_note: self.check_note,
            on_site_at: self.on_site_at,
            answered_at: self.answered_at,
            resolved_at: self.resolved_at,
            resolution: self.resolution,
            service_reports: self.service_reports,
            requisitions: self.requisitions,
            claims: self.claims,
            follow_up_due_at: self.follow_up_due_at,
            follow_ups: self.follow_ups,
            closed_at: self.closed_at,
            cancelled_at: self.cancelled_at,
            cancel_reason: self.cancel_reason,
            paid: self.paid,
            created_by: self.created_by,
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
            closed_reason,
        }
    }
}

/// Service requests are at version 2 (why they closed); version 1 is upgraded on reading.
impl crate::store::codec::Stored for ServiceRequest {
    type Record = ServiceRequestV2;
    const KIND: &'static str = "service_request";
    const VERSION: u8 = 2;

    fn decode_old(version: u8, payload: &[u8]) -> crate::store::StoreResult<Self> {
        match version {
            1 => {
                let v1: ServiceRequestV1 = crate::store::codec::decode_payload(Self::KIND, payload)?;
                Ok(ServiceRequest::from_record(v1.upgrade()))
            }
            other => Err(crate::store::StoreError::Corrupt {
                table: Self::KIND,
                reason: format!("unknown record version {other}"),
            }),
        }
    }
}

impl crate::store::codec::Stored for ServicePolicy {
    type Record = ServicePolicyV1;
    const KIND: &'static str = "service_policy";
    const VERSION: u8 = 1;
}

/// Index entries of a service request: by status and by dealer (the dealer whose customer
/// it is and the dealer it is forwarded to) in the shared document indexes, by assignee,
/// and, while it is open, by the time its next standard falls due.
impl crate::store::indexes::Indexed for ServiceRequest {
    const TABLE: crate::store::Table = crate::store::Table::ServiceRequests;
    fn index_entries(&self, key: &[u8]) -> Vec<crate::store::indexes::Entry> {
        use crate::domain::numbered::Numbered;
        use crate::domain::status::Named;
        use crate::store::Table;
        use crate::store::indexes::doc_entry;
        use crate::store::keys::{Key, KeyReader};
        let n = KeyReader::new(key).u64().unwrap_or(0);
        let kind = Self::DOCUMENT.prefix();
        let mut out = vec![(Table::DocsByStatus, doc_entry(kind, self.status.name(), n))];
        let assigned_dealer = match self.assignee_kind {
            Some(AssigneeKind::Dealer) => self.assignee.as_deref(),
            _ => None,
        };
        for d in [self.dealer.as_deref(), assigned_dealer].into_iter().flatten() {
            let e = (Table::DocsByDealer, doc_entry(kind, d, n));
            if !out.contains(&e) {
                out.push(e);
            }
        }
        let phone = crate::domain::service_requests::phone_digits(&self.contact);
        if !phone.is_empty() {
            out.push((
                Table::ServiceRequestsByPhone,
                Key::new().str(&phone).u64(n).into_bytes(),
            ));
        }
        if let Some(u) = &self.unit_serial {
            out.push((
                Table::ServiceRequestsByUnit,
                Key::new().str(u.as_str()).u64(n).into_bytes(),
            ));
        }
        if let Some(a) = &self.assignee {
            out.push((Table::ServiceRequestsByAssignee, Key::new().str(a).u64(n).into_bytes()));
        }
        let due = crate::domain::service_requests::evaluate(self, self.updated_at).next_due_at;
        if let Some(due) = due {
            out.push((Table::ServiceRequestsByDue, due_key(due, n)));
        }
        out
    }
}

/// Key of `service_requests_by_due_v1`: (due instant, seconds; number).
pub fn due_key(due: DateTime<Utc>, number: u64) -> Vec<u8> {
    crate::store::keys::Key::new()
        .u64(due.timestamp().max(0) as u64)
        .u64(number)
        .into_bytes()
}
