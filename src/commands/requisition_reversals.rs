//! Reversal (红冲) of one issue or one return of a requisition: a new `RV-…` document
//! posts the exact opposite of that stock ledger entry and of its journal posting (same
//! value, never re-averaged), names the requisition and the entry, and the requisition's
//! line takes back what the movement recorded. Each entry is reversed once.

use super::requisitions::issue_account;
use super::reversals::{Undo, post};
use super::{Ctx, location, save_document};
use crate::domain::auth::SUPERVISOR;
use crate::domain::documents::Requisition;
use crate::domain::ledger::{Posting, StockEntry, accounts};
use crate::domain::numbered::DocumentKind;
use crate::domain::reversals::{self, Reversal, ReversedKind};
use crate::error::{Error, Result};
use crate::store::repo::{self, seq_key};
use crate::store::{Overlay, Table, document};

/// Which movement of a requisition is reversed, and why.
#[derive(Debug, Clone)]
pub struct EntryReversalInput {
    /// The stock ledger entry (`seq`) of the issue or return.
    pub entry: u64,
    /// The reason (required).
    pub reason: String,
}

/// Reverses one issue or return (stock ledger entry `input.entry`) of requisition `number`.
pub fn reverse_entry(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, input: EntryReversalInput) -> Result<Reversal> {
    let entity = DocumentKind::Requisition.entity();
    let mut rq = document::get::<Requisition>(w, number)?;
    let loc = location(w, &rq.location)?;
    ctx.caller.may_work_on(&loc, entity, number, SUPERVISOR)?;
    reversals::check_reason(&input.reason)?;
    let key = format!("{number}/{}", input.entry);
    let entry: StockEntry = repo::get(w, Table::StockLedger, &seq_key(input.entry))?
        .filter(|e: &StockEntry| e.document.as_str() == number && e.location == rq.location && e.qty_delta != 0)
        .ok_or_else(|| Error::not_found("stock_entry", &key))?;
    if crate::queries::lists::requisition_reversals_unchecked(w, number)?
        .iter()
        .any(|r| r.entry == Some(input.entry))
    {
        return Err(Error::invalid_state("stock_entry", key, &"reversed", "reverse"));
    }
    let i = rq
        .lines
        .iter()
        .position(|l| l.part_no == entry.part_no)
        .ok_or_else(|| Error::not_found("stock_entry", &key))?;
    let account = issue_account(rq.purpose, &loc)?;
    let inventory = accounts::inventory(&loc.code);
    let value = entry.value_delta_fen;
    let (kind, journal) = if entry.qty_delta < 0 {
        // The issue posted Dr account / Cr inventory of -value.
        rq.unissue(i, -entry.qty_delta, -value)?;
        (
            ReversedKind::Issue,
            Posting::new().debit(inventory, -value).credit(account, -value),
        )
    } else {
        // The return posted Dr inventory / Cr account of value.
        rq.unreturn(i, entry.qty_delta, value)?;
        (
            ReversedKind::Return,
            Posting::new().debit(account, value).credit(inventory, value),
        )
    };
    let undo = Undo {
        original: rq.number.clone(),
        kind,
        entry: Some(input.entry),
        moves: reversals::undo_entry(&entry),
        journal: vec![journal],
    };
    let reversal = post(w, ctx, undo, input.reason)?;
    let action = match kind {
        ReversedKind::Issue => "requisition.reverse_issue",
        _ => "requisition.reverse_return",
    };
    save_document(w, ctx, &mut rq, action)?;
    Ok(reversal)
}
