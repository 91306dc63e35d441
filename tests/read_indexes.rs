//! The indexes that keep report pages bounded: claims by filing date (dealer risk) and
//! transfers not yet completed by destination (reorder suggestions). Each agrees with
//! its records at every step of the claim and transfer workflows over HTTP; a database
//! from an earlier build gets them when opened; reconciliation names an entry missing or
//! left over.

mod common;

use common::{CLERK, DEALER, FINANCE, REVIEWER, TestApp, claim_body, repaired};
use sanbao::domain::claims::Claim;
use sanbao::domain::documents::{Transfer, TransferStatus};
use sanbao::store::keys::{Key, KeyReader};
use sanbao::store::{Read, Scan, Table, codec};
use serde_json::json;
use std::collections::BTreeSet;

/// (date or destination, number) pairs the index holds.
fn held(app: &TestApp, index: Table) -> BTreeSet<(String, u64)> {
    let r = app.db.read().unwrap();
    r.scan(index, &Scan::all())
        .unwrap()
        .into_iter()
        .map(|(k, _)| {
            let mut kr = KeyReader::new(&k);
            (kr.str().unwrap(), kr.u64().unwrap())
        })
        .collect()
}

fn number(key: &[u8]) -> u64 {
    KeyReader::new(key).u64().unwrap()
}

/// What the filing-date index must hold, from the claims themselves.
fn filed_claims(app: &TestApp) -> BTreeSet<(String, u64)> {
    let r = app.db.read().unwrap();
    r.scan(Table::Claims, &Scan::all())
        .unwrap()
        .into_iter()
        .filter_map(|(k, v)| {
            let c: Claim = codec::decode(&v).unwrap();
            c.filing_date.map(|d| (d.to_string(), number(&k)))
        })
        .collect()
}

/// What the open-transfers index must hold, from the transfers themselves.
fn open_transfers(app: &TestApp) -> BTreeSet<(String, u64)> {
    let r = app.db.read().unwrap();
    r.scan(Table::Transfers, &Scan::all())
        .unwrap()
        .into_iter()
        .filter_map(|(k, v)| {
            let t: Transfer = codec::decode(&v).unwrap();
            (t.status != TransferStatus::Completed).then(|| (t.to, number(&k)))
        })
        .collect()
}

/// (status, number) of the transfers `docs_by_status_v1` holds.
fn held_transfer_statuses(app: &TestApp) -> BTreeSet<(String, u64)> {
    let r = app.db.read().unwrap();
    let prefix = Key::new().str("TR").into_bytes();
    r.scan(Table::DocsByStatus, &Scan::prefix(&prefix))
        .unwrap()
        .into_iter()
        .map(|(k, _)| {
            let mut kr = KeyReader::new(&k);
            kr.str().unwrap();
            (kr.str().unwrap(), kr.u64().unwrap())
        })
        .collect()
}

/// What the by-status index must hold for transfers, from the transfers themselves.
fn transfer_statuses(app: &TestApp) -> BTreeSet<(String, u64)> {
    let r = app.db.read().unwrap();
    r.scan(Table::Transfers, &Scan::all())
        .unwrap()
        .into_iter()
        .map(|(k, v)| {
            let t: Transfer = codec::decode(&v).unwrap();
            let status = match t.status {
                TransferStatus::Shipped => "shipped",
                TransferStatus::PartiallyReceived => "partially_received",
                TransferStatus::Completed => "completed",
            };
            (status.to_string(), number(&k))
        })
        .collect()
}

/// Numbers of the transfers `GET /stock/transfers?status=…` lists.
async fn listed(app: &TestApp, status: &str) -> Vec<String> {
    let page = app
        .get(&format!("/api/v1/stock/transfers?status={status}"), CLERK)
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    page.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["number"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn the_filing_date_index_follows_the_claim_workflow() {
    let app = repaired(Some("2026-03-10")).await;
    app.ok("/api/v1/claims", DEALER, claim_body(), 201).await;
    assert!(held(&app, Table::ClaimsByFilingDate).is_empty(), "a draft is not filed");
    app.ok("/api/v1/claims/CL-000001/submit", DEALER, json!({}), 200).await;
    let want = BTreeSet::from([("2026-09-15".to_string(), 1)]);
    assert_eq!(filed_claims(&app), want);
    assert_eq!(held(&app, Table::ClaimsByFilingDate), want);

    // Returned to the dealer and submitted again: still filed on its first date.
    app.ok(
        "/api/v1/claims/CL-000001/review",
        REVIEWER,
        json!({"action": "return", "comment": "photo of the plate"}),
        200,
    )
    .await;
    assert_eq!(held(&app, Table::ClaimsByFilingDate), filed_claims(&app));
    app.ok("/api/v1/claims/CL-000001/submit", DEALER, json!({}), 200).await;
    assert_eq!(held(&app, Table::ClaimsByFilingDate), filed_claims(&app));
    assert_eq!(held(&app, Table::ClaimsByFilingDate), want);

    // The report reads it: the claim counts in its window and not before it.
    let risk = app
        .get("/api/v1/reports/dealer-risk?report_date=2026-09-15", REVIEWER)
        .await;
    assert_eq!(risk.status, 200, "{}", risk.body);
    let d001 = risk.body["dealers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["dealer"] == "D001")
        .cloned()
        .unwrap();
    assert_eq!(d001["claims"], 1);
    let before = app
        .get("/api/v1/reports/dealer-risk?report_date=2026-09-14", REVIEWER)
        .await;
    assert!(
        before.body["dealers"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["claims"] == 0),
        "{}",
        before.body
    );
    app.assert_balanced().await;
}

#[tokio::test]
async fn the_open_transfers_index_follows_the_transfer_workflow() {
    let app = TestApp::new();
    app.seed_scenario().await;
    app.ok(
        "/api/v1/stock/receipts",
        CLERK,
        json!({"location": "WH-01", "supplier": "S-03", "reference": "DN-1",
            "lines": [{"part_no": "BC-3519", "qty": 10, "unit_cost_fen": 32000}]}),
        201,
    )
    .await;
    app.ok(
        "/api/v1/stock/transfers",
        CLERK,
        json!({"from": "WH-01", "to": "WH-02", "mode": "direct", "lines": [{"part_no": "BC-3519", "qty": 1}]}),
        201,
    )
    .await;
    assert!(
        held(&app, Table::TransfersOpenByDestination).is_empty(),
        "a direct transfer is complete"
    );
    app.ok(
        "/api/v1/stock/transfers",
        CLERK,
        json!({"from": "WH-01", "to": "ST-D001", "mode": "two_step", "lines": [{"part_no": "BC-3519", "qty": 2}]}),
        201,
    )
    .await;
    let want = BTreeSet::from([("ST-D001".to_string(), 2)]);
    assert_eq!(open_transfers(&app), want);
    assert_eq!(held(&app, Table::TransfersOpenByDestination), want);
    let statuses = BTreeSet::from([("completed".to_string(), 1), ("shipped".to_string(), 2)]);
    assert_eq!(transfer_statuses(&app), statuses);
    assert_eq!(held_transfer_statuses(&app), statuses);
    assert_eq!(listed(&app, "shipped").await, ["TR-000002"]);
    assert_eq!(listed(&app, "completed").await, ["TR-000001"]);
    let incoming = |body: &serde_json::Value| {
        body["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["part_no"] == "BC-3519")
            .map(|r| r["incoming"].as_i64().unwrap())
    };
    let s = app
        .get("/api/v1/stock/reorder-suggestions?location=ST-D001", CLERK)
        .await;
    assert_eq!(s.status, 200, "{}", s.body);
    assert_eq!(incoming(&s.body), None, "no level and no usage: no row");

    let t = app
        .ok(
            "/api/v1/stock/transfers/TR-000002/receipts",
            DEALER,
            json!({"lines": [{"barcode": "6901234535190"}]}),
            200,
        )
        .await;
    assert_eq!(t["status"], "partially_received");
    assert_eq!(held(&app, Table::TransfersOpenByDestination), want);
    assert_eq!(held_transfer_statuses(&app), transfer_statuses(&app));
    assert!(listed(&app, "shipped").await.is_empty());
    assert_eq!(listed(&app, "partially_received").await, ["TR-000002"]);
    let t = app
        .ok(
            "/api/v1/stock/transfers/TR-000002/receipts",
            DEALER,
            json!({"lines": [{"barcode": "6901234535190"}]}),
            200,
        )
        .await;
    assert_eq!(t["status"], "completed");
    assert!(held(&app, Table::TransfersOpenByDestination).is_empty());
    assert_eq!(open_transfers(&app), BTreeSet::new());
    assert_eq!(held_transfer_statuses(&app), transfer_statuses(&app));
    assert_eq!(listed(&app, "completed").await, ["TR-000002", "TR-000001"]);
    app.assert_balanced().await;
}

#[tokio::test]
async fn reconciliation_names_a_missing_or_left_over_entry() {
    let app = TestApp::new();
    sanbao::fixtures::load_demo(&app.db, chrono::Utc::now()).unwrap();
    let filed = held(&app, Table::ClaimsByFilingDate);
    assert!(!filed.is_empty(), "the demo has filed claims");
    assert_eq!(filed, filed_claims(&app));
    assert_eq!(held(&app, Table::TransfersOpenByDestination), open_transfers(&app));
    let (date, n) = filed.iter().next().cloned().unwrap();
    reconciliation_names_both(
        &app,
        (
            Table::ClaimsByFilingDate,
            Key::new().str(&date).u64(n),
            format!("{date}, {n}"),
        ),
        (
            Table::TransfersOpenByDestination,
            Key::new().str("ST-D009").u64(999),
            "ST-D009, 999".into(),
        ),
    );
}

/// Deletes one index entry and adds one no record explains, each (index, key, the key
/// written out), and checks that reconciliation names those two and nothing else.
fn reconciliation_names_both(app: &TestApp, deleted: (Table, Key, String), added: (Table, Key, String)) {
    app.db
        .write_once(|w| {
            w.delete(deleted.0, deleted.1.clone().into_bytes());
            w.put(added.0, added.1.clone().into_bytes(), Vec::new());
            Ok::<_, sanbao::store::StoreError>(())
        })
        .unwrap();
    let report = sanbao::queries::reconciliation::run(&app.db.read().unwrap()).unwrap();
    let named: Vec<(&str, &str)> = report
        .differences
        .iter()
        .map(|d| (d.code.as_str(), d.message.as_str()))
        .collect();
    assert_eq!(report.difference_count, 2, "{named:?}");
    let missing = format!("{} lacks the entry ({}) its record needs", deleted.0.name(), deleted.2);
    assert!(named.contains(&("index_entry_missing", missing.as_str())), "{named:?}");
    let dangling = format!(
        "{} holds the entry ({}) but no record matches it",
        added.0.name(),
        added.2
    );
    assert!(
        named.contains(&("index_entry_dangling", dangling.as_str())),
        "{named:?}"
    );
}

/// Every entry of the by-part ledger index and the by-account postings index, with its value.
fn index_values(db: &sanbao::store::Db) -> Vec<(Vec<u8>, Vec<u8>)> {
    let r = db.read().unwrap();
    let mut out = r.scan(Table::LedgerByPart, &Scan::all()).unwrap();
    out.extend(r.scan(Table::AccountEntries, &Scan::all()).unwrap());
    out
}

/// A database written before these indexes existed (every other index built) gets them
/// when opened, once; so do the values of the ledger indexes.
#[test]
fn a_database_from_an_earlier_build_gets_them_once() {
    if common::redb_only("reopens a redb file") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.redb");
    let db = sanbao::store::Db::open(&path).unwrap();
    sanbao::fixtures::load_demo(&db, chrono::Utc::now()).unwrap();
    let expected = |db: &sanbao::store::Db| {
        let r = db.read().unwrap();
        let mut want = 0;
        for (_, v) in r.scan(Table::Claims, &Scan::all()).unwrap() {
            want += codec::decode::<Claim>(&v).unwrap().filing_date.is_some() as usize;
        }
        (want, r.scan(Table::ClaimsByFilingDate, &Scan::all()).unwrap().len())
    };
    let usage = |db: &sanbao::store::Db| {
        let r = db.read().unwrap();
        r.scan(Table::LedgerUsageByLocation, &Scan::all()).unwrap().len()
    };
    let transfer_index = |db: &sanbao::store::Db| {
        let r = db.read().unwrap();
        let prefix = Key::new().str("TR").into_bytes();
        (
            r.scan(Table::Transfers, &Scan::all()).unwrap().len(),
            r.scan(Table::DocsByStatus, &Scan::prefix(&prefix)).unwrap().len(),
        )
    };
    let (transfers, _) = transfer_index(&db);
    assert!(transfers > 0, "the demo moves stock between locations");
    assert_eq!(transfer_index(&db), (transfers, transfers));
    let values = index_values(&db);
    assert!(values.iter().all(|(_, v)| !v.is_empty()));
    let used = usage(&db);
    assert!(used > 0, "the demo issues parts");
    let (want, built) = expected(&db);
    assert!(want > 0);
    assert_eq!(built, want);
    // As an earlier build left it: no entries, no mark.
    db.write_once(|w| {
        for t in [
            Table::ClaimsByFilingDate,
            Table::TransfersOpenByDestination,
            Table::LedgerUsageByLocation,
        ] {
            for (k, _) in w.scan(t, &Scan::all())? {
                w.delete(t, k);
            }
        }
        w.delete(Table::Meta, Key::new().str("read_indexes_built").str("v1").into_bytes());
        w.delete(Table::Meta, Key::new().str("ledger_usage_built").str("v1").into_bytes());
        for (k, _) in w.scan(Table::DocsByStatus, &Scan::prefix(&Key::new().str("TR").into_bytes()))? {
            w.delete(Table::DocsByStatus, k);
        }
        w.delete(
            Table::Meta,
            Key::new().str("transfers_by_status_built").str("v1").into_bytes(),
        );
        // Index values as an earlier build wrote them: none by part, amounts alone by account.
        for (k, _) in w.scan(Table::LedgerByPart, &Scan::all())? {
            w.put(Table::LedgerByPart, k, Vec::new());
        }
        for (k, v) in w.scan(Table::AccountEntries, &Scan::all())? {
            w.put(Table::AccountEntries, k, v[..8].to_vec());
        }
        w.delete(Table::Meta, Key::new().str("index_values_built").str("v1").into_bytes());
        Ok::<_, sanbao::store::StoreError>(())
    })
    .unwrap();
    assert_eq!(expected(&db).1, 0);
    assert_eq!(transfer_index(&db), (transfers, 0));
    drop(db);
    let db = sanbao::store::Db::open(&path).unwrap();
    assert_eq!(expected(&db), (want, want));
    assert_eq!(transfer_index(&db), (transfers, transfers));
    assert_eq!(
        index_values(&db),
        values,
        "the locations and business dates written again"
    );
    assert_eq!(usage(&db), used);
    assert!(
        sanbao::queries::reconciliation::run(&db.read().unwrap())
            .unwrap()
            .balanced
    );
    // Once: an entry removed now stays removed on the next open, and is named.
    db.write_once(|w| {
        for (k, _) in w.scan(Table::ClaimsByFilingDate, &Scan::all().limit(1))? {
            w.delete(Table::ClaimsByFilingDate, k);
        }
        Ok::<_, sanbao::store::StoreError>(())
    })
    .unwrap();
    drop(db);
    let db = sanbao::store::Db::open(&path).unwrap();
    assert_eq!(expected(&db), (want, want - 1));
    let report = sanbao::queries::reconciliation::run(&db.read().unwrap()).unwrap();
    assert_eq!(report.difference_count, 1);
    assert_eq!(report.differences[0].code, "index_entry_missing");
}

/// What the usage index must hold, from the ledger: requisition entries and the entries
/// of reversals of an issue or a return (here every reversal is one).
fn usage_entries(app: &TestApp) -> BTreeSet<(String, u64)> {
    let r = app.db.read().unwrap();
    r.scan(Table::StockLedger, &Scan::all())
        .unwrap()
        .into_iter()
        .filter_map(|(_, v)| {
            let e: sanbao::domain::ledger::StockEntry = codec::decode(&v).unwrap();
            let doc = e.document.as_str();
            (doc.starts_with("RQ-") || doc.starts_with("RV-")).then_some((e.location, e.seq))
        })
        .collect()
}

#[tokio::test]
async fn the_usage_index_follows_issues_returns_and_their_reversals() {
    let app = repaired(Some("2026-03-10")).await;
    let issued = usage_entries(&app);
    assert_eq!(issued.len(), 1, "the scenario's one issue");
    assert_eq!(held(&app, Table::LedgerUsageByLocation), issued);
    let all_at_station = {
        let r = app.db.read().unwrap();
        r.scan(
            Table::LedgerByLocation,
            &Scan::prefix(&Key::new().str("ST-D001").into_bytes()),
        )
        .unwrap()
        .len()
    };
    assert!(all_at_station > issued.len(), "the transfer in is not usage");

    app.ok(
        "/api/v1/requisitions/RQ-000001/returns",
        DEALER,
        json!({"part_no": "BC-3519"}),
        200,
    )
    .await;
    let seq = held(&app, Table::LedgerUsageByLocation)
        .iter()
        .map(|e| e.1)
        .max()
        .unwrap();
    app.ok(
        "/api/v1/requisitions/RQ-000001/reversals",
        DEALER,
        json!({"entry": seq, "reason": "returned by mistake"}),
        201,
    )
    .await;
    let want = usage_entries(&app);
    assert_eq!(want.len(), 3, "the issue, its return, the return's reversal");
    assert_eq!(held(&app, Table::LedgerUsageByLocation), want);
    app.assert_balanced().await;

    // Reconciliation names an entry removed or added behind the ledger's back.
    let (location, first) = want.iter().next().cloned().unwrap();
    reconciliation_names_both(
        &app,
        (
            Table::LedgerUsageByLocation,
            Key::new().str(&location).u64(first),
            format!("{location}, {first}"),
        ),
        (
            Table::LedgerUsageByLocation,
            Key::new().str("WH-01").u64(1),
            "WH-01, 1".into(),
        ),
    );
}

/// Rewrites every entry of `table` with the value `old` makes of it, as an earlier build
/// wrote them.
fn rewrite_values(app: &TestApp, table: Table, old: fn(&[u8]) -> Vec<u8>) {
    app.db
        .write_once(|w| {
            for (k, v) in w.scan(table, &Scan::all())? {
                w.put(table, k, old(&v));
            }
            Ok::<_, sanbao::store::StoreError>(())
        })
        .unwrap();
}

/// One part's ledger at one location skips the part's entries elsewhere by the location
/// its index entry names, and an account's statement dates postings by their index
/// entries; entries written before those were kept answer the same.
#[tokio::test]
async fn part_ledger_at_a_location_and_statements_read_their_index_entries() {
    let app = TestApp::new();
    sanbao::fixtures::load_demo(&app.db, chrono::Utc::now()).unwrap();
    let all = app.get("/api/v1/stock/ledger?limit=500", CLERK).await.body["items"].clone();
    let all = all.as_array().unwrap();
    let at = |p: &str| -> BTreeSet<String> {
        all.iter()
            .filter(|e| e["part_no"] == p)
            .map(|e| e["location"].as_str().unwrap().to_string())
            .collect()
    };
    let part = all
        .iter()
        .map(|e| e["part_no"].as_str().unwrap())
        .find(|p| at(p).len() > 1)
        .expect("a part moved at two locations")
        .to_string();
    let ledgers = || async {
        let mut out = Vec::new();
        for l in at(&part) {
            let page = app
                .get(
                    &format!("/api/v1/stock/ledger?part={part}&location={l}&limit=500"),
                    CLERK,
                )
                .await;
            assert_eq!(page.status, 200, "{}", page.body);
            let items = page.body["items"].as_array().unwrap().clone();
            let want = all
                .iter()
                .filter(|e| e["part_no"] == *part && e["location"] == *l)
                .count();
            assert_eq!(items.len(), want, "{part} at {l}");
            assert!(items.iter().all(|e| e["location"] == *l), "{part} at {l}");
            out.push(items);
        }
        out
    };
    let today = sanbao::domain::warranty::business_date(chrono::Utc::now());
    let days = |n: i64| (today - chrono::Duration::days(n)).to_string();
    let periods = [
        String::new(),
        format!("from_date={}", days(20)),
        format!("from_date={}&to_date={}", days(20), days(10)),
        format!("to_date={}", days(5)),
    ];
    let statements = || async {
        let mut out = Vec::new();
        for p in &periods {
            let s = app
                .get(&format!("/api/v1/accounts/inventory:WH-01/statement?{p}"), FINANCE)
                .await;
            assert_eq!(s.status, 200, "{}", s.body);
            out.push(s.body);
        }
        out
    };
    let (ledger, statement) = (ledgers().await, statements().await);
    assert!(statement.iter().any(|s| s["postings"].as_u64() > Some(0)));
    assert!(statement[0]["postings"] != statement[2]["postings"], "{statement:?}");

    rewrite_values(&app, Table::LedgerByPart, |_| Vec::new());
    rewrite_values(&app, Table::AccountEntries, |v| v[..8].to_vec());
    assert_eq!(ledgers().await, ledger);
    assert_eq!(statements().await, statement);
}
