//! `sanbao import`: a first install's master data from the files people have — an Excel
//! "CSV UTF-8" (with BOM), a GBK CSV, an XLSX workbook — then opening stock; refusals name
//! the line, the field and the expected format; `--dry-run` writes nothing and
//! `--skip-existing` makes a re-run safe.

use sanbao::domain::auth::{Principal, Role};
use sanbao::queries::lists;
use sanbao::store::Db;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sanbao() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sanbao"))
}

fn import(db: &Path, kind: &str, file: &Path, flags: &[&str]) -> Output {
    sanbao()
        .args(["import", kind, "--file"])
        .arg(file)
        .arg("--db")
        .arg(db)
        .args(flags)
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn admin() -> Principal {
    Principal {
        token_id: "test".into(),
        role: Role::Admin,
        dealer: None,
        locations: Vec::new(),
    }
}

struct Install {
    _dir: tempfile::TempDir,
    root: PathBuf,
    db: PathBuf,
}

impl Install {
    fn new() -> Install {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let db = root.join("first.redb");
        let d = Db::open(&db).unwrap();
        sanbao::setup::init(&d, chrono::Utc::now()).unwrap();
        Install { _dir: dir, root, db }
    }

    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.root.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    fn read<T>(&self, f: impl FnOnce(&dyn sanbao::queries::Snapshot) -> T) -> T {
        let d = Db::open(&self.db).unwrap();
        let r = d.read().unwrap();
        f(&r)
    }

    /// Dealers (BOM), locations (GBK), a supplier: the master data the parts refer to.
    fn master_data(&self) {
        let dealers = self.file(
            "dealers.csv",
            "\u{feff}code,name\nd001,龙江客车服务站\nD002,\"华夏汽修, 石家庄\"\n".as_bytes(),
        );
        let out = import(&self.db, "dealers", &dealers, &[]);
        assert!(out.status.success(), "{}", text(&out));
        assert!(text(&out).contains("imported 2 dealers rows"), "{}", text(&out));
        let (gbk, _, _) = encoding_rs::GBK
            .encode("code,name,kind,dealer\nWH-01,总库,warehouse,\nST-D001,哈尔滨服务站,service_station,D001\n");
        let locations = self.file("locations.csv", &gbk);
        let out = import(&self.db, "locations", &locations, &[]);
        assert!(out.status.success(), "{}", text(&out));
        let suppliers = self.file("suppliers.csv", b"code,name,parts_pct,labor_pct\nS-03,Wabco,100,50\n");
        let out = import(&self.db, "suppliers", &suppliers, &[]);
        assert!(out.status.success(), "{}", text(&out));
    }
}

#[test]
fn a_bom_file_and_a_gbk_file_import_with_their_chinese_names() {
    let app = Install::new();
    app.master_data();
    app.read(|r| {
        assert_eq!(lists::dealer(r, "D001").unwrap().name, "龙江客车服务站");
        assert_eq!(lists::dealer(r, "D002").unwrap().name, "华夏汽修, 石家庄");
        let st = lists::location(r, &admin(), "ST-D001").unwrap();
        assert_eq!((st.name.as_str(), st.dealer.as_deref()), ("哈尔滨服务站", Some("D001")));
        assert_eq!(lists::location(r, &admin(), "WH-01").unwrap().name, "总库");
    });
}

#[test]
fn an_xlsx_workbook_imports_parts_with_barcodes_then_opening_stock_posts() {
    let app = Install::new();
    app.master_data();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let header = [
        "part_no",
        "name",
        "unit",
        "barcodes",
        "standard_cost_fen",
        "dealer_price_fen",
        "supplier",
        "warranty_covered",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "bc-3519").unwrap();
    sheet.write_string(1, 1, "制动气室").unwrap();
    sheet.write_string(1, 2, "pc").unwrap();
    sheet.write_string(1, 3, "6901234535190; 6901234535191").unwrap();
    sheet.write_number(1, 4, 32000).unwrap();
    sheet.write_number(1, 5, 38000).unwrap();
    sheet.write_string(1, 6, "S-03").unwrap();
    sheet.write_boolean(1, 7, true).unwrap();
    // A barcode typed as a number, and 是/否 for yes/no.
    sheet.write_string(2, 0, "FLT-0042").unwrap();
    sheet.write_string(2, 1, "燃油滤清器").unwrap();
    sheet.write_string(2, 2, "pc").unwrap();
    sheet.write_number(2, 3, 6900000000422.0).unwrap();
    sheet.write_number(2, 4, 1000).unwrap();
    sheet.write_number(2, 5, 1200).unwrap();
    sheet.write_string(2, 7, "否").unwrap();
    let parts = app.file("parts.xlsx", &book.save_to_buffer().unwrap());
    let out = import(&app.db, "parts", &parts, &[]);
    assert!(out.status.success(), "{}", text(&out));
    app.read(|r| {
        let p = lists::part(r, "BC-3519").unwrap();
        assert_eq!(p.barcodes, ["6901234535190", "6901234535191"]);
        assert_eq!(
            (p.name.as_str(), p.standard_cost_fen.get(), p.warranty_covered),
            ("制动气室", 32000, true)
        );
        assert_eq!(
            lists::part_by_barcode(r, "6900000000422").unwrap().part_no.as_str(),
            "FLT-0042"
        );
        assert!(!lists::part(r, "FLT-0042").unwrap().warranty_covered);
    });

    // Opening stock: one receipt per location, Dr inventory / Cr opening:balance.
    let stock = app.file(
        "opening.csv",
        b"location,part_no,qty,unit_cost_fen\nWH-01,BC-3519,10,32000\nWH-01,FLT-0042,40,1000\nST-D001,FLT-0042,5,1100\n",
    );
    let dry = import(&app.db, "opening-stock", &stock, &["--dry-run"]);
    assert!(dry.status.success(), "{}", text(&dry));
    assert!(text(&dry).contains("would import 3"), "{}", text(&dry));
    app.read(|r| assert_eq!(lists::account(r, &admin(), "opening:balance").unwrap().balance_fen, 0));
    let out = import(&app.db, "opening-stock", &stock, &[]);
    assert!(out.status.success(), "{}", text(&out));
    app.read(|r| {
        let acct = |a: &str| lists::account(r, &admin(), a).unwrap().balance_fen;
        assert_eq!(acct("inventory:WH-01"), 320_000 + 40_000);
        assert_eq!(acct("inventory:ST-D001"), 5_500);
        assert_eq!(acct("opening:balance"), -(320_000 + 40_000 + 5_500));
        assert_eq!(acct("grni"), 0);
        let page = lists::receipts(r, &admin(), None, &lists::Search::default(), &Default::default()).unwrap();
        assert_eq!(page.items.len(), 2, "one receipt per location");
    });
    // The same file again: refused naming the line; with --skip-existing, nothing doubles.
    let again = import(&app.db, "opening-stock", &stock, &[]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        text(&again).contains("line 2: opening-stock BC-3519 at WH-01 already exists"),
        "{}",
        text(&again)
    );
    let again = import(&app.db, "opening-stock", &stock, &["--skip-existing"]);
    assert!(again.status.success(), "{}", text(&again));
    assert!(
        text(&again).contains("imported 0 opening-stock rows, skipped 3"),
        "{}",
        text(&again)
    );
    app.read(|r| {
        assert_eq!(
            lists::account(r, &admin(), "inventory:WH-01").unwrap().balance_fen,
            360_000
        )
    });
    let check = sanbao().arg("check").arg("--db").arg(&app.db).output().unwrap();
    assert!(check.status.success(), "{}", text(&check));
}

#[test]
fn a_bad_date_names_line_field_and_format_and_writes_nothing() {
    let app = Install::new();
    app.master_data();
    let units = app.file(
        "units.csv",
        b"serial,model,dealer,customer,sale_date\nVIN001,K9,D001,Fleet,2026-10-15\nVIN002,K9,D001,Fleet,15/10/2026\n",
    );
    let out = import(&app.db, "units", &units, &[]);
    assert_eq!(out.status.code(), Some(1));
    let said = text(&out);
    assert!(
        said.contains("line 3, field sale_date: expected a date as YYYY-MM-DD, e.g. 2026-10-15, got \"15/10/2026\""),
        "{said}"
    );
    // The path of the file starts every refusal; the model has no policy, named by line.
    assert!(
        said.contains(&format!(
            "sanbao: {}: line 2, field model: unknown model",
            units.display()
        )),
        "{said}"
    );
    let unknown = app.file(
        "u2.csv",
        b"serial,model,dealer,customer,sale_date\nVIN003,K9,D404,Fleet,2026-10-15\n",
    );
    assert!(text(&import(&app.db, "units", &unknown, &[])).contains("line 2, field dealer: unknown dealer \"D404\""));
    let bad = app.file("bad.csv", b"code,name,colour\nD9,x,red\n");
    assert!(text(&import(&app.db, "dealers", &bad, &[])).contains("line 1: unknown column \"colour\""));
    let bad = app.file("bad2.csv", b"code,name,kind\nX1,x,garage\n");
    assert!(text(&import(&app.db, "locations", &bad, &[])).contains("line 2, field kind: expected one of warehouse"));
    app.read(|r| assert!(lists::unit(r, &admin(), "VIN001").is_err(), "nothing written"));
}

#[test]
fn a_rerun_with_skip_existing_is_safe() {
    let app = Install::new();
    app.master_data();
    let dealers = app.file(
        "dealers2.csv",
        "code,name\nD001,龙江客车服务站\nD003,新经销商\n".as_bytes(),
    );
    let out = import(&app.db, "dealers", &dealers, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("line 2: dealers D001 already exists (use --skip-existing"),
        "{}",
        text(&out)
    );
    app.read(|r| assert!(!lists::dealer_exists(r, "D003").unwrap(), "all or nothing"));
    let dry = import(&app.db, "dealers", &dealers, &["--skip-existing", "--dry-run"]);
    assert!(
        text(&dry).contains("would import 1 dealers rows and skip 1"),
        "{}",
        text(&dry)
    );
    app.read(|r| assert!(!lists::dealer_exists(r, "D003").unwrap(), "a dry run writes nothing"));
    let out = import(&app.db, "dealers", &dealers, &["--skip-existing"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("imported 1 dealers rows, skipped 1"),
        "{}",
        text(&out)
    );
    app.read(|r| assert_eq!(lists::dealer(r, "D003").unwrap().name, "新经销商"));
    // A row twice in one file is refused with both lines.
    let twice = app.file("twice.csv", b"code,name\nD004,a\nd004,b\n");
    assert!(text(&import(&app.db, "dealers", &twice, &[])).contains("line 3: D004 appears again (first on line 2)"));
}

/// A demo server on a free port, stopped when dropped.
struct Served(std::process::Child, String);

impl Served {
    fn start(db: &Path) -> Served {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = sanbao()
            .args(["serve", "--demo", "--listen", &format!("127.0.0.1:{port}"), "--db"])
            .arg(db)
            .env("RUST_LOG", "warn")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let url = format!("http://127.0.0.1:{port}");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while sanbao::remote::request(&url, "GET", "/healthz", "", b"").map(|r| r.0) != Ok(200) {
            assert!(std::time::Instant::now() < deadline, "server did not come up");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        Served(child, url)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Through a running server: rows are requests of the API, opening stock included; a
/// re-run with --skip-existing goes on where the first run stopped.
#[test]
fn imports_through_a_running_server() {
    let dir = tempfile::tempdir().unwrap();
    let server = Served::start(&dir.path().join("live.redb"));
    let remote = |kind: &str, file: &Path, flags: &[&str]| {
        sanbao()
            .args(["import", kind, "--file"])
            .arg(file)
            .args(["--url", &server.1, "--token", "demo-admin"])
            .args(flags)
            .output()
            .unwrap()
    };
    let parts = dir.path().join("parts.csv");
    std::fs::write(
        &parts,
        "part_no,name,unit,barcodes,standard_cost_fen,dealer_price_fen\nNEW-1,新零件,pc,6999000000001|6999000000002,500,600\nNEW-2,另一个,pc,,700,800\n",
    )
    .unwrap();
    let out = remote("parts", &parts, &[]);
    assert!(out.status.success(), "{}", text(&out));
    let out = remote("parts", &parts, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("line 2: parts NEW-1 already exists"),
        "{}",
        text(&out)
    );
    let out = remote("parts", &parts, &["--skip-existing"]);
    assert!(
        text(&out).contains("imported 0 parts rows, skipped 2"),
        "{}",
        text(&out)
    );
    let stock = dir.path().join("opening.csv");
    std::fs::write(&stock, "location,part_no,qty,unit_cost_fen\nWH-01,NEW-1,3,500\n").unwrap();
    let out = remote("opening-stock", &stock, &[]);
    assert!(out.status.success(), "{}", text(&out));
    let (status, body) =
        sanbao::remote::request(&server.1, "GET", "/api/v1/accounts/opening:balance", "demo-admin", b"").unwrap();
    assert_eq!(status, 200);
    let account: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(account["balance_fen"], -1500);
    // A clerk may not post opening stock.
    let (status, _) = sanbao::remote::request(&server.1, "POST", "/api/v1/stock/opening", "demo-clerk", b"{}").unwrap();
    assert_eq!(status, 403);
}

mod common;

/// `POST /imports/{kind}`: a file as the body; a dry run answers 200 and writes nothing;
/// bad lines are one `validation_failed` naming them; all rows or none.
#[tokio::test]
async fn the_import_endpoint_takes_a_file() {
    use axum::body::Body;
    use axum::http::Request;
    let app = common::TestApp::new();
    let send = |path: &str, token: &str, bytes: Vec<u8>| {
        Request::post(path)
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "text/csv")
            .body(Body::from(bytes))
            .unwrap()
    };
    let (gbk, _, _) = encoding_rs::GBK.encode("code,name\nD001,龙江客车\nD002,华夏汽修\n");
    let dry = app
        .send(send(
            "/api/v1/imports/dealers?dry_run=true",
            common::ADMIN,
            gbk.to_vec(),
        ))
        .await;
    assert_eq!(dry.status.as_u16(), 200, "{}", dry.body);
    assert_eq!(
        dry.body,
        serde_json::json!({"imported": 2, "skipped": 0, "dry_run": true})
    );
    assert_eq!(
        app.get("/api/v1/dealers/D001", common::ADMIN).await.status.as_u16(),
        404
    );
    let done = app
        .send(send("/api/v1/imports/dealers", common::ADMIN, gbk.to_vec()))
        .await;
    assert_eq!(done.status.as_u16(), 201, "{}", done.body);
    assert_eq!(
        app.get("/api/v1/dealers/D001", common::ADMIN).await.body["name"],
        "龙江客车"
    );
    let again = app
        .send(send("/api/v1/imports/dealers", common::ADMIN, gbk.to_vec()))
        .await;
    assert_eq!(again.status.as_u16(), 422);
    assert_eq!(again.body["code"], "validation_failed");
    assert!(
        again.body.to_string().contains("line 2: dealers D001 already exists"),
        "{}",
        again.body
    );
    let skip = app
        .send(send(
            "/api/v1/imports/dealers?skip_existing=true",
            common::ADMIN,
            gbk.to_vec(),
        ))
        .await;
    assert_eq!(
        skip.body,
        serde_json::json!({"imported": 0, "skipped": 2, "dry_run": false})
    );
    let bad = b"serial,model,dealer,customer,sale_date\nV1,K9,D001,x,15/10/2026\n".to_vec();
    let bad = app.send(send("/api/v1/imports/units", common::ADMIN, bad)).await;
    assert_eq!(bad.status.as_u16(), 422);
    assert!(
        bad.body
            .to_string()
            .contains("line 2, field sale_date: expected a date as YYYY-MM-DD"),
        "{}",
        bad.body
    );
    let clerk = app
        .send(send("/api/v1/imports/dealers", common::CLERK, gbk.to_vec()))
        .await;
    assert_eq!(clerk.status.as_u16(), 403);
    let unknown = app
        .send(send("/api/v1/imports/colours", common::ADMIN, gbk.to_vec()))
        .await;
    assert!(unknown.status.is_client_error());
}
