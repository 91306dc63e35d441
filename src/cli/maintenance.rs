//! The maintenance commands: `check`, `token create`, `sweep`, `backup`, `units import`,
//! `openapi` and `generate`. Those with a [`Target`] work on a file no server holds or ask a
//! running server with the API's own request and response bodies.

use super::{Target, Via, fail, open, open_with};
use crate::clock::{Clock, SystemClock};
use crate::commands::tokens;
use crate::commands::{Ctx, old_parts, units};
use crate::domain::auth::Role;
use crate::domain::validate::normalize_code;
use crate::domain::warranty::business_date;
use crate::http;
use crate::http::dto::Wire;
use crate::http::dto::old_parts::{SweepInput, SweepResult};
use crate::http::dto::system::{CreatedToken, TokenInput};
use crate::http::dto::warranty::{ImportInput, ImportResult};
use crate::queries::reconciliation;
use crate::{import, setup};
use std::path::Path;
use std::process::ExitCode;

/// Reconciles a database no server holds: exit 0 balanced, 1 not, 2 missing or in use.
pub(super) fn check(path: &Path) -> ExitCode {
    if !path.exists() && !crate::store::is_store_url(&path.to_string_lossy()) {
        eprintln!("sanbao: {}: no such database", super::shown(path));
        return ExitCode::from(2);
    }
    let db = match open_with(path, crate::store::Db::open_store_to_scan) {
        Ok(db) => db,
        Err(code) => return code,
    };
    let report = match reconciliation::run_latest(&db) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("sanbao: {e}");
            return ExitCode::from(2);
        }
    };
    let c = &report.checked;
    println!(
        "checked {} journal entries, {} stock entries, {} accounts, {} stock balances",
        c.journal_entries, c.stock_entries, c.accounts, c.stock_balances
    );
    for d in &report.differences {
        println!(
            "DIFFERENCE {}: {}{}",
            d.code,
            d.message,
            d.document.as_ref().map(|x| format!(" [{x}]")).unwrap_or_default()
        );
    }
    if report.balanced {
        println!("balanced");
        ExitCode::SUCCESS
    } else {
        println!("NOT balanced: {} differences", report.difference_count);
        ExitCode::from(1)
    }
}

/// Fills a benchmark database up to `entries` stock ledger entries.
pub(super) fn generate(path: &Path, entries: u64, units: u64, claims: u64) -> ExitCode {
    let db = match open(path) {
        Ok(db) => db,
        Err(code) => return code,
    };
    let started = std::time::Instant::now();
    match crate::generate::run(&db, entries, SystemClock.now(), true) {
        Ok(g) => {
            println!(
                "{}: {} stock ledger entries ({} added by {} receipts and {} transfers in {:.1} s)",
                path.display(),
                g.after,
                g.after - g.before,
                g.receipts,
                g.transfers,
                started.elapsed().as_secs_f64()
            );
            if units == 0 {
                return ExitCode::SUCCESS;
            }
            match crate::fleet::run(&db, units, claims, SystemClock.now(), true) {
                Ok(f) => {
                    println!(
                        "{}: {} generated units, {} generated claims ({:.1} s in all)",
                        path.display(),
                        f.units,
                        f.claims,
                        started.elapsed().as_secs_f64()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("sanbao: {}: {e}", path.display());
                    ExitCode::FAILURE
                }
            }
        }
        Err(e) => {
            eprintln!("sanbao: {}: {e}", path.display());
            ExitCode::FAILURE
        }
    }
}

/// Writes the OpenAPI document to `out`, or to standard output.
pub(super) fn openapi(out: Option<&Path>) -> ExitCode {
    let doc = http::openapi_json();
    match out {
        None => print!("{doc}"),
        Some(p) => {
            if let Err(e) = std::fs::write(p, doc) {
                eprintln!("sanbao: {}: {e}", p.display());
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}

/// The fields of `token create`.
pub(super) struct TokenArgs {
    /// Role name, checked here (exit 2 when unknown).
    pub role: String,
    /// Label.
    pub name: String,
    /// Dealer code of a dealer token.
    pub dealer: Option<String>,
    /// Locations a clerk may post at; empty = all.
    pub locations: Vec<String>,
}

/// Creates a token and prints its secret once (on an unheld file: the first admin).
pub(super) fn token(args: TokenArgs, target: Target) -> ExitCode {
    let Some(role) = Role::parse(&args.role) else {
        eprintln!(
            "sanbao: unknown role {}: use admin, clerk, supervisor, dealer, reviewer or finance",
            args.role
        );
        return ExitCode::from(2);
    };
    // Codes in their stored form, as the API takes them (`wh-01` is `WH-01`).
    let input = TokenInput {
        name: args.name,
        role: role.into(),
        dealer: args.dealer.as_deref().map(normalize_code),
        locations: args.locations.iter().map(|l| normalize_code(l)).collect(),
    };
    let created: Result<CreatedToken, String> = match target.open() {
        Err(code) => return code,
        Ok(Via::Remote(server)) => server.post_json("/api/v1/tokens", &input, 201),
        Ok(Via::Local(db)) => {
            let ctx = Ctx::system("cli", SystemClock.now());
            setup::init(&db, ctx.now)
                .and_then(|()| db.write_once(|w| tokens::create(w, &ctx, input.into())))
                .map(CreatedToken::from)
                .map_err(|e| e.to_string())
        }
    };
    match created {
        Ok(CreatedToken {
            token,
            secret: Some(secret),
        }) => {
            println!("{secret}");
            eprintln!(
                "created {} ({}); the secret above is shown only once",
                token.id,
                role.as_str()
            );
            ExitCode::SUCCESS
        }
        // Secrets are never stored, so a replayed answer cannot carry one.
        Ok(CreatedToken { token, secret: None }) => fail(format!(
            "the server answered without a secret for {}: revoke it and create another",
            token.id
        )),
        Err(e) => fail(e),
    }
}

/// Runs the old-part deadline sweep as of `date` (default: today's business date) and
/// prints what it did as JSON.
pub(super) fn sweep(date: Option<chrono::NaiveDate>, target: Target) -> ExitCode {
    let result: Result<SweepResult, String> = match target.open() {
        Err(code) => return code,
        Ok(Via::Remote(server)) => server.post_json("/api/v1/admin/sweep", &SweepInput { date }, 200),
        Ok(Via::Local(db)) => {
            let now = SystemClock.now();
            let ctx = Ctx::system("cli:sweep", now);
            let date = date.unwrap_or_else(|| business_date(now));
            db.write_once(|w| old_parts::sweep(w, &ctx, date))
                .map(SweepResult::from)
                .map_err(|e| e.to_string())
        }
    };
    match result.and_then(|r| serde_json::to_string(&r).map_err(|e| e.to_string())) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

/// Writes a consistent copy of the database to `out`, which must not exist. A copy that
/// does not arrive whole leaves no `out`.
pub(super) fn backup(out: &Path, target: Target) -> ExitCode {
    if out.exists() {
        eprintln!("sanbao: {} already exists", out.display());
        return ExitCode::from(2);
    }
    let done = match target.open() {
        Err(code) => return code,
        Ok(Via::Remote(server)) => server.download("/api/v1/admin/backup", out).map(drop),
        Ok(Via::Local(db)) => db.backup_to(out).map_err(|e| e.to_string()),
    };
    match done {
        Ok(()) => {
            eprintln!(
                "backup written to {0}; check it with `sanbao check --db {0}`",
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

/// Imports the units of `file` in batches of `batch`, each all or nothing; a refused batch
/// stops the import and names its rows.
pub(super) fn import_units(file: &Path, batch: usize, target: Target) -> ExitCode {
    let units = match import::read_units(file) {
        Ok(u) => u,
        Err(e) => {
            eprintln!("sanbao: {}: {e}", file.display());
            return ExitCode::from(2);
        }
    };
    let via = match target.open() {
        Ok(via) => via,
        Err(code) => return code,
    };
    let batch = batch.clamp(1, units::IMPORT_UNITS_MAX);
    let (total, mut done) = (units.len(), 0);
    import::progress(0, total);
    for chunk in units.chunks(batch) {
        let outcome = match &via {
            Via::Local(db) => {
                let ctx = Ctx::system("cli:import", SystemClock.now());
                db.write_once(|w| units::import_units(w, &ctx, chunk.to_vec().into_domain()))
                    .map_err(|e| e.to_string())
            }
            Via::Remote(server) => {
                let input = ImportInput { units: chunk.to_vec() };
                server
                    .post_json::<_, ImportResult>("/api/v1/units/import", &input, 201)
                    .map(|r| r.imported)
            }
        };
        match outcome {
            Ok(n) => {
                done += n;
                import::progress(done, total);
            }
            Err(e) => {
                eprintln!();
                return fail(format!("rows {}..{}: {e}", done + 1, done + chunk.len()));
            }
        }
    }
    eprintln!("imported {done} units");
    ExitCode::SUCCESS
}
