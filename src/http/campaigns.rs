//! Campaign routes: create, list units, release, close; a unit found not applicable; the
//! completion report, the claim template and a dealer's to-do list.

use super::AppState;
use super::dto::campaigns::{
    Campaign, CampaignInput, CampaignUnit, CampaignUnitState, Completion, NotApplicableInput, OpenCampaign, TodoItem,
    UnitsInput,
};
use super::dto::warranty::ClaimInput;
use super::dto::{Wire, wire};
use super::extract::{Body, Caller, CodePath, EMPTY_BODY_HASH, Idem, IfMatch, Path, Q};
use super::problem::{ReadErrors, WriteErrors};
use super::read::read;
use super::write;
use crate::commands::campaigns as cmd;
use crate::commands::claims;
use crate::domain::auth::*;
use crate::domain::claims::{ClaimKind, PartSource};
use crate::domain::validate::normalize_code;
use crate::domain::warranty::business_date;
use crate::error::{Error, Result};
use crate::queries::campaigns as q;
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
        .routes(routes!(list_campaigns, create_campaign))
        .routes(routes!(get_campaign))
        .routes(routes!(list_units, add_units))
        .routes(routes!(release))
        .routes(routes!(close))
        .routes(routes!(not_applicable))
        .routes(routes!(completion))
        .routes(routes!(claim_template))
        .routes(routes!(todo))
}

/// Lists campaigns by code (dealers: released and closed ones).
#[utoipa::path(get, path = "/campaigns", tag = "campaigns",
    responses((status = 200, description = "Campaigns", body = Vec<Campaign>), ReadErrors))]
async fn list_campaigns(State(s): State<AppState>, caller: Caller) -> Result<Json<Vec<Campaign>>> {
    Ok(Json(wire(read(&s, move |r| q::list(r, &caller)).await?)))
}

/// Creates a campaign as a draft (supervisor).
#[utoipa::path(post, path = "/campaigns", tag = "campaigns", request_body = CampaignInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer")),
    responses((status = 201, description = "Created", body = Campaign), WriteErrors))]
async fn create_campaign(
    State(s): State<AppState>,
    caller: Caller<{ SUPERVISOR }>,
    idem: Idem,
    Body(input, hash): Body<CampaignInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::CREATED, move |w, ctx| {
        cmd::create(w, ctx, input.into()).map(Campaign::from)
    })
    .await
}

/// Reads a campaign.
#[utoipa::path(get, path = "/campaigns/{code}", tag = "campaigns", params(("code" = String, Path, description = "e.g. RC-2026-01")),
    responses((status = 200, description = "The campaign", body = Campaign), ReadErrors))]
async fn get_campaign(State(s): State<AppState>, caller: Caller, CodePath(code): CodePath) -> Result<Json<Campaign>> {
    Ok(Json(wire(read(&s, move |r| q::campaign(r, &caller, &code)).await?)))
}

/// Unit list filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitParams {
    /// Only units in this state.
    pub state: Option<CampaignUnitState>,
    /// Continue after this serial.
    pub after: Option<String>,
    /// At most this many (default and most 1,000).
    pub limit: Option<usize>,
}

/// Lists a campaign's units by serial (a dealer: its own).
#[utoipa::path(get, path = "/campaigns/{code}/units", tag = "campaigns", params(("code" = String, Path), UnitParams),
    responses((status = 200, description = "Units", body = Vec<CampaignUnit>), ReadErrors))]
async fn list_units(
    State(s): State<AppState>,
    caller: Caller,
    CodePath(code): CodePath,
    Q(p): Q<UnitParams>,
) -> Result<Json<Vec<CampaignUnit>>> {
    let limit = p.limit.unwrap_or(q::UNITS_PAGE_MAX).clamp(1, q::UNITS_PAGE_MAX);
    let state = p.state.map(Wire::into_domain);
    let after = p.after.map(|a| normalize_code(&a));
    Ok(Json(wire(
        read(&s, move |r| q::units(r, &caller, &code, state, after.as_deref(), limit)).await?,
    )))
}

/// Lists units on a campaign that is not closed, each assigned to its unit's dealer
/// (supervisor); all or none, in one transaction.
#[utoipa::path(post, path = "/campaigns/{code}/units", tag = "campaigns", request_body = UnitsInput,
    params(("code" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Listed", body = Campaign), WriteErrors))]
async fn add_units(
    State(s): State<AppState>,
    caller: Caller<{ SUPERVISOR }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    CodePath(code): CodePath,
    Body(input, hash): Body<UnitsInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::OK, move |w, ctx| {
        let serials: Vec<_> = input.serials.into_iter().map(Into::into).collect();
        cmd::add_units(w, ctx, &code, v, &serials).map(Campaign::from)
    })
    .await
}

/// Releases a draft campaign to the dealers (supervisor).
#[utoipa::path(post, path = "/campaigns/{code}/release", tag = "campaigns",
    params(("code" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Released", body = Campaign), WriteErrors))]
async fn release(
    State(s): State<AppState>,
    caller: Caller<{ SUPERVISOR }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    CodePath(code): CodePath,
) -> Result<Response> {
    write::run(&s, &caller, idem, EMPTY_BODY_HASH, StatusCode::OK, move |w, ctx| {
        cmd::release(w, ctx, &code, v).map(Campaign::from)
    })
    .await
}

/// Closes a campaign: no more claims (supervisor).
#[utoipa::path(post, path = "/campaigns/{code}/close", tag = "campaigns",
    params(("code" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Closed", body = Campaign), WriteErrors))]
async fn close(
    State(s): State<AppState>,
    caller: Caller<{ SUPERVISOR }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    CodePath(code): CodePath,
) -> Result<Response> {
    write::run(&s, &caller, idem, EMPTY_BODY_HASH, StatusCode::OK, move |w, ctx| {
        cmd::close(w, ctx, &code, v).map(Campaign::from)
    })
    .await
}

/// Marks an outstanding unit not applicable with the reason (its dealer or a supervisor).
#[utoipa::path(post, path = "/campaigns/{code}/units/{serial}/not-applicable", tag = "campaigns", request_body = NotApplicableInput,
    params(("code" = String, Path), ("serial" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer")),
    responses((status = 200, description = "Not applicable", body = CampaignUnit), WriteErrors))]
async fn not_applicable(
    State(s): State<AppState>,
    caller: Caller<{ SUPERVISOR | DEALER }>,
    idem: Idem,
    Path((code, serial)): Path<(String, String)>,
    Body(input, hash): Body<NotApplicableInput>,
) -> Result<Response> {
    let (code, serial) = (normalize_code(&code), normalize_code(&serial));
    write::run(&s, &caller, idem, hash, StatusCode::OK, move |w, ctx| {
        cmd::not_applicable(w, ctx, &code, &serial, &input.reason).map(CampaignUnit::from)
    })
    .await
}

/// Completion by dealer and week: completed, outstanding, not applicable (a dealer: its own).
#[utoipa::path(get, path = "/campaigns/{code}/completion", tag = "campaigns", params(("code" = String, Path)),
    responses((status = 200, description = "Completion", body = Completion), ReadErrors))]
async fn completion(State(s): State<AppState>, caller: Caller, CodePath(code): CodePath) -> Result<Json<Completion>> {
    Ok(Json(read(&s, move |r| q::completion(r, &caller, &code)).await?.into()))
}

/// The unit whose claim to start.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TemplateParams {
    /// The unit's serial.
    pub unit: String,
}

/// A campaign claim as it starts for a listed unit: the kit as dealer-stock parts and the
/// standard labor, dated today; post it to `/claims` as it is or amended.
#[utoipa::path(get, path = "/campaigns/{code}/claim-template", tag = "campaigns", params(("code" = String, Path), TemplateParams),
    responses((status = 200, description = "The claim to file", body = ClaimInput), ReadErrors))]
async fn claim_template(
    State(s): State<AppState>,
    caller: Caller<{ DEALER }>,
    CodePath(code): CodePath,
    Q(p): Q<TemplateParams>,
) -> Result<Json<ClaimInput>> {
    let unit = normalize_code(&p.unit);
    let today = business_date(s.clock.now());
    let (c, unit) = read(&s, move |r| q::claim_start(r, &caller, &code, &unit)).await?;
    Ok(Json(wire(template(c, unit, today))))
}

/// A campaign claim as it starts on `today`: the kit as dealer-stock parts and the
/// standard labor.
fn template(
    c: crate::domain::campaigns::Campaign,
    unit: crate::domain::campaigns::CampaignUnit,
    today: chrono::NaiveDate,
) -> claims::ClaimInput {
    let mut lines: Vec<claims::ClaimLineInput> = c
        .kit
        .iter()
        .map(|k| claims::ClaimLineInput::Part {
            part_no: k.part_no.clone(),
            qty: k.qty,
            source: PartSource::DealerStock,
            requisition: None,
            note: None,
        })
        .collect();
    lines.push(claims::ClaimLineInput::Labor {
        minutes: c.standard_minutes,
        note: Some(c.labor_operation.clone()),
    });
    claims::ClaimInput {
        unit_serial: unit.serial,
        failure_date: today,
        repair_date: today,
        usage_km: None,
        usage_hours: None,
        fault_code: c.labor_operation.clone(),
        description: c.title.clone(),
        service_report: None,
        lines,
        kind: ClaimKind::Campaign,
        campaign: Some(c.code),
        preauthorization: None,
        service_request: None,
    }
}

/// The dealer whose list to read.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TodoParams {
    /// The dealer (a dealer token: its own, always).
    pub dealer: Option<String>,
}

/// A dealer's campaign to-do list: its outstanding units of released campaigns.
#[utoipa::path(get, path = "/campaign-todo", tag = "campaigns", params(TodoParams),
    responses((status = 200, description = "Units to do", body = Vec<TodoItem>), ReadErrors))]
async fn todo(State(s): State<AppState>, caller: Caller, Q(p): Q<TodoParams>) -> Result<Json<Vec<TodoItem>>> {
    let dealer = match (&caller.dealer, p.dealer) {
        (Some(own), _) => own.clone(),
        (None, Some(d)) => normalize_code(&d),
        (None, None) => return Err(Error::invalid("dealer", "name the dealer")),
    };
    let items = read(&s, move |r| q::todo(r, &dealer, q::UNITS_PAGE_MAX)).await?;
    Ok(Json(
        items
            .into_iter()
            .map(|(c, u)| TodoItem {
                campaign: OpenCampaign::from(c),
                serial: u.serial.to_string(),
            })
            .collect(),
    ))
}
