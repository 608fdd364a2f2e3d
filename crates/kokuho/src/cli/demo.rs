//! デモ: the synthetic city as files, and the demo insurer with its staff for `serve --demo`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};
use clap::Subcommand;
use kokuho_app::eligibility::bulk_load::BulkLoadAudit;
use kokuho_app::{App, AuthMethod};
use kokuho_demo::DemoCity;
use kokuho_domain::Login;

use super::context::{Global, open_app};
use crate::progress;

/// Demo staff: (login, 氏名, roles). Printed once with their API tokens.
const DEMO_STAFF: &[(&str, &str, &[&str])] = &[
    ("demo-madoguchi", "窓口 太郎（デモ）", &["counter"]),
    ("demo-shikaku", "資格 花子（デモ）", &["eligibility", "my_number"]),
    ("demo-shikaku2", "資格 次郎（デモ）", &["eligibility", "my_number"]),
    ("demo-shien", "支援 三郎（デモ）", &["eligibility", "restricted"]),
    ("demo-fuka", "賦課 四郎（デモ）", &["assessment"]),
    ("demo-kansa", "監査 五郎（デモ）", &["auditor"]),
];
const DEMO_ADMIN: &str = "demo-kanri";

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

/// `kokuho demo generate|load`.
pub fn run(args: &Global, cmd: &DemoCommand) -> Result<()> {
    match cmd {
        DemoCommand::Generate { households, seed, out } => generate(*households, *seed, out),
        DemoCommand::Load { households, seed } => {
            let app = open_app(args, true)?;
            ensure_demo(&app, &args.data, *households, *seed, true)?;
            Ok(())
        }
    }
}

fn city(households: u32, seed: u64, app: Option<&App>) -> DemoCity {
    let as_of = app.map_or_else(|| jiff::civil::date(2026, 11, 1), |a| a.clock().today());
    DemoCity::new(seed, households, as_of)
}

/// `kokuho demo generate`: 住民異動 and 所得 CSV files in the documented layouts.
pub fn generate(households: u32, seed: u64, out: &Path) -> Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("{} を作成できません", out.display()))?;
    let city = city(households, seed, None);
    let pb = progress::bar(u64::from(households), "架空の市を生成しています");
    let mut changes = Vec::new();
    let mut incomes = Vec::new();
    for h in city.households() {
        changes.extend(h.changes);
        incomes.extend(h.incomes);
        pb.inc(1);
    }
    pb.finish_and_clear();
    changes.sort_by_key(|c| c.effective_on);
    let changes_path = out.join("resident-changes.csv");
    let incomes_path = out.join("incomes.csv");
    std::fs::write(
        &changes_path,
        kokuho_interchange::resident_changes::write_resident_changes(&changes),
    )?;
    std::fs::write(&incomes_path, kokuho_interchange::incomes::write_incomes(&incomes))?;
    println!(
        "デモデータ（架空）: 世帯{households}、住民異動{}件 → {}、所得{}件 → {}",
        changes.len(),
        changes_path.display(),
        incomes.len(),
        incomes_path.display()
    );
    Ok(())
}

/// Creates the demo insurer, its staff and the city if they are not there yet.
pub fn ensure_demo(app: &App, data: &Path, households: u32, seed: u64, print_when_present: bool) -> Result<()> {
    let insurer = DemoCity::insurer_no();
    if app.insurer_exists(&insurer)? {
        if print_when_present {
            println!("デモ保険者 {} は作成済みです", insurer.as_str());
        }
        return Ok(());
    }
    let admin: Login = DEMO_ADMIN.parse().map_err(|e| anyhow!("{e}"))?;
    app.bootstrap_insurer(&insurer, DemoCity::INSURER_NAME, &admin, "管理 一郎（デモ）", "demo")?;
    let admin_actor = app.actor_for_login(DEMO_ADMIN, AuthMethod::Cli)?;
    let mut tokens = Vec::new();
    for (login, name, roles) in DEMO_STAFF {
        let l: Login = login.parse().map_err(|e| anyhow!("{e}"))?;
        let roles: Vec<String> = roles.iter().map(|r| (*r).to_string()).collect();
        app.add_user(&admin_actor, &l, name, &roles, None)?;
        let link = app.issue_enrolment_link(&admin_actor, login)?;
        tokens.push((
            *login,
            *name,
            roles.join(","),
            app.create_token(&admin_actor, login, "demo")?,
            link,
        ));
    }
    // 料率表: 尼崎市 FY2025 (official) and the labelled FY2026 example, set by the demo 賦課担当
    // (before the city: the first commit after a large load would wait for the WAL's copy).
    app.set_demo_rate_tables(&app.actor_for_login("demo-fuka", AuthMethod::Cli)?)?;
    let loader = app.actor_for_login("demo-shikaku", AuthMethod::Cli)?;
    let city = city(households, seed, Some(app));
    let pb = progress::bar(u64::from(households), "架空の市（デモデータ）を読み込んでいます");
    let started = std::time::Instant::now();
    app.load_households(&loader, &city, BulkLoadAudit::DEMO, &|done| {
        pb.set_position(u64::from(done))
    })?;
    pb.finish_and_clear();
    eprintln!(
        "デモ保険者 {}「{}」に架空の世帯{}を読み込みました（{:.1}秒）",
        insurer.as_str(),
        DemoCity::INSURER_NAME,
        households,
        started.elapsed().as_secs_f64()
    );
    let lines: Vec<String> = tokens
        .into_iter()
        .map(|(login, name, roles, token, link)| format!("{login}\t{name}\t{roles}\t{token}\t/enroll/{link}"))
        .collect();
    super::secrets::show(
        data,
        app.clock().now(),
        "=== デモ職員（架空）: API トークンと画面の利用登録リンク（72時間・一度だけ）はこの一度だけ表示されます ===",
        &lines,
    )
}
