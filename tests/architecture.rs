//! The layering ARCHITECTURE.md promises, checked on the sources: only `store/` names redb or PostgreSQL,
//! only `http/` names axum, `http/` never names the store, `queries/` never calls
//! `commands/`, the domain reads no clock, and no source file grows past 500 lines.

use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every source file under `src/`, with its path relative to `src/` and its code before
/// any `#[cfg(test)]` module (tests may build what they check with anything).
fn code() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    files
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n != "tests.rs"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or_default().to_string();
            (
                p.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/"),
                code,
            )
        })
        .collect()
}

fn offenders(inside: impl Fn(&str) -> bool, names: &[&str]) -> Vec<String> {
    code()
        .into_iter()
        .filter(|(path, _)| inside(path))
        .filter(|(_, code)| names.iter().any(|n| code.contains(n)))
        .map(|(path, _)| path)
        .collect()
}

#[test]
fn only_the_store_names_redb_or_postgres() {
    let found = offenders(
        |p| !p.starts_with("store/"),
        &["redb::", "use redb", "tokio_postgres", "postgres::"],
    );
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn only_http_names_axum() {
    let found = offenders(
        |p| !p.starts_with("http/"),
        &["axum::", "use axum", "hyper::", "use hyper"],
    );
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn http_reaches_the_data_only_through_commands_and_queries() {
    let found = offenders(|p| p.starts_with("http/"), &["crate::store", "store::"]);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn queries_never_call_commands() {
    let found = offenders(|p| p.starts_with("queries/"), &["crate::commands"]);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn the_domain_reads_no_clock_and_names_no_infrastructure() {
    let found = offenders(
        |p| p.starts_with("domain/"),
        &["Utc::now", "SystemTime", "crate::store", "tokio", "axum", "redb"],
    );
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn no_source_file_is_over_500_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    let long: Vec<String> = files
        .iter()
        .filter_map(|p| {
            let lines = std::fs::read_to_string(p).unwrap().lines().count();
            (lines > 500).then(|| format!("{} ({lines})", p.display()))
        })
        .collect();
    assert!(long.is_empty(), "{long:?}");
}
