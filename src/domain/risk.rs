//! Dealer risk (经销商风险评分): per dealer over the 180 days up to a report date, four
//! figures against the network's median, one score 0–100 and the reasons behind it.
//!
//! - claims per 100 units sold (units sold by the dealer on or before the report date);
//! - repeat claims per unit claimed (a claim on a unit that already had a claim in the
//!   window, in filing order);
//! - near-expiry share (claims with a `near_expiry` finding, i.e. failed in the policy's
//!   last days of coverage);
//! - average amount claimed per claim.
//!
//! Each figure's ratio to the network median is capped at [`CAP`]; a factor scores
//! nothing at or below the median and its full weight at `CAP` × the median or more:
//! `points = weight × clamp((ratio − 1) ÷ (CAP − 1), 0, 1)`. The weights ([`WEIGHTS`]) add
//! up to 100. A median of 0 makes any figure above 0 count as `CAP` (the dealer stands out
//! against a network with none) and a figure of 0 as 1 (like the network). A figure a
//! dealer does not have (no units, no claims) scores nothing and takes no part in the
//! median. Every factor at 1.5 × the median or more ([`REASON_RATIO`]) is a reason, with
//! its figure, the median and the ratio; reasons are ordered by the points they add.

use chrono::{Days, NaiveDate};
use std::collections::{BTreeMap, HashMap};

/// Days counted, the report date included.
pub const WINDOW_DAYS: u64 = 180;
/// Ratios to the median are capped here.
pub const CAP: f64 = 3.0;
/// A factor at this ratio to the median or more is a reason.
pub const REASON_RATIO: f64 = 1.5;
/// Weights of claims per 100 units, repeats per unit, near-expiry share, average claim.
pub const WEIGHTS: [f64; 4] = [40.0, 20.0, 20.0, 20.0];

/// The first filing date counted for a report date: the window is `WINDOW_DAYS` days
/// ending on the report date.
pub fn window_start(report_date: NaiveDate) -> NaiveDate {
    report_date
        .checked_sub_days(Days::new(WINDOW_DAYS - 1))
        .unwrap_or(NaiveDate::MIN)
}

/// Whether a claim filed on `filing_date` counts for `report_date`.
pub fn in_window(filing_date: NaiveDate, report_date: NaiveDate) -> bool {
    filing_date >= window_start(report_date) && filing_date <= report_date
}

/// What the score looks at, one factor each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Factor {
    /// Claims per 100 units sold.
    ClaimsPerUnit,
    /// Repeat claims per unit claimed.
    RepeatClaims,
    /// Share of claims failing near the end of coverage.
    NearExpiry,
    /// Average amount claimed.
    AverageClaim,
}

impl Factor {
    /// Every factor, in weight order.
    pub const ALL: [Factor; 4] = [
        Factor::ClaimsPerUnit,
        Factor::RepeatClaims,
        Factor::NearExpiry,
        Factor::AverageClaim,
    ];

    /// The reason code a high factor gives.
    pub fn reason_code(self) -> &'static str {
        match self {
            Factor::ClaimsPerUnit => "claims_per_unit_high",
            Factor::RepeatClaims => "repeat_claims_high",
            Factor::NearExpiry => "near_expiry_high",
            Factor::AverageClaim => "average_claim_high",
        }
    }

    fn weight(self) -> f64 {
        WEIGHTS[self as usize]
    }
}

/// One claim filed in the window, as the score sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct RiskClaim {
    /// Dealer.
    pub dealer: String,
    /// Unit serial.
    pub unit: String,
    /// Filing date.
    pub filing_date: NaiveDate,
    /// Claim number (orders claims filed on the same day).
    pub number: String,
    /// Whether a line has a `near_expiry` finding.
    pub near_expiry: bool,
    /// Amount claimed, fen.
    pub claimed_fen: i64,
}

/// A dealer's figures over the window.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DealerFigures {
    /// Dealer code.
    pub dealer: String,
    /// Units sold on or before the report date.
    pub units: u64,
    /// Claims filed in the window.
    pub claims: u64,
    /// Distinct units claimed.
    pub units_claimed: u64,
    /// Claims on a unit that already had one in the window.
    pub repeats: u64,
    /// Claims with a `near_expiry` finding.
    pub near_expiry: u64,
    /// Sum claimed, fen.
    pub claimed_fen: i64,
}

impl DealerFigures {
    /// The figure of a factor; `None` when the dealer has none (no units, no claims).
    pub fn value(&self, f: Factor) -> Option<f64> {
        let per_claim = |n: f64| (self.claims > 0).then(|| n / self.claims as f64);
        match f {
            Factor::ClaimsPerUnit => (self.units > 0).then(|| 100.0 * self.claims as f64 / self.units as f64),
            Factor::RepeatClaims => (self.units_claimed > 0).then(|| self.repeats as f64 / self.units_claimed as f64),
            Factor::NearExpiry => per_claim(self.near_expiry as f64),
            Factor::AverageClaim => per_claim(self.claimed_fen as f64),
        }
    }
}

/// Adds up the figures per dealer: `units` from unit sales (dealer → units sold on or
/// before the report date), `claims` those filed in the window (others are ignored).
pub fn figures(units: &HashMap<String, u64>, claims: &[RiskClaim], report_date: NaiveDate) -> Vec<DealerFigures> {
    let mut by_dealer: BTreeMap<String, DealerFigures> = BTreeMap::new();
    for (dealer, n) in units {
        by_dealer.entry(dealer.clone()).or_default().units = *n;
    }
    let mut counted: Vec<&RiskClaim> = claims
        .iter()
        .filter(|c| in_window(c.filing_date, report_date))
        .collect();
    counted.sort_by(|a, b| (a.filing_date, &a.number).cmp(&(b.filing_date, &b.number)));
    let mut seen: HashMap<(&str, &str), ()> = HashMap::new();
    for c in counted {
        let f = by_dealer.entry(c.dealer.clone()).or_default();
        f.claims += 1;
        f.claimed_fen += c.claimed_fen;
        f.near_expiry += u64::from(c.near_expiry);
        if seen.insert((c.dealer.as_str(), c.unit.as_str()), ()).is_some() {
            f.repeats += 1;
        } else {
            f.units_claimed += 1;
        }
    }
    by_dealer
        .into_iter()
        .map(|(dealer, f)| DealerFigures { dealer, ..f })
        .collect()
}

/// The median of `values` (the mean of the middle two of an even count); `None` when empty.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    Some(if v.len().is_multiple_of(2) {
        (v[m - 1] + v[m]) / 2.0
    } else {
        v[m]
    })
}

/// A figure's ratio to the median, capped at `CAP` (see the module's rules for 0).
pub fn ratio(value: f64, median: f64) -> f64 {
    if median <= 0.0 {
        return if value > 0.0 { CAP } else { 1.0 };
    }
    (value / median).min(CAP)
}

/// The points a ratio adds for a factor.
pub fn points(f: Factor, ratio: f64) -> f64 {
    f.weight() * ((ratio - 1.0) / (CAP - 1.0)).clamp(0.0, 1.0)
}

/// One factor of one dealer.
#[derive(Debug, Clone, PartialEq)]
pub struct FactorScore {
    /// Which factor.
    pub factor: Factor,
    /// The dealer's figure (`None`: no units or no claims).
    pub value: Option<f64>,
    /// The network median (`None`: no dealer has the figure).
    pub median: Option<f64>,
    /// The ratio, capped (`None` when the dealer has no figure).
    pub ratio: Option<f64>,
    /// Points added to the score.
    pub points: f64,
}

/// A dealer's score with its reasons.
#[derive(Debug, Clone, PartialEq)]
pub struct DealerRisk {
    /// The figures.
    pub figures: DealerFigures,
    /// Every factor, in `Factor::ALL` order.
    pub factors: Vec<FactorScore>,
    /// 0 to 100, rounded to a whole number.
    pub score: u32,
    /// The factors at `REASON_RATIO` × the median or more, most points first.
    pub reasons: Vec<FactorScore>,
}

/// The network medians, one per factor, over the dealers that have the figure.
pub fn medians(dealers: &[DealerFigures]) -> [Option<f64>; 4] {
    Factor::ALL.map(|f| median(&dealers.iter().filter_map(|d| d.value(f)).collect::<Vec<_>>()))
}

/// Scores every dealer; highest score first, then by dealer code.
pub fn score(dealers: Vec<DealerFigures>) -> Vec<DealerRisk> {
    let meds = medians(&dealers);
    let mut out: Vec<DealerRisk> = dealers
        .into_iter()
        .map(|d| {
            let factors: Vec<FactorScore> = Factor::ALL
                .iter()
                .map(|&f| {
                    let value = d.value(f);
                    let median = meds[f as usize];
                    let r = value.zip(median).map(|(v, m)| ratio(v, m));
                    FactorScore {
                        factor: f,
                        value,
                        median,
                        ratio: r,
                        points: r.map_or(0.0, |r| points(f, r)),
                    }
                })
                .collect();
            let total: f64 = factors.iter().map(|f| f.points).sum();
            let mut reasons: Vec<FactorScore> = factors
                .iter()
                .filter(|f| f.ratio.is_some_and(|r| r >= REASON_RATIO))
                .cloned()
                .collect();
            reasons.sort_by(|a, b| b.points.total_cmp(&a.points).then(a.factor.cmp(&b.factor)));
            DealerRisk {
                figures: d,
                factors,
                score: total.round().clamp(0.0, 100.0) as u32,
                reasons,
            }
        })
        .collect();
    out.sort_by(|a, b| b.score.cmp(&a.score).then(a.figures.dealer.cmp(&b.figures.dealer)));
    out
}

#[cfg(test)]
#[path = "risk_tests.rs"]
mod tests;
