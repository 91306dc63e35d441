//! The facts the analytics count: unit sales by date and the claims of a cut, read from
//! the units and claims as stored.

use crate::domain::analytics::month_start;
use crate::domain::claims::{Claim, ClaimLine, LineKind};
use crate::domain::master::Part;
use crate::domain::warranty::{Unit, business_date};
use crate::error::{Error, Result};
use crate::store::repo::{self, code_key};
use crate::store::unit_sales::{self, SalesRow};
use crate::store::unit_view::UnitFacts;
use crate::store::{Read, Scan, Table, codec};
use chrono::NaiveDate;
use std::collections::HashMap;

/// Which claims an analysis counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// Claims filed (first submitted) on or before the report date.
    Filed,
    /// Claims with a line approved or reduced (an approved amount above 0) on or before
    /// the report date; a part counts where its own line was.
    Approved,
}

impl Basis {
    /// The name on the wire.
    pub fn name(self) -> &'static str {
        match self {
            Basis::Filed => "filed",
            Basis::Approved => "approved",
        }
    }

    /// The basis of a wire name.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "filed" => Some(Basis::Filed),
            "approved" => Some(Basis::Approved),
            _ => None,
        }
    }
}

/// A cut of the fleet and its claims as of a report date.
#[derive(Debug, Clone)]
pub struct Filter {
    /// The report date.
    pub report_date: NaiveDate,
    /// Which claims count.
    pub basis: Basis,
    /// MIS columns, 1 to `MIS_MAX`.
    pub months: u32,
    /// Only units of this model.
    pub model: Option<String>,
    /// Only claims with a line of this part.
    pub part: Option<String>,
    /// Only claims with a line of a part of this supplier.
    pub supplier: Option<String>,
    /// Only claims with this fault code.
    pub fault_code: Option<String>,
    /// Only units sold in this month (its first day).
    pub sale_month: Option<NaiveDate>,
    /// Only units built in this month (its first day).
    pub production_month: Option<NaiveDate>,
}

impl Filter {
    /// Everything as of `report_date`, counted on `basis`.
    pub fn new(report_date: NaiveDate, basis: Basis, months: u32) -> Self {
        Self {
            report_date,
            basis,
            months,
            model: None,
            part: None,
            supplier: None,
            fault_code: None,
            sale_month: None,
            production_month: None,
        }
    }

    /// Refuses a column count outside 1 to `MIS_MAX`.
    pub fn check(&self) -> Result<()> {
        if !(1..=super::MIS_MAX).contains(&self.months) {
            return Err(Error::invalid("months", format!("must be 1 to {}", super::MIS_MAX)));
        }
        Ok(())
    }

    /// Whether a unit is in the cut (model, sale month, production month).
    pub fn unit_in(&self, u: &UnitFacts<'_>) -> bool {
        self.model.as_deref().is_none_or(|m| u.model == m)
            && self.sale_month.is_none_or(|m| month_start(u.sale_date) == m)
            && self
                .production_month
                .is_none_or(|m| u.built_on.is_some_and(|b| month_start(b) == m))
    }

    /// Whether an aggregate row of unit sales is in the cut.
    pub fn row_in(&self, row: &SalesRow) -> bool {
        self.model.as_deref().is_none_or(|m| row.model == m)
            && self.sale_month.is_none_or(|m| month_start(row.sale_date) == m)
            && self.production_month.is_none_or(|m| row.built_month == Some(m))
    }

    fn claim_cuts(&self) -> bool {
        self.part.is_some() || self.supplier.is_some()
    }
}

/// A claim counted by an analysis, with what its unit says.
#[derive(Debug, Clone)]
pub struct ClaimFact {
    /// The unit's sale date.
    pub sale_date: NaiveDate,
    /// The failure date.
    pub failure_date: NaiveDate,
    /// The unit's model.
    pub model: String,
    /// The claim's counted part lines' parts (no repeats).
    pub parts: Vec<String>,
    /// The amount of its lines approved on or before the report date, fen.
    pub approved_fen: i64,
}

/// How many units of the cut were sold on each date (on or before the report date), from
/// the unit-sales aggregate.
pub fn unit_sales(r: &dyn Read, filter: &Filter) -> Result<Vec<(NaiveDate, u64)>> {
    let mut by_date: HashMap<NaiveDate, u64> = HashMap::new();
    for row in unit_sales::rows(r)? {
        if row.sale_date <= filter.report_date && filter.row_in(&row) {
            *by_date.entry(row.sale_date).or_default() += row.units;
        }
    }
    let mut sales: Vec<_> = by_date.into_iter().collect();
    sales.sort_unstable();
    Ok(sales)
}

/// A line approved (or reduced) with an amount above 0 on or before `date`.
fn approved_by(l: &ClaimLine, date: NaiveDate) -> bool {
    l.approved_fen.is_some_and(|a| a.get() > 0) && l.decided_at.is_some_and(|at| business_date(at) <= date)
}

/// Whether a claim counts on `basis` as of `date`.
fn counts(c: &Claim, basis: Basis, date: NaiveDate) -> bool {
    match basis {
        Basis::Filed => c.filing_date.is_some_and(|d| d <= date),
        Basis::Approved => c.lines.iter().any(|l| approved_by(l, date)),
    }
}

fn line_counts(l: &ClaimLine, basis: Basis, date: NaiveDate) -> bool {
    l.kind == LineKind::Part && (basis == Basis::Filed || approved_by(l, date))
}

/// Visits every claim of the cut that counts on the filter's basis, failed on or before
/// the report date, with its unit's facts.
pub fn visit_claims(r: &dyn Read, filter: &Filter, each: &mut dyn FnMut(&ClaimFact)) -> Result<()> {
    let suppliers = if filter.supplier.is_some() {
        part_suppliers(r)?
    } else {
        HashMap::new()
    };
    let mut failure = None;
    r.visit(Table::Claims, &Scan::all(), &mut |_, v| {
        let c: Claim = codec::decode(v)?;
        if c.failure_date > filter.report_date || !counts(&c, filter.basis, filter.report_date) {
            return Ok(true);
        }
        if filter.fault_code.as_deref().is_some_and(|f| c.fault_code != f) {
            return Ok(true);
        }
        let mut parts: Vec<String> = Vec::new();
        for l in c
            .lines
            .iter()
            .filter(|l| line_counts(l, filter.basis, filter.report_date))
        {
            if let Some(p) = &l.part_no
                && !parts.iter().any(|x| x == p.as_str())
            {
                parts.push(p.to_string());
            }
        }
        if filter.claim_cuts() {
            let part_ok = filter.part.as_deref().is_none_or(|p| parts.iter().any(|x| x == p));
            let supplier_ok = filter.supplier.as_deref().is_none_or(|s| {
                parts
                    .iter()
                    .any(|p| suppliers.get(p).is_some_and(|x| x.as_deref() == Some(s)))
            });
            if !(part_ok && supplier_ok) {
                return Ok(true);
            }
        }
        let unit = match repo::get::<Unit>(r, Table::Units, &code_key(&c.unit_serial)) {
            Ok(Some(u)) => u,
            Ok(None) => return Ok(true),
            Err(e) => {
                failure = Some(e);
                return Ok(false);
            }
        };
        let facts = UnitFacts {
            model: &unit.model,
            dealer: &unit.dealer,
            sale_date: unit.sale_date,
            built_on: unit.built_on,
        };
        if !filter.unit_in(&facts) {
            return Ok(true);
        }
        each(&ClaimFact {
            sale_date: unit.sale_date,
            failure_date: c.failure_date,
            model: unit.model,
            parts,
            approved_fen: c
                .lines
                .iter()
                .filter(|l| approved_by(l, filter.report_date))
                .filter_map(|l| l.approved_fen.map(|a| a.get()))
                .sum(),
        });
        Ok(true)
    })?;
    match failure {
        Some(e) => Err(e.into()),
        None => Ok(()),
    }
}

/// Every part's supplier.
pub fn part_suppliers(r: &dyn Read) -> Result<HashMap<String, Option<String>>> {
    let mut map = HashMap::new();
    r.visit(Table::Parts, &Scan::all(), &mut |_, v| {
        let p: Part = codec::decode(v)?;
        map.insert(p.part_no.to_string(), p.supplier);
        Ok(true)
    })?;
    Ok(map)
}
