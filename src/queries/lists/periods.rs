//! The books over a period of business dates: where a date begins in the journal, and an
//! account's opening balance, debits, credits and closing balance over a range (明细账).
//!
//! The journal is numbered in posting order and every entry carries its batch's time, so
//! seq order is time order: the first entry of a business date is found by bisecting the
//! journal, and an account's postings in a period are one range of `account_entries_v1`.

use super::books::account_visible;
use crate::domain::auth::Principal;
use crate::domain::ledger::JournalEntry;
use crate::domain::warranty::business_date;
use crate::error::{Error, Result};
use crate::store::keys::KeyReader;
use crate::store::repo::{self, indexed_seq_key, seq_key, seq_of_indexed};
use crate::store::{Read, Scan, Table};
use chrono::NaiveDate;
use serde::Serialize;
use std::ops::{Bound, Range};
use utoipa::ToSchema;

/// Postings summed per read while walking a period.
const CHUNK: usize = 4_096;

/// The journal seqs posted on business dates `from..=to` (either end open): `start..end`.
pub fn journal_span(r: &dyn Read, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<Range<u64>> {
    let last = last_seq(r)?;
    let start = match from {
        Some(d) => first_on_or_after(r, d, last)?,
        None => 1,
    };
    let end = match to.and_then(|d| d.succ_opt()) {
        Some(d) => first_on_or_after(r, d, last)?,
        None => last + 1,
    };
    Ok(start..end.max(start))
}

/// The highest journal seq (0 for an empty journal).
fn last_seq(r: &dyn Read) -> Result<u64> {
    let last = r.scan(Table::Journal, &Scan::all().reverse(true).limit(1))?;
    match last.first() {
        None => Ok(0),
        Some((k, _)) => KeyReader::new(k)
            .u64()
            .ok_or_else(|| Error::Internal("malformed journal key".into())),
    }
}

/// The first seq whose business date is `date` or later (`last + 1` if none).
fn first_on_or_after(r: &dyn Read, date: NaiveDate, last: u64) -> Result<u64> {
    let (mut lo, mut hi) = (1, last + 1);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let e: JournalEntry = repo::get(r, Table::Journal, &seq_key(mid))?
            .ok_or_else(|| Error::Internal(format!("journal entry {mid} is missing")))?;
        if business_date(e.at) >= date {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Ok(lo)
}

/// The scan of `account`'s postings with seqs in `span`.
pub fn postings_in(account: &str, span: &Range<u64>) -> Scan {
    Scan {
        start: Bound::Included(indexed_seq_key(account, span.start)),
        end: Bound::Excluded(indexed_seq_key(account, span.end)),
        reverse: false,
        limit: usize::MAX,
    }
}

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

/// `code`'s statement over business dates `from..=to`: the closing balance is today's
/// balance less what was posted after the period, the opening balance the closing less
/// what was posted in it.
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
    let span = journal_span(r, from, to)?;
    let (mut debit, mut credit, mut postings, mut after) = (0i64, 0i64, 0u64, 0i64);
    let mut scan = postings_in(code, &(span.start..u64::MAX));
    loop {
        let pairs = r.scan(Table::AccountEntries, &scan.clone().limit(CHUNK))?;
        for (k, v) in &pairs {
            let amount = repo::decode_fen(v)?.get();
            if seq_of_indexed(k)? >= span.end {
                after += amount;
            } else if amount >= 0 {
                debit += amount;
                postings += 1;
            } else {
                credit -= amount;
                postings += 1;
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
