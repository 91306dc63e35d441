//! `sanbao import KIND --file F`: master data, opening stock and units from CSV (UTF-8
//! with or without BOM, or GBK) or XLSX. Every row is checked first — its fields, what it
//! refers to, whether it is already there — and nothing is written unless all pass. On a
//! database file the whole import is one transaction; on a running server each row (each
//! opening-stock receipt) is one request, and a re-run with `--skip-existing` goes on from
//! where a failure stopped.

use super::{Target, Via};
use crate::clock::{Clock, SystemClock};
use crate::commands::Ctx;
use crate::error::Error;
use crate::import::progress;
use crate::import_apply::{self, Stored, create, lines};
use crate::import_file;
use crate::import_plan::{self, Destination, Item, Key, Kind, Ref};
use crate::remote::Server;
use serde_json::Value;
use std::path::Path;
use std::process::ExitCode;

/// What to import and how.
pub(super) struct ImportArgs {
    pub kind: Kind,
    pub skip_existing: bool,
    pub dry_run: bool,
    /// The campaign whose list a campaign-units file holds.
    pub campaign: Option<String>,
}

pub(super) fn import(file: &Path, args: ImportArgs, target: Target) -> ExitCode {
    match (args.kind, args.campaign.as_deref()) {
        (Kind::CampaignUnits, Some(code)) => return super::import_campaign::import(file, code, &args, target),
        (Kind::CampaignUnits, None) => return refused(file, "name the campaign with --campaign CODE"),
        (_, Some(_)) => return refused(file, "only a campaign-units file takes --campaign"),
        (_, None) => {}
    }
    let sheet = match import_file::read(file) {
        Ok(s) => s,
        Err(e) => return refused(file, &e),
    };
    let via = match target.open() {
        Ok(via) => via,
        Err(code) => return code,
    };
    let planned = match &via {
        Via::Local(db) => match db.read() {
            Ok(r) => import_plan::plan(args.kind, &sheet, &mut Stored(&r), args.skip_existing),
            Err(e) => Err(e.to_string()),
        },
        Via::Remote(server) => import_plan::plan(args.kind, &sheet, &mut Remote(server), args.skip_existing),
    };
    let plan = match planned {
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

pub(super) fn refused(file: &Path, e: &str) -> ExitCode {
    for line in e.lines() {
        eprintln!("sanbao: {}: {line}", file.display());
    }
    ExitCode::FAILURE
}

/// A running server as the destination.
struct Remote<'a>(&'a Server);

impl Destination for Remote<'_> {
    fn exists(&mut self, kind: Kind, key: &Key) -> Result<bool, String> {
        let path = match (kind, key) {
            (Kind::OpeningStock, Key::Stock { part_no, location }) => {
                let path = format!(
                    "/api/v1/stock?part={}&location={}&include_zero=true",
                    url_text(part_no),
                    url_text(location)
                );
                return self.listed(&path);
            }
            (Kind::Parts, k) => format!("/api/v1/parts/{}", url_text(&k.to_string())),
            (Kind::Locations, k) => format!("/api/v1/locations/{}", url_text(&k.to_string())),
            (Kind::Dealers, k) => format!("/api/v1/dealers/{}", url_text(&k.to_string())),
            (Kind::Suppliers, k) => format!("/api/v1/suppliers/{}", url_text(&k.to_string())),
            (_, k) => format!("/api/v1/units/{}", url_text(&k.to_string())),
        };
        let (status, body) = self.0.get(&path)?;
        found(status, &body)
    }

    fn known(&mut self, what: Ref, code: &str) -> Result<bool, String> {
        let code = url_text(code);
        let path = match what {
            Ref::Dealer => format!("/api/v1/dealers/{code}"),
            Ref::Supplier => format!("/api/v1/suppliers/{code}"),
            Ref::Location => format!("/api/v1/locations/{code}"),
            Ref::Part => format!("/api/v1/parts/{code}"),
            Ref::Model => return self.listed(&format!("/api/v1/policies?model={code}")),
            Ref::Unit => format!("/api/v1/units/{code}"),
        };
        let (status, body) = self.0.get(&path)?;
        found(status, &body)
    }
}

impl Remote<'_> {
    /// Whether a list answers any item.
    fn listed(&self, path: &str) -> Result<bool, String> {
        let (status, page) = self.0.get(path)?;
        found(status, &page).map(|f| f && page["items"].as_array().is_some_and(|i| !i.is_empty()))
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

/// Writes the planned rows with a progress bar (on a file, `rollback` runs them and
/// writes nothing).
fn write(via: &Via, kind: Kind, items: &[Item], rollback: bool) -> Result<(), String> {
    let steps: Vec<(Value, Vec<u64>)> = import_apply::steps(kind, items);
    let total = items.len();
    let mut done = 0;
    progress(0, total);
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
                Kind::CampaignUnits => return Err("a campaign list is imported in one request".into()),
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
