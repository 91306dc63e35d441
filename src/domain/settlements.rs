//! A settlement's life (三包费用核销通知): draft → issued to the dealer → confirmed (the
//! total moves from `warranty:accrued` to the dealer's account), or cancelled while a
//! draft. Its claim lines are marked settled on confirmation, released on cancellation.

use crate::domain::claims::{Claim, ClaimStatus, LineStatus};
use crate::domain::ledger::{Posting, accounts};
use crate::domain::numbered::DocumentKind;
use crate::domain::settlement::{Settlement, SettlementStatus};
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};

impl Settlement {
    fn require(&self, want: SettlementStatus, action: &'static str) -> Result<()> {
        if self.status == want {
            Ok(())
        } else {
            Err(Error::invalid_state(
                DocumentKind::Settlement.entity(),
                &self.number,
                &self.status,
                action,
            ))
        }
    }

    /// Sends a draft to the dealer.
    pub fn issue(&mut self, now: DateTime<Utc>) -> Result<()> {
        self.require(SettlementStatus::Draft, "issue")?;
        self.status = SettlementStatus::Issued;
        self.issued_at = Some(now);
        Ok(())
    }

    /// The dealer (or finance on its behalf, `by`) confirms an issued settlement; returns
    /// the posting: Dr `warranty:accrued` / Cr `dealer:<code>`, the total.
    pub fn confirm(&mut self, by: &str, now: DateTime<Utc>) -> Result<Posting> {
        self.require(SettlementStatus::Issued, "confirm")?;
        self.status = SettlementStatus::Confirmed;
        self.confirmed_at = Some(now);
        self.confirmed_by = Some(by.to_string());
        Ok(Posting::new()
            .debit(accounts::WARRANTY_ACCRUED, self.total_fen)
            .credit(accounts::dealer(&self.dealer), self.total_fen))
    }

    /// Withdraws a draft; its lines may be settled again.
    pub fn cancel(&mut self) -> Result<()> {
        self.require(SettlementStatus::Draft, "cancel")?;
        self.status = SettlementStatus::Cancelled;
        Ok(())
    }
}

impl Claim {
    /// Marks the lines on `settlement` settled; the claim is settled once every line that
    /// accrued to the dealer is.
    pub fn settle_lines(&mut self, settlement: &str) {
        for l in self
            .lines
            .iter_mut()
            .filter(|l| l.settlement.as_deref() == Some(settlement))
        {
            l.status = LineStatus::Settled;
        }
        let all_paid = self
            .lines
            .iter()
            .all(|l| l.status.is_decided() && (!l.accrues() || l.status == LineStatus::Settled));
        if self.status == ClaimStatus::Decided && all_paid {
            self.status = ClaimStatus::Settled;
        }
    }

    /// Frees the lines a cancelled `settlement` held, for another settlement.
    pub fn release_lines(&mut self, settlement: &str) {
        for l in self
            .lines
            .iter_mut()
            .filter(|l| l.settlement.as_deref() == Some(settlement))
        {
            l.settlement = None;
        }
    }
}
