//! Dealer settlements (核销通知): finance collects the approved, unsettled accrued claim
//! lines of one dealer and period; the dealer confirms; the amount is credited to what the
//! dealer owes (Dr `warranty:accrued` / Cr `dealer:<code>`).

use super::check_version;
use super::{Ctx, claims, post_journal, require_exists};
use super::{next_document_number, save_document};
use crate::domain::claims::{Claim, ClaimStatus, LineKind};
use crate::domain::ids::DocNo;
use crate::domain::ledger::accounts;
use crate::domain::money::Fen;
use crate::domain::numbered::DocumentKind;
use crate::domain::settlement::{Settlement, SettlementLine, SettlementStatus};
use crate::domain::warranty::business_date;
use crate::error::{Error, Result};
use crate::store::document;
use crate::store::indexes;
use crate::store::repo;
use crate::store::{Overlay, Read, Scan, Table};
use chrono::NaiveDate;

/// A settlement to draw up.
#[derive(Debug, Clone)]
pub struct SettlementInput {
    /// Dealer.
    pub dealer: String,
    /// First decision date included.
    pub period_from_date: NaiveDate,
    /// Last decision date included.
    pub period_to_date: NaiveDate,
}

fn save(w: &mut Overlay<'_>, ctx: &Ctx, mut s: Settlement, action: &str) -> Result<Settlement> {
    save_document(w, ctx, &mut s, action)?;
    Ok(s)
}

/// Draws up a settlement: every line that credited `warranty:accrued`, was decided within
/// the period and is in no other live settlement. Its lines are fixed now.
pub fn create(w: &mut Overlay<'_>, ctx: &Ctx, input: SettlementInput) -> Result<Settlement> {
    require_exists(w, Table::Dealers, "dealer", &input.dealer)?;
    if input.period_to_date < input.period_from_date {
        return Err(Error::invalid("period_to_date", "the period ends before it starts"));
    }
    let number = next_document_number::<Settlement>(w)?;
    let mut lines = Vec::new();
    // Only this dealer's claims under review or decided can hold unsettled accrued lines
    // (a settled claim has none left): two ranges of the by-dealer-and-status index.
    let mut candidates = Vec::new();
    for status in [ClaimStatus::Submitted, ClaimStatus::Decided] {
        let prefix = indexes::dealer_status_prefix(&input.dealer, status);
        for (k, _) in w.scan(Table::ClaimsByDealerStatus, &Scan::prefix(&prefix))? {
            candidates.push(indexes::number_at_end(&k)?);
        }
    }
    candidates.sort_unstable();
    for n in candidates {
        let mut claim: Claim = repo::get(w, Table::Claims, &repo::seq_key(n))?
            .ok_or_else(|| Error::Internal(format!("claim index names missing claim {n}")))?;
        let mut touched = false;
        for l in claim.lines.iter_mut() {
            let Some(decided) = l.decided_at.map(business_date) else {
                continue;
            };
            if l.accrues()
                && l.settlement.is_none()
                && (input.period_from_date..=input.period_to_date).contains(&decided)
            {
                l.settlement = Some(number.clone());
                lines.push(SettlementLine {
                    claim: claim.number.clone(),
                    line: l.line,
                    kind: l.kind,
                    amount_fen: l.approved_fen.unwrap_or_default(),
                    decided_date: decided,
                });
                touched = true;
            }
        }
        if touched {
            claims::decision::refresh_status(w, ctx, &mut claim, "claim.settlement_drawn")?;
        }
    }
    if lines.is_empty() {
        return Err(Error::NothingToSettle {
            dealer: input.dealer.clone(),
            from_date: input.period_from_date.to_string(),
            to_date: input.period_to_date.to_string(),
        });
    }
    let sum = |k: LineKind| lines.iter().filter(|l| l.kind == k).map(|l| l.amount_fen).sum::<Fen>();
    let (parts_fen, labor_fen, travel_fen, other_fen) = (
        sum(LineKind::Part),
        sum(LineKind::Labor),
        sum(LineKind::Travel),
        sum(LineKind::Other),
    );
    let total_fen = parts_fen + labor_fen + travel_fen + other_fen;
    let dealer_balance_fen = repo::account_balance(w, &accounts::dealer(&input.dealer))?;
    let settlement = Settlement {
        number,
        dealer: input.dealer,
        period_from_date: input.period_from_date,
        period_to_date: input.period_to_date,
        status: SettlementStatus::Draft,
        lines,
        parts_fen,
        labor_fen,
        travel_fen,
        other_fen,
        total_fen,
        dealer_balance_fen,
        resulting_balance_fen: dealer_balance_fen - total_fen,
        version: 0,
        created_by: ctx.actor.clone(),
        created_at: ctx.now,
        issued_at: None,
        confirmed_at: None,
        confirmed_by: None,
        updated_at: ctx.now,
    };
    save(w, ctx, settlement, "settlement.create")
}

/// Sends a draft settlement to the dealer.
pub fn issue(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, if_match: Option<u64>) -> Result<Settlement> {
    let mut s = document::load::<Settlement>(w, number, if_match)?;
    s.issue(ctx.now)?;
    save(w, ctx, s, "settlement.issue")
}

/// The dealer (or finance on its behalf) confirms: the total moves from
/// `warranty:accrued` to the dealer's account and the lines are settled.
pub fn confirm(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, if_match: Option<u64>) -> Result<Settlement> {
    let number = &DocNo::from(number);
    let mut s = document::get::<Settlement>(w, number)?;
    ctx.caller
        .may_see_dealers(&s.dealer, DocumentKind::Settlement.entity(), number)?;
    check_version(if_match, s.version)?;
    let posting = s.confirm(&ctx.actor, ctx.now)?;
    post_journal(w, ctx, number, "settlement confirmed", posting)?;
    each_claim(w, ctx, &s, "claim.settled", |claim| claim.settle_lines(number))?;
    save(w, ctx, s, "settlement.confirm")
}

/// Withdraws a draft settlement; its lines may be settled again.
pub fn cancel(w: &mut Overlay<'_>, ctx: &Ctx, number: &str, if_match: Option<u64>) -> Result<Settlement> {
    let mut s = document::load::<Settlement>(w, number, if_match)?;
    s.cancel()?;
    each_claim(w, ctx, &s, "claim.settlement_cancelled", |claim| {
        claim.release_lines(number)
    })?;
    save(w, ctx, s, "settlement.cancel")
}

/// Applies `change` to every claim with lines on `s` and saves it.
fn each_claim(
    w: &mut Overlay<'_>,
    ctx: &Ctx,
    s: &Settlement,
    action: &str,
    mut change: impl FnMut(&mut Claim),
) -> Result<()> {
    let mut numbers: Vec<&str> = s.lines.iter().map(|l| l.claim.as_str()).collect();
    numbers.sort_unstable();
    numbers.dedup();
    for c in numbers {
        let mut claim = document::get::<Claim>(w, c)?;
        change(&mut claim);
        claims::decision::refresh_status(w, ctx, &mut claim, action)?;
    }
    Ok(())
}
