//! Unit sales as an aggregate kept by the unit command in the same transaction:
//! (model, dealer, sale date, production month) → units. The analytics read these few
//! thousand rows instead of every unit; reconciliation recounts them from the units.
//! A database written before the aggregate existed gets it built once when opened.

use super::keys::{Key, KeyReader};
use super::unit_view::visit_units;
use super::{Overlay, Read, Scan, StoreError, StoreResult, Table, WriteTx};
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

/// One aggregate row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SalesRow {
    /// Model.
    pub model: String,
    /// Selling dealer.
    pub dealer: String,
    /// Sale date.
    pub sale_date: NaiveDate,
    /// First day of the production month, where known.
    pub built_month: Option<NaiveDate>,
    /// Units.
    pub units: u64,
}

/// The row key of a unit.
pub fn key(model: &str, dealer: &str, sale_date: NaiveDate, built_on: Option<NaiveDate>) -> Vec<u8> {
    let built = built_on.map_or(String::new(), |b| format!("{:04}-{:02}", b.year(), b.month()));
    Key::new()
        .str(model)
        .str(dealer)
        .str(&sale_date.to_string())
        .str(&built)
        .into_bytes()
}

fn parse(k: &[u8], v: &[u8]) -> StoreResult<SalesRow> {
    let bad = |what: &str| StoreError::Corrupt {
        table: "unit sales",
        reason: what.to_string(),
    };
    let mut r = KeyReader::new(k);
    let model = r.str().ok_or_else(|| bad("model"))?;
    let dealer = r.str().ok_or_else(|| bad("dealer"))?;
    let sale = r.str().ok_or_else(|| bad("sale date"))?;
    let built = r.str().ok_or_else(|| bad("production month"))?;
    let sale_date = sale.parse().map_err(|_| bad("sale date"))?;
    let built_month = match built.as_str() {
        "" => None,
        m => Some(NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").map_err(|_| bad("production month"))?),
    };
    let units = u64::from_be_bytes(v.try_into().map_err(|_| bad("count"))?);
    Ok(SalesRow {
        model,
        dealer,
        sale_date,
        built_month,
        units,
    })
}

/// Counts one unit sold, in the unit's own overlay.
pub fn add(
    w: &mut Overlay<'_>,
    model: &str,
    dealer: &str,
    sale_date: NaiveDate,
    built_on: Option<NaiveDate>,
) -> StoreResult<()> {
    let k = key(model, dealer, sale_date, built_on);
    let n = match w.get(Table::UnitSales, &k)? {
        Some(v) => u64::from_be_bytes(v.as_slice().try_into().unwrap_or([0; 8])),
        None => 0,
    };
    w.put(Table::UnitSales, k, (n + 1).to_be_bytes().to_vec());
    Ok(())
}

/// Every aggregate row, in key order.
pub fn rows(r: &dyn Read) -> StoreResult<Vec<SalesRow>> {
    let mut out = Vec::new();
    r.visit(Table::UnitSales, &Scan::all(), &mut |k, v| {
        out.push(parse(k, v)?);
        Ok(true)
    })?;
    Ok(out)
}

/// The aggregate as the units say it should be: key → units.
pub fn recount(r: &dyn Read) -> StoreResult<BTreeMap<Vec<u8>, u64>> {
    let mut out: BTreeMap<Vec<u8>, u64> = BTreeMap::new();
    visit_units(r, &mut |u| {
        *out.entry(key(u.model, u.dealer, u.sale_date, u.built_on)).or_default() += 1;
        true
    })?;
    Ok(out)
}

/// The aggregate as stored: key → units.
pub fn stored(r: &dyn Read) -> StoreResult<BTreeMap<Vec<u8>, u64>> {
    let mut out = BTreeMap::new();
    r.visit(Table::UnitSales, &Scan::all(), &mut |k, v| {
        out.insert(k.to_vec(), parse(k, v)?.units);
        Ok(true)
    })?;
    Ok(out)
}

fn built_key() -> Vec<u8> {
    Key::new().str("unit_sales_built").str("v1").into_bytes()
}

/// Builds the aggregate over the units already stored, once (see `indexes::backfill`).
pub fn backfill(tx: &WriteTx) -> StoreResult<bool> {
    let mut batch = tx.batch();
    if batch.get(Table::Meta, &built_key())?.is_some() {
        return Ok(false);
    }
    let counts = {
        let mut out: BTreeMap<Vec<u8>, u64> = BTreeMap::new();
        let mut failure = None;
        let mut after: Option<Vec<u8>> = None;
        loop {
            let pairs = batch.scan(Table::Units, &Scan::all().after(after.take()).limit(10_000))?;
            let done = pairs.len() < 10_000;
            for (_, v) in &pairs {
                match super::codec::decode::<crate::domain::warranty::Unit>(v) {
                    Ok(u) => {
                        *out.entry(key(&u.model, &u.dealer, u.sale_date, u.built_on))
                            .or_default() += 1
                    }
                    Err(e) => failure = Some(e),
                }
            }
            after = pairs.into_iter().last().map(|(k, _)| k);
            if done {
                break;
            }
        }
        if let Some(e) = failure {
            return Err(e);
        }
        out
    };
    batch.run(|w| {
        for (k, n) in counts {
            w.put(Table::UnitSales, k, n.to_be_bytes().to_vec());
        }
        w.put(Table::Meta, built_key(), vec![1]);
        Ok::<_, StoreError>(())
    })?;
    Ok(true)
}
