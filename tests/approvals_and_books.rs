//! What an approver sees beside a requisition (part names, stock on hand, value, the
//! station's dealer), the history of decided requisitions, and the books over a period:
//! an account's postings by business date and its statement (opening, debits, credits,
//! closing).

mod common;

use common::{ADMIN, CLERK, DEALER, FINANCE, SUPERVISOR, TestApp, at};
use serde_json::{Value, json};

/// Master data; 10 × BC-3519 received at WH-01 on 2026-03-01 (320,000), 4 moved to ST-D001
/// on 2026-03-02 (128,000), 2 more received at WH-01 on 2026-03-03 at 330.00 (66,000).
async fn stocked() -> TestApp {
    let app = TestApp::new();
    app.seed_scenario().await;
    app.clock.set(at(2026, 3, 1));
    app.ok(
        "/api/v1/stock/receipts",
        CLERK,
        json!({"location": "WH-01", "lines": [{"part_no": "BC-3519", "qty": 10, "unit_cost_fen": 32000}]}),
        201,
    )
    .await;
    app.clock.set(at(2026, 3, 2));
    app.ok(
        "/api/v1/stock/transfers",
        CLERK,
        json!({"from": "WH-01", "to": "ST-D001", "mode": "direct", "lines": [{"part_no": "BC-3519", "qty": 4}]}),
        201,
    )
    .await;
    app.clock.set(at(2026, 3, 3));
    app.ok(
        "/api/v1/stock/receipts",
        CLERK,
        json!({"location": "WH-01", "lines": [{"part_no": "BC-3519", "qty": 2, "unit_cost_fen": 33000}]}),
        201,
    )
    .await;
    app
}

fn numbers(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap_or_else(|| panic!("a page: {page}"))
        .iter()
        .map(|i| i["requisition"]["number"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn approver_sees_names_stock_on_hand_value_and_shortfall() {
    let app = stocked().await;
    // Five chambers where four are on hand, and two filters where none are.
    app.ok(
        "/api/v1/requisitions",
        DEALER,
        json!({"location": "ST-D001", "purpose": "internal",
            "lines": [{"part_no": "BC-3519", "qty": 5, "reason": "both axles"}, {"part_no": "FLT-0042", "qty": 2}], "submit": true}),
        201,
    )
    .await;
    // A draft is not waiting for anybody.
    app.ok(
        "/api/v1/requisitions",
        CLERK,
        json!({"location": "WH-01", "purpose": "internal", "lines": [{"part_no": "BC-3519", "qty": 1}]}),
        201,
    )
    .await;
    let page = app.get("/api/v1/approvals/requisitions", SUPERVISOR).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(numbers(&page.body), ["RQ-000001"]);
    let c = &page.body["items"][0]["context"];
    assert_eq!(c["location_name"], "ST-D001 location");
    assert_eq!(
        (c["dealer"].as_str(), c["dealer_name"].as_str()),
        (Some("D001"), Some("Longjiang Bus Service"))
    );
    assert_eq!(
        c["lines"],
        json!([
            {"line": 1, "part_no": "BC-3519", "part_name": "Brake chamber", "unit": "pc", "qty": 5,
             "on_hand_qty": 4, "shortfall_qty": 1, "unit_value_fen": 32000, "line_value_fen": 160000,
             "at_standard_cost": false},
            {"line": 2, "part_no": "FLT-0042", "part_name": "Fuel filter", "unit": "pc", "qty": 2,
             "on_hand_qty": 0, "shortfall_qty": 2, "unit_value_fen": 1000, "line_value_fen": 2000,
             "at_standard_cost": true},
        ])
    );
    assert_eq!(
        (c["total_value_fen"].as_i64(), c["short"].as_bool()),
        (Some(162000), Some(true))
    );
    // The requisition itself rides along, version included (for If-Match).
    assert_eq!(page.body["items"][0]["requisition"]["version"], 1);

    // Visibility as the requisitions': another dealer sees nothing, a filter narrows.
    let other = app.get("/api/v1/approvals/requisitions", "demo-dealer-D002").await;
    assert_eq!(numbers(&other.body), Vec::<String>::new());
    let q = app.get("/api/v1/approvals/requisitions?q=flt-0042", SUPERVISOR).await;
    assert_eq!(numbers(&q.body), ["RQ-000001"]);
    let q = app
        .get("/api/v1/approvals/requisitions?location=WH-01", SUPERVISOR)
        .await;
    assert_eq!(numbers(&q.body), Vec::<String>::new());
    let bad = app
        .get("/api/v1/approvals/requisitions?from_date=2026-3-1", SUPERVISOR)
        .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
}

#[tokio::test]
async fn decided_requisitions_are_the_history_with_who_when_and_why() {
    let app = stocked().await;
    for qty in [1, 2, 3] {
        app.ok(
            "/api/v1/requisitions",
            DEALER,
            json!({"location": "ST-D001", "purpose": "internal", "lines": [{"part_no": "BC-3519", "qty": qty}], "submit": true}),
            201,
        )
        .await;
    }
    app.clock.set(at(2026, 3, 5));
    app.ok(
        "/api/v1/requisitions/RQ-000001/approve",
        SUPERVISOR,
        json!({"comment": "ok"}),
        200,
    )
    .await;
    app.clock.set(at(2026, 3, 6));
    app.ok(
        "/api/v1/requisitions/RQ-000002/reject",
        SUPERVISOR,
        json!({"comment": "use the stock at the station first"}),
        200,
    )
    .await;
    let pending = app.get("/api/v1/approvals/requisitions", SUPERVISOR).await.body;
    assert_eq!(numbers(&pending), ["RQ-000003"]);
    let history = app
        .get("/api/v1/approvals/requisitions?decided=true", SUPERVISOR)
        .await
        .body;
    assert_eq!(numbers(&history), ["RQ-000002", "RQ-000001"]);
    let rejected = &history["items"][0]["requisition"];
    assert_eq!(rejected["status"], "rejected");
    assert_eq!(rejected["decided_by"], SUPERVISOR);
    assert_eq!(rejected["decision_comment"], "use the stock at the station first");
    assert_eq!(rejected["decided_at"], "2026-03-06T02:00:00Z");
    // The history's dates are the decision's.
    let day = app
        .get(
            "/api/v1/approvals/requisitions?decided=true&from_date=2026-03-06",
            SUPERVISOR,
        )
        .await
        .body;
    assert_eq!(numbers(&day), ["RQ-000002"]);
    let day = app
        .get(
            "/api/v1/approvals/requisitions?decided=true&to_date=2026-03-05",
            SUPERVISOR,
        )
        .await
        .body;
    assert_eq!(numbers(&day), ["RQ-000001"]);
    let who = app
        .get(
            "/api/v1/approvals/requisitions?decided=true&q=demo-supervisor",
            SUPERVISOR,
        )
        .await
        .body;
    assert_eq!(numbers(&who), ["RQ-000002", "RQ-000001"]);
}

#[tokio::test]
async fn an_account_over_a_period_opens_moves_and_closes() {
    let app = stocked().await;
    let statement =
        |from: &str, to: &str| format!("/api/v1/accounts/inventory:WH-01/statement?from_date={from}&to_date={to}");
    let s = app.get(&statement("2026-03-02", "2026-03-02"), FINANCE).await;
    assert_eq!(s.status, 200, "{}", s.body);
    assert_eq!(
        s.body,
        json!({"code": "inventory:WH-01", "from_date": "2026-03-02", "to_date": "2026-03-02",
            "opening_fen": 320000, "debit_fen": 0, "credit_fen": 128000, "closing_fen": 192000, "postings": 1})
    );
    let s = app.get(&statement("2026-03-01", "2026-03-03"), FINANCE).await.body;
    assert_eq!(
        (
            s["opening_fen"].as_i64(),
            s["debit_fen"].as_i64(),
            s["credit_fen"].as_i64(),
            s["closing_fen"].as_i64()
        ),
        (Some(0), Some(386000), Some(128000), Some(258000))
    );
    assert_eq!(s["closing_fen"], app.balance("inventory:WH-01").await);
    // Before the first posting and after the last: nothing moves.
    let s = app.get(&statement("2026-02-01", "2026-02-28"), FINANCE).await.body;
    assert_eq!(
        (
            s["opening_fen"].as_i64(),
            s["closing_fen"].as_i64(),
            s["postings"].as_u64()
        ),
        (Some(0), Some(0), Some(0))
    );
    let s = app.get(&statement("2026-03-04", "2026-12-31"), FINANCE).await.body;
    assert_eq!(
        (s["opening_fen"].as_i64(), s["closing_fen"].as_i64()),
        (Some(258000), Some(258000))
    );
    // The balance as of a date: open start.
    let s = app
        .get("/api/v1/accounts/inventory:WH-01/statement?to_date=2026-03-02", FINANCE)
        .await
        .body;
    assert_eq!(s["closing_fen"], 192000);

    // The postings of the same period, by date; ascending and descending.
    let entries = |q: &str| format!("/api/v1/accounts/inventory:WH-01/entries?{q}");
    let e = app
        .get(&entries("from_date=2026-03-02&to_date=2026-03-03"), FINANCE)
        .await
        .body;
    let docs: Vec<_> = e["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["document"].clone(), x["amount_fen"].clone()))
        .collect();
    assert_eq!(
        docs,
        [(json!("TR-000001"), json!(-128000)), (json!("RC-000002"), json!(66000))]
    );
    let e = app.get(&entries("to_date=2026-03-02&order=desc"), FINANCE).await.body;
    let docs: Vec<_> = e["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["document"].clone())
        .collect();
    assert_eq!(docs, [json!("TR-000001"), json!("RC-000001")]);
    let e = app.get(&entries("from_date=2026-03-04"), FINANCE).await.body;
    assert_eq!(e["items"], json!([]));
    // Paging within a period keeps to it.
    let first = app
        .get(&entries("from_date=2026-03-01&to_date=2026-03-02&limit=1"), FINANCE)
        .await
        .body;
    assert_eq!(first["items"][0]["document"], "RC-000001");
    let cursor = first["next_cursor"].as_str().expect("a second page").to_string();
    let next = app
        .get(
            &entries(&format!(
                "from_date=2026-03-01&to_date=2026-03-02&limit=1&cursor={cursor}"
            )),
            FINANCE,
        )
        .await
        .body;
    assert_eq!(next["items"][0]["document"], "TR-000001");
    assert!(next["next_cursor"].is_null(), "{next}");
    // As a file.
    let csv = app
        .get(&entries("from_date=2026-03-02&to_date=2026-03-02&format=csv"), FINANCE)
        .await;
    assert_eq!(csv.status, 200);

    // Strict dates, a range that ends before it starts, and the books' visibility.
    for bad in [
        "from_date=2026-03-02&to_date=2026-03-01",
        "from_date=02/03/2026",
        "to_date=2026-02-30",
    ] {
        let a = app
            .get(&format!("/api/v1/accounts/inventory:WH-01/statement?{bad}"), FINANCE)
            .await;
        assert_eq!(a.status, 422, "{bad}: {}", a.body);
        let a = app.get(&entries(bad), FINANCE).await;
        assert_eq!(a.status, 422, "{bad}: {}", a.body);
    }
    let hidden = app.get(&statement("2026-03-01", "2026-03-03"), DEALER).await;
    assert_eq!(hidden.status, 404);
    let own = app.get("/api/v1/accounts/dealer:D001/statement", DEALER).await;
    assert_eq!(own.status, 200, "{}", own.body);
    assert_eq!(app.get(&statement("2026-03-01", "2026-03-03"), ADMIN).await.status, 200);
    assert_eq!(app.get(&statement("2026-03-01", "2026-03-03"), CLERK).await.status, 403);

    // A posting dated before postings already made (seq order is not date order) counts
    // by its date: one chamber received on 2026-02-20 after the others.
    app.clock.set(at(2026, 2, 20));
    app.ok(
        "/api/v1/stock/receipts",
        CLERK,
        json!({"location": "WH-01", "lines": [{"part_no": "BC-3519", "qty": 1, "unit_cost_fen": 10000}]}),
        201,
    )
    .await;
    let s = app.get(&statement("2026-03-01", "2026-03-03"), FINANCE).await.body;
    assert_eq!(
        (
            s["opening_fen"].as_i64(),
            s["debit_fen"].as_i64(),
            s["credit_fen"].as_i64(),
            s["closing_fen"].as_i64()
        ),
        (Some(10000), Some(386000), Some(128000), Some(268000))
    );
    let s = app
        .get("/api/v1/accounts/inventory:WH-01/statement?to_date=2026-02-28", FINANCE)
        .await
        .body;
    assert_eq!(
        (s["closing_fen"].as_i64(), s["postings"].as_u64()),
        (Some(10000), Some(1))
    );
    let e = app
        .get(&entries("from_date=2026-02-01&to_date=2026-02-28"), FINANCE)
        .await
        .body;
    let docs: Vec<_> = e["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["document"].clone())
        .collect();
    assert_eq!(docs, [json!("RC-000003")]);
    app.assert_balanced().await;
}

#[tokio::test]
async fn supervisors_list_the_service_reports_waiting_for_confirmation() {
    let app = common::repaired(None).await;
    let report = |customer: &str| {
        json!({"unit_serial": common::UNIT, "requisition": "RQ-000001", "fault_code": "BRK-021",
            "description": "Rear brake chamber leaking; replaced", "usage_km": 81300, "labor_minutes": 150,
            "travel_fen": 15000, "consumed": [], "customer_name": customer,
            "customer_signed_at": "2026-09-14T09:30:00Z"})
    };
    app.ok("/api/v1/service-reports", DEALER, report("Line 12"), 201).await;
    app.ok("/api/v1/service-reports", DEALER, report("Line 14"), 201).await;
    app.ok("/api/v1/service-reports/SR-000001/confirm", SUPERVISOR, json!({}), 200)
        .await;
    let listed = |q: &'static str| {
        let app = &app;
        async move {
            let page = app.get(&format!("/api/v1/service-reports{q}"), SUPERVISOR).await;
            assert_eq!(page.status, 200, "{}", page.body);
            page.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["number"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(listed("?confirmed=false").await, ["SR-000002"]);
    assert_eq!(listed("?confirmed=true").await, ["SR-000001"]);
    assert_eq!(listed("").await, ["SR-000002", "SR-000001"]);
    let bad = app.get("/api/v1/service-reports?confirmed=maybe", SUPERVISOR).await;
    assert_eq!(bad.status, 422, "{}", bad.body);
}
