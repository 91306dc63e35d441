//! Pre-authorizations (预授权) over HTTP: request, return for more information, amend and
//! resubmit, reduce, reject, cancel, with every refusal by name; dealer isolation; the
//! policy's new settings; and the new automatic checks of a claim (odometer against a
//! service report, km per day, the bill of usage, near expiry).

mod common;

use axum::body::Body;
use axum::http::{Method, Request};
use common::{ADMIN, CLERK, DEALER, REVIEWER, SUPERVISOR, TestApp, UNIT, at, claim_body, repaired};
use serde_json::{Value, json};

const OTHER_DEALER: &str = "demo-dealer-D002";

fn request_body() -> Value {
    json!({"unit_serial": UNIT, "fault_code": "brk-021", "description": "制动气室漏气，需更换",
        "lines": [{"kind": "part", "part_no": "bc-3519", "qty": 2, "unit_price_fen": 38000},
                  {"kind": "labor", "qty": 90, "unit_price_fen": 8000},
                  {"kind": "travel", "qty": 1, "unit_price_fen": 15000}]})
}

async fn put(app: &TestApp, path: &str, token: &str, version: &str, body: Value) -> common::Answer {
    app.call(Method::PUT, path, Some(token), Some(body), &[("if-match", version)])
        .await
}

fn code(a: &common::Answer) -> &str {
    a.body["code"].as_str().unwrap_or("")
}

/// The whole life of a request: drafted (2 × ¥380.00 + 90 minutes at ¥80.00 + ¥150.00 =
/// ¥1,030.00), a photo attached, submitted, returned with a note, amended and resubmitted,
/// reduced to ¥800.00 usable for 30 days; every wrong step refused by name.
#[tokio::test]
async fn request_return_amend_reduce() {
    let app = repaired(Some("2026-03-10")).await;
    let pa = app.ok("/api/v1/preauthorizations", DEALER, request_body(), 201).await;
    assert_eq!(pa["number"], "PA-000001");
    assert_eq!(pa["status"], "draft");
    assert_eq!(pa["dealer"], "D001");
    assert_eq!(pa["fault_code"], "BRK-021");
    assert_eq!(pa["lines"][0]["amount_fen"], 76000);
    assert_eq!(pa["lines"][1]["amount_fen"], 12000);
    assert_eq!(pa["total_fen"], 103000);
    // A photo from the phone, seen as the document is.
    let photo = {
        let mut b = vec![7u8; 2_000];
        b[..4].copy_from_slice(&[0xFF, 0xD8, 0xFF, 0xE0]);
        b
    };
    let req = |token: &str| {
        Request::builder()
            .method(Method::POST)
            .uri("/api/v1/documents/PA-000001/attachments")
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "image/jpeg")
            .body(Body::from(photo.clone()))
            .unwrap()
    };
    assert_eq!(app.send(req(DEALER)).await.status, 201);
    assert_eq!(app.send(req(OTHER_DEALER)).await.status, 404);
    let files = app.get("/api/v1/documents/PA-000001/attachments", REVIEWER).await;
    assert_eq!(files.body.as_array().map(Vec::len), Some(1), "{}", files.body);
    // Only a submitted request is decided; the dealer never decides.
    let early = app
        .post(
            "/api/v1/preauthorizations/PA-000001/decision",
            REVIEWER,
            json!({"decision": "approve"}),
        )
        .await;
    assert_eq!(
        (early.status.as_u16(), code(&early)),
        (409, "invalid_state"),
        "{}",
        early.body
    );
    app.ok("/api/v1/preauthorizations/PA-000001/submit", DEALER, json!({}), 200)
        .await;
    let by_dealer = app
        .post(
            "/api/v1/preauthorizations/PA-000001/decision",
            DEALER,
            json!({"decision": "approve"}),
        )
        .await;
    assert_eq!(by_dealer.status, 403);
    let clerk = app
        .post(
            "/api/v1/preauthorizations/PA-000001/decision",
            CLERK,
            json!({"decision": "approve"}),
        )
        .await;
    assert_eq!(clerk.status, 403);
    // A return needs its reason.
    let bare = app
        .post(
            "/api/v1/preauthorizations/PA-000001/decision",
            REVIEWER,
            json!({"decision": "return"}),
        )
        .await;
    assert_eq!((bare.status.as_u16(), code(&bare)), (422, "validation_failed"));
    assert_eq!(bare.body["params"]["field"], "note");
    let returned = app
        .ok(
            "/api/v1/preauthorizations/PA-000001/decision",
            REVIEWER,
            json!({"decision": "return", "note": "请补充故障部位照片"}),
            200,
        )
        .await;
    assert_eq!(returned["status"], "returned");
    // Amended against its version: a stale one is refused, the unit stays.
    let mut amended = request_body();
    amended["lines"] = json!([{"kind": "part", "part_no": "BC-3519", "qty": 2, "unit_price_fen": 38000},
        {"kind": "labor", "qty": 180, "unit_price_fen": 8000}]);
    let stale = put(
        &app,
        "/api/v1/preauthorizations/PA-000001",
        DEALER,
        "1",
        amended.clone(),
    )
    .await;
    assert_eq!((stale.status.as_u16(), code(&stale)), (409, "stale_version"));
    let v = returned["version"].to_string();
    let ok = put(&app, "/api/v1/preauthorizations/PA-000001", DEALER, &v, amended).await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(ok.body["total_fen"], 100000);
    app.ok("/api/v1/preauthorizations/PA-000001/submit", DEALER, json!({}), 200)
        .await;
    // More than the estimate is refused; less without a note too.
    for (body, field) in [
        (json!({"decision": "approve", "amount_fen": 100001}), "amount_fen"),
        (json!({"decision": "approve", "amount_fen": 80000}), "note"),
        (
            json!({"decision": "reject", "amount_fen": 80000, "note": "x"}),
            "amount_fen",
        ),
    ] {
        let a = app
            .post("/api/v1/preauthorizations/PA-000001/decision", SUPERVISOR, body)
            .await;
        assert_eq!((a.status.as_u16(), code(&a)), (422, "validation_failed"), "{}", a.body);
        assert_eq!(a.body["params"]["field"], field);
    }
    let reduced = app
        .ok(
            "/api/v1/preauthorizations/PA-000001/decision",
            SUPERVISOR,
            json!({"decision": "approve", "amount_fen": 80000, "note": "工时按标准核减"}),
            200,
        )
        .await;
    assert_eq!(reduced["status"], "reduced");
    assert_eq!(reduced["approved_fen"], 80000);
    // Decided 2026-09-15 (Shanghai), usable for the policy's 30 days.
    assert_eq!(reduced["expires_on"], "2026-10-15");
    assert_eq!(reduced["decided_by"], "demo-supervisor");
    for action in ["submit", "cancel"] {
        let a = app
            .post(
                &format!("/api/v1/preauthorizations/PA-000001/{action}"),
                DEALER,
                json!({}),
            )
            .await;
        assert_eq!((a.status.as_u16(), code(&a)), (409, "invalid_state"), "{action}");
    }
    let listed = app.get("/api/v1/preauthorizations?status=reduced", REVIEWER).await;
    assert_eq!(listed.body["items"][0]["number"], "PA-000001");
    app.assert_balanced().await;
}

/// Another dealer neither sees, lists, amends nor asks for a unit not its own; the one who
/// asked never decides (`self_approval`); a rejection and a cancellation end a request.
#[tokio::test]
async fn isolation_self_approval_reject_and_cancel() {
    let app = repaired(Some("2026-03-10")).await;
    app.ok("/api/v1/preauthorizations", DEALER, request_body(), 201).await;
    let foreign = app
        .post("/api/v1/preauthorizations", OTHER_DEALER, request_body())
        .await;
    assert_eq!((foreign.status.as_u16(), code(&foreign)), (404, "not_found"));
    assert_eq!(
        app.get("/api/v1/preauthorizations/PA-000001", OTHER_DEALER)
            .await
            .status,
        404
    );
    let theirs = app.get("/api/v1/preauthorizations", OTHER_DEALER).await;
    assert_eq!(theirs.body["items"], json!([]));
    let asked = app.get("/api/v1/preauthorizations?dealer=D001", OTHER_DEALER).await;
    assert_eq!(asked.status, 404);
    let amend = put(
        &app,
        "/api/v1/preauthorizations/PA-000001",
        OTHER_DEALER,
        "1",
        request_body(),
    )
    .await;
    assert_eq!(amend.status, 404);
    // An admin's own request is decided by someone else.
    let own = app.ok("/api/v1/preauthorizations", ADMIN, request_body(), 201).await;
    assert_eq!(own["dealer"], "D001");
    app.ok("/api/v1/preauthorizations/PA-000002/submit", ADMIN, json!({}), 200)
        .await;
    let selfish = app
        .post(
            "/api/v1/preauthorizations/PA-000002/decision",
            ADMIN,
            json!({"decision": "approve"}),
        )
        .await;
    assert_eq!((selfish.status.as_u16(), code(&selfish)), (403, "self_approval"));
    let approved = app
        .ok(
            "/api/v1/preauthorizations/PA-000002/decision",
            REVIEWER,
            json!({"decision": "approve"}),
            200,
        )
        .await;
    assert_eq!(
        (approved["status"].as_str(), approved["approved_fen"].as_i64()),
        (Some("approved"), Some(103000))
    );
    // Reject and cancel.
    app.ok("/api/v1/preauthorizations/PA-000001/submit", DEALER, json!({}), 200)
        .await;
    let rejected = app
        .ok(
            "/api/v1/preauthorizations/PA-000001/decision",
            REVIEWER,
            json!({"decision": "reject", "note": "非三包故障"}),
            200,
        )
        .await;
    assert_eq!(rejected["status"], "rejected");
    assert_eq!(rejected["expires_on"], Value::Null);
    let third = app.ok("/api/v1/preauthorizations", DEALER, request_body(), 201).await;
    let cancelled = app
        .ok(
            &format!("/api/v1/preauthorizations/{}/cancel", third["number"].as_str().unwrap()),
            DEALER,
            json!({}),
            200,
        )
        .await;
    assert_eq!(cancelled["status"], "cancelled");
    // Bad estimates are refused by field.
    for (lines, field) in [
        (json!([]), "lines"),
        (
            json!([{"kind": "part", "qty": 1, "unit_price_fen": 1}]),
            "lines[0].part_no",
        ),
        (
            json!([{"kind": "labor", "part_no": "BC-3519", "qty": 1, "unit_price_fen": 1}]),
            "lines[0].part_no",
        ),
        (
            json!([{"kind": "part", "part_no": "NOPE-1", "qty": 1, "unit_price_fen": 1}]),
            "lines[0].part_no",
        ),
        (
            json!([{"kind": "other", "qty": 0, "unit_price_fen": 1}]),
            "lines[0].qty",
        ),
        (
            json!([{"kind": "other", "qty": 1, "unit_price_fen": -1}]),
            "lines[0].unit_price_fen",
        ),
    ] {
        let mut body = request_body();
        body["lines"] = lines;
        let a = app.post("/api/v1/preauthorizations", DEALER, body).await;
        assert_eq!((a.status.as_u16(), code(&a)), (422, "validation_failed"), "{}", a.body);
        assert_eq!(a.body["params"]["field"], field, "{}", a.body);
    }
    app.assert_balanced().await;
}

/// A policy written without the new settings shows their defaults; they are set and
/// checked like the others.
#[tokio::test]
async fn policy_settings_have_defaults_and_are_checked() {
    let app = repaired(Some("2026-03-10")).await;
    let p = app.get("/api/v1/policies?model=K9-City", ADMIN).await;
    let p = &p.body["items"][0];
    assert_eq!(
        (
            p["preauth_threshold_fen"].as_i64(),
            p["preauth_valid_days"].as_i64(),
            p["max_km_per_day"].as_i64(),
            p["near_expiry_days"].as_i64()
        ),
        (Some(500000), Some(30), Some(1500), Some(30))
    );
    assert_eq!(p["preauth_parts"], json!([]));
    for (field, value) in [
        ("preauth_valid_days", json!(0)),
        ("max_km_per_day", json!(0)),
        ("near_expiry_days", json!(366)),
        ("preauth_threshold_fen", json!(-1)),
        ("preauth_parts", json!(["NOPE-1"])),
    ] {
        let mut body = json!({"model": "K9-City", "effective_from_date": "2026-01-01", "labor_rate_fen": 8000});
        body[field] = value;
        let a = app.post("/api/v1/policies", ADMIN, body).await;
        assert_eq!(
            (a.status.as_u16(), code(&a)),
            (422, "validation_failed"),
            "{field}: {}",
            a.body
        );
    }
    let set = app
        .ok(
            "/api/v1/policies",
            ADMIN,
            json!({"model": "K9-City", "effective_from_date": "2026-01-01", "labor_rate_fen": 8000,
                "preauth_threshold_fen": 200000, "preauth_parts": ["bc-3519"], "preauth_fault_codes": ["eng-001"],
                "preauth_valid_days": 45, "max_km_per_day": 800, "near_expiry_days": 60}),
            201,
        )
        .await;
    assert_eq!(set["preauth_parts"], json!(["BC-3519"]));
    assert_eq!(set["preauth_fault_codes"], json!(["ENG-001"]));
    assert_eq!(set["preauth_valid_days"], 45);
    // The validity comes from the policy in force on the decision date.
    app.ok("/api/v1/preauthorizations", DEALER, request_body(), 201).await;
    app.ok("/api/v1/preauthorizations/PA-000001/submit", DEALER, json!({}), 200)
        .await;
    let d = app
        .ok(
            "/api/v1/preauthorizations/PA-000001/decision",
            REVIEWER,
            json!({"decision": "approve"}),
            200,
        )
        .await;
    assert_eq!(d["expires_on"], "2026-10-30");
}

fn finding_codes(claim: &Value) -> Vec<String> {
    let mut v: Vec<String> = claim["lines"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|l| l["findings"].as_array().unwrap().iter())
        .map(|f| format!("{}:{}", f["line"], f["code"].as_str().unwrap()))
        .collect();
    v.dedup();
    v
}

/// A service report read 90,000 km; a claim saying 81,300 km afterwards is rejected
/// (`odometer_backwards`), 90,000 passes. The bill of usage allows one BC-3519 per K9-City:
/// two are rejected (`qty_over_usage`) on that line only.
#[tokio::test]
async fn odometer_against_a_service_report_and_the_bill_of_usage() {
    let app = repaired(Some("2026-03-10")).await;
    app.ok(
        "/api/v1/service-reports",
        DEALER,
        json!({"unit_serial": UNIT, "location": "ST-D001", "fault_code": "CHK-001", "description": "例行保养",
            "usage_km": 90000, "labor_minutes": 30, "customer_name": "Line 12", "customer_signed_at": "2026-09-13T09:30:00Z"}),
        201,
    )
    .await;
    let set = app
        .call(
            Method::PUT,
            "/api/v1/bill-of-usage",
            Some(ADMIN),
            Some(json!({"model": "K9-City", "part_no": "bc-3519", "qty": 1})),
            &[],
        )
        .await;
    assert_eq!(set.status, 200, "{}", set.body);
    assert_eq!(set.body["qty"], 1);
    let not_admin = app
        .call(
            Method::PUT,
            "/api/v1/bill-of-usage",
            Some(DEALER),
            Some(json!({"model": "K9-City", "part_no": "BC-3519", "qty": 9})),
            &[],
        )
        .await;
    assert_eq!(not_admin.status, 403);
    let listed = app.get("/api/v1/bill-of-usage?model=K9-City", DEALER).await;
    assert_eq!(listed.body["items"][0]["part_no"], "BC-3519");
    // Backwards against the service report.
    app.ok("/api/v1/claims", DEALER, claim_body(), 201).await;
    let check = app.post("/api/v1/claims/CL-000001/check", DEALER, json!({})).await;
    assert_eq!(check.status, 200, "{}", check.body);
    let sub = app.ok("/api/v1/claims/CL-000001/submit", DEALER, json!({}), 200).await;
    let codes = finding_codes(&sub["claim"]);
    assert!(codes.contains(&"1:odometer_backwards".to_string()), "{codes:?}");
    assert!(codes.contains(&"3:odometer_backwards".to_string()), "{codes:?}");
    assert!(
        sub["claim"]["lines"][0]["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("SR-000001")
    );
    // The same reading passes; two chambers where the model carries one do not.
    let mut body = claim_body();
    body["usage_km"] = json!(90000);
    body["failure_date"] = json!("2026-09-13");
    body["lines"] = json!([{"kind": "part", "part_no": "BC-3519", "qty": 2, "source": "dealer_stock"},
        {"kind": "travel", "amount_fen": 15000}]);
    app.ok("/api/v1/claims", DEALER, body, 201).await;
    let sub = app.ok("/api/v1/claims/CL-000002/submit", DEALER, json!({}), 200).await;
    assert_eq!(finding_codes(&sub["claim"]), vec!["1:qty_over_usage".to_string()]);
    assert_eq!(sub["claim"]["lines"][0]["status"], "rejected");
    assert_eq!(sub["claim"]["lines"][1]["status"], "open");
    // Removing the line removes the check.
    let removed = app
        .call(
            Method::PUT,
            "/api/v1/bill-of-usage",
            Some(ADMIN),
            Some(json!({"model": "K9-City", "part_no": "BC-3519", "qty": 0})),
            &[],
        )
        .await;
    assert_eq!((removed.status.as_u16(), &removed.body), (200, &Value::Null));
    app.assert_balanced().await;
}

/// Sold 2026-03-02, failed 2026-03-12 (10 days): exactly 15,000 km only warns above it;
/// a failure on the 30th day before the coverage end (2028-03-01) warns `near_expiry`.
#[tokio::test]
async fn km_per_day_and_near_expiry_warn() {
    let app = repaired(Some("2026-03-10")).await;
    let travel = json!([{"kind": "travel", "amount_fen": 15000}]);
    let file = |failure: &str, km: i64| {
        let mut b = claim_body();
        b["failure_date"] = json!(failure);
        b["repair_date"] = json!(failure);
        b["usage_km"] = json!(km);
        b["lines"] = travel.clone();
        b
    };
    app.clock.set(at(2026, 3, 13));
    app.ok("/api/v1/claims", DEALER, file("2026-03-12", 15000), 201).await;
    let sub = app.ok("/api/v1/claims/CL-000001/submit", DEALER, json!({}), 200).await;
    assert_eq!(finding_codes(&sub["claim"]), Vec::<String>::new());
    app.ok("/api/v1/claims", DEALER, file("2026-03-12", 15001), 201).await;
    let sub = app.ok("/api/v1/claims/CL-000002/submit", DEALER, json!({}), 200).await;
    assert_eq!(finding_codes(&sub["claim"]), vec!["1:usage_implausible".to_string()]);
    assert_eq!(
        sub["claim"]["lines"][0]["status"], "open",
        "a warning leaves the line open"
    );
    app.clock.set(at(2028, 2, 1));
    app.ok("/api/v1/claims", DEALER, file("2028-01-31", 150000), 201).await;
    let sub = app.ok("/api/v1/claims/CL-000003/submit", DEALER, json!({}), 200).await;
    assert_eq!(finding_codes(&sub["claim"]), vec!["1:near_expiry".to_string()]);
    app.ok("/api/v1/claims", DEALER, file("2028-01-30", 150000), 201).await;
    let sub = app.ok("/api/v1/claims/CL-000004/submit", DEALER, json!({}), 200).await;
    assert_eq!(finding_codes(&sub["claim"]), Vec::<String>::new());
}
