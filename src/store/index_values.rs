//! Values that ride in two ledger indexes, so a page filtered by them reads no record it
//! skips: the location of each by-part ledger entry (one part's ledger at one location) and
//! the business date of each account entry (an account's statement over dates). The
//! commands write them (`commands::move_stock`, `commands::post_journal`); a database
//! written before they were kept gets them once when opened ([`backfill`]), and until then a
//! reader falls back to the record.

use super::indexes::build_once;
use super::keys::Key;
use super::repo::{decode_posting, encode_posting, indexed_seq_key};
use super::{StoreResult, Table, WriteTx, codec};
use crate::domain::ledger::{JournalEntry, StockEntry};
use crate::domain::warranty::business_date;

fn built_key() -> Vec<u8> {
    Key::new().str("index_values_built").str("v1").into_bytes()
}

/// Writes the location into every by-part ledger entry and the business date into every
/// account entry (keeping its amount), once.
pub(super) fn backfill(tx: &WriteTx) -> StoreResult<bool> {
    build_once(
        tx,
        built_key(),
        &[Table::StockLedger, Table::Journal],
        |r, table, _, v| {
            if table == Table::StockLedger {
                let e: StockEntry = codec::decode(v)?;
                let key = indexed_seq_key(&e.part_no, e.seq);
                return Ok(vec![(Table::LedgerByPart, key, e.location.into_bytes())]);
            }
            let e: JournalEntry = codec::decode(v)?;
            let date = business_date(e.at);
            let mut out = Vec::with_capacity(e.lines.len());
            for line in &e.lines {
                let key = indexed_seq_key(&line.account, e.seq);
                if let Some(old) = r.get(Table::AccountEntries, &key)? {
                    let (amount, _) = decode_posting(&old)?;
                    out.push((Table::AccountEntries, key, encode_posting(amount, date)));
                }
            }
            Ok(out)
        },
    )
}
