//! The desk's lookup at phone-call speed: a customer's earlier requests and units by the
//! phone number they call from, or a unit's coverage and requests by its serial.

use super::AppState;
use super::dto::service_lookup::Lookup;
use super::dto::wire;
use super::extract::{Caller, Q};
use super::problem::ReadErrors;
use super::read::read;
use crate::error::{Error, Result};
use crate::queries::service_requests::lookup;
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(lookup_customer))
}

/// What to look up: exactly one of the two.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LookupParams {
    /// The customer's phone number, any punctuation (at least 5 digits; matched on its
    /// digits).
    pub phone: Option<String>,
    /// A unit's serial (VIN).
    pub serial: Option<String>,
}

/// The customer on the phone: by `phone`, their earlier requests (newest first) and the
/// units those named; by `serial`, the unit and its earlier requests. Each unit comes with
/// its coverage today and its registration card. A dealer sees only its own customers'
/// requests and units (another dealer's unit answers 404).
#[utoipa::path(get, path = "/service-requests/lookup", tag = "service requests", params(LookupParams),
    responses((status = 200, description = "What is known of the customer or unit", body = Lookup), ReadErrors))]
async fn lookup_customer(State(s): State<AppState>, caller: Caller, Q(p): Q<LookupParams>) -> Result<Json<Lookup>> {
    let now = s.clock.now();
    let found = match (p.phone, p.serial) {
        (Some(phone), None) => read(&s, move |r| lookup::by_phone(r, &caller, &phone, now)).await?,
        (None, Some(serial)) => read(&s, move |r| lookup::by_serial(r, &caller, &serial, now)).await?,
        _ => return Err(Error::invalid("phone", "give either phone or serial")),
    };
    Ok(Json(wire(found)))
}
