//! Serving safely: secrets never stored, one server-wide concurrency limit, roles checked
//! before bodies are read, slow bodies cut short, defaults checked like given values, and
//! no refusal that tells another dealer's record from a missing one.

mod common;

use axum::body::{Body, Bytes};
use axum::http::{Method, Request};
use common::{ADMIN, CLERK, DEALER, TestApp, UNIT, claim_body, repaired};
use http_body_util::channel::{Channel, Sender};
use serde_json::{Value, json};
use std::time::Duration;

const DEALER2: &str = "demo-dealer-D002";

/// A POST whose body never finishes until the returned sender is dropped.
fn endless_post(path: &str, token: &str) -> (Request<Body>, Sender<Bytes>) {
    let (tx, body) = Channel::<Bytes>::new(1);
    let req = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(Body::new(body))
        .unwrap();
    (req, tx)
}

async fn file_and_submit(app: &TestApp, body: Value) {
    let claim = app.ok("/api/v1/claims", DEALER, body, 201).await;
    let number = claim["number"].as_str().unwrap().to_string();
    app.ok(&format!("/api/v1/claims/{number}/submit"), DEALER, json!({}), 200)
        .await;
}

/// Proves a token secret never reaches the database: an idempotent replay answers without
/// it, and the database file holds no copy of it.
#[tokio::test]
async fn token_secret_is_never_stored_and_a_replay_answers_without_it() {
    let app = TestApp::new();
    let body = json!({"name": "scanner", "role": "clerk"});
    let key = [("idempotency-key", "token-1")];
    let first = app
        .call(Method::POST, "/api/v1/tokens", Some(ADMIN), Some(body.clone()), &key)
        .await;
    assert_eq!(first.status, 201, "{}", first.body);
    let secret = first.body["secret"].as_str().unwrap().to_string();
    let replay = app
        .call(Method::POST, "/api/v1/tokens", Some(ADMIN), Some(body), &key)
        .await;
    assert_eq!(replay.status, 201);
    assert_eq!(replay.headers["idempotent-replayed"], "true");
    assert_eq!(replay.body["token"]["id"], first.body["token"]["id"]);
    assert_eq!(replay.body["secret"], Value::Null);
    // The secret still works, and no byte of the file holds it.
    assert_eq!(app.get("/api/v1/whoami", &secret).await.status, 200);
    let file = std::fs::read(app.dir.path().join("test.redb")).unwrap();
    assert!(
        !file.windows(secret.len()).any(|w| w == secret.as_bytes()),
        "the secret is in the database file"
    );
}

/// Proves the concurrency limit is one for the whole server: requests held on one route
/// make another route answer 503 `overloaded`.
#[tokio::test]
async fn concurrency_limit_is_server_wide() {
    let app = TestApp::with_config(|c| c.concurrency_max = 2);
    let mut held = Vec::new();
    for _ in 0..2 {
        let (req, tx) = endless_post("/api/v1/stock/receipts", CLERK);
        let router = app.router.clone();
        held.push((tx, tokio::spawn(tower::ServiceExt::oneshot(router, req))));
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let other = app.get("/api/v1/parts", ADMIN).await;
    assert_eq!(other.status, 503, "{}", other.body);
    assert_eq!(other.body["code"], "overloaded");
    assert_eq!(other.headers["retry-after"], "1");
    for (tx, task) in held {
        drop(tx);
        assert_eq!(task.await.unwrap().unwrap().status(), 400, "an empty body is malformed");
    }
    assert_eq!(app.get("/api/v1/parts", ADMIN).await.status, 200);
}

/// Proves a role that may never post receipts is refused before its body is read: the
/// answer comes although the body never ends.
#[tokio::test]
async fn role_is_refused_before_the_body_is_read() {
    let app = TestApp::new();
    app.seed_scenario().await;
    let (req, _tx) = endless_post("/api/v1/stock/receipts", DEALER);
    let answer = tokio::time::timeout(Duration::from_secs(5), app.send(req))
        .await
        .expect("answered without reading the body");
    assert_eq!(answer.status, 403);
    assert_eq!(answer.body["code"], "forbidden");
}

/// Proves a body that does not arrive within the body time limit is answered 408 long
/// before the request time limit.
#[tokio::test]
async fn slow_body_is_answered_408_early() {
    let app = TestApp::with_config(|c| c.body_read_timeout = Duration::from_millis(300));
    let (req, _tx) = endless_post("/api/v1/stock/receipts", CLERK);
    let answer = tokio::time::timeout(Duration::from_secs(5), app.send(req))
        .await
        .expect("answered before the 30 s request limit");
    assert_eq!(answer.status, 408);
    assert_eq!(answer.body["code"], "timeout");
}

/// Proves a location the server fills in passes the same check as a given one: a clerk
/// limited to WH-01 cannot receive old parts at OLD-01 by leaving `location` out.
#[tokio::test]
async fn defaulted_location_passes_the_clerks_location_check() {
    let app = repaired(Some("2026-03-10")).await;
    file_and_submit(&app, claim_body()).await;
    let tag = app.get("/api/v1/old-parts?status=due", DEALER).await.body["items"][0]["tag"].clone();
    let token = |loc: &str| json!({"name": format!("{loc} scanner"), "role": "clerk", "locations": [loc]});
    let wh = app.ok("/api/v1/tokens", ADMIN, token("WH-01"), 201).await;
    let wh = wh["secret"].as_str().unwrap();
    let refused = app.post("/api/v1/old-parts/receipts", wh, json!({"tag": tag})).await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert_eq!(refused.body["code"], "forbidden");
    assert_eq!(app.stock("BC-3519", "OLD-01").await, (0, 0));
    let old = app.ok("/api/v1/tokens", ADMIN, token("OLD-01"), 201).await;
    let old = old["secret"].as_str().unwrap();
    let received = app.ok("/api/v1/old-parts/receipts", old, json!({"tag": tag}), 200).await;
    assert_eq!(received["location"], "OLD-01");
}

/// Master data, stock and a unit of a second dealer, D002, at its station ST-D002.
async fn second_dealer(app: &TestApp) {
    app.ok(
        "/api/v1/units",
        ADMIN,
        json!({"serial": "VIN-D002-1", "model": "K9-City", "dealer": "D002", "customer": "Daqing Bus", "sale_date": "2026-03-05"}),
        201,
    )
    .await;
    app.ok(
        "/api/v1/stock/transfers",
        CLERK,
        json!({"from": "WH-01", "to": "ST-D002", "mode": "direct", "lines": [{"part_no": "BC-3519", "qty": 1}]}),
        201,
    )
    .await;
}

/// Proves a dealer cannot raise a warranty requisition for another dealer's unit or a unit
/// that does not exist, and cannot tell the two apart.
#[tokio::test]
async fn dealer_requisition_needs_its_own_existing_unit() {
    let app = repaired(Some("2026-03-10")).await;
    second_dealer(&app).await;
    let rq = |unit: &str| {
        json!({"location": "ST-D001", "purpose": "warranty", "unit_serial": unit,
            "lines": [{"part_no": "BC-3519", "qty": 1}]})
    };
    let foreign = app.post("/api/v1/requisitions", DEALER, rq("VIN-D002-1")).await;
    let missing = app.post("/api/v1/requisitions", DEALER, rq("VIN-NONE-1")).await;
    assert_eq!((foreign.status.as_u16(), missing.status.as_u16()), (404, 404));
    assert_eq!(foreign.body["code"], missing.body["code"]);
    assert_eq!(foreign.body["entity"], "unit");
    app.ok("/api/v1/requisitions", DEALER, rq(UNIT), 201).await;
}

/// Proves refusals do not leak another dealer's records: unit creation is not a dealer's
/// (whatever the serial), and citing another dealer's requisition or service report
/// answers exactly as citing one that does not exist.
#[tokio::test]
async fn refusals_do_not_tell_another_dealers_records_from_missing_ones() {
    let app = repaired(Some("2026-03-10")).await;
    second_dealer(&app).await;
    let unit = |serial: &str| {
        json!({"serial": serial, "model": "K9-City", "dealer": "D001", "customer": "x", "sale_date": "2026-03-05"})
    };
    let existing = app.post("/api/v1/units", DEALER, unit("VIN-D002-1")).await;
    let fresh = app.post("/api/v1/units", DEALER, unit("VIN-NEW-0001")).await;
    assert_eq!((existing.status.as_u16(), fresh.status.as_u16()), (403, 403));

    // D002's own requisition and service report.
    let rq = app
        .ok(
            "/api/v1/requisitions",
            DEALER2,
            json!({"location": "ST-D002", "purpose": "warranty", "unit_serial": "VIN-D002-1",
                "lines": [{"part_no": "BC-3519", "qty": 1}]}),
            201,
        )
        .await;
    let rq = rq["number"].as_str().unwrap().to_string();
    let sr = app
        .ok(
            "/api/v1/service-reports",
            DEALER2,
            json!({"unit_serial": "VIN-D002-1", "location": "ST-D002", "fault_code": "BRK-021",
                "description": "checked", "labor_minutes": 30, "customer_name": "Daqing Bus",
                "customer_signed_at": "2026-09-14T09:30:00Z"}),
            201,
        )
        .await;
    let sr = sr["number"].as_str().unwrap().to_string();

    let citing_rq = |number: &str| {
        let mut body = claim_body();
        body["lines"][0]["requisition"] = json!(number);
        body
    };
    let foreign = app.post("/api/v1/claims", DEALER, citing_rq(&rq)).await;
    let missing = app.post("/api/v1/claims", DEALER, citing_rq("RQ-999999")).await;
    assert_eq!((foreign.status.as_u16(), missing.status.as_u16()), (404, 404), "{}", foreign.body);
    assert_eq!(foreign.body["entity"], missing.body["entity"]);

    let citing_sr = |number: &str| {
        let mut body = claim_body();
        body["service_report"] = json!(number);
        body
    };
    let foreign = app.post("/api/v1/claims", DEALER, citing_sr(&sr)).await;
    let missing = app.post("/api/v1/claims", DEALER, citing_sr("SR-999999")).await;
    assert_eq!((foreign.status.as_u16(), missing.status.as_u16()), (404, 404), "{}", foreign.body);
    assert_eq!(foreign.body["entity"], missing.body["entity"]);

    // A dealer's service report for another dealer's unit is refused as for a missing one.
    let report = |unit: &str| {
        json!({"unit_serial": unit, "location": "ST-D001", "fault_code": "BRK-021", "description": "x",
            "labor_minutes": 10, "customer_name": "x", "customer_signed_at": "2026-09-14T09:30:00Z"})
    };
    let foreign = app.post("/api/v1/service-reports", DEALER, report("VIN-D002-1")).await;
    let missing = app.post("/api/v1/service-reports", DEALER, report("VIN-NONE-1")).await;
    assert_eq!((foreign.status.as_u16(), missing.status.as_u16()), (404, 404));
}
