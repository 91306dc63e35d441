//! Reserve plans (配件储备计划): a dealer's parts for a season, due 30 days before the
//! season starts; `draft → submitted → approved → converted` (into a parts order), or
//! `cancelled` before conversion. A plan submitted after its due date stays valid and
//! keeps how many days late it was.

use crate::domain::ids::{DocNo, PartNo};
use crate::domain::numbered::DocumentKind;
use crate::domain::status::Named;
use crate::error::{Error, Result};
use chrono::{DateTime, Days, NaiveDate, Utc};

/// Days before the season's start a plan is due.
pub const DUE_DAYS_BEFORE_SEASON: u64 = 30;

/// The date a plan for the season starting `season_start` is due: 30 days before it
/// (`None` only for a date at the very start of the calendar).
pub fn due_date(season_start: NaiveDate) -> Option<NaiveDate> {
    season_start.checked_sub_days(Days::new(DUE_DAYS_BEFORE_SEASON))
}

/// Days a plan submitted on `submitted_on` is late for `due`: 0 on or before the due date.
pub fn days_late(due: NaiveDate, submitted_on: NaiveDate) -> i64 {
    (submitted_on - due).num_days().max(0)
}

/// Where a reserve plan stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanStatus {
    /// Being written.
    Draft,
    /// Sent to the company.
    Submitted,
    /// Approved by the company.
    Approved,
    /// Turned into a parts order.
    Converted,
    /// Withdrawn.
    Cancelled,
}

impl Named for PlanStatus {
    fn name(&self) -> &'static str {
        match self {
            PlanStatus::Draft => "draft",
            PlanStatus::Submitted => "submitted",
            PlanStatus::Approved => "approved",
            PlanStatus::Converted => "converted",
            PlanStatus::Cancelled => "cancelled",
        }
    }
}

/// One planned part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanLine {
    /// Line number, from 1.
    pub line: u32,
    /// Part.
    pub part_no: PartNo,
    /// Quantity planned.
    pub qty: i64,
}

/// A dealer's reserve plan for one season.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReservePlan {
    /// `RP-…`.
    pub number: DocNo,
    /// Dealer.
    pub dealer: String,
    /// The season's first day.
    pub season_start: NaiveDate,
    /// Season start − 30 days.
    pub due_date: NaiveDate,
    /// Status.
    pub status: PlanStatus,
    /// Lines, each part once.
    pub lines: Vec<PlanLine>,
    /// The dealer's note.
    pub note: Option<String>,
    /// Days after the due date it was submitted (0: on time or not yet submitted).
    pub days_late: i64,
    /// The parts order it was converted into.
    pub order: Option<DocNo>,
    /// Version, from 1.
    pub version: u64,
    /// Token id of the creator.
    pub created_by: String,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// Token id of the approver.
    pub approved_by: Option<String>,
    /// Approved.
    pub approved_at: Option<DateTime<Utc>>,
    /// Converted into its order.
    pub converted_at: Option<DateTime<Utc>>,
    /// Cancelled.
    pub cancelled_at: Option<DateTime<Utc>>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

impl ReservePlan {
    fn refuse(&self, action: &'static str) -> Error {
        Error::invalid_state(DocumentKind::ReservePlan.entity(), &self.number, &self.status, action)
    }

    /// Whether it was submitted after its due date.
    pub fn late(&self) -> bool {
        self.days_late > 0
    }

    /// Whether it counts as the dealer's plan for its season (submitted, in any state
    /// after it, but not cancelled).
    pub fn counts(&self) -> bool {
        matches!(
            self.status,
            PlanStatus::Submitted | PlanStatus::Approved | PlanStatus::Converted
        )
    }

    /// Sends a draft on business date `today`, keeping the days it is late.
    pub fn submit(&mut self, today: NaiveDate, now: DateTime<Utc>) -> Result<()> {
        if self.status != PlanStatus::Draft {
            return Err(self.refuse("submit"));
        }
        self.status = PlanStatus::Submitted;
        self.days_late = days_late(self.due_date, today);
        self.submitted_at = Some(now);
        Ok(())
    }

    /// Approves a submitted plan.
    pub fn approve(&mut self, actor: &str, now: DateTime<Utc>) -> Result<()> {
        if self.status != PlanStatus::Submitted {
            return Err(self.refuse("approve"));
        }
        self.status = PlanStatus::Approved;
        self.approved_by = Some(actor.to_string());
        self.approved_at = Some(now);
        Ok(())
    }

    /// Refuses converting anything but an approved plan.
    pub fn require_convertible(&self) -> Result<()> {
        if self.status == PlanStatus::Approved {
            Ok(())
        } else {
            Err(self.refuse("convert"))
        }
    }

    /// Records the order an approved plan became.
    pub fn convert(&mut self, order: DocNo, now: DateTime<Utc>) -> Result<()> {
        self.require_convertible()?;
        self.status = PlanStatus::Converted;
        self.order = Some(order);
        self.converted_at = Some(now);
        Ok(())
    }

    /// Withdraws a plan not yet converted.
    pub fn cancel(&mut self, now: DateTime<Utc>) -> Result<()> {
        match self.status {
            PlanStatus::Converted | PlanStatus::Cancelled => return Err(self.refuse("cancel")),
            _ => {}
        }
        self.status = PlanStatus::Cancelled;
        self.cancelled_at = Some(now);
        Ok(())
    }
}

/// How a dealer stands for a season's plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanStanding {
    /// Submitted on or before the due date.
    OnTime,
    /// Submitted after the due date.
    Late,
    /// Nothing submitted and the due date has passed.
    Missing,
    /// Nothing submitted yet; the due date has not passed.
    Pending,
}

impl Named for PlanStanding {
    fn name(&self) -> &'static str {
        match self {
            PlanStanding::OnTime => "on_time",
            PlanStanding::Late => "late",
            PlanStanding::Missing => "missing",
            PlanStanding::Pending => "pending",
        }
    }
}

/// How a dealer stands, from its plans for the season and the business date `today`.
pub fn standing(plans: &[&ReservePlan], due: NaiveDate, today: NaiveDate) -> PlanStanding {
    let counted: Vec<_> = plans.iter().filter(|p| p.counts()).collect();
    if counted.iter().any(|p| !p.late()) {
        PlanStanding::OnTime
    } else if !counted.is_empty() {
        PlanStanding::Late
    } else if today > due {
        PlanStanding::Missing
    } else {
        PlanStanding::Pending
    }
}

#[cfg(test)]
#[path = "reserve_plans_tests.rs"]
mod tests;
