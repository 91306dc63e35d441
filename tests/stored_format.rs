//! Records written by earlier builds still decode: `fixtures/records/` holds values as
//! they were stored, byte for byte. Never regenerate a fixture of a released version; add
//! a new one when a record gets a new version.

use chrono::{TimeZone, Utc};
use sanbao::domain::ledger::{JournalEntry, JournalLine, Side, StockEntry};
use sanbao::domain::master::Part;
use sanbao::domain::money::Fen;
use sanbao::store::codec::{self, Stored};

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/records")
        .join(name)
}

fn part_v1() -> Part {
    Part {
        part_no: "BC-3519".into(),
        name: "Brake chamber T24/30".into(),
        unit: "pc".into(),
        barcodes: vec!["6901234535190".into()],
        standard_cost_fen: Fen(32_000),
        dealer_price_fen: Fen(38_000),
        supplier: Some("S-03".into()),
        warranty_covered: true,
        return_required: true,
        wear_part: false,
        version: 3,
        updated_at: Utc.with_ymd_and_hms(2026, 9, 15, 8, 30, 0).unwrap(),
    }
}

fn stock_entry_v1() -> StockEntry {
    StockEntry {
        seq: 42,
        part_no: "BC-3519".into(),
        location: "ST-D001".into(),
        qty_delta: -1,
        value_delta_fen: Fen(-32_000),
        qty_after: 3,
        value_after_fen: Fen(96_000),
        document: "RQ-000007".into(),
        actor: "TK-000002".into(),
        at: Utc.with_ymd_and_hms(2026, 9, 14, 10, 0, 0).unwrap(),
    }
}

fn journal_v1() -> JournalEntry {
    JournalEntry {
        seq: 7,
        document: "RC-000001".into(),
        memo: "goods received".into(),
        lines: vec![
            JournalLine {
                account: "inventory:WH-01".into(),
                side: Side::Debit,
                amount_fen: Fen(320_000),
            },
            JournalLine {
                account: "grni".into(),
                side: Side::Credit,
                amount_fen: Fen(320_000),
            },
        ],
        actor: "TK-000001".into(),
        at: Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap(),
    }
}

fn check<T: Stored + PartialEq + std::fmt::Debug>(name: &str, expected: T) {
    let path = fixture(name);
    if std::env::var_os("WRITE_RECORD_FIXTURES").is_some() && !path.exists() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, codec::encode(&expected)).unwrap();
    }
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(bytes[0], 1, "{name} is a version-1 record");
    assert_eq!(codec::decode::<T>(&bytes).unwrap(), expected);
}

#[test]
fn version_1_records_decode() {
    check("part_v1.bin", part_v1());
    check("stock_entry_v1.bin", stock_entry_v1());
    check("journal_entry_v1.bin", journal_v1());
}

/// Garbage never panics any stored-record decoder, nor the barcode, tag, document-number
/// and key parsers; a valid version byte in front of garbage is still refused cleanly.
#[test]
fn garbage_never_panics_the_decoders() {
    use proptest::prelude::*;
    use sanbao::domain::{auth, claims, code39, documents as d, master, settlement, stock, validate, warranty};
    use sanbao::store::{keys::KeyReader, repo};
    let config = ProptestConfig {
        cases: 2_000,
        ..ProptestConfig::default()
    };
    proptest!(config, |(mut bytes in proptest::collection::vec(any::<u8>(), 0..300), v1: bool, text in "\\PC{0,40}")| {
        if v1 && !bytes.is_empty() {
            bytes[0] = 1;
        }
        let _ = codec::decode::<Part>(&bytes);
        let _ = codec::decode::<StockEntry>(&bytes);
        let _ = codec::decode::<JournalEntry>(&bytes);
        let _ = codec::decode::<master::Location>(&bytes);
        let _ = codec::decode::<master::Supplier>(&bytes);
        let _ = codec::decode::<stock::Balance>(&bytes);
        let _ = codec::decode::<d::Receipt>(&bytes);
        let _ = codec::decode::<d::Transfer>(&bytes);
        let _ = codec::decode::<d::Stocktake>(&bytes);
        let _ = codec::decode::<d::Requisition>(&bytes);
        let _ = codec::decode::<d::ServiceReport>(&bytes);
        let _ = codec::decode::<d::AuditEvent>(&bytes);
        let _ = codec::decode::<warranty::Unit>(&bytes);
        let _ = codec::decode::<warranty::Policy>(&bytes);
        let _ = codec::decode::<claims::Claim>(&bytes);
        let _ = codec::decode::<claims::OldPart>(&bytes);
        let _ = codec::decode::<settlement::Settlement>(&bytes);
        let _ = codec::decode::<settlement::SupplierClaim>(&bytes);
        let _ = codec::decode::<auth::Token>(&bytes);
        let _ = repo::decode_fen(&bytes);
        let mut k = KeyReader::new(&bytes);
        let _ = (k.str(), k.u64());
        let _ = repo::seq_of_indexed(&bytes);
        let _ = validate::barcode("b", &text);
        let _ = validate::code("c", &text);
        let _ = repo::doc_key("CL", &text);
        let _ = code39::svg(&text, 10);
    });
    assert!(codec::decode::<Part>(&[9, 1, 2]).is_err(), "unknown version is refused");
    assert!(codec::decode::<Part>(&[]).is_err());
}
