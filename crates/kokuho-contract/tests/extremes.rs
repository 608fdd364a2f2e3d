//! Calculators never answer a wrong amount (issue 13, item 2): every integer of every worked
//! example, set to an extreme value, is either refused as `invalid_input` naming a field, or
//! calculated to a result that keeps the calculator's own invariants (no negative money, the
//! total is the sum of its parts, a capped levy stays under its cap, the benefit under what was
//! paid). Exhaustively over the examples' integer fields, and by proptest over random values.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[allow(dead_code)] // this file uses the example documents only
mod common;

use kokuho_contract::{Calculator, Layout, run};
use proptest::prelude::*;
use serde_json::Value;

/// The values an attacker tries: the documented bound and just past it, then the ones that
/// overflow 64-bit arithmetic.
const EXTREMES: [i64; 7] = [
    999_999_999_999,
    1_000_000_000_000,
    9_007_199_254_740_993,
    4_611_686_018_427_387_904,
    i64::MAX / 12 + 1,
    i64::MAX - 1,
    i64::MAX,
];

/// Every JSON pointer to an integer inside `v`.
fn integer_pointers(v: &Value, at: &str, out: &mut Vec<String>) {
    match v {
        Value::Number(n) if n.is_i64() || n.is_u64() => out.push(at.to_string()),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                integer_pointers(item, &format!("{at}/{i}"), out);
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                integer_pointers(item, &format!("{at}/{k}"), out);
            }
        }
        _ => {}
    }
}

fn int(v: &Value, key: &str) -> i64 {
    v[key].as_i64().unwrap_or_else(|| panic!("{key} in {v}"))
}

/// The result's invariants for `calculator` on `input`.
fn check(calculator: Calculator, input: &Value, out: &Value) -> Result<(), String> {
    let fail = |what: &str| Err(format!("{what}: {out}"));
    match calculator {
        Calculator::Premium => {
            let mut sum = 0i128;
            for (key, c) in out["components"].as_object().unwrap() {
                for field in [
                    "income_levy",
                    "per_capita",
                    "per_household",
                    "asset_levy",
                    "reductions",
                    "exemptions",
                    "before_cap",
                    "amount",
                ] {
                    if int(c, field) < 0 {
                        return fail(&format!("{key}.{field} < 0"));
                    }
                }
                let cap = input["rates"]["components"][key]["cap"].as_i64().unwrap();
                if int(c, "amount") > cap {
                    return fail(&format!("{key}.amount over its cap {cap}"));
                }
                sum += i128::from(int(c, "amount"));
            }
            if i128::from(int(out, "total")) != sum {
                return fail("total is not the sum of the components");
            }
        }
        Calculator::HighCost => {
            let (limit, counted, benefit) = (int(out, "limit"), int(out, "copay_counted"), int(out, "benefit"));
            if limit < 0 || counted < 0 || benefit < 0 {
                return fail("negative amount");
            }
            if benefit > counted {
                return fail("benefit over the copay counted");
            }
        }
        Calculator::LateFee => {
            let fee = int(out, "late_fee");
            let principal = int(input, "principal");
            let mut sum = 0i128;
            for p in out["periods"].as_array().unwrap() {
                let (base, yen) = (int(p, "base"), int(p, "amount_yen"));
                if base < 0 || base > principal || yen < 0 {
                    return fail("period out of range");
                }
                sum += i128::from(yen);
            }
            if fee < 0 || i128::from(fee) > sum {
                return fail("late fee outside 0..=Σ periods");
            }
        }
    }
    Ok(())
}

/// Runs `input` and checks it: a result within the invariants, or a refusal naming a field.
fn answers_correctly_or_refuses(calculator: Calculator, input: &Value) -> Result<(), String> {
    match run(calculator, &input.to_string(), Layout::Compact) {
        Ok(text) => check(calculator, input, &serde_json::from_str(&text).unwrap()),
        Err(e) if e.code == "invalid_input" && !e.path.is_empty() && !e.message.is_ascii() => Ok(()),
        Err(e) => Err(format!("refused without naming a field in Japanese: {e:?}")),
    }
}

fn examples() -> Vec<(Calculator, Value)> {
    [
        (Calculator::Premium, "premium_examples"),
        (Calculator::HighCost, "high_cost_examples"),
        (Calculator::LateFee, "late_fee_examples"),
    ]
    .into_iter()
    .flat_map(|(calculator, folder)| {
        common::example_documents(folder)
            .into_iter()
            .map(move |(_, doc)| (calculator, doc["input"].clone()))
    })
    .collect()
}

#[test]
fn every_integer_of_every_example_at_an_extreme_is_answered_correctly_or_refused() {
    let mut tried = 0;
    let mut wrong = Vec::new();
    for (calculator, input) in examples() {
        let mut pointers = Vec::new();
        integer_pointers(&input, "", &mut pointers);
        for pointer in pointers {
            for value in EXTREMES {
                let mut doc = input.clone();
                *doc.pointer_mut(&pointer).unwrap() = Value::from(value);
                tried += 1;
                if let Err(e) = answers_correctly_or_refuses(calculator, &doc) {
                    wrong.push(format!("{calculator:?} {pointer} = {value}: {e}"));
                }
            }
        }
    }
    assert!(tried >= 350, "{tried} documents tried");
    assert!(
        wrong.is_empty(),
        "{} of {tried} wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_amounts_are_answered_correctly_or_refused(
        example in any::<prop::sample::Index>(),
        field in any::<prop::sample::Index>(),
        value in prop_oneof![0i64..=i64::MAX, 0i64..=2_000_000_000_000, (0u32..63).prop_map(|b| 1i64 << b)],
    ) {
        let all = examples();
        let (calculator, input) = &all[example.index(all.len())];
        let mut pointers = Vec::new();
        integer_pointers(input, "", &mut pointers);
        let pointer = &pointers[field.index(pointers.len())];
        let mut doc = input.clone();
        *doc.pointer_mut(pointer).unwrap() = Value::from(value);
        let verdict = answers_correctly_or_refuses(*calculator, &doc);
        prop_assert!(verdict.is_ok(), "{:?} {} = {}: {:?}", calculator, pointer, value, verdict);
    }
}

#[test]
fn lists_longer_than_their_bound_are_refused_naming_the_list() {
    let all = examples();
    let first = |c: Calculator| all.iter().find(|(k, _)| *k == c).unwrap().1.clone();
    let refused = |c: Calculator, doc: &Value| run(c, &doc.to_string(), Layout::Compact).unwrap_err();

    let mut premium = first(Calculator::Premium);
    let member = premium["household"]["members"][0].clone();
    let many: Vec<Value> = (0..=100)
        .map(|i| {
            let mut m = member.clone();
            m["id"] = Value::from(format!("m{i}"));
            m
        })
        .collect();
    premium["household"]["head"] = Value::from("m0");
    premium["household"]["members"] = Value::from(many.clone());
    let e = refused(Calculator::Premium, &premium);
    assert_eq!(
        (e.path.as_str(), e.message.contains("100件まで")),
        ("household.members", true),
        "{e:?}"
    );
    // 100 members are read.
    premium["household"]["members"] = Value::from(many[..100].to_vec());
    assert!(run(Calculator::Premium, &premium.to_string(), Layout::Compact).is_ok());

    let mut late = first(Calculator::LateFee);
    let payment = late["payments"][0].clone();
    late["payments"] = Value::from(vec![payment; 10_001]);
    assert_eq!(refused(Calculator::LateFee, &late).path, "payments");

    let mut high = first(Calculator::HighCost);
    let claim = high["claims"][0].clone();
    high["claims"] = Value::from(vec![claim; 10_001]);
    assert_eq!(refused(Calculator::HighCost, &high).path, "claims");
}
