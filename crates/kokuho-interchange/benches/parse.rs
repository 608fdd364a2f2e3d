//! Benchmark: parse a 住民異動 file of 100,000 lines (UTF-8 and Shift_JIS) and print the time
//! and lines per second. Run with `cargo bench -p kokuho-interchange --bench parse`.
//!
//! The file is generated deterministically (a fixed-seed LCG, no clock or RNG) with a realistic
//! mix of kinds; about 40% of the lines carry full personal data and an address.

use std::error::Error;
use std::hint::black_box;
use std::time::{Duration, Instant};

use kokuho_interchange::{Encoding, encode_shift_jis, parse_incomes, parse_resident_changes};

const LINES: usize = 100_000;

const SURNAMES: [(&str, &str); 8] = [
    ("山田", "ヤマダ"),
    ("髙橋", "タカハシ"),
    ("佐藤", "サトウ"),
    ("鈴木", "スズキ"),
    ("田中", "タナカ"),
    ("渡邊", "ワタナベ"),
    ("伊藤", "イトウ"),
    ("山﨑", "ヤマザキ"),
];
const GIVEN: [(&str, &str); 6] = [
    ("太郎", "タロウ"),
    ("花子", "ハナコ"),
    ("一郎", "イチロウ"),
    ("美咲", "ミサキ"),
    ("翔太", "ショウタ"),
    ("陽菜", "ヒナ"),
];
const TOWNS: [&str; 5] = ["西中新田", "笹沖", "老松町", "水島東千鳥町", "児島小川"];

struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let n64 = u64::try_from(n).unwrap_or(u64::MAX).max(1);
        usize::try_from((self.0 >> 33) % n64).unwrap_or(0)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        let i = self.next(items.len());
        items.get(i)
    }
}

fn resident_change_file(lines: usize) -> String {
    let mut rng = Lcg(20_260_401);
    let mut out = String::with_capacity(lines * 170);
    out.push_str(
        "異動番号,異動種別,異動日,届出日,宛名番号,世帯番号,世帯主,続柄,氏名,氏名カナ,生年月日,性別,国籍,在留期間満了日,郵便番号,住所\r\n",
    );
    // Weighted kinds: 転入, 転出, 転居 dominate.
    let kinds = [
        "転入",
        "転入",
        "転入",
        "転出",
        "転出",
        "転出",
        "転居",
        "転居",
        "出生",
        "死亡",
        "世帯分離",
        "世帯合併",
        "世帯主変更",
        "氏名変更",
        "住登外登録",
    ];
    for i in 0..lines {
        let kind = rng.pick(&kinds).copied().unwrap_or("転出");
        let month = 1 + rng.next(12);
        let day = 1 + rng.next(28);
        let effective = format!("2026-{month:02}-{day:02}");
        let notified = if kind == "転出" {
            effective.clone()
        } else {
            format!("2026-{month:02}-{:02}", (day + 1).min(28))
        };
        let (sur, sur_kana) = rng.pick(&SURNAMES).copied().unwrap_or(("山田", "ヤマダ"));
        let (given, given_kana) = rng.pick(&GIVEN).copied().unwrap_or(("太郎", "タロウ"));
        let person = matches!(kind, "転入" | "出生" | "住登外登録" | "氏名変更");
        let address = matches!(kind, "転入" | "転居" | "出生" | "住登外登録");
        let birth = if kind == "出生" {
            effective.clone()
        } else {
            format!(
                "{}-{:02}-{:02}",
                1940 + rng.next(80),
                1 + rng.next(12),
                1 + rng.next(28)
            )
        };
        let (name, kana, birth, sex) = if person {
            let sex = if rng.next(2) == 0 { "男" } else { "女" };
            (
                format!("{sur}　{given}"),
                format!("{sur_kana}　{given_kana}"),
                birth,
                sex,
            )
        } else {
            (String::new(), String::new(), String::new(), "")
        };
        let (postal, line) = if address {
            let town = rng.pick(&TOWNS).copied().unwrap_or("笹沖");
            (
                format!("710-{:04}", rng.next(10_000)),
                format!("岡山県倉敷市{town}{}番地{}", 1 + rng.next(2_000), 1 + rng.next(30)),
            )
        } else {
            (String::new(), String::new())
        };
        let head = if rng.next(3) == 0 { "1" } else { "0" };
        let relationship = if head == "1" { "世帯主" } else { "子" };
        out.push_str(&format!(
            "R{i:08},{kind},{effective},{notified},{},{},{head},{relationship},{name},{kana},{birth},{sex},,,{postal},\
             {line}\r\n",
            100_000 + i,
            200_000 + i / 2,
        ));
    }
    out
}

fn income_file(lines: usize) -> String {
    let mut rng = Lcg(2025);
    let mut out = String::with_capacity(lines * 60);
    out.push_str("宛名番号,所得年,給与収入,公的年金等収入,事業等所得,分離課税所得,譲渡特別控除額,専従者給与額,課税所得,住民税非課税,未申告\r\n");
    for i in 0..lines {
        let salary = rng.next(8_000_000);
        let pension = rng.next(3_000_000);
        out.push_str(&format!(
            "{},2025,\"{}\",{pension},{},0,0,0,{},{},0\r\n",
            100_000 + i,
            group(salary),
            rng.next(500_000),
            salary / 2,
            rng.next(2),
        ));
    }
    out
}

fn group(n: usize) -> String {
    let digits = n.to_string();
    let len = digits.len();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Best of `runs` timings of `f`.
fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    let mut best = Duration::MAX;
    for _ in 0..runs {
        let start = Instant::now();
        black_box(f());
        best = best.min(start.elapsed());
    }
    best
}

/// Prints the figures with integer arithmetic only (the project has no floats anywhere).
fn report(label: &str, bytes: usize, elapsed: Duration) {
    let micros = elapsed.as_micros().max(1);
    let lines = u128::try_from(LINES).unwrap_or(u128::MAX);
    let bytes = u128::try_from(bytes).unwrap_or(u128::MAX);
    let lines_per_sec = lines * 1_000_000 / micros;
    let kb_per_sec = bytes * 1_000_000 / micros / 1_000;
    println!(
        "{label}: {LINES} lines, {} KB in {}.{:03} ms = {lines_per_sec} lines/s ({kb_per_sec} KB/s)",
        bytes / 1_000,
        micros / 1_000,
        micros % 1_000,
    );
}

fn main() -> Result<(), Box<dyn Error>> {
    let text = resident_change_file(LINES);
    let sjis = encode_shift_jis(&text)?;
    let count = parse_resident_changes(text.as_bytes(), Encoding::Auto)?.len();
    if count != LINES {
        return Err(format!("expected {LINES} changes, got {count}").into());
    }
    let utf8 = best_of(5, || parse_resident_changes(text.as_bytes(), Encoding::Auto));
    report("住民異動 UTF-8 (Auto)", text.len(), utf8);
    let shift_jis = best_of(5, || parse_resident_changes(&sjis, Encoding::Auto));
    report("住民異動 Shift_JIS (Auto)", sjis.len(), shift_jis);

    let incomes = income_file(LINES);
    if parse_incomes(incomes.as_bytes(), Encoding::Auto)?.len() != LINES {
        return Err("income count mismatch".into());
    }
    let t = best_of(5, || parse_incomes(incomes.as_bytes(), Encoding::Auto));
    report("所得 UTF-8 (Auto)", incomes.len(), t);
    Ok(())
}
