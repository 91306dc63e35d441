//! The KPI report of after-sales service (服务及时率, 用户满意程度, 用户抱怨率), as JSON or CSV.

use super::AppState;
use super::dto::Wire;
use super::dto::service_kpi::{KpiGroupBy, KpiReport};
use super::extract::{Caller, Q};
use super::problem::ReadErrors;
use super::read::read;
use crate::error::{Error, Result};
use crate::queries::service_requests::kpi;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(service_kpi))
}

/// KPI report parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct KpiParams {
    /// First closing date counted (`YYYY-MM-DD`, business date).
    pub from_date: Option<NaiveDate>,
    /// Last closing date counted.
    pub to_date: Option<NaiveDate>,
    /// `dealer` (default), `assignee`, `month` or `network`.
    pub group_by: Option<KpiGroupBy>,
    /// `json` (default) or `csv` (UTF-8 with BOM).
    pub format: Option<String>,
}

/// 服务及时率 (on time ÷ closed), 用户满意程度 (satisfied ÷ reached) and 用户抱怨率
/// (service-fault complaints ÷ closed) of the requests closed in the period that the
/// caller may see, per dealer, assignee or month and network-wide, against the targets,
/// with the requests behind each figure. `?format=csv` answers a spreadsheet.
#[utoipa::path(get, path = "/reports/service-kpi", tag = "service requests", params(KpiParams),
    responses((status = 200, description = "The report", body = KpiReport,
        content((KpiReport = "application/json"), (String = "text/csv"))), ReadErrors))]
async fn service_kpi(State(s): State<AppState>, caller: Caller, Q(p): Q<KpiParams>) -> Result<Response> {
    let csv = match p.format.as_deref() {
        None | Some("json") => false,
        Some("csv") => true,
        Some(_) => return Err(Error::invalid("format", "json or csv")),
    };
    let now = s.clock.now();
    let by = p.group_by.unwrap_or(KpiGroupBy::Dealer).into_domain();
    let report: KpiReport = read(&s, move |r| kpi::report(r, &caller, p.from_date, p.to_date, by, now))
        .await?
        .into();
    if !csv {
        return Ok(Json(report).into_response());
    }
    let mut resp = report.to_csv().into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    resp.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"service-kpi.csv\""),
    );
    Ok(resp)
}
