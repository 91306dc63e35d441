//! Drafts built by scanning: open, scan (each scan adds to its part's line), correct or
//! remove a line, post once, or discard. Until it posts a draft writes only itself; posting
//! runs the document's own command (receipt, transfer, transfer arrival, requisition issue)
//! over the draft's lines inside the same transaction, so the draft turns into exactly one
//! posted document or nothing.

use super::receipts::{self, ReceiptInput, ReceiptLineInput};
use super::transfers::{self, ScanLine, TransferInput, TransferReceiptInput};
use super::{
    Ctx, check_version, create_document, location, next_document_number, requisitions, resolve_part, save_document,
};
use crate::domain::auth::{ADMIN_ONLY, Role};
use crate::domain::documents::{Requisition, Transfer, TransferMode};
use crate::domain::drafts::{Draft, DraftKind, DraftStatus};
use crate::domain::ids::{DocNo, PartNo};
use crate::domain::master::{Location, LocationKind};
use crate::domain::money::Fen;
use crate::domain::numbered::DocumentKind;
use crate::domain::validate;
use crate::error::{Error, Result};
use crate::store::document;
use crate::store::repo::code_key;
use crate::store::{Overlay, Read, Table};

/// A draft to open.
#[derive(Debug, Clone)]
pub struct DraftInput {
    /// What it posts as.
    pub kind: DraftKind,
    /// Where the scanning happens; a transfer arrival or an issue takes it from its
    /// document when absent.
    pub location: Option<String>,
    /// Supplier of a receipt.
    pub supplier: Option<String>,
    /// Reference of a receipt.
    pub reference: Option<String>,
    /// Destination of a transfer dispatch.
    pub to: Option<String>,
    /// Mode of a transfer dispatch (default `direct`).
    pub mode: Option<TransferMode>,
    /// The transfer arriving or the requisition issued against.
    pub against: Option<DocNo>,
}

/// One scan: a part by number or barcode; `qty` defaults to 1.
#[derive(Debug, Clone)]
pub struct ScanInput {
    /// Part number (or give `barcode`).
    pub part_no: Option<PartNo>,
    /// A barcode of the part (or give `part_no`).
    pub barcode: Option<String>,
    /// Units (default 1).
    pub qty: i64,
    /// Cost per unit of a receipt line (default: the line's cost, else the part's
    /// standard cost).
    pub unit_cost_fen: Option<Fen>,
}

/// A correction of one line.
#[derive(Debug, Clone)]
pub struct LineInput {
    /// The line's new quantity (1 or more; remove a line to drop it).
    pub qty: i64,
    /// A receipt line's new cost per unit.
    pub unit_cost_fen: Option<Fen>,
}

fn forbid_field<T>(field: &str, value: &Option<T>, kind: DraftKind) -> Result<()> {
    if value.is_some() {
        return Err(Error::invalid(
            field,
            format!("a {} draft does not take {field}", kind.as_str()),
        ));
    }
    Ok(())
}

fn require_field<'a, T>(field: &str, value: &'a Option<T>, kind: DraftKind) -> Result<&'a T> {
    value
        .as_ref()
        .ok_or_else(|| Error::invalid(field, format!("a {} draft needs {field}", kind.as_str())))
}

/// Refuses a dealer a draft only the company's clerks post (receipts and dispatches).
fn check_role(ctx: &Ctx, kind: DraftKind) -> Result<()> {
    if ctx.caller.role == Role::Dealer && matches!(kind, DraftKind::Receipt | DraftKind::TransferDispatch) {
        return Err(Error::Forbidden {
            role: ctx.caller.role.as_str().into(),
            location: None,
        });
    }
    Ok(())
}

/// The location a draft of `input.kind` scans at, checked against the document it names.
fn resolve_location(w: &Overlay<'_>, input: &DraftInput) -> Result<Location> {
    let kind = input.kind;
    let of_document = match kind {
        DraftKind::Receipt | DraftKind::TransferDispatch => {
            forbid_field("against", &input.against, kind)?;
            None
        }
        DraftKind::TransferReceipt => {
            let t = document::get::<Transfer>(w, require_field("against", &input.against, kind)?)?;
            if t.mode != TransferMode::TwoStep {
                return Err(Error::invalid("against", "only a two-step transfer arrives by scan"));
            }
            Some(t.to)
        }
        DraftKind::Issue => {
            Some(document::get::<Requisition>(w, require_field("against", &input.against, kind)?)?.location)
        }
    };
    let code = match (&input.location, of_document) {
        (Some(l), Some(d)) if *l != d => {
            return Err(Error::invalid(
                "location",
                format!("{} is scanned at {d}", input.against.as_deref().unwrap_or_default()),
            ));
        }
        (_, Some(d)) => d,
        (Some(l), None) => l.clone(),
        (None, None) => return Err(Error::invalid("location", "required")),
    };
    location(w, &code)
}

/// Opens a draft.
pub fn open(w: &mut Overlay<'_>, ctx: &Ctx, input: DraftInput) -> Result<Draft> {
    let kind = input.kind;
    check_role(ctx, kind)?;
    let loc = resolve_location(w, &input)?;
    ctx.caller.may_post_at(&loc, ADMIN_ONLY)?;
    if kind != DraftKind::Receipt {
        forbid_field("supplier", &input.supplier, kind)?;
        forbid_field("reference", &input.reference, kind)?;
    }
    if kind != DraftKind::TransferDispatch {
        forbid_field("to", &input.to, kind)?;
        forbid_field("mode", &input.mode, kind)?;
    }
    let mut mode = None;
    match kind {
        DraftKind::Receipt => {
            if !matches!(loc.kind, LocationKind::Warehouse | LocationKind::ServiceStation) {
                return Err(Error::invalid(
                    "location",
                    "receipts go into a warehouse or service station",
                ));
            }
            if let Some(s) = &input.supplier
                && w.get(Table::Suppliers, &code_key(s))?.is_none()
            {
                return Err(Error::not_found("supplier", s));
            }
            validate::opt_text("reference", input.reference.as_deref())?;
        }
        DraftKind::TransferDispatch => {
            let to = location(w, require_field("to", &input.to, kind)?)?;
            if to.code == loc.code {
                return Err(Error::invalid("to", "source and destination are the same"));
            }
            mode = Some(input.mode.unwrap_or(TransferMode::Direct));
        }
        DraftKind::TransferReceipt | DraftKind::Issue => {}
    }
    let number = next_document_number::<Draft>(w)?;
    let draft = Draft {
        number,
        kind,
        location: loc.code,
        supplier: input.supplier,
        reference: input.reference,
        to: input.to,
        mode,
        against: input.against,
        lines: Vec::new(),
        status: DraftStatus::Open,
        posted_as: None,
        version: 1,
        actor: ctx.actor.clone(),
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    create_document(w, ctx, &draft, "draft.open")?;
    Ok(draft)
}

/// Loads draft `number` for the caller (one it may not see answers `not_found`).
fn load(w: &Overlay<'_>, ctx: &Ctx, number: &str, if_match: Option<u64>) -> Result<Draft> {
    let draft = document::get::<Draft>(w, number)?;
    let loc = location(w, &draft.location)?;
    ctx.caller
        .may_work_on(&loc, DocumentKind::Draft.entity(), number, ADMIN_ONLY)?;
    check_role(ctx, draft.kind)?;
    check_version(if_match, draft.version)?;
    Ok(draft)
}

/// Checks the draft's lines against the document it names, as posting would: a part not
/// on the transfer or requisition, or more than it still allows, is refused at the scan.
fn check_against(w: &Overlay<'_>, draft: &Draft) -> Result<()> {
    let Some(against) = &draft.against else {
        return Ok(());
    };
    match draft.kind {
        DraftKind::TransferReceipt => {
            let mut t = document::get::<Transfer>(w, against)?;
            let wanted = totals(draft);
            t.receive(&wanted)?;
        }
        DraftKind::Issue => {
            let rq = document::get::<Requisition>(w, against)?;
            for (part_no, qty) in totals(draft) {
                let i = rq
                    .lines
                    .iter()
                    .position(|l| l.part_no == part_no)
                    .ok_or_else(|| Error::PartNotOnDocument {
                        document: rq.number.to_string(),
                        part_no: part_no.to_string(),
                    })?;
                rq.check_issue(i, qty)?;
            }
        }
        DraftKind::Receipt | DraftKind::TransferDispatch => {}
    }
    Ok(())
}

/// Quantity per part over the draft's lines, in line order.
fn totals(draft: &Draft) -> Vec<(PartNo, i64)> {
    let mut out: Vec<(PartNo, i64)> = Vec::new();
    for l in &draft.lines {
        match out.iter_mut().find(|(p, _)| *p == l.part_no) {
            Some((_, q)) => *q += l.qty,
            None => out.push((l.part_no.clone(), l.qty)),
        }
    }
    out
}

/// Adds one scan to the draft.
pub fn scan(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, input: ScanInput) -> Result<Draft> {
    let mut draft = load(w, ctx, number, None)?;
    let part = resolve_part(w, input.part_no.as_deref(), input.barcode.as_deref(), "part_no")?;
    draft.scan(&part.part_no, input.qty, input.unit_cost_fen, part.standard_cost_fen)?;
    check_against(w, &draft)?;
    save_document(w, ctx, &mut draft, "draft.scan")?;
    Ok(draft)
}

/// Corrects one line's quantity (and a receipt line's cost).
pub fn correct(
    w: &mut Overlay<'_>,
    ctx: &Ctx,
    number: &str,
    line: u32,
    if_match: Option<u64>,
    input: LineInput,
) -> Result<Draft> {
    let mut draft = load(w, ctx, number, if_match)?;
    draft.correct(line, input.qty, input.unit_cost_fen)?;
    check_against(w, &draft)?;
    save_document(w, ctx, &mut draft, "draft.correct")?;
    Ok(draft)
}

/// Removes one line.
pub fn remove_line(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, line: u32, if_match: Option<u64>) -> Result<Draft> {
    let mut draft = load(w, ctx, number, if_match)?;
    draft.remove(line)?;
    save_document(w, ctx, &mut draft, "draft.remove_line")?;
    Ok(draft)
}

/// Abandons a draft; nothing was ever posted.
pub fn discard(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, if_match: Option<u64>) -> Result<Draft> {
    let mut draft = load(w, ctx, number, if_match)?;
    draft.discard()?;
    save_document(w, ctx, &mut draft, "draft.discard")?;
    Ok(draft)
}

fn scan_lines(draft: &Draft) -> Vec<ScanLine> {
    totals(draft)
        .into_iter()
        .map(|(part_no, qty)| ScanLine {
            part_no: Some(part_no),
            barcode: None,
            qty,
        })
        .collect()
}

/// Posts the draft as its document, all lines in this one transaction.
pub fn post(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, if_match: Option<u64>) -> Result<Draft> {
    let mut draft = load(w, ctx, number, if_match)?;
    draft.check_post()?;
    let posted: DocNo = match draft.kind {
        DraftKind::Receipt => {
            let input = ReceiptInput {
                location: draft.location.clone(),
                supplier: draft.supplier.clone(),
                reference: draft.reference.clone(),
                lines: draft
                    .lines
                    .iter()
                    .map(|l| ReceiptLineInput {
                        part_no: Some(l.part_no.clone()),
                        barcode: None,
                        qty: l.qty,
                        unit_cost_fen: l.unit_cost_fen.unwrap_or(Fen::ZERO),
                    })
                    .collect(),
            };
            receipts::post(w, ctx, input)?.number
        }
        DraftKind::TransferDispatch => {
            let input = TransferInput {
                from: draft.location.clone(),
                to: draft.to.clone().unwrap_or_default(),
                mode: draft.mode.unwrap_or(TransferMode::Direct),
                lines: scan_lines(&draft),
            };
            transfers::ship(w, ctx, input)?.number
        }
        DraftKind::TransferReceipt => {
            let against = draft.against.clone().unwrap_or_default();
            let input = TransferReceiptInput {
                lines: scan_lines(&draft),
            };
            transfers::receive(w, ctx, &against, None, input)?.number
        }
        DraftKind::Issue => {
            let against = draft.against.clone().unwrap_or_default();
            for line in scan_lines(&draft) {
                requisitions::issue(w, ctx, &against, line)?;
            }
            against
        }
    };
    draft.posted(posted);
    save_document(w, ctx, &mut draft, "draft.post")?;
    Ok(draft)
}
