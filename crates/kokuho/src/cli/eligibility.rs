//! 資格 commands: file imports (住民異動, 所得) and the 75歳到達 transitions.

use std::path::PathBuf;

use anyhow::{Result, anyhow, bail};
use clap::Subcommand;
use kokuho_interchange::Encoding;

use super::context::{Global, file_name, open_app, operator, read_file};
use crate::progress;

#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// 住民異動ファイル（CSV, UTF-8 または Shift_JIS）
    ResidentChanges { file: PathBuf },
    /// 所得ファイル（CSV, UTF-8 または Shift_JIS）
    Incomes { file: PathBuf },
}

pub fn import(args: &Global, cmd: &ImportCommand) -> Result<()> {
    let app = open_app(args, false)?;
    let actor = operator(args, &app)?;
    let path = match cmd {
        ImportCommand::ResidentChanges { file } | ImportCommand::Incomes { file } => file,
    };
    let bytes = read_file(path)?;
    let name = file_name(path);
    let result = match cmd {
        ImportCommand::Incomes { .. } => {
            let pb = progress::spinner(&format!("{name}（所得）を取り込んでいます"));
            let r = app.import_incomes_file(&actor, &name, &bytes, Encoding::Auto);
            pb.finish_and_clear();
            r.map(|s| format!("所得: 登録{}件、変更なし{}件", s.recorded, s.unchanged))
        }
        ImportCommand::ResidentChanges { .. } => {
            let pb = progress::spinner(&format!("{name}（住民異動）を取り込んでいます"));
            let r = app.import_resident_changes_file(&actor, &name, &bytes, Encoding::Auto);
            pb.finish_and_clear();
            r.map(|s| {
                format!(
                    "住民異動: 適用{}件、適用済み{}件、資格の自動処理{}件、作業リスト{}件",
                    s.applied, s.already_applied, s.automatic_eligibility, s.work_items
                )
            })
        }
    };
    match result {
        Ok(msg) => {
            println!("{msg}");
            Ok(())
        }
        Err(kokuho_app::AppError::BadFile(lines)) => {
            for l in &lines {
                match (l.line, &l.field) {
                    (0, _) => eprintln!("{}", l.message),
                    (n, Some(field)) => eprintln!("{n}行目 {field}: {}", l.message),
                    (n, None) => eprintln!("{n}行目: {}", l.message),
                }
            }
            bail!(
                "{}件の誤りがあるため取り込みませんでした（データベースは変更されていません）",
                lines.len()
            )
        }
        Err(e) => Err(e.into()),
    }
}

/// `kokuho age-transitions`: 75歳到達 → 後期高齢者医療 (資格喪失) up to `until` (default: today).
pub fn age_transitions(args: &Global, until: Option<&str>) -> Result<()> {
    let app = open_app(args, false)?;
    let actor = operator(args, &app)?;
    let until = match until {
        Some(s) => kokuho_domain::kernel::date::parse_date(s).map_err(|e| anyhow!("--until: {e}"))?,
        None => app.clock().today(),
    };
    let n = app.apply_age_transitions(&actor, until)?;
    println!("{n}人を後期高齢者医療への移行により資格喪失としました");
    Ok(())
}
