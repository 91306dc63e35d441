//! Returns to the company (返厂): the dealer asks, citing shipment lines (the quantities
//! are reserved on the shipment, so nothing returns twice); the warehouse receives by
//! scan, which posts the stock back at the shipment line's cost, credits the dealer the
//! price charged, charges restoration labor, and posts the freight by who bears it.

use super::shipments::{ScanLine, merge_scans};
use crate::commands::next_document_number;
use crate::commands::{Ctx, LINES_MAX, check_version, location, move_stock, post_journal, save_document};
use crate::domain::auth::{ADMIN_ONLY, DEALER, FINANCE};
use crate::domain::ids::DocNo;
use crate::domain::master::LocationKind;
use crate::domain::money::Fen;
use crate::domain::numbered::DocumentKind;
use crate::domain::supply::{DealerReturn, FreightPayer, ReturnLine, ReturnReason, ReturnStatus, Shipment};
use crate::domain::supply_rules::return_postings;
use crate::domain::validate;
use crate::error::{Error, Result};
use crate::store::{Overlay, document};

/// A return to ask for.
#[derive(Debug, Clone)]
pub struct ReturnInput {
    /// The shipment the parts came on.
    pub shipment: DocNo,
    /// Why.
    pub reason: ReturnReason,
    /// Freight, fen.
    pub freight_fen: Fen,
    /// Who paid the carrier.
    pub freight_paid_by: FreightPayer,
    /// Restoration labor (`dealer_disassembled` only).
    pub labor_fen: Fen,
    /// A note.
    pub note: Option<String>,
    /// Lines citing the shipment's lines.
    pub lines: Vec<ReturnLineInput>,
}

/// One returned shipment line.
#[derive(Debug, Clone)]
pub struct ReturnLineInput {
    /// The shipment line.
    pub shipment_line: u32,
    /// Quantity.
    pub qty: i64,
}

/// Asks for a return of parts of one shipment.
pub fn request(w: &mut Overlay<'_>, ctx: &Ctx, input: ReturnInput) -> Result<DealerReturn> {
    ctx.caller.require_any(DEALER | FINANCE)?;
    let mut shipment = document::get::<Shipment>(w, &input.shipment)?;
    if !ctx.caller.sees_dealer(&shipment.dealer) {
        return Err(Error::not_found(
            DocumentKind::Shipment.entity(),
            input.shipment.as_str(),
        ));
    }
    validate::amount("freight_fen", input.freight_fen)?;
    validate::amount("labor_fen", input.labor_fen)?;
    if input.labor_fen != Fen::ZERO && input.reason != ReturnReason::DealerDisassembled {
        return Err(Error::invalid(
            "labor_fen",
            "restoration labor is charged only for parts the dealer took apart",
        ));
    }
    validate::opt_text("note", input.note.as_deref())?;
    validate::lines("lines", &input.lines, LINES_MAX)?;
    let mut lines = Vec::with_capacity(input.lines.len());
    for (i, l) in input.lines.iter().enumerate() {
        validate::qty(&format!("lines[{i}].qty"), l.qty)?;
        shipment.reserve_return(l.shipment_line, l.qty)?;
        let sl = shipment
            .lines
            .iter()
            .find(|s| s.line == l.shipment_line)
            .expect("reserved on this line");
        lines.push(ReturnLine {
            line: i as u32 + 1,
            shipment_line: l.shipment_line,
            part_no: sl.part_no.clone(),
            qty: l.qty,
            price_fen: sl.unit_price_fen * l.qty,
            cost_fen: Fen::ZERO,
        });
    }
    let mut r = DealerReturn {
        number: next_document_number::<DealerReturn>(w)?,
        dealer: shipment.dealer.clone(),
        shipment: shipment.number.clone(),
        reason: input.reason,
        freight_fen: input.freight_fen,
        freight_paid_by: input.freight_paid_by,
        labor_fen: input.labor_fen,
        status: ReturnStatus::Requested,
        price_fen: lines.iter().map(|l| l.price_fen).sum(),
        cost_fen: Fen::ZERO,
        lines,
        location: None,
        note: input.note,
        version: 0,
        created_by: ctx.actor.clone(),
        created_at: ctx.now,
        received_at: None,
        updated_at: ctx.now,
    };
    save_document(w, ctx, &mut shipment, "shipment.return_requested")?;
    save_document(w, ctx, &mut r, "dealer_return.request")?;
    Ok(r)
}

fn load(w: &Overlay<'_>, ctx: &Ctx, number: &str, if_match: Option<u64>) -> Result<DealerReturn> {
    let r = document::get::<DealerReturn>(w, number)?;
    ctx.caller
        .may_see_dealers(&r.dealer, DocumentKind::DealerReturn.entity(), number)?;
    check_version(if_match, r.version)?;
    Ok(r)
}

/// Receives a requested return at a warehouse. `scans`, when given, must come to exactly
/// the requested quantity of every part.
pub fn receive(
    w: &mut Overlay<'_>,
    ctx: &Ctx,
    number: &str,
    location_code: &str,
    scans: Option<Vec<ScanLine>>,
    if_match: Option<u64>,
) -> Result<DealerReturn> {
    let loc = location(w, location_code)?;
    ctx.caller.may_post_at(&loc, ADMIN_ONLY)?;
    if loc.kind != LocationKind::Warehouse {
        return Err(Error::invalid("location", "returns are received into a warehouse"));
    }
    let mut r = load(w, ctx, number, if_match)?;
    r.require_requested("receive")?;
    if let Some(scans) = scans {
        let scanned = merge_scans(w, &scans)?;
        let mut expected: Vec<(String, i64)> = Vec::new();
        for l in &r.lines {
            match expected.iter_mut().find(|(p, _)| *p == l.part_no.as_str()) {
                Some((_, q)) => *q += l.qty,
                None => expected.push((l.part_no.to_string(), l.qty)),
            }
        }
        for (p, q) in &scanned {
            if !expected.iter().any(|(e, _)| e == p.as_str()) {
                return Err(Error::PartNotOnDocument {
                    document: r.number.to_string(),
                    part_no: p.to_string(),
                });
            }
            let want = expected.iter().find(|(e, _)| e == p.as_str()).map_or(0, |x| x.1);
            if *q != want {
                return Err(Error::invalid("lines", format!("{q} of {p} scanned, {want} expected")));
            }
        }
        if let Some((p, q)) = expected
            .iter()
            .find(|(e, _)| !scanned.iter().any(|(s, _)| s.as_str() == e))
        {
            return Err(Error::invalid("lines", format!("0 of {p} scanned, {q} expected")));
        }
    }
    let mut shipment = document::get::<Shipment>(w, &r.shipment)?;
    for l in r.lines.iter_mut() {
        l.cost_fen = shipment.take_back(l.shipment_line, l.qty);
        move_stock(w, ctx, &l.part_no, &loc.code, l.qty, l.cost_fen, &r.number)?;
    }
    r.cost_fen = r.lines.iter().map(|l| l.cost_fen).sum();
    r.status = ReturnStatus::Received;
    r.received_at = Some(ctx.now);
    r.location = Some(loc.code.clone());
    for (memo, posting) in return_postings(&r, &loc.code) {
        post_journal(w, ctx, &r.number, memo, posting)?;
    }
    save_document(w, ctx, &mut shipment, "shipment.return_received")?;
    save_document(w, ctx, &mut r, "dealer_return.receive")?;
    Ok(r)
}

/// Withdraws a requested return; its quantities may be returned again.
pub fn cancel(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, if_match: Option<u64>) -> Result<DealerReturn> {
    ctx.caller.require_any(DEALER | FINANCE)?;
    let mut r = load(w, ctx, number, if_match)?;
    r.require_requested("cancel")?;
    let mut shipment = document::get::<Shipment>(w, &r.shipment)?;
    for l in &r.lines {
        shipment.unreserve_return(l.shipment_line, l.qty);
    }
    r.status = ReturnStatus::Cancelled;
    save_document(w, ctx, &mut shipment, "shipment.return_cancelled")?;
    save_document(w, ctx, &mut r, "dealer_return.cancel")?;
    Ok(r)
}
