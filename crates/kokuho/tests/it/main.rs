//! The `kokuho` binary as an operator uses it: init, users, imports (good and bad files),
//! verification, demo generation. Runs the real executable on a temporary data directory.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[cfg(unix)]
mod files;
mod journal_compat;

use std::path::Path;
use std::process::{Command, Output};

fn kokuho(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kokuho"))
        .current_dir(dir)
        .env_remove("KOKUHO_OPERATOR")
        .env_remove("KOKUHO_KEK")
        .env("KOKUHO_LOG", "error")
        .args(args)
        .output()
        .expect("run kokuho")
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = kokuho(dir, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `kokuho init` of 尼崎市 with its administrator tanaka-kanri.
fn init(dir: &Path) {
    ok(
        dir,
        &[
            "init",
            "--insurer",
            "280016",
            "--name",
            "尼崎市",
            "--admin",
            "tanaka-kanri",
            "--admin-name",
            "田中 管理",
        ],
    );
}

/// Runs kokuho with `stdin` piped in.
fn with_stdin(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_kokuho"))
        .current_dir(dir)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn fails(dir: &Path, args: &[&str]) -> String {
    let out = kokuho(dir, args);
    assert!(!out.status.success(), "{args:?} should fail");
    String::from_utf8(out.stderr).unwrap()
}

const HEADER: &str = "異動番号,異動種別,異動日,届出日,宛名番号,世帯番号,世帯主,続柄,氏名,氏名カナ,生年月日,性別,国籍,在留期間満了日,郵便番号,住所\n";

#[test]
fn an_operator_session() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // Nothing works before init, and the message says what to do.
    assert!(fails(dir, &["--as", "x", "journal", "verify"]).contains("kokuho init"));
    init(dir);
    // Shared or default account names are refused.
    assert!(fails(dir, &["--as", "tanaka-kanri", "user", "add", "admin", "--name", "x"]).contains("エラー"));
    ok(
        dir,
        &[
            "--as",
            "tanaka-kanri",
            "user",
            "add",
            "sato-shikaku",
            "--name",
            "佐藤",
            "--role",
            "eligibility",
        ],
    );
    ok(
        dir,
        &[
            "--as",
            "tanaka-kanri",
            "user",
            "add",
            "kato-kansa",
            "--name",
            "加藤",
            "--role",
            "auditor",
        ],
    );

    let good = format!(
        "{HEADER}A1,転入,2026-04-01,2026-04-03,1001,501,1,世帯主,山田 太郎,ヤマダ タロウ,1980-05-10,男,,,9990001,テスト市中央町1-2-3\n"
    );
    std::fs::write(dir.join("good.csv"), good).unwrap();
    let out = ok(dir, &["--as", "sato-shikaku", "import", "resident-changes", "good.csv"]);
    assert!(out.contains("適用1件"), "{out}");
    // Same file again: harmless.
    assert!(ok(dir, &["--as", "sato-shikaku", "import", "resident-changes", "good.csv"]).contains("適用済み1件"));

    // A bad file: every bad line named, nothing imported.
    let bad = format!(
        "{HEADER}B1,転入,2026-04-01,2026-04-03,2001,601,1,世帯主,鈴木 一,スズキ \
         ハジメ,1980-01-01,男,,,9990001,テスト市\nB2,転入,2026-02-30,2026-03-01,2002,601,0,妻,鈴木 花,スズキ \
         ハナ,1982-01-01,女,,,9990001,テスト市\n"
    );
    std::fs::write(dir.join("bad.csv"), bad).unwrap();
    let err = fails(dir, &["--as", "sato-shikaku", "import", "resident-changes", "bad.csv"]);
    assert!(err.contains("3行目") && err.contains("異動日"), "{err}");
    let verify = ok(dir, &["--as", "kato-kansa", "journal", "verify"]);
    assert!(
        verify.contains("2件すべて正常"),
        "only the good file's entries: {verify}"
    );

    // Permissions: the auditor can't import, the clerk can't verify.
    assert!(fails(dir, &["--as", "kato-kansa", "import", "resident-changes", "good.csv"]).contains("権限"));
    assert!(fails(dir, &["--as", "sato-shikaku", "audit", "verify"]).contains("権限"));
    assert!(ok(dir, &["--as", "kato-kansa", "audit", "verify"]).contains("すべて正常"));

    // A demo city as files, importable as they are.
    ok(
        dir,
        &["demo", "generate", "--households", "30", "--seed", "5", "--out", "city"],
    );
    let out = ok(
        dir,
        &[
            "--as",
            "sato-shikaku",
            "import",
            "resident-changes",
            "city/resident-changes.csv",
        ],
    );
    assert!(out.contains("適用"), "{out}");
    // The 資格担当 role includes 所得 (income records feed the copay judgement).
    let out = ok(dir, &["--as", "sato-shikaku", "import", "incomes", "city/incomes.csv"]);
    assert!(out.contains("登録"), "{out}");
}

#[test]
fn calc_premium_reads_a_file_or_stdin_and_opens_no_database() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let example = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../kokuho-contract/tests/premium_examples/premium-akashi-2023.json");
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(example).unwrap()).unwrap();
    let input = dir.join("in.json");
    std::fs::write(&input, doc["input"].to_string()).unwrap();
    let out: serde_json::Value =
        serde_json::from_str(&ok(dir, &["calc", "premium", "--input", input.to_str().unwrap()])).unwrap();
    assert_eq!(out["total"], doc["expect"]["total"]);
    // stdin, and no data directory was created.
    let piped = with_stdin(dir, &["calc", "premium"], doc["input"].to_string().as_bytes());
    assert!(piped.status.success());
    let out: serde_json::Value = serde_json::from_slice(&piped.stdout).unwrap();
    assert_eq!(out["components"]["medical"]["amount"], 192_400);
    assert!(!dir.join("kokuho-data").exists());
    // Bad input: non-zero exit, the error document on stdout, the Japanese message on stderr.
    std::fs::write(
        &input,
        concat!(
            r#"{"fiscal_year": 2023, "rates": {"rounding": "floor_1", "components": {}}, "household": {"head": "a", "#,
            r#""members": [{"id": "a", "birth_date": "1980-01-01", "income": {"salary_revenue": -5}}]}}"#,
        ),
    )
    .unwrap();
    let bad = kokuho(dir, &["calc", "premium", "--input", input.to_str().unwrap()]);
    assert!(!bad.status.success());
    let err: serde_json::Value = serde_json::from_slice(&bad.stdout).unwrap();
    assert_eq!(err["error"]["path"], "household.members[0].income.salary_revenue");
    assert!(String::from_utf8_lossy(&bad.stderr).contains("負の金額"));
}

#[test]
fn serve_simulator_only_answers_without_a_database() {
    use std::io::{BufRead, BufReader, Read, Write};
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut child = Command::new(env!("CARGO_BIN_EXE_kokuho"))
        .current_dir(dir)
        .env("KOKUHO_LOG", "error")
        .args(["serve", "--simulator-only", "--listen", "127.0.0.1:0"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    let mut conn = std::net::TcpStream::connect(&addr).unwrap();
    write!(
        conn,
        "GET /simulator HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    conn.read_to_string(&mut response).unwrap();
    child.kill().unwrap();
    let _ = child.wait();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("国民健康保険料の試算"));
    assert!(
        !dir.join("kokuho-data").exists(),
        "the simulator-only server must not create a database"
    );
}

#[test]
fn rate_tables_are_set_listed_and_shown_by_the_assessment_staff() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    init(dir);
    ok(
        dir,
        &[
            "--as",
            "tanaka-kanri",
            "user",
            "add",
            "yamada-fuka",
            "--name",
            "山田 賦課",
            "--role",
            "assessment",
        ],
    );
    let rates = kokuho_domain::assessment::premium::published::published_rates()
        .into_iter()
        .find(|t| t.fiscal_year == 2025)
        .unwrap()
        .rates;
    std::fs::write(dir.join("r7.json"), rates).unwrap();
    let out = ok(
        dir,
        &[
            "--as",
            "yamada-fuka",
            "rates",
            "set",
            "--year",
            "2025",
            "--label",
            "令和7年度",
            "--file",
            "r7.json",
        ],
    );
    assert!(out.contains("設定しました"), "{out}");
    assert!(
        ok(
            dir,
            &[
                "--as",
                "yamada-fuka",
                "rates",
                "set",
                "--year",
                "2025",
                "--label",
                "令和7年度",
                "--file",
                "r7.json"
            ]
        )
        .contains("変更はありません")
    );
    assert!(ok(dir, &["--as", "yamada-fuka", "rates", "list"]).contains("2025\t令和7年度\tyamada-fuka"));
    let shown: serde_json::Value =
        serde_json::from_str(&ok(dir, &["--as", "yamada-fuka", "rates", "show", "--year", "2025"])).unwrap();
    assert_eq!(shown, serde_json::from_str::<serde_json::Value>(rates).unwrap());
    // Over the statutory cap: refused, named.
    std::fs::write(dir.join("bad.json"), rates.to_string().replace("660000", "999000")).unwrap();
    let err = fails(
        dir,
        &[
            "--as",
            "yamada-fuka",
            "rates",
            "set",
            "--year",
            "2025",
            "--label",
            "誤り",
            "--file",
            "bad.json",
        ],
    );
    assert!(err.contains("rates.components.medical.cap"), "{err}");
    // The administrator has no 賦課 permission.
    assert!(fails(dir, &["--as", "tanaka-kanri", "rates", "list"]).contains("権限"));
    // A household's premium needs the household.
    assert!(
        fails(
            dir,
            &[
                "--as",
                "yamada-fuka",
                "assess",
                "household",
                "--household",
                "123",
                "--year",
                "2025"
            ]
        )
        .contains("世帯番号123")
    );
}

#[test]
fn the_annual_assessment_runs_on_the_demo_city_and_is_idempotent() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    ok(dir, &["demo", "load", "--households", "60"]);
    let first = ok(dir, &["--as", "demo-fuka", "batch", "assess", "--year", "2025"]);
    assert!(
        first.contains("2025年度: 対象") && first.contains("変更なし0世帯"),
        "{first}"
    );
    let again = ok(dir, &["--as", "demo-fuka", "batch", "assess", "--year", "2025"]);
    assert!(again.contains("賦課0世帯"), "{again}");
    // 資格担当 may not run it.
    assert!(fails(dir, &["--as", "demo-shikaku", "batch", "assess", "--year", "2025"]).contains("権限"));
}

#[test]
fn calc_late_fee_reads_a_file_or_stdin_and_refuses_bad_input_with_the_path() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // The README's example: 大府市 [公], 3,300円.
    let out = calc_example(dir, "late-fee", "late-fee-obu-2023.json");
    assert_eq!(out["late_fee"], 3_300);
    assert_eq!(out["periods"][0]["amount"], "197.260");
    // stdin; no data directory is created.
    let piped = with_stdin(
        dir,
        &["calc", "late-fee"],
        br#"{"principal": 65000, "due_date": "2021-05-31", "payments": [{"date": "2022-01-31", "amount": 65000}]}"#,
    );
    assert!(piped.status.success());
    let out: serde_json::Value = serde_json::from_slice(&piped.stdout).unwrap();
    assert_eq!(out["late_fee"], 3_400, "豊橋市 [公]");
    assert!(!dir.join("kokuho-data").exists());
    refuses(
        dir,
        "late-fee",
        &[
            (
                r#"{"principal": 100000, "due_date": "2023-08-31", "payments": [], "memo": 1}"#,
                "memo",
                "不明な項目",
            ),
            (
                r#"{"principal": -100, "due_date": "2023-08-31"}"#,
                "principal",
                "負の金額",
            ),
            (
                concat!(
                    r#"{"principal": 100000, "due_date": "2023-02-30", "#,
                    r#""payments": [{"date": "2024-02-10", "amount": 100000}]}"#,
                ),
                "due_date",
                "日付",
            ),
            (
                concat!(
                    r#"{"principal": 100000, "due_date": "2023-08-31", "payments": "#,
                    r#"[{"date": "2024-02-10", "amount": 50000}, {"date": "2024-01-10", "amount": 50000}]}"#,
                ),
                "payments[1].date",
                "日付の順",
            ),
            (
                concat!(
                    r#"{"principal": 100000, "due_date": "2023-08-31", "#,
                    r#""payments": [{"date": "2024-02-10", "amount": 100000}], "#,
                    r#""rates": [{"year": 2024, "within_month": "abc", "after_month": "8.7"}]}"#,
                ),
                "rates[0].within_month",
                "百分率",
            ),
        ],
    );
}

/// The output of `calc <calculator> --input docs/calculators/<file>`.
fn calc_example(dir: &Path, calculator: &str, file: &str) -> serde_json::Value {
    let example = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../docs/calculators")
        .join(file);
    serde_json::from_str(&ok(dir, &["calc", calculator, "--input", example.to_str().unwrap()])).unwrap()
}

/// Bad input to `calc <calculator>`: non-zero exit, the error document on stdout with the path,
/// Japanese on stderr. Each case: (document, path, words of the message).
fn refuses(dir: &Path, calculator: &str, cases: &[(&str, &str, &str)]) {
    let input = dir.join("in.json");
    for &(doc, path, said) in cases {
        std::fs::write(&input, doc).unwrap();
        let bad = kokuho(dir, &["calc", calculator, "--input", input.to_str().unwrap()]);
        assert!(!bad.status.success(), "{doc}");
        let err: serde_json::Value = serde_json::from_slice(&bad.stdout).unwrap();
        assert_eq!(err["error"]["code"], "invalid_input");
        assert_eq!(err["error"]["path"], path, "{doc}");
        assert!(String::from_utf8_lossy(&bad.stderr).contains(said), "{doc}");
    }
}

#[test]
fn calc_high_cost_reads_a_file_or_stdin_and_refuses_bad_input_with_the_path() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // The README's example: 区分ウ, 医療費100万円 [公] (spec/examples/high-cost-u-2026-07.json).
    let out = calc_example(dir, "high-cost", "high-cost-u-2026-07.json");
    assert_eq!(
        (
            &out["month"],
            &out["limit"],
            &out["copay_counted"],
            &out["benefit"],
            &out["many_times"],
            &out["category"]
        ),
        (
            &"2026-07".into(),
            &87_430.into(),
            &300_000.into(),
            &212_570.into(),
            &false.into(),
            &"u".into()
        )
    );
    // stdin: 多数回 (the 4th month within 12) → 44,400; no data directory is created.
    let doc = r#"{"month": "2026-07",
        "household": {"category": "u", "members": [{"id": "p", "birth_date": "1980-01-01"}]},
        "prior_benefit_months": ["2025-08", "2025-12", "2026-03"],
        "claims": [
            {"patient": "p", "provider": "H1", "setting": "inpatient", "medical_cost": 1000000, "copay": 300000}
        ]}"#;
    let piped = with_stdin(dir, &["calc", "high-cost"], doc.as_bytes());
    assert!(piped.status.success());
    let out: serde_json::Value = serde_json::from_slice(&piped.stdout).unwrap();
    assert_eq!(
        (&out["limit"], &out["benefit"], &out["many_times"]),
        (&44_400.into(), &255_600.into(), &true.into())
    );
    assert!(!dir.join("kokuho-data").exists());
    let member = r#"{"id": "p", "birth_date": "1980-01-01"}"#;
    let claim =
        r#"{"patient": "p", "provider": "H1", "setting": "inpatient", "medical_cost": 1000000, "copay": 300000}"#;
    let docs: Vec<String> = [
        format!(
            concat!(
                r#"{{"month": "2026-07", "household": {{"category": "u", "members": [{member}]}}, "#,
                r#""claims": [{claim}], "memo": 1}}"#,
            ),
            member = member,
            claim = claim
        ),
        format!(
            concat!(
                r#"{{"month": "2026-07", "household": {{"category": "x", "members": [{member}]}}, "#,
                r#""claims": [{claim}]}}"#,
            ),
            member = member,
            claim = claim
        ),
        format!(r#"{{"month": "2026-07", "household": {{"members": [{member}]}}, "claims": [{claim}]}}"#),
        format!(
            r#"{{"month": "2026-07", "household": {{"category": "u", "members": [{member}]}}, "claims": [{}]}}"#,
            claim.replace("300000", "1000001")
        ),
    ]
    .into();
    refuses(
        dir,
        "high-cost",
        &[
            (&docs[0], "memo", "不明な項目"),
            (&docs[1], "household.category", "指定できる値"),
            (&docs[2], "household.category", "所得区分"),
            (&docs[3], "claims[0].copay", "医療費"),
        ],
    );
}
