//! Dealer supply routes after shipping: shipments and their signed delivery notes (the
//! overdue unsigned ones listed), and returns to the company (返厂) received by scan.

use super::AppState;
use super::dto::supply::{
    AcknowledgementInput, DealerReturn, DealerReturnInput, ReturnReceiptInput, ReturnStatus, Shipment,
};
use super::dto::{Wire, wire};
use super::extract::{Body, Caller, EMPTY_BODY_HASH, Idem, IfMatch, Path, Q};
use super::problem::{ReadErrors, WriteErrors};
use super::read::read;
use super::write;
use crate::commands::supply::{returns, shipments};
use crate::domain::auth::*;
use crate::error::Result;
use crate::queries::lists::{self, ShipmentFilter};
use crate::queries::page::{Page, PageRequest};
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
        .routes(routes!(list_shipments))
        .routes(routes!(get_shipment))
        .routes(routes!(acknowledge_shipment))
        .routes(routes!(list_returns, request_return))
        .routes(routes!(get_return))
        .routes(routes!(receive_return))
        .routes(routes!(cancel_return))
}

/// Shipment filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ShipmentParams {
    /// Only this dealer.
    pub dealer: Option<String>,
    /// Only this order's.
    pub order: Option<String>,
    /// Only those whose signed delivery note is more than 15 days overdue.
    pub overdue: Option<bool>,
    /// Page size, 1 to 500 (default 50).
    pub limit: Option<usize>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Shipments (a dealer: its own), newest first; `overdue=true` lists those whose signed
/// delivery note has not come back within 15 days.
#[utoipa::path(get, path = "/shipments", tag = "supply", params(ShipmentParams),
    responses((status = 200, description = "Shipments", body = Page<Shipment>), ReadErrors))]
async fn list_shipments(
    State(s): State<AppState>,
    caller: Caller<{ FINANCE | DEALER | CLERK }>,
    Q(p): Q<ShipmentParams>,
) -> Result<Json<Page<Shipment>>> {
    let page = PageRequest {
        limit: p.limit,
        cursor: p.cursor,
    };
    let filter = ShipmentFilter {
        dealer: p.dealer,
        order: p.order.map(|o| crate::domain::validate::normalize_code(&o)),
        overdue_at: p.overdue.unwrap_or(false).then(|| s.clock.now()),
    };
    Ok(Json(wire(
        read(&s, move |r| lists::shipments(r, &caller, &filter, &page)).await?,
    )))
}

/// Reads a shipment.
#[utoipa::path(get, path = "/shipments/{id}", tag = "supply", params(("id" = String, Path, description = "e.g. SH-000001")),
    responses((status = 200, description = "The shipment", body = Shipment), ReadErrors))]
async fn get_shipment(
    State(s): State<AppState>,
    caller: Caller<{ FINANCE | DEALER | CLERK }>,
    Path(id): Path<String>,
) -> Result<Json<Shipment>> {
    Ok(Json(wire(read(&s, move |r| lists::shipment(r, &caller, &id)).await?)))
}

/// Records that the dealer's signed delivery note came back, with where the signed copy
/// is kept.
#[utoipa::path(post, path = "/shipments/{id}/acknowledgement", tag = "supply", request_body = AcknowledgementInput,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Recorded", body = Shipment), WriteErrors))]
async fn acknowledge_shipment(
    State(s): State<AppState>,
    caller: Caller<{ CLERK | FINANCE | DEALER }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
    Body(input, hash): Body<AcknowledgementInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::OK, move |w, ctx| {
        shipments::acknowledge(w, ctx, &id, input.signed_copy_ref, v).map(Shipment::from)
    })
    .await
}

/// Return filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReturnParams {
    /// Only this dealer.
    pub dealer: Option<String>,
    /// Only this status.
    pub status: Option<ReturnStatus>,
    /// Page size, 1 to 500 (default 50).
    pub limit: Option<usize>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Returns to the company (a dealer: its own), newest first.
#[utoipa::path(get, path = "/dealer-returns", tag = "supply", params(ReturnParams),
    responses((status = 200, description = "Returns", body = Page<DealerReturn>), ReadErrors))]
async fn list_returns(
    State(s): State<AppState>,
    caller: Caller<{ FINANCE | DEALER | CLERK }>,
    Q(p): Q<ReturnParams>,
) -> Result<Json<Page<DealerReturn>>> {
    let page = PageRequest {
        limit: p.limit,
        cursor: p.cursor,
    };
    let status = p.status.map(Wire::into_domain);
    Ok(Json(wire(
        read(&s, move |r| {
            lists::dealer_returns(r, &caller, p.dealer.as_deref(), status, &page)
        })
        .await?,
    )))
}

/// Asks for a return of parts of one shipment (返厂), citing its lines; refused with
/// `return_exceeds_shipped` beyond what was shipped and is neither returned nor on
/// another return. Freight: `quality` → the company bears it; `dealer_disassembled` →
/// the dealer bears it and pays the restoration labor; `unsold` → the dealer bears it.
#[utoipa::path(post, path = "/dealer-returns", tag = "supply", request_body = DealerReturnInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer")),
    responses((status = 201, description = "Requested", body = DealerReturn), WriteErrors))]
async fn request_return(
    State(s): State<AppState>,
    caller: Caller<{ DEALER | FINANCE }>,
    idem: Idem,
    Body(input, hash): Body<DealerReturnInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::CREATED, move |w, ctx| {
        returns::request(w, ctx, input.into()).map(DealerReturn::from)
    })
    .await
}

/// Reads a return.
#[utoipa::path(get, path = "/dealer-returns/{id}", tag = "supply", params(("id" = String, Path, description = "e.g. RT-000001")),
    responses((status = 200, description = "The return", body = DealerReturn), ReadErrors))]
async fn get_return(
    State(s): State<AppState>,
    caller: Caller<{ FINANCE | DEALER | CLERK }>,
    Path(id): Path<String>,
) -> Result<Json<DealerReturn>> {
    Ok(Json(wire(
        read(&s, move |r| lists::dealer_return(r, &caller, &id)).await?,
    )))
}

/// Receives a requested return at a warehouse by scan (clerk): stock back at the shipment
/// line's cost (Dr `inventory:L` / Cr `cost_of_sales:parts`), the dealer credited the
/// price charged (Dr `sales:parts` / Cr `dealer:<code>`), restoration labor and freight
/// posted by who bears them.
#[utoipa::path(post, path = "/dealer-returns/{id}/receipt", tag = "supply", request_body = ReturnReceiptInput,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Received", body = DealerReturn), WriteErrors))]
async fn receive_return(
    State(s): State<AppState>,
    caller: Caller<{ CLERK }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
    Body(input, hash): Body<ReturnReceiptInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::OK, move |w, ctx| {
        let scans = input.lines.map(Wire::into_domain);
        returns::receive(w, ctx, &id, &input.location, scans, v).map(DealerReturn::from)
    })
    .await
}

/// Withdraws a requested return; its quantities may be returned again.
#[utoipa::path(post, path = "/dealer-returns/{id}/cancel", tag = "supply",
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Cancelled", body = DealerReturn), WriteErrors))]
async fn cancel_return(
    State(s): State<AppState>,
    caller: Caller<{ DEALER | FINANCE }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
) -> Result<Response> {
    write::run(&s, &caller, idem, EMPTY_BODY_HASH, StatusCode::OK, move |w, ctx| {
        returns::cancel(w, ctx, &id, v).map(DealerReturn::from)
    })
    .await
}
