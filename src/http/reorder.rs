//! Reorder routes (补货): a part's minimum, maximum and lead days per location (an admin or
//! a clerk of the location sets them), the suggestions per location with the figures
//! behind each (as JSON or CSV), and the purchase list (采购建议单) to print on A4.

use super::AppState;
use super::analytics::csv_response;
use super::dto::reorder::{ReorderLevel, ReorderLevelInput, ReorderSuggestions};
use super::extract::{Body, Caller, Idem, Path, Q};
use super::problem::{ReadErrors, WriteErrors};
use super::read::read;
use super::write;
use crate::commands::reorder::{self as cmd, LevelInput};
use crate::domain::auth::CLERK;
use crate::domain::status::Named;
use crate::domain::validate::normalize_code;
use crate::error::{Error, Result};
use crate::queries::reorder as q;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_levels))
        .routes(routes!(set_level))
        .routes(routes!(suggestions))
        .routes(routes!(print_purchase_list))
}

/// The levels set at a location, by part (a clerk: its locations; a dealer: its stations).
#[utoipa::path(get, path = "/stock/reorder-levels/{location}", tag = "stock",
    params(("location" = String, Path, description = "Location code, e.g. WH-01")),
    responses((status = 200, description = "Levels", body = Vec<ReorderLevel>), ReadErrors))]
async fn list_levels(
    State(s): State<AppState>,
    caller: Caller,
    Path(location): Path<String>,
) -> Result<Json<Vec<ReorderLevel>>> {
    let location = normalize_code(&location);
    let levels = read(&s, move |r| q::levels(r, &caller, &location)).await?;
    Ok(Json(levels.into_iter().map(Into::into).collect()))
}

/// Sets a part's minimum, maximum and lead days at a location (admin, or a clerk of the
/// location); 0/0 removes the level. The minimum may not be above the maximum
/// (`reorder_min_above_max`). Answers the level (null when removed).
#[utoipa::path(put, path = "/stock/reorder-levels/{location}/{part_no}", tag = "stock",
    request_body = ReorderLevelInput,
    params(("location" = String, Path, description = "Location code, e.g. WH-01"),
        ("part_no" = String, Path, description = "Part number, e.g. FLT-0042"),
        ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer")),
    responses((status = 200, description = "Set", body = Option<ReorderLevel>), WriteErrors))]
async fn set_level(
    State(s): State<AppState>,
    caller: Caller<{ CLERK }>,
    idem: Idem,
    Path((location, part_no)): Path<(String, String)>,
    Body(input, hash): Body<ReorderLevelInput>,
) -> Result<Response> {
    let (location, part_no) = (normalize_code(&location), normalize_code(&part_no));
    write::run(&s, &caller, idem, hash, StatusCode::OK, move |w, ctx| {
        let input = LevelInput {
            min_qty: input.min_qty,
            max_qty: input.max_qty,
            lead_days: input.lead_days,
        };
        cmd::set_level(w, ctx, location, part_no.into(), input).map(|l| l.map(ReorderLevel::from))
    })
    .await
}

/// Which location's suggestions.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SuggestionParams {
    /// Location code.
    pub location: String,
    /// Only the parts with something to ask for (default false: every part with a level
    /// or with issues in the last 90 days).
    pub only_needed: Option<bool>,
    /// `json` (default) or `csv` (UTF-8 with BOM, for Excel; the purchase list).
    pub format: Option<String>,
}

/// Reorder suggestions of one location: per part with a level there or with issues in
/// the last 90 days, what is on hand, what is coming (transfers in transit; for a station
/// also its dealer's released, unshipped orders and approved reserve plans), the issues,
/// the rule, the target and the quantity to ask for. What a transfer already shipped
/// covers is not suggested again.
#[utoipa::path(get, path = "/stock/reorder-suggestions", tag = "stock", params(SuggestionParams),
    responses((status = 200, description = "The suggestions (or their CSV)",
        content((ReorderSuggestions = "application/json"), (String = "text/csv"))), ReadErrors))]
async fn suggestions(State(s): State<AppState>, caller: Caller, Q(p): Q<SuggestionParams>) -> Result<Response> {
    let csv = match p.format.as_deref() {
        None | Some("json") => false,
        Some("csv") => true,
        Some(_) => return Err(Error::invalid("format", "must be json or csv")),
    };
    let location = normalize_code(&p.location);
    let now = s.clock.now();
    let only = p.only_needed.unwrap_or(false);
    let found = read(&s, move |r| q::suggestions(r, &caller, &location, now, only)).await?;
    if !csv {
        return Ok(Json(ReorderSuggestions::from(found)).into_response());
    }
    let head = [
        "location",
        "part_no",
        "name",
        "unit",
        "on_hand",
        "incoming",
        "planned",
        "used_90d",
        "lead_days",
        "min_qty",
        "max_qty",
        "basis",
        "target",
        "suggested_qty",
    ];
    let mut rows = vec![head.map(String::from).to_vec()];
    for l in &found.rows {
        rows.push(vec![
            found.location.clone(),
            l.part_no.to_string(),
            l.name.clone(),
            l.unit.clone(),
            l.on_hand.to_string(),
            l.incoming.to_string(),
            l.planned.to_string(),
            l.used.to_string(),
            l.lead_days.to_string(),
            l.min_qty.map(|v| v.to_string()).unwrap_or_default(),
            l.max_qty.map(|v| v.to_string()).unwrap_or_default(),
            l.basis.name().to_string(),
            l.target.to_string(),
            l.suggested_qty.to_string(),
        ]);
    }
    Ok(csv_response(&format!("reorder-{}", found.location), rows))
}

/// Which location's purchase list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PurchaseListParams {
    /// Location code.
    pub location: String,
}

/// The purchase list (采购建议单) of a location on A4: the parts to ask for with the
/// figures behind each, the date and the signature boxes.
#[utoipa::path(get, path = "/stock/reorder-suggestions/print", tag = "stock", params(PurchaseListParams),
    responses((status = 200, description = "An HTML page to print (A4)", content_type = "text/html", body = String),
        ReadErrors))]
async fn print_purchase_list(
    State(s): State<AppState>,
    caller: Caller,
    Q(p): Q<PurchaseListParams>,
) -> Result<Html<String>> {
    let location = normalize_code(&p.location);
    let now = s.clock.now();
    let found = read(&s, move |r| q::suggestions(r, &caller, &location, now, true)).await?;
    Ok(Html(super::print::purchase_list::render(&found)))
}
