//! Requisitions over HTTP: raise, approve, issue by scan, report the repair, return the
//! unused part — stock, ledger, journal and reconciliation checked at each step.

mod common;

use axum::http::Method;
use chrono::{Duration, TimeZone, Utc};
use common::{ADMIN, CLERK, FINANCE, TestApp, UNIT};
use serde_json::json;

const DEALER: &str = "demo-dealer-D001";
const SUPERVISOR: &str = "demo-supervisor";

/// Master data plus 4 × BC-3519 at ST-D001 (128,000) and 6 at WH-01 (192,000).
async fn stocked() -> TestApp {
    let app = TestApp::new();
    app.seed_scenario().await;
    app.ok(
        "/api/v1/units",
        ADMIN,
        json!({"serial": UNIT, "model": "K9-City", "dealer": "D001", "customer": "Harbin Bus Line 12", "sale_date": "2026-03-02"}),
        201,
    )
    .await;
    app.ok(
        "/api/v1/stock/receipts",
        CLERK,
        json!({"location": "WH-01", "lines": [{"part_no": "BC-3519", "qty": 10, "unit_cost_fen": 32000}]}),
        201,
    )
    .await;
    app.ok(
        "/api/v1/stock/transfers",
        CLERK,
        json!({"from": "WH-01", "to": "ST-D001", "mode": "direct", "lines": [{"part_no": "BC-3519", "qty": 4}]}),
        201,
    )
    .await;
    app
}

fn warranty_requisition(qty: i64) -> serde_json::Value {
    json!({"location": "ST-D001", "purpose": "warranty", "unit_serial": UNIT,
        "lines": [{"part_no": "BC-3519", "qty": qty, "reason": "rear chamber leaking"}], "submit": true})
}

#[tokio::test]
async fn requisition_approval_partial_scans_report_and_return() {
    let app = stocked().await;
    let rq = app
        .ok("/api/v1/requisitions", DEALER, warranty_requisition(3), 201)
        .await;
    assert_eq!(
        (rq["number"].as_str(), rq["status"].as_str()),
        (Some("RQ-000001"), Some("submitted"))
    );
    let issue_early = app
        .post(
            "/api/v1/requisitions/RQ-000001/issues",
            DEALER,
            json!({"barcode": "6901234535190"}),
        )
        .await;
    assert_eq!(issue_early.status, 409, "no issue before approval");
    assert_eq!(issue_early.body["code"], "invalid_state");
    assert_eq!(
        issue_early.body["params"],
        json!({"entity": "requisition", "key": "RQ-000001", "state": "submitted", "action": "issue"})
    );

    let approved = app
        .ok(
            "/api/v1/requisitions/RQ-000001/approve",
            SUPERVISOR,
            json!({"comment": "ok"}),
            200,
        )
        .await;
    assert_eq!(approved["status"], "approved");
    assert_eq!(approved["decided_by"], SUPERVISOR);

    let first = app
        .ok(
            "/api/v1/requisitions/RQ-000001/issues",
            DEALER,
            json!({"barcode": "6901234535190"}),
            200,
        )
        .await;
    assert_eq!(first["status"], "partially_issued");
    assert_eq!(app.stock("BC-3519", "ST-D001").await, (3, 96_000));
    assert_eq!(app.balance("warranty:pending").await, 32_000);
    app.assert_balanced().await;

    let second = app
        .ok(
            "/api/v1/requisitions/RQ-000001/issues",
            DEALER,
            json!({"part_no": "BC-3519", "qty": 1}),
            200,
        )
        .await;
    assert_eq!(second["lines"][0]["issued_qty"], 2);
    assert_eq!(second["lines"][0]["issued_value_fen"], 64_000);
    assert_eq!(app.balance("warranty:pending").await, 64_000);
    assert_eq!(app.balance("inventory:ST-D001").await, 64_000);
    app.assert_balanced().await;

    let report = app
        .ok(
            "/api/v1/service-reports",
            DEALER,
            json!({"unit_serial": UNIT, "requisition": "RQ-000001", "fault_code": "BRK-021",
                "description": "Rear brake chamber leaking; replaced", "usage_km": 81300, "labor_minutes": 150,
                "travel_fen": 15000, "consumed": [{"part_no": "BC-3519", "qty": 1}],
                "customer_name": "Harbin Bus Line 12", "customer_signed_at": "2026-09-14T09:30:00Z"}),
            201,
        )
        .await;
    assert_eq!(report["location"], "ST-D001");
    let confirmed = app
        .ok("/api/v1/service-reports/SR-000001/confirm", SUPERVISOR, json!({}), 200)
        .await;
    assert_eq!(confirmed["confirmed_by"], SUPERVISOR);

    // The second part was not needed: it comes back at the value it left with.
    let back = app
        .ok(
            "/api/v1/requisitions/RQ-000001/returns",
            DEALER,
            json!({"barcode": "6901234535190"}),
            200,
        )
        .await;
    assert_eq!(back["lines"][0]["returned_value_fen"], 32_000);
    assert_eq!(app.stock("BC-3519", "ST-D001").await, (3, 96_000));
    assert_eq!(app.balance("warranty:pending").await, 32_000);
    let too_many = app
        .post(
            "/api/v1/requisitions/RQ-000001/returns",
            DEALER,
            json!({"part_no": "BC-3519", "qty": 2}),
        )
        .await;
    assert_eq!(too_many.status, 409);
    assert_eq!(too_many.body["code"], "return_exceeds_outstanding");
    assert_eq!(
        too_many.body["params"],
        json!({"document": "RQ-000001", "part_no": "BC-3519", "requested": 2, "available": 1})
    );

    let journal = app.get("/api/v1/journal?document=RQ-000001", FINANCE).await.body;
    let lines: Vec<_> = journal["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["lines"].clone())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(
        lines[0],
        json!([{"account": "warranty:pending", "side": "debit", "amount_fen": 32000},
        {"account": "inventory:ST-D001", "side": "credit", "amount_fen": 32000}])
    );
    assert_eq!(
        lines[2],
        json!([{"account": "inventory:ST-D001", "side": "debit", "amount_fen": 32000},
        {"account": "warranty:pending", "side": "credit", "amount_fen": 32000}])
    );
    let ledger = app
        .get("/api/v1/stock/ledger?location=ST-D001&order=desc&limit=1", DEALER)
        .await
        .body;
    assert_eq!(ledger["items"][0]["document"], "RQ-000001");
    assert_eq!(ledger["items"][0]["qty_delta"], 1);
    app.assert_balanced().await;

    let closed = app
        .ok("/api/v1/requisitions/RQ-000001/close", DEALER, json!({}), 200)
        .await;
    assert_eq!(closed["status"], "closed");
    assert_eq!(
        app.post(
            "/api/v1/requisitions/RQ-000001/issues",
            DEALER,
            json!({"part_no": "BC-3519"})
        )
        .await
        .status,
        409
    );
}

#[tokio::test]
async fn requisition_refusals() {
    let app = stocked().await;
    // Self-approval: the supervisor raised it, so the supervisor may not approve it.
    app.ok("/api/v1/requisitions", SUPERVISOR, warranty_requisition(1), 201)
        .await;
    let own = app
        .post("/api/v1/requisitions/RQ-000001/approve", SUPERVISOR, json!({}))
        .await;
    assert_eq!(
        (own.status.as_u16(), own.body["code"].as_str()),
        (403, Some("self_approval"))
    );
    // A clerk may not approve at all; an admin may.
    assert_eq!(
        app.post("/api/v1/requisitions/RQ-000001/approve", CLERK, json!({}))
            .await
            .status,
        403
    );
    let stale = app
        .call(
            Method::POST,
            "/api/v1/requisitions/RQ-000001/approve",
            Some(ADMIN),
            Some(json!({})),
            &[("if-match", "7")],
        )
        .await;
    assert_eq!(stale.body["code"], "stale_version");
    app.ok("/api/v1/requisitions/RQ-000001/approve", ADMIN, json!({}), 200)
        .await;

    // Over the approved quantity, and over what is on hand.
    let over = app
        .post(
            "/api/v1/requisitions/RQ-000001/issues",
            DEALER,
            json!({"part_no": "BC-3519", "qty": 2}),
        )
        .await;
    assert_eq!(over.body["code"], "issue_exceeds_approved", "{}", over.body);
    assert_eq!(over.body["params"]["requested"], 2);
    assert_eq!(over.body["params"]["available"], 1);
    app.ok("/api/v1/requisitions", DEALER, warranty_requisition(9), 201)
        .await;
    app.ok("/api/v1/requisitions/RQ-000002/approve", SUPERVISOR, json!({}), 200)
        .await;
    let short = app
        .post(
            "/api/v1/requisitions/RQ-000002/issues",
            DEALER,
            json!({"part_no": "BC-3519", "qty": 5}),
        )
        .await;
    assert_eq!(short.body["code"], "insufficient_stock");
    assert_eq!(short.body["available_qty"], 4);
    // A part that is not on the requisition.
    let other = app
        .post(
            "/api/v1/requisitions/RQ-000002/issues",
            DEALER,
            json!({"part_no": "FLT-0042"}),
        )
        .await;
    assert_eq!(other.status, 409);

    // Another dealer's station: invisible.
    let d2 = "demo-dealer-D002";
    assert_eq!(app.get("/api/v1/requisitions/RQ-000002", d2).await.status, 404);
    assert_eq!(
        app.post(
            "/api/v1/requisitions/RQ-000002/issues",
            d2,
            json!({"part_no": "BC-3519"})
        )
        .await
        .status,
        404
    );
    assert_eq!(
        app.post("/api/v1/requisitions", d2, warranty_requisition(1))
            .await
            .status,
        404
    );
    assert_eq!(app.get("/api/v1/requisitions", d2).await.body["items"], json!([]));

    // Rejection needs a comment; a rejected requisition takes no issues.
    app.ok("/api/v1/requisitions", DEALER, warranty_requisition(1), 201)
        .await;
    assert_eq!(
        app.post("/api/v1/requisitions/RQ-000003/reject", SUPERVISOR, json!({}))
            .await
            .status,
        422
    );
    app.ok(
        "/api/v1/requisitions/RQ-000003/reject",
        SUPERVISOR,
        json!({"comment": "use the stock at WH-01"}),
        200,
    )
    .await;
    assert_eq!(
        app.post(
            "/api/v1/requisitions/RQ-000003/issues",
            DEALER,
            json!({"part_no": "BC-3519"})
        )
        .await
        .status,
        409
    );
    // Warranty needs the unit; paid service needs a station.
    let no_unit = app
        .post(
            "/api/v1/requisitions",
            CLERK,
            json!({"location": "WH-01", "purpose": "warranty", "lines": [{"part_no": "BC-3519", "qty": 1}]}),
        )
        .await;
    assert_eq!(no_unit.body["field"], "unit_serial");
    let paid_wh = app
        .post(
            "/api/v1/requisitions",
            CLERK,
            json!({"location": "WH-01", "purpose": "paid_service", "lines": [{"part_no": "BC-3519", "qty": 1}]}),
        )
        .await;
    assert_eq!(paid_wh.body["field"], "purpose");
    app.assert_balanced().await;
}

#[tokio::test]
async fn paid_service_is_sold_to_the_dealer_and_internal_work_is_service_cost() {
    let app = stocked().await;
    // Paid service cites the service request whose quote a supervisor approved.
    let paid = json!({"location": "ST-D001", "purpose": "paid_service", "lines": [{"part_no": "BC-3519", "qty": 1}], "submit": true});
    let uncited = app.post("/api/v1/requisitions", DEALER, paid.clone()).await;
    assert_eq!(
        (uncited.status.as_u16(), &uncited.body["params"]["field"]),
        (422, &json!("service_request"))
    );
    let sv = app
        .ok(
            "/api/v1/service-requests",
            CLERK,
            json!({"channel": "visit", "customer": "Walk-in", "contact": "13800000001",
            "dealer": "D001", "fault_class": "other", "description": "service out of coverage"}),
            201,
        )
        .await["number"]
        .as_str()
        .unwrap()
        .to_string();
    app.ok(
        &format!("/api/v1/service-requests/{sv}/quote"),
        CLERK,
        json!({"travel_fen": 0, "wages_fen": 8000}),
        200,
    )
    .await;
    app.ok(
        &format!("/api/v1/service-requests/{sv}/quote/approve"),
        SUPERVISOR,
        json!({}),
        200,
    )
    .await;
    let mut paid = paid;
    paid["service_request"] = json!(sv);
    app.ok("/api/v1/requisitions", DEALER, paid, 201).await;
    app.ok("/api/v1/requisitions/RQ-000001/approve", SUPERVISOR, json!({}), 200)
        .await;
    app.ok(
        "/api/v1/requisitions/RQ-000001/issues",
        DEALER,
        json!({"part_no": "BC-3519"}),
        200,
    )
    .await;
    assert_eq!(app.balance("dealer:D001").await, 32_000);
    app.ok(
        "/api/v1/requisitions",
        CLERK,
        json!({"location": "WH-01", "purpose": "internal", "lines": [{"part_no": "BC-3519", "qty": 2}]}),
        201,
    )
    .await;
    app.ok("/api/v1/requisitions/RQ-000002/submit", CLERK, json!({}), 200)
        .await;
    app.ok("/api/v1/requisitions/RQ-000002/approve", SUPERVISOR, json!({}), 200)
        .await;
    app.ok(
        "/api/v1/requisitions/RQ-000002/issues",
        CLERK,
        json!({"part_no": "BC-3519", "qty": 2}),
        200,
    )
    .await;
    assert_eq!(app.balance("service:cost").await, 64_000);
    app.ok(
        "/api/v1/requisitions/RQ-000002/returns",
        CLERK,
        json!({"part_no": "BC-3519"}),
        200,
    )
    .await;
    assert_eq!(app.balance("service:cost").await, 32_000);
    assert_eq!(app.stock("BC-3519", "WH-01").await, (5, 160_000));
    assert_eq!(app.balance("warranty:pending").await, 0);
    app.assert_balanced().await;
    // Cancel only before any issue.
    assert_eq!(
        app.post("/api/v1/requisitions/RQ-000002/cancel", CLERK, json!({}))
            .await
            .status,
        409
    );
}

#[tokio::test]
async fn requisition_times_measure_approval_and_issue_against_targets() {
    let app = stocked().await;
    let t0 = Utc.with_ymd_and_hms(2026, 9, 14, 8, 0, 0).unwrap();
    app.clock.set(t0);
    app.ok("/api/v1/requisitions", DEALER, warranty_requisition(1), 201)
        .await;
    app.ok("/api/v1/requisitions", DEALER, warranty_requisition(1), 201)
        .await;
    app.clock.set(t0 + Duration::minutes(90));
    app.ok("/api/v1/requisitions/RQ-000001/approve", SUPERVISOR, json!({}), 200)
        .await;
    app.clock.set(t0 + Duration::minutes(90 + 300));
    app.ok(
        "/api/v1/requisitions/RQ-000001/issues",
        DEALER,
        json!({"part_no": "BC-3519"}),
        200,
    )
    .await;
    app.clock.set(t0 + Duration::minutes(500));
    let r = app
        .get(
            "/api/v1/reports/requisition-times?from_date=2026-09-14&to_date=2026-09-14",
            SUPERVISOR,
        )
        .await
        .body;
    assert_eq!(r["submitted"], 2);
    // RQ-1 approved in 90 min (on time); RQ-2 still waiting after 500 min (overdue).
    assert_eq!(
        r["approval"],
        json!({"completed": 1, "on_time": 1, "open_overdue": 1, "on_time_pct": 50, "mean_minutes": 90})
    );
    // RQ-1 first issued 300 min after approval: over the 240 min target.
    assert_eq!(
        r["issue"],
        json!({"completed": 1, "on_time": 0, "open_overdue": 0, "on_time_pct": 0, "mean_minutes": 300})
    );
    let none = app
        .get("/api/v1/reports/requisition-times?from_date=2026-10-01", SUPERVISOR)
        .await
        .body;
    assert_eq!(none["submitted"], 0);
    assert_eq!(none["approval"]["on_time_pct"], json!(null));
}
