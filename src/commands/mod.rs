//! Write operations. Each is one function over one transaction view: it validates
//! everything first, then writes the document, stock ledger, balances, journal and audit
//! event together. A refused command returns an error and its writes are discarded.

/// The write transaction a command runs in (its private view until the batch commits).
pub use crate::store::Overlay as Tx;
/// The group-commit writer every command runs through.
pub use crate::store::writer::Writer;

pub mod attachments;
pub mod campaigns;
pub mod claims;
pub mod drafts;
pub mod idempotency;
pub mod master;
pub mod old_parts;
pub mod preauth;
pub mod receipts;
pub mod reorder;
pub mod requisition_reversals;
pub mod requisitions;
pub mod reserve_plans;
pub mod reversals;
pub mod service_reports;
pub mod service_requests;
pub mod settlements;
pub mod stocktakes;
pub mod supplier_claims;
pub mod supply;
pub mod tokens;
pub mod transfers;
pub mod units;

use crate::domain::auth::Principal;
use crate::domain::documents::{self, AuditEvent};
use crate::domain::ids::{DocNo, PartNo};
use crate::domain::ledger::{JournalEntry, Posting, StockEntry};
use crate::domain::master::{Location, Part};
use crate::domain::money::Fen;
use crate::domain::numbered::Numbered;
use crate::domain::stock::Balance;
use crate::domain::warranty::{Unit, business_date};
use crate::error::{Error, Result};
use crate::store::document::{self, Document};
use crate::store::lookup;
use crate::store::repo::{self, code_key, indexed_seq_key, seq_key, stock_by_location_key, stock_key};
use crate::store::{Overlay, Read, Table};
use chrono::{DateTime, Utc};

/// Most lines on one document.
pub const LINES_MAX: usize = 500;

/// Who is acting and when; passed to every command.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// The actor's token id.
    pub actor: String,
    /// The batch's time.
    pub now: DateTime<Utc>,
    /// The caller, whose role and scope commands check against what they resolve (a
    /// location filled in by default passes the same checks as one the caller named).
    pub caller: Principal,
}

impl Ctx {
    /// The context of a caller's request.
    pub fn of(caller: Principal, now: DateTime<Utc>) -> Self {
        Ctx {
            actor: caller.token_id.clone(),
            now,
            caller,
        }
    }

    /// The context of the system itself (timers, the command line, demo data): an actor
    /// with every right.
    pub fn system(actor: &str, now: DateTime<Utc>) -> Self {
        Ctx::of(Principal::system(actor), now)
    }
}

/// A unit the caller may see; another dealer's unit answers `not_found`, as if absent.
pub fn visible_unit(r: &dyn Read, ctx: &Ctx, serial: &str) -> Result<Unit> {
    let unit = lookup::unit(r, serial)?;
    if !ctx.caller.sees_dealer(&unit.dealer) {
        return Err(Error::not_found("unit", serial));
    }
    Ok(unit)
}

/// Refuses, as `not_found` of `entity` `key`, a record at a location the caller may not
/// see: a refusal must not tell another dealer's record from a missing one.
pub fn require_visible_at(r: &dyn Read, ctx: &Ctx, location: &str, entity: &'static str, key: &str) -> Result<()> {
    if ctx.caller.sees_all_locations() {
        return Ok(());
    }
    let loc: Option<Location> = repo::get(r, Table::Locations, &code_key(location))?;
    if loc.is_some_and(|l| ctx.caller.sees_location(&l)) {
        Ok(())
    } else {
        Err(Error::not_found(entity, key))
    }
}

/// Refuses a reference to a record that does not exist.
pub fn require_exists(w: &Overlay<'_>, table: Table, entity: &'static str, key: &str) -> Result<()> {
    match w.get(table, &code_key(key))? {
        Some(_) => Ok(()),
        None => Err(Error::not_found(entity, key)),
    }
}

/// Loads a part or answers `not_found` naming the field.
pub fn part(w: &Overlay<'_>, part_no: &str) -> Result<Part> {
    repo::get(w, Table::Parts, &code_key(part_no))?.ok_or_else(|| Error::not_found("part", part_no))
}

/// Loads a location or answers `not_found`.
pub fn location(w: &Overlay<'_>, code: &str) -> Result<Location> {
    repo::get(w, Table::Locations, &code_key(code))?.ok_or_else(|| Error::not_found("location", code))
}

/// Resolves a line's part from its part number or one of its barcodes.
pub fn resolve_part(w: &Overlay<'_>, part_no: Option<&str>, barcode: Option<&str>, field: &str) -> Result<Part> {
    match (part_no, barcode) {
        (Some(p), None) => part(w, p),
        (None, Some(b)) => {
            let owner = w
                .get(Table::Barcodes, &code_key(b))?
                .ok_or_else(|| Error::not_found("barcode", b))?;
            let part_no = String::from_utf8(owner).map_err(|e| Error::Internal(e.to_string()))?;
            part(w, &part_no)
        }
        _ => Err(Error::invalid(field, "give exactly one of part_no and barcode")),
    }
}

/// The next document number with `prefix` (`RC-000042`).
pub fn next_number(w: &mut Overlay<'_>, prefix: &str) -> Result<DocNo> {
    Ok(documents::number(prefix, repo::next_counter(w, prefix)?).into())
}

/// The next number of a document of kind `D`.
pub fn next_document_number<D: Numbered>(w: &mut Overlay<'_>) -> Result<DocNo> {
    next_number(w, D::DOCUMENT.prefix())
}

/// Writes a new document (at its first version) with its index entries and audit event.
pub fn create_document<D: Document>(w: &mut Overlay<'_>, ctx: &Ctx, doc: &D, action: &str) -> Result<()> {
    put_audited(w, ctx, doc, action, None)
}

fn put_audited<D: Document>(w: &mut Overlay<'_>, ctx: &Ctx, doc: &D, action: &str, before: Option<u64>) -> Result<()> {
    document::put(w, doc)?;
    let entity = D::DOCUMENT.entity();
    audit(w, ctx, action, entity, doc.number(), before, Some(doc.version()))
}

/// Writes a changed document at its next version with its index entries and audit event:
/// the one way a document changes, so no change goes unaudited (a document built at
/// version 0 is created at version 1).
pub fn save_document<D: Document>(w: &mut Overlay<'_>, ctx: &Ctx, doc: &mut D, action: &str) -> Result<()> {
    let before = (doc.version() > 0).then_some(doc.version());
    doc.next_version(ctx.now);
    put_audited(w, ctx, doc, action, before)
}

/// Moves stock and appends its ledger entry; the caller has validated the movement
/// (it never takes the balance below zero).
pub fn move_stock(
    w: &mut Overlay<'_>,
    ctx: &Ctx,
    part_no: &PartNo,
    location: &str,
    qty_delta: i64,
    value_delta_fen: Fen,
    document: &DocNo,
) -> Result<StockEntry> {
    let key = stock_key(part_no, location);
    let stored: Option<Balance> = repo::get(w, Table::Stock, &key)?;
    let mut balance = stored.unwrap_or_default();
    if balance.qty + qty_delta < 0 {
        return Err(Error::InsufficientStock {
            part_no: part_no.to_string(),
            location: location.into(),
            available: balance.qty,
            requested: -qty_delta,
        });
    }
    balance.apply(qty_delta, value_delta_fen);
    let seq = repo::next_counter(w, "stock_ledger")?;
    let entry = StockEntry {
        seq,
        part_no: part_no.clone(),
        location: location.into(),
        qty_delta,
        value_delta_fen,
        qty_after: balance.qty,
        value_after_fen: balance.value_fen,
        document: document.clone(),
        actor: ctx.actor.clone(),
        at: ctx.now,
    };
    repo::put(w, Table::Stock, key, &balance);
    if stored.is_none() {
        // A balance row and its by-location index entry are written together, once;
        // rewriting an index entry that exists would only dirty its page again.
        w.put(
            Table::StockByLocation,
            stock_by_location_key(location, part_no),
            Vec::new(),
        );
    }
    repo::put(w, Table::StockLedger, seq_key(seq), &entry);
    // The location rides in the by-part entry, so one part's ledger at one location
    // skips the part's entries elsewhere without reading them.
    w.put(
        Table::LedgerByPart,
        indexed_seq_key(part_no, seq),
        location.as_bytes().to_vec(),
    );
    w.put(Table::LedgerByLocation, indexed_seq_key(location, seq), Vec::new());
    Ok(entry)
}

/// Appends a balanced journal entry and updates account balances; an empty posting
/// (all amounts zero) writes nothing.
pub fn post_journal(
    w: &mut Overlay<'_>,
    ctx: &Ctx,
    document: &DocNo,
    memo: &str,
    posting: Posting,
) -> Result<Option<JournalEntry>> {
    if posting.is_empty() {
        return Ok(None);
    }
    let lines = posting.into_lines();
    let seq = repo::next_counter(w, "journal")?;
    for line in &lines {
        let balance = repo::account_balance(w, &line.account)? + line.signed_fen();
        w.put(Table::Accounts, code_key(&line.account), repo::encode_fen(balance));
        w.put(
            Table::AccountEntries,
            indexed_seq_key(&line.account, seq),
            repo::encode_posting(line.signed_fen(), business_date(ctx.now)),
        );
    }
    let entry = JournalEntry {
        seq,
        document: document.clone(),
        memo: memo.into(),
        lines,
        actor: ctx.actor.clone(),
        at: ctx.now,
    };
    crate::store::indexes::append(w, seq_key(seq), &entry);
    Ok(Some(entry))
}

/// Records who did what to which record.
pub fn audit(
    w: &mut Overlay<'_>,
    ctx: &Ctx,
    action: &str,
    entity: &str,
    key: &str,
    before_version: Option<u64>,
    after_version: Option<u64>,
) -> Result<()> {
    let seq = repo::next_counter(w, "audit")?;
    let event = AuditEvent {
        seq,
        at: ctx.now,
        actor: ctx.actor.clone(),
        action: action.into(),
        entity: entity.into(),
        key: key.into(),
        before_version,
        after_version,
    };
    repo::put(w, Table::Audit, seq_key(seq), &event);
    Ok(())
}

pub use crate::domain::numbered::check_version;
