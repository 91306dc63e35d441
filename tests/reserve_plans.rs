//! Reserve plans (储备计划) over HTTP: a dealer plans a season, finance approves and
//! converts the plan into a parts order, the season's report shows who is on time, late or
//! missing and plan vs ordered vs shipped (JSON and CSV); every refusal by name, and one
//! dealer kept out of another's plans. A shipment takes its signed delivery note as an
//! attachment, seen as the shipment is.

mod common;

use axum::body::Body;
use axum::http::{Method, Request};
use common::*;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

const D002: &str = "demo-dealer-D002";
const D003: &str = "demo-dealer-D003";

/// The scenario's master data, dealer D003, and 50 FLT-0042 and 5 BC-3519 at WH-01.
async fn start() -> TestApp {
    let app = TestApp::new();
    app.seed_scenario().await;
    app.ok(
        "/api/v1/dealers",
        ADMIN,
        json!({"code": "D003", "name": "Songhua Coach"}),
        201,
    )
    .await;
    app.ok(
        "/api/v1/stock/receipts",
        CLERK,
        json!({"location": "WH-01", "lines": [{"part_no": "FLT-0042", "qty": 50, "unit_cost_fen": 1000},
            {"part_no": "BC-3519", "qty": 5, "unit_cost_fen": 32000}]}),
        201,
    )
    .await;
    app
}

fn plan_body(season: &str) -> Value {
    json!({"season_start": season, "lines": [{"part_no": "FLT-0042", "qty": 40}, {"part_no": "BC-3519", "qty": 2}], "note": "spring"})
}

async fn refused(app: &TestApp, path: &str, token: &str, body: Value, status: u16, code: &str) -> Value {
    let a = app.post(path, token, body).await;
    assert_eq!(a.status.as_u16(), status, "{path}: {}", a.body);
    assert_eq!(a.body["code"], code, "{path}: {}", a.body);
    a.body
}

async fn raw_get(app: &TestApp, path: &str, token: &str) -> (u16, String, String) {
    let req = Request::builder()
        .uri(path)
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let resp = app.router.clone().oneshot(req).await.unwrap();
    let status = resp.status().as_u16();
    let ct = resp
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, ct, String::from_utf8_lossy(&bytes).into_owned())
}

/// D001 plans on time and is converted and partly shipped; D002 submits two days late;
/// D003 plans nothing: the report says so, per part planned 40 / ordered 40 / shipped 25.
#[tokio::test]
async fn a_plan_is_submitted_approved_converted_and_reported() {
    let app = start().await;
    // Today is 2026-03-01 (Shanghai); the season starts 2026-05-01, so plans are due 2026-04-01.
    let plan = app
        .ok("/api/v1/reserve-plans", DEALER, plan_body("2026-05-01"), 201)
        .await;
    assert_eq!(plan["number"], "RP-000001");
    assert_eq!(plan["dealer"], "D001");
    assert_eq!(plan["due_date"], "2026-04-01");
    assert_eq!(plan["status"], "draft");
    refused(
        &app,
        "/api/v1/reserve-plans",
        DEALER,
        plan_body("2026-05-01"),
        409,
        "already_exists",
    )
    .await;
    refused(
        &app,
        "/api/v1/reserve-plans/RP-000001/approve",
        FINANCE,
        json!(null),
        409,
        "invalid_state",
    )
    .await;
    refused(
        &app,
        "/api/v1/reserve-plans/RP-000001/approve",
        DEALER,
        json!(null),
        403,
        "forbidden",
    )
    .await;
    // Another dealer does not see it, as if absent.
    assert_eq!(app.get("/api/v1/reserve-plans/RP-000001", D002).await.status, 404);
    refused(
        &app,
        "/api/v1/reserve-plans/RP-000001/submit",
        D002,
        json!(null),
        404,
        "not_found",
    )
    .await;
    assert_eq!(app.get("/api/v1/reserve-plans", D002).await.body["items"], json!([]));
    let submitted = app
        .ok("/api/v1/reserve-plans/RP-000001/submit", DEALER, json!(null), 200)
        .await;
    assert_eq!(
        (submitted["status"].as_str(), submitted["days_late"].as_i64()),
        (Some("submitted"), Some(0))
    );
    refused(
        &app,
        "/api/v1/reserve-plans/RP-000001/convert",
        FINANCE,
        json!(null),
        409,
        "invalid_state",
    )
    .await;
    let queue = app.get("/api/v1/reserve-plans?status=submitted", FINANCE).await;
    assert_eq!(queue.body["items"][0]["number"], "RP-000001");
    app.ok("/api/v1/reserve-plans/RP-000001/approve", FINANCE, json!(null), 200)
        .await;
    let converted = app
        .ok("/api/v1/reserve-plans/RP-000001/convert", FINANCE, json!(null), 200)
        .await;
    assert_eq!(converted["status"], "converted");
    assert_eq!(converted["order"], "SO-000001");
    refused(
        &app,
        "/api/v1/reserve-plans/RP-000001/convert",
        FINANCE,
        json!(null),
        409,
        "invalid_state",
    )
    .await;
    refused(
        &app,
        "/api/v1/reserve-plans/RP-000001/cancel",
        DEALER,
        json!(null),
        409,
        "invalid_state",
    )
    .await;
    // The order: submitted for D001 at the dealer prices, naming the plan.
    let order = app.get("/api/v1/parts-orders/SO-000001", DEALER).await.body;
    assert_eq!(order["status"], "submitted");
    assert_eq!(order["dealer"], "D001");
    assert_eq!(order["total_fen"], 40 * 1_200 + 2 * 38_000);
    assert!(order["note"].as_str().unwrap().contains("RP-000001"), "{order}");
    // Paid, released and 25 filters shipped.
    app.ok(
        "/api/v1/dealer-payments",
        FINANCE,
        json!({"dealer": "D001", "amount_fen": 124_000, "reference": "ICBC-RP-1", "received_date": "2026-03-01"}),
        201,
    )
    .await;
    app.ok("/api/v1/parts-orders/SO-000001/release", DEALER, json!(null), 200)
        .await;
    app.ok(
        "/api/v1/parts-orders/SO-000001/shipments",
        CLERK,
        json!({"location": "WH-01", "lines": [{"part_no": "FLT-0042", "qty": 25}]}),
        201,
    )
    .await;

    // Before the due date nobody is missing yet.
    let early = app
        .get("/api/v1/reports/reserve-plans?season_start=2026-05-01", FINANCE)
        .await;
    assert_eq!(early.status, 200, "{}", early.body);
    let standings: Vec<&str> = early.body["dealers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["standing"].as_str().unwrap())
        .collect();
    assert_eq!(standings, ["on_time", "pending", "pending"]);

    // Two days after the due date D002 plans; D003 never does.
    app.clock.set(at(2026, 4, 3));
    app.ok(
        "/api/v1/reserve-plans",
        D002,
        json!({"season_start": "2026-05-01", "lines": [{"part_no": "FLT-0042", "qty": 10}]}),
        201,
    )
    .await;
    let late = app
        .ok("/api/v1/reserve-plans/RP-000002/submit", D002, json!(null), 200)
        .await;
    assert_eq!(late["days_late"], 2);

    let report = app
        .get("/api/v1/reports/reserve-plans?season_start=2026-05-01", FINANCE)
        .await
        .body;
    assert_eq!(report["due_date"], "2026-04-01");
    assert_eq!(report["as_of"], "2026-04-03");
    let d = &report["dealers"];
    assert_eq!(d[0]["dealer"], "D001");
    assert_eq!(d[0]["standing"], "on_time");
    assert_eq!(d[0]["status"], "converted");
    assert_eq!(d[0]["order"], "SO-000001");
    assert_eq!(
        d[0]["lines"],
        json!([{"part_no": "FLT-0042", "planned": 40, "ordered": 40, "shipped": 25},
               {"part_no": "BC-3519", "planned": 2, "ordered": 2, "shipped": 0}])
    );
    assert_eq!(
        (d[1]["dealer"].as_str(), d[1]["standing"].as_str()),
        (Some("D002"), Some("late"))
    );
    assert_eq!(
        (d[1]["days_late"].as_i64(), d[1]["status"].as_str()),
        (Some(2), Some("submitted"))
    );
    assert_eq!(
        d[1]["lines"],
        json!([{"part_no": "FLT-0042", "planned": 10, "ordered": 0, "shipped": 0}])
    );
    assert_eq!(d[2]["dealer"], "D003");
    assert_eq!(d[2]["standing"], "missing");
    assert_eq!(d[2]["plan"], Value::Null);

    // A dealer sees its own row only.
    let own = app
        .get("/api/v1/reports/reserve-plans?season_start=2026-05-01", D002)
        .await
        .body;
    assert_eq!(own["dealers"].as_array().unwrap().len(), 1);
    assert_eq!(own["dealers"][0]["dealer"], "D002");
    let none = app
        .get("/api/v1/reports/reserve-plans?season_start=2026-05-01", D003)
        .await
        .body;
    assert_eq!(none["dealers"][0]["standing"], "missing");

    // The CSV: UTF-8 with BOM, one row per dealer and part.
    let (status, ct, csv) = raw_get(
        &app,
        "/api/v1/reports/reserve-plans?season_start=2026-05-01&format=csv",
        FINANCE,
    )
    .await;
    assert_eq!(status, 200);
    assert!(ct.starts_with("text/csv"), "{ct}");
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "dealer,dealer_name,standing,plan,status,days_late,order,part_no,planned,ordered,shipped"
    );
    assert_eq!(
        lines[1],
        "D001,Longjiang Bus Service,on_time,RP-000001,converted,0,SO-000001,FLT-0042,40,40,25"
    );
    assert_eq!(
        lines[3],
        "D002,Huaxia Repair,late,RP-000002,submitted,2,,FLT-0042,10,0,0"
    );
    assert_eq!(lines[4], "D003,Songhua Coach,missing,,,0,,,,,");
    assert_eq!(lines.len(), 5);
    app.assert_balanced().await;
}

/// Every bad plan is refused by name and writes nothing (no number is taken).
#[tokio::test]
async fn bad_plans_are_refused_by_name() {
    let app = start().await;
    let path = "/api/v1/reserve-plans";
    let b = refused(&app, path, DEALER, plan_body("2026-03-01"), 422, "validation_failed").await;
    assert_eq!(
        b["params"]["field"], "season_start",
        "a season starting today has begun"
    );
    let b = refused(
        &app,
        path,
        DEALER,
        json!({"season_start": "2026-05-01", "lines": []}),
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(b["params"]["field"], "lines");
    let dup = json!({"season_start": "2026-05-01", "lines": [{"part_no": "FLT-0042", "qty": 1}, {"part_no": "FLT-0042", "qty": 2}]});
    let b = refused(&app, path, DEALER, dup, 422, "validation_failed").await;
    assert_eq!(b["params"]["field"], "lines[1].part_no");
    let zero = json!({"season_start": "2026-05-01", "lines": [{"part_no": "FLT-0042", "qty": 0}]});
    let b = refused(&app, path, DEALER, zero, 422, "validation_failed").await;
    assert_eq!(b["params"]["field"], "lines[0].qty");
    let unknown = json!({"season_start": "2026-05-01", "lines": [{"part_no": "NOPE-1", "qty": 1}]});
    refused(&app, path, DEALER, unknown, 404, "not_found").await;
    let bad_date = json!({"season_start": "2026-5-1", "lines": [{"part_no": "FLT-0042", "qty": 1}]});
    refused(&app, path, DEALER, bad_date, 422, "validation_failed").await;
    let other = json!({"dealer": "D002", "season_start": "2026-05-01", "lines": [{"part_no": "FLT-0042", "qty": 1}]});
    refused(&app, path, DEALER, other, 404, "not_found").await;
    refused(
        &app,
        path,
        FINANCE,
        json!({"season_start": "2026-05-01", "lines": [{"part_no": "FLT-0042", "qty": 1}]}),
        422,
        "validation_failed",
    )
    .await;
    refused(&app, path, CLERK, plan_body("2026-05-01"), 403, "forbidden").await;
    for q in ["", "?season_start=2026-5-1", "?season_start=2026-05-01&format=xml"] {
        let a = app.get(&format!("/api/v1/reports/reserve-plans{q}"), FINANCE).await;
        assert_eq!(a.status, 422, "{q}: {}", a.body);
    }
    assert_eq!(
        app.get("/api/v1/reports/reserve-plans?season_start=2026-05-01", CLERK)
            .await
            .status,
        403
    );
    assert_eq!(app.get("/api/v1/reserve-plans/RP-000001", FINANCE).await.status, 404);
    // Finance writes for a named dealer; the first number is still RP-000001.
    let mut body = plan_body("2026-05-01");
    body["dealer"] = json!("D002");
    let p = app.ok(path, FINANCE, body, 201).await;
    assert_eq!(
        (p["number"].as_str(), p["dealer"].as_str()),
        (Some("RP-000001"), Some("D002"))
    );
    // A cancelled plan makes room for a new one of the same season.
    app.ok("/api/v1/reserve-plans/RP-000001/cancel", D002, json!(null), 200)
        .await;
    refused(
        &app,
        "/api/v1/reserve-plans/RP-000001/submit",
        D002,
        json!(null),
        409,
        "invalid_state",
    )
    .await;
    app.ok("/api/v1/reserve-plans", D002, plan_body("2026-05-01"), 201)
        .await;
    // A stale version is refused.
    let a = app
        .call(
            Method::POST,
            "/api/v1/reserve-plans/RP-000002/submit",
            Some(D002),
            None,
            &[("if-match", "7")],
        )
        .await;
    assert_eq!(
        (a.status.as_u16(), a.body["code"].as_str()),
        (409, Some("stale_version")),
        "{}",
        a.body
    );
}

/// The signed delivery note is uploaded to its shipment: the clerk and the dealer see it,
/// another dealer does not, as if absent.
#[tokio::test]
async fn a_shipment_takes_its_signed_delivery_note() {
    let app = start().await;
    app.ok(
        "/api/v1/dealer-payments",
        FINANCE,
        json!({"dealer": "D001", "amount_fen": 12_000, "reference": "ICBC-SH-1", "received_date": "2026-03-01"}),
        201,
    )
    .await;
    let o = app
        .ok(
            "/api/v1/parts-orders",
            DEALER,
            json!({"lines": [{"part_no": "FLT-0042", "qty": 10}]}),
            201,
        )
        .await;
    let so = o["number"].as_str().unwrap().to_string();
    app.ok(&format!("/api/v1/parts-orders/{so}/submit"), DEALER, json!(null), 200)
        .await;
    app.ok(&format!("/api/v1/parts-orders/{so}/release"), DEALER, json!(null), 200)
        .await;
    let sh = app
        .ok(
            &format!("/api/v1/parts-orders/{so}/shipments"),
            CLERK,
            json!({"location": "WH-01", "lines": [{"part_no": "FLT-0042", "qty": 10}]}),
            201,
        )
        .await;
    let sh = sh["number"].as_str().unwrap().to_string();
    let mut scan = vec![0x5A_u8; 2_000];
    scan[..4].copy_from_slice(&[0xFF, 0xD8, 0xFF, 0xE0]);
    let upload = |token: &'static str, bytes: Vec<u8>| {
        let req = Request::builder()
            .method(Method::POST)
            .uri(format!("/api/v1/documents/{sh}/attachments?name=signed.jpg"))
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "image/jpeg")
            .body(Body::from(bytes))
            .unwrap();
        app.send(req)
    };
    let other = upload(D002, scan.clone()).await;
    assert_eq!(
        (other.status.as_u16(), other.body["code"].as_str()),
        (404, Some("not_found"))
    );
    let a = upload(DEALER, scan.clone()).await;
    assert_eq!(a.status, 201, "{}", a.body);
    assert_eq!(
        (a.body["document"].as_str(), a.body["seq"].as_u64()),
        (Some(sh.as_str()), Some(1))
    );
    let listed = app.get(&format!("/api/v1/documents/{sh}/attachments"), CLERK).await;
    assert_eq!(listed.body[0]["name"], "signed.jpg", "{}", listed.body);
    assert_eq!(
        app.get(&format!("/api/v1/documents/{sh}/attachments"), D002)
            .await
            .status,
        404
    );
    let (status, ct, _) = raw_get(&app, &format!("/api/v1/documents/{sh}/attachments/1"), DEALER).await;
    assert_eq!((status, ct.as_str()), (200, "image/jpeg"));
    app.ok(
        &format!("/api/v1/shipments/{sh}/acknowledgement"),
        CLERK,
        json!({"signed_copy_ref": "attachment 1"}),
        200,
    )
    .await;
}

/// The demo's next season: D001 on time and converted, D002 ten days late, the others
/// missing; the books still reconcile.
#[test]
fn the_demo_plans_the_next_season() {
    use sanbao::domain::auth::Principal;
    use sanbao::domain::reserve_plans::{PlanStanding, PlanStatus};
    use sanbao::domain::warranty::business_date;
    use sanbao::queries::reconciliation;
    use sanbao::queries::reserve_plan_report::reserve_plan_report;
    let dir = tempfile::tempdir().unwrap();
    let db = sanbao::store::Db::open(&dir.path().join("demo.redb")).unwrap();
    let now = chrono::Utc::now();
    sanbao::fixtures::load_demo(&db, now).unwrap();
    let r = db.read().unwrap();
    let today = business_date(now);
    let season = today + chrono::Days::new(20);
    let report = reserve_plan_report(&r, &Principal::system("test"), season, today).unwrap();
    let got: Vec<_> = report
        .dealers
        .iter()
        .map(|d| (d.dealer.as_str(), d.standing, d.status, d.days_late))
        .collect();
    assert_eq!(
        got,
        vec![
            ("D001", PlanStanding::OnTime, Some(PlanStatus::Converted), 0),
            ("D002", PlanStanding::Late, Some(PlanStatus::Submitted), 10),
            ("D003", PlanStanding::Missing, None, 0),
            ("D004", PlanStanding::Missing, None, 0),
            ("D005", PlanStanding::Missing, None, 0),
        ]
    );
    let d001 = &report.dealers[0];
    assert!(d001.order.is_some());
    assert!(d001.lines.iter().all(|l| l.planned == l.ordered && l.shipped == 0));
    let check = reconciliation::run(&r).unwrap();
    assert!(check.balanced, "{:?}", check.differences);
}
