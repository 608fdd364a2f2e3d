//! 賦課 commands: rate tables (`rates …`), one household's premium (`assess …`) and the 当初賦課
//! (`batch assess`).

use std::path::PathBuf;

use anyhow::{Result, anyhow, bail};
use clap::Subcommand;

use super::context::{Global, open_app, operator, read_text};
use crate::progress;

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
        /// 納期の設定の JSON ファイル（例: {"months":[6,7,8,9,10,11,12,1,2,3],
        /// "unit":100,"remainder":"first","level_withholding":true}）。省略時はこの既定値
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

pub fn rates(args: &Global, cmd: &RatesCommand) -> Result<()> {
    let app = open_app(args, false)?;
    let actor = operator(args, &app)?;
    match cmd {
        RatesCommand::Set {
            year,
            label,
            file,
            collection,
        } => {
            let rates = kokuho_app::assessment::rates::read_rates(*year, &read_text(file)?)?;
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
            let change = app.set_rate_table(&actor, *year, label, &rates, collection.as_ref())?;
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
                Some(file) => Candidate::read(0, &label(file), &read_text(file)?)?,
                None => Candidate {
                    label: "現行".into(),
                    rates: None,
                },
            }];
            if let Some(file) = compare {
                candidates.push(Candidate::read(1, &label(file), &read_text(file)?)?);
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

/// `kokuho assess household|decide|show`.
pub fn assess(args: &Global, cmd: &AssessCommand) -> Result<()> {
    let app = open_app(args, false)?;
    let actor = operator(args, &app)?;
    match cmd {
        AssessCommand::Household { household, year } => {
            let p = app.household_premium(&actor, household, *year)?;
            match p.result.visible() {
                Some(result) => result.explanation.iter().for_each(|line| println!("{line}")),
                // 支援措置: the household's amount only (see `HouseholdPremium`).
                None => println!(
                    "年額 {}（支援措置対象の世帯員がいるため計算過程は表示しません）",
                    p.total
                ),
            }
            for problem in &p.incomplete {
                eprintln!("要確認: {problem}");
            }
            Ok(())
        }
        AssessCommand::Decide { household, year } => {
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
        AssessCommand::Show { household, year } => {
            let versions = app.assessment_versions(&actor, household, *year)?;
            if versions.is_empty() {
                println!("世帯番号{household} {year}年度: 賦課決定はまだありません");
            }
            for v in &versions {
                println!(
                    "第{}版 年額 {}円（軽減: {}）{} {}",
                    v.version,
                    v.total.value(),
                    v.reduction.code(),
                    v.assessed_at,
                    v.assessed_by
                );
                if let Some(plan) = &v.plan {
                    println!("  {}", plan.note);
                    for i in &plan.installments {
                        println!("  {} {} {}円", i.month, i.method.label(), i.amount.value());
                    }
                    if plan.refund.is_positive() {
                        println!("  還付 {}円", plan.refund.value());
                    }
                }
            }
            Ok(())
        }
    }
}

/// Households listed per kind after a batch unless `--all`.
const LISTED: usize = 20;

/// 当初賦課 with a progress bar; Ctrl-C stops after the chunk in progress (it is committed).
pub fn batch_assess(args: &Global, year: i32, all: bool) -> Result<()> {
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
