//! Opening stock: the stock on hand when the system starts, posted as a receipt that
//! credits `opening:balance` instead of `grni` (what `sanbao import opening-stock` sends to
//! a running server).

use super::AppState;
use super::dto::stock::{Receipt, ReceiptInput};
use super::extract::{Body, Caller, Idem};
use super::problem::WriteErrors;
use super::write;
use crate::commands::receipts;
use crate::domain::auth::*;
use crate::error::Result;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(post_opening_stock))
}

/// Posts opening stock (admin): stock in at the given cost; Dr `inventory:<location>` /
/// Cr `opening:balance`. The receipt is numbered and listed like any other.
#[utoipa::path(post, path = "/stock/opening", tag = "stock", request_body = ReceiptInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for a retried request")),
    responses((status = 201, description = "Posted", body = Receipt), WriteErrors))]
async fn post_opening_stock(
    State(s): State<AppState>,
    caller: Caller<{ ADMIN_ONLY }>,
    idem: Idem,
    Body(input, hash): Body<ReceiptInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::CREATED, move |w, ctx| {
        receipts::post_opening(w, ctx, input.into()).map(Receipt::from)
    })
    .await
}
