//! What every numbered document is: its kind (which gives the number prefix and the
//! entity name), its number and version, and the rule for a stale `If-Match`.

use crate::domain::documents::{Receipt, Requisition, ServiceReport, Stocktake, Transfer};
use chrono::{DateTime, Utc};

/// The kind of document a posting names, so that a client can open it without knowing
/// how numbers are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// `RC-…`, at `/stock/receipts/{id}`.
    Receipt,
    /// `TR-…`, at `/stock/transfers/{id}`.
    Transfer,
    /// `ST-…`, at `/stocktakes/{id}`.
    Stocktake,
    /// `RQ-…`, at `/requisitions/{id}`.
    Requisition,
    /// `SR-…`, at `/service-reports/{id}`.
    ServiceReport,
    /// `CL-…`, at `/claims/{id}`.
    Claim,
    /// `SE-…`, at `/settlements/{id}`.
    Settlement,
    /// `SC-…`, at `/supplier-claims/{id}`.
    SupplierClaim,
    /// `OP-YYYY-…` (an old-part tag), at `/old-parts/{tag}`.
    OldPart,
    /// `DR-…` (a document being scanned), at `/drafts/{id}`.
    Draft,
    /// `RV-…` (a reversal, 红冲), at `/reversals/{id}`.
    Reversal,
    /// `SO-…`, at `/parts-orders/{id}`.
    PartsOrder,
    /// `SH-…`, at `/shipments/{id}`.
    Shipment,
    /// `DP-…`, at `/dealer-payments/{id}`.
    DealerPayment,
    /// `RT-…`, at `/dealer-returns/{id}`.
    DealerReturn,
    /// `SV-…`, at `/service-requests/{id}`.
    ServiceRequest,
    /// `PA-…` (a pre-authorization, 预授权), at `/preauthorizations/{id}`.
    Preauthorization,
    /// `RP-…` (a reserve plan, 储备计划), at `/reserve-plans/{id}`.
    ReservePlan,
}

impl DocumentKind {
    /// The kind of a document number this server made (`None` for anything else, a
    /// location code such as `ST-D001` included): a prefix, then only digits (and, for
    /// old-part tags, the year's dash).
    pub fn of_number(number: &str) -> Option<Self> {
        let (prefix, rest) = number.split_once('-')?;
        let kind = Self::ALL.iter().copied().find(|k| k.prefix() == prefix)?;
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let ok = match kind {
            DocumentKind::OldPart => rest.split_once('-').is_some_and(|(y, n)| digits(y) && digits(n)),
            _ => digits(rest),
        };
        ok.then_some(kind)
    }

    /// Every kind.
    pub const ALL: &[DocumentKind] = &[
        DocumentKind::Receipt,
        DocumentKind::Transfer,
        DocumentKind::Stocktake,
        DocumentKind::Requisition,
        DocumentKind::ServiceReport,
        DocumentKind::Claim,
        DocumentKind::Settlement,
        DocumentKind::SupplierClaim,
        DocumentKind::OldPart,
        DocumentKind::Draft,
        DocumentKind::Reversal,
        DocumentKind::PartsOrder,
        DocumentKind::Shipment,
        DocumentKind::DealerPayment,
        DocumentKind::DealerReturn,
        DocumentKind::ServiceRequest,
        DocumentKind::Preauthorization,
        DocumentKind::ReservePlan,
    ];

    /// The number prefix (`RC` of `RC-000001`).
    pub const fn prefix(self) -> &'static str {
        match self {
            DocumentKind::Receipt => "RC",
            DocumentKind::Transfer => "TR",
            DocumentKind::Stocktake => "ST",
            DocumentKind::Requisition => "RQ",
            DocumentKind::ServiceReport => "SR",
            DocumentKind::Claim => "CL",
            DocumentKind::Settlement => "SE",
            DocumentKind::SupplierClaim => "SC",
            DocumentKind::OldPart => "OP",
            DocumentKind::Draft => "DR",
            DocumentKind::Reversal => "RV",
            DocumentKind::PartsOrder => "SO",
            DocumentKind::Shipment => "SH",
            DocumentKind::DealerPayment => "DP",
            DocumentKind::DealerReturn => "RT",
            DocumentKind::ServiceRequest => "SV",
            DocumentKind::Preauthorization => "PA",
            DocumentKind::ReservePlan => "RP",
        }
    }

    /// The entity name in refusals (`params.entity`) and audit events.
    pub const fn entity(self) -> &'static str {
        match self {
            DocumentKind::Receipt => "receipt",
            DocumentKind::Transfer => "transfer",
            DocumentKind::Stocktake => "stocktake",
            DocumentKind::Requisition => "requisition",
            DocumentKind::ServiceReport => "service_report",
            DocumentKind::Claim => "claim",
            DocumentKind::Settlement => "settlement",
            DocumentKind::SupplierClaim => "supplier_claim",
            DocumentKind::OldPart => "old_part",
            DocumentKind::Draft => "draft",
            DocumentKind::Reversal => "reversal",
            DocumentKind::PartsOrder => "parts_order",
            DocumentKind::Shipment => "shipment",
            DocumentKind::DealerPayment => "dealer_payment",
            DocumentKind::DealerReturn => "dealer_return",
            DocumentKind::ServiceRequest => "service_request",
            DocumentKind::Preauthorization => "preauthorization",
            DocumentKind::ReservePlan => "reserve_plan",
        }
    }
}

/// A numbered document with a version: what it is, its number, and how it moves to its
/// next version. The store reads and writes every document through this.
pub trait Numbered {
    /// The kind, which gives the number prefix and the entity name.
    const DOCUMENT: DocumentKind;
    /// The document number (`RQ-000042`).
    fn number(&self) -> &str;
    /// The current version (from 1).
    fn version(&self) -> u64;
    /// Moves to the next version, changed at `now`.
    fn next_version(&mut self, now: DateTime<Utc>);
}

/// `Numbered` for documents with `version`, and `updated_at` where they keep one.
macro_rules! numbered {
    ($($ty:ty => $kind:ident $(, $updated:ident)?;)*) => {$(
        impl Numbered for $ty {
            const DOCUMENT: DocumentKind = DocumentKind::$kind;
            fn number(&self) -> &str {
                &self.number
            }
            fn version(&self) -> u64 {
                self.version
            }
            fn next_version(&mut self, _now: DateTime<Utc>) {
                self.version += 1;
                $(self.$updated = _now;)?
            }
        }
    )*};
}

numbered! {
    Transfer => Transfer, updated_at;
    Stocktake => Stocktake, updated_at;
    Requisition => Requisition, updated_at;
    ServiceReport => ServiceReport;
    crate::domain::claims::Claim => Claim, updated_at;
    crate::domain::settlement::Settlement => Settlement, updated_at;
    crate::domain::settlement::SupplierClaim => SupplierClaim, updated_at;
    crate::domain::drafts::Draft => Draft, updated_at;
    crate::domain::supply::PartsOrder => PartsOrder, updated_at;
    crate::domain::supply::Shipment => Shipment, updated_at;
    crate::domain::supply::DealerReturn => DealerReturn, updated_at;
    crate::domain::service_requests::ServiceRequest => ServiceRequest, updated_at;
    crate::domain::preauth::Preauthorization => Preauthorization, updated_at;
    crate::domain::reserve_plans::ReservePlan => ReservePlan, updated_at;
}

/// A dealer payment is recorded once and never changes: always version 1.
impl Numbered for crate::domain::supply::DealerPayment {
    const DOCUMENT: DocumentKind = DocumentKind::DealerPayment;
    fn number(&self) -> &str {
        &self.number
    }
    fn version(&self) -> u64 {
        1
    }
    fn next_version(&mut self, _now: DateTime<Utc>) {}
}

/// A receipt is posted once and never changes: always version 1.
impl Numbered for Receipt {
    const DOCUMENT: DocumentKind = DocumentKind::Receipt;
    fn number(&self) -> &str {
        &self.number
    }
    fn version(&self) -> u64 {
        1
    }
    fn next_version(&mut self, _now: DateTime<Utc>) {}
}

/// Refuses a write whose `If-Match` version is not the current one.
pub fn check_version(expected: Option<u64>, actual: u64) -> crate::error::Result<()> {
    match expected {
        Some(e) if e != actual => Err(crate::error::Error::StaleVersion { expected: e, actual }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::documents::number;

    /// Numbers the server makes have a kind; a station code that shares a prefix has none.
    #[test]
    fn document_kind_of_number() {
        assert_eq!(DocumentKind::of_number("ST-000012"), Some(DocumentKind::Stocktake));
        assert_eq!(DocumentKind::of_number("ST-D001"), None);
        assert_eq!(DocumentKind::of_number("OP-2026-000001"), Some(DocumentKind::OldPart));
        assert_eq!(DocumentKind::of_number("OP-2026"), None);
        assert_eq!(DocumentKind::of_number("SC-000001"), Some(DocumentKind::SupplierClaim));
        assert_eq!(DocumentKind::of_number("XX-000001"), None);
        assert_eq!(DocumentKind::of_number("RQ-"), None);
        assert_eq!(DocumentKind::of_number(&number("RC", 7)), Some(DocumentKind::Receipt));
    }
}
