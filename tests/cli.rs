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
    assert_eq!(String::from_utf8(out.stdout).unwrap(), checked_in);
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
