//! The command line: `check` exit codes, offline token bootstrap, `openapi`, unit import,
//! and the remote mode against a running server (and a server that cuts the connection).

use sanbao::domain::money::Fen;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn sanbao() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sanbao"))
}

#[test]
fn check_exits_0_on_a_balanced_database_and_2_when_missing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.redb");
    let out = sanbao()
        .args(["token", "create", "--role", "admin", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let secret = String::from_utf8(out.stdout).unwrap();
    assert!(secret.trim().starts_with("sbk_"));
    let out = sanbao().arg("check").arg("--db").arg(&db).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(String::from_utf8_lossy(&out.stdout).contains("balanced"));
    let out = sanbao()
        .arg("check")
        .arg("--db")
        .arg(dir.path().join("none.redb"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn check_exits_1_and_names_the_difference_when_books_disagree() {
    use sanbao::store::{Db, Table, repo};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.redb");
    {
        let db = Db::open(&path).unwrap();
        sanbao::fixtures::load_demo(&db, chrono::Utc::now()).unwrap();
        // Tamper with one account balance behind the commands' back.
        db.write_once(|w| {
            let v = repo::account_balance(w, "inventory:WH-01")?;
            w.put(
                Table::Accounts,
                repo::code_key("inventory:WH-01"),
                repo::encode_fen(v + Fen(1)),
            );
            Ok::<_, sanbao::error::Error>(())
        })
        .unwrap();
    }
    let out = sanbao().arg("check").arg("--db").arg(&path).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("account_balance_mismatch"), "{text}");
    assert!(text.contains("inventory_mismatch"), "{text}");
}

#[test]
fn openapi_command_writes_the_checked_in_document() {
    let out = sanbao().arg("openapi").output().unwrap();
    assert!(out.status.success());
    let checked_in = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/api/openapi.json")).unwrap();
    assert!(
        String::from_utf8(out.stdout).unwrap() == checked_in,
        "`sanbao openapi` differs from api/openapi.json"
    );
}

#[test]
fn unknown_role_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = sanbao()
        .args(["token", "create", "--role", "boss", "--db"])
        .arg(dir.path().join("y.redb"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn check_exits_2_when_another_process_holds_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("held.redb");
    let _held = sanbao::store::Db::open(&path).unwrap();
    let out = sanbao().arg("check").arg("--db").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("database in use"));
}

#[test]
fn units_import_reads_csv_in_batches_and_names_a_bad_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("u.redb");
    {
        let d = sanbao::store::Db::open(&db).unwrap();
        sanbao::fixtures::load_demo(&d, chrono::Utc::now()).unwrap();
    }
    let file = dir.path().join("units.csv");
    let mut csv = String::from("serial,model,dealer,customer,sale_date\n");
    for i in 0..25 {
        csv.push_str(&format!(
            "IMP{i:05},K9-City,D002,\"Fleet {i}, Shijiazhuang\",2026-05-01\n"
        ));
    }
    std::fs::write(&file, &csv).unwrap();
    let out = sanbao()
        .args(["units", "import", "--batch", "10", "--file"])
        .arg(&file)
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("imported 25 units"));
    // The same file again: the first batch is refused and names its row.
    let out = sanbao()
        .args(["units", "import", "--file"])
        .arg(&file)
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("units[0]"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A server that answers a backup with a Content-Length larger than what it sends, then
/// closes: the CLI must fail and leave neither the output file nor a partial one.
#[test]
fn a_backup_cut_mid_body_fails_and_leaves_no_file() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        let (mut conn, _) = listener.accept().unwrap();
        // Read the request head (the body is empty) before answering.
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") && conn.read(&mut byte).unwrap() == 1 {
            head.push(byte[0]);
        }
        conn.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 100000\r\n\r\n")
            .unwrap();
        conn.write_all(&[7u8; 4096]).unwrap();
        // Dropping the connection closes it 95,904 bytes short.
    });
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("copy.redb");
    let run = sanbao()
        .args(["backup", "--url", &url, "--token", "t", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    server.join().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cut off"), "{stderr}");
    assert!(!out.exists(), "a truncated backup was left at {}", out.display());
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "files left behind: {left:?}");
}

/// A demo server on a free port, stopped when dropped.
struct Served(Child, String);

impl Served {
    fn start(db: &std::path::Path) -> Served {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = sanbao()
            .args(["serve", "--demo", "--listen", &format!("127.0.0.1:{port}"), "--db"])
            .arg(db)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while sanbao::remote::request(&url, "GET", "/healthz", "", b"").map(|r| r.0) != Ok(200) {
            assert!(Instant::now() < deadline, "server did not come up");
            std::thread::sleep(Duration::from_millis(20));
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

/// Token creation, the sweep and a unit import through a running server; a refusal
/// prints the problem's code and detail.
#[test]
fn remote_commands_speak_the_api_bodies() {
    let dir = tempfile::tempdir().unwrap();
    let server = Served::start(&dir.path().join("live.redb"));
    let url = server.1.as_str();
    let out = sanbao()
        .args([
            "token",
            "create",
            "--role",
            "clerk",
            "--location",
            "WH-01",
            "--url",
            url,
            "--token",
            "demo-admin",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).trim().starts_with("sbk_"));
    let out = sanbao()
        .args(["sweep", "--date", "2026-01-05", "--url", url, "--token", "demo-admin"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let swept: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(swept["date"], "2026-01-05");
    // An Excel "CSV UTF-8" file: a byte-order mark before the header.
    let file = dir.path().join("units.csv");
    std::fs::write(
        &file,
        "\u{feff}serial,model,dealer,customer,sale_date\nREM00001,K9-City,D002,\"Fleet, Shijiazhuang\",2026-05-01\n",
    )
    .unwrap();
    let import = || {
        sanbao()
            .args(["units", "import", "--file"])
            .arg(&file)
            .args(["--url", url, "--token", "demo-admin"])
            .output()
            .unwrap()
    };
    let out = import();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("imported 1 units"));
    let out = import();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("the server answered 409"), "{stderr}");
    assert!(stderr.contains("units[0]"), "{stderr}");
}

/// A token made on the command line names its locations as the API stores them.
#[test]
fn token_locations_are_stored_as_codes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.redb");
    {
        let db = sanbao::store::Db::open(&path).unwrap();
        sanbao::fixtures::load_demo(&db, chrono::Utc::now()).unwrap();
    }
    let out = sanbao()
        .args(["token", "create", "--role", "clerk", "--location", " wh-01 ", "--db"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let db = sanbao::store::Db::open(&path).unwrap();
    let tokens = sanbao::commands::tokens::all(&db.read().unwrap()).unwrap();
    assert_eq!(tokens[0].1.locations, vec!["WH-01".to_string()]);
}
