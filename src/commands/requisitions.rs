//! Requisitions (领料单): requested, approved by a supervisor other than the requester,
//! issued by scan at the moving average, unused parts returned at the value they left with.

use super::check_version;
use super::create_document;
use super::next_document_number;
use super::save_document;
use super::transfers::ScanLine;
use super::{Ctx, LINES_MAX, location, move_stock, post_journal, resolve_part};
use crate::domain::auth::SUPERVISOR;
use crate::domain::documents::{Purpose, Requisition, RequisitionLine, RequisitionStatus};
use crate::domain::ids::{DocNo, PartNo, Serial};
use crate::domain::ledger::{Posting, accounts};
use crate::domain::master::{Location, LocationKind};
use crate::domain::money::Fen;
use crate::domain::numbered::DocumentKind;
use crate::domain::validate;
use crate::error::{Error, Result};
use crate::store::Overlay;
use crate::store::document;
use crate::store::repo;
use crate::store::usage;

/// A requisition to create.
#[derive(Debug, Clone)]
pub struct RequisitionInput {
    /// Location to draw from.
    pub location: String,
    /// `warranty`, `paid_service` or `internal`.
    pub purpose: Purpose,
    /// The unit being repaired (required for warranty).
    pub unit_serial: Option<Serial>,
    /// Parts wanted, one line per part.
    pub lines: Vec<RequisitionLineInput>,
    /// Submit for approval at once.
    pub submit: bool,
    /// The service request (`SV-…`) whose work it does.
    pub service_request: Option<DocNo>,
}

/// One part wanted.
#[derive(Debug, Clone)]
pub struct RequisitionLineInput {
    /// Part number.
    pub part_no: PartNo,
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
    ctx.caller.may_post_at(&loc, SUPERVISOR)?;
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
    match &input.service_request {
        Some(sv) => cited_request(w, ctx, sv, &input)?,
        None if input.purpose == Purpose::PaidService => {
            return Err(Error::invalid(
                "service_request",
                "paid service cites the service request whose quote a supervisor approved",
            ));
        }
        None => {}
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
            issued_value_fen: Fen::ZERO,
            returned_qty: 0,
            returned_value_fen: Fen::ZERO,
            claimed_qty: 0,
            claimed_value_fen: Fen::ZERO,
            cleared_value_fen: Fen::ZERO,
        });
    }
    let number = next_document_number::<Requisition>(w)?;
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
        service_request: input.service_request,
    };
    create_document(w, ctx, &rq, "requisition.create")?;
    Ok(rq)
}

/// Refuses a cited service request the caller may not see (`not_found`, as if absent), one
/// closed or cancelled, one of another unit, and — for paid service — one whose quote is
/// not approved.
fn cited_request(w: &Overlay<'_>, ctx: &Ctx, number: &DocNo, input: &RequisitionInput) -> Result<()> {
    use crate::domain::service_requests::{ENTITY, ServiceRequest};
    validate::code("service_request", number)?;
    let request = document::get::<ServiceRequest>(w, number)?;
    if !request.visible_to(&ctx.caller) {
        return Err(Error::not_found(ENTITY, number.as_str()));
    }
    request.may_be_cited(input.unit_serial.as_ref(), input.purpose == Purpose::PaidService)
}

/// The requisition `number` for the caller to work on: one at a location it may not see
/// answers `not_found` before its version is compared, so nothing leaks.
fn load(w: &Overlay<'_>, ctx: &Ctx, number: &str, if_match: Option<u64>) -> Result<Requisition> {
    let rq = document::get::<Requisition>(w, number)?;
    let loc = location(w, &rq.location)?;
    ctx.caller
        .may_work_on(&loc, DocumentKind::Requisition.entity(), number, SUPERVISOR)?;
    check_version(if_match, rq.version)?;
    Ok(rq)
}

fn save(w: &mut Overlay<'_>, ctx: &Ctx, mut rq: Requisition, action: &str) -> Result<Requisition> {
    save_document(w, ctx, &mut rq, action)?;
    Ok(rq)
}

/// Submits a draft for approval.
pub fn submit(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, if_match: Option<u64>) -> Result<Requisition> {
    let mut rq = load(w, ctx, number, if_match)?;
    rq.submit(ctx.now)?;
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
    let mut rq = load(w, ctx, number, if_match)?;
    rq.decide(&ctx.actor, approve, input.comment, ctx.now)?;
    let action = if approve {
        "requisition.approve"
    } else {
        "requisition.reject"
    };
    save(w, ctx, rq, action)
}

fn line_index(w: &Overlay<'_>, rq: &Requisition, input: &ScanLine) -> Result<usize> {
    let part = resolve_part(w, input.part_no.as_deref(), input.barcode.as_deref(), "part_no")?;
    validate::qty("qty", input.qty)?;
    rq.lines
        .iter()
        .position(|l| l.part_no == part.part_no)
        .ok_or_else(|| Error::PartNotOnDocument {
            document: rq.number.to_string(),
            part_no: part.part_no.to_string(),
        })
}

/// Issues scanned parts at the moving average: Dr the purpose's account / Cr inventory.
pub fn issue(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, input: ScanLine) -> Result<Requisition> {
    let number = &DocNo::from(number);
    let mut rq = load(w, ctx, number, None)?;
    let i = line_index(w, &rq, &input)?;
    rq.check_issue(i, input.qty)?;
    let line = &rq.lines[i];
    let loc = location(w, &rq.location)?;
    let account = issue_account(rq.purpose, &loc)?;
    let value = repo::balance(w, &line.part_no, &loc.code)?.outgoing_value(input.qty, &line.part_no, &loc.code)?;

    let part_no = line.part_no.clone();
    let entry = move_stock(w, ctx, &part_no, &loc.code, -input.qty, -value, number)?;
    usage::note(w, &entry);
    post_journal(
        w,
        ctx,
        number,
        "parts issued",
        Posting::new()
            .debit(account, value)
            .credit(accounts::inventory(&loc.code), value),
    )?;
    rq.record_issue(i, input.qty, value, ctx.now);
    save(w, ctx, rq, "requisition.issue")
}

/// Returns unused parts at the value they left with: Dr inventory / Cr the issue's account.
pub fn return_unused(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, input: ScanLine) -> Result<Requisition> {
    let number = &DocNo::from(number);
    let mut rq = load(w, ctx, number, None)?;
    let i = line_index(w, &rq, &input)?;
    let value = rq.plan_return(i, input.qty)?;
    let loc = location(w, &rq.location)?;
    let account = issue_account(rq.purpose, &loc)?;
    let line = &rq.lines[i];
    let part_no = line.part_no.clone();
    let entry = move_stock(w, ctx, &part_no, &loc.code, input.qty, value, number)?;
    usage::note(w, &entry);
    post_journal(
        w,
        ctx,
        number,
        "unused parts returned",
        Posting::new()
            .debit(accounts::inventory(&loc.code), value)
            .credit(account, value),
    )?;
    rq.record_return(i, input.qty, value);
    save(w, ctx, rq, "requisition.return")
}

/// Withdraws a requisition before anything is issued.
pub fn cancel(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, if_match: Option<u64>) -> Result<Requisition> {
    let mut rq = load(w, ctx, number, if_match)?;
    rq.cancel(ctx.now)?;
    save(w, ctx, rq, "requisition.cancel")
}

/// Closes an issued requisition: nothing more is issued or returned.
pub fn close(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, if_match: Option<u64>) -> Result<Requisition> {
    let mut rq = load(w, ctx, number, if_match)?;
    rq.close(ctx.now)?;
    save(w, ctx, rq, "requisition.close")
}
