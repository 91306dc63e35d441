//! Warranty analytics routes: the MIS table and the Nevada table (JSON or CSV), the early
//! warning per part and the reserve estimate per model. Quality (reviewer) and finance.

use super::AppState;
use super::extract::{Caller, Q};
use super::problem::ReadErrors;
use super::read::read;
use crate::domain::auth::*;
use crate::domain::warranty::business_date;
use crate::error::{Error, Result};
use crate::queries::analytics::{
    self, Basis, CostReport, EarlyWarningReport, Filter, MisReport, MisRow, NevadaReport, ReserveReport,
};
use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(mis_report))
        .routes(routes!(nevada_report))
        .routes(routes!(early_warning_report))
        .routes(routes!(reserve_report))
        .routes(routes!(cost_report))
}

/// The cut and the date of an analysis.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AnalyticsParams {
    /// Date of the report (`YYYY-MM-DD`; default today, China Standard Time).
    pub report_date: Option<NaiveDate>,
    /// Which claims count: `filed` (default) or `approved`.
    pub basis: Option<String>,
    /// MIS columns, 1 to 120 (default 36).
    pub months: Option<u32>,
    /// Only units of this model.
    pub model: Option<String>,
    /// Only claims with a line of this part.
    pub part: Option<String>,
    /// Only claims with a line of a part of this supplier.
    pub supplier: Option<String>,
    /// Only claims with this fault code.
    pub fault_code: Option<String>,
    /// Only units sold in this month (`YYYY-MM`).
    pub sale_month: Option<String>,
    /// Only units built in this month (`YYYY-MM`, from the unit's `built_on`).
    pub production_month: Option<String>,
    /// `json` (default) or `csv` (UTF-8 with BOM, for Excel).
    pub format: Option<String>,
}

fn month(field: &str, v: Option<&str>) -> Result<Option<NaiveDate>> {
    let Some(v) = v else { return Ok(None) };
    let ok = v.len() == 7 && v.as_bytes()[4] == b'-';
    ok.then(|| NaiveDate::parse_from_str(&format!("{v}-01"), "%Y-%m-%d").ok())
        .flatten()
        .filter(|d| {
            (crate::domain::validate::YEAR_MIN..=crate::domain::validate::YEAR_MAX).contains(&chrono::Datelike::year(d))
        })
        .map(Some)
        .ok_or_else(|| Error::invalid(field, "must be a month as YYYY-MM"))
}

impl AnalyticsParams {
    fn filter(&self, today: NaiveDate) -> Result<Filter> {
        let basis = match self.basis.as_deref() {
            None => Basis::Filed,
            Some(b) => Basis::parse(b).ok_or_else(|| Error::invalid("basis", "must be filed or approved"))?,
        };
        let filter = Filter {
            model: self.model.clone().filter(|m| !m.is_empty()),
            part: self.part.clone().filter(|m| !m.is_empty()),
            supplier: self.supplier.clone().filter(|m| !m.is_empty()),
            fault_code: self.fault_code.clone().filter(|m| !m.is_empty()),
            sale_month: month("sale_month", self.sale_month.as_deref())?,
            production_month: month("production_month", self.production_month.as_deref())?,
            ..Filter::new(self.report_date.unwrap_or(today), basis, self.months.unwrap_or(36))
        };
        filter.check()?;
        Ok(filter)
    }

    fn csv(&self) -> Result<bool> {
        match self.format.as_deref() {
            None | Some("json") => Ok(false),
            Some("csv") => Ok(true),
            Some(_) => Err(Error::invalid("format", "must be json or csv")),
        }
    }
}

/// A CSV download: UTF-8 with a byte-order mark so Excel shows Chinese.
pub(super) fn csv_response(name: &str, rows: Vec<Vec<String>>) -> Response {
    let mut out = String::from("\u{feff}");
    for row in rows {
        let cells: Vec<String> = row
            .into_iter()
            .map(|c| {
                if c.contains([',', '"', '\n', '\r']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c
                }
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.csv\""),
            ),
        ],
        out,
    )
        .into_response()
}

fn rate(r: Option<f64>) -> String {
    r.map(|r| format!("{r:.3}")).unwrap_or_default()
}

fn mis_cells(row: &MisRow) -> Vec<String> {
    vec![
        row.mis.to_string(),
        row.at_risk.to_string(),
        row.claims.to_string(),
        rate(row.rate_per_1000),
    ]
}

/// Months in service (MIS): claims per 1,000 units at risk by months since sale, for a cut
/// by model, part, supplier, fault code, sale month and production month, as of a date.
#[utoipa::path(get, path = "/reports/mis", tag = "analytics", params(AnalyticsParams),
    responses((status = 200, description = "The MIS table (or its CSV)",
        content((MisReport = "application/json"), (String = "text/csv"))), ReadErrors))]
async fn mis_report(
    State(s): State<AppState>,
    _caller: Caller<{ REVIEWER | FINANCE }>,
    Q(p): Q<AnalyticsParams>,
) -> Result<Response> {
    let filter = p.filter(business_date(s.clock.now()))?;
    let csv = p.csv()?;
    let report = read(&s, move |r| analytics::mis(r, &filter)).await?;
    if !csv {
        return Ok(Json(report).into_response());
    }
    let mut rows = vec![vec![
        "mis".into(),
        "at_risk".into(),
        "claims".into(),
        "rate_per_1000".into(),
    ]];
    rows.extend(report.rows.iter().map(mis_cells));
    Ok(csv_response(&format!("mis-{}", report.report_date), rows))
}

/// The Nevada table: sale-month cohorts × months in service, with units at risk, claims
/// and the rate in each cell, for the same cuts as the MIS table.
#[utoipa::path(get, path = "/reports/nevada", tag = "analytics", params(AnalyticsParams),
    responses((status = 200, description = "The Nevada table (or its CSV)",
        content((NevadaReport = "application/json"), (String = "text/csv"))), ReadErrors))]
async fn nevada_report(
    State(s): State<AppState>,
    _caller: Caller<{ REVIEWER | FINANCE }>,
    Q(p): Q<AnalyticsParams>,
) -> Result<Response> {
    let filter = p.filter(business_date(s.clock.now()))?;
    let csv = p.csv()?;
    let report = read(&s, move |r| analytics::nevada(r, &filter)).await?;
    if !csv {
        return Ok(Json(report).into_response());
    }
    let mut rows = vec![vec![
        "sale_month".into(),
        "units".into(),
        "mis".into(),
        "at_risk".into(),
        "claims".into(),
        "rate_per_1000".into(),
    ]];
    for c in &report.cohorts {
        for row in c.rows.iter().filter(|r| r.at_risk > 0 || r.claims > 0) {
            let mut line = vec![c.sale_month.clone(), c.units.to_string()];
            line.extend(mis_cells(row));
            rows.push(line);
        }
    }
    Ok(csv_response(&format!("nevada-{}", report.report_date), rows))
}

/// Early warning per part: each of the latest three complete months whose claim rate lies
/// above the p-chart upper limit of the twelve months before, newest first, with the
/// figures behind each flag.
#[utoipa::path(get, path = "/reports/early-warning", tag = "analytics", params(AnalyticsParams),
    responses((status = 200, description = "The flags", body = EarlyWarningReport), ReadErrors))]
async fn early_warning_report(
    State(s): State<AppState>,
    _caller: Caller<{ REVIEWER | FINANCE }>,
    Q(p): Q<AnalyticsParams>,
) -> Result<Json<EarlyWarningReport>> {
    let filter = p.filter(business_date(s.clock.now()))?;
    Ok(Json(read(&s, move |r| analytics::early_warning(r, &filter)).await?))
}

/// Reserve estimate per model: expected remaining claims of the units still in coverage,
/// from the observed MIS rates (approved basis), times the average approved cost per claim.
#[utoipa::path(get, path = "/reports/reserve", tag = "analytics", params(AnalyticsParams),
    responses((status = 200, description = "The estimate", body = ReserveReport), ReadErrors))]
async fn reserve_report(
    State(s): State<AppState>,
    _caller: Caller<{ FINANCE }>,
    Q(p): Q<AnalyticsParams>,
) -> Result<Json<ReserveReport>> {
    let filter = p.filter(business_date(s.clock.now()))?;
    Ok(Json(read(&s, move |r| analytics::reserve(r, &filter)).await?))
}

/// Cost report period: decision dates of the claim lines counted.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CostPeriod {
    /// First decision date counted (`YYYY-MM-DD`; default: from the start).
    pub from_date: Option<NaiveDate>,
    /// Last decision date counted (default today, China Standard Time).
    pub to_date: Option<NaiveDate>,
}

/// Warranty cost by dealer, model and supplier: approved cost of the claim lines decided
/// in the period, what suppliers accepted on those lines, net, and net per unit sold.
#[utoipa::path(get, path = "/reports/cost", tag = "analytics", params(CostPeriod),
    responses((status = 200, description = "The report", body = CostReport), ReadErrors))]
async fn cost_report(
    State(s): State<AppState>,
    _caller: Caller<{ FINANCE }>,
    Q(p): Q<CostPeriod>,
) -> Result<Json<CostReport>> {
    let to = p.to_date.unwrap_or_else(|| business_date(s.clock.now()));
    if p.from_date.is_some_and(|f| f > to) {
        return Err(Error::invalid("from_date", "must be on or before to_date"));
    }
    Ok(Json(read(&s, move |r| analytics::cost(r, p.from_date, to)).await?))
}
