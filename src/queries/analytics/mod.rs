//! Warranty analytics over the raw data (units and claims as stored): the months-in-service
//! (MIS) table and the Nevada table with their cuts, the early warning per part and the
//! reserve estimate per model. The definitions are in `domain::analytics`.

mod cost;
mod facts;
mod reserve;
mod warning;

pub use cost::{CostReport, CostRow, cost};
pub use facts::{Basis, ClaimFact, Filter};
pub use reserve::{ModelReserve, ReserveReport, reserve};
pub use warning::{EarlyWarningReport, WarningFlag, early_warning};

use crate::domain::analytics::{MisCell, MisTable, month_key};
use crate::error::Result;
use crate::store::Read;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// Most MIS columns one report shows.
pub const MIS_MAX: u32 = 120;

/// One MIS row.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct MisRow {
    /// Months in service, from 1.
    pub mis: u32,
    /// Units sold at least `mis` whole months before the report date.
    pub at_risk: u64,
    /// Claims whose failure fell in this month of service.
    pub claims: u64,
    /// 1,000 × claims ÷ units at risk; null when no unit is at risk.
    pub rate_per_1000: Option<f64>,
}

fn rows(cells: &[MisCell]) -> Vec<MisRow> {
    cells
        .iter()
        .enumerate()
        .map(|(i, c)| MisRow {
            mis: i as u32 + 1,
            at_risk: c.at_risk,
            claims: c.claims,
            rate_per_1000: c.rate(),
        })
        .collect()
}

/// The MIS table (and curve) as of a date.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct MisReport {
    /// The report date.
    pub report_date: NaiveDate,
    /// Which claims count: `filed` (submitted on or before the report date) or `approved`
    /// (decided with an approved amount on or before it).
    #[schema(value_type = String, example = "filed")]
    pub basis: &'static str,
    /// Units in the cut sold on or before the report date.
    pub units: u64,
    /// Claims counted in the table.
    pub claims: u64,
    /// Claims of the cut whose MIS lies beyond the last row.
    pub claims_beyond: u64,
    /// MIS 1 to `months`.
    pub rows: Vec<MisRow>,
}

/// The MIS table of the units and claims in `filter`.
pub fn mis(r: &dyn Read, filter: &Filter) -> Result<MisReport> {
    let mut table = MisTable::new(filter.report_date, filter.months);
    for (sale, n) in facts::unit_sales(r, filter)? {
        table.add_units(sale, n);
    }
    facts::visit_claims(r, filter, &mut |c| {
        table.add_claim(c.sale_date, c.failure_date);
    })?;
    Ok(MisReport {
        report_date: filter.report_date,
        basis: filter.basis.name(),
        units: table.units,
        claims: table.claims,
        claims_beyond: table.claims_beyond,
        rows: rows(&table.cells),
    })
}

/// One sale-month cohort of the Nevada table.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Cohort {
    /// Sale month, `YYYY-MM`.
    pub sale_month: String,
    /// Units of the cut sold in the month.
    pub units: u64,
    /// Claims of these units counted in the table.
    pub claims: u64,
    /// MIS 1 to `months` for these units (a row with no unit at risk has a null rate).
    pub rows: Vec<MisRow>,
}

/// The Nevada table: sale month × MIS.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct NevadaReport {
    /// The report date.
    pub report_date: NaiveDate,
    /// Which claims count (`filed` or `approved`).
    #[schema(value_type = String, example = "filed")]
    pub basis: &'static str,
    /// Sale months, oldest first (only months with units sold).
    pub cohorts: Vec<Cohort>,
}

/// The Nevada table of the units and claims in `filter`.
pub fn nevada(r: &dyn Read, filter: &Filter) -> Result<NevadaReport> {
    let mut cohorts: BTreeMap<String, MisTable> = BTreeMap::new();
    let new = || MisTable::new(filter.report_date, filter.months);
    for (sale, n) in facts::unit_sales(r, filter)? {
        cohorts.entry(month_key(sale)).or_insert_with(new).add_units(sale, n);
    }
    facts::visit_claims(r, filter, &mut |c| {
        if c.sale_date <= filter.report_date {
            cohorts
                .entry(month_key(c.sale_date))
                .or_insert_with(new)
                .add_claim(c.sale_date, c.failure_date);
        }
    })?;
    Ok(NevadaReport {
        report_date: filter.report_date,
        basis: filter.basis.name(),
        cohorts: cohorts
            .into_iter()
            .map(|(month, t)| Cohort {
                sale_month: month,
                units: t.units,
                claims: t.claims,
                rows: rows(&t.cells),
            })
            .collect(),
    })
}
