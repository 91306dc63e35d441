//! Warranty cost by dealer, model and supplier: approved cost, recovered from suppliers,
//! net, and net per unit sold, aggregated on the server for the cost pages.

use super::facts::part_suppliers;
use crate::domain::claims::{Claim, ClaimStatus};
use crate::domain::numbered::DocumentKind;
use crate::domain::settlement::SupplierClaim;
use crate::domain::warranty::{Unit, business_date};
use crate::error::Result;
use crate::store::repo::{self, code_key};
use crate::store::unit_sales;
use crate::store::{Read, Scan, Table, codec, indexes};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use utoipa::ToSchema;

/// One dealer's, model's or supplier's cost.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct CostRow {
    /// Dealer, model or supplier code.
    pub key: String,
    /// Claims with a line approved in the period.
    pub claims: u64,
    /// Approved amount of those lines, fen.
    pub approved_fen: i64,
    /// Accepted by suppliers on those lines, fen.
    pub recovered_fen: i64,
    /// approved − recovered, fen.
    pub net_fen: i64,
    /// Units sold (by the dealer, of the model; for a supplier, all units) on or before
    /// the period's end.
    pub units_sold: u64,
    /// net ÷ units sold, fen, rounded half up; null without units.
    pub net_per_unit_fen: Option<i64>,
}

/// The cost report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct CostReport {
    /// First decision date counted (none: from the start).
    pub from_date: Option<NaiveDate>,
    /// Last decision date counted.
    pub to_date: NaiveDate,
    /// Units sold on or before `to_date`.
    pub units_sold: u64,
    /// The whole network.
    pub total: CostRow,
    /// By selling dealer of the claim, largest net first.
    pub by_dealer: Vec<CostRow>,
    /// By model of the unit, largest net first.
    pub by_model: Vec<CostRow>,
    /// By supplier of the failed part: a part line goes to its part's supplier, the
    /// claim's labor, travel and other lines to the supplier of its first such part;
    /// largest net first.
    pub by_supplier: Vec<CostRow>,
}

#[derive(Default)]
struct Sums {
    rows: BTreeMap<String, CostRow>,
}

impl Sums {
    fn row(&mut self, key: &str) -> &mut CostRow {
        self.rows.entry(key.to_string()).or_insert_with(|| CostRow {
            key: key.to_string(),
            ..CostRow::default()
        })
    }

    fn finish(self, units: impl Fn(&str) -> u64) -> Vec<CostRow> {
        let mut v: Vec<CostRow> = self
            .rows
            .into_values()
            .map(|r| {
                let n = units(&r.key);
                finish(r, n)
            })
            .collect();
        v.sort_by(|a, b| b.net_fen.cmp(&a.net_fen).then_with(|| a.key.cmp(&b.key)));
        v
    }
}

fn finish(mut r: CostRow, units: u64) -> CostRow {
    r.net_fen = r.approved_fen - r.recovered_fen;
    r.units_sold = units;
    r.net_per_unit_fen = (units > 0).then(|| {
        let (n, u) = (r.net_fen as i128, units as i128);
        let q = (2 * n.abs() + u) / (2 * u);
        (if n < 0 { -q } else { q }) as i64
    });
    r
}

/// Cost of the claim lines decided from `from` to `to` (business dates, inclusive).
pub fn cost(r: &dyn Read, from: Option<NaiveDate>, to: NaiveDate) -> Result<CostReport> {
    let (mut dealers_sold, mut models_sold, mut sold): (HashMap<String, u64>, HashMap<String, u64>, u64) =
        Default::default();
    for row in unit_sales::rows(r)? {
        if row.sale_date <= to {
            sold += row.units;
            *dealers_sold.entry(row.dealer).or_default() += row.units;
            *models_sold.entry(row.model).or_default() += row.units;
        }
    }
    let suppliers = part_suppliers(r)?;
    let (mut by_dealer, mut by_model, mut by_supplier, mut total) =
        (Sums::default(), Sums::default(), Sums::default(), CostRow::default());
    // (claim, line) → (dealer, model, supplier) of the lines counted, for the recoveries.
    let mut counted: HashMap<(String, u32), (String, String, Option<String>)> = HashMap::new();
    for status in [ClaimStatus::Decided, ClaimStatus::Settled, ClaimStatus::Submitted] {
        let prefix = indexes::doc_prefix(DocumentKind::Claim.prefix(), indexes::claim_status(status));
        for (k, _) in r.scan(Table::DocsByStatus, &Scan::prefix(&prefix))? {
            let Some(c) = repo::get::<Claim>(r, Table::Claims, &repo::seq_key(indexes::number_at_end(&k)?))? else {
                continue;
            };
            let lines: Vec<_> = c
                .lines
                .iter()
                .filter(|l| l.approved_fen.is_some_and(|a| a.get() > 0))
                .filter(|l| {
                    l.decided_at
                        .map(business_date)
                        .is_some_and(|d| d <= to && from.is_none_or(|f| d >= f))
                })
                .collect();
            if lines.is_empty() {
                continue;
            }
            let model = repo::get::<Unit>(r, Table::Units, &code_key(&c.unit_serial))?
                .map_or_else(|| "unknown".to_string(), |u| u.model);
            let amount: i64 = lines.iter().filter_map(|l| l.approved_fen).map(|a| a.get()).sum();
            for (sums, key) in [(&mut by_dealer, &c.dealer), (&mut by_model, &model)] {
                let row = sums.row(key);
                row.claims += 1;
                row.approved_fen += amount;
            }
            total.claims += 1;
            total.approved_fen += amount;
            let supplier_of = |l: &crate::domain::claims::ClaimLine| {
                l.part_no
                    .as_ref()
                    .and_then(|p| suppliers.get(p.as_str()).cloned().flatten())
            };
            // Labor, travel and other costs follow the claim's first part with a supplier.
            let lead = lines.iter().find_map(|l| supplier_of(l));
            let mut claim_suppliers: Vec<String> = Vec::new();
            for l in &lines {
                let supplier = if l.part_no.is_some() {
                    supplier_of(l)
                } else {
                    lead.clone()
                };
                if let Some(s) = &supplier {
                    let row = by_supplier.row(s);
                    row.approved_fen += l.approved_fen.map_or(0, |a| a.get());
                    if !claim_suppliers.contains(s) {
                        claim_suppliers.push(s.clone());
                        row.claims += 1;
                    }
                }
                counted.insert(
                    (c.number.to_string(), l.line),
                    (c.dealer.clone(), model.clone(), supplier),
                );
            }
        }
    }
    r.visit(Table::SupplierClaims, &Scan::all(), &mut |_, v| {
        let sc: SupplierClaim = codec::decode(v)?;
        for l in &sc.lines {
            let Some(accepted) = l.accepted_fen.map(|a| a.get()).filter(|a| *a > 0) else {
                continue;
            };
            let Some((dealer, model, _)) = counted.get(&(l.claim.to_string(), l.claim_line)) else {
                continue;
            };
            by_dealer.row(dealer).recovered_fen += accepted;
            by_model.row(model).recovered_fen += accepted;
            by_supplier.row(&sc.supplier).recovered_fen += accepted;
            total.recovered_fen += accepted;
        }
        Ok(true)
    })?;
    Ok(CostReport {
        from_date: from,
        to_date: to,
        units_sold: sold,
        total: finish(
            CostRow {
                key: "total".into(),
                ..total
            },
            sold,
        ),
        by_dealer: by_dealer.finish(|k| dealers_sold.get(k).copied().unwrap_or(0)),
        by_model: by_model.finish(|k| models_sold.get(k).copied().unwrap_or(0)),
        by_supplier: by_supplier.finish(|_| sold),
    })
}
