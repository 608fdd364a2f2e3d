//! `kokuho`: the single binary. Subcommands for operators; `serve` for the API.
//!
//! The CLI acts as a named operator (`--as LOGIN`, or `KOKUHO_OPERATOR`): every command runs as
//! that user's actor, with its permissions, and is audited like a request.

mod cli;
mod demo;
mod progress;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("KOKUHO_LOG").unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,kokuho=info")),
        )
        .with_writer(std::io::stderr)
        .init();
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("エラー: {e:#}");
            ExitCode::from(2)
        }
    }
}
