//! Reorder suggestions per location (补货建议): for each part with a level at the location
//! or with issues there in the last 90 days, what is on hand, what is coming, how much is
//! used a day, and what to ask for (`domain::reorder`). Every figure is read from an index
//! or a bounded range: the location's levels, its usage entries newest first back to the
//! window's start, the transfers still in transit to the location, and for a dealer's station the open
//! parts orders and approved reserve plans (both by status).

use crate::domain::auth::Principal;
use crate::domain::documents::{Transfer, TransferStatus};
use crate::domain::ids::PartNo;
use crate::domain::ledger::StockEntry;
use crate::domain::master::{Location, LocationKind, Part};
use crate::domain::numbered::DocumentKind;
use crate::domain::reorder::{Basis, Position, ReorderLevel, USAGE_DAYS};
use crate::domain::reserve_plans::ReservePlan;
use crate::domain::reversals::{Reversal, ReversedKind};
use crate::domain::supply::PartsOrder;
use crate::error::{Error, Result};
use crate::queries::lists::require_visible;
use crate::store::indexes::{doc_prefix, number_at_end};
use crate::store::keys::Key;
use crate::store::records::reorder::location_prefix;
use crate::store::repo::{self, code_key, seq_key, seq_of_indexed};
use crate::store::{Read, Scan, Table, codec, document, read_indexes};
use chrono::{DateTime, Duration, Utc};
use std::collections::{BTreeMap, HashMap};

/// Index entries read per step while walking a location's ledger back.
const CHUNK: usize = 500;

/// One part's figures at the location and what to ask for.
#[derive(Debug, Clone, PartialEq)]
pub struct SuggestionRow {
    /// Part.
    pub part_no: PartNo,
    /// Its name.
    pub name: String,
    /// Its unit of measure.
    pub unit: String,
    /// On hand.
    pub on_hand: i64,
    /// Transfers in transit to the location; for a station also its dealer's released,
    /// not yet shipped parts orders.
    pub incoming: i64,
    /// For a station: its dealer's approved reserve plans not yet converted.
    pub planned: i64,
    /// Issued net of returns over the window.
    pub used: i64,
    /// `used` / 90, for display.
    pub daily_usage: f64,
    /// Lead days counted.
    pub lead_days: i64,
    /// The minimum, if a level is set.
    pub min_qty: Option<i64>,
    /// The maximum, if a level is set.
    pub max_qty: Option<i64>,
    /// The rule used (min/max where a level is set, else usage).
    pub basis: Basis,
    /// The stock position wanted.
    pub target: i64,
    /// What to ask for (0: nothing).
    pub suggested_qty: i64,
}

/// The suggestions of one location.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestions {
    /// Location.
    pub location: String,
    /// Its name.
    pub location_name: String,
    /// Its kind.
    pub kind: LocationKind,
    /// The dealer of a station.
    pub dealer: Option<String>,
    /// Issues are counted from this moment to `as_of`.
    pub since: DateTime<Utc>,
    /// When the figures were read.
    pub as_of: DateTime<Utc>,
    /// Every part with a level or with issues in the window, by part number.
    pub rows: Vec<SuggestionRow>,
}

/// The levels set at `location`, by part.
pub fn levels(r: &dyn Read, principal: &Principal, location: &str) -> Result<Vec<ReorderLevel>> {
    visible_location(r, principal, location)?;
    let pairs = r.scan(Table::ReorderLevels, &Scan::prefix(&location_prefix(location)))?;
    pairs
        .into_iter()
        .map(|(_, v)| Ok(codec::decode::<ReorderLevel>(&v)?))
        .collect()
}

fn visible_location(r: &dyn Read, principal: &Principal, location: &str) -> Result<Location> {
    require_visible(r, principal, location)?;
    repo::get(r, Table::Locations, &code_key(location))?.ok_or_else(|| Error::not_found("location", location))
}

/// The suggestions at `location` as of `now`; `only_needed` keeps the rows with something
/// to ask for.
pub fn suggestions(
    r: &dyn Read,
    principal: &Principal,
    location: &str,
    now: DateTime<Utc>,
    only_needed: bool,
) -> Result<Suggestions> {
    let loc = visible_location(r, principal, location)?;
    let since = now - Duration::days(USAGE_DAYS);
    let levels: HashMap<PartNo, ReorderLevel> = levels(r, principal, location)?
        .into_iter()
        .map(|l| (l.part_no.clone(), l))
        .collect();
    let used = used_since(r, location, since)?;
    let mut incoming = in_transit_to(r, location)?;
    let mut planned = BTreeMap::new();
    if let (LocationKind::ServiceStation, Some(dealer)) = (loc.kind, loc.dealer.as_deref()) {
        open_orders(r, dealer, &mut incoming)?;
        approved_plans(r, dealer, &mut planned)?;
    }
    let mut parts: Vec<PartNo> = levels.keys().cloned().chain(used.keys().cloned()).collect();
    parts.sort();
    parts.dedup();
    let mut rows = Vec::with_capacity(parts.len());
    for part_no in parts {
        let level = levels.get(&part_no);
        let position = Position {
            on_hand: repo::balance(r, &part_no, location)?.qty,
            incoming: incoming.get(&part_no).copied().unwrap_or(0),
            planned: planned.get(&part_no).copied().unwrap_or(0),
            used: used.get(&part_no).copied().unwrap_or(0),
            lead_days: ReorderLevel::lead(level),
            levels: level.map(ReorderLevel::levels),
        };
        let suggestion = position.suggestion();
        let basis = suggestion
            .map(|s| s.basis)
            .unwrap_or(if level.is_some() { Basis::MinMax } else { Basis::Usage });
        let target = match (suggestion, level) {
            (Some(s), _) => s.target,
            (None, Some(l)) => l.max_qty,
            (None, None) => position.usage_target(),
        };
        let qty = suggestion.map_or(0, |s| s.qty);
        if only_needed && qty == 0 {
            continue;
        }
        let part: Option<Part> = repo::get(r, Table::Parts, &code_key(&part_no))?;
        rows.push(SuggestionRow {
            name: part.as_ref().map(|p| p.name.clone()).unwrap_or_default(),
            unit: part.map(|p| p.unit).unwrap_or_default(),
            on_hand: position.on_hand,
            incoming: position.incoming,
            planned: position.planned,
            used: position.used,
            daily_usage: position.used as f64 / USAGE_DAYS as f64,
            lead_days: position.lead_days,
            min_qty: level.map(|l| l.min_qty),
            max_qty: level.map(|l| l.max_qty),
            basis,
            target,
            suggested_qty: qty,
            part_no,
        });
    }
    Ok(Suggestions {
        location: loc.code,
        location_name: loc.name,
        kind: loc.kind,
        dealer: loc.dealer,
        since,
        as_of: now,
        rows,
    })
}

/// Issues net of returns at `location` since `since`, by part: the location's usage
/// entries (`store::usage`) read newest first until an entry is older than the window. Requisition entries count (an
/// issue takes stock out, a return puts it back), and so do reversals of an issue or a
/// return.
fn used_since(r: &dyn Read, location: &str, since: DateTime<Utc>) -> Result<BTreeMap<PartNo, i64>> {
    let prefix = Key::new().str(location).into_bytes();
    let mut used: BTreeMap<PartNo, i64> = BTreeMap::new();
    let mut reversals: HashMap<String, bool> = HashMap::new();
    let mut after = None;
    loop {
        let scan = Scan::prefix(&prefix).reverse(true).limit(CHUNK).after(after.take());
        let pairs = r.scan(Table::LedgerUsageByLocation, &scan)?;
        let full = pairs.len() == CHUNK;
        for (k, _) in &pairs {
            let seq = seq_of_indexed(k)?;
            let e: StockEntry = repo::get(r, Table::StockLedger, &seq_key(seq))?
                .ok_or_else(|| Error::Internal(format!("ledger index names missing entry {seq}")))?;
            if e.at < since {
                return Ok(used);
            }
            if counts_as_usage(r, &e, &mut reversals)? {
                *used.entry(e.part_no.clone()).or_default() -= e.qty_delta;
            }
        }
        match (full, pairs.last()) {
            (true, Some((k, _))) => after = Some(k.clone()),
            _ => return Ok(used),
        }
    }
}

/// Whether a ledger entry is a requisition's issue or return, or the reversal of one.
fn counts_as_usage(r: &dyn Read, e: &StockEntry, reversals: &mut HashMap<String, bool>) -> Result<bool> {
    match DocumentKind::of_number(&e.document) {
        Some(DocumentKind::Requisition) => Ok(true),
        Some(DocumentKind::Reversal) => {
            if let Some(&known) = reversals.get(e.document.as_str()) {
                return Ok(known);
            }
            let rv = document::get::<Reversal>(r, &e.document)?;
            let usage = matches!(rv.original_kind, ReversedKind::Issue | ReversedKind::Return);
            reversals.insert(e.document.to_string(), usage);
            Ok(usage)
        }
        _ => Ok(false),
    }
}

/// Quantities still in transit to `location` on two-step transfers, by part: only the
/// transfers not yet completed are read (by destination).
fn in_transit_to(r: &dyn Read, location: &str) -> Result<BTreeMap<PartNo, i64>> {
    let mut incoming: BTreeMap<PartNo, i64> = BTreeMap::new();
    for n in read_indexes::open_transfers_to(r, location)? {
        let Some(t) = repo::get::<Transfer>(r, Table::Transfers, &seq_key(n))? else {
            continue;
        };
        if t.to != location || t.status == TransferStatus::Completed {
            continue;
        }
        for l in &t.lines {
            *incoming.entry(l.part_no.clone()).or_default() += l.outstanding_qty();
        }
    }
    Ok(incoming)
}

/// Adds what `dealer`'s released and partially shipped parts orders have not shipped yet.
fn open_orders(r: &dyn Read, dealer: &str, incoming: &mut BTreeMap<PartNo, i64>) -> Result<()> {
    for status in ["released", "partially_shipped"] {
        let prefix = doc_prefix(DocumentKind::PartsOrder.prefix(), status);
        for (k, _) in r.scan(Table::DocsByStatus, &Scan::prefix(&prefix))? {
            let n = number_at_end(&k)?;
            let Some(o) = repo::get::<PartsOrder>(r, Table::PartsOrders, &seq_key(n))? else {
                continue;
            };
            if o.dealer != dealer {
                continue;
            }
            for l in &o.lines {
                *incoming.entry(l.part_no.clone()).or_default() += (l.qty - l.shipped_qty).max(0);
            }
        }
    }
    Ok(())
}

/// Adds what `dealer`'s approved (not yet converted) reserve plans name.
fn approved_plans(r: &dyn Read, dealer: &str, planned: &mut BTreeMap<PartNo, i64>) -> Result<()> {
    let prefix = doc_prefix(DocumentKind::ReservePlan.prefix(), "approved");
    for (k, _) in r.scan(Table::DocsByStatus, &Scan::prefix(&prefix))? {
        let n = number_at_end(&k)?;
        let Some(p) = repo::get::<ReservePlan>(r, Table::ReservePlans, &seq_key(n))? else {
            continue;
        };
        if p.dealer == dealer {
            for l in &p.lines {
                *planned.entry(l.part_no.clone()).or_default() += l.qty;
            }
        }
    }
    Ok(())
}
