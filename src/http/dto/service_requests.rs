//! Bodies of the service-request routes: requests with their standards measured, the
//! transitions, follow-ups, paid service, the service policy, the watch list and the KPI
//! report.

use super::service_paid::PaidService;
use super::{Wire, dto, dto_enum};
use crate::commands::service_requests as cmd;
use crate::domain::service_requests as dom;
use crate::domain::service_requests::kpi as dkpi;
use crate::domain::service_requests::standards as dstd;
use crate::domain::validate::normalize_code;
use crate::queries::service_requests as q;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

dto_enum! {
    /// How a request came in.
    dom::Channel => Channel { Phone, Letter, Visit, Web }
}

dto_enum! {
    /// The fault class; decides which time standards apply.
    dom::FaultClass => FaultClass {
        /// Bodywork: on site within 24 h within 100 km and without a supplier, else answered within 12 h.
        Body,
        /// Chassis or engine: a written contact within 12 h.
        ChassisEngine,
        /// Anything else: arranged and checked only.
        Other,
    }
}

dto_enum! {
    /// Where a service request stands.
    dom::RequestStatus => ServiceRequestStatus {
        /// Written down, not yet forwarded.
        Received,
        /// Forwarded with a plan told to the customer.
        Arranged,
        /// Reached: on site or answered.
        OnSite,
        /// Done; the follow-up visit is due.
        Resolved,
        /// Followed up, or closed without one.
        Closed,
        /// Withdrawn with a reason.
        Cancelled,
    }
}

dto_enum! {
    /// Who a request is forwarded to.
    dom::AssigneeKind => AssigneeKind { Dealer, Department }
}

dto_enum! {
    /// What a follow-up call achieved.
    dom::FollowUpOutcome => FollowUpOutcome { Reached, Unreachable }
}

dto_enum! {
    /// One time standard.
    dstd::StandardKind => StandardKind {
        /// Arranged within 2 h of receipt.
        Arrange,
        /// Checked by the office within 4 h of arranging.
        Check,
        /// On site within 24 h of receipt.
        OnSite,
        /// Answered within 12 h of receipt.
        Answer,
        /// Written contact within 12 h of receipt.
        Contact,
    }
}

dto_enum! {
    /// How a standard stands.
    dstd::Standing => Standing {
        /// Done in time.
        Met,
        /// Done late, or never done on a finished request.
        Missed,
        /// Not done, still time.
        Pending,
        /// Not done and past due.
        Overdue,
    }
}

dto! {
    /// The time standards, minutes.
    dstd::Standards => Standards {
        /// Received → arranged.
        arrange_minutes: i64,
        /// Arranged → checked by the office.
        check_minutes: i64,
        /// Received → on site (a `body` fault near enough, no supplier).
        on_site_minutes: i64,
        /// The farthest a `body` fault is reached on site, km.
        on_site_max_km: i64,
        /// Received → answered (a `body` fault farther away or needing a supplier).
        answer_minutes: i64,
        /// Received → written contact (a `chassis_engine` fault).
        contact_minutes: i64,
    }
}

dto! {
    /// The company's targets, whole percent.
    dkpi::Targets => KpiTargets {
        /// 服务及时率 at least this.
        timeliness_pct: u32,
        /// 用户满意程度 at least this.
        satisfaction_pct: u32,
        /// 用户抱怨率 below this.
        complaint_pct: u32,
    }
}

dto! {
    /// The service policy: standards for requests received from now on, follow-up rules, targets.
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"standards": {"arrange_minutes": 120, "check_minutes": 240, "on_site_minutes": 1440,
        "on_site_max_km": 100, "answer_minutes": 720, "contact_minutes": 720}, "follow_up_days": 7, "follow_up_tries": 3,
        "targets": {"timeliness_pct": 90, "satisfaction_pct": 85, "complaint_pct": 3}}))]
    dstd::ServicePolicy => ServicePolicy {
        /// The time standards.
        standards: Standards,
        /// The follow-up is due this many days after resolving.
        follow_up_days: i64,
        /// Unreachable calls after which a request closes without a survey.
        follow_up_tries: u32,
        /// The KPI targets.
        targets: KpiTargets,
    }
}

dto! {
    /// One follow-up call (回访).
    dom::FollowUp => FollowUp {
        /// When.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        at: DateTime<Utc>,
        /// Token id of the caller.
        by: String,
        /// Reached or not.
        outcome: FollowUpOutcome,
        /// 1–5 when reached; satisfied iff ≥ 4.
        satisfaction: Option<u8>,
        /// The complaint.
        complaint: Option<String>,
        /// Confirmed a service fault (确属服务责任).
        service_fault: bool,
        /// Notes.
        note: Option<String>,
    }
}

dto! {
    /// A service request (售后服务登记).
    dom::ServiceRequest => ServiceRequestRecord {
        /// `SV-…`.
        number: String,
        /// Where it stands.
        status: ServiceRequestStatus,
        /// How it came in.
        channel: Channel,
        /// The customer.
        customer: String,
        /// How to reach the customer.
        contact: String,
        /// The unit, when known.
        unit_serial: Option<String>,
        /// The dealer whose customer it is.
        dealer: Option<String>,
        /// Fault class.
        fault_class: FaultClass,
        /// Distance to the site, km.
        distance_km: i64,
        /// A supplier is needed.
        needs_supplier: bool,
        /// What the customer said.
        description: String,
        /// When it came in.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        received_at: DateTime<Utc>,
        /// The standards it is measured by (those in force when it came in).
        standards: Standards,
        /// Forwarded to a dealer or a department.
        assignee_kind: Option<AssigneeKind>,
        /// The dealer or department code.
        assignee: Option<String>,
        /// The plan told to the customer.
        plan: Option<String>,
        /// First arranged.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        arranged_at: Option<DateTime<Utc>>,
        /// Token id of who arranged it.
        arranged_by: Option<String>,
        /// The office's check.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        checked_at: Option<DateTime<Utc>>,
        /// Token id of who checked.
        checked_by: Option<String>,
        /// What the check found.
        check_note: Option<String>,
        /// Reached the site.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        on_site_at: Option<DateTime<Utc>>,
        /// Answered the customer.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        answered_at: Option<DateTime<Utc>>,
        /// Resolved.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        resolved_at: Option<DateTime<Utc>>,
        /// What was done.
        resolution: Option<String>,
        /// Service reports that did the work.
        service_reports: Vec<String>,
        /// Requisitions that did the work.
        requisitions: Vec<String>,
        /// Claims that did the work.
        claims: Vec<String>,
        /// The follow-up is due by then.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        follow_up_due_at: Option<DateTime<Utc>>,
        /// Follow-up calls.
        follow_ups: Vec<FollowUp>,
        /// Closed.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        closed_at: Option<DateTime<Utc>>,
        /// Why it closed: the follow-up reached the customer, the last try found nobody, no
        /// follow-up within the policy's days (the sweep), or the desk closed it.
        closed_reason: Option<super::service_lookup::ClosedReason>,
        /// Cancelled.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        cancelled_at: Option<DateTime<Utc>>,
        /// Why.
        cancel_reason: Option<String>,
        /// Paid service, when quoted.
        paid: Option<PaidService>,
        /// Token id of who wrote it down.
        created_by: String,
        /// When.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        created_at: DateTime<Utc>,
        /// Last change.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        updated_at: DateTime<Utc>,
        /// Version, from 1.
        version: u64,
    }
}

dto! {
    /// One standard measured.
    dstd::Measured => MeasuredStandard {
        /// Which.
        kind: StandardKind,
        /// Its limit, minutes.
        limit_minutes: i64,
        /// When it is due (null for the check before arranging).
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        due_at: Option<DateTime<Utc>>,
        /// When it was done.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        done_at: Option<DateTime<Utc>>,
        /// Minutes from its start to done, or to now.
        minutes: Option<i64>,
        /// How it stands.
        standing: Standing,
    }
}

dto! {
    /// The standards of a request, measured when read.
    dstd::Evaluation => Evaluation {
        /// In the order they fall due.
        standards: Vec<MeasuredStandard>,
        /// On time iff every standard met; null until resolved, and when cancelled.
        on_time: Option<bool>,
        /// The next due time of an open request.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        next_due_at: Option<DateTime<Utc>>,
    }
}

dto! {
    /// A service request with its standards measured now.
    q::RequestView => ServiceRequest {
        /// The request.
        #[serde(flatten)]
        request: ServiceRequestRecord,
        /// Its standards now.
        evaluation: Evaluation,
        /// The requisitions citing it (`service_request` of the requisition), oldest first.
        cited_by_requisitions: Vec<String>,
    }
}

/// A request to take (售后服务登记).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"channel": "phone", "customer": "Harbin Bus Line 12", "contact": "13800000000",
    "unit_serial": "LZYTBGBW5N1000123", "fault_class": "body", "distance_km": 80, "needs_supplier": false,
    "description": "Front door will not close"}))]
pub struct ServiceRequestInput {
    /// `phone`, `letter`, `visit` or `web`.
    pub channel: Channel,
    /// The customer.
    pub customer: String,
    /// How to reach the customer (phone).
    pub contact: String,
    /// The unit, when known (its dealer becomes the request's).
    #[serde(default)]
    pub unit_serial: Option<String>,
    /// The dealer whose customer it is, when no unit names it (a dealer token: its own).
    #[serde(default)]
    pub dealer: Option<String>,
    /// Fault class.
    pub fault_class: FaultClass,
    /// Distance to the site, km.
    #[serde(default)]
    pub distance_km: i64,
    /// A supplier is needed.
    #[serde(default)]
    pub needs_supplier: bool,
    /// What the customer said.
    pub description: String,
    /// When it came in (default: now; at most 30 days back).
    #[serde(default)]
    #[serde(serialize_with = "crate::rfc3339::instant_opt")]
    pub received_at: Option<DateTime<Utc>>,
}

impl From<ServiceRequestInput> for cmd::RequestInput {
    fn from(i: ServiceRequestInput) -> Self {
        cmd::RequestInput {
            channel: i.channel.into_domain(),
            customer: i.customer,
            contact: i.contact,
            unit_serial: i.unit_serial.map(Into::into),
            dealer: i.dealer,
            fault_class: i.fault_class.into_domain(),
            distance_km: i.distance_km,
            needs_supplier: i.needs_supplier,
            description: i.description,
            received_at: i.received_at,
        }
    }
}

/// Forwarding a request.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"assignee_kind": "dealer", "assignee": "D001", "plan": "Technician on site by 14:00"}))]
pub struct ArrangeInput {
    /// `dealer` or `department`.
    pub assignee_kind: AssigneeKind,
    /// The dealer or department code.
    pub assignee: String,
    /// The plan told to the customer.
    pub plan: String,
}

impl From<ArrangeInput> for cmd::ArrangeInput {
    fn from(i: ArrangeInput) -> Self {
        cmd::ArrangeInput {
            assignee_kind: i.assignee_kind.into_domain(),
            assignee: normalize_code(&i.assignee),
            plan: i.plan,
        }
    }
}

/// A note (the office's check).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteInput {
    /// What was found.
    #[serde(default)]
    pub note: Option<String>,
}

/// What resolved a request.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"resolution": "Door hinge replaced", "service_reports": ["SR-000001"], "claims": ["CL-000001"]}))]
pub struct ResolveInput {
    /// What was done.
    pub resolution: String,
    /// Service reports that did the work.
    #[serde(default)]
    pub service_reports: Vec<String>,
    /// Requisitions that did the work.
    #[serde(default)]
    pub requisitions: Vec<String>,
    /// Claims that did the work.
    #[serde(default)]
    pub claims: Vec<String>,
}

impl From<ResolveInput> for cmd::ResolveInput {
    fn from(i: ResolveInput) -> Self {
        let docs = |v: Vec<String>| v.iter().map(|n| normalize_code(n).into()).collect();
        cmd::ResolveInput {
            resolution: i.resolution,
            links: dom::Links {
                service_reports: docs(i.service_reports),
                requisitions: docs(i.requisitions),
                claims: docs(i.claims),
            },
        }
    }
}

dto! {
    /// A follow-up call to record.
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"outcome": "reached", "satisfaction": 3, "complaint": "technician came late", "service_fault": true}))]
    dom::FollowUpInput => FollowUpInput {
        /// `reached` or `unreachable`.
        outcome: FollowUpOutcome,
        /// 1–5, required when reached.
        #[serde(default)]
        satisfaction: Option<u8>,
        /// The complaint.
        #[serde(default)]
        complaint: Option<String>,
        /// Confirmed a service fault (needs the complaint).
        #[serde(default)]
        service_fault: bool,
        /// Notes.
        #[serde(default)]
        note: Option<String>,
    }
}

/// Why a request is cancelled.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelInput {
    /// The reason.
    pub reason: String,
}

dto! {
    /// One assignee's share of the watch list.
    q::WatchGroup => WatchGroup {
        /// Dealer or department; null for requests not yet arranged.
        assignee: Option<String>,
        /// Overdue now.
        overdue: u64,
        /// Due within the window.
        due_soon: u64,
    }
}

dto! {
    /// Open requests about to breach a standard or overdue, soonest first.
    q::Watch => Watch {
        /// When measured.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        now: DateTime<Utc>,
        /// The window, minutes.
        within_minutes: i64,
        /// Overdue now.
        overdue: u64,
        /// Due within the window.
        due_soon: u64,
        /// Per assignee.
        assignees: Vec<WatchGroup>,
        /// The requests.
        items: Vec<ServiceRequest>,
        /// More fall due than were read.
        truncated: bool,
    }
}
