//! One-time secrets an operator is shown (the demo staff's API tokens, enrolment links): printed
//! on a terminal; when standard output is not one (a log file, a pipe, a service manager's
//! journal), written to a new file readable by the owner only (0600) whose path is printed
//! instead, so the secret never lands in a log.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Shows `lines` under `heading`: on the terminal, or in a new private file under `dir` named by
/// the time `now`.
pub fn show(dir: &Path, now: jiff::Timestamp, heading: &str, lines: &[String]) -> Result<()> {
    if std::io::stdout().is_terminal() {
        println!("{heading}");
        for line in lines {
            println!("{line}");
        }
        return Ok(());
    }
    let path = write_private(dir, now, heading, lines)?;
    println!(
        "{heading}\n（標準出力が端末ではないため、ログに残らないよう本人だけが読めるファイルに書きました: {}）",
        path.display()
    );
    Ok(())
}

/// Writes the secrets to a new file `secrets-<time>.txt` in `dir`, mode 0600.
fn write_private(dir: &Path, now: jiff::Timestamp, heading: &str, lines: &[String]) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).with_context(|| format!("{} を作成できません", dir.display()))?;
    let stamp = now.strftime("%Y%m%dT%H%M%S%.fZ").to_string();
    let path = dir.join(format!("secrets-{stamp}.txt"));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(&path)
        .with_context(|| format!("{} を作成できません", path.display()))?;
    writeln!(file, "{heading}")?;
    for line in lines {
        writeln!(file, "{line}")?;
    }
    file.sync_all()?;
    Ok(std::path::absolute(&path).unwrap_or(path))
}
