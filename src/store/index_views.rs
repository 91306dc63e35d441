//! The index entries of receipts and transfers, the two largest document tables, read in
//! place from their stored bytes. Reconciliation (and a one-time index build) reads every
//! receipt and transfer only for these entries, and decoding each whole, a dozen strings
//! and two time stamps, was most of that work. Each reader follows its record
//! (`records::documents`) field for field; a record of another version is decoded whole.

use super::codec::{self, Stored};
use super::fields::{Field, Fields, in_place};
use super::indexes::{Entry, doc_entry, number_of};
use super::read_indexes::{transfer_by_status, transfer_open};
use super::records::Convert;
use super::records::documents::{TransferModeV1, TransferStatusV1};
use super::{StoreResult, Table};
use crate::domain::documents::{Receipt, Transfer, TransferStatus};
use crate::domain::numbered::DocumentKind;

// The readers below are of version 1: a new record version needs new readers.
const _: () = assert!(<Receipt as Stored>::VERSION == 1 && <Transfer as Stored>::VERSION == 1);

/// The entries of receipt `n` into `location`.
pub(super) fn receipt_entries(location: &str, n: u64) -> Vec<Entry> {
    vec![(
        Table::DocsByLocation,
        doc_entry(DocumentKind::Receipt.prefix(), location, n),
    )]
}

/// The entries of transfer `n` from `from` to `to`, now `status`.
pub(super) fn transfer_entries(from: &str, to: &str, status: TransferStatus, n: u64) -> Vec<Entry> {
    let prefix = DocumentKind::Transfer.prefix();
    let mut out = vec![(Table::DocsByLocation, doc_entry(prefix, from, n))];
    if to != from {
        out.push((Table::DocsByLocation, doc_entry(prefix, to, n)));
    }
    out.extend(transfer_open(to, status, n));
    out.push(transfer_by_status(status, n));
    out
}

/// A `ReceiptV1`'s location, every other field passed over.
#[inline]
fn receipt_location<'a>(f: &mut Fields<'a>) -> Field<&'a str> {
    f.skip_str()?; // number
    let location = f.str()?;
    f.skip_optional_str()?; // supplier
    f.skip_optional_str()?; // reference
    for _ in 0..f.length()? {
        f.skip_str()?; // part_no
        for _ in 0..3 {
            f.i64()?; // qty, unit_cost_fen, value_fen
        }
    }
    f.i64()?; // total_value_fen
    f.skip_str()?; // actor
    f.skip_str()?; // posted_at
    Ok(location)
}

/// A `TransferV1`'s (from, to, status), every other field passed over.
#[inline]
fn transfer_route<'a>(f: &mut Fields<'a>) -> Field<(&'a str, &'a str, TransferStatusV1)> {
    f.skip_str()?; // number
    let (from, to) = (f.str()?, f.str()?);
    f.variant(TransferModeV1::ALL)?;
    let status = f.variant(TransferStatusV1::ALL)?;
    for _ in 0..f.length()? {
        f.skip_str()?; // part_no
        for _ in 0..4 {
            f.i64()?; // qty, value_fen, received_qty, received_value_fen
        }
    }
    f.u64()?; // version
    for _ in 0..3 {
        f.skip_str()?; // actor, created_at, updated_at
    }
    Ok((from, to, status))
}

/// The entries of the stored receipt `value` under `key`.
pub(super) fn receipt(key: &[u8], value: &[u8]) -> StoreResult<Vec<Entry>> {
    let n = number_of(key);
    match in_place::<Receipt, _>(value, receipt_location) {
        Some(location) => Ok(receipt_entries(location?, n)),
        None => Ok(receipt_entries(&codec::decode::<Receipt>(value)?.location, n)),
    }
}

/// The entries of the stored transfer `value` under `key`.
pub(super) fn transfer(key: &[u8], value: &[u8]) -> StoreResult<Vec<Entry>> {
    let n = number_of(key);
    match in_place::<Transfer, _>(value, transfer_route) {
        Some(route) => {
            let (from, to, status) = route?;
            Ok(transfer_entries(from, to, TransferStatus::from_record(status), n))
        }
        None => {
            let t = codec::decode::<Transfer>(value)?;
            Ok(transfer_entries(&t.from, &t.to, t.status, n))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::documents::{ReceiptLine, TransferLine, TransferMode};
    use crate::domain::money::Fen;
    use crate::store::indexes::Indexed;
    use crate::store::keys::Key;
    use chrono::{TimeZone, Utc};

    fn at() -> chrono::DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 29, 8, 30, 0).unwrap()
    }

    fn sample(from: &str, to: &str, status: TransferStatus) -> Transfer {
        Transfer {
            number: "TR-000042".into(),
            from: from.into(),
            to: to.into(),
            mode: TransferMode::TwoStep,
            status,
            lines: vec![TransferLine {
                part_no: "BC-3519".into(),
                qty: 3,
                value_fen: Fen(96_000),
                received_qty: 1,
                received_value_fen: Fen(32_000),
            }],
            version: 2,
            actor: "clerk-wh".into(),
            created_at: at(),
            updated_at: at(),
        }
    }

    #[test]
    fn a_stored_receipt_gives_the_entries_of_the_whole_record() {
        let receipt = Receipt {
            number: "RC-000042".into(),
            location: "SS-GZ-01".into(),
            supplier: Some("SUP-BOSCH".into()),
            reference: None,
            lines: vec![ReceiptLine {
                part_no: "BC-3519".into(),
                qty: 2,
                unit_cost_fen: Fen(32_000),
                value_fen: Fen(64_000),
            }],
            total_value_fen: Fen(64_000),
            actor: "clerk-wh".into(),
            posted_at: at(),
        };
        let key = Key::new().u64(42).into_bytes();
        let stored = codec::encode(&receipt);
        assert_eq!(super::receipt(&key, &stored).unwrap(), receipt.index_entries(&key));
        assert_eq!(super::receipt(&key, &stored).unwrap(), receipt_entries("SS-GZ-01", 42));
        let mut longer = stored.clone();
        longer.push(0);
        assert!(
            super::receipt(&key, &longer).is_err(),
            "trailing bytes are a corrupt record"
        );
    }

    #[test]
    fn a_stored_transfer_gives_the_entries_of_the_whole_record() {
        let key = Key::new().u64(42).into_bytes();
        for t in [
            sample("WH-01", "SS-GZ-01", TransferStatus::Shipped),
            sample("WH-01", "SS-GZ-01", TransferStatus::PartiallyReceived),
            sample("WH-01", "SS-GZ-01", TransferStatus::Completed),
            sample("WH-01", "WH-01", TransferStatus::Completed),
        ] {
            let stored = codec::encode(&t);
            let fast = super::transfer(&key, &stored).unwrap();
            assert_eq!(fast, t.index_entries(&key));
            let open = fast
                .iter()
                .any(|(table, _)| *table == Table::TransfersOpenByDestination);
            assert_eq!(open, t.status != TransferStatus::Completed);
            let by_location = fast.iter().filter(|(table, _)| *table == Table::DocsByLocation).count();
            assert_eq!(by_location, if t.to == t.from { 1 } else { 2 });
        }
    }
}
