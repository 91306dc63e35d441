//! The check before submit over HTTP: the findings a submit then records, coverage end
//! and registration status, and nothing changed — version, audit, journal, stock, tags.

mod common;

use common::{ADMIN, CLERK, DEALER, FINANCE, TestApp, UNIT, claim_body, repaired};
use serde_json::{Value, json};

/// What would make the check leave a trace: the claim, its versions, the audit trail, the
/// journal, the old-part tags and the requisition it cites.
async fn traces(app: &TestApp, number: &str) -> Vec<Value> {
    vec![
        app.get(&format!("/api/v1/claims/{number}"), DEALER).await.body,
        app.get(&format!("/api/v1/claims/{number}/versions"), DEALER).await.body,
        app.get("/api/v1/audit?limit=500", ADMIN).await.body,
        app.get("/api/v1/journal?limit=500", FINANCE).await.body,
        app.get("/api/v1/old-parts", ADMIN).await.body,
        app.get("/api/v1/requisitions/RQ-000001", DEALER).await.body,
    ]
}

/// Without a registration card the check names `registration_missing` on every line, the
/// coverage end and the card's due date, changes nothing, and the submit then finds
/// exactly the same; with the card the same claim checks clean.
#[tokio::test]
async fn check_shows_what_submit_finds_and_changes_nothing() {
    let app = repaired(None).await;
    let c = app.ok("/api/v1/claims", DEALER, claim_body(), 201).await;
    let number = c["number"].as_str().unwrap().to_string();
    let before = traces(&app, &number).await;
    let check = app
        .ok(&format!("/api/v1/claims/{number}/check"), DEALER, json!(null), 200)
        .await;
    assert_eq!(check["registration"], "missing");
    assert_eq!(check["registration_received_date"], Value::Null);
    assert_eq!(
        check["registration_due_date"], "2026-03-22",
        "sale 2026-03-02 + 20 days"
    );
    assert_eq!(check["coverage_start_date"], "2026-03-02");
    assert_eq!(check["coverage_end_date"], "2028-03-01", "24 months, to the day before");
    assert_eq!(check["rejected_lines"], json!([1, 2, 3]));
    let codes: Vec<&str> = check["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["registration_missing"; 3]);
    // Checked twice: still nothing written.
    app.ok(&format!("/api/v1/claims/{number}/check"), DEALER, json!(null), 200)
        .await;
    assert_eq!(traces(&app, &number).await, before, "a check changes nothing");
    assert_eq!(before[0]["version"], 1);
    assert_eq!(before[0]["status"], "draft");

    let submitted = app
        .ok(&format!("/api/v1/claims/{number}/submit"), DEALER, json!(null), 200)
        .await;
    assert_eq!(
        submitted["findings"], check["findings"],
        "the submit finds what the check showed"
    );
    // A submitted claim is not checked again, as it is not submitted again.
    let again = app
        .post(&format!("/api/v1/claims/{number}/check"), DEALER, json!(null))
        .await;
    assert_eq!(again.status.as_u16(), 409, "{}", again.body);
    assert_eq!(again.body["code"], "invalid_state");
    assert_eq!(again.body["params"]["action"], "check");
    app.assert_balanced().await;
}

/// With the card back in time the check is clean and says so; another dealer's claim is
/// 404 and a reviewer may not check (a dealer's action).
#[tokio::test]
async fn a_clean_check_and_who_may_check() {
    let app = repaired(Some("2026-03-22")).await;
    let c = app.ok("/api/v1/claims", DEALER, claim_body(), 201).await;
    let number = c["number"].as_str().unwrap();
    let check = app
        .ok(&format!("/api/v1/claims/{number}/check"), DEALER, json!(null), 200)
        .await;
    assert_eq!(check["registration"], "on_time");
    assert_eq!(check["registration_received_date"], "2026-03-22");
    assert_eq!(check["findings"], json!([]));
    assert_eq!(check["rejected_lines"], json!([]));
    let other = app
        .post(
            &format!("/api/v1/claims/{number}/check"),
            "demo-dealer-D002",
            json!(null),
        )
        .await;
    assert_eq!(other.status.as_u16(), 404);
    let clerk = app
        .post(&format!("/api/v1/claims/{number}/check"), CLERK, json!(null))
        .await;
    assert_eq!(clerk.status.as_u16(), 403);
    let missing = app.post("/api/v1/claims/CL-999999/check", DEALER, json!(null)).await;
    assert_eq!(missing.status.as_u16(), 404);
    let _ = UNIT;
}

/// A card received one day late is `late`, with its finding.
#[tokio::test]
async fn a_late_card() {
    let app = repaired(Some("2026-03-23")).await;
    let c = app.ok("/api/v1/claims", DEALER, claim_body(), 201).await;
    let number = c["number"].as_str().unwrap();
    let check = app
        .ok(&format!("/api/v1/claims/{number}/check"), DEALER, json!(null), 200)
        .await;
    assert_eq!(check["registration"], "late");
    assert_eq!(check["findings"][0]["code"], "registration_late");
}
