//! The KPI report of after-sales service on the wire, as JSON and as CSV.

use super::service_requests::KpiTargets;
use super::{Wire, dto_enum};
use crate::queries::service_requests::kpi as q;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

dto_enum! {
    /// How the KPI report's rows are cut.
    q::GroupBy => KpiGroupBy {
        /// The dealer that served (forwarded to, else the customer's).
        Dealer,
        /// The dealer or department forwarded to.
        Assignee,
        /// The month closed.
        Month,
        /// One row for the network.
        Network,
    }
}

/// One row of the KPI report: counts, rates (percent, one decimal, half up), whether each
/// meets its target (null when nothing is behind it), and the requests behind each figure.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct KpiRow {
    /// Dealer, assignee or month (`YYYY-MM`); empty for the network or none.
    pub key: String,
    /// Closed requests.
    pub closed: u64,
    /// Of those, on time.
    pub on_time: u64,
    /// Customers reached by a follow-up.
    pub reached: u64,
    /// Of those, satisfied (4 or 5).
    pub satisfied: u64,
    /// Customers never reached.
    pub unreachable: u64,
    /// Complaints confirmed a service fault.
    pub complaints: u64,
    /// 服务及时率 = on time ÷ closed, percent.
    pub timeliness_pct: Option<f64>,
    /// 用户满意程度 = satisfied ÷ reached, percent.
    pub satisfaction_pct: Option<f64>,
    /// 用户抱怨率 = complaints ÷ closed, percent.
    pub complaint_pct: Option<f64>,
    /// 服务及时率 meets its target.
    pub timeliness_met: Option<bool>,
    /// 用户满意程度 meets its target.
    pub satisfaction_met: Option<bool>,
    /// 用户抱怨率 stays below its limit.
    pub complaint_met: Option<bool>,
    /// The closed requests counted.
    pub requests: Vec<String>,
    /// Those late.
    pub late_requests: Vec<String>,
    /// Those reached and not satisfied.
    pub unsatisfied_requests: Vec<String>,
    /// Those with a confirmed service-fault complaint.
    pub complaint_requests: Vec<String>,
}

/// The KPI report.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct KpiReport {
    /// First closing date counted.
    pub from_date: Option<NaiveDate>,
    /// Last closing date counted.
    pub to_date: Option<NaiveDate>,
    /// How the rows are cut.
    pub group_by: KpiGroupBy,
    /// The targets.
    pub targets: KpiTargets,
    /// The whole network the caller sees.
    pub network: KpiRow,
    /// The rows.
    pub rows: Vec<KpiRow>,
}

fn pct(t: Option<u64>) -> Option<f64> {
    t.map(|t| t as f64 / 10.0)
}

fn row(r: q::KpiRow, targets: &crate::domain::service_requests::kpi::Targets) -> KpiRow {
    let t = &r.tally;
    let [timeliness_met, satisfaction_met, complaint_met] = t.meets(targets);
    KpiRow {
        key: r.key,
        closed: t.closed,
        on_time: t.on_time,
        reached: t.reached,
        satisfied: t.satisfied,
        unreachable: t.unreachable,
        complaints: t.complaints,
        timeliness_pct: pct(t.timeliness()),
        satisfaction_pct: pct(t.satisfaction()),
        complaint_pct: pct(t.complaint()),
        timeliness_met,
        satisfaction_met,
        complaint_met,
        requests: r.requests,
        late_requests: r.late,
        unsatisfied_requests: r.unsatisfied,
        complaint_requests: r.complaints,
    }
}

impl From<q::KpiReport> for KpiReport {
    fn from(r: q::KpiReport) -> Self {
        let targets = r.targets;
        KpiReport {
            from_date: r.from_date,
            to_date: r.to_date,
            group_by: KpiGroupBy::from_domain(r.group_by),
            targets: targets.into(),
            network: row(r.network, &targets),
            rows: r.rows.into_iter().map(|x| row(x, &targets)).collect(),
        }
    }
}

fn cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

impl KpiReport {
    /// The report as CSV in UTF-8 with a BOM (so Excel shows Chinese): one line per row,
    /// then the network; rates in percent; the targets in the header line's last cells.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("\u{feff}");
        out.push_str(
            "key,closed,on_time,timeliness_pct,reached,satisfied,satisfaction_pct,unreachable,complaints,complaint_pct,\
             timeliness_met,satisfaction_met,complaint_met,late_requests\r\n",
        );
        let network = KpiRow {
            key: "network".into(),
            ..self.network.clone()
        };
        for r in self.rows.iter().chain(std::iter::once(&network)) {
            let fields = [
                cell(&r.key),
                r.closed.to_string(),
                r.on_time.to_string(),
                opt(r.timeliness_pct.map(|p| format!("{p:.1}"))),
                r.reached.to_string(),
                r.satisfied.to_string(),
                opt(r.satisfaction_pct.map(|p| format!("{p:.1}"))),
                r.unreachable.to_string(),
                r.complaints.to_string(),
                opt(r.complaint_pct.map(|p| format!("{p:.1}"))),
                opt(r.timeliness_met),
                opt(r.satisfaction_met),
                opt(r.complaint_met),
                cell(&r.late_requests.join(" ")),
            ];
            out.push_str(&fields.join(","));
            out.push_str("\r\n");
        }
        out
    }
}
