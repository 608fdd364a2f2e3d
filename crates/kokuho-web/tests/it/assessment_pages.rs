//! The 賦課 screens: 窓口試算 from a household (editable, nothing stored), the rate tables on
//! screen and by file (入力 → 確認 with what changes → 確定), the 当初賦課 started from the
//! screen with its progress page, and a household's 賦課決定 with its 徴収計画.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::{Env, INCOMES_CSV, env_with_rates, multipart};

/// Household 2001 insured from 2026-04-01 (head 1001 with a salary, 1002 without income) and
/// household 2002 not insured.
async fn insured_city() -> Env {
    let env = env_with_rates();
    env.import_residents().await;
    for resident in ["1001", "1002"] {
        env.post(
            "/api/v1/eligibility/enroll",
            Some("sato"),
            json!({"resident_no": resident, "acquired_on": "2026-04-01", "reason": "転入", "notified_on": "2026-04-03"}),
        )
        .await
        .expect(StatusCode::CREATED);
    }
    env.post_file(
        "/api/v1/imports/incomes?file_name=i.csv",
        Some("sato"),
        INCOMES_CSV.as_bytes().to_vec(),
    )
    .await
    .expect(StatusCode::OK);
    env
}

fn journal_entries(env: &Env) -> i64 {
    env.app
        .store()
        .read(|tx| {
            kokuho_store::repo::journal::count(
                tx,
                kokuho_store::repo::journal::ChainTable::Journal,
                crate::support::INSURER,
            )
        })
        .unwrap()
}

/// Follows a job's page as a browser would (it refreshes itself while the job works, showing a
/// progress bar) until the job is done (a two-household city takes milliseconds); the last page.
async fn follow(env: &Env, session: &str, job: &str) -> String {
    for _ in 0..500 {
        let r = env.get_page(job, Some(session)).await.expect(StatusCode::OK);
        let refreshing = r.headers.get("refresh").is_some();
        let page = r.text();
        if !refreshing {
            return page;
        }
        assert!(page.contains("<progress"), "{page}");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("{job} did not finish");
}

/// The total shown in a result section.
fn shown_total(html: &str) -> String {
    html.split("<span class=\"total\">")
        .nth(1)
        .and_then(|t| t.split('<').next())
        .unwrap_or_else(|| panic!("no total in {html}"))
        .to_string()
}

#[tokio::test]
async fn the_counter_starts_from_the_household_and_recalculates_what_the_clerk_changes() {
    let env = insured_city().await;
    let clerk = env.session("fuka");
    let before = journal_entries(&env);
    let page = env
        .get_page("/assessment/counter?household_no=2001&fiscal_year=2026", Some(&clerk))
        .await
        .expect(StatusCode::OK)
        .text();
    // Prefilled: both members with their birth dates, the salary, the coverage from 4/1.
    assert!(
        page.contains("value=\"1980-01-02\"")
            && page.contains("value=\"1982-05-06\"")
            && page.contains("value=\"3000000\""),
        "{page}"
    );
    assert!(page.contains("value=\"2026-04-01〜\""), "{page}");
    // The amount is the assessment's own (the same input, the same calculator).
    let held = env.app.household_premium(&env.actor("fuka"), "2001", 2026).unwrap();
    assert_eq!(shown_total(&page), held.total.to_string());
    assert!(page.contains("計算の過程") && page.contains("世帯員ごと"), "{page}");

    // The clerk halves the salary: the amount follows the calculator on the same input.
    let form = "household_no=2001&fiscal_year=2026&rows=3&head=0\
        &m0_id=1001&m0_birth=1980-01-02&m0_insured=1&m0_coverage=2026-04-01%E3%80%9C&m0_salary_revenue=1%2C500%2C000\
        &m1_id=1002&m1_birth=1982-05-06&m1_insured=1&m1_coverage=2026-04-01%E3%80%9C\
        &m2_birth=&_action=calculate";
    let html = env
        .post_page("/assessment/counter", Some(&clerk), form)
        .await
        .expect(StatusCode::OK)
        .text();
    let rates = kokuho_domain::assessment::premium::published::published_rates()
        .into_iter()
        .find(|t| t.fiscal_year == 2026)
        .map(|t| serde_json::from_str::<serde_json::Value>(t.rates).unwrap())
        .unwrap();
    let api = env
        .post(
            "/api/v1/calc/premium",
            None,
            json!({"fiscal_year": 2026, "rates": rates, "household": {"head": "1001", "members": [
                {
                    "id": "1001",
                    "birth_date": "1980-01-02",
                    "coverage": [{"from": "2026-04-01", "until": null}],
                    "income": {"salary_revenue": 1_500_000}
                },
                {"id": "1002", "birth_date": "1982-05-06", "coverage": [{"from": "2026-04-01", "until": null}]}
            ]}}),
        )
        .await
        .expect(StatusCode::OK)
        .json();
    assert_eq!(
        shown_total(&html),
        kokuho_domain::Yen::new(api["total"].as_i64().unwrap()).to_string()
    );
    assert_ne!(api["total"].as_i64().unwrap(), held.total.value());
    assert!(html.contains("value=\"1,500,000\""), "what was typed is kept");

    // Bad input: next to its field, the typed value kept, no result.
    let bad = "fiscal_year=2026&rows=2&head=0&m0_birth=1980-13-40&m0_insured=1&m0_salary_revenue=-5&\
               m1_birth=1982-05-06&m1_separated_on=2026-05-31&_action=calculate";
    let r = env
        .post_page("/assessment/counter", Some(&clerk), bad)
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY)
        .text();
    assert!(
        r.contains("value=\"1980-13-40\"") && r.contains("負の金額") && r.contains("離職理由コードを入力してください"),
        "{r}"
    );
    assert!(!r.contains("計算の過程"), "no result on bad input");
    // 行を追加 gives one more empty row.
    let r = env
        .post_page(
            "/assessment/counter",
            Some(&clerk),
            "fiscal_year=2026&rows=2&head=0&m0_birth=1980-01-02&_action=add",
        )
        .await
        .expect(StatusCode::OK)
        .text();
    assert!(
        r.contains("name=\"m2_birth\"") && r.contains("name=\"rows\" value=\"3\""),
        "{r}"
    );

    // Nothing stored; the household's reading audited.
    assert_eq!(journal_entries(&env), before);
    assert!(
        env.audit_rows()
            .iter()
            .any(|(a, o, who)| a == "premium.counter" && o == "success" && who == "fuka")
    );
    // 窓口 (no 賦課) is refused, audited.
    let counter = env.session("ito");
    env.get_page("/assessment/counter?household_no=2001&fiscal_year=2026", Some(&counter))
        .await
        .expect(StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_rate_table_is_changed_on_screen_after_seeing_what_changes() {
    let env = env_with_rates();
    let clerk = env.session("fuka");
    let form = env
        .get_page("/assessment/rates/2025/edit", Some(&clerk))
        .await
        .expect(StatusCode::OK)
        .text();
    assert!(
        form.contains("value=\"8.04\"") && form.contains("政令の上限 660,000円"),
        "{form}"
    );
    let base = crate::support::RATES_FORM.replace("&_step=confirm", "");
    // A cap above the 政令 maximum: next to the cap field, what was typed kept.
    let over = base.replace("medical_cap=660000", "medical_cap=700000") + "&_step=confirm";
    let r = env
        .post_page("/assessment/rates/2025/edit", Some(&clerk), &over)
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY)
        .text();
    assert!(
        r.contains("id=\"medical_cap-error\"") && r.contains("政令の上限") && r.contains("value=\"700000\""),
        "{r}"
    );
    // The confirmation lists what changes; nothing is saved yet.
    let changed = base.replace("medical_income_rate=8.04", "medical_income_rate=8.10") + "&_step=confirm";
    let r = env
        .post_page("/assessment/rates/2025/edit", Some(&clerk), &changed)
        .await
        .expect(StatusCode::OK)
        .text();
    assert!(r.contains("医療分 所得割率（%）: 8.04 → 8.10"), "{r}");
    assert_eq!(
        env.app
            .rate_table(&env.actor("fuka"), 2025)
            .unwrap()
            .rates
            .components
            .medical
            .unwrap()
            .income_rate
            .percent_text(),
        "8.04"
    );
    // 確定.
    let commit = base.replace("medical_income_rate=8.04", "medical_income_rate=8.10") + "&_step=commit";
    let r = env
        .post_page("/assessment/rates/2025/edit", Some(&clerk), &commit)
        .await
        .expect(StatusCode::SEE_OTHER);
    assert_eq!(r.headers.get("location").unwrap(), "/assessment/rates/2025");
    let t = env.app.rate_table(&env.actor("fuka"), 2025).unwrap();
    assert_eq!(
        t.rates.components.medical.as_ref().unwrap().income_rate.percent_text(),
        "8.10"
    );
    assert_eq!(t.label, "令和7年度");
    let shown = env
        .get_page("/assessment/rates/2025", Some(&clerk))
        .await
        .expect(StatusCode::OK)
        .text();
    assert!(shown.contains("8.10%") && shown.contains("660,000円"), "{shown}");
    assert!(
        env.audit_rows()
            .iter()
            .any(|(a, o, who)| a == "rates.set" && o == "success" && who == "fuka")
    );
}

#[tokio::test]
async fn a_rate_table_file_is_read_into_the_confirmation_and_a_bad_one_named() {
    let env = env_with_rates();
    let clerk = env.session("fuka");
    let rates = json!({"rounding": "floor_1", "components": {
        "medical": {"income_rate": "7.20", "per_capita": 26040, "per_household": 21240, "cap": 650000},
        "support": {"income_rate": "2.60", "per_capita": 9240, "per_household": 6720, "cap": 240000},
        "care": {"income_rate": "2.20", "per_capita": 9240, "per_household": 5280, "cap": 170000}
    }});
    let body = multipart(&[
        ("fiscal_year", None, "2024"),
        ("label", None, "令和6年度"),
        ("rates", Some("r6.json"), &rates.to_string()),
    ]);
    let r = env
        .post_multipart("/assessment/rates/file", Some(&clerk), body)
        .await
        .expect(StatusCode::OK)
        .text();
    assert!(
        r.contains("の確認") && r.contains("2024年度の料率表を新しく設定します") && r.contains("7.20"),
        "{r}"
    );
    assert!(
        env.app.rate_table(&env.actor("fuka"), 2024).is_err(),
        "nothing saved before 確定"
    );
    // A cap above the 政令 maximum of FY2024 (支援金分 24万): the path is named, nothing saved.
    let mut over = rates.clone();
    over["components"]["support"]["cap"] = json!(260000);
    let body = multipart(&[
        ("fiscal_year", None, "2024"),
        ("rates", Some("r6.json"), &over.to_string()),
    ]);
    let r = env
        .post_multipart("/assessment/rates/file", Some(&clerk), body)
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY)
        .text();
    assert!(
        r.contains("rates.components.support.cap") && r.contains("政令の上限"),
        "{r}"
    );
    let body = multipart(&[
        ("fiscal_year", None, "2024"),
        (
            "rates",
            Some("r6.json"),
            "{\"rounding\": \"floor_1\", \"compnents\": {}}",
        ),
    ]);
    let r = env
        .post_multipart("/assessment/rates/file", Some(&clerk), body)
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY)
        .text();
    assert!(r.contains("compnents"), "{r}");
}

#[tokio::test]
async fn the_annual_assessment_runs_from_the_screen_with_its_progress_and_result() {
    let env = insured_city().await;
    let clerk = env.session("fuka");
    let r = env
        .post_page("/assessment/batch", Some(&clerk), "fiscal_year=2026")
        .await
        .expect(StatusCode::SEE_OTHER);
    let job = r.headers.get("location").unwrap().to_str().unwrap().to_string();
    assert_eq!(job, "/assessment/batch/1");
    let page = follow(&env, &clerk, &job).await;
    assert!(page.contains("完了しました"), "{page}");
    // 2001 is assessed; in 2002 nobody is insured (no decision, and no income to ask for).
    assert!(
        page.contains("<tr><th>対象世帯</th><td>2</td></tr>")
            && page.contains("<tr><th>賦課（更正を含む）を記録した世帯</th><td>1</td></tr>"),
        "{page}"
    );
    assert!(
        page.contains("<tr><th>国保の被保険者がいない世帯（賦課なし）</th><td>1</td></tr>")
            && !page.contains("id=\"incomplete\""),
        "{page}"
    );
    // The stored decision equals the counter's amount, with its 徴収計画 on the household's page.
    let held = env.app.household_premium(&env.actor("fuka"), "2001", 2026).unwrap();
    let versions = env
        .get_page("/assessment/households/2001?fiscal_year=2026", Some(&clerk))
        .await
        .expect(StatusCode::OK)
        .text();
    assert!(
        versions.contains(&format!(
            "第1版（当初賦課）: 年額 <span class=\"total\">{}</span>",
            held.total
        )),
        "{versions}"
    );
    assert!(
        versions.contains("徴収計画") && versions.contains("第10期"),
        "{versions}"
    );
    // Again: nothing changes.
    env.post_page("/assessment/batch", Some(&clerk), "fiscal_year=2026")
        .await
        .expect(StatusCode::SEE_OTHER);
    for _ in 0..200 {
        if !env
            .app
            .assessment_jobs(&env.actor("fuka"))
            .unwrap()
            .iter()
            .any(kokuho_app::assessment::jobs::JobView::is_running)
        {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let again = env
        .get_page("/assessment/batch/2", Some(&clerk))
        .await
        .expect(StatusCode::OK)
        .text();
    assert!(
        again.contains("<tr><th>前回から変わらず記録しなかった世帯</th><td>1</td></tr>"),
        "{again}"
    );
    let list = env
        .get_page("/assessment/batch", Some(&clerk))
        .await
        .expect(StatusCode::OK)
        .text();
    assert!(
        list.contains("/assessment/batch/1") && list.contains("/assessment/batch/2") && list.contains("完了"),
        "{list}"
    );
    // Another insurer's or an unknown job is not found; 窓口 may not start one.
    env.get_page("/assessment/batch/99", Some(&clerk))
        .await
        .expect(StatusCode::NOT_FOUND);
    env.post_page("/assessment/batch", Some(&env.session("ito")), "fiscal_year=2026")
        .await
        .expect(StatusCode::FORBIDDEN);
    // A year without a rate table is refused on the page.
    let r = env
        .post_page("/assessment/batch", Some(&clerk), "fiscal_year=2023")
        .await
        .expect(StatusCode::CONFLICT)
        .text();
    assert!(r.contains("2023年度の料率表"), "{r}");
    assert!(
        env.audit_rows()
            .iter()
            .any(|(a, o, _)| a == "assessment.job_start" && o == "success")
    );
}

#[tokio::test]
async fn the_rate_simulation_compares_a_candidate_with_the_table_in_force() {
    let env = insured_city().await;
    let clerk = env.session("fuka");
    let form = env
        .get_page("/assessment/simulation?fiscal_year=2026", Some(&clerk))
        .await
        .expect(StatusCode::OK)
        .text();
    assert!(
        form.contains("value=\"8.04\"") && form.contains("全世帯で計算する"),
        "starts from the year's table: {form}"
    );
    // A rate the calculator refuses is named next to its field.
    let bad = crate::support::SIMULATION_FORM
        .replace("fiscal_year=2025", "fiscal_year=2026")
        .replace("medical_income_rate=8.50", "medical_income_rate=35");
    let r = env
        .post_page("/assessment/simulation", Some(&clerk), &bad)
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY)
        .text();
    assert!(
        r.contains("id=\"medical_income_rate-error\"") && r.contains("value=\"35\""),
        "{r}"
    );
    // 医療分 8.04% → 8.50% (the FY2026 example table keeps 尼崎市's other rates).
    let candidate = crate::support::SIMULATION_FORM.replace("fiscal_year=2025", "fiscal_year=2026");
    let r = env
        .post_page(
            "/assessment/simulation",
            Some(&clerk),
            &format!(
                "{candidate}&child=1&child_income_rate=0.30&child_per_capita=1800&child_adult_per_capita=100&\
                 child_cap=30000"
            ),
        )
        .await
        .expect(StatusCode::SEE_OTHER);
    let job = r.headers.get("location").unwrap().to_str().unwrap().to_string();
    let page = follow(&env, &clerk, &job).await;
    assert!(
        page.contains("id=\"comparison\"") && page.contains("試算案") && page.contains("差（試算案 − 現行）"),
        "{page}"
    );
    // The same as the use case computes directly.
    let direct = env
        .app
        .simulate_rates(
            &env.actor("fuka"),
            2026,
            &[kokuho_app::assessment::simulation::Candidate {
                label: "現行".into(),
                rates: None,
            }],
            &|_, _| {},
        )
        .unwrap();
    let current = direct.candidates[0].summary.total.to_string();
    assert!(
        page.contains(&format!("<tr><th scope=\"row\">調定額合計</th><td>{current}</td>")),
        "{current} in {page}"
    );
    assert!(
        page.contains("所得階層ごとの負担") && page.contains("<pre class=\"report\">"),
        "{page}"
    );
}
