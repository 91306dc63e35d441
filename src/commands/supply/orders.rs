//! Parts orders: the dealer writes and submits; release holds the order total against
//! the dealer's funds (refused with `insufficient_funds` until paid); cancelling releases
//! what is still held.

use super::{acting_dealer, dealer_funds, save_funds};
use crate::commands::{Ctx, LINES_MAX, check_version, next_document_number, part, save_document};
use crate::domain::auth::{DEALER, FINANCE};
use crate::domain::ids::PartNo;
use crate::domain::ledger::accounts;
use crate::domain::money::Fen;
use crate::domain::numbered::DocumentKind;
use crate::domain::supply::{OrderLine, OrderStatus, PartsOrder};
use crate::domain::validate;
use crate::error::{Error, Result};
use crate::store::document;
use crate::store::{Overlay, repo};

/// An order to write.
#[derive(Debug, Clone)]
pub struct OrderInput {
    /// Dealer (a dealer token: its own, the default).
    pub dealer: Option<String>,
    /// Lines, each part once.
    pub lines: Vec<OrderLineInput>,
    /// A note.
    pub note: Option<String>,
}

/// One ordered part.
#[derive(Debug, Clone)]
pub struct OrderLineInput {
    /// Part.
    pub part_no: PartNo,
    /// Quantity.
    pub qty: i64,
}

/// Writes a draft order at the parts' dealer prices.
pub fn create(w: &mut Overlay<'_>, ctx: &Ctx, input: OrderInput) -> Result<PartsOrder> {
    ctx.caller.require_any(DEALER | FINANCE)?;
    let dealer = acting_dealer(w, ctx, input.dealer.as_deref())?;
    validate::opt_text("note", input.note.as_deref())?;
    validate::lines("lines", &input.lines, LINES_MAX)?;
    let mut lines: Vec<OrderLine> = Vec::with_capacity(input.lines.len());
    for (i, l) in input.lines.iter().enumerate() {
        let field = format!("lines[{i}]");
        let p = part(w, &l.part_no)?;
        validate::qty(&format!("{field}.qty"), l.qty)?;
        if lines.iter().any(|x| x.part_no == p.part_no) {
            return Err(Error::invalid(
                format!("{field}.part_no"),
                "each part once per order: add to its quantity",
            ));
        }
        if p.dealer_price_fen == Fen::ZERO {
            return Err(Error::invalid(
                format!("{field}.part_no"),
                format!("{} has no dealer price", p.part_no),
            ));
        }
        let amount_fen = p
            .dealer_price_fen
            .checked_mul(l.qty)
            .filter(|v| validate::amount("", *v).is_ok())
            .ok_or_else(|| Error::invalid(format!("{field}.qty"), "qty × dealer price is too large"))?;
        lines.push(OrderLine {
            line: i as u32 + 1,
            part_no: p.part_no,
            qty: l.qty,
            unit_price_fen: p.dealer_price_fen,
            amount_fen,
            shipped_qty: 0,
        });
    }
    let total_fen: Fen = lines.iter().map(|l| l.amount_fen).sum();
    validate::amount("lines", total_fen)?;
    let mut order = PartsOrder {
        number: next_document_number::<PartsOrder>(w)?,
        dealer,
        status: OrderStatus::Draft,
        lines,
        total_fen,
        shipped_fen: Fen::ZERO,
        held_fen: Fen::ZERO,
        note: input.note,
        version: 0,
        created_by: ctx.actor.clone(),
        created_at: ctx.now,
        submitted_at: None,
        released_at: None,
        cancelled_at: None,
        updated_at: ctx.now,
    };
    save_document(w, ctx, &mut order, "parts_order.create")?;
    Ok(order)
}

/// Loads an order the caller may work on (another dealer's answers `not_found`).
pub fn load(w: &Overlay<'_>, ctx: &Ctx, number: &str, if_match: Option<u64>) -> Result<PartsOrder> {
    let order = document::get::<PartsOrder>(w, number)?;
    ctx.caller
        .may_see_dealers(&order.dealer, DocumentKind::PartsOrder.entity(), number)?;
    check_version(if_match, order.version)?;
    Ok(order)
}

/// Sends a draft order.
pub fn submit(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, if_match: Option<u64>) -> Result<PartsOrder> {
    ctx.caller.require_any(DEALER | FINANCE)?;
    let mut order = load(w, ctx, number, if_match)?;
    order.submit(ctx.now)?;
    save_document(w, ctx, &mut order, "parts_order.submit")?;
    Ok(order)
}

/// Releases a submitted order when the dealer's available funds cover its total; its
/// total is then held until it ships or is cancelled.
pub fn release(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, if_match: Option<u64>) -> Result<PartsOrder> {
    ctx.caller.require_any(DEALER | FINANCE)?;
    let mut order = load(w, ctx, number, if_match)?;
    let mut funds = dealer_funds(w, &order.dealer)?;
    let balance = repo::account_balance(w, &accounts::dealer(&order.dealer))?;
    let held = order.release(&funds, balance, ctx.now)?;
    funds.held_fen += held;
    save_funds(w, funds)?;
    save_document(w, ctx, &mut order, "parts_order.release")?;
    Ok(order)
}

/// Cancels an order not shipped in full; what it held is released.
pub fn cancel(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, if_match: Option<u64>) -> Result<PartsOrder> {
    ctx.caller.require_any(DEALER | FINANCE)?;
    let mut order = load(w, ctx, number, if_match)?;
    let released = order.cancel(ctx.now)?;
    if released != Fen::ZERO {
        let mut funds = dealer_funds(w, &order.dealer)?;
        funds.held_fen -= released;
        save_funds(w, funds)?;
    }
    save_document(w, ctx, &mut order, "parts_order.cancel")?;
    Ok(order)
}
