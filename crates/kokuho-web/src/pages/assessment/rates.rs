//! 料率表の画面 (賦課): the city's rate table of each fiscal year with its 納期 settings — the
//! list, one year, the change form (入力 → 確認 with what changes → 確定) and the upload of a
//! file in the calculator contract's `rates` format (read into the same form, then confirmed).
//! Validation is the calculator's own (`validate_rates`: 政令の上限, plausible bounds), so a
//! message lands next to the field its path names; the use case checks again on 確定.

use askama::Template;
use axum::Form;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use kokuho_app::assessment::rates::RateTable;
use kokuho_app::clock::jst_display;
use kokuho_app::{App, AppError, AuditAction};
use kokuho_domain::Yen;
use kokuho_domain::assessment::collection_plan::CollectionSettings;
use kokuho_domain::assessment::installments::Remainder;
use kokuho_domain::assessment::premium::input::{Amount, ComponentRates, RatesInput, Rounding, ThresholdsInput};
use kokuho_domain::assessment::premium::statutory::statutory_year;
use kokuho_domain::assessment::premium::{Component, Rate, validate_rates};
use kokuho_domain::kernel::date::wareki::fiscal_year_label;
use kokuho_domain::kernel::digits::fold_digit;

use crate::blocking::blocking;
use crate::error::ApiError;
use crate::pages::form::{Field, FormContext, Problems, Reader, Step, Values};
use crate::pages::render;
use crate::session::Staff;

/// The form's fields of one component: (levied, 所得割率, 均等割, 平等割, 資産割率, 限度額, 18歳以上均等割).
struct ComponentFields {
    component: Component,
    levied: &'static str,
    income_rate: &'static str,
    per_capita: &'static str,
    per_household: &'static str,
    asset_rate: &'static str,
    cap: &'static str,
    adult_per_capita: Option<&'static str>,
    labels: [&'static str; 7],
}

const COMPONENTS: [ComponentFields; 4] = [
    ComponentFields {
        component: Component::Medical,
        levied: "medical",
        income_rate: "medical_income_rate",
        per_capita: "medical_per_capita",
        per_household: "medical_per_household",
        asset_rate: "medical_asset_rate",
        cap: "medical_cap",
        adult_per_capita: None,
        labels: [
            "医療分を賦課する",
            "医療分 所得割率（%）",
            "医療分 均等割（円）",
            "医療分 平等割（円）",
            "医療分 資産割率（%）",
            "医療分 賦課限度額（円）",
            "",
        ],
    },
    ComponentFields {
        component: Component::Support,
        levied: "support",
        income_rate: "support_income_rate",
        per_capita: "support_per_capita",
        per_household: "support_per_household",
        asset_rate: "support_asset_rate",
        cap: "support_cap",
        adult_per_capita: None,
        labels: [
            "支援金分を賦課する",
            "支援金分 所得割率（%）",
            "支援金分 均等割（円）",
            "支援金分 平等割（円）",
            "支援金分 資産割率（%）",
            "支援金分 賦課限度額（円）",
            "",
        ],
    },
    ComponentFields {
        component: Component::Care,
        levied: "care",
        income_rate: "care_income_rate",
        per_capita: "care_per_capita",
        per_household: "care_per_household",
        asset_rate: "care_asset_rate",
        cap: "care_cap",
        adult_per_capita: None,
        labels: [
            "介護分を賦課する（40〜64歳）",
            "介護分 所得割率（%）",
            "介護分 均等割（円）",
            "介護分 平等割（円）",
            "介護分 資産割率（%）",
            "介護分 賦課限度額（円）",
            "",
        ],
    },
    ComponentFields {
        component: Component::Child,
        levied: "child",
        income_rate: "child_income_rate",
        per_capita: "child_per_capita",
        per_household: "child_per_household",
        asset_rate: "child_asset_rate",
        cap: "child_cap",
        adult_per_capita: Some("child_adult_per_capita"),
        labels: [
            "子ども・子育て支援分を賦課する（令和8年度から）",
            "子ども分 所得割率（%）",
            "子ども分 均等割（円）",
            "子ども分 平等割（円）",
            "子ども分 資産割率（%）",
            "子ども分 賦課限度額（円）",
            "子ども分 18歳以上均等割（円）",
        ],
    },
];

/// 軽減判定基準の上書き: (field, contract key, label).
const THRESHOLDS: [(&str, &str, &str); 4] = [
    ("threshold_base", "base", "軽減判定 基礎額（円）"),
    (
        "threshold_per_earner",
        "per_earner",
        "軽減判定 給与所得者等1人当たりの加算（円）",
    ),
    ("threshold_fifty", "fifty_per_person", "5割軽減 1人当たりの額（円）"),
    ("threshold_twenty", "twenty_per_person", "2割軽減 1人当たりの額（円）"),
];

fn choices(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(v, l)| ((*v).to_string(), (*l).to_string()))
        .collect()
}

/// Every field of the rate-table form for `fiscal_year`: the label, the rates, the 納期.
fn fields(fiscal_year: i32) -> Vec<Field> {
    let mut f = vec![Field::text("label", "表示名").hint("通知や画面に表示する名前（例: 令和8年度 国民健康保険料率）")];
    f.extend(rate_fields(fiscal_year));
    f.push(Field::text("months", "普通徴収の納期の月").hint("月をカンマ区切りで（例: 6,7,8,9,10,11,12,1,2,3）"));
    f.push(Field::select(
        "unit",
        "期割の端数単位",
        choices(&[("1", "1円"), ("10", "10円"), ("100", "100円"), ("1000", "1,000円")]),
    ));
    f.push(Field::select(
        "remainder",
        "端数の寄せ方",
        choices(&[("first", "第1期に寄せる"), ("last", "最終期に寄せる")]),
    ));
    f.push(Field::check(
        "level_withholding",
        "特別徴収の平準化を行う（6・8月の仮徴収額を調整）",
    ));
    f
}

/// The fields of the rates themselves (the calculator contract's `rates`): also the candidate
/// of the rate-setting simulation.
pub(crate) fn rate_fields(fiscal_year: i32) -> Vec<Field> {
    let law = statutory_year(fiscal_year);
    let mut f = vec![Field::select(
        "rounding",
        "保険料の端数処理",
        Rounding::ALL
            .iter()
            .map(|r| (r.code().to_string(), r.label().to_string()))
            .collect(),
    )];
    for c in &COMPONENTS {
        let cap_hint = match law.and_then(|l| l.cap(c.component)) {
            Some(cap) => format!("政令の上限 {}（これ以下で条例の額）", Yen::new(cap)),
            None => String::from("この年度にはこの区分はありません"),
        };
        f.push(Field::check(c.levied, c.labels[0]));
        f.push(Field::text(c.income_rate, c.labels[1]).optional().hint("例: 8.04"));
        f.push(Field::text(c.per_capita, c.labels[2]).optional());
        f.push(
            Field::text(c.per_household, c.labels[3])
                .optional()
                .hint("0または空欄で平等割なし（2方式）"),
        );
        f.push(
            Field::text(c.asset_rate, c.labels[4])
                .optional()
                .hint("資産割を採用する場合のみ（4方式）"),
        );
        f.push(Field::text(c.cap, c.labels[5]).optional().hint(cap_hint));
        if let Some(adult) = c.adult_per_capita {
            f.push(
                Field::text(adult, c.labels[6])
                    .optional()
                    .hint("18歳未満の均等割10割軽減を賄う額"),
            );
        }
    }
    for (name, _, label) in THRESHOLDS {
        f.push(Field::text(name, label).optional().hint("空欄はその年度の政令の基準"));
    }
    f
}

/// The form's values for a stored table (or the `rates` of a file).
pub(crate) fn values_of(label: &str, rates: &RatesInput, collection: &CollectionSettings) -> Values {
    let rate = |r: Option<Rate>| r.map_or_else(String::new, Rate::percent_text);
    // 0 is written as an empty field, as the form offers it (平等割 0 = 2方式).
    let amount = |a: Option<Amount>| a.filter(|a| !a.is_zero()).map_or_else(String::new, |a| a.0.to_string());
    let mut pairs = vec![
        ("label".to_string(), label.to_string()),
        ("rounding".to_string(), rates.rounding.code().to_string()),
    ];
    for c in &COMPONENTS {
        let Some(r) = rates.components.get(c.component) else {
            continue;
        };
        pairs.push((c.levied.to_string(), "1".to_string()));
        for (name, text) in [
            (c.income_rate, rate(Some(r.income_rate))),
            (c.per_capita, amount(Some(r.per_capita))),
            (c.per_household, amount(Some(r.per_household))),
            (c.asset_rate, rate(r.asset_rate)),
            (c.cap, amount(Some(r.cap))),
        ] {
            pairs.push((name.to_string(), text));
        }
        if let Some(adult) = c.adult_per_capita {
            pairs.push((adult.to_string(), amount(r.adult_per_capita)));
        }
    }
    let mut thresholds = rates.reduction_thresholds.clone().unwrap_or_default();
    for (name, key, _) in THRESHOLDS {
        pairs.push((name.to_string(), amount(thresholds.slot(key).and_then(|a| *a))));
    }
    let months: Vec<String> = collection.months.iter().map(u8::to_string).collect();
    pairs.push(("months".to_string(), months.join(",")));
    pairs.push(("unit".to_string(), collection.unit.to_string()));
    pairs.push((
        "remainder".to_string(),
        if collection.remainder == Remainder::Last {
            "last"
        } else {
            "first"
        }
        .to_string(),
    ));
    if collection.level_withholding {
        pairs.push(("level_withholding".to_string(), "1".to_string()));
    }
    Values::from_pairs(pairs)
}

/// Full-width digits and separators as typed at a Japanese keyboard, read as ASCII.
fn normalize(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, ' ' | '　'))
        .map(|c| match c {
            '０'..='９' => fold_digit(c),
            '．' => '.',
            '，' | '、' => ',',
            other => other,
        })
        .collect()
}

/// A number as typed (`31,200円`, `８．０４％`), without its separators and unit.
fn ascii(text: &str) -> String {
    normalize(text)
        .chars()
        .filter(|c| !matches!(c, ',' | '円' | '%' | '％'))
        .collect()
}

/// What the form says, as the rate table and the 納期 settings; problems by field.
fn read(fiscal_year: i32, values: &Values, reader: &mut Reader<'_>) -> Option<(RatesInput, CollectionSettings)> {
    let rates = read_rates(fiscal_year, values, reader);
    let months: Result<Vec<u8>, _> = normalize(values.get("months"))
        .split(',')
        .filter(|m| !m.is_empty())
        .map(|m| m.trim_end_matches('月').parse::<u8>())
        .collect();
    let months = months.unwrap_or_else(|_| {
        reader
            .problems
            .add("months", "納期の月は1〜12の数字をカンマ区切りで入力してください");
        Vec::new()
    });
    let collection = CollectionSettings {
        months,
        unit: values.get("unit").parse().unwrap_or(100),
        remainder: if values.get("remainder") == "last" {
            Remainder::Last
        } else {
            Remainder::First
        },
        level_withholding: reader.checked("level_withholding"),
    };
    let rates = rates.filter(|_| reader.problems.is_empty())?;
    if let Err(e) = collection.validate() {
        reader.problems.add(e.field, e.message);
        return None;
    }
    Some((rates, collection))
}

/// The rates the form says, checked by the calculator's own validation (a problem lands on the
/// field its path names).
pub(crate) fn read_rates(fiscal_year: i32, values: &Values, reader: &mut Reader<'_>) -> Option<RatesInput> {
    let rounding = Rounding::from_code(values.get("rounding"));
    if rounding.is_none() {
        reader.problems.add("rounding", "保険料の端数処理を選んでください");
    }
    let mut rates = RatesInput::empty(rounding.unwrap_or(Rounding::ComponentFloor100));
    for c in &COMPONENTS {
        if !reader.checked(c.levied) {
            continue;
        }
        let mut rate = |name: &str, label: &str, required: bool| {
            let v = ascii(values.get(name));
            if v.is_empty() {
                if required {
                    reader.problems.add(name, format!("{label}を入力してください"));
                }
                return None;
            }
            Rate::parse(&v)
                .map_err(|e| reader.problems.add(name, format!("{label}: {e}")))
                .ok()
        };
        let income_rate = rate(c.income_rate, c.labels[1], true);
        let asset_rate = rate(c.asset_rate, c.labels[4], false);
        let mut amount = |name: &str, label: &str, required: bool| amount_of(values, reader, name, label, required);
        let per_capita = amount(c.per_capita, c.labels[2], true);
        let per_household = amount(c.per_household, c.labels[3], false);
        let cap = amount(c.cap, c.labels[5], true);
        let adult_per_capita = c.adult_per_capita.and_then(|n| amount(n, c.labels[6], false));
        if let (Some(income_rate), Some(per_capita), Some(cap)) = (income_rate, per_capita, cap) {
            *rates.components.slot(c.component) = Some(ComponentRates {
                income_rate,
                per_capita,
                per_household: per_household.unwrap_or_default(),
                asset_rate,
                cap,
                adult_per_capita,
            });
        }
    }
    let mut thresholds = ThresholdsInput::default();
    for (name, key, label) in THRESHOLDS {
        if let (Some(a), Some(slot)) = (amount_of(values, reader, name, label, false), thresholds.slot(key)) {
            *slot = Some(a);
        }
    }
    if thresholds != ThresholdsInput::default() {
        rates.reduction_thresholds = Some(thresholds);
    }
    if !reader.problems.is_empty() {
        return None;
    }
    // The calculator's own checks; the path of a problem names the field.
    match validate_rates(fiscal_year, rates) {
        Ok(rates) => Some(rates),
        Err(e) => {
            reader.problems.add(field_of_path(&e.path), e.message);
            None
        }
    }
}

/// A yen amount of the form (None: empty, or refused with a problem on the field).
fn amount_of(values: &Values, reader: &mut Reader<'_>, name: &str, label: &str, required: bool) -> Option<Amount> {
    let v = ascii(values.get(name));
    if v.is_empty() {
        if required {
            reader.problems.add(name, format!("{label}を入力してください"));
        }
        return None;
    }
    match v.parse::<i64>().ok().map(Amount::try_from) {
        Some(Ok(a)) => Some(a),
        Some(Err(e @ kokuho_domain::contract::AmountError::TooLarge(_))) => {
            reader.problems.add(name, format!("{label}: {e}"));
            None
        }
        _ => {
            reader
                .problems
                .add(name, format!("{label}は0以上の円の整数で入力してください"));
            None
        }
    }
}

/// The form field a calculator error path names (`rates.components.medical.cap` → `medical_cap`).
fn field_of_path(path: &str) -> &'static str {
    let rest = path.strip_prefix("rates.").unwrap_or(path);
    for c in &COMPONENTS {
        let Some(tail) = rest
            .strip_prefix("components.")
            .and_then(|r| r.strip_prefix(c.component.key()))
        else {
            continue;
        };
        return match tail.trim_start_matches('.') {
            "income_rate" => c.income_rate,
            "per_capita" => c.per_capita,
            "per_household" => c.per_household,
            "asset_rate" => c.asset_rate,
            "cap" => c.cap,
            "adult_per_capita" => c.adult_per_capita.unwrap_or(c.levied),
            _ => c.levied,
        };
    }
    THRESHOLDS
        .iter()
        .find(|(_, key, _)| rest == format!("reduction_thresholds.{key}"))
        .map_or(if rest == "rounding" { "rounding" } else { "" }, |(name, _, _)| name)
}

/// What the change does, field by field, against the stored table.
fn effects(fiscal_year: i32, fields: &[Field], before: Option<&Values>, after: &Values) -> Vec<String> {
    let Some(before) = before else {
        return vec![format!(
            "{fiscal_year}年度の料率表を新しく設定します。この年度の賦課・試算はこの料率で計算します。"
        )];
    };
    let shown = |v: &Values, f: &Field| {
        let s = v.get(f.name);
        if matches!(f.input, crate::pages::form::Input::Check) {
            if s == "1" { "する" } else { "しない" }.to_string()
        } else if s.is_empty() {
            "（なし）".to_string()
        } else {
            s.to_string()
        }
    };
    let same = |f: &Field| {
        if f.name == "months" {
            normalize(before.get(f.name)) == normalize(after.get(f.name))
        } else {
            ascii(before.get(f.name)) == ascii(after.get(f.name))
        }
    };
    let mut out: Vec<String> = fields
        .iter()
        .filter(|f| !same(f))
        .map(|f| format!("{}: {} → {}", f.label, shown(before, f), shown(after, f)))
        .collect();
    if out.is_empty() {
        out.push(String::from("変更はありません（確定しても記録されません）"));
    } else {
        out.push(format!("確定すると、{fiscal_year}年度の賦課決定済みの世帯は次の異動・更正または当初賦課の再実行で新しい料率により計算されます。"));
    }
    out
}

fn context(staff: &Staff, fiscal_year: i32) -> FormContext {
    FormContext {
        user: staff.signed(),
        title: format!("{fiscal_year}年度（{}）の料率表", fiscal_year_label(fiscal_year)),
        subject: String::from("料率表"),
        back: String::from("/assessment/rates"),
        action: format!("/assessment/rates/{fiscal_year}/edit"),
    }
}

/// A year in a path: one the law of this version knows.
pub(crate) fn year_of(text: &str) -> Result<i32, ApiError> {
    text.parse::<i32>()
        .ok()
        .filter(|y| statutory_year(*y).is_some())
        .ok_or_else(|| {
            let (from, to) = kokuho_domain::assessment::premium::statutory::supported_years();
            ApiError::App(AppError::invalid(
                "fiscal_year",
                format!("年度は{from}〜{to}の数字で指定してください"),
            ))
        })
}

/// The stored table of `fiscal_year` (None: not set yet).
pub(crate) async fn stored(app: &App, staff: &Staff, fiscal_year: i32) -> Result<Option<RateTable>, ApiError> {
    let (app, actor) = (app.clone(), staff.session.actor.clone());
    match blocking(move || app.rate_table(&actor, fiscal_year)).await {
        Ok(t) => Ok(Some(t)),
        Err(ApiError::App(AppError::NotFound { .. })) => Ok(None),
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "assessment/rates.html")]
struct ListPage {
    user: crate::pages::nav::Signed,
    tables: Vec<RateTable>,
    years: Vec<i32>,
    upload_error: Option<String>,
}

async fn list_page(app: App, staff: Staff, upload_error: Option<String>) -> Response {
    let actor = staff.session.actor.clone();
    match blocking(move || app.rate_tables(&actor)).await {
        Ok(tables) => {
            let (from, to) = kokuho_domain::assessment::premium::statutory::supported_years();
            let status = if upload_error.is_some() {
                axum::http::StatusCode::UNPROCESSABLE_ENTITY
            } else {
                axum::http::StatusCode::OK
            };
            let tables = tables.into_iter().map(|mut t| {
                t.set_at = jst_display(&t.set_at);
                t
            });
            (
                status,
                render(&ListPage {
                    user: staff.signed(),
                    tables: tables.collect(),
                    years: (from..=to).rev().collect(),
                    upload_error,
                }),
            )
                .into_response()
        }
        Err(e) => staff.error(e),
    }
}

/// GET /assessment/rates: every year's table, a way to set a new year, and the file upload.
pub(crate) async fn list(State(app): State<App>, staff: Staff) -> Response {
    list_page(app, staff, None).await
}

#[derive(Template)]
#[template(path = "assessment/rate_table.html")]
struct TablePage {
    user: crate::pages::nav::Signed,
    t: RateTable,
    /// (label, 所得割率, 均等割, 平等割, 資産割率, 限度額, 18歳以上均等割) per levied component.
    rows: Vec<[String; 7]>,
    rounding: &'static str,
    months: String,
}

fn table_rows(rates: &RatesInput) -> Vec<[String; 7]> {
    const NONE: &str = "−";
    let rate = |r: Option<Rate>| r.map_or_else(|| NONE.to_string(), |r| r.to_string());
    let amount = |a: Option<Amount>| {
        a.filter(|a| !a.is_zero())
            .map_or_else(|| NONE.to_string(), |a| Yen::new(a.0).to_string())
    };
    Component::ALL
        .iter()
        .filter_map(|c| {
            let r = rates.components.get(*c)?;
            Some([
                c.label().to_string(),
                rate(Some(r.income_rate)),
                amount(Some(r.per_capita)),
                amount(Some(r.per_household)),
                rate(r.asset_rate),
                amount(Some(r.cap)),
                amount(r.adult_per_capita),
            ])
        })
        .collect()
}

async fn table_page(app: App, staff: Staff, fiscal_year: i32) -> Response {
    match stored(&app, &staff, fiscal_year).await {
        Ok(Some(mut t)) => {
            t.set_at = jst_display(&t.set_at);
            let rounding = t.rates.rounding.label();
            let months = t
                .collection
                .months
                .iter()
                .map(|m| format!("{m}月"))
                .collect::<Vec<_>>()
                .join("・");
            render(&TablePage {
                user: staff.signed(),
                rows: table_rows(&t.rates),
                rounding,
                months,
                t,
            })
        }
        Ok(None) => Redirect::to(&format!("/assessment/rates/{fiscal_year}/edit")).into_response(),
        Err(e) => staff.error(e),
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct NewYear {
    #[serde(default)]
    fiscal_year: String,
}

/// GET /assessment/rates/new?fiscal_year=: to the form of that year.
pub(crate) async fn new_year(
    State(app): State<App>,
    staff: Staff,
    axum::extract::Query(q): axum::extract::Query<NewYear>,
) -> Response {
    let actor = staff.session.actor.clone();
    if let Err(e) = blocking(move || {
        app.require_for_screen(
            &actor,
            kokuho_app::Permission::Assessment,
            AuditAction::RatesForm,
            "rate_tables",
        )
    })
    .await
    {
        return staff.error(e);
    }
    match year_of(q.fiscal_year.trim()) {
        Ok(y) => Redirect::to(&format!("/assessment/rates/{y}/edit")).into_response(),
        Err(e) => staff.error(e),
    }
}

/// GET /assessment/rates/{fiscal_year}: the year's table (the form when there is none yet).
pub(crate) async fn show(State(app): State<App>, staff: Staff, Path(year): Path<String>) -> Response {
    match year_of(&year) {
        Ok(fiscal_year) => table_page(app, staff, fiscal_year).await,
        Err(e) => staff.error(e),
    }
}

/// GET /assessment/rates/{fiscal_year}/edit: the form with the stored table, or for a new year
/// the nearest earlier year's table to start from.
pub(crate) async fn edit(State(app): State<App>, staff: Staff, Path(year): Path<String>) -> Response {
    let fiscal_year = match year_of(&year) {
        Ok(y) => y,
        Err(e) => return staff.error(e),
    };
    let (a, actor) = (app.clone(), staff.session.actor.clone());
    if let Err(e) = blocking(move || {
        a.require_for_screen(
            &actor,
            kokuho_app::Permission::Assessment,
            AuditAction::RatesForm,
            &format!("rate_table:{fiscal_year}"),
        )
    })
    .await
    {
        return staff.error(e);
    }
    let (a, actor) = (app.clone(), staff.session.actor.clone());
    let tables = match blocking(move || a.rate_tables(&actor)).await {
        Ok(t) => t,
        Err(e) => return staff.error(e),
    };
    let start = tables
        .iter()
        .find(|t| t.fiscal_year == fiscal_year)
        .or_else(|| tables.iter().find(|t| t.fiscal_year < fiscal_year));
    let values = match start {
        Some(t) if t.fiscal_year == fiscal_year => values_of(&t.label, &t.rates, &t.collection),
        Some(t) => {
            let mut v = values_of(
                &format!("{fiscal_year}年度（{}）", fiscal_year_label(fiscal_year)),
                &t.rates,
                &t.collection,
            );
            // A component the new year does not have (or lacks before FY2026) is not carried over.
            if statutory_year(fiscal_year)
                .and_then(|l| l.cap(Component::Child))
                .is_none()
            {
                v = Values::from_pairs(v.pairs().into_iter().filter(|(k, _)| !k.starts_with("child")).collect());
            }
            v
        }
        None => values_of(
            "",
            &RatesInput::empty(Rounding::ComponentFloor100),
            &CollectionSettings::default(),
        ),
    };
    render(&context(&staff, fiscal_year).form(&fields(fiscal_year), &values, &Problems::default()))
}

/// POST /assessment/rates/{fiscal_year}/edit: 確認 (what changes) or 確定.
pub(crate) async fn submit(
    State(app): State<App>,
    staff: Staff,
    Path(year): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let fiscal_year = match year_of(&year) {
        Ok(y) => y,
        Err(e) => return staff.error(e),
    };
    let step = Step::of(&pairs);
    let values = Values::from_pairs(pairs);
    confirm_or_save(app, staff, fiscal_year, values, step).await
}

async fn confirm_or_save(app: App, staff: Staff, fiscal_year: i32, values: Values, step: Step) -> Response {
    let fields = fields(fiscal_year);
    let cx = context(&staff, fiscal_year);
    if step == Step::Edit {
        return render(&cx.form(&fields, &values, &Problems::default()));
    }
    let mut reader = Reader::new(&values, &fields);
    let read = read(fiscal_year, &values, &mut reader);
    let Some((rates, collection)) = read.filter(|_| reader.problems.is_empty()) else {
        return (
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            render(&cx.form(&fields, &values, &reader.problems)),
        )
            .into_response();
    };
    if step == Step::Confirm {
        let before = match stored(&app, &staff, fiscal_year).await {
            Ok(t) => t.map(|t| values_of(&t.label, &t.rates, &t.collection)),
            Err(e) => return staff.error(e),
        };
        return render(&cx.confirm(
            &fields,
            &values,
            effects(fiscal_year, &fields, before.as_ref(), &values),
        ));
    }
    let (a, actor, label) = (
        app.clone(),
        staff.session.actor.clone(),
        values.get("label").to_string(),
    );
    match blocking(move || a.set_rate_table(&actor, fiscal_year, &label, &rates, Some(&collection))).await {
        Ok(_) => Redirect::to(&format!("/assessment/rates/{fiscal_year}")).into_response(),
        Err(ApiError::App(e @ (AppError::Invalid(_) | AppError::Conflict(_)))) => (
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            render(&cx.form(&fields, &values, &Problems::from_app(&e, &fields))),
        )
            .into_response(),
        Err(e) => staff.error(e),
    }
}

/// Largest rate-table file accepted (a table is a few hundred bytes).
pub(crate) const FILE_LIMIT: usize = 64 * 1024;

/// POST /assessment/rates/file: a `rates` JSON file (spec/calculators.md §1) for a year,
/// optionally a 納期 settings file, read into the form and shown for confirmation.
pub(crate) async fn upload(
    State(app): State<App>,
    staff: Staff,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    // Refused (and audited) before anything sent is read.
    let (a, actor) = (app.clone(), staff.session.actor.clone());
    if let Err(e) = blocking(move || {
        a.require_for_screen(
            &actor,
            kokuho_app::Permission::Assessment,
            AuditAction::RatesForm,
            "rate_tables",
        )
    })
    .await
    {
        return staff.error(e);
    }
    let Ok(mut multipart) = multipart else {
        return list_page(app, staff, Some(String::from("ファイルを選んで送信してください"))).await;
    };
    let (mut year, mut label, mut rates, mut collection) = (String::new(), String::new(), None, None);
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or_default().to_string();
                let Ok(bytes) = field.bytes().await else {
                    return list_page(app, staff, Some("ファイルを読み込めませんでした".into())).await;
                };
                let text = String::from_utf8_lossy(&bytes)
                    .trim_start_matches('\u{feff}')
                    .to_string();
                match name.as_str() {
                    "fiscal_year" => year = text.trim().to_string(),
                    "label" => label = text.trim().to_string(),
                    "rates" => rates = Some(text),
                    "collection" if !text.trim().is_empty() => collection = Some(text),
                    _ => {}
                }
            }
            Ok(None) => break,
            Err(_) => {
                return list_page(
                    app,
                    staff,
                    Some("送信された内容を読み込めませんでした（ファイルが大きすぎる可能性があります）".into()),
                )
                .await;
            }
        }
    }
    let fiscal_year = match year_of(&year) {
        Ok(y) => y,
        Err(_) => return list_page(app, staff, Some(String::from("年度を選んでください"))).await,
    };
    let Some(rates) = rates.filter(|r| !r.trim().is_empty()) else {
        return list_page(app, staff, Some(String::from("料率表のファイルを選んでください"))).await;
    };
    let rates = match kokuho_contract::premium::validate_rates(fiscal_year, &rates) {
        Ok(rates) => rates,
        Err(e) => {
            let at = if e.path.is_empty() {
                String::new()
            } else {
                format!("（{}）", e.path)
            };
            return list_page(app, staff, Some(format!("料率表のファイル{at}: {}", e.message))).await;
        }
    };
    let collection = match collection.map(|c| kokuho_contract::read_named::<CollectionSettings>(&c, "collection")) {
        None => CollectionSettings::default(),
        Some(Ok(c)) => c,
        Some(Err(e)) => {
            return list_page(app, staff, Some(format!("納期の設定のファイル: {e}"))).await;
        }
    };
    let label = if label.is_empty() {
        format!("{fiscal_year}年度（{}）", fiscal_year_label(fiscal_year))
    } else {
        label
    };
    confirm_or_save(
        app,
        staff,
        fiscal_year,
        values_of(&label, &rates, &collection),
        Step::Confirm,
    )
    .await
}
