//! Documents built by scanning, reversals (红冲) and the stocktake preview, over HTTP:
//! ten scans are ten units on one line of one document, a draft writes nothing until it
//! posts, a reversal posts the exact opposite and is refused once the stock has left.

mod common;

use axum::http::Method;
use common::{ADMIN, CLERK, DEALER, FINANCE, TestApp};
use serde_json::{Value, json};

async fn scan(app: &TestApp, draft: &str, key: &str, body: Value) -> common::Answer {
    app.call(
        Method::POST,
        &format!("/api/v1/drafts/{draft}/scans"),
        Some(CLERK),
        Some(body),
        &[("idempotency-key", key)],
    )
    .await
}

async fn journal_count(app: &TestApp) -> usize {
    let a = app.get("/api/v1/journal?limit=500", FINANCE).await;
    a.body["items"].as_array().unwrap().len()
}

/// Ten fast scans of one barcode (one retried) make one receipt of ten units with one
/// journal entry; the draft itself moves no stock.
#[tokio::test]
async fn ten_scans_are_one_receipt_of_ten_units() {
    let app = TestApp::new();
    app.seed_scenario().await;
    let d = app
        .ok(
            "/api/v1/drafts",
            CLERK,
            json!({"kind": "receipt", "location": "WH-01", "supplier": "S-03", "reference": "DN-7"}),
            201,
        )
        .await;
    let number = d["number"].as_str().unwrap().to_string();
    assert_eq!(number, "DR-000001");
    for i in 0..10 {
        let a = scan(&app, &number, &format!("scan-{i}"), json!({"barcode": "6901234535190"})).await;
        assert_eq!(a.status, 200, "{}", a.body);
    }
    // A retried scan is answered from the first and adds nothing.
    let again = scan(&app, &number, "scan-9", json!({"barcode": "6901234535190"})).await;
    assert_eq!(again.headers["idempotent-replayed"], "true");
    let d = app.get(&format!("/api/v1/drafts/{number}"), CLERK).await.body;
    assert_eq!(d["lines"].as_array().unwrap().len(), 1);
    assert_eq!(d["lines"][0]["qty"], 10);
    assert_eq!(
        d["lines"][0]["unit_cost_fen"], 32000,
        "the part's standard cost by default"
    );
    assert_eq!(app.stock("BC-3519", "WH-01").await, (0, 0), "a draft moves no stock");
    assert_eq!(journal_count(&app).await, 0, "a draft posts no journal entry");

    let posted = app
        .ok(&format!("/api/v1/drafts/{number}/post"), CLERK, json!(null), 200)
        .await;
    assert_eq!(posted["status"], "posted");
    assert_eq!(posted["posted_as"], "RC-000001");
    let rc = app.get("/api/v1/stock/receipts/RC-000001", CLERK).await.body;
    assert_eq!(rc["lines"][0]["qty"], 10);
    assert_eq!(rc["reference"], "DN-7");
    assert_eq!(app.stock("BC-3519", "WH-01").await, (10, 320_000));
    assert_eq!(journal_count(&app).await, 1);
    assert_eq!(app.balance("grni").await, -320_000);
    // Posted is final.
    let late = scan(&app, &number, "late", json!({"barcode": "6901234535190"})).await;
    assert_eq!(late.status, 409);
    assert_eq!(late.body["code"], "invalid_state");
    let twice = app
        .post(&format!("/api/v1/drafts/{number}/post"), CLERK, json!(null))
        .await;
    assert_eq!(twice.body["code"], "invalid_state");
    app.assert_balanced().await;
}

/// The clerk corrects a quantity and a cost, removes a line, and posts once; wrong
/// corrections are refused by name.
#[tokio::test]
async fn correct_and_remove_lines_before_posting() {
    let app = TestApp::new();
    app.seed_scenario().await;
    app.ok(
        "/api/v1/drafts",
        CLERK,
        json!({"kind": "receipt", "location": "WH-01"}),
        201,
    )
    .await;
    scan(&app, "DR-000001", "a", json!({"part_no": "BC-3519", "qty": 3})).await;
    scan(
        &app,
        "DR-000001",
        "b",
        json!({"barcode": "6900000000422", "unit_cost_fen": 900}),
    )
    .await;
    let d = scan(&app, "DR-000001", "c", json!({"barcode": "6910000000421"}))
        .await
        .body;
    assert_eq!(d["lines"][1]["qty"], 2, "both barcodes of a part are one line");
    assert_eq!(d["version"], 4);

    let put = |line: u32, body: Value, version: &str| {
        let path = format!("/api/v1/drafts/DR-000001/lines/{line}");
        let version = version.to_string();
        let app = &app;
        async move {
            app.call(Method::PUT, &path, Some(CLERK), Some(body), &[("if-match", &version)])
                .await
        }
    };
    let stale = put(1, json!({"qty": 2}), "3").await;
    assert_eq!(stale.body["code"], "stale_version");
    let zero = put(1, json!({"qty": 0}), "4").await;
    assert_eq!(zero.status, 422);
    assert_eq!(zero.body["params"]["field"], "qty");
    let missing = put(9, json!({"qty": 1}), "4").await;
    assert_eq!(missing.status, 404);
    let d = put(1, json!({"qty": 2, "unit_cost_fen": 31000}), "4").await;
    assert_eq!(d.status, 200, "{}", d.body);
    let removed = app
        .call(
            Method::DELETE,
            "/api/v1/drafts/DR-000001/lines/2",
            Some(CLERK),
            None,
            &[],
        )
        .await;
    assert_eq!(removed.status, 200, "{}", removed.body);
    assert_eq!(removed.body["lines"].as_array().unwrap().len(), 1);

    app.ok("/api/v1/drafts/DR-000001/post", CLERK, json!(null), 200).await;
    assert_eq!(app.stock("BC-3519", "WH-01").await, (2, 62_000));
    assert_eq!(app.stock("FLT-0042", "WH-01").await, (0, 0));
    app.assert_balanced().await;
}

/// Refusals: an empty draft does not post, a scan of an unknown barcode is `not_found`, a
/// dealer opens no receipt, another clerk's location is not seen, a discarded draft is
/// closed; nothing is written by any of them.
#[tokio::test]
async fn draft_refusals() {
    let app = TestApp::new();
    app.seed_scenario().await;
    app.ok(
        "/api/v1/drafts",
        CLERK,
        json!({"kind": "receipt", "location": "WH-01"}),
        201,
    )
    .await;
    let empty = app.post("/api/v1/drafts/DR-000001/post", CLERK, json!(null)).await;
    assert_eq!(empty.status, 422);
    assert_eq!(empty.body["params"]["field"], "lines");
    let unknown = scan(&app, "DR-000001", "x", json!({"barcode": "000"})).await;
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.body["params"]["entity"], "barcode");
    let both = scan(&app, "DR-000001", "y", json!({"barcode": "000", "part_no": "BC-3519"})).await;
    assert_eq!(both.status, 422);
    let dealer = app
        .post(
            "/api/v1/drafts",
            DEALER,
            json!({"kind": "receipt", "location": "ST-D001"}),
        )
        .await;
    assert_eq!(dealer.status, 403);
    let dealer_reads = app.get("/api/v1/drafts/DR-000001", DEALER).await;
    assert_eq!(dealer_reads.status, 404);
    let wrong_field = app
        .post(
            "/api/v1/drafts",
            CLERK,
            json!({"kind": "receipt", "location": "WH-01", "to": "WH-02"}),
        )
        .await;
    assert_eq!(wrong_field.status, 422);
    assert_eq!(wrong_field.body["params"]["field"], "to");
    let no_to = app
        .post(
            "/api/v1/drafts",
            CLERK,
            json!({"kind": "transfer_dispatch", "location": "WH-01"}),
        )
        .await;
    assert_eq!(no_to.body["params"]["field"], "to");
    let d = app
        .ok("/api/v1/drafts/DR-000001/discard", CLERK, json!(null), 200)
        .await;
    assert_eq!(d["status"], "discarded");
    let after = scan(&app, "DR-000001", "z", json!({"part_no": "BC-3519"})).await;
    assert_eq!(after.body["code"], "invalid_state");
    assert_eq!(after.body["params"]["state"], "discarded");
    let open = app.get("/api/v1/drafts?status=open", CLERK).await.body;
    assert_eq!(open["items"].as_array().unwrap().len(), 0);
    assert_eq!(journal_count(&app).await, 0);
    // A draft that cannot post (the stock left meanwhile) posts nothing at all.
    app.ok(
        "/api/v1/drafts",
        CLERK,
        json!({"kind": "transfer_dispatch", "location": "WH-01", "to": "WH-02"}),
        201,
    )
    .await;
    scan(&app, "DR-000002", "t1", json!({"part_no": "BC-3519"})).await;
    let short = app.post("/api/v1/drafts/DR-000002/post", CLERK, json!(null)).await;
    assert_eq!(short.status, 409);
    assert_eq!(short.body["code"], "insufficient_stock");
    assert_eq!(app.get("/api/v1/drafts/DR-000002", CLERK).await.body["status"], "open");
    assert_eq!(
        app.get("/api/v1/stock/transfers", ADMIN).await.body["items"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    app.assert_balanced().await;
}

/// A two-step transfer is dispatched from a draft and received from a draft at the
/// station by its dealer; scans beyond what is in transit are refused at the scan.
#[tokio::test]
async fn transfer_dispatch_and_arrival_by_draft() {
    let app = TestApp::new();
    app.seed_scenario().await;
    app.ok(
        "/api/v1/stock/receipts",
        CLERK,
        json!({"location": "WH-01", "lines": [{"part_no": "BC-3519", "qty": 10, "unit_cost_fen": 32000}]}),
        201,
    )
    .await;
    app.ok(
        "/api/v1/drafts",
        CLERK,
        json!({"kind": "transfer_dispatch", "location": "WH-01", "to": "ST-D001", "mode": "two_step"}),
        201,
    )
    .await;
    for i in 0..4 {
        scan(&app, "DR-000001", &format!("s{i}"), json!({"barcode": "6901234535190"})).await;
    }
    let d = app.ok("/api/v1/drafts/DR-000001/post", CLERK, json!(null), 200).await;
    assert_eq!(d["posted_as"], "TR-000001");
    assert_eq!(app.stock("BC-3519", "in-transit").await, (4, 128_000));

    let arrival = app
        .ok(
            "/api/v1/drafts",
            DEALER,
            json!({"kind": "transfer_receipt", "against": "TR-000001"}),
            201,
        )
        .await;
    assert_eq!(arrival["location"], "ST-D001");
    let path = "/api/v1/drafts/DR-000002/scans";
    for i in 0..4 {
        let a = app
            .call(
                Method::POST,
                path,
                Some(DEALER),
                Some(json!({"barcode": "6901234535190"})),
                &[("idempotency-key", &format!("r{i}"))],
            )
            .await;
        assert_eq!(a.status, 200, "{}", a.body);
    }
    let fifth = app
        .call(
            Method::POST,
            path,
            Some(DEALER),
            Some(json!({"barcode": "6901234535190"})),
            &[],
        )
        .await;
    assert_eq!(fifth.status, 409);
    assert_eq!(fifth.body["code"], "receipt_exceeds_in_transit");
    let other = app
        .call(
            Method::POST,
            path,
            Some(DEALER),
            Some(json!({"part_no": "FLT-0042"})),
            &[],
        )
        .await;
    assert_eq!(other.body["code"], "part_not_on_document");
    app.ok("/api/v1/drafts/DR-000002/post", DEALER, json!(null), 200).await;
    assert_eq!(app.stock("BC-3519", "ST-D001").await, (4, 128_000));
    assert_eq!(app.stock("BC-3519", "in-transit").await, (0, 0));
    assert_eq!(
        app.get("/api/v1/stock/transfers/TR-000001", CLERK).await.body["status"],
        "completed"
    );
    app.assert_balanced().await;
}

/// A receipt is reversed: the exact opposite stock and journal lines under RV-…, linked
/// both ways, the receipt untouched; a second reversal, a missing reason and a reversal
/// after the stock has left are refused by name.
#[tokio::test]
async fn a_receipt_is_reversed_once() {
    let app = TestApp::new();
    app.seed_scenario().await;
    let receive = |qty: i64, cost: i64| json!({"location": "WH-01", "lines": [{"part_no": "FLT-0042", "qty": qty, "unit_cost_fen": cost}]});
    app.ok("/api/v1/stock/receipts", CLERK, receive(3, 1_000), 201).await;
    app.ok("/api/v1/stock/receipts", CLERK, receive(4, 1_001), 201).await;
    let before = app.get("/api/v1/stock/receipts/RC-000002", CLERK).await.body;
    let none = app.get("/api/v1/stock/receipts/RC-000002/reversal", CLERK).await;
    assert_eq!(none.status, 404);
    let blank = app
        .post(
            "/api/v1/stock/receipts/RC-000002/reversal",
            CLERK,
            json!({"reason": " "}),
        )
        .await;
    assert_eq!(blank.status, 422);
    assert_eq!(blank.body["params"]["field"], "reason");
    let dealer = app
        .post(
            "/api/v1/stock/receipts/RC-000002/reversal",
            DEALER,
            json!({"reason": "x"}),
        )
        .await;
    assert_eq!(dealer.status, 403);

    let rv = app
        .ok(
            "/api/v1/stock/receipts/RC-000002/reversal",
            CLERK,
            json!({"reason": "供应商送错货"}),
            201,
        )
        .await;
    assert_eq!(rv["number"], "RV-000001");
    assert_eq!(rv["original"], "RC-000002");
    assert_eq!(rv["moves"][0]["qty_delta"], -4);
    assert_eq!(
        rv["moves"][0]["value_delta_fen"], -4_004,
        "the receipt's own value, not the average"
    );
    assert_eq!(app.stock("FLT-0042", "WH-01").await, (3, 3_000));
    assert_eq!(app.balance("grni").await, -3_000);
    assert_eq!(app.balance("inventory:WH-01").await, 3_000);
    // Linked both ways; the receipt reads as before.
    assert_eq!(
        app.get("/api/v1/stock/receipts/RC-000002/reversal", CLERK).await.body["number"],
        "RV-000001"
    );
    assert_eq!(
        app.get("/api/v1/reversals/RV-000001", CLERK).await.body["original"],
        "RC-000002"
    );
    assert_eq!(app.get("/api/v1/stock/receipts/RC-000002", CLERK).await.body, before);
    let journal = app.get("/api/v1/journal?order=desc&limit=1", FINANCE).await.body;
    assert_eq!(journal["items"][0]["document"], "RV-000001");
    let again = app
        .post(
            "/api/v1/stock/receipts/RC-000002/reversal",
            CLERK,
            json!({"reason": "again"}),
        )
        .await;
    assert_eq!(again.status, 409);
    assert_eq!(again.body["code"], "invalid_state");
    assert_eq!(again.body["params"]["state"], "reversed");

    // The stock of RC-000001 has left by transfer: its reversal is refused, nothing written.
    app.ok(
        "/api/v1/stock/transfers",
        CLERK,
        json!({"from": "WH-01", "to": "WH-02", "mode": "direct", "lines": [{"part_no": "FLT-0042", "qty": 2}]}),
        201,
    )
    .await;
    let gone = app
        .post(
            "/api/v1/stock/receipts/RC-000001/reversal",
            CLERK,
            json!({"reason": "wrong"}),
        )
        .await;
    assert_eq!(gone.status, 409);
    assert_eq!(gone.body["code"], "insufficient_stock");
    assert_eq!(gone.body["params"]["available"], 1);
    assert_eq!(gone.body["params"]["requested"], 3);
    assert_eq!(
        app.get("/api/v1/stock/receipts/RC-000001/reversal", CLERK).await.status,
        404
    );
    app.assert_balanced().await;
}

/// A partly received two-step transfer is reversed: the arrived and the in-transit parts go
/// back to the source at the value they left with; it takes no more arrivals.
#[tokio::test]
async fn a_partly_received_transfer_is_reversed() {
    let app = TestApp::new();
    app.seed_scenario().await;
    app.ok(
        "/api/v1/stock/receipts",
        CLERK,
        json!({"location": "WH-01", "lines": [{"part_no": "FLT-0042", "qty": 3, "unit_cost_fen": 1000}]}),
        201,
    )
    .await;
    app.ok(
        "/api/v1/stock/transfers",
        CLERK,
        json!({"from": "WH-01", "to": "ST-D001", "mode": "two_step", "lines": [{"part_no": "FLT-0042", "qty": 3}]}),
        201,
    )
    .await;
    app.ok(
        "/api/v1/stock/transfers/TR-000001/receipts",
        DEALER,
        json!({"lines": [{"part_no": "FLT-0042", "qty": 1}]}),
        200,
    )
    .await;
    let rv = app
        .ok(
            "/api/v1/stock/transfers/TR-000001/reversal",
            CLERK,
            json!({"reason": "发错站"}),
            201,
        )
        .await;
    assert_eq!(rv["total_value_fen"], 3_000);
    assert_eq!(app.stock("FLT-0042", "WH-01").await, (3, 3_000));
    assert_eq!(app.stock("FLT-0042", "ST-D001").await, (0, 0));
    assert_eq!(app.stock("FLT-0042", "in-transit").await, (0, 0));
    assert_eq!(app.balance("inventory:in-transit").await, 0);
    let late = app
        .post(
            "/api/v1/stock/transfers/TR-000001/receipts",
            DEALER,
            json!({"lines": [{"part_no": "FLT-0042", "qty": 1}]}),
        )
        .await;
    assert_eq!(late.status, 409);
    assert_eq!(late.body["params"]["state"], "reversed");
    assert_eq!(
        app.get("/api/v1/stock/transfers/TR-000001/reversal", DEALER).await.body["number"],
        "RV-000001"
    );
    app.assert_balanced().await;
}

/// The stocktake preview shows booked against counted and the value each variance would
/// post, writes nothing, and equals what the post then writes; a count corrects down to 0.
#[tokio::test]
async fn stocktake_preview_correct_and_post() {
    let app = TestApp::new();
    app.seed_scenario().await;
    app.ok(
        "/api/v1/stock/receipts",
        CLERK,
        json!({"location": "WH-01", "lines": [
        {"part_no": "FLT-0042", "qty": 3, "unit_cost_fen": 1000},
        {"part_no": "BC-3519", "qty": 2, "unit_cost_fen": 32000}]}),
        201,
    )
    .await;
    app.ok("/api/v1/stocktakes", CLERK, json!({"location": "WH-01"}), 201)
        .await;
    for _ in 0..5 {
        app.ok(
            "/api/v1/stocktakes/ST-000001/counts",
            CLERK,
            json!({"barcode": "6900000000422"}),
            200,
        )
        .await;
    }
    app.ok(
        "/api/v1/stocktakes/ST-000001/counts",
        CLERK,
        json!({"part_no": "BC-3519", "qty": 2}),
        200,
    )
    .await;
    let preview = app.get("/api/v1/stocktakes/ST-000001/preview", CLERK).await.body;
    assert_eq!(
        preview,
        json!([{"part_no": "FLT-0042", "booked_qty": 3, "counted_qty": 5, "qty_delta": 2, "value_delta_fen": 2000}])
    );
    // Correct the filters down to 0 and the brake chambers to 1.
    app.ok(
        "/api/v1/stocktakes/ST-000001/counts",
        CLERK,
        json!({"part_no": "FLT-0042", "counted_qty": 0}),
        200,
    )
    .await;
    app.ok(
        "/api/v1/stocktakes/ST-000001/counts",
        CLERK,
        json!({"part_no": "BC-3519", "counted_qty": 1}),
        200,
    )
    .await;
    let preview = app.get("/api/v1/stocktakes/ST-000001/preview", CLERK).await.body;
    assert_eq!(
        app.stock("FLT-0042", "WH-01").await,
        (3, 3_000),
        "a preview writes nothing"
    );
    let dealer = app.get("/api/v1/stocktakes/ST-000001/preview", DEALER).await;
    assert_eq!(dealer.status, 404);
    let posted = app
        .ok("/api/v1/stocktakes/ST-000001/post", CLERK, json!(null), 200)
        .await;
    assert_eq!(posted["adjustments"], preview);
    assert_eq!(app.stock("FLT-0042", "WH-01").await, (0, 0));
    assert_eq!(app.stock("BC-3519", "WH-01").await, (1, 32_000));
    assert_eq!(app.balance("stock:adjustment").await, 35_000);
    let closed = app.get("/api/v1/stocktakes/ST-000001/preview", CLERK).await;
    assert_eq!(closed.status, 409);
    app.assert_balanced().await;
}
