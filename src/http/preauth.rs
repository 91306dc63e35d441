//! Pre-authorization routes (预授权): the dealer's request, amended and (re)submitted or
//! cancelled; the reviewer's or supervisor's decision; the bill of usage (admin) the
//! `qty_over_usage` check reads.

use super::AppState;
use super::dto::preauth::{
    BillOfUsageInput, BillOfUsageLine, DecisionInput, PreauthInput, PreauthStatus, Preauthorization,
};
use super::dto::{Wire, wire};
use super::extract::{Body, Caller, EMPTY_BODY_HASH, Idem, IfMatch, Path, Q};
use super::problem::{ReadErrors, WriteErrors};
use super::read::read;
use super::write;
use crate::commands::preauth as cmd;
use crate::domain::auth::*;
use crate::domain::validate::normalize_code;
use crate::error::Result;
use crate::queries::page::{Page, PageRequest};
use crate::queries::preauth as q;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Those who decide: reviewers and supervisors (admin always).
const DECIDERS: RoleSet = REVIEWER | SUPERVISOR;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_preauths, create_preauth))
        .routes(routes!(get_preauth, amend_preauth))
        .routes(routes!(submit_preauth))
        .routes(routes!(cancel_preauth))
        .routes(routes!(decide_preauth))
        .routes(routes!(list_bill_of_usage, set_bill_of_usage))
}

/// Pre-authorization filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PreauthParams {
    /// Only this status.
    pub status: Option<PreauthStatus>,
    /// Only this dealer's (a dealer sees only its own).
    pub dealer: Option<String>,
    /// Only this unit's.
    pub unit_serial: Option<String>,
    /// Page size, 1 to 500 (default 50).
    pub limit: Option<usize>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Pre-authorizations the caller may see (a dealer: its own), newest first.
#[utoipa::path(get, path = "/preauthorizations", tag = "warranty", params(PreauthParams),
    responses((status = 200, description = "Pre-authorizations", body = Page<Preauthorization>), ReadErrors))]
async fn list_preauths(
    State(s): State<AppState>,
    caller: Caller,
    Q(p): Q<PreauthParams>,
) -> Result<Json<Page<Preauthorization>>> {
    let page = PageRequest {
        limit: p.limit,
        cursor: p.cursor,
    };
    let f = q::Filters {
        status: p.status.map(Wire::into_domain),
        dealer: p.dealer.map(|d| normalize_code(&d)),
        unit_serial: p.unit_serial.map(|u| normalize_code(&u)),
    };
    Ok(Json(wire(
        read(&s, move |r| q::preauthorizations(r, &caller, &f, &page)).await?,
    )))
}

/// Asks for a pre-authorization of a repair on one of the dealer's own units, as a draft
/// (submit it with `/submit`); attach photos at `/documents/{number}/attachments`.
#[utoipa::path(post, path = "/preauthorizations", tag = "warranty", request_body = PreauthInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for a retried request")),
    responses((status = 201, description = "Drafted", body = Preauthorization), WriteErrors))]
async fn create_preauth(
    State(s): State<AppState>,
    caller: Caller<{ DEALER }>,
    idem: Idem,
    Body(input, hash): Body<PreauthInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::CREATED, move |w, ctx| {
        cmd::create(w, ctx, input.into()).map(Preauthorization::from)
    })
    .await
}

/// Reads a pre-authorization (another dealer's answers 404).
#[utoipa::path(get, path = "/preauthorizations/{id}", tag = "warranty",
    params(("id" = String, Path, description = "Pre-authorization number, e.g. PA-000001")),
    responses((status = 200, description = "The pre-authorization", body = Preauthorization), ReadErrors))]
async fn get_preauth(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Preauthorization>> {
    Ok(Json(wire(
        read(&s, move |r| q::preauthorization(r, &caller, &id)).await?,
    )))
}

/// Replaces the estimate of a draft or returned request (the unit stays).
#[utoipa::path(put, path = "/preauthorizations/{id}", tag = "warranty", request_body = PreauthInput,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Amended", body = Preauthorization), WriteErrors))]
async fn amend_preauth(
    State(s): State<AppState>,
    caller: Caller<{ DEALER }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
    Body(input, hash): Body<PreauthInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::OK, move |w, ctx| {
        cmd::amend(w, ctx, &id, v, input.into()).map(Preauthorization::from)
    })
    .await
}

/// Submits a draft, or a returned request once amended, for a decision.
#[utoipa::path(post, path = "/preauthorizations/{id}/submit", tag = "warranty",
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Submitted", body = Preauthorization), WriteErrors))]
async fn submit_preauth(
    State(s): State<AppState>,
    caller: Caller<{ DEALER }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
) -> Result<Response> {
    write::run(&s, &caller, idem, EMPTY_BODY_HASH, StatusCode::OK, move |w, ctx| {
        cmd::submit(w, ctx, &id, v).map(Preauthorization::from)
    })
    .await
}

/// Withdraws a request not yet decided.
#[utoipa::path(post, path = "/preauthorizations/{id}/cancel", tag = "warranty",
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Cancelled", body = Preauthorization), WriteErrors))]
async fn cancel_preauth(
    State(s): State<AppState>,
    caller: Caller<{ DEALER }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
) -> Result<Response> {
    write::run(&s, &caller, idem, EMPTY_BODY_HASH, StatusCode::OK, move |w, ctx| {
        cmd::cancel(w, ctx, &id, v).map(Preauthorization::from)
    })
    .await
}

/// Decides a submitted request (a reviewer or supervisor; never the requester: 403
/// `self_approval`): approve (the total, or less: reduced, with a note), reject or return
/// (with a note). An approval is usable until the decision date plus the policy's
/// `preauth_valid_days`.
#[utoipa::path(post, path = "/preauthorizations/{id}/decision", tag = "warranty", request_body = DecisionInput,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Decided", body = Preauthorization), WriteErrors))]
async fn decide_preauth(
    State(s): State<AppState>,
    caller: Caller<{ DECIDERS }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
    Body(input, hash): Body<DecisionInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::OK, move |w, ctx| {
        cmd::decide(w, ctx, &id, v, input.into()).map(Preauthorization::from)
    })
    .await
}

/// Bill-of-usage filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UsageParams {
    /// Only this model.
    pub model: Option<String>,
    /// Page size, 1 to 500 (default 50).
    pub limit: Option<usize>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The bill of usage: how many of a part one unit of a model carries, by model and part.
#[utoipa::path(get, path = "/bill-of-usage", tag = "warranty", params(UsageParams),
    responses((status = 200, description = "Bill of usage", body = Page<BillOfUsageLine>), ReadErrors))]
async fn list_bill_of_usage(
    State(s): State<AppState>,
    _caller: Caller,
    Q(p): Q<UsageParams>,
) -> Result<Json<Page<BillOfUsageLine>>> {
    let page = PageRequest {
        limit: p.limit,
        cursor: p.cursor,
    };
    Ok(Json(wire(
        read(&s, move |r| q::bill_of_usage(r, p.model.as_deref(), &page)).await?,
    )))
}

/// Sets how many of a part one unit of a model carries (admin); `qty` 0 removes the line.
/// A claim line with more is rejected (`qty_over_usage`). Answers the line (null when
/// removed).
#[utoipa::path(put, path = "/bill-of-usage", tag = "warranty", request_body = BillOfUsageInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer")),
    responses((status = 200, description = "Set", body = Option<BillOfUsageLine>), WriteErrors))]
async fn set_bill_of_usage(
    State(s): State<AppState>,
    caller: Caller<{ ADMIN_ONLY }>,
    idem: Idem,
    Body(input, hash): Body<BillOfUsageInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::OK, move |w, ctx| {
        cmd::set_usage(w, ctx, input.model, input.part_no.into(), input.qty).map(|l| l.map(BillOfUsageLine::from))
    })
    .await
}
