//! `sanbao serve`: the server's lifecycle (bind, open, seed, serve, shut down) and its
//! hourly timers (the old-part sweep and forgetting old idempotent answers).

use super::{fail, open};
use crate::clock::{Clock, SystemClock};
use crate::commands::{Ctx, idempotency, old_parts};
use crate::config::{Config, ServeLimits};
use crate::domain::warranty::business_date;
use crate::http::{self, AppState};
use crate::{fixtures, setup};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

/// How often the timers run.
const UPKEEP_INTERVAL: std::time::Duration = std::time::Duration::from_secs(3600);

/// Serves `path` on `listen` until Ctrl-C or SIGTERM.
pub(super) fn serve(path: PathBuf, listen: &str, demo: bool, issuer: Option<String>, limits: ServeLimits) -> ExitCode {
    no_huge_pages();
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
        setup::init(&db, clock.now())
    };
    if let Err(e) = prepared {
        eprintln!("sanbao: {}: {e}", super::shown(&path));
        return ExitCode::from(2);
    }
    if !demo && fixtures::is_demo(&db).unwrap_or(false) {
        tracing::warn!("this is a demo database served without --demo: the demo tokens are off");
    }
    let mut config = Config::new(path.clone());
    config.demo = demo;
    config.serve = limits;
    if let Some(issuer) = issuer.filter(|i| !i.trim().is_empty()) {
        config.issuer = issuer;
    }
    let state = AppState::new(db, clock, &config);
    runtime.block_on(async move {
        tracing::info!(
            "sanbao serving {} on http://{listen} (docs at /docs){}",
            super::shown(&path),
            if demo { ", demo mode" } else { "" }
        );
        tokio::spawn(upkeep(state.clone()));
        http::serve::run(listener, http::app(state), config.serve, shutdown()).await;
    });
    // Connections still open past the shutdown bound are dropped without waiting: every
    // acknowledged write was committed before it was answered.
    runtime.shutdown_background();
    ExitCode::SUCCESS
}

/// Turns transparent huge pages off for the server: a fault on a huge page zeroes 2 MiB and
/// may compact memory first, which stalls whichever thread touched it, the writer included.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: PR_SET_THP_DISABLE takes plain integers and touches no memory.
        if unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) } != 0 {
            let e = std::io::Error::last_os_error();
            tracing::info!(error = %e, "transparent huge pages stay as the system sets them");
        }
    }
}

/// Every hour: the old-part sweep for today's business date (idempotent, so the first run
/// after midnight does the day's work and the rest change nothing), and forgetting
/// idempotent answers older than seven days.
async fn upkeep(state: AppState) {
    let mut tick = tokio::time::interval(UPKEEP_INTERVAL);
    loop {
        tick.tick().await;
        let today = business_date(state.clock.now());
        let result = state
            .writer
            .execute(move |w, now| old_parts::sweep(w, &Ctx::system("system:sweep", now), today))
            .await;
        match result {
            Ok(r) if !r.overdue_tags.is_empty() || !r.closed_requests.is_empty() => {
                tracing::info!(
                    "sweep {today}: {} tags overdue, {} claim lines rejected, {} service requests closed",
                    r.overdue_tags.len(),
                    r.rejected_lines.len(),
                    r.closed_requests.len()
                )
            }
            Ok(_) => {}
            Err(e) => tracing::error!("sweep {today} failed: {e}"),
        }
        let purged = state
            .writer
            .execute(|w, now| {
                let ctx = Ctx::system("system:purge", now);
                idempotency::purge(w, &ctx, idempotency::KEEP_DAYS)
            })
            .await;
        if let Err(e) = purged {
            tracing::error!("purging idempotency keys failed: {e}");
        }
    }
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
