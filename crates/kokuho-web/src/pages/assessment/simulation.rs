//! 料率設定シミュレーションの画面 (賦課・財政担当): candidate rates for a fiscal year — typed in
//! the rate-table form's fields, starting from the year's table — against the table in force,
//! over the whole city. The run is a background job (progress on the job page); its result is
//! the levy by component, the reductions, the capped households and the burden by income band,
//! side by side, and the full report as the CLI prints it.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use kokuho_app::assessment::simulation::{Candidate, RateSimulation};
use kokuho_app::{App, AppError};
use kokuho_domain::Yen;
use kokuho_domain::assessment::collection_plan::CollectionSettings;
use kokuho_domain::assessment::premium::Component;
use kokuho_domain::assessment::simulation::{Comparison, LevySummary, render_comparison, render_summary};
use serde::Deserialize;

use crate::blocking::blocking;
use crate::error::ApiError;
use crate::pages::assessment::rates::{rate_fields, read_rates, stored, values_of, year_of};
use crate::pages::form::{FieldView, FormContext, Problems, Reader, Values};
use crate::pages::render;
use crate::session::Staff;

/// The form: the year, then the candidate's rates.
#[derive(Template)]
#[template(path = "assessment/simulation.html")]
struct SimulationPage {
    user: crate::pages::nav::Signed,
    fiscal_year: i32,
    years: Vec<i32>,
    fields: Vec<FieldView>,
    first_error: Option<&'static str>,
    error_count: usize,
    error: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct YearQuery {
    #[serde(default)]
    fiscal_year: String,
}

async fn page(app: App, staff: Staff, fiscal_year: i32, values: Option<Values>, problems: Problems) -> Response {
    let (a, actor) = (app.clone(), staff.session.actor.clone());
    let tables = match blocking(move || a.rate_tables(&actor)).await {
        Ok(t) => t,
        Err(e) => return staff.error(e),
    };
    let Some(current) = tables.iter().find(|t| t.fiscal_year == fiscal_year) else {
        return staff.error(ApiError::App(AppError::not_found(format!(
            "{fiscal_year}年度の料率表（先に料率表を設定してください）"
        ))));
    };
    let values = values.unwrap_or_else(|| values_of(&current.label, &current.rates, &CollectionSettings::default()));
    let cx = FormContext {
        user: staff.signed(),
        title: String::new(),
        subject: String::new(),
        back: String::new(),
        action: String::new(),
    };
    let form = cx.form(&rate_fields(fiscal_year), &values, &problems);
    let status = if problems.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = SimulationPage {
        user: form.user,
        fiscal_year,
        years: tables.iter().map(|t| t.fiscal_year).collect(),
        fields: form.fields,
        first_error: form.first_error,
        error_count: form.error_count,
        error: form.error,
    };
    (status, render(&page)).into_response()
}

/// GET /assessment/simulation?fiscal_year=: the candidate form, starting from the year's table.
pub(crate) async fn form(State(app): State<App>, staff: Staff, Query(q): Query<YearQuery>) -> Response {
    let fiscal_year = if q.fiscal_year.trim().is_empty() {
        kokuho_domain::kernel::date::FiscalYear::of(app.clock().today()).number()
    } else {
        match year_of(q.fiscal_year.trim()) {
            Ok(y) => y,
            Err(e) => return staff.error(e),
        }
    };
    page(app, staff, fiscal_year, None, Problems::default()).await
}

/// POST /assessment/simulation: the candidate checked like a rate table, then the city computed
/// under the table in force and under the candidate (a background job).
pub(crate) async fn start(State(app): State<App>, staff: Staff, Form(pairs): Form<Vec<(String, String)>>) -> Response {
    let values = Values::from_pairs(pairs);
    let fiscal_year = match year_of(values.get("fiscal_year")) {
        Ok(y) => y,
        Err(e) => return staff.error(e),
    };
    let fields = rate_fields(fiscal_year);
    let mut reader = Reader::new(&values, &fields);
    let rates = read_rates(fiscal_year, &values, &mut reader);
    let Some(rates) = rates.filter(|_| reader.problems.is_empty()) else {
        let problems = reader.problems;
        return page(app, staff, fiscal_year, Some(values), problems).await;
    };
    let current = match stored(&app, &staff, fiscal_year).await {
        Ok(Some(t)) => t.label,
        Ok(None) => return staff.error(ApiError::App(AppError::not_found(format!("{fiscal_year}年度の料率表")))),
        Err(e) => return staff.error(e),
    };
    let candidates = vec![
        Candidate {
            label: format!("現行（{current}）"),
            rates: None,
        },
        Candidate {
            label: String::from("試算案"),
            rates: Some(rates),
        },
    ];
    let actor = staff.session.actor.clone();
    match blocking(move || app.start_simulation_job(&actor, fiscal_year, candidates)).await {
        Ok(id) => Redirect::to(&format!("/assessment/batch/{id}")).into_response(),
        Err(e) => staff.error(e),
    }
}

/// A finished simulation as the job page shows it.
pub(crate) struct SimulationView {
    pub households: usize,
    pub unreadable: usize,
    pub not_insured: usize,
    /// The candidates' names, and the columns of the rows (the candidates, then the difference).
    pub candidates: Vec<String>,
    pub labels: Vec<String>,
    /// (row heading, one cell per candidate, the difference last when there are two).
    pub rows: Vec<(String, Vec<String>)>,
    /// (income band, per candidate: 世帯数 / 1世帯当たり / 負担率).
    pub bands: Vec<(String, Vec<String>)>,
    pub report: String,
}

fn yen(v: i64) -> String {
    Yen::new(v).to_string()
}

fn signed_yen(v: i64) -> String {
    Yen::new(v).signed_text()
}

/// The side-by-side view of `s`.
pub(crate) fn view(s: &RateSimulation) -> SimulationView {
    let summaries: Vec<&LevySummary> = s.candidates.iter().map(|c| &c.summary).collect();
    let pair = (summaries.len() == 2).then(|| Comparison::new(summaries[0].clone(), summaries[1].clone()));
    let candidates: Vec<String> = s.candidates.iter().map(|c| c.label.clone()).collect();
    let mut labels = candidates.clone();
    if pair.is_some() {
        labels.push(String::from("差（試算案 − 現行）"));
    }
    let row = |heading: &str, cell: &dyn Fn(&LevySummary) -> i64, money: bool| {
        let mut cells: Vec<String> = summaries
            .iter()
            .map(|x| if money { yen(cell(x)) } else { cell(x).to_string() })
            .collect();
        if let [a, b] = summaries.as_slice() {
            let d = cell(b) - cell(a);
            cells.push(if money {
                signed_yen(d)
            } else if d > 0 {
                format!("+{d}")
            } else {
                d.to_string()
            });
        }
        (heading.to_string(), cells)
    };
    let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    let mut rows = vec![row("調定額合計", &|x| x.total.value(), true)];
    for c in Component::ALL {
        if summaries.iter().any(|x| x.components.contains_key(c.key())) {
            rows.push(row(
                c.label(),
                &|x| x.components.get(c.key()).map_or(0, |t| t.amount.value()),
                true,
            ));
        }
    }
    rows.push(row("法定軽減額", &|x| x.total_reductions().value(), true));
    rows.push(row("減免額", &|x| x.total_exemptions().value(), true));
    rows.push(row("1世帯当たり保険料", &|x| x.average_premium().value(), true));
    rows.push(row("7割軽減の世帯", &|x| count(x.reduced_households.seventy), false));
    rows.push(row("5割軽減の世帯", &|x| count(x.reduced_households.fifty), false));
    rows.push(row("2割軽減の世帯", &|x| count(x.reduced_households.twenty), false));
    rows.push(row("賦課限度額超過の世帯", &|x| count(x.capped_households), false));
    let bands = summaries
        .first()
        .map(|first| {
            first
                .bands
                .iter()
                .enumerate()
                .map(|(i, band)| {
                    let cells = summaries
                        .iter()
                        .filter_map(|x| x.bands.get(i))
                        .map(|b| {
                            let burden = b
                                .burden_permille()
                                .map_or_else(|| String::from("−"), |p| format!("{}.{}%", p / 10, p % 10));
                            format!("{}世帯・{}・{burden}", b.households, b.average_premium())
                        })
                        .collect();
                    (band.label.to_string(), cells)
                })
                .collect()
        })
        .unwrap_or_default();
    let report = match &pair {
        Some(c) => render_comparison(c),
        None => summaries
            .iter()
            .map(|x| render_summary(x))
            .collect::<Vec<_>>()
            .join("\n"),
    };
    SimulationView {
        households: s.households,
        unreadable: s.unreadable,
        not_insured: s.not_insured,
        candidates,
        labels,
        rows,
        bands,
        report,
    }
}
