//! The dealer-risk report (JSON or CSV): reviewers, supervisors, finance and admin; a
//! dealer is refused (403), since the figures compare every dealer with the network.

use super::AppState;
use super::analytics::csv_response;
use super::extract::{Caller, Q};
use super::problem::ReadErrors;
use super::read::read;
use crate::domain::auth::*;
use crate::domain::warranty::business_date;
use crate::error::{Error, Result};
use crate::queries::dealer_risk::{self, DealerRiskReport, RiskReason};
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(dealer_risk_report))
}

/// The report date and the format.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DealerRiskParams {
    /// Date of the report (`YYYY-MM-DD`; default today, China Standard Time); claims
    /// filed in the 180 days ending on it count.
    pub report_date: Option<NaiveDate>,
    /// `json` (default) or `csv` (UTF-8 with BOM, for Excel).
    pub format: Option<String>,
}

fn figure(v: Option<f64>, digits: usize) -> String {
    v.map(|v| format!("{v:.digits$}")).unwrap_or_default()
}

fn reason_name(r: RiskReason) -> &'static str {
    match r {
        RiskReason::ClaimsPerUnitHigh => "claims_per_unit_high",
        RiskReason::RepeatClaimsHigh => "repeat_claims_high",
        RiskReason::NearExpiryHigh => "near_expiry_high",
        RiskReason::AverageClaimHigh => "average_claim_high",
    }
}

fn csv(report: &DealerRiskReport) -> Response {
    let head = [
        "dealer",
        "dealer_name",
        "score",
        "units",
        "claims",
        "claims_per_100_units",
        "units_claimed",
        "repeat_claims",
        "repeats_per_unit",
        "near_expiry_claims",
        "near_expiry_share",
        "claimed_fen",
        "average_claim_fen",
        "reasons",
    ];
    let mut rows = vec![head.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
    for d in &report.dealers {
        rows.push(vec![
            d.dealer.clone(),
            d.dealer_name.clone(),
            d.score.to_string(),
            d.units.to_string(),
            d.claims.to_string(),
            figure(d.claims_per_100_units, 2),
            d.units_claimed.to_string(),
            d.repeat_claims.to_string(),
            figure(d.repeats_per_unit, 3),
            d.near_expiry_claims.to_string(),
            figure(d.near_expiry_share, 3),
            d.claimed_fen.to_string(),
            d.average_claim_fen.map(|v| v.to_string()).unwrap_or_default(),
            d.reasons
                .iter()
                .map(|r| reason_name(r.code))
                .collect::<Vec<_>>()
                .join(" "),
        ]);
    }
    csv_response(&format!("dealer-risk-{}", report.report_date), rows)
}

/// Dealer risk: per dealer over the 180 days ending on the report date — claims per 100
/// units sold, repeat claims per unit claimed, near-expiry share and average claim, each
/// against the network median — one score 0–100 with its reasons, highest score first.
/// Score = 40 × claims-per-unit + 20 × each other factor, a factor counting
/// `clamp((ratio − 1) ÷ 2, 0, 1)` of its weight (ratio to the median, capped at 3); a
/// factor at 1.5 × the median or more is a reason.
#[utoipa::path(get, path = "/reports/dealer-risk", tag = "analytics", params(DealerRiskParams),
    responses((status = 200, description = "The report (or its CSV)",
        content((DealerRiskReport = "application/json"), (String = "text/csv"))), ReadErrors))]
async fn dealer_risk_report(
    State(s): State<AppState>,
    _caller: Caller<{ REVIEWER | SUPERVISOR | FINANCE }>,
    Q(p): Q<DealerRiskParams>,
) -> Result<Response> {
    let as_csv = match p.format.as_deref() {
        None | Some("json") => false,
        Some("csv") => true,
        Some(_) => return Err(Error::invalid("format", "must be json or csv")),
    };
    let date = p.report_date.unwrap_or_else(|| business_date(s.clock.now()));
    let report = read(&s, move |r| dealer_risk::dealer_risk(r, date)).await?;
    Ok(if as_csv {
        csv(&report)
    } else {
        Json(report).into_response()
    })
}
