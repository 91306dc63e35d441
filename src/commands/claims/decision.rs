//! Deciding a claim line and posting the decision; saving a claim with its history. Used
//! by review and by the old-part sweep alike.

use crate::commands::save_document;
use crate::commands::{Ctx, post_journal};
use crate::domain::claims::{Claim, ClaimLine, LineStatus, Outcome, Why, decision_posting};
use crate::domain::documents::Requisition;
use crate::domain::money::Fen;
use crate::error::{Error, Result};
use crate::store::document;
use crate::store::keys::Key;
use crate::store::repo;
use crate::store::{Overlay, Table};

/// Saves a claim with its totals, and keeps this version in the claim's history.
pub(super) fn save(w: &mut Overlay<'_>, ctx: &Ctx, claim: &mut Claim, action: &str) -> Result<()> {
    claim.claimed_fen = claim.lines.iter().map(|l| l.claimed_fen).sum();
    claim.approved_fen = claim.lines.iter().filter_map(|l| l.approved_fen).sum();
    save_document(w, ctx, claim, action)?;
    let version_key = Key::new().str(&claim.number).u64(claim.version).into_bytes();
    repo::put(w, Table::ClaimVersions, version_key, claim);
    Ok(())
}

/// Reserves (or with `sign = -1` releases) the requisition quantities company-stock lines cite.
pub(super) fn reserve(w: &mut Overlay<'_>, ctx: &Ctx, claim: &Claim, sign: i64) -> Result<()> {
    for line in claim.lines.iter().filter(|l| l.is_company_stock()) {
        let number = line.requisition.as_deref().unwrap_or_default();
        let mut rq = document::get::<Requisition>(w, number)?;
        let rl = rq
            .lines
            .iter_mut()
            .find(|l| Some(l.part_no.as_str()) == line.part_no.as_deref());
        let rl = rl.ok_or_else(|| Error::Internal(format!("claim line cites a part missing from {number}")))?;
        rl.claimed_qty += sign * line.qty.unwrap_or(0);
        rl.claimed_value_fen += line.claimed_fen * sign;
        save_document(w, ctx, &mut rq, "requisition.claim_update")?;
    }
    Ok(())
}

/// Decides one line and posts the decision: the outcome table of the design.
pub fn decide_line(
    w: &mut Overlay<'_>,
    ctx: &Ctx,
    claim: &mut Claim,
    i: usize,
    outcome: Outcome,
    approved_fen: Fen,
    why: Why,
) -> Result<()> {
    let expense = claim.expense_account_of(&claim.lines[i]);
    let posting = decision_posting(&claim.lines[i], outcome, approved_fen, &claim.dealer, expense);
    let memo = format!("claim line {} {:?}", claim.lines[i].line, outcome).to_lowercase();
    post_journal(w, ctx, &claim.number, &memo, posting)?;
    let line = &mut claim.lines[i];
    clear_on_requisition(w, ctx, line, line.claimed_fen)?;
    line.status = match outcome {
        Outcome::Approve => LineStatus::Approved,
        Outcome::Reduce => LineStatus::Reduced,
        Outcome::Reject => LineStatus::Rejected,
    };
    line.approved_fen = Some(if outcome == Outcome::Reject {
        Fen::ZERO
    } else {
        approved_fen
    });
    line.record_why(why);
    line.decided_at = Some(ctx.now);
    Ok(())
}

/// Moves `delta_fen` of a company-stock line's cost into (or, negative, out of) what its
/// requisition counts as cleared by decided claim lines; other lines cite no requisition.
fn clear_on_requisition(w: &mut Overlay<'_>, ctx: &Ctx, line: &ClaimLine, delta_fen: Fen) -> Result<()> {
    if !line.is_company_stock() {
        return Ok(());
    }
    let number = line.requisition.clone().unwrap_or_default();
    let mut rq = document::get::<Requisition>(w, &number)?;
    if let Some(rl) = rq
        .lines
        .iter_mut()
        .find(|l| Some(l.part_no.as_str()) == line.part_no.as_deref())
    {
        rl.cleared_value_fen += delta_fen;
    }
    save_document(w, ctx, &mut rq, "requisition.claim_update")
}

/// Reverses an automatic rejection so a reviewer can decide the line afresh.
pub(super) fn reopen_line(w: &mut Overlay<'_>, ctx: &Ctx, claim: &mut Claim, i: usize) -> Result<()> {
    let expense = claim.expense_account_of(&claim.lines[i]);
    let line = &mut claim.lines[i];
    let reversal = decision_posting(line, Outcome::Reject, Fen::ZERO, &claim.dealer, expense).reversed();
    post_journal(
        w,
        ctx,
        &claim.number,
        &format!("claim line {} reopened", line.line),
        reversal,
    )?;
    clear_on_requisition(w, ctx, line, -line.claimed_fen)?;
    line.status = LineStatus::Open;
    line.approved_fen = None;
    line.rejected_by = None;
    line.decided_at = None;
    Ok(())
}

/// Marks the claim decided once every line is; used by the old-parts sweep.
pub fn refresh_status(w: &mut Overlay<'_>, ctx: &Ctx, claim: &mut Claim, action: &str) -> Result<()> {
    claim.settle_status(ctx.now);
    super::preauth::hold(w, ctx, claim)?;
    save(w, ctx, claim, action)
}
