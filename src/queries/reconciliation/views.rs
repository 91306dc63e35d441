//! The two ledgers read in place: reconciliation reads every stock entry and every journal
//! entry, and reading the few fields it needs straight from the stored bytes (text
//! borrowed, the rest only measured) instead of decoding whole records is most of its cost
//! saved. Each reader follows its record (`records::ledger`) field for field; older
//! versions are decoded in full.

use crate::domain::ledger::{JournalEntry, Side, StockEntry};
use crate::domain::money::Fen;
use crate::store::codec::{self, Stored};
use crate::store::fields::{Field, Fields, in_place};
use crate::store::records::Convert;
use crate::store::records::ledger::SideV1;
use crate::store::{Read, Scan, StoreResult, Table};
use smallvec::SmallVec;

// The readers below are of version 1: a new record version needs new readers.
const _: () = assert!(<StockEntry as Stored>::VERSION == 1 && <JournalEntry as Stored>::VERSION == 1);

/// What reconciliation needs of a stock entry.
pub(super) struct StockRow<'a> {
    pub seq: u64,
    pub part_no: &'a str,
    pub location: &'a str,
    pub qty_delta: i64,
    pub value_delta_fen: Fen,
    pub qty_after: i64,
    pub value_after_fen: Fen,
    pub document: &'a str,
}

/// A `StockEntryV1`'s fields (`actor` and `at` passed over).
#[inline]
fn stock_v1<'a>(f: &mut Fields<'a>) -> Field<StockRow<'a>> {
    let row = StockRow {
        seq: f.u64()?,
        part_no: f.str()?,
        location: f.str()?,
        qty_delta: f.i64()?,
        value_delta_fen: Fen(f.i64()?),
        qty_after: f.i64()?,
        value_after_fen: Fen(f.i64()?),
        document: f.str()?,
    };
    f.skip_str()?;
    f.skip_str()?;
    Ok(row)
}

/// Visits every stock entry in ledger order.
pub(super) fn visit_stock(r: &dyn Read, each: &mut dyn FnMut(StockRow<'_>)) -> StoreResult<()> {
    r.visit(Table::StockLedger, &Scan::all(), &mut |_, v| {
        if let Some(row) = in_place::<StockEntry, _>(v, stock_v1) {
            each(row?);
            return Ok(true);
        }
        let e: StockEntry = codec::decode(v)?;
        each(StockRow {
            seq: e.seq,
            part_no: &e.part_no,
            location: &e.location,
            qty_delta: e.qty_delta,
            value_delta_fen: e.value_delta_fen,
            qty_after: e.qty_after,
            value_after_fen: e.value_after_fen,
            document: &e.document,
        });
        Ok(true)
    })
}

/// One journal line, borrowed: `JournalLineV1` field for field.
pub(super) struct LineRow<'a> {
    pub account: &'a str,
    side: SideV1,
    amount_fen: i64,
}

impl LineRow<'_> {
    /// The line's amount.
    pub fn amount_fen(&self) -> Fen {
        Fen(self.amount_fen)
    }

    /// The line's effect on a debit-positive balance (as `JournalLine::signed_fen`).
    pub fn signed_fen(&self) -> Fen {
        match Side::from_record(self.side) {
            Side::Debit => self.amount_fen(),
            Side::Credit => -self.amount_fen(),
        }
    }
}

/// What reconciliation needs of a journal entry.
pub(super) struct JournalRow<'a> {
    pub seq: u64,
    pub document: &'a str,
    pub lines: &'a [LineRow<'a>],
}

impl JournalRow<'_> {
    /// Sum of debits minus sum of credits (as `JournalEntry::imbalance_fen`).
    pub fn imbalance_fen(&self) -> Fen {
        self.lines.iter().map(LineRow::signed_fen).sum()
    }
}

/// The lines of one entry: a few, so on the stack.
type Lines<'a> = SmallVec<[LineRow<'a>; 6]>;

/// A `JournalEntryV1`'s fields, its lines into `lines` (`memo`, `actor` and `at` passed
/// over); gives the entry's seq and document.
#[inline]
fn journal_v1<'a>(f: &mut Fields<'a>, lines: &mut Lines<'a>) -> Field<(u64, &'a str)> {
    let (seq, document) = (f.u64()?, f.str()?);
    f.skip_str()?;
    for _ in 0..f.length()? {
        lines.push(LineRow {
            account: f.str()?,
            side: f.variant(SideV1::ALL)?,
            amount_fen: f.i64()?,
        });
    }
    f.skip_str()?;
    f.skip_str()?;
    Ok((seq, document))
}

/// Visits every journal entry in posting order.
pub(super) fn visit_journal(r: &dyn Read, each: &mut dyn FnMut(JournalRow<'_>)) -> StoreResult<()> {
    r.visit(Table::Journal, &Scan::all(), &mut |_, v| {
        let mut lines = Lines::new();
        if let Some(read) = in_place::<JournalEntry, _>(v, |f| journal_v1(f, &mut lines)) {
            let (seq, document) = read?;
            each(JournalRow {
                seq,
                document,
                lines: &lines,
            });
            return Ok(true);
        }
        let e: JournalEntry = codec::decode(v)?;
        let lines: Vec<LineRow<'_>> = e
            .lines
            .iter()
            .map(|l| LineRow {
                account: &l.account,
                side: l.side.to_record(),
                amount_fen: l.amount_fen.get(),
            })
            .collect();
        each(JournalRow {
            seq: e.seq,
            document: &e.document,
            lines: &lines,
        });
        Ok(true)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ledger::JournalLine;
    use crate::store::{Db, StoreError};
    use chrono::{TimeZone, Utc};

    /// The views read what the records hold, field for field.
    #[test]
    fn the_views_read_what_the_records_hold() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("v.redb")).unwrap();
        let at = Utc.with_ymd_and_hms(2026, 3, 1, 8, 30, 0).unwrap();
        let stock = StockEntry {
            seq: 7,
            part_no: "P-1\0x".into(),
            location: "WH-01".into(),
            qty_delta: -3,
            value_delta_fen: Fen(-300),
            qty_after: 4,
            value_after_fen: Fen(400),
            document: "RQ-000001".into(),
            actor: "clerk".into(),
            at,
        };
        let journal = JournalEntry {
            seq: 9,
            document: "RC-000002".into(),
            memo: "receipt".into(),
            lines: vec![
                JournalLine {
                    account: "inventory:WH-01".into(),
                    side: Side::Debit,
                    amount_fen: Fen(500),
                },
                JournalLine {
                    account: "payable".into(),
                    side: Side::Credit,
                    amount_fen: Fen(400),
                },
            ],
            actor: "clerk".into(),
            at,
        };
        db.write_once(|w| {
            w.put(Table::StockLedger, vec![1], codec::encode(&stock));
            w.put(Table::Journal, vec![1], codec::encode(&journal));
            Ok::<_, crate::store::StoreError>(())
        })
        .unwrap();
        let r = db.read().unwrap();
        let mut seen = Vec::new();
        visit_stock(&r, &mut |e| {
            seen.push((
                e.seq,
                e.part_no.to_owned(),
                e.location.to_owned(),
                e.qty_delta,
                e.value_delta_fen,
                e.qty_after,
                e.value_after_fen,
                e.document.to_owned(),
            ))
        })
        .unwrap();
        let want = (
            7,
            "P-1\0x".into(),
            "WH-01".into(),
            -3,
            Fen(-300),
            4,
            Fen(400),
            "RQ-000001".into(),
        );
        assert_eq!(seen, vec![want]);
        let mut lines = Vec::new();
        visit_journal(&r, &mut |e| {
            assert_eq!((e.seq, e.document), (9, "RC-000002"));
            assert_eq!(e.imbalance_fen(), journal.imbalance_fen());
            lines.extend(
                e.lines
                    .iter()
                    .map(|l| (l.account.to_owned(), l.signed_fen(), l.amount_fen())),
            );
        })
        .unwrap();
        let want: Vec<_> = journal
            .lines
            .iter()
            .map(|l| (l.account.clone(), l.signed_fen(), l.amount_fen))
            .collect();
        assert_eq!(lines, want);
        drop(r);
        // A record with a byte after its last field is corrupt, not read past.
        db.write_once(|w| {
            let mut longer = codec::encode(&stock);
            longer.push(0);
            w.put(Table::StockLedger, vec![1], longer);
            let mut cut = codec::encode(&journal);
            cut.pop();
            w.put(Table::Journal, vec![1], cut);
            Ok::<_, crate::store::StoreError>(())
        })
        .unwrap();
        let r = db.read().unwrap();
        let stock_error = visit_stock(&r, &mut |_| {}).unwrap_err();
        assert!(matches!(stock_error, StoreError::Corrupt { table, .. } if table == <StockEntry as Stored>::KIND));
        let journal_error = visit_journal(&r, &mut |_| {}).unwrap_err();
        assert!(matches!(journal_error, StoreError::Corrupt { table, .. } if table == <JournalEntry as Stored>::KIND));
    }
}
