//! Recall campaigns over HTTP: created, listed and released to the units' dealers; a claim
//! for a unit out of coverage filed from the template, approved and posted to the campaign's
//! accounts; the same unit twice, a unit not listed and a repair after the end refused by
//! the campaign checks; a unit found not applicable; completion by dealer and week.

mod common;

use common::*;
use serde_json::{Value, json};

const D2: &str = "demo-dealer-D002";
const OLD1: &str = "LZYTBGBW5N1000501";
const OLD2: &str = "LZYTBGBW5N1000502";
const OTHER: &str = "LZYTBGBW5N1000503";
const UNLISTED: &str = "LZYTBGBW5N1000504";

async fn unit(app: &TestApp, serial: &str, dealer: &str) {
    app.ok(
        "/api/v1/units",
        ADMIN,
        json!({"serial": serial, "model": "K9-City", "dealer": dealer, "customer": "Harbin Bus Line 7", "sale_date": "2023-01-10"}),
        201,
    )
    .await;
}

fn codes(submitted: &Value) -> Vec<String> {
    submitted["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

async fn file_and_submit(app: &TestApp, token: &str, mut body: Value) -> Value {
    body["kind"] = json!("campaign");
    body["campaign"] = json!("RC-2026-01");
    let claim = app.ok("/api/v1/claims", token, body, 201).await;
    let number = claim["number"].as_str().unwrap();
    app.ok(&format!("/api/v1/claims/{number}/submit"), token, json!({}), 200)
        .await
}

fn plain_claim(serial: &str, repair: &str) -> Value {
    json!({"unit_serial": serial, "failure_date": repair, "repair_date": repair, "fault_code": "BRK-HOSE",
        "description": "recall work", "lines": [{"kind": "labor", "minutes": 90}]})
}

#[tokio::test]
async fn a_recall_from_release_to_completion() {
    let app = repaired(Some("2026-03-05")).await;
    for (serial, dealer) in [(OLD1, "D001"), (OLD2, "D001"), (OTHER, "D002"), (UNLISTED, "D001")] {
        unit(&app, serial, dealer).await;
    }
    let body = json!({"code": "rc-2026-01", "kind": "recall", "title": "Rear brake hose replacement",
        "valid_from_date": "2026-09-01", "valid_to_date": "2026-09-30", "labor_operation": "BRK-HOSE",
        "standard_minutes": 90, "kit": [{"part_no": "FLT-0042", "qty": 2}], "allowance_fen": 5000});
    let refused = app.post("/api/v1/campaigns", DEALER, body.clone()).await;
    assert_eq!(refused.status.as_u16(), 403, "{}", refused.body);
    let c = app.ok("/api/v1/campaigns", SUPERVISOR, body.clone(), 201).await;
    assert_eq!(
        (c["code"].as_str(), c["status"].as_str()),
        (Some("RC-2026-01"), Some("draft"))
    );
    let again = app.post("/api/v1/campaigns", SUPERVISOR, body).await;
    assert_eq!(again.body["code"], "already_exists", "{}", again.body);
    // Listing: all or nothing; an unknown serial is named by its position.
    let bad = app
        .post(
            "/api/v1/campaigns/RC-2026-01/units",
            SUPERVISOR,
            json!({"serials": [OLD1, "NO-SUCH-UNIT"]}),
        )
        .await;
    assert_eq!(bad.body["code"], "validation_failed", "{}", bad.body);
    assert_eq!(bad.body["params"]["field"], "serials[1]");
    let c = app
        .ok(
            "/api/v1/campaigns/RC-2026-01/units",
            SUPERVISOR,
            json!({"serials": [OLD1, OLD2, OTHER]}),
            200,
        )
        .await;
    assert_eq!(c["units"], 3);
    assert_eq!(
        app.get("/api/v1/campaigns", DEALER).await.body,
        json!([]),
        "a draft is not the dealers'"
    );
    app.ok("/api/v1/campaigns/RC-2026-01/release", SUPERVISOR, json!({}), 200)
        .await;
    let units = app.get("/api/v1/campaigns/RC-2026-01/units", D2).await.body;
    assert_eq!(
        units.as_array().unwrap().len(),
        1,
        "each dealer sees its own units: {units}"
    );
    assert_eq!(units[0]["dealer"], "D002");
    // Wherever the unit is looked up, the open campaign shows.
    let looked_up = app.get(&format!("/api/v1/units/{OLD1}"), DEALER).await.body;
    assert_eq!(looked_up["open_campaigns"][0]["code"], "RC-2026-01", "{looked_up}");
    assert_eq!(looked_up["serial"], OLD1);
    let todo = app.get("/api/v1/campaign-todo", DEALER).await.body;
    let serials: Vec<&str> = todo
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["serial"].as_str().unwrap())
        .collect();
    assert_eq!(serials, [OLD1, OLD2]);

    // The template: the kit from dealer stock and the standard labor; the unit is long out
    // of coverage, yet the campaign claim passes and is approved.
    let template = app
        .get(
            &format!("/api/v1/campaigns/RC-2026-01/claim-template?unit={OLD1}"),
            DEALER,
        )
        .await
        .body;
    assert_eq!(template["kind"], "campaign");
    assert_eq!(template["lines"][0]["part_no"], "FLT-0042");
    assert_eq!(template["lines"][0]["qty"], 2);
    assert_eq!(template["lines"][1]["minutes"], 90);
    let submitted = file_and_submit(&app, DEALER, template).await;
    assert_eq!(codes(&submitted), Vec::<String>::new(), "{submitted}");
    let claim = &submitted["claim"];
    let number = claim["number"].as_str().unwrap();
    let labor_fen = claim["lines"][1]["claimed_fen"].as_i64().unwrap();
    assert_eq!(claim["lines"][0]["claimed_fen"], 2_400, "dealer price of the kit");
    assert_eq!(labor_fen, 12_000, "90 minutes at ¥80.00 an hour");
    app.ok(
        &format!("/api/v1/claims/{number}/review"),
        REVIEWER,
        json!({"action": "decide", "lines": [{"line": 1, "outcome": "approve"}, {"line": 2, "outcome": "approve"}]}),
        200,
    )
    .await;
    assert_eq!(app.balance("campaign:RC-2026-01:parts").await, 2_400);
    assert_eq!(app.balance("campaign:RC-2026-01:labor").await, 12_000);
    assert_eq!(app.balance("warranty:expense:parts").await, 0, "not warranty expense");
    assert_eq!(app.balance("warranty:accrued").await, -14_400);
    let looked_up = app.get(&format!("/api/v1/units/{OLD1}"), CLERK).await.body;
    assert_eq!(looked_up["open_campaigns"], json!([]), "done");

    // The same unit twice; a unit not listed; a repair after the campaign's end.
    let twice = file_and_submit(&app, DEALER, plain_claim(OLD1, "2026-09-14")).await;
    assert_eq!(codes(&twice), ["campaign_already_completed"]);
    assert_eq!(twice["claim"]["lines"][0]["status"], "rejected");
    let unlisted = file_and_submit(&app, DEALER, plain_claim(UNLISTED, "2026-09-14")).await;
    assert_eq!(codes(&unlisted), ["campaign_unit_not_listed"]);
    app.clock.set(at(2026, 10, 5));
    let late = file_and_submit(&app, DEALER, plain_claim(OLD2, "2026-10-02")).await;
    assert_eq!(codes(&late), ["campaign_closed"]);
    app.clock.set(at(2026, 9, 22));
    // The other dealer's unit does not apply; a dealer cannot touch another's unit.
    let refused = app
        .post(
            &format!("/api/v1/campaigns/RC-2026-01/units/{OTHER}/not-applicable"),
            DEALER,
            json!({"reason": "x"}),
        )
        .await;
    assert_eq!(refused.body["code"], "not_found", "{}", refused.body);
    let na = app
        .ok(
            &format!("/api/v1/campaigns/RC-2026-01/units/{OTHER}/not-applicable"),
            D2,
            json!({"reason": "hose replaced at the factory"}),
            200,
        )
        .await;
    assert_eq!(na["state"], "not_applicable");

    let report = app
        .get("/api/v1/campaigns/RC-2026-01/completion", SUPERVISOR)
        .await
        .body;
    assert_eq!(
        report["total"],
        json!({"completed": 1, "outstanding": 1, "not_applicable": 1}),
        "{report}"
    );
    assert_eq!(
        report["dealers"],
        json!([{"dealer": "D001", "completed": 1, "outstanding": 1, "not_applicable": 0},
            {"dealer": "D002", "completed": 0, "outstanding": 0, "not_applicable": 1}])
    );
    assert_eq!(
        report["weeks"],
        json!([{"week_date": "2026-09-14", "completed": 1, "outstanding": 0, "not_applicable": 0},
            {"week_date": "2026-09-21", "completed": 0, "outstanding": 0, "not_applicable": 1}])
    );
    assert_eq!(
        report["reasons"],
        json!([{"reason": "hose replaced at the factory", "units": 1}])
    );
    app.assert_balanced().await;

    app.ok("/api/v1/campaigns/RC-2026-01/close", SUPERVISOR, json!({}), 200)
        .await;
    assert_eq!(app.get("/api/v1/campaign-todo", DEALER).await.body, json!([]));
    let closed = app
        .post("/api/v1/campaigns/RC-2026-01/close", SUPERVISOR, json!({}))
        .await;
    assert_eq!(closed.body["code"], "invalid_state");
}

/// A list of 5,000 serials goes in one transaction (about half a second in a debug build),
/// and the completion report counts every unit, past any page size.
#[test]
fn five_thousand_units_in_one_transaction_and_all_counted() {
    use sanbao::commands::campaigns::{self, CampaignInput};
    use sanbao::commands::units::{self, UnitInput};
    use sanbao::commands::{Ctx, master};
    use sanbao::domain::campaigns::CampaignKind;
    use sanbao::domain::money::Fen;
    let dir = tempfile::tempdir().unwrap();
    let db = sanbao::store::Db::open(&dir.path().join("m.redb")).unwrap();
    let ctx = Ctx::system("m", at(2026, 1, 1));
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let mut serials = Vec::new();
    db.write_once(|w| {
        let dealer = master::DealerInput {
            code: "D1".into(),
            name: "Dealer".into(),
        };
        master::create_dealer(w, &ctx, dealer)?;
        for n in 0..5_000 {
            let serial = format!("VIN{n:06}");
            let unit = UnitInput {
                serial: serial.clone().into(),
                model: "M".into(),
                dealer: "D1".into(),
                customer: "Customer".into(),
                sale_date: day(2025, 1, 1),
                acceptance_date: None,
                built_on: None,
            };
            units::create_unit(w, &ctx, unit)?;
            serials.push(serial.into());
        }
        let input = CampaignInput {
            code: "RC-1".into(),
            kind: CampaignKind::Recall,
            title: "Large recall".into(),
            valid_from_date: day(2025, 1, 1),
            valid_to_date: day(2026, 6, 30),
            labor_operation: "OP".into(),
            standard_minutes: 60,
            kit: vec![],
            allowance_fen: Fen(0),
        };
        campaigns::create(w, &ctx, input)?;
        Ok::<_, sanbao::error::Error>(())
    })
    .unwrap();
    let started = std::time::Instant::now();
    let c = db
        .write_once(|w| campaigns::add_units(w, &ctx, "RC-1", None, &serials))
        .unwrap();
    eprintln!("5,000 units listed in {:?}", started.elapsed());
    assert_eq!(c.units, 5_000);
    let r = db.read().unwrap();
    let report =
        sanbao::queries::campaigns::completion(&r, &sanbao::domain::auth::Principal::system("m"), "RC-1").unwrap();
    assert_eq!(report.total.outstanding, 5_000);
    assert_eq!(report.dealers.len(), 1);
}
