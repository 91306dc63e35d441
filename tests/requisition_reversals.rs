//! Reversal (红冲) of a requisition's issues and returns over HTTP: the exact opposite
//! movement and posting at the same value, both documents linked, the requisition's line
//! taking it back, each entry once; refusals by name.

mod common;

use axum::http::StatusCode;
use common::{CLERK, DEALER, FINANCE, TestApp, claim_body, repaired};
use serde_json::{Value, json};

/// The stock ledger entries of `document` for BC-3519 at ST-D001, newest first.
async fn entries(app: &TestApp, document: &str) -> Vec<Value> {
    let page = app
        .get(
            "/api/v1/stock/ledger?part=BC-3519&location=ST-D001&order=desc&limit=500",
            DEALER,
        )
        .await
        .body;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["document"] == document)
        .cloned()
        .collect()
}

async fn reverse(app: &TestApp, token: &str, entry: &Value, reason: &str) -> common::Answer {
    app.post(
        "/api/v1/requisitions/RQ-000001/reversals",
        token,
        json!({"entry": entry["seq"], "reason": reason}),
    )
    .await
}

/// The issue of scenario B is reversed: the unit is back at ST-D001 at its 32,000 fen,
/// `warranty:pending` is 0 again, the requisition is approved with nothing issued; a
/// second reversal is refused; issued and returned again, the return is reversed, and
/// once the returned part has left, a return's reversal is `insufficient_stock`.
#[tokio::test]
async fn an_issue_and_a_return_are_reversed_at_their_own_values() {
    let app = repaired(Some("2026-03-10")).await;
    assert_eq!(app.stock("BC-3519", "ST-D001").await, (3, 96_000));
    assert_eq!(app.balance("warranty:pending").await, 32_000);
    let issue = entries(&app, "RQ-000001").await[0].clone();
    assert_eq!(issue["qty_delta"], -1);

    let no_reason = reverse(&app, DEALER, &issue, " ").await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(no_reason.body["params"]["field"], "reason");
    let other = reverse(&app, "demo-dealer-D002", &issue, "wrong part").await;
    assert_eq!(other.status, StatusCode::NOT_FOUND, "another dealer's requisition");
    let transfer_entry = entries(&app, "TR-000001").await[0].clone();
    let foreign = reverse(&app, DEALER, &transfer_entry, "not ours").await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND, "{}", foreign.body);
    assert_eq!(foreign.body["params"]["entity"], "stock_entry");

    let rv = reverse(&app, DEALER, &issue, "发错料，实物未领走").await;
    assert_eq!(rv.status, StatusCode::CREATED, "{}", rv.body);
    assert_eq!(rv.body["number"], "RV-000001");
    assert_eq!(rv.body["original"], "RQ-000001");
    assert_eq!(rv.body["original_kind"], "issue");
    assert_eq!(rv.body["entry"], issue["seq"]);
    assert_eq!(
        rv.body["moves"],
        json!([{"part_no": "BC-3519", "location": "ST-D001", "qty_delta": 1, "value_delta_fen": 32000}])
    );
    assert_eq!(app.stock("BC-3519", "ST-D001").await, (4, 128_000));
    assert_eq!(app.balance("warranty:pending").await, 0);
    let rq = app.get("/api/v1/requisitions/RQ-000001", DEALER).await.body;
    assert_eq!(rq["status"], "approved");
    assert_eq!(
        (
            rq["lines"][0]["issued_qty"].clone(),
            rq["lines"][0]["issued_value_fen"].clone()
        ),
        (json!(0), json!(0))
    );
    let journal = app.get("/api/v1/journal?document=RV-000001", FINANCE).await.body;
    let lines = &journal["items"][0]["lines"];
    assert!(
        lines.to_string().contains("inventory:ST-D001") && lines.to_string().contains("warranty:pending"),
        "{journal}"
    );

    let twice = reverse(&app, DEALER, &issue, "again").await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert_eq!(twice.body["code"], "invalid_state");
    assert_eq!(twice.body["params"]["entity"], "stock_entry");

    // Issue again, return it, reverse the return: the part counts as issued again.
    app.ok(
        "/api/v1/requisitions/RQ-000001/issues",
        DEALER,
        json!({"barcode": "6901234535190"}),
        200,
    )
    .await;
    app.ok(
        "/api/v1/requisitions/RQ-000001/returns",
        DEALER,
        json!({"part_no": "BC-3519"}),
        200,
    )
    .await;
    let ret = entries(&app, "RQ-000001").await[0].clone();
    assert_eq!(ret["qty_delta"], 1);
    let rv2 = reverse(&app, DEALER, &ret, "退错了，配件已装车").await;
    assert_eq!(rv2.status, StatusCode::CREATED, "{}", rv2.body);
    assert_eq!(rv2.body["original_kind"], "return");
    assert_eq!(app.stock("BC-3519", "ST-D001").await, (3, 96_000));
    assert_eq!(app.balance("warranty:pending").await, 32_000);
    let rq = app.get("/api/v1/requisitions/RQ-000001", DEALER).await.body;
    assert_eq!(
        (
            rq["lines"][0]["issued_qty"].clone(),
            rq["lines"][0]["returned_qty"].clone()
        ),
        (json!(1), json!(0))
    );

    // Both documents are linked: the requisition lists its reversals, each names its entry.
    let list = app.get("/api/v1/requisitions/RQ-000001/reversals", DEALER).await.body;
    let numbers: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, ["RV-000001", "RV-000002"]);
    assert_eq!(list[1]["entry"], ret["seq"]);
    let seen = app.get("/api/v1/reversals/RV-000002", DEALER).await;
    assert_eq!(seen.status, StatusCode::OK);
    let hidden = app.get("/api/v1/reversals/RV-000002", "demo-dealer-D002").await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);

    // A return whose parts have since left the station cannot be reversed.
    app.ok(
        "/api/v1/requisitions/RQ-000001/returns",
        DEALER,
        json!({"part_no": "BC-3519"}),
        200,
    )
    .await;
    let last_return = entries(&app, "RQ-000001").await[0].clone();
    app.ok(
        "/api/v1/stock/transfers",
        CLERK,
        json!({"from": "ST-D001", "to": "WH-01", "mode": "direct", "lines": [{"part_no": "BC-3519", "qty": 4}]}),
        201,
    )
    .await;
    let gone = reverse(&app, DEALER, &last_return, "too late").await;
    assert_eq!(gone.status, StatusCode::CONFLICT, "{}", gone.body);
    assert_eq!(gone.body["code"], "insufficient_stock");
    assert_eq!(gone.body["params"]["location"], "ST-D001");
    app.assert_balanced().await;
}

/// An issue a claim cites cannot be reversed: `return_exceeds_outstanding`, nothing written.
#[tokio::test]
async fn a_claimed_issue_is_not_reversed() {
    let app = repaired(Some("2026-03-10")).await;
    app.ok("/api/v1/claims", DEALER, claim_body(), 201).await;
    let rq = app.get("/api/v1/requisitions/RQ-000001", DEALER).await.body;
    if rq["lines"][0]["claimed_qty"] == 0 {
        // Claims hold their part from submit on.
        app.ok("/api/v1/claims/CL-000001/submit", DEALER, json!(null), 200)
            .await;
    }
    let issue = entries(&app, "RQ-000001").await[0].clone();
    let refused = reverse(&app, DEALER, &issue, "wrong").await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert_eq!(refused.body["code"], "return_exceeds_outstanding");
    assert_eq!(app.stock("BC-3519", "ST-D001").await, (3, 96_000));
    let list = app.get("/api/v1/requisitions/RQ-000001/reversals", DEALER).await.body;
    assert_eq!(list, json!([]));
    app.assert_balanced().await;
}
