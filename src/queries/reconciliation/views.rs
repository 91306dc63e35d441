//! The two ledgers read without copying their text: reconciliation reads every stock entry
//! and every journal entry, and borrowing the strings from the stored bytes (instead of
//! allocating five per entry and parsing its time stamp) is most of its cost saved. Each
//! view mirrors its record (`records::ledger`) field for field; older versions are decoded
//! in full.

use crate::domain::ledger::{JournalEntry, Side, StockEntry};
use crate::domain::money::Fen;
use crate::store::codec::{self, Stored};
use crate::store::records::Convert;
use crate::store::records::ledger::SideV1;
use crate::store::{Read, Scan, StoreResult, Table};
use serde::Deserialize;

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

/// `StockEntryV1` with borrowed text; the time stamp is kept as its text (no check reads it).
#[derive(Deserialize)]
#[allow(dead_code)]
struct StockEntryV1View<'a> {
    seq: u64,
    part_no: &'a str,
    location: &'a str,
    qty_delta: i64,
    value_delta_fen: i64,
    qty_after: i64,
    value_after_fen: i64,
    document: &'a str,
    actor: &'a str,
    at: &'a str,
}

/// Visits every stock entry in ledger order.
pub(super) fn visit_stock(r: &dyn Read, each: &mut dyn FnMut(StockRow<'_>)) -> StoreResult<()> {
    r.visit(Table::StockLedger, &Scan::all(), &mut |_, v| {
        if v.first() == Some(&<StockEntry as Stored>::VERSION) {
            let e: StockEntryV1View<'_> = codec::borrow_payload(<StockEntry as Stored>::KIND, &v[1..])?;
            each(StockRow {
                seq: e.seq,
                part_no: e.part_no,
                location: e.location,
                qty_delta: e.qty_delta,
                value_delta_fen: Fen(e.value_delta_fen),
                qty_after: e.qty_after,
                value_after_fen: Fen(e.value_after_fen),
                document: e.document,
            });
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
#[derive(Deserialize)]
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

/// `JournalEntryV1` with borrowed text; the time stamp is kept as its text.
#[derive(Deserialize)]
#[allow(dead_code)]
struct JournalEntryV1View<'a> {
    seq: u64,
    document: &'a str,
    memo: &'a str,
    #[serde(borrow)]
    lines: Vec<LineRow<'a>>,
    actor: &'a str,
    at: &'a str,
}

/// Visits every journal entry in posting order.
pub(super) fn visit_journal(r: &dyn Read, each: &mut dyn FnMut(JournalRow<'_>)) -> StoreResult<()> {
    r.visit(Table::Journal, &Scan::all(), &mut |_, v| {
        if v.first() == Some(&<JournalEntry as Stored>::VERSION) {
            let e: JournalEntryV1View<'_> = codec::borrow_payload(<JournalEntry as Stored>::KIND, &v[1..])?;
            each(JournalRow {
                seq: e.seq,
                document: e.document,
                lines: &e.lines,
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
    use crate::store::Db;
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
    }
}
