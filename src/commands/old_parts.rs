//! Old parts (旧件): one tag per replaced unit of a return-required part, returned by a
//! deadline, received by scan at the old-parts store (quantity at value 0), inspected and
//! disposed; the sweep rejects the claim lines whose old parts did not come back.

use super::claims::decision;
use super::{Ctx, audit, location, move_stock, post_journal};
use crate::domain::claims::{Claim, Disposition, LineStatus, OldPart, Outcome, TagStatus, Why};
use crate::domain::findings::FindingCode;
use crate::domain::ids::DocNo;
use crate::domain::ledger::{Posting, accounts};
use crate::domain::master::{Location, LocationKind};
use crate::domain::money::Fen;
use crate::domain::validate;
use crate::domain::warranty::business_date;
use crate::error::{Error, Result};
use crate::store::document;
use crate::store::indexes;
use crate::store::lookup;
use crate::store::repo::{self, code_key, decode_all};
use crate::store::{Overlay, Read, Scan, Table};
use chrono::{Datelike, NaiveDate};

/// Most tags in one shipment.
pub const SHIPMENT_TAGS_MAX: usize = 500;

/// The tags an old-part index lists under `prefix`, in tag order.
fn listed(r: &dyn Read, index: Table, prefix: &[u8]) -> Result<Vec<OldPart>> {
    let mut out = Vec::new();
    for (k, _) in r.scan(index, &Scan::prefix(prefix))? {
        out.push(lookup::old_part(r, &indexes::tag_at_end(index, &k)?)?);
    }
    Ok(out)
}

fn of_line(r: &dyn Read, claim: &str, line: u32) -> Result<Vec<OldPart>> {
    listed(r, Table::OldPartsByClaim, &indexes::tags_of_line_prefix(claim, line))
}

/// The tags of one claim, by line then tag.
pub fn of_claim(r: &dyn Read, claim: &str) -> Result<Vec<OldPart>> {
    listed(r, Table::OldPartsByClaim, &indexes::str_prefix(claim))
}

/// The tags in one status, by tag.
pub fn with_status(r: &dyn Read, status: TagStatus) -> Result<Vec<OldPart>> {
    listed(
        r,
        Table::OldPartsByStatus,
        &indexes::str_prefix(indexes::tag_status(status)),
    )
}

/// The tags inspected as the fault of `supplier`, by tag.
pub fn of_supplier(r: &dyn Read, supplier: &str) -> Result<Vec<OldPart>> {
    listed(r, Table::OldPartsBySupplier, &indexes::str_prefix(supplier))
}

fn save(w: &mut Overlay<'_>, ctx: &Ctx, mut tag: OldPart, action: &str) -> Result<OldPart> {
    tag.version += 1;
    tag.updated_at = ctx.now;
    indexes::put(w, code_key(&tag.tag), &tag)?;
    audit(
        w,
        ctx,
        action,
        "old_part",
        &tag.tag,
        Some(tag.version - 1),
        Some(tag.version),
    )?;
    Ok(tag)
}

/// Creates the tags a claim line still lacks (one per unit of quantity), due on `due`.
pub fn tag_line(w: &mut Overlay<'_>, ctx: &Ctx, claim: &Claim, i: usize, due: NaiveDate) -> Result<()> {
    let line = &claim.lines[i];
    let have = of_line(w, &claim.number, line.line)?.len() as i64;
    for _ in have..line.qty.unwrap_or(0) {
        let n = repo::next_counter(w, "OP")?;
        let tag = OldPart {
            tag: format!("OP-{}-{n:06}", business_date(ctx.now).year()).into(),
            claim: claim.number.clone(),
            line: line.line,
            part_no: line.part_no.clone().unwrap_or_default(),
            dealer: claim.dealer.clone(),
            unit_serial: claim.unit_serial.clone(),
            due_date: due,
            status: TagStatus::Due,
            carrier_ref: None,
            location: None,
            received_at: None,
            disposition: None,
            supplier: None,
            notes: None,
            inspected_at: None,
            supplier_claim: None,
            version: 1,
            updated_at: ctx.now,
        };
        indexes::put(w, code_key(&tag.tag), &tag)?;
        audit(w, ctx, "old_part.tag", "old_part", &tag.tag, None, Some(1))?;
    }
    Ok(())
}

/// Removes the tags of a claim sent back before they were shipped (a resubmit tags again).
pub fn drop_unshipped(w: &mut Overlay<'_>, claim: &Claim) -> Result<()> {
    for t in of_claim(w, &claim.number)?
        .into_iter()
        .filter(|t| t.status == TagStatus::Due)
    {
        indexes::delete::<OldPart>(w, code_key(&t.tag))?;
    }
    Ok(())
}

/// A dealer's return shipment.
#[derive(Debug, Clone)]
pub struct ShipmentInput {
    /// Tags in the parcel.
    pub tags: Vec<DocNo>,
    /// Carrier waybill.
    pub carrier_ref: String,
}

/// Marks tags shipped; all must be the dealer's and still due.
pub fn ship(w: &mut Overlay<'_>, ctx: &Ctx, dealer: Option<&str>, input: ShipmentInput) -> Result<Vec<OldPart>> {
    validate::lines("tags", &input.tags, SHIPMENT_TAGS_MAX)?;
    validate::text("carrier_ref", &input.carrier_ref)?;
    let mut out = Vec::with_capacity(input.tags.len());
    for (i, t) in input.tags.iter().enumerate() {
        if input.tags[..i].contains(t) {
            return Err(Error::invalid(format!("tags[{i}]"), "listed twice"));
        }
        let mut tag = lookup::old_part(w, t)?;
        if dealer.is_some_and(|d| d != tag.dealer) {
            return Err(Error::not_found("old part", t));
        }
        tag.ship(&input.carrier_ref)?;
        out.push(save(w, ctx, tag, "old_part.ship")?);
    }
    Ok(out)
}

/// One scan at the old-parts store.
#[derive(Debug, Clone)]
pub struct TagScanInput {
    /// The scanned tag.
    pub tag: DocNo,
    /// The old-parts store (default: the first `old_parts` location).
    pub location: Option<String>,
    /// The dealer whose parcel is being unpacked: a tag of another dealer is refused.
    pub dealer: Option<String>,
}

fn location_of_kind(w: &Overlay<'_>, code: Option<&str>, kind: LocationKind) -> Result<Location> {
    match code {
        Some(c) => {
            let loc = location(w, c)?;
            if loc.kind != kind {
                return Err(Error::invalid(
                    "location",
                    format!("{c} is not a {} location", kind.as_str()),
                ));
            }
            Ok(loc)
        }
        None => decode_all::<Location>(w.scan(Table::Locations, &Scan::all())?)?
            .into_iter()
            .map(|(_, l)| l)
            .find(|l| l.kind == kind)
            .ok_or_else(|| Error::invalid("location", format!("no {} location exists", kind.as_str()))),
    }
}

/// Receives a scanned tag into the old-parts store at value 0. A late part is received but
/// its claim line stays rejected.
pub fn receive(w: &mut Overlay<'_>, ctx: &Ctx, input: TagScanInput) -> Result<OldPart> {
    let mut tag = lookup::old_part(w, &input.tag)?;
    if let Some(d) = &input.dealer
        && *d != tag.dealer
    {
        return Err(Error::TagOfAnotherDealer {
            tag: tag.tag.to_string(),
            dealer: tag.dealer,
            expected_dealer: d.clone(),
        });
    }
    let store = location_of_kind(w, input.location.as_deref(), LocationKind::OldParts)?;
    ctx.caller.require_location(&store.code)?;
    tag.receive(&store.code, ctx.now)?;
    move_stock(w, ctx, &tag.part_no, &store.code, 1, Fen::ZERO, &tag.tag)?;
    save(w, ctx, tag, "old_part.receive")
}

/// An inspection result.
#[derive(Debug, Clone)]
pub struct InspectionInput {
    /// `reusable`, `scrap` or `supplier_fault`.
    pub disposition: Disposition,
    /// The supplier to blame (default: the part's supplier).
    pub supplier: Option<String>,
    /// Notes and photo references.
    pub notes: Option<String>,
    /// Destination for reusable or scrap parts (default: the first location of that kind).
    pub location: Option<String>,
    /// What a reusable part is worth, fen: it enters the reusable store at this value
    /// (Dr `inventory:<reusable location>` / Cr `warranty:salvage`). Default 0.
    pub salvage_value_fen: Option<Fen>,
}

/// Inspects a received old part and disposes of it; its claim line becomes decidable once
/// all its tags are inspected.
pub fn inspect(w: &mut Overlay<'_>, ctx: &Ctx, tag_no: &str, input: InspectionInput) -> Result<OldPart> {
    let tag_no = &DocNo::from(tag_no);
    let mut tag = lookup::old_part(w, tag_no)?;
    tag.check_inspectable()?;
    validate::opt_text("notes", input.notes.as_deref())?;
    let here = tag.location.clone().unwrap_or_default();
    match input.disposition {
        Disposition::Reusable | Disposition::Scrap => {
            if input.supplier.is_some() {
                return Err(Error::invalid(
                    "supplier",
                    "only a supplier-fault part names a supplier",
                ));
            }
            let kind = if input.disposition == Disposition::Reusable {
                LocationKind::Reusable
            } else {
                LocationKind::Scrap
            };
            let salvage = input.salvage_value_fen.unwrap_or_default();
            validate::amount("salvage_value_fen", salvage)?;
            if salvage > Fen::ZERO && kind != LocationKind::Reusable {
                return Err(Error::invalid(
                    "salvage_value_fen",
                    "only a reusable part has a salvage value",
                ));
            }
            let dest = location_of_kind(w, input.location.as_deref(), kind)?;
            move_stock(w, ctx, &tag.part_no, &here, -1, Fen::ZERO, tag_no)?;
            move_stock(w, ctx, &tag.part_no, &dest.code, 1, salvage, tag_no)?;
            let posting = Posting::new()
                .debit(accounts::inventory(&dest.code), salvage)
                .credit(accounts::WARRANTY_SALVAGE, salvage);
            post_journal(w, ctx, tag_no, "salvage value of a reusable old part", posting)?;
            tag.location = Some(dest.code);
        }
        Disposition::SupplierFault => {
            if input.salvage_value_fen.is_some() {
                return Err(Error::invalid(
                    "salvage_value_fen",
                    "only a reusable part has a salvage value",
                ));
            }
            let supplier = match input.supplier {
                Some(s) => s,
                None => super::part(w, &tag.part_no)?.supplier.ok_or_else(|| {
                    Error::invalid("supplier", format!("{} has no supplier on file; name one", tag.part_no))
                })?,
            };
            super::require_exists(w, Table::Suppliers, "supplier", &supplier)?;
            tag.supplier = Some(supplier);
        }
    }
    tag.record_inspection(input.disposition, input.notes, ctx.now);
    let tag = save(w, ctx, tag, "old_part.inspect")?;
    let mut claim = document::get::<Claim>(w, &tag.claim)?;
    if let Some(i) = claim.lines.iter().position(|l| l.line == tag.line)
        && claim.lines[i].status == LineStatus::AwaitingOldPart
        && of_line(w, &tag.claim, tag.line)?
            .iter()
            .all(|t| t.disposition.is_some())
    {
        claim.lines[i].status = LineStatus::Open;
        decision::refresh_status(w, ctx, &mut claim, "claim.old_parts_inspected")?;
    }
    Ok(tag)
}

/// What one sweep did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SweepResult {
    /// The date swept.
    pub date: NaiveDate,
    /// Tags found overdue.
    pub overdue_tags: Vec<String>,
    /// Claim lines rejected with `old_part_not_returned` (`CL-…#line`).
    pub rejected_lines: Vec<String>,
    /// Service requests closed without a follow-up within the policy's days.
    pub closed_requests: Vec<String>,
}

/// Marks tags not back after their due date as overdue and rejects their claim lines with
/// `old_part_not_returned`; closes the service requests whose follow-up window ended. Running it again changes nothing.
pub fn sweep(w: &mut Overlay<'_>, ctx: &Ctx, date: NaiveDate) -> Result<SweepResult> {
    let mut result = SweepResult {
        date,
        ..SweepResult::default()
    };
    // Only outstanding tags are read (by the status index), never every tag ever made.
    let mut late: Vec<OldPart> = with_status(w, TagStatus::Due)?
        .into_iter()
        .chain(with_status(w, TagStatus::Shipped)?)
        .filter(|t| t.is_overdue_on(date))
        .collect();
    late.sort_by(|a, b| a.tag.cmp(&b.tag));
    for mut tag in late {
        tag.status = TagStatus::Overdue;
        let tag = save(w, ctx, tag, "old_part.overdue")?;
        result.overdue_tags.push(tag.tag.to_string());
        let mut claim = document::get::<Claim>(w, &tag.claim)?;
        let Some(i) = claim.lines.iter().position(|l| l.line == tag.line) else {
            continue;
        };
        if matches!(claim.lines[i].status, LineStatus::AwaitingOldPart | LineStatus::Open) {
            decision::decide_line(
                w,
                ctx,
                &mut claim,
                i,
                Outcome::Reject,
                Fen::ZERO,
                Why::Check(FindingCode::OldPartNotReturned),
            )?;
            result.rejected_lines.push(format!("{}#{}", claim.number, tag.line));
            decision::refresh_status(w, ctx, &mut claim, "claim.sweep")?;
        }
    }
    result.closed_requests = super::service_requests::close_lapsed(w, ctx, date)?;
    Ok(result)
}
