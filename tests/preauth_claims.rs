//! Claims and their pre-authorizations over HTTP: a claim above the threshold without one
//! rejected with `preauth_missing`; filed again with an approved (reduced) one, warned
//! `over_preauth` and approved for exactly the authorized amount; a used and an expired one
//! refused; goodwill only with a goodwill pre-authorization, outside coverage, posted to
//! `warranty:expense:goodwill`; another dealer's counts as missing.

mod common;

use common::{ADMIN, DEALER, REVIEWER, TestApp, UNIT, at, repaired};
use serde_json::{Value, json};

const OTHER_DEALER: &str = "demo-dealer-D002";
const OTHER_UNIT: &str = "LZYTBGBW5N1000601";

/// Labor 150 minutes at ¥80.00 (¥200.00), travel ¥150.00, other ¥5,650.00: ¥6,000.00, above
/// the default threshold of ¥5,000.00.
fn big_claim(preauth: Option<&str>) -> Value {
    json!({"unit_serial": UNIT, "failure_date": "2026-09-12", "repair_date": "2026-09-14", "usage_km": 81300,
        "fault_code": "BRK-021", "description": "制动系统总成更换",
        "preauthorization": preauth,
        "lines": [{"kind": "labor", "minutes": 150}, {"kind": "travel", "amount_fen": 15000},
            {"kind": "other", "amount_fen": 565000, "note": "制动总成"}]})
}

/// A request for `unit` by `token` with one line of `amount` fen, submitted and decided
/// by the reviewer: approved for `approve` fen (less reduces). Answers the decided request.
async fn preauth(app: &TestApp, token: &str, unit: &str, amount: i64, approve: i64, goodwill: bool) -> Value {
    let pa = app
        .ok(
            "/api/v1/preauthorizations",
            token,
            json!({"unit_serial": unit, "fault_code": "BRK-021", "description": "制动总成更换",
                "goodwill": goodwill,
                "lines": [{"kind": "other", "qty": 1, "unit_price_fen": amount}]}),
            201,
        )
        .await;
    let number = pa["number"].as_str().unwrap().to_string();
    app.ok(
        &format!("/api/v1/preauthorizations/{number}/submit"),
        token,
        json!({}),
        200,
    )
    .await;
    let mut decision = json!({"decision": "approve", "amount_fen": approve});
    if approve < amount {
        decision["note"] = json!("按标准工时核减");
    }
    app.ok(
        &format!("/api/v1/preauthorizations/{number}/decision"),
        REVIEWER,
        decision,
        200,
    )
    .await
}

async fn file(app: &TestApp, body: Value) -> String {
    let claim = app.ok("/api/v1/claims", DEALER, body, 201).await;
    claim["number"].as_str().unwrap().to_string()
}

async fn submit(app: &TestApp, number: &str) -> Value {
    app.ok(&format!("/api/v1/claims/{number}/submit"), DEALER, json!({}), 200)
        .await
}

/// Each finding as (code, line, severity).
fn findings(v: &Value) -> Vec<(String, u64, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn on_every_line(code: &str, severity: &str) -> Vec<(String, u64, String)> {
    (1..=3).map(|l| (code.to_string(), l, severity.to_string())).collect()
}

async fn pa_used_by(app: &TestApp, number: &str) -> Value {
    app.get(&format!("/api/v1/preauthorizations/{number}"), DEALER)
        .await
        .body["used_by_claim"]
        .clone()
}

/// Without a pre-authorization the ¥6,000.00 claim is rejected line by line with
/// `preauth_missing`; filed again citing one reduced to ¥5,000.00 it passes with
/// `over_preauth`, the pre-authorization is held by it, and the reviewer's approval of
/// every line comes to exactly ¥5,000.00 (the last line reduced to ¥4,650.00). A second
/// claim citing it is `preauth_used`.
#[tokio::test]
async fn missing_then_approved_and_reduced_to_the_authorized_amount() {
    let app = repaired(Some("2026-03-10")).await;
    let first = file(&app, big_claim(None)).await;
    let check = app
        .ok(&format!("/api/v1/claims/{first}/check"), DEALER, json!(null), 200)
        .await;
    assert_eq!(check["rejected_lines"], json!([1, 2, 3]), "{check}");
    let rejected = submit(&app, &first).await;
    assert_eq!(findings(&rejected), on_every_line("preauth_missing", "error"));
    assert_eq!(rejected["claim"]["claimed_fen"], 600_000);
    assert_eq!(rejected["claim"]["approved_fen"], 0);
    assert_eq!(rejected["claim"]["status"], "decided");

    let pa = preauth(&app, DEALER, UNIT, 600_000, 500_000, false).await;
    assert_eq!(pa["status"], "reduced");
    assert_eq!(pa["approved_fen"], 500_000);
    let pa_no = pa["number"].as_str().unwrap().to_string();
    let second = file(&app, big_claim(Some(&pa_no))).await;
    let check = app
        .ok(&format!("/api/v1/claims/{second}/check"), DEALER, json!(null), 200)
        .await;
    assert_eq!(
        (check["rejected_lines"].clone(), check["warned_lines"].clone()),
        (json!([]), json!([1, 2, 3]))
    );
    assert_eq!(pa_used_by(&app, &pa_no).await, Value::Null, "a check writes nothing");
    let submitted = submit(&app, &second).await;
    assert_eq!(findings(&submitted), on_every_line("over_preauth", "warning"));
    assert_eq!(submitted["status"], "submitted");
    assert_eq!(pa_used_by(&app, &pa_no).await, json!(second));

    let decided = app
        .ok(
            &format!("/api/v1/claims/{second}/review"),
            REVIEWER,
            json!({"action": "decide", "lines": [{"line": 1, "outcome": "approve"},
                {"line": 2, "outcome": "approve"}, {"line": 3, "outcome": "approve"}]}),
            200,
        )
        .await;
    assert_eq!(decided["claimed_fen"], 600_000);
    assert_eq!(decided["approved_fen"], 500_000, "{decided}");
    assert_eq!(decided["lines"][2]["status"], "reduced");
    assert_eq!(decided["lines"][2]["approved_fen"], 465_000);
    assert_eq!(decided["lines"][2]["reason"], "over_preauth");
    assert_eq!(app.balance("warranty:expense:other").await, 465_000);
    assert_eq!(app.balance("warranty:expense:labor").await, 20_000);
    assert_eq!(app.balance("warranty:expense:travel").await, 15_000);
    assert_eq!(app.balance("warranty:accrued").await, -500_000);
    app.assert_balanced().await;

    // Used: a third claim citing it is refused on every line.
    let third = file(&app, big_claim(Some(&pa_no))).await;
    let used = submit(&app, &third).await;
    assert_eq!(findings(&used), on_every_line("preauth_used", "error"));
    assert_eq!(pa_used_by(&app, &pa_no).await, json!(second));
    app.assert_balanced().await;
}

/// Decided on 2026-09-15 an authorization is good for 30 days, to 2026-10-15: a repair on
/// 2026-10-16 cites an expired one. A claim wholly rejected gives its pre-authorization
/// back: a corrected claim may use it.
#[tokio::test]
async fn expired_refused_and_wholly_rejected_releases() {
    let app = repaired(Some("2026-03-10")).await;
    let pa = preauth(&app, DEALER, UNIT, 600_000, 600_000, false).await;
    assert_eq!(pa["status"], "approved");
    assert_eq!(pa["expires_on"], "2026-10-15");
    let pa_no = pa["number"].as_str().unwrap().to_string();
    app.clock.set(at(2026, 10, 20));
    let mut late = big_claim(Some(&pa_no));
    late["failure_date"] = json!("2026-10-16");
    late["repair_date"] = json!("2026-10-16");
    let number = file(&app, late).await;
    let expired = submit(&app, &number).await;
    assert_eq!(findings(&expired), on_every_line("preauth_expired", "error"));
    assert_eq!(pa_used_by(&app, &pa_no).await, Value::Null);

    // Repaired on the last good day: held, then wholly rejected by the reviewer: released.
    let mut on_time = big_claim(Some(&pa_no));
    on_time["failure_date"] = json!("2026-10-15");
    on_time["repair_date"] = json!("2026-10-15");
    let number = file(&app, on_time).await;
    let ok = submit(&app, &number).await;
    assert_eq!(findings(&ok), vec![]);
    assert_eq!(pa_used_by(&app, &pa_no).await, json!(number));
    app.ok(
        &format!("/api/v1/claims/{number}/review"),
        REVIEWER,
        json!({"action": "decide", "lines": [{"line": 1, "outcome": "reject", "reason": "misuse"},
            {"line": 2, "outcome": "reject", "reason": "misuse"}, {"line": 3, "outcome": "reject", "reason": "misuse"}]}),
        200,
    )
    .await;
    assert_eq!(pa_used_by(&app, &pa_no).await, Value::Null);
    app.assert_balanced().await;
}

/// Coverage ended 2028-03-01. A goodwill claim for a failure on 2028-03-05 needs a goodwill
/// pre-authorization: none, or an ordinary one, is `preauth_missing`; with one it meets no
/// coverage finding and its approved ¥460.00 posts to `warranty:expense:goodwill`. The same
/// work as a warranty claim is `warranty_expired`.
#[tokio::test]
async fn goodwill_only_with_a_goodwill_preauthorization() {
    let app = repaired(Some("2026-03-10")).await;
    app.clock.set(at(2028, 3, 10));
    let body = |kind: &str, pa: Option<&str>| {
        json!({"unit_serial": UNIT, "failure_date": "2028-03-05", "repair_date": "2028-03-06", "usage_km": 150000,
            "fault_code": "BRK-021", "description": "三包期外制动异响", "kind": kind, "preauthorization": pa,
            "lines": [{"kind": "labor", "minutes": 120}, {"kind": "other", "amount_fen": 30000}]})
    };
    let two = |code: &str, severity: &str| -> Vec<(String, u64, String)> {
        (1..=2).map(|l| (code.to_string(), l, severity.to_string())).collect()
    };
    let warranty = file(&app, body("warranty", None)).await;
    assert_eq!(
        findings(&submit(&app, &warranty).await),
        two("warranty_expired", "error")
    );

    let bare = file(&app, body("goodwill", None)).await;
    assert_eq!(findings(&submit(&app, &bare).await), two("preauth_missing", "error"));

    let ordinary = preauth(&app, DEALER, UNIT, 46_000, 46_000, false).await;
    let ordinary_no = ordinary["number"].as_str().unwrap();
    let wrong = file(&app, body("goodwill", Some(ordinary_no))).await;
    assert_eq!(findings(&submit(&app, &wrong).await), two("preauth_missing", "error"));
    assert_eq!(pa_used_by(&app, ordinary_no).await, Value::Null);

    let goodwill = preauth(&app, DEALER, UNIT, 46_000, 46_000, true).await;
    let goodwill_no = goodwill["number"].as_str().unwrap();
    let number = file(&app, body("goodwill", Some(goodwill_no))).await;
    let submitted = submit(&app, &number).await;
    assert_eq!(findings(&submitted), vec![]);
    assert_eq!(pa_used_by(&app, goodwill_no).await, json!(number));
    let decided = app
        .ok(
            &format!("/api/v1/claims/{number}/review"),
            REVIEWER,
            json!({"action": "decide", "lines": [{"line": 1, "outcome": "approve"}, {"line": 2, "outcome": "approve"}]}),
            200,
        )
        .await;
    assert_eq!(decided["approved_fen"], 46_000);
    assert_eq!(app.balance("warranty:expense:goodwill").await, 46_000);
    assert_eq!(app.balance("warranty:expense:labor").await, 0);
    assert_eq!(app.balance("warranty:expense:other").await, 0);
    app.assert_balanced().await;
}

/// Another dealer's pre-authorization, approved for its own unit, counts as missing: the
/// claim learns nothing of it.
#[tokio::test]
async fn another_dealers_preauthorization_is_missing() {
    let app = repaired(Some("2026-03-10")).await;
    app.ok(
        "/api/v1/units",
        ADMIN,
        json!({"serial": OTHER_UNIT, "model": "K9-City", "dealer": "D002", "customer": "Daqing Bus", "sale_date": "2026-03-02"}),
        201,
    )
    .await;
    let theirs = preauth(&app, OTHER_DEALER, OTHER_UNIT, 600_000, 600_000, false).await;
    let theirs_no = theirs["number"].as_str().unwrap();
    let number = file(&app, big_claim(Some(theirs_no))).await;
    let refused = submit(&app, &number).await;
    assert_eq!(findings(&refused), on_every_line("preauth_missing", "error"));
    let message = refused["findings"][0]["message"].as_str().unwrap();
    assert!(!message.contains(OTHER_UNIT), "{message}");
    assert_eq!(
        app.get(&format!("/api/v1/preauthorizations/{theirs_no}"), OTHER_DEALER)
            .await
            .body["used_by_claim"],
        Value::Null
    );
}

/// A claim sent back and amended to cite no pre-authorization gives its own back: another
/// claim may then use it.
#[tokio::test]
async fn amended_away_gives_it_back() {
    let app = repaired(Some("2026-03-10")).await;
    let pa = preauth(&app, DEALER, UNIT, 600_000, 600_000, false).await;
    let pa_no = pa["number"].as_str().unwrap().to_string();
    let number = file(&app, big_claim(Some(&pa_no))).await;
    let submitted = submit(&app, &number).await;
    assert_eq!(findings(&submitted), vec![]);
    assert_eq!(pa_used_by(&app, &pa_no).await, json!(number));
    let returned = app
        .ok(
            &format!("/api/v1/claims/{number}/review"),
            REVIEWER,
            json!({"action": "return", "comment": "请补充照片"}),
            200,
        )
        .await;
    assert_eq!(pa_used_by(&app, &pa_no).await, json!(number), "held while sent back");
    let mut smaller = big_claim(None);
    smaller["lines"] = json!([{"kind": "labor", "minutes": 150}]);
    let version = returned["version"].to_string();
    let amended = app
        .call(
            axum::http::Method::PUT,
            &format!("/api/v1/claims/{number}"),
            Some(DEALER),
            Some(smaller),
            &[("if-match", &version)],
        )
        .await;
    assert_eq!(amended.status, 200, "{}", amended.body);
    assert_eq!(pa_used_by(&app, &pa_no).await, Value::Null);
    let other = file(&app, big_claim(Some(&pa_no))).await;
    assert_eq!(findings(&submit(&app, &other).await), vec![]);
    assert_eq!(pa_used_by(&app, &pa_no).await, json!(other));
}
