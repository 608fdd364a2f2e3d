//! 閲覧範囲 (access scope), table-driven: every use case that shows a person ([`PersonRead`]) ×
//! {支援措置 restricted, not} × {actor with 支援措置対象者参照, without}. Each row says what the
//! result holds of the person and which audit entries were written. A `PersonRead` variant
//! without its four rows fails `every_person_read_has_a_row_for_each_case`; one the observer does
//! not know fails to compile (the `match` in `observe` is exhaustive).

use std::collections::BTreeSet;

use jiff::civil::date;
use kokuho_app::access::{PersonRead, RESTRICTED_ACCESS_ALERT};
use kokuho_app::eligibility::changes::{EnrollRequest, SetFlagRequest};
use kokuho_app::eligibility::views::SearchRequest;
use kokuho_app::{Actor, AppError, AuthMethod};
use kokuho_domain::assessment::income::IncomeRecord;
use kokuho_domain::assessment::premium::published::published_rates;
use kokuho_domain::eligibility::period::FlagAttributes;
use kokuho_domain::eligibility::resident::Sex;
use kokuho_domain::{MyNumber, Yen};
use kokuho_store::Dialect;
use kokuho_store::repo::journal::{self as journal_repo, AuditRow};

use crate::support::*;

/// Not restricted: the 世帯主 of a household of one (502).
const PLAIN: &str = "1003";
/// Under 支援措置 from 2026-04-01, in household 501 with its 世帯主 1001.
const RESTRICTED: &str = "1002";

/// The household a row's person lives in (the use cases of a household read it whole).
fn household_of(who: &str) -> &'static str {
    if who == PLAIN { "502" } else { "501" }
}
const YEAR: i32 = 2025;

/// What the use case gave the actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Shown,
    Denied,
}

/// One row of the table.
struct Row {
    read: PersonRead,
    restricted: bool,
    scope: bool,
    outcome: Outcome,
    /// The person's data found in the result.
    fields: &'static [&'static str],
    /// Whether the 支援措置 alert was raised for the person.
    alert: bool,
}

const fn row(
    read: PersonRead,
    restricted: bool,
    scope: bool,
    outcome: Outcome,
    fields: &'static [&'static str],
    alert: bool,
) -> Row {
    Row {
        read,
        restricted,
        scope,
        outcome,
        fields,
        alert,
    }
}

use Outcome::{Denied, Shown};
use PersonRead as P;

const SUMMARY: &[&str] = &["name", "birth_date", "address"];
const DETAIL: &[&str] = &["name", "birth_date", "age", "relationship", "is_head"];
const MEMBER: &[&str] = &[
    "name",
    "birth_date",
    "age",
    "relationship",
    "is_head",
    "insured",
    "periods",
];
const COUNTER: &[&str] = &["birth_date", "income"];
const PREMIUM: &[&str] = &["household_total", "member_income", "explanation"];

#[rustfmt::skip]
const ROWS: &[Row] = &[
    //   use case                 restricted scope  outcome  fields              alert
    row(P::ResidentSearch,        false,     false, Shown,   SUMMARY,            false),
    row(P::ResidentSearch,        false,     true,  Shown,   SUMMARY,            false),
    row(P::ResidentSearch,        true,      false, Shown,   &[],                false),
    row(P::ResidentSearch,        true,      true,  Shown,   SUMMARY,            true),
    row(P::ResidentDetail,        false,     false, Shown,   DETAIL,             false),
    row(P::ResidentDetail,        false,     true,  Shown,   DETAIL,             false),
    row(P::ResidentDetail,        true,      false, Denied,  &[],                false),
    row(P::ResidentDetail,        true,      true,  Shown,   DETAIL,             true),
    row(P::HouseholdView,         false,     false, Shown,   MEMBER,             false),
    row(P::HouseholdView,         false,     true,  Shown,   MEMBER,             false),
    row(P::HouseholdView,         true,      false, Shown,   &[],                false),
    row(P::HouseholdView,         true,      true,  Shown,   MEMBER,             true),
    row(P::MyNumberRevealForm,    false,     false, Shown,   &["my_number_linked"], false),
    row(P::MyNumberRevealForm,    false,     true,  Shown,   &["my_number_linked"], false),
    row(P::MyNumberRevealForm,    true,      false, Denied,  &[],                false),
    row(P::MyNumberRevealForm,    true,      true,  Shown,   &["my_number_linked"], true),
    row(P::MyNumberReveal,        false,     false, Shown,   &["my_number"],     false),
    row(P::MyNumberReveal,        false,     true,  Shown,   &["my_number"],     false),
    row(P::MyNumberReveal,        true,      false, Denied,  &[],                false),
    row(P::MyNumberReveal,        true,      true,  Shown,   &["my_number"],     true),
    row(P::CounterInput,          false,     false, Shown,   COUNTER,            false),
    row(P::CounterInput,          false,     true,  Shown,   COUNTER,            false),
    row(P::CounterInput,          true,      false, Denied,  &[],                false),
    row(P::CounterInput,          true,      true,  Shown,   COUNTER,            true),
    row(P::HouseholdPremium,      false,     false, Shown,   PREMIUM,            false),
    row(P::HouseholdPremium,      false,     true,  Shown,   PREMIUM,            false),
    row(P::HouseholdPremium,      true,      false, Shown,   &["household_total"], false),
    row(P::HouseholdPremium,      true,      true,  Shown,   PREMIUM,            true),
    row(P::WorkItems,             false,     false, Shown,   &["work_item"],     false),
    row(P::WorkItems,             false,     true,  Shown,   &["work_item"],     false),
    row(P::WorkItems,             true,      false, Shown,   &[],                false),
    row(P::WorkItems,             true,      true,  Shown,   &["work_item"],     true),
];

#[test]
fn every_person_read_has_a_row_for_each_case() {
    for read in PersonRead::ALL {
        for restricted in [false, true] {
            for scope in [false, true] {
                let n = ROWS
                    .iter()
                    .filter(|r| r.read == *read && r.restricted == restricted && r.scope == scope)
                    .count();
                assert_eq!(
                    n, 1,
                    "{read:?} (restricted: {restricted}, scope: {scope}) needs exactly one row in ROWS"
                );
            }
        }
    }
}

fn number(first11: &str) -> String {
    format!("{first11}{}", MyNumber::check_digit_for(first11).unwrap())
}

fn income(resident_no: &str, salary: i64) -> IncomeRecord {
    IncomeRecord {
        salary_revenue: Yen::new(salary),
        ..IncomeRecord::zero(resident_no.parse().unwrap(), YEAR - 1)
    }
}

/// The household of `seed_household` (1002 under 支援措置) and 1003 alone in 502, all enrolled,
/// numbers linked, incomes and the rate table recorded; `(with the scope, without it)`, both
/// with every other role.
fn setup(f: &Fixture) -> (Actor, Actor) {
    seed_household(f);
    let alone = move_in(
        "A3",
        PLAIN,
        "502",
        true,
        date(2020, 4, 1),
        person("佐々木 一", "ササキ ハジメ", date(1970, 1, 5), Sex::Male),
    );
    f.app
        .import_resident_changes(&f.clerk, "alone.csv", &[(2, alone)])
        .unwrap();
    for r in ["1001", RESTRICTED, PLAIN] {
        let on = date(2020, 4, 1);
        let enroll = EnrollRequest {
            resident_no: r.into(),
            acquired_on: on,
            reason: "社保離脱".into(),
            notified_on: on,
        };
        f.app.enroll(&f.clerk, &enroll).unwrap();
    }
    f.app.link_my_number(&f.clerk, PLAIN, &number("00123456789")).unwrap();
    f.app
        .link_my_number(&f.clerk, RESTRICTED, &number("00123456790"))
        .unwrap();
    let roles = |extra: &[&str]| -> Vec<String> {
        ["eligibility", "my_number", "assessment"]
            .iter()
            .chain(extra)
            .map(|s| s.to_string())
            .collect()
    };
    let add = |login: &str, roles: Vec<String>| {
        f.app
            .add_user(&f.admin, &login.parse().unwrap(), "職員", &roles, None)
            .unwrap();
        f.app.actor_for_login(login, AuthMethod::Cli).unwrap()
    };
    let scoped = add("yamamoto", roles(&["restricted"]));
    let unscoped = add("kimura", roles(&[]));
    let rates = published_rates()
        .into_iter()
        .find(|t| t.fiscal_year == YEAR)
        .unwrap()
        .rates;
    f.app
        .set_rate_table(&scoped, YEAR, "令和7年度", &serde_json::from_str(rates).unwrap(), None)
        .unwrap();
    f.app
        .import_incomes(
            &scoped,
            "i.csv",
            &[
                (2, income("1001", 3_000_000)),
                (3, income(RESTRICTED, 2_000_000)),
                (4, income(PLAIN, 2_500_000)),
            ],
        )
        .unwrap();
    f.app
        .set_flag(
            &f.clerk,
            &SetFlagRequest {
                kind: "support_measure".into(),
                resident_no: Some(RESTRICTED.into()),
                household_no: None,
                from: date(2026, 4, 1),
                until: None,
                attributes: FlagAttributes::default(),
            },
        )
        .unwrap();
    (scoped, unscoped)
}

fn audit_rows(f: &Fixture) -> Vec<AuditRow> {
    let mut out = Vec::new();
    f.db.store()
        .read(|tx| {
            journal_repo::for_each_audit(tx, INSURER, &mut |row| {
                out.push(row);
                Ok(())
            })
        })
        .unwrap();
    out
}

/// Runs `read` as `actor` about `who`: the outcome and the person's data found in the result.
fn observe(f: &Fixture, read: PersonRead, actor: &Actor, who: &str) -> (Outcome, BTreeSet<&'static str>) {
    let mut seen = BTreeSet::new();
    let mut put = |present: bool, field: &'static str| {
        if present {
            seen.insert(field);
        }
    };
    let result: Result<(), AppError> = match read {
        P::ResidentSearch => f
            .app
            .search_residents(
                actor,
                &SearchRequest {
                    household_no: Some(household_of(who).into()),
                    ..SearchRequest::default()
                },
            )
            .map(|r| {
                let hit = r.residents.iter().find(|s| s.resident_no == who);
                put(hit.is_some(), "name");
                put(hit.is_some(), "birth_date");
                put(hit.is_some(), "address");
            }),
        P::ResidentDetail => f.app.resident_detail(actor, who).map(|d| {
            put(!d.summary.name.is_empty(), "name");
            for field in ["birth_date", "age", "relationship", "is_head"] {
                put(true, field);
            }
        }),
        P::HouseholdView => f.app.household_view(actor, household_of(who), None).map(|h| {
            let m = h.members.iter().find(|m| m.resident_no == who).unwrap();
            assert_eq!(m.restricted, m.name.is_withheld());
            put(m.name.visible().is_some(), "name");
            put(m.birth_date.visible().is_some(), "birth_date");
            put(m.age.visible().is_some(), "age");
            put(m.relationship.visible().is_some(), "relationship");
            put(m.is_head.visible().is_some(), "is_head");
            put(m.insured.visible().is_some(), "insured");
            put(m.periods.visible().is_some(), "periods");
            // The JSON of `GET /api/v1/households/{no}` is this value serialized.
            let json = serde_json::to_value(&h).unwrap();
            let member = json["members"]
                .as_array()
                .unwrap()
                .iter()
                .find(|m| m["resident_no"] == who)
                .unwrap();
            for field in [
                "name",
                "name_kana",
                "birth_date",
                "age",
                "relationship",
                "is_head",
                "card",
            ] {
                assert_eq!(member[field].is_null(), m.restricted, "{field} in {member}");
            }
        }),
        P::MyNumberRevealForm => f
            .app
            .my_number_reveal_form(actor, who)
            .map(|linked| put(linked, "my_number_linked")),
        P::MyNumberReveal => f
            .app
            .reveal_my_number(actor, who, "表の試験")
            .map(|_| put(true, "my_number")),
        P::CounterInput => f.app.counter_input(actor, household_of(who), YEAR).map(|(input, _)| {
            let m = input.household.members.iter().find(|m| m.id == who);
            put(m.is_some(), "birth_date");
            put(m.is_some_and(|m| m.income.salary_revenue.is_some()), "income");
        }),
        P::HouseholdPremium => f.app.household_premium(actor, household_of(who), YEAR).map(|p| {
            put(p.total.is_positive(), "household_total");
            let result = p.result.visible();
            put(
                result.is_some_and(|r| r.members.iter().any(|m| m.id == who && m.total_income.is_some())),
                "member_income",
            );
            put(result.is_some_and(|r| !r.explanation.is_empty()), "explanation");
            let json = serde_json::to_value(&p).unwrap();
            assert_eq!(json["result"].is_null(), result.is_none());
            assert_eq!(p.withheld_members.is_empty(), result.is_some());
            assert!(
                p.incomplete
                    .iter()
                    .all(|l| !p.withheld_members.iter().any(|w| l.contains(w.as_str())))
            );
        }),
        P::WorkItems => f
            .app
            .work_items(actor, None, 1)
            .map(|items| put(items.iter().any(|w| w.resident_no == who), "work_item")),
    };
    match result {
        Ok(()) => (Shown, seen),
        Err(AppError::Denied { .. }) => (Denied, seen),
        Err(e) => panic!("{read:?} as {}: {e:?}", actor.login),
    }
}

#[test]
fn each_use_case_shows_or_withholds_a_person_and_alerts_as_its_row_says() {
    let f = fixture(Dialect::Sqlite);
    let (scoped, unscoped) = setup(&f);
    for r in ROWS {
        let actor = if r.scope { &scoped } else { &unscoped };
        let who = if r.restricted { RESTRICTED } else { PLAIN };
        let before = audit_rows(&f).len();
        let (outcome, fields) = observe(&f, r.read, actor, who);
        let what = format!("{:?} restricted: {} scope: {}", r.read, r.restricted, r.scope);
        assert_eq!(outcome, r.outcome, "{what}");
        assert_eq!(fields, r.fields.iter().copied().collect::<BTreeSet<_>>(), "{what}");
        let written: Vec<AuditRow> = audit_rows(&f).split_off(before);
        // (A household's use case raises the alert for its restricted member whoever the row is about.)
        let alerts: Vec<&AuditRow> = written
            .iter()
            .filter(|a| a.action == RESTRICTED_ACCESS_ALERT && a.subject == who)
            .collect();
        if r.alert {
            assert_eq!(alerts.len(), 1, "{what}: {written:?}");
            let detail: serde_json::Value = serde_json::from_str(&alerts[0].detail).unwrap();
            assert_eq!(
                (alerts[0].subject.as_str(), detail["use_case"].as_str()),
                (RESTRICTED, Some(r.read.code())),
                "{what}: the alert names the person and the use case"
            );
        } else {
            assert!(alerts.is_empty(), "{what}: {alerts:?}");
        }
        let denied = written.iter().any(|a| a.outcome == "denied");
        assert_eq!(denied, r.outcome == Denied, "{what}: {written:?}");
        // A use case's own entry: success, or denied.
        assert!(!written.is_empty(), "{what}: nothing audited");
    }
}
