//! An account over a period of business dates (明细账): its opening balance, the debits and
//! credits posted on the dates of the period, and its closing balance.
//!
//! Each posting counts by the business date of its journal entry. The journal is numbered
//! in posting order, but a posting's time is its batch's, and data loaded with earlier
//! dates (the demo's month of service requests) sits after later ones, so seq order is not
//! date order: the statement reads every posting of the account once. A posting's index
//! entry carries its business date; one written before entries did is dated by reading
//! its journal entry.

use super::books::account_visible;
use crate::domain::auth::Principal;
use crate::domain::ledger::JournalEntry;
use crate::domain::warranty::business_date;
use crate::error::{Error, Result};
use crate::store::keys::Key;
use crate::store::repo::{self, seq_key, seq_of_indexed};
use crate::store::{Read, Scan, Table};
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

/// Postings read per scan while walking an account.
const CHUNK: usize = 4_096;

/// An account over a period: what it opened with, what moved, what it closed with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct AccountStatement {
    /// Account code.
    pub code: String,
    /// First business date of the period (open: since the first posting).
    pub from_date: Option<NaiveDate>,
    /// Last business date of the period (open: up to now).
    pub to_date: Option<NaiveDate>,
    /// Balance before the period began, debit positive, fen.
    pub opening_fen: i64,
    /// Debits posted in the period, fen (positive).
    pub debit_fen: i64,
    /// Credits posted in the period, fen (positive).
    pub credit_fen: i64,
    /// Balance at the end of the period: opening + debits − credits, fen.
    pub closing_fen: i64,
    /// Number of postings in the period.
    pub postings: u64,
}

/// Where a business date falls against a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Before,
    In,
    After,
}

fn place(d: NaiveDate, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Place {
    if from.is_some_and(|f| d < f) {
        Place::Before
    } else if to.is_some_and(|t| d > t) {
        Place::After
    } else {
        Place::In
    }
}

/// `code`'s statement over business dates `from..=to`: the closing balance is today's
/// balance less what was posted on dates after the period, the opening balance the
/// closing less what was posted in it — the balance as of the day before `from`.
pub fn account_statement(
    r: &dyn Read,
    principal: &Principal,
    code: &str,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<AccountStatement> {
    if !account_visible(principal, code) {
        return Err(Error::not_found("account", code));
    }
    let (mut debit, mut credit, mut postings, mut after) = (0i64, 0i64, 0u64, 0i64);
    let mut scan = Scan::prefix(&Key::new().str(code).into_bytes());
    loop {
        let pairs = r.scan(Table::AccountEntries, &scan.clone().limit(CHUNK))?;
        for (k, v) in &pairs {
            let (amount, date) = repo::decode_posting(v)?;
            let amount = amount.get();
            let date = match date {
                Some(d) => d,
                None => {
                    let seq = seq_of_indexed(k)?;
                    let e: JournalEntry = repo::get(r, Table::Journal, &seq_key(seq))?
                        .ok_or_else(|| Error::Internal(format!("account entry names missing journal entry {seq}")))?;
                    business_date(e.at)
                }
            };
            match place(date, from, to) {
                Place::Before => {}
                Place::After => after += amount,
                Place::In => {
                    postings += 1;
                    if amount >= 0 {
                        debit += amount;
                    } else {
                        credit -= amount;
                    }
                }
            }
        }
        match pairs.last() {
            Some((k, _)) if pairs.len() == CHUNK => scan = scan.after(Some(k.clone())),
            _ => break,
        }
    }
    let closing = repo::account_balance(r, code)?.get() - after;
    Ok(AccountStatement {
        code: code.into(),
        from_date: from,
        to_date: to,
        opening_fen: closing - debit + credit,
        debit_fen: debit,
        credit_fen: credit,
        closing_fen: closing,
        postings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_includes_both_of_its_ends() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let (f, t) = (Some(d("2026-03-02")), Some(d("2026-03-03")));
        assert_eq!(place(d("2026-03-01"), f, t), Place::Before);
        assert_eq!(place(d("2026-03-02"), f, t), Place::In);
        assert_eq!(place(d("2026-03-03"), f, t), Place::In);
        assert_eq!(place(d("2026-03-04"), f, t), Place::After);
        assert_eq!(place(d("1999-01-01"), None, t), Place::In);
        assert_eq!(place(d("2099-01-01"), f, None), Place::In);
    }
}
