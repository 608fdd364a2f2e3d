//! `kokuho calc …`: the calculators of spec/calculators.md on the command line. They open no
//! database: JSON in (a file or stdin), JSON out on stdout. Bad input prints the contract's
//! error document on stdout and fails (non-zero exit, the message on stderr). Reading the
//! document and writing the result or the error document is kokuho-contract's, shared with the
//! HTTP API.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};
use clap::Subcommand;
use kokuho_contract::{Calculator, Layout};
use kokuho_domain::contract::CalcError;

#[derive(Subcommand, Debug)]
pub enum CalcCommand {
    /// 保険料の試算
    Premium {
        /// 入力 JSON のファイル（省略時は標準入力）
        #[arg(long)]
        input: Option<PathBuf>,
    },
    /// 高額療養費の試算
    HighCost {
        /// 入力 JSON のファイル（省略時は標準入力）
        #[arg(long)]
        input: Option<PathBuf>,
    },
    /// 延滞金の試算
    LateFee {
        /// 入力 JSON のファイル（省略時は標準入力）
        #[arg(long)]
        input: Option<PathBuf>,
    },
}

/// `kokuho calc premium|high-cost|late-fee`.
pub fn dispatch(cmd: &CalcCommand) -> Result<()> {
    match cmd {
        CalcCommand::Premium { input } => premium(input.as_deref()),
        CalcCommand::HighCost { input } => high_cost(input.as_deref()),
        CalcCommand::LateFee { input } => late_fee(input.as_deref()),
    }
}

/// Reads `input` (stdin when `None`) and prints the premium result or the error document.
pub fn premium(input: Option<&Path>) -> Result<()> {
    run(input, Calculator::Premium)
}

/// Reads `input` (stdin when `None`) and prints the high-cost result or the error document.
pub fn high_cost(input: Option<&Path>) -> Result<()> {
    run(input, Calculator::HighCost)
}

/// Reads `input` (stdin when `None`) and prints the late-fee result or the error document.
pub fn late_fee(input: Option<&Path>) -> Result<()> {
    run(input, Calculator::LateFee)
}

/// One calculator: the contract's document in, its result or error document out.
fn run(input: Option<&Path>, calculator: Calculator) -> Result<()> {
    match read(input).and_then(|text| kokuho_contract::run(calculator, &text, Layout::Pretty)) {
        Ok(result) => {
            println!("{result}");
            Ok(())
        }
        Err(e) => {
            println!("{}", kokuho_contract::error_document(&e));
            Err(anyhow!("{}", e.message))
        }
    }
}

fn read(input: Option<&Path>) -> Result<String, CalcError> {
    let io = |what: String| CalcError::invalid("", what);
    let mut text = String::new();
    match input {
        Some(path) => {
            let mut f = std::fs::File::open(path)
                .map_err(|e| io(format!("入力ファイル {} を開けません（{}）", path.display(), e.kind())))?;
            f.read_to_string(&mut text).map_err(|_| {
                io(format!(
                    "入力ファイル {} を UTF-8 の JSON として読めません",
                    path.display()
                ))
            })?;
        }
        None => {
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|_| io("標準入力を UTF-8 の JSON として読めません".into()))?;
        }
    }
    Ok(text)
}
