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
    // On a file, its every byte; on PostgreSQL, every stored key and value.
    let stored: Vec<u8> = match common::test_store() {
        None => std::fs::read(app.dir.path().join("test.redb")).unwrap(),
        Some(_) => {
            use sanbao::store::{Read, Scan, Table};
            let r = app.db.read().unwrap();
            let mut all = Vec::new();
            for table in Table::ALL {
                for (k, v) in r.scan(table, &Scan::all()).unwrap() {
                    all.extend(k);
                    all.extend(v);
                }
            }
            all
        }
    };
    assert!(
        !stored.windows(secret.len()).any(|w| w == secret.as_bytes()),
        "the secret is in the database"
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
    let received = app
        .ok("/api/v1/old-parts/receipts", old, json!({"tag": tag}), 200)
        .await;
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
    let unit = |serial: &str| json!({"serial": serial, "model": "K9-City", "dealer": "D001", "customer": "x", "sale_date": "2026-03-05"});
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
    assert_eq!(
        (foreign.status.as_u16(), missing.status.as_u16()),
        (404, 404),
        "{}",
        foreign.body
    );
    assert_eq!(foreign.body["entity"], missing.body["entity"]);

    let citing_sr = |number: &str| {
        let mut body = claim_body();
        body["service_report"] = json!(number);
        body
    };
    let foreign = app.post("/api/v1/claims", DEALER, citing_sr(&sr)).await;
    let missing = app.post("/api/v1/claims", DEALER, citing_sr("SR-999999")).await;
    assert_eq!(
        (foreign.status.as_u16(), missing.status.as_u16()),
        (404, 404),
        "{}",
        foreign.body
    );
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

/// Proves every response carries the security headers (pages, API answers, problems) and
/// that the printed documents hold no script of their own.
#[tokio::test]
async fn security_headers_on_every_response_and_no_inline_script() {
    let app = repaired(Some("2026-03-10")).await;
    file_and_submit(&app, claim_body()).await;
    let tag = app.get("/api/v1/old-parts?status=due", DEALER).await.body["items"][0]["tag"]
        .as_str()
        .unwrap()
        .to_string();
    for (path, token) in [
        ("/ui/".to_string(), None),
        ("/ui/assets/app.js".to_string(), None),
        ("/healthz".to_string(), None),
        ("/api/v1/parts".to_string(), Some(ADMIN)),
        ("/api/v1/parts/NOPE".to_string(), Some(ADMIN)),
        ("/api/v1/parts".to_string(), None),
        (format!("/api/v1/old-parts/{tag}/label"), Some(DEALER)),
    ] {
        let a = app.call(Method::GET, &path, token, None, &[]).await;
        let csp = a.headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("script-src 'self';"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert_eq!(a.headers["x-content-type-options"], "nosniff", "{path}");
    }
    let req = Request::get(format!("/api/v1/old-parts/{tag}/label"))
        .header("authorization", format!("Bearer {DEALER}"))
        .body(Body::empty())
        .unwrap();
    let resp = tower::ServiceExt::oneshot(app.router.clone(), req).await.unwrap();
    let html = http_body_util::BodyExt::collect(resp.into_body())
        .await
        .unwrap()
        .to_bytes();
    let html = String::from_utf8(html.to_vec()).unwrap();
    assert!(html.contains(&tag));
    assert!(!html.contains("<script") && !html.contains("onload"), "{html}");
}

/// Proves every 4xx is problem+json: a path that does not decode and a wrong method too.
#[tokio::test]
async fn path_decoding_errors_and_wrong_methods_are_problems() {
    let app = TestApp::new();
    let bad_path = app.get("/api/v1/parts/%ff", ADMIN).await;
    assert_eq!(bad_path.status, 400);
    assert_eq!(bad_path.headers["content-type"], "application/problem+json");
    assert_eq!(bad_path.body["code"], "malformed_request");
    let wrong_method = app.call(Method::DELETE, "/api/v1/parts", Some(ADMIN), None, &[]).await;
    assert_eq!(wrong_method.status, 405);
    assert_eq!(wrong_method.headers["content-type"], "application/problem+json");
    assert_eq!(wrong_method.body["code"], "method_not_allowed");
}

/// Proves strict input: a body must be declared JSON (415) and be an object; names may
/// not hold control characters; dates are `YYYY-MM-DD` in 1900–2200; codes are one record
/// whatever their case.
#[tokio::test]
async fn strict_input_types_objects_names_dates_and_codes() {
    let app = TestApp::new();
    app.seed_scenario().await;
    let raw = |content_type: Option<&str>, body: &str| {
        let mut req = Request::post("/api/v1/dealers").header("authorization", format!("Bearer {ADMIN}"));
        if let Some(t) = content_type {
            req = req.header("content-type", t);
        }
        req.body(Body::from(body.to_string())).unwrap()
    };
    let dealer = r#"{"code": "D009", "name": "Nine"}"#;
    for content_type in [None, Some("text/plain"), Some("application/x-www-form-urlencoded")] {
        let a = app.send(raw(content_type, dealer)).await;
        assert_eq!(a.status, 415, "{content_type:?}");
        assert_eq!(a.body["code"], "unsupported_media_type");
    }
    let array = app.send(raw(Some("application/json"), r#"[["D009", "Nine"]]"#)).await;
    assert_eq!(
        (array.status.as_u16(), array.body["field"].as_str()),
        (422, Some("body"))
    );
    let control = app
        .post("/api/v1/dealers", ADMIN, json!({"code": "D009", "name": "\u{1}\u{2}"}))
        .await;
    assert_eq!(
        (control.status.as_u16(), control.body["field"].as_str()),
        (422, Some("name"))
    );
    assert_eq!(
        app.get("/api/v1/dealers/D009", ADMIN).await.status,
        404,
        "nothing written"
    );

    let unit = |date: &str| json!({"serial": "VIN-DATE-1", "model": "K9-City", "dealer": "D001", "customer": "x", "sale_date": date});
    for bad in ["2026-1-1", "-0001-01-01", "1899-12-31", "2201-01-01"] {
        let a = app.post("/api/v1/units", ADMIN, unit(bad)).await;
        assert_eq!(
            (a.status.as_u16(), a.body["field"].as_str()),
            (422, Some("sale_date")),
            "{bad}"
        );
    }
    app.ok("/api/v1/units", ADMIN, unit("2026-01-01"), 201).await;

    let created = app
        .ok(
            "/api/v1/locations",
            ADMIN,
            json!({"code": " wh-03 ", "name": "East", "kind": "warehouse"}),
            201,
        )
        .await;
    assert_eq!(created["code"], "WH-03");
    let again = app
        .post(
            "/api/v1/locations",
            ADMIN,
            json!({"code": "WH-03", "name": "East", "kind": "warehouse"}),
        )
        .await;
    assert_eq!(
        (again.status.as_u16(), again.body["code"].as_str()),
        (409, Some("already_exists"))
    );
    assert_eq!(app.get("/api/v1/locations/wh-03", ADMIN).await.body["code"], "WH-03");
    let receipt = json!({"location": "wh-03", "lines": [{"part_no": "bc-3519", "qty": 2, "unit_cost_fen": 100}]});
    app.ok("/api/v1/stock/receipts", CLERK, receipt, 201).await;
    let stock = app.get("/api/v1/stock?location=wh-03&part=bc-3519", ADMIN).await.body;
    assert_eq!(stock["items"][0]["location"], "WH-03");
    assert_eq!(stock["items"][0]["qty"], 2);
    assert_eq!(app.balance("inventory:WH-03").await, 200);
}
