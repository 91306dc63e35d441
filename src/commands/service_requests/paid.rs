//! Paid service (有偿服务) outside coverage: the quote (travel + wages), a supervisor's
//! approval (never by the one who quoted), and the fee collected and handed in, posted
//! Dr `bank` / Cr `service:income` in the same transaction.

use super::{load, require_desk_or_assignee, save};
use crate::commands::{Ctx, post_journal};
use crate::domain::auth::{FINANCE, SUPERVISOR};
use crate::domain::money::Fen;
use crate::domain::service_requests::ServiceRequest;
use crate::domain::validate;
use crate::error::Result;
use crate::store::Overlay;

/// A quote.
#[derive(Debug, Clone)]
pub struct QuoteInput {
    /// Travel, fen.
    pub travel_fen: Fen,
    /// Wages, fen.
    pub wages_fen: Fen,
    /// Why the work is paid.
    pub note: Option<String>,
}

/// Quotes paid service (the desk or the assigned dealer).
pub fn quote(
    w: &mut Overlay<'_>,
    ctx: &Ctx,
    number: &str,
    v: Option<u64>,
    input: QuoteInput,
) -> Result<ServiceRequest> {
    let mut request = load(w, ctx, number, v)?;
    require_desk_or_assignee(ctx, &request)?;
    validate::amount("travel_fen", input.travel_fen)?;
    validate::amount("wages_fen", input.wages_fen)?;
    validate::opt_text("note", input.note.as_deref())?;
    request.quote(ctx.now, &ctx.actor, input.travel_fen, input.wages_fen, input.note)?;
    save(w, ctx, request, "service_request.quote")
}

/// A supervisor approves or rejects the quote (not the one who quoted: `self_approval`).
pub fn decide_quote(
    w: &mut Overlay<'_>,
    ctx: &Ctx,
    number: &str,
    v: Option<u64>,
    approve: bool,
    comment: Option<String>,
) -> Result<ServiceRequest> {
    ctx.caller.require_any(SUPERVISOR)?;
    validate::opt_text("comment", comment.as_deref())?;
    let mut request = load(w, ctx, number, v)?;
    request.decide_quote(ctx.now, &ctx.actor, approve, comment)?;
    let action = if approve {
        "service_request.quote_approve"
    } else {
        "service_request.quote_reject"
    };
    save(w, ctx, request, action)
}

/// Finance records the fee collected for an approved quote and posts it.
pub fn collect_fee(
    w: &mut Overlay<'_>,
    ctx: &Ctx,
    number: &str,
    v: Option<u64>,
    amount_fen: Fen,
    reference: &str,
) -> Result<ServiceRequest> {
    ctx.caller.require_any(FINANCE)?;
    validate::text("reference", reference)?;
    let mut request = load(w, ctx, number, v)?;
    let posting = request.collect_fee(ctx.now, amount_fen, reference)?;
    let doc = request.number.clone();
    post_journal(w, ctx, &doc, "paid service fee collected", posting)?;
    save(w, ctx, request, "service_request.fee")
}
