//! `sanbao import campaign-units --campaign CODE --file F`: a campaign's unit list. On a
//! database file every row is checked, then the whole list is written in one transaction;
//! on a running server the file goes to `POST /imports/campaign-units` as it is, where the
//! same happens.

use super::import::{ImportArgs, refused};
use super::{Target, Via};
use crate::clock::{Clock, SystemClock};
use crate::commands::Ctx;
use crate::domain::validate::normalize_code;
use crate::error::Error;
use crate::import_apply::Stored;
use crate::import_campaign::{self, listing};
use crate::import_file;
use std::path::Path;
use std::process::ExitCode;

pub(super) fn import(file: &Path, code: &str, args: &ImportArgs, target: Target) -> ExitCode {
    let code = normalize_code(code);
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => return refused(file, &format!("cannot read it: {e}")),
    };
    match target.open() {
        Ok(Via::Local(db)) => local(file, &code, &bytes, args, &db),
        Ok(Via::Remote(server)) => remote(file, &code, &bytes, args, &server),
        Err(code) => code,
    }
}

fn local(file: &Path, code: &str, bytes: &[u8], args: &ImportArgs, db: &crate::store::Db) -> ExitCode {
    let planned = db.read().map_err(|e| e.to_string()).and_then(|r| {
        let c = import_campaign::check_campaign(&r, code).map_err(|e| e.to_string())?;
        let sheet = import_file::parse(bytes)?;
        let listed = import_campaign::listed_serials(&r, code).map_err(|e| e.to_string())?;
        import_campaign::plan(&sheet, &mut Stored(&r), listed, &c.code, args.skip_existing)
    });
    let plan = match planned {
        Ok(p) => p,
        Err(e) => return refused(file, &e),
    };
    let (new, skipped) = (plan.create.len(), plan.skipped.len());
    let ctx = Ctx::system("cli:import", SystemClock.now());
    let written = db.write_once(|w| {
        for (body, _) in listing(&plan.create) {
            import_campaign::list(w, &ctx, body)?;
        }
        if args.dry_run {
            return Err(Error::Internal("dry run".into()));
        }
        Ok(())
    });
    match written {
        Err(Error::Internal(m)) if args.dry_run && m == "dry run" => {
            println!(
                "{}: would list {new} units on campaign {code} and skip {skipped} already listed; nothing written (dry run)",
                file.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => refused(file, &format!("{e}; nothing was written")),
        Ok(()) => {
            println!(
                "{}: listed {new} units on campaign {code}, skipped {skipped} already listed",
                file.display()
            );
            ExitCode::SUCCESS
        }
    }
}

fn remote(file: &Path, code: &str, bytes: &[u8], args: &ImportArgs, server: &crate::remote::Server) -> ExitCode {
    let code_q: String = form_urlencoded::byte_serialize(code.as_bytes()).collect();
    let path = format!(
        "/api/v1/imports/campaign-units?campaign={code_q}&skip_existing={}&dry_run={}",
        args.skip_existing, args.dry_run
    );
    let (status, body) = match server.post_bytes(&path, bytes) {
        Ok(answer) => answer,
        Err(e) => return refused(file, &e),
    };
    let (new, skipped) = (&body["imported"], &body["skipped"]);
    match status {
        200 => println!(
            "{}: would list {new} units on campaign {code} and skip {skipped} already listed; nothing written (dry run)",
            file.display()
        ),
        201 => println!(
            "{}: listed {new} units on campaign {code}, skipped {skipped} already listed",
            file.display()
        ),
        _ => {
            let why = body["detail"].as_str().unwrap_or_default().replace("; ", "\n");
            return refused(
                file,
                &format!(
                    "the server answered {status} {}:\n{why}",
                    body["code"].as_str().unwrap_or("error")
                ),
            );
        }
    }
    ExitCode::SUCCESS
}
