//! Reorder levels and suggestions over HTTP: the usage-based figures worked by hand (45
//! issued in 90 days, lead 7 → target 19; 5 on hand + 4 in transit → ask for 10), an
//! approved reserve plan counted, the suggestion gone once a transfer covers it, the
//! 90-day window, min/max at the warehouse, the refusals and who sees what.

mod common;

use axum::http::Method;
use chrono::Duration;
use common::{ADMIN, CLERK, DEALER, FINANCE, NowUtc, TestApp};
use serde_json::{Value, json};

const SUPERVISOR: &str = "demo-supervisor";
const D002: &str = "demo-dealer-D002";

async fn raw_get(app: &TestApp, path: &str) -> (u16, String) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let req = axum::http::Request::builder()
        .uri(path)
        .header("authorization", format!("Bearer {CLERK}"))
        .body(axum::body::Body::empty())
        .unwrap();
    let resp = app.router.clone().oneshot(req).await.unwrap();
    let status = resp.status().as_u16();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

async fn put(app: &TestApp, path: &str, token: &str, body: Value) -> common::Answer {
    app.call(Method::PUT, path, Some(token), Some(body), &[]).await
}

async fn transfer(app: &TestApp, qty: i64, mode: &str) -> Value {
    app.ok(
        "/api/v1/stock/transfers",
        CLERK,
        json!({"from": "WH-01", "to": "ST-D001", "mode": mode, "lines": [{"part_no": "FLT-0042", "qty": qty}]}),
        201,
    )
    .await
}

/// One FLT-0042 row of a location's suggestions.
async fn row(app: &TestApp, location: &str, token: &str) -> Option<Value> {
    let a = app
        .get(&format!("/api/v1/stock/reorder-suggestions?location={location}"), token)
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    a.body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["part_no"] == "FLT-0042")
        .cloned()
}

fn figures(r: &Value) -> [i64; 6] {
    ["on_hand", "incoming", "planned", "used", "target", "suggested_qty"].map(|k| r[k].as_i64().unwrap())
}

/// 100 filters received at WH-01, 50 moved to ST-D001, 46 issued there and 1 returned:
/// 45 used, 5 on hand.
async fn used_45() -> TestApp {
    let app = TestApp::new();
    app.seed_scenario().await;
    app.ok(
        "/api/v1/stock/receipts",
        CLERK,
        json!({"location": "WH-01", "lines": [{"part_no": "FLT-0042", "qty": 100, "unit_cost_fen": 1000}]}),
        201,
    )
    .await;
    transfer(&app, 50, "direct").await;
    app.ok(
        "/api/v1/requisitions",
        DEALER,
        json!({"location": "ST-D001", "purpose": "internal", "lines": [{"part_no": "FLT-0042", "qty": 46}], "submit": true}),
        201,
    )
    .await;
    app.ok(
        "/api/v1/requisitions/RQ-000001/approve",
        SUPERVISOR,
        json!({"comment": "ok"}),
        200,
    )
    .await;
    app.ok(
        "/api/v1/requisitions/RQ-000001/issues",
        DEALER,
        json!({"part_no": "FLT-0042", "qty": 46}),
        200,
    )
    .await;
    app.ok(
        "/api/v1/requisitions/RQ-000001/returns",
        DEALER,
        json!({"part_no": "FLT-0042", "qty": 1}),
        200,
    )
    .await;
    app
}

#[tokio::test]
async fn usage_based_suggestion_worked_by_hand_and_gone_once_transferred() {
    let app = used_45().await;
    let r = row(&app, "ST-D001", DEALER).await.expect("a row for the part issued");
    assert_eq!(figures(&r), [5, 0, 0, 45, 19, 14], "{r}");
    assert_eq!(r["basis"], "usage");
    assert_eq!(r["lead_days"], 7);
    assert_eq!(r["daily_usage"], 0.5);

    // 4 in transit on a two-step transfer: 5 + 4 = 9, ask for 10.
    transfer(&app, 4, "two_step").await;
    let r = row(&app, "ST-D001", DEALER).await.unwrap();
    assert_eq!(figures(&r), [5, 4, 0, 45, 19, 10], "{r}");

    // D001's approved reserve plan of 3 counts as well: ask for 7.
    app.ok(
        "/api/v1/reserve-plans",
        DEALER,
        json!({"season_start": "2026-05-01", "lines": [{"part_no": "FLT-0042", "qty": 3}]}),
        201,
    )
    .await;
    app.ok("/api/v1/reserve-plans/RP-000001/submit", DEALER, json!(null), 200)
        .await;
    app.ok("/api/v1/reserve-plans/RP-000001/approve", FINANCE, json!(null), 200)
        .await;
    let r = row(&app, "ST-D001", FINANCE).await.unwrap();
    assert_eq!(figures(&r), [5, 4, 3, 45, 19, 7], "{r}");

    // The suggestion turned into a transfer: nothing more to ask for, and the list of
    // what is needed no longer has it.
    transfer(&app, 7, "two_step").await;
    let r = row(&app, "ST-D001", CLERK).await.unwrap();
    assert_eq!(figures(&r), [5, 11, 3, 45, 19, 0], "{r}");
    let needed = app
        .get(
            "/api/v1/stock/reorder-suggestions?location=ST-D001&only_needed=true",
            CLERK,
        )
        .await;
    assert_eq!(needed.body["rows"], json!([]), "{}", needed.body);

    // A minute short of 90 days later the issues still count; a minute past, they have
    // left the window: no level, no issues, no row.
    let issued = app.clock.now_utc();
    app.clock.set(issued + Duration::days(90) - Duration::minutes(1));
    assert_eq!(row(&app, "ST-D001", CLERK).await.unwrap()["used"], 45);
    app.clock.set(issued + Duration::days(90) + Duration::minutes(1));
    assert_eq!(row(&app, "ST-D001", CLERK).await, None);
    app.assert_balanced().await;
}

#[tokio::test]
async fn min_max_at_the_warehouse_with_csv_and_print() {
    let app = used_45().await;
    let path = "/api/v1/stock/reorder-levels/WH-01/FLT-0042";
    // WH-01 has 50 left. A minimum of 50 is not undercut: nothing to ask for.
    let set = put(&app, path, CLERK, json!({"min_qty": 50, "max_qty": 120})).await;
    assert_eq!(set.status, 200, "{}", set.body);
    assert_eq!(
        (set.body["min_qty"].as_i64(), set.body["lead_days"].clone()),
        (Some(50), Value::Null)
    );
    let r = row(&app, "WH-01", CLERK).await.unwrap();
    assert_eq!(figures(&r), [50, 0, 0, 0, 120, 0], "{r}");
    assert_eq!(r["basis"], "min_max");
    // 51: 50 is below it, fill up to 120.
    put(
        &app,
        path,
        ADMIN,
        json!({"min_qty": 51, "max_qty": 120, "lead_days": 12}),
    )
    .await;
    let r = row(&app, "WH-01", CLERK).await.unwrap();
    assert_eq!(figures(&r), [50, 0, 0, 0, 120, 70], "{r}");
    assert_eq!(r["lead_days"], 12);
    let levels = app.get("/api/v1/stock/reorder-levels/WH-01", CLERK).await;
    assert_eq!(levels.body.as_array().map(Vec::len), Some(1), "{}", levels.body);

    let (status, text) = raw_get(&app, "/api/v1/stock/reorder-suggestions?location=WH-01&format=csv").await;
    assert_eq!(status, 200);
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[1].starts_with("WH-01,FLT-0042,Fuel filter,pc,50,0,0,0,12,51,120,min_max,120,70"),
        "{text}"
    );
    let (status, html) = raw_get(&app, "/api/v1/stock/reorder-suggestions/print?location=WH-01").await;
    assert_eq!(status, 200);
    for text in [
        "采购建议单",
        "WH-01",
        "FLT-0042",
        "最低/最高库存",
        "建议数量 70",
        "制单人",
        "审核人",
        "批准人",
    ] {
        assert!(html.contains(text), "{text} in {html}");
    }

    // 0/0 removes the level.
    let gone = put(&app, path, CLERK, json!({"min_qty": 0, "max_qty": 0})).await;
    assert_eq!((gone.status.as_u16(), gone.body.clone()), (200, Value::Null));
    assert_eq!(
        app.get("/api/v1/stock/reorder-levels/WH-01", CLERK).await.body,
        json!([])
    );
    assert_eq!(row(&app, "WH-01", CLERK).await, None, "no level, no issues at WH-01");
}

#[tokio::test]
async fn refusals_and_visibility() {
    let app = used_45().await;
    let path = "/api/v1/stock/reorder-levels/WH-01/FLT-0042";
    let a = put(&app, path, CLERK, json!({"min_qty": 6, "max_qty": 5})).await;
    assert_eq!(a.status, 422, "{}", a.body);
    assert_eq!(a.body["code"], "reorder_min_above_max");
    assert_eq!(
        a.body["params"],
        json!({"location": "WH-01", "part_no": "FLT-0042", "min_qty": 6, "max_qty": 5})
    );
    let a = put(&app, path, CLERK, json!({"min_qty": -1, "max_qty": 5})).await;
    assert_eq!(
        (a.status.as_u16(), a.body["code"].as_str()),
        (422, Some("validation_failed"))
    );
    assert_eq!(a.body["params"]["field"], "min_qty");
    let a = put(&app, path, CLERK, json!({"min_qty": 1, "max_qty": 5, "lead_days": -2})).await;
    assert_eq!(a.body["params"]["field"], "lead_days", "{}", a.body);
    let a = put(
        &app,
        "/api/v1/stock/reorder-levels/WH-01/NOPE",
        CLERK,
        json!({"min_qty": 1, "max_qty": 5}),
    )
    .await;
    assert_eq!((a.status.as_u16(), a.body["code"].as_str()), (404, Some("not_found")));
    let a = put(
        &app,
        "/api/v1/stock/reorder-levels/WH-99/FLT-0042",
        CLERK,
        json!({"min_qty": 1, "max_qty": 5}),
    )
    .await;
    assert_eq!(a.status, 404);
    // Dealers and finance do not set levels.
    for token in [DEALER, FINANCE] {
        let a = put(&app, path, token, json!({"min_qty": 1, "max_qty": 5})).await;
        assert_eq!(a.status, 403, "{token}");
    }
    // A clerk limited to WH-02 sets levels there, not at WH-01, and does not see WH-01.
    let scoped = app
        .ok(
            "/api/v1/tokens",
            ADMIN,
            json!({"name": "WH-02 scanner", "role": "clerk", "locations": ["WH-02"]}),
            201,
        )
        .await;
    let wh02 = scoped["secret"].as_str().unwrap().to_string();
    let a = put(&app, path, &wh02, json!({"min_qty": 1, "max_qty": 5})).await;
    assert_eq!(
        (a.status.as_u16(), a.body["params"]["location"].as_str()),
        (403, Some("WH-01"))
    );
    let a = put(
        &app,
        "/api/v1/stock/reorder-levels/WH-02/FLT-0042",
        &wh02,
        json!({"min_qty": 1, "max_qty": 5}),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["updated_by"], scoped["token"]["id"]);
    let seen = app.get("/api/v1/stock/reorder-suggestions?location=WH-01", &wh02).await;
    assert_eq!(seen.status, 404);
    let own = app.get("/api/v1/stock/reorder-suggestions?location=WH-02", &wh02).await;
    assert_eq!(own.body["rows"][0]["suggested_qty"], 5, "{}", own.body);
    assert_eq!(
        app.get("/api/v1/stock/reorder-levels/WH-01", CLERK).await.body,
        json!([]),
        "nothing half-written"
    );
    // A dealer sees its own stations only, as if the others did not exist.
    let other = app
        .get("/api/v1/stock/reorder-suggestions?location=ST-D001", D002)
        .await;
    assert_eq!(
        (other.status.as_u16(), other.body["code"].as_str()),
        (404, Some("not_found"))
    );
    let wh = app
        .get("/api/v1/stock/reorder-suggestions?location=WH-01", DEALER)
        .await;
    assert_eq!(wh.status, 404);
    let bad = app
        .get("/api/v1/stock/reorder-suggestions?location=WH-01&format=xml", CLERK)
        .await;
    assert_eq!(bad.status, 422);
}
