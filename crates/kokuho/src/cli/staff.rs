//! Staff commands: `init` (the insurer and its first administrator) and `user …` (accounts, roles,
//! API tokens, enrolment links).

use anyhow::{Result, anyhow};
use clap::Subcommand;
use kokuho_domain::{InsurerNo, Login};

use super::context::{Global, open_app, operator};

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// 職員を追加する
    Add {
        login: String,
        #[arg(long)]
        name: String,
        /// ロール（複数可）: counter, eligibility, my_number, restricted, assessment, collection, benefit, auditor, admin
        #[arg(long = "role")]
        roles: Vec<String>,
    },
    /// ロールを付与・剥奪する
    Role {
        login: String,
        role: String,
        #[arg(long)]
        revoke: bool,
    },
    /// API トークンを発行する（表示は一度だけ）
    Token {
        login: String,
        #[arg(long, default_value = "api")]
        label: String,
    },
    /// 利用登録用のリンク（初回ログイン・二要素認証の再設定。72時間・一度だけ）を発行する
    Link { login: String },
    /// 職員を無効化する
    Disable { login: String },
    /// 職員一覧
    List,
}

/// `kokuho init`: creates the insurer and its first administrator.
pub fn init(args: &Global, insurer: &str, name: &str, admin: &str, admin_name: &str) -> Result<()> {
    let insurer: InsurerNo = insurer.parse().map_err(|e| anyhow!("保険者番号: {e}"))?;
    let admin: Login = admin.parse().map_err(|e| anyhow!("職員ID: {e}"))?;
    let app = open_app(args, true)?;
    let os_user = std::env::var("USER").unwrap_or_else(|_| "operator".into());
    app.bootstrap_insurer(&insurer, name, &admin, admin_name, &os_user)?;
    println!(
        "保険者 {} {} を作成しました。管理者: {}",
        insurer.as_str(),
        name,
        admin.as_str()
    );
    Ok(())
}

pub fn user(args: &Global, cmd: &UserCommand) -> Result<()> {
    let app = open_app(args, false)?;
    let actor = operator(args, &app)?;
    match cmd {
        UserCommand::Add { login, name, roles } => {
            let login: Login = login.parse().map_err(|e| anyhow!("職員ID: {e}"))?;
            app.add_user(&actor, &login, name, roles, None)?;
            println!("職員 {} を追加しました", login.as_str());
        }
        UserCommand::Role { login, role, revoke } => {
            app.set_role(&actor, login, role, !revoke)?;
            println!(
                "{} のロール {} を{}しました",
                login,
                role,
                if *revoke { "剥奪" } else { "付与" }
            );
        }
        UserCommand::Token { login, label } => {
            let token = app.create_token(&actor, login, label)?;
            println!("{token}");
            eprintln!("このトークンは再表示できません。安全に保管してください。");
        }
        UserCommand::Link { login } => {
            let token = app.issue_enrolment_link(&actor, login)?;
            super::secrets::show(
                &args.data,
                app.clock().now(),
                &format!("{login} の利用登録リンク"),
                &[format!("/enroll/{token}")],
            )?;
            eprintln!("サーバーのアドレスに続けて開くよう、本人に直接渡してください（72時間・一度だけ有効）。");
        }
        UserCommand::Disable { login } => {
            app.set_disabled(&actor, login, true)?;
            println!("職員 {login} を無効化しました");
        }
        UserCommand::List => {
            for u in app.list_users(&actor)? {
                println!(
                    "{}\t{}\t{}\t{}",
                    u.login,
                    u.display_name,
                    if u.disabled { "無効" } else { "有効" },
                    u.roles.join(",")
                );
            }
        }
    }
    Ok(())
}
