//! Stock: balances, the stock ledger, and receipts, transfers and stocktakes.

use super::search::Search;
use super::shared::{
    Source, at_location, decode, documents_from, hide_unless_visible, location_visible, require_visible,
};
use crate::domain::auth::Principal;
use crate::domain::documents::{Receipt, Stocktake, Transfer, TransferStatus};
use crate::domain::ledger::StockEntry;
use crate::domain::master::Part;
use crate::domain::numbered::DocumentKind;
use crate::domain::stock::Balance;
use crate::error::{Error, Result};
use crate::queries::page::{Page, PageRequest, paginate};
use crate::store::document;
use crate::store::indexes;
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

/// The part a search text names as one of its barcodes, if any: a scanned barcode finds
/// its part's stock through the part index.
fn part_of_barcode(r: &dyn Read, search: &Search) -> Result<Option<String>> {
    let Some(q) = search.q.as_deref() else { return Ok(None) };
    for code in [q.to_owned(), q.to_uppercase()] {
        if let Some(v) = r.get(Table::Barcodes, &repo::code_key(&code))? {
            return Ok(Some(String::from_utf8_lossy(&v).into_owned()));
        }
    }
    Ok(None)
}

/// Whether a stock row matches the search text: its part number, location, or the part's
/// name or barcodes.
fn stock_text(r: &dyn Read, search: &Search, part_no: &str, location: &str) -> Result<bool> {
    if search.q.is_none() || search.text([part_no, location]) {
        return Ok(true);
    }
    let part: Option<Part> = repo::get(r, Table::Parts, &repo::code_key(part_no))?;
    Ok(part.is_some_and(|p| search.text([p.name.as_str()]) || search.text(p.barcodes.iter().map(String::as_str))))
}

/// Stock balances, filtered by part and/or location and the search text (a barcode
/// finds its part); rows at zero only on request. Balances have no date: a date range
/// is refused.
pub fn stock(
    r: &dyn Read,
    principal: &Principal,
    part: Option<&str>,
    location: Option<&str>,
    include_zero: bool,
    search: &Search,
    page: &PageRequest,
) -> Result<Page<StockRow>> {
    if let Some(l) = location {
        require_visible(r, principal, l)?;
    }
    if search.from_date.is_some() || search.to_date.is_some() {
        return Err(Error::invalid("from_date", "stock on hand has no date; use the ledger"));
    }
    let scanned = if part.is_none() {
        part_of_barcode(r, search)?
    } else {
        None
    };
    let (part, search) = match &scanned {
        Some(p) => (Some(p.as_str()), Search::default()),
        None => (part, search.clone()),
    };
    let search = &search;
    let filters = format!(
        "stock?part={part:?}&location={location:?}&zero={include_zero}{}",
        search.tag()
    );
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
                    let shown = keep(&b) && stock_text(r, search, &part_no, loc)?;
                    Ok(shown.then(|| StockRow {
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
                let shown = keep(&b)
                    && (all || location_visible(r, principal, &loc)?)
                    && stock_text(r, search, &part_no, &loc)?;
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
    search: &Search,
    page: &PageRequest,
) -> Result<Page<StockEntry>> {
    if let Some(l) = location {
        require_visible(r, principal, l)?;
    }
    let filters = format!("ledger?part={part:?}&location={location:?}&desc={desc}{}", search.tag());
    let all = principal.sees_all_locations();
    let visible = |e: &StockEntry| -> Result<bool> {
        Ok(location.is_none_or(|l| l == e.location)
            && search.at(e.at)
            && search.text([
                e.part_no.as_str(),
                e.location.as_str(),
                e.document.as_str(),
                e.actor.as_str(),
            ])
            && (all || location_visible(r, principal, &e.location)?))
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
            // An entry's value names its location (empty if written before it did).
            let elsewhere = |v: &[u8]| location.is_some_and(|l| !v.is_empty() && v != l.as_bytes());
            paginate(r, Table::LedgerByPart, scan, &filters, page, |k, v| {
                if elsewhere(v) { Ok(None) } else { by_index(k) }
            })
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
    search: &Search,
    page: &PageRequest,
) -> Result<Page<Receipt>> {
    documents_from(
        r,
        Table::Receipts,
        at_location(DocumentKind::Receipt.prefix(), location),
        &format!("receipts?{location:?}{}", search.tag()),
        page,
        |d: &Receipt| {
            let text = [d.number.as_str(), d.location.as_str(), d.actor.as_str()]
                .into_iter()
                .chain(d.supplier.as_deref())
                .chain(d.reference.as_deref())
                .chain(d.lines.iter().map(|l| l.part_no.as_str()));
            Ok(location.is_none_or(|l| l == d.location)
                && search.at(d.posted_at)
                && search.text(text)
                && location_visible(r, principal, &d.location)?)
        },
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
    status: Option<TransferStatus>,
    search: &Search,
    page: &PageRequest,
) -> Result<Page<Transfer>> {
    let source = match (location, status) {
        (None, Some(s)) => Source::Index(
            Table::DocsByStatus,
            indexes::doc_prefix(DocumentKind::Transfer.prefix(), indexes::transfer_status(s)),
        ),
        _ => at_location(DocumentKind::Transfer.prefix(), location),
    };
    documents_from(
        r,
        Table::Transfers,
        source,
        &format!("transfers?{location:?}&{status:?}{}", search.tag()),
        page,
        |d: &Transfer| {
            let touches = |l: &str| l == d.from || l == d.to;
            let text = [d.number.as_str(), d.from.as_str(), d.to.as_str(), d.actor.as_str()]
                .into_iter()
                .chain(d.lines.iter().map(|l| l.part_no.as_str()));
            Ok(location.is_none_or(touches)
                && status.is_none_or(|s| s == d.status)
                && search.at(d.created_at)
                && search.text(text)
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
