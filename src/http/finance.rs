//! Finance routes: dealer settlements with their printable notice, supplier claims, and
//! the recovery report.

use super::AppState;
use super::dto::finance::{
    PaymentInput, ResponseInput, Settlement, SettlementInput, SettlementStatus, SupplierClaim, SupplierClaimInput,
    SupplierClaimStatus,
};
use super::dto::wire;
use super::extract::Path;
use super::extract::{Body, Caller, EMPTY_BODY_HASH, Idem, IfMatch, Q};
use super::problem::{ReadErrors, WriteErrors};
use super::read::read;
use super::write;
use crate::commands::{settlements, supplier_claims};
use crate::domain::auth::*;
use crate::error::Result;
use crate::queries::lists;
use crate::queries::page::{Page, PageRequest};
use crate::queries::paper;
use crate::queries::reports::{self, RecoveryReport, WarrantyCostReport};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, Response};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_settlements, create_settlement))
        .routes(routes!(get_settlement))
        .routes(routes!(issue_settlement))
        .routes(routes!(confirm_settlement))
        .routes(routes!(cancel_settlement))
        .routes(routes!(settlement_notice))
        .routes(routes!(list_supplier_claims, create_supplier_claim))
        .routes(routes!(get_supplier_claim))
        .routes(routes!(submit_supplier_claim))
        .routes(routes!(respond_supplier_claim))
        .routes(routes!(pay_supplier_claim))
        .routes(routes!(recovery_report))
        .routes(routes!(warranty_cost_report))
}

/// Settlement filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SettlementParams {
    /// Only this dealer.
    pub dealer: Option<String>,
    /// Only this status.
    pub status: Option<SettlementStatus>,
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

/// Settlements the caller may see (a dealer: its own), newest first.
#[utoipa::path(get, path = "/settlements", tag = "finance", params(SettlementParams),
    responses((status = 200, description = "Settlements", content((Page<Settlement> = "application/json"), (String = "text/csv"), ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))), ReadErrors))]
async fn list_settlements(
    State(s): State<AppState>,
    caller: Caller<{ FINANCE | DEALER }>,
    Q(p): Q<SettlementParams>,
) -> Result<Response> {
    let search = lists::Search::new(p.q.as_deref(), p.from_date, p.to_date)?;
    let page = PageRequest {
        limit: p.limit,
        cursor: p.cursor.clone(),
    };
    super::export::list::<_, Settlement, _>(&s, "settlements", p.format, page, move |r, page| {
        lists::settlements(r, &caller, p.dealer.as_deref(), p.status.map(Into::into), &search, page)
    })
    .await
}

/// Draws up a settlement for a dealer and period (finance): every approved accrued claim
/// line decided in the period and not yet settled; lines are fixed now.
#[utoipa::path(post, path = "/settlements", tag = "finance", request_body = SettlementInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer")),
    responses((status = 201, description = "Drawn up", body = Settlement), WriteErrors))]
async fn create_settlement(
    State(s): State<AppState>,
    caller: Caller<{ FINANCE }>,
    idem: Idem,
    Body(input, hash): Body<SettlementInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::CREATED, move |w, ctx| {
        settlements::create(w, ctx, input.into()).map(Settlement::from)
    })
    .await
}

/// Reads a settlement.
#[utoipa::path(get, path = "/settlements/{id}", tag = "finance", params(("id" = String, Path, description = "e.g. SE-000001")),
    responses((status = 200, description = "The settlement", body = Settlement), ReadErrors))]
async fn get_settlement(
    State(s): State<AppState>,
    caller: Caller<{ FINANCE | DEALER }>,
    Path(id): Path<String>,
) -> Result<Json<Settlement>> {
    Ok(Json(wire(read(&s, move |r| lists::settlement(r, &caller, &id)).await?)))
}

/// Issues a draft settlement to the dealer (finance).
#[utoipa::path(post, path = "/settlements/{id}/issue", tag = "finance",
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Issued", body = Settlement), WriteErrors))]
async fn issue_settlement(
    State(s): State<AppState>,
    caller: Caller<{ FINANCE }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
) -> Result<Response> {
    write::run(&s, &caller, idem, EMPTY_BODY_HASH, StatusCode::OK, move |w, ctx| {
        settlements::issue(w, ctx, &id, v).map(Settlement::from)
    })
    .await
}

/// Confirms an issued settlement (its dealer, or finance on its behalf): posts
/// Dr `warranty:accrued` / Cr `dealer:<code>` and settles its lines.
#[utoipa::path(post, path = "/settlements/{id}/confirm", tag = "finance",
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Confirmed", body = Settlement), WriteErrors))]
async fn confirm_settlement(
    State(s): State<AppState>,
    caller: Caller<{ FINANCE | DEALER }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
) -> Result<Response> {
    write::run(&s, &caller, idem, EMPTY_BODY_HASH, StatusCode::OK, move |w, ctx| {
        settlements::confirm(w, ctx, &id, v).map(Settlement::from)
    })
    .await
}

/// Cancels a draft settlement (finance); its lines may be settled again.
#[utoipa::path(post, path = "/settlements/{id}/cancel", tag = "finance",
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Cancelled", body = Settlement), WriteErrors))]
async fn cancel_settlement(
    State(s): State<AppState>,
    caller: Caller<{ FINANCE }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
) -> Result<Response> {
    write::run(&s, &caller, idem, EMPTY_BODY_HASH, StatusCode::OK, move |w, ctx| {
        settlements::cancel(w, ctx, &id, v).map(Settlement::from)
    })
    .await
}

/// The printable write-off notice (三包费用核销通知) for the dealer, on A4: issuer, dealer,
/// period, one row per claim line (claim, VIN, part or cost type, amount), the total in
/// figures and in capitals, the dealer's balance before and after in words, and the
/// signature and seal boxes.
#[utoipa::path(get, path = "/settlements/{id}/notice", tag = "finance", params(("id" = String, Path)),
    responses((status = 200, description = "An HTML page to print (A4)", content_type = "text/html", body = String), ReadErrors))]
async fn settlement_notice(
    State(s): State<AppState>,
    caller: Caller<{ FINANCE | DEALER }>,
    Path(id): Path<String>,
) -> Result<Html<String>> {
    let sheet = read(&s, move |r| paper::notice(r, &caller, &id)).await?;
    Ok(Html(super::print::notice::render(&sheet, &s.issuer)))
}

/// Supplier claim filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SupplierClaimParams {
    /// Only this supplier.
    pub supplier: Option<String>,
    /// Only this status.
    pub status: Option<SupplierClaimStatus>,
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

/// Supplier claims (finance), newest first.
#[utoipa::path(get, path = "/supplier-claims", tag = "finance", params(SupplierClaimParams),
    responses((status = 200, description = "Supplier claims", content((Page<SupplierClaim> = "application/json"), (String = "text/csv"), ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))), ReadErrors))]
async fn list_supplier_claims(
    State(s): State<AppState>,
    _caller: Caller<{ FINANCE | REVIEWER }>,
    Q(p): Q<SupplierClaimParams>,
) -> Result<Response> {
    let search = lists::Search::new(p.q.as_deref(), p.from_date, p.to_date)?;
    let page = PageRequest {
        limit: p.limit,
        cursor: p.cursor.clone(),
    };
    super::export::list::<_, SupplierClaim, _>(&s, "supplier-claims", p.format, page, move |r, page| {
        lists::supplier_claims(r, p.supplier.as_deref(), p.status.map(Into::into), &search, page)
    })
    .await
}

/// Draws up a claim to a supplier from its eligible supplier-fault old parts (finance).
#[utoipa::path(post, path = "/supplier-claims", tag = "finance", request_body = SupplierClaimInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer")),
    responses((status = 201, description = "Drawn up", body = SupplierClaim), WriteErrors))]
async fn create_supplier_claim(
    State(s): State<AppState>,
    caller: Caller<{ FINANCE }>,
    idem: Idem,
    Body(input, hash): Body<SupplierClaimInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::CREATED, move |w, ctx| {
        supplier_claims::create(w, ctx, input.into()).map(SupplierClaim::from)
    })
    .await
}

/// Reads a supplier claim.
#[utoipa::path(get, path = "/supplier-claims/{id}", tag = "finance", params(("id" = String, Path, description = "e.g. SC-000001")),
    responses((status = 200, description = "The supplier claim", body = SupplierClaim), ReadErrors))]
async fn get_supplier_claim(
    State(s): State<AppState>,
    _caller: Caller<{ FINANCE | REVIEWER }>,
    Path(id): Path<String>,
) -> Result<Json<SupplierClaim>> {
    Ok(Json(wire(read(&s, move |r| lists::supplier_claim(r, &id)).await?)))
}

/// Submits the claim and ships the evidence parts to `supplier_return` (finance).
#[utoipa::path(post, path = "/supplier-claims/{id}/submit", tag = "finance",
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Submitted", body = SupplierClaim), WriteErrors))]
async fn submit_supplier_claim(
    State(s): State<AppState>,
    caller: Caller<{ FINANCE }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
) -> Result<Response> {
    write::run(&s, &caller, idem, EMPTY_BODY_HASH, StatusCode::OK, move |w, ctx| {
        supplier_claims::submit(w, ctx, &id, v).map(SupplierClaim::from)
    })
    .await
}

/// Records the supplier's answer per line (finance); accepted amounts post
/// Dr `supplier:<code>` / Cr `warranty:recovery`. A line is answered once.
#[utoipa::path(post, path = "/supplier-claims/{id}/response", tag = "finance", request_body = ResponseInput,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Recorded", body = SupplierClaim), WriteErrors))]
async fn respond_supplier_claim(
    State(s): State<AppState>,
    caller: Caller<{ FINANCE }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
    Body(input, hash): Body<ResponseInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::OK, move |w, ctx| {
        supplier_claims::respond(w, ctx, &id, v, input.into()).map(SupplierClaim::from)
    })
    .await
}

/// Records money received from the supplier (finance): Dr `bank` / Cr `supplier:<code>`.
#[utoipa::path(post, path = "/supplier-claims/{id}/payments", tag = "finance", request_body = PaymentInput,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer")),
    responses((status = 200, description = "Recorded", body = SupplierClaim), WriteErrors))]
async fn pay_supplier_claim(
    State(s): State<AppState>,
    caller: Caller<{ FINANCE }>,
    idem: Idem,
    Path(id): Path<String>,
    Body(input, hash): Body<PaymentInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::OK, move |w, ctx| {
        supplier_claims::pay(w, ctx, &id, input.into()).map(SupplierClaim::from)
    })
    .await
}

/// Warranty cost net of supplier recovery; recovery rate by supplier and by part (finance).
#[utoipa::path(get, path = "/reports/recovery", tag = "finance",
    responses((status = 200, description = "The report", body = RecoveryReport), ReadErrors))]
async fn recovery_report(State(s): State<AppState>, _caller: Caller<{ FINANCE }>) -> Result<Json<RecoveryReport>> {
    Ok(Json(read(&s, move |r| reports::recovery(r)).await?))
}

/// Warranty cost report window.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CostParams {
    /// Months back from the current business month, this one included: 1 to 36 (default 12).
    pub months: Option<u32>,
}

/// Approved warranty cost of the claims decided in the last months, by month (empty months
/// included), by model and by dealer (finance): the figures the finance charts draw.
#[utoipa::path(get, path = "/reports/warranty-cost", tag = "finance", params(CostParams),
    responses((status = 200, description = "The report", body = WarrantyCostReport), ReadErrors))]
async fn warranty_cost_report(
    State(s): State<AppState>,
    caller: Caller<{ FINANCE }>,
    Q(p): Q<CostParams>,
) -> Result<Json<WarrantyCostReport>> {
    let now = s.clock.now();
    let months = p.months.unwrap_or(12);
    Ok(Json(
        read(&s, move |r| reports::warranty_cost(r, &caller, months, now)).await?,
    ))
}
