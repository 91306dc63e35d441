//! The command line: `check` exit codes, offline token bootstrap, `openapi`.

use std::process::Command;

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
                repo::encode_i64(v + 1),
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
