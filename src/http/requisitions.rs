//! Requisition and service-report routes, and the requisition time report.

use super::AppState;
use super::dto::requisitions::{
    DecisionInput, Requisition, RequisitionInput, RequisitionStatus, ServiceReport, ServiceReportInput,
};
use super::dto::stock::ScanLine;
use super::dto::wire;
use super::extract::Path;
use super::extract::{Body, Caller, EMPTY_BODY_HASH, Idem, IfMatch, Q};
use super::problem::{ReadErrors, WriteErrors};
use super::read::read;
use super::write;
use crate::commands::{requisitions, service_reports};
use crate::domain::auth::*;
use crate::error::Result;
use crate::queries::lists;
use crate::queries::page::{Page, PageRequest};
use crate::queries::reports::{self, RequisitionTimes};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_requisitions, create_requisition))
        .routes(routes!(get_requisition))
        .routes(routes!(submit_requisition))
        .routes(routes!(approve_requisition))
        .routes(routes!(reject_requisition))
        .routes(routes!(issue_parts))
        .routes(routes!(return_parts))
        .routes(routes!(cancel_requisition))
        .routes(routes!(close_requisition))
        .routes(routes!(list_service_reports, create_service_report))
        .routes(routes!(get_service_report))
        .routes(routes!(confirm_service_report))
        .routes(routes!(requisition_times))
}

/// Requisition list filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RequisitionParams {
    /// Only this location.
    pub location: Option<String>,
    /// Only this status.
    pub status: Option<RequisitionStatus>,
    /// Text to look for (numbers, codes, names, memo), ignoring case.
    pub q: Option<String>,
    /// From this business date (China Standard Time), inclusive.
    pub from_date: Option<chrono::NaiveDate>,
    /// Up to this business date, inclusive.
    pub to_date: Option<chrono::NaiveDate>,
    /// `json` (one page, the default), or `csv` / `xlsx`: every row as a file to download.
    pub format: Option<super::export::ListFormat>,
    /// Page size, 1 to 500 (default 50).
    pub limit: Option<usize>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Requisitions the caller may see, newest first.
#[utoipa::path(get, path = "/requisitions", tag = "requisitions", params(RequisitionParams),
    responses((status = 200, description = "Requisitions", content((Page<Requisition> = "application/json"), (String = "text/csv"), ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))), ReadErrors))]
async fn list_requisitions(State(s): State<AppState>, caller: Caller, Q(p): Q<RequisitionParams>) -> Result<Response> {
    let search = lists::Search::new(p.q.as_deref(), p.from_date, p.to_date)?;
    let page = PageRequest {
        limit: p.limit,
        cursor: p.cursor.clone(),
    };
    super::export::list::<_, Requisition, _>(&s, "requisitions", p.format, page, move |r, page| {
        lists::requisitions(
            r,
            &caller,
            p.location.as_deref(),
            p.status.map(Into::into),
            &search,
            page,
        )
    })
    .await
}

/// Raises a requisition (clerk at the location, dealer at its own station, supervisor).
#[utoipa::path(post, path = "/requisitions", tag = "requisitions", request_body = RequisitionInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for a retried request")),
    responses((status = 201, description = "Created", body = Requisition), WriteErrors))]
async fn create_requisition(
    State(s): State<AppState>,
    caller: Caller<{ CLERK | DEALER | SUPERVISOR }>,
    idem: Idem,
    Body(input, hash): Body<RequisitionInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::CREATED, move |w, ctx| {
        requisitions::create(w, ctx, input.into()).map(Requisition::from)
    })
    .await
}

/// Reads a requisition with its lines and time stamps.
#[utoipa::path(get, path = "/requisitions/{id}", tag = "requisitions", params(("id" = String, Path, description = "Requisition number, e.g. RQ-000001")),
    responses((status = 200, description = "The requisition", body = Requisition), ReadErrors))]
async fn get_requisition(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Requisition>> {
    Ok(Json(wire(
        read(&s, move |r| lists::requisition(r, &caller, &id)).await?,
    )))
}

/// Submits a draft for approval.
#[utoipa::path(post, path = "/requisitions/{id}/submit", tag = "requisitions",
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Submitted", body = Requisition), WriteErrors))]
async fn submit_requisition(
    State(s): State<AppState>,
    caller: Caller<{ CLERK | DEALER | SUPERVISOR }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
) -> Result<Response> {
    write::run(&s, &caller, idem, EMPTY_BODY_HASH, StatusCode::OK, move |w, ctx| {
        requisitions::submit(w, ctx, &id, v).map(Requisition::from)
    })
    .await
}

async fn decide(
    s: AppState,
    caller: Caller<{ SUPERVISOR }>,
    idem: Idem,
    v: Option<u64>,
    id: String,
    approve: bool,
    body: (DecisionInput, [u8; 32]),
) -> Result<Response> {
    let (input, hash) = body;
    write::run(&s, &caller, idem, hash, StatusCode::OK, move |w, ctx| {
        requisitions::decide(w, ctx, &id, v, approve, input.into()).map(Requisition::from)
    })
    .await
}

/// Approves a submitted requisition (supervisor; never the requester: 403 `self_approval`).
#[utoipa::path(post, path = "/requisitions/{id}/approve", tag = "requisitions", request_body = DecisionInput,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Approved", body = Requisition), WriteErrors))]
async fn approve_requisition(
    State(s): State<AppState>,
    caller: Caller<{ SUPERVISOR }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
    Body(input, hash): Body<DecisionInput>,
) -> Result<Response> {
    decide(s, caller, idem, v, id, true, (input, hash)).await
}

/// Rejects a submitted requisition with a comment (supervisor, not the requester).
#[utoipa::path(post, path = "/requisitions/{id}/reject", tag = "requisitions", request_body = DecisionInput,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Rejected", body = Requisition), WriteErrors))]
async fn reject_requisition(
    State(s): State<AppState>,
    caller: Caller<{ SUPERVISOR }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
    Body(input, hash): Body<DecisionInput>,
) -> Result<Response> {
    decide(s, caller, idem, v, id, false, (input, hash)).await
}

/// Issues scanned parts at the moving average (one scan, `qty` 1 by default). Never more
/// than approved, never more than on hand.
#[utoipa::path(post, path = "/requisitions/{id}/issues", tag = "requisitions", request_body = ScanLine,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for a retried scan")),
    responses((status = 200, description = "Issued", body = Requisition), WriteErrors))]
async fn issue_parts(
    State(s): State<AppState>,
    caller: Caller<{ CLERK | DEALER | SUPERVISOR }>,
    idem: Idem,
    Path(id): Path<String>,
    Body(input, hash): Body<ScanLine>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::OK, move |w, ctx| {
        requisitions::issue(w, ctx, &id, input.into()).map(Requisition::from)
    })
    .await
}

/// Returns unused parts at the value they left with; never more than issued.
#[utoipa::path(post, path = "/requisitions/{id}/returns", tag = "requisitions", request_body = ScanLine,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for a retried scan")),
    responses((status = 200, description = "Returned", body = Requisition), WriteErrors))]
async fn return_parts(
    State(s): State<AppState>,
    caller: Caller<{ CLERK | DEALER | SUPERVISOR }>,
    idem: Idem,
    Path(id): Path<String>,
    Body(input, hash): Body<ScanLine>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::OK, move |w, ctx| {
        requisitions::return_unused(w, ctx, &id, input.into()).map(Requisition::from)
    })
    .await
}

/// Cancels a requisition before any issue.
#[utoipa::path(post, path = "/requisitions/{id}/cancel", tag = "requisitions",
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Cancelled", body = Requisition), WriteErrors))]
async fn cancel_requisition(
    State(s): State<AppState>,
    caller: Caller<{ CLERK | DEALER | SUPERVISOR }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
) -> Result<Response> {
    write::run(&s, &caller, idem, EMPTY_BODY_HASH, StatusCode::OK, move |w, ctx| {
        requisitions::cancel(w, ctx, &id, v).map(Requisition::from)
    })
    .await
}

/// Closes an issued requisition: nothing more is issued or returned.
#[utoipa::path(post, path = "/requisitions/{id}/close", tag = "requisitions",
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Closed", body = Requisition), WriteErrors))]
async fn close_requisition(
    State(s): State<AppState>,
    caller: Caller<{ CLERK | DEALER | SUPERVISOR }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
) -> Result<Response> {
    write::run(&s, &caller, idem, EMPTY_BODY_HASH, StatusCode::OK, move |w, ctx| {
        requisitions::close(w, ctx, &id, v).map(Requisition::from)
    })
    .await
}

/// Service report filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportParams {
    /// Only this unit.
    pub unit: Option<String>,
    /// `false`: only reports waiting for a supervisor's confirmation; `true`: only confirmed ones.
    pub confirmed: Option<bool>,
    /// Page size, 1 to 500 (default 50).
    pub limit: Option<usize>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Service reports the caller may see, newest first.
#[utoipa::path(get, path = "/service-reports", tag = "requisitions", params(ReportParams),
    responses((status = 200, description = "Service reports", body = Page<ServiceReport>), ReadErrors))]
async fn list_service_reports(
    State(s): State<AppState>,
    caller: Caller,
    Q(p): Q<ReportParams>,
) -> Result<Json<Page<ServiceReport>>> {
    let page = PageRequest {
        limit: p.limit,
        cursor: p.cursor,
    };
    Ok(Json(wire(
        read(&s, move |r| {
            lists::service_reports(r, &caller, p.unit.as_deref(), p.confirmed, &page)
        })
        .await?,
    )))
}

/// Files a service report with the customer's sign-off.
#[utoipa::path(post, path = "/service-reports", tag = "requisitions", request_body = ServiceReportInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for a retried request")),
    responses((status = 201, description = "Filed", body = ServiceReport), WriteErrors))]
async fn create_service_report(
    State(s): State<AppState>,
    caller: Caller<{ CLERK | DEALER | SUPERVISOR }>,
    idem: Idem,
    Body(input, hash): Body<ServiceReportInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::CREATED, move |w, ctx| {
        service_reports::create(w, ctx, input.into()).map(ServiceReport::from)
    })
    .await
}

/// Reads a service report.
#[utoipa::path(get, path = "/service-reports/{id}", tag = "requisitions", params(("id" = String, Path, description = "Report number, e.g. SR-000001")),
    responses((status = 200, description = "The report", body = ServiceReport), ReadErrors))]
async fn get_service_report(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<ServiceReport>> {
    Ok(Json(wire(
        read(&s, move |r| lists::service_report(r, &caller, &id)).await?,
    )))
}

/// A supervisor confirms a service report (not its author).
#[utoipa::path(post, path = "/service-reports/{id}/confirm", tag = "requisitions",
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Confirmed", body = ServiceReport), WriteErrors))]
async fn confirm_service_report(
    State(s): State<AppState>,
    caller: Caller<{ SUPERVISOR }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
) -> Result<Response> {
    write::run(&s, &caller, idem, EMPTY_BODY_HASH, StatusCode::OK, move |w, ctx| {
        service_reports::confirm(w, ctx, &id, v).map(ServiceReport::from)
    })
    .await
}

/// Time report period.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodParams {
    /// First submit date included (`YYYY-MM-DD`, business date in China Standard Time).
    pub from_date: Option<NaiveDate>,
    /// Last submit date included.
    pub to_date: Option<NaiveDate>,
}

/// Service-time standards of requisitions: submit → approval and approval → first issue,
/// against the targets, with the on-time share.
#[utoipa::path(get, path = "/reports/requisition-times", tag = "requisitions", params(PeriodParams),
    responses((status = 200, description = "The report", body = RequisitionTimes), ReadErrors))]
async fn requisition_times(
    State(s): State<AppState>,
    caller: Caller,
    Q(p): Q<PeriodParams>,
) -> Result<Json<RequisitionTimes>> {
    let now = s.clock.now();
    Ok(Json(
        read(&s, move |r| {
            reports::requisition_times(r, &caller, s.time_targets, p.from_date, p.to_date, now)
        })
        .await?,
    ))
}
