//! Shipping a released order by scan from a warehouse: stock leaves at the moving
//! average (Dr `cost_of_sales:parts` / Cr `inventory:L`), the dealer is charged the
//! order's price (Dr `dealer:<code>` / Cr `sales:parts`), and the hold shrinks by as much.
//! Each shipment is one delivery note (销售发货清单); its signed copy is recorded later.

use super::{dealer_funds, save_funds};
use crate::commands::{Ctx, LINES_MAX, check_version, location, move_stock, post_journal, resolve_part};
use crate::commands::{create_document, next_document_number, save_document};
use crate::domain::auth::{ADMIN_ONLY, CLERK, DEALER, FINANCE};
use crate::domain::ids::PartNo;
use crate::domain::master::LocationKind;
use crate::domain::money::Fen;
use crate::domain::numbered::DocumentKind;
use crate::domain::supply::{PartsOrder, Shipment, ShipmentLine};
use crate::domain::supply_rules::shipment_posting;
use crate::domain::validate;
use crate::error::{Error, Result};
use crate::store::{Overlay, document, repo};

/// What the clerk scanned for one shipment.
#[derive(Debug, Clone)]
pub struct ShipmentInput {
    /// The warehouse it leaves.
    pub location: String,
    /// Carrier's waybill.
    pub carrier_ref: Option<String>,
    /// Scans or counted lines; the same part may appear on several.
    pub lines: Vec<ScanLine>,
}

/// One scan or counted line: the part by number or barcode.
#[derive(Debug, Clone)]
pub struct ScanLine {
    /// Part number (or give `barcode`).
    pub part_no: Option<PartNo>,
    /// A barcode of the part (or give `part_no`).
    pub barcode: Option<String>,
    /// Quantity (a scan is 1).
    pub qty: i64,
}

/// Resolves scans into (part, total qty) in first-scan order.
pub fn merge_scans(w: &Overlay<'_>, lines: &[ScanLine]) -> Result<Vec<(PartNo, i64)>> {
    validate::lines("lines", lines, LINES_MAX)?;
    let mut merged: Vec<(PartNo, i64)> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let field = format!("lines[{i}]");
        let p = resolve_part(w, l.part_no.as_deref(), l.barcode.as_deref(), &field)?;
        validate::qty(&format!("{field}.qty"), l.qty)?;
        match merged.iter_mut().find(|(q, _)| *q == p.part_no) {
            Some((_, qty)) => *qty += l.qty,
            None => merged.push((p.part_no, l.qty)),
        }
    }
    Ok(merged)
}

/// Ships scanned parts of a released order from a warehouse.
pub fn ship(w: &mut Overlay<'_>, ctx: &Ctx, order_no: &str, input: ShipmentInput) -> Result<Shipment> {
    let loc = location(w, &input.location)?;
    ctx.caller.may_post_at(&loc, ADMIN_ONLY)?;
    if loc.kind != LocationKind::Warehouse {
        return Err(Error::invalid("location", "parts ship to dealers from a warehouse"));
    }
    validate::opt_text("carrier_ref", input.carrier_ref.as_deref())?;
    let mut order = document::get::<PartsOrder>(w, order_no)?;
    order.shippable()?;
    let scans = merge_scans(w, &input.lines)?;
    let number = next_document_number::<Shipment>(w)?;
    let mut lines = Vec::with_capacity(scans.len());
    for (i, (part_no, qty)) in scans.into_iter().enumerate() {
        let order_line = order.line_to_ship(&part_no, qty)?;
        let balance = repo::balance(w, &part_no, &loc.code)?;
        let cost_fen = balance.outgoing_value(qty, &part_no, &loc.code)?;
        move_stock(w, ctx, &part_no, &loc.code, -qty, -cost_fen, &number)?;
        let price_fen = order.ship(order_line, qty);
        let unit_price_fen = order
            .lines
            .iter()
            .find(|l| l.line == order_line)
            .map_or(Fen::ZERO, |l| l.unit_price_fen);
        lines.push(ShipmentLine {
            line: i as u32 + 1,
            order_line,
            part_no,
            qty,
            unit_price_fen,
            price_fen,
            cost_fen,
            returned_qty: 0,
            returned_cost_fen: Fen::ZERO,
            pending_return_qty: 0,
        });
    }
    let price_fen: Fen = lines.iter().map(|l| l.price_fen).sum();
    let cost_fen: Fen = lines.iter().map(|l| l.cost_fen).sum();
    post_journal(
        w,
        ctx,
        &number,
        "parts shipped to dealer",
        shipment_posting(&order.dealer, &loc.code, cost_fen, price_fen),
    )?;
    let mut funds = dealer_funds(w, &order.dealer)?;
    funds.held_fen -= price_fen;
    save_funds(w, funds)?;
    let shipment = Shipment {
        number,
        order: order.number.clone(),
        dealer: order.dealer.clone(),
        location: loc.code,
        lines,
        price_fen,
        cost_fen,
        carrier_ref: input.carrier_ref,
        shipped_by: ctx.actor.clone(),
        shipped_at: ctx.now,
        acknowledged_at: None,
        acknowledged_by: None,
        signed_copy_ref: None,
        version: 1,
        updated_at: ctx.now,
    };
    save_document(w, ctx, &mut order, "parts_order.ship")?;
    create_document(w, ctx, &shipment, "shipment.ship")?;
    Ok(shipment)
}

/// Records that the dealer's signed delivery note came back, with where the signed copy
/// is kept.
pub fn acknowledge(
    w: &mut Overlay<'_>,
    ctx: &Ctx,
    number: &str,
    signed_copy_ref: Option<String>,
    if_match: Option<u64>,
) -> Result<Shipment> {
    ctx.caller.require_any(CLERK | FINANCE | DEALER)?;
    let mut s = document::get::<Shipment>(w, number)?;
    ctx.caller
        .may_see_dealers(&s.dealer, DocumentKind::Shipment.entity(), number)?;
    check_version(if_match, s.version)?;
    validate::opt_text("signed_copy_ref", signed_copy_ref.as_deref())?;
    if s.acknowledged_at.is_some() {
        return Err(Error::invalid_state(
            DocumentKind::Shipment.entity(),
            number,
            &"acknowledged",
            "acknowledge",
        ));
    }
    s.acknowledged_at = Some(ctx.now);
    s.acknowledged_by = Some(ctx.actor.clone());
    s.signed_copy_ref = signed_copy_ref;
    save_document(w, ctx, &mut s, "shipment.acknowledge")?;
    Ok(s)
}
