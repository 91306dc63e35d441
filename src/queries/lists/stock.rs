//! Stock: balances, the stock ledger, and receipts, transfers and stocktakes.

use super::shared::{at_location, decode, documents_from, hide_unless_visible, location_visible, require_visible};
use crate::domain::auth::Principal;
use crate::domain::documents::{Receipt, Stocktake, Transfer};
use crate::domain::ledger::StockEntry;
use crate::domain::numbered::DocumentKind;
use crate::domain::stock::Balance;
use crate::error::{Error, Result};
use crate::queries::page::{Page, PageRequest, paginate};
use crate::store::document;
use crate::store::keys::Key;
use crate::store::repo::{self, seq_key, seq_of_indexed};
use crate::store::{Read, Scan, Table};
use serde::Serialize;
use utoipa::ToSchema;

/// Stock of one part at one location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct StockRow {
    /// Part.
    pub part_no: String,
    /// Location.
    pub location: String,
    /// On hand.
    pub qty: i64,
    /// Total value, fen.
    pub value_fen: i64,
}

/// Stock balances, filtered by part and/or location; rows at zero only on request.
pub fn stock(
    r: &dyn Read,
    principal: &Principal,
    part: Option<&str>,
    location: Option<&str>,
    include_zero: bool,
    page: &PageRequest,
) -> Result<Page<StockRow>> {
    if let Some(l) = location {
        require_visible(r, principal, l)?;
    }
    let filters = format!("stock?part={part:?}&location={location:?}&zero={include_zero}");
    let keep = |b: &Balance| include_zero || b.qty != 0;
    match (part, location) {
        (_, Some(loc)) => {
            let prefix = match part {
                Some(p) => repo::stock_by_location_key(loc, p),
                None => Key::new().str(loc).into_bytes(),
            };
            paginate(
                r,
                Table::StockByLocation,
                Scan::prefix(&prefix),
                &filters,
                page,
                |k, _| {
                    let part_no = repo::second_str(k)?;
                    let b = repo::balance(r, &part_no, loc)?;
                    Ok(keep(&b).then(|| StockRow {
                        part_no,
                        location: loc.into(),
                        qty: b.qty,
                        value_fen: b.value_fen.get(),
                    }))
                },
            )
        }
        (p, None) => {
            let prefix = p.map(|p| Key::new().str(p).into_bytes()).unwrap_or_default();
            let all = principal.sees_all_locations();
            paginate(r, Table::Stock, Scan::prefix(&prefix), &filters, page, |k, v| {
                let mut key = crate::store::keys::KeyReader::new(k);
                let (Some(part_no), Some(loc)) = (key.str(), key.str()) else {
                    return Err(Error::Internal("malformed stock key".into()));
                };
                let b: Balance = decode(v)?;
                let shown = keep(&b) && (all || location_visible(r, principal, &loc)?);
                Ok(shown.then_some(StockRow {
                    part_no,
                    location: loc,
                    qty: b.qty,
                    value_fen: b.value_fen.get(),
                }))
            })
        }
    }
}

/// Stock ledger entries by seq (ascending unless `desc`), filtered by part and/or location.
pub fn stock_ledger(
    r: &dyn Read,
    principal: &Principal,
    part: Option<&str>,
    location: Option<&str>,
    desc: bool,
    page: &PageRequest,
) -> Result<Page<StockEntry>> {
    if let Some(l) = location {
        require_visible(r, principal, l)?;
    }
    let filters = format!("ledger?part={part:?}&location={location:?}&desc={desc}");
    let all = principal.sees_all_locations();
    let visible = |e: &StockEntry| -> Result<bool> {
        Ok(location.is_none_or(|l| l == e.location) && (all || location_visible(r, principal, &e.location)?))
    };
    let by_index = |k: &[u8]| -> Result<Option<StockEntry>> {
        let seq = seq_of_indexed(k)?;
        let e: StockEntry = repo::get(r, Table::StockLedger, &seq_key(seq))?
            .ok_or_else(|| Error::Internal(format!("ledger index names missing entry {seq}")))?;
        Ok(visible(&e)?.then_some(e))
    };
    match (part, location) {
        (Some(p), _) => {
            let scan = Scan::prefix(&Key::new().str(p).into_bytes()).reverse(desc);
            paginate(r, Table::LedgerByPart, scan, &filters, page, |k, _| by_index(k))
        }
        (None, Some(l)) => {
            let scan = Scan::prefix(&Key::new().str(l).into_bytes()).reverse(desc);
            paginate(r, Table::LedgerByLocation, scan, &filters, page, |k, _| by_index(k))
        }
        (None, None) => paginate(
            r,
            Table::StockLedger,
            Scan::all().reverse(desc),
            &filters,
            page,
            |_, v| {
                let e: StockEntry = decode(v)?;
                Ok(visible(&e)?.then_some(e))
            },
        ),
    }
}

/// Receipts, newest first.
pub fn receipts(
    r: &dyn Read,
    principal: &Principal,
    location: Option<&str>,
    page: &PageRequest,
) -> Result<Page<Receipt>> {
    documents_from(
        r,
        Table::Receipts,
        at_location(DocumentKind::Receipt.prefix(), location),
        &format!("receipts?{location:?}"),
        page,
        |d: &Receipt| Ok(location.is_none_or(|l| l == d.location) && location_visible(r, principal, &d.location)?),
    )
}

/// One receipt.
pub fn receipt(r: &dyn Read, principal: &Principal, number: &str) -> Result<Receipt> {
    let d = document::get::<Receipt>(r, number)?;
    hide_unless_visible(r, principal, &[&d.location], DocumentKind::Receipt.entity(), number)?;
    Ok(d)
}

/// Transfers, newest first.
pub fn transfers(
    r: &dyn Read,
    principal: &Principal,
    location: Option<&str>,
    page: &PageRequest,
) -> Result<Page<Transfer>> {
    documents_from(
        r,
        Table::Transfers,
        at_location(DocumentKind::Transfer.prefix(), location),
        &format!("transfers?{location:?}"),
        page,
        |d: &Transfer| {
            let touches = |l: &str| l == d.from || l == d.to;
            Ok(location.is_none_or(touches)
                && (location_visible(r, principal, &d.from)? || location_visible(r, principal, &d.to)?))
        },
    )
}

/// One transfer.
pub fn transfer(r: &dyn Read, principal: &Principal, number: &str) -> Result<Transfer> {
    let d = document::get::<Transfer>(r, number)?;
    hide_unless_visible(r, principal, &[&d.from, &d.to], DocumentKind::Transfer.entity(), number)?;
    Ok(d)
}

/// Stocktakes, newest first.
pub fn stocktakes(
    r: &dyn Read,
    principal: &Principal,
    location: Option<&str>,
    page: &PageRequest,
) -> Result<Page<Stocktake>> {
    documents_from(
        r,
        Table::Stocktakes,
        at_location(DocumentKind::Stocktake.prefix(), location),
        &format!("stocktakes?{location:?}"),
        page,
        |d: &Stocktake| Ok(location.is_none_or(|l| l == d.location) && location_visible(r, principal, &d.location)?),
    )
}

/// One stocktake.
pub fn stocktake(r: &dyn Read, principal: &Principal, number: &str) -> Result<Stocktake> {
    let d = document::get::<Stocktake>(r, number)?;
    hide_unless_visible(r, principal, &[&d.location], DocumentKind::Stocktake.entity(), number)?;
    Ok(d)
}
