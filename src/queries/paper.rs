//! What each printed document needs, read from one snapshot with the caller's visibility:
//! the document itself and the names, units and claims its rows show.

use crate::domain::auth::{Principal, Role};
use crate::domain::claims::{Claim, LineKind, OldPart};
use crate::domain::documents::{Consumed, ServiceReport};
use crate::domain::ids::{DocNo, PartNo};
use crate::domain::master::{Dealer, Location, Part};
use crate::domain::paper;
use crate::domain::settlement::{Settlement, SettlementLine};
use crate::domain::warranty::Unit;
use crate::error::{Error, Result};
use crate::queries::lists;
use crate::store::document;
use crate::store::indexes;
use crate::store::lookup;
use crate::store::repo::code_key;
use crate::store::{Read, Scan, Table};
use std::collections::BTreeMap;

/// Most of a dealer's tags, newest first, a shipment list searches for its waybill.
pub const SHIPMENT_SEARCH_MAX: usize = 20_000;

/// A part's name, or the empty string for a part no longer in the catalogue (the paper
/// still prints its number).
fn part_name(r: &dyn Read, part_no: &str) -> Result<String> {
    let part: Option<Part> = crate::store::repo::get(r, Table::Parts, &code_key(part_no))?;
    Ok(part.map(|p| p.name).unwrap_or_default())
}

/// The old-part tag label.
#[derive(Debug, Clone)]
pub struct LabelSheet {
    /// The tag.
    pub tag: OldPart,
    /// Its part's name.
    pub part_name: String,
    /// Its dealer.
    pub dealer: Dealer,
}

/// The label of `tag` (another dealer's answers 404).
pub fn label(r: &dyn Read, principal: &Principal, tag: &str) -> Result<LabelSheet> {
    let tag = lists::old_part(r, principal, tag)?;
    Ok(LabelSheet {
        part_name: part_name(r, &tag.part_no)?,
        dealer: lists::dealer(r, &tag.dealer)?,
        tag,
    })
}

/// One row of a settlement notice: a settled claim line with its unit and part.
#[derive(Debug, Clone)]
pub struct NoticeRow {
    /// The settled line.
    pub line: SettlementLine,
    /// The claim's unit (VIN).
    pub unit_serial: String,
    /// The part of a part line, with its name.
    pub part: Option<(PartNo, String)>,
}

/// The write-off notice (核销通知).
#[derive(Debug, Clone)]
pub struct NoticeSheet {
    /// The settlement.
    pub settlement: Settlement,
    /// Its dealer.
    pub dealer: Dealer,
    /// One row per settled claim line, in the settlement's order.
    pub rows: Vec<NoticeRow>,
}

/// The notice of settlement `number` (another dealer's answers 404).
pub fn notice(r: &dyn Read, principal: &Principal, number: &str) -> Result<NoticeSheet> {
    let settlement = lists::settlement(r, principal, number)?;
    let mut claims: BTreeMap<DocNo, Claim> = BTreeMap::new();
    let mut rows = Vec::with_capacity(settlement.lines.len());
    for l in &settlement.lines {
        if !claims.contains_key(&l.claim) {
            claims.insert(l.claim.clone(), document::get::<Claim>(r, &l.claim)?);
        }
        let claim = &claims[&l.claim];
        let part_no = claim
            .lines
            .iter()
            .find(|c| c.line == l.line)
            .filter(|c| c.kind == LineKind::Part)
            .and_then(|c| c.part_no.clone());
        let part = match part_no {
            Some(p) => Some((p.clone(), part_name(r, &p)?)),
            None => None,
        };
        rows.push(NoticeRow {
            line: l.clone(),
            unit_serial: claim.unit_serial.to_string(),
            part,
        });
    }
    Ok(NoticeSheet {
        dealer: lists::dealer(r, &settlement.dealer)?,
        settlement,
        rows,
    })
}

/// The service record (三包维修记录) for the customer's signature.
#[derive(Debug, Clone)]
pub struct ServiceRecordSheet {
    /// The report.
    pub report: ServiceReport,
    /// The unit repaired, where it is on file.
    pub unit: Option<Unit>,
    /// Where the work was done, where it is on file.
    pub location: Option<Location>,
    /// The parts consumed, with their names and units.
    pub parts: Vec<(Consumed, String, String)>,
}

/// The service record of report `number`: refused with `invalid_state` until the report
/// is confirmed (another station's answers 404).
pub fn service_record(r: &dyn Read, principal: &Principal, number: &str) -> Result<ServiceRecordSheet> {
    let report = lists::service_report(r, principal, number)?;
    paper::check_printable(&report)?;
    let unit = match lookup::unit(r, &report.unit_serial) {
        Ok(u) => Some(u),
        Err(Error::NotFound { .. }) => None,
        Err(e) => return Err(e),
    };
    let location = crate::store::repo::get(r, Table::Locations, &code_key(&report.location))?;
    let mut parts = Vec::with_capacity(report.consumed.len());
    for c in &report.consumed {
        let part: Option<Part> = crate::store::repo::get(r, Table::Parts, &code_key(&c.part_no))?;
        let (name, unit) = part.map(|p| (p.name, p.unit)).unwrap_or_default();
        parts.push((c.clone(), name, unit));
    }
    Ok(ServiceRecordSheet {
        report,
        unit,
        location,
        parts,
    })
}

/// The old-part shipment list (旧件回运单): the tags a dealer shipped under one waybill.
#[derive(Debug, Clone)]
pub struct ShipmentSheet {
    /// The dealer.
    pub dealer: Dealer,
    /// The carrier's waybill.
    pub carrier_ref: String,
    /// The tags, by tag, with their part names.
    pub tags: Vec<(OldPart, String)>,
}

/// The shipment `carrier_ref` of `dealer` (a dealer token: its own, whatever `dealer`
/// says): the tags among the dealer's latest [`SHIPMENT_SEARCH_MAX`] that carry the
/// waybill. No such tag answers 404.
pub fn shipment(r: &dyn Read, principal: &Principal, dealer: Option<&str>, carrier_ref: &str) -> Result<ShipmentSheet> {
    let dealer = match (principal.role, dealer) {
        (Role::Dealer, _) => principal.dealer.clone().unwrap_or_default(),
        (_, Some(d)) => d.to_string(),
        (_, None) => return Err(Error::invalid("dealer", "name the dealer whose shipment to print")),
    };
    let scan = Scan::prefix(&indexes::str_prefix(&dealer))
        .reverse(true)
        .limit(SHIPMENT_SEARCH_MAX);
    let mut tags = Vec::new();
    for (k, _) in r.scan(Table::OldPartsByDealer, &scan)? {
        let t = lookup::old_part(r, &indexes::tag_at_end(Table::OldPartsByDealer, &k)?)?;
        if t.carrier_ref.as_deref() == Some(carrier_ref) && lists::dealer_visible(principal, &t.dealer) {
            tags.push(t);
        }
    }
    if tags.is_empty() {
        return Err(Error::not_found("shipment", carrier_ref));
    }
    tags.reverse();
    let mut named = Vec::with_capacity(tags.len());
    for t in tags {
        let name = part_name(r, &t.part_no)?;
        named.push((t, name));
    }
    Ok(ShipmentSheet {
        dealer: lists::dealer(r, &dealer)?,
        carrier_ref: carrier_ref.to_string(),
        tags: named,
    })
}
