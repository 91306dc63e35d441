//! The stock workflows over HTTP: receive, transfer, count, reconcile — with the exact
//! figures of the worked scenarios.

mod common;

use common::{ADMIN, CLERK, FINANCE, TestApp};
use serde_json::json;

/// Scenario A: moving average without drift (issues taken by direct transfers, which move
/// exactly the value an issue would take).
#[tokio::test]
async fn moving_average_without_drift() {
    let app = TestApp::new();
    app.seed_scenario().await;
    let receive = |qty: i64, cost: i64| json!({"location": "WH-01", "lines": [{"part_no": "FLT-0042", "qty": qty, "unit_cost_fen": cost}]});
    let take = |qty: i64| json!({"from": "WH-01", "to": "WH-02", "mode": "direct", "lines": [{"part_no": "FLT-0042", "qty": qty}]});

    app.ok("/api/v1/stock/receipts", CLERK, receive(3, 1_000), 201).await;
    assert_eq!(app.stock("FLT-0042", "WH-01").await, (3, 3_000));
    app.ok("/api/v1/stock/receipts", CLERK, receive(4, 1_001), 201).await;
    assert_eq!(app.stock("FLT-0042", "WH-01").await, (7, 7_004));
    let t = app.ok("/api/v1/stock/transfers", CLERK, take(2), 201).await;
    assert_eq!(t["lines"][0]["value_fen"], 2_001);
    assert_eq!(app.stock("FLT-0042", "WH-01").await, (5, 5_003));
    app.ok("/api/v1/stock/transfers", CLERK, take(5), 201).await;
    assert_eq!(app.stock("FLT-0042", "WH-01").await, (0, 0));
    app.ok("/api/v1/stock/receipts", CLERK, receive(1, 999), 201).await;
    assert_eq!(app.stock("FLT-0042", "WH-01").await, (1, 999));
    // A transfer never changes the total over all locations.
    assert_eq!(app.stock("FLT-0042", "WH-02").await, (7, 7_004));
    assert_eq!(app.balance("grni").await, -(3_000 + 4_004 + 999));
    app.assert_balanced().await;
}

/// Scenario B steps 1–2: receipt into WH-01, two-step transfer to ST-D001 received by
/// four barcode scans; balances and journal exactly as the scenario says.
#[tokio::test]
async fn receipt_and_two_step_transfer_post_scenario_b_figures() {
    let app = TestApp::new();
    app.seed_scenario().await;
    let rc = app
        .ok(
            "/api/v1/stock/receipts",
            CLERK,
            json!({"location": "WH-01", "supplier": "S-03", "reference": "DN-1",
                "lines": [{"part_no": "BC-3519", "qty": 10, "unit_cost_fen": 32000}]}),
            201,
        )
        .await;
    assert_eq!(rc["number"], "RC-000001");
    assert_eq!(app.balance("inventory:WH-01").await, 320_000);
    assert_eq!(app.balance("grni").await, -320_000);
    app.assert_balanced().await;

    let tr = app
        .ok(
            "/api/v1/stock/transfers",
            CLERK,
            json!({"from": "WH-01", "to": "ST-D001", "mode": "two_step", "lines": [{"part_no": "BC-3519", "qty": 4}]}),
            201,
        )
        .await;
    assert_eq!(tr["status"], "shipped");
    assert_eq!(app.balance("inventory:in-transit").await, 128_000);
    assert_eq!(app.balance("inventory:WH-01").await, 192_000);
    app.assert_balanced().await;

    for i in 0..4 {
        let t = app
            .ok(
                "/api/v1/stock/transfers/TR-000001/receipts",
                "demo-dealer-D001",
                json!({"lines": [{"barcode": "6901234535190"}]}),
                200,
            )
            .await;
        let expected = if i < 3 { "partially_received" } else { "completed" };
        assert_eq!(t["status"], expected);
    }
    assert_eq!(app.balance("inventory:in-transit").await, 0);
    assert_eq!(app.balance("inventory:ST-D001").await, 128_000);
    assert_eq!(app.stock("BC-3519", "WH-01").await, (6, 192_000));
    assert_eq!(app.stock("BC-3519", "ST-D001").await, (4, 128_000));

    let journal = app.get("/api/v1/journal?document=TR-000001", FINANCE).await.body;
    let entries = journal["items"].as_array().unwrap();
    assert_eq!(entries.len(), 5, "one shipment entry and four receipt entries");
    assert_eq!(
        entries[0]["lines"],
        json!([
            {"account": "inventory:in-transit", "side": "debit", "amount_fen": 128000},
            {"account": "inventory:WH-01", "side": "credit", "amount_fen": 128000}
        ])
    );
    let received: i64 = entries[1..]
        .iter()
        .map(|e| e["lines"][0]["amount_fen"].as_i64().unwrap())
        .sum();
    assert_eq!(received, 128_000);
    app.assert_balanced().await;

    // Nothing more is in transit.
    let over = app
        .post(
            "/api/v1/stock/transfers/TR-000001/receipts",
            CLERK,
            json!({"lines": [{"part_no": "BC-3519"}]}),
        )
        .await;
    assert_eq!(over.status, 409, "{}", over.body);
}

/// A two-step receipt takes value from its own transfer, not from the in-transit pool.
#[tokio::test]
async fn two_step_receipt_takes_its_own_transfers_value() {
    let app = TestApp::new();
    app.seed_scenario().await;
    let recv =
        |cost: i64| json!({"location": "WH-01", "lines": [{"part_no": "FLT-0042", "qty": 1, "unit_cost_fen": cost}]});
    let ship =
        json!({"from": "WH-01", "to": "ST-D001", "mode": "two_step", "lines": [{"part_no": "FLT-0042", "qty": 1}]});
    app.ok("/api/v1/stock/receipts", CLERK, recv(1_000), 201).await;
    app.ok("/api/v1/stock/transfers", CLERK, ship.clone(), 201).await; // TR-1 carries 1,000
    app.ok("/api/v1/stock/receipts", CLERK, recv(3_000), 201).await;
    app.ok("/api/v1/stock/transfers", CLERK, ship, 201).await; // TR-2 carries 3,000
    app.ok(
        "/api/v1/stock/transfers/TR-000002/receipts",
        CLERK,
        json!({"lines": [{"part_no": "FLT-0042"}]}),
        200,
    )
    .await;
    assert_eq!(app.stock("FLT-0042", "ST-D001").await, (1, 3_000));
    assert_eq!(app.stock("FLT-0042", "in-transit").await, (1, 1_000));
    app.assert_balanced().await;
}

/// Stocktake variances: loss at the moving average, gain at the average or, with no
/// stock, at standard cost; a full count zeroes uncounted parts.
#[tokio::test]
async fn stocktake_posts_only_variances() {
    let app = TestApp::new();
    app.seed_scenario().await;
    app.ok(
        "/api/v1/stock/receipts",
        CLERK,
        json!({"location": "WH-01", "lines": [{"part_no": "FLT-0042", "qty": 3, "unit_cost_fen": 1000},
            {"part_no": "FLT-0042", "qty": 4, "unit_cost_fen": 1001}]}),
        201,
    )
    .await;
    let st = app
        .ok("/api/v1/stocktakes", CLERK, json!({"location": "WH-01"}), 201)
        .await;
    assert_eq!(st["number"], "ST-000001");
    // A second open count at the same location is refused.
    let again = app
        .post("/api/v1/stocktakes", CLERK, json!({"location": "WH-01"}))
        .await;
    assert_eq!(again.status, 409);
    for _ in 0..5 {
        app.ok(
            "/api/v1/stocktakes/ST-000001/counts",
            CLERK,
            json!({"barcode": "6910000000421"}),
            200,
        )
        .await;
    }
    let counted = app
        .ok(
            "/api/v1/stocktakes/ST-000001/counts",
            CLERK,
            json!({"part_no": "BC-3519", "qty": 2}),
            200,
        )
        .await;
    assert_eq!(
        counted["counts"],
        json!([{"part_no": "BC-3519", "counted_qty": 2}, {"part_no": "FLT-0042", "counted_qty": 5}])
    );
    let posted = app.ok("/api/v1/stocktakes/ST-000001/post", CLERK, json!({}), 200).await;
    assert_eq!(posted["status"], "posted");
    // FLT-0042: 7 booked (7,004), 5 counted: loss of 2 at round(7,004 × 2 / 7) = 2,001.
    // BC-3519: 0 booked, 2 counted: gain at standard cost 2 × 32,000.
    assert_eq!(app.stock("FLT-0042", "WH-01").await, (5, 5_003));
    assert_eq!(app.stock("BC-3519", "WH-01").await, (2, 64_000));
    assert_eq!(app.balance("stock:adjustment").await, 2_001 - 64_000);
    app.assert_balanced().await;

    // A gain where stock exists enters at the moving average: 5 units worth 5,003 → +1 at 1,001.
    app.ok(
        "/api/v1/stocktakes",
        CLERK,
        json!({"location": "WH-01", "full": true}),
        201,
    )
    .await;
    app.ok(
        "/api/v1/stocktakes/ST-000002/counts",
        CLERK,
        json!({"part_no": "FLT-0042", "counted_qty": 6}),
        200,
    )
    .await;
    let posted = app.ok("/api/v1/stocktakes/ST-000002/post", CLERK, json!({}), 200).await;
    assert_eq!(app.stock("FLT-0042", "WH-01").await, (6, 6_004));
    // Full count: BC-3519 was not counted, so it counts as zero and leaves at its value.
    assert_eq!(app.stock("BC-3519", "WH-01").await, (0, 0));
    assert_eq!(posted["adjustments"].as_array().unwrap().len(), 2);
    app.assert_balanced().await;

    // A posted stocktake takes no more counts.
    let late = app
        .post(
            "/api/v1/stocktakes/ST-000002/counts",
            CLERK,
            json!({"part_no": "FLT-0042"}),
        )
        .await;
    assert_eq!(late.status, 409);
}

/// Ten parallel scans of the same barcode post exactly ten units.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_parallel_scans_post_ten_units() {
    let app = std::sync::Arc::new(TestApp::new());
    app.seed_scenario().await;
    app.ok(
        "/api/v1/stock/receipts",
        CLERK,
        json!({"location": "WH-01", "lines": [{"part_no": "BC-3519", "qty": 12, "unit_cost_fen": 32000}]}),
        201,
    )
    .await;
    app.ok(
        "/api/v1/stock/transfers",
        CLERK,
        json!({"from": "WH-01", "to": "ST-D001", "mode": "two_step", "lines": [{"part_no": "BC-3519", "qty": 12}]}),
        201,
    )
    .await;
    let scans: Vec<_> = (0..10)
        .map(|i| {
            let app = app.clone();
            tokio::spawn(async move {
                let key = format!("scan-{i}");
                app.call(
                    axum::http::Method::POST,
                    "/api/v1/stock/transfers/TR-000001/receipts",
                    Some(CLERK),
                    Some(json!({"lines": [{"barcode": "6901234535190"}]})),
                    &[("idempotency-key", key.as_str())],
                )
                .await
            })
        })
        .collect();
    for s in scans {
        assert_eq!(s.await.unwrap().status, 200);
    }
    assert_eq!(app.stock("BC-3519", "ST-D001").await, (10, 320_000));
    assert_eq!(app.stock("BC-3519", "in-transit").await, (2, 64_000));
    app.assert_balanced().await;
}

/// Ledger and account entries page with cursors that end with null.
#[tokio::test]
async fn ledger_pages_with_cursor() {
    let app = TestApp::new();
    app.seed_scenario().await;
    for cost in [1000, 1001, 1002, 1003, 1004] {
        app.ok(
            "/api/v1/stock/receipts",
            CLERK,
            json!({"location": "WH-01", "lines": [{"part_no": "FLT-0042", "qty": 1, "unit_cost_fen": cost}]}),
            201,
        )
        .await;
    }
    let mut seqs = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/stock/ledger?part=FLT-0042&limit=2&cursor={c}"),
            None => "/api/v1/stock/ledger?part=FLT-0042&limit=2".into(),
        };
        let page = app.get(&path, ADMIN).await.body;
        seqs.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["seq"].as_i64().unwrap()),
        );
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    assert_eq!(seqs, vec![1, 2, 3, 4, 5]);
    let desc = app
        .get("/api/v1/stock/ledger?location=WH-01&order=desc&limit=1", ADMIN)
        .await
        .body;
    assert_eq!(desc["items"][0]["seq"], 5);
    assert_eq!(desc["items"][0]["qty_after"], 5);
    assert_eq!(desc["items"][0]["value_after_fen"], 5010);
    // A cursor made for another filter is refused.
    let c = desc["next_cursor"].as_str().unwrap();
    let wrong = app
        .get(&format!("/api/v1/stock/ledger?location=WH-02&cursor={c}"), ADMIN)
        .await;
    assert_eq!(wrong.status, 422);
    let entries = app
        .get("/api/v1/accounts/inventory%3AWH-01/entries?limit=10", FINANCE)
        .await
        .body;
    assert_eq!(entries["items"].as_array().unwrap().len(), 5);
    assert_eq!(entries["next_cursor"], json!(null));
    // Each posting says what kind of document caused it, so a page opens it by kind.
    for e in entries["items"].as_array().unwrap() {
        assert_eq!(e["document_kind"], "receipt", "{e}");
    }
}
