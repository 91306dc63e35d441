//! Reversal (红冲) of a requisition's issues and returns.

use super::AppState;
use super::dto::drafts::Reversal;
use super::dto::requisition_reversals::EntryReversalInput;
use super::dto::wire;
use super::extract::{Body, Caller, Idem, Path};
use super::problem::{ReadErrors, WriteErrors};
use super::read::read;
use super::write;
use crate::commands::requisition_reversals;
use crate::domain::auth::*;
use crate::error::Result;
use crate::queries::lists;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_reversals, reverse_entry))
}

/// The reversals of a requisition's issues and returns, oldest first; each names its
/// stock ledger `entry`.
#[utoipa::path(get, path = "/requisitions/{id}/reversals", tag = "stock",
    params(("id" = String, Path, description = "Requisition number")),
    responses((status = 200, description = "Its reversals", body = Vec<Reversal>), ReadErrors))]
async fn list_reversals(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<Reversal>>> {
    Ok(Json(wire(
        read(&s, move |r| lists::requisition_reversals(r, &caller, &id)).await?,
    )))
}

/// Reverses (红冲) one issue or one return of a requisition (clerk or the station's dealer
/// at its location): a new `RV-…` posts the exact opposite stock movement and journal
/// posting, at the same value; the requisition's line takes it back. Refused with
/// `insufficient_stock` once a returned part has left, `return_exceeds_outstanding` for an
/// issue already returned or claimed, `claim_line_decided` once a claim citing it is decided,
/// `invalid_state` a second time (entity `stock_entry`), on a closed requisition, or for an
/// issue whose value a return has since shared (reverse that return first); an entry that is
/// not this requisition's is `not_found`.
#[utoipa::path(post, path = "/requisitions/{id}/reversals", tag = "stock", request_body = EntryReversalInput,
    params(("id" = String, Path, description = "Requisition number"),
        ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for a retried request")),
    responses((status = 201, description = "Reversed", body = Reversal), WriteErrors))]
async fn reverse_entry(
    State(s): State<AppState>,
    caller: Caller<{ CLERK | DEALER | SUPERVISOR }>,
    idem: Idem,
    Path(id): Path<String>,
    Body(input, hash): Body<EntryReversalInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::CREATED, move |w, ctx| {
        requisition_reversals::reverse_entry(w, ctx, &id, input.into()).map(Reversal::from)
    })
    .await
}
