//! `sanbao import KIND --file F`: master data, opening stock and units from CSV (UTF-8
//! with or without BOM, or GBK) or XLSX. Every row is checked first — its fields, what it
//! refers to, whether it is already there — and nothing is written unless all pass. On a
//! database file the whole import is one transaction; on a running server each row (each
//! opening-stock receipt) is one request, and a re-run with `--skip-existing` goes on from
//! where a failure stopped.

use super::{Target, Via};
use crate::clock::{Clock, SystemClock};
use crate::commands::{Ctx, LINES_MAX, master, receipts, units};
use crate::domain::auth::{Principal, Role};
use crate::error::Error;
use crate::http::dto::Wire;
use crate::http::dto::master::{DealerInput, LocationInput, PartInput, SupplierInput};
use crate::http::dto::stock::ReceiptInput;
use crate::http::dto::warranty::UnitInput;
use crate::import::progress;
use crate::import_file;
use crate::import_plan::{self, Destination, Item, Key, Kind, Ref};
use crate::queries::lists;
use crate::store::Db;
use serde_json::Value;
use std::path::Path;
use std::process::ExitCode;

/// What to import and how.
pub(super) struct ImportArgs {
    pub kind: Kind,
    pub skip_existing: bool,
    pub dry_run: bool,
}

pub(super) fn import(file: &Path, args: ImportArgs, target: Target) -> ExitCode {
    let sheet = match import_file::read(file) {
        Ok(s) => s,
        Err(e) => return refused(file, &e),
    };
    let mut via = match target.open() {
        Ok(via) => via,
        Err(code) => return code,
    };
    let plan = match import_plan::plan(args.kind, &sheet, &mut via, args.skip_existing) {
        Ok(p) => p,
        Err(e) => return refused(file, &e),
    };
    let (new, skipped) = (plan.create.len(), plan.skipped.len());
    let kind = args.kind.name();
    if args.dry_run {
        // On a file, the dry run also runs every command and rolls back, so it finds
        // what only the command checks (a code's form, a barcode another part has).
        if let Via::Local(_) = via
            && let Err(e) = write(&via, args.kind, &plan.create, true)
        {
            return refused(file, &e);
        }
        println!(
            "{}: would import {new} {kind} rows and skip {skipped} already there; nothing written (dry run)",
            file.display()
        );
        return ExitCode::SUCCESS;
    }
    match write(&via, args.kind, &plan.create, false) {
        Ok(()) => {
            println!(
                "{}: imported {new} {kind} rows, skipped {skipped} already there",
                file.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => refused(file, &e),
    }
}

fn refused(file: &Path, e: &str) -> ExitCode {
    for line in e.lines() {
        eprintln!("sanbao: {}: {line}", file.display());
    }
    ExitCode::FAILURE
}

/// The importing principal on a database file: an administrator.
fn admin() -> Principal {
    Principal {
        token_id: "cli:import".into(),
        role: Role::Admin,
        dealer: None,
        locations: Vec::new(),
    }
}

impl Destination for Via {
    fn exists(&mut self, kind: Kind, key: &Key) -> Result<bool, String> {
        match self {
            Via::Local(db) => local_exists(db, kind, key).map_err(|e| e.to_string()),
            Via::Remote(server) => {
                let path = match (kind, key) {
                    (Kind::OpeningStock, Key::Stock { part_no, location }) => {
                        let (status, page) = server.get(&format!(
                            "/api/v1/stock?part={part_no}&location={location}&include_zero=true"
                        ))?;
                        return found(status, &page)
                            .map(|f| f && page["items"].as_array().is_some_and(|i| !i.is_empty()));
                    }
                    (Kind::Parts, k) => format!("/api/v1/parts/{k}"),
                    (Kind::Locations, k) => format!("/api/v1/locations/{k}"),
                    (Kind::Dealers, k) => format!("/api/v1/dealers/{k}"),
                    (Kind::Suppliers, k) => format!("/api/v1/suppliers/{k}"),
                    (_, k) => format!("/api/v1/units/{k}"),
                };
                let (status, body) = server.get(&path)?;
                found(status, &body)
            }
        }
    }

    fn known(&mut self, what: Ref, code: &str) -> Result<bool, String> {
        match self {
            Via::Local(db) => local_known(db, what, code).map_err(|e| e.to_string()),
            Via::Remote(server) => {
                let path = match what {
                    Ref::Dealer => format!("/api/v1/dealers/{code}"),
                    Ref::Supplier => format!("/api/v1/suppliers/{code}"),
                    Ref::Location => format!("/api/v1/locations/{code}"),
                    Ref::Part => format!("/api/v1/parts/{code}"),
                    Ref::Model => {
                        let (status, page) = server.get(&format!("/api/v1/policies?model={}", url_text(code)))?;
                        return found(status, &page)
                            .map(|f| f && page["items"].as_array().is_some_and(|i| !i.is_empty()));
                    }
                };
                let (status, body) = server.get(&path)?;
                found(status, &body)
            }
        }
    }
}

/// 200 → true, 404 → false, anything else a refusal in one sentence.
fn found(status: u16, body: &Value) -> Result<bool, String> {
    match status {
        200 => Ok(true),
        404 => Ok(false),
        _ => Err(format!(
            "the server answered {status} {}: {}",
            body["code"].as_str().unwrap_or("error"),
            body["detail"].as_str().unwrap_or("")
        )),
    }
}

fn url_text(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn local_exists(db: &Db, kind: Kind, key: &Key) -> crate::error::Result<bool> {
    let r = db.read()?;
    let me = admin();
    let present = |e: crate::error::Result<()>| match e {
        Ok(()) => Ok(true),
        Err(Error::NotFound { .. }) => Ok(false),
        Err(e) => Err(e),
    };
    match (kind, key) {
        (Kind::OpeningStock, Key::Stock { part_no, location }) => {
            let page = lists::stock(
                &r,
                &me,
                Some(part_no),
                Some(location),
                true,
                &lists::Search::default(),
                &Default::default(),
            )?;
            Ok(!page.items.is_empty())
        }
        (Kind::Parts, k) => present(lists::part(&r, &k.to_string()).map(drop)),
        (Kind::Locations, k) => present(lists::location(&r, &me, &k.to_string()).map(drop)),
        (Kind::Dealers, k) => lists::dealer_exists(&r, &k.to_string()),
        (Kind::Suppliers, k) => present(lists::supplier(&r, &k.to_string()).map(drop)),
        (_, k) => present(lists::unit(&r, &me, &k.to_string()).map(drop)),
    }
}

fn local_known(db: &Db, what: Ref, code: &str) -> crate::error::Result<bool> {
    let key = Key::Code(code.to_string());
    match what {
        Ref::Dealer => local_exists(db, Kind::Dealers, &key),
        Ref::Supplier => local_exists(db, Kind::Suppliers, &key),
        Ref::Location => local_exists(db, Kind::Locations, &key),
        Ref::Part => local_exists(db, Kind::Parts, &key),
        Ref::Model => {
            let r = db.read()?;
            Ok(!lists::policies(&r, Some(code), &Default::default())?.items.is_empty())
        }
    }
}

/// Writes the planned rows with a progress bar (on a file, `rollback` runs them and
/// writes nothing).
fn write(via: &Via, kind: Kind, items: &[Item], rollback: bool) -> Result<(), String> {
    let steps: Vec<(Value, Vec<u64>)> = match kind {
        Kind::OpeningStock => import_plan::opening_receipts(items, LINES_MAX),
        _ => items.iter().map(|i| (i.body.clone(), vec![i.line])).collect(),
    };
    let total = items.len();
    let mut done = 0;
    progress(0, total);
    let lines = |l: &[u64]| match l {
        [one] => format!("line {one}"),
        many => format!(
            "lines {}",
            many.iter().map(u64::to_string).collect::<Vec<_>>().join(", ")
        ),
    };
    match via {
        Via::Local(db) => {
            let ctx = Ctx::system("cli:import", SystemClock.now());
            let mut failure = None;
            let written = db.write_once(|w| {
                for (body, at) in &steps {
                    if let Err(e) = create(w, &ctx, kind, body.clone()) {
                        eprintln!();
                        failure = Some(format!("{}: {e}", lines(at)));
                        return Err(Error::Internal("refused".into()));
                    }
                    done += at.len();
                    progress(done, total);
                }
                if rollback {
                    return Err(Error::Internal("dry run".into()));
                }
                Ok(())
            });
            if rollback && failure.is_none() {
                return Ok(());
            }
            match (written, failure) {
                (_, Some(f)) => Err(format!("{f}; nothing was written")),
                (Err(e), None) => Err(format!("{e}; nothing was written")),
                (Ok(()), None) => Ok(()),
            }
        }
        Via::Remote(server) => {
            let path = match kind {
                Kind::Parts => "/api/v1/parts",
                Kind::Locations => "/api/v1/locations",
                Kind::Dealers => "/api/v1/dealers",
                Kind::Suppliers => "/api/v1/suppliers",
                Kind::OpeningStock => "/api/v1/stock/opening",
                Kind::Units => "/api/v1/units",
            };
            for (body, at) in &steps {
                server.post_json::<_, Value>(path, body, 201).map_err(|e| {
                    eprintln!();
                    format!(
                        "{}: {e}; the {done} rows before it were imported (run again with --skip-existing to go on)",
                        lines(at)
                    )
                })?;
                done += at.len();
                progress(done, total);
            }
            Ok(())
        }
    }
}

/// One row (one opening-stock receipt) through the command the API would run.
fn create(w: &mut crate::store::Overlay<'_>, ctx: &Ctx, kind: Kind, body: Value) -> Result<(), String> {
    fn parse<T: serde::de::DeserializeOwned>(v: Value) -> Result<T, String> {
        serde_json::from_value(v).map_err(|e| e.to_string())
    }
    let done = match kind {
        Kind::Parts => master::create_part(w, ctx, parse::<PartInput>(body)?.into_domain()).map(drop),
        Kind::Locations => master::create_location(w, ctx, parse::<LocationInput>(body)?.into_domain()).map(drop),
        Kind::Dealers => master::create_dealer(w, ctx, parse::<DealerInput>(body)?.into_domain()).map(drop),
        Kind::Suppliers => master::create_supplier(w, ctx, parse::<SupplierInput>(body)?.into_domain()).map(drop),
        Kind::OpeningStock => receipts::post_opening(w, ctx, parse::<ReceiptInput>(body)?.into_domain()).map(drop),
        Kind::Units => units::create_unit(w, ctx, parse::<UnitInput>(body)?.into_domain()).map(drop),
    };
    done.map_err(|e| e.to_string())
}
