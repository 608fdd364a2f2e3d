//! 保険料の試算（公開）: the public premium simulator. No login, nothing stored or logged; the
//! same calculator as `POST /api/v1/calc/premium` (spec/calculators.md), fed from a form.
//! Served by the full server and by `kokuho serve --simulator-only`, which opens no database.

use askama::Template;
use axum::Form;
use axum::response::Response;
use kokuho_contract::premium::parse_and_calculate;
use kokuho_domain::Yen;
use kokuho_domain::assessment::premium::published::{PublishedRates, published_rates};
use kokuho_domain::kernel::date::parse_date;
use serde_json::json;

use crate::pages::assessment::premium_view::{ResultView, view};
use crate::pages::render;

/// Rows of the form (a household rarely has more; a larger one is counted at the counter).
const ROWS: usize = 6;
/// The amount fields of a row: form name, contract field, label.
const AMOUNTS: [(&str, &str, &str); 3] = [
    ("salary", "salary_revenue", "給与収入"),
    ("pension", "pension_revenue", "公的年金等収入"),
    ("other", "other_income", "その他の所得"),
];

#[derive(Template)]
#[template(path = "public/simulator.html")]
struct SimulatorPage {
    years: Vec<YearOption>,
    rows: Vec<Row>,
    form_error: Option<String>,
    result: Option<ResultView>,
    /// The result template's switches: an estimate, without the per-member table.
    estimate: bool,
    show_members: bool,
}

struct YearOption {
    value: i32,
    label: &'static str,
    selected: bool,
}

#[derive(Default)]
struct Row {
    index: usize,
    label: String,
    birth: String,
    birth_error: Option<String>,
    insured: bool,
    amounts: Vec<AmountField>,
}

struct AmountField {
    name: &'static str,
    value: String,
    error: Option<String>,
}

fn years(selected: i32) -> Vec<YearOption> {
    published_rates()
        .iter()
        .map(|t| YearOption {
            value: t.fiscal_year,
            label: t.label,
            selected: t.fiscal_year == selected,
        })
        .collect()
}

fn blank_rows() -> Vec<Row> {
    (0..ROWS)
        .map(|i| Row {
            index: i,
            label: if i == 0 {
                String::from("世帯主")
            } else {
                format!("世帯員{i}")
            },
            insured: true,
            amounts: AMOUNTS
                .iter()
                .map(|(name, _, _)| AmountField {
                    name,
                    value: String::new(),
                    error: None,
                })
                .collect(),
            ..Row::default()
        })
        .collect()
}

/// `GET /simulator`: the empty form.
pub(crate) async fn form() -> Response {
    let newest = published_rates().first().map_or(0, |t| t.fiscal_year);
    render(&SimulatorPage {
        years: years(newest),
        rows: blank_rows(),
        form_error: None,
        result: None,
        estimate: true,
        show_members: false,
    })
}

/// `POST /simulator`: validates, calculates, shows the breakdown; errors next to their field,
/// keeping what was typed.
pub(crate) async fn calculate(Form(fields): Form<Vec<(String, String)>>) -> Response {
    let get = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    let tables = published_rates();
    let fiscal_year: i32 = get("fiscal_year").parse().unwrap_or(0);
    let table: Option<&PublishedRates> = tables.iter().find(|t| t.fiscal_year == fiscal_year);
    let mut rows = blank_rows();
    let mut members = Vec::new();
    // Which row each contract member came from, to put a calculator error next to its field.
    let mut member_rows = Vec::new();
    let mut has_error = false;
    for row in &mut rows {
        let i = row.index;
        row.birth = get(&format!("m{i}_birth"));
        row.insured = !get(&format!("m{i}_insured")).is_empty();
        let mut income = serde_json::Map::new();
        for (field, (name, key, label)) in row.amounts.iter_mut().zip(AMOUNTS) {
            field.value = get(&format!("m{i}_{name}"));
            if field.value.is_empty() {
                continue;
            }
            match field.value.parse::<Yen>() {
                Ok(y) if !y.is_negative() => {
                    income.insert(key.to_string(), json!(y.value()));
                }
                Ok(_) => field.error = Some(format!("{label}に負の金額は入力できません")),
                Err(e) => field.error = Some(format!("{label}: {e}")),
            }
            has_error |= field.error.is_some();
        }
        if row.birth.is_empty() {
            row.insured = true; // an unused row shows its default again
            if !income.is_empty() || (i == 0) {
                row.birth_error = Some(String::from("生年月日を入力してください（例: 1970-04-01、S45.4.1）"));
                has_error = true;
            }
            continue;
        }
        match parse_date(&row.birth) {
            Ok(d) => {
                // The row's label is the member's id, so the explanation speaks of 世帯主・世帯員1….
                members.push(
                    json!({"id": row.label, "birth_date": d.to_string(), "insured": row.insured, "income": income}),
                );
                member_rows.push(i);
            }
            Err(e) => {
                row.birth_error = Some(format!("生年月日: {e}"));
                has_error = true;
            }
        }
    }
    let mut page = SimulatorPage {
        years: years(fiscal_year),
        rows,
        form_error: None,
        result: None,
        estimate: true,
        show_members: false,
    };
    let Some(table) = table else {
        page.form_error = Some(String::from("年度を選んでください"));
        return render(&page);
    };
    if has_error {
        page.form_error = Some(String::from(
            "入力内容を確認してください（誤りのある項目に説明があります）",
        ));
        return render(&page);
    }
    let head = page.rows.first().map(|r| r.label.clone()).unwrap_or_default();
    // The table is the contract's `rates` text; an unreadable one stays text and is refused below.
    let rates = serde_json::from_str::<serde_json::Value>(table.rates).unwrap_or_else(|_| json!(table.rates));
    let input =
        json!({"fiscal_year": table.fiscal_year, "rates": rates, "household": {"head": head, "members": members}});
    match parse_and_calculate(&input.to_string()) {
        Ok(r) => page.result = Some(view(&r)),
        Err(e) => {
            // household.members[k].birth_date → row of member k; otherwise a message at the top.
            let row = e
                .path
                .strip_prefix("household.members[")
                .and_then(|rest| rest.split(']').next())
                .and_then(|k| k.parse::<usize>().ok())
                .and_then(|k| member_rows.get(k).copied());
            match row.and_then(|r| page.rows.get_mut(r)) {
                Some(r) if e.path.ends_with("birth_date") => r.birth_error = Some(e.message.clone()),
                _ => {}
            }
            page.form_error = Some(e.message);
        }
    }
    render(&page)
}
