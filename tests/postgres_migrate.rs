//! `sanbao migrate`: the demo database copied from a redb file to PostgreSQL and back,
//! compared record by record, reconciled on each target; a target holding records is
//! refused. Runs when the suite is switched to PostgreSQL (`SANBAO_TEST_STORE`).

mod common;

use chrono::Utc;
use sanbao::store::{Db, Read, Scan, Table, migrate};
use std::process::Command;

fn migrate_cli(from: &str, to: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_sanbao"))
        .args(["migrate", "--from", from, "--to", to])
        .output()
        .unwrap()
}

#[test]
fn demo_goes_to_postgres_and_back_record_by_record() {
    let Some(base) = common::test_store() else {
        eprintln!(
            "skipped: runs when the suite is switched to PostgreSQL ({})",
            common::STORE_SWITCH
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("demo.redb");
    {
        let db = Db::open(&source).unwrap();
        sanbao::fixtures::load_demo(&db, Utc::now()).unwrap();
    }
    let pg = common::fresh_pg_url(&base);
    let there = migrate_cli(&format!("redb:{}", source.display()), &pg);
    assert!(there.status.success(), "{}", String::from_utf8_lossy(&there.stderr));
    let said = String::from_utf8_lossy(&there.stdout);
    assert!(said.contains("balanced"), "{said}");
    assert!(
        String::from_utf8_lossy(&there.stderr).contains("100%"),
        "a progress bar"
    );

    let back = dir.path().join("back.redb");
    let again = migrate_cli(&pg, &format!("redb:{}", back.display()));
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));

    // Record by record, every table: the file that went there and back equals the source.
    let (a, b) = (Db::open(&source).unwrap(), Db::open(&back).unwrap());
    assert_eq!(migrate::first_difference(&a, &b).unwrap(), None);
    let mut records = 0;
    let (ra, rb) = (a.read().unwrap(), b.read().unwrap());
    for table in Table::ALL {
        let (x, y) = (
            ra.scan(table, &Scan::all()).unwrap(),
            rb.scan(table, &Scan::all()).unwrap(),
        );
        assert_eq!(x, y, "{}", table.name());
        records += x.len();
    }
    assert!(records > 100, "the demo holds records ({records})");
    // And PostgreSQL holds the same, read through the store boundary.
    let p = Db::open_store(&pg).unwrap();
    assert_eq!(migrate::first_difference(&a, &p).unwrap(), None);

    // A target that holds records is refused, and left as it was.
    drop((ra, rb, b));
    let refused = migrate_cli(&format!("redb:{}", back.display()), &pg);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("already holds records"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    assert_eq!(migrate::first_difference(&a, &p).unwrap(), None);

    // `sanbao check` and `sanbao migrate-schema` work on PostgreSQL too.
    let check = Command::new(env!("CARGO_BIN_EXE_sanbao"))
        .args(["check", "--store", &pg])
        .output()
        .unwrap();
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let schema = Command::new(env!("CARGO_BIN_EXE_sanbao"))
        .args(["migrate-schema", "--store", &pg])
        .output()
        .unwrap();
    assert!(schema.status.success());
}
