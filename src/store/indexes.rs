//! Secondary indexes: key-only entries in their own tables, written in the same overlay as
//! the record they point at, so a list filtered by status, dealer, location, claim or
//! document reads one key range instead of a whole table. Every write of an indexed
//! record goes through [`put`] (or [`delete`]), which moves exactly the entries whose
//! indexed fields changed. A database written before an index existed gets it built
//! once when opened ([`backfill`]); reconciliation compares every index with its records
//! ([`IndexCheck`]).

use super::codec::{self, Stored};
use super::keys::{Key, KeyReader};
use super::repo::{self, IdempotentResponse};
use super::{Overlay, Read, Scan, StoreError, StoreResult, Table, WriteTx};
use crate::domain::claims::{Claim, ClaimStatus, OldPart, TagStatus};
use crate::domain::numbered::DocumentKind;

use crate::domain::documents::{
    Receipt, Requisition, RequisitionStatus, ServiceReport, Stocktake, Transfer, TransferStatus,
};
use crate::domain::ledger::JournalEntry;
use crate::domain::settlement::{Settlement, SupplierClaim};

/// A stored record with secondary index entries.
pub trait Indexed: Stored {
    /// The table that holds the records.
    const TABLE: Table;
    /// Every index entry the record stored at `key` must have.
    fn index_entries(&self, key: &[u8]) -> Vec<(Table, Vec<u8>)>;
}

/// One index entry: (index table, key).
pub type Entry = (Table, Vec<u8>);

/// The number at the start of a document or sequence key (`RC-000042` → 42).
pub(super) fn number_of(key: &[u8]) -> u64 {
    KeyReader::new(key).u64().unwrap_or(0)
}

/// Stable key segment for a transfer status; stored in keys, so never renamed.
pub fn transfer_status(s: TransferStatus) -> &'static str {
    match s {
        TransferStatus::Shipped => "shipped",
        TransferStatus::PartiallyReceived => "partially_received",
        TransferStatus::Completed => "completed",
    }
}

/// Stable key segment for a claim status; stored in keys, so never renamed.
pub fn claim_status(s: ClaimStatus) -> &'static str {
    match s {
        ClaimStatus::Draft => "draft",
        ClaimStatus::Submitted => "submitted",
        ClaimStatus::Returned => "returned",
        ClaimStatus::Decided => "decided",
        ClaimStatus::Settled => "settled",
    }
}

/// Stable key segment for a requisition status; stored in keys, so never renamed.
pub fn requisition_status(s: RequisitionStatus) -> &'static str {
    match s {
        RequisitionStatus::Draft => "draft",
        RequisitionStatus::Submitted => "submitted",
        RequisitionStatus::Approved => "approved",
        RequisitionStatus::Rejected => "rejected",
        RequisitionStatus::PartiallyIssued => "partially_issued",
        RequisitionStatus::Issued => "issued",
        RequisitionStatus::Closed => "closed",
        RequisitionStatus::Cancelled => "cancelled",
    }
}

/// Stable key segment for an old-part tag status; stored in keys, so never renamed.
pub fn tag_status(s: TagStatus) -> &'static str {
    match s {
        TagStatus::Due => "due",
        TagStatus::Shipped => "shipped",
        TagStatus::Received => "received",
        TagStatus::Inspected => "inspected",
        TagStatus::Overdue => "overdue",
    }
}

/// Key of `journal_by_document_v1`: (document, seq).
pub fn journal_by_document(document: &str, seq: u64) -> Vec<u8> {
    Key::new().str(document).u64(seq).into_bytes()
}

/// Key prefix of one group of a document index: (kind, value), e.g. ("RC", "WH-01").
pub fn doc_prefix(kind: &str, value: &str) -> Vec<u8> {
    Key::new().str(kind).str(value).into_bytes()
}

/// Key of `docs_by_location_v1`, `docs_by_dealer_v1` and `docs_by_status_v1`:
/// (kind, value, number).
pub fn doc_entry(kind: &str, value: &str, number: u64) -> Vec<u8> {
    Key::new().str(kind).str(value).u64(number).into_bytes()
}

/// Key prefix of `claims_by_dealer_status_v1`: (dealer, status).
pub fn dealer_status_prefix(dealer: &str, status: ClaimStatus) -> Vec<u8> {
    Key::new().str(dealer).str(claim_status(status)).into_bytes()
}

/// Key prefix of `old_parts_by_claim_v1` for one claim line: (claim, line).
pub fn tags_of_line_prefix(claim: &str, line: u32) -> Vec<u8> {
    Key::new().str(claim).u64(line as u64).into_bytes()
}

/// Key prefix of a one-string-then-tag index (`old_parts_by_dealer_v1`,
/// `old_parts_by_status_v1`, `old_parts_by_supplier_v1`, and by claim).
pub fn str_prefix(value: &str) -> Vec<u8> {
    Key::new().str(value).into_bytes()
}

/// The document number at the end of an index key (its last eight bytes).
pub fn number_at_end(key: &[u8]) -> StoreResult<u64> {
    key.last_chunk::<8>()
        .map(|b| u64::from_be_bytes(*b))
        .ok_or_else(|| StoreError::Corrupt {
            table: "index",
            reason: "index key too short".into(),
        })
}

/// The tag at the end of an old-part index key.
pub fn tag_at_end(table: Table, key: &[u8]) -> StoreResult<String> {
    let mut r = KeyReader::new(key);
    let tag = match table {
        Table::OldPartsByClaim => r.str().and_then(|_| r.u64()).and_then(|_| r.str()),
        _ => r.str().and_then(|_| r.str()),
    };
    tag.ok_or_else(|| StoreError::Corrupt {
        table: table.name(),
        reason: "malformed old-part index key".into(),
    })
}

impl Indexed for JournalEntry {
    const TABLE: Table = Table::Journal;
    fn index_entries(&self, _: &[u8]) -> Vec<Entry> {
        vec![(Table::JournalByDocument, journal_by_document(&self.document, self.seq))]
    }
}

impl Indexed for Receipt {
    const TABLE: Table = Table::Receipts;
    fn index_entries(&self, key: &[u8]) -> Vec<Entry> {
        super::index_views::receipt_entries(&self.location, number_of(key))
    }
}

impl Indexed for Transfer {
    const TABLE: Table = Table::Transfers;
    fn index_entries(&self, key: &[u8]) -> Vec<Entry> {
        super::index_views::transfer_entries(&self.from, &self.to, self.status, number_of(key))
    }
}

impl Indexed for Stocktake {
    const TABLE: Table = Table::Stocktakes;
    fn index_entries(&self, key: &[u8]) -> Vec<Entry> {
        vec![(
            Table::DocsByLocation,
            doc_entry(DocumentKind::Stocktake.prefix(), &self.location, number_of(key)),
        )]
    }
}

impl Indexed for Requisition {
    const TABLE: Table = Table::Requisitions;
    fn index_entries(&self, key: &[u8]) -> Vec<Entry> {
        let n = number_of(key);
        vec![
            (
                Table::DocsByLocation,
                doc_entry(DocumentKind::Requisition.prefix(), &self.location, n),
            ),
            (
                Table::DocsByStatus,
                doc_entry(DocumentKind::Requisition.prefix(), requisition_status(self.status), n),
            ),
        ]
        .into_iter()
        .chain(self.service_request.as_ref().map(|sv| {
            (
                Table::RequisitionsByRequest,
                Key::new().str(sv.as_str()).u64(n).into_bytes(),
            )
        }))
        .collect()
    }
}

impl Indexed for ServiceReport {
    const TABLE: Table = Table::ServiceReports;
    fn index_entries(&self, key: &[u8]) -> Vec<Entry> {
        vec![(
            Table::DocsByLocation,
            doc_entry(DocumentKind::ServiceReport.prefix(), &self.location, number_of(key)),
        )]
    }
}

impl Indexed for Settlement {
    const TABLE: Table = Table::Settlements;
    fn index_entries(&self, key: &[u8]) -> Vec<Entry> {
        vec![(
            Table::DocsByDealer,
            doc_entry(DocumentKind::Settlement.prefix(), &self.dealer, number_of(key)),
        )]
    }
}

impl Indexed for Claim {
    const TABLE: Table = Table::Claims;
    fn index_entries(&self, key: &[u8]) -> Vec<Entry> {
        let n = number_of(key);
        let status = claim_status(self.status);
        vec![
            (
                Table::DocsByDealer,
                doc_entry(DocumentKind::Claim.prefix(), &self.dealer, n),
            ),
            (Table::DocsByStatus, doc_entry(DocumentKind::Claim.prefix(), status, n)),
            (
                Table::ClaimsByDealerStatus,
                Key::new().str(&self.dealer).str(status).u64(n).into_bytes(),
            ),
        ]
        .into_iter()
        .chain(self.service_request.iter().map(|sr| {
            (
                Table::ClaimsByServiceRequest,
                Key::new().str(sr).str(&self.number).into_bytes(),
            )
        }))
        .chain(super::read_indexes::claim_filed(self, n))
        .collect()
    }
}

/// Idempotent answers by the second they were stored (then their scope), so the purge reads
/// only what has expired.
impl Indexed for IdempotentResponse {
    const TABLE: Table = Table::Idempotency;
    fn index_entries(&self, key: &[u8]) -> Vec<Entry> {
        vec![(Table::IdempotencyByTime, idempotency_by_time(self.stored_at_s, key))]
    }
}

/// The by-time index key of the idempotent answer stored at `stored_at_s` under `scope`.
pub fn idempotency_by_time(stored_at_s: i64, scope: &[u8]) -> Vec<u8> {
    let mut k = Key::new().u64(stored_at_s.max(0) as u64).into_bytes();
    k.extend_from_slice(scope);
    k
}

/// Supplier claims are listed by number only.
impl Indexed for SupplierClaim {
    const TABLE: Table = Table::SupplierClaims;
    fn index_entries(&self, _: &[u8]) -> Vec<Entry> {
        Vec::new()
    }
}

impl Indexed for OldPart {
    const TABLE: Table = Table::OldParts;
    fn index_entries(&self, _: &[u8]) -> Vec<Entry> {
        let by = |t: Table, v: &str| (t, Key::new().str(v).str(&self.tag).into_bytes());
        let mut out = vec![
            (
                Table::OldPartsByClaim,
                Key::new()
                    .str(&self.claim)
                    .u64(self.line as u64)
                    .str(&self.tag)
                    .into_bytes(),
            ),
            by(Table::OldPartsByDealer, &self.dealer),
            by(Table::OldPartsByStatus, tag_status(self.status)),
        ];
        if let Some(s) = &self.supplier {
            out.push(by(Table::OldPartsBySupplier, s));
        }
        out
    }
}

/// Writes `record` at `key` and moves its index entries: entries the stored version had
/// and this one lacks are deleted, new ones are added, unchanged ones are not rewritten.
pub fn put<T: Indexed>(w: &mut Overlay<'_>, key: Vec<u8>, record: &T) -> StoreResult<()> {
    let before = match repo::get::<T>(w, T::TABLE, &key)? {
        Some(old) => old.index_entries(&key),
        None => Vec::new(),
    };
    let after = record.index_entries(&key);
    for e in before.iter().filter(|e| !after.contains(e)) {
        w.delete(e.0, e.1.clone());
    }
    for e in after.into_iter().filter(|e| !before.contains(e)) {
        w.put(e.0, e.1, Vec::new());
    }
    repo::put(w, T::TABLE, key, record);
    Ok(())
}

/// Writes a record that is never rewritten (a journal entry): no previous version to read.
pub fn append<T: Indexed>(w: &mut Overlay<'_>, key: Vec<u8>, record: &T) {
    for (t, k) in record.index_entries(&key) {
        w.put(t, k, Vec::new());
    }
    repo::put(w, T::TABLE, key, record);
}

/// Deletes the record at `key` with its index entries.
pub fn delete<T: Indexed>(w: &mut Overlay<'_>, key: Vec<u8>) -> StoreResult<()> {
    if let Some(old) = repo::get::<T>(w, T::TABLE, &key)? {
        for (t, k) in old.index_entries(&key) {
            w.delete(t, k);
        }
    }
    w.delete(T::TABLE, key);
    Ok(())
}

/// Index entries of one stored pair of a record table.
type EntriesOf = fn(&[u8], &[u8]) -> StoreResult<Vec<Entry>>;

fn entries_of<T: Indexed>(key: &[u8], value: &[u8]) -> StoreResult<Vec<Entry>> {
    Ok(codec::decode::<T>(value)?.index_entries(key))
}

/// Every indexed record table, with what its records put in the indexes.
pub(super) const SOURCES: [(Table, EntriesOf); 19] = [
    (Table::Journal, entries_of::<JournalEntry>),
    (Table::Receipts, super::index_views::receipt),
    (Table::Transfers, super::index_views::transfer),
    (Table::Stocktakes, entries_of::<Stocktake>),
    (Table::Requisitions, entries_of::<Requisition>),
    (Table::ServiceReports, entries_of::<ServiceReport>),
    (Table::Settlements, entries_of::<Settlement>),
    (Table::Claims, entries_of::<Claim>),
    (Table::OldParts, entries_of::<OldPart>),
    (Table::Idempotency, entries_of::<IdempotentResponse>),
    (Table::Drafts, entries_of::<crate::domain::drafts::Draft>),
    (Table::Reversals, entries_of::<crate::domain::reversals::Reversal>),
    (
        Table::DealerPayments,
        entries_of::<crate::domain::supply::DealerPayment>,
    ),
    (Table::PartsOrders, entries_of::<crate::domain::supply::PartsOrder>),
    (Table::Shipments, entries_of::<crate::domain::supply::Shipment>),
    (Table::DealerReturns, entries_of::<crate::domain::supply::DealerReturn>),
    (
        Table::ServiceRequests,
        entries_of::<crate::domain::service_requests::ServiceRequest>,
    ),
    (
        Table::Preauthorizations,
        entries_of::<crate::domain::preauth::Preauthorization>,
    ),
    (
        Table::ReservePlans,
        entries_of::<crate::domain::reserve_plans::ReservePlan>,
    ),
];

/// Every index table; each is fed by the sources that name it.
pub const INDEXES: [Table; 19] = [
    Table::JournalByDocument,
    Table::DocsByLocation,
    Table::DocsByDealer,
    Table::DocsByStatus,
    Table::ClaimsByDealerStatus,
    Table::OldPartsByClaim,
    Table::OldPartsByDealer,
    Table::OldPartsByStatus,
    Table::OldPartsBySupplier,
    Table::IdempotencyByTime,
    Table::ReversalsByOriginal,
    Table::ServiceRequestsByAssignee,
    Table::ServiceRequestsByDue,
    Table::RequisitionsByRequest,
    Table::ServiceRequestsByPhone,
    Table::ServiceRequestsByUnit,
    Table::ClaimsByServiceRequest,
    Table::ClaimsByFilingDate,
    Table::TransfersOpenByDestination,
];

/// Meta key recording that the indexes of this build were built over the existing records.
fn backfill_key() -> Vec<u8> {
    Key::new().str("indexes_built").str("v3").into_bytes()
}

/// Records read per step of the backfill: bounds memory on a large old database.
const BACKFILL_CHUNK: usize = 10_000;

/// Builds every index over the records already stored, once: a database written before
/// the indexes existed has empty index tables. Runs inside `tx` (the transaction that
/// opens the database) and records itself in `meta`; a second open finds the mark and
/// does nothing. Returns whether it ran.
pub fn backfill(tx: &WriteTx) -> StoreResult<bool> {
    let all = backfill_all(tx)?;
    let read = super::read_indexes::backfill(tx, all)?;
    let values = super::index_values::backfill(tx)?;
    Ok(super::usage::backfill(tx)? || values || read || all)
}

fn backfill_all(tx: &WriteTx) -> StoreResult<bool> {
    let tables: Vec<Table> = SOURCES.iter().map(|(t, _)| *t).collect();
    build_once(tx, backfill_key(), &tables, |_, table, k, v| {
        let (_, entries) = SOURCES.iter().find(|(t, _)| *t == table).expect("a source table");
        entries(k, v)
    })
}

/// What a one-time build writes: an index entry (an empty value), or a key and its value.
pub(super) trait Put {
    /// (table, key, value).
    fn into_put(self) -> (Table, Vec<u8>, Vec<u8>);
}

impl Put for Entry {
    fn into_put(self) -> (Table, Vec<u8>, Vec<u8>) {
        (self.0, self.1, Vec::new())
    }
}

impl Put for (Table, Vec<u8>, Vec<u8>) {
    fn into_put(self) -> (Table, Vec<u8>, Vec<u8>) {
        self
    }
}

/// Builds index entries over the records already in `tables`, once: `built` is the mark in
/// `meta` saying it ran, written in the same transaction. `entries` gives the entries of
/// one stored pair (reading through the transaction if it needs more). Records are read in
/// chunks, which bounds memory on a large old database. Returns whether it ran.
pub(super) fn build_once<P: Put>(
    tx: &WriteTx,
    built: Vec<u8>,
    tables: &[Table],
    mut entries: impl FnMut(&dyn Read, Table, &[u8], &[u8]) -> StoreResult<Vec<P>>,
) -> StoreResult<bool> {
    let mut batch = tx.batch();
    if batch.get(Table::Meta, &built)?.is_some() {
        return Ok(false);
    }
    for &table in tables {
        let mut after: Option<Vec<u8>> = None;
        loop {
            let pairs = batch.scan(table, &Scan::all().after(after.take()).limit(BACKFILL_CHUNK))?;
            let done = pairs.len() < BACKFILL_CHUNK;
            let mut found = Vec::new();
            for (k, v) in &pairs {
                found.extend(entries(&batch, table, k, v)?);
            }
            after = pairs.into_iter().last().map(|(k, _)| k);
            batch.run(|w| {
                for (t, k, v) in found.into_iter().map(Put::into_put) {
                    w.put(t, k, v);
                }
                Ok::<_, StoreError>(())
            })?;
            if done {
                break;
            }
        }
    }
    batch.run(|w| {
        w.put(Table::Meta, built, vec![1]);
        Ok::<_, StoreError>(())
    })?;
    Ok(true)
}
