//! Typed access to the tables: key layouts and record codecs in one place.

use super::codec::{self, Stored};
use super::keys::{Key, KeyReader};
use super::records::{Convert, auth, claims, documents, ledger, master, settlement, stock, warranty};
use super::{Overlay, Read, Scan, StoreError, StoreResult, Table};
use crate::domain::auth::Token;
use crate::domain::claims::{Claim, OldPart};
use crate::domain::documents::{AuditEvent, Receipt, Requisition, ServiceReport, Stocktake, Transfer};
use crate::domain::ledger::{JournalEntry, StockEntry};
use crate::domain::master::{Dealer, Location, Part, Supplier};
use crate::domain::money::Fen;
use crate::domain::settlement::{Settlement, SupplierClaim};
use crate::domain::stock::Balance;
use crate::domain::warranty::{Policy, Unit};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

macro_rules! stored {
    ($($ty:ty => $record:ty, $kind:literal;)*) => {
        $(impl Stored for $ty {
            type Record = $record;
            const KIND: &'static str = $kind;
            const VERSION: u8 = 1;
        })*
    };
}

stored! {
    Part => master::PartV1, "part";
    Location => master::LocationV1, "location";
    Dealer => master::DealerV1, "dealer";
    Supplier => master::SupplierV1, "supplier";
    Balance => stock::BalanceV1, "stock balance";
    StockEntry => ledger::StockEntryV1, "stock entry";
    JournalEntry => ledger::JournalEntryV1, "journal entry";
    Receipt => documents::ReceiptV1, "receipt";
    Transfer => documents::TransferV1, "transfer";
    Stocktake => documents::StocktakeV1, "stocktake";
    ServiceReport => documents::ServiceReportV1, "service_report";
    OldPart => claims::OldPartV1, "old part";
    Settlement => settlement::SettlementV1, "settlement";
    SupplierClaim => settlement::SupplierClaimV1, "supplier_claim";
    AuditEvent => documents::AuditEventV1, "audit event";
    Token => auth::TokenV1, "token";
    IdempotentResponse => IdempotentResponse, "idempotency record";
    crate::domain::supply::DealerFunds => super::records::supply::DealerFundsV1, "dealer funds";
    crate::domain::supply::DealerPayment => super::records::supply::DealerPaymentV1, "dealer_payment";
    crate::domain::supply::PartsOrder => super::records::supply::PartsOrderV1, "parts_order";
    crate::domain::supply::Shipment => super::records::supply::ShipmentV1, "shipment";
    crate::domain::supply::DealerReturn => super::records::supply::DealerReturnV1, "dealer_return";
}

/// Claims are at version 3 (kind, campaign, pre-authorization, service request); version 2
/// kept the check that rejected a line apart from a reviewer's reason. Older records are
/// upgraded as they are read.
impl Stored for Claim {
    type Record = claims::ClaimV3;
    const KIND: &'static str = "claim";
    const VERSION: u8 = 3;

    fn decode_old(version: u8, payload: &[u8]) -> StoreResult<Self> {
        match version {
            1 => {
                let v1: claims::ClaimV1 = codec::decode_payload(Self::KIND, payload)?;
                let v2 = v1.upgrade().map_err(|reason| StoreError::Corrupt {
                    table: Self::KIND,
                    reason,
                })?;
                Ok(Claim::from_record(v2.upgrade()))
            }
            2 => {
                let v2: claims::ClaimV2 = codec::decode_payload(Self::KIND, payload)?;
                Ok(Claim::from_record(v2.upgrade()))
            }
            other => Err(StoreError::Corrupt {
                table: Self::KIND,
                reason: format!("unknown record version {other}"),
            }),
        }
    }
}

/// Requisitions are at version 2 (with the service request they cite); version 1 records
/// are upgraded as they are read.
impl Stored for Requisition {
    type Record = documents::RequisitionV2;
    const KIND: &'static str = "requisition";
    const VERSION: u8 = 2;

    fn decode_old(version: u8, payload: &[u8]) -> StoreResult<Self> {
        match version {
            1 => {
                let v1: documents::RequisitionV1 = codec::decode_payload(Self::KIND, payload)?;
                Ok(Requisition::from_record(v1.upgrade()))
            }
            other => Err(StoreError::Corrupt {
                table: Self::KIND,
                reason: format!("unknown record version {other}"),
            }),
        }
    }
}

/// Units are at version 2 (with the production date); version 1 records are upgraded as
/// they are read.
impl Stored for Unit {
    type Record = warranty::UnitV2;
    const KIND: &'static str = "unit";
    const VERSION: u8 = 2;

    fn decode_old(version: u8, payload: &[u8]) -> StoreResult<Self> {
        match version {
            1 => {
                let v1: warranty::UnitV1 = codec::decode_payload(Self::KIND, payload)?;
                Ok(Unit::from_record(v1.upgrade()))
            }
            other => Err(StoreError::Corrupt {
                table: Self::KIND,
                reason: format!("unknown record version {other}"),
            }),
        }
    }
}

/// Policies are at version 2 (the pre-authorization rule, the usage limits); version 1
/// records read with the defaults.
impl Stored for Policy {
    type Record = warranty::PolicyV2;
    const KIND: &'static str = "policy";
    const VERSION: u8 = 2;

    fn decode_old(version: u8, payload: &[u8]) -> StoreResult<Self> {
        match version {
            1 => {
                let v1: warranty::PolicyV1 = codec::decode_payload(Self::KIND, payload)?;
                Ok(Policy::from_record(v1.upgrade()))
            }
            other => Err(StoreError::Corrupt {
                table: Self::KIND,
                reason: format!("unknown record version {other}"),
            }),
        }
    }
}

/// The idempotency record is the store's own; it is its own record.
impl Convert<IdempotentResponse> for IdempotentResponse {
    fn to_record(&self) -> IdempotentResponse {
        self.clone()
    }
    fn from_record(record: IdempotentResponse) -> Self {
        record
    }
}

/// A response kept for replay under an `Idempotency-Key`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdempotentResponse {
    /// Hash of the canonical request body.
    pub request_hash: [u8; 32],
    /// HTTP status.
    pub status: u16,
    /// Response body (JSON).
    pub body: Vec<u8>,
    /// When it was stored, seconds since the epoch (for expiry).
    pub stored_at_s: i64,
}

/// Reads and decodes one record.
pub fn get<T: Stored>(r: &dyn Read, table: Table, key: &[u8]) -> StoreResult<Option<T>> {
    r.get(table, key)?.map(|b| codec::decode(&b)).transpose()
}

/// Encodes and writes one record.
pub fn put<T: Stored>(w: &mut Overlay<'_>, table: Table, key: Vec<u8>, record: &T) {
    w.put(table, key, codec::encode(record));
}

/// Decodes the values of scanned pairs.
pub fn decode_all<T: Stored>(pairs: Vec<(Vec<u8>, Vec<u8>)>) -> StoreResult<Vec<(Vec<u8>, T)>> {
    pairs.into_iter().map(|(k, v)| Ok((k, codec::decode(&v)?))).collect()
}

/// Key of a record addressed by one code (parts, locations, dealers, documents…).
pub fn code_key(code: &str) -> Vec<u8> {
    Key::new().str(code).into_bytes()
}

/// Key of a sequence-numbered record (ledgers, audit).
pub fn seq_key(seq: u64) -> Vec<u8> {
    Key::new().u64(seq).into_bytes()
}

/// Key of a stock balance.
pub fn stock_key(part_no: &str, location: &str) -> Vec<u8> {
    Key::new().str(part_no).str(location).into_bytes()
}

/// Key of the by-location stock index.
pub fn stock_by_location_key(location: &str, part_no: &str) -> Vec<u8> {
    Key::new().str(location).str(part_no).into_bytes()
}

/// Key of a ledger index entry: (code, seq).
pub fn indexed_seq_key(code: &str, seq: u64) -> Vec<u8> {
    Key::new().str(code).u64(seq).into_bytes()
}

/// The seq at the end of an index key built by [`indexed_seq_key`].
pub fn seq_of_indexed(key: &[u8]) -> StoreResult<u64> {
    let mut r = KeyReader::new(key);
    r.str().and_then(|_| r.u64()).ok_or_else(|| StoreError::Corrupt {
        table: "index",
        reason: "malformed index key".into(),
    })
}

/// Reads the second string of a two-string key (the part of a by-location key).
pub fn second_str(key: &[u8]) -> StoreResult<String> {
    let mut r = KeyReader::new(key);
    r.str().and_then(|_| r.str()).ok_or_else(|| StoreError::Corrupt {
        table: "index",
        reason: "malformed two-part key".into(),
    })
}

/// Current stock of a part at a location (zero if never stocked).
pub fn balance(r: &dyn Read, part_no: &str, location: &str) -> StoreResult<Balance> {
    Ok(get(r, Table::Stock, &stock_key(part_no, location))?.unwrap_or_default())
}

/// An account's balance (debit positive; zero if never posted).
pub fn account_balance(r: &dyn Read, account: &str) -> StoreResult<Fen> {
    Ok(r.get(Table::Accounts, &code_key(account))?
        .map(|b| decode_fen(&b))
        .transpose()?
        .unwrap_or_default())
}

/// Encodes a signed amount for the accounts and account-entry tables.
pub fn encode_fen(v: Fen) -> Vec<u8> {
    v.get().to_be_bytes().to_vec()
}

/// Decodes a signed amount.
pub fn decode_fen(b: &[u8]) -> StoreResult<Fen> {
    let arr: [u8; 8] = b.try_into().map_err(|_| StoreError::Corrupt {
        table: "accounts",
        reason: "amount is not 8 bytes".into(),
    })?;
    Ok(Fen(i64::from_be_bytes(arr)))
}

/// Encodes a posting's entry in `account_entries_v1`: its signed amount, then its
/// business date (days from the Common Era), so a statement over dates reads no journal.
pub fn encode_posting(amount: Fen, date: NaiveDate) -> Vec<u8> {
    let mut out = encode_fen(amount);
    out.extend_from_slice(&date.num_days_from_ce().to_be_bytes());
    out
}

/// Decodes a posting's entry: its amount, and its business date unless it was written
/// before entries carried one (then it is only the amount).
pub fn decode_posting(b: &[u8]) -> StoreResult<(Fen, Option<NaiveDate>)> {
    if b.len() != 12 {
        return Ok((decode_fen(b)?, None));
    }
    let (amount, day) = b.split_at(8);
    let day = i32::from_be_bytes(day.try_into().expect("4 bytes"));
    let date = NaiveDate::from_num_days_from_ce_opt(day).ok_or_else(|| StoreError::Corrupt {
        table: "account_entries",
        reason: format!("day {day} is no date"),
    })?;
    Ok((decode_fen(amount)?, Some(date)))
}

/// Next value of the named counter (from 1), written back in the same transaction.
pub fn next_counter(w: &mut Overlay<'_>, name: &str) -> StoreResult<u64> {
    let key = Key::new().str("counter").str(name).into_bytes();
    let current = match w.get(Table::Meta, &key)? {
        Some(b) => u64::from_be_bytes(b.as_slice().try_into().map_err(|_| StoreError::Corrupt {
            table: "meta",
            reason: format!("counter {name} is not 8 bytes"),
        })?),
        None => 0,
    };
    w.put(Table::Meta, key, (current + 1).to_be_bytes().to_vec());
    Ok(current + 1)
}

/// The last value handed out by the named counter.
pub fn counter(r: &dyn Read, name: &str) -> StoreResult<u64> {
    let key = Key::new().str("counter").str(name).into_bytes();
    Ok(r.get(Table::Meta, &key)?
        .and_then(|b| b.as_slice().try_into().ok().map(u64::from_be_bytes))
        .unwrap_or(0))
}

/// Whether the database holds any master data or documents yet.
pub fn is_empty(r: &dyn Read) -> StoreResult<bool> {
    for t in [Table::Parts, Table::Dealers, Table::StockLedger] {
        if !r.scan(t, &Scan::all().limit(1))?.is_empty() {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Meta key recording that the database was seeded in demo mode.
pub fn demo_flag_key() -> Vec<u8> {
    Key::new().str("demo").into_bytes()
}

/// Key of a numbered document (`RC-000042` → 42): documents sort by posting order.
/// A number of another prefix or no number maps to a key no document has.
pub fn doc_key(prefix: &str, number: &str) -> Vec<u8> {
    match number
        .strip_prefix(prefix)
        .and_then(|n| n.strip_prefix('-'))
        .and_then(|n| n.parse::<u64>().ok())
    {
        Some(n) if n > 0 => seq_key(n),
        _ => seq_key(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_posting_keeps_its_amount_and_business_date() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        assert_eq!(
            decode_posting(&encode_posting(Fen(-1_234), d)).unwrap(),
            (Fen(-1_234), Some(d))
        );
        assert_eq!(
            decode_posting(&encode_fen(Fen(5))).unwrap(),
            (Fen(5), None),
            "an earlier entry"
        );
        assert!(decode_posting(&[0; 5]).is_err());
    }
}
