//! Dealer settlements (三包费用核销通知) and second-round supplier claims (二次索赔):
//! documents and the recovery share rules.

use crate::domain::ids::{DocNo, PartNo};
use crate::domain::money::Fen;
use chrono::{DateTime, NaiveDate, Utc};

use super::claims::LineKind;

/// Where a settlement stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettlementStatus {
    /// Lines collected; finance may still cancel.
    Draft,
    /// Sent to the dealer.
    Issued,
    /// Confirmed: the amount is credited to the dealer's account.
    Confirmed,
    /// Withdrawn; its lines are free again.
    Cancelled,
}

/// One claim line paid out by a settlement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettlementLine {
    /// Claim.
    pub claim: DocNo,
    /// Claim line.
    pub line: u32,
    /// What the line was for.
    pub kind: LineKind,
    /// The approved amount.
    pub amount_fen: Fen,
    /// Business date of the decision.
    pub decided_date: NaiveDate,
}

/// A write-off notice to a dealer for approved warranty cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settlement {
    /// `SE-…`.
    pub number: DocNo,
    /// Dealer.
    pub dealer: String,
    /// First decision date included.
    pub period_from_date: NaiveDate,
    /// Last decision date included.
    pub period_to_date: NaiveDate,
    /// Status.
    pub status: SettlementStatus,
    /// Lines, fixed when the settlement is created.
    pub lines: Vec<SettlementLine>,
    /// Parts total.
    pub parts_fen: Fen,
    /// Labor total.
    pub labor_fen: Fen,
    /// Travel total.
    pub travel_fen: Fen,
    /// Other total.
    pub other_fen: Fen,
    /// Everything.
    pub total_fen: Fen,
    /// The dealer's balance (what it owes, debit positive) when the settlement was created.
    pub dealer_balance_fen: Fen,
    /// That balance less the total: what the dealer owes once confirmed.
    pub resulting_balance_fen: Fen,
    /// Version, from 1.
    pub version: u64,
    /// Token id of the creator.
    pub created_by: String,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Issued.
    pub issued_at: Option<DateTime<Utc>>,
    /// Confirmed.
    pub confirmed_at: Option<DateTime<Utc>>,
    /// Token id that confirmed (the dealer, or finance on its behalf).
    pub confirmed_by: Option<String>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// Where a supplier claim stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SupplierClaimStatus {
    /// Lines collected.
    Draft,
    /// Sent with the evidence parts.
    Submitted,
    /// Every line answered.
    Answered,
    /// Every accepted fen paid.
    Closed,
}

/// The supplier's answer to one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SupplierOutcome {
    /// In full.
    Accepted,
    /// For less (`amount_fen`).
    PartiallyAccepted,
    /// Not at all (with a reason).
    Rejected,
}

/// One supplier-fault old part claimed back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplierClaimLine {
    /// Line number, from 1.
    pub line: u32,
    /// The old part (evidence).
    pub tag: DocNo,
    /// The dealer claim.
    pub claim: DocNo,
    /// The dealer claim's line.
    pub claim_line: u32,
    /// Part.
    pub part_no: PartNo,
    /// Share of the approved part amount.
    pub parts_fen: Fen,
    /// Share of the approved labor.
    pub labor_fen: Fen,
    /// parts + labor.
    pub amount_fen: Fen,
    /// The supplier's answer.
    pub outcome: Option<SupplierOutcome>,
    /// Accepted amount.
    pub accepted_fen: Option<Fen>,
    /// Reason given.
    pub reason: Option<String>,
}

/// A recovery claim against a supplier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplierClaim {
    /// `SC-…`.
    pub number: DocNo,
    /// Supplier.
    pub supplier: String,
    /// Status.
    pub status: SupplierClaimStatus,
    /// Lines.
    pub lines: Vec<SupplierClaimLine>,
    /// Sum claimed.
    pub claimed_fen: Fen,
    /// Sum accepted.
    pub accepted_fen: Fen,
    /// Sum received.
    pub paid_fen: Fen,
    /// Payments received.
    pub payments: Vec<Payment>,
    /// Version, from 1.
    pub version: u64,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// Money received from a supplier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    /// Amount, fen.
    pub amount_fen: Fen,
    /// Bank reference.
    pub reference: String,
    /// When recorded.
    pub at: DateTime<Utc>,
}

/// round(pct × amount ÷ qty ÷ 100), half up: a tag's share of a line's approved parts amount.
pub fn parts_share(pct: i64, approved_fen: Fen, qty: i64) -> Fen {
    let den = qty as i128 * 100;
    Fen(((2 * pct as i128 * approved_fen.get() as i128 + den) / (2 * den)) as i64)
}

/// Labor share: round(labor × pct ÷ 100) half up, split evenly over `tags` tags, the
/// remainder to the first (lowest) tag.
pub fn labor_shares(labor_fen: Fen, pct: i64, tags: usize) -> Vec<Fen> {
    if tags == 0 {
        return Vec::new();
    }
    let total = ((2 * labor_fen.get() as i128 * pct as i128 + 100) / 200) as i64;
    let each = total / tags as i64;
    let mut shares = vec![Fen(each); tags];
    shares[0] += Fen(total - each * tags as i64);
    shares
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scenario_b_recovery_is_42000() {
        assert_eq!(
            parts_share(100, Fen(32_000), 1) + labor_shares(Fen(20_000), 50, 1)[0],
            Fen(42_000)
        );
    }

    #[test]
    fn shares_round_half_up_and_remainder_goes_to_the_lowest_tag() {
        assert_eq!(parts_share(80, Fen(1_001), 2), Fen(400)); // 400.4
        assert_eq!(parts_share(50, Fen(3), 1), Fen(2)); // 1.5
        assert_eq!(
            labor_shares(Fen(10_001), 50, 3),
            vec![Fen(1_667), Fen(1_667), Fen(1_667)]
        ); // 5000.5 → 5001
        assert_eq!(
            labor_shares(Fen(10_000), 50, 3),
            vec![Fen(1_668), Fen(1_666), Fen(1_666)]
        );
        assert!(labor_shares(Fen(1), 1, 0).is_empty());
    }
}
