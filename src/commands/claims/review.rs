//! A reviewer decides lines (or reopens a check's rejection) or sends the claim back.

use super::ReviewInput;
use super::decision::{decide_line, reopen_line, reserve, save, settle_status};
use crate::commands::{Ctx, LINES_MAX, check_version, old_parts};
use crate::domain::claims::{Claim, ClaimStatus, LineStatus, Outcome, Why};
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
    let mut claim = document::get::<Claim>(w, number)?;
    check_version(if_match, claim.version)?;
    match input {
        ReviewInput::Return { comment } => {
            validate::text("comment", &comment)?;
            if claim.status != ClaimStatus::Submitted {
                return Err(Error::invalid_state("claim", number, &claim.status, "send_back"));
            }
            if let Some(decided) = claim.lines.iter().find(|l| l.status.is_decided()) {
                return Err(Error::LineAlreadyDecided {
                    entity: "claim",
                    key: number.into(),
                    line: decided.line,
                });
            }
            reserve(w, ctx, &claim, -1)?;
            old_parts::drop_unshipped(w, &claim)?;
            claim.status = ClaimStatus::Returned;
            claim.return_comment = Some(comment);
            save(w, ctx, &mut claim, "claim.return")?;
        }
        ReviewInput::Decide { lines } => {
            if !matches!(claim.status, ClaimStatus::Submitted | ClaimStatus::Decided) {
                return Err(Error::invalid_state("claim", number, &claim.status, "review"));
            }
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
                let claimed = claim.lines[i].claimed_fen;
                let amount = match d.outcome {
                    Outcome::Approve => claimed,
                    Outcome::Reject => 0,
                    Outcome::Reduce => match d.amount_fen {
                        Some(a) if a > 0 && a < claimed => a,
                        _ => {
                            return Err(Error::invalid(
                                format!("{field}.amount_fen"),
                                format!("a reduced amount is more than 0 and less than the {claimed} fen claimed"),
                            ));
                        }
                    },
                };
                if d.outcome != Outcome::Approve && d.reason.is_none() {
                    return Err(Error::invalid(
                        format!("{field}.reason"),
                        "say why the line is reduced or rejected",
                    ));
                }
                match claim.lines[i].status {
                    LineStatus::Open => {}
                    LineStatus::AwaitingOldPart => {
                        return Err(Error::OldPartNotInspected {
                            claim: number.into(),
                            line: d.line,
                        });
                    }
                    LineStatus::Rejected if d.reopen && claim.lines[i].reopenable() => {
                        if d.reason.is_none() {
                            return Err(Error::invalid(
                                format!("{field}.reason"),
                                "say why the line is reopened",
                            ));
                        }
                        reopen_line(w, ctx, &mut claim, i)?;
                    }
                    _ => {
                        return Err(Error::LineAlreadyDecided {
                            entity: "claim",
                            key: number.into(),
                            line: d.line,
                        });
                    }
                }
                decide_line(
                    w,
                    ctx,
                    &mut claim,
                    i,
                    d.outcome,
                    amount,
                    Why::Reviewer(d.reason.clone()),
                )?;
            }
            settle_status(&mut claim, ctx);
            save(w, ctx, &mut claim, "claim.review")?;
        }
    }
    Ok(claim)
}
