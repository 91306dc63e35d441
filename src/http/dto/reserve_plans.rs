//! Bodies of the reserve plan routes (储备计划) and of the season's report.

use super::{dto, dto_enum};
use crate::commands::reserve_plans as cmd;
use crate::domain::reserve_plans as dom;
use crate::queries::reserve_plan_report as report;
use chrono::{DateTime, NaiveDate, Utc};

dto_enum! {
    /// Where a reserve plan stands.
    dom::PlanStatus => PlanStatus {
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
}

dto_enum! {
    /// How a dealer stands for a season's plan.
    dom::PlanStanding => PlanStanding {
        /// Submitted on or before the due date.
        OnTime,
        /// Submitted after the due date.
        Late,
        /// Nothing submitted and the due date has passed.
        Missing,
        /// Nothing submitted yet; the due date has not passed.
        Pending,
    }
}

dto! {
    /// One planned part.
    dom::PlanLine => PlanLine {
        /// Line number, from 1.
        line: u32,
        /// Part.
        part_no: String,
        /// Quantity planned.
        qty: i64,
    }
}

dto! {
    /// A dealer's reserve plan (储备计划) for one season, due 30 days before it starts.
    dom::ReservePlan => ReservePlan {
        /// `RP-…`.
        number: String,
        /// Dealer.
        dealer: String,
        /// The season's first day.
        season_start: NaiveDate,
        /// Season start − 30 days.
        due_date: NaiveDate,
        /// Status.
        status: PlanStatus,
        /// Lines.
        lines: Vec<PlanLine>,
        /// The dealer's note.
        note: Option<String>,
        /// Days after the due date it was submitted (0: on time or not yet submitted).
        days_late: i64,
        /// The parts order it was converted into (`SO-…`; the order's note names the plan).
        order: Option<String>,
        /// Version, from 1.
        version: u64,
        /// Token id of the creator.
        created_by: String,
        /// Created.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        created_at: DateTime<Utc>,
        /// Submitted.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        submitted_at: Option<DateTime<Utc>>,
        /// Token id of the approver.
        approved_by: Option<String>,
        /// Approved.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        approved_at: Option<DateTime<Utc>>,
        /// Converted into its order.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        converted_at: Option<DateTime<Utc>>,
        /// Cancelled.
        #[serde(serialize_with = "crate::rfc3339::instant_opt")]
        cancelled_at: Option<DateTime<Utc>>,
        /// Last change.
        #[serde(serialize_with = "crate::rfc3339::instant")]
        updated_at: DateTime<Utc>,
    }
}

dto! {
    /// One part to plan.
    #[serde(deny_unknown_fields)]
    cmd::PlanLineInput => PlanLineInput {
        /// Part.
        part_no: String,
        /// Quantity.
        qty: i64,
    }
}

dto! {
    /// A plan to write (a dealer token plans for its own dealer).
    #[serde(deny_unknown_fields)]
    #[schema(example = json!({"season_start": "2027-03-01", "lines": [{"part_no": "FLT-0042", "qty": 40}], "note": "spring season"}))]
    cmd::PlanInput => ReservePlanInput {
        /// Dealer (a dealer token: its own, the default).
        #[serde(default)]
        dealer: Option<String>,
        /// The season's first day (after today).
        season_start: NaiveDate,
        /// Lines, each part once.
        lines: Vec<PlanLineInput>,
        /// A note.
        #[serde(default)]
        note: Option<String>,
    }
}

dto! {
    /// One planned part against what came of it.
    report::PlanVsActual => PlanVsActual {
        /// Part.
        part_no: String,
        /// Quantity planned.
        planned: i64,
        /// Quantity on the plan's order (what shipped, if the order was cancelled).
        ordered: i64,
        /// Quantity shipped against the plan's order.
        shipped: i64,
    }
}

dto! {
    /// One dealer's standing for the season.
    report::DealerPlanRow => DealerPlanRow {
        /// Dealer.
        dealer: String,
        /// Its name.
        dealer_name: String,
        /// On time, late, missing, or not yet due.
        standing: PlanStanding,
        /// Its plan for the season (not a cancelled one).
        plan: Option<String>,
        /// The plan's status.
        status: Option<PlanStatus>,
        /// Days after the due date the plan was submitted.
        days_late: i64,
        /// The order the plan was converted into.
        order: Option<String>,
        /// Planned, ordered and shipped per part.
        lines: Vec<PlanVsActual>,
    }
}

dto! {
    /// Reserve plans of one season: who is missing or late, and plan vs ordered vs shipped.
    #[schema(example = json!({"season_start": "2027-03-01", "due_date": "2027-01-30", "as_of": "2027-02-03",
        "dealers": [{"dealer": "D001", "dealer_name": "Longjiang Bus Service", "standing": "late", "plan": "RP-000001",
            "status": "converted", "days_late": 4, "order": "SO-000003",
            "lines": [{"part_no": "FLT-0042", "planned": 40, "ordered": 40, "shipped": 25}]}]}))]
    report::PlanReport => PlanReport {
        /// The season's first day.
        season_start: NaiveDate,
        /// When plans were due (season start − 30 days).
        due_date: NaiveDate,
        /// The business date it was read on.
        as_of: NaiveDate,
        /// Dealers by code.
        dealers: Vec<DealerPlanRow>,
    }
}
