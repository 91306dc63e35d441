//! Money from dealers (Dr `bank` / Cr `dealer:<code>`) and the credit the company allows
//! a dealer beyond what it paid.

use super::{dealer_funds, save_funds};
use crate::commands::{Ctx, audit, create_document, next_document_number, post_journal, require_exists};
use crate::domain::auth::FINANCE;
use crate::domain::money::Fen;
use crate::domain::supply::{DealerFunds, DealerPayment};
use crate::domain::supply_rules::payment_posting;
use crate::domain::validate;
use crate::error::{Error, Result};
use crate::store::{Overlay, Table};
use chrono::NaiveDate;

/// A payment to record.
#[derive(Debug, Clone)]
pub struct PaymentInput {
    /// Dealer.
    pub dealer: String,
    /// Amount, fen (at least 1).
    pub amount_fen: Fen,
    /// Bank reference of the transfer.
    pub reference: String,
    /// Business date the money arrived.
    pub received_date: NaiveDate,
}

/// Records money received from a dealer (finance).
pub fn record_payment(w: &mut Overlay<'_>, ctx: &Ctx, input: PaymentInput) -> Result<DealerPayment> {
    ctx.caller.require_any(FINANCE)?;
    require_exists(w, Table::Dealers, "dealer", &input.dealer)?;
    validate::amount("amount_fen", input.amount_fen)?;
    if input.amount_fen == Fen::ZERO {
        return Err(Error::invalid("amount_fen", "a payment is at least 1 fen"));
    }
    validate::text("reference", &input.reference)?;
    let number = next_document_number::<DealerPayment>(w)?;
    post_journal(
        w,
        ctx,
        &number,
        "payment received from dealer",
        payment_posting(&input.dealer, input.amount_fen),
    )?;
    let payment = DealerPayment {
        number,
        dealer: input.dealer,
        amount_fen: input.amount_fen,
        reference: input.reference.trim().to_string(),
        received_date: input.received_date,
        recorded_by: ctx.actor.clone(),
        recorded_at: ctx.now,
    };
    create_document(w, ctx, &payment, "dealer_payment.record")?;
    Ok(payment)
}

/// Sets the credit a dealer may order on beyond what it paid (finance).
pub fn set_credit_limit(w: &mut Overlay<'_>, ctx: &Ctx, dealer: &str, credit_limit_fen: Fen) -> Result<DealerFunds> {
    ctx.caller.require_any(FINANCE)?;
    require_exists(w, Table::Dealers, "dealer", dealer)?;
    validate::amount("credit_limit_fen", credit_limit_fen)?;
    let mut funds = dealer_funds(w, dealer)?;
    let before = funds.version;
    funds.credit_limit_fen = credit_limit_fen;
    let funds = save_funds(w, funds)?;
    audit(
        w,
        ctx,
        "dealer_funds.credit_limit",
        "dealer_funds",
        dealer,
        (before > 0).then_some(before),
        Some(funds.version),
    )?;
    Ok(funds)
}
