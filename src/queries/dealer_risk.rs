//! The dealer-risk report: every dealer's figures over the 180 days up to a report date,
//! the network medians, the score and its reasons (`domain::risk`).
//!
//! Units sold come from the unit-sales aggregate (a few thousand rows, never the units).
//! Claims come from the filing-date index: only the claims filed in the window are read.

use crate::domain::claims::Claim;
use crate::domain::findings::FindingCode;
use crate::domain::master::Dealer;
use crate::domain::risk::{self, DealerRisk, Factor, FactorScore, RiskClaim};
use crate::error::{Error, Result};
use crate::store::repo::{self, code_key};
use crate::store::unit_sales;
use crate::store::{Read, Table, read_indexes};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

/// Why a dealer scores: one factor at 1.5 × the network median or more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RiskReason {
    /// Claims per 100 units sold.
    ClaimsPerUnitHigh,
    /// Repeat claims per unit claimed.
    RepeatClaimsHigh,
    /// Share of claims failing in the last days of coverage.
    NearExpiryHigh,
    /// Average amount claimed.
    AverageClaimHigh,
}

impl From<Factor> for RiskReason {
    fn from(f: Factor) -> Self {
        match f {
            Factor::ClaimsPerUnit => RiskReason::ClaimsPerUnitHigh,
            Factor::RepeatClaims => RiskReason::RepeatClaimsHigh,
            Factor::NearExpiry => RiskReason::NearExpiryHigh,
            Factor::AverageClaim => RiskReason::AverageClaimHigh,
        }
    }
}

/// A reason with the figures behind it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct RiskReasonFigures {
    /// The reason.
    pub code: RiskReason,
    /// The dealer's figure (claims per 100 units, repeats per unit claimed, a share 0–1,
    /// or fen per claim).
    #[schema(example = 150.0)]
    pub value: f64,
    /// The network median of the same figure.
    #[schema(example = 15.0)]
    pub median: f64,
    /// The ratio to the median, capped at 3 (a median of 0 counts as 3).
    #[schema(example = 3.0)]
    pub ratio: f64,
    /// Points it adds to the score.
    #[schema(example = 40.0)]
    pub points: f64,
}

/// One dealer's row.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct DealerRiskRow {
    /// Dealer code.
    #[schema(example = "D004")]
    pub dealer: String,
    /// Dealer name (empty when the dealer is not in the master data).
    pub dealer_name: String,
    /// 0 to 100.
    #[schema(example = 95)]
    pub score: u32,
    /// Units sold by the dealer on or before the report date.
    pub units: u64,
    /// Claims filed in the window.
    pub claims: u64,
    /// Claims per 100 units sold (null: no units sold).
    pub claims_per_100_units: Option<f64>,
    /// Units claimed in the window.
    pub units_claimed: u64,
    /// Claims on a unit that already had a claim in the window.
    pub repeat_claims: u64,
    /// Repeat claims per unit claimed (null: no claims).
    pub repeats_per_unit: Option<f64>,
    /// Claims with a `near_expiry` finding.
    pub near_expiry_claims: u64,
    /// Near-expiry claims ÷ claims, 0–1 (null: no claims).
    pub near_expiry_share: Option<f64>,
    /// Sum claimed in the window, fen.
    pub claimed_fen: i64,
    /// Average claimed per claim, fen, rounded half up (null: no claims).
    pub average_claim_fen: Option<i64>,
    /// The factors at 1.5 × the median or more, most points first.
    pub reasons: Vec<RiskReasonFigures>,
}

/// The network medians (null: no dealer has the figure).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct RiskMedians {
    /// Claims per 100 units sold.
    pub claims_per_100_units: Option<f64>,
    /// Repeat claims per unit claimed.
    pub repeats_per_unit: Option<f64>,
    /// Near-expiry share.
    pub near_expiry_share: Option<f64>,
    /// Average claimed per claim, fen.
    pub average_claim_fen: Option<f64>,
}

/// The report.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct DealerRiskReport {
    /// The report date.
    pub report_date: NaiveDate,
    /// First filing date counted (the window is 180 days ending on the report date).
    pub from_date: NaiveDate,
    /// The medians the ratios are taken against.
    pub medians: RiskMedians,
    /// Every dealer with units sold or claims filed in the window, highest score first.
    pub dealers: Vec<DealerRiskRow>,
}

fn reason(f: &FactorScore) -> Option<RiskReasonFigures> {
    Some(RiskReasonFigures {
        code: f.factor.into(),
        value: f.value?,
        median: f.median?,
        ratio: f.ratio?,
        points: (f.points * 100.0).round() / 100.0,
    })
}

fn row(r: DealerRisk, names: &HashMap<String, String>) -> DealerRiskRow {
    let f = &r.figures;
    DealerRiskRow {
        dealer_name: names.get(&f.dealer).cloned().unwrap_or_default(),
        score: r.score,
        units: f.units,
        claims: f.claims,
        claims_per_100_units: f.value(Factor::ClaimsPerUnit),
        units_claimed: f.units_claimed,
        repeat_claims: f.repeats,
        repeats_per_unit: f.value(Factor::RepeatClaims),
        near_expiry_claims: f.near_expiry,
        near_expiry_share: f.value(Factor::NearExpiry),
        claimed_fen: f.claimed_fen,
        average_claim_fen: f.value(Factor::AverageClaim).map(|v| v.round() as i64),
        reasons: r.reasons.iter().filter_map(reason).collect(),
        dealer: r.figures.dealer,
    }
}

/// The report as of `report_date`.
pub fn dealer_risk(r: &dyn Read, report_date: NaiveDate) -> Result<DealerRiskReport> {
    let mut units: HashMap<String, u64> = HashMap::new();
    for row in unit_sales::rows(r)? {
        if row.sale_date <= report_date {
            *units.entry(row.dealer).or_default() += row.units;
        }
    }
    let mut claims = Vec::new();
    for n in read_indexes::claims_filed_between(r, risk::window_start(report_date), report_date)? {
        let c: Claim = repo::get(r, Table::Claims, &repo::seq_key(n))?
            .ok_or_else(|| Error::Internal(format!("filing-date index names missing claim {n}")))?;
        if let Some(filed) = c.filing_date.filter(|d| risk::in_window(*d, report_date)) {
            claims.push(RiskClaim {
                near_expiry: c
                    .lines
                    .iter()
                    .any(|l| l.findings.iter().any(|f| f.code == FindingCode::NearExpiry)),
                dealer: c.dealer,
                unit: c.unit_serial.to_string(),
                filing_date: filed,
                number: c.number.to_string(),
                claimed_fen: c.claimed_fen.get(),
            });
        }
    }
    let figures = risk::figures(&units, &claims, report_date);
    let meds = risk::medians(&figures);
    let mut names = HashMap::new();
    for f in &figures {
        if let Some(d) = repo::get::<Dealer>(r, Table::Dealers, &code_key(&f.dealer))? {
            names.insert(f.dealer.clone(), d.name);
        }
    }
    Ok(DealerRiskReport {
        report_date,
        from_date: risk::window_start(report_date),
        medians: RiskMedians {
            claims_per_100_units: meds[0],
            repeats_per_unit: meds[1],
            near_expiry_share: meds[2],
            average_claim_fen: meds[3],
        },
        dealers: risk::score(figures).into_iter().map(|x| row(x, &names)).collect(),
    })
}
