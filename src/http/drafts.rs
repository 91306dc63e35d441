//! Draft routes (documents built by scanning), reversals (红冲) of receipts and transfers,
//! and a stocktake's preview.

use super::AppState;
use super::dto::drafts::{Draft, DraftInput, DraftStatus, LineInput, Reversal, ReversalInput, ScanInput};
use super::dto::stock::Adjustment;
use super::dto::wire;
use super::extract::{Body, Caller, EMPTY_BODY_HASH, Idem, IfMatch, Path, Q};
use super::problem::{ReadErrors, WriteErrors};
use super::read::read;
use super::write;
use crate::commands::{drafts, reversals};
use crate::domain::auth::*;
use crate::domain::numbered::DocumentKind;
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
        .routes(routes!(list_drafts, open_draft))
        .routes(routes!(get_draft))
        .routes(routes!(scan_draft))
        .routes(routes!(correct_line, remove_line))
        .routes(routes!(post_draft))
        .routes(routes!(discard_draft))
        .routes(routes!(get_receipt_reversal, reverse_receipt))
        .routes(routes!(get_transfer_reversal, reverse_transfer))
        .routes(routes!(get_reversal))
        .routes(routes!(preview_stocktake))
}

/// Draft filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DraftParams {
    /// Only drafts at this location.
    pub location: Option<String>,
    /// Only drafts in this status (`open` to resume scanning).
    pub status: Option<DraftStatus>,
    /// Page size, 1 to 500 (default 50).
    pub limit: Option<usize>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Drafts the caller may see, newest first.
#[utoipa::path(get, path = "/drafts", tag = "stock", params(DraftParams),
    responses((status = 200, description = "Drafts", body = Page<Draft>), ReadErrors))]
async fn list_drafts(State(s): State<AppState>, caller: Caller, Q(p): Q<DraftParams>) -> Result<Json<Page<Draft>>> {
    let page = PageRequest {
        limit: p.limit,
        cursor: p.cursor,
    };
    let status = p.status.map(Into::into);
    Ok(Json(wire(
        read(&s, move |r| {
            lists::drafts(r, &caller, p.location.as_deref(), status, &page)
        })
        .await?,
    )))
}

/// Opens a draft to scan into: a receipt or a transfer dispatch (clerk), a two-step
/// transfer's arrival or a requisition's issue (clerk, or the station's dealer). A draft
/// moves no stock and posts nothing until it is posted.
#[utoipa::path(post, path = "/drafts", tag = "stock", request_body = DraftInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for a retried request")),
    responses((status = 201, description = "Opened", body = Draft), WriteErrors))]
async fn open_draft(
    State(s): State<AppState>,
    caller: Caller<{ CLERK | DEALER }>,
    idem: Idem,
    Body(input, hash): Body<DraftInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::CREATED, move |w, ctx| {
        drafts::open(w, ctx, input.into()).map(Draft::from)
    })
    .await
}

/// Reads a draft with its lines.
#[utoipa::path(get, path = "/drafts/{id}", tag = "stock", params(("id" = String, Path, description = "Draft number, e.g. DR-000001")),
    responses((status = 200, description = "The draft", body = Draft), ReadErrors))]
async fn get_draft(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<Draft>> {
    Ok(Json(wire(read(&s, move |r| lists::draft(r, &caller, &id)).await?)))
}

/// Adds one scan to its part's line. Give every scan its own `Idempotency-Key`: a retried
/// scan is answered from the first, ten scans are ten units.
#[utoipa::path(post, path = "/drafts/{id}/scans", tag = "stock", request_body = ScanInput,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for a retried scan")),
    responses((status = 200, description = "Scanned", body = Draft), WriteErrors))]
async fn scan_draft(
    State(s): State<AppState>,
    caller: Caller<{ CLERK | DEALER }>,
    idem: Idem,
    Path(id): Path<String>,
    Body(input, hash): Body<ScanInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::OK, move |w, ctx| {
        drafts::scan(w, ctx, &id, input.into()).map(Draft::from)
    })
    .await
}

/// Corrects a line's quantity (and a receipt line's cost).
#[utoipa::path(put, path = "/drafts/{id}/lines/{line}", tag = "stock", request_body = LineInput,
    params(("id" = String, Path), ("line" = u32, Path, description = "Line number, from 1"),
        ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Corrected", body = Draft), WriteErrors))]
async fn correct_line(
    State(s): State<AppState>,
    caller: Caller<{ CLERK | DEALER }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path((id, line)): Path<(String, u32)>,
    Body(input, hash): Body<LineInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::OK, move |w, ctx| {
        drafts::correct(w, ctx, &id, line, v, input.into()).map(Draft::from)
    })
    .await
}

/// Removes a line.
#[utoipa::path(delete, path = "/drafts/{id}/lines/{line}", tag = "stock",
    params(("id" = String, Path), ("line" = u32, Path, description = "Line number, from 1"),
        ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Removed", body = Draft), WriteErrors))]
async fn remove_line(
    State(s): State<AppState>,
    caller: Caller<{ CLERK | DEALER }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path((id, line)): Path<(String, u32)>,
) -> Result<Response> {
    write::run(&s, &caller, idem, EMPTY_BODY_HASH, StatusCode::OK, move |w, ctx| {
        drafts::remove_line(w, ctx, &id, line, v).map(Draft::from)
    })
    .await
}

/// Posts the draft as its document: every line, its stock movements and journal entry in
/// one transaction; the answer names the document (`posted_as`).
#[utoipa::path(post, path = "/drafts/{id}/post", tag = "stock",
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for a retried request"),
        ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Posted", body = Draft), WriteErrors))]
async fn post_draft(
    State(s): State<AppState>,
    caller: Caller<{ CLERK | DEALER }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
) -> Result<Response> {
    write::run(&s, &caller, idem, EMPTY_BODY_HASH, StatusCode::OK, move |w, ctx| {
        drafts::post(w, ctx, &id, v).map(Draft::from)
    })
    .await
}

/// Abandons a draft; nothing was posted.
#[utoipa::path(post, path = "/drafts/{id}/discard", tag = "stock",
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for a retried request"),
        ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Discarded", body = Draft), WriteErrors))]
async fn discard_draft(
    State(s): State<AppState>,
    caller: Caller<{ CLERK | DEALER }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    Path(id): Path<String>,
) -> Result<Response> {
    write::run(&s, &caller, idem, EMPTY_BODY_HASH, StatusCode::OK, move |w, ctx| {
        drafts::discard(w, ctx, &id, v).map(Draft::from)
    })
    .await
}

/// The reversal of a receipt (`not_found` while the receipt stands).
#[utoipa::path(get, path = "/stock/receipts/{id}/reversal", tag = "stock", params(("id" = String, Path, description = "Receipt number")),
    responses((status = 200, description = "Its reversal", body = Reversal), ReadErrors))]
async fn get_receipt_reversal(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Reversal>> {
    let entity = DocumentKind::Receipt.entity();
    Ok(Json(wire(
        read(&s, move |r| lists::reversal_of(r, &caller, entity, &id)).await?,
    )))
}

/// Reverses (红冲) a posted receipt: its lines leave at their own values, its journal entry
/// is posted with debits and credits swapped, under a new `RV-…` number; the receipt is
/// left as it was. Refused with `insufficient_stock` once the stock has left, and with
/// `invalid_state` a second time.
#[utoipa::path(post, path = "/stock/receipts/{id}/reversal", tag = "stock", request_body = ReversalInput,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for a retried request")),
    responses((status = 201, description = "Reversed", body = Reversal), WriteErrors))]
async fn reverse_receipt(
    State(s): State<AppState>,
    caller: Caller<{ CLERK }>,
    idem: Idem,
    Path(id): Path<String>,
    Body(input, hash): Body<ReversalInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::CREATED, move |w, ctx| {
        reversals::reverse_receipt(w, ctx, &id, input.into()).map(Reversal::from)
    })
    .await
}

/// The reversal of a transfer (`not_found` while the transfer stands).
#[utoipa::path(get, path = "/stock/transfers/{id}/reversal", tag = "stock", params(("id" = String, Path, description = "Transfer number")),
    responses((status = 200, description = "Its reversal", body = Reversal), ReadErrors))]
async fn get_transfer_reversal(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Reversal>> {
    let entity = DocumentKind::Transfer.entity();
    Ok(Json(wire(
        read(&s, move |r| lists::reversal_of(r, &caller, entity, &id)).await?,
    )))
}

/// Reverses (红冲) a transfer as it stands (clerk at the source): what arrived and what is in
/// transit go back to the source at the values they left with; every journal entry of the
/// transfer is reversed; a reversed transfer takes no more arrivals.
#[utoipa::path(post, path = "/stock/transfers/{id}/reversal", tag = "stock", request_body = ReversalInput,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for a retried request")),
    responses((status = 201, description = "Reversed", body = Reversal), WriteErrors))]
async fn reverse_transfer(
    State(s): State<AppState>,
    caller: Caller<{ CLERK }>,
    idem: Idem,
    Path(id): Path<String>,
    Body(input, hash): Body<ReversalInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::CREATED, move |w, ctx| {
        reversals::reverse_transfer(w, ctx, &id, input.into()).map(Reversal::from)
    })
    .await
}

/// Reads a reversal.
#[utoipa::path(get, path = "/reversals/{id}", tag = "stock", params(("id" = String, Path, description = "Reversal number, e.g. RV-000001")),
    responses((status = 200, description = "The reversal", body = Reversal), ReadErrors))]
async fn get_reversal(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<Reversal>> {
    Ok(Json(wire(read(&s, move |r| lists::reversal(r, &caller, &id)).await?)))
}

/// What posting an open stocktake would write now, nothing written: booked against counted
/// per part and the value each variance would post.
#[utoipa::path(get, path = "/stocktakes/{id}/preview", tag = "stock", params(("id" = String, Path, description = "Stocktake number")),
    responses((status = 200, description = "The variances posting would write", body = Vec<Adjustment>), ReadErrors))]
async fn preview_stocktake(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<Adjustment>>> {
    Ok(Json(wire(
        read(&s, move |r| lists::stocktake_preview(r, &caller, &id)).await?,
    )))
}
