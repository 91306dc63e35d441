//! Paid service (有偿服务) outside coverage: travel and wages quoted, approved by a
//! supervisor who did not quote, and the fee collected: Dr `bank` / Cr `service:income`.

use super::{QUOTE_ENTITY, RequestStatus, SERVICE_INCOME, ServiceRequest};
use crate::domain::ledger::Posting;
use crate::domain::ledger::accounts::BANK;
use crate::domain::money::Fen;
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};

/// Where a paid-service quote stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteStatus {
    /// Quoted, waiting for a supervisor.
    Quoted,
    /// Approved: the fee may be collected.
    Approved,
    /// Refused; a new quote may be made.
    Rejected,
    /// The fee was collected and handed in.
    Collected,
}

/// Paid service (有偿服务) outside coverage: travel and wages quoted, approved, collected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaidService {
    /// Travel, fen.
    pub travel_fen: Fen,
    /// Wages, fen.
    pub wages_fen: Fen,
    /// Travel + wages.
    pub total_fen: Fen,
    /// Why the work is paid (outside coverage …).
    pub note: Option<String>,
    /// Where it stands.
    pub status: QuoteStatus,
    /// Who quoted.
    pub quoted_by: String,
    /// When.
    pub quoted_at: DateTime<Utc>,
    /// The supervisor who approved or rejected it.
    pub decided_by: Option<String>,
    /// When.
    pub decided_at: Option<DateTime<Utc>>,
    /// The supervisor's comment.
    pub decision_comment: Option<String>,
    /// The fee collected.
    pub collected_fen: Option<Fen>,
    /// When it was handed in.
    pub collected_at: Option<DateTime<Utc>>,
    /// Receipt or bank reference.
    pub reference: Option<String>,
}

impl ServiceRequest {
    fn quote_refused(&self, p: &PaidService, action: &'static str) -> Error {
        Error::invalid_state(QUOTE_ENTITY, self.number.as_str(), &p.status, action)
    }

    /// Quotes paid service (travel + wages); a rejected quote may be replaced.
    pub fn quote(
        &mut self,
        now: DateTime<Utc>,
        by: &str,
        travel_fen: Fen,
        wages_fen: Fen,
        note: Option<String>,
    ) -> Result<()> {
        if matches!(self.status, RequestStatus::Closed | RequestStatus::Cancelled) {
            return Err(self.refuse("quote"));
        }
        if let Some(p) = &self.paid
            && !matches!(p.status, QuoteStatus::Quoted | QuoteStatus::Rejected)
        {
            return Err(self.quote_refused(p, "quote"));
        }
        let total_fen = Fen(travel_fen.get() + wages_fen.get());
        if total_fen.get() <= 0 {
            return Err(Error::invalid(
                "wages_fen",
                "travel and wages together must be more than 0",
            ));
        }
        self.paid = Some(PaidService {
            travel_fen,
            wages_fen,
            total_fen,
            note,
            status: QuoteStatus::Quoted,
            quoted_by: by.into(),
            quoted_at: now,
            decided_by: None,
            decided_at: None,
            decision_comment: None,
            collected_fen: None,
            collected_at: None,
            reference: None,
        });
        Ok(())
    }

    /// A supervisor approves or rejects the quote; never the one who quoted it.
    pub fn decide_quote(&mut self, now: DateTime<Utc>, by: &str, approve: bool, comment: Option<String>) -> Result<()> {
        let number = self.number.to_string();
        let Some(p) = self.paid.as_mut() else {
            return Err(Error::not_found(QUOTE_ENTITY, number));
        };
        if p.status != QuoteStatus::Quoted {
            return Err(Error::invalid_state(
                QUOTE_ENTITY,
                number,
                &p.status,
                if approve { "approve" } else { "reject" },
            ));
        }
        if p.quoted_by == by {
            return Err(Error::SelfApproval);
        }
        if !approve && comment.is_none() {
            return Err(Error::invalid("comment", "say why the quote is rejected"));
        }
        p.status = if approve {
            QuoteStatus::Approved
        } else {
            QuoteStatus::Rejected
        };
        p.decided_by = Some(by.into());
        p.decided_at = Some(now);
        p.decision_comment = comment;
        Ok(())
    }

    /// The fee collected for an approved quote (at most the quote), handed in:
    /// Dr `bank` / Cr `service:income`.
    pub fn collect_fee(&mut self, now: DateTime<Utc>, amount_fen: Fen, reference: &str) -> Result<Posting> {
        let number = self.number.to_string();
        let Some(p) = self.paid.as_mut() else {
            return Err(Error::not_found(QUOTE_ENTITY, number));
        };
        if p.status != QuoteStatus::Approved {
            return Err(Error::invalid_state(QUOTE_ENTITY, number, &p.status, "collect"));
        }
        if amount_fen.get() <= 0 || amount_fen.get() > p.total_fen.get() {
            return Err(Error::invalid(
                "amount_fen",
                format!("must be 1 to the approved {} fen", p.total_fen.get()),
            ));
        }
        p.status = QuoteStatus::Collected;
        p.collected_fen = Some(amount_fen);
        p.collected_at = Some(now);
        p.reference = Some(reference.into());
        Ok(Posting::new()
            .debit(BANK, amount_fen)
            .credit(SERVICE_INCOME, amount_fen))
    }
}

impl crate::domain::status::Named for QuoteStatus {
    fn name(&self) -> &'static str {
        match self {
            QuoteStatus::Quoted => "quoted",
            QuoteStatus::Approved => "approved",
            QuoteStatus::Rejected => "rejected",
            QuoteStatus::Collected => "collected",
        }
    }
}
