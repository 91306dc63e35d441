//! A reviewer decides lines (or reopens a check's rejection) or sends the claim back.

use super::ReviewInput;
use super::decision::{decide_line, reopen_line, reserve, save};
use crate::commands::{Ctx, LINES_MAX, old_parts};
use crate::domain::claim_review::LineStep;
use crate::domain::claims::{Claim, Why};
use crate::domain::findings::FindingCode;
use crate::domain::preauth_claims;
use crate::domain::validate;
use crate::error::{Error, Result};
use crate::store::Overlay;
use crate::store::document;

/// Reviews a submitted claim.
pub fn review(
    w: &mut Overlay<'_>,
    ctx: &Ctx,
    number: &str,
    if_match: Option<u64>,
    input: ReviewInput,
) -> Result<Claim> {
    let mut claim = document::load::<Claim>(w, number, if_match)?;
    match input {
        ReviewInput::Return { comment } => {
            validate::text("comment", &comment)?;
            claim.send_back(comment)?;
            reserve(w, ctx, &claim, -1)?;
            old_parts::drop_unshipped(w, &claim)?;
            save(w, ctx, &mut claim, "claim.return")?;
        }
        ReviewInput::Decide { lines } => {
            claim.check_reviewable()?;
            validate::lines("lines", &lines, LINES_MAX)?;
            for (k, d) in lines.iter().enumerate() {
                let field = format!("lines[{k}]");
                if lines[..k].iter().any(|x| x.line == d.line) {
                    return Err(Error::invalid(
                        format!("{field}.line"),
                        "each line is decided once per review",
                    ));
                }
                let i = claim.lines.iter().position(|l| l.line == d.line).ok_or_else(|| {
                    Error::invalid(
                        format!("{field}.line"),
                        format!("claim {number} has no line {}", d.line),
                    )
                })?;
                validate::opt_text(&format!("{field}.reason"), d.reason.as_deref())?;
                let (amount, step) =
                    claim.plan_decision(i, &field, d.outcome, d.amount_fen, d.reason.as_deref(), d.reopen)?;
                if step == LineStep::ReopenThenDecide {
                    reopen_line(w, ctx, &mut claim, i)?;
                }
                // The pre-authorization caps what the claim is approved for.
                let (outcome, amount, capped) = match super::preauth::room(w, &claim, i)? {
                    Some(room) => preauth_claims::cap(&field, d.outcome, amount, room)?,
                    None => (d.outcome, amount, false),
                };
                let reason = match (&d.reason, capped) {
                    (None, true) => Some(FindingCode::OverPreauth.as_str().to_owned()),
                    (r, _) => r.clone(),
                };
                decide_line(w, ctx, &mut claim, i, outcome, amount, Why::Reviewer(reason))?;
            }
            claim.settle_status(ctx.now);
            super::preauth::hold(w, ctx, &claim)?;
            save(w, ctx, &mut claim, "claim.review")?;
        }
    }
    Ok(claim)
}
