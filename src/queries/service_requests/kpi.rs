//! The KPI report of after-sales service: 服务及时率, 用户满意程度 and 用户抱怨率 of the
//! requests closed in a period, network-wide and per dealer, assignee or month, against
//! the targets, with the requests behind each figure.

use super::policy;
use crate::domain::auth::Principal;
use crate::domain::numbered::DocumentKind;
use crate::domain::service_requests::kpi::{Tally, Targets};
use crate::domain::service_requests::{AssigneeKind, RequestStatus, ServiceRequest, evaluate};
use crate::domain::status::Named;
use crate::domain::warranty::business_date;
use crate::error::{Error, Result};
use crate::store::{Read, Scan, Table, indexes};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeMap;

/// How the report's rows are cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    /// The dealer that served: the dealer it was forwarded to, else the customer's dealer.
    Dealer,
    /// The dealer or department it was forwarded to.
    Assignee,
    /// The month it closed (`YYYY-MM`, business time).
    Month,
    /// One row, the whole network.
    Network,
}

/// One row: the counts, the rates and the requests behind them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KpiRow {
    /// The dealer, assignee or month; empty for the network and for requests without one.
    pub key: String,
    /// The counts.
    pub tally: Tally,
    /// Closed requests counted.
    pub requests: Vec<String>,
    /// Of those, late (a standard missed).
    pub late: Vec<String>,
    /// Reached customers not satisfied (score below 4).
    pub unsatisfied: Vec<String>,
    /// Complaints confirmed a service fault.
    pub complaints: Vec<String>,
}

/// The report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KpiReport {
    /// First closing date counted.
    pub from_date: Option<NaiveDate>,
    /// Last closing date counted.
    pub to_date: Option<NaiveDate>,
    /// How the rows are cut.
    pub group_by: GroupBy,
    /// The targets.
    pub targets: Targets,
    /// The whole network (what the caller may see).
    pub network: KpiRow,
    /// The rows, by key.
    pub rows: Vec<KpiRow>,
}

/// Most closed requests one report reads.
pub const KPI_MAX: usize = 200_000;

impl KpiRow {
    fn add(&mut self, r: &ServiceRequest, now: DateTime<Utc>) {
        let e = evaluate(r, now);
        self.tally.add(r, &e);
        let n = r.number.to_string();
        if e.on_time != Some(true) {
            self.late.push(n.clone());
        }
        if r.reached().is_some_and(|f| f.satisfaction.is_none_or(|s| s < 4)) {
            self.unsatisfied.push(n.clone());
        }
        if r.follow_ups.iter().any(|f| f.service_fault) {
            self.complaints.push(n.clone());
        }
        self.requests.push(n);
    }
}

fn key_of(r: &ServiceRequest, by: GroupBy) -> String {
    match by {
        GroupBy::Dealer => match r.assignee_kind {
            Some(AssigneeKind::Dealer) => r.assignee.clone(),
            _ => r.dealer.clone(),
        }
        .unwrap_or_default(),
        GroupBy::Assignee => r.assignee.clone().unwrap_or_default(),
        GroupBy::Month => r
            .closed_at
            .map(|c| business_date(c).format("%Y-%m").to_string())
            .unwrap_or_default(),
        GroupBy::Network => String::new(),
    }
}

/// The KPI report of requests closed from `from` to `to` (business dates, inclusive) that
/// the caller may see.
pub fn report(
    r: &dyn Read,
    principal: &Principal,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    by: GroupBy,
    now: DateTime<Utc>,
) -> Result<KpiReport> {
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        return Err(Error::invalid("to_date", "the period ends before it starts"));
    }
    let prefix = indexes::doc_prefix(DocumentKind::ServiceRequest.prefix(), RequestStatus::Closed.name());
    let mut network = KpiRow::default();
    let mut rows: BTreeMap<String, KpiRow> = BTreeMap::new();
    let mut read = 0usize;
    let mut failure = None;
    r.visit(Table::DocsByStatus, &Scan::prefix(&prefix), &mut |k, _| {
        read += 1;
        if read > KPI_MAX {
            failure = Some(Error::invalid(
                "from_date",
                format!("more than {KPI_MAX} requests: narrow the period"),
            ));
            return Ok(false);
        }
        let n = indexes::number_at_end(k)?;
        let req = match super::load_n(r, n) {
            Ok(req) => req,
            Err(e) => {
                failure = Some(e);
                return Ok(false);
            }
        };
        let Some(closed) = req.closed_at else { return Ok(true) };
        let day = business_date(closed);
        if from.is_some_and(|f| day < f) || to.is_some_and(|t| day > t) || !req.visible_to(principal) {
            return Ok(true);
        }
        network.add(&req, now);
        if by != GroupBy::Network {
            let key = key_of(&req, by);
            rows.entry(key.clone())
                .or_insert_with(|| KpiRow {
                    key,
                    ..KpiRow::default()
                })
                .add(&req, now);
        }
        Ok(true)
    })?;
    if let Some(e) = failure {
        return Err(e);
    }
    let rows = if by == GroupBy::Network {
        vec![network.clone()]
    } else {
        rows.into_values().collect()
    };
    Ok(KpiReport {
        from_date: from,
        to_date: to,
        group_by: by,
        targets: policy(r)?.targets,
        network,
        rows,
    })
}
