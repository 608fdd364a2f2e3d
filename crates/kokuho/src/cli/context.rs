//! What every command shares: opening the database and the key service from the global options,
//! the acting staff member, and reading files with Japanese errors.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, anyhow, bail};
use clap::Args;
use kokuho_app::{Actor, App, AuthMethod, SystemClock};
use kokuho_crypto::Kek;
use kokuho_store::Store;

/// The options every command takes: where the data and the key are, and who acts.
#[derive(Args, Debug)]
pub struct Global {
    /// 組込みデータベース（SQLite）を置くディレクトリ
    #[arg(long, global = true, env = "KOKUHO_DATA", default_value = "./kokuho-data")]
    pub data: PathBuf,
    /// PostgreSQL を使う場合の接続先（postgres://…）。指定しなければ組込み SQLite
    #[arg(long, global = true, env = "KOKUHO_DATABASE")]
    pub database: Option<String>,
    /// 鍵暗号化鍵（KEK）のファイル。省略時は <data>/kek.key または環境変数 KOKUHO_KEK
    #[arg(long, global = true, env = "KOKUHO_KEY_FILE")]
    pub key_file: Option<PathBuf>,
    /// 操作する職員ID（CLI は記名の職員として動作し、監査ログに残ります）
    #[arg(long = "as", global = true, env = "KOKUHO_OPERATOR")]
    pub operator: Option<String>,
}

/// Opens the store and the key service from the global options.
pub fn open_app(args: &Global, create: bool) -> Result<App> {
    let target = match &args.database {
        Some(url) => url.clone(),
        None => {
            if !create && !args.data.exists() {
                bail!(
                    "データディレクトリ {} がありません。先に `kokuho init` を実行してください",
                    args.data.display()
                );
            }
            private_dir(&args.data).with_context(|| format!("{} を作成できません", args.data.display()))?;
            args.data.join("kokuho.db").to_string_lossy().into_owned()
        }
    };
    let kek = load_kek(args, create)?;
    let store = Store::open(&target).map_err(|e| anyhow!("データベースを開けません: {e}"))?;
    Ok(App::new(
        store,
        kokuho_app::keys::KeyService::new(kek),
        Arc::new(SystemClock),
    ))
}

/// The data directory, created (or, made by an older version, tightened) to mode 0700: only the
/// service's own user may list or open what is in it.
fn private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

fn key_path(args: &Global) -> PathBuf {
    args.key_file.clone().unwrap_or_else(|| args.data.join("kek.key"))
}

/// The KEK: from the environment, or the key file (created with mode 0400 by `init`).
fn load_kek(args: &Global, create: bool) -> Result<Kek> {
    if let Ok(v) = std::env::var("KOKUHO_KEK") {
        return Kek::from_env_value(&v).map_err(|e| anyhow!("環境変数 KOKUHO_KEK: {e}"));
    }
    let path = key_path(args);
    if !path.exists() {
        if !create {
            bail!(
                "鍵ファイル {} がありません（--key-file または KOKUHO_KEK を指定してください）",
                path.display()
            );
        }
        let kek = Kek::generate().map_err(|e| anyhow!("{e}"))?;
        kek.write_to_file(&path)
            .map_err(|e| anyhow!("鍵ファイル {} を書けません: {e}", path.display()))?;
        eprintln!(
            "鍵暗号化鍵を {} に作成しました。安全な場所にバックアップしてください。",
            path.display()
        );
        return Ok(kek);
    }
    Kek::from_file(&path).map_err(|e| anyhow!("鍵ファイル {}: {e}", path.display()))
}

/// The staff member the command acts as (`--as`).
pub fn operator(args: &Global, app: &App) -> Result<Actor> {
    let login = args
        .operator
        .as_deref()
        .ok_or_else(|| anyhow!("操作する職員IDを --as または KOKUHO_OPERATOR で指定してください"))?;
    app.actor_for_login(login, AuthMethod::Cli)
        .map_err(|_| anyhow!("職員ID「{login}」は登録されていないか無効です"))
}

/// The Japanese reason for a failed file operation.
fn io_reason(e: &std::io::Error) -> &'static str {
    match e.kind() {
        std::io::ErrorKind::NotFound => "ファイルがありません",
        std::io::ErrorKind::PermissionDenied => "読み取りの権限がありません",
        std::io::ErrorKind::IsADirectory => "ディレクトリです",
        _ => "読み取りに失敗しました",
    }
}

/// The file name shown in messages.
pub fn file_name(p: &Path) -> String {
    p.file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned())
}

/// A file's bytes, or a Japanese error naming it.
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| anyhow!("{} を読めません（{}）", path.display(), io_reason(&e)))
}

/// A UTF-8 text file (a JSON document), or a Japanese error naming it.
pub fn read_text(path: &Path) -> Result<String> {
    String::from_utf8(read_file(path)?).map_err(|_| anyhow!("{} を UTF-8 のテキストとして読めません", path.display()))
}
