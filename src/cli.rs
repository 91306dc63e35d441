//! The command line: `serve`, `check`, `token create`, `openapi`, `generate`.

use crate::clock::{Clock, SystemClock};
use crate::commands::{Ctx, old_parts, tokens};
use crate::config::{self, Config, ServeLimits};
use crate::domain::auth::Role;
use crate::domain::warranty::business_date;
use crate::http::{self, AppState};
use crate::queries::reconciliation;
use crate::store::{Db, OpenError};
use crate::{error, fixtures, remote};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// sanbao: after-sales spare parts and warranty on transactional ledgers.
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serves the HTTP API (and /docs).
    Serve {
        /// Database file [default: ./data/sanbao.redb, or ./data/demo.redb with --demo].
        #[arg(long, env = "SANBAO_DB")]
        db: Option<PathBuf>,
        /// Address to listen on.
        #[arg(long, env = "SANBAO_LISTEN", default_value = "127.0.0.1:8080")]
        listen: String,
        /// Seed the embedded demo data into an empty database and accept the demo tokens.
        #[arg(long)]
        demo: bool,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Reconciles a database no server holds: exit 0 balanced, 1 not, 2 in use.
    Check {
        /// Database file.
        #[arg(long, env = "SANBAO_DB", default_value = "data/sanbao.redb")]
        db: PathBuf,
    },
    /// Manages API tokens.
    Token {
        #[command(subcommand)]
        action: TokenAction,
    },
    /// Runs the old-part deadline sweep: overdue tags reject their claim lines. With --url
    /// and --token it asks a running server; with --db it works on a file no server holds.
    Sweep {
        /// Sweep as of this business date (default: today, China Standard Time).
        #[arg(long)]
        date: Option<chrono::NaiveDate>,
        #[command(flatten)]
        target: Target,
    },
    /// Makes a consistent copy of a database: of a running server with --url and --token,
    /// or of a file no server holds with --db.
    Backup {
        /// Where to write the copy (must not exist).
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        target: Target,
    },
    /// Manages units.
    Units {
        #[command(subcommand)]
        action: UnitsAction,
    },
    /// Writes the OpenAPI document.
    Openapi {
        /// Output file (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Builds a benchmark database: the demo data, then receipts and transfers posted
    /// through the real commands until the stock ledger holds --entries entries.
    Generate {
        /// Database file (a new file, or one this command or demo mode made before).
        #[arg(long)]
        db: PathBuf,
        /// Stock ledger entries the database should hold.
        #[arg(long, default_value_t = 1_000_000)]
        entries: u64,
    },
}

/// Connection limits of `serve` (defaults and the connection cap in `config.rs`).
#[derive(Debug, clap::Args)]
struct LimitArgs {
    /// Longest wait for a request's headers, in milliseconds: from accept, or from the first
    /// byte of a keep-alive connection's next request.
    #[arg(long, env = "SANBAO_HEADER_TIMEOUT_MS", default_value_t = config::HEADER_TIMEOUT_MS,
        value_parser = clap::value_parser!(u64).range(1..))]
    header_timeout_ms: u64,
    /// Longest a keep-alive connection may sit idle, in milliseconds.
    #[arg(long, env = "SANBAO_IDLE_TIMEOUT_MS", default_value_t = config::IDLE_TIMEOUT_MS,
        value_parser = clap::value_parser!(u64).range(1..))]
    idle_timeout_ms: u64,
    /// Longest wait for requests in flight after SIGTERM, in milliseconds.
    #[arg(long, env = "SANBAO_SHUTDOWN_TIMEOUT_MS", default_value_t = config::SHUTDOWN_TIMEOUT_MS)]
    shutdown_timeout_ms: u64,
    /// Most open connections; the open-file limit less 64 lowers it.
    #[arg(long, env = "SANBAO_CONNECTIONS_MAX", default_value_t = config::CONNECTIONS_MAX,
        value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    connections_max: usize,
}

impl LimitArgs {
    fn limits(&self) -> ServeLimits {
        use std::time::Duration;
        ServeLimits {
            header_timeout: Duration::from_millis(self.header_timeout_ms),
            idle_timeout: Duration::from_millis(self.idle_timeout_ms),
            shutdown_timeout: Duration::from_millis(self.shutdown_timeout_ms),
            connections_max: self.connections_max,
            ..ServeLimits::default()
        }
    }
}

/// Where a maintenance command works: a database file no server holds, or a running server.
#[derive(Debug, clap::Args)]
struct Target {
    /// Database file (no server may hold it) [default: ./data/sanbao.redb].
    #[arg(long, env = "SANBAO_DB", conflicts_with = "url")]
    db: Option<PathBuf>,
    /// A running server, e.g. http://127.0.0.1:8080.
    #[arg(long, requires = "token")]
    url: Option<String>,
    /// An admin token of that server.
    #[arg(long, env = "SANBAO_TOKEN")]
    token: Option<String>,
}

enum Via {
    Local(Db),
    Remote { url: String, token: String },
}

impl Target {
    fn open(self) -> Result<Via, ExitCode> {
        match self.url {
            Some(url) => Ok(Via::Remote {
                url,
                token: self.token.unwrap_or_default(),
            }),
            None => open(&self.db.unwrap_or_else(|| PathBuf::from("data/sanbao.redb"))).map(Via::Local),
        }
    }
}

fn fail(e: impl std::fmt::Display) -> ExitCode {
    eprintln!("sanbao: {e}");
    ExitCode::FAILURE
}

#[derive(Debug, Subcommand)]
enum UnitsAction {
    /// Imports units from a CSV file (header `serial,model,dealer,customer,sale_date[,acceptance_date]`)
    /// or JSON lines, in batches, with a progress bar. Each batch is all or nothing; a
    /// refused batch stops the import and names the row.
    Import {
        /// The file.
        #[arg(long)]
        file: PathBuf,
        /// Units per request.
        #[arg(long, default_value_t = 500)]
        batch: usize,
        #[command(flatten)]
        target: Target,
    },
}

#[derive(Debug, Subcommand)]
enum TokenAction {
    /// Creates a token and prints its secret once. With --db it works on a file no server
    /// holds (how the first admin is made); with --url and --token it asks a running server.
    Create {
        /// admin, clerk, supervisor, dealer, reviewer or finance.
        #[arg(long)]
        role: String,
        /// Label.
        #[arg(long, default_value = "cli")]
        name: String,
        /// Dealer code (dealer tokens).
        #[arg(long)]
        dealer: Option<String>,
        /// Location a clerk may post at (repeatable; none = all).
        #[arg(long = "location")]
        locations: Vec<String>,
        #[command(flatten)]
        target: Target,
    },
}

fn open(path: &Path) -> Result<Db, ExitCode> {
    Db::open(path).map_err(|e| {
        eprintln!("sanbao: {}: {e}", path.display());
        match e {
            OpenError::InUse => ExitCode::from(2),
            OpenError::Other(_) => ExitCode::from(1),
        }
    })
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Serve {
            db,
            listen,
            demo,
            limits,
        } => {
            let path = db.unwrap_or_else(|| PathBuf::from(if demo { "data/demo.redb" } else { "data/sanbao.redb" }));
            serve(path, &listen, demo, limits.limits())
        }
        Command::Check { db } => check(&db),
        Command::Generate { db, entries } => generate(&db, entries),
        Command::Token { action } => token(action),
        Command::Sweep { date, target } => sweep(date, target),
        Command::Backup { out, target } => backup(&out, target),
        Command::Units {
            action: UnitsAction::Import { file, batch, target },
        } => import(&file, batch, target),
        Command::Openapi { out } => {
            let doc = http::openapi_json();
            match out {
                None => print!("{doc}"),
                Some(p) => {
                    if let Err(e) = std::fs::write(&p, doc) {
                        eprintln!("sanbao: {}: {e}", p.display());
                        return ExitCode::FAILURE;
                    }
                }
            }
            ExitCode::SUCCESS
        }
    }
}

fn serve(path: PathBuf, listen: &str, demo: bool, limits: ServeLimits) -> ExitCode {
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => return fail(format!("cannot start the async runtime: {e}")),
    };
    // Bind before the database is opened or seeded, so a busy port leaves no file behind.
    let listener = match runtime.block_on(tokio::net::TcpListener::bind(listen)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("sanbao: cannot listen on {listen}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let db = match open(&path) {
        Ok(db) => Arc::new(db),
        Err(code) => return code,
    };
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let prepared = if demo {
        fixtures::load_demo(&db, clock.now())
    } else {
        fixtures::init(&db, clock.now())
    };
    if let Err(e) = prepared {
        eprintln!("sanbao: {}: {e}", path.display());
        return ExitCode::from(2);
    }
    if !demo && fixtures::is_demo(&db).unwrap_or(false) {
        tracing::warn!("this is a demo database served without --demo: the demo tokens are off");
    }
    let mut config = Config::new(path.clone());
    config.demo = demo;
    config.serve = limits;
    let state = AppState::new(db, clock, &config);
    runtime.block_on(async move {
        tracing::info!(
            "sanbao serving {} on http://{listen} (docs at /docs){}",
            path.display(),
            if demo { ", demo mode" } else { "" }
        );
        tokio::spawn(sweep_daily(state.clone()));
        http::serve::run(listener, http::app(state), config.serve, shutdown()).await;
    });
    // Connections still open past the shutdown bound are dropped without waiting: every
    // acknowledged write was committed before it was answered.
    runtime.shutdown_background();
    ExitCode::SUCCESS
}

/// Every hour: the old-part sweep for today's business date (idempotent, so the first run
/// after midnight does the day's work and the rest change nothing), and forgetting
/// idempotent answers older than seven days.
async fn sweep_daily(state: AppState) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        tick.tick().await;
        let today = business_date(state.clock.now());
        let result = state
            .writer
            .execute(move |w, now| old_parts::sweep(w, &Ctx::system("system:sweep", now), today))
            .await;
        match result {
            Ok(r) if !r.overdue_tags.is_empty() => {
                tracing::info!(
                    "sweep {today}: {} tags overdue, {} claim lines rejected",
                    r.overdue_tags.len(),
                    r.rejected_lines.len()
                )
            }
            Ok(_) => {}
            Err(e) => tracing::error!("sweep {today} failed: {e}"),
        }
        let purged = state
            .writer
            .execute(|w, now| {
                let ctx = Ctx::system("system:purge", now);
                crate::commands::maintenance::purge_idempotency(
                    w,
                    &ctx,
                    crate::commands::maintenance::IDEMPOTENCY_KEEP_DAYS,
                )
            })
            .await;
        if let Err(e) = purged {
            tracing::error!("purging idempotency keys failed: {e}");
        }
    }
}

fn sweep(date: Option<chrono::NaiveDate>, target: Target) -> ExitCode {
    let result = match target.open() {
        Err(code) => return code,
        Ok(Via::Remote { url, token }) => {
            let body = serde_json::json!({ "date": date }).to_string();
            remote::call(&url, "POST", "/api/v1/admin/sweep", &token, body.as_bytes(), 200)
                .map(|b| String::from_utf8_lossy(&b).into_owned())
        }
        Ok(Via::Local(db)) => {
            let now = SystemClock.now();
            let ctx = Ctx::system("cli:sweep", now);
            let date = date.unwrap_or_else(|| business_date(now));
            db.write_once(|w| old_parts::sweep(w, &ctx, date))
                .map(|r| serde_json::to_string(&r).unwrap_or_default())
                .map_err(|e| e.to_string())
        }
    };
    match result {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

fn backup(out: &Path, target: Target) -> ExitCode {
    if out.exists() {
        eprintln!("sanbao: {} already exists", out.display());
        return ExitCode::from(2);
    }
    let done = match target.open() {
        Err(code) => return code,
        Ok(Via::Remote { url, token }) => remote::call(&url, "POST", "/api/v1/admin/backup", &token, b"", 200)
            .and_then(|bytes| std::fs::write(out, bytes).map_err(|e| e.to_string())),
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

fn import(file: &Path, batch: usize, target: Target) -> ExitCode {
    let units = match std::fs::read_to_string(file)
        .map_err(|e| e.to_string())
        .and_then(|t| crate::import::parse_units(&t))
    {
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
    let batch = batch.clamp(1, crate::commands::units::IMPORT_UNITS_MAX);
    let (total, mut done) = (units.len(), 0);
    crate::import::progress(0, total);
    for chunk in units.chunks(batch) {
        let outcome = match &via {
            Via::Local(db) => {
                let ctx = Ctx::system("cli:import", SystemClock.now());
                db.write_once(|w| crate::commands::units::import_units(w, &ctx, chunk.to_vec()))
                    .map_err(|e| e.to_string())
            }
            Via::Remote { url, token } => {
                let body = serde_json::json!({ "units": chunk.iter().map(unit_json).collect::<Vec<_>>() }).to_string();
                remote::call(url, "POST", "/api/v1/units/import", token, body.as_bytes(), 201).map(|_| chunk.len())
            }
        };
        match outcome {
            Ok(n) => {
                done += n;
                crate::import::progress(done, total);
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

fn unit_json(u: &crate::commands::units::UnitInput) -> serde_json::Value {
    serde_json::json!({"serial": u.serial, "model": u.model, "dealer": u.dealer, "customer": u.customer,
        "sale_date": u.sale_date, "acceptance_date": u.acceptance_date})
}

/// Completes on Ctrl-C or SIGTERM.
async fn shutdown() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut term) => tokio::select! { _ = ctrl_c => {}, _ = term.recv() => {} },
            Err(e) => {
                tracing::warn!("no SIGTERM handler ({e}); only Ctrl-C stops the server");
                let _ = ctrl_c.await;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}

fn check(path: &Path) -> ExitCode {
    if !path.exists() {
        eprintln!("sanbao: {}: no such database", path.display());
        return ExitCode::from(2);
    }
    let db = match open(path) {
        Ok(db) => db,
        Err(code) => return code,
    };
    let report = match db
        .read()
        .map_err(error::Error::from)
        .and_then(|r| reconciliation::run(&r))
    {
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

fn generate(path: &Path, entries: u64) -> ExitCode {
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
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("sanbao: {}: {e}", path.display());
            ExitCode::FAILURE
        }
    }
}

fn token(action: TokenAction) -> ExitCode {
    let TokenAction::Create {
        role,
        name,
        dealer,
        locations,
        target,
    } = action;
    let Some(role) = Role::parse(&role) else {
        eprintln!("sanbao: unknown role {role}: use admin, clerk, supervisor, dealer, reviewer or finance");
        return ExitCode::from(2);
    };
    let input = tokens::TokenInput {
        name,
        role,
        dealer,
        locations,
    };
    let created = match target.open() {
        Err(code) => return code,
        Ok(Via::Remote { url, token }) => {
            let body = serde_json::json!({ "name": input.name, "role": input.role, "dealer": input.dealer, "locations": input.locations });
            remote::call(&url, "POST", "/api/v1/tokens", &token, body.to_string().as_bytes(), 201)
                .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).map_err(|e| e.to_string()))
                .map(|v| {
                    (
                        v["secret"].as_str().unwrap_or_default().to_string(),
                        v["token"]["id"].as_str().unwrap_or("?").to_string(),
                    )
                })
        }
        Ok(Via::Local(db)) => {
            let ctx = Ctx::system("cli", SystemClock.now());
            fixtures::init(&db, ctx.now)
                .and_then(|()| db.write_once(|w| tokens::create(w, &ctx, input)))
                .map(|t| (t.secret.unwrap_or_default(), t.token.id))
                .map_err(|e| e.to_string())
        }
    };
    match created {
        Ok((secret, id)) => {
            println!("{secret}");
            eprintln!("created {id} ({}); the secret above is shown only once", role.as_str());
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}
