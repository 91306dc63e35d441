//! The two append-only ledgers: stock entries and double-entry journal entries, and the
//! account names they post to.

use crate::domain::ids::{DocNo, PartNo};
use crate::domain::money::Fen;
use chrono::{DateTime, Utc};

/// Well-known accounts (debit-positive balances).
pub mod accounts {
    /// Goods received not invoiced: receipts credit it.
    pub const GRNI: &str = "grni";
    /// Stocktake gains and losses.
    pub const STOCK_ADJUSTMENT: &str = "stock:adjustment";
    /// Cost of parts issued for warranty repairs whose claim line is not yet decided.
    pub const WARRANTY_PENDING: &str = "warranty:pending";
    /// Approved warranty cost not yet settled with the dealer.
    pub const WARRANTY_ACCRUED: &str = "warranty:accrued";
    /// Recoveries from suppliers (credit balance reduces warranty cost).
    pub const WARRANTY_RECOVERY: &str = "warranty:recovery";
    /// Salvage value of reusable old parts (a credit balance reduces warranty cost).
    pub const WARRANTY_SALVAGE: &str = "warranty:salvage";
    /// Money received and paid.
    pub const BANK: &str = "bank";
    /// Parts issued for internal work.
    pub const SERVICE_COST: &str = "service:cost";
    /// The other side of stock on hand when the system starts (opening stock).
    pub const OPENING_BALANCE: &str = "opening:balance";

    /// What a supplier owes us (debit positive).
    pub fn supplier(code: &str) -> String {
        format!("supplier:{code}")
    }

    /// What a dealer owes (debit positive).
    pub fn dealer(code: &str) -> String {
        format!("dealer:{code}")
    }

    /// Value of company stock at a location.
    pub fn inventory(location: &str) -> String {
        format!("inventory:{location}")
    }

    /// The location of an `inventory:<location>` account.
    pub fn inventory_location(account: &str) -> Option<&str> {
        account.strip_prefix("inventory:")
    }
}

/// One change of one part at one location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockEntry {
    /// Posting order, from 1, gap-free.
    pub seq: u64,
    /// Part.
    pub part_no: PartNo,
    /// Location.
    pub location: String,
    /// Quantity change.
    pub qty_delta: i64,
    /// Value change in fen.
    pub value_delta_fen: Fen,
    /// Quantity after the change.
    pub qty_after: i64,
    /// Value after the change.
    pub value_after_fen: Fen,
    /// The causing document's number.
    pub document: DocNo,
    /// Who posted it.
    pub actor: String,
    /// When it was posted.
    pub at: DateTime<Utc>,
}

/// Debit or credit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Increases a debit-positive balance.
    Debit,
    /// Decreases it.
    Credit,
}

/// One line of a journal entry; `amount_fen` is always positive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalLine {
    /// Account code.
    pub account: String,
    /// Debit or credit.
    pub side: Side,
    /// Positive amount in fen.
    pub amount_fen: Fen,
}

impl JournalLine {
    /// The line's effect on a debit-positive balance.
    pub fn signed_fen(&self) -> Fen {
        match self.side {
            Side::Debit => self.amount_fen,
            Side::Credit => -self.amount_fen,
        }
    }
}

/// One balanced posting of one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalEntry {
    /// Posting order, from 1, gap-free.
    pub seq: u64,
    /// The causing document's number.
    pub document: DocNo,
    /// What happened, in words.
    pub memo: String,
    /// Lines; debits equal credits.
    pub lines: Vec<JournalLine>,
    /// Who posted it.
    pub actor: String,
    /// When it was posted.
    pub at: DateTime<Utc>,
}

impl JournalEntry {
    /// Sum of debits minus sum of credits; zero for a balanced entry.
    pub fn imbalance_fen(&self) -> Fen {
        self.lines.iter().map(JournalLine::signed_fen).sum()
    }
}

/// Lines being collected for one entry. Amounts of zero are dropped, so a movement of
/// value 0 writes no entry.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Posting {
    lines: Vec<JournalLine>,
}

impl Posting {
    /// An empty posting.
    pub fn new() -> Self {
        Self::default()
    }

    /// Debits `account` with `amount_fen` (skipped when zero).
    pub fn debit(mut self, account: impl Into<String>, amount_fen: Fen) -> Self {
        self.push(account.into(), Side::Debit, amount_fen);
        self
    }

    /// Credits `account` with `amount_fen` (skipped when zero).
    pub fn credit(mut self, account: impl Into<String>, amount_fen: Fen) -> Self {
        self.push(account.into(), Side::Credit, amount_fen);
        self
    }

    fn push(&mut self, account: String, side: Side, amount_fen: Fen) {
        assert!(amount_fen >= Fen::ZERO, "posting amounts are never negative");
        if amount_fen == Fen::ZERO {
            return;
        }
        match self.lines.iter_mut().find(|l| l.account == account && l.side == side) {
            Some(line) => line.amount_fen += amount_fen,
            None => self.lines.push(JournalLine {
                account,
                side,
                amount_fen,
            }),
        }
    }

    /// Adds another posting's lines.
    pub fn extend(mut self, other: Posting) -> Self {
        for l in other.lines {
            self.push(l.account, l.side, l.amount_fen);
        }
        self
    }

    /// The same lines with debits and credits swapped: a reversing entry.
    pub fn reversed(self) -> Posting {
        let lines = self
            .lines
            .into_iter()
            .map(|l| JournalLine {
                side: if l.side == Side::Debit {
                    Side::Credit
                } else {
                    Side::Debit
                },
                ..l
            })
            .collect();
        Posting { lines }
    }

    /// Whether nothing is to be posted.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The lines; panics if they do not balance (a bug, never user input).
    pub fn into_lines(self) -> Vec<JournalLine> {
        let imbalance: Fen = self.lines.iter().map(JournalLine::signed_fen).sum();
        assert_eq!(imbalance, Fen::ZERO, "unbalanced posting {:?}", self.lines);
        self.lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_amounts_post_nothing() {
        assert!(Posting::new().debit("a", Fen(0)).credit("b", Fen(0)).is_empty());
    }

    #[test]
    fn same_account_and_side_merge() {
        let lines = Posting::new()
            .debit("a", Fen(5))
            .debit("a", Fen(7))
            .credit("b", Fen(12))
            .into_lines();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].amount_fen, Fen(12));
    }

    #[test]
    #[should_panic(expected = "unbalanced")]
    fn unbalanced_posting_is_a_bug() {
        Posting::new().debit("a", Fen(5)).credit("b", Fen(4)).into_lines();
    }
}
