//! A recall's cost recovered from the supplier over HTTP: the recall's kit part must come
//! back (`return_required`) and is supplied by S-03 (100 % of parts, 50 % of labor); the
//! campaign claim is approved to the campaign's accounts; the old part comes back and is
//! inspected as supplier fault; a supplier claim picks it on S-03's terms — although the unit
//! was sold long before S-03's 18-month window, the window of a campaign repair runs from the
//! repair — and the accepted amount posts `supplier:S-03` / `warranty:recovery`; the books
//! balance.

mod common;

use common::*;
use serde_json::json;

const OLD: &str = "LZYTBGBW5N1000601";

#[tokio::test]
async fn a_supplier_claim_recovers_a_recall_on_the_suppliers_terms() {
    let app = repaired(Some("2026-03-05")).await;
    app.ok(
        "/api/v1/units",
        ADMIN,
        json!({"serial": OLD, "model": "K9-City", "dealer": "D001", "customer": "Harbin Bus Line 7", "sale_date": "2023-01-10"}),
        201,
    )
    .await;
    app.ok(
        "/api/v1/campaigns",
        SUPERVISOR,
        json!({"code": "RC-2026-02", "kind": "recall", "title": "Brake chamber diaphragm", "valid_from_date": "2026-09-01",
            "valid_to_date": "2026-09-30", "labor_operation": "BRK-CHAMBER", "standard_minutes": 90,
            "kit": [{"part_no": "BC-3519", "qty": 1}], "allowance_fen": 0}),
        201,
    )
    .await;
    app.ok(
        "/api/v1/campaigns/RC-2026-02/units",
        SUPERVISOR,
        json!({"serials": [OLD]}),
        200,
    )
    .await;
    app.ok("/api/v1/campaigns/RC-2026-02/release", SUPERVISOR, json!({}), 200)
        .await;
    let template = app
        .get(
            &format!("/api/v1/campaigns/RC-2026-02/claim-template?unit={OLD}"),
            DEALER,
        )
        .await
        .body;
    let claim = app.ok("/api/v1/claims", DEALER, template, 201).await;
    let number = claim["number"].as_str().unwrap().to_string();
    let submitted = app
        .ok(&format!("/api/v1/claims/{number}/submit"), DEALER, json!({}), 200)
        .await;
    assert_eq!(submitted["findings"], json!([]), "{submitted}");
    let lines = &submitted["claim"]["lines"];
    assert_eq!(lines[0]["status"], "awaiting_old_part", "the kit part must come back");
    assert_eq!(lines[0]["claimed_fen"], 38_000, "dealer price of the kit");
    assert_eq!(lines[1]["claimed_fen"], 12_000, "90 minutes at ¥80.00 an hour");

    // The old part comes back and is inspected as the supplier's fault.
    let due = app.get(&format!("/api/v1/old-parts?claim={number}"), DEALER).await.body;
    let tag = due["items"][0]["tag"].as_str().unwrap().to_string();
    app.ok(
        "/api/v1/old-parts/shipments",
        DEALER,
        json!({"tags": [tag], "carrier_ref": "SF-RC-2"}),
        201,
    )
    .await;
    app.ok(
        "/api/v1/old-parts/receipts",
        CLERK,
        json!({"tag": tag, "dealer": "D001"}),
        200,
    )
    .await;
    let inspected = app
        .ok(
            &format!("/api/v1/old-parts/{tag}/inspection"),
            REVIEWER,
            json!({"disposition": "supplier_fault", "notes": "diaphragm torn, batch 2022-11"}),
            200,
        )
        .await;
    assert_eq!(inspected["supplier"], "S-03");
    app.ok(
        &format!("/api/v1/claims/{number}/review"),
        REVIEWER,
        json!({"action": "decide", "lines": [{"line": 1, "outcome": "approve"}, {"line": 2, "outcome": "approve"}]}),
        200,
    )
    .await;
    assert_eq!(app.balance("campaign:RC-2026-02:parts").await, 38_000);
    assert_eq!(app.balance("campaign:RC-2026-02:labor").await, 12_000);

    // The supplier claim: 100 % of the approved part, 50 % of the claim's approved labor.
    let sc = app
        .ok("/api/v1/supplier-claims", FINANCE, json!({"supplier": "S-03"}), 201)
        .await;
    let sc_no = sc["number"].as_str().unwrap().to_string();
    assert_eq!(sc["lines"].as_array().unwrap().len(), 1, "{sc}");
    assert_eq!(sc["lines"][0]["tag"], tag.as_str());
    assert_eq!(sc["lines"][0]["claim"], number.as_str());
    assert_eq!(
        (
            sc["lines"][0]["parts_fen"].as_i64(),
            sc["lines"][0]["labor_fen"].as_i64()
        ),
        (Some(38_000), Some(6_000))
    );
    assert_eq!(sc["claimed_fen"], 44_000);
    app.ok(
        &format!("/api/v1/supplier-claims/{sc_no}/submit"),
        FINANCE,
        json!({}),
        200,
    )
    .await;
    assert_eq!(app.stock("BC-3519", "SUP-RET").await, (1, 0), "the evidence goes back");
    assert_eq!(
        app.balance("warranty:recovery").await,
        0,
        "nothing posts before the answer"
    );
    app.ok(
        &format!("/api/v1/supplier-claims/{sc_no}/response"),
        FINANCE,
        json!({"lines": [{"line": 1, "outcome": "accepted"}]}),
        200,
    )
    .await;
    // The recovery posts as every supplier recovery does; the campaign's cost stays gross.
    assert_eq!(app.balance("supplier:S-03").await, 44_000);
    assert_eq!(app.balance("warranty:recovery").await, -44_000);
    assert_eq!(app.balance("campaign:RC-2026-02:parts").await, 38_000);
    assert_eq!(app.balance("campaign:RC-2026-02:labor").await, 12_000);
    app.assert_balanced().await;
}
