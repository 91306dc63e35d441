//! The whole chain for one unit over HTTP — requisition, issue, repair, claim, old part,
//! inspection `supplier_fault`, approval, settlement, supplier claim, partial acceptance,
//! payment — with the dealer, supplier and warranty accounts checked after every step
//! (scenario B's figures), and the refusals of settlements and supplier claims.

mod common;

use common::{ADMIN, CLERK, DEALER, FINANCE, REVIEWER, TestApp, claim_body, repaired};
use serde_json::json;

/// Claim CL-000001 of scenario B, approved in full, its old part inspected `supplier_fault`.
async fn approved() -> TestApp {
    let app = repaired(Some("2026-03-10")).await;
    app.ok("/api/v1/claims", DEALER, claim_body(), 201).await;
    app.ok("/api/v1/claims/CL-000001/submit", DEALER, json!({}), 200).await;
    let tag = "OP-2026-000001";
    app.ok(
        "/api/v1/old-parts/shipments",
        DEALER,
        json!({"tags": [tag], "carrier_ref": "SF1"}),
        201,
    )
    .await;
    app.ok("/api/v1/old-parts/receipts", CLERK, json!({"tag": tag}), 200)
        .await;
    app.ok(
        &format!("/api/v1/old-parts/{tag}/inspection"),
        REVIEWER,
        json!({"disposition": "supplier_fault"}),
        200,
    )
    .await;
    let all = json!({"action": "decide", "lines": [{"line": 1, "outcome": "approve"}, {"line": 2, "outcome": "approve"}, {"line": 3, "outcome": "approve"}]});
    app.ok("/api/v1/claims/CL-000001/review", REVIEWER, all, 200).await;
    app
}

async fn accounts(app: &TestApp) -> [i64; 5] {
    [
        app.balance("dealer:D001").await,
        app.balance("warranty:accrued").await,
        app.balance("supplier:S-03").await,
        app.balance("warranty:recovery").await,
        app.balance("bank").await,
    ]
}

#[tokio::test]
async fn scenario_b_settlement_and_supplier_recovery() {
    let app = approved().await;
    assert_eq!(accounts(&app).await, [0, -35_000, 0, 0, 0]);

    // The chart figures, aggregated by the server: the decided claim in its month, by
    // its unit's model and its dealer; every month of the window listed.
    let cost = app.get("/api/v1/reports/warranty-cost?months=12", FINANCE).await.body;
    let months = cost["by_month"].as_array().unwrap();
    assert_eq!(months.len(), 12);
    assert_eq!(months.last().unwrap()["month"], cost["to_month"]);
    let approved: i64 = months.iter().map(|m| m["approved_fen"].as_i64().unwrap()).sum();
    assert_eq!(approved, 67_000);
    assert_eq!(months.iter().map(|m| m["claims"].as_u64().unwrap()).sum::<u64>(), 1);
    assert_eq!(
        cost["by_dealer"],
        json!([{"key": "D001", "approved_fen": 67_000, "claims": 1}])
    );
    assert_eq!(cost["by_model"][0]["approved_fen"], 67_000);
    let refused = app.get("/api/v1/reports/warranty-cost?months=0", FINANCE).await;
    assert_eq!(refused.status, 422);
    assert_eq!(app.get("/api/v1/reports/warranty-cost", DEALER).await.status, 403);

    // Step 7: settlement for D001, issued and confirmed by the dealer.
    let se = app
        .ok(
            "/api/v1/settlements",
            FINANCE,
            json!({"dealer": "D001", "period_from_date": "2026-09-01", "period_to_date": "2026-09-30"}),
            201,
        )
        .await;
    assert_eq!(se["number"], "SE-000001");
    assert_eq!(
        (
            se["labor_fen"].as_i64(),
            se["travel_fen"].as_i64(),
            se["parts_fen"].as_i64()
        ),
        (Some(20_000), Some(15_000), Some(0))
    );
    assert_eq!(se["total_fen"], 35_000);
    assert_eq!(se["resulting_balance_fen"], -35_000);
    let early = app
        .post("/api/v1/settlements/SE-000001/confirm", DEALER, json!({}))
        .await;
    assert_eq!(early.status, 409, "not issued yet");
    assert_eq!(
        early.body["params"],
        json!({"entity": "settlement", "key": "SE-000001", "state": "draft", "action": "confirm"})
    );
    app.ok("/api/v1/settlements/SE-000001/issue", FINANCE, json!({}), 200)
        .await;
    let notice = app
        .call(
            axum::http::Method::GET,
            "/api/v1/settlements/SE-000001/notice",
            Some(DEALER),
            None,
            &[],
        )
        .await;
    assert_eq!(notice.status, 200);
    app.ok("/api/v1/settlements/SE-000001/confirm", DEALER, json!({}), 200)
        .await;
    assert_eq!(accounts(&app).await, [-35_000, 0, 0, 0, 0]);
    let claim = app.get("/api/v1/claims/CL-000001", DEALER).await.body;
    assert_eq!(claim["status"], "settled");
    assert_eq!(claim["lines"][1]["status"], "settled");
    app.assert_balanced().await;

    // Step 8: supplier claim to S-03: 32,000 + 50 % × 20,000; submit ships the old part.
    let sc = app
        .ok("/api/v1/supplier-claims", FINANCE, json!({"supplier": "S-03"}), 201)
        .await;
    assert_eq!(sc["claimed_fen"], 42_000);
    assert_eq!(
        (
            sc["lines"][0]["parts_fen"].as_i64(),
            sc["lines"][0]["labor_fen"].as_i64()
        ),
        (Some(32_000), Some(10_000))
    );
    app.ok("/api/v1/supplier-claims/SC-000001/submit", FINANCE, json!({}), 200)
        .await;
    assert_eq!(app.stock("BC-3519", "OLD-01").await, (0, 0));
    assert_eq!(app.stock("BC-3519", "SUP-RET").await, (1, 0));
    assert_eq!(accounts(&app).await, [-35_000, 0, 0, 0, 0], "no posting");

    // Step 9: S-03 accepts 40,000 of it.
    let answered = app
        .ok(
            "/api/v1/supplier-claims/SC-000001/response",
            FINANCE,
            json!({"lines": [{"line": 1, "outcome": "partially_accepted", "amount_fen": 40000, "reason": "labor capped"}]}),
            200,
        )
        .await;
    assert_eq!(answered["status"], "answered");
    assert_eq!(accounts(&app).await, [-35_000, 0, 40_000, -40_000, 0]);

    // Step 10: S-03 pays.
    let over = app
        .post(
            "/api/v1/supplier-claims/SC-000001/payments",
            FINANCE,
            json!({"amount_fen": 40001, "reference": "BOC-1"}),
        )
        .await;
    assert_eq!(over.status, 422);
    let paid = app
        .ok(
            "/api/v1/supplier-claims/SC-000001/payments",
            FINANCE,
            json!({"amount_fen": 40000, "reference": "BOC-1"}),
            200,
        )
        .await;
    assert_eq!(paid["status"], "closed");
    assert_eq!(accounts(&app).await, [-35_000, 0, 0, -40_000, 40_000]);

    // Balances afterwards, exactly as the scenario lists them.
    assert_eq!(app.balance("inventory:WH-01").await, 192_000);
    assert_eq!(app.balance("inventory:ST-D001").await, 96_000);
    assert_eq!(app.balance("inventory:in-transit").await, 0);
    assert_eq!(app.balance("grni").await, -320_000);
    assert_eq!(app.balance("warranty:pending").await, 0);
    assert_eq!(app.stock("BC-3519", "WH-01").await.0, 6);
    assert_eq!(app.stock("BC-3519", "ST-D001").await.0, 3);
    let report = app.get("/api/v1/reports/recovery", FINANCE).await.body;
    assert_eq!(report["warranty_cost_fen"], 67_000);
    assert_eq!(report["recovered_fen"], 40_000);
    assert_eq!(report["net_cost_fen"], 27_000);
    assert_eq!(report["by_supplier"][0]["recovery_pct"], 95);
    assert_eq!(report["by_part"][0]["key"], "BC-3519");
    app.assert_balanced().await;
}

#[tokio::test]
async fn settlement_and_supplier_claim_refusals() {
    let app = approved().await;
    let period = json!({"dealer": "D001", "period_from_date": "2026-09-01", "period_to_date": "2026-09-30"});
    app.ok("/api/v1/settlements", FINANCE, period.clone(), 201).await;
    // Settling a line twice: the lines are taken by the live draft.
    let twice = app.post("/api/v1/settlements", FINANCE, period.clone()).await;
    assert_eq!(twice.status, 409);
    assert_eq!(twice.body["code"], "nothing_to_settle");
    assert_eq!(twice.body["params"]["from_date"], "2026-09-01");
    // Cancelling the draft frees them; a new settlement takes them again.
    app.ok("/api/v1/settlements/SE-000001/cancel", FINANCE, json!({}), 200)
        .await;
    app.ok("/api/v1/settlements", FINANCE, period.clone(), 201).await;
    app.ok("/api/v1/settlements/SE-000002/issue", FINANCE, json!({}), 200)
        .await;
    // Another dealer cannot see or confirm it; a clerk may not draw one up.
    let d2 = "demo-dealer-D002";
    assert_eq!(
        app.post("/api/v1/settlements/SE-000002/confirm", d2, json!({}))
            .await
            .status,
        404
    );
    assert_eq!(app.get("/api/v1/settlements/SE-000002", d2).await.status, 404);
    assert_eq!(app.post("/api/v1/settlements", CLERK, period.clone()).await.status, 403);
    app.ok("/api/v1/settlements/SE-000002/confirm", FINANCE, json!({}), 200)
        .await;
    let confirmed = app
        .post("/api/v1/settlements/SE-000002/confirm", FINANCE, json!({}))
        .await;
    assert_eq!(confirmed.status, 409);
    assert_eq!(confirmed.body["code"], "invalid_state");
    assert_eq!(confirmed.body["params"]["state"], "confirmed");
    let settled = app.post("/api/v1/settlements", FINANCE, period).await;
    assert_eq!(settled.status, 409, "a line is settled once, ever");
    assert_eq!(settled.body["code"], "nothing_to_settle");

    // Claiming a part from another supplier.
    app.ok(
        "/api/v1/suppliers",
        ADMIN,
        json!({"code": "S-09", "name": "Other", "recovery": {"parts_pct": 100, "labor_pct": 0}}),
        201,
    )
    .await;
    let wrong = app
        .post(
            "/api/v1/supplier-claims",
            FINANCE,
            json!({"supplier": "S-09", "tags": ["OP-2026-000001"]}),
        )
        .await;
    assert_eq!(wrong.status, 409);
    assert_eq!(wrong.body["code"], "tag_not_claimable");
    assert_eq!(
        wrong.body["params"],
        json!({"field": "tags[0]", "tag": "OP-2026-000001", "reason": "other_supplier"})
    );
    assert!(wrong.body["detail"].as_str().unwrap().contains("S-03"));
    let nothing = app
        .post("/api/v1/supplier-claims", FINANCE, json!({"supplier": "S-09"}))
        .await;
    assert_eq!(nothing.status, 409, "nothing eligible");
    assert_eq!(nothing.body["code"], "nothing_to_claim");
    app.ok("/api/v1/supplier-claims", FINANCE, json!({"supplier": "S-03"}), 201)
        .await;
    let once = app
        .post("/api/v1/supplier-claims", FINANCE, json!({"supplier": "S-03"}))
        .await;
    assert_eq!(once.status, 409, "each tag once");
    assert_eq!(once.body["code"], "nothing_to_claim");
    let early = app
        .post(
            "/api/v1/supplier-claims/SC-000001/response",
            FINANCE,
            json!({"lines": [{"line": 1, "outcome": "accepted"}]}),
        )
        .await;
    assert_eq!(early.status, 409, "not submitted yet");
    assert_eq!(early.body["code"], "invalid_state");
    assert_eq!(early.body["params"]["action"], "answer");
    app.ok("/api/v1/supplier-claims/SC-000001/submit", FINANCE, json!({}), 200)
        .await;
    app.ok(
        "/api/v1/supplier-claims/SC-000001/response",
        FINANCE,
        json!({"lines": [{"line": 1, "outcome": "accepted"}]}),
        200,
    )
    .await;
    // Answering a line twice.
    let again = app
        .post(
            "/api/v1/supplier-claims/SC-000001/response",
            FINANCE,
            json!({"lines": [{"line": 1, "outcome": "rejected", "reason": "x"}]}),
        )
        .await;
    assert_eq!(again.status, 409);
    assert_eq!(again.body["params"]["state"], "answered", "{}", again.body);
    assert_eq!(app.balance("supplier:S-03").await, 42_000);
    app.assert_balanced().await;
}
