//! 窓口試算 (賦課担当・窓口): the premium of a household as the system holds it, every item
//! editable — birth dates, 資格期間, incomes, 未申告, 非自発的失業, 旧被扶養者, 産前産後,
//! 特定同一世帯所属者, 特定世帯, a member added or left out — and calculated again with the
//! city's rate table of the year. Nothing is stored; reading the household is audited.
//! The calculation is `premium::calculate`, the same as the assessment's and the API's.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use kokuho_app::{App, AppError};
use kokuho_domain::Yen;
use kokuho_domain::assessment::premium::input::{
    Amount, CoverageInput, HouseholdInput, IncomeInput, MaternityInput, MemberInput, PremiumInput, RatesInput,
    SinceInput, UnemploymentInput,
};
use kokuho_domain::assessment::premium::{calculate, validate_rates};
use kokuho_domain::kernel::date::{Date, YearMonth, parse_date};
use kokuho_domain::kernel::digits::fold_digit;
use serde::Deserialize;

use crate::blocking::blocking;
use crate::error::ApiError;
use crate::pages::assessment::premium_view::{ResultView, view};
use crate::pages::render;
use crate::session::Staff;

/// Empty rows offered for a member to add (one more on each 行を追加).
const SPARE_ROWS: usize = 1;
/// The most rows a form can carry.
const MAX_ROWS: usize = 20;

/// The income fields of a row: (form suffix, label).
const INCOMES: [(&str, &str); 6] = [
    ("salary_revenue", "給与収入"),
    ("pension_revenue", "公的年金等収入"),
    ("other_income", "事業・不動産等の所得"),
    ("separate_income", "分離課税の所得"),
    ("separate_special_deduction", "譲渡所得の特別控除額"),
    ("family_employee_deduction", "専従者給与（控除）額"),
];

/// One member as typed. `errors` holds (field suffix, message).
#[derive(Debug, Default, Clone)]
struct Row {
    index: usize,
    id: String,
    birth: String,
    insured: bool,
    specified_same_household: bool,
    coverage: String,
    undeclared: bool,
    incomes: [String; 6],
    separated_on: String,
    reason_code: String,
    former_since: String,
    maternity_month: String,
    maternity_multiple: bool,
    care_exempt: String,
    asset_tax: String,
    errors: Vec<(&'static str, String)>,
}

impl Row {
    fn blank(index: usize) -> Row {
        Row {
            index,
            insured: true,
            ..Row::default()
        }
    }

    fn error(&self, field: &str) -> Option<&str> {
        self.errors.iter().find(|(f, _)| *f == field).map(|(_, m)| m.as_str())
    }

    /// Whether anything was typed in the row (a blank row is left out).
    fn is_used(&self) -> bool {
        !self.birth.trim().is_empty() || !self.id.trim().is_empty() || self.incomes.iter().any(|v| !v.trim().is_empty())
    }

    /// The income fields as (form name, label, value, error).
    fn income_fields(&self) -> Vec<(String, &'static str, &str, Option<&str>)> {
        INCOMES
            .iter()
            .zip(&self.incomes)
            .map(|((suffix, label), v)| {
                (
                    format!("m{}_{suffix}", self.index),
                    *label,
                    v.as_str(),
                    self.error(suffix),
                )
            })
            .collect()
    }
}

#[derive(Template)]
#[template(path = "assessment/counter.html")]
struct CounterPage {
    user: crate::pages::nav::Signed,
    household_no: String,
    fiscal_year: i32,
    rows: Vec<Row>,
    /// The index of the row of the 世帯主.
    head: usize,
    specified_since: String,
    specified_error: Option<String>,
    /// 要確認 from the records (所得の記録がない・未申告).
    incomplete: Vec<String>,
    error: Option<String>,
    result: Option<ResultView>,
    estimate: bool,
    show_members: bool,
}

impl CounterPage {
    fn new(staff: &Staff, household_no: String, fiscal_year: i32) -> Self {
        CounterPage {
            user: staff.signed(),
            household_no,
            fiscal_year,
            rows: Vec::new(),
            head: 0,
            specified_since: String::new(),
            specified_error: None,
            incomplete: Vec::new(),
            error: None,
            result: None,
            estimate: false,
            show_members: true,
        }
    }

    fn with_spare_rows(mut self, spare: usize) -> Self {
        let n = self.rows.len();
        self.rows.extend((n..(n + spare).min(MAX_ROWS)).map(Row::blank));
        self
    }
}

fn date_text(d: Date) -> String {
    d.to_string()
}

/// `2025-04-01〜2025-10-01、2026-01-01〜` (until exclusive; nothing after 〜 = open).
fn periods_text(periods: &[(Date, Option<Date>)]) -> String {
    periods
        .iter()
        .map(|(f, u)| format!("{}〜{}", date_text(*f), u.map(date_text).unwrap_or_default()))
        .collect::<Vec<_>>()
        .join("、")
}

fn amount_text(a: Option<Amount>) -> String {
    a.map(|a| a.0.to_string()).unwrap_or_default()
}

/// The form of a calculator input (the household as the system holds it).
fn rows_of(input: &PremiumInput) -> (Vec<Row>, usize) {
    let mut head = 0;
    let rows = input
        .household
        .members
        .iter()
        .enumerate()
        .map(|(index, m)| {
            if m.id == input.household.head {
                head = index;
            }
            let i = &m.income;
            Row {
                index,
                id: m.id.clone(),
                birth: date_text(m.birth_date),
                insured: m.insured,
                specified_same_household: m.specified_same_household,
                coverage: m
                    .coverage
                    .as_ref()
                    .map(|c| periods_text(&c.iter().map(|c| (c.from, c.until)).collect::<Vec<_>>()))
                    .unwrap_or_default(),
                undeclared: !i.is_declared(),
                incomes: [
                    amount_text(i.salary_revenue),
                    amount_text(i.pension_revenue),
                    amount_text(i.other_income),
                    amount_text(i.separate_income),
                    amount_text(i.separate_special_deduction),
                    amount_text(i.family_employee_deduction),
                ],
                separated_on: m
                    .involuntary_unemployment
                    .as_ref()
                    .map(|u| date_text(u.separation_date))
                    .unwrap_or_default(),
                reason_code: m
                    .involuntary_unemployment
                    .as_ref()
                    .map(|u| u.reason_code.clone())
                    .unwrap_or_default(),
                former_since: m.former_dependent.map(|f| date_text(f.since)).unwrap_or_default(),
                maternity_month: m.maternity.map(|mt| mt.expected_month.to_string()).unwrap_or_default(),
                maternity_multiple: m.maternity.is_some_and(|mt| mt.multiple),
                care_exempt: periods_text(&m.care_exempt),
                asset_tax: if m.fixed_asset_tax.0 == 0 {
                    String::new()
                } else {
                    m.fixed_asset_tax.0.to_string()
                },
                errors: Vec::new(),
            }
        })
        .collect();
    (rows, head)
}

/// Full-width digits and separators as typed at a Japanese keyboard, read as ASCII.
fn ascii(text: &str) -> String {
    text.trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | '円' | ' ' | '　'))
        .map(fold_digit)
        .collect()
}

fn read_date(text: &str) -> Result<Option<Date>, String> {
    match text.trim() {
        "" => Ok(None),
        t => parse_date(t).map(Some).map_err(|e| e.to_string()),
    }
}

/// Periods typed as `from〜until` separated by 、 or `,` (until may be blank).
fn read_periods(text: &str) -> Result<Vec<(Date, Option<Date>)>, String> {
    text.split(['、', ','])
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let (from, until) = p.split_once(['〜', '~', '～']).unwrap_or((p, ""));
            let from = read_date(from)?
                .ok_or_else(|| String::from("開始日を入力してください（例: 2025-04-01〜2025-10-01）"))?;
            Ok((from, read_date(until)?))
        })
        .collect()
}

fn read_amount(text: &str, label: &str) -> Result<Option<Amount>, String> {
    let t = ascii(text);
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<Yen>() {
        Ok(y) if !y.is_negative() => Amount::try_from(y.value())
            .map(Some)
            .map_err(|e| format!("{label}: {e}")),
        Ok(_) => Err(format!("{label}に負の金額は入力できません")),
        Err(e) => Err(format!("{label}: {e}")),
    }
}

fn read_month(text: &str) -> Result<Option<YearMonth>, String> {
    let t = ascii(text);
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<YearMonth>()
        .or_else(|_| parse_date(&t).map(YearMonth::of))
        .map(Some)
        .map_err(|_| String::from("出産予定月は 2025-10 の形で入力してください"))
}

/// `r`'s value, or its message noted against `field`.
fn note<T>(errors: &mut Vec<(&'static str, String)>, field: &'static str, r: Result<T, String>) -> Option<T> {
    r.map_err(|m| errors.push((field, m))).ok()
}

/// One row's member, its problems added to the row.
fn member_of(row: &mut Row) -> Option<MemberInput> {
    let mut errors = Vec::new();
    let birth = note(&mut errors, "birth", read_date(&row.birth)).flatten();
    if birth.is_none() && errors.is_empty() {
        errors.push((
            "birth",
            String::from("生年月日を入力してください（例: 1970-04-01、S45.4.1）"),
        ));
    }
    let coverage = note(&mut errors, "coverage", read_periods(&row.coverage)).map(|p| {
        p.into_iter()
            .map(|(from, until)| CoverageInput { from, until })
            .collect::<Vec<_>>()
    });
    let mut amounts = [None; 6];
    for (k, (suffix, label)) in INCOMES.iter().enumerate() {
        amounts[k] = note(&mut errors, suffix, read_amount(&row.incomes[k], label)).flatten();
    }
    let separated = note(&mut errors, "separated_on", read_date(&row.separated_on));
    let reason = ascii(&row.reason_code);
    let unemployment = match (separated, reason.is_empty()) {
        (Some(Some(d)), false) => Some(UnemploymentInput {
            separation_date: d,
            reason_code: reason,
        }),
        (Some(Some(_)), true) => {
            errors.push((
                "reason_code",
                String::from("離職理由コードを入力してください（例: 11）"),
            ));
            None
        }
        (Some(None), false) => {
            errors.push(("separated_on", String::from("離職日を入力してください")));
            None
        }
        _ => None,
    };
    let former = note(&mut errors, "former_since", read_date(&row.former_since))
        .flatten()
        .map(|since| SinceInput { since });
    let maternity = note(&mut errors, "maternity_month", read_month(&row.maternity_month))
        .flatten()
        .map(|expected_month| MaternityInput {
            expected_month,
            multiple: row.maternity_multiple,
        });
    let care_exempt = note(&mut errors, "care_exempt", read_periods(&row.care_exempt)).unwrap_or_default();
    let asset = note(&mut errors, "asset_tax", read_amount(&row.asset_tax, "固定資産税額"))
        .flatten()
        .unwrap_or_default();
    row.errors = errors;
    if row.id.trim().is_empty() {
        row.id = format!("追加{}", row.index + 1);
    }
    if !row.errors.is_empty() {
        return None;
    }
    Some(MemberInput {
        id: row.id.trim().to_string(),
        birth_date: birth?,
        insured: row.insured,
        specified_same_household: row.specified_same_household && !row.insured,
        coverage: coverage.filter(|c| !c.is_empty()),
        income: IncomeInput {
            declared: Some(!row.undeclared),
            salary_revenue: amounts[0],
            pension_revenue: amounts[1],
            other_income: amounts[2],
            separate_income: amounts[3],
            separate_special_deduction: amounts[4],
            family_employee_deduction: amounts[5],
            salary_income: None,
            pension_income: None,
            taxable_income: None,
            resident_tax_exempt: None,
        },
        involuntary_unemployment: unemployment,
        former_dependent: former,
        maternity,
        fixed_asset_tax: asset,
        care_exempt,
    })
}

/// The form as posted (field names `m{i}_…`, `head`, `specified_since`, `fiscal_year`, …).
fn rows_from(pairs: &[(String, String)]) -> Vec<Row> {
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let count = get("rows").parse::<usize>().unwrap_or(0).min(MAX_ROWS);
    (0..count)
        .map(|i| {
            let f = |suffix: &str| get(&format!("m{i}_{suffix}"));
            Row {
                index: i,
                id: f("id"),
                birth: f("birth"),
                insured: !f("insured").is_empty(),
                specified_same_household: !f("ssh").is_empty(),
                coverage: f("coverage"),
                undeclared: !f("undeclared").is_empty(),
                incomes: INCOMES.map(|(suffix, _)| f(suffix)),
                separated_on: f("separated_on"),
                reason_code: f("reason_code"),
                former_since: f("former_since"),
                maternity_month: f("maternity_month"),
                maternity_multiple: !f("maternity_multiple").is_empty(),
                care_exempt: f("care_exempt"),
                asset_tax: f("asset_tax"),
                errors: Vec::new(),
            }
        })
        .collect()
}

/// The city's rate table of `fiscal_year`, as the calculator reads it.
async fn rates_of(app: &App, staff: &Staff, fiscal_year: i32) -> Result<RatesInput, ApiError> {
    let (app, actor) = (app.clone(), staff.session.actor.clone());
    let table = blocking(move || app.rate_table(&actor, fiscal_year)).await?;
    validate_rates(fiscal_year, table.rates)
        .map_err(|e| ApiError::App(AppError::Internal(format!("stored rate table: {}", e.message))))
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct Start {
    #[serde(default)]
    household_no: String,
    #[serde(default)]
    fiscal_year: String,
}

fn year_or_now(app: &App, text: &str) -> i32 {
    text.trim()
        .parse()
        .unwrap_or_else(|_| kokuho_domain::kernel::date::FiscalYear::of(app.clock().today()).number())
}

/// GET /assessment/counter?household_no=&fiscal_year=: the household as held, calculated, every
/// item editable (without a household: an empty form with the city's rates).
pub(crate) async fn form(State(app): State<App>, staff: Staff, Query(q): Query<Start>) -> Response {
    let fiscal_year = year_or_now(&app, &q.fiscal_year);
    let household_no = q.household_no.trim().to_string();
    let mut page = CounterPage::new(&staff, household_no.clone(), fiscal_year);
    if household_no.is_empty() {
        if let Err(e) = rates_of(&app, &staff, fiscal_year).await {
            return staff.error(e);
        }
        page.rows.push(Row::blank(0));
        return render(&page.with_spare_rows(SPARE_ROWS));
    }
    let actor = staff.session.actor.clone();
    let (input, incomplete) = match blocking(move || app.counter_input(&actor, &household_no, fiscal_year)).await {
        Ok(x) => x,
        Err(e) => return staff.error(e),
    };
    (page.rows, page.head) = rows_of(&input);
    page.specified_since = input
        .household
        .specified_household
        .map(|s| date_text(s.since))
        .unwrap_or_default();
    page.incomplete = incomplete;
    match calculate(&input) {
        Ok(r) => page.result = Some(view(&r)),
        Err(e) => page.error = Some(e.message),
    }
    render(&page.with_spare_rows(SPARE_ROWS))
}

/// POST /assessment/counter: calculates what the form says (`_action=add` adds a row instead).
pub(crate) async fn calculate_form(
    State(app): State<App>,
    staff: Staff,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    let fiscal_year = year_or_now(&app, &get("fiscal_year"));
    let mut page = CounterPage::new(&staff, get("household_no"), fiscal_year);
    page.rows = rows_from(&pairs);
    page.head = get("head").parse().unwrap_or(0);
    page.specified_since = get("specified_since");
    page.incomplete = pairs
        .iter()
        .filter(|(k, _)| k == "incomplete")
        .map(|(_, v)| v.clone())
        .collect();
    if get("_action") == "add" {
        return render(&page.with_spare_rows(1));
    }
    let rates = match rates_of(&app, &staff, fiscal_year).await {
        Ok(r) => r,
        Err(e) => return staff.error(e),
    };
    let mut members = Vec::new();
    // Which row each member came from, to put a calculator error next to its field.
    let mut member_rows = Vec::new();
    for row in page.rows.iter_mut().filter(|r| r.is_used()) {
        if let Some(m) = member_of(row) {
            members.push(m);
            member_rows.push(row.index);
        }
    }
    let specified = match read_date(&page.specified_since) {
        Ok(d) => d.map(|since| SinceInput { since }),
        Err(e) => {
            page.specified_error = Some(e);
            None
        }
    };
    let head = page.rows.get(page.head).filter(|r| r.is_used()).map(|r| r.id.clone());
    let problems = page.rows.iter().any(|r| !r.errors.is_empty()) || page.specified_error.is_some();
    let Some(head) = head.filter(|_| !problems) else {
        page.error = Some(if problems {
            String::from("入力内容を確認してください（誤りのある項目に説明があります）")
        } else {
            String::from("世帯主の行に生年月日を入力してください")
        });
        return (
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            render(&page.with_spare_rows(SPARE_ROWS)),
        )
            .into_response();
    };
    let input = PremiumInput {
        fiscal_year,
        rates,
        household: HouseholdInput {
            head,
            members,
            specified_household: specified,
        },
    };
    match calculate(&input) {
        Ok(r) => {
            page.result = Some(view(&r));
            render(&page.with_spare_rows(SPARE_ROWS))
        }
        Err(e) => {
            // household.members[k].field → next to the field of member k's row.
            let at = e
                .path
                .strip_prefix("household.members[")
                .and_then(|rest| rest.split_once(']'));
            if let Some((k, field)) = at
                && let Some(row) = k
                    .parse::<usize>()
                    .ok()
                    .and_then(|k| member_rows.get(k))
                    .and_then(|i| page.rows.get_mut(*i))
            {
                let suffix = match field.trim_start_matches('.') {
                    f if f.starts_with("involuntary_unemployment") => "reason_code",
                    f if f.starts_with("birth_date") => "birth",
                    f if f.starts_with("coverage") => "coverage",
                    f if f.starts_with("income") => "salary_revenue",
                    _ => "birth",
                };
                row.errors.push((suffix, e.message.clone()));
            }
            page.error = Some(e.message);
            (
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                render(&page.with_spare_rows(SPARE_ROWS)),
            )
                .into_response()
        }
    }
}
