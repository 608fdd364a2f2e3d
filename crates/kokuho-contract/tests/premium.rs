//! The premium calculation through its public contract (spec/calculators.md §1): published
//! worked examples, the statutory boundaries, and refused input.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use kokuho_contract::premium::parse_and_calculate;
use kokuho_domain::assessment::premium::PremiumResult;
use serde_json::{Value, json};

fn calc(input: &Value) -> PremiumResult {
    common::accepted(parse_and_calculate, input)
}

fn error(input: &Value) -> (String, String) {
    common::refused(parse_and_calculate, input)
}

/// 尼崎市 FY2025 (official, rules.md §9.1), one component set used by several tests.
fn amagasaki_2025() -> Value {
    json!({
        "rounding": "component_floor_100",
        "components": {
            "medical": {"income_rate": "8.04", "per_capita": 31200, "per_household": 19404, "cap": 660000},
            "support": {"income_rate": "3.12", "per_capita": 12048, "per_household": 7500, "cap": 260000},
            "care": {"income_rate": "3.00", "per_capita": 12132, "per_household": 5928, "cap": 170000}
        }
    })
}

fn single(fiscal_year: i32, birth: &str, income: Value) -> Value {
    json!({
        "fiscal_year": fiscal_year,
        "rates": amagasaki_2025(),
        "household": {"head": "p", "members": [{"id": "p", "birth_date": birth, "income": income}]}
    })
}

#[test]
fn every_example_file_gives_its_expected_amounts() {
    let docs = common::example_documents("premium_examples");
    for (path, doc) in &docs {
        let r = calc(&doc["input"]);
        let expect = &doc["expect"];
        assert_eq!(json!(r.total.value()), expect["total"], "{}", path.display());
        assert_eq!(json!(r.reduction.code()), expect["reduction"], "{}", path.display());
        for (key, amount) in expect["components"].as_object().unwrap() {
            assert_eq!(
                json!(r.components[key.as_str()].amount.value()),
                *amount,
                "{} {key}",
                path.display()
            );
        }
    }
    assert!(!docs.is_empty());
}

#[test]
fn akashi_2023_steps_match_the_published_breakdown() {
    // 明石市 令和5年度 計算事例(1) [公] (rules.md TC-01), care component included: only the wife (63) is 40–64.
    let input = json!({
        "fiscal_year": 2023,
        "rates": {"rounding": "component_floor_100", "components": {
            "medical": {"income_rate": "6.84", "per_capita": 27100, "per_household": 19220, "cap": 650000},
            "support": {"income_rate": "2.60", "per_capita": 10430, "per_household": 7860, "cap": 220000},
            "care": {"income_rate": "2.28", "per_capita": 0, "per_household": 0, "cap": 170000}
        }},
        "household": {"head": "h", "members": [
            {"id": "h", "birth_date": "1956-06-01", "income": {"pension_revenue": 3000000}},
            {"id": "w", "birth_date": "1959-09-01", "income": {"pension_revenue": 1300000}}
        ]}
    });
    let r = calc(&input);
    let m = &r.components["medical"];
    assert_eq!(
        (
            m.income_levy.value(),
            m.per_capita.value(),
            m.per_household.value(),
            m.before_cap.value(),
            m.amount.value()
        ),
        (119_016, 54_200, 19_220, 192_436, 192_400)
    );
    let s = &r.components["support"];
    assert_eq!(
        (
            s.income_levy.value(),
            s.per_capita.value(),
            s.per_household.value(),
            s.amount.value()
        ),
        (45_240, 20_860, 7_860, 73_900)
    );
    assert_eq!(r.components["care"].income_levy.value(), 6_156);
    assert_eq!(
        r.members[0].assessable_income.map(kokuho_domain::Yen::value),
        Some(1_470_000)
    );
    assert_eq!(
        r.members[1].assessable_income.map(kokuho_domain::Yen::value),
        Some(270_000)
    );
    assert_eq!((r.members[0].care_months, r.members[1].care_months), (0, 12));
    assert_eq!(r.reduction.code(), "none");
    assert!(
        r.explanation
            .iter()
            .any(|l| l.contains("1,470,000円 × 6.84% = 100,548円")),
        "{:#?}",
        r.explanation
    );
}

#[test]
fn reduction_boundaries_follow_the_statutory_table() {
    // 羽島市 FY2023 [公]: 1人 → 7割 43万, 5割 72万, 2割 96.5万 (judgement income ≤ the amount).
    for (other_income, expected) in [
        (430_000, "70"),
        (430_001, "50"),
        (720_000, "50"),
        (720_001, "20"),
        (965_000, "20"),
        (965_001, "none"),
    ] {
        let mut input = single(2023, "1980-05-05", json!({"other_income": other_income}));
        input["rates"]["components"]["medical"]["cap"] = json!(650_000);
        input["rates"]["components"]["support"]["cap"] = json!(220_000);
        let r = calc(&input);
        assert_eq!(r.reduction.code(), expected, "{other_income}");
    }
}

#[test]
fn pension_only_elder_is_seventy_percent_up_to_1_68_million() {
    // 168万 − 公的年金等控除110万 − 判定の15万 = 43万 [二] fukushi-navi; FY2025 judges 2024 income.
    assert_eq!(
        calc(&single(2025, "1955-03-03", json!({"pension_revenue": 1_680_000})))
            .reduction
            .code(),
        "70"
    );
    assert_eq!(
        calc(&single(2025, "1955-03-03", json!({"pension_revenue": 1_680_001})))
            .reduction
            .code(),
        "50"
    );
    // Born 1960-01-02 is 64 on 2024-12-31: no 15万 deduction, 60万 pension deduction.
    let r = calc(&single(2025, "1960-01-02", json!({"pension_revenue": 1_000_000})));
    assert_eq!(r.members[0].total_income.map(kokuho_domain::Yen::value), Some(400_000));
    assert_eq!(r.reduction.code(), "70");
}

#[test]
fn seventy_percent_keeps_three_tenths_of_each_unit() {
    let r = calc(&single(2025, "1990-01-10", json!({})));
    assert_eq!(r.reduction.code(), "70");
    let m = &r.components["medical"];
    // 31,200 × 3/10 = 9,360; 19,404 × 3/10 = 5,821.2 → 5,821.
    assert_eq!(m.before_cap.value(), 9_360 + 5_821);
    assert_eq!(m.reductions.value(), 31_200 - 9_360 + 19_404 - 5_821);
    assert_eq!(m.amount.value(), 15_100);
}

#[test]
fn months_are_counted_from_acquisition_and_not_in_the_loss_month() {
    let full = calc(&single(2025, "1980-05-05", json!({"salary_revenue": 4_000_000})));
    let mut half = single(2025, "1980-05-05", json!({"salary_revenue": 4_000_000}));
    half["household"]["members"][0]["coverage"] = json!([{"from": "2025-10-31", "until": null}]);
    let half = calc(&half);
    assert_eq!(half.members[0].insured_months, 6);
    let full_m = &full.components["medical"];
    let half_m = &half.components["medical"];
    assert_eq!(half_m.before_cap.value(), full_m.before_cap.value() * 6 / 12);
    // 喪失日 2025-07-01 (社保加入): April–June.
    let mut left = single(2025, "1980-05-05", json!({}));
    left["household"]["members"][0]["coverage"] = json!([{"from": "2024-01-01", "until": "2025-07-01"}]);
    assert_eq!(calc(&left).members[0].insured_months, 3);
    // Acquired and lost within the same month: nothing.
    left["household"]["members"][0]["coverage"] = json!([{"from": "2025-05-02", "until": "2025-05-20"}]);
    assert_eq!(calc(&left).members[0].insured_months, 0);
    assert_eq!(calc(&left).total.value(), 0);
}

#[test]
fn the_75th_birthday_ends_coverage_in_its_month() {
    // Born 1950-10-15: 後期高齢者医療 from 2025-10-15, so April–September.
    assert_eq!(
        calc(&single(2025, "1950-10-15", json!({}))).members[0].insured_months,
        6
    );
    // Born 1950-10-01: the birthday month is still the 喪失月.
    assert_eq!(
        calc(&single(2025, "1950-10-01", json!({}))).members[0].insured_months,
        6
    );
    // Born 1950-04-01: transfer on 2025-04-01, no month.
    assert_eq!(
        calc(&single(2025, "1950-04-01", json!({}))).members[0].insured_months,
        0
    );
}

#[test]
fn care_months_start_in_the_month_40_is_reached() {
    // Born 1985-08-01 reaches 40 on 2025-07-31: care from July (9 months). Born 08-02: from August.
    assert_eq!(calc(&single(2025, "1985-08-01", json!({}))).members[0].care_months, 9);
    assert_eq!(calc(&single(2025, "1985-08-02", json!({}))).members[0].care_months, 8);
    // Reaching 65 on 2025-09-30 (born 1960-10-01): care until August (5 months).
    assert_eq!(calc(&single(2025, "1960-10-01", json!({}))).members[0].care_months, 5);
}

#[test]
fn caps_limit_each_component() {
    let r = calc(&single(2025, "1975-05-05", json!({"salary_revenue": 30_000_000})));
    let m = &r.components["medical"];
    assert!(m.capped);
    assert_eq!(m.amount.value(), 660_000);
    assert_eq!(r.components["care"].amount.value(), 170_000);
    assert_eq!(r.total.value(), 660_000 + 260_000 + 170_000);
}

#[test]
fn preschool_children_pay_half_the_per_capita() {
    let input = json!({
        "fiscal_year": 2025, "rates": amagasaki_2025(),
        "household": {"head": "p", "members": [
            {"id": "p", "birth_date": "1990-01-10", "income": {"salary_revenue": 6_000_000}},
            {"id": "c", "birth_date": "2020-04-02"}
        ]}
    });
    let m = &calc(&input).components["medical"];
    assert_eq!(m.per_capita.value(), 62_400);
    assert_eq!(m.reductions.value(), 15_600);
    // Born 2019-04-01 starts school in April 2025: no reduction.
    let mut older = input.clone();
    older["household"]["members"][1]["birth_date"] = json!("2019-04-01");
    assert_eq!(calc(&older).components["medical"].reductions.value(), 0);
}

#[test]
fn child_component_exempts_under_18s_and_adds_the_adult_per_capita() {
    let input = json!({
        "fiscal_year": 2026,
        "rates": {"rounding": "floor_1", "components": {
            "child": {
                "income_rate": "0.30",
                "per_capita": 1800,
                "adult_per_capita": 100,
                "per_household": 0,
                "cap": 30000
            }
        }},
        "household": {"head": "p", "members": [
            {"id": "p", "birth_date": "1980-01-10", "income": {"salary_revenue": 6_000_000}},
            {"id": "k", "birth_date": "2008-04-02"},
            {"id": "a", "birth_date": "2008-04-01"}
        ]}
    });
    let r = calc(&input);
    let c = &r.components["child"];
    // k reaches 18 on 2026-04-01 (FY2026): under 18 all year; a reached 18 on 2026-03-31.
    assert_eq!(c.per_capita.value() - c.reductions.value(), 2 * 1900);
    assert_eq!(c.amount.value(), c.income_levy.value() + 3800);
}

#[test]
fn bad_input_is_refused_with_a_japanese_message_and_the_path() {
    let mut typo = single(2025, "1980-05-05", json!({}));
    typo["household"]["members"][0]["birth_dat"] = json!("1980-05-05");
    let (path, message) = error(&typo);
    assert_eq!(path, "household.members[0].birth_dat");
    assert!(message.contains("birth_dat"), "{message}");
    let (path, message) = error(&single(2025, "1980-05-05", json!({"salary_revenue": -1})));
    assert_eq!(path, "household.members[0].income.salary_revenue");
    assert!(message.contains("負の金額"), "{message}");
    let (path, _) = error(&single(2025, "2023-02-30", json!({})));
    assert_eq!(path, "household.members[0].birth_date");
    let (path, message) = error(&single(2021, "1980-05-05", json!({})));
    assert_eq!(path, "fiscal_year");
    assert!(message.contains("2021"), "{message}");
    let mut over_cap = single(2025, "1980-05-05", json!({}));
    over_cap["rates"]["components"]["medical"]["cap"] = json!(670_000);
    assert_eq!(error(&over_cap).0, "rates.components.medical.cap");
    let mut child_2025 = single(2025, "1980-05-05", json!({}));
    child_2025["rates"]["components"]["child"] = json!({"income_rate": "0.3", "per_capita": 1800, "cap": 30000});
    assert_eq!(error(&child_2025).0, "rates.components.child");
    let mut no_head = single(2025, "1980-05-05", json!({}));
    no_head["household"]["head"] = json!("x");
    assert_eq!(error(&no_head).0, "household.head");
    let mut bad_rate = single(2025, "1980-05-05", json!({}));
    bad_rate["rates"]["components"]["medical"]["income_rate"] = json!("8,04");
    assert_eq!(error(&bad_rate).0, "rates.components.medical.income_rate");
    assert!(parse_and_calculate("{").is_err());
    // Type errors are explained in Japanese, without serde's English or the value sent.
    let mut typed = single(2025, "1980-05-05", json!({}));
    typed["fiscal_year"] = json!("2025");
    let (path, message) = error(&typed);
    assert_eq!(path, "fiscal_year");
    assert!(
        message.contains("整数") && !message.contains("invalid") && !message.contains("\"2025\""),
        "{message}"
    );
    let mut rounding = single(2025, "1980-05-05", json!({}));
    rounding["rates"]["rounding"] = json!("floor");
    assert!(error(&rounding).1.contains("component_floor_100、floor_1"));
}

#[test]
fn undeclared_income_blocks_the_reduction() {
    let r = calc(&single(2025, "1990-01-10", json!({"declared": false})));
    assert_eq!(r.reduction.code(), "none");
    assert_eq!(r.members[0].assessable_income.map(kokuho_domain::Yen::value), None);
}

#[test]
fn child_reductions_apply_to_each_per_capita_amount_separately() {
    // 大阪府統一 FY2026 [公/二]: 均等割 1,745円 + 18歳以上均等割 96円; 7割軽減 → 523 + 28 = 551 (not 552).
    let input = json!({
        "fiscal_year": 2026,
        "rates": {"rounding": "floor_1", "components": {
            "child": {"income_rate": "0.30", "per_capita": 1745, "adult_per_capita": 96, "cap": 30000}
        }},
        "household": {"head": "p", "members": [{"id": "p", "birth_date": "1980-01-10"}]}
    });
    let r = calc(&input);
    assert_eq!(r.reduction.code(), "70");
    assert_eq!(r.components["child"].amount.value(), 551);
}

fn household(fiscal_year: i32, head: &str, members: Value) -> Value {
    json!({"fiscal_year": fiscal_year, "rates": amagasaki_2025(), "household": {"head": head, "members": members}})
}

#[test]
fn a_constructive_head_counts_income_but_not_persons() {
    // 擬制世帯主 h: income counted, not a person [公] 尼崎市旧版. FY2025: 5割 ≤ 43万 + 30.5万 × 1.
    let r = calc(&household(
        2025,
        "h",
        json!([
            {"id": "h", "birth_date": "1970-01-01", "insured": false, "income": {"other_income": 735_000}},
            {"id": "w", "birth_date": "1972-01-01"}
        ]),
    ));
    assert_eq!(r.reduction.code(), "50");
    assert_eq!(r.members[0].insured_months, 0);
    assert_eq!(r.components["medical"].income_levy.value(), 0);
    let r = calc(&household(
        2025,
        "h",
        json!([
            {"id": "h", "birth_date": "1970-01-01", "insured": false, "income": {"other_income": 735_001}},
            {"id": "w", "birth_date": "1972-01-01"}
        ]),
    ));
    assert_eq!(r.reduction.code(), "20");
    // A 特定同一世帯所属者 counts as a person too: 43万 + 30.5万 × 2 = 104万.
    let r = calc(&household(
        2025,
        "h",
        json!([
            {
                "id": "h",
                "birth_date": "1949-01-01",
                "insured": false,
                "specified_same_household": true,
                "income": {"other_income": 1_040_000}
            },
            {"id": "w", "birth_date": "1960-06-01"}
        ]),
    ));
    assert_eq!(r.reduction.code(), "50");
}

#[test]
fn specified_households_halve_then_quarter_the_per_household_amount() {
    let rich = json!({"other_income": 5_000_000});
    let mut input = household(
        2025,
        "p",
        json!([{"id": "p", "birth_date": "1960-06-01", "income": rich}]),
    );
    input["household"]["specified_household"] = json!({"since": "2023-05-10"});
    let r = calc(&input);
    assert_eq!(r.components["medical"].reductions.value(), 19_404 / 2);
    assert_eq!(r.components["support"].reductions.value(), 7_500 / 2);
    assert_eq!(r.components["care"].reductions.value(), 0);
    // Since 2019-05-10: five years passed in FY2024, so FY2025 is 特定継続世帯 (1/4).
    input["household"]["specified_household"] = json!({"since": "2019-05-10"});
    assert_eq!(calc(&input).components["medical"].reductions.value(), 19_404 / 4);
    // Since 2016-05-10: eight years passed in FY2024: nothing.
    input["household"]["specified_household"] = json!({"since": "2016-05-10"});
    assert_eq!(calc(&input).components["medical"].reductions.value(), 0);
}

#[test]
fn maternity_exempts_the_mothers_income_levy_and_per_capita_for_four_months() {
    let mut input = household(
        2025,
        "m",
        json!([{"id": "m", "birth_date": "1992-03-03", "income": {"salary_revenue": 5_000_000}}]),
    );
    input["household"]["members"][0]["maternity"] = json!({"expected_month": "2025-10"});
    let m = calc(&input).components["medical"];
    assert_eq!(m.exemptions.value(), (m.income_levy.value() + 31_200) * 4 / 12);
    // 多胎: 3 months before, 6 months.
    input["household"]["members"][0]["maternity"] = json!({"expected_month": "2025-10", "multiple": true});
    let m = calc(&input).components["medical"];
    assert_eq!(m.exemptions.value(), (m.income_levy.value() + 31_200) * 6 / 12);
    // Only from January 2024: expected 2023-12 → January and February 2024 are in FY2023.
    let mut early = input.clone();
    early["fiscal_year"] = json!(2023);
    early["rates"]["components"]["medical"]["cap"] = json!(650_000);
    early["rates"]["components"]["support"]["cap"] = json!(220_000);
    early["household"]["members"][0]["maternity"] = json!({"expected_month": "2023-12"});
    let m = calc(&early).components["medical"];
    assert_eq!(m.exemptions.value(), (m.income_levy.value() + 31_200) * 2 / 12);
    // Not the 資産割 nor the 平等割 [公] 鳴門市・大田市 (a city with 4方式).
    input["household"]["members"][0]["maternity"] = json!({"expected_month": "2025-10"});
    input["rates"]["components"]["medical"]["asset_rate"] = json!("20.00");
    input["household"]["members"][0]["fixed_asset_tax"] = json!(60_000);
    let m = calc(&input).components["medical"];
    assert_eq!(m.asset_levy.value(), 12_000);
    assert_eq!(m.exemptions.value(), (m.income_levy.value() + 31_200) * 4 / 12);
}

#[test]
fn involuntary_unemployment_counts_30_percent_of_salary_income() {
    let base = json!([{"id": "u", "birth_date": "1980-05-05", "income": {"salary_revenue": 4_000_000}}]);
    let normal = calc(&household(2025, "u", base.clone()));
    let salary_income = normal.members[0].total_income.map(kokuho_domain::Yen::value).unwrap();
    let mut input = household(2025, "u", base);
    input["household"]["members"][0]["involuntary_unemployment"] =
        json!({"separation_date": "2024-09-30", "reason_code": "11"});
    let r = calc(&input);
    let assessable = (salary_income * 30 / 100 - 430_000).max(0);
    assert_eq!(r.components["medical"].income_levy.value(), assessable * 804 / 10_000);
    assert_eq!(
        r.members[0].judgement_income.map(kokuho_domain::Yen::value),
        Some(salary_income * 30 / 100)
    );
    // A code outside 特定受給資格者・特定理由離職者 changes nothing.
    input["household"]["members"][0]["involuntary_unemployment"]["reason_code"] = json!("40");
    assert_eq!(calc(&input).total.value(), normal.total.value());
}

#[test]
fn former_dependents_pay_no_income_levy_and_half_the_flat_amounts_for_two_years() {
    let mut input = household(
        2025,
        "f",
        json!([{"id": "f", "birth_date": "1955-06-01", "income": {"pension_revenue": 4_000_000}}]),
    );
    input["household"]["members"][0]["former_dependent"] = json!({"since": "2025-04-01"});
    let r = calc(&input);
    assert_eq!(r.reduction.code(), "none");
    let m = &r.components["medical"];
    assert_eq!(
        m.exemptions.value(),
        m.income_levy.value() + 31_200 / 2 + 19_404 - (19_404 - 19_404 / 2)
    );
    assert_eq!(m.before_cap.value(), 31_200 / 2 + (19_404 - 19_404 / 2));
    // Acquired 2023-03-01: the two years end in February 2025, so FY2025 has only the income levy exemption.
    input["household"]["members"][0]["former_dependent"] = json!({"since": "2023-03-01"});
    let m = calc(&input).components["medical"];
    assert_eq!(m.exemptions.value(), m.income_levy.value());
}

#[test]
fn a_part_year_is_capped_pro_rata() {
    // 月割 prorates the capped annual premium: 6 months of a capped household pay half the cap.
    let mut input = single(2025, "1975-05-05", json!({"salary_revenue": 30_000_000}));
    input["household"]["members"][0]["coverage"] = json!([{"from": "2025-10-01", "until": null}]);
    let r = calc(&input);
    let m = &r.components["medical"];
    assert!(m.capped);
    assert_eq!(m.amount.value(), 330_000);
    assert!(m.before_cap.value() > 330_000);
}

#[test]
fn the_readme_example_input_is_accepted() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/calculators/premium-akashi-2023.json");
    let r = parse_and_calculate(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(r.total.value(), 266_300);
}

#[test]
fn city_rate_tables_are_checked_against_the_law_and_plausible_bounds() {
    use kokuho_contract::premium::validate_rates;
    assert!(validate_rates(2025, &amagasaki_2025().to_string()).is_ok());
    let mut t = amagasaki_2025();
    t["components"]["medical"]["cap"] = json!(670_000);
    assert_eq!(
        validate_rates(2025, &t.to_string()).unwrap_err().path,
        "rates.components.medical.cap"
    );
    let mut t = amagasaki_2025();
    t["components"]["medical"]["income_rate"] = json!("80.4");
    assert_eq!(
        validate_rates(2025, &t.to_string()).unwrap_err().path,
        "rates.components.medical.income_rate"
    );
    let mut t = amagasaki_2025();
    t["components"]["support"]["per_capita"] = json!(1_204_800);
    assert_eq!(
        validate_rates(2025, &t.to_string()).unwrap_err().path,
        "rates.components.support.per_capita"
    );
    let mut t = amagasaki_2025();
    t["components"]["care"]["typo"] = json!(1);
    assert_eq!(
        validate_rates(2025, &t.to_string()).unwrap_err().path,
        "rates.components.care.typo"
    );
    assert_eq!(
        validate_rates(2025, r#"{"rounding": "floor_1", "components": {}}"#)
            .unwrap_err()
            .path,
        "rates.components"
    );
    assert_eq!(
        validate_rates(2020, &amagasaki_2025().to_string()).unwrap_err().path,
        "fiscal_year"
    );
}
