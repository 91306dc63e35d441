//! Units, policies and claims routes, and the claim time report.

use super::AppState;
use super::dto::warranty::{
    Claim, ClaimInput, ClaimStatus, ImportInput, ImportResult, Policy, PolicyInput, RegistrationInput, ReviewInput,
    SubmitResult, Unit, UnitInput,
};
use super::dto::{Wire, wire};
use super::extract::{Body, Caller, EMPTY_BODY_HASH, Idem, IfMatch, Q};
use super::extract::{CodePath, Path};
use super::problem::{ReadErrors, WriteErrors};
use super::read::read;
use super::requisitions::PeriodParams;
use super::write;
use crate::commands::{claims, units};
use crate::domain::auth::*;
use crate::error::Result;
use crate::queries::lists;
use crate::queries::page::{Page, PageRequest};
use crate::queries::reports::{self, ClaimTimes};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_units, create_unit))
        .routes(routes!(get_unit))
        .routes(routes!(import_units))
        .routes(routes!(register_unit))
        .routes(routes!(list_policies, put_policy))
        .routes(routes!(list_claims, create_claim))
        .routes(routes!(get_claim, amend_claim))
        .routes(routes!(claim_versions))
        .routes(routes!(submit_claim))
        .routes(routes!(review_claim))
        .routes(routes!(claim_times))
}

/// Dealers file for their own units; admins on a dealer's behalf.
fn dealer_scope(caller: &Principal) -> Result<Option<String>> {
    caller.require_any(DEALER)?;
    Ok(caller.dealer.clone())
}

/// Unit list filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitParams {
    /// Only this model.
    pub model: Option<String>,
    /// Only this dealer's units (a dealer token sees only its own anyway).
    pub dealer: Option<String>,
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

/// Units the caller may see (a dealer: its own), by serial.
#[utoipa::path(get, path = "/units", tag = "warranty", params(UnitParams),
    responses((status = 200, description = "Units", content((Page<Unit> = "application/json"), (String = "text/csv"), ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))), ReadErrors))]
async fn list_units(State(s): State<AppState>, caller: Caller, Q(p): Q<UnitParams>) -> Result<Response> {
    let search = lists::Search::new(p.q.as_deref(), p.from_date, p.to_date)?;
    let page = PageRequest {
        limit: p.limit,
        cursor: p.cursor.clone(),
    };
    super::export::list::<_, Unit, _>(&s, "units", p.format, page, move |r, page| {
        lists::units(r, &caller, p.model.as_deref(), p.dealer.as_deref(), &search, page)
    })
    .await
}

/// Records a sold unit (admin: units come from the manufacturer's sales records, so a
/// dealer cannot probe for another dealer's serials).
#[utoipa::path(post, path = "/units", tag = "warranty", request_body = UnitInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for a retried request")),
    responses((status = 201, description = "Created", body = Unit), WriteErrors))]
async fn create_unit(
    State(s): State<AppState>,
    caller: Caller<{ ADMIN_ONLY }>,
    idem: Idem,
    Body(input, hash): Body<UnitInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::CREATED, move |w, ctx| {
        units::create_unit(w, ctx, input.into()).map(Unit::from)
    })
    .await
}

/// Records up to 1,000 units in one transaction (admin); `sanbao units import` sends a
/// dealer network's file in batches. A refusal names the row.
#[utoipa::path(post, path = "/units/import", tag = "warranty", request_body = ImportInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for a retried batch")),
    responses((status = 201, description = "Imported", body = ImportResult), WriteErrors))]
async fn import_units(
    State(s): State<AppState>,
    caller: Caller<{ ADMIN_ONLY }>,
    idem: Idem,
    Body(input, hash): Body<ImportInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::CREATED, move |w, ctx| {
        units::import_units(w, ctx, input.units.into_domain()).map(|imported| ImportResult { imported })
    })
    .await
}

/// Reads a unit.
#[utoipa::path(get, path = "/units/{serial}", tag = "warranty", params(("serial" = String, Path)),
    responses((status = 200, description = "The unit with its open campaigns", body = super::dto::campaigns::UnitDetail), ReadErrors))]
async fn get_unit(
    State(s): State<AppState>,
    caller: Caller,
    CodePath(serial): CodePath,
) -> Result<Json<super::dto::campaigns::UnitDetail>> {
    let (unit, open) = read(&s, move |r| {
        let unit = lists::unit(r, &caller, &serial)?;
        Ok((unit, crate::queries::campaigns::open_for_unit(r, &serial)?))
    })
    .await?;
    Ok(Json(super::dto::campaigns::UnitDetail {
        unit: wire(unit),
        open_campaigns: open.into_iter().map(Into::into).collect(),
    }))
}

/// Records the registration card's arrival (admin or clerk only: the date decides
/// `registration_late`).
#[utoipa::path(post, path = "/units/{serial}/registration", tag = "warranty", request_body = RegistrationInput,
    params(("serial" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Registered", body = Unit), WriteErrors))]
async fn register_unit(
    State(s): State<AppState>,
    caller: Caller<{ CLERK }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    CodePath(serial): CodePath,
    Body(input, hash): Body<RegistrationInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::OK, move |w, ctx| {
        units::register(w, ctx, &serial, v, input.into()).map(Unit::from)
    })
    .await
}

/// Policy filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PolicyParams {
    /// Only this model.
    pub model: Option<String>,
    /// Page size, 1 to 500 (default 50).
    pub limit: Option<usize>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Policy versions by model and effective date.
#[utoipa::path(get, path = "/policies", tag = "warranty", params(PolicyParams),
    responses((status = 200, description = "Policies", body = Page<Policy>), ReadErrors))]
async fn list_policies(
    State(s): State<AppState>,
    _caller: Caller,
    Q(p): Q<PolicyParams>,
) -> Result<Json<Page<Policy>>> {
    let page = PageRequest {
        limit: p.limit,
        cursor: p.cursor,
    };
    Ok(Json(wire(
        read(&s, move |r| lists::policies(r, p.model.as_deref(), &page)).await?,
    )))
}

/// Puts a policy version in force from its date (admin). A claim is judged by the version
/// in force on its failure date.
#[utoipa::path(post, path = "/policies", tag = "warranty", request_body = PolicyInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version when replacing the version of the same date")),
    responses((status = 201, description = "In force", body = Policy), WriteErrors))]
async fn put_policy(
    State(s): State<AppState>,
    caller: Caller<{ ADMIN_ONLY }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Body(input, hash): Body<PolicyInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::CREATED, move |w, ctx| {
        units::put_policy(w, ctx, v, input.into()).map(Policy::from)
    })
    .await
}

/// Claim filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ClaimParams {
    /// Only this status.
    pub status: Option<ClaimStatus>,
    /// Only this unit.
    pub unit: Option<String>,
    /// Only this dealer's claims (a dealer token sees only its own anyway).
    pub dealer: Option<String>,
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

/// Claims the caller may see (a dealer: its own), newest first.
#[utoipa::path(get, path = "/claims", tag = "warranty", params(ClaimParams),
    responses((status = 200, description = "Claims", content((Page<Claim> = "application/json"), (String = "text/csv"), ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))), ReadErrors))]
async fn list_claims(State(s): State<AppState>, caller: Caller, Q(p): Q<ClaimParams>) -> Result<Response> {
    let search = lists::Search::new(p.q.as_deref(), p.from_date, p.to_date)?;
    let page = PageRequest {
        limit: p.limit,
        cursor: p.cursor.clone(),
    };
    super::export::list::<_, Claim, _>(&s, "claims", p.format, page, move |r, page| {
        lists::claims(
            r,
            &caller,
            p.status.map(Into::into),
            p.unit.as_deref(),
            p.dealer.as_deref(),
            &search,
            page,
        )
    })
    .await
}

/// Files a draft claim for one of the dealer's units; amounts are computed by the server.
#[utoipa::path(post, path = "/claims", tag = "warranty", request_body = ClaimInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for a retried request")),
    responses((status = 201, description = "Filed as draft", body = Claim), WriteErrors))]
async fn create_claim(
    State(s): State<AppState>,
    caller: Caller<{ DEALER }>,
    idem: Idem,
    Body(input, hash): Body<ClaimInput>,
) -> Result<Response> {
    let scope = dealer_scope(&caller)?;
    write::run(&s, &caller, idem, hash, StatusCode::CREATED, move |w, ctx| {
        claims::create(w, ctx, scope.as_deref(), input.into()).map(Claim::from)
    })
    .await
}

/// Reads a claim with its lines, findings and decisions.
#[utoipa::path(get, path = "/claims/{id}", tag = "warranty", params(("id" = String, Path, description = "Claim number, e.g. CL-000001")),
    responses((status = 200, description = "The claim", body = Claim), ReadErrors))]
async fn get_claim(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<Claim>> {
    Ok(Json(wire(read(&s, move |r| lists::claim(r, &caller, &id)).await?)))
}

/// Amends a draft or returned claim (`If-Match` refuses stale writes).
#[utoipa::path(put, path = "/claims/{id}", tag = "warranty", request_body = ClaimInput,
    params(("id" = String, Path), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Amended", body = Claim), WriteErrors))]
async fn amend_claim(
    State(s): State<AppState>,
    caller: Caller<{ DEALER }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
    Body(input, hash): Body<ClaimInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::OK, move |w, ctx| {
        claims::amend(w, ctx, &id, v, input.into()).map(Claim::from)
    })
    .await
}

/// Every version of a claim, oldest first.
#[utoipa::path(get, path = "/claims/{id}/versions", tag = "warranty", params(("id" = String, Path)),
    responses((status = 200, description = "Versions", body = Vec<Claim>), ReadErrors))]
async fn claim_versions(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<Vec<Claim>>> {
    Ok(Json(wire(
        read(&s, move |r| {
            lists::claim(r, &caller, &id)?;
            claims::versions(r, &id)
        })
        .await?,
    )))
}

/// Submits a claim: runs the automatic checks; lines with an `error` finding are rejected
/// at once (and post as any rejection), `warning`s stay for the reviewer.
#[utoipa::path(post, path = "/claims/{id}/submit", tag = "warranty",
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Checked", body = SubmitResult), WriteErrors))]
async fn submit_claim(
    State(s): State<AppState>,
    caller: Caller<{ DEALER }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
) -> Result<Response> {
    write::run(&s, &caller, idem, EMPTY_BODY_HASH, StatusCode::OK, move |w, ctx| {
        claims::submit(w, ctx, &id, v).map(SubmitResult::from)
    })
    .await
}

/// A reviewer decides lines (approve, reduce, reject, or reopen an automatic rejection)
/// or sends the claim back. Decisions post in the same transaction.
#[utoipa::path(post, path = "/claims/{id}/review", tag = "warranty", request_body = ReviewInput,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Reviewed", body = Claim), WriteErrors))]
async fn review_claim(
    State(s): State<AppState>,
    caller: Caller<{ REVIEWER }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
    Body(input, hash): Body<ReviewInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::OK, move |w, ctx| {
        claims::review(w, ctx, &id, v, input.into()).map(Claim::from)
    })
    .await
}

/// Service-time standard of claims: submit → decision against the target, with the
/// on-time share (服务及时率).
#[utoipa::path(get, path = "/reports/claim-times", tag = "warranty", params(PeriodParams),
    responses((status = 200, description = "The report", body = ClaimTimes), ReadErrors))]
async fn claim_times(State(s): State<AppState>, caller: Caller, Q(p): Q<PeriodParams>) -> Result<Json<ClaimTimes>> {
    let now = s.clock.now();
    Ok(Json(
        read(&s, move |r| {
            reports::claim_times(r, &caller, s.time_targets, p.from_date, p.to_date, now)
        })
        .await?,
    ))
}
