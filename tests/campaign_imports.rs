//! A campaign's unit list from a file: an Excel "CSV UTF-8" (with BOM), a GBK CSV with the
//! dealer to do the work, an XLSX workbook; refusals name the line and the field (an unknown
//! serial, a serial twice in the file, one already listed); `skip_existing` makes a re-run
//! safe and a dry run writes nothing; 5,000 serials in one transaction from the command line.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::*;
use serde_json::json;
use std::process::Command;

const A: &str = "LZYTBGBW5N1000701";
const B: &str = "LZYTBGBW5N1000702";
const C: &str = "LZYTBGBW5N1000703";

fn file(path: &str, token: &str, bytes: Vec<u8>) -> Request<Body> {
    Request::post(path)
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "text/csv")
        .body(Body::from(bytes))
        .unwrap()
}

async fn listed(app: &TestApp) -> Vec<(String, String)> {
    let units = app.get("/api/v1/campaigns/RC-2026-07/units", SUPERVISOR).await;
    units
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["serial"].as_str().unwrap().into(),
                u["dealer"].as_str().unwrap().into(),
            )
        })
        .collect()
}

async fn campaign_app() -> TestApp {
    let app = repaired(None).await;
    for serial in [A, B, C] {
        app.ok(
            "/api/v1/units",
            ADMIN,
            json!({"serial": serial, "model": "K9-City", "dealer": "D001", "customer": "Harbin Bus Line 7", "sale_date": "2024-05-10"}),
            201,
        )
        .await;
    }
    app.ok(
        "/api/v1/campaigns",
        SUPERVISOR,
        json!({"code": "RC-2026-07", "kind": "recall", "title": "Rear brake hose", "valid_from_date": "2026-03-01",
            "valid_to_date": "2026-06-30", "labor_operation": "BRK-HOSE", "standard_minutes": 90, "kit": [], "allowance_fen": 0}),
        201,
    )
    .await;
    app
}

#[tokio::test]
async fn a_bom_csv_a_gbk_csv_and_an_xlsx_list_units_and_a_rerun_skips_them() {
    let app = campaign_app().await;
    let path = "/api/v1/imports/campaign-units?campaign=rc-2026-07";
    // Excel's "CSV UTF-8": a BOM before the header; serials in any case.
    let bom = format!("\u{feff}serial\n{}\n", A.to_lowercase()).into_bytes();
    let dry = app
        .send(file(&format!("{path}&dry_run=true"), SUPERVISOR, bom.clone()))
        .await;
    assert_eq!(dry.status.as_u16(), 200, "{}", dry.body);
    assert_eq!(dry.body, json!({"imported": 1, "skipped": 0, "dry_run": true}));
    assert!(listed(&app).await.is_empty(), "a dry run writes nothing");
    let done = app.send(file(path, SUPERVISOR, bom.clone())).await;
    assert_eq!(done.status.as_u16(), 201, "{}", done.body);
    assert_eq!(done.body, json!({"imported": 1, "skipped": 0, "dry_run": false}));
    // GBK, with the dealer that does the work named for one unit.
    let gbk_text = format!("serial,dealer\n{B},d002\n{C},\n");
    let (gbk, _, _) = encoding_rs::GBK.encode(&gbk_text);
    let done = app.send(file(path, SUPERVISOR, gbk.to_vec())).await;
    assert_eq!(done.status.as_u16(), 201, "{}", done.body);
    assert_eq!(
        listed(&app).await,
        [
            (A.to_string(), "D001".to_string()),
            (B.to_string(), "D002".to_string()),
            (C.to_string(), "D001".to_string())
        ]
    );
    let c = app.get("/api/v1/campaigns/RC-2026-07", SUPERVISOR).await;
    assert_eq!(c.body["units"], 3);
    // The same file again: refused naming the line; with skip_existing, nothing doubles.
    let again = app.send(file(path, SUPERVISOR, gbk.to_vec())).await;
    assert_eq!(again.status.as_u16(), 422, "{}", again.body);
    assert!(
        again.body["detail"]
            .as_str()
            .unwrap()
            .contains(&format!("line 2: campaign-units {B} already exists")),
        "{}",
        again.body
    );
    // An XLSX workbook with all three, re-run safely.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "serial").unwrap();
    for (r, s) in [A, B, C].iter().enumerate() {
        sheet.write_string(r as u32 + 1, 0, *s).unwrap();
    }
    let xlsx = book.save_to_buffer().unwrap();
    let skip = app
        .send(file(&format!("{path}&skip_existing=true"), SUPERVISOR, xlsx))
        .await;
    assert_eq!(skip.status.as_u16(), 201, "{}", skip.body);
    assert_eq!(skip.body, json!({"imported": 0, "skipped": 3, "dry_run": false}));
    assert_eq!(
        app.get("/api/v1/campaigns/RC-2026-07", SUPERVISOR).await.body["units"],
        3
    );
    app.assert_balanced().await;
}

#[tokio::test]
async fn bad_rows_are_named_by_line_and_field_and_nothing_is_listed() {
    let app = campaign_app().await;
    let path = "/api/v1/imports/campaign-units?campaign=RC-2026-07";
    let bad = format!("serial,dealer\n{A},\nNO-SUCH-VIN,\n{B},D999\n{A},\n").into_bytes();
    let refused = app.send(file(path, SUPERVISOR, bad)).await;
    assert_eq!(refused.status.as_u16(), 422, "{}", refused.body);
    assert_eq!(refused.body["code"], "validation_failed");
    assert_eq!(refused.body["params"]["field"], "file");
    let detail = refused.body["detail"].as_str().unwrap();
    for expected in [
        "line 3, field serial: unknown unit \"NO-SUCH-VIN\"",
        "line 4, field dealer: unknown dealer \"D999\"",
        &format!("line 5: {A} appears again (first on line 2)"),
    ] {
        assert!(detail.contains(expected), "{expected} in {detail}");
    }
    assert!(listed(&app).await.is_empty(), "all rows or none");
    let unknown_column = app.send(file(path, SUPERVISOR, b"vin\nX\n".to_vec())).await;
    assert!(
        unknown_column.body["detail"]
            .as_str()
            .unwrap()
            .contains("unknown column \"vin\""),
        "{}",
        unknown_column.body
    );
}

#[tokio::test]
async fn the_campaign_is_named_and_the_roles_are_checked() {
    let app = campaign_app().await;
    let csv = format!("serial\n{A}\n").into_bytes();
    let none = app
        .send(file("/api/v1/imports/campaign-units", SUPERVISOR, csv.clone()))
        .await;
    assert_eq!(none.status.as_u16(), 422);
    assert_eq!(none.body["params"]["field"], "campaign");
    let stray = app
        .send(file(
            "/api/v1/imports/dealers?campaign=RC-2026-07",
            ADMIN,
            b"code,name\nD9,x\n".to_vec(),
        ))
        .await;
    assert_eq!(stray.body["params"]["field"], "campaign", "{}", stray.body);
    let missing = app
        .send(file(
            "/api/v1/imports/campaign-units?campaign=RC-NONE",
            SUPERVISOR,
            csv.clone(),
        ))
        .await;
    assert_eq!(missing.status.as_u16(), 404, "{}", missing.body);
    // A supervisor lists campaign units but imports no master data; a clerk neither.
    let master = app
        .send(file(
            "/api/v1/imports/dealers",
            SUPERVISOR,
            b"code,name\nD9,x\n".to_vec(),
        ))
        .await;
    assert_eq!(master.status.as_u16(), 403, "{}", master.body);
    let clerk = app
        .send(file(
            "/api/v1/imports/campaign-units?campaign=RC-2026-07",
            CLERK,
            csv.clone(),
        ))
        .await;
    assert_eq!(clerk.status.as_u16(), 403);
    let admin = app
        .send(file(
            "/api/v1/imports/campaign-units?campaign=RC-2026-07",
            ADMIN,
            csv.clone(),
        ))
        .await;
    assert_eq!(admin.status.as_u16(), 201, "{}", admin.body);
    // A closed campaign takes no more units.
    let close = app
        .call(
            axum::http::Method::POST,
            "/api/v1/campaigns/RC-2026-07/close",
            Some(SUPERVISOR),
            None,
            &[],
        )
        .await;
    assert_eq!(close.status.as_u16(), 200, "{}", close.body);
    let closed = app
        .send(file(
            "/api/v1/imports/campaign-units?campaign=RC-2026-07",
            SUPERVISOR,
            csv,
        ))
        .await;
    assert_eq!(closed.body["code"], "invalid_state", "{}", closed.body);
}

fn text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// 5,000 serials from the command line on a database file: one transaction, timed.
#[test]
fn five_thousand_serials_from_the_command_line_in_one_transaction() {
    use sanbao::commands::campaigns::{self, CampaignInput};
    use sanbao::commands::{Ctx, units};
    use sanbao::domain::campaigns::CampaignKind;
    use sanbao::domain::money::Fen;
    if redb_only("the command line imports into a database file here") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("list.redb");
    let now = chrono::Utc::now();
    {
        let db = open_db(&path);
        sanbao::setup::init(&db, now).unwrap();
        sanbao::fixtures::load_demo(&db, now).unwrap();
        let admin = Ctx::system("test-admin", now);
        db.write_once(|w| {
            for n in 0..5_000u32 {
                let unit = units::UnitInput {
                    serial: format!("LTEST{n:012}").into(),
                    model: "K9-City".into(),
                    dealer: "D001".into(),
                    customer: "Harbin Bus Line 7".into(),
                    sale_date: chrono::NaiveDate::from_ymd_opt(2025, 5, 1).unwrap(),
                    acceptance_date: None,
                    built_on: None,
                };
                units::create_unit(w, &admin, unit)?;
            }
            let input = CampaignInput {
                code: "RC-BULK-01".into(),
                kind: CampaignKind::Recall,
                title: "Bulk".into(),
                valid_from_date: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                valid_to_date: chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
                labor_operation: "BRK-HOSE".into(),
                standard_minutes: 60,
                kit: Vec::new(),
                allowance_fen: Fen(0),
            };
            campaigns::create(w, &admin, input).map(drop)
        })
        .unwrap();
    }
    let mut csv = String::from("\u{feff}serial\n");
    for n in 0..5_000u32 {
        csv.push_str(&format!("LTEST{n:012}\n"));
    }
    let list = dir.path().join("list.csv");
    std::fs::write(&list, csv).unwrap();
    let run = |flags: &[&str]| {
        let started = std::time::Instant::now();
        let out = Command::new(env!("CARGO_BIN_EXE_sanbao"))
            .args(["import", "campaign-units", "--campaign", "rc-bulk-01", "--file"])
            .arg(&list)
            .arg("--db")
            .arg(&path)
            .args(flags)
            .output()
            .unwrap();
        (out, started.elapsed())
    };
    let (dry, _) = run(&["--dry-run"]);
    assert!(text(&dry).contains("would list 5000 units"), "{}", text(&dry));
    let (out, took) = run(&[]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("listed 5000 units on campaign RC-BULK-01"),
        "{}",
        text(&out)
    );
    eprintln!("5,000 serials listed in {took:?}");
    let (again, _) = run(&["--skip-existing"]);
    assert!(
        text(&again).contains("listed 0 units on campaign RC-BULK-01, skipped 5000"),
        "{}",
        text(&again)
    );
    let db = open_db(&path);
    let r = db.read().unwrap();
    let c = sanbao::store::campaigns::get(&r, "RC-BULK-01").unwrap();
    assert_eq!(c.units, 5_000);
}
