//! Dealer parts supply over HTTP: scenarios E (paid before shipping, with rounding) and F
//! (returns with freight) account by account, releases racing for the same funds, and
//! every supply endpoint keeping one dealer out of another's records.

mod common;

use axum::http::Method;
use common::*;
use serde_json::{Value, json};
use std::sync::Arc;

/// Part P at dealer price 500; WH-01 holds 3 of P worth 1,000; dealers D001 and D002.
async fn scenario_e_start() -> TestApp {
    let app = TestApp::new();
    app.seed_scenario().await;
    app.ok(
        "/api/v1/parts",
        ADMIN,
        json!({"part_no": "P", "name": "Part P", "unit": "pc", "barcodes": ["6900000000001"],
            "standard_cost_fen": 333, "dealer_price_fen": 500, "warranty_covered": false}),
        201,
    )
    .await;
    app.ok(
        "/api/v1/stock/receipts",
        CLERK,
        json!({"location": "WH-01", "lines": [{"part_no": "P", "qty": 1, "unit_cost_fen": 334}, {"part_no": "P", "qty": 2, "unit_cost_fen": 333}]}),
        201,
    )
    .await;
    assert_eq!(app.stock("P", "WH-01").await, (3, 1_000));
    app
}

async fn funds(app: &TestApp, dealer: &str) -> Value {
    let a = app.get(&format!("/api/v1/dealers/{dealer}/funds"), FINANCE).await;
    assert_eq!(a.status, 200, "{}", a.body);
    a.body
}

async fn pay(app: &TestApp, dealer: &str, amount: i64, reference: &str) -> Value {
    app.ok(
        "/api/v1/dealer-payments",
        FINANCE,
        json!({"dealer": dealer, "amount_fen": amount, "reference": reference, "received_date": "2026-03-01"}),
        201,
    )
    .await
}

async fn order(app: &TestApp, token: &str, qty: i64) -> String {
    let o = app
        .ok(
            "/api/v1/parts-orders",
            token,
            json!({"lines": [{"part_no": "P", "qty": qty}]}),
            201,
        )
        .await;
    let n = o["number"].as_str().unwrap().to_string();
    app.ok(&format!("/api/v1/parts-orders/{n}/submit"), token, json!(null), 200)
        .await;
    n
}

async fn scan_ship(app: &TestApp, order: &str, scans: usize) -> Value {
    let lines: Vec<Value> = (0..scans).map(|_| json!({"barcode": "6900000000001"})).collect();
    app.ok(
        &format!("/api/v1/parts-orders/{order}/shipments"),
        CLERK,
        json!({"location": "WH-01", "lines": lines}),
        201,
    )
    .await
}

/// Scenario E: refused until paid, then shipped in two parts with exact rounding.
async fn scenario_e(app: &TestApp) {
    let so = order(app, DEALER, 3).await;
    assert_eq!(so, "SO-000001");
    let refused = app
        .post(&format!("/api/v1/parts-orders/{so}/release"), DEALER, json!(null))
        .await;
    assert_eq!(refused.status, 409);
    assert_eq!(refused.body["code"], "insufficient_funds");
    assert_eq!(
        refused.body["params"],
        json!({"dealer": "D001", "required": 1500, "available": 0, "shortfall": 1500})
    );

    pay(app, "D001", 1_000, "ICBC-0001").await;
    assert_eq!(app.balance("bank").await, 1_000);
    assert_eq!(app.balance("dealer:D001").await, -1_000);
    let refused = app
        .post(&format!("/api/v1/parts-orders/{so}/release"), DEALER, json!(null))
        .await;
    assert_eq!(refused.body["params"]["shortfall"], 500, "{}", refused.body);
    assert_eq!(refused.body["params"]["available"], 1000);

    pay(app, "D001", 500, "ICBC-0002").await;
    let released = app
        .ok(&format!("/api/v1/parts-orders/{so}/release"), DEALER, json!(null), 200)
        .await;
    assert_eq!(released["status"], "released");
    let f = funds(app, "D001").await;
    assert_eq!(
        (
            f["balance_fen"].as_i64(),
            f["held_fen"].as_i64(),
            f["available_fen"].as_i64()
        ),
        (Some(-1_500), Some(1_500), Some(0))
    );

    let sh1 = scan_ship(app, &so, 2).await;
    assert_eq!(sh1["number"], "SH-000001");
    assert_eq!(
        (sh1["cost_fen"].as_i64(), sh1["price_fen"].as_i64()),
        (Some(667), Some(1_000))
    );
    assert_eq!(app.balance("cost_of_sales:parts").await, 667);
    assert_eq!(app.balance("sales:parts").await, -1_000);
    assert_eq!(app.balance("dealer:D001").await, -500);
    assert_eq!(funds(app, "D001").await["held_fen"], 500);
    assert_eq!(app.stock("P", "WH-01").await, (1, 333));
    let o = app.get(&format!("/api/v1/parts-orders/{so}"), DEALER).await.body;
    assert_eq!(
        (o["status"].as_str(), o["lines"][0]["shipped_qty"].as_i64()),
        (Some("partially_shipped"), Some(2))
    );

    let sh2 = scan_ship(app, &so, 1).await;
    assert_eq!(sh2["cost_fen"], 333, "the last unit takes the rest");
    assert_eq!(app.balance("dealer:D001").await, 0);
    assert_eq!(funds(app, "D001").await["held_fen"], 0);
    let o = app.get(&format!("/api/v1/parts-orders/{so}"), DEALER).await.body;
    assert_eq!(o["status"], "shipped");

    assert_eq!(app.balance("bank").await, 1_500);
    assert_eq!(app.balance("sales:parts").await, -1_500);
    assert_eq!(app.balance("cost_of_sales:parts").await, 1_000);
    assert_eq!(app.balance("inventory:WH-01").await, 0);
    assert_eq!(app.stock("P", "WH-01").await, (0, 0));
    app.assert_balanced().await;
}

#[tokio::test]
async fn scenario_e_paid_before_shipping() {
    let app = scenario_e_start().await;
    scenario_e(&app).await;
    // Nothing more ships against a shipped order.
    let a = app
        .post(
            "/api/v1/parts-orders/SO-000001/shipments",
            CLERK,
            json!({"location": "WH-01", "lines": [{"part_no": "P"}]}),
        )
        .await;
    assert_eq!(
        (a.status.as_u16(), a.body["code"].as_str()),
        (409, Some("invalid_state"))
    );
}

/// Scenario F: returns of SH-1 with freight by cause; a third return is refused.
#[tokio::test]
async fn scenario_f_returns_with_freight() {
    let app = scenario_e_start().await;
    scenario_e(&app).await;
    let rt1 = app
        .ok(
            "/api/v1/dealer-returns",
            DEALER,
            json!({"shipment": "SH-000001", "reason": "quality", "freight_fen": 2000, "freight_paid_by": "dealer",
                "lines": [{"shipment_line": 1, "qty": 1}]}),
            201,
        )
        .await;
    assert_eq!(
        (rt1["status"].as_str(), rt1["price_fen"].as_i64()),
        (Some("requested"), Some(500))
    );
    let rt1 = app
        .ok(
            "/api/v1/dealer-returns/RT-000001/receipt",
            CLERK,
            json!({"location": "WH-01", "lines": [{"barcode": "6900000000001"}]}),
            200,
        )
        .await;
    assert_eq!(
        (rt1["status"].as_str(), rt1["cost_fen"].as_i64()),
        (Some("received"), Some(334))
    );
    assert_eq!(app.balance("inventory:WH-01").await, 334);
    assert_eq!(app.balance("cost_of_sales:parts").await, 1_000 - 334);
    assert_eq!(app.balance("sales:parts").await, -1_000);
    assert_eq!(app.balance("freight:expense").await, 2_000);
    assert_eq!(app.balance("dealer:D001").await, -2_500);

    app.ok(
        "/api/v1/dealer-returns",
        DEALER,
        json!({"shipment": "SH-000001", "reason": "dealer_disassembled", "freight_fen": 1200, "freight_paid_by": "company",
            "labor_fen": 3000, "lines": [{"shipment_line": 1, "qty": 1}]}),
        201,
    )
    .await;
    // A third, while the second is still on its way, is refused: nothing is left.
    let third = app
        .post(
            "/api/v1/dealer-returns",
            DEALER,
            json!({"shipment": "SH-000001", "reason": "unsold", "freight_paid_by": "dealer", "lines": [{"shipment_line": 1, "qty": 1}]}),
        )
        .await;
    assert_eq!(third.status, 409);
    assert_eq!(third.body["code"], "return_exceeds_shipped");
    assert_eq!(third.body["params"]["available"], 0);
    let rt2 = app
        .ok(
            "/api/v1/dealer-returns/RT-000002/receipt",
            CLERK,
            json!({"location": "WH-01"}),
            200,
        )
        .await;
    assert_eq!(rt2["cost_fen"], 333, "the last unit of the line takes the rest");

    assert_eq!(app.balance("dealer:D001").await, 1_200);
    assert_eq!(app.stock("P", "WH-01").await, (2, 667));
    assert_eq!(app.balance("inventory:WH-01").await, 667);
    assert_eq!(app.balance("cost_of_sales:parts").await, 333);
    assert_eq!(app.balance("freight:expense").await, 2_000);
    assert_eq!(app.balance("bank").await, 300);
    assert_eq!(app.balance("sales:parts").await, -500);
    assert_eq!(app.balance("service:income").await, -3_000);
    let third = app
        .post(
            "/api/v1/dealer-returns",
            DEALER,
            json!({"shipment": "SH-000001", "reason": "unsold", "freight_paid_by": "dealer", "lines": [{"shipment_line": 1, "qty": 1}]}),
        )
        .await;
    assert_eq!(third.body["code"], "return_exceeds_shipped", "{}", third.body);
    // A received return is not received again.
    let again = app
        .post(
            "/api/v1/dealer-returns/RT-000002/receipt",
            CLERK,
            json!({"location": "WH-01"}),
        )
        .await;
    assert_eq!(again.body["code"], "invalid_state");
    app.assert_balanced().await;
}

/// Two releases race for the same 1,500 of funds: exactly one holds it.
#[tokio::test]
async fn two_releases_race_for_the_same_funds() {
    let app = Arc::new(scenario_e_start().await);
    let a = order(&app, DEALER, 3).await;
    let b = order(&app, DEALER, 3).await;
    pay(&app, "D001", 1_500, "ICBC-0003").await;
    let tasks: Vec<_> = [a, b]
        .into_iter()
        .map(|n| {
            let app = app.clone();
            tokio::spawn(async move {
                app.post(&format!("/api/v1/parts-orders/{n}/release"), DEALER, json!(null))
                    .await
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tasks {
        let a = t.await.unwrap();
        if a.status == 409 {
            assert_eq!(a.body["code"], "insufficient_funds");
            assert_eq!(a.body["params"]["available"], 0);
        }
        statuses.push(a.status.as_u16());
    }
    statuses.sort_unstable();
    assert_eq!(statuses, vec![200, 409]);
    let f = funds(&app, "D001").await;
    assert_eq!(
        (f["held_fen"].as_i64(), f["available_fen"].as_i64()),
        (Some(1_500), Some(0))
    );
    app.assert_balanced().await;
}

/// Cancelling a released order releases its hold; a partial shipment leaves a backorder
/// whose cancellation releases only the unshipped value; shipping is refused beyond what
/// is open, beyond stock, and before release.
#[tokio::test]
async fn backorders_cancel_and_refusals() {
    let app = scenario_e_start().await;
    pay(&app, "D001", 5_000, "ICBC-0004").await;
    let so = order(&app, DEALER, 4).await;
    let early = app
        .post(
            &format!("/api/v1/parts-orders/{so}/shipments"),
            CLERK,
            json!({"location": "WH-01", "lines": [{"part_no": "P"}]}),
        )
        .await;
    assert_eq!(early.body["code"], "invalid_state");
    app.ok(&format!("/api/v1/parts-orders/{so}/release"), DEALER, json!(null), 200)
        .await;
    assert_eq!(funds(&app, "D001").await["held_fen"], 2_000);
    let over = app
        .post(
            &format!("/api/v1/parts-orders/{so}/shipments"),
            CLERK,
            json!({"location": "WH-01", "lines": [{"part_no": "P", "qty": 5}]}),
        )
        .await;
    assert_eq!(
        (over.body["code"].as_str(), over.body["params"]["available"].as_i64()),
        (Some("ship_exceeds_ordered"), Some(4))
    );
    let short = app
        .post(
            &format!("/api/v1/parts-orders/{so}/shipments"),
            CLERK,
            json!({"location": "WH-01", "lines": [{"part_no": "P", "qty": 4}]}),
        )
        .await;
    assert_eq!(short.body["code"], "insufficient_stock", "{}", short.body);
    let wrong = app
        .post(
            &format!("/api/v1/parts-orders/{so}/shipments"),
            CLERK,
            json!({"location": "WH-01", "lines": [{"part_no": "FLT-0042"}]}),
        )
        .await;
    assert_eq!(wrong.body["code"], "part_not_on_document");
    scan_ship(&app, &so, 3).await;
    assert_eq!(funds(&app, "D001").await["held_fen"], 500);
    let c = app
        .ok(&format!("/api/v1/parts-orders/{so}/cancel"), DEALER, json!(null), 200)
        .await;
    assert_eq!(
        (
            c["status"].as_str(),
            c["held_fen"].as_i64(),
            c["lines"][0]["shipped_qty"].as_i64()
        ),
        (Some("cancelled"), Some(0), Some(3))
    );
    let f = funds(&app, "D001").await;
    assert_eq!(
        (f["held_fen"].as_i64(), f["available_fen"].as_i64()),
        (Some(0), Some(3_500))
    );
    // Credit counts toward what is available.
    app.ok(
        "/api/v1/dealers/D001/credit-limit",
        FINANCE,
        json!({"credit_limit_fen": 1000}),
        200,
    )
    .await;
    assert_eq!(funds(&app, "D001").await["available_fen"], 4_500);
    app.assert_balanced().await;
}

/// A dealer sees and works on only its own funds, payments, orders, shipments and returns;
/// the roles that may never use an endpoint get 403.
#[tokio::test]
async fn dealers_are_isolated() {
    let app = scenario_e_start().await;
    const OTHER: &str = "demo-dealer-D002";
    pay(&app, "D001", 1_500, "ICBC-0005").await;
    let so = order(&app, DEALER, 3).await;
    app.ok(&format!("/api/v1/parts-orders/{so}/release"), DEALER, json!(null), 200)
        .await;
    scan_ship(&app, &so, 3).await;
    app.ok(
        "/api/v1/dealer-returns",
        DEALER,
        json!({"shipment": "SH-000001", "reason": "unsold", "freight_paid_by": "dealer", "lines": [{"shipment_line": 1, "qty": 1}]}),
        201,
    )
    .await;
    for path in [
        "/api/v1/dealers/D001/funds",
        "/api/v1/dealer-payments/DP-000001",
        "/api/v1/parts-orders/SO-000001",
        "/api/v1/shipments/SH-000001",
        "/api/v1/dealer-returns/RT-000001",
    ] {
        assert_eq!(app.get(path, OTHER).await.status, 404, "{path}");
        assert_eq!(app.get(path, DEALER).await.status, 200, "{path}");
    }
    for path in [
        "/api/v1/dealer-payments",
        "/api/v1/parts-orders",
        "/api/v1/shipments",
        "/api/v1/dealer-returns",
    ] {
        let a = app.get(path, OTHER).await;
        assert_eq!(a.body["items"], json!([]), "{path}");
        assert_eq!(
            app.get(&format!("{path}?dealer=D001"), OTHER).await.body["items"],
            json!([]),
            "{path}"
        );
        assert_eq!(
            app.get(path, DEALER).await.body["items"].as_array().unwrap().len(),
            1,
            "{path}"
        );
    }
    for (path, body) in [
        ("/api/v1/parts-orders/SO-000001/cancel", json!(null)),
        ("/api/v1/parts-orders/SO-000001/release", json!(null)),
        ("/api/v1/parts-orders/SO-000001/submit", json!(null)),
        ("/api/v1/shipments/SH-000001/acknowledgement", json!({})),
        ("/api/v1/dealer-returns/RT-000001/cancel", json!(null)),
        (
            "/api/v1/dealer-returns",
            json!({"shipment": "SH-000001", "reason": "unsold", "freight_paid_by": "dealer", "lines": [{"shipment_line": 1, "qty": 1}]}),
        ),
    ] {
        let a = app.post(path, OTHER, body).await;
        assert_eq!(a.status, 404, "{path}: {}", a.body);
    }
    let foreign = app
        .post(
            "/api/v1/parts-orders",
            OTHER,
            json!({"dealer": "D001", "lines": [{"part_no": "P", "qty": 1}]}),
        )
        .await;
    assert_eq!(foreign.status, 404);
    // Roles outside the endpoint's set.
    assert_eq!(app.post("/api/v1/dealer-payments", DEALER, json!({})).await.status, 403);
    assert_eq!(
        app.post(
            "/api/v1/dealers/D001/credit-limit",
            DEALER,
            json!({"credit_limit_fen": 1})
        )
        .await
        .status,
        403
    );
    assert_eq!(
        app.post("/api/v1/parts-orders/SO-000001/shipments", DEALER, json!({}))
            .await
            .status,
        403
    );
    assert_eq!(
        app.post("/api/v1/dealer-returns/RT-000001/receipt", DEALER, json!({}))
            .await
            .status,
        403
    );
    assert_eq!(app.post("/api/v1/parts-orders", CLERK, json!({})).await.status, 403);
    assert_eq!(app.get("/api/v1/dealer-payments", REVIEWER).await.status, 403);
}

/// The signed delivery note is recorded once; unsigned notes older than 15 days are listed.
async fn overdue(app: &TestApp) -> Vec<String> {
    let a = app.get("/api/v1/shipments?overdue=true", FINANCE).await;
    let items = a.body["items"].as_array().unwrap().clone();
    items
        .iter()
        .map(|s| s["number"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn delivery_notes_signed_and_overdue() {
    let app = scenario_e_start().await;
    pay(&app, "D001", 1_500, "ICBC-0006").await;
    let so = order(&app, DEALER, 3).await;
    app.ok(&format!("/api/v1/parts-orders/{so}/release"), DEALER, json!(null), 200)
        .await;
    scan_ship(&app, &so, 1).await;
    scan_ship(&app, &so, 2).await;
    app.clock.set(app.clock.now_utc() + chrono::Duration::days(15));
    assert!(overdue(&app).await.is_empty(), "15 days is not yet overdue");
    let signed = app
        .ok(
            "/api/v1/shipments/SH-000001/acknowledgement",
            DEALER,
            json!({"signed_copy_ref": "scan 2026-03-16"}),
            200,
        )
        .await;
    assert_eq!(signed["signed_copy_ref"], "scan 2026-03-16");
    assert!(signed["acknowledged_at"].is_string());
    let twice = app
        .post("/api/v1/shipments/SH-000001/acknowledgement", CLERK, json!({}))
        .await;
    assert_eq!(twice.body["code"], "invalid_state");
    app.clock.set(app.clock.now_utc() + chrono::Duration::days(1));
    assert_eq!(overdue(&app).await, vec!["SH-000002".to_string()]);
    let a = app
        .call(Method::GET, "/api/v1/shipments?overdue=true", Some(DEALER), None, &[])
        .await;
    assert_eq!(a.body["items"].as_array().unwrap().len(), 1);
}
