//! Service-time standards (售后服务时效): how fast requisitions are approved and issued.

use crate::domain::auth::Principal;
use crate::domain::documents::Requisition;
use crate::domain::documents::RequisitionStatus::{Approved, Closed, Issued, PartiallyIssued};
use crate::error::Result;
use crate::queries::lists::location_visible;
use crate::store::codec;
use crate::store::{Read, Scan, Table};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// Targets of the service-time standards, in minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct TimeTargets {
    /// Submit → approval (default 2 hours).
    pub approval_minutes: i64,
    /// Approval → first issue (default 4 hours).
    pub issue_minutes: i64,
}

impl Default for TimeTargets {
    fn default() -> Self {
        Self {
            approval_minutes: 120,
            issue_minutes: 240,
        }
    }
}

/// One measured step against its target.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct Timeliness {
    /// Steps completed.
    pub completed: u64,
    /// Of those, within the target.
    pub on_time: u64,
    /// Steps not completed whose target has already passed.
    pub open_overdue: u64,
    /// on_time ÷ (completed + open_overdue), whole percent rounded half up; null when none.
    pub on_time_pct: Option<u64>,
    /// Mean minutes of the completed steps, rounded; null when none.
    pub mean_minutes: Option<i64>,
}

/// The requisition time report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct RequisitionTimes {
    /// The targets measured against.
    pub targets: TimeTargets,
    /// Requisitions submitted in the period.
    pub submitted: u64,
    /// Submit → approval or rejection.
    pub approval: Timeliness,
    /// Approval → first issue.
    pub issue: Timeliness,
}

#[derive(Default)]
struct Tally {
    t: Timeliness,
    total_minutes: i64,
}

impl Tally {
    fn add(&mut self, start: DateTime<Utc>, end: Option<DateTime<Utc>>, target: i64, now: DateTime<Utc>) {
        match end {
            Some(end) => {
                let minutes = (end - start).num_minutes();
                self.t.completed += 1;
                self.total_minutes += minutes;
                if minutes <= target {
                    self.t.on_time += 1;
                }
            }
            None if (now - start).num_minutes() > target => self.t.open_overdue += 1,
            None => {}
        }
    }

    fn finish(mut self) -> Timeliness {
        let measured = self.t.completed + self.t.open_overdue;
        self.t.on_time_pct = (measured > 0).then(|| (200 * self.t.on_time + measured) / (2 * measured));
        self.t.mean_minutes = (self.t.completed > 0).then(|| {
            let n = self.t.completed as i64;
            (2 * self.total_minutes + n) / (2 * n)
        });
        self.t
    }
}

/// Measures requisitions submitted between `from` and `to` (inclusive, UTC dates) that the
/// caller may see.
pub fn requisition_times(
    r: &dyn Read,
    principal: &Principal,
    targets: TimeTargets,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Result<RequisitionTimes> {
    let (mut submitted, mut approval, mut issue) = (0, Tally::default(), Tally::default());
    let mut failure = None;
    r.visit(Table::Requisitions, &Scan::all(), &mut |_, v| {
        let rq: Requisition = codec::decode(v)?;
        let Some(sub) = rq.submitted_at else { return Ok(true) };
        let day = sub.date_naive();
        if from.is_some_and(|f| day < f) || to.is_some_and(|t| day > t) {
            return Ok(true);
        }
        match location_visible(r, principal, &rq.location) {
            Ok(true) => {}
            Ok(false) => return Ok(true),
            Err(e) => {
                failure = Some(e);
                return Ok(false);
            }
        }
        submitted += 1;
        approval.add(sub, rq.decided_at, targets.approval_minutes, now);
        let approved = matches!(rq.status, Approved | PartiallyIssued | Issued | Closed);
        if let (Some(decided), true) = (rq.decided_at, approved) {
            issue.add(decided, rq.first_issue_at, targets.issue_minutes, now);
        }
        Ok(true)
    })?;
    if let Some(e) = failure {
        return Err(e);
    }
    Ok(RequisitionTimes {
        targets,
        submitted,
        approval: approval.finish(),
        issue: issue.finish(),
    })
}
