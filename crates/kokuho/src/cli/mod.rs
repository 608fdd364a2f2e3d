//! Command-line interface: the global options, the subcommands, and the dispatch to one module per
//! business area (`staff`, `eligibility`, `assessment`, `audit`), the calculators, the demo and
//! the server.

mod assessment;
mod audit;
mod calc;
mod context;
mod demo;
mod eligibility;
mod secrets;
mod serve;
mod staff;

use std::net::SocketAddr;

use anyhow::Result;
use clap::{Parser, Subcommand};

use assessment::{AssessCommand, BatchCommand, RatesCommand};
use audit::{AuditCommand, JournalCommand};
use calc::CalcCommand;
use context::Global;
use demo::DemoCommand;
use eligibility::ImportCommand;
use staff::UserCommand;

#[derive(Parser, Debug)]
#[command(name = "kokuho", version, about = "市町村国民健康保険 事務システム")]
pub struct Args {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// 保険者と最初の管理者を作成する
    Init {
        #[arg(long)]
        insurer: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        admin: String,
        #[arg(long = "admin-name")]
        admin_name: String,
    },
    /// API サーバーを起動する
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// デモ用の保険者・架空の市・デモ職員を作成して起動する
        #[arg(long)]
        demo: bool,
        /// --demo で作る世帯数
        #[arg(long, default_value_t = 3000)]
        demo_households: u32,
        /// 公開の保険料試算ページだけを提供する（データベースを開かない。インターネット側に置く用）
        #[arg(long, conflicts_with = "demo")]
        simulator_only: bool,
        /// 画面ロックまでの無操作時間（分）
        #[arg(long, default_value_t = 15, value_parser = clap::value_parser!(u16).range(1..=120))]
        idle_minutes: u16,
        /// パスワードの有効期間（日）。指定しなければ期限なし（NIST SP 800-63B の推奨）
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
        max_password_age_days: Option<u16>,
    },
    /// ファイルの取込
    #[command(subcommand)]
    Import(ImportCommand),
    /// 異動ジャーナル
    #[command(subcommand)]
    Journal(JournalCommand),
    /// 監査ログ
    #[command(subcommand)]
    Audit(AuditCommand),
    /// 職員アカウント
    #[command(subcommand)]
    User(UserCommand),
    /// 架空の市（デモデータ）
    #[command(subcommand)]
    Demo(DemoCommand),
    /// 75歳到達者の後期高齢者医療への移行（資格喪失）を適用する
    AgeTransitions {
        /// この日までに75歳の誕生日を迎える人を処理する（既定: 今日）
        #[arg(long)]
        until: Option<String>,
    },
    /// OpenAPI 文書を出力する
    Openapi,
    /// 料率表（賦課年度ごとの保険料率）
    #[command(subcommand)]
    Rates(RatesCommand),
    /// 賦課（保険料の計算）
    #[command(subcommand)]
    Assess(AssessCommand),
    /// 年次処理
    #[command(subcommand)]
    Batch(BatchCommand),
    /// 試算（データベースを使わない計算機。JSON を入力し JSON を出力する）
    #[command(subcommand)]
    Calc(CalcCommand),
}

/// Runs one command.
pub fn run(args: Args) -> Result<()> {
    match &args.command {
        Command::Init {
            insurer,
            name,
            admin,
            admin_name,
        } => staff::init(&args.global, insurer, name, admin, admin_name),
        Command::Serve {
            listen,
            simulator_only: true,
            ..
        } => serve::serve_simulator(*listen),
        Command::Serve {
            listen,
            demo: with_demo,
            demo_households,
            idle_minutes,
            max_password_age_days,
            ..
        } => {
            let policy = kokuho_app::staff::auth::AuthPolicy {
                idle: jiff::SignedDuration::from_mins(i64::from(*idle_minutes)),
                max_password_age: max_password_age_days.map(|d| jiff::SignedDuration::from_hours(24 * i64::from(d))),
                ..Default::default()
            };
            serve::serve(&args.global, *listen, *with_demo, *demo_households, policy)
        }
        Command::Import(cmd) => eligibility::import(&args.global, cmd),
        Command::AgeTransitions { until } => eligibility::age_transitions(&args.global, until.as_deref()),
        Command::Journal(cmd) => audit::journal(&args.global, cmd),
        Command::Audit(cmd) => audit::audit(&args.global, cmd),
        Command::User(cmd) => staff::user(&args.global, cmd),
        Command::Demo(cmd) => demo::run(&args.global, cmd),
        Command::Openapi => {
            println!("{}", kokuho_web::openapi_json());
            Ok(())
        }
        Command::Calc(cmd) => calc::dispatch(cmd),
        Command::Rates(cmd) => assessment::rates(&args.global, cmd),
        Command::Batch(BatchCommand::Assess { year, all }) => assessment::batch_assess(&args.global, *year, *all),
        Command::Assess(cmd) => assessment::assess(&args.global, cmd),
    }
}
