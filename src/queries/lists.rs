//! Lists and single reads, scoped to what the caller may see.

use super::page::{Page, PageRequest, paginate};
use crate::domain::auth::{Principal, Role};
use crate::domain::claims::{Claim, ClaimStatus, OldPart, TagStatus};
use crate::domain::documents::{
    AuditEvent, DocumentKind, Receipt, Requisition, RequisitionStatus, ServiceReport, Stocktake, Transfer,
};
use crate::domain::ledger::{JournalEntry, StockEntry};
use crate::domain::master::{Dealer, Location, LocationKind, Part, Supplier};
use crate::domain::settlement::{Settlement, SupplierClaim};
use crate::domain::stock::Balance;
use crate::domain::warranty::{Policy, Unit};
use crate::error::{Error, Result};
use crate::store::codec::{self, Stored};
use crate::store::indexes;
use crate::store::keys::Key;
use crate::store::repo::{self, code_key, seq_key, seq_of_indexed};
use crate::store::{Read, Scan, Table};
use serde::Serialize;
use utoipa::ToSchema;

/// Whether `principal` may see stock and documents of `location`.
pub fn location_visible(r: &dyn Read, principal: &Principal, location: &str) -> Result<bool> {
    if principal.sees_all_locations() {
        return Ok(true);
    }
    let loc: Option<Location> = repo::get(r, Table::Locations, &code_key(location))?;
    Ok(loc.is_some_and(|l| principal.sees_location(&l)))
}

/// Answers `not_found` for a location the caller may not see (as if it did not exist).
pub fn require_visible(r: &dyn Read, principal: &Principal, location: &str) -> Result<()> {
    if location_visible(r, principal, location)? {
        Ok(())
    } else {
        Err(Error::not_found("location", location))
    }
}

fn decode<T: Stored>(v: &[u8]) -> Result<T> {
    Ok(codec::decode(v)?)
}

/// Parts, by part number; `q` matches part number or name (case-insensitive).
pub fn parts(r: &dyn Read, q: Option<&str>, page: &PageRequest) -> Result<Page<Part>> {
    let needle = q.map(str::to_lowercase);
    paginate(
        r,
        Table::Parts,
        Scan::all(),
        &format!("parts?q={needle:?}"),
        page,
        |_, v| {
            let p: Part = decode(v)?;
            let hit = needle
                .as_ref()
                .is_none_or(|n| p.part_no.to_lowercase().contains(n) || p.name.to_lowercase().contains(n));
            Ok(hit.then_some(p))
        },
    )
}

/// One part.
pub fn part(r: &dyn Read, part_no: &str) -> Result<Part> {
    repo::get(r, Table::Parts, &code_key(part_no))?.ok_or_else(|| Error::not_found("part", part_no))
}

/// The part a barcode belongs to.
pub fn part_by_barcode(r: &dyn Read, barcode: &str) -> Result<Part> {
    let owner = r
        .get(Table::Barcodes, &code_key(barcode))?
        .ok_or_else(|| Error::not_found("barcode", barcode))?;
    part(r, &String::from_utf8_lossy(&owner))
}

/// Locations the caller may see, by code, optionally of one kind.
pub fn locations(
    r: &dyn Read,
    principal: &Principal,
    kind: Option<LocationKind>,
    page: &PageRequest,
) -> Result<Page<Location>> {
    paginate(
        r,
        Table::Locations,
        Scan::all(),
        &format!("locations?kind={kind:?}"),
        page,
        |_, v| {
            let l: Location = decode(v)?;
            let shown = kind.is_none_or(|k| k == l.kind)
                && (principal.role != Role::Dealer || location_visible(r, principal, &l.code)?);
            Ok(shown.then_some(l))
        },
    )
}

/// One location.
pub fn location(r: &dyn Read, principal: &Principal, code: &str) -> Result<Location> {
    let loc: Location =
        repo::get(r, Table::Locations, &code_key(code))?.ok_or_else(|| Error::not_found("location", code))?;
    if principal.role == Role::Dealer {
        require_visible(r, principal, code)?;
    }
    Ok(loc)
}

/// Dealers, by code.
pub fn dealers(r: &dyn Read, page: &PageRequest) -> Result<Page<Dealer>> {
    paginate(r, Table::Dealers, Scan::all(), "dealers", page, |_, v| {
        decode(v).map(Some)
    })
}

/// One dealer.
pub fn dealer(r: &dyn Read, code: &str) -> Result<Dealer> {
    repo::get(r, Table::Dealers, &code_key(code))?.ok_or_else(|| Error::not_found("dealer", code))
}

/// Suppliers, by code.
pub fn suppliers(r: &dyn Read, page: &PageRequest) -> Result<Page<Supplier>> {
    paginate(r, Table::Suppliers, Scan::all(), "suppliers", page, |_, v| {
        decode(v).map(Some)
    })
}

/// One supplier.
pub fn supplier(r: &dyn Read, code: &str) -> Result<Supplier> {
    repo::get(r, Table::Suppliers, &code_key(code))?.ok_or_else(|| Error::not_found("supplier", code))
}

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
                        value_fen: b.value_fen,
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
                    value_fen: b.value_fen,
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

/// Journal entries by seq (ascending unless `desc`), optionally of one document.
pub fn journal(r: &dyn Read, document: Option<&str>, desc: bool, page: &PageRequest) -> Result<Page<JournalEntry>> {
    let filters = format!("journal?document={document:?}&desc={desc}");
    match document {
        Some(d) => {
            let scan = Scan::prefix(&Key::new().str(d).into_bytes()).reverse(desc);
            paginate(r, Table::JournalByDocument, scan, &filters, page, |k, _| {
                let seq = seq_of_indexed(k)?;
                let e: JournalEntry = repo::get(r, Table::Journal, &seq_key(seq))?
                    .ok_or_else(|| Error::Internal(format!("journal index names missing entry {seq}")))?;
                Ok(Some(e))
            })
        }
        None => paginate(r, Table::Journal, Scan::all().reverse(desc), &filters, page, |_, v| {
            decode(v).map(Some)
        }),
    }
}

/// An account and its balance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct AccountRow {
    /// Account code.
    pub code: String,
    /// Balance, debit positive, fen.
    pub balance_fen: i64,
}

/// Whether the caller may read `account`: the books are finance's; a dealer reads only
/// its own `dealer:<code>` account.
pub fn account_visible(principal: &Principal, account: &str) -> bool {
    match principal.role {
        Role::Admin | Role::Finance => true,
        Role::Dealer => principal
            .dealer
            .as_deref()
            .is_some_and(|d| account == format!("dealer:{d}")),
        _ => false,
    }
}

/// Accounts with balances, by code, optionally those starting with `prefix`.
pub fn accounts(
    r: &dyn Read,
    principal: &Principal,
    prefix: Option<&str>,
    page: &PageRequest,
) -> Result<Page<AccountRow>> {
    let filters = format!("accounts?prefix={prefix:?}");
    paginate(r, Table::Accounts, Scan::all(), &filters, page, |k, v| {
        let code = crate::store::keys::KeyReader::new(k)
            .str()
            .ok_or_else(|| Error::Internal("malformed account key".into()))?;
        let shown = prefix.is_none_or(|p| code.starts_with(p)) && account_visible(principal, &code);
        Ok(shown
            .then(|| repo::decode_i64(v).map(|balance_fen| AccountRow { code, balance_fen }))
            .transpose()?)
    })
}

/// One account (zero if never posted to).
pub fn account(r: &dyn Read, principal: &Principal, code: &str) -> Result<AccountRow> {
    if !account_visible(principal, code) {
        return Err(Error::not_found("account", code));
    }
    Ok(AccountRow {
        code: code.into(),
        balance_fen: repo::account_balance(r, code)?,
    })
}

/// One posting to an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountEntryRow {
    /// Journal seq.
    pub seq: u64,
    /// Signed amount, debit positive, fen.
    pub amount_fen: i64,
    /// The causing document.
    pub document: String,
    /// What kind of document it is (how to open it).
    pub document_kind: Option<DocumentKind>,
    /// The entry's memo.
    pub memo: String,
    /// When it was posted.
    pub at: chrono::DateTime<chrono::Utc>,
}

/// Postings to one account by seq (ascending unless `desc`).
pub fn account_entries(
    r: &dyn Read,
    principal: &Principal,
    code: &str,
    desc: bool,
    page: &PageRequest,
) -> Result<Page<AccountEntryRow>> {
    if !account_visible(principal, code) {
        return Err(Error::not_found("account", code));
    }
    let scan = Scan::prefix(&Key::new().str(code).into_bytes()).reverse(desc);
    paginate(
        r,
        Table::AccountEntries,
        scan,
        &format!("entries?{code}&desc={desc}"),
        page,
        |k, v| {
            let seq = seq_of_indexed(k)?;
            let e: JournalEntry = repo::get(r, Table::Journal, &seq_key(seq))?
                .ok_or_else(|| Error::Internal(format!("account entry names missing journal entry {seq}")))?;
            Ok(Some(AccountEntryRow {
                seq,
                amount_fen: repo::decode_i64(v)?,
                document_kind: DocumentKind::of_number(&e.document),
                document: e.document,
                memo: e.memo,
                at: e.at,
            }))
        },
    )
}

/// Documents of one table, newest first, filtered by `keep`.
fn documents<T: Stored>(
    r: &dyn Read,
    table: Table,
    filters: &str,
    page: &PageRequest,
    keep: impl Fn(&T) -> Result<bool>,
) -> Result<Page<T>> {
    paginate(r, table, Scan::all().reverse(true), filters, page, |_, v| {
        let d: T = decode(v)?;
        Ok(keep(&d)?.then_some(d))
    })
}

/// Where a document list reads from: the whole table, or one range of an index whose
/// keys end in the document number.
enum Source {
    All,
    Index(Table, Vec<u8>),
}

impl Source {
    /// Names the source in the cursor's filters, so a cursor of one source is never
    /// read as a position in another.
    fn tag(&self) -> &'static str {
        match self {
            Source::All => "all",
            Source::Index(t, _) => t.name(),
        }
    }
}

/// Documents of `table`, newest first, read from `source` and filtered by `keep`.
fn documents_from<T: Stored>(
    r: &dyn Read,
    table: Table,
    source: Source,
    filters: &str,
    page: &PageRequest,
    keep: impl Fn(&T) -> Result<bool>,
) -> Result<Page<T>> {
    let filters = format!("{filters}&from={}", source.tag());
    match source {
        Source::All => documents(r, table, &filters, page, keep),
        Source::Index(index, prefix) => {
            paginate(r, index, Scan::prefix(&prefix).reverse(true), &filters, page, |k, _| {
                let n = indexes::number_at_end(k)?;
                let d: T = repo::get(r, table, &seq_key(n))?
                    .ok_or_else(|| Error::Internal(format!("{} names a missing document {n}", index.name())))?;
                Ok(keep(&d)?.then_some(d))
            })
        }
    }
}

/// The by-location index range of documents of `kind` at `location`, if filtered by one.
fn at_location(kind: &str, location: Option<&str>) -> Source {
    match location {
        Some(l) => Source::Index(Table::DocsByLocation, indexes::doc_prefix(kind, l)),
        None => Source::All,
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
        at_location("RC", location),
        &format!("receipts?{location:?}"),
        page,
        |d: &Receipt| Ok(location.is_none_or(|l| l == d.location) && location_visible(r, principal, &d.location)?),
    )
}

/// One receipt.
pub fn receipt(r: &dyn Read, principal: &Principal, number: &str) -> Result<Receipt> {
    let d = crate::commands::receipts::get(r, number)?;
    hide_unless_visible(r, principal, &[&d.location], "receipt", number)?;
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
        at_location("TR", location),
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
    let d = crate::commands::transfers::get(r, number)?;
    hide_unless_visible(r, principal, &[&d.from, &d.to], "transfer", number)?;
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
        at_location("ST", location),
        &format!("stocktakes?{location:?}"),
        page,
        |d: &Stocktake| Ok(location.is_none_or(|l| l == d.location) && location_visible(r, principal, &d.location)?),
    )
}

/// One stocktake.
pub fn stocktake(r: &dyn Read, principal: &Principal, number: &str) -> Result<Stocktake> {
    let d = crate::commands::stocktakes::get(r, number)?;
    hide_unless_visible(r, principal, &[&d.location], "stocktake", number)?;
    Ok(d)
}

fn hide_unless_visible(
    r: &dyn Read,
    principal: &Principal,
    locations: &[&str],
    entity: &'static str,
    key: &str,
) -> Result<()> {
    for l in locations {
        if location_visible(r, principal, l)? {
            return Ok(());
        }
    }
    Err(Error::not_found(entity, key))
}

/// Audit events, newest first, optionally of one entity kind and key.
pub fn audit(r: &dyn Read, entity: Option<&str>, key: Option<&str>, page: &PageRequest) -> Result<Page<AuditEvent>> {
    documents(
        r,
        Table::Audit,
        &format!("audit?{entity:?}&{key:?}"),
        page,
        |e: &AuditEvent| Ok(entity.is_none_or(|x| x == e.entity) && key.is_none_or(|x| x == e.key)),
    )
}

/// Requisitions the caller may see, newest first, by location and status.
pub fn requisitions(
    r: &dyn Read,
    principal: &Principal,
    location: Option<&str>,
    status: Option<RequisitionStatus>,
    page: &PageRequest,
) -> Result<Page<Requisition>> {
    let source = match (location, status) {
        (None, Some(s)) => Source::Index(
            Table::DocsByStatus,
            indexes::doc_prefix("RQ", indexes::requisition_status(s)),
        ),
        _ => at_location("RQ", location),
    };
    documents_from(
        r,
        Table::Requisitions,
        source,
        &format!("requisitions?{location:?}&{status:?}"),
        page,
        |d: &Requisition| {
            Ok(location.is_none_or(|l| l == d.location)
                && status.is_none_or(|s| s == d.status)
                && location_visible(r, principal, &d.location)?)
        },
    )
}

/// One requisition.
pub fn requisition(r: &dyn Read, principal: &Principal, number: &str) -> Result<Requisition> {
    let d = crate::commands::requisitions::get(r, number)?;
    hide_unless_visible(r, principal, &[&d.location], "requisition", number)?;
    Ok(d)
}

/// Service reports the caller may see, newest first.
pub fn service_reports(
    r: &dyn Read,
    principal: &Principal,
    unit: Option<&str>,
    page: &PageRequest,
) -> Result<Page<ServiceReport>> {
    documents(
        r,
        Table::ServiceReports,
        &format!("service-reports?{unit:?}"),
        page,
        |d: &ServiceReport| Ok(unit.is_none_or(|u| u == d.unit_serial) && location_visible(r, principal, &d.location)?),
    )
}

/// One service report.
pub fn service_report(r: &dyn Read, principal: &Principal, number: &str) -> Result<ServiceReport> {
    let d = crate::commands::service_reports::get(r, number)?;
    hide_unless_visible(r, principal, &[&d.location], "service report", number)?;
    Ok(d)
}

/// Whether the caller may see records of `dealer` (dealer tokens: only their own).
pub fn dealer_visible(principal: &Principal, dealer: &str) -> bool {
    principal.role != Role::Dealer || principal.dealer.as_deref() == Some(dealer)
}

/// Units the caller may see, by serial.
pub fn units(r: &dyn Read, principal: &Principal, model: Option<&str>, page: &PageRequest) -> Result<Page<Unit>> {
    paginate(
        r,
        Table::Units,
        Scan::all(),
        &format!("units?{model:?}"),
        page,
        |_, v| {
            let u: Unit = decode(v)?;
            Ok((model.is_none_or(|m| m == u.model) && dealer_visible(principal, &u.dealer)).then_some(u))
        },
    )
}

/// One unit (another dealer's answers 404).
pub fn unit(r: &dyn Read, principal: &Principal, serial: &str) -> Result<Unit> {
    let u = crate::commands::units::get_unit(r, serial)?;
    if !dealer_visible(principal, &u.dealer) {
        return Err(Error::not_found("unit", serial));
    }
    Ok(u)
}

/// Policy versions, by model then effective date.
pub fn policies(r: &dyn Read, model: Option<&str>, page: &PageRequest) -> Result<Page<Policy>> {
    let prefix = model.map(|m| Key::new().str(m).into_bytes()).unwrap_or_default();
    paginate(
        r,
        Table::Policies,
        Scan::prefix(&prefix),
        &format!("policies?{model:?}"),
        page,
        |_, v| decode(v).map(Some),
    )
}

/// The dealer a list is narrowed to: a dealer token's own, else the `dealer` filter.
fn dealer_scope<'a>(principal: &'a Principal, dealer: Option<&'a str>) -> Option<&'a str> {
    match principal.role {
        Role::Dealer => principal.dealer.as_deref().or(Some("")),
        _ => dealer,
    }
}

/// Claims the caller may see, newest first, by status, unit and dealer.
pub fn claims(
    r: &dyn Read,
    principal: &Principal,
    status: Option<ClaimStatus>,
    unit: Option<&str>,
    dealer: Option<&str>,
    page: &PageRequest,
) -> Result<Page<Claim>> {
    let filters = format!("claims?{status:?}&{unit:?}&{dealer:?}");
    let keep = |c: &Claim| {
        Ok(status.is_none_or(|s| s == c.status)
            && unit.is_none_or(|u| u == c.unit_serial)
            && dealer.is_none_or(|d| d == c.dealer)
            && dealer_visible(principal, &c.dealer))
    };
    if let Some(u) = unit {
        // A unit has few claims: its index range, newest first, then the other filters.
        let scan = Scan::prefix(&Key::new().str(u).into_bytes()).reverse(true);
        return paginate(
            r,
            Table::ClaimsByUnit,
            scan,
            &format!("{filters}&from=unit"),
            page,
            |k, _| {
                let c = crate::commands::claims::get(r, &repo::second_str(k)?)?;
                Ok(keep(&c)?.then_some(c))
            },
        );
    }
    let source = match (dealer_scope(principal, dealer), status) {
        (Some(d), Some(s)) => Source::Index(Table::ClaimsByDealerStatus, indexes::dealer_status_prefix(d, s)),
        (Some(d), None) => Source::Index(Table::DocsByDealer, indexes::doc_prefix("CL", d)),
        (None, Some(s)) => Source::Index(Table::DocsByStatus, indexes::doc_prefix("CL", indexes::claim_status(s))),
        (None, None) => Source::All,
    };
    documents_from(r, Table::Claims, source, &filters, page, keep)
}

/// One claim (another dealer's answers 404).
pub fn claim(r: &dyn Read, principal: &Principal, number: &str) -> Result<Claim> {
    let c = crate::commands::claims::get(r, number)?;
    if !dealer_visible(principal, &c.dealer) {
        return Err(Error::not_found("claim", number));
    }
    Ok(c)
}

/// Old parts the caller may see, by tag (of one claim: by line, then tag), filtered by
/// claim, status and dealer.
pub fn old_parts(
    r: &dyn Read,
    principal: &Principal,
    claim: Option<&str>,
    status: Option<TagStatus>,
    dealer: Option<&str>,
    page: &PageRequest,
) -> Result<Page<OldPart>> {
    let keep = |t: &OldPart| {
        claim.is_none_or(|c| c == t.claim)
            && status.is_none_or(|s| s == t.status)
            && dealer.is_none_or(|d| d == t.dealer)
            && dealer_visible(principal, &t.dealer)
    };
    // The narrowest index the filters allow: a claim, else a dealer, else a status.
    let (index, prefix) = match (claim, dealer_scope(principal, dealer), status) {
        (Some(c), _, _) => (Table::OldPartsByClaim, indexes::str_prefix(c)),
        (None, Some(d), _) => (Table::OldPartsByDealer, indexes::str_prefix(d)),
        (None, None, Some(s)) => (Table::OldPartsByStatus, indexes::str_prefix(indexes::tag_status(s))),
        (None, None, None) => (Table::OldParts, Vec::new()),
    };
    let filters = format!("old-parts?{claim:?}&{status:?}&{dealer:?}&from={}", index.name());
    paginate(r, index, Scan::prefix(&prefix), &filters, page, |k, v| {
        let t: OldPart = if index == Table::OldParts {
            decode(v)?
        } else {
            crate::commands::old_parts::get(r, &indexes::tag_at_end(index, k)?)?
        };
        Ok(keep(&t).then_some(t))
    })
}

/// One old part (another dealer's answers 404).
pub fn old_part(r: &dyn Read, principal: &Principal, tag: &str) -> Result<OldPart> {
    let t = crate::commands::old_parts::get(r, tag)?;
    if !dealer_visible(principal, &t.dealer) {
        return Err(Error::not_found("old part", tag));
    }
    Ok(t)
}

/// Settlements the caller may see (a dealer: its own), newest first.
pub fn settlements(
    r: &dyn Read,
    principal: &Principal,
    dealer: Option<&str>,
    page: &PageRequest,
) -> Result<Page<Settlement>> {
    let source = match dealer_scope(principal, dealer) {
        Some(d) => Source::Index(Table::DocsByDealer, indexes::doc_prefix("SE", d)),
        None => Source::All,
    };
    documents_from(
        r,
        Table::Settlements,
        source,
        &format!("settlements?{dealer:?}"),
        page,
        |s: &Settlement| Ok(dealer.is_none_or(|d| d == s.dealer) && dealer_visible(principal, &s.dealer)),
    )
}

/// One settlement (another dealer's answers 404).
pub fn settlement(r: &dyn Read, principal: &Principal, number: &str) -> Result<Settlement> {
    let s = crate::commands::settlements::get(r, number)?;
    if !dealer_visible(principal, &s.dealer) {
        return Err(Error::not_found("settlement", number));
    }
    Ok(s)
}

/// Supplier claims, newest first.
pub fn supplier_claims(r: &dyn Read, supplier: Option<&str>, page: &PageRequest) -> Result<Page<SupplierClaim>> {
    documents(
        r,
        Table::SupplierClaims,
        &format!("supplier-claims?{supplier:?}"),
        page,
        |c: &SupplierClaim| Ok(supplier.is_none_or(|s| s == c.supplier)),
    )
}
