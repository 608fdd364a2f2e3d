//! `kokuho`: the single binary. Subcommands for operators; `serve` for the API.
//!
//! The CLI acts as a named operator (`--as LOGIN`, or `KOKUHO_OPERATOR`): every command runs as
//! that user's actor, with its permissions, and is audited like a request.

mod cli;
mod progress;

use std::process::ExitCode;

use clap::Parser;
use clap::error::{ContextKind, ErrorKind};

/// mimalloc rather than glibc's malloc: see Cargo.toml.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = match cli::Args::try_parse() {
        Ok(args) => args,
        Err(e) => return argument_error(&e),
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("KOKUHO_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,kokuho=info")),
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

/// clap's own messages are English; staff get Japanese ones (help and version print as usual).
fn argument_error(e: &clap::Error) -> ExitCode {
    let what = || {
        e.get(ContextKind::InvalidArg)
            .or_else(|| e.get(ContextKind::InvalidSubcommand))
            .map(ToString::to_string)
            .unwrap_or_default()
    };
    let message = match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        ErrorKind::UnknownArgument => format!("知らないオプションです: {}", what()),
        ErrorKind::InvalidSubcommand => format!("知らないコマンドです: {}", what()),
        ErrorKind::MissingRequiredArgument => format!("必要な指定がありません: {}", what()),
        ErrorKind::MissingSubcommand => "コマンドを指定してください".to_string(),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => format!("値が正しくありません: {}", what()),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::ArgumentConflict => {
            format!("指定の組合せが正しくありません: {}", what())
        }
        _ => "引数が正しくありません".to_string(),
    };
    eprintln!("エラー: {message}\n使い方は `kokuho --help` で確認できます");
    ExitCode::from(2)
}
