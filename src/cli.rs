//! The command line: `serve`, `check`, `token create`, `openapi`, `generate`.

use crate::clock::{Clock, SystemClock};
use crate::commands::{Ctx, tokens};
use crate::config::Config;
use crate::domain::auth::Role;
use crate::http::{self, AppState};
use crate::queries::reconciliation;
use crate::store::{Db, OpenError};
use crate::{error, fixtures};
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
        /// Database file.
        #[arg(long, env = "SANBAO_DB", conflicts_with = "url")]
        db: Option<PathBuf>,
        /// A running server, e.g. http://127.0.0.1:8080.
        #[arg(long, requires = "token")]
        url: Option<String>,
        /// An admin token of that server.
        #[arg(long, env = "SANBAO_TOKEN")]
        token: Option<String>,
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
        Command::Serve { db, listen, demo } => {
            let path = db.unwrap_or_else(|| PathBuf::from(if demo { "data/demo.redb" } else { "data/sanbao.redb" }));
            serve(path, &listen, demo)
        }
        Command::Check { db } => check(&db),
        Command::Generate { db, entries } => generate(&db, entries),
        Command::Token { action } => token(action),
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

fn serve(path: PathBuf, listen: &str, demo: bool) -> ExitCode {
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
    let state = AppState::new(db, clock, &config);
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(listen).await {
            Ok(l) => l,
            Err(e) => {
                eprintln!("sanbao: cannot listen on {listen}: {e}");
                return ExitCode::FAILURE;
            }
        };
        tracing::info!(
            "sanbao serving {} on http://{listen} (docs at /docs){}",
            path.display(),
            if demo { ", demo mode" } else { "" }
        );
        let served = axum::serve(listener, http::app(state))
            .with_graceful_shutdown(shutdown())
            .await;
        match served {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("sanbao: {e}");
                ExitCode::FAILURE
            }
        }
    })
}

async fn shutdown() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).expect("SIGTERM handler");
        tokio::select! { _ = ctrl_c => {}, _ = term.recv() => {} }
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
        db,
        url,
        token,
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
    if let Some(url) = url {
        return crate::remote::create_token(&url, token.as_deref().unwrap_or_default(), &input);
    }
    let path = db.unwrap_or_else(|| PathBuf::from("data/sanbao.redb"));
    let db = match open(&path) {
        Ok(db) => db,
        Err(code) => return code,
    };
    let now = SystemClock.now();
    let created = fixtures::init(&db, now).and_then(|()| {
        db.write_once(|w| {
            tokens::create(
                w,
                &Ctx {
                    actor: "cli".into(),
                    now,
                },
                input,
            )
        })
    });
    match created {
        Ok(t) => {
            println!("{}", t.secret);
            eprintln!(
                "created {} ({}); the secret above is shown only once",
                t.token.id,
                t.token.role.as_str()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("sanbao: {e}");
            ExitCode::FAILURE
        }
    }
}
