//! Reversal (红冲): a posted receipt or transfer is undone by a new document that posts the
//! exact opposite stock movements and journal lines (the same values, never re-averaged),
//! names the original, and leaves the original as it was. A document is reversed once.

use crate::domain::documents::{Receipt, Transfer};
use crate::domain::ids::{DocNo, PartNo};
use crate::domain::master::IN_TRANSIT;
use crate::domain::money::Fen;
use crate::domain::validate;
use crate::error::Result;
use chrono::{DateTime, Utc};

/// The kind of document a reversal undoes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReversedKind {
    /// A goods receipt.
    Receipt,
    /// A transfer, with whatever of it has arrived.
    Transfer,
    /// One issue of a requisition (one stock ledger entry).
    Issue,
    /// One return of unused parts to a requisition's location (one stock ledger entry).
    Return,
}

/// A reversing document (`RV-…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reversal {
    /// `RV-…`.
    pub number: DocNo,
    /// The document reversed.
    pub original: DocNo,
    /// Its kind.
    pub original_kind: ReversedKind,
    /// The stock ledger entry reversed, when the original is one issue or return of a
    /// requisition (a requisition is issued and returned many times).
    pub entry: Option<u64>,
    /// Why (required).
    pub reason: String,
    /// The stock movements posted: each the exact opposite of the original's net movement
    /// of a part at a location.
    pub moves: Vec<Move>,
    /// Sum of the value that went back out of the locations the original filled.
    pub total_value_fen: Fen,
    /// Who reversed it.
    pub actor: String,
    /// When.
    pub posted_at: DateTime<Utc>,
}

/// One stock movement of a reversal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    /// Part.
    pub part_no: PartNo,
    /// Location.
    pub location: String,
    /// Quantity change (signed).
    pub qty_delta: i64,
    /// Value change (signed).
    pub value_delta_fen: Fen,
}

/// A reversal is posted once and never changes: always version 1.
impl crate::domain::numbered::Numbered for Reversal {
    const DOCUMENT: crate::domain::numbered::DocumentKind = crate::domain::numbered::DocumentKind::Reversal;
    fn number(&self) -> &str {
        &self.number
    }
    fn version(&self) -> u64 {
        1
    }
    fn next_version(&mut self, _now: DateTime<Utc>) {}
}

/// Checks the reason of a reversal: required text.
pub fn check_reason(reason: &str) -> Result<()> {
    validate::text("reason", reason)
}

fn push(moves: &mut Vec<Move>, part_no: &PartNo, location: &str, qty_delta: i64, value_delta_fen: Fen) {
    if qty_delta == 0 && value_delta_fen == Fen::ZERO {
        return;
    }
    moves.push(Move {
        part_no: part_no.clone(),
        location: location.into(),
        qty_delta,
        value_delta_fen,
    });
}

/// The movements that undo a receipt: each line leaves its location at its own value.
/// Movements that take stock out come first, so a refusal names the first shortfall.
pub fn undo_receipt(receipt: &Receipt) -> Vec<Move> {
    let mut moves = Vec::new();
    for l in &receipt.lines {
        push(&mut moves, &l.part_no, &receipt.location, -l.qty, -l.value_fen);
    }
    moves
}

/// The movements that undo a transfer as it stands: what arrived leaves the destination,
/// what is still in transit leaves `in-transit`, and all of it returns to the source at
/// the value it left with. Outgoing movements come before incoming ones.
pub fn undo_transfer(transfer: &Transfer) -> Vec<Move> {
    let mut out = Vec::new();
    let mut back = Vec::new();
    for l in &transfer.lines {
        push(
            &mut out,
            &l.part_no,
            &transfer.to,
            -l.received_qty,
            -l.received_value_fen,
        );
        push(
            &mut out,
            &l.part_no,
            IN_TRANSIT,
            -l.outstanding_qty(),
            -l.outstanding_value_fen(),
        );
        push(&mut back, &l.part_no, &transfer.from, l.qty, l.value_fen);
    }
    out.extend(back);
    out
}

/// The movement that undoes one stock ledger entry (an issue or a return): the exact
/// opposite quantity and value at the same place.
pub fn undo_entry(entry: &crate::domain::ledger::StockEntry) -> Vec<Move> {
    let mut moves = Vec::new();
    push(
        &mut moves,
        &entry.part_no,
        &entry.location,
        -entry.qty_delta,
        -entry.value_delta_fen,
    );
    moves
}

/// The value that goes back out of the locations the original filled.
pub fn value_out(moves: &[Move]) -> Fen {
    moves
        .iter()
        .filter(|m| m.qty_delta < 0)
        .map(|m| -m.value_delta_fen)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::documents::{ReceiptLine, TransferLine, TransferMode, TransferStatus};

    fn at() -> DateTime<Utc> {
        DateTime::<Utc>::from_timestamp(1_780_000_000, 0).unwrap()
    }

    /// A receipt's reversal takes out exactly what each line brought in.
    #[test]
    fn receipt_lines_leave_at_their_own_value() {
        let r = Receipt {
            number: "RC-000001".into(),
            location: "WH-01".into(),
            supplier: None,
            reference: None,
            lines: vec![
                ReceiptLine {
                    part_no: "A".into(),
                    qty: 10,
                    unit_cost_fen: Fen(333),
                    value_fen: Fen(3330),
                },
                ReceiptLine {
                    part_no: "B".into(),
                    qty: 1,
                    unit_cost_fen: Fen(0),
                    value_fen: Fen(0),
                },
            ],
            total_value_fen: Fen(3330),
            actor: "t".into(),
            posted_at: at(),
        };
        let m = undo_receipt(&r);
        assert_eq!(m.len(), 2);
        assert_eq!((m[0].qty_delta, m[0].value_delta_fen), (-10, Fen(-3330)));
        assert_eq!((m[1].qty_delta, m[1].value_delta_fen), (-1, Fen(0)));
        assert_eq!(value_out(&m), Fen(3330));
    }

    /// A partly received two-step transfer comes back from both the destination and
    /// in-transit; nothing moves where nothing is.
    #[test]
    fn a_partly_received_transfer_comes_back_from_both_places() {
        let t = Transfer {
            number: "TR-000001".into(),
            from: "WH-01".into(),
            to: "ST-D001".into(),
            mode: TransferMode::TwoStep,
            status: TransferStatus::PartiallyReceived,
            lines: vec![
                TransferLine {
                    part_no: "A".into(),
                    qty: 3,
                    value_fen: Fen(1000),
                    received_qty: 1,
                    received_value_fen: Fen(333),
                },
                TransferLine {
                    part_no: "B".into(),
                    qty: 2,
                    value_fen: Fen(50),
                    received_qty: 2,
                    received_value_fen: Fen(50),
                },
            ],
            version: 2,
            actor: "t".into(),
            created_at: at(),
            updated_at: at(),
        };
        let m = undo_transfer(&t);
        let find = |p: &str, l: &str| m.iter().find(|x| x.part_no.as_str() == p && x.location == l).cloned();
        assert_eq!(find("A", "ST-D001").unwrap().value_delta_fen, Fen(-333));
        assert_eq!(find("A", IN_TRANSIT).unwrap().value_delta_fen, Fen(-667));
        assert_eq!(find("A", "WH-01").unwrap().value_delta_fen, Fen(1000));
        assert!(find("B", IN_TRANSIT).is_none());
        assert_eq!(m.iter().map(|x| x.qty_delta).sum::<i64>(), 0);
        assert_eq!(m.iter().map(|x| x.value_delta_fen).sum::<Fen>(), Fen(0));
        assert!(m.iter().position(|x| x.qty_delta > 0).unwrap() > m.iter().rposition(|x| x.qty_delta < 0).unwrap());
    }

    /// A reason is required.
    #[test]
    fn reason_required() {
        assert!(check_reason("  ").is_err());
        check_reason("供应商送错货").unwrap();
    }
}
