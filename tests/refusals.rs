//! Every refusal answers problem+json with its stable code and the facts to act on, and
//! writes nothing.

mod common;

use axum::http::Method;
use common::{ADMIN, CLERK, FINANCE, TestApp};
use serde_json::json;

async fn ledger_len(app: &TestApp) -> usize {
    app.get("/api/v1/stock/ledger?limit=500", ADMIN).await.body["items"]
        .as_array()
        .unwrap()
        .len()
}

#[tokio::test]
async fn over_issue_names_available_and_requested_and_writes_nothing() {
    let app = TestApp::new();
    app.seed_scenario().await;
    app.ok(
        "/api/v1/stock/receipts",
        CLERK,
        json!({"location": "WH-01", "lines": [{"part_no": "BC-3519", "qty": 2, "unit_cost_fen": 32000}]}),
        201,
    )
    .await;
    let before = ledger_len(&app).await;
    // Two lines of the same part together ask for more than is on hand.
    let a = app
        .post(
            "/api/v1/stock/transfers",
            CLERK,
            json!({"from": "WH-01", "to": "WH-02", "mode": "direct", "lines": [{"part_no": "BC-3519", "qty": 2}, {"barcode": "6901234535190", "qty": 1}]}),
        )
        .await;
    assert_eq!(a.status, 409);
    assert_eq!(a.headers["content-type"], "application/problem+json");
    assert_eq!(a.body["code"], "insufficient_stock");
    assert_eq!(a.body["available_qty"], 2);
    assert_eq!(
        a.body["params"],
        json!({"part_no": "BC-3519", "location": "WH-01", "available": 2, "requested": 3})
    );
    assert_eq!(a.body["requested_qty"], 3);
    assert_eq!(a.body["part_no"], "BC-3519");
    assert_eq!(ledger_len(&app).await, before);
    let list = app.get("/api/v1/stock/transfers", ADMIN).await.body;
    assert_eq!(list["items"], json!([]), "no transfer document was written");
    app.assert_balanced().await;
}

#[tokio::test]
async fn bad_input_gets_the_right_code() {
    let app = TestApp::new();
    app.seed_scenario().await;
    let cases = [
        (
            json!({"location": "WH-01", "lines": [{"part_no": "NOPE", "qty": 1, "unit_cost_fen": 1}]}),
            404,
            "not_found",
        ),
        (
            json!({"location": "WH-01", "lines": [{"part_no": "BC-3519", "qty": 0, "unit_cost_fen": 1}]}),
            422,
            "validation_failed",
        ),
        (
            json!({"location": "WH-01", "lines": [{"part_no": "BC-3519", "qty": 1, "unit_cost_fen": -5}]}),
            422,
            "validation_failed",
        ),
        (json!({"location": "WH-01", "lines": []}), 422, "validation_failed"),
        (
            json!({"location": "OLD-01", "lines": [{"part_no": "BC-3519", "qty": 1, "unit_cost_fen": 1}]}),
            422,
            "validation_failed",
        ),
        (json!({"location": "WH-01"}), 422, "validation_failed"),
        (
            json!({"location": "WH-01", "lines": [{"part_no": "BC-3519", "barcode": "6901234535190", "qty": 1, "unit_cost_fen": 1}]}),
            422,
            "validation_failed",
        ),
        (
            json!({"location": "WH-01", "lines": [{"part_no": "BC-3519", "qty": 1000000000, "unit_cost_fen": 10000000000000i64}]}),
            422,
            "validation_failed",
        ),
    ];
    for (body, status, code) in cases {
        let a = app.post("/api/v1/stock/receipts", CLERK, body.clone()).await;
        assert_eq!(
            (a.status.as_u16(), a.body["code"].as_str().unwrap()),
            (status, code),
            "{body} → {}",
            a.body
        );
    }
    let missing = app
        .post("/api/v1/stock/receipts", CLERK, json!({"location": "WH-01"}))
        .await;
    assert_eq!(missing.body["field"], "lines");
    assert_eq!(ledger_len(&app).await, 0);

    let raw = app.router.clone();
    let req = axum::http::Request::post("/api/v1/stock/receipts")
        .header("authorization", "Bearer demo-clerk")
        .header("content-type", "application/json")
        .body(axum::body::Body::from("{not json"))
        .unwrap();
    let resp = tower::ServiceExt::oneshot(raw, req).await.unwrap();
    assert_eq!(resp.status(), 400);

    let big = "x".repeat(2 * 1024 * 1024);
    let a = app
        .post("/api/v1/parts", ADMIN, json!({"part_no": "BIG", "name": big}))
        .await;
    assert_eq!(
        (a.status.as_u16(), a.body["code"].as_str()),
        (413, Some("payload_too_large"))
    );

    let limit = app.get("/api/v1/parts?limit=501", ADMIN).await;
    assert_eq!(limit.status, 422);
    let unknown_route = app.get("/api/v1/nothing-here", ADMIN).await;
    assert_eq!(unknown_route.body["code"], "not_found");
}

#[tokio::test]
async fn barcodes_belong_to_one_part() {
    let app = TestApp::new();
    app.seed_scenario().await;
    let a = app
        .post(
            "/api/v1/parts",
            ADMIN,
            json!({"part_no": "X-1", "name": "X", "unit": "pc", "barcodes": ["6901234535190"], "standard_cost_fen": 1, "dealer_price_fen": 1}),
        )
        .await;
    assert_eq!(a.status, 409);
    assert_eq!(a.body["code"], "duplicate_barcode");
    assert_eq!(a.body["part_no"], "BC-3519");
    let dup = app
        .post("/api/v1/dealers", ADMIN, json!({"code": "D001", "name": "again"}))
        .await;
    assert_eq!(dup.body["code"], "already_exists");
    let found = app.get("/api/v1/parts/by-barcode/6910000000421", CLERK).await;
    assert_eq!(found.body["part_no"], "FLT-0042");
    assert_eq!(app.get("/api/v1/parts/by-barcode/000", CLERK).await.status, 404);
}

#[tokio::test]
async fn stale_version_is_refused_and_barcodes_move_with_updates() {
    let app = TestApp::new();
    app.seed_scenario().await;
    let update = json!({"part_no": "FLT-0042", "name": "Fuel filter element", "unit": "pc", "barcodes": ["6910000000421", "NEW-1"],
        "standard_cost_fen": 1100, "dealer_price_fen": 1300, "warranty_covered": true, "wear_part": true});
    let a = app
        .call(
            Method::PUT,
            "/api/v1/parts/FLT-0042",
            Some(ADMIN),
            Some(update.clone()),
            &[("if-match", "\"1\"")],
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["version"], 2);
    let stale = app
        .call(
            Method::PUT,
            "/api/v1/parts/FLT-0042",
            Some(ADMIN),
            Some(update),
            &[("if-match", "1")],
        )
        .await;
    assert_eq!(stale.status, 409);
    assert_eq!(stale.body["code"], "stale_version");
    assert_eq!(stale.body["current_version"], 2);
    assert_eq!(
        stale.body["params"],
        json!({"expected_version": 1, "current_version": 2})
    );
    assert_eq!(
        app.get("/api/v1/parts/by-barcode/6900000000422", ADMIN).await.status,
        404,
        "released barcode"
    );
    assert_eq!(
        app.get("/api/v1/parts/by-barcode/NEW-1", ADMIN).await.body["part_no"],
        "FLT-0042"
    );
    let audit = app.get("/api/v1/audit?entity=part&key=FLT-0042", ADMIN).await.body;
    assert_eq!(audit["items"][0]["action"], "part.update");
    assert_eq!(audit["items"][0]["before_version"], 1);
    assert_eq!(audit["items"][0]["after_version"], 2);
}

#[tokio::test]
async fn tokens_and_roles() {
    let app = TestApp::new();
    app.seed_scenario().await;
    assert_eq!(
        app.call(Method::GET, "/api/v1/stock", None, None, &[]).await.status,
        401
    );
    assert_eq!(app.get("/api/v1/stock", "wrong").await.body["code"], "unauthorized");
    assert_eq!(app.get("/api/v1/stock", "demo-dealer-NOPE").await.status, 401);
    let clerk_token = app
        .post("/api/v1/tokens", CLERK, json!({"name": "x", "role": "admin"}))
        .await;
    assert_eq!(clerk_token.status, 403);
    assert_eq!(clerk_token.body["params"], json!({"role": "clerk"}));
    assert_eq!(clerk_token.body["code"], "forbidden");

    // A clerk limited to WH-02 may not receive at WH-01.
    let created = app
        .ok(
            "/api/v1/tokens",
            ADMIN,
            json!({"name": "WH-02 scanner", "role": "clerk", "locations": ["WH-02"]}),
            201,
        )
        .await;
    let secret = created["secret"].as_str().unwrap().to_string();
    assert!(secret.starts_with("sbk_"));
    let receipt =
        |loc: &str| json!({"location": loc, "lines": [{"part_no": "BC-3519", "qty": 1, "unit_cost_fen": 32000}]});
    assert_eq!(
        app.post("/api/v1/stock/receipts", &secret, receipt("WH-01"))
            .await
            .status,
        403
    );
    let ok = app.post("/api/v1/stock/receipts", &secret, receipt("WH-02")).await;
    assert_eq!(ok.status, 201);
    assert_eq!(ok.body["actor"], created["token"]["id"]);
    // It sees only its own location's stock.
    let stock = app.get("/api/v1/stock", &secret).await.body;
    assert_eq!(stock["items"].as_array().unwrap().len(), 1);
    // Finance reads the books but posts no stock.
    assert_eq!(
        app.post("/api/v1/stock/receipts", FINANCE, receipt("WH-01"))
            .await
            .status,
        403
    );
    assert_eq!(app.get("/api/v1/journal", CLERK).await.status, 403);
    // Tokens are stored hashed and listed without secrets; revoked tokens stop working.
    let list = app.get("/api/v1/tokens", ADMIN).await.body;
    assert!(!list.to_string().contains(&secret));
    let id = created["token"]["id"].as_str().unwrap();
    assert_eq!(
        app.call(Method::DELETE, &format!("/api/v1/tokens/{id}"), Some(ADMIN), None, &[])
            .await
            .status,
        200
    );
    assert_eq!(app.get("/api/v1/stock", &secret).await.status, 401);
}

#[tokio::test]
async fn dealers_see_only_their_own_station() {
    let app = TestApp::new();
    app.seed_scenario().await;
    for st in ["ST-D001", "ST-D002"] {
        app.ok(
            "/api/v1/stock/receipts",
            ADMIN,
            json!({"location": st, "lines": [{"part_no": "BC-3519", "qty": 1, "unit_cost_fen": 32000}]}),
            201,
        )
        .await;
    }
    let d1 = "demo-dealer-D001";
    let mine = app.get("/api/v1/stock", d1).await.body;
    assert_eq!(
        mine["items"],
        json!([{"part_no": "BC-3519", "location": "ST-D001", "qty": 1, "value_fen": 32000}])
    );
    assert_eq!(app.get("/api/v1/stock?location=ST-D002", d1).await.status, 404);
    assert_eq!(app.get("/api/v1/stock/receipts/RC-000002", d1).await.status, 404);
    assert_eq!(app.get("/api/v1/stock/receipts/RC-000001", d1).await.status, 200);
    assert_eq!(app.get("/api/v1/dealers/D002", d1).await.status, 404);
    assert_eq!(app.get("/api/v1/accounts/dealer:D002", d1).await.status, 404);
    assert_eq!(app.get("/api/v1/accounts/dealer:D001", d1).await.status, 200);
    assert_eq!(app.get("/api/v1/suppliers", d1).await.status, 403);
    let ledger = app.get("/api/v1/stock/ledger", d1).await.body;
    assert!(
        ledger["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["location"] == "ST-D001")
    );
    // A dealer cannot receive a transfer bound for another dealer's station.
    app.ok(
        "/api/v1/stock/receipts",
        ADMIN,
        json!({"location": "WH-01", "lines": [{"part_no": "BC-3519", "qty": 1, "unit_cost_fen": 32000}]}),
        201,
    )
    .await;
    app.ok(
        "/api/v1/stock/transfers",
        CLERK,
        json!({"from": "WH-01", "to": "ST-D002", "mode": "two_step", "lines": [{"part_no": "BC-3519", "qty": 1}]}),
        201,
    )
    .await;
    let a = app
        .post(
            "/api/v1/stock/transfers/TR-000001/receipts",
            d1,
            json!({"lines": [{"part_no": "BC-3519"}]}),
        )
        .await;
    assert_eq!(a.status, 404);
}

#[tokio::test]
async fn idempotency_key_replays_and_refuses_another_body() {
    let app = TestApp::new();
    app.seed_scenario().await;
    let body = json!({"location": "WH-01", "lines": [{"part_no": "BC-3519", "qty": 1, "unit_cost_fen": 32000}]});
    let key = [("idempotency-key", "scan-0001")];
    let first = app
        .call(
            Method::POST,
            "/api/v1/stock/receipts",
            Some(CLERK),
            Some(body.clone()),
            &key,
        )
        .await;
    assert_eq!(first.status, 201);
    let again = app
        .call(Method::POST, "/api/v1/stock/receipts", Some(CLERK), Some(body), &key)
        .await;
    assert_eq!(again.status, 201);
    assert_eq!(again.body, first.body);
    assert_eq!(again.headers["idempotent-replayed"], "true");
    assert_eq!(app.stock("BC-3519", "WH-01").await, (1, 32_000), "posted once");
    let other = json!({"location": "WH-01", "lines": [{"part_no": "BC-3519", "qty": 2, "unit_cost_fen": 32000}]});
    let clash = app
        .call(Method::POST, "/api/v1/stock/receipts", Some(CLERK), Some(other), &key)
        .await;
    assert_eq!(clash.status, 409);
    assert_eq!(clash.body["code"], "idempotency_key_reused");
    // A refusal stores nothing: the corrected retry with the same key runs.
    let k2 = [("idempotency-key", "scan-0002")];
    let bad = json!({"location": "WH-01", "lines": [{"part_no": "NOPE", "qty": 1, "unit_cost_fen": 1}]});
    assert_eq!(
        app.call(Method::POST, "/api/v1/stock/receipts", Some(CLERK), Some(bad), &k2)
            .await
            .status,
        404
    );
    let good = json!({"location": "WH-01", "lines": [{"part_no": "BC-3519", "qty": 1, "unit_cost_fen": 32000}]});
    assert_eq!(
        app.call(Method::POST, "/api/v1/stock/receipts", Some(CLERK), Some(good), &k2)
            .await
            .status,
        201
    );
    let long = "k".repeat(129);
    let a = app
        .call(
            Method::POST,
            "/api/v1/stock/receipts",
            Some(CLERK),
            Some(json!({})),
            &[("idempotency-key", long.as_str())],
        )
        .await;
    assert_eq!(a.status, 422);
}

#[tokio::test]
async fn old_parts_never_mix_with_company_stock() {
    let app = TestApp::new();
    app.seed_scenario().await;
    let a = app
        .post(
            "/api/v1/stock/transfers",
            CLERK,
            json!({"from": "WH-01", "to": "OLD-01", "mode": "direct", "lines": [{"part_no": "BC-3519", "qty": 1}]}),
        )
        .await;
    assert_eq!(a.status, 422);
    let b = app
        .post(
            "/api/v1/locations",
            ADMIN,
            json!({"code": "T-2", "name": "x", "kind": "in_transit"}),
        )
        .await;
    assert_eq!(b.status, 422);
    let c = app
        .post(
            "/api/v1/locations",
            ADMIN,
            json!({"code": "ST-X", "name": "x", "kind": "service_station"}),
        )
        .await;
    assert_eq!(c.body["field"], "dealer");
}
