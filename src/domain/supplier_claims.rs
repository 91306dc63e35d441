//! A supplier claim's life (二次索赔): draft → submitted (the evidence ships) → answered line
//! by line (accepted amounts post Dr `supplier:<code>` / Cr `warranty:recovery`) → closed
//! once what was accepted is paid (Dr `bank` / Cr `supplier:<code>`) or nothing was.

use crate::domain::ledger::{Posting, accounts};
use crate::domain::money::Fen;
use crate::domain::numbered::DocumentKind;
use crate::domain::settlement::{Payment, SupplierClaim, SupplierClaimStatus, SupplierOutcome};
use crate::domain::validate;
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};

/// The supplier's answer to one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// Line number.
    pub line: u32,
    /// What the supplier accepts.
    pub outcome: SupplierOutcome,
    /// The accepted amount of a partial acceptance, fen.
    pub amount_fen: Option<Fen>,
    /// The supplier's reason (required to reject).
    pub reason: Option<String>,
}

impl SupplierClaim {
    fn require(&self, want: SupplierClaimStatus, action: &'static str) -> Result<()> {
        if self.status == want {
            Ok(())
        } else {
            Err(Error::invalid_state(
                DocumentKind::SupplierClaim.entity(),
                &self.number,
                &self.status,
                action,
            ))
        }
    }

    /// Submits a draft (the command ships the evidence).
    pub fn submit(&mut self, now: DateTime<Utc>) -> Result<()> {
        self.require(SupplierClaimStatus::Draft, "submit")?;
        self.status = SupplierClaimStatus::Submitted;
        self.submitted_at = Some(now);
        Ok(())
    }

    /// Records the supplier's answers (each line once); returns the posting of what was
    /// accepted now. Answered when every line is; closed at once if nothing was accepted.
    pub fn answer(&mut self, answers: &[Answer]) -> Result<Posting> {
        self.require(SupplierClaimStatus::Submitted, "answer")?;
        let mut accepted_now = Fen::ZERO;
        for (k, a) in answers.iter().enumerate() {
            let field = format!("lines[{k}]");
            validate::opt_text(&format!("{field}.reason"), a.reason.as_deref())?;
            let number = &self.number;
            let line =
                self.lines.iter_mut().find(|l| l.line == a.line).ok_or_else(|| {
                    Error::invalid(format!("{field}.line"), format!("{number} has no line {}", a.line))
                })?;
            if line.outcome.is_some() {
                return Err(Error::LineAlreadyDecided {
                    entity: DocumentKind::SupplierClaim.entity(),
                    key: number.to_string(),
                    line: a.line,
                });
            }
            let accepted = match a.outcome {
                SupplierOutcome::Accepted => line.amount_fen,
                SupplierOutcome::Rejected => Fen::ZERO,
                SupplierOutcome::PartiallyAccepted => match a.amount_fen {
                    Some(x) if x > Fen::ZERO && x < line.amount_fen => x,
                    _ => {
                        return Err(Error::invalid(
                            format!("{field}.amount_fen"),
                            format!(
                                "a partial acceptance is more than 0 and less than the {} fen claimed",
                                line.amount_fen.get()
                            ),
                        ));
                    }
                },
            };
            if a.outcome == SupplierOutcome::Rejected && a.reason.is_none() {
                return Err(Error::invalid(
                    format!("{field}.reason"),
                    "record the supplier's reason",
                ));
            }
            line.outcome = Some(a.outcome);
            line.accepted_fen = Some(accepted);
            line.reason = a.reason.clone();
            accepted_now += accepted;
        }
        if self.lines.iter().all(|l| l.outcome.is_some()) {
            self.status = SupplierClaimStatus::Answered;
            if self.lines.iter().all(|l| l.accepted_fen == Some(Fen::ZERO)) {
                self.status = SupplierClaimStatus::Closed;
            }
        }
        Ok(Posting::new()
            .debit(accounts::supplier(&self.supplier), accepted_now)
            .credit(accounts::WARRANTY_RECOVERY, accepted_now))
    }

    /// Records a payment of `amount_fen` (never more than accepted and unpaid); returns its
    /// posting. The claim closes once everything answered and accepted is paid.
    pub fn pay(&mut self, amount_fen: Fen, reference: String, now: DateTime<Utc>) -> Result<Posting> {
        validate::text("reference", &reference)?;
        let accepted: Fen = self.lines.iter().filter_map(|l| l.accepted_fen).sum();
        let open = accepted - self.paid_fen;
        if !(Fen(1)..=open).contains(&amount_fen) {
            return Err(Error::invalid(
                "amount_fen",
                format!("{} fen is accepted and not yet paid", open.get()),
            ));
        }
        self.paid_fen += amount_fen;
        self.payments.push(Payment {
            amount_fen,
            reference,
            at: now,
        });
        if self.status == SupplierClaimStatus::Answered && self.paid_fen == accepted {
            self.status = SupplierClaimStatus::Closed;
        }
        Ok(Posting::new()
            .debit(accounts::BANK, amount_fen)
            .credit(accounts::supplier(&self.supplier), amount_fen))
    }
}
