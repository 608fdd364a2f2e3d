//! The high-cost calculation through its public contract (spec/calculators.md §2): the official
//! example, every stage and boundary of rules.md §6, and refused input.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use kokuho_contract::high_cost::parse_and_calculate;
use kokuho_domain::benefits::high_cost::HighCostResult;
use serde_json::{Value, json};

fn calc(input: &Value) -> HighCostResult {
    common::accepted(parse_and_calculate, input)
}

fn error(input: &Value) -> (String, String) {
    common::refused(parse_and_calculate, input)
}

/// (limit, copay_counted, benefit).
fn amounts(r: &HighCostResult) -> (i64, i64, i64) {
    (r.limit.value(), r.copay_counted.value(), r.benefit.value())
}

fn claim(patient: &str, provider: &str, setting: &str, medical_cost: i64, copay: i64) -> Value {
    json!({"patient": patient, "provider": provider, "setting": setting, "medical_cost": medical_cost, "copay": copay})
}

/// One member `p` born 1980-01-01 (under 70), category `category`, in `month`.
fn under_70(month: &str, category: &str, claims: Value) -> Value {
    json!({
        "month": month,
        "household": {"category": category, "members": [{"id": "p", "birth_date": "1980-01-01"}]},
        "claims": claims
    })
}

/// `doc` with the field at `pointer` set (added when absent).
fn with(mut doc: Value, pointer: &str, value: Value) -> Value {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    match doc.pointer_mut(parent).unwrap_or_else(|| panic!("{pointer}")) {
        Value::Object(fields) => {
            fields.insert(key.to_owned(), value);
        }
        Value::Array(items) => items[key.parse::<usize>().unwrap()] = value,
        _ => panic!("{pointer}"),
    }
    doc
}

#[test]
fn every_official_example_gives_its_published_amounts() {
    let docs = common::example_documents("high_cost_examples");
    for (path, doc) in &docs {
        let out = serde_json::to_value(calc(&doc["input"])).unwrap();
        for (field, value) in doc["expect"].as_object().unwrap() {
            assert_eq!(out[field], *value, "{} {field}", path.display());
        }
    }
    assert!(!docs.is_empty());
}

#[test]
fn the_output_has_exactly_the_contract_fields() {
    let r = calc(&under_70(
        "2026-07",
        "u",
        json!([claim("p", "H1", "inpatient", 1_000_000, 300_000)]),
    ));
    let out = serde_json::to_value(&r).unwrap();
    let mut keys: Vec<&str> = out.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "benefit",
            "category",
            "copay_counted",
            "limit",
            "many_times",
            "month",
            "steps"
        ]
    );
    assert_eq!(out["month"], "2026-07");
    assert!(
        r.steps
            .iter()
            .any(|l| l.contains("80,100円 + (医療費 1,000,000円 − 267,000円) × 1%")),
        "{:?}",
        r.steps
    );
    assert!(r.steps.last().unwrap().contains("212,570円"));
}

#[test]
fn each_under_70_category_old_and_new_table() {
    // 医療費 200万円, 3割 60万円 (rules.md §6.2: 〜2026年7月 [公], 2026年8月〜 [二]).
    let cases = [
        ("2026-07", "a", 252_600 + 11_580),
        ("2026-07", "i", 167_400 + 14_420),
        ("2026-07", "u", 80_100 + 17_330),
        ("2026-07", "e", 57_600),
        ("2026-07", "o", 35_400),
        ("2026-08", "a", 270_300 + 10_990),
        ("2026-08", "i", 179_100 + 14_030),
        ("2026-08", "u", 85_800 + 17_140),
        ("2026-08", "e", 61_500),
        ("2026-08", "o", 36_900),
        ("2018-08", "u", 80_100 + 17_330),
        ("2027-07", "u", 85_800 + 17_140),
    ];
    for (month, category, limit) in cases {
        let r = calc(&under_70(
            month,
            category,
            json!([claim("p", "H1", "inpatient", 2_000_000, 600_000)]),
        ));
        assert_eq!(amounts(&r), (limit, 600_000, 600_000 - limit), "{month} {category}");
        assert_eq!(r.category, category);
    }
}

#[test]
fn the_one_percent_is_rounded_to_the_yen_half_up_and_is_0_below_the_threshold() {
    // [二] rules.md §6.2: 四捨五入（50銭以上切上げ）; 医療費が起点未満なら基準額.
    for (cost, limit) in [
        (267_049, 80_100),
        (267_050, 80_101),
        (267_149, 80_101),
        (267_150, 80_102),
        (267_000, 80_100),
        (200_000, 80_100),
    ] {
        let r = calc(&under_70(
            "2026-07",
            "u",
            json!([claim("p", "H1", "inpatient", cost, 100_000)]),
        ));
        assert_eq!(amounts(&r), (limit, 100_000, 100_000 - limit), "{cost}");
    }
    // Below the limit: nothing is paid.
    let r = calc(&under_70(
        "2026-07",
        "u",
        json!([claim("p", "H1", "inpatient", 200_000, 60_000)]),
    ));
    assert_eq!(amounts(&r), (80_100, 60_000, 0));
}

#[test]
fn under_70_only_claims_of_21000_or_more_are_aggregated() {
    let claims = |small: i64| {
        json!([
            claim("p", "H1", "inpatient", 600_000, 180_000),
            claim("p", "H2", "outpatient", 70_000, small)
        ])
    };
    // 21,000円 exactly counts: 80,100 + (670,000 − 267,000) × 1% = 84,130.
    assert_eq!(
        amounts(&calc(&under_70("2026-07", "u", claims(21_000)))),
        (84_130, 201_000, 116_870)
    );
    // 20,999円 does not, nor does its medical cost: 80,100 + 3,330 = 83,430.
    let r = calc(&under_70("2026-07", "u", claims(20_999)));
    assert_eq!(amounts(&r), (83_430, 180_000, 96_570));
    assert!(
        r.steps.iter().any(|l| l.contains("20,999円 は21,000円未満")),
        "{:?}",
        r.steps
    );
    // Many small claims together above the limit: none counts (区分エ 57,600).
    let small = json!([
        claim("p", "H1", "outpatient", 70_000, 20_000),
        claim("p", "H2", "outpatient", 70_000, 20_000),
        claim("p", "H3", "outpatient", 70_000, 20_000)
    ]);
    assert_eq!(amounts(&calc(&under_70("2026-07", "e", small))), (57_600, 0, 0));
}

#[test]
fn many_times_counts_3_earlier_benefit_months_within_12() {
    let doc = |prior: Value| {
        with(
            under_70(
                "2026-07",
                "u",
                json!([claim("p", "H1", "inpatient", 1_000_000, 300_000)]),
            ),
            "/prior_benefit_months",
            prior,
        )
    };
    let base = under_70(
        "2026-07",
        "u",
        json!([claim("p", "H1", "inpatient", 1_000_000, 300_000)]),
    );
    let doc_with = |prior: Value| {
        let mut d = base.clone();
        d["prior_benefit_months"] = prior;
        calc(&d)
    };
    // 2025-08 is the first month of the 12 ending with 2026-07: the 4th time → 44,400.
    let r = doc_with(json!(["2025-08", "2025-12", "2026-03"]));
    assert!(r.many_times);
    assert_eq!(amounts(&r), (44_400, 300_000, 255_600));
    // 2025-07 is outside: only 2 inside → the normal limit.
    let r = doc_with(json!(["2025-07", "2025-12", "2026-03"]));
    assert!(!r.many_times);
    assert_eq!(amounts(&r), (87_430, 300_000, 212_570));
    // 多数回 for each category: ア 140,100 / イ 93,000 / エ 44,400 / オ 24,600.
    for (category, many) in [("a", 140_100), ("i", 93_000), ("e", 44_400), ("o", 24_600)] {
        let mut d = under_70(
            "2026-07",
            category,
            json!([claim("p", "H1", "inpatient", 1_000_000, 300_000)]),
        );
        d["prior_benefit_months"] = json!(["2026-04", "2026-05", "2026-06"]);
        assert_eq!(calc(&d).limit.value(), many, "{category}");
    }
    // A month not before the 診療月, or the same month twice: refused.
    assert_eq!(error(&doc(json!(["2026-07"]))).0, "prior_benefit_months[0]");
    assert_eq!(error(&doc(json!(["2026-01", "2026-01"]))).0, "prior_benefit_months[1]");
}

/// Two members aged 72 and 71 in 2026-07, 一般.
fn seventy(month: &str, category_70: &str, claims: Value) -> Value {
    json!({
        "month": month,
        "household": {
            "category_70": category_70,
            "members": [{"id": "q1", "birth_date": "1954-03-10"}, {"id": "q2", "birth_date": "1955-05-20"}]
        },
        "claims": claims
    })
}

#[test]
fn seventy_to_74_outpatient_per_person_first_then_the_household_with_inpatient() {
    // q1: 外来 30,000 + 調剤 6,000 → 18,000 (12,000 + 6,000 = 18,000 paid back); q2: 入院 50,000 +
    // 外来 10,000 (no 21,000円 rule for 70歳以上). Household: 18,000 + 60,000 = 78,000 → 57,600.
    let claims = json!([
        claim("q1", "H1", "outpatient", 150_000, 30_000),
        claim("q1", "P1", "pharmacy", 30_000, 6_000),
        claim("q2", "H2", "inpatient", 250_000, 50_000),
        claim("q2", "H3", "outpatient", 50_000, 10_000),
    ]);
    let r = calc(&seventy("2026-07", "general", claims.clone()));
    assert_eq!(amounts(&r), (57_600, 96_000, 18_000 + 20_400));
    assert_eq!(r.category, "general");
    let outpatient = r
        .steps
        .iter()
        .position(|l| l.starts_with("70歳以上外来個人（一般、q1）"))
        .unwrap();
    let household = r.steps.iter().position(|l| l.starts_with("70歳以上世帯")).unwrap();
    assert!(outpatient < household, "{:?}", r.steps);
    // 低所得Ⅱ: 8,000 / 24,600; 低所得Ⅰ: 8,000 / 15,000.
    assert_eq!(
        amounts(&calc(&seventy("2026-07", "low2", claims.clone()))),
        (24_600, 96_000, 96_000 - 24_600)
    );
    assert_eq!(
        amounts(&calc(&seventy("2026-07", "low1", claims.clone()))),
        (15_000, 96_000, 96_000 - 15_000)
    );
    // 2026年8月〜 [未]: 外来 22,000, 世帯 61,500 → q1 36,000 → 22,000; 22,000 + 60,000 = 82,000 → 61,500.
    assert_eq!(
        amounts(&calc(&seventy("2026-08", "general", claims.clone()))),
        (61_500, 96_000, 14_000 + 20_500)
    );
    // 現役並み: no 外来特例; the household formula of ア/イ/ウ on the 70〜74 medical cost (480,000).
    assert_eq!(
        amounts(&calc(&seventy("2026-07", "genekinami1", claims))),
        (80_100 + 2_130, 96_000, 96_000 - 82_230)
    );
    // The outpatient alone under the limit pays nothing back.
    assert_eq!(
        amounts(&calc(&seventy(
            "2026-07",
            "general",
            json!([claim("q1", "H1", "outpatient", 80_000, 16_000)])
        ))),
        (57_600, 16_000, 0)
    );
}

#[test]
fn a_household_with_members_under_70_and_70_to_74() {
    // q (72): 入院 80,000 → 70〜74 household 57,600 (22,400). p (46): 入院 90,000 counted, 外来
    // 15,000 not (under 21,000). 世帯合算: 57,600 + 90,000 = 147,600 at 区分ウ on 700,000 → 84,430.
    let doc = json!({"month": "2026-07",
    "household": {
        "category": "u",
        "category_70": "general",
        "members": [{"id": "p", "birth_date": "1980-01-01"}, {"id": "q", "birth_date": "1954-03-10"}]
    },
    "claims": [
        claim("q", "H1", "inpatient", 400_000, 80_000),
        claim("p", "H2", "inpatient", 300_000, 90_000),
        claim("p", "H3", "outpatient", 50_000, 15_000)
    ]});
    let r = calc(&doc);
    assert_eq!(amounts(&r), (84_430, 170_000, 22_400 + 63_170));
    assert_eq!(r.category, "u");
    assert!(
        r.steps
            .iter()
            .any(|l| l.starts_with("世帯合算（区分ウ）") && l.contains("70〜74歳の負担を含む")),
        "{:?}",
        r.steps
    );
    // Each category is required when its age group has a member.
    let no_70 = with(doc.clone(), "/household/category_70", Value::Null);
    assert_eq!(error(&no_70).0, "household.category_70");
    let no_u = with(doc, "/household/category", Value::Null);
    let (path, message) = error(&no_u);
    assert_eq!(path, "household.category");
    assert!(message.contains("household.category"), "{message}");
}

#[test]
fn seventy_starts_the_month_after_the_70th_birthday_month_or_that_month_when_born_on_the_1st() {
    let doc = |birth: &str| {
        json!({"month": "2026-07",
               "household": {"category": "u", "category_70": "general", "members": [{"id": "p", "birth_date": birth}]},
               "claims": [claim("p", "H1", "outpatient", 100_000, 30_000)]})
    };
    // Born 1956-07-01: 70 reached 2026-06-30 → 70歳以上 in July: 外来 18,000.
    let r = calc(&doc("1956-07-01"));
    assert_eq!((r.category, amounts(&r)), ("general", (57_600, 30_000, 12_000)));
    // Born 1956-07-02: 70 reached 2026-07-01 → from August; July is under 70 (区分ウ, 30,000 < 80,100).
    let r = calc(&doc("1956-07-02"));
    assert_eq!((r.category, amounts(&r)), ("u", (80_100, 30_000, 0)));
}

#[test]
fn the_75th_birthday_month_halves_the_persons_limits() {
    let doc = |birth: &str, category_70: &str, claims: Value| {
        json!({
            "month": "2026-07",
            "household": {"category_70": category_70, "members": [{"id": "r", "birth_date": birth}]},
            "claims": claims
        })
    };
    // 75 on 2026-07-15 (rules.md §6.3b [公]): 一般 → personal 28,800, 外来 9,000.
    let r = calc(&doc(
        "1951-07-15",
        "general",
        json!([claim("r", "H1", "inpatient", 250_000, 50_000)]),
    ));
    assert_eq!(amounts(&r), (57_600, 50_000, 21_200));
    assert!(
        r.steps.iter().any(|l| l.contains("75歳到達月の個人（r）")),
        "{:?}",
        r.steps
    );
    let r = calc(&doc(
        "1951-07-15",
        "general",
        json!([claim("r", "H1", "outpatient", 100_000, 20_000)]),
    ));
    assert_eq!(amounts(&r), (57_600, 20_000, 11_000));
    // 現役並みⅡ: 83,700 + (1,000,000 − 279,000) × 1% = 90,910 (the example of rules.md §6.3b).
    let r = calc(&doc(
        "1951-07-15",
        "genekinami2",
        json!([claim("r", "H1", "inpatient", 1_000_000, 300_000)]),
    ));
    assert_eq!(r.benefit.value(), 300_000 - 90_910);
    // 多数回 halved too: 44,400 / 2.
    let mut many = doc(
        "1951-07-15",
        "general",
        json!([claim("r", "H1", "inpatient", 250_000, 50_000)]),
    );
    many["prior_benefit_months"] = json!(["2026-04", "2026-05", "2026-06"]);
    assert_eq!(calc(&many).benefit.value(), 50_000 - 22_200);
    // Born on the 1st: 後期高齢者医療 from 2026-07-01, so no 国保 claim in July.
    let (path, message) = error(&doc(
        "1951-07-01",
        "general",
        json!([claim("r", "H1", "inpatient", 250_000, 50_000)]),
    ));
    assert_eq!(path, "claims[0].patient");
    assert!(message.contains("後期高齢者医療"), "{message}");
    // 75 in August: July is an ordinary month.
    let r = calc(&doc(
        "1951-08-15",
        "general",
        json!([claim("r", "H1", "inpatient", 250_000, 50_000)]),
    ));
    assert_eq!(
        amounts(&r),
        (57_600, 50_000, 0),
        "50,000 is under the 一般 household limit"
    );
}

#[test]
fn specified_disease_claims_are_capped_at_10000_or_20000() {
    let sd = |category: &str, disease: &str| {
        let mut c = claim("p", "H1", "outpatient", 500_000, 150_000);
        c["specified_disease"] = json!(disease);
        under_70("2026-07", category, json!([c]))
    };
    // [公] rules.md §6.5: 10,000円; dialysis in 区分ア・イ 20,000円. The capped copay is under 21,000.
    assert_eq!(amounts(&calc(&sd("u", "dialysis"))), (80_100, 150_000, 140_000));
    assert_eq!(amounts(&calc(&sd("a", "dialysis"))).2, 130_000);
    assert_eq!(amounts(&calc(&sd("i", "dialysis"))).2, 130_000);
    assert_eq!(amounts(&calc(&sd("a", "hemophilia"))).2, 140_000);
    assert_eq!(amounts(&calc(&sd("e", "hiv"))).2, 140_000);
    // 70〜74: 10,000 whatever the category, then counted in full in the 外来 and household stages.
    let mut c = claim("q1", "H1", "outpatient", 500_000, 100_000);
    c["specified_disease"] = json!("dialysis");
    let r = calc(&seventy(
        "2026-07",
        "genekinami3",
        json!([c, claim("q2", "H2", "outpatient", 50_000, 15_000)]),
    ));
    assert_eq!(amounts(&r), (252_600, 115_000, 90_000));
}

#[test]
fn a_pharmacy_joins_its_prescribers_outpatient_claim() {
    let mut pharmacy = claim("p", "P1", "pharmacy", 30_000, 9_000);
    pharmacy["prescriber"] = json!("H1");
    let claims = |pharmacy: Value| {
        json!([
            claim("p", "H1", "outpatient", 50_000, 15_000),
            pharmacy,
            claim("p", "H2", "inpatient", 800_000, 240_000)
        ])
    };
    // 15,000 + 9,000 = 24,000 ≥ 21,000: counted with its medical cost (880,000 → 86,230).
    let r = calc(&under_70("2026-07", "u", claims(pharmacy.clone())));
    assert_eq!(amounts(&r), (86_230, 264_000, 177_770));
    assert!(
        r.steps.iter().any(|l| l.contains("院外処方の調剤を含む")),
        "{:?}",
        r.steps
    );
    // Without the prescriber each is a レセプト of its own, both under 21,000.
    let alone = claim("p", "P1", "pharmacy", 30_000, 9_000);
    assert_eq!(
        amounts(&calc(&under_70("2026-07", "u", claims(alone)))),
        (85_430, 240_000, 154_570)
    );
    // A prescriber with no 外来 claim of the patient: refused.
    let mut unknown = pharmacy.clone();
    unknown["prescriber"] = json!("H9");
    assert_eq!(
        error(&under_70("2026-07", "u", claims(unknown))).0,
        "claims[1].prescriber"
    );
    // A dental prescription joins the dental claim only.
    let mut dental = pharmacy;
    dental["dental"] = json!(true);
    assert_eq!(
        error(&under_70("2026-07", "u", claims(dental))).0,
        "claims[1].prescriber"
    );
}

#[test]
fn medical_and_dental_claims_of_one_provider_are_separate() {
    let mut dental = claim("p", "H1", "outpatient", 40_000, 12_000);
    dental["dental"] = json!(true);
    let claims = json!([
        claim("p", "H1", "outpatient", 50_000, 15_000),
        dental,
        claim("p", "H2", "inpatient", 800_000, 240_000)
    ]);
    // 15,000 (医科) and 12,000 (歯科) are two レセプト, each under 21,000.
    assert_eq!(
        amounts(&calc(&under_70("2026-07", "u", claims))),
        (85_430, 240_000, 154_570)
    );
    // Inpatient and outpatient of one provider are separate too.
    let claims = json!([
        claim("p", "H1", "outpatient", 50_000, 15_000),
        claim("p", "H1", "inpatient", 50_000, 15_000)
    ]);
    assert_eq!(amounts(&calc(&under_70("2026-07", "e", claims))), (57_600, 0, 0));
}

#[test]
fn the_categories_are_derived_from_incomes() {
    let doc = |incomes: Value| {
        json!({"month": "2026-07",
               "household": {"members": [{"id": "p", "birth_date": "1980-01-01"}], "incomes": incomes},
               "claims": [claim("p", "H1", "inpatient", 1_000_000, 300_000)]})
    };
    // 2026-07 uses the income of 2024 (rules.md §6.5b). 給与収入 600万 → 給与所得 436万 → 旧ただし書き所得 393万: ウ.
    let r = calc(&doc(json!({"p": {"salary_revenue": 6_000_000}})));
    assert_eq!((r.category, r.benefit.value()), ("u", 212_570));
    assert!(
        r.steps
            .iter()
            .any(|l| l.contains("2024年の旧ただし書き所得の合計 3,930,000円")),
        "{:?}",
        r.steps
    );
    for (income, category) in [
        (json!({"other_income": 9_440_001}), "a"),
        (json!({"other_income": 9_440_000}), "i"),
        (json!({"other_income": 6_430_001}), "i"),
        (json!({"other_income": 6_430_000}), "u"),
        (json!({"other_income": 2_530_001}), "u"),
        (json!({"other_income": 2_530_000}), "e"),
        (json!({"declared": false}), "a"),
        (json!({"resident_tax_exempt": true}), "o"),
        (json!({"salary_income": 1_000_000, "resident_tax_exempt": false}), "e"),
    ] {
        assert_eq!(calc(&doc(json!({"p": income.clone()}))).category, category, "{income}");
    }
    // 70〜74.
    let elder = |income: Value| {
        json!({"month": "2026-09",
               "household": {"members": [{"id": "q", "birth_date": "1954-03-10"}], "incomes": {"q": income}},
               "claims": [claim("q", "H1", "inpatient", 1_000_000, 300_000)]})
    };
    for (income, category) in [
        (
            json!({"salary_revenue": 8_000_000, "taxable_income": 4_000_000}),
            "genekinami2",
        ),
        (
            json!({"salary_revenue": 12_000_000, "taxable_income": 7_000_000}),
            "genekinami3",
        ),
        (
            json!({"salary_revenue": 5_000_000, "taxable_income": 2_000_000}),
            "genekinami1",
        ),
        (
            json!({"salary_revenue": 3_000_000, "taxable_income": 1_500_000}),
            "general",
        ),
        (
            json!({"pension_revenue": 2_000_000, "taxable_income": 500_000}),
            "general",
        ),
        (
            json!({"pension_revenue": 1_000_000, "resident_tax_exempt": true}),
            "low2",
        ),
        (json!({"pension_revenue": 800_000, "resident_tax_exempt": true}), "low1"),
    ] {
        assert_eq!(calc(&elder(income.clone())).category, category, "{income}");
    }
    // Refused: both a category and incomes, a member without income, an income of a non-member,
    // an undeclared 70〜74 member, the premium's own checks.
    let both = with(doc(json!({"p": {}})), "/household/category", json!("u"));
    assert_eq!(error(&both).0, "household.incomes");
    let two = json!({
        "month": "2026-07",
        "household": {
            "members": [{"id": "p", "birth_date": "1980-01-01"}, {"id": "c", "birth_date": "2010-01-01"}],
            "incomes": {"p": {}}
        },
        "claims": []
    });
    assert!(error(&two).1.contains("「c」の所得がありません"));
    assert_eq!(error(&doc(json!({"p": {}, "x": {}}))).0, "household.incomes.x");
    assert_eq!(error(&elder(json!({"declared": false}))).0, "household.incomes.q");
    assert_eq!(
        error(&doc(json!({"p": {"salary_revenue": 1, "salary_income": 1}}))).0,
        "household.incomes.p.salary_income"
    );
    assert_eq!(error(&doc(json!({"p": {"salary": 1}}))).0, "household.incomes.p.salary");
    assert_eq!(
        error(&doc(json!({"p": {"taxable_income": -1}}))).0,
        "household.incomes.p.taxable_income"
    );
}

#[test]
fn incomes_may_be_a_list_with_ids_or_each_members_income() {
    let household = |extra: Value, member_income: Option<Value>| {
        let mut member = json!({"id": "p", "birth_date": "1980-01-01"});
        if let Some(income) = member_income {
            member["income"] = income;
        }
        let mut h = json!({"members": [member]});
        if !extra.is_null() {
            h["incomes"] = extra;
        }
        json!({"month": "2026-07", "household": h, "claims": [claim("p", "H1", "inpatient", 1_000_000, 300_000)]})
    };
    let by_id = calc(&household(json!({"p": {"salary_revenue": 6_000_000}}), None));
    let listed = calc(&household(json!([{"id": "p", "salary_revenue": 6_000_000}]), None));
    let on_member = calc(&household(Value::Null, Some(json!({"salary_revenue": 6_000_000}))));
    assert_eq!((by_id.category, by_id.benefit.value()), ("u", 212_570));
    assert_eq!(
        serde_json::to_value(&listed).unwrap(),
        serde_json::to_value(&by_id).unwrap()
    );
    assert_eq!(
        serde_json::to_value(&on_member).unwrap(),
        serde_json::to_value(&by_id).unwrap()
    );
    // The member's income from the premium calculator decides too: 未申告 → ア.
    assert_eq!(
        calc(&household(Value::Null, Some(json!({"declared": false})))).category,
        "a"
    );
    // Refused: both ways at once, a list entry without id, a member twice, a bad field in a list.
    assert_eq!(
        error(&household(json!({"p": {}}), Some(json!({})))).0,
        "household.incomes"
    );
    assert!(error(&household(json!([{"salary_revenue": 1}]), None)).1.contains("id"));
    assert!(
        error(&household(json!([{"id": "p"}, {"id": "p"}]), None))
            .1
            .contains("2回")
    );
    assert!(
        error(&household(json!([{"id": "p", "salary": 1}]), None))
            .1
            .contains("salary")
    );
    assert_eq!(
        error(&household(Value::Null, Some(json!({"salary": 1})))).0,
        "household.members[0].income.salary"
    );
    // The income's own checks name the field where it was given.
    let both_salaries = json!({"salary_revenue": 1, "salary_income": 1});
    assert_eq!(
        error(&household(Value::Null, Some(both_salaries.clone()))).0,
        "household.members[0].income.salary_income"
    );
    let mut listed = both_salaries;
    listed["id"] = json!("p");
    assert_eq!(
        error(&household(json!([listed]), None)).0,
        "household.incomes[0].salary_income"
    );
}

#[test]
fn the_premium_calculator_refuses_the_high_cost_income_fields() {
    let doc = json!({"fiscal_year": 2025,
    "rates": {
        "rounding": "floor_1",
        "components": {"medical": {"income_rate": "8", "per_capita": 30000, "cap": 660000}}
    },
    "household": {
        "head": "p",
        "members": [{"id": "p", "birth_date": "1980-01-01", "income": {"taxable_income": 100}}]
    }});
    let e = kokuho_contract::premium::parse_and_calculate(&doc.to_string()).expect_err("refused");
    assert_eq!(e.path, "household.members[0].income.taxable_income");
}

#[test]
fn bad_input_is_refused_with_the_fields_path_and_a_japanese_message() {
    let good = under_70(
        "2026-07",
        "u",
        json!([claim("p", "H1", "inpatient", 1_000_000, 300_000)]),
    );
    let cases = [
        (
            with(good.clone(), "/household/category", json!("z")),
            "household.category",
            "指定できる値ではありません",
        ),
        (with(good.clone(), "/month", json!("2026-13")), "month", "month"),
        (with(good.clone(), "/month", json!("2018-07")), "month", "限度額の表"),
        (with(good.clone(), "/month", json!("2027-08")), "month", "13区分"),
        (
            with(good.clone(), "/household/members/0/birth_date", json!("1980-02-30")),
            "household.members[0].birth_date",
            "日付",
        ),
        (
            with(good.clone(), "/claims/0/copay", json!(-1)),
            "claims[0].copay",
            "負の金額",
        ),
        (
            with(good.clone(), "/claims/0/copay", json!("300000")),
            "claims[0].copay",
            "整数",
        ),
        (
            with(good.clone(), "/claims/0/copay", json!(1_000_001)),
            "claims[0].copay",
            "医療費",
        ),
        (
            with(good.clone(), "/claims/0/patient", json!("x")),
            "claims[0].patient",
            "世帯員",
        ),
        (
            with(good.clone(), "/claims/0/setting", json!("home")),
            "claims[0].setting",
            "pharmacy",
        ),
        (
            with(good.clone(), "/claims/0/specified_disease", json!("cancer")),
            "claims[0].specified_disease",
            "dialysis",
        ),
        (
            with(good.clone(), "/claims/0/prescriber", json!("H0")),
            "claims[0].prescriber",
            "調剤",
        ),
        (
            with(good.clone(), "/household/members", json!([])),
            "household.members",
            "世帯員",
        ),
        (
            with(
                good.clone(),
                "/household/members",
                json!([{"id": "p", "birth_date": "1980-01-01"}, {"id": "p", "birth_date": "1981-01-01"}]),
            ),
            "household.members[1].id",
            "重複",
        ),
        (
            with(good.clone(), "/household/members/0/birth_date", json!("2026-08-01")),
            "claims[0].patient",
            "生まれていません",
        ),
        (
            with(good.clone(), "/household/memo", json!(1)),
            "household.memo",
            "不明な項目",
        ),
    ];
    for (doc, path, said) in cases {
        let (p, message) = error(&doc);
        assert_eq!(p, path, "{doc}");
        assert!(message.contains(said), "{message}");
        assert!(message.contains(path), "{message}");
    }
    let e = parse_and_calculate("{").expect_err("bad JSON");
    assert_eq!(e.code, "invalid_input");
}

#[test]
fn benefit_never_exceeds_what_was_counted_and_is_never_negative() {
    // A small grid over categories, costs and ages: benefit + what the household pays = copays.
    for category in ["a", "i", "u", "e", "o"] {
        for category_70 in ["genekinami3", "genekinami2", "genekinami1", "general", "low2", "low1"] {
            for cost in [0_i64, 50_000, 300_000, 2_000_000] {
                let doc = json!({"month": "2026-08", "household": {"category": category, "category_70": category_70,
                "members": [{"id": "p", "birth_date": "1980-01-01"}, {"id": "q", "birth_date": "1951-08-20"}]},
                "prior_benefit_months": if cost > 1_000_000 {
                    json!(["2026-01", "2026-02", "2026-03"])
                } else { json!([]) },
                "claims": [
                    claim("p", "H1", "inpatient", cost, cost * 3 / 10),
                    claim("q", "H1", "outpatient", cost, cost / 5),
                    claim("q", "P", "pharmacy", cost, cost / 10)
                ]});
                let r = calc(&doc);
                assert!(
                    r.benefit.value() >= 0 && r.benefit.value() <= r.copay_counted.value(),
                    "{doc} {r:?}"
                );
            }
        }
    }
}
