//! Requisitions (领料单): requested, approved by a supervisor other than the requester,
//! issued by scan at the moving average, unused parts returned at the value they left with.

use super::transfers::ScanLine;
use super::{Ctx, LINES_MAX, audit, check_version, location, move_stock, next_number, post_journal, resolve_part};
use crate::domain::documents::{Purpose, Requisition, RequisitionLine, RequisitionStatus};
use crate::domain::ledger::{Posting, accounts};
use crate::domain::master::{Location, LocationKind};
use crate::domain::stock::share;
use crate::domain::validate;
use crate::error::{Error, QtyLimit, Result};
use crate::store::indexes;
use crate::store::repo;
use crate::store::{Overlay, Read, Table};

/// A requisition to create.
#[derive(Debug, Clone)]
pub struct RequisitionInput {
    /// Location to draw from.
    pub location: String,
    /// `warranty`, `paid_service` or `internal`.
    pub purpose: Purpose,
    /// The unit being repaired (required for warranty).
    pub unit_serial: Option<String>,
    /// Parts wanted, one line per part.
    pub lines: Vec<RequisitionLineInput>,
    /// Submit for approval at once.
    pub submit: bool,
}

/// One part wanted.
#[derive(Debug, Clone)]
pub struct RequisitionLineInput {
    /// Part number.
    pub part_no: String,
    /// Quantity.
    pub qty: i64,
    /// Why.
    pub reason: Option<String>,
}

/// The account an issue for `purpose` at `loc` debits (and a return credits).
pub fn issue_account(purpose: Purpose, loc: &Location) -> Result<String> {
    match purpose {
        Purpose::Warranty => Ok(accounts::WARRANTY_PENDING.into()),
        Purpose::Internal => Ok(accounts::SERVICE_COST.into()),
        Purpose::PaidService => match (&loc.kind, &loc.dealer) {
            (LocationKind::ServiceStation, Some(d)) => Ok(accounts::dealer(d)),
            _ => Err(Error::invalid(
                "purpose",
                "paid service draws from a dealer's service station",
            )),
        },
    }
}

/// Creates a requisition (and submits it when asked).
pub fn create(w: &mut Overlay<'_>, ctx: &Ctx, input: RequisitionInput) -> Result<Requisition> {
    let loc = location(w, &input.location)?;
    if !matches!(loc.kind, LocationKind::Warehouse | LocationKind::ServiceStation) {
        return Err(Error::invalid(
            "location",
            "parts are issued from a warehouse or service station",
        ));
    }
    issue_account(input.purpose, &loc)?;
    match (&input.unit_serial, input.purpose) {
        (None, Purpose::Warranty) => return Err(Error::invalid("unit_serial", "a warranty repair names its unit")),
        (Some(s), _) => {
            validate::code("unit_serial", s)?;
            super::visible_unit(w, ctx, s)?;
        }
        _ => {}
    }
    validate::lines("lines", &input.lines, LINES_MAX)?;
    let mut lines = Vec::with_capacity(input.lines.len());
    for (i, l) in input.lines.iter().enumerate() {
        let field = format!("lines[{i}]");
        let part = super::part(w, &l.part_no)?;
        validate::qty(&format!("{field}.qty"), l.qty)?;
        validate::opt_text(&format!("{field}.reason"), l.reason.as_deref())?;
        if lines.iter().any(|x: &RequisitionLine| x.part_no == part.part_no) {
            return Err(Error::invalid(format!("{field}.part_no"), "each part goes on one line"));
        }
        lines.push(RequisitionLine {
            line: i as u32 + 1,
            part_no: part.part_no,
            qty: l.qty,
            reason: l.reason.clone(),
            issued_qty: 0,
            issued_value_fen: 0,
            returned_qty: 0,
            returned_value_fen: 0,
            claimed_qty: 0,
            claimed_value_fen: 0,
            cleared_value_fen: 0,
        });
    }
    let number = next_number(w, "RQ")?;
    let (status, submitted_at) = if input.submit {
        (RequisitionStatus::Submitted, Some(ctx.now))
    } else {
        (RequisitionStatus::Draft, None)
    };
    let rq = Requisition {
        number: number.clone(),
        location: loc.code,
        purpose: input.purpose,
        unit_serial: input.unit_serial,
        lines,
        status,
        requester: ctx.actor.clone(),
        decided_by: None,
        decision_comment: None,
        version: 1,
        created_at: ctx.now,
        submitted_at,
        decided_at: None,
        first_issue_at: None,
        closed_at: None,
        updated_at: ctx.now,
    };
    indexes::put(w, repo::doc_key("RQ", &number), &rq)?;
    audit(w, ctx, "requisition.create", "requisition", &number, None, Some(1))?;
    Ok(rq)
}

fn save(w: &mut Overlay<'_>, ctx: &Ctx, mut rq: Requisition, action: &str) -> Result<Requisition> {
    rq.version += 1;
    rq.updated_at = ctx.now;
    indexes::put(w, repo::doc_key("RQ", &rq.number), &rq)?;
    audit(
        w,
        ctx,
        action,
        "requisition",
        &rq.number,
        Some(rq.version - 1),
        Some(rq.version),
    )?;
    Ok(rq)
}

/// Writes a requisition changed by another document (a claim citing it), with a new version.
pub fn save_quietly(w: &mut Overlay<'_>, ctx: &Ctx, mut rq: Requisition) -> Result<()> {
    rq.version += 1;
    rq.updated_at = ctx.now;
    indexes::put(w, repo::doc_key("RQ", &rq.number), &rq)?;
    Ok(())
}

fn load(w: &Overlay<'_>, number: &str, if_match: Option<u64>) -> Result<Requisition> {
    let rq = get(w, number)?;
    check_version(if_match, rq.version)?;
    Ok(rq)
}

fn refuse(rq: &Requisition, action: &'static str) -> Error {
    Error::invalid_state("requisition", &rq.number, &rq.status, action)
}

/// Submits a draft for approval.
pub fn submit(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, if_match: Option<u64>) -> Result<Requisition> {
    let mut rq = load(w, number, if_match)?;
    if rq.status != RequisitionStatus::Draft {
        return Err(refuse(&rq, "submit"));
    }
    rq.status = RequisitionStatus::Submitted;
    rq.submitted_at.get_or_insert(ctx.now);
    save(w, ctx, rq, "requisition.submit")
}

/// A supervisor's decision.
#[derive(Debug, Clone, Default)]
pub struct DecisionInput {
    /// Comment (required to reject).
    pub comment: Option<String>,
}

/// Approves or rejects a submitted requisition; the requester may not decide their own.
pub fn decide(
    w: &mut Overlay<'_>,
    ctx: &Ctx,
    number: &str,
    if_match: Option<u64>,
    approve: bool,
    input: DecisionInput,
) -> Result<Requisition> {
    let mut rq = load(w, number, if_match)?;
    if rq.status != RequisitionStatus::Submitted {
        return Err(refuse(&rq, if approve { "approve" } else { "reject" }));
    }
    if rq.requester == ctx.actor {
        return Err(Error::SelfApproval);
    }
    match (&input.comment, approve) {
        (None, false) => return Err(Error::invalid("comment", "say why the requisition is rejected")),
        (c, _) => validate::opt_text("comment", c.as_deref())?,
    }
    rq.status = if approve {
        RequisitionStatus::Approved
    } else {
        RequisitionStatus::Rejected
    };
    rq.decided_by = Some(ctx.actor.clone());
    rq.decision_comment = input.comment;
    rq.decided_at = Some(ctx.now);
    if !approve {
        rq.closed_at = Some(ctx.now);
    }
    save(
        w,
        ctx,
        rq,
        if approve {
            "requisition.approve"
        } else {
            "requisition.reject"
        },
    )
}

fn line_index(w: &Overlay<'_>, rq: &Requisition, input: &ScanLine) -> Result<usize> {
    let part = resolve_part(w, input.part_no.as_deref(), input.barcode.as_deref(), "part_no")?;
    validate::qty("qty", input.qty)?;
    rq.lines
        .iter()
        .position(|l| l.part_no == part.part_no)
        .ok_or_else(|| Error::PartNotOnDocument {
            document: rq.number.clone(),
            part_no: part.part_no.clone(),
        })
}

/// Issues scanned parts at the moving average: Dr the purpose's account / Cr inventory.
pub fn issue(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, input: ScanLine) -> Result<Requisition> {
    let mut rq = get(w, number)?;
    if !matches!(
        rq.status,
        RequisitionStatus::Approved | RequisitionStatus::PartiallyIssued
    ) {
        return Err(refuse(&rq, "issue"));
    }
    let i = line_index(w, &rq, &input)?;
    let line = &rq.lines[i];
    let remaining = line.qty - line.issued_qty;
    if input.qty > remaining {
        return Err(Error::QtyExceeded {
            limit: QtyLimit::Approved,
            document: number.into(),
            part_no: line.part_no.clone(),
            requested: input.qty,
            available: remaining,
        });
    }
    let loc = location(w, &rq.location)?;
    let account = issue_account(rq.purpose, &loc)?;
    let value = repo::balance(w, &line.part_no, &loc.code)?.outgoing_value(input.qty, &line.part_no, &loc.code)?;

    let part_no = line.part_no.clone();
    move_stock(w, ctx, &part_no, &loc.code, -input.qty, -value, number)?;
    post_journal(
        w,
        ctx,
        number,
        "parts issued",
        Posting::new()
            .debit(account, value)
            .credit(accounts::inventory(&loc.code), value),
    )?;
    let line = &mut rq.lines[i];
    line.issued_qty += input.qty;
    line.issued_value_fen += value;
    rq.first_issue_at.get_or_insert(ctx.now);
    rq.status = if rq.lines.iter().all(|l| l.issued_qty == l.qty) {
        RequisitionStatus::Issued
    } else {
        RequisitionStatus::PartiallyIssued
    };
    save(w, ctx, rq, "requisition.issue")
}

/// Returns unused parts at the value they left with: Dr inventory / Cr the issue's account.
pub fn return_unused(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, input: ScanLine) -> Result<Requisition> {
    let mut rq = get(w, number)?;
    if !matches!(
        rq.status,
        RequisitionStatus::PartiallyIssued | RequisitionStatus::Issued
    ) {
        return Err(refuse(&rq, "return"));
    }
    let i = line_index(w, &rq, &input)?;
    let line = &rq.lines[i];
    if line.cleared_value_fen != 0 {
        return Err(Error::ClaimLineDecided {
            requisition: number.into(),
            part_no: line.part_no.clone(),
        });
    }
    if input.qty > line.outstanding_qty() - line.claimed_qty {
        return Err(Error::QtyExceeded {
            limit: QtyLimit::Returnable,
            document: number.into(),
            part_no: line.part_no.clone(),
            requested: input.qty,
            available: line.outstanding_qty() - line.claimed_qty,
        });
    }
    let loc = location(w, &rq.location)?;
    let account = issue_account(rq.purpose, &loc)?;
    let value = share(line.outstanding_value_fen(), line.outstanding_qty(), input.qty);
    let part_no = line.part_no.clone();
    move_stock(w, ctx, &part_no, &loc.code, input.qty, value, number)?;
    post_journal(
        w,
        ctx,
        number,
        "unused parts returned",
        Posting::new()
            .debit(accounts::inventory(&loc.code), value)
            .credit(account, value),
    )?;
    let line = &mut rq.lines[i];
    line.returned_qty += input.qty;
    line.returned_value_fen += value;
    save(w, ctx, rq, "requisition.return")
}

/// Withdraws a requisition before anything is issued.
pub fn cancel(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, if_match: Option<u64>) -> Result<Requisition> {
    let mut rq = load(w, number, if_match)?;
    if !matches!(
        rq.status,
        RequisitionStatus::Draft | RequisitionStatus::Submitted | RequisitionStatus::Approved
    ) {
        return Err(refuse(&rq, "cancel"));
    }
    rq.status = RequisitionStatus::Cancelled;
    rq.closed_at = Some(ctx.now);
    save(w, ctx, rq, "requisition.cancel")
}

/// Closes an issued requisition: nothing more is issued or returned.
pub fn close(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, if_match: Option<u64>) -> Result<Requisition> {
    let mut rq = load(w, number, if_match)?;
    if !matches!(
        rq.status,
        RequisitionStatus::PartiallyIssued | RequisitionStatus::Issued
    ) {
        return Err(refuse(&rq, "close"));
    }
    rq.status = RequisitionStatus::Closed;
    rq.closed_at = Some(ctx.now);
    save(w, ctx, rq, "requisition.close")
}

/// Reads a requisition.
pub fn get(r: &dyn Read, number: &str) -> Result<Requisition> {
    repo::get(r, Table::Requisitions, &repo::doc_key("RQ", number))?
        .ok_or_else(|| Error::not_found("requisition", number))
}
