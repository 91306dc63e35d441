//! Storage: the only module that names redb. Everything above it sees ordered byte keys
//! read and written inside one transaction ([`Read`], [`Overlay`]), a boundary a
//! PostgreSQL backend (one `(key bytea primary key, value bytea)` table per [`Table`])
//! can implement without touching domain or HTTP code.

mod backend;
mod background_sync;
pub mod campaigns;
pub mod codec;
pub mod document;
pub mod fields;
pub mod hash;
pub mod index_check;
pub mod index_values;
mod index_views;
pub mod indexes;
pub mod keys;
pub mod lookup;
pub mod migrate;
mod overlay;
mod pg_backend;
pub mod read_indexes;
pub mod records;
mod redb_backend;
mod redb_read;
mod redo_log;
pub mod repo;
pub mod supply;
pub mod unit_sales;
pub mod unit_view;
pub mod usage;
pub mod writer;

pub use backend::{Batch, Db, ReadTx, WriteTx};
pub use overlay::Overlay;
pub use pg_backend::{execute_sql as postgres_execute, is_url as is_store_url};
pub use redb_backend::OpenError;
pub use redo_log::path_for as redo_log_path;

use std::ops::Bound;

/// Every table, with its versioned on-disk name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Table {
    /// Counters and schema facts.
    Meta,
    /// part_no → part.
    Parts,
    /// barcode → part_no.
    Barcodes,
    /// code → location.
    Locations,
    /// code → dealer.
    Dealers,
    /// code → supplier.
    Suppliers,
    /// (part_no, location) → stock balance.
    Stock,
    /// (location, part_no) → () : index of stock by location.
    StockByLocation,
    /// seq → stock ledger entry.
    StockLedger,
    /// (part_no, seq) → location : ledger index by part (the value is empty in entries
    /// written before it named the location).
    LedgerByPart,
    /// (location, seq) → () : ledger index by location.
    LedgerByLocation,
    /// seq → journal entry.
    Journal,
    /// account → balance.
    Accounts,
    /// (account, seq) → signed amount and business date : entries by account (the date is
    /// absent in entries written before it was kept).
    AccountEntries,
    /// number → receipt.
    Receipts,
    /// number → transfer.
    Transfers,
    /// number → stocktake.
    Stocktakes,
    /// number → requisition.
    Requisitions,
    /// number → service report.
    ServiceReports,
    /// serial → unit.
    Units,
    /// (model, effective date) → policy.
    Policies,
    /// number → claim.
    Claims,
    /// (number, version) → claim as it was.
    ClaimVersions,
    /// (unit serial, number) → () : claims of a unit.
    ClaimsByUnit,
    /// tag → old part.
    OldParts,
    /// number → settlement.
    Settlements,
    /// number → supplier claim.
    SupplierClaims,
    /// seq → audit event.
    Audit,
    /// token hash → token.
    Tokens,
    /// (token, method, path, key) → stored response.
    Idempotency,
    /// (document, seq) → () : journal entries of a document.
    JournalByDocument,
    /// (kind, location, number) → () : receipts, transfers (both ends), stocktakes,
    /// requisitions and service reports by location.
    DocsByLocation,
    /// (kind, dealer, number) → () : claims and settlements by dealer.
    DocsByDealer,
    /// (kind, status, number) → () : claims, requisitions, transfers and the documents of
    /// dealer supply, service requests, pre-authorizations and reserve plans by status.
    DocsByStatus,
    /// (dealer, status, number) → () : claims of a dealer by status.
    ClaimsByDealerStatus,
    /// (claim, line, tag) → () : old-part tags of a claim line.
    OldPartsByClaim,
    /// (dealer, tag) → () : old-part tags of a dealer.
    OldPartsByDealer,
    /// (status, tag) → () : old-part tags by status.
    OldPartsByStatus,
    /// (supplier, tag) → () : old-part tags blamed on a supplier.
    OldPartsBySupplier,
    /// (stored at, seconds; scope) → () : idempotent answers by age, for the purge.
    IdempotencyByTime,
    /// number → draft (a document being scanned).
    Drafts,
    /// number → reversal (红冲).
    Reversals,
    /// (original number, reversal number) → () : the reversal of a document.
    ReversalsByOriginal,
    /// dealer → funds held and credit limit.
    DealerFunds,
    /// number → dealer payment.
    DealerPayments,
    /// number → parts order.
    PartsOrders,
    /// number → shipment.
    Shipments,
    /// number → dealer return.
    DealerReturns,
    /// number → service request.
    ServiceRequests,
    /// (assignee, number) → () : service requests by the dealer or department forwarded to.
    ServiceRequestsByAssignee,
    /// (due at, seconds; number) → () : open service requests by their next standard's due time.
    ServiceRequestsByDue,
    /// (document number, attachment number) → attachment.
    Attachments,
    /// (SHA-256 of a file, chunk number) → chunk : attached files, stored once per content.
    FileChunks,
    /// (model, dealer, sale date, production month) → units sold (an aggregate).
    UnitSales,
    /// number → pre-authorization.
    Preauthorizations,
    /// serial → the highest odometer reading recorded (claims and service reports).
    UnitReadings,
    /// (model, part) → pieces per unit (bill of usage).
    BillOfUsage,
    /// number → reserve plan (储备计划).
    ReservePlans,
    /// (service request, requisition number) → () : the requisitions citing a request.
    RequisitionsByRequest,
    /// (customer phone, digits only; request number) → () : service requests by phone.
    ServiceRequestsByPhone,
    /// (unit serial, request number) → () : service requests of a unit.
    ServiceRequestsByUnit,
    /// (service request number, claim number) → () : claims citing a service request.
    ClaimsByServiceRequest,
    /// code → recall or service campaign.
    Campaigns,
    /// (campaign code, serial) → the unit on the campaign's list.
    CampaignUnits,
    /// (serial, campaign code) → () : the campaigns listing a unit.
    CampaignsByUnit,
    /// (dealer, campaign code, serial) → () : listed units by the dealer doing the work.
    CampaignUnitsByDealer,
    /// (location, part) → reorder level (min/max, lead days).
    ReorderLevels,
    /// (filing date YYYY-MM-DD, claim number) → () : filed claims by filing date.
    ClaimsByFilingDate,
    /// (destination, transfer number) → () : transfers not yet completed, by destination.
    TransfersOpenByDestination,
    /// (location, seq) → () : stock ledger entries that count as usage (a requisition's
    /// issues and returns, and reversals of one), by location.
    LedgerUsageByLocation,
}

impl Table {
    /// All tables, created when a database is first opened.
    pub const ALL: [Table; 70] = [
        Table::Meta,
        Table::Parts,
        Table::Barcodes,
        Table::Locations,
        Table::Dealers,
        Table::Suppliers,
        Table::Stock,
        Table::StockByLocation,
        Table::StockLedger,
        Table::LedgerByPart,
        Table::LedgerByLocation,
        Table::Journal,
        Table::Accounts,
        Table::AccountEntries,
        Table::Receipts,
        Table::Transfers,
        Table::Stocktakes,
        Table::Requisitions,
        Table::ServiceReports,
        Table::Units,
        Table::Policies,
        Table::Claims,
        Table::ClaimVersions,
        Table::ClaimsByUnit,
        Table::OldParts,
        Table::Settlements,
        Table::SupplierClaims,
        Table::Audit,
        Table::Tokens,
        Table::Idempotency,
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
        Table::Drafts,
        Table::Reversals,
        Table::ReversalsByOriginal,
        Table::DealerFunds,
        Table::DealerPayments,
        Table::PartsOrders,
        Table::Shipments,
        Table::DealerReturns,
        Table::ServiceRequests,
        Table::ServiceRequestsByAssignee,
        Table::ServiceRequestsByDue,
        Table::Attachments,
        Table::FileChunks,
        Table::UnitSales,
        Table::Preauthorizations,
        Table::UnitReadings,
        Table::BillOfUsage,
        Table::ReservePlans,
        Table::RequisitionsByRequest,
        Table::ServiceRequestsByPhone,
        Table::ServiceRequestsByUnit,
        Table::ClaimsByServiceRequest,
        Table::Campaigns,
        Table::CampaignUnits,
        Table::CampaignsByUnit,
        Table::CampaignUnitsByDealer,
        Table::ReorderLevels,
        Table::ClaimsByFilingDate,
        Table::TransfersOpenByDestination,
        Table::LedgerUsageByLocation,
    ];

    /// The on-disk name; the suffix changes when the key layout changes.
    pub fn name(self) -> &'static str {
        match self {
            Table::Meta => "meta_v1",
            Table::Parts => "parts_v1",
            Table::Barcodes => "barcodes_v1",
            Table::Locations => "locations_v1",
            Table::Dealers => "dealers_v1",
            Table::Suppliers => "suppliers_v1",
            Table::Stock => "stock_v1",
            Table::StockByLocation => "stock_by_location_v1",
            Table::StockLedger => "stock_ledger_v1",
            Table::LedgerByPart => "ledger_by_part_v1",
            Table::LedgerByLocation => "ledger_by_location_v1",
            Table::Journal => "journal_v1",
            Table::Accounts => "accounts_v1",
            Table::AccountEntries => "account_entries_v1",
            Table::Receipts => "receipts_v1",
            Table::Transfers => "transfers_v1",
            Table::Stocktakes => "stocktakes_v1",
            Table::Requisitions => "requisitions_v1",
            Table::ServiceReports => "service_reports_v1",
            Table::Units => "units_v1",
            Table::Policies => "policies_v1",
            Table::Claims => "claims_v1",
            Table::ClaimVersions => "claim_versions_v1",
            Table::ClaimsByUnit => "claims_by_unit_v1",
            Table::OldParts => "old_parts_v1",
            Table::Settlements => "settlements_v1",
            Table::SupplierClaims => "supplier_claims_v1",
            Table::Audit => "audit_v1",
            Table::Tokens => "tokens_v1",
            Table::Idempotency => "idempotency_v1",
            Table::JournalByDocument => "journal_by_document_v1",
            Table::DocsByLocation => "docs_by_location_v1",
            Table::DocsByDealer => "docs_by_dealer_v1",
            Table::DocsByStatus => "docs_by_status_v1",
            Table::ClaimsByDealerStatus => "claims_by_dealer_status_v1",
            Table::OldPartsByClaim => "old_parts_by_claim_v1",
            Table::OldPartsByDealer => "old_parts_by_dealer_v1",
            Table::OldPartsByStatus => "old_parts_by_status_v1",
            Table::OldPartsBySupplier => "old_parts_by_supplier_v1",
            Table::IdempotencyByTime => "idempotency_by_time_v1",
            Table::Drafts => "drafts_v1",
            Table::Reversals => "reversals_v1",
            Table::ReversalsByOriginal => "reversals_by_original_v1",
            Table::DealerFunds => "dealer_funds_v1",
            Table::DealerPayments => "dealer_payments_v1",
            Table::PartsOrders => "parts_orders_v1",
            Table::Shipments => "shipments_v1",
            Table::DealerReturns => "dealer_returns_v1",
            Table::ServiceRequests => "service_requests_v1",
            Table::ServiceRequestsByAssignee => "service_requests_by_assignee_v1",
            Table::ServiceRequestsByDue => "service_requests_by_due_v1",
            Table::Attachments => "attachments_v1",
            Table::FileChunks => "file_chunks_v1",
            Table::UnitSales => "unit_sales_v1",
            Table::Preauthorizations => "preauthorizations_v1",
            Table::UnitReadings => "unit_readings_v1",
            Table::BillOfUsage => "bill_of_usage_v1",
            Table::ReservePlans => "reserve_plans_v1",
            Table::RequisitionsByRequest => "requisitions_by_request_v1",
            Table::ServiceRequestsByPhone => "service_requests_by_phone_v1",
            Table::ServiceRequestsByUnit => "service_requests_by_unit_v1",
            Table::ClaimsByServiceRequest => "claims_by_service_request_v1",
            Table::Campaigns => "campaigns_v1",
            Table::CampaignUnits => "campaign_units_v1",
            Table::CampaignsByUnit => "campaigns_by_unit_v1",
            Table::CampaignUnitsByDealer => "campaign_units_by_dealer_v1",
            Table::ReorderLevels => "reorder_levels_v1",
            Table::ClaimsByFilingDate => "claims_by_filing_date_v1",
            Table::TransfersOpenByDestination => "transfers_open_by_destination_v1",
            Table::LedgerUsageByLocation => "ledger_usage_by_location_v1",
        }
    }
}

/// A storage failure: never the user's fault, answered as 500 and logged.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The backend failed.
    #[error("storage backend: {0}")]
    Backend(String),
    /// A stored record could not be decoded.
    #[error("corrupt record in {table}: {reason}")]
    Corrupt {
        /// Table name.
        table: &'static str,
        /// What went wrong.
        reason: String,
    },
    /// A concurrent transaction won (serialization failure or deadlock): the whole
    /// write batch must be run again.
    #[error("storage conflict: {0}")]
    Conflict(String),
}

/// Result of storage calls.
pub type StoreResult<T> = Result<T, StoreError>;

/// One key/value pair as read from a table.
pub type Pair = (Vec<u8>, Vec<u8>);

/// A scan over a key range.
#[derive(Debug, Clone)]
pub struct Scan {
    /// Lower bound.
    pub start: Bound<Vec<u8>>,
    /// Upper bound.
    pub end: Bound<Vec<u8>>,
    /// Highest keys first.
    pub reverse: bool,
    /// At most this many pairs.
    pub limit: usize,
}

impl Scan {
    /// All keys that start with `prefix`, ascending.
    pub fn prefix(prefix: &[u8]) -> Self {
        Self {
            start: Bound::Included(prefix.to_vec()),
            end: match keys::prefix_end(prefix) {
                Some(end) => Bound::Excluded(end),
                None => Bound::Unbounded,
            },
            reverse: false,
            limit: usize::MAX,
        }
    }

    /// The whole table, ascending.
    pub fn all() -> Self {
        Self::prefix(&[])
    }

    /// Continues strictly after `key` in the scan's direction.
    pub fn after(mut self, key: Option<Vec<u8>>) -> Self {
        if let Some(key) = key {
            if self.reverse {
                self.end = Bound::Excluded(key);
            } else {
                self.start = Bound::Excluded(key);
            }
        }
        self
    }

    /// Sets the direction.
    pub fn reverse(mut self, reverse: bool) -> Self {
        self.reverse = reverse;
        self
    }

    /// Sets the limit.
    pub fn limit(mut self, limit: usize) -> Self {
        self.limit = limit;
        self
    }

    /// The bounds, borrowed.
    pub(crate) fn bounds(&self) -> (Bound<&[u8]>, Bound<&[u8]>) {
        (
            self.start.as_ref().map(Vec::as_slice),
            self.end.as_ref().map(Vec::as_slice),
        )
    }

    /// Whether no key can lie within the bounds (a range a B-tree must not be asked for).
    pub(crate) fn is_empty_range(&self) -> bool {
        match (&self.start, &self.end) {
            (Bound::Included(s) | Bound::Excluded(s), Bound::Included(e) | Bound::Excluded(e)) => {
                s > e || (s == e && !matches!((&self.start, &self.end), (Bound::Included(_), Bound::Included(_))))
            }
            _ => false,
        }
    }

    #[cfg(test)]
    fn contains(&self, key: &[u8]) -> bool {
        let above = match &self.start {
            Bound::Included(s) => key >= s.as_slice(),
            Bound::Excluded(s) => key > s.as_slice(),
            Bound::Unbounded => true,
        };
        let below = match &self.end {
            Bound::Included(e) => key <= e.as_slice(),
            Bound::Excluded(e) => key < e.as_slice(),
            Bound::Unbounded => true,
        };
        above && below
    }
}

/// Called for each visited pair; returns `false` to stop.
pub type Visitor<'a> = &'a mut dyn FnMut(&[u8], &[u8]) -> StoreResult<bool>;

/// Reads inside one transaction.
pub trait Read {
    /// The value at `key`, if any.
    fn get(&self, table: Table, key: &[u8]) -> StoreResult<Option<Vec<u8>>>;
    /// Pairs in the scan's range and direction, at most `scan.limit`.
    fn scan(&self, table: Table, scan: &Scan) -> StoreResult<Vec<Pair>>;
    /// Visits every pair in the range in ascending order without collecting them;
    /// the visitor returns `false` to stop.
    fn visit(&self, table: Table, scan: &Scan, visitor: Visitor<'_>) -> StoreResult<()>;
}

/// A storage failure is internal to every operation: logged, never shown.
impl From<StoreError> for crate::error::Error {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(_) => crate::error::Error::Overloaded,
            e => crate::error::Error::Internal(e.to_string()),
        }
    }
}
