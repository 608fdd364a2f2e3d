//! 監査 commands: verification of the journal and of the audit trail, and the rebuild of every
//! projection from the journal.

use anyhow::{Result, bail};
use clap::Subcommand;
use kokuho_app::journal::ChainReport;

use super::context::{Global, open_app, operator};
use crate::progress;

#[derive(Subcommand, Debug)]
pub enum JournalCommand {
    /// ハッシュ連鎖を検証し、最初の不正な記録を示す
    Verify,
    /// ジャーナルから現在の状態を再構築する
    Rebuild,
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// 監査ログのハッシュ連鎖を検証する
    Verify,
}

/// `kokuho journal verify|rebuild`.
pub fn journal(args: &Global, cmd: &JournalCommand) -> Result<()> {
    let app = open_app(args, false)?;
    let actor = operator(args, &app)?;
    match cmd {
        JournalCommand::Verify => report_chain("異動ジャーナル", &app.verify_journal(&actor)?),
        JournalCommand::Rebuild => {
            let pb = progress::spinner("ジャーナルから再構築しています");
            let n = app.rebuild_projections(&actor)?;
            pb.finish_and_clear();
            println!("{n}件の記録から再構築しました");
            Ok(())
        }
    }
}

/// `kokuho audit verify`.
pub fn audit(args: &Global, cmd: &AuditCommand) -> Result<()> {
    let app = open_app(args, false)?;
    let actor = operator(args, &app)?;
    match cmd {
        AuditCommand::Verify => report_chain("監査ログ", &app.verify_audit(&actor)?),
    }
}

fn report_chain(what: &str, r: &ChainReport) -> Result<()> {
    match &r.first_bad {
        None => {
            println!("{what}: {}件すべて正常です", r.entries);
            Ok(())
        }
        Some(bad) => bail!("{what}: {}番目の記録に問題があります: {}", bad.seq, bad.problem),
    }
}
