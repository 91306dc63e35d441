//! Goods in from a supplier at a cost: Dr `inventory:<location>` / Cr `grni`.

use super::create_document;
use super::next_document_number;
use super::{Ctx, LINES_MAX, location, move_stock, post_journal, resolve_part};
use crate::domain::documents::{Receipt, ReceiptLine};
use crate::domain::ids::PartNo;
use crate::domain::ledger::{Posting, accounts};
use crate::domain::master::LocationKind;
use crate::domain::money::Fen;
use crate::domain::validate;
use crate::error::{Error, Result};
use crate::store::repo::code_key;
use crate::store::{Overlay, Read, Table};

/// A receipt to post.
#[derive(Debug, Clone)]
pub struct ReceiptInput {
    /// Receiving location (a warehouse or service station).
    pub location: String,
    /// Supplier code.
    pub supplier: Option<String>,
    /// Delivery note or invoice reference.
    pub reference: Option<String>,
    /// Lines; a part may appear on several.
    pub lines: Vec<ReceiptLineInput>,
}

/// One received line: the part by number or barcode.
#[derive(Debug, Clone)]
pub struct ReceiptLineInput {
    /// Part number (or give `barcode`).
    pub part_no: Option<PartNo>,
    /// A barcode of the part (or give `part_no`).
    pub barcode: Option<String>,
    /// Quantity received.
    pub qty: i64,
    /// Cost per unit, fen.
    pub unit_cost_fen: Fen,
}

/// Posts a receipt: stock in at cost, Dr inventory / Cr GRNI.
pub fn post(w: &mut Overlay<'_>, ctx: &Ctx, input: ReceiptInput) -> Result<Receipt> {
    post_crediting(w, ctx, input, accounts::GRNI, "goods received", "receipt.post")
}

/// Posts opening stock (the stock on hand when the system starts) as a receipt:
/// Dr inventory / Cr `opening:balance`.
pub fn post_opening(w: &mut Overlay<'_>, ctx: &Ctx, input: ReceiptInput) -> Result<Receipt> {
    post_crediting(
        w,
        ctx,
        input,
        accounts::OPENING_BALANCE,
        "opening stock",
        "receipt.opening",
    )
}

fn post_crediting(
    w: &mut Overlay<'_>,
    ctx: &Ctx,
    input: ReceiptInput,
    credit: &str,
    memo: &str,
    action: &str,
) -> Result<Receipt> {
    let loc = location(w, &input.location)?;
    if !matches!(loc.kind, LocationKind::Warehouse | LocationKind::ServiceStation) {
        return Err(Error::invalid(
            "location",
            format!(
                "receipts go into a warehouse or service station, not a {} location",
                loc.kind.as_str()
            ),
        ));
    }
    if let Some(s) = &input.supplier
        && w.get(Table::Suppliers, &code_key(s))?.is_none()
    {
        return Err(Error::not_found("supplier", s));
    }
    validate::opt_text("reference", input.reference.as_deref())?;
    validate::lines("lines", &input.lines, LINES_MAX)?;
    let mut lines = Vec::with_capacity(input.lines.len());
    for (i, l) in input.lines.iter().enumerate() {
        let field = format!("lines[{i}]");
        let part = resolve_part(w, l.part_no.as_deref(), l.barcode.as_deref(), &field)?;
        validate::qty(&format!("{field}.qty"), l.qty)?;
        validate::amount(&format!("{field}.unit_cost_fen"), l.unit_cost_fen)?;
        let value_fen = l
            .unit_cost_fen
            .checked_mul(l.qty)
            .filter(|v| validate::amount("", *v).is_ok())
            .ok_or_else(|| Error::invalid(format!("{field}.qty"), "qty × unit_cost_fen is too large"))?;
        lines.push(ReceiptLine {
            part_no: part.part_no,
            qty: l.qty,
            unit_cost_fen: l.unit_cost_fen,
            value_fen,
        });
    }
    let total_value_fen: Fen = lines.iter().map(|l| l.value_fen).sum();
    validate::amount("lines", total_value_fen)?;

    let number = next_document_number::<Receipt>(w)?;
    for l in &lines {
        move_stock(w, ctx, &l.part_no, &loc.code, l.qty, l.value_fen, &number)?;
    }
    let posting = Posting::new()
        .debit(accounts::inventory(&loc.code), total_value_fen)
        .credit(credit, total_value_fen);
    post_journal(w, ctx, &number, memo, posting)?;
    let receipt = Receipt {
        number: number.clone(),
        location: loc.code,
        supplier: input.supplier,
        reference: input.reference,
        lines,
        total_value_fen,
        actor: ctx.actor.clone(),
        posted_at: ctx.now,
    };
    create_document(w, ctx, &receipt, action)?;
    Ok(receipt)
}
