//! Command-line interface: argument parsing and one function per subcommand.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, anyhow, bail};
use clap::{Parser, Subcommand};
use kokuho_app::journal::ChainReport;
use kokuho_app::{Actor, App, AuthMethod, SystemClock};
use kokuho_crypto::Kek;
use kokuho_domain::{InsurerNo, Login};
use kokuho_interchange::Encoding;
use kokuho_store::Store;

use crate::{demo, progress};

#[derive(Parser, Debug)]
#[command(name = "kokuho", version, about = "市町村国民健康保険 事務システム")]
pub struct Args {
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

#[derive(Subcommand, Debug)]
pub enum BatchCommand {
    /// 当初賦課: 全世帯の保険料を計算して賦課決定として記録する（Ctrl-C で中断、再実行で続きから）
    Assess {
        #[arg(long)]
        year: i32,
        /// 計算できない世帯・所得要確認の世帯をすべて表示する（既定は各20世帯まで）
        #[arg(long)]
        all: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum AssessCommand {
    /// 1世帯の保険料を、登録された資格・所得と料率表から計算して表示する（記録はしない）
    Household {
        #[arg(long)]
        household: String,
        #[arg(long)]
        year: i32,
    },
    /// 1世帯の賦課決定を記録する（初回は当初賦課、額が変わっていれば更正。到来済みの納期は変えない）
    Decide {
        #[arg(long)]
        household: String,
        #[arg(long)]
        year: i32,
    },
    /// 1世帯の賦課決定の履歴（各版の年額・期別の徴収計画）を表示する
    Show {
        #[arg(long)]
        household: String,
        #[arg(long)]
        year: i32,
    },
}

#[derive(Subcommand, Debug)]
pub enum RatesCommand {
    /// 料率表を設定する（JSON は spec/calculators.md の rates と同じ形）
    Set {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        label: String,
        /// 料率表の JSON ファイル
        #[arg(long)]
        file: PathBuf,
        /// 納期の設定の JSON ファイル（例: {"months":[6,7,8,9,10,11,12,1,2,3],"unit":100,"remainder":"first","level_withholding":true}）。省略時はこの既定値
        #[arg(long)]
        collection: Option<PathBuf>,
    },
    /// 料率設定シミュレーション: 市全体の保険料を候補の料率で計算し、区分別の調定額・軽減・限度額超過・所得階層別の負担を集計する
    Simulate {
        #[arg(long)]
        year: i32,
        /// 案Aの料率表 JSON（省略時はその年度に設定済みの料率表）
        #[arg(long)]
        rates: Option<PathBuf>,
        /// 比べる案Bの料率表 JSON
        #[arg(long)]
        compare: Option<PathBuf>,
    },
    /// 設定済みの料率表の一覧
    List,
    /// 1年度分の料率表を JSON で表示する
    Show {
        #[arg(long)]
        year: i32,
    },
}

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

#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// 住民異動ファイル（CSV, UTF-8 または Shift_JIS）
    ResidentChanges { file: PathBuf },
    /// 所得ファイル（CSV, UTF-8 または Shift_JIS）
    Incomes { file: PathBuf },
}

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

#[derive(Subcommand, Debug)]
pub enum DemoCommand {
    /// 架空の市を CSV ファイル（住民異動・所得）として生成する
    Generate {
        #[arg(long, default_value_t = 1000)]
        households: u32,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// 出力先ディレクトリ
        #[arg(long, default_value = "./demo-city")]
        out: PathBuf,
    },
    /// 架空の市をデータベースへ直接読み込む（デモ保険者を作成）
    Load {
        #[arg(long, default_value_t = 1000)]
        households: u32,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

/// Opens the store and the key service from the global options.
pub fn open_app(args: &Args, create: bool) -> Result<App> {
    let target = match &args.database {
        Some(url) => url.clone(),
        None => {
            if create {
                std::fs::create_dir_all(&args.data)
                    .with_context(|| format!("{} を作成できません", args.data.display()))?;
            } else if !args.data.exists() {
                bail!(
                    "データディレクトリ {} がありません。先に `kokuho init` を実行してください",
                    args.data.display()
                );
            }
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

fn key_path(args: &Args) -> PathBuf {
    args.key_file.clone().unwrap_or_else(|| args.data.join("kek.key"))
}

/// The KEK: from the environment, or the key file (created with mode 0400 by `init`).
fn load_kek(args: &Args, create: bool) -> Result<Kek> {
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

fn operator(args: &Args, app: &App) -> Result<Actor> {
    let login = args
        .operator
        .as_deref()
        .ok_or_else(|| anyhow!("操作する職員IDを --as または KOKUHO_OPERATOR で指定してください"))?;
    app.actor_for_login(login, AuthMethod::Cli)
        .map_err(|_| anyhow!("職員ID「{login}」は登録されていないか無効です"))
}

pub fn run(args: Args) -> Result<()> {
    match &args.command {
        Command::Init {
            insurer,
            name,
            admin,
            admin_name,
        } => {
            let insurer: InsurerNo = insurer.parse().map_err(|e| anyhow!("保険者番号: {e}"))?;
            let admin: Login = admin.parse().map_err(|e| anyhow!("職員ID: {e}"))?;
            let app = open_app(&args, true)?;
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
        Command::Serve {
            listen,
            simulator_only: true,
            ..
        } => serve_simulator(*listen),
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
            serve(&args, *listen, *with_demo, *demo_households, policy)
        }
        Command::Import(cmd) => import(&args, cmd),
        Command::Journal(cmd) => {
            let app = open_app(&args, false)?;
            let actor = operator(&args, &app)?;
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
        Command::Audit(AuditCommand::Verify) => {
            let app = open_app(&args, false)?;
            let actor = operator(&args, &app)?;
            report_chain("監査ログ", &app.verify_audit(&actor)?)
        }
        Command::User(cmd) => user(&args, cmd),
        Command::Demo(DemoCommand::Generate { households, seed, out }) => demo::generate(*households, *seed, out),
        Command::Demo(DemoCommand::Load { households, seed }) => {
            let app = open_app(&args, true)?;
            demo::ensure_demo(&app, *households, *seed, true)?;
            Ok(())
        }
        Command::AgeTransitions { until } => {
            let app = open_app(&args, false)?;
            let actor = operator(&args, &app)?;
            let until = match until {
                Some(s) => kokuho_domain::kernel::date::parse_date(s).map_err(|e| anyhow!("--until: {e}"))?,
                None => app.clock().today(),
            };
            let n = app.apply_age_transitions(&actor, until)?;
            println!("{n}人を後期高齢者医療への移行により資格喪失としました");
            Ok(())
        }
        Command::Openapi => {
            println!("{}", kokuho_web::openapi_json());
            Ok(())
        }
        Command::Calc(CalcCommand::Premium { input }) => crate::calc::premium(input.as_deref()),
        Command::Calc(CalcCommand::HighCost { input }) => crate::calc::high_cost(input.as_deref()),
        Command::Calc(CalcCommand::LateFee { input }) => crate::calc::late_fee(input.as_deref()),
        Command::Rates(cmd) => rates(&args, cmd),
        Command::Batch(BatchCommand::Assess { year, all }) => batch_assess(&args, *year, *all),
        Command::Assess(AssessCommand::Household { household, year }) => {
            let app = open_app(&args, false)?;
            let actor = operator(&args, &app)?;
            let p = app.household_premium(&actor, household, *year)?;
            for line in &p.result.explanation {
                println!("{line}");
            }
            for problem in &p.incomplete {
                eprintln!("要確認: {problem}");
            }
            Ok(())
        }
        Command::Assess(AssessCommand::Decide { household, year }) => {
            let app = open_app(&args, false)?;
            let actor = operator(&args, &app)?;
            match app.decide_household(&actor, household, *year)? {
                kokuho_app::assessment::premium::HouseholdDecision::Recorded(v) => {
                    println!("世帯番号{household} {year}年度: 第{v}版として記録しました")
                }
                kokuho_app::assessment::premium::HouseholdDecision::Unchanged => {
                    println!("世帯番号{household} {year}年度: 額に変更がないため記録しません")
                }
                kokuho_app::assessment::premium::HouseholdDecision::Refused(why) => {
                    bail!("世帯番号{household} {year}年度: {why}")
                }
            }
            Ok(())
        }
        Command::Assess(AssessCommand::Show { household, year }) => {
            let app = open_app(&args, false)?;
            let actor = operator(&args, &app)?;
            let versions = app.assessment_versions(&actor, household, *year)?;
            if versions.is_empty() {
                println!("世帯番号{household} {year}年度: 賦課決定はまだありません");
            }
            for v in &versions {
                println!(
                    "第{}版 年額 {}円（軽減: {}）{} {}",
                    v.version, v.total, v.reduction, v.assessed_at, v.assessed_by
                );
                if let Some(plan) = &v.plan {
                    println!("  {}", plan.note);
                    for i in &plan.installments {
                        println!("  {} {} {}円", i.month, i.method.label(), i.amount);
                    }
                    if plan.refund > 0 {
                        println!("  還付 {}円", plan.refund);
                    }
                }
            }
            Ok(())
        }
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

fn import(args: &Args, cmd: &ImportCommand) -> Result<()> {
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

/// The Japanese reason for a failed file operation.
fn io_reason(e: &std::io::Error) -> &'static str {
    match e.kind() {
        std::io::ErrorKind::NotFound => "ファイルがありません",
        std::io::ErrorKind::PermissionDenied => "読み取りの権限がありません",
        std::io::ErrorKind::IsADirectory => "ディレクトリです",
        _ => "読み取りに失敗しました",
    }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned())
}

fn user(args: &Args, cmd: &UserCommand) -> Result<()> {
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
            println!("/enroll/{token}");
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

fn rates(args: &Args, cmd: &RatesCommand) -> Result<()> {
    let app = open_app(args, false)?;
    let actor = operator(args, &app)?;
    match cmd {
        RatesCommand::Set {
            year,
            label,
            file,
            collection,
        } => {
            let text = read_text(file)?;
            let collection = match collection {
                Some(path) => Some(
                    kokuho_contract::read_named::<kokuho_domain::assessment::collection_plan::CollectionSettings>(
                        &read_text(path)?,
                        "",
                    )
                    .map_err(|e| anyhow!("{}: 納期の設定を読めません（{e}）", path.display()))?,
                ),
                None => None,
            };
            let change = app.set_rate_table(&actor, *year, label, &text, collection.as_ref())?;
            let what = match change {
                kokuho_app::assessment::rates::RateTableChange::Created => "設定しました",
                kokuho_app::assessment::rates::RateTableChange::Changed => "変更しました",
                kokuho_app::assessment::rates::RateTableChange::Unchanged => "同じ内容のため変更はありません",
            };
            println!("{year}年度の料率表を{what}");
        }
        RatesCommand::Simulate { year, rates, compare } => {
            use kokuho_app::assessment::simulation::Candidate;
            use kokuho_domain::assessment::simulation::{Comparison, render_comparison, render_summary};
            let label = |file: &PathBuf| {
                file.file_stem()
                    .map_or_else(|| "案".to_string(), |s| s.to_string_lossy().into_owned())
            };
            let mut candidates = vec![match rates {
                Some(file) => Candidate {
                    label: label(file),
                    rates_json: Some(read_text(file)?),
                },
                None => Candidate {
                    label: "現行".into(),
                    rates_json: None,
                },
            }];
            if let Some(file) = compare {
                candidates.push(Candidate {
                    label: label(file),
                    rates_json: Some(read_text(file)?),
                });
            }
            let pb = progress::bar(0, &format!("{year}年度の料率設定シミュレーション"));
            let started = std::time::Instant::now();
            let sim = app.simulate_rates(&actor, *year, &candidates, &|done, total| {
                pb.set_length(total as u64);
                pb.set_position(done as u64);
            })?;
            pb.finish_and_clear();
            let mut summaries = sim.candidates.into_iter();
            match (summaries.next(), summaries.next()) {
                (Some(a), Some(b)) => {
                    println!("案A: {}　案B: {}", a.label, b.label);
                    print!("{}", render_comparison(&Comparison::new(a.summary, b.summary)));
                }
                (Some(a), None) => {
                    println!("{}", a.label);
                    print!("{}", render_summary(&a.summary));
                }
                _ => {}
            }
            println!(
                "（対象{}世帯、国保の被保険者がいない世帯{}、入力を作れなかった世帯{}、{:.1}秒）",
                kokuho_domain::Yen::new(i64::try_from(sim.households).unwrap_or(i64::MAX)).format_grouped(),
                sim.not_insured,
                sim.unreadable,
                started.elapsed().as_secs_f64()
            );
        }
        RatesCommand::List => {
            for t in app.rate_tables(&actor)? {
                println!("{}\t{}\t{}\t{}", t.fiscal_year, t.label, t.set_by, t.set_at);
            }
        }
        RatesCommand::Show { year } => println!(
            "{}",
            serde_json::to_string_pretty(&app.rate_table(&actor, *year)?.rates)?
        ),
    }
    Ok(())
}

/// Households listed per kind after a batch unless `--all`.
const LISTED: usize = 20;

/// 当初賦課 with a progress bar; Ctrl-C stops after the chunk in progress (it is committed).
fn batch_assess(args: &Args, year: i32, all: bool) -> Result<()> {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let app = open_app(args, false)?;
    let actor = operator(args, &app)?;
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    std::thread::spawn(move || {
        if let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() {
            rt.block_on(async {
                if tokio::signal::ctrl_c().await.is_ok() {
                    flag.store(true, Ordering::SeqCst);
                }
            });
        }
    });
    let pb = progress::bar(0, &format!("{year}年度の当初賦課を計算しています"));
    let started = std::time::Instant::now();
    let s = app.assess_year(
        &actor,
        year,
        &|done, total| {
            pb.set_length(total as u64);
            pb.set_position(done as u64);
        },
        &|| stop.load(Ordering::SeqCst),
    )?;
    pb.finish_and_clear();
    println!(
        "{year}年度: 対象{}世帯、賦課{}世帯、変更なし{}世帯、国保の被保険者なし{}世帯、計算できない{}世帯、所得要確認{}世帯（{:.1}秒）",
        s.households,
        s.assessed,
        s.unchanged,
        s.not_insured,
        s.failed.len(),
        s.incomplete.len(),
        started.elapsed().as_secs_f64()
    );
    for (what, list) in [("計算できない", &s.failed), ("所得要確認", &s.incomplete)] {
        let shown = if all { list.len() } else { list.len().min(LISTED) };
        for n in list.iter().take(shown) {
            println!("{what}: 世帯番号{} {}", n.household_no, n.reasons.join("／"));
        }
        if shown < list.len() {
            println!("{what}: ほか{}世帯（すべて表示するには --all）", list.len() - shown);
        }
    }
    if s.stopped {
        println!("中断しました。もう一度実行すると続きから計算します");
    }
    Ok(())
}

/// `serve --simulator-only`: no database, no key, no staff routes.
fn serve_simulator(listen: SocketAddr) -> Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .with_context(|| format!("{listen} で待ち受けできません"))?;
        eprintln!(
            "kokuho: http://{}/simulator で保険料の試算ページを提供しています（データベースは開いていません）",
            listener.local_addr()?
        );
        kokuho_web::serve_simulator(listener, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| anyhow!("{e}"))
    })
}

fn serve(
    args: &Args,
    listen: SocketAddr,
    with_demo: bool,
    demo_households: u32,
    policy: kokuho_app::staff::auth::AuthPolicy,
) -> Result<()> {
    let app = open_app(args, with_demo)?.with_auth_policy(policy);
    if with_demo {
        if args.database.is_some() {
            bail!("--demo は組込みデータベースでのみ使えます");
        }
        demo::ensure_demo(&app, demo_households, 1, false)?;
    }
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .with_context(|| format!("{listen} で待ち受けできません"))?;
        eprintln!(
            "kokuho: http://{} で待ち受けています（{}）",
            listener.local_addr()?,
            app.store().describe()
        );
        kokuho_web::serve_listener(app, listener, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| anyhow!("{e}"))
    })
}

/// A file's bytes, or a Japanese error naming it.
fn read_file(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| anyhow!("{} を読めません（{}）", path.display(), io_reason(&e)))
}

/// A UTF-8 text file (a JSON document), or a Japanese error naming it.
fn read_text(path: &Path) -> Result<String> {
    String::from_utf8(read_file(path)?).map_err(|_| anyhow!("{} を UTF-8 のテキストとして読めません", path.display()))
}
