//! Reversal (红冲) of posted receipts and transfers: a new `RV-…` document posts the exact
//! opposite of the original's stock movements and journal entries (same values, never
//! re-averaged) and names the original; the original is not rewritten, and is found
//! reversed through `reversals_by_original_v1`. A document is reversed once.

use super::{Ctx, create_document, location, move_stock, next_document_number, post_journal};
use crate::domain::auth::ADMIN_ONLY;
use crate::domain::documents::{Receipt, Transfer};
use crate::domain::ids::DocNo;
use crate::domain::ledger::{JournalEntry, Posting, Side};
use crate::domain::money::Fen;
use crate::domain::numbered::{DocumentKind, Numbered};
use crate::domain::reversals::{self, Move, Reversal, ReversedKind};
use crate::error::{Error, Result};
use crate::store::document;
use crate::store::records::drafts::reversals_of;
use crate::store::repo::{self, seq_key};
use crate::store::usage;
use crate::store::{Overlay, Read, Scan, Table};

/// Why a document is reversed.
#[derive(Debug, Clone)]
pub struct ReversalInput {
    /// The reason (required).
    pub reason: String,
}

/// The reversal of `original`, if it has been reversed.
pub fn reversal_of(r: &dyn Read, original: &str) -> Result<Option<Reversal>> {
    let found = r.scan(
        Table::ReversalsByOriginal,
        &Scan::prefix(&reversals_of(original)).limit(1),
    )?;
    match found.first() {
        Some((key, _)) => {
            let n = crate::store::indexes::number_at_end(key)?;
            let number = crate::domain::documents::number(DocumentKind::Reversal.prefix(), n);
            Ok(Some(document::get::<Reversal>(r, &number)?))
        }
        None => Ok(None),
    }
}

/// Refuses to reverse a document twice.
fn check_not_reversed(r: &dyn Read, entity: &'static str, original: &str) -> Result<()> {
    if reversal_of(r, original)?.is_some() {
        return Err(Error::invalid_state(entity, original, &"reversed", "reverse"));
    }
    Ok(())
}

/// Refuses a change to a transfer that has been reversed (a late arrival included).
pub fn check_transfer_open(r: &dyn Read, number: &str) -> Result<()> {
    check_not_reversed(r, DocumentKind::Transfer.entity(), number)
}

/// The journal entries `document` posted, in posting order.
fn journal_of(r: &dyn Read, document: &str) -> Result<Vec<JournalEntry>> {
    let prefix = crate::store::keys::Key::new().str(document).into_bytes();
    let mut out = Vec::new();
    for (key, _) in r.scan(Table::JournalByDocument, &Scan::prefix(&prefix))? {
        let seq = crate::store::indexes::number_at_end(&key)?;
        let entry: JournalEntry = repo::get(r, Table::Journal, &seq_key(seq))?
            .ok_or_else(|| Error::Internal(format!("journal entry {seq} of {document} is missing")))?;
        out.push(entry);
    }
    Ok(out)
}

/// The journal entries of `original`, each with debits and credits swapped.
fn reversed_journal(r: &dyn Read, original: &str) -> Result<Vec<Posting>> {
    let mut out = Vec::new();
    for entry in journal_of(r, original)? {
        let mut posting = Posting::new();
        for l in entry.lines {
            posting = match l.side {
                Side::Debit => posting.debit(l.account, l.amount_fen),
                Side::Credit => posting.credit(l.account, l.amount_fen),
            };
        }
        out.push(posting.reversed());
    }
    Ok(out)
}

/// What a reversal undoes.
pub(super) struct Undo {
    /// The document reversed.
    pub original: DocNo,
    /// Its kind.
    pub kind: ReversedKind,
    /// The stock ledger entry reversed (one issue or return of a requisition).
    pub entry: Option<u64>,
    /// The movements that undo it.
    pub moves: Vec<Move>,
    /// The journal postings that undo it.
    pub journal: Vec<Posting>,
}

/// Posts the movements and journal postings of `undo` under a new number, refusing with
/// `insufficient_stock` where the stock has since left.
pub(super) fn post(w: &mut Overlay<'_>, ctx: &Ctx, undo: Undo, reason: String) -> Result<Reversal> {
    let Undo {
        original,
        kind,
        entry,
        moves,
        journal,
    } = undo;
    let number = next_document_number::<Reversal>(w)?;
    for m in &moves {
        // The same value back out of a balance that has since been re-averaged could leave
        // value without quantity (or below zero): that stock has in truth left.
        let b = repo::balance(w, &m.part_no, &m.location)?;
        let (qty_after, value_after) = (b.qty + m.qty_delta, b.value_fen + m.value_delta_fen);
        if qty_after < 0 || value_after < Fen::ZERO || (qty_after == 0 && value_after != Fen::ZERO) {
            return Err(Error::InsufficientStock {
                part_no: m.part_no.to_string(),
                location: m.location.clone(),
                available: b.qty,
                requested: -m.qty_delta,
            });
        }
        let moved = move_stock(w, ctx, &m.part_no, &m.location, m.qty_delta, m.value_delta_fen, &number)?;
        if usage::of_reversal(kind) {
            usage::note(w, &moved);
        }
    }
    for posting in journal {
        post_journal(w, ctx, &number, &format!("reversal of {original}"), posting)?;
    }
    let reversal = Reversal {
        number,
        original,
        original_kind: kind,
        entry,
        reason,
        total_value_fen: reversals::value_out(&moves),
        moves,
        actor: ctx.actor.clone(),
        posted_at: ctx.now,
    };
    create_document(w, ctx, &reversal, "reversal.post")?;
    super::audit(
        w,
        ctx,
        "reverse",
        entity_of(kind),
        reversal.original.as_str(),
        None,
        None,
    )?;
    Ok(reversal)
}

fn entity_of(kind: ReversedKind) -> &'static str {
    match kind {
        ReversedKind::Receipt => Receipt::DOCUMENT.entity(),
        ReversedKind::Transfer => Transfer::DOCUMENT.entity(),
        ReversedKind::Issue | ReversedKind::Return => DocumentKind::Requisition.entity(),
    }
}

/// Reverses a posted receipt: its lines leave the location at their own values; its
/// journal entry is posted with debits and credits swapped.
pub fn reverse_receipt(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, input: ReversalInput) -> Result<Reversal> {
    let receipt = document::get::<Receipt>(w, number)?;
    let loc = location(w, &receipt.location)?;
    ctx.caller
        .may_work_on(&loc, DocumentKind::Receipt.entity(), number, ADMIN_ONLY)?;
    reversals::check_reason(&input.reason)?;
    check_not_reversed(w, DocumentKind::Receipt.entity(), number)?;
    let undo = Undo {
        journal: reversed_journal(w, &receipt.number)?,
        moves: reversals::undo_receipt(&receipt),
        original: receipt.number,
        kind: ReversedKind::Receipt,
        entry: None,
    };
    post(w, ctx, undo, input.reason)
}

/// Reverses a transfer as it stands: what arrived and what is in transit go back to the
/// source at the values they left with; every journal entry of the transfer is reversed.
/// A reversed transfer takes no more arrivals.
pub fn reverse_transfer(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, input: ReversalInput) -> Result<Reversal> {
    let transfer = document::get::<Transfer>(w, number)?;
    let from = location(w, &transfer.from)?;
    ctx.caller
        .may_work_on(&from, DocumentKind::Transfer.entity(), number, ADMIN_ONLY)?;
    reversals::check_reason(&input.reason)?;
    check_not_reversed(w, DocumentKind::Transfer.entity(), number)?;
    let undo = Undo {
        journal: reversed_journal(w, &transfer.number)?,
        moves: reversals::undo_transfer(&transfer),
        original: transfer.number,
        kind: ReversedKind::Transfer,
        entry: None,
    };
    post(w, ctx, undo, input.reason)
}
