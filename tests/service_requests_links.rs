//! Service requests, part two, over HTTP: a requisition cites the request whose work it
//! does (and every refusal of a citation), the request lists the requisitions citing it;
//! the desk's lookup by phone or serial with each unit's coverage and dealer isolation; and
//! the sweep closing a resolved request whose follow-up window passed, counted by the KPI.

mod common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use common::*;
use serde_json::{Value, json};

const D2: &str = "demo-dealer-D002";
const UNIT2: &str = "LZYTBGBW5N1000124";

/// 2026-09-`day` at h:m business time (UTC+8).
fn cst(day: u32, h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 9, day, h, m, 0).unwrap() - Duration::hours(8)
}

fn request(contact: &str, unit: Option<&str>, dealer: &str) -> Value {
    let mut body = json!({"channel": "phone", "customer": "Harbin Bus Line 12", "contact": contact,
        "fault_class": "body", "distance_km": 30, "description": "rear brake leaking"});
    match unit {
        Some(u) => body["unit_serial"] = json!(u),
        None => body["dealer"] = json!(dealer),
    }
    body
}

async fn take(app: &TestApp, token: &str, body: Value) -> String {
    let r = app.ok("/api/v1/service-requests", token, body, 201).await;
    r["number"].as_str().unwrap().to_string()
}

async fn step(app: &TestApp, number: &str, action: &str, token: &str, body: Value) -> Value {
    app.ok(&format!("/api/v1/service-requests/{number}/{action}"), token, body, 200)
        .await
}

/// Taken, forwarded to D001 and reached on site.
async fn on_site(app: &TestApp, body: Value) -> String {
    let n = take(app, CLERK, body).await;
    step(
        app,
        &n,
        "arrange",
        CLERK,
        json!({"assignee_kind": "dealer", "assignee": "D001", "plan": "technician today"}),
    )
    .await;
    step(app, &n, "on-site", DEALER, json!({})).await;
    n
}

fn requisition(purpose: &str, unit: Option<&str>, request: &str) -> Value {
    let mut body = json!({"location": "ST-D001", "purpose": purpose, "service_request": request,
        "lines": [{"part_no": "BC-3519", "qty": 1}], "submit": true});
    if let Some(u) = unit {
        body["unit_serial"] = json!(u);
    }
    body
}

async fn refused(app: &TestApp, token: &str, body: Value, status: u16, code: &str) -> Value {
    let a = app.post("/api/v1/requisitions", token, body).await;
    assert_eq!(a.status.as_u16(), status, "{}", a.body);
    assert_eq!(a.body["code"], code, "{}", a.body);
    a.body
}

async fn second_unit(app: &TestApp) {
    app.ok(
        "/api/v1/units",
        ADMIN,
        json!({"serial": UNIT2, "model": "K9-City", "dealer": "D001", "customer": "Harbin Bus Line 7", "sale_date": "2024-01-10"}),
        201,
    )
    .await;
}

#[tokio::test]
async fn a_requisition_cites_its_request_and_every_bad_citation_is_refused() {
    let app = repaired(Some("2026-03-10")).await;
    second_unit(&app).await;
    let n = on_site(&app, request("13900001111", Some(UNIT), "D001")).await;
    // Cited by a warranty requisition of the same unit; the request lists it.
    let rq = app
        .ok(
            "/api/v1/requisitions",
            DEALER,
            requisition("warranty", Some(UNIT), &n),
            201,
        )
        .await;
    assert_eq!(
        (rq["number"].as_str(), rq["service_request"].as_str()),
        (Some("RQ-000002"), Some(n.as_str()))
    );
    let detail = app.get(&format!("/api/v1/service-requests/{n}"), CLERK).await.body;
    assert_eq!(detail["cited_by_requisitions"], json!(["RQ-000002"]));
    // Unknown, or another dealer's: not found, as if absent.
    let unknown = refused(
        &app,
        DEALER,
        requisition("warranty", Some(UNIT), "SV-000099"),
        404,
        "not_found",
    )
    .await;
    assert_eq!(unknown["params"]["entity"], "service_request");
    let d2 = json!({"location": "ST-D002", "purpose": "internal", "service_request": n,
        "lines": [{"part_no": "BC-3519", "qty": 1}]});
    refused(&app, D2, d2, 404, "not_found").await;
    // Another unit than the request's.
    let other = refused(
        &app,
        DEALER,
        requisition("warranty", Some(UNIT2), &n),
        422,
        "request_other_unit",
    )
    .await;
    assert_eq!(
        other["params"],
        json!({"request": n, "request_unit": UNIT, "unit": UNIT2})
    );
    // Paid service cites a request, whose quote must be approved: none, quoted, approved.
    let mut uncited = requisition("paid_service", None, &n);
    uncited.as_object_mut().unwrap().remove("service_request");
    let missing = refused(&app, DEALER, uncited, 422, "validation_failed").await;
    assert_eq!(missing["params"]["field"], "service_request");
    // Paid service needs the request's quote approved: none, then quoted, then approved.
    let none = refused(
        &app,
        DEALER,
        requisition("paid_service", None, &n),
        409,
        "quote_not_approved",
    )
    .await;
    assert_eq!(none["params"], json!({"request": n, "quote_status": "none"}));
    step(
        &app,
        &n,
        "quote",
        CLERK,
        json!({"travel_fen": 10000, "wages_fen": 5000}),
    )
    .await;
    let quoted = refused(
        &app,
        DEALER,
        requisition("paid_service", None, &n),
        409,
        "quote_not_approved",
    )
    .await;
    assert_eq!(quoted["params"]["quote_status"], "quoted");
    step(&app, &n, "quote/approve", SUPERVISOR, json!({})).await;
    let paid = app
        .ok(
            "/api/v1/requisitions",
            DEALER,
            requisition("paid_service", None, &n),
            201,
        )
        .await;
    assert_eq!(paid["number"], "RQ-000003", "refusals wrote nothing, not even a number");
    // Resolving links the requisitions that did the work; a resolved request may still be cited.
    let r = step(
        &app,
        &n,
        "resolve",
        DEALER,
        json!({"resolution": "brake chamber replaced", "requisitions": ["RQ-000002", "RQ-000003"]}),
    )
    .await;
    assert_eq!(r["requisitions"], json!(["RQ-000002", "RQ-000003"]));
    assert_eq!(r["cited_by_requisitions"], json!(["RQ-000002", "RQ-000003"]));
    app.ok(
        "/api/v1/requisitions",
        DEALER,
        requisition("warranty", Some(UNIT), &n),
        201,
    )
    .await;
    // Closed or cancelled requests are not cited.
    step(&app, &n, "close", CLERK, json!({})).await;
    let closed = refused(
        &app,
        DEALER,
        requisition("warranty", Some(UNIT), &n),
        409,
        "request_not_citable",
    )
    .await;
    assert_eq!(closed["params"], json!({"request": n, "status": "closed"}));
    let gone = take(&app, CLERK, request("13900002222", Some(UNIT2), "D001")).await;
    step(&app, &gone, "cancel", CLERK, json!({"reason": "customer fixed it"})).await;
    let cancelled = refused(
        &app,
        DEALER,
        requisition("internal", None, &gone),
        409,
        "request_not_citable",
    )
    .await;
    assert_eq!(cancelled["params"]["status"], "cancelled");
    let listed = app.get(&format!("/api/v1/service-requests/{n}"), DEALER).await.body;
    assert_eq!(
        listed["cited_by_requisitions"],
        json!(["RQ-000002", "RQ-000003", "RQ-000004"])
    );
    app.assert_balanced().await;
}

#[tokio::test]
async fn the_desk_finds_the_customer_by_phone_or_serial_with_coverage() {
    let app = repaired(Some("2026-03-10")).await;
    second_unit(&app).await;
    let a = take(&app, CLERK, request("139-0000 1111", Some(UNIT), "D001")).await;
    let b = take(&app, CLERK, request("13900001111", None, "D001")).await;
    let c = take(&app, CLERK, request("+86 139 0000 1111", Some(UNIT2), "D001")).await;
    let theirs = take(&app, CLERK, request("139 0000 1111", None, "D002")).await;
    take(&app, CLERK, request("13900009999", Some(UNIT), "D001")).await;
    // Digits only, whatever the punctuation; newest first; each unit with its coverage.
    let found = app
        .get("/api/v1/service-requests/lookup?phone=139%200000-1111", CLERK)
        .await;
    assert_eq!(found.status.as_u16(), 200, "{}", found.body);
    let numbers: Vec<&str> = found.body["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, vec![theirs.as_str(), b.as_str(), a.as_str()]);
    assert_eq!(found.body["phone"], "13900001111");
    let units = found.body["units"].as_array().unwrap();
    assert_eq!(units.len(), 1);
    assert_eq!(
        (
            &units[0]["serial"],
            &units[0]["coverage_end_date"],
            &units[0]["covered"],
            &units[0]["registration"]
        ),
        (&json!(UNIT), &json!("2028-03-01"), &json!(true), &json!("on_time"))
    );
    assert_eq!(
        (&units[0]["model"], &units[0]["sale_date"]),
        (&json!("K9-City"), &json!("2026-03-02"))
    );
    // With the country code it is another number.
    let intl = app
        .get("/api/v1/service-requests/lookup?phone=%2B86%20139%200000%201111", CLERK)
        .await
        .body;
    assert_eq!(intl["requests"][0]["number"], c.as_str());
    assert_eq!(
        (&intl["units"][0]["serial"], &intl["units"][0]["covered"]),
        (&json!(UNIT2), &json!(false))
    );
    // A dealer sees only its own customers' requests and units.
    let mine = app
        .get("/api/v1/service-requests/lookup?phone=13900001111", DEALER)
        .await
        .body;
    let numbers: Vec<&str> = mine["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, vec![b.as_str(), a.as_str()]);
    let other = app
        .get("/api/v1/service-requests/lookup?phone=13900001111", D2)
        .await
        .body;
    assert_eq!(other["requests"].as_array().unwrap().len(), 1);
    assert_eq!(other["units"], json!([]));
    // By serial: the unit (lower case is the same serial) and its requests.
    let by_serial = app
        .get(
            &format!("/api/v1/service-requests/lookup?serial={}", UNIT.to_lowercase()),
            CLERK,
        )
        .await;
    assert_eq!(by_serial.status.as_u16(), 200, "{}", by_serial.body);
    assert_eq!(by_serial.body["units"][0]["coverage_end_date"], "2028-03-01");
    assert_eq!(by_serial.body["requests"].as_array().unwrap().len(), 2);
    assert_eq!(by_serial.body["phone"], Value::Null);
    let hidden = app
        .get(&format!("/api/v1/service-requests/lookup?serial={UNIT}"), D2)
        .await;
    assert_eq!(
        (hidden.status.as_u16(), &hidden.body["code"]),
        (404, &json!("not_found"))
    );
    // Too short, neither, or both: refused by name.
    for q in ["phone=1234", "", &format!("phone=13900001111&serial={UNIT}")] {
        let bad = app.get(&format!("/api/v1/service-requests/lookup?{q}"), CLERK).await;
        assert_eq!(
            (bad.status.as_u16(), &bad.body["code"]),
            (422, &json!("validation_failed")),
            "{q}"
        );
        assert_eq!(bad.body["params"]["field"], "phone");
    }
    let none = app
        .get("/api/v1/service-requests/lookup?phone=18800000000", CLERK)
        .await
        .body;
    assert_eq!(
        (
            none["requests"].as_array().unwrap().len(),
            none["units"].as_array().unwrap().len()
        ),
        (0, 0)
    );
}

#[tokio::test]
async fn the_sweep_closes_a_request_not_followed_up_within_the_window() {
    let app = repaired(Some("2026-03-10")).await;
    app.clock.set(cst(15, 10, 0));
    let lapsed = on_site(&app, request("13900001111", Some(UNIT), "D001")).await;
    let tried = on_site(&app, request("13900002222", None, "D001")).await;
    let done = on_site(&app, request("13900003333", None, "D001")).await;
    app.clock.set(cst(15, 16, 0));
    for n in [&lapsed, &tried, &done] {
        let r = step(&app, n, "resolve", DEALER, json!({"resolution": "fixed"})).await;
        assert_eq!(r["follow_up_due_at"], "2026-09-22T08:00:00Z");
    }
    app.clock.set(cst(17, 9, 0));
    step(&app, &tried, "follow-ups", CLERK, json!({"outcome": "unreachable"})).await;
    let reached = step(
        &app,
        &done,
        "follow-ups",
        CLERK,
        json!({"outcome": "reached", "satisfaction": 5}),
    )
    .await;
    assert_eq!(
        (&reached["status"], &reached["closed_reason"]),
        (&json!("closed"), &json!("follow_up_done"))
    );
    // Day 7 (09-22): the follow-up may still be made; day 8 (09-23): the sweep closes them.
    app.clock.set(cst(23, 0, 30));
    let sweep = |date: &str| json!({"date": date});
    let day7 = app.ok("/api/v1/admin/sweep", ADMIN, sweep("2026-09-22"), 200).await;
    assert_eq!(day7["closed_requests"], json!([]));
    let open = app.get(&format!("/api/v1/service-requests/{lapsed}"), CLERK).await.body;
    assert_eq!(
        (&open["status"], &open["closed_reason"]),
        (&json!("resolved"), &Value::Null)
    );
    let day8 = app.ok("/api/v1/admin/sweep", ADMIN, sweep("2026-09-23"), 200).await;
    assert_eq!(day8["closed_requests"], json!([lapsed, tried]));
    for n in [&lapsed, &tried] {
        let r = app.get(&format!("/api/v1/service-requests/{n}"), CLERK).await.body;
        assert_eq!(
            (&r["status"], &r["closed_reason"]),
            (&json!("closed"), &json!("no_follow_up")),
            "{n}"
        );
        assert_eq!(r["closed_at"], "2026-09-22T16:30:00Z");
    }
    let again = app.ok("/api/v1/admin/sweep", ADMIN, sweep("2026-09-24"), 200).await;
    assert_eq!(again["closed_requests"], json!([]), "a second sweep closes nothing");
    // Only the admin sweeps.
    let clerk = app.post("/api/v1/admin/sweep", CLERK, sweep("2026-09-24")).await;
    assert_eq!(clerk.status.as_u16(), 403);
    // The KPI counts the swept requests as closed (on 09-23) and the follow-up on 09-17.
    let k = app
        .get(
            "/api/v1/reports/service-kpi?group_by=network&from_date=2026-09-01&to_date=2026-09-30",
            SUPERVISOR,
        )
        .await;
    assert_eq!(k.status.as_u16(), 200, "{}", k.body);
    let net = &k.body["network"];
    assert_eq!(
        (
            net["closed"].as_u64(),
            net["reached"].as_u64(),
            net["unreachable"].as_u64()
        ),
        (Some(3), Some(1), Some(1))
    );
    // The customer reached after the sweep still counts; why it closed does not change.
    let late = step(
        &app,
        &lapsed,
        "follow-ups",
        CLERK,
        json!({"outcome": "reached", "satisfaction": 4}),
    )
    .await;
    assert_eq!(
        (&late["status"], &late["closed_reason"]),
        (&json!("closed"), &json!("no_follow_up"))
    );
    app.assert_balanced().await;
}
