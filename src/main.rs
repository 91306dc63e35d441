//! The `sanbao` binary: logging, then the command line.

use clap::Parser;
use std::process::ExitCode;

/// mimalloc serves every allocation: a commit copies each page it changes into a new 4 KiB
/// buffer and frees the old one, which glibc's allocator serves from its general bins (about
/// a quarter of the writer's CPU) and mimalloc from a free list per size.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let (sink, log_thread) = match sanbao::log_sink::start(std::io::stderr(), sanbao::log_sink::QUEUE_LINES) {
        Ok(started) => started,
        Err(e) => {
            eprintln!("cannot start the log's thread: {e}");
            return ExitCode::FAILURE;
        }
    };
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .with_writer(sink)
        // Colour only for a person at a terminal: no escape codes in log files or pipes.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let code = sanbao::cli::run(sanbao::cli::Cli::parse());
    drop(log_thread);
    code
}
