//! Reserve plan routes (储备计划): the dealer writes and submits a plan per season, finance
//! approves it and converts it into a parts order; the season's report lists the dealers
//! missing or late and plan vs ordered vs shipped (JSON or CSV).

use super::AppState;
use super::analytics::csv_response;
use super::dto::reserve_plans::{PlanReport, PlanStatus, ReservePlan, ReservePlanInput};
use super::dto::{Wire, wire};
use super::extract::{Body, Caller, EMPTY_BODY_HASH, Idem, IfMatch, Path, Q};
use super::problem::{ReadErrors, WriteErrors};
use super::read::read;
use super::write;
use crate::commands::reserve_plans as plans;
use crate::domain::auth::*;
use crate::domain::status::Named;
use crate::domain::warranty::business_date;
use crate::error::{Error, Result};
use crate::queries::lists::{self, PlanFilter};
use crate::queries::page::{Page, PageRequest};
use crate::queries::reserve_plan_report::reserve_plan_report;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_plans, create_plan))
        .routes(routes!(get_plan))
        .routes(routes!(submit_plan))
        .routes(routes!(approve_plan))
        .routes(routes!(convert_plan))
        .routes(routes!(cancel_plan))
        .routes(routes!(plan_report))
}

/// Reserve plan filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlanParams {
    /// Only this dealer.
    pub dealer: Option<String>,
    /// Only this status (the approval queue: `submitted`).
    pub status: Option<PlanStatus>,
    /// Only plans for the season starting on this date.
    pub season_start: Option<NaiveDate>,
    /// Page size, 1 to 500 (default 50).
    pub limit: Option<usize>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Reserve plans (a dealer: its own), newest first.
#[utoipa::path(get, path = "/reserve-plans", tag = "supply", params(PlanParams),
    responses((status = 200, description = "Reserve plans", body = Page<ReservePlan>), ReadErrors))]
async fn list_plans(
    State(s): State<AppState>,
    caller: Caller<{ FINANCE | DEALER }>,
    Q(p): Q<PlanParams>,
) -> Result<Json<Page<ReservePlan>>> {
    let page = PageRequest {
        limit: p.limit,
        cursor: p.cursor,
    };
    let filter = PlanFilter {
        dealer: p.dealer,
        status: p.status.map(Wire::into_domain),
        season_start: p.season_start,
    };
    Ok(Json(wire(
        read(&s, move |r| lists::reserve_plans(r, &caller, &filter, &page)).await?,
    )))
}

/// Writes a draft reserve plan for a season that has not started (a dealer for itself, or
/// finance naming the dealer); one plan per dealer and season (`already_exists`). It is
/// due 30 days before the season starts.
#[utoipa::path(post, path = "/reserve-plans", tag = "supply", request_body = ReservePlanInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer")),
    responses((status = 201, description = "Draft written", body = ReservePlan), WriteErrors))]
async fn create_plan(
    State(s): State<AppState>,
    caller: Caller<{ DEALER | FINANCE }>,
    idem: Idem,
    Body(input, hash): Body<ReservePlanInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::CREATED, move |w, ctx| {
        plans::create(w, ctx, input.into()).map(ReservePlan::from)
    })
    .await
}

/// Reads a reserve plan.
#[utoipa::path(get, path = "/reserve-plans/{id}", tag = "supply", params(("id" = String, Path, description = "e.g. RP-000001")),
    responses((status = 200, description = "The plan", body = ReservePlan), ReadErrors))]
async fn get_plan(
    State(s): State<AppState>,
    caller: Caller<{ FINANCE | DEALER }>,
    Path(id): Path<String>,
) -> Result<Json<ReservePlan>> {
    Ok(Json(wire(
        read(&s, move |r| lists::reserve_plan(r, &caller, &id)).await?,
    )))
}

macro_rules! plan_action {
    ($name:ident, $path:literal, $roles:expr, $command:path, $doc:literal, $ok:literal) => {
        #[doc = $doc]
        #[utoipa::path(post, path = $path, tag = "supply",
            params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
            responses((status = 200, description = $ok, body = ReservePlan), WriteErrors))]
        async fn $name(
            State(s): State<AppState>,
            caller: Caller<{ $roles }>,
            idem: Idem,
            IfMatch(v): IfMatch,
            Path(id): Path<String>,
        ) -> Result<Response> {
            write::run(&s, &caller, idem, EMPTY_BODY_HASH, StatusCode::OK, move |w, ctx| {
                $command(w, ctx, &id, v).map(ReservePlan::from)
            })
            .await
        }
    };
}

plan_action!(
    submit_plan,
    "/reserve-plans/{id}/submit",
    DEALER | FINANCE,
    plans::submit,
    "Sends a draft plan; after its due date it is kept as late, with the days late.",
    "Submitted"
);
plan_action!(
    approve_plan,
    "/reserve-plans/{id}/approve",
    FINANCE,
    plans::approve,
    "Approves a submitted plan (finance).",
    "Approved"
);
plan_action!(
    convert_plan,
    "/reserve-plans/{id}/convert",
    FINANCE,
    plans::convert,
    "Converts an approved plan into a submitted parts order for its dealer with the plan's lines at the dealer prices (finance); the plan names the order, the order's note names the plan.",
    "Converted"
);
plan_action!(
    cancel_plan,
    "/reserve-plans/{id}/cancel",
    DEALER | FINANCE,
    plans::cancel,
    "Withdraws a plan not yet converted.",
    "Cancelled"
);

/// Report options.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlanReportParams {
    /// The season's first day.
    pub season_start: NaiveDate,
    /// `json` (default) or `csv` (UTF-8 with BOM, for Excel).
    pub format: Option<String>,
}

/// The reserve plans of one season: per dealer whether its plan is on time, late, missing
/// (nothing submitted by the due date) or not yet due, and per planned part the quantity
/// planned, ordered and shipped (a dealer: its own row).
#[utoipa::path(get, path = "/reports/reserve-plans", tag = "supply", params(PlanReportParams),
    responses((status = 200, description = "The report (or its CSV)",
        content((PlanReport = "application/json"), (String = "text/csv"))), ReadErrors))]
async fn plan_report(
    State(s): State<AppState>,
    caller: Caller<{ FINANCE | DEALER }>,
    Q(p): Q<PlanReportParams>,
) -> Result<Response> {
    let csv = match p.format.as_deref() {
        None | Some("json") => false,
        Some("csv") => true,
        Some(_) => return Err(Error::invalid("format", "must be json or csv")),
    };
    let today = business_date(s.clock.now());
    let season = p.season_start;
    let report = read(&s, move |r| reserve_plan_report(r, &caller, season, today)).await?;
    if !csv {
        return Ok(Json(PlanReport::from(report)).into_response());
    }
    let mut rows = vec![
        [
            "dealer",
            "dealer_name",
            "standing",
            "plan",
            "status",
            "days_late",
            "order",
            "part_no",
            "planned",
            "ordered",
            "shipped",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for d in &report.dealers {
        let head = vec![
            d.dealer.clone(),
            d.dealer_name.clone(),
            d.standing.name().to_string(),
            d.plan.as_ref().map(|n| n.to_string()).unwrap_or_default(),
            d.status.map(|s| s.name().to_string()).unwrap_or_default(),
            d.days_late.to_string(),
            d.order.as_ref().map(|n| n.to_string()).unwrap_or_default(),
        ];
        if d.lines.is_empty() {
            let mut row = head.clone();
            row.extend(["", "", "", ""].map(String::from));
            rows.push(row);
        }
        for l in &d.lines {
            let mut row = head.clone();
            row.extend([
                l.part_no.to_string(),
                l.planned.to_string(),
                l.ordered.to_string(),
                l.shipped.to_string(),
            ]);
            rows.push(row);
        }
    }
    Ok(csv_response(&format!("reserve-plans-{season}"), rows))
}
