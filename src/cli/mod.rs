//! The command line: clap definitions and dispatch. The server's lifecycle is in
//! [`serve`](mod@serve), the maintenance commands in [`maintenance`].

mod import;
mod import_campaign;
mod maintenance;
mod migrate;
mod serve;

use crate::config::{self, ServeLimits};
use crate::remote;
use crate::store::{Db, OpenError};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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
        /// A PostgreSQL database (postgres://…) instead of a file; wins over --db.
        #[arg(long, env = "SANBAO_STORE")]
        store: Option<String>,
        /// Address to listen on.
        #[arg(long, env = "SANBAO_LISTEN", default_value = "127.0.0.1:8080")]
        listen: String,
        /// Seed the embedded demo data into an empty database and accept the demo tokens.
        #[arg(long)]
        demo: bool,
        /// The issuer printed on documents (the manufacturer's name) [default: 制造商售后服务部].
        #[arg(long, env = "SANBAO_ISSUER")]
        issuer: Option<String>,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Reconciles a database no server holds: exit 0 balanced, 1 not, 2 in use.
    Check {
        /// Database file.
        #[arg(long, env = "SANBAO_DB", default_value = "data/sanbao.redb")]
        db: PathBuf,
        /// A PostgreSQL database (postgres://…) instead of a file.
        #[arg(long, env = "SANBAO_STORE")]
        store: Option<String>,
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
    /// Imports master data, opening stock or units from a CSV file (UTF-8 with or without
    /// BOM, or GBK) or an XLSX workbook whose first row names the columns. Every row is
    /// checked before anything is written; errors name the line and the field.
    Import {
        /// What the file holds.
        #[arg(value_enum)]
        kind: ImportKind,
        /// The file.
        #[arg(long)]
        file: PathBuf,
        /// Skip rows whose record is already there (a re-run of a finished import is safe).
        #[arg(long)]
        skip_existing: bool,
        /// Check every row and report what would change, writing nothing.
        #[arg(long)]
        dry_run: bool,
        /// The campaign whose unit list the file holds (campaign-units only).
        #[arg(long)]
        campaign: Option<String>,
        #[command(flatten)]
        target: Target,
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
        /// Sold units the database should hold besides the demo's (for the analytics).
        #[arg(long, default_value_t = 0)]
        units: u64,
        /// Warranty claims on those units, filed and submitted.
        #[arg(long, default_value_t = 0)]
        claims: u64,
    },
    /// Creates or upgrades the tables of a PostgreSQL database (postgres://…) or a file.
    MigrateSchema {
        /// The database.
        #[arg(long, env = "SANBAO_STORE")]
        store: String,
    },
    /// Copies a whole database into a new one, either way between a file (redb:PATH) and
    /// PostgreSQL (postgres://…), then reconciles the copy.
    Migrate {
        /// The source: redb:PATH, a file path, or postgres://….
        #[arg(long)]
        from: String,
        /// The target, holding no records yet.
        #[arg(long)]
        to: String,
    },
}

/// What an import file holds; the columns of each are in the README.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ImportKind {
    /// part_no, name, unit, barcodes (separated by ;), standard_cost_fen, dealer_price_fen,
    /// supplier, warranty_covered, return_required, wear_part.
    Parts,
    /// code, name, kind, dealer.
    Locations,
    /// code, name.
    Dealers,
    /// code, name, parts_pct, labor_pct, claim_window_months, min_amount_fen.
    Suppliers,
    /// location, part_no, qty, unit_cost_fen: posted as receipts, Dr inventory / Cr opening:balance.
    OpeningStock,
    /// serial, model, dealer, customer, sale_date, acceptance_date.
    Units,
    /// serial, dealer (optional): the unit list of the campaign named by --campaign.
    CampaignUnits,
}

impl From<ImportKind> for crate::import_plan::Kind {
    fn from(k: ImportKind) -> Self {
        use crate::import_plan::Kind;
        match k {
            ImportKind::Parts => Kind::Parts,
            ImportKind::Locations => Kind::Locations,
            ImportKind::Dealers => Kind::Dealers,
            ImportKind::Suppliers => Kind::Suppliers,
            ImportKind::OpeningStock => Kind::OpeningStock,
            ImportKind::Units => Kind::Units,
            ImportKind::CampaignUnits => Kind::CampaignUnits,
        }
    }
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
    /// A PostgreSQL database (postgres://…) instead of a file.
    #[arg(long, env = "SANBAO_STORE", conflicts_with = "url")]
    store: Option<String>,
    /// A running server, e.g. http://127.0.0.1:8080.
    #[arg(long, requires = "token")]
    url: Option<String>,
    /// An admin token of that server.
    #[arg(long, env = "SANBAO_TOKEN")]
    token: Option<String>,
}

/// An opened [`Target`].
enum Via {
    Local(Db),
    Remote(remote::Server),
}

impl Target {
    fn open(self) -> Result<Via, ExitCode> {
        match self.url {
            Some(url) => remote::Server::new(&url, self.token.as_deref().unwrap_or_default())
                .map(Via::Remote)
                .map_err(fail),
            None => match self.store {
                Some(url) => open(Path::new(&url)).map(Via::Local),
                None => open(&self.db.unwrap_or_else(|| PathBuf::from("data/sanbao.redb"))).map(Via::Local),
            },
        }
    }
}

/// Prints `e` as the command's failure and exits 1.
fn fail(e: impl std::fmt::Display) -> ExitCode {
    eprintln!("sanbao: {e}");
    ExitCode::FAILURE
}

#[derive(Debug, Subcommand)]
enum UnitsAction {
    /// Imports units from a CSV file (header `serial,model,dealer,customer,sale_date[,acceptance_date][,built_on]`)
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

/// How a database is named in messages and logs: a file by its path, a PostgreSQL URL
/// with its password (in the user part or as a `password=` parameter) hidden.
fn shown(path: &Path) -> String {
    let text = path.to_string_lossy();
    let Some((scheme, rest)) = text.split_once("://") else {
        return text.into_owned();
    };
    let (authority, tail) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
    let authority = match authority.rsplit_once('@') {
        Some((user, host)) if user.contains(':') => {
            format!("{}:***@{host}", user.split(':').next().unwrap_or_default())
        }
        _ => authority.to_owned(),
    };
    let tail: Vec<String> = tail
        .split('&')
        .map(|part| match part.split_once("password=") {
            Some((before, _)) => format!("{before}password=***"),
            None => part.to_owned(),
        })
        .collect();
    format!("{scheme}://{authority}{}", tail.join("&"))
}

/// Opens a database file no server holds (or a `postgres://` database): exit 2 when a
/// server holds the file, 1 on any other failure.
fn open(path: &Path) -> Result<Db, ExitCode> {
    open_with(path, Db::open_store)
}

/// Opens the store at `path` with `open` (one of `Db`'s openers), as [`open`].
fn open_with(path: &Path, open: fn(&str) -> Result<Db, OpenError>) -> Result<Db, ExitCode> {
    open(&path.to_string_lossy()).map_err(|e| {
        eprintln!("sanbao: {}: {e}", shown(path));
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
            store,
            listen,
            demo,
            issuer,
            limits,
        } => {
            let path = store.map(PathBuf::from).or(db);
            let path = path.unwrap_or_else(|| PathBuf::from(if demo { "data/demo.redb" } else { "data/sanbao.redb" }));
            serve::serve(path, &listen, demo, issuer, limits.limits())
        }
        Command::Check { db, store } => maintenance::check(&store.map(PathBuf::from).unwrap_or(db)),
        Command::Generate {
            db,
            entries,
            units,
            claims,
        } => maintenance::generate(&db, entries, units, claims),
        Command::Token {
            action:
                TokenAction::Create {
                    role,
                    name,
                    dealer,
                    locations,
                    target,
                },
        } => maintenance::token(
            maintenance::TokenArgs {
                role,
                name,
                dealer,
                locations,
            },
            target,
        ),
        Command::Sweep { date, target } => maintenance::sweep(date, target),
        Command::Backup { out, target } => maintenance::backup(&out, target),
        Command::Units {
            action: UnitsAction::Import { file, batch, target },
        } => maintenance::import_units(&file, batch, target),
        Command::Openapi { out } => maintenance::openapi(out.as_deref()),
        Command::Import {
            kind,
            file,
            skip_existing,
            dry_run,
            campaign,
            target,
        } => import::import(
            &file,
            import::ImportArgs {
                kind: kind.into(),
                skip_existing,
                dry_run,
                campaign,
            },
            target,
        ),
        Command::MigrateSchema { store } => migrate::schema(&store),
        Command::Migrate { from, to } => migrate::migrate(&from, &to),
    }
}

#[cfg(test)]
mod tests {
    use super::shown;
    use std::path::Path;

    #[test]
    fn a_database_is_named_without_its_password() {
        let cases = [
            ("data/sanbao.redb", "data/sanbao.redb"),
            (
                "postgres://sanbao@127.0.0.1:5432/sanbao",
                "postgres://sanbao@127.0.0.1:5432/sanbao",
            ),
            (
                "postgres://sanbao:s3cr@t@db:5432/sanbao",
                "postgres://sanbao:***@db:5432/sanbao",
            ),
            (
                "postgresql://db/sanbao?user=sanbao&password=s3cret&sslmode=disable",
                "postgresql://db/sanbao?user=sanbao&password=***&sslmode=disable",
            ),
        ];
        for (given, expected) in cases {
            assert_eq!(shown(Path::new(given)), expected);
        }
    }
}
