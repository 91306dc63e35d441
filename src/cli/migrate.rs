//! `sanbao migrate-schema` and `sanbao migrate`: a database's tables created or
//! upgraded, and a whole database copied between a file and PostgreSQL, then reconciled.

use super::open;
use crate::queries::reconciliation;
use crate::store::{Db, migrate};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// Creates or upgrades the tables (and backfills what a newer version keeps beside the
/// records) of `store`.
pub(super) fn schema(store: &str) -> ExitCode {
    match open(Path::new(store)) {
        Ok(_) => {
            println!("schema up to date");
            ExitCode::SUCCESS
        }
        Err(code) => code,
    }
}

/// Draws a progress bar on standard error.
fn bar(done: u64, total: u64) {
    let width = 40;
    let filled = (done.min(total) * width).checked_div(total).unwrap_or(width) as usize;
    let percent = (done.min(total) * 100).checked_div(total).unwrap_or(100);
    eprint!(
        "\r[{}{}] {percent:>3}% {done}/{total} records",
        "#".repeat(filled),
        " ".repeat(width as usize - filled)
    );
    let _ = std::io::stderr().flush();
}

/// Copies `from` into `to` and reconciles the copy: exit 0 balanced, 1 on any failure.
pub(super) fn migrate(from: &str, to: &str) -> ExitCode {
    let source = match open(Path::new(from)) {
        Ok(db) => db,
        Err(code) => return code,
    };
    let target = match open(Path::new(to)) {
        Ok(db) => db,
        Err(code) => return code,
    };
    match run(&source, &target) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("\nsanbao: {e}");
            ExitCode::from(1)
        }
    }
}

fn run(source: &Db, target: &Db) -> Result<String, String> {
    let total = migrate::count(source).map_err(|e| e.to_string())?;
    bar(0, total);
    migrate::copy(source, target, &mut |done| bar(done, total)).map_err(|e| e.to_string())?;
    eprintln!();
    let report = target
        .read()
        .map_err(crate::error::Error::from)
        .and_then(|r| reconciliation::run(&r))
        .map_err(|e| e.to_string())?;
    if !report.balanced {
        return Err(format!(
            "the copy does not reconcile: {} differences",
            report.difference_count
        ));
    }
    if let Some(d) = migrate::first_difference(source, target).map_err(|e| e.to_string())? {
        return Err(format!("the copy differs from the source: {d}"));
    }
    Ok(format!(
        "copied {total} records; the copy equals the source and is balanced"
    ))
}
