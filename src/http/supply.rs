//! Dealer parts supply routes (款到发货): dealer funds and credit limits, payments, parts
//! orders with their release against paid funds, and shipping by scan. Delivery notes and
//! returns are in `supply_returns.rs`.

use super::AppState;
use super::dto::supply::{
    CreditLimitInput, DealerPayment, DealerPaymentInput, Funds, OrderStatus, PartsOrder, PartsOrderInput, Shipment,
    ShipmentInput,
};
use super::dto::{Wire, wire};
use super::extract::{Body, Caller, CodePath, EMPTY_BODY_HASH, Idem, IfMatch, Path, Q};
use super::problem::{ReadErrors, WriteErrors};
use super::read::read;
use super::write;
use crate::commands::supply::{funds, orders, shipments};
use crate::domain::auth::*;
use crate::domain::money::Fen;
use crate::error::Result;
use crate::queries::lists;
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
        .routes(routes!(dealer_funds))
        .routes(routes!(set_credit_limit))
        .routes(routes!(list_payments, record_payment))
        .routes(routes!(get_payment))
        .routes(routes!(list_orders, create_order))
        .routes(routes!(get_order))
        .routes(routes!(submit_order))
        .routes(routes!(release_order))
        .routes(routes!(cancel_order))
        .routes(routes!(ship_order))
}

/// A dealer's funds: the `dealer:<code>` balance, what released orders hold, the credit
/// limit, and what is available to release more (a dealer: its own only).
#[utoipa::path(get, path = "/dealers/{code}/funds", tag = "supply", params(("code" = String, Path)),
    responses((status = 200, description = "The funds", body = Funds), ReadErrors))]
async fn dealer_funds(
    State(s): State<AppState>,
    caller: Caller<{ FINANCE | DEALER | CLERK }>,
    CodePath(code): CodePath,
) -> Result<Json<Funds>> {
    Ok(Json(wire(
        read(&s, move |r| lists::dealer_funds(r, &caller, &code)).await?,
    )))
}

/// Sets the credit a dealer may order on beyond what it paid (finance; 0 = cash before
/// goods).
#[utoipa::path(post, path = "/dealers/{code}/credit-limit", tag = "supply", request_body = CreditLimitInput,
    params(("code" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer")),
    responses((status = 200, description = "The funds after the change", body = Funds), WriteErrors))]
async fn set_credit_limit(
    State(s): State<AppState>,
    caller: Caller<{ FINANCE }>,
    idem: Idem,
    CodePath(code): CodePath,
    Body(input, hash): Body<CreditLimitInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::OK, move |w, ctx| {
        funds::set_credit_limit(w, ctx, &code, Fen(input.credit_limit_fen))?;
        lists::dealer_funds(w, &ctx.caller, &code).map(Funds::from)
    })
    .await
}

/// Payment filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PaymentParams {
    /// Only this dealer.
    pub dealer: Option<String>,
    /// Page size, 1 to 500 (default 50).
    pub limit: Option<usize>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Payments received from dealers (a dealer: its own), newest first.
#[utoipa::path(get, path = "/dealer-payments", tag = "supply", params(PaymentParams),
    responses((status = 200, description = "Payments", body = Page<DealerPayment>), ReadErrors))]
async fn list_payments(
    State(s): State<AppState>,
    caller: Caller<{ FINANCE | DEALER }>,
    Q(p): Q<PaymentParams>,
) -> Result<Json<Page<DealerPayment>>> {
    let page = PageRequest {
        limit: p.limit,
        cursor: p.cursor,
    };
    Ok(Json(wire(
        read(&s, move |r| {
            lists::dealer_payments(r, &caller, p.dealer.as_deref(), &page)
        })
        .await?,
    )))
}

/// Records money received from a dealer with its bank reference (finance): Dr `bank` /
/// Cr `dealer:<code>`.
#[utoipa::path(post, path = "/dealer-payments", tag = "supply", request_body = DealerPaymentInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer")),
    responses((status = 201, description = "Recorded", body = DealerPayment), WriteErrors))]
async fn record_payment(
    State(s): State<AppState>,
    caller: Caller<{ FINANCE }>,
    idem: Idem,
    Body(input, hash): Body<DealerPaymentInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::CREATED, move |w, ctx| {
        funds::record_payment(w, ctx, input.into()).map(DealerPayment::from)
    })
    .await
}

/// Reads a payment.
#[utoipa::path(get, path = "/dealer-payments/{id}", tag = "supply", params(("id" = String, Path, description = "e.g. DP-000001")),
    responses((status = 200, description = "The payment", body = DealerPayment), ReadErrors))]
async fn get_payment(
    State(s): State<AppState>,
    caller: Caller<{ FINANCE | DEALER }>,
    Path(id): Path<String>,
) -> Result<Json<DealerPayment>> {
    Ok(Json(wire(
        read(&s, move |r| lists::dealer_payment(r, &caller, &id)).await?,
    )))
}

/// Parts order filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrderParams {
    /// Only this dealer.
    pub dealer: Option<String>,
    /// Only this status (the picking list: `released`, `partially_shipped`).
    pub status: Option<OrderStatus>,
    /// Page size, 1 to 500 (default 50).
    pub limit: Option<usize>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Parts orders (a dealer: its own), newest first.
#[utoipa::path(get, path = "/parts-orders", tag = "supply", params(OrderParams),
    responses((status = 200, description = "Parts orders", body = Page<PartsOrder>), ReadErrors))]
async fn list_orders(
    State(s): State<AppState>,
    caller: Caller<{ FINANCE | DEALER | CLERK }>,
    Q(p): Q<OrderParams>,
) -> Result<Json<Page<PartsOrder>>> {
    let page = PageRequest {
        limit: p.limit,
        cursor: p.cursor,
    };
    let status = p.status.map(Wire::into_domain);
    Ok(Json(wire(
        read(&s, move |r| {
            lists::parts_orders(r, &caller, p.dealer.as_deref(), status, &page)
        })
        .await?,
    )))
}

/// Writes a draft parts order at the parts' dealer prices (a dealer for itself, or
/// finance naming the dealer).
#[utoipa::path(post, path = "/parts-orders", tag = "supply", request_body = PartsOrderInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer")),
    responses((status = 201, description = "Draft written", body = PartsOrder), WriteErrors))]
async fn create_order(
    State(s): State<AppState>,
    caller: Caller<{ DEALER | FINANCE }>,
    idem: Idem,
    Body(input, hash): Body<PartsOrderInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::CREATED, move |w, ctx| {
        orders::create(w, ctx, input.into()).map(PartsOrder::from)
    })
    .await
}

/// Reads a parts order.
#[utoipa::path(get, path = "/parts-orders/{id}", tag = "supply", params(("id" = String, Path, description = "e.g. SO-000001")),
    responses((status = 200, description = "The order", body = PartsOrder), ReadErrors))]
async fn get_order(
    State(s): State<AppState>,
    caller: Caller<{ FINANCE | DEALER | CLERK }>,
    Path(id): Path<String>,
) -> Result<Json<PartsOrder>> {
    Ok(Json(wire(
        read(&s, move |r| lists::parts_order(r, &caller, &id)).await?,
    )))
}

macro_rules! order_action {
    ($name:ident, $path:literal, $command:path, $doc:literal, $ok:literal) => {
        #[doc = $doc]
        #[utoipa::path(post, path = $path, tag = "supply",
            params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"), ("If-Match" = Option<String>, Header, description = "Expected version")),
            responses((status = 200, description = $ok, body = PartsOrder), WriteErrors))]
        async fn $name(
            State(s): State<AppState>,
            caller: Caller<{ DEALER | FINANCE }>,
            idem: Idem,
            IfMatch(v): IfMatch,
            Path(id): Path<String>,
        ) -> Result<Response> {
            write::run(&s, &caller, idem, EMPTY_BODY_HASH, StatusCode::OK, move |w, ctx| {
                $command(w, ctx, &id, v).map(PartsOrder::from)
            })
            .await
        }
    };
}

order_action!(
    submit_order,
    "/parts-orders/{id}/submit",
    orders::submit,
    "Sends a draft order.",
    "Submitted"
);
order_action!(
    release_order,
    "/parts-orders/{id}/release",
    orders::release,
    "Releases a submitted order for shipping once paid (款到发货): refused with `insufficient_funds` (params `required`, `available`, `shortfall`) unless the dealer's available funds cover the total, which is then held.",
    "Released"
);
order_action!(
    cancel_order,
    "/parts-orders/{id}/cancel",
    orders::cancel,
    "Cancels an order not shipped in full (its backorder); what it held is released.",
    "Cancelled"
);

/// Ships scanned parts of a released order from a warehouse (clerk): stock leaves at the
/// moving average (Dr `cost_of_sales:parts` / Cr `inventory:L`), the dealer is charged
/// the order's price (Dr `dealer:<code>` / Cr `sales:parts`); what is not shipped stays
/// on backorder.
#[utoipa::path(post, path = "/parts-orders/{id}/shipments", tag = "supply", request_body = ShipmentInput,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer")),
    responses((status = 201, description = "Shipped", body = Shipment), WriteErrors))]
async fn ship_order(
    State(s): State<AppState>,
    caller: Caller<{ CLERK }>,
    idem: Idem,
    Path(id): Path<String>,
    Body(input, hash): Body<ShipmentInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::CREATED, move |w, ctx| {
        shipments::ship(w, ctx, &id, input.into()).map(Shipment::from)
    })
    .await
}
