//! The service-time standards (售后服务时效) as policy, and their evaluation per request:
//! which apply, when each is due, whether it was met, and the reason for each one missed.
//! Hours are wall-clock; a step done exactly at its due time is on time.

use super::{FaultClass, RequestStatus, ServiceRequest};
use chrono::{DateTime, Duration, Utc};

/// The standards, in minutes (defaults from the seeds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standards {
    /// Received → arranged (2 h).
    pub arrange_minutes: i64,
    /// Arranged → the office's check (4 h).
    pub check_minutes: i64,
    /// A `body` fault within `on_site_max_km` needing no supplier: received → on site (24 h).
    pub on_site_minutes: i64,
    /// The farthest a `body` fault is reached on site, km (100).
    pub on_site_max_km: i64,
    /// A `body` fault farther away or needing a supplier: received → answered (12 h).
    pub answer_minutes: i64,
    /// A `chassis_engine` fault: received → written contact (12 h).
    pub contact_minutes: i64,
}

impl Default for Standards {
    fn default() -> Self {
        Standards {
            arrange_minutes: 120,
            check_minutes: 240,
            on_site_minutes: 24 * 60,
            on_site_max_km: 100,
            answer_minutes: 12 * 60,
            contact_minutes: 12 * 60,
        }
    }
}

/// One standard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StandardKind {
    /// Arranged within `arrange_minutes` of receipt.
    Arrange,
    /// Checked by the office within `check_minutes` of arranging.
    Check,
    /// On site within `on_site_minutes` of receipt.
    OnSite,
    /// Answered within `answer_minutes` of receipt.
    Answer,
    /// Written contact within `contact_minutes` of receipt.
    Contact,
}

/// How a standard stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Done by its due time.
    Met,
    /// Done late, or never done on a finished request.
    Missed,
    /// Not done yet, still time.
    Pending,
    /// Not done yet and its due time has passed: it will be missed.
    Overdue,
}

/// One standard measured on one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measured {
    /// Which.
    pub kind: StandardKind,
    /// Its limit, minutes.
    pub limit_minutes: i64,
    /// When it is due (unknown for the check until the request is arranged).
    pub due_at: Option<DateTime<Utc>>,
    /// When it was done.
    pub done_at: Option<DateTime<Utc>>,
    /// Minutes from its start to done (or to now, when not done).
    pub minutes: Option<i64>,
    /// How it stands.
    pub standing: Standing,
}

/// Every standard that applies to a request, measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    /// In the order they fall due.
    pub standards: Vec<Measured>,
    /// On time iff every standard that applies was met; decided once the request is
    /// resolved or closed (`None` before, and for a cancelled request).
    pub on_time: Option<bool>,
    /// The earliest due time of a standard not yet done (open requests only).
    pub next_due_at: Option<DateTime<Utc>>,
}

/// The standards that apply to a fault: arrange and check always; a `body` fault within
/// the distance and needing no supplier is reached on site, farther or with a supplier
/// answered; a `chassis_engine` fault gets a written contact.
pub fn applicable(
    standards: &Standards,
    class: FaultClass,
    distance_km: i64,
    needs_supplier: bool,
) -> Vec<StandardKind> {
    let mut out = vec![StandardKind::Arrange, StandardKind::Check];
    match class {
        FaultClass::Body if distance_km <= standards.on_site_max_km && !needs_supplier => {
            out.push(StandardKind::OnSite)
        }
        FaultClass::Body => out.push(StandardKind::Answer),
        FaultClass::ChassisEngine => out.push(StandardKind::Contact),
        FaultClass::Other => {}
    }
    out
}

/// Measures `request` at `now` against the standards it was received under.
pub fn evaluate(request: &ServiceRequest, now: DateTime<Utc>) -> Evaluation {
    let s = &request.standards;
    let finished = matches!(request.status, RequestStatus::Resolved | RequestStatus::Closed);
    // A written contact or an answer is given by the earlier of an answer and a visit.
    let reached = match (request.answered_at, request.on_site_at) {
        (Some(a), Some(o)) => Some(a.min(o)),
        (a, o) => a.or(o),
    };
    let mut out = Vec::new();
    for kind in applicable(s, request.fault_class, request.distance_km, request.needs_supplier) {
        let (start, limit, done) = match kind {
            StandardKind::Arrange => (Some(request.received_at), s.arrange_minutes, request.arranged_at),
            StandardKind::Check => (request.arranged_at, s.check_minutes, request.checked_at),
            StandardKind::OnSite => (Some(request.received_at), s.on_site_minutes, request.on_site_at),
            StandardKind::Answer => (Some(request.received_at), s.answer_minutes, reached),
            StandardKind::Contact => (Some(request.received_at), s.contact_minutes, reached),
        };
        let due_at = start.map(|t| t + Duration::minutes(limit));
        let minutes = start.map(|t| (done.unwrap_or(now) - t).num_minutes());
        let standing = match (done, due_at) {
            (Some(d), Some(due)) if d <= due => Standing::Met,
            (Some(_), _) => Standing::Missed,
            (None, _) if finished => Standing::Missed,
            (None, Some(due)) if now > due => Standing::Overdue,
            (None, _) => Standing::Pending,
        };
        out.push(Measured {
            kind,
            limit_minutes: limit,
            due_at,
            done_at: done,
            minutes,
            standing,
        });
    }
    out.sort_by_key(|m| m.due_at.unwrap_or(DateTime::<Utc>::MAX_UTC));
    let on_time = finished.then(|| out.iter().all(|m| m.standing == Standing::Met));
    let next_due_at = if request.is_open() {
        out.iter()
            .filter(|m| m.done_at.is_none())
            .filter_map(|m| m.due_at)
            .min()
    } else {
        None
    };
    Evaluation {
        standards: out,
        on_time,
        next_due_at,
    }
}

/// The service policy: the standards new requests are measured by, the follow-up rules
/// and the company's targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServicePolicy {
    /// The time standards.
    pub standards: Standards,
    /// The follow-up visit is due this many days after resolving (7).
    pub follow_up_days: i64,
    /// Unreachable calls after which a request closes without a survey (3).
    pub follow_up_tries: u32,
    /// The targets of the KPI report.
    pub targets: super::kpi::Targets,
}

impl Default for ServicePolicy {
    fn default() -> Self {
        ServicePolicy {
            standards: Standards::default(),
            follow_up_days: 7,
            follow_up_tries: 3,
            targets: super::kpi::Targets::default(),
        }
    }
}

impl ServicePolicy {
    /// Refuses limits no office could mean.
    pub fn validate(&self) -> crate::error::Result<()> {
        let s = &self.standards;
        let week = 7 * 24 * 60;
        for (field, v) in [
            ("standards.arrange_minutes", s.arrange_minutes),
            ("standards.check_minutes", s.check_minutes),
            ("standards.on_site_minutes", s.on_site_minutes),
            ("standards.answer_minutes", s.answer_minutes),
            ("standards.contact_minutes", s.contact_minutes),
        ] {
            if !(1..=week).contains(&v) {
                return Err(crate::error::Error::invalid(
                    field,
                    format!("must be 1 to {week} minutes"),
                ));
            }
        }
        if !(0..=100_000).contains(&s.on_site_max_km) {
            return Err(crate::error::Error::invalid(
                "standards.on_site_max_km",
                "must be 0 to 100000",
            ));
        }
        if !(1..=90).contains(&self.follow_up_days) {
            return Err(crate::error::Error::invalid("follow_up_days", "must be 1 to 90"));
        }
        if !(1..=10).contains(&self.follow_up_tries) {
            return Err(crate::error::Error::invalid("follow_up_tries", "must be 1 to 10"));
        }
        self.targets.validate()
    }
}
