//! Service requests (售后服务登记): every call, letter or visit, forwarded to a dealer or
//! department, arranged, checked, reached (on site or answered), resolved, followed up
//! (回访) and closed — each transition a method that checks the state it starts from and
//! stamps the time it is given. Paid service (有偿服务) outside coverage: a quote, a
//! supervisor's approval (never by the one who quoted) and the fee collected.

mod cite;
pub mod kpi;
mod paid;
pub mod standards;

use crate::domain::ids::{DocNo, Serial};
use crate::error::{Error, Result};
use chrono::{DateTime, Duration, Utc};
pub use cite::{ClosedReason, PHONE_DIGITS_MIN, phone_digits};
pub use paid::{PaidService, QuoteStatus};
pub use standards::{StandardKind, Standards, Standing, evaluate};

/// Income from paid service (有偿服务) fees collected.
pub const SERVICE_INCOME: &str = "service:income";
/// The entity name of a service request in refusals and audit events.
pub const ENTITY: &str = "service_request";
/// The entity name of a request's paid-service quote in refusals.
pub const QUOTE_ENTITY: &str = "paid_service";

/// How the request came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// A phone call.
    Phone,
    /// A letter.
    Letter,
    /// The customer came in.
    Visit,
    /// The web.
    Web,
}

/// What kind of fault: decides which time standards apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultClass {
    /// Bodywork (车身).
    Body,
    /// Chassis or engine (底盘、发动机).
    ChassisEngine,
    /// Anything else.
    Other,
}

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestStatus {
    /// Written down, not yet forwarded.
    Received,
    /// Forwarded to an assignee with a plan told to the customer.
    Arranged,
    /// Reached: someone on site, or the customer answered.
    OnSite,
    /// The work is done; the follow-up visit is due.
    Resolved,
    /// Followed up, or closed without a follow-up.
    Closed,
    /// Withdrawn, with a reason.
    Cancelled,
}

/// Who a request is forwarded to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssigneeKind {
    /// A dealer or its service station (the assignee code is the dealer code).
    Dealer,
    /// A department of the company (a code of its own, e.g. `TECH`).
    Department,
}

/// What a follow-up call achieved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUpOutcome {
    /// The customer was reached and answered the survey.
    Reached,
    /// Nobody answered.
    Unreachable,
}

/// One follow-up call (回访).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUp {
    /// When it was recorded.
    pub at: DateTime<Utc>,
    /// Who called.
    pub by: String,
    /// Reached or not.
    pub outcome: FollowUpOutcome,
    /// 1–5 when reached; satisfied iff ≥ 4.
    pub satisfaction: Option<u8>,
    /// The customer's complaint, if any.
    pub complaint: Option<String>,
    /// The complaint is confirmed a service fault (确属服务责任).
    pub service_fault: bool,
    /// Notes.
    pub note: Option<String>,
}

/// A follow-up to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpInput {
    /// Reached or not.
    pub outcome: FollowUpOutcome,
    /// 1–5, required when reached.
    pub satisfaction: Option<u8>,
    /// The complaint, if any.
    pub complaint: Option<String>,
    /// Confirmed a service fault (needs a complaint).
    pub service_fault: bool,
    /// Notes.
    pub note: Option<String>,
}

/// A service request (产品售后服务登记表).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceRequest {
    /// `SV-…`.
    pub number: DocNo,
    /// Where it stands.
    pub status: RequestStatus,
    /// How it came in.
    pub channel: Channel,
    /// The customer.
    pub customer: String,
    /// How to reach the customer (phone).
    pub contact: String,
    /// The unit, when known.
    pub unit_serial: Option<Serial>,
    /// The dealer whose customer it is (the unit's dealer, or the dealer that wrote it).
    pub dealer: Option<String>,
    /// Fault class.
    pub fault_class: FaultClass,
    /// Distance to the site, km.
    pub distance_km: i64,
    /// A supplier is needed.
    pub needs_supplier: bool,
    /// What the customer said.
    pub description: String,
    /// When the request came in.
    pub received_at: DateTime<Utc>,
    /// The standards in force when it came in: it is measured by them.
    pub standards: Standards,
    /// Forwarded to a dealer or a department.
    pub assignee_kind: Option<AssigneeKind>,
    /// The dealer or department code.
    pub assignee: Option<String>,
    /// The plan told to the customer.
    pub plan: Option<String>,
    /// First arranged.
    pub arranged_at: Option<DateTime<Utc>>,
    /// Who arranged it.
    pub arranged_by: Option<String>,
    /// The office checked the assignee.
    pub checked_at: Option<DateTime<Utc>>,
    /// Who checked.
    pub checked_by: Option<String>,
    /// What the check found.
    pub check_note: Option<String>,
    /// Someone reached the site.
    pub on_site_at: Option<DateTime<Utc>>,
    /// The customer got an answer (a written contact).
    pub answered_at: Option<DateTime<Utc>>,
    /// Resolved.
    pub resolved_at: Option<DateTime<Utc>>,
    /// What was done.
    pub resolution: Option<String>,
    /// Service reports that did the work.
    pub service_reports: Vec<DocNo>,
    /// Requisitions that did the work.
    pub requisitions: Vec<DocNo>,
    /// Claims that did the work.
    pub claims: Vec<DocNo>,
    /// The follow-up visit is due by then.
    pub follow_up_due_at: Option<DateTime<Utc>>,
    /// Follow-up calls, in order.
    pub follow_ups: Vec<FollowUp>,
    /// Closed.
    pub closed_at: Option<DateTime<Utc>>,
    /// Why it closed.
    pub closed_reason: Option<ClosedReason>,
    /// Cancelled.
    pub cancelled_at: Option<DateTime<Utc>>,
    /// Why it was cancelled.
    pub cancel_reason: Option<String>,
    /// Paid service, when quoted.
    pub paid: Option<PaidService>,
    /// Who wrote it down.
    pub created_by: String,
    /// When.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Version, from 1.
    pub version: u64,
}

/// What links a resolved request to the work.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Links {
    /// Service reports.
    pub service_reports: Vec<DocNo>,
    /// Requisitions.
    pub requisitions: Vec<DocNo>,
    /// Claims.
    pub claims: Vec<DocNo>,
}

impl ServiceRequest {
    fn refuse(&self, action: &'static str) -> Error {
        Error::invalid_state(ENTITY, self.number.as_str(), &self.status, action)
    }

    fn require(&self, allowed: &[RequestStatus], action: &'static str) -> Result<()> {
        if allowed.contains(&self.status) {
            Ok(())
        } else {
            Err(self.refuse(action))
        }
    }

    /// Whether the request is forwarded to dealer `dealer`.
    pub fn assigned_to_dealer(&self, dealer: Option<&str>) -> bool {
        self.assignee_kind == Some(AssigneeKind::Dealer) && dealer.is_some() && self.assignee.as_deref() == dealer
    }

    /// Whether `caller` may see the request: a dealer the requests of its own customers and
    /// those forwarded to it; every other role all of them.
    pub fn visible_to(&self, caller: &crate::domain::auth::Principal) -> bool {
        if caller.role != crate::domain::auth::Role::Dealer {
            return true;
        }
        let own = caller.dealer.as_deref();
        own.is_some() && self.dealer.as_deref() == own || self.assigned_to_dealer(own)
    }

    /// Whether the request is still being worked (the standards' clocks run).
    pub fn is_open(&self) -> bool {
        matches!(
            self.status,
            RequestStatus::Received | RequestStatus::Arranged | RequestStatus::OnSite
        )
    }

    /// Forwards the request to `assignee` with the plan told to the customer; a request
    /// already arranged (and not yet reached) may be forwarded again, keeping the time it
    /// was first arranged.
    pub fn arrange(
        &mut self,
        now: DateTime<Utc>,
        by: &str,
        kind: AssigneeKind,
        assignee: &str,
        plan: &str,
    ) -> Result<()> {
        self.require(&[RequestStatus::Received, RequestStatus::Arranged], "arrange")?;
        self.assignee_kind = Some(kind);
        self.assignee = Some(assignee.into());
        self.plan = Some(plan.into());
        if self.arranged_at.is_none() {
            self.arranged_at = Some(now);
            self.arranged_by = Some(by.into());
        }
        self.status = RequestStatus::Arranged;
        Ok(())
    }

    /// The office's check of the assignee, once, any time after arranging and before closing.
    pub fn check(&mut self, now: DateTime<Utc>, by: &str, note: Option<String>) -> Result<()> {
        self.require(
            &[RequestStatus::Arranged, RequestStatus::OnSite, RequestStatus::Resolved],
            "check",
        )?;
        if self.checked_at.is_some() {
            return Err(Error::InvalidState {
                entity: ENTITY,
                key: self.number.to_string(),
                state: "checked".into(),
                action: "check",
            });
        }
        self.checked_at = Some(now);
        self.checked_by = Some(by.into());
        self.check_note = note;
        Ok(())
    }

    /// Someone reached the site (once).
    pub fn on_site(&mut self, now: DateTime<Utc>) -> Result<()> {
        self.require(&[RequestStatus::Arranged, RequestStatus::OnSite], "on_site")?;
        if self.on_site_at.is_some() {
            return Err(self.refuse("on_site"));
        }
        self.on_site_at = Some(now);
        self.status = RequestStatus::OnSite;
        Ok(())
    }

    /// The customer got an answer, a written contact (once).
    pub fn answer(&mut self, now: DateTime<Utc>) -> Result<()> {
        self.require(&[RequestStatus::Arranged, RequestStatus::OnSite], "answer")?;
        if self.answered_at.is_some() {
            return Err(self.refuse("answer"));
        }
        self.answered_at = Some(now);
        self.status = RequestStatus::OnSite;
        Ok(())
    }

    /// The work is done: what was done and the documents that did it; the follow-up is
    /// due `follow_up_days` later.
    pub fn resolve(&mut self, now: DateTime<Utc>, resolution: &str, links: Links, follow_up_days: i64) -> Result<()> {
        self.require(&[RequestStatus::OnSite], "resolve")?;
        self.resolved_at = Some(now);
        self.resolution = Some(resolution.into());
        self.service_reports = links.service_reports;
        self.requisitions = links.requisitions;
        self.claims = links.claims;
        self.follow_up_due_at = Some(now + Duration::days(follow_up_days));
        self.status = RequestStatus::Resolved;
        Ok(())
    }

    /// Whether a follow-up reached the customer.
    pub fn reached(&self) -> Option<&FollowUp> {
        self.follow_ups.iter().find(|f| f.outcome == FollowUpOutcome::Reached)
    }

    /// Unreachable tries so far.
    pub fn unreachable_tries(&self) -> u32 {
        self.follow_ups
            .iter()
            .filter(|f| f.outcome == FollowUpOutcome::Unreachable)
            .count() as u32
    }

    /// Records a follow-up call: a reached customer closes the request, and so does the
    /// `tries`-th unreachable call. A request closed without a follow-up may still get one
    /// until the customer is reached or the tries are used up.
    pub fn follow_up(&mut self, now: DateTime<Utc>, by: &str, input: FollowUpInput, tries: u32) -> Result<()> {
        self.require(&[RequestStatus::Resolved, RequestStatus::Closed], "follow_up")?;
        if self.reached().is_some() || self.unreachable_tries() >= tries {
            return Err(Error::InvalidState {
                entity: ENTITY,
                key: self.number.to_string(),
                state: "followed_up".into(),
                action: "follow_up",
            });
        }
        match input.outcome {
            FollowUpOutcome::Reached => match input.satisfaction {
                Some(1..=5) => {}
                _ => {
                    return Err(Error::invalid(
                        "satisfaction",
                        "give 1 to 5 when the customer was reached",
                    ));
                }
            },
            FollowUpOutcome::Unreachable => {
                if input.satisfaction.is_some() || input.complaint.is_some() || input.service_fault {
                    return Err(Error::invalid(
                        "outcome",
                        "an unreachable customer gives no satisfaction or complaint",
                    ));
                }
            }
        }
        if input.service_fault && input.complaint.is_none() {
            return Err(Error::invalid("service_fault", "a service fault needs the complaint"));
        }
        let closes = input.outcome == FollowUpOutcome::Reached || self.unreachable_tries() + 1 >= tries;
        self.follow_ups.push(FollowUp {
            at: now,
            by: by.into(),
            outcome: input.outcome,
            satisfaction: input.satisfaction,
            complaint: input.complaint,
            service_fault: input.service_fault,
            note: input.note,
        });
        if closes && self.status == RequestStatus::Resolved {
            self.status = RequestStatus::Closed;
            self.closed_at = Some(now);
            self.closed_reason = Some(match input.outcome {
                FollowUpOutcome::Reached => ClosedReason::FollowUpDone,
                FollowUpOutcome::Unreachable => ClosedReason::FollowUpUnreachable,
            });
        }
        Ok(())
    }

    /// The desk closes a resolved request without (further) follow-up.
    pub fn close(&mut self, now: DateTime<Utc>) -> Result<()> {
        self.require(&[RequestStatus::Resolved], "close")?;
        self.status = RequestStatus::Closed;
        self.closed_at = Some(now);
        self.closed_reason = Some(ClosedReason::ClosedByDesk);
        Ok(())
    }

    /// Withdraws a request not yet resolved.
    pub fn cancel(&mut self, now: DateTime<Utc>, reason: &str) -> Result<()> {
        self.require(
            &[RequestStatus::Received, RequestStatus::Arranged, RequestStatus::OnSite],
            "cancel",
        )?;
        if self.paid.as_ref().is_some_and(|p| p.status == QuoteStatus::Collected) {
            return Err(Error::InvalidState {
                entity: QUOTE_ENTITY,
                key: self.number.to_string(),
                state: "collected".into(),
                action: "cancel",
            });
        }
        self.status = RequestStatus::Cancelled;
        self.cancelled_at = Some(now);
        self.cancel_reason = Some(reason.into());
        Ok(())
    }
}

impl crate::domain::status::Named for RequestStatus {
    fn name(&self) -> &'static str {
        match self {
            RequestStatus::Received => "received",
            RequestStatus::Arranged => "arranged",
            RequestStatus::OnSite => "on_site",
            RequestStatus::Resolved => "resolved",
            RequestStatus::Closed => "closed",
            RequestStatus::Cancelled => "cancelled",
        }
    }
}

#[cfg(test)]
mod tests;
