//! Old-part routes: tags, labels, shipments, scan receipts, inspection, the sweep and the
//! old-parts report.

use super::AppState;
use super::dto::old_parts::{
    InspectionInput, OldPart, ShipmentInput, SweepInput, SweepResult, TagScanInput, TagStatus,
};
use super::dto::wire;
use super::extract::Path;
use super::extract::{Body, Caller, Idem, Q};
use super::print;
use super::problem::{ReadErrors, WriteErrors};
use super::read::read;
use super::write;
use crate::commands::old_parts;
use crate::domain::auth::*;
use crate::domain::warranty::business_date;
use crate::error::Result;
use crate::queries::lists;
use crate::queries::page::{Page, PageRequest};
use crate::queries::paper;
use crate::queries::reports::{self, OldPartsReport};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_old_parts))
        .routes(routes!(get_old_part))
        .routes(routes!(label))
        .routes(routes!(ship))
        .routes(routes!(receive))
        .routes(routes!(inspect))
        .routes(routes!(sweep))
        .routes(routes!(old_parts_report))
}

/// Old-part filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OldPartParams {
    /// Only this claim's tags.
    pub claim: Option<String>,
    /// Only this status (`due` lists what a dealer still owes).
    pub status: Option<TagStatus>,
    /// Only this dealer's tags (a dealer token sees only its own anyway).
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

/// Old-part tags the caller may see (a dealer: its own), by tag.
#[utoipa::path(get, path = "/old-parts", tag = "old parts", params(OldPartParams),
    responses((status = 200, description = "Tags", content((Page<OldPart> = "application/json"), (String = "text/csv"), ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))), ReadErrors))]
async fn list_old_parts(State(s): State<AppState>, caller: Caller, Q(p): Q<OldPartParams>) -> Result<Response> {
    let search = lists::Search::new(p.q.as_deref(), p.from_date, p.to_date)?;
    let page = PageRequest {
        limit: p.limit,
        cursor: p.cursor.clone(),
    };
    super::export::list::<_, OldPart, _>(&s, "old-parts", p.format, page, move |r, page| {
        lists::old_parts(
            r,
            &caller,
            p.claim.as_deref(),
            p.status.map(Into::into),
            p.dealer.as_deref(),
            &search,
            page,
        )
    })
    .await
}

/// Reads one tag.
#[utoipa::path(get, path = "/old-parts/{tag}", tag = "old parts", params(("tag" = String, Path, description = "e.g. OP-2026-000001")),
    responses((status = 200, description = "The tag", body = OldPart), ReadErrors))]
async fn get_old_part(State(s): State<AppState>, caller: Caller, Path(tag): Path<String>) -> Result<Json<OldPart>> {
    Ok(Json(wire(read(&s, move |r| lists::old_part(r, &caller, &tag)).await?)))
}

/// A printable label: one 80 × 50 mm sticker with the tag as a Code 39 barcode, part,
/// claim line, dealer, unit (VIN) and due date.
#[utoipa::path(get, path = "/old-parts/{tag}/label", tag = "old parts", params(("tag" = String, Path)),
    responses((status = 200, description = "An HTML page to print (80 × 50 mm)", content_type = "text/html", body = String), ReadErrors))]
async fn label(State(s): State<AppState>, caller: Caller, Path(tag): Path<String>) -> Result<Html<String>> {
    let sheet = read(&s, move |r| paper::label(r, &caller, &tag)).await?;
    Ok(Html(print::label::render(&sheet)?))
}

/// Groups tags into a return shipment with its carrier reference (the tags' dealer).
#[utoipa::path(post, path = "/old-parts/shipments", tag = "old parts", request_body = ShipmentInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer")),
    responses((status = 201, description = "Shipped", body = Vec<OldPart>), WriteErrors))]
async fn ship(
    State(s): State<AppState>,
    caller: Caller<{ DEALER }>,
    idem: Idem,
    Body(input, hash): Body<ShipmentInput>,
) -> Result<Response> {
    let scope = caller.dealer.clone();
    write::run(&s, &caller, idem, hash, StatusCode::CREATED, move |w, ctx| {
        old_parts::ship(w, ctx, scope.as_deref(), input.into()).map(wire::<_, Vec<OldPart>>)
    })
    .await
}

/// Receives one scanned tag at the old-parts store (value 0). Unknown tags answer 404,
/// a second scan or another dealer's tag 409; nothing is posted then.
#[utoipa::path(post, path = "/old-parts/receipts", tag = "old parts", request_body = TagScanInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for a retried scan")),
    responses((status = 200, description = "Received", body = OldPart), WriteErrors))]
async fn receive(
    State(s): State<AppState>,
    caller: Caller<{ CLERK }>,
    idem: Idem,
    Body(input, hash): Body<TagScanInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::OK, move |w, ctx| {
        old_parts::receive(w, ctx, input.into()).map(OldPart::from)
    })
    .await
}

/// Inspects a received old part: `reusable`, `scrap` or `supplier_fault` (reviewer).
#[utoipa::path(post, path = "/old-parts/{tag}/inspection", tag = "old parts", request_body = InspectionInput,
    params(("tag" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer")),
    responses((status = 200, description = "Inspected", body = OldPart), WriteErrors))]
async fn inspect(
    State(s): State<AppState>,
    caller: Caller<{ REVIEWER }>,
    idem: Idem,
    Path(tag): Path<String>,
    Body(input, hash): Body<InspectionInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::OK, move |w, ctx| {
        old_parts::inspect(w, ctx, &tag, input.into()).map(OldPart::from)
    })
    .await
}

/// Runs the old-part deadline sweep (admin; also runs inside the server daily and as
/// `sanbao sweep`): overdue tags reject their claim lines with `old_part_not_returned`,
/// and resolved service requests whose follow-up window ended before the date are closed
/// (`closed_reason` `no_follow_up`). Running it twice changes nothing the second time.
#[utoipa::path(post, path = "/admin/sweep", tag = "old parts", request_body = SweepInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer")),
    responses((status = 200, description = "Swept", body = SweepResult), WriteErrors))]
async fn sweep(
    State(s): State<AppState>,
    caller: Caller<{ ADMIN_ONLY }>,
    idem: Idem,
    Body(input, hash): Body<SweepInput>,
) -> Result<Response> {
    let date = input.date.unwrap_or_else(|| business_date(s.clock.now()));
    write::run(&s, &caller, idem, hash, StatusCode::OK, move |w, ctx| {
        old_parts::sweep(w, ctx, date).map(SweepResult::from)
    })
    .await
}

/// Report date.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AsOfParams {
    /// Age against this date (default today).
    pub as_of_date: Option<NaiveDate>,
}

/// Old-part aging per dealer and the monthly disposition summary.
#[utoipa::path(get, path = "/reports/old-parts", tag = "old parts", params(AsOfParams),
    responses((status = 200, description = "The report", body = OldPartsReport), ReadErrors))]
async fn old_parts_report(
    State(s): State<AppState>,
    caller: Caller,
    Q(p): Q<AsOfParams>,
) -> Result<Json<OldPartsReport>> {
    let today = p.as_of_date.unwrap_or_else(|| business_date(s.clock.now()));
    Ok(Json(read(&s, move |r| reports::old_parts(r, &caller, today)).await?))
}
