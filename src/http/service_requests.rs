//! Service-request routes (售后服务登记 and 回访): taking, forwarding, checking, reaching,
//! resolving, following up, closing and cancelling a request; paid service; the service
//! policy; the live watch list and the KPI report (`service_kpi.rs`).

use super::AppState;
use super::dto::service_paid::{FeeInput, QuoteDecisionInput, QuoteInput};
use super::dto::service_requests::{
    ArrangeInput, CancelInput, FollowUpInput, NoteInput, ResolveInput, ServicePolicy, ServiceRequest,
    ServiceRequestInput, ServiceRequestStatus, Watch,
};
use super::dto::{Wire, wire};
use super::extract::{Body, Caller, EMPTY_BODY_HASH, Idem, IfMatch, Path, Q};
use super::problem::{ReadErrors, WriteErrors};
use super::read::read;
use super::write;
use crate::commands::service_requests as cmd;
use crate::commands::{Ctx, Tx};
use crate::domain::auth::*;
use crate::domain::money::Fen;
use crate::domain::service_requests::ServiceRequest as Request;
use crate::domain::validate::normalize_code;
use crate::error::Result;
use crate::queries::page::{Page, PageRequest};
use crate::queries::service_requests::{self as q, RequestView};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The desk: clerks and supervisors (admin always).
const DESK: RoleSet = CLERK | SUPERVISOR;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_requests, create_request))
        .routes(routes!(watch))
        .routes(routes!(get_request))
        .routes(routes!(arrange))
        .routes(routes!(check))
        .routes(routes!(on_site))
        .routes(routes!(answer))
        .routes(routes!(resolve))
        .routes(routes!(follow_up))
        .routes(routes!(close))
        .routes(routes!(cancel))
        .routes(routes!(quote))
        .routes(routes!(approve_quote))
        .routes(routes!(reject_quote))
        .routes(routes!(collect_fee))
        .routes(routes!(get_policy, set_policy))
        .merge(super::service_kpi::routes())
        .merge(super::service_lookup::routes())
}

/// Runs a transition and answers the request measured at the batch's time.
async fn transition<F>(s: &AppState, caller: &Principal, idem: Idem, hash: [u8; 32], f: F) -> Result<Response>
where
    F: FnOnce(&mut Tx<'_>, &Ctx) -> Result<Request> + Clone + Send + 'static,
{
    write::run(s, caller, idem, hash, StatusCode::OK, move |w, ctx| {
        let r = f(w, ctx)?;
        RequestView::read(w, r, ctx.now).map(ServiceRequest::from_domain)
    })
    .await
}

/// Service request filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RequestParams {
    /// Only this status.
    pub status: Option<ServiceRequestStatus>,
    /// Only those forwarded to this dealer or department.
    pub assignee: Option<String>,
    /// Only this dealer's: its customers' and those forwarded to it.
    pub dealer: Option<String>,
    /// Only open requests whose next standard falls due by then, soonest first (RFC 3339).
    pub due_before: Option<DateTime<Utc>>,
    /// Page size, 1 to 500 (default 50).
    pub limit: Option<usize>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Service requests the caller may see (a dealer: its customers' and those forwarded to
/// it), newest first, each with its standards measured now.
#[utoipa::path(get, path = "/service-requests", tag = "service requests", params(RequestParams),
    responses((status = 200, description = "Service requests", body = Page<ServiceRequest>), ReadErrors))]
async fn list_requests(
    State(s): State<AppState>,
    caller: Caller,
    Q(p): Q<RequestParams>,
) -> Result<Json<Page<ServiceRequest>>> {
    let page = PageRequest {
        limit: p.limit,
        cursor: p.cursor,
    };
    let f = q::Filters {
        status: p.status.map(Wire::into_domain),
        assignee: p.assignee.map(|a| normalize_code(&a)),
        dealer: p.dealer,
        due_before: p.due_before,
    };
    let now = s.clock.now();
    Ok(Json(wire(
        read(&s, move |r| q::requests(r, &caller, &f, &page, now)).await?,
    )))
}

/// Takes a request (any role; a dealer for its own customers). The unit's dealer becomes
/// the request's; the standards in force are copied onto it.
#[utoipa::path(post, path = "/service-requests", tag = "service requests", request_body = ServiceRequestInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for a retried request")),
    responses((status = 201, description = "Taken", body = ServiceRequest), WriteErrors))]
async fn create_request(
    State(s): State<AppState>,
    caller: Caller,
    idem: Idem,
    Body(input, hash): Body<ServiceRequestInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::CREATED, move |w, ctx| {
        let r = cmd::create(w, ctx, input.into())?;
        RequestView::read(w, r, ctx.now).map(ServiceRequest::from_domain)
    })
    .await
}

/// Watch list parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WatchParams {
    /// Requests falling due within this many minutes (default 60, at most 10080); overdue ones always.
    pub within_minutes: Option<i64>,
    /// Only this dealer or department.
    pub assignee: Option<String>,
}

/// The live watch list: open requests overdue or about to breach a standard, soonest
/// first, counted per assignee.
#[utoipa::path(get, path = "/service-requests/watch", tag = "service requests", params(WatchParams),
    responses((status = 200, description = "The watch list", body = Watch), ReadErrors))]
async fn watch(State(s): State<AppState>, caller: Caller, Q(p): Q<WatchParams>) -> Result<Json<Watch>> {
    let now = s.clock.now();
    let within = p.within_minutes.unwrap_or(60);
    let assignee = p.assignee.map(|a| normalize_code(&a));
    Ok(Json(wire(
        read(&s, move |r| q::watch(r, &caller, now, within, assignee.as_deref())).await?,
    )))
}

/// Reads a request with its standards measured now (another dealer's answers 404).
#[utoipa::path(get, path = "/service-requests/{id}", tag = "service requests", params(("id" = String, Path, description = "Request number, e.g. SV-000001")),
    responses((status = 200, description = "The request", body = ServiceRequest), ReadErrors))]
async fn get_request(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<ServiceRequest>> {
    let now = s.clock.now();
    Ok(Json(wire(read(&s, move |r| q::request(r, &caller, &id, now)).await?)))
}

/// Forwards a request to a dealer or department with the plan told to the customer (the
/// desk); a request not yet reached may be forwarded again (the first time counts).
#[utoipa::path(post, path = "/service-requests/{id}/arrange", tag = "service requests", request_body = ArrangeInput,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Arranged", body = ServiceRequest), WriteErrors))]
async fn arrange(
    State(s): State<AppState>,
    caller: Caller<{ DESK }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
    Body(input, hash): Body<ArrangeInput>,
) -> Result<Response> {
    transition(&s, &caller, idem, hash, move |w, ctx| {
        cmd::arrange(w, ctx, &id, v, input.into())
    })
    .await
}

/// The office's check of the assignee (the desk), once.
#[utoipa::path(post, path = "/service-requests/{id}/check", tag = "service requests", request_body = NoteInput,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Checked", body = ServiceRequest), WriteErrors))]
async fn check(
    State(s): State<AppState>,
    caller: Caller<{ DESK }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
    Body(input, hash): Body<NoteInput>,
) -> Result<Response> {
    transition(&s, &caller, idem, hash, move |w, ctx| {
        cmd::check(w, ctx, &id, v, input.note)
    })
    .await
}

/// Someone reached the site (the desk or the dealer it is forwarded to), once.
#[utoipa::path(post, path = "/service-requests/{id}/on-site", tag = "service requests",
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "On site", body = ServiceRequest), WriteErrors))]
async fn on_site(
    State(s): State<AppState>,
    caller: Caller<{ DESK | DEALER }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
) -> Result<Response> {
    transition(&s, &caller, idem, EMPTY_BODY_HASH, move |w, ctx| {
        cmd::reach(w, ctx, &id, v, true)
    })
    .await
}

/// The customer was answered, a written contact (the desk or the dealer it is forwarded to), once.
#[utoipa::path(post, path = "/service-requests/{id}/answer", tag = "service requests",
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Answered", body = ServiceRequest), WriteErrors))]
async fn answer(
    State(s): State<AppState>,
    caller: Caller<{ DESK | DEALER }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
) -> Result<Response> {
    transition(&s, &caller, idem, EMPTY_BODY_HASH, move |w, ctx| {
        cmd::reach(w, ctx, &id, v, false)
    })
    .await
}

/// Resolves a reached request, linking the service reports, requisitions and claims that
/// did the work (visible to the caller, of the request's unit); the follow-up falls due.
#[utoipa::path(post, path = "/service-requests/{id}/resolve", tag = "service requests", request_body = ResolveInput,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Resolved", body = ServiceRequest), WriteErrors))]
async fn resolve(
    State(s): State<AppState>,
    caller: Caller<{ DESK | DEALER }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
    Body(input, hash): Body<ResolveInput>,
) -> Result<Response> {
    transition(&s, &caller, idem, hash, move |w, ctx| {
        cmd::resolve(w, ctx, &id, v, input.into())
    })
    .await
}

/// Records a follow-up call (回访; the desk): reaching the customer closes the request,
/// and so does the last unreachable try.
#[utoipa::path(post, path = "/service-requests/{id}/follow-ups", tag = "service requests", request_body = FollowUpInput,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Recorded", body = ServiceRequest), WriteErrors))]
async fn follow_up(
    State(s): State<AppState>,
    caller: Caller<{ DESK }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
    Body(input, hash): Body<FollowUpInput>,
) -> Result<Response> {
    transition(&s, &caller, idem, hash, move |w, ctx| {
        cmd::follow_up(w, ctx, &id, v, input.into())
    })
    .await
}

/// Closes a resolved request without (further) follow-up (the desk).
#[utoipa::path(post, path = "/service-requests/{id}/close", tag = "service requests",
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Closed", body = ServiceRequest), WriteErrors))]
async fn close(
    State(s): State<AppState>,
    caller: Caller<{ DESK }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
) -> Result<Response> {
    transition(&s, &caller, idem, EMPTY_BODY_HASH, move |w, ctx| {
        cmd::close(w, ctx, &id, v)
    })
    .await
}

/// Cancels a request not yet resolved, with a reason (the desk, or the dealer that took it).
#[utoipa::path(post, path = "/service-requests/{id}/cancel", tag = "service requests", request_body = CancelInput,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Cancelled", body = ServiceRequest), WriteErrors))]
async fn cancel(
    State(s): State<AppState>,
    caller: Caller<{ DESK | DEALER }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
    Body(input, hash): Body<CancelInput>,
) -> Result<Response> {
    transition(&s, &caller, idem, hash, move |w, ctx| {
        cmd::cancel(w, ctx, &id, v, &input.reason)
    })
    .await
}

/// Quotes paid service outside coverage, travel + wages (the desk or the dealer it is
/// forwarded to); a rejected quote may be replaced.
#[utoipa::path(post, path = "/service-requests/{id}/quote", tag = "service requests", request_body = QuoteInput,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Quoted", body = ServiceRequest), WriteErrors))]
async fn quote(
    State(s): State<AppState>,
    caller: Caller<{ DESK | DEALER }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
    Body(input, hash): Body<QuoteInput>,
) -> Result<Response> {
    transition(&s, &caller, idem, hash, move |w, ctx| {
        cmd::quote(w, ctx, &id, v, input.into())
    })
    .await
}

/// Approves the quote (a supervisor; never the one who quoted: 403 `self_approval`).
#[utoipa::path(post, path = "/service-requests/{id}/quote/approve", tag = "service requests", request_body = QuoteDecisionInput,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Approved", body = ServiceRequest), WriteErrors))]
async fn approve_quote(
    State(s): State<AppState>,
    caller: Caller<{ SUPERVISOR }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
    Body(input, hash): Body<QuoteDecisionInput>,
) -> Result<Response> {
    transition(&s, &caller, idem, hash, move |w, ctx| {
        cmd::decide_quote(w, ctx, &id, v, true, input.comment)
    })
    .await
}

/// Rejects the quote with a comment (a supervisor, not the one who quoted).
#[utoipa::path(post, path = "/service-requests/{id}/quote/reject", tag = "service requests", request_body = QuoteDecisionInput,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Rejected", body = ServiceRequest), WriteErrors))]
async fn reject_quote(
    State(s): State<AppState>,
    caller: Caller<{ SUPERVISOR }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
    Body(input, hash): Body<QuoteDecisionInput>,
) -> Result<Response> {
    transition(&s, &caller, idem, hash, move |w, ctx| {
        cmd::decide_quote(w, ctx, &id, v, false, input.comment)
    })
    .await
}

/// Finance records the fee collected for an approved quote, at most the quote: posts
/// Dr `bank` / Cr `service:income`.
#[utoipa::path(post, path = "/service-requests/{id}/fee", tag = "service requests", request_body = FeeInput,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Collected", body = ServiceRequest), WriteErrors))]
async fn collect_fee(
    State(s): State<AppState>,
    caller: Caller<{ FINANCE }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
    Body(input, hash): Body<FeeInput>,
) -> Result<Response> {
    transition(&s, &caller, idem, hash, move |w, ctx| {
        cmd::collect_fee(w, ctx, &id, v, Fen(input.amount_fen), &input.reference)
    })
    .await
}

/// The service policy in force: time standards, follow-up rules, KPI targets.
#[utoipa::path(get, path = "/service-policy", tag = "service requests",
    responses((status = 200, description = "The policy", body = ServicePolicy), ReadErrors))]
async fn get_policy(State(s): State<AppState>, _caller: Caller) -> Result<Json<ServicePolicy>> {
    Ok(Json(wire(read(&s, move |r| q::policy(r)).await?)))
}

/// Sets the service policy (admin); requests received from now on are measured by it.
#[utoipa::path(put, path = "/service-policy", tag = "service requests", request_body = ServicePolicy,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer")),
    responses((status = 200, description = "Set", body = ServicePolicy), WriteErrors))]
async fn set_policy(
    State(s): State<AppState>,
    caller: Caller<{ ADMIN_ONLY }>,
    idem: Idem,
    Body(input, hash): Body<ServicePolicy>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::OK, move |w, ctx| {
        cmd::set_policy(w, ctx, input.into()).map(ServicePolicy::from)
    })
    .await
}
