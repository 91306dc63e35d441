//! The warranty reserve estimate per model: the claims still expected from the units in
//! coverage, at the model's observed MIS rates, times its average approved cost per claim.

use super::facts::{self, Basis, Filter};
use super::{MisRow, rows};
use crate::domain::analytics::{MisTable, expected_claims, whole_months};
use crate::domain::warranty::Policy;
use crate::error::Result;
use crate::store::unit_sales;
use crate::store::{Read, Scan, Table, codec};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use utoipa::ToSchema;

/// Coverage months of a model without a policy in force.
pub const DEFAULT_COVERAGE_MONTHS: u32 = 24;

/// One model's estimate.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ModelReserve {
    /// Model.
    pub model: String,
    /// Coverage months (the policy in force on the report date, else 24), counted from the sale.
    pub coverage_months: u32,
    /// Units sold on or before the report date.
    pub units: u64,
    /// Of those, units that have not completed their coverage months.
    pub units_in_coverage: u64,
    /// Approved claims of the model so far.
    pub approved_claims: u64,
    /// Their approved amount, fen.
    pub approved_fen: i64,
    /// Average approved cost per claim, fen (rounded half up); 0 without claims.
    pub average_cost_fen: i64,
    /// The rate used for an MIS no unit has reached yet: 1,000 × all claims ÷ all
    /// unit-months at risk of the model.
    pub fallback_rate_per_1000: f64,
    /// Claims still expected from the units in coverage.
    pub expected_claims: f64,
    /// The estimate: expected claims × average cost, fen (rounded half up).
    pub reserve_fen: i64,
    /// The observed MIS rates used (MIS 1 to the coverage months, approved basis).
    pub rates: Vec<MisRow>,
}

/// The reserve estimate.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ReserveReport {
    /// The report date.
    pub report_date: NaiveDate,
    /// Every model, by model.
    pub models: Vec<ModelReserve>,
    /// The sum of the models' estimates, fen.
    pub total_reserve_fen: i64,
}

/// Coverage months of every model's policy in force on `date`.
fn coverage(r: &dyn Read, date: NaiveDate) -> Result<HashMap<String, u32>> {
    let mut in_force: HashMap<String, (NaiveDate, u32)> = HashMap::new();
    r.visit(Table::Policies, &Scan::all(), &mut |_, v| {
        let p: Policy = codec::decode(v)?;
        if p.effective_from_date <= date {
            let e = in_force
                .entry(p.model.clone())
                .or_insert((p.effective_from_date, p.months));
            if p.effective_from_date >= e.0 {
                *e = (p.effective_from_date, p.months);
            }
        }
        Ok(true)
    })?;
    Ok(in_force.into_iter().map(|(m, (_, months))| (m, months)).collect())
}

/// The estimate for every model in the cut (`model` narrows it), approved basis.
pub fn reserve(r: &dyn Read, filter: &Filter) -> Result<ReserveReport> {
    let filter = Filter {
        basis: Basis::Approved,
        ..filter.clone()
    };
    let months = coverage(r, filter.report_date)?;
    let mut sales: BTreeMap<String, HashMap<NaiveDate, u64>> = BTreeMap::new();
    for row in unit_sales::rows(r)? {
        if row.sale_date <= filter.report_date && filter.row_in(&row) {
            *sales.entry(row.model).or_default().entry(row.sale_date).or_default() += row.units;
        }
    }
    let months_of = |m: &str| months.get(m).copied().unwrap_or(DEFAULT_COVERAGE_MONTHS).max(1);
    let mut tables: BTreeMap<String, (MisTable, i64)> = sales
        .iter()
        .map(|(m, by_date)| {
            let mut t = MisTable::new(filter.report_date, months_of(m));
            for (sale, n) in by_date {
                t.add_units(*sale, *n);
            }
            (m.clone(), (t, 0))
        })
        .collect();
    facts::visit_claims(r, &filter, &mut |c| {
        if let Some((t, fen)) = tables.get_mut(&c.model) {
            t.add_claim(c.sale_date, c.failure_date);
            *fen += c.approved_fen;
        }
    })?;
    let mut models = Vec::new();
    for (model, (t, fen)) in tables {
        let m = months_of(&model);
        let claims = t.claims + t.claims_beyond;
        let rates: Vec<Option<f64>> = t.cells.iter().map(|c| c.rate()).collect();
        let exposure: u64 = t.cells.iter().map(|c| c.at_risk).sum();
        let at_risk_claims: u64 = t.cells.iter().map(|c| c.claims).sum();
        let fallback = if exposure > 0 {
            1000.0 * at_risk_claims as f64 / exposure as f64
        } else {
            0.0
        };
        let (mut in_coverage, mut expected) = (0u64, 0.0f64);
        for (sale, n) in &sales[&model] {
            let w = whole_months(*sale, filter.report_date).unwrap_or(0);
            if w < m {
                in_coverage += n;
                expected += *n as f64 * expected_claims(&rates, w + 1, m, fallback);
            }
        }
        let average = if claims > 0 {
            (2 * fen + claims as i64) / (2 * claims as i64)
        } else {
            0
        };
        models.push(ModelReserve {
            model,
            coverage_months: m,
            units: t.units,
            units_in_coverage: in_coverage,
            approved_claims: claims,
            approved_fen: fen,
            average_cost_fen: average,
            fallback_rate_per_1000: fallback,
            expected_claims: expected,
            reserve_fen: (expected * average as f64).round() as i64,
            rates: rows(&t.cells),
        });
    }
    Ok(ReserveReport {
        report_date: filter.report_date,
        total_reserve_fen: models.iter().map(|m| m.reserve_fen).sum(),
        models,
    })
}
