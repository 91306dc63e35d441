//! Tampering with the stored data: each kind of difference is found and named.

use super::*;
use crate::commands::master::{LocationInput, PartInput};
use crate::commands::receipts::{ReceiptInput, ReceiptLineInput};
use crate::commands::{Ctx, master, receipts};
use crate::domain::master::LocationKind;
use crate::domain::money::Fen;
use crate::error::Error;
use crate::store::{Db, repo};

/// The report, checked to be the same whether the parts run in turn or on two threads.
fn report(db: &Db) -> Report {
    let tx = db.read().unwrap();
    let one = run(&tx).unwrap();
    assert_eq!(run_snapshot(&tx).unwrap(), one);
    one
}

fn codes(db: &Db) -> Vec<String> {
    let mut c: Vec<String> = report(db).differences.into_iter().map(|d| d.code).collect();
    c.sort();
    c.dedup();
    c
}

/// Each kind of tampering is named with its own code.
#[test]
fn tampering_is_found_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("r.redb")).unwrap();
    let ctx = Ctx::system("t", chrono::Utc::now());
    db.write_once(|w| {
        let loc = LocationInput {
            code: "WH".into(),
            name: "WH".into(),
            kind: LocationKind::Warehouse,
            dealer: None,
        };
        master::create_location(w, &ctx, loc)?;
        let part = PartInput {
            part_no: "P".into(),
            name: "P".into(),
            unit: "pc".into(),
            barcodes: vec![],
            standard_cost_fen: Fen(1),
            dealer_price_fen: Fen(1),
            supplier: None,
            warranty_covered: false,
            return_required: false,
            wear_part: false,
        };
        master::create_part(w, &ctx, part)?;
        for _ in 0..2 {
            let line = ReceiptLineInput {
                part_no: Some("P".into()),
                barcode: None,
                qty: 2,
                unit_cost_fen: Fen(10),
            };
            receipts::post(
                w,
                &ctx,
                ReceiptInput {
                    location: "WH".into(),
                    supplier: None,
                    reference: None,
                    lines: vec![line],
                },
            )?;
        }
        Ok::<_, Error>(())
    })
    .unwrap();
    assert_eq!(codes(&db), Vec::<String>::new());
    // A stock balance that disagrees with its ledger and the books.
    db.write_once(|w| {
        let b = crate::domain::stock::Balance {
            qty: 5,
            value_fen: Fen(50),
        };
        repo::put(w, Table::Stock, repo::stock_key("P", "WH"), &b);
        Ok::<_, Error>(())
    })
    .unwrap();
    assert_eq!(codes(&db), vec!["inventory_mismatch", "stock_balance_mismatch"]);
    // Each names the document of the latest entry behind it: the second receipt.
    let second = report(&db)
        .differences
        .iter()
        .map(|d| d.document.clone())
        .collect::<Vec<_>>();
    assert_eq!(second, vec![Some("RC-000002".to_string()); 2]);
    // A journal entry that vanished.
    db.write_once(|w| {
        w.delete(Table::Journal, repo::seq_key(1));
        Ok::<_, Error>(())
    })
    .unwrap();
    let found = codes(&db);
    assert!(
        found.contains(&"sequence_gap".to_string()) && found.contains(&"account_balance_mismatch".to_string()),
        "{found:?}"
    );
    let account = report(&db)
        .differences
        .into_iter()
        .find(|d| d.code == "account_balance_mismatch");
    assert_eq!(account.and_then(|d| d.document).as_deref(), Some("RC-000002"));
    // The vanished entry's by-document index entry now dangles.
    assert!(found.contains(&"index_entry_dangling".to_string()), "{found:?}");
}

/// An index entry removed or added behind the records' back is named.
#[test]
fn index_tampering_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("i.redb")).unwrap();
    crate::fixtures::load_demo(&db, chrono::Utc::now()).unwrap();
    assert!(report(&db).balanced);
    let claim = crate::store::indexes::doc_entry(DocumentKind::Claim.prefix(), "D001", 1);
    db.write_once(|w| {
        w.delete(Table::DocsByDealer, claim.clone());
        w.put(
            Table::OldPartsByStatus,
            crate::store::indexes::doc_prefix("due", "OP-X"),
            Vec::new(),
        );
        Ok::<_, Error>(())
    })
    .unwrap();
    let report = report(&db);
    let named: Vec<(&str, &str)> = report
        .differences
        .iter()
        .map(|d| (d.code.as_str(), d.message.as_str()))
        .collect();
    assert_eq!(report.difference_count, 2, "{named:?}");
    assert!(named.contains(&(
        "index_entry_missing",
        "docs_by_dealer_v1 lacks the entry (CL, D001, 1) its record needs"
    )));
    assert!(named.contains(&(
        "index_entry_dangling",
        "old_parts_by_status_v1 holds the entry (due, OP-X) but no record matches it"
    )));
}
