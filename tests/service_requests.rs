//! Service requests over HTTP: scenario G (three requests, three rates), every transition
//! and its refusals, dealer isolation, the watch list, paid service and its posting, and the
//! KPI report as JSON and CSV.

mod common;

use axum::body::Body;
use axum::http::Request;
use chrono::{DateTime, Duration, TimeZone, Utc};
use common::*;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

const D2: &str = "demo-dealer-D002";

/// 2026-03-`day` at h:m business time (UTC+8).
fn cst(day: u32, h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, h, m, 0).unwrap() - Duration::hours(8)
}

async fn at(app: &TestApp, t: DateTime<Utc>) {
    app.clock.set(t);
}

async fn take(app: &TestApp, token: &str, body: Value) -> String {
    let r = app.ok("/api/v1/service-requests", token, body, 201).await;
    assert_eq!(r["status"], "received");
    r["number"].as_str().unwrap().to_string()
}

fn request(class: &str, km: i64, dealer: &str) -> Value {
    json!({"channel": "phone", "customer": "Harbin Bus Line 12", "contact": "13800000000", "dealer": dealer,
        "fault_class": class, "distance_km": km, "description": "customer reports a fault"})
}

async fn step(app: &TestApp, number: &str, action: &str, token: &str, body: Value) -> Value {
    app.ok(&format!("/api/v1/service-requests/{number}/{action}"), token, body, 200)
        .await
}

async fn arrange(app: &TestApp, number: &str, kind: &str, assignee: &str) -> Value {
    step(
        app,
        number,
        "arrange",
        CLERK,
        json!({"assignee_kind": kind, "assignee": assignee, "plan": "technician calls back"}),
    )
    .await
}

async fn refused(app: &TestApp, path: &str, token: &str, body: Value, status: u16, code: &str) -> Value {
    let a = app.post(path, token, body).await;
    assert_eq!(a.status.as_u16(), status, "POST {path}: {}", a.body);
    assert_eq!(a.body["code"], code, "{}", a.body);
    a.body
}

/// Scenario G of SCENARIOS.md through the API, then the KPI report.
async fn scenario_g() -> (TestApp, [String; 3]) {
    let app = TestApp::new();
    app.seed_scenario().await;
    at(&app, cst(2, 9, 0)).await;
    let r1 = take(&app, CLERK, request("body", 80, "D001")).await;
    let r2 = take(&app, CLERK, request("chassis_engine", 30, "D001")).await;
    let r3 = take(&app, CLERK, request("body", 150, "D002")).await;
    at(&app, cst(2, 10, 0)).await;
    arrange(&app, &r3, "dealer", "D002").await;
    at(&app, cst(2, 10, 30)).await;
    arrange(&app, &r1, "dealer", "D001").await;
    // 11:15: R2 is past its two hours, and the watch list says so.
    at(&app, cst(2, 11, 15)).await;
    let w = app
        .get("/api/v1/service-requests/watch?within_minutes=30", SUPERVISOR)
        .await;
    assert_eq!(w.status.as_u16(), 200, "{}", w.body);
    assert_eq!(
        (w.body["overdue"].as_u64(), w.body["due_soon"].as_u64()),
        (Some(1), Some(0))
    );
    assert_eq!(w.body["items"][0]["number"], r2.as_str());
    assert_eq!(w.body["assignees"][0]["assignee"], Value::Null);
    at(&app, cst(2, 11, 30)).await;
    arrange(&app, &r2, "department", "tech").await;
    at(&app, cst(2, 12, 0)).await;
    step(&app, &r2, "check", CLERK, json!({})).await;
    step(&app, &r2, "answer", CLERK, json!({})).await;
    at(&app, cst(2, 14, 0)).await;
    step(&app, &r1, "check", SUPERVISOR, json!({"note": "D001 confirmed"})).await;
    at(&app, cst(2, 14, 30)).await;
    step(&app, &r3, "check", CLERK, json!({})).await;
    at(&app, cst(2, 16, 0)).await;
    step(&app, &r2, "resolve", CLERK, json!({"resolution": "injector replaced"})).await;
    at(&app, cst(2, 20, 0)).await;
    step(&app, &r3, "answer", D2, json!({})).await;
    at(&app, cst(2, 21, 0)).await;
    step(
        &app,
        &r3,
        "resolve",
        D2,
        json!({"resolution": "parts ordered, customer informed"}),
    )
    .await;
    at(&app, cst(3, 8, 30)).await;
    let on = step(&app, &r1, "on-site", DEALER, json!({})).await;
    assert_eq!(on["status"], "on_site");
    at(&app, cst(3, 10, 0)).await;
    let res = step(
        &app,
        &r1,
        "resolve",
        DEALER,
        json!({"resolution": "door hinge replaced"}),
    )
    .await;
    assert_eq!(res["follow_up_due_at"], "2026-03-10T02:00:00Z");
    assert_eq!(res["evaluation"]["on_time"], true);
    at(&app, cst(5, 10, 0)).await;
    let f1 = step(
        &app,
        &r1,
        "follow-ups",
        CLERK,
        json!({"outcome": "reached", "satisfaction": 5}),
    )
    .await;
    assert_eq!(f1["status"], "closed");
    step(
        &app,
        &r2,
        "follow-ups",
        CLERK,
        json!({"outcome": "reached", "satisfaction": 3, "complaint": "engine light came back", "service_fault": true}),
    )
    .await;
    for i in 0..3 {
        let f = step(&app, &r3, "follow-ups", CLERK, json!({"outcome": "unreachable"})).await;
        assert_eq!(f["status"], if i < 2 { "resolved" } else { "closed" });
    }
    (app, [r1, r2, r3])
}

#[tokio::test]
async fn scenario_g_reproduces_the_three_rates() {
    let (app, [r1, r2, r3]) = scenario_g().await;
    let one = app
        .get(&format!("/api/v1/service-requests/{r2}"), SUPERVISOR)
        .await
        .body;
    assert_eq!(one["evaluation"]["on_time"], false);
    let missed: Vec<&str> = one["evaluation"]["standards"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["standing"] == "missed")
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(missed, vec!["arrange"]);
    assert_eq!(one["evaluation"]["standards"][0]["minutes"], 150);
    assert_eq!(one["assignee"], "TECH");
    let three = app
        .get(&format!("/api/v1/service-requests/{r3}"), SUPERVISOR)
        .await
        .body;
    let kinds: Vec<(&str, &str)> = three["evaluation"]["standards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["kind"].as_str().unwrap(), s["standing"].as_str().unwrap()))
        .collect();
    assert_eq!(kinds, vec![("arrange", "met"), ("check", "missed"), ("answer", "met")]);

    let k = app
        .get("/api/v1/reports/service-kpi?group_by=network", SUPERVISOR)
        .await;
    assert_eq!(k.status.as_u16(), 200, "{}", k.body);
    let n = &k.body["network"];
    assert_eq!((n["closed"].as_u64(), n["on_time"].as_u64()), (Some(3), Some(1)));
    assert_eq!(n["timeliness_pct"], 33.3);
    assert_eq!((n["reached"].as_u64(), n["satisfied"].as_u64()), (Some(2), Some(1)));
    assert_eq!(n["satisfaction_pct"], 50.0);
    assert_eq!(n["complaints"], 1);
    assert_eq!(n["complaint_pct"], 33.3);
    assert_eq!(n["unreachable"], 1);
    assert_eq!(n["timeliness_met"], false);
    assert_eq!(n["late_requests"], json!([r2, r3]));
    assert_eq!(n["complaint_requests"], json!([r2]));
    assert_eq!(
        k.body["targets"],
        json!({"timeliness_pct": 90, "satisfaction_pct": 85, "complaint_pct": 3})
    );

    // Per dealer: the dealer that served (R2 went to a department, so it counts for D001,
    // whose customer it is).
    let by = app
        .get("/api/v1/reports/service-kpi?group_by=dealer", SUPERVISOR)
        .await
        .body;
    let rows: Vec<(&str, u64, u64)> = by["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["key"].as_str().unwrap(),
                r["closed"].as_u64().unwrap(),
                r["on_time"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(rows, vec![("D001", 2, 1), ("D002", 1, 0)]);
    let month = app
        .get("/api/v1/reports/service-kpi?group_by=month", SUPERVISOR)
        .await
        .body;
    assert_eq!(month["rows"][0]["key"], "2026-03");
    let outside = app
        .get(
            "/api/v1/reports/service-kpi?from_date=2026-04-01&to_date=2026-04-30",
            SUPERVISOR,
        )
        .await
        .body;
    assert_eq!(outside["network"]["closed"], 0);
    assert_eq!(outside["network"]["timeliness_pct"], Value::Null);
    // A dealer's report counts only what it may see.
    let mine = app.get("/api/v1/reports/service-kpi?group_by=network", D2).await.body;
    assert_eq!(mine["network"]["requests"], json!([r3]));

    // As a spreadsheet.
    let req = Request::get("/api/v1/reports/service-kpi?group_by=network&format=csv")
        .header("authorization", format!("Bearer {SUPERVISOR}"))
        .body(Body::empty())
        .unwrap();
    let resp = app.router.clone().oneshot(req).await.unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert!(resp.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let text = String::from_utf8(resp.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    assert!(text.starts_with('\u{feff}'));
    let line = text.lines().find(|l| l.starts_with("network,")).unwrap();
    assert_eq!(
        line,
        format!("network,3,1,33.3,2,1,50.0,1,1,33.3,false,false,false,{r2} {r3}")
    );
    let bad = app.get("/api/v1/reports/service-kpi?format=xml", SUPERVISOR).await;
    assert_eq!(bad.body["code"], "validation_failed");

    // Lists by status, assignee and dealer.
    let closed = app.get("/api/v1/service-requests?status=closed", SUPERVISOR).await.body;
    assert_eq!(closed["items"].as_array().unwrap().len(), 3);
    let d2 = app.get("/api/v1/service-requests?assignee=D002", SUPERVISOR).await.body;
    assert_eq!(d2["items"][0]["number"], r3.as_str());
    assert_eq!(d2["items"].as_array().unwrap().len(), 1);
    let d1 = app.get("/api/v1/service-requests?dealer=D001", SUPERVISOR).await.body;
    let numbers: Vec<&str> = d1["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, vec![r2.as_str(), r1.as_str()]);
    app.assert_balanced().await;
}

#[tokio::test]
async fn dealers_see_their_own_and_what_is_forwarded_to_them() {
    let (app, [r1, r2, r3]) = scenario_g().await;
    // D002 sees only R3 (forwarded to it); D001 its customers' R1 and R2.
    let mine = app.get("/api/v1/service-requests", D2).await.body;
    let numbers: Vec<&str> = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, vec![r3.as_str()]);
    let theirs = app.get(&format!("/api/v1/service-requests/{r1}"), D2).await;
    assert_eq!(theirs.status.as_u16(), 404);
    assert_eq!(theirs.body["params"], json!({"entity": "service_request", "key": r1}));
    let d1 = app.get("/api/v1/service-requests", DEALER).await.body;
    assert_eq!(d1["items"].as_array().unwrap().len(), 2);
    assert_eq!(
        app.get("/api/v1/service-requests?dealer=D001", D2)
            .await
            .status
            .as_u16(),
        404
    );
    // Another dealer's request answers 404 to a transition, as if absent.
    refused(
        &app,
        &format!("/api/v1/service-requests/{r2}/cancel"),
        D2,
        json!({"reason": "x"}),
        404,
        "not_found",
    )
    .await;
    // A dealer takes requests for its own customers only.
    let own = take(
        &app,
        D2,
        json!({"channel": "web", "customer": "Qiqihar Coach", "contact": "0452-000",
        "fault_class": "other", "description": "rattle"}),
    )
    .await;
    let got = app.get(&format!("/api/v1/service-requests/{own}"), D2).await.body;
    assert_eq!(got["dealer"], "D002");
    refused(
        &app,
        "/api/v1/service-requests",
        D2,
        request("other", 0, "D001"),
        404,
        "not_found",
    )
    .await;
    // The desk forwards; a dealer not assigned may not reach the site; nor follow up.
    refused(
        &app,
        &format!("/api/v1/service-requests/{own}/arrange"),
        D2,
        json!({"assignee_kind": "dealer", "assignee": "D002", "plan": "p"}),
        403,
        "forbidden",
    )
    .await;
    arrange(&app, &own, "department", "QUALITY").await;
    refused(
        &app,
        &format!("/api/v1/service-requests/{own}/on-site"),
        D2,
        json!({}),
        403,
        "forbidden",
    )
    .await;
    refused(
        &app,
        &format!("/api/v1/service-requests/{r3}/follow-ups"),
        D2,
        json!({"outcome": "unreachable"}),
        403,
        "forbidden",
    )
    .await;
    // The dealer that took it may withdraw it.
    let c = step(&app, &own, "cancel", D2, json!({"reason": "customer fixed it himself"})).await;
    assert_eq!(c["status"], "cancelled");
    assert_eq!(c["evaluation"]["on_time"], Value::Null);
}

#[tokio::test]
async fn transitions_refuse_the_wrong_state_and_bad_input() {
    let app = TestApp::new();
    app.seed_scenario().await;
    at(&app, cst(2, 9, 0)).await;
    let n = take(&app, CLERK, request("body", 20, "D001")).await;
    let p = |a: &str| format!("/api/v1/service-requests/{n}/{a}");
    let e = refused(&app, &p("on-site"), CLERK, json!({}), 409, "invalid_state").await;
    assert_eq!(
        e["params"],
        json!({"entity": "service_request", "key": n, "state": "received", "action": "on_site"})
    );
    refused(
        &app,
        &p("resolve"),
        CLERK,
        json!({"resolution": "x"}),
        409,
        "invalid_state",
    )
    .await;
    refused(&app, &p("close"), CLERK, json!({}), 409, "invalid_state").await;
    refused(
        &app,
        &p("follow-ups"),
        CLERK,
        json!({"outcome": "unreachable"}),
        409,
        "invalid_state",
    )
    .await;
    refused(&app, &p("check"), CLERK, json!({}), 409, "invalid_state").await;
    refused(
        &app,
        &p("arrange"),
        CLERK,
        json!({"assignee_kind": "dealer", "assignee": "D999", "plan": "p"}),
        404,
        "not_found",
    )
    .await;
    let v = arrange(&app, &n, "dealer", "D001").await;
    // A stale version is refused.
    let stale = app
        .call(
            axum::http::Method::POST,
            &p("check"),
            Some(CLERK),
            Some(json!({})),
            &[("if-match", "1")],
        )
        .await;
    assert_eq!(stale.body["code"], "stale_version", "{}", stale.body);
    assert_eq!(v["version"], 2);
    step(&app, &n, "check", CLERK, json!({})).await;
    let again = refused(&app, &p("check"), CLERK, json!({}), 409, "invalid_state").await;
    assert_eq!(again["params"]["state"], "checked");
    step(&app, &n, "on-site", DEALER, json!({})).await;
    refused(&app, &p("on-site"), DEALER, json!({}), 409, "invalid_state").await;
    // Links must exist and be of the request's unit.
    refused(
        &app,
        &p("resolve"),
        DEALER,
        json!({"resolution": "x", "claims": ["CL-000009"]}),
        404,
        "not_found",
    )
    .await;
    refused(
        &app,
        &p("resolve"),
        DEALER,
        json!({"resolution": "x", "claims": ["CL-1", "CL-1"]}),
        422,
        "validation_failed",
    )
    .await;
    step(&app, &n, "resolve", DEALER, json!({"resolution": "fixed"})).await;
    refused(
        &app,
        &p("cancel"),
        CLERK,
        json!({"reason": "late"}),
        409,
        "invalid_state",
    )
    .await;
    let bad = refused(
        &app,
        &p("follow-ups"),
        CLERK,
        json!({"outcome": "reached", "satisfaction": 6}),
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(bad["params"]["field"], "satisfaction");
    refused(
        &app,
        &p("follow-ups"),
        CLERK,
        json!({"outcome": "reached"}),
        422,
        "validation_failed",
    )
    .await;
    let closed = step(&app, &n, "close", CLERK, json!({})).await;
    assert_eq!(closed["status"], "closed");
    // Bad intake.
    let mut b = request("body", -1, "D001");
    refused(
        &app,
        "/api/v1/service-requests",
        CLERK,
        b.clone(),
        422,
        "validation_failed",
    )
    .await;
    b["distance_km"] = json!(5);
    b["received_at"] = json!("2026-03-03T00:00:00Z");
    let future = refused(
        &app,
        "/api/v1/service-requests",
        CLERK,
        b.clone(),
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(future["params"]["field"], "received_at");
    b["received_at"] = json!("2026-03-01T23:00:00Z");
    let back = app.ok("/api/v1/service-requests", CLERK, b.clone(), 201).await;
    assert_eq!(back["received_at"], "2026-03-01T23:00:00Z");
    b["fault_class"] = json!("engine");
    let a = app.post("/api/v1/service-requests", CLERK, b).await;
    assert_eq!(a.status.as_u16(), 422, "{}", a.body);
    refused(
        &app,
        "/api/v1/service-requests/SV-000099/arrange",
        CLERK,
        json!({"assignee_kind": "dealer", "assignee": "D001", "plan": "p"}),
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn paid_service_is_approved_by_another_and_its_fee_posts() {
    let app = TestApp::new();
    app.seed_scenario().await;
    at(&app, cst(2, 9, 0)).await;
    let n = take(&app, CLERK, request("body", 40, "D001")).await;
    let p = |a: &str| format!("/api/v1/service-requests/{n}/{a}");
    refused(&app, &p("quote/approve"), SUPERVISOR, json!({}), 404, "not_found").await;
    // The supervisor who quotes may not approve its own quote.
    step(
        &app,
        &n,
        "quote",
        SUPERVISOR,
        json!({"travel_fen": 15000, "wages_fen": 20000}),
    )
    .await;
    refused(&app, &p("quote/approve"), SUPERVISOR, json!({}), 403, "self_approval").await;
    refused(&app, &p("quote/approve"), CLERK, json!({}), 403, "forbidden").await;
    // A desk clerk quotes again; the supervisor approves; finance collects.
    let q = step(
        &app,
        &n,
        "quote",
        CLERK,
        json!({"travel_fen": 15000, "wages_fen": 20000, "note": "coverage ended"}),
    )
    .await;
    assert_eq!(q["paid"]["total_fen"], 35000);
    refused(
        &app,
        &p("fee"),
        FINANCE,
        json!({"amount_fen": 35000, "reference": "R-1"}),
        409,
        "invalid_state",
    )
    .await;
    let a = step(&app, &n, "quote/approve", SUPERVISOR, json!({})).await;
    assert_eq!(a["paid"]["status"], "approved");
    refused(
        &app,
        &p("fee"),
        CLERK,
        json!({"amount_fen": 35000, "reference": "R-1"}),
        403,
        "forbidden",
    )
    .await;
    refused(
        &app,
        &p("fee"),
        FINANCE,
        json!({"amount_fen": 35001, "reference": "R-1"}),
        422,
        "validation_failed",
    )
    .await;
    let f = step(
        &app,
        &n,
        "fee",
        FINANCE,
        json!({"amount_fen": 35000, "reference": "R-1"}),
    )
    .await;
    assert_eq!(f["paid"]["status"], "collected");
    assert_eq!(app.balance("bank").await, 35000);
    assert_eq!(app.balance("service:income").await, -35000);
    let again = refused(
        &app,
        &p("fee"),
        FINANCE,
        json!({"amount_fen": 1, "reference": "R-2"}),
        409,
        "invalid_state",
    )
    .await;
    assert_eq!(again["params"]["entity"], "paid_service");
    assert_eq!(again["params"]["state"], "collected");
    app.assert_balanced().await;
}

#[tokio::test]
async fn resolving_links_the_claim_and_requisition_that_did_the_work() {
    let app = repaired(Some("2026-03-10")).await;
    let claim = app.ok("/api/v1/claims", DEALER, claim_body(), 201).await;
    let cl = claim["number"].as_str().unwrap();
    let mut body = request("body", 30, "D001");
    body["unit_serial"] = json!(UNIT);
    body.as_object_mut().unwrap().remove("dealer");
    let n = take(&app, CLERK, body).await;
    arrange(&app, &n, "dealer", "D001").await;
    step(&app, &n, "on-site", DEALER, json!({})).await;
    let r = step(
        &app,
        &n,
        "resolve",
        DEALER,
        json!({"resolution": "brake chamber replaced", "claims": [cl], "requisitions": ["rq-000001"]}),
    )
    .await;
    assert_eq!(r["claims"], json!([cl]));
    assert_eq!(r["requisitions"], json!(["RQ-000001"]));
    assert_eq!(r["dealer"], "D001");
    // D002 may not see D001's claim through a request, nor take one for its unit.
    let mut other = request("body", 30, "D002");
    other["unit_serial"] = json!(UNIT);
    other.as_object_mut().unwrap().remove("dealer");
    refused(&app, "/api/v1/service-requests", D2, other, 404, "not_found").await;
}

#[tokio::test]
async fn the_policy_is_the_admins_and_applies_to_new_requests() {
    let app = TestApp::new();
    app.seed_scenario().await;
    let p = app.get("/api/v1/service-policy", DEALER).await.body;
    assert_eq!(p["standards"]["arrange_minutes"], 120);
    let mut changed = p.clone();
    changed["standards"]["arrange_minutes"] = json!(60);
    let put = |token: &'static str, body: Value| {
        app.call(
            axum::http::Method::PUT,
            "/api/v1/service-policy",
            Some(token),
            Some(body),
            &[],
        )
    };
    assert_eq!(put(SUPERVISOR, changed.clone()).await.status.as_u16(), 403);
    let mut bad = changed.clone();
    bad["follow_up_tries"] = json!(0);
    assert_eq!(put(ADMIN, bad).await.body["code"], "validation_failed");
    assert_eq!(put(ADMIN, changed.clone()).await.status.as_u16(), 200);
    let n = take(&app, CLERK, request("other", 0, "D001")).await;
    let r = app.get(&format!("/api/v1/service-requests/{n}"), CLERK).await.body;
    assert_eq!(r["standards"]["arrange_minutes"], 60);
    assert_eq!(r["evaluation"]["next_due_at"], "2026-03-01T09:00:00Z");
}
