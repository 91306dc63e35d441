//! Master data routes: parts, locations, dealers, suppliers.

use super::AppState;
use super::dto::master::{
    Dealer, DealerInput, Location, LocationInput, LocationKind, LocationUpdate, Part, PartInput, Supplier,
    SupplierInput,
};
use super::dto::wire;
use super::extract::{Body, Caller, Idem, IfMatch, Q};
use super::extract::{CodePath, Path};
use super::problem::{ReadErrors, WriteErrors};
use super::read::read;
use super::write;
use crate::commands::master;
use crate::domain::auth::*;
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
        .routes(routes!(list_parts, create_part))
        .routes(routes!(get_part, update_part))
        .routes(routes!(part_by_barcode))
        .routes(routes!(list_locations, create_location))
        .routes(routes!(get_location, update_location))
        .routes(routes!(list_dealers, create_dealer))
        .routes(routes!(get_dealer, update_dealer))
        .routes(routes!(list_suppliers, create_supplier))
        .routes(routes!(get_supplier, update_supplier))
}

/// Page parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Page size, 1 to 500 (default 50).
    pub limit: Option<usize>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl PageParams {
    /// As a page request.
    pub fn page(&self) -> PageRequest {
        PageRequest {
            limit: self.limit,
            cursor: self.cursor.clone(),
        }
    }
}

/// Part list filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PartParams {
    /// Matches part number, name or a barcode, case-insensitive.
    pub q: Option<String>,
    /// Page size, 1 to 500 (default 50).
    pub limit: Option<usize>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Lists parts by part number.
#[utoipa::path(get, path = "/parts", tag = "master data", params(PartParams),
    responses((status = 200, description = "Parts", body = Page<Part>), ReadErrors))]
async fn list_parts(State(s): State<AppState>, _caller: Caller, Q(p): Q<PartParams>) -> Result<Json<Page<Part>>> {
    let page = PageRequest {
        limit: p.limit,
        cursor: p.cursor,
    };
    Ok(Json(wire(
        read(&s, move |r| lists::parts(r, p.q.as_deref(), &page)).await?,
    )))
}

/// Creates a part (admin).
#[utoipa::path(post, path = "/parts", tag = "master data", request_body = PartInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for a retried request")),
    responses((status = 201, description = "Created", body = Part), WriteErrors))]
async fn create_part(
    State(s): State<AppState>,
    caller: Caller<{ ADMIN_ONLY }>,
    idem: Idem,
    Body(input, hash): Body<PartInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::CREATED, move |w, ctx| {
        master::create_part(w, ctx, input.into()).map(Part::from)
    })
    .await
}

/// Reads a part.
#[utoipa::path(get, path = "/parts/{part_no}", tag = "master data", params(("part_no" = String, Path)),
    responses((status = 200, description = "The part", body = Part), ReadErrors))]
async fn get_part(State(s): State<AppState>, _caller: Caller, CodePath(part_no): CodePath) -> Result<Json<Part>> {
    Ok(Json(wire(read(&s, move |r| lists::part(r, &part_no)).await?)))
}

/// Replaces a part's fields (admin); `If-Match` refuses stale writes.
#[utoipa::path(put, path = "/parts/{part_no}", tag = "master data", request_body = PartInput,
    params(("part_no" = String, Path), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Updated", body = Part), WriteErrors))]
async fn update_part(
    State(s): State<AppState>,
    caller: Caller<{ ADMIN_ONLY }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    CodePath(part_no): CodePath,
    Body(input, hash): Body<PartInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::OK, move |w, ctx| {
        master::update_part(w, ctx, &part_no, v, input.into()).map(Part::from)
    })
    .await
}

/// Finds the part a barcode belongs to (what a scanner asks first).
#[utoipa::path(get, path = "/parts/by-barcode/{code}", tag = "master data", params(("code" = String, Path)),
    responses((status = 200, description = "The part", body = Part), ReadErrors))]
async fn part_by_barcode(State(s): State<AppState>, _caller: Caller, Path(code): Path<String>) -> Result<Json<Part>> {
    Ok(Json(wire(read(&s, move |r| lists::part_by_barcode(r, &code)).await?)))
}

/// Location list filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LocationParams {
    /// Only this kind.
    pub kind: Option<LocationKind>,
    /// Page size, 1 to 500 (default 50).
    pub limit: Option<usize>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Lists locations by code (a dealer sees its own stations).
#[utoipa::path(get, path = "/locations", tag = "master data", params(LocationParams),
    responses((status = 200, description = "Locations", body = Page<Location>), ReadErrors))]
async fn list_locations(
    State(s): State<AppState>,
    caller: Caller,
    Q(p): Q<LocationParams>,
) -> Result<Json<Page<Location>>> {
    let page = PageRequest {
        limit: p.limit,
        cursor: p.cursor,
    };
    Ok(Json(wire(
        read(&s, move |r| lists::locations(r, &caller, p.kind.map(Into::into), &page)).await?,
    )))
}

/// Creates a location (admin).
#[utoipa::path(post, path = "/locations", tag = "master data", request_body = LocationInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for a retried request")),
    responses((status = 201, description = "Created", body = Location), WriteErrors))]
async fn create_location(
    State(s): State<AppState>,
    caller: Caller<{ ADMIN_ONLY }>,
    idem: Idem,
    Body(input, hash): Body<LocationInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::CREATED, move |w, ctx| {
        master::create_location(w, ctx, input.into()).map(Location::from)
    })
    .await
}

/// Reads a location.
#[utoipa::path(get, path = "/locations/{code}", tag = "master data", params(("code" = String, Path)),
    responses((status = 200, description = "The location", body = Location), ReadErrors))]
async fn get_location(State(s): State<AppState>, caller: Caller, CodePath(code): CodePath) -> Result<Json<Location>> {
    Ok(Json(wire(read(&s, move |r| lists::location(r, &caller, &code)).await?)))
}

/// Renames a location (admin).
#[utoipa::path(put, path = "/locations/{code}", tag = "master data", request_body = LocationUpdate,
    params(("code" = String, Path), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Updated", body = Location), WriteErrors))]
async fn update_location(
    State(s): State<AppState>,
    caller: Caller<{ ADMIN_ONLY }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    CodePath(code): CodePath,
    Body(input, hash): Body<LocationUpdate>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::OK, move |w, ctx| {
        master::update_location(w, ctx, &code, v, input.into()).map(Location::from)
    })
    .await
}

/// Lists dealers by code (not for dealer tokens).
#[utoipa::path(get, path = "/dealers", tag = "master data", params(PageParams),
    responses((status = 200, description = "Dealers", body = Page<Dealer>), ReadErrors))]
async fn list_dealers(
    State(s): State<AppState>,
    _caller: Caller<{ CLERK | SUPERVISOR | REVIEWER | FINANCE }>,
    Q(p): Q<PageParams>,
) -> Result<Json<Page<Dealer>>> {
    Ok(Json(wire(read(&s, move |r| lists::dealers(r, &p.page())).await?)))
}

/// Creates a dealer (admin).
#[utoipa::path(post, path = "/dealers", tag = "master data", request_body = DealerInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for a retried request")),
    responses((status = 201, description = "Created", body = Dealer), WriteErrors))]
async fn create_dealer(
    State(s): State<AppState>,
    caller: Caller<{ ADMIN_ONLY }>,
    idem: Idem,
    Body(input, hash): Body<DealerInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::CREATED, move |w, ctx| {
        master::create_dealer(w, ctx, input.into()).map(Dealer::from)
    })
    .await
}

/// Reads a dealer (a dealer token reads only its own).
#[utoipa::path(get, path = "/dealers/{code}", tag = "master data", params(("code" = String, Path)),
    responses((status = 200, description = "The dealer", body = Dealer), ReadErrors))]
async fn get_dealer(State(s): State<AppState>, caller: Caller, CodePath(code): CodePath) -> Result<Json<Dealer>> {
    if caller.role == Role::Dealer && caller.dealer.as_deref() != Some(&code) {
        return Err(crate::error::Error::not_found("dealer", code));
    }
    Ok(Json(wire(read(&s, move |r| lists::dealer(r, &code)).await?)))
}

/// Renames a dealer (admin).
#[utoipa::path(put, path = "/dealers/{code}", tag = "master data", request_body = DealerInput,
    params(("code" = String, Path), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Updated", body = Dealer), WriteErrors))]
async fn update_dealer(
    State(s): State<AppState>,
    caller: Caller<{ ADMIN_ONLY }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    CodePath(code): CodePath,
    Body(input, hash): Body<DealerInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::OK, move |w, ctx| {
        master::update_dealer(w, ctx, &code, v, input.into()).map(Dealer::from)
    })
    .await
}

/// Lists suppliers by code (not for dealer tokens).
#[utoipa::path(get, path = "/suppliers", tag = "master data", params(PageParams),
    responses((status = 200, description = "Suppliers", body = Page<Supplier>), ReadErrors))]
async fn list_suppliers(
    State(s): State<AppState>,
    _caller: Caller<{ CLERK | SUPERVISOR | REVIEWER | FINANCE }>,
    Q(p): Q<PageParams>,
) -> Result<Json<Page<Supplier>>> {
    Ok(Json(wire(read(&s, move |r| lists::suppliers(r, &p.page())).await?)))
}

/// Creates a supplier with its recovery terms (admin).
#[utoipa::path(post, path = "/suppliers", tag = "master data", request_body = SupplierInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer for a retried request")),
    responses((status = 201, description = "Created", body = Supplier), WriteErrors))]
async fn create_supplier(
    State(s): State<AppState>,
    caller: Caller<{ ADMIN_ONLY }>,
    idem: Idem,
    Body(input, hash): Body<SupplierInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::CREATED, move |w, ctx| {
        master::create_supplier(w, ctx, input.into()).map(Supplier::from)
    })
    .await
}

/// Reads a supplier (not for dealer tokens).
#[utoipa::path(get, path = "/suppliers/{code}", tag = "master data", params(("code" = String, Path)),
    responses((status = 200, description = "The supplier", body = Supplier), ReadErrors))]
async fn get_supplier(
    State(s): State<AppState>,
    _caller: Caller<{ CLERK | SUPERVISOR | REVIEWER | FINANCE }>,
    CodePath(code): CodePath,
) -> Result<Json<Supplier>> {
    Ok(Json(wire(read(&s, move |r| lists::supplier(r, &code)).await?)))
}

/// Replaces a supplier's name and terms (admin).
#[utoipa::path(put, path = "/suppliers/{code}", tag = "master data", request_body = SupplierInput,
    params(("code" = String, Path), ("If-Match" = Option<String>, Header, description = "Expected version")),
    responses((status = 200, description = "Updated", body = Supplier), WriteErrors))]
async fn update_supplier(
    State(s): State<AppState>,
    caller: Caller<{ ADMIN_ONLY }>,
    idem: Idem,
    IfMatch(v): IfMatch,
    CodePath(code): CodePath,
    Body(input, hash): Body<SupplierInput>,
) -> Result<Response> {
    write::run(&s, &caller, idem, hash, StatusCode::OK, move |w, ctx| {
        master::update_supplier(w, ctx, &code, v, input.into()).map(Supplier::from)
    })
    .await
}
