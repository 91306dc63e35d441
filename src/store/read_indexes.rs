//! Indexes that keep page reads bounded on a large database: filed claims by filing date
//! (the dealer-risk window reads 180 days of claims, not the claims table), transfers
//! not yet completed by destination (reorder suggestions read what is in transit to one
//! location, not its whole transfer history) and transfers by status (the list of what is
//! shipped reads those, not every transfer). Their entries come from the records'
//! `Indexed` impls (`indexes.rs`), so every claim and transfer write keeps them, and
//! reconciliation checks them with the others (`index_check.rs`). A database built before
//! they existed gets them built once when opened ([`backfill`]).

use super::codec;
use super::indexes::{Entry, build_once, doc_entry, number_at_end, transfer_status};
use super::keys::Key;
use super::{Read, Scan, StoreResult, Table, WriteTx};
use crate::domain::claims::Claim;
use crate::domain::documents::{Transfer, TransferStatus};
use crate::domain::numbered::DocumentKind;
use chrono::NaiveDate;
use std::ops::Bound;

/// The entry of a filed claim (number `n`) in `claims_by_filing_date_v1`.
pub(super) fn claim_filed(claim: &Claim, n: u64) -> Option<Entry> {
    let filed = claim.filing_date?;
    Some((Table::ClaimsByFilingDate, filing_key(filed, n)))
}

/// The entry of a transfer (number `n`) still in transit in
/// `transfers_open_by_destination_v1`.
pub(super) fn transfer_open(to: &str, status: TransferStatus, n: u64) -> Option<Entry> {
    (status != TransferStatus::Completed).then(|| {
        (
            Table::TransfersOpenByDestination,
            Key::new().str(to).u64(n).into_bytes(),
        )
    })
}

/// The entry of a transfer (number `n`) in `docs_by_status_v1`.
pub(super) fn transfer_by_status(status: TransferStatus, n: u64) -> Entry {
    (
        Table::DocsByStatus,
        doc_entry(DocumentKind::Transfer.prefix(), transfer_status(status), n),
    )
}

fn filing_key(date: NaiveDate, n: u64) -> Vec<u8> {
    Key::new().str(&date.format("%Y-%m-%d").to_string()).u64(n).into_bytes()
}

/// Numbers of the claims filed from `from` to `to` (both included), by filing date.
pub fn claims_filed_between(r: &dyn Read, from: NaiveDate, to: NaiveDate) -> StoreResult<Vec<u64>> {
    let scan = Scan {
        start: Bound::Included(filing_key(from, 0)),
        end: Bound::Included(filing_key(to, u64::MAX)),
        reverse: false,
        limit: usize::MAX,
    };
    let mut out = Vec::new();
    r.visit(Table::ClaimsByFilingDate, &scan, &mut |k, _| {
        out.push(number_at_end(k)?);
        Ok(true)
    })?;
    Ok(out)
}

/// Numbers of the transfers not yet completed whose destination is `location`.
pub fn open_transfers_to(r: &dyn Read, location: &str) -> StoreResult<Vec<u64>> {
    let mut out = Vec::new();
    let prefix = Key::new().str(location).into_bytes();
    r.visit(
        Table::TransfersOpenByDestination,
        &Scan::prefix(&prefix),
        &mut |k, _| {
            out.push(number_at_end(k)?);
            Ok(true)
        },
    )?;
    Ok(out)
}

/// Meta key recording that the first two indexes were built over the existing records.
fn built_key() -> Vec<u8> {
    Key::new().str("read_indexes_built").str("v1").into_bytes()
}

/// Meta key recording that transfers by status were built over the existing transfers.
fn transfers_by_status_built_key() -> Vec<u8> {
    Key::new().str("transfers_by_status_built").str("v1").into_bytes()
}

/// Builds these indexes over the claims and transfers already stored, once each. `fresh`:
/// the full index build has just run (it builds these too), so only the marks are written.
pub(super) fn backfill(tx: &WriteTx, fresh: bool) -> StoreResult<bool> {
    let tables: &[Table] = if fresh { &[] } else { &[Table::Claims, Table::Transfers] };
    let ran = build_once(tx, built_key(), tables, |_, table, k, v| {
        let n = super::keys::KeyReader::new(k).u64().unwrap_or(0);
        let entry = match table {
            Table::Claims => claim_filed(&codec::decode::<Claim>(v)?, n),
            _ => {
                let t = codec::decode::<Transfer>(v)?;
                transfer_open(&t.to, t.status, n)
            }
        };
        Ok(entry.into_iter().collect())
    })?;
    let transfers: &[Table] = if fresh { &[] } else { &[Table::Transfers] };
    let by_status = build_once(tx, transfers_by_status_built_key(), transfers, |_, _, k, v| {
        let n = super::keys::KeyReader::new(k).u64().unwrap_or(0);
        Ok(vec![transfer_by_status(codec::decode::<Transfer>(v)?.status, n)])
    })?;
    Ok((ran || by_status) && !fresh)
}
