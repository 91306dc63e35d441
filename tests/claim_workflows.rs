//! Warranty claims over HTTP: scenarios B, C and D of the design with their exact postings,
//! every automatic check on either side of its boundary, send-back and resubmit, partial
//! approval, old parts from tag to disposition, and dealer isolation.

mod common;

use axum::http::Method;
use common::{ADMIN, CLERK, DEALER, FINANCE, REVIEWER, TestApp, UNIT, at, claim_body, repaired};
use serde_json::{Value, json};

async fn file_and_submit(app: &TestApp, body: Value) -> Value {
    let claim = app.ok("/api/v1/claims", DEALER, body, 201).await;
    let number = claim["number"].as_str().unwrap().to_string();
    app.ok(&format!("/api/v1/claims/{number}/submit"), DEALER, json!({}), 200)
        .await
}

fn codes(findings: &Value) -> Vec<(u64, String)> {
    findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["line"].as_u64().unwrap(), f["code"].as_str().unwrap().to_string()))
        .collect()
}

#[tokio::test]
async fn scenario_b_warranty_repair_end_to_end() {
    let app = repaired(Some("2026-03-10")).await;
    assert_eq!(app.balance("warranty:pending").await, 32_000);
    let draft = app.ok("/api/v1/claims", DEALER, claim_body(), 201).await;
    assert_eq!(draft["status"], "draft");
    let amounts: Vec<_> = draft["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["claimed_fen"].as_i64().unwrap())
        .collect();
    assert_eq!(
        amounts,
        vec![32_000, 20_000, 15_000],
        "net issue cost, 2.5 h × 8,000, travel"
    );
    assert_eq!(draft["claimed_fen"], 67_000);

    let submitted = app.ok("/api/v1/claims/CL-000001/submit", DEALER, json!({}), 200).await;
    assert_eq!(submitted["status"], "submitted");
    assert_eq!(submitted["findings"], json!([]), "the automatic checks find nothing");
    let line_status: Vec<_> = submitted["claim"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["status"].clone())
        .collect();
    assert_eq!(
        line_status,
        vec![json!("awaiting_old_part"), json!("open"), json!("open")]
    );
    assert_eq!(submitted["claim"]["filing_date"], "2026-09-15");
    app.assert_balanced().await;

    // The part line waits for its old part.
    let early = app
        .post(
            "/api/v1/claims/CL-000001/review",
            REVIEWER,
            json!({"action": "decide", "lines": [{"line": 1, "outcome": "approve"}]}),
        )
        .await;
    assert_eq!(early.status, 409, "{}", early.body);
    assert_eq!(early.body["code"], "old_part_not_inspected");
    assert_eq!(early.body["params"], json!({"claim": "CL-000001", "line": 1}));

    // Tag, ship, scan in at OLD-01, inspect.
    let due = app.get("/api/v1/old-parts?status=due", DEALER).await.body;
    assert_eq!(due["items"].as_array().unwrap().len(), 1);
    let tag = due["items"][0]["tag"].as_str().unwrap().to_string();
    assert_eq!(tag, "OP-2026-000001");
    assert_eq!(due["items"][0]["due_date"], "2026-10-14");
    let label = app.router.clone();
    let req = axum::http::Request::get(format!("/api/v1/old-parts/{tag}/label"))
        .header("authorization", format!("Bearer {DEALER}"))
        .body(axum::body::Body::empty())
        .unwrap();
    let resp = tower::ServiceExt::oneshot(label, req).await.unwrap();
    assert_eq!(resp.status(), 200);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    app.ok(
        "/api/v1/old-parts/shipments",
        DEALER,
        json!({"tags": [tag], "carrier_ref": "SF1234567890"}),
        201,
    )
    .await;
    let received = app
        .ok(
            "/api/v1/old-parts/receipts",
            CLERK,
            json!({"tag": tag, "dealer": "D001"}),
            200,
        )
        .await;
    assert_eq!(received["location"], "OLD-01");
    assert_eq!(
        app.stock("BC-3519", "OLD-01").await,
        (1, 0),
        "old parts enter at value 0"
    );
    let inspected = app
        .ok(
            &format!("/api/v1/old-parts/{tag}/inspection"),
            REVIEWER,
            json!({"disposition": "supplier_fault", "notes": "diaphragm torn"}),
            200,
        )
        .await;
    assert_eq!(inspected["supplier"], "S-03");
    assert_eq!(
        app.get("/api/v1/claims/CL-000001", DEALER).await.body["lines"][0]["status"],
        "open"
    );

    // Step 6: all lines approved.
    let decided = app
        .ok(
            "/api/v1/claims/CL-000001/review",
            REVIEWER,
            json!({"action": "decide", "lines": [{"line": 1, "outcome": "approve"}, {"line": 2, "outcome": "approve"}, {"line": 3, "outcome": "approve"}]}),
            200,
        )
        .await;
    assert_eq!(decided["status"], "decided");
    assert_eq!(decided["approved_fen"], 67_000);
    let journal = app.get("/api/v1/journal?document=CL-000001", FINANCE).await.body;
    let lines: Vec<Value> = journal["items"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["lines"].as_array().unwrap().clone())
        .collect();
    assert_eq!(
        lines,
        vec![
            json!({"account": "warranty:expense:parts", "side": "debit", "amount_fen": 32000}),
            json!({"account": "warranty:pending", "side": "credit", "amount_fen": 32000}),
            json!({"account": "warranty:expense:labor", "side": "debit", "amount_fen": 20000}),
            json!({"account": "warranty:accrued", "side": "credit", "amount_fen": 20000}),
            json!({"account": "warranty:expense:travel", "side": "debit", "amount_fen": 15000}),
            json!({"account": "warranty:accrued", "side": "credit", "amount_fen": 15000}),
        ]
    );
    assert_eq!(app.balance("warranty:pending").await, 0);
    assert_eq!(app.balance("warranty:accrued").await, -35_000);
    let expense: i64 = [
        app.balance("warranty:expense:parts").await,
        app.balance("warranty:expense:labor").await,
        app.balance("warranty:expense:travel").await,
    ]
    .iter()
    .sum();
    assert_eq!(expense, 67_000);
    assert_eq!(app.balance("inventory:WH-01").await, 192_000);
    assert_eq!(app.balance("inventory:ST-D001").await, 96_000);
    assert_eq!(app.balance("grni").await, -320_000);
    assert_eq!(app.stock("BC-3519", "WH-01").await, (6, 192_000));
    assert_eq!(app.stock("BC-3519", "ST-D001").await, (3, 96_000));
    app.assert_balanced().await;

    // The requisition's part is now cited by a decided claim line: no return.
    let back = app
        .post(
            "/api/v1/requisitions/RQ-000001/returns",
            DEALER,
            json!({"part_no": "BC-3519"}),
        )
        .await;
    assert_eq!(back.status, 409);
    assert_eq!(back.body["code"], "claim_line_decided", "{}", back.body);
    let times = app.get("/api/v1/reports/claim-times", REVIEWER).await.body;
    assert_eq!(times["submitted"], 1);
    assert_eq!(times["decision"]["completed"], 1);
}

#[tokio::test]
async fn scenario_c_late_registration_rejects_every_line() {
    let app = repaired(Some("2026-03-23")).await;
    let r = file_and_submit(&app, claim_body()).await;
    assert_eq!(r["status"], "decided");
    assert_eq!(
        codes(&r["findings"]),
        vec![
            (1, "registration_late".into()),
            (2, "registration_late".into()),
            (3, "registration_late".into())
        ]
    );
    assert!(r["findings"][0]["message"].as_str().unwrap().contains("21 days"));
    assert_eq!(
        app.balance("dealer:D001").await,
        32_000,
        "the dealer pays for the company part"
    );
    assert_eq!(app.balance("warranty:pending").await, 0);
    assert_eq!(app.balance("warranty:accrued").await, 0);
    assert_eq!(
        app.get("/api/v1/old-parts", DEALER).await.body["items"],
        json!([]),
        "no tag for a rejected line"
    );
    app.assert_balanced().await;
}

#[tokio::test]
async fn scenario_d_old_part_never_returned() {
    let app = repaired(Some("2026-03-10")).await;
    file_and_submit(&app, claim_body()).await;
    let sweep = |date: &str| json!({"date": date});
    let first = app.ok("/api/v1/admin/sweep", ADMIN, sweep("2026-10-14"), 200).await;
    assert_eq!(first["overdue_tags"], json!([]));
    assert_eq!(app.balance("dealer:D001").await, 0);
    let second = app.ok("/api/v1/admin/sweep", ADMIN, sweep("2026-10-15"), 200).await;
    assert_eq!(second["rejected_lines"], json!(["CL-000001#1"]));
    let claim = app.get("/api/v1/claims/CL-000001", DEALER).await.body;
    assert_eq!(claim["lines"][0]["status"], "rejected");
    assert_eq!(claim["lines"][0]["reason"], "old_part_not_returned");
    assert_eq!(app.balance("dealer:D001").await, 32_000);
    assert_eq!(app.balance("warranty:pending").await, 0);
    let again = app.ok("/api/v1/admin/sweep", ADMIN, sweep("2026-10-16"), 200).await;
    assert_eq!(again["overdue_tags"], json!([]), "a second sweep posts nothing");
    assert_eq!(app.balance("dealer:D001").await, 32_000);
    // Labor and travel are decided on their own.
    app.ok("/api/v1/claims/CL-000001/review", REVIEWER, json!({"action": "decide", "lines": [{"line": 2, "outcome": "approve"}, {"line": 3, "outcome": "reject", "reason": "no travel needed"}]}), 200).await;
    assert_eq!(app.balance("warranty:accrued").await, -20_000);
    // The part arriving late is received into stock, but its line stays rejected.
    let tag = app.get("/api/v1/old-parts?claim=CL-000001", DEALER).await.body["items"][0]["tag"]
        .as_str()
        .unwrap()
        .to_string();
    let late = app
        .ok("/api/v1/old-parts/receipts", CLERK, json!({"tag": tag}), 200)
        .await;
    assert_eq!(late["status"], "overdue");
    assert_eq!(app.stock("BC-3519", "OLD-01").await, (1, 0));
    let twice = app.post("/api/v1/old-parts/receipts", CLERK, json!({"tag": tag})).await;
    assert_eq!(
        twice.body["code"], "tag_already_received",
        "a late part is received once"
    );
    assert_eq!(app.stock("BC-3519", "OLD-01").await, (1, 0));
    assert_eq!(
        app.get("/api/v1/claims/CL-000001", DEALER).await.body["lines"][0]["status"],
        "rejected"
    );
    let report = app
        .get("/api/v1/reports/old-parts?as_of_date=2026-10-20", FINANCE)
        .await
        .body;
    assert_eq!(report["aging"][0]["received_not_inspected"], 1);
    app.assert_balanced().await;
}

/// Each check on either side of its boundary, with a dealer-stock line (no requisition).
#[tokio::test]
async fn automatic_checks_on_either_side_of_their_boundaries() {
    let app = repaired(Some("2026-03-22")).await; // day 20: on time
    let part_line = |part: &str| json!({"kind": "part", "part_no": part, "qty": 1, "source": "dealer_stock"});
    let claim = |failure: &str, repair: &str, km: i64, lines: Value| {
        json!({"unit_serial": UNIT, "failure_date": failure, "repair_date": repair, "usage_km": km,
            "fault_code": "BRK-021", "description": "brake fault", "lines": lines})
    };
    app.clock.set(at(2026, 10, 14));
    // Filed 30 days after the repair: on time; 31: late.
    let r = file_and_submit(
        &app,
        claim(
            "2026-09-13",
            "2026-09-14",
            1000,
            json!([{"kind": "other", "amount_fen": 100}]),
        ),
    )
    .await;
    assert_eq!(codes(&r["findings"]), vec![]);
    let r = file_and_submit(
        &app,
        claim(
            "2026-09-13",
            "2026-09-13",
            1000,
            json!([{"kind": "other", "amount_fen": 100}]),
        ),
    )
    .await;
    assert_eq!(codes(&r["findings"]), vec![(1, "filed_late".into())]);

    // Wear part; part not covered; duplicate; labor over the standard is only a warning.
    app.ok(
        "/api/v1/parts",
        ADMIN,
        json!({"part_no": "MIR-1", "name": "Mirror", "unit": "pc", "standard_cost_fen": 100, "dealer_price_fen": 150, "warranty_covered": false}),
        201,
    )
    .await;
    let r = file_and_submit(
        &app,
        claim(
            "2026-10-01",
            "2026-10-02",
            1000,
            json!([part_line("FLT-0042"), part_line("MIR-1"), part_line("BC-3519"), {"kind": "labor", "minutes": 181}]),
        ),
    )
    .await;
    assert_eq!(
        codes(&r["findings"]),
        vec![
            (1, "wear_part".into()),
            (2, "part_not_covered".into()),
            (4, "labor_over_standard".into())
        ]
    );
    assert_eq!(r["findings"][2]["severity"], "warning");
    assert_eq!(r["claim"]["lines"][3]["status"], "open");
    assert_eq!(r["claim"]["lines"][2]["status"], "awaiting_old_part");
    let dup = file_and_submit(
        &app,
        claim("2026-10-01", "2026-10-02", 1000, json!([part_line("BC-3519")])),
    )
    .await;
    assert_eq!(codes(&dup["findings"]), vec![(1, "duplicate_claim".into())]);

    // Coverage runs 2026-03-02 .. 2028-03-01; 200,000 km is still covered (later than the
    // claims above, so the odometer only goes forward).
    app.clock.set(at(2028, 3, 2));
    let r = file_and_submit(
        &app,
        claim("2028-03-01", "2028-03-01", 200_000, json!([part_line("BC-3519")])),
    )
    .await;
    assert_eq!(
        codes(&r["findings"]),
        vec![(1, "near_expiry".into())],
        "last day (near the end of coverage: a warning only), usage at the limit, registration on day 20"
    );
    let r = file_and_submit(
        &app,
        claim(
            "2028-03-02",
            "2028-03-02",
            200_001,
            json!([{"kind": "labor", "minutes": 60}]),
        ),
    )
    .await;
    assert_eq!(
        codes(&r["findings"]),
        vec![(1, "warranty_expired".into()), (1, "usage_exceeded".into())]
    );
    assert!(
        r["findings"][0]["message"].as_str().unwrap().contains("2028-03-01"),
        "names the expiry date"
    );
    app.assert_balanced().await;
}

#[tokio::test]
async fn registration_missing_and_policy_versions() {
    let app = repaired(None).await;
    let r = file_and_submit(&app, claim_body()).await;
    assert_eq!(codes(&r["findings"])[0].1, "registration_missing");
    // A later policy version with a 6-month coverage applies to failures from its date on.
    app.ok(
        &format!("/api/v1/units/{UNIT}/registration"),
        CLERK,
        json!({"received_date": "2026-03-10"}),
        200,
    )
    .await;
    app.ok(
        "/api/v1/policies",
        ADMIN,
        json!({"model": "K9-City", "effective_from_date": "2026-09-13", "months": 6, "labor_rate_fen": 9000}),
        201,
    )
    .await;
    let old_rules = json!({"unit_serial": UNIT, "failure_date": "2026-09-12", "repair_date": "2026-09-12", "fault_code": "X1",
        "description": "d", "lines": [{"kind": "labor", "minutes": 60}]});
    let r = file_and_submit(&app, old_rules).await;
    assert_eq!(codes(&r["findings"]), vec![]);
    assert_eq!(r["claim"]["lines"][0]["claimed_fen"], 8000);
    let new_rules = json!({"unit_serial": UNIT, "failure_date": "2026-09-13", "repair_date": "2026-09-13", "fault_code": "X1",
        "description": "d", "lines": [{"kind": "labor", "minutes": 60}]});
    let r = file_and_submit(&app, new_rules).await;
    assert_eq!(codes(&r["findings"]), vec![(1, "warranty_expired".into())]);
    assert_eq!(r["claim"]["lines"][0]["claimed_fen"], 9000);
}

#[tokio::test]
async fn send_back_amend_resubmit_keeps_every_version() {
    let app = repaired(Some("2026-03-10")).await;
    file_and_submit(&app, claim_body()).await;
    let returned = app
        .ok(
            "/api/v1/claims/CL-000001/review",
            REVIEWER,
            json!({"action": "return", "comment": "attach the service report"}),
            200,
        )
        .await;
    assert_eq!(returned["status"], "returned");
    assert_eq!(
        app.get("/api/v1/old-parts?claim=CL-000001", DEALER).await.body["items"],
        json!([]),
        "unshipped tags withdrawn"
    );
    // The requisition's part is free again while the claim is back with the dealer.
    let rq = app.get("/api/v1/requisitions/RQ-000001", DEALER).await.body;
    assert_eq!(rq["lines"][0]["claimed_qty"], 0);
    app.ok(
        "/api/v1/service-reports",
        DEALER,
        json!({"unit_serial": UNIT, "requisition": "RQ-000001", "fault_code": "BRK-021", "description": "replaced chamber",
            "usage_km": 81300, "labor_minutes": 150, "consumed": [{"part_no": "BC-3519", "qty": 1}],
            "customer_name": "Line 12", "customer_signed_at": "2026-09-14T09:30:00Z"}),
        201,
    )
    .await;
    let mut body = claim_body();
    body["service_report"] = json!("SR-000001");
    let stale = app
        .call(
            Method::PUT,
            "/api/v1/claims/CL-000001",
            Some(DEALER),
            Some(body.clone()),
            &[("if-match", "1")],
        )
        .await;
    assert_eq!(stale.body["code"], "stale_version");
    let version = returned["version"].to_string();
    let amended = app
        .call(
            Method::PUT,
            "/api/v1/claims/CL-000001",
            Some(DEALER),
            Some(body),
            &[("if-match", version.as_str())],
        )
        .await;
    assert_eq!(amended.status, 200, "{}", amended.body);
    let again = app.ok("/api/v1/claims/CL-000001/submit", DEALER, json!({}), 200).await;
    assert_eq!(again["status"], "submitted");
    assert_eq!(
        again["claim"]["filing_date"], "2026-09-15",
        "the filing date is the first submit"
    );
    let versions = app.get("/api/v1/claims/CL-000001/versions", DEALER).await.body;
    let statuses: Vec<_> = versions
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["status"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        statuses,
        vec!["draft", "submitted", "returned", "returned", "submitted"]
    );
    assert_eq!(versions[1]["service_report"], json!(null));
    assert_eq!(versions[4]["service_report"], "SR-000001");
    // Once a line is decided the claim can no longer be sent back.
    app.ok(
        "/api/v1/claims/CL-000001/review",
        REVIEWER,
        json!({"action": "decide", "lines": [{"line": 2, "outcome": "approve"}]}),
        200,
    )
    .await;
    let no = app
        .post(
            "/api/v1/claims/CL-000001/review",
            REVIEWER,
            json!({"action": "return", "comment": "more"}),
        )
        .await;
    assert_eq!(no.status, 409);
    assert_eq!(no.body["code"], "line_already_decided", "{}", no.body);
    app.assert_balanced().await;
}

#[tokio::test]
async fn partial_approval_and_rejection_postings() {
    let app = repaired(Some("2026-03-10")).await;
    file_and_submit(&app, claim_body()).await;
    let tag = app.get("/api/v1/old-parts?claim=CL-000001", DEALER).await.body["items"][0]["tag"]
        .as_str()
        .unwrap()
        .to_string();
    app.ok("/api/v1/old-parts/receipts", CLERK, json!({"tag": tag}), 200)
        .await;
    app.ok(
        &format!("/api/v1/old-parts/{tag}/inspection"),
        REVIEWER,
        json!({"disposition": "scrap"}),
        200,
    )
    .await;
    assert_eq!(app.stock("BC-3519", "SCRAP-01").await, (1, 0));
    assert_eq!(app.stock("BC-3519", "OLD-01").await, (0, 0));
    let bad = app.post("/api/v1/claims/CL-000001/review", REVIEWER, json!({"action": "decide", "lines": [{"line": 1, "outcome": "reduce", "amount_fen": 32000, "reason": "x"}]})).await;
    assert_eq!(bad.body["field"], "lines[0].amount_fen");
    let no_reason = app
        .post(
            "/api/v1/claims/CL-000001/review",
            REVIEWER,
            json!({"action": "decide", "lines": [{"line": 3, "outcome": "reject"}]}),
        )
        .await;
    assert_eq!(no_reason.status, 422);
    app.ok(
        "/api/v1/claims/CL-000001/review",
        REVIEWER,
        json!({"action": "decide", "lines": [
            {"line": 1, "outcome": "reduce", "amount_fen": 24000, "reason": "partly misuse"},
            {"line": 2, "outcome": "reduce", "amount_fen": 16000, "reason": "2 h is enough"},
            {"line": 3, "outcome": "reject", "reason": "misuse"}]}),
        200,
    )
    .await;
    assert_eq!(app.balance("warranty:expense:parts").await, 24_000);
    assert_eq!(app.balance("dealer:D001").await, 8_000, "c − a of the company part");
    assert_eq!(app.balance("warranty:pending").await, 0);
    assert_eq!(app.balance("warranty:expense:labor").await, 16_000);
    assert_eq!(app.balance("warranty:accrued").await, -16_000);
    assert_eq!(app.balance("warranty:expense:travel").await, 0);
    let again = app
        .post(
            "/api/v1/claims/CL-000001/review",
            REVIEWER,
            json!({"action": "decide", "lines": [{"line": 3, "outcome": "approve"}]}),
        )
        .await;
    assert_eq!(again.status, 409, "a decided line is not decided twice");
    assert_eq!(again.body["code"], "line_already_decided");
    assert_eq!(
        again.body["params"],
        json!({"entity": "claim", "key": "CL-000001", "line": 3})
    );
    app.assert_balanced().await;
}

#[tokio::test]
async fn reviewer_reopens_an_automatic_rejection() {
    let app = repaired(Some("2026-03-23")).await; // registration late → every line rejected
    file_and_submit(&app, claim_body()).await;
    assert_eq!(app.balance("dealer:D001").await, 32_000);
    let claim = app.get("/api/v1/claims/CL-000001", REVIEWER).await.body;
    assert_eq!(claim["lines"][0]["rejected_by"], "registration_late");
    let no_reason = app
        .post(
            "/api/v1/claims/CL-000001/review",
            REVIEWER,
            json!({"action": "decide", "lines": [{"line": 2, "outcome": "approve", "reopen": true}]}),
        )
        .await;
    assert_eq!(no_reason.status, 422);
    app.ok(
        "/api/v1/claims/CL-000001/review",
        REVIEWER,
        json!({"action": "decide", "lines": [{"line": 1, "outcome": "approve", "reopen": true, "reason": "card lost in the post; goodwill"}]}),
        200,
    )
    .await;
    assert_eq!(app.balance("dealer:D001").await, 0, "the automatic charge is reversed");
    assert_eq!(app.balance("warranty:expense:parts").await, 32_000);
    assert_eq!(app.balance("warranty:pending").await, 0);
    app.assert_balanced().await;
}

/// A reviewer rejecting with words that spell a finding code (`wear_part`) has not made an
/// automatic rejection: the line cannot be reopened as if a check had rejected it.
#[tokio::test]
async fn a_reviewers_reason_never_passes_for_an_automatic_finding() {
    let app = repaired(Some("2026-03-10")).await;
    file_and_submit(&app, claim_body()).await;
    let reject = json!({"action": "decide", "lines": [{"line": 2, "outcome": "reject", "reason": "wear_part"}]});
    app.ok("/api/v1/claims/CL-000001/review", REVIEWER, reject, 200).await;
    let claim = app.get("/api/v1/claims/CL-000001", REVIEWER).await.body;
    assert_eq!(claim["lines"][1]["status"], "rejected");
    assert_eq!(claim["lines"][1]["reason"], "wear_part");
    assert_eq!(claim["lines"][1]["rejected_by"], Value::Null);
    let reopen = json!({"action": "decide", "lines": [{"line": 2, "outcome": "approve", "reopen": true, "reason": "on second thought"}]});
    let refused = app.post("/api/v1/claims/CL-000001/review", REVIEWER, reopen).await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    let claim = app.get("/api/v1/claims/CL-000001", REVIEWER).await.body;
    assert_eq!(claim["lines"][1]["status"], "rejected", "still the reviewer's decision");
    app.assert_balanced().await;
}

#[tokio::test]
async fn old_part_refusals_and_dispositions() {
    let app = repaired(Some("2026-03-10")).await;
    file_and_submit(&app, claim_body()).await;
    let tag = app.get("/api/v1/old-parts?claim=CL-000001", DEALER).await.body["items"][0]["tag"]
        .as_str()
        .unwrap()
        .to_string();
    let not_yet = app
        .post(
            &format!("/api/v1/old-parts/{tag}/inspection"),
            REVIEWER,
            json!({"disposition": "reusable"}),
        )
        .await;
    assert_eq!(not_yet.status, 409, "inspecting an unreceived tag");
    assert_eq!(not_yet.body["code"], "invalid_state");
    assert_eq!(not_yet.body["params"]["action"], "inspect");
    let wrong = app
        .post(
            "/api/v1/old-parts/receipts",
            CLERK,
            json!({"tag": tag, "dealer": "D002"}),
        )
        .await;
    assert_eq!(wrong.status, 409, "another dealer's parcel");
    assert_eq!(wrong.body["code"], "tag_of_another_dealer");
    assert_eq!(wrong.body["params"]["dealer"], "D001");
    assert_eq!(wrong.body["params"]["expected_dealer"], "D002");
    assert_eq!(
        app.post("/api/v1/old-parts/receipts", CLERK, json!({"tag": "OP-2026-999999"}))
            .await
            .status,
        404
    );
    app.ok("/api/v1/old-parts/receipts", CLERK, json!({"tag": tag}), 200)
        .await;
    let twice = app.post("/api/v1/old-parts/receipts", CLERK, json!({"tag": tag})).await;
    assert_eq!(twice.status, 409, "scanning a tag twice");
    assert_eq!(twice.body["code"], "tag_already_received");
    assert_eq!(
        app.stock("BC-3519", "OLD-01").await,
        (1, 0),
        "the second scan posted nothing"
    );
    let scrap_with_value = app
        .post(
            &format!("/api/v1/old-parts/{tag}/inspection"),
            REVIEWER,
            json!({"disposition": "scrap", "salvage_value_fen": 100}),
        )
        .await;
    assert_eq!(scrap_with_value.body["field"], "salvage_value_fen");
    let reusable = json!({"disposition": "reusable", "salvage_value_fen": 5000});
    app.ok(&format!("/api/v1/old-parts/{tag}/inspection"), REVIEWER, reusable, 200)
        .await;
    assert_eq!(
        app.stock("BC-3519", "REUSE-01").await,
        (1, 5_000),
        "a reusable part enters at its salvage value"
    );
    assert_eq!(app.balance("inventory:REUSE-01").await, 5_000);
    assert_eq!(app.balance("warranty:salvage").await, -5_000);
    assert_eq!(
        app.get("/api/v1/reports/recovery", FINANCE).await.body["salvage_fen"],
        5_000
    );
    let d2 = "demo-dealer-D002";
    assert_eq!(app.get(&format!("/api/v1/old-parts/{tag}"), d2).await.status, 404);
    assert_eq!(
        app.post(
            "/api/v1/old-parts/shipments",
            d2,
            json!({"tags": [tag], "carrier_ref": "x"})
        )
        .await
        .status,
        404
    );
    let ledger = app.get("/api/v1/stock/ledger?location=OLD-01", ADMIN).await.body;
    assert_eq!(
        ledger["items"].as_array().unwrap().len(),
        2,
        "in and out of the old-parts store"
    );
    let report = app.get("/api/v1/reports/old-parts", FINANCE).await.body;
    assert_eq!(report["dispositions"][0]["reusable"], 1);
    app.assert_balanced().await;
}

#[tokio::test]
async fn dealers_see_and_file_only_their_own() {
    let app = repaired(Some("2026-03-10")).await;
    file_and_submit(&app, claim_body()).await;
    let d2 = "demo-dealer-D002";
    assert_eq!(app.get("/api/v1/claims/CL-000001", d2).await.status, 404);
    assert_eq!(app.get("/api/v1/claims", d2).await.body["items"], json!([]));
    assert_eq!(app.get(&format!("/api/v1/units/{UNIT}"), d2).await.status, 404);
    assert_eq!(app.post("/api/v1/claims", d2, claim_body()).await.status, 404);
    assert_eq!(
        app.post("/api/v1/claims/CL-000001/submit", d2, json!({})).await.status,
        404
    );
    assert_eq!(
        app.post(
            "/api/v1/claims/CL-000001/review",
            DEALER,
            json!({"action": "return", "comment": "x"})
        )
        .await
        .status,
        403
    );
    assert_eq!(
        app.post(
            &format!("/api/v1/units/{UNIT}/registration"),
            DEALER,
            json!({"received_date": "2026-03-03"})
        )
        .await
        .status,
        403
    );
    assert_eq!(app.get("/api/v1/claims/CL-000001", REVIEWER).await.status, 200);
    assert_eq!(
        app.get("/api/v1/claims", FINANCE).await.body["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}
