//! The stored format is pinned: every record type has a byte-exact fixture (taken from a
//! database an earlier build wrote), every record enum keeps its variants' positions, and
//! that whole database reads back value by value as it was. A renamed, reordered or retyped
//! field or variant in a record fails here; the domain types may change freely.
//!
//! Fixtures are written once (`WRITE_RECORD_FIXTURES=1 cargo test --test stored_records`
//! writes only missing files) and never regenerated for a released version.

use sanbao::store::codec::{self, Stored};
use sanbao::store::records::{self, auth, claims, documents, findings, ledger, master, settlement, warranty};
use sanbao::store::{Db, Read, Scan, Table};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn writing() -> bool {
    std::env::var_os("WRITE_RECORD_FIXTURES").is_some()
}

/// A copy of the database an earlier build wrote.
fn old_database() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.redb");
    std::fs::copy(fixtures().join("db/v1-demo.redb"), &path).unwrap();
    let db = Db::open(&path).unwrap();
    (dir, db)
}

/// A stored value's payload decoded as the record `R` of its version, in JSON.
fn record_json<R: serde::Serialize + serde::de::DeserializeOwned>(kind: &'static str, bytes: &[u8]) -> Value {
    let record: R = codec::decode_payload(kind, &bytes[1..]).unwrap_or_else(|e| panic!("{kind}: {e}"));
    serde_json::to_value(record).unwrap()
}

/// Checks (and, when writing, creates) `records/<name>_v<version>.{bin,json}` from `bytes`:
/// the fixture decodes as the record `R` of that version to the pinned value; a current
/// version encodes back byte for byte, an older one is upgraded on reading.
fn check_fixture<T: Stored, R: serde::Serialize + serde::de::DeserializeOwned>(
    name: &str,
    version: u8,
    bytes: Option<Vec<u8>>,
) {
    let bin = fixtures().join(format!("records/{name}_v{version}.bin"));
    let json = fixtures().join(format!("records/{name}_v{version}.json"));
    if writing() && !bin.exists() {
        let bytes = bytes.unwrap_or_else(|| panic!("no {name} record to take a fixture from"));
        std::fs::write(&bin, &bytes).unwrap();
    }
    if writing() && !json.exists() {
        let value = record_json::<R>(T::KIND, &std::fs::read(&bin).unwrap());
        std::fs::write(&json, serde_json::to_string_pretty(&value).unwrap() + "\n").unwrap();
    }
    let stored = std::fs::read(&bin).unwrap_or_else(|e| panic!("{}: {e}", bin.display()));
    let expected: Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(stored[0], version, "{name}");
    assert_eq!(
        record_json::<R>(T::KIND, &stored),
        expected,
        "{name} decodes to its pinned value"
    );
    let value: T = codec::decode(&stored).unwrap_or_else(|e| panic!("{name} v{version}: {e}"));
    if version == T::VERSION {
        assert_eq!(codec::encode(&value), stored, "{name} encodes back byte for byte");
    } else {
        assert_eq!(
            codec::encode(&value)[0],
            T::VERSION,
            "{name} is written at the current version"
        );
    }
}

/// The first value of `table` in the old database.
fn first(db: &Db, table: Table) -> Option<Vec<u8>> {
    let r = db.read().unwrap();
    r.scan(table, &Scan::all().limit(1))
        .unwrap()
        .into_iter()
        .next()
        .map(|(_, v)| v)
}

#[test]
fn every_record_type_has_a_byte_exact_fixture() {
    use sanbao::domain::{
        auth as a, claims as c, documents as d, ledger as l, master as m, settlement as s, stock, warranty as w,
    };
    let (_dir, db) = old_database();
    macro_rules! each {
        ($($name:literal => $table:ident, $ty:ty;)*) => {$(
            check_fixture::<$ty, <$ty as Stored>::Record>($name, 1, first(&db, Table::$table));
        )*};
    }
    each! {
        "part" => Parts, m::Part;
        "location" => Locations, m::Location;
        "dealer" => Dealers, m::Dealer;
        "supplier" => Suppliers, m::Supplier;
        "stock_balance" => Stock, stock::Balance;
        "stock_entry" => StockLedger, l::StockEntry;
        "journal_entry" => Journal, l::JournalEntry;
        "receipt" => Receipts, d::Receipt;
        "transfer" => Transfers, d::Transfer;
        "stocktake" => Stocktakes, d::Stocktake;
        "service_report" => ServiceReports, d::ServiceReport;
        "old_part" => OldParts, c::OldPart;
        "settlement" => Settlements, s::Settlement;
        "supplier_claim" => SupplierClaims, s::SupplierClaim;
        "audit_event" => Audit, d::AuditEvent;
    }
    // The demo database holds no token: the fixture is a token as this format writes it.
    let token = a::Token {
        id: "TK-000001".into(),
        name: "WH-01 scanner 3".into(),
        role: a::Role::Clerk,
        dealer: None,
        locations: vec!["WH-01".into()],
        created_by: "cli".into(),
        created_at: chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 3, 1, 8, 0, 0).unwrap(),
    };
    check_fixture::<a::Token, records::auth::TokenV1>("token", 1, Some(codec::encode(&token)));
    // Claims are at version 3; the version-1 claims of the old database and the version-2
    // fixture are upgraded (to warranty claims citing nothing more).
    let v1 = first(&db, Table::Claims);
    check_fixture::<c::Claim, claims::ClaimV1>("claim", 1, v1.clone());
    let v2 = v1.map(|b| codec::encode(&codec::decode::<c::Claim>(&b).unwrap()));
    check_fixture::<c::Claim, claims::ClaimV2>("claim", 2, v2);
    // Requisitions are at version 2 (the service request cited); version-1 ones are upgraded.
    let v1 = first(&db, Table::Requisitions);
    check_fixture::<d::Requisition, documents::RequisitionV1>("requisition", 1, v1.clone());
    let v2 = v1.map(|b| {
        let mut rq = codec::decode::<d::Requisition>(&b).unwrap();
        assert_eq!(rq.service_request, None, "a version-1 requisition cites no request");
        rq.service_request = Some("SV-000001".into());
        codec::encode(&rq)
    });
    check_fixture::<d::Requisition, documents::RequisitionV2>("requisition", 2, v2);
    check_fixture::<c::Claim, claims::ClaimV2>("claim", 2, None);
    let v2 = std::fs::read(fixtures().join("records/claim_v2.bin")).unwrap();
    let mut claim = codec::decode::<c::Claim>(&v2).unwrap();
    assert_eq!(
        (claim.kind, &claim.campaign, &claim.service_request),
        (c::ClaimKind::Warranty, &None, &None),
        "a version-2 claim is a warranty claim"
    );
    claim.kind = c::ClaimKind::Campaign;
    claim.campaign = Some("RC-2026-01".into());
    claim.preauthorization = Some("PA-000001".into());
    claim.service_request = Some("SV-000001".into());
    check_fixture::<c::Claim, claims::ClaimV3>("claim", 3, Some(codec::encode(&claim)));
    assert_eq!(
        names(claims::ClaimKindV1::ALL),
        ["Warranty", "Campaign", "Goodwill"],
        "stored claim kinds keep their order"
    );
    // Units are at version 2 (the production date); version-1 units are upgraded.
    let v1 = first(&db, Table::Units);
    check_fixture::<w::Unit, warranty::UnitV1>("unit", 1, v1.clone());
    let v2 = v1.map(|b| {
        let mut unit = codec::decode::<w::Unit>(&b).unwrap();
        assert_eq!(unit.built_on, None, "a version-1 unit has no production date");
        unit.built_on = chrono::NaiveDate::from_ymd_opt(2026, 2, 10);
        codec::encode(&unit)
    });
    check_fixture::<w::Unit, warranty::UnitV2>("unit", 2, v2);
    // Policies are at version 2 (pre-authorization and usage settings); version-1
    // policies read with the defaults.
    let v1 = first(&db, Table::Policies);
    check_fixture::<w::Policy, warranty::PolicyV1>("policy", 1, v1.clone());
    let v2 = v1.map(|b| {
        let mut policy = codec::decode::<w::Policy>(&b).unwrap();
        assert_eq!(
            (
                policy.preauth_threshold_fen.get(),
                policy.preauth_valid_days,
                policy.max_km_per_day,
                policy.near_expiry_days
            ),
            (500_000, 30, 1_500, 30),
            "a version-1 policy reads with the defaults"
        );
        policy.preauth_parts = vec!["BD-1023".into()];
        policy.preauth_fault_codes = vec!["ENG-001".into()];
        codec::encode(&policy)
    });
    check_fixture::<w::Policy, warranty::PolicyV2>("policy", 2, v2);
    drafts_and_reversals_have_fixtures();
    attachments_have_fixtures();
    preauth_records_have_fixtures();
}

/// Pre-authorizations, unit readings and the bill of usage: values as this format writes
/// them.
fn preauth_records_have_fixtures() {
    use records::preauth as rp;
    use sanbao::domain::claims::LineKind;
    use sanbao::domain::money::Fen;
    use sanbao::domain::{preauth as pa, usage};
    let at = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 9, 1, 2, 0, 0).unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    let request = pa::Preauthorization {
        number: "PA-000001".into(),
        dealer: "D001".into(),
        unit_serial: "LZYTBGBW5N1000123".into(),
        fault_code: "BRK-021".into(),
        description: "制动盘裂纹".into(),
        goodwill: true,
        lines: vec![pa::EstimateLine {
            line: 1,
            kind: LineKind::Part,
            part_no: Some("BD-1023".into()),
            qty: 2,
            unit_price_fen: Fen(70_920),
            amount_fen: Fen(141_840),
            note: Some("前桥两侧".into()),
        }],
        total_fen: Fen(141_840),
        status: pa::PreauthStatus::Reduced,
        approved_fen: Some(Fen(120_000)),
        expires_on: Some(day),
        decision_note: Some("按标准价".into()),
        decided_by: Some("TK-000005".into()),
        decided_at: Some(at),
        used_by_claim: Some("CL-000009".into()),
        requested_by: "TK-000003".into(),
        created_at: at,
        submitted_at: Some(at),
        updated_at: at,
        version: 4,
    };
    check_fixture::<pa::Preauthorization, rp::PreauthorizationV1>("preauthorization", 1, Some(codec::encode(&request)));
    let reading = usage::UnitReading {
        km: 90_000,
        document: "SR-000001".into(),
        date: day,
    };
    check_fixture::<usage::UnitReading, rp::UnitReadingV1>("unit_reading", 1, Some(codec::encode(&reading)));
    let line = usage::BillOfUsageLine {
        model: "K9-City".into(),
        part_no: "BC-3519".into(),
        qty: 4,
        updated_by: "TK-000001".into(),
        updated_at: at,
    };
    check_fixture::<usage::BillOfUsageLine, rp::BillOfUsageLineV1>("bill_of_usage", 1, Some(codec::encode(&line)));
    campaigns_have_fixtures();
}

/// Campaigns and their listed units: values as this format writes them.
fn campaigns_have_fixtures() {
    use records::campaigns as rc;
    use sanbao::domain::campaigns as cp;
    let at = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 3, 2, 9, 30, 0).unwrap();
    let day = |m, d| chrono::NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    let campaign = cp::Campaign {
        code: "RC-2026-01".into(),
        kind: cp::CampaignKind::Recall,
        title: "后制动软管更换".into(),
        valid_from_date: day(3, 1),
        valid_to_date: day(6, 30),
        labor_operation: "BRK-HOSE".into(),
        standard_minutes: 90,
        kit: vec![cp::KitLine {
            part_no: "FLT-0042".into(),
            qty: 2,
        }],
        allowance_fen: sanbao::domain::money::Fen(5_000),
        status: cp::CampaignStatus::Released,
        units: 40,
        version: 3,
        created_at: at,
        released_at: Some(at),
        closed_at: None,
        updated_at: at,
    };
    check_fixture::<cp::Campaign, rc::CampaignV1>("campaign", 1, Some(codec::encode(&campaign)));
    let unit = cp::CampaignUnit {
        campaign: "RC-2026-01".into(),
        serial: "LZYTBGBW5N1000123".into(),
        dealer: "D001".into(),
        state: cp::UnitState::NotApplicable,
        claim: None,
        done_date: Some(day(3, 9)),
        reason: Some("hose replaced at the factory".into()),
    };
    check_fixture::<cp::CampaignUnit, rc::CampaignUnitV1>("campaign_unit", 1, Some(codec::encode(&unit)));
    assert_eq!(names(rc::CampaignKindV1::ALL), ["Recall", "Service"]);
    assert_eq!(names(rc::CampaignStatusV1::ALL), ["Draft", "Released", "Closed"]);
    assert_eq!(
        names(rc::UnitStateV1::ALL),
        ["Outstanding", "Completed", "NotApplicable"]
    );
}

/// Attachments and their file chunks: values as this format writes them.
fn attachments_have_fixtures() {
    use sanbao::domain::attachments as at;
    let when = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 3, 2, 9, 30, 0).unwrap();
    let attachment = at::Attachment {
        document: "CL-000001".into(),
        seq: 2,
        name: "故障照片.jpg".into(),
        file_type: at::FileType::Jpeg,
        size_bytes: 6,
        sha256: "5a1f3b0e0d7c1b4e4f0c0e33d2b4a5e6f708192a3b4c5d6e7f8091a2b3c4d5e6".into(),
        actor: "TK-000003".into(),
        attached_at: when,
    };
    let chunk = at::FileChunk {
        bytes: vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10],
    };
    check_fixture::<at::Attachment, records::attachments::AttachmentV1>(
        "attachment",
        1,
        Some(codec::encode(&attachment)),
    );
    check_fixture::<at::FileChunk, records::attachments::FileChunkV1>("file_chunk", 1, Some(codec::encode(&chunk)));
}

/// Drafts and reversals came after the demo database: their fixtures are values as this
/// format writes them.
fn drafts_and_reversals_have_fixtures() {
    use sanbao::domain::{drafts as dr, money::Fen, reversals as rv};
    let at = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 3, 2, 9, 30, 0).unwrap();
    let draft = dr::Draft {
        number: "DR-000001".into(),
        kind: dr::DraftKind::TransferDispatch,
        location: "WH-01".into(),
        supplier: None,
        reference: Some("DN-7".into()),
        to: Some("ST-D001".into()),
        mode: Some(sanbao::domain::documents::TransferMode::TwoStep),
        against: None,
        lines: vec![dr::DraftLine {
            line: 1,
            part_no: "BC-3519".into(),
            qty: 10,
            unit_cost_fen: Some(Fen(32000)),
        }],
        status: dr::DraftStatus::Posted,
        posted_as: Some("TR-000001".into()),
        version: 12,
        actor: "TK-000001".into(),
        created_at: at,
        updated_at: at,
    };
    check_fixture::<dr::Draft, records::drafts::DraftV1>("draft", 1, Some(codec::encode(&draft)));
    let reversal = rv::Reversal {
        number: "RV-000001".into(),
        original: "RC-000002".into(),
        original_kind: rv::ReversedKind::Receipt,
        entry: None,
        reason: "供应商送错货".into(),
        moves: vec![rv::Move {
            part_no: "FLT-0042".into(),
            location: "WH-01".into(),
            qty_delta: -4,
            value_delta_fen: Fen(-4004),
        }],
        total_value_fen: Fen(4004),
        actor: "TK-000001".into(),
        posted_at: at,
    };
    check_fixture::<rv::Reversal, records::drafts::ReversalV1>("reversal", 1, Some(codec::encode(&reversal)));
    let issue_reversal = rv::Reversal {
        number: "RV-000002".into(),
        original: "RQ-000001".into(),
        original_kind: rv::ReversedKind::Issue,
        entry: Some(17),
        reason: "发错料".into(),
        moves: vec![rv::Move {
            part_no: "BC-3519".into(),
            location: "ST-D001".into(),
            qty_delta: 1,
            value_delta_fen: Fen(32000),
        }],
        total_value_fen: Fen(0),
        actor: "TK-000001".into(),
        posted_at: at,
    };
    check_fixture::<rv::Reversal, records::drafts::ReversalV2>("reversal", 2, Some(codec::encode(&issue_reversal)));
}

/// Debug names of `variants`, in stored order.
fn names<T: std::fmt::Debug>(variants: &[T]) -> Vec<String> {
    variants.iter().map(|v| format!("{v:?}")).collect()
}

/// Each variant is written as its position: moving one changes what old files mean.
#[test]
fn record_enum_variants_keep_their_stored_positions() {
    macro_rules! pinned {
        ($($ty:ty => [$($v:literal),*];)*) => {$({
            let expected: Vec<&str> = vec![$($v),*];
            assert_eq!(names(<$ty>::ALL), expected, stringify!($ty));
            for (i, v) in <$ty>::ALL.iter().enumerate() {
                let bytes = bincode::serde::encode_to_vec(v, bincode::config::standard()).unwrap();
                assert_eq!(bytes, vec![i as u8], "{} {v:?}", stringify!($ty));
            }
        })*};
    }
    pinned! {
        auth::RoleV1 => ["Admin", "Clerk", "Supervisor", "Dealer", "Reviewer", "Finance"];
        claims::LineKindV1 => ["Part", "Labor", "Travel", "Other"];
        claims::PartSourceV1 => ["CompanyStock", "DealerStock"];
        claims::LineStatusV1 => ["Open", "AwaitingOldPart", "Approved", "Reduced", "Rejected", "Settled"];
        claims::ClaimStatusV1 => ["Draft", "Submitted", "Returned", "Decided", "Settled"];
        claims::TagStatusV1 => ["Due", "Shipped", "Received", "Inspected", "Overdue"];
        claims::DispositionV1 => ["Reusable", "Scrap", "SupplierFault"];
        documents::TransferModeV1 => ["Direct", "TwoStep"];
        documents::TransferStatusV1 => ["Shipped", "PartiallyReceived", "Completed"];
        documents::StocktakeStatusV1 => ["Open", "Posted", "Cancelled"];
        documents::PurposeV1 => ["Warranty", "PaidService", "Internal"];
        documents::RequisitionStatusV1 => ["Draft", "Submitted", "Approved", "Rejected", "PartiallyIssued", "Issued", "Closed", "Cancelled"];
        ledger::SideV1 => ["Debit", "Credit"];
        master::LocationKindV1 => ["Warehouse", "ServiceStation", "InTransit", "OldParts", "Reusable", "Scrap", "SupplierReturn"];
        settlement::SettlementStatusV1 => ["Draft", "Issued", "Confirmed", "Cancelled"];
        settlement::SupplierClaimStatusV1 => ["Draft", "Submitted", "Answered", "Closed"];
        settlement::SupplierOutcomeV1 => ["Accepted", "PartiallyAccepted", "Rejected"];
        warranty::CoverageStartV1 => ["Sale", "Acceptance"];
        findings::SeverityV1 => ["Error", "Warning"];
        records::drafts::DraftKindV1 => ["Receipt", "TransferDispatch", "TransferReceipt", "Issue"];
        records::drafts::DraftStatusV1 => ["Open", "Posted", "Discarded"];
        records::drafts::ReversedKindV1 => ["Receipt", "Transfer", "Issue", "Return"];
        records::attachments::FileTypeV1 => ["Jpeg", "Png", "Pdf"];
        records::preauth::PreauthStatusV1 => ["Draft", "Submitted", "Approved", "Reduced", "Rejected", "Returned", "Cancelled"];
        findings::FindingCodeV1 => ["PolicyMissing", "RegistrationMissing", "RegistrationLate", "WarrantyExpired", "UsageExceeded", "PartNotCovered", "WearPart", "FiledLate", "DuplicateClaim", "LaborOverStandard", "OldPartNotReturned", "OdometerBackwards", "UsageImplausible", "QtyOverUsage", "NearExpiry", "PreauthMissing", "PreauthExpired", "PreauthUsed", "OverPreauth", "CampaignUnitNotListed", "CampaignClosed", "CampaignAlreadyCompleted"];
    }
}

/// Every value of every table in the old database, decoded and re-encoded as its record,
/// equals what `fixtures/db/v1-demo.json` says it was.
#[test]
fn old_database_reads_back_value_by_value() {
    use sanbao::domain::{
        auth as a, claims as c, documents as d, ledger as l, master as m, settlement as s, stock, warranty as w,
    };
    let (_dir, db) = old_database();
    let r = db.read().unwrap();
    let mut dump = serde_json::Map::new();
    // Each value as the record of the version it was written in (all version 1 there).
    macro_rules! tables {
        ($($table:ident => $ty:ty),* $(,)?) => {$({
            let rows: Vec<Value> = r
                .scan(Table::$table, &Scan::all())
                .unwrap()
                .into_iter()
                .map(|(k, v)| {
                    assert_eq!(v[0], 1, "{}", stringify!($table));
                    let record = record_json::<$ty>(stringify!($table), &v);
                    serde_json::json!([hex(&k), record])
                })
                .collect();
            dump.insert(stringify!($table).to_string(), Value::Array(rows));
        })*};
    }
    tables!(Parts => master::PartV1, Locations => master::LocationV1, Dealers => master::DealerV1,
        Suppliers => master::SupplierV1, Stock => records::stock::BalanceV1, StockLedger => ledger::StockEntryV1,
        Journal => ledger::JournalEntryV1, Receipts => documents::ReceiptV1, Transfers => documents::TransferV1,
        Stocktakes => documents::StocktakeV1, Requisitions => documents::RequisitionV1,
        ServiceReports => documents::ServiceReportV1, Units => warranty::UnitV1, Policies => warranty::PolicyV1,
        Claims => claims::ClaimV1, ClaimVersions => claims::ClaimV1, OldParts => claims::OldPartV1,
        Settlements => settlement::SettlementV1, SupplierClaims => settlement::SupplierClaimV1,
        Audit => documents::AuditEventV1, Tokens => auth::TokenV1);
    // And every value still reads as today's domain value (claims through the upgrade).
    macro_rules! reads {
        ($($table:ident => $ty:ty),* $(,)?) => {$(
            for (_, v) in r.scan(Table::$table, &Scan::all()).unwrap() {
                codec::decode::<$ty>(&v).unwrap_or_else(|e| panic!("{}: {e}", stringify!($table)));
            }
        )*};
    }
    reads!(Parts => m::Part, Locations => m::Location, Dealers => m::Dealer, Suppliers => m::Supplier,
        Stock => stock::Balance, StockLedger => l::StockEntry, Journal => l::JournalEntry,
        Receipts => d::Receipt, Transfers => d::Transfer, Stocktakes => d::Stocktake, Requisitions => d::Requisition,
        ServiceReports => d::ServiceReport, Units => w::Unit, Policies => w::Policy, Claims => c::Claim,
        ClaimVersions => c::Claim, OldParts => c::OldPart, Settlements => s::Settlement,
        SupplierClaims => s::SupplierClaim, Audit => d::AuditEvent, Tokens => a::Token);
    let path = fixtures().join("db/v1-demo.json");
    let actual = Value::Object(dump);
    if writing() && !path.exists() {
        std::fs::write(&path, serde_json::to_string(&actual).unwrap() + "\n").unwrap();
    }
    let expected: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    for (table, rows) in expected.as_object().unwrap() {
        let got = actual[table].as_array().unwrap();
        let want = rows.as_array().unwrap();
        assert_eq!(got.len(), want.len(), "{table}: number of records");
        for (g, w) in got.iter().zip(want) {
            assert_eq!(g, w, "{table}");
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Dealer-supply records (funds, payments, orders, shipments, returns): byte-exact
/// fixtures of values as this format writes them, and their enums' stored positions.
#[test]
fn supply_records_have_byte_exact_fixtures() {
    use chrono::TimeZone;
    use records::supply as rs;
    use sanbao::domain::money::Fen;
    use sanbao::domain::supply as s;
    let at = chrono::Utc.with_ymd_and_hms(2026, 3, 2, 9, 30, 0).unwrap();
    let funds = s::DealerFunds {
        dealer: "D001".into(),
        credit_limit_fen: Fen(100_000),
        held_fen: Fen(1_500),
        version: 3,
    };
    check_fixture::<s::DealerFunds, rs::DealerFundsV1>("dealer_funds", 1, Some(codec::encode(&funds)));
    let payment = s::DealerPayment {
        number: "DP-000001".into(),
        dealer: "D001".into(),
        amount_fen: Fen(150_000),
        reference: "ICBC-20260302-0017".into(),
        received_date: chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        recorded_by: "TK-000004".into(),
        recorded_at: at,
    };
    check_fixture::<s::DealerPayment, rs::DealerPaymentV1>("dealer_payment", 1, Some(codec::encode(&payment)));
    let order = s::PartsOrder {
        number: "SO-000001".into(),
        dealer: "D001".into(),
        status: s::OrderStatus::PartiallyShipped,
        lines: vec![s::OrderLine {
            line: 1,
            part_no: "FLT-0042".into(),
            qty: 3,
            unit_price_fen: Fen(500),
            amount_fen: Fen(1_500),
            shipped_qty: 2,
        }],
        total_fen: Fen(1_500),
        shipped_fen: Fen(1_000),
        held_fen: Fen(500),
        note: Some("spring stock".into()),
        version: 4,
        created_by: "demo-dealer-D001".into(),
        created_at: at,
        submitted_at: Some(at),
        released_at: Some(at),
        cancelled_at: None,
        updated_at: at,
    };
    check_fixture::<s::PartsOrder, rs::PartsOrderV1>("parts_order", 1, Some(codec::encode(&order)));
    let shipment = s::Shipment {
        number: "SH-000001".into(),
        order: "SO-000001".into(),
        dealer: "D001".into(),
        location: "WH-01".into(),
        lines: vec![s::ShipmentLine {
            line: 1,
            order_line: 1,
            part_no: "FLT-0042".into(),
            qty: 2,
            unit_price_fen: Fen(500),
            price_fen: Fen(1_000),
            cost_fen: Fen(667),
            returned_qty: 1,
            returned_cost_fen: Fen(334),
            pending_return_qty: 1,
        }],
        price_fen: Fen(1_000),
        cost_fen: Fen(667),
        carrier_ref: Some("SF1234567890".into()),
        shipped_by: "demo-clerk".into(),
        shipped_at: at,
        acknowledged_at: Some(at),
        acknowledged_by: Some("demo-finance".into()),
        signed_copy_ref: Some("archive 2026-03/17".into()),
        version: 2,
        updated_at: at,
    };
    check_fixture::<s::Shipment, rs::ShipmentV1>("shipment", 1, Some(codec::encode(&shipment)));
    let ret = s::DealerReturn {
        number: "RT-000001".into(),
        dealer: "D001".into(),
        shipment: "SH-000001".into(),
        reason: s::ReturnReason::DealerDisassembled,
        freight_fen: Fen(1_200),
        freight_paid_by: s::FreightPayer::Company,
        labor_fen: Fen(3_000),
        status: s::ReturnStatus::Received,
        lines: vec![s::ReturnLine {
            line: 1,
            shipment_line: 1,
            part_no: "FLT-0042".into(),
            qty: 1,
            price_fen: Fen(500),
            cost_fen: Fen(333),
        }],
        price_fen: Fen(500),
        cost_fen: Fen(333),
        location: Some("WH-01".into()),
        note: None,
        version: 2,
        created_by: "demo-dealer-D001".into(),
        created_at: at,
        received_at: Some(at),
        updated_at: at,
    };
    check_fixture::<s::DealerReturn, rs::DealerReturnV1>("dealer_return", 1, Some(codec::encode(&ret)));
    let pinned = |names: Vec<String>, expected: &[&str], bytes: Vec<Vec<u8>>| {
        assert_eq!(names, expected);
        for (i, b) in bytes.iter().enumerate() {
            assert_eq!(b, &vec![i as u8]);
        }
    };
    pinned(
        names(rs::OrderStatusV1::ALL),
        &[
            "Draft",
            "Submitted",
            "Released",
            "PartiallyShipped",
            "Shipped",
            "Cancelled",
        ],
        rs::OrderStatusV1::ALL
            .iter()
            .map(|v| bincode::serde::encode_to_vec(v, bincode::config::standard()).unwrap())
            .collect(),
    );
    pinned(
        names(rs::ReturnReasonV1::ALL),
        &["Quality", "DealerDisassembled", "Unsold"],
        rs::ReturnReasonV1::ALL
            .iter()
            .map(|v| bincode::serde::encode_to_vec(v, bincode::config::standard()).unwrap())
            .collect(),
    );
    pinned(
        names(rs::FreightPayerV1::ALL),
        &["Company", "Dealer"],
        rs::FreightPayerV1::ALL
            .iter()
            .map(|v| bincode::serde::encode_to_vec(v, bincode::config::standard()).unwrap())
            .collect(),
    );
    pinned(
        names(rs::ReturnStatusV1::ALL),
        &["Requested", "Received", "Cancelled"],
        rs::ReturnStatusV1::ALL
            .iter()
            .map(|v| bincode::serde::encode_to_vec(v, bincode::config::standard()).unwrap())
            .collect(),
    );
}

/// Reorder levels: a value as this format writes it.
#[test]
fn reorder_level_has_a_byte_exact_fixture() {
    use chrono::TimeZone;
    use records::reorder as rr;
    use sanbao::domain::reorder as r;
    let level = r::ReorderLevel {
        location: "WH-01".into(),
        part_no: "FLT-0042".into(),
        min_qty: 10,
        max_qty: 40,
        lead_days: Some(5),
        updated_by: "TK-000001".into(),
        updated_at: chrono::Utc.with_ymd_and_hms(2026, 3, 2, 9, 30, 0).unwrap(),
    };
    check_fixture::<r::ReorderLevel, rr::ReorderLevelV1>("reorder_level", 1, Some(codec::encode(&level)));
}
