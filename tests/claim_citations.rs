//! What a claim cites over HTTP: its kind (warranty by default) and the service request the
//! work answered — seen by the filer, for the same unit, not cancelled — which then lists
//! the claim on its detail.

mod common;

use common::*;
use serde_json::{Value, json};

const D2: &str = "demo-dealer-D002";

async fn take(app: &TestApp, body: Value) -> String {
    let r = app.ok("/api/v1/service-requests", CLERK, body, 201).await;
    r["number"].as_str().unwrap().to_string()
}

fn request(unit: Option<&str>, dealer: &str) -> Value {
    let mut body = json!({"channel": "phone", "customer": "Harbin Bus Line 12", "contact": "13800000000",
        "fault_class": "chassis_engine", "distance_km": 12, "description": "brake warning light on"});
    match unit {
        Some(u) => body["unit_serial"] = json!(u),
        None => body["dealer"] = json!(dealer),
    }
    body
}

async fn refused(app: &TestApp, token: &str, body: Value, status: u16, code: &str) -> Value {
    let a = app.post("/api/v1/claims", token, body).await;
    assert_eq!(a.status.as_u16(), status, "{}", a.body);
    assert_eq!(a.body["code"], code, "{}", a.body);
    a.body
}

#[tokio::test]
async fn a_claim_cites_the_service_request_it_answered() {
    let app = repaired(Some("2026-03-05")).await;
    let sr = take(&app, request(Some(UNIT), "D001")).await;
    let mut body = claim_body();
    body["service_request"] = json!(sr);
    let claim = app.ok("/api/v1/claims", DEALER, body, 201).await;
    assert_eq!(claim["kind"], "warranty", "warranty is the default kind");
    assert_eq!(claim["service_request"], json!(sr));
    assert_eq!(claim["campaign"], Value::Null);
    let number = claim["number"].as_str().unwrap();
    let detail = app.get(&format!("/api/v1/service-requests/{sr}"), DEALER).await.body;
    assert_eq!(
        detail["claims"],
        json!([number]),
        "the request lists the claim citing it"
    );
    // Amending without the citation drops it from the request's detail.
    let amended = app
        .call(
            axum::http::Method::PUT,
            &format!("/api/v1/claims/{number}"),
            Some(DEALER),
            Some(claim_body()),
            &[("if-match", &claim["version"].to_string())],
        )
        .await;
    assert_eq!(amended.status.as_u16(), 200, "{}", amended.body);
    assert_eq!(amended.body["service_request"], Value::Null);
    let detail = app.get(&format!("/api/v1/service-requests/{sr}"), CLERK).await.body;
    assert_eq!(detail["claims"], json!([]));
    app.assert_balanced().await;
}

#[tokio::test]
async fn a_cited_request_must_be_visible_for_the_same_unit_and_not_cancelled() {
    let app = repaired(Some("2026-03-05")).await;
    let cite = |sr: &str| {
        let mut body = claim_body();
        body["service_request"] = json!(sr);
        body
    };
    refused(&app, DEALER, cite("SV-000099"), 404, "not_found").await;
    // A request of another dealer's customer is not the dealer's to see.
    let other = take(&app, request(None, "D002")).await;
    refused(&app, DEALER, cite(&other), 404, "not_found").await;
    // A request naming no unit (or another) is not for this unit.
    let own = take(&app, request(None, "D001")).await;
    let e = refused(&app, DEALER, cite(&own), 422, "validation_failed").await;
    assert_eq!(e["params"]["field"], "service_request", "{e}");
    let cancelled = take(&app, request(Some(UNIT), "D001")).await;
    app.ok(
        &format!("/api/v1/service-requests/{cancelled}/cancel"),
        CLERK,
        json!({"reason": "customer fixed it himself"}),
        200,
    )
    .await;
    let e = refused(&app, DEALER, cite(&cancelled), 422, "validation_failed").await;
    assert_eq!(e["params"]["field"], "service_request", "{e}");
    // A campaign claim names its campaign; a warranty claim names none.
    let mut body = claim_body();
    body["kind"] = json!("campaign");
    refused(&app, DEALER, body, 422, "validation_failed").await;
    let mut body = claim_body();
    body["campaign"] = json!("RC-2026-01");
    refused(&app, DEALER, body, 422, "validation_failed").await;
    refused(&app, D2, cite(&other), 404, "not_found").await;
    let none = app.get("/api/v1/claims", CLERK).await.body;
    assert_eq!(none["items"], json!([]), "nothing was filed: {none}");
}
