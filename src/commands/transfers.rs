//! Stock moved between locations, directly or in two steps through `in-transit`. A
//! two-step receipt takes its value from the transfer's own outstanding value.

use super::check_version;
use super::create_document;
use super::next_document_number;
use super::save_document;
use super::{Ctx, LINES_MAX, location, move_stock, post_journal, resolve_part};
use crate::domain::auth::ADMIN_ONLY;
use crate::domain::documents::{Transfer, TransferLine, TransferMode, TransferStatus};
use crate::domain::ids::{DocNo, PartNo};
use crate::domain::ledger::{Posting, accounts};
use crate::domain::master::{IN_TRANSIT, Location, LocationKind};
use crate::domain::money::Fen;
use crate::domain::numbered::DocumentKind;
use crate::domain::validate;
use crate::error::{Error, Result};
use crate::store::Overlay;
use crate::store::document;
use crate::store::repo;

/// A transfer to ship.
#[derive(Debug, Clone)]
pub struct TransferInput {
    /// Source location.
    pub from: String,
    /// Destination location.
    pub to: String,
    /// `direct` or `two_step`.
    pub mode: TransferMode,
    /// Lines.
    pub lines: Vec<ScanLine>,
}

/// A part by number or barcode, and a quantity: one scan is `{"barcode": "…"}`.
#[derive(Debug, Clone)]
pub struct ScanLine {
    /// Part number (or give `barcode`).
    pub part_no: Option<PartNo>,
    /// A barcode of the part (or give `part_no`).
    pub barcode: Option<String>,
    /// Quantity (a single scan is 1).
    pub qty: i64,
}

/// Resolves scan lines into quantities per part number, in first-seen order.
fn resolve_lines(w: &Overlay<'_>, lines: &[ScanLine]) -> Result<Vec<(PartNo, i64)>> {
    validate::lines("lines", lines, LINES_MAX)?;
    let mut out: Vec<(PartNo, i64)> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let field = format!("lines[{i}]");
        let part = resolve_part(w, l.part_no.as_deref(), l.barcode.as_deref(), &field)?;
        validate::qty(&format!("{field}.qty"), l.qty)?;
        match out.iter_mut().find(|(p, _)| *p == part.part_no) {
            Some((_, q)) => *q += l.qty,
            None => out.push((part.part_no, l.qty)),
        }
    }
    Ok(out)
}

fn check_route(from: &Location, to: &Location, mode: TransferMode) -> Result<()> {
    if from.code == to.code {
        return Err(Error::invalid("to", "source and destination are the same"));
    }
    if from.kind == LocationKind::InTransit || to.kind == LocationKind::InTransit {
        return Err(Error::invalid(
            "from",
            "in-transit stock moves only through two-step transfers",
        ));
    }
    if from.kind.holds_old_parts() != to.kind.holds_old_parts() {
        return Err(Error::invalid(
            "to",
            "old parts and company stock never move between each other's locations",
        ));
    }
    if from.kind.holds_old_parts() && mode == TransferMode::TwoStep {
        return Err(Error::invalid(
            "mode",
            "old parts move between old-part locations directly",
        ));
    }
    Ok(())
}

/// Ships a transfer: direct moves complete at once; two-step moves go into in-transit.
pub fn ship(w: &mut Overlay<'_>, ctx: &Ctx, input: TransferInput) -> Result<Transfer> {
    let from = location(w, &input.from)?;
    let to = location(w, &input.to)?;
    check_route(&from, &to, input.mode)?;
    let wanted = resolve_lines(w, &input.lines)?;
    for (part_no, qty) in &wanted {
        repo::balance(w, part_no, &from.code)?.outgoing_value(*qty, part_no, &from.code)?;
    }

    let number = next_document_number::<Transfer>(w)?;
    let via = match input.mode {
        TransferMode::Direct => to.code.as_str(),
        TransferMode::TwoStep => IN_TRANSIT,
    };
    let mut lines = Vec::with_capacity(wanted.len());
    let mut total = Fen::ZERO;
    for (part_no, qty) in wanted {
        let value = repo::balance(w, &part_no, &from.code)?.outgoing_value(qty, &part_no, &from.code)?;
        move_stock(w, ctx, &part_no, &from.code, -qty, -value, &number)?;
        move_stock(w, ctx, &part_no, via, qty, value, &number)?;
        total += value;
        let received = if input.mode == TransferMode::Direct {
            (qty, value)
        } else {
            (0, Fen::ZERO)
        };
        lines.push(TransferLine {
            part_no,
            qty,
            value_fen: value,
            received_qty: received.0,
            received_value_fen: received.1,
        });
    }
    let posting = Posting::new()
        .debit(accounts::inventory(via), total)
        .credit(accounts::inventory(&from.code), total);
    post_journal(w, ctx, &number, "transfer shipped", posting)?;
    let status = match input.mode {
        TransferMode::Direct => TransferStatus::Completed,
        TransferMode::TwoStep => TransferStatus::Shipped,
    };
    let transfer = Transfer {
        number: number.clone(),
        from: from.code,
        to: to.code,
        mode: input.mode,
        status,
        lines,
        version: 1,
        actor: ctx.actor.clone(),
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    create_document(w, ctx, &transfer, "transfer.ship")?;
    Ok(transfer)
}

/// Scanned arrivals of a two-step transfer.
#[derive(Debug, Clone)]
pub struct TransferReceiptInput {
    /// Lines received.
    pub lines: Vec<ScanLine>,
}

/// Receives part of a two-step transfer at its destination.
pub fn receive(
    w: &mut Overlay<'_>,
    ctx: &Ctx,
    number: &str,
    if_match: Option<u64>,
    input: TransferReceiptInput,
) -> Result<Transfer> {
    let number = &DocNo::from(number);
    let mut transfer = document::get::<Transfer>(w, number)?;
    let to = location(w, &transfer.to)?;
    ctx.caller
        .may_work_on(&to, DocumentKind::Transfer.entity(), number, ADMIN_ONLY)?;
    check_version(if_match, transfer.version)?;
    super::reversals::check_transfer_open(w, number)?;
    let wanted = resolve_lines(w, &input.lines)?;
    let mut total = Fen::ZERO;
    for (part_no, qty, value) in transfer.receive(&wanted)? {
        move_stock(w, ctx, &part_no, IN_TRANSIT, -qty, -value, number)?;
        move_stock(w, ctx, &part_no, &transfer.to, qty, value, number)?;
        total += value;
    }
    let posting = Posting::new()
        .debit(accounts::inventory(&transfer.to), total)
        .credit(accounts::inventory(IN_TRANSIT), total);
    post_journal(w, ctx, number, "transfer received", posting)?;
    save_document(w, ctx, &mut transfer, "transfer.receive")?;
    Ok(transfer)
}
