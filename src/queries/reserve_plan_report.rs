//! The reserve plan report for one season: each dealer's standing (on time, late, missing,
//! or not yet due), its plan, and per planned part the quantity planned, ordered on the
//! plan's order and shipped against it. A dealer sees only its own row.

use crate::domain::auth::{Principal, Role};
use crate::domain::ids::{DocNo, PartNo};
use crate::domain::master::Dealer;
use crate::domain::reserve_plans::{PlanStanding, PlanStatus, due_date, standing};
use crate::domain::supply::{OrderStatus, PartsOrder};
use crate::error::{Error, Result};
use crate::queries::lists::dealer_visible;
use crate::store::records::reserve_plans::dealer_plans;
use crate::store::repo::{self, code_key};
use crate::store::{Read, Scan, Table, document};
use chrono::NaiveDate;

/// At most this many dealers are reported on.
pub const DEALERS_MAX: usize = 10_000;

/// One planned part against what came of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanVsActual {
    /// Part.
    pub part_no: PartNo,
    /// Quantity planned.
    pub planned: i64,
    /// Quantity on the plan's order (what shipped, if the order was cancelled).
    pub ordered: i64,
    /// Quantity shipped against the plan's order.
    pub shipped: i64,
}

/// One dealer's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealerPlanRow {
    /// Dealer.
    pub dealer: String,
    /// Its name.
    pub dealer_name: String,
    /// On time, late, missing, or not yet due.
    pub standing: PlanStanding,
    /// Its plan for the season (not a cancelled one).
    pub plan: Option<DocNo>,
    /// The plan's status.
    pub status: Option<PlanStatus>,
    /// Days after the due date the plan was submitted.
    pub days_late: i64,
    /// The order the plan was converted into.
    pub order: Option<DocNo>,
    /// The plan's parts.
    pub lines: Vec<PlanVsActual>,
}

/// The report for one season.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanReport {
    /// The season's first day.
    pub season_start: NaiveDate,
    /// When plans were due (season start − 30 days).
    pub due_date: NaiveDate,
    /// The business date it was read on.
    pub as_of: NaiveDate,
    /// Dealers by code.
    pub dealers: Vec<DealerPlanRow>,
}

/// The reserve plan report for the season starting `season_start`, on business date `today`.
pub fn reserve_plan_report(
    r: &dyn Read,
    principal: &Principal,
    season_start: NaiveDate,
    today: NaiveDate,
) -> Result<PlanReport> {
    let due = due_date(season_start).ok_or_else(|| Error::invalid("season_start", "out of range"))?;
    let dealers: Vec<Dealer> = match principal.role {
        Role::Dealer => match principal.dealer.as_deref() {
            Some(own) => repo::get::<Dealer>(r, Table::Dealers, &code_key(own))?
                .into_iter()
                .collect(),
            None => Vec::new(),
        },
        _ => repo::decode_all::<Dealer>(r.scan(Table::Dealers, &Scan::all().limit(DEALERS_MAX))?)?
            .into_iter()
            .map(|(_, d)| d)
            .collect(),
    };
    let mut rows = Vec::with_capacity(dealers.len());
    for d in dealers.into_iter().filter(|d| dealer_visible(principal, &d.code)) {
        let plans: Vec<_> = dealer_plans(r, &d.code)?
            .into_iter()
            .filter(|p| p.season_start == season_start)
            .collect();
        let refs: Vec<_> = plans.iter().collect();
        let standing = standing(&refs, due, today);
        let plan = plans.iter().rev().find(|p| p.status != PlanStatus::Cancelled);
        let order = match plan.and_then(|p| p.order.as_ref()) {
            Some(o) => Some(document::get::<PartsOrder>(r, o)?),
            None => None,
        };
        let lines = plan.map_or_else(Vec::new, |p| {
            p.lines
                .iter()
                .map(|l| {
                    let on_order = order
                        .iter()
                        .flat_map(|o| o.lines.iter())
                        .filter(|x| x.part_no == l.part_no);
                    let shipped: i64 = on_order.clone().map(|x| x.shipped_qty).sum();
                    let ordered = match &order {
                        Some(o) if o.status == OrderStatus::Cancelled => shipped,
                        _ => on_order.map(|x| x.qty).sum(),
                    };
                    PlanVsActual {
                        part_no: l.part_no.clone(),
                        planned: l.qty,
                        ordered,
                        shipped,
                    }
                })
                .collect()
        });
        rows.push(DealerPlanRow {
            dealer: d.code,
            dealer_name: d.name,
            standing,
            plan: plan.map(|p| p.number.clone()),
            status: plan.map(|p| p.status),
            days_late: plan.map_or(0, |p| p.days_late),
            order: plan.and_then(|p| p.order.clone()),
            lines,
        });
    }
    Ok(PlanReport {
        season_start,
        due_date: due,
        as_of: today,
        dealers: rows,
    })
}
