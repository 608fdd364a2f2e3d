//! The late-fee calculation through its public contract (spec/calculators.md §3): the cities'
//! worked examples, the statutory boundaries, and refused input.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use kokuho_contract::late_fee::parse_and_calculate;
use kokuho_domain::collection::late_fee::LateFeeResult;
use serde_json::{Value, json};

fn calc(input: &Value) -> LateFeeResult {
    common::accepted(parse_and_calculate, input)
}

fn error(input: &Value) -> (String, String) {
    common::refused(parse_and_calculate, input)
}

/// `principal` due on `due`, paid in full on `paid`.
fn paid_once(principal: i64, due: &str, paid: &str) -> Value {
    json!({"principal": principal, "due_date": due, "payments": [{"date": paid, "amount": principal}]})
}

/// (from, to, base, rate, days, yen) of each period.
fn periods(r: &LateFeeResult) -> Vec<(String, String, i64, String, i64, i64)> {
    r.periods
        .iter()
        .map(|p| {
            (
                p.from.to_string(),
                p.to.to_string(),
                p.base.value(),
                p.rate.clone(),
                p.days,
                p.amount_yen.value(),
            )
        })
        .collect()
}

fn p(from: &str, to: &str, base: i64, rate: &str, days: i64, yen: i64) -> (String, String, i64, String, i64, i64) {
    (from.to_owned(), to.to_owned(), base, rate.to_owned(), days, yen)
}

#[test]
fn every_official_example_gives_its_published_amounts() {
    let docs = common::example_documents("late_fee_examples");
    for (path, doc) in &docs {
        let r = calc(&doc["input"]);
        let expect = &doc["expect"];
        assert_eq!(json!(r.late_fee.value()), expect["late_fee"], "{}", path.display());
        let out = serde_json::to_value(&r).unwrap();
        let expected_periods = expect["periods"].as_array().unwrap();
        assert_eq!(
            out["periods"].as_array().unwrap().len(),
            expected_periods.len(),
            "{}",
            path.display()
        );
        for (i, expected) in expected_periods.iter().enumerate() {
            for (field, value) in expected.as_object().unwrap() {
                assert_eq!(
                    out["periods"][i][field],
                    *value,
                    "{} periods[{i}].{field}",
                    path.display()
                );
            }
        }
        // The sum of the periods' yen is what was rounded.
        let sum: i64 = r.periods.iter().map(|p| p.amount_yen.value()).sum();
        assert_eq!(r.late_fee.value(), if sum < 1000 { 0 } else { sum / 100 * 100 });
    }
    assert!(docs.len() >= 7, "{}", docs.len());
}

#[test]
fn each_period_is_cut_to_the_yen_before_the_sum() {
    // 豊橋市 [公]: 133 + 2,883 + 480 = 3,496 (the exact amounts add up to 3,497.35…); 泉佐野市 [公]:
    // 230 + 772 + 1,257 = 2,259 (exactly 2,260.54…): the published sums are of truncated periods.
    let r = calc(&paid_once(65_000, "2021-05-31", "2022-01-31"));
    assert_eq!(r.periods.iter().map(|p| p.amount_yen.value()).sum::<i64>(), 3_496);
    assert_eq!(r.periods[0].amount, "133.561");
    let r = calc(&paid_once(100_000, "2016-10-31", "2017-02-20"));
    assert_eq!(r.periods.iter().map(|p| p.amount_yen.value()).sum::<i64>(), 2_259);
    assert!(
        r.explanation.iter().any(|l| l.contains("230.136…円 → 230円")),
        "{:?}",
        r.explanation
    );
    assert_eq!(
        r.explanation.last().unwrap(),
        "合計 2,259円 → 100円未満切捨て 延滞金 2,200円"
    );
}

#[test]
fn the_contract_example() {
    let r = calc(
        &json!({"principal": 100000, "due_date": "2023-08-31", "payments": [{"date": "2024-02-10", "amount": 100000}]}),
    );
    assert_eq!(r.late_fee.value(), 3_300);
    let out = serde_json::to_value(&r).unwrap();
    assert_eq!(
        out["periods"][0],
        json!({
            "from": "2023-09-01",
            "to": "2023-09-30",
            "base": 100000,
            "rate": "2.4",
            "days": 30,
            "amount": "197.260",
            "amount_yen": 197
        })
    );
}

#[test]
fn the_first_month_ends_the_day_before_the_same_day_of_the_next_month() {
    // Month-end due dates (民法143条2項): 8/31 → 9/1〜9/30; 1/30 → 1/31〜2/28 (no 2/31).
    let first = |due: &str, paid: &str| {
        let r = calc(&paid_once(1_000_000, due, paid));
        (
            r.periods[0].from.to_string(),
            r.periods[0].to.to_string(),
            r.periods[0].days,
        )
    };
    assert_eq!(
        first("2023-08-31", "2023-12-01"),
        ("2023-09-01".into(), "2023-09-30".into(), 30)
    );
    assert_eq!(
        first("2023-01-30", "2023-06-01"),
        ("2023-01-31".into(), "2023-02-28".into(), 29)
    );
    assert_eq!(
        first("2023-01-28", "2023-06-01"),
        ("2023-01-29".into(), "2023-02-28".into(), 31)
    );
    // February of a leap year: 1/29 → 2/28 (2/29 exists), 1/30 → 2/29.
    assert_eq!(
        first("2024-01-28", "2024-06-01"),
        ("2024-01-29".into(), "2024-02-28".into(), 31)
    );
    assert_eq!(
        first("2024-01-29", "2024-06-01"),
        ("2024-01-30".into(), "2024-02-29".into(), 31)
    );
    // A due date in February: 2/28 → 3/1〜3/31; 2023-02-27 → 2/28〜3/27.
    assert_eq!(
        first("2023-02-28", "2023-06-01"),
        ("2023-03-01".into(), "2023-03-31".into(), 31)
    );
    assert_eq!(
        first("2023-02-27", "2023-06-01"),
        ("2023-02-28".into(), "2023-03-27".into(), 28)
    );
    // 12/31 → 1/1〜1/31 of the next year, at the next year's rate.
    let r = calc(&paid_once(100_000, "2025-12-31", "2026-03-01"));
    assert_eq!(periods(&r)[0], p("2026-01-01", "2026-01-31", 100_000, "2.8", 31, 237));
}

#[test]
fn a_year_boundary_inside_the_first_month_changes_the_rate_there() {
    // Due 2025-12-15: the first month is 12/16〜1/15, at 2.4% in 2025 and 2.8% in 2026.
    let r = calc(&paid_once(200_000, "2025-12-15", "2026-03-31"));
    assert_eq!(
        periods(&r),
        vec![
            p("2025-12-16", "2025-12-31", 200_000, "2.4", 16, 210),
            p("2026-01-01", "2026-01-15", 200_000, "2.8", 15, 230),
            p("2026-01-16", "2026-03-31", 200_000, "9.1", 75, 3_739),
        ]
    );
    assert_eq!(r.late_fee.value(), 4_100);
}

#[test]
fn fukuoka_2025_to_2026_crosses_into_the_new_rates() {
    // 福岡市 FAQ3274 [公]: 152,500円、納期限 令和7年9月1日、納付 令和8年2月5日 → 基礎 152,000円、
    // ① 9/2〜10/1 30日. The page's amounts were not read: these follow the rules.
    let r = calc(&paid_once(152_500, "2025-09-01", "2026-02-05"));
    assert_eq!(
        periods(&r),
        vec![
            p("2025-09-02", "2025-10-01", 152_000, "2.4", 30, 299),
            p("2025-10-02", "2025-12-31", 152_000, "8.7", 91, 3_296),
            p("2026-01-01", "2026-02-05", 152_000, "9.1", 36, 1_364),
        ]
    );
    assert_eq!(r.late_fee.value(), 4_900);
}

#[test]
fn a_leap_year_is_still_divided_by_365() {
    // 2024 has 366 days, each counted at rate ÷ 365: 1,000,000 × 8.7% × 366 ÷ 365 = 87,238.35…
    let r = calc(&paid_once(1_000_000, "2023-11-30", "2024-12-31"));
    assert_eq!(
        periods(&r),
        vec![
            p("2023-12-01", "2023-12-31", 1_000_000, "2.4", 31, 2_038),
            p("2024-01-01", "2024-12-31", 1_000_000, "8.7", 366, 87_238)
        ]
    );
    assert_eq!(r.late_fee.value(), 89_200);
    // 2/29 is a day like any other.
    let r = calc(&paid_once(1_000_000, "2024-01-31", "2024-03-31"));
    assert_eq!(
        periods(&r)[0],
        p("2024-02-01", "2024-02-29", 1_000_000, "2.4", 29, 1_906)
    );
}

#[test]
fn a_payment_counts_its_own_day_and_reduces_the_base_from_the_next() {
    // Half paid on the last day of the first month: that day is still at the full base.
    let input = json!({"principal": 100000, "due_date": "2023-08-31", "payments": [
        {"date": "2023-09-30", "amount": 50000}, {"date": "2023-12-31", "amount": 50000}]});
    let r = calc(&input);
    assert_eq!(
        periods(&r),
        vec![
            p("2023-09-01", "2023-09-30", 100_000, "2.4", 30, 197),
            p("2023-10-01", "2023-12-31", 50_000, "8.7", 92, 1_096)
        ]
    );
    assert_eq!(r.late_fee.value(), 1_200);
    // The same payment a day later: one day at the full base after the first month.
    let input = json!({"principal": 100000, "due_date": "2023-08-31", "payments": [
        {"date": "2023-10-01", "amount": 50000}, {"date": "2023-12-31", "amount": 50000}]});
    let r = calc(&input);
    assert_eq!(
        periods(&r),
        vec![
            p("2023-09-01", "2023-09-30", 100_000, "2.4", 30, 197),
            p("2023-10-01", "2023-10-01", 100_000, "8.7", 1, 23),
            p("2023-10-02", "2023-12-31", 50_000, "8.7", 91, 1_084),
        ]
    );
    assert_eq!(r.late_fee.value(), 1_300);
}

#[test]
fn partial_payments_change_the_base_only_when_its_thousands_change() {
    // 500 yen of 100,500 leaves the base at 100,000: no new period. 98,500 more leaves 1,500,
    // under 2,000 yen: no fee from the next day, so 2024 needs no rate.
    let input = json!({"principal": 100500, "due_date": "2023-08-31", "payments": [
        {"date": "2023-09-10", "amount": 500},
        {"date": "2023-11-15", "amount": 98500},
        {"date": "2024-03-01", "amount": 1500}]});
    let r = calc(&input);
    assert_eq!(
        periods(&r),
        vec![
            p("2023-09-01", "2023-09-30", 100_000, "2.4", 30, 197),
            p("2023-10-01", "2023-11-15", 100_000, "8.7", 46, 1_096)
        ]
    );
    assert_eq!(r.late_fee.value(), 1_200);
    assert!(
        r.explanation.iter().any(|l| l.contains("2,000円未満なので")),
        "{:?}",
        r.explanation
    );
    // Several payments on one day are one change of base.
    let input = json!({"principal": 100000, "due_date": "2023-08-31", "payments": [
        {"date": "2023-10-31", "amount": 30000},
        {"date": "2023-10-31", "amount": 20000},
        {"date": "2023-12-31", "amount": 50000}]});
    let r = calc(&input);
    assert_eq!(
        periods(&r),
        vec![
            p("2023-09-01", "2023-09-30", 100_000, "2.4", 30, 197),
            p("2023-10-01", "2023-10-31", 100_000, "8.7", 31, 738),
            p("2023-11-01", "2023-12-31", 50_000, "8.7", 61, 726),
        ]
    );
    assert_eq!(r.late_fee.value(), 1_600);
}

#[test]
fn payments_on_or_before_the_due_date_carry_no_fee() {
    let r = calc(&paid_once(100_000, "2023-08-31", "2023-08-31"));
    assert_eq!((r.late_fee.value(), r.periods.len()), (0, 0));
    let r = calc(&paid_once(100_000, "2023-08-31", "2023-07-01"));
    assert_eq!((r.late_fee.value(), r.periods.len()), (0, 0));
    // Part paid in time: only the rest is late.
    let input = json!({"principal": 100000, "due_date": "2023-08-31", "payments": [
        {"date": "2023-08-20", "amount": 60000}, {"date": "2024-03-31", "amount": 40000}]});
    let r = calc(&input);
    assert_eq!(
        periods(&r),
        vec![
            p("2023-09-01", "2023-09-30", 40_000, "2.4", 30, 78),
            p("2023-10-01", "2023-12-31", 40_000, "8.7", 92, 877),
            p("2024-01-01", "2024-03-31", 40_000, "8.7", 91, 867),
        ]
    );
    assert_eq!(r.late_fee.value(), 1_800);
    assert!(
        r.explanation.iter().any(|l| l.contains("納期限までの納付")),
        "{:?}",
        r.explanation
    );
    // Nothing owed at all.
    let r = calc(&json!({"principal": 0, "due_date": "2023-08-31"}));
    assert_eq!((r.late_fee.value(), r.periods.len()), (0, 0));
}

#[test]
fn principal_under_2000_yen_has_no_fee() {
    let r = calc(&paid_once(1_999, "2023-08-31", "2025-08-31"));
    assert_eq!((r.late_fee.value(), r.periods.len()), (0, 0));
    // 2,000 yen is a base: its fee is computed, and is under 1,000 yen.
    let r = calc(&paid_once(2_000, "2023-08-31", "2024-08-31"));
    assert_eq!(
        r.periods.iter().map(|p| p.base.value()).collect::<Vec<_>>(),
        vec![2_000, 2_000, 2_000]
    );
    assert_eq!(r.late_fee.value(), 0);
    // A principal under 2,000 yen needs no rate even in a year the table does not know.
    let r = calc(&paid_once(1_500, "2026-12-31", "2027-02-01"));
    assert_eq!(r.late_fee.value(), 0);
    // The base is rounded down to 1,000 yen: 2,999 → 2,000.
    let r = calc(&paid_once(2_999, "2023-08-31", "2023-09-30"));
    assert_eq!(r.periods[0].base.value(), 2_000);
}

#[test]
fn a_fee_under_1000_yen_is_0_and_from_1000_it_is_rounded_to_100() {
    // 14,000 from 2023-02-01 to 12-17: 25 + 974 = 999 yen → 0.
    let r = calc(&paid_once(14_000, "2023-01-31", "2023-12-17"));
    assert_eq!(r.periods.iter().map(|p| p.amount_yen.value()).sum::<i64>(), 999);
    assert_eq!(r.late_fee.value(), 0);
    assert!(r.explanation.last().unwrap().contains("1,000円未満"));
    // 39,000 to 2023-06-08: exactly 1,000 yen.
    let r = calc(&paid_once(39_000, "2023-01-31", "2023-06-08"));
    assert_eq!(r.periods.iter().map(|p| p.amount_yen.value()).sum::<i64>(), 1_000);
    assert_eq!(r.late_fee.value(), 1_000);
}

#[test]
fn given_rates_replace_the_table_for_their_years() {
    let mut input = paid_once(100_000, "2026-11-30", "2027-03-31");
    // 2027 is not in the table: refused, naming the year and the payment that reaches it.
    let (path, message) = error(&input);
    assert_eq!(path, "payments[0].date");
    assert!(message.contains("2027年") && message.contains("rates"), "{message}");
    input["rates"] = json!([{"year": 2027, "within_month": "3.0", "after_month": "9.3"}]);
    let r = calc(&input);
    assert_eq!(
        periods(&r),
        vec![
            p("2026-12-01", "2026-12-31", 100_000, "2.8", 31, 237),
            p("2027-01-01", "2027-03-31", 100_000, "9.3", 90, 2_293),
        ]
    );
    // A given year wins over the table.
    input["rates"] = json!([
        {"year": 2026, "within_month": "7.3", "after_month": "14.6"},
        {"year": 2027, "within_month": "3", "after_month": "9.3"}
    ]);
    assert_eq!(calc(&input).periods[0].rate, "7.3");
    // Before the 特例 (2000), the law's own rates.
    let r = calc(&paid_once(100_000, "1999-10-31", "2000-01-31"));
    assert_eq!(
        periods(&r)[0..2],
        [
            p("1999-11-01", "1999-11-30", 100_000, "7.3", 30, 600),
            p("1999-12-01", "1999-12-31", 100_000, "14.6", 31, 1_240)
        ]
    );
    assert_eq!(r.periods[2].rate, "14.6");
}

#[test]
fn refused_input_names_the_field() {
    let good = paid_once(100_000, "2023-08-31", "2024-02-10");
    let cases: Vec<(Value, &str, &str)> = vec![
        (
            json!({"principal": 100000, "due_date": "2023-08-31", "payment": []}),
            "payment",
            "不明な項目",
        ),
        (
            json!({"principal": -1, "due_date": "2023-08-31"}),
            "principal",
            "負の金額",
        ),
        (
            json!({
                "principal": 100000,
                "due_date": "2023-08-31",
                "payments": [{"date": "2024-02-10", "amount": -100000}]
            }),
            "payments[0].amount",
            "負の金額",
        ),
        (
            json!({"principal": "100000", "due_date": "2023-08-31"}),
            "principal",
            "整数",
        ),
        (
            json!({"principal": 100000, "due_date": "2023-02-29"}),
            "due_date",
            "日付",
        ),
        (
            json!({
                "principal": 100000,
                "due_date": "2023-08-31",
                "payments": [{"date": "2024-13-01", "amount": 100000}]
            }),
            "payments[0].date",
            "日付",
        ),
        (json!({"due_date": "2023-08-31"}), "", "principal"),
        (
            json!({
                "principal": 100000,
                "due_date": "2023-08-31",
                "payments": [{"date": "2024-02-10", "amount": 100000, "memo": "x"}]
            }),
            "payments[0].memo",
            "不明な項目「memo」",
        ),
        (
            json!({
                "principal": 100000,
                "due_date": "2023-08-31",
                "payments": [
                    {"date": "2023-12-01", "amount": 1000},
                    {"date": "2023-12-10", "amount": 1000},
                    {"date": "2023-11-30", "amount": 98000}
                ]
            }),
            "payments[2].date",
            "日付の順",
        ),
        (
            json!({
                "principal": 100000,
                "due_date": "2023-08-31",
                "payments": [{"date": "2023-12-01", "amount": 60000}, {"date": "2023-12-10", "amount": 50000}]
            }),
            "payments[1].amount",
            "40,000円",
        ),
        (
            json!({
                "principal": 100000,
                "due_date": "2023-08-31",
                "payments": [{"date": "2023-12-01", "amount": 60000}]
            }),
            "payments",
            "未納 40,000円",
        ),
        (
            json!({"principal": 100000, "due_date": "2023-08-31"}),
            "payments",
            "完納されていません",
        ),
        (
            json!({
                "principal": 100000,
                "due_date": "2023-08-31",
                "payments": [{"date": "2023-12-01", "amount": 0}, {"date": "2023-12-01", "amount": 100000}]
            }),
            "payments[0].amount",
            "0円",
        ),
        (
            json!({
                "principal": 100000,
                "due_date": "2023-08-31",
                "payments": [{"date": "2024-02-10", "amount": 100000}],
                "rates": [{"year": 2024, "within_month": "2,4", "after_month": "8.7"}]
            }),
            "rates[0].within_month",
            "百分率",
        ),
        (
            json!({
                "principal": 100000,
                "due_date": "2023-08-31",
                "payments": [{"date": "2024-02-10", "amount": 100000}],
                "rates": [{"year": 2024, "within_month": 2.4, "after_month": "8.7"}]
            }),
            "rates[0].within_month",
            "文字列",
        ),
        (
            json!({
                "principal": 100000,
                "due_date": "2023-08-31",
                "payments": [{"date": "2024-02-10", "amount": 100000}],
                "rates": [{"year": 2024, "within_month": "2.4", "after_month": "15"}]
            }),
            "rates[0].after_month",
            "14.6%",
        ),
        (
            json!({
                "principal": 100000,
                "due_date": "2023-08-31",
                "payments": [{"date": "2024-02-10", "amount": 100000}],
                "rates": [{"year": 2024, "within_month": "7.3", "after_month": "5"}]
            }),
            "rates[0].within_month",
            "逆",
        ),
        (
            json!({
                "principal": 100000,
                "due_date": "2023-08-31",
                "payments": [{"date": "2024-02-10", "amount": 100000}],
                "rates": [
                    {"year": 2024, "within_month": "2.4", "after_month": "8.7"},
                    {"year": 2024, "within_month": "2.4", "after_month": "8.7"}
                ]
            }),
            "rates[1].year",
            "2回",
        ),
    ];
    for (input, want_path, want_message) in cases {
        let (path, message) = error(&input);
        assert_eq!(path, want_path, "{input}: {message}");
        assert!(message.contains(want_message), "{input}: {message}");
        // Japanese, naming the field (except a missing field, named by its own name).
        assert!(
            message.contains(if want_path.is_empty() { "principal" } else { want_path }),
            "{message}"
        );
    }
    // Trailing text after the document.
    let e = parse_and_calculate(&format!("{good} x")).unwrap_err();
    assert_eq!(e.code, "invalid_input");
    assert!(parse_and_calculate("{not json").is_err());
}

#[test]
fn huge_amounts_are_refused_not_wrapped() {
    // Both the principal and the payment are over Amount::MAX; the first read is named.
    let input = paid_once(i64::MAX, "1999-12-31", "2026-12-31");
    let (path, message) = error(&input);
    assert!(["principal", "payments[0].amount"].contains(&path.as_str()), "{path}");
    assert!(message.contains("大きすぎ"), "{message}");
    let mut input = paid_once(1_000, "1999-12-31", "2026-12-31");
    input["principal"] = json!(1_000_000_000_000_i64);
    assert_eq!(error(&input).0, "principal");
    // The largest dates do not panic either.
    let r = calc(&paid_once(100_000, "9999-12-31", "9999-12-31"));
    assert_eq!(r.late_fee.value(), 0);
    let mut input = paid_once(100_000, "9999-11-30", "9999-12-31");
    input["rates"] = json!([{"year": 9999, "within_month": "7.3", "after_month": "14.6"}]);
    assert_eq!(
        periods(&calc(&input)),
        vec![p("9999-12-01", "9999-12-31", 100_000, "7.3", 31, 620)]
    );
}
