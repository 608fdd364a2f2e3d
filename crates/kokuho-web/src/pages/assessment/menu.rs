//! 賦課の画面: the 賦課担当's top page, the 当初賦課 started from the screen with its progress
//! (the page refreshes itself while the run works; no script), and a household's 賦課決定 with
//! every version and its 徴収計画.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use kokuho_app::assessment::batch::AssessmentRunSummary;
use kokuho_app::assessment::jobs::{JobKind, JobOutcome, JobState, JobView};
use kokuho_app::assessment::premium::AssessmentVersion;
use kokuho_app::assessment::rates::RateTable;
use kokuho_app::clock::jst_display;
use kokuho_app::{App, AppError, AuditAction, Permission};
use kokuho_domain::assessment::premium::Component;
use kokuho_domain::assessment::premium::Reduction;
use kokuho_domain::kernel::date::FiscalYear;
use serde::Deserialize;

use crate::blocking::blocking;
use crate::error::ApiError;
use crate::pages::render;
use crate::session::Staff;

/// Households listed per kind on a finished run (the rest are counted; each household's own
/// page shows why).
const LISTED: usize = 20;

#[derive(Template)]
#[template(path = "assessment/assessment.html")]
struct HubPage {
    user: crate::pages::nav::Signed,
    tables: Vec<RateTable>,
    /// The year a counter simulation or a look-up starts from.
    current: i32,
}

/// GET /assessment: 賦課のメニュー.
pub(crate) async fn hub(State(app): State<App>, staff: Staff) -> Response {
    let (a, actor) = (app.clone(), staff.session.actor.clone());
    match blocking(move || a.rate_tables(&actor)).await {
        Ok(tables) => {
            // This fiscal year when its table is set, else the newest table's year.
            let this_year = FiscalYear::of(app.clock().today()).number();
            let current = if tables.iter().any(|t| t.fiscal_year == this_year) {
                this_year
            } else {
                tables.first().map_or(this_year, |t| t.fiscal_year)
            };
            render(&HubPage {
                user: staff.signed(),
                tables,
                current,
            })
        }
        Err(e) => staff.error(e),
    }
}

#[derive(Template)]
#[template(path = "assessment/assessment_jobs.html")]
struct JobsPage {
    user: crate::pages::nav::Signed,
    jobs: Vec<JobView>,
    years: Vec<i32>,
    error: Option<String>,
}

async fn jobs_page(app: App, staff: Staff, error: Option<String>) -> Response {
    let (a, actor) = (app.clone(), staff.session.actor.clone());
    let listed = blocking(move || -> kokuho_app::AppResult<(Vec<JobView>, Vec<RateTable>)> {
        Ok((a.assessment_jobs(&actor)?, a.rate_tables(&actor)?))
    })
    .await;
    match listed {
        Ok((jobs, tables)) => {
            let status = if error.is_some() {
                axum::http::StatusCode::CONFLICT
            } else {
                axum::http::StatusCode::OK
            };
            let jobs = jobs.into_iter().map(shown).collect();
            (
                status,
                render(&JobsPage {
                    user: staff.signed(),
                    jobs,
                    years: tables.iter().map(|t| t.fiscal_year).collect(),
                    error,
                }),
            )
                .into_response()
        }
        Err(e) => staff.error(e),
    }
}

/// GET /assessment/batch: the runs of this server and the form to start one.
pub(crate) async fn jobs(State(app): State<App>, staff: Staff) -> Response {
    jobs_page(app, staff, None).await
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct StartForm {
    #[serde(default)]
    fiscal_year: String,
}

/// POST /assessment/batch: starts the 当初賦課 of a year and shows its progress.
pub(crate) async fn start(State(app): State<App>, staff: Staff, Form(f): Form<StartForm>) -> Response {
    let Ok(fiscal_year) = f.fiscal_year.trim().parse::<i32>() else {
        return jobs_page(app, staff, Some(String::from("年度を選んでください"))).await;
    };
    let (a, actor) = (app.clone(), staff.session.actor.clone());
    match blocking(move || a.start_assessment_job(&actor, fiscal_year)).await {
        Ok(id) => Redirect::to(&format!("/assessment/batch/{id}")).into_response(),
        Err(ApiError::App(e @ (AppError::Conflict(_) | AppError::NotFound { .. } | AppError::Invalid(_)))) => {
            jobs_page(app, staff, Some(crate::pages::refusal(&e))).await
        }
        Err(e) => staff.error(e),
    }
}

#[derive(Template)]
#[template(path = "assessment/assessment_job.html")]
struct JobPage {
    user: crate::pages::nav::Signed,
    job: JobView,
    /// A finished 当初賦課's summary, or a finished simulation's report.
    assessment: Option<AssessmentRunSummary>,
    simulation: Option<crate::pages::assessment::simulation::SimulationView>,
    /// Households with missing income (listed, then counted).
    incomplete: Vec<(String, String)>,
    incomplete_more: usize,
    failed: Vec<(String, String)>,
    failed_more: usize,
}

fn listed(notes: &[kokuho_app::assessment::batch::HouseholdNote]) -> (Vec<(String, String)>, usize) {
    let shown = notes
        .iter()
        .take(LISTED)
        .map(|n| (n.household_no.clone(), n.reasons.join("、")))
        .collect();
    (shown, notes.len().saturating_sub(LISTED))
}

/// A job with its start time in JST.
fn shown(mut job: JobView) -> JobView {
    job.started_at = jst_display(&job.started_at);
    job
}

fn job_id(text: &str) -> Result<u64, ApiError> {
    text.parse()
        .map_err(|_| ApiError::App(AppError::not_found(format!("バッチ処理 {text}"))))
}

/// GET /assessment/batch/{job}: progress (refreshed every 2 s while working), then the result.
pub(crate) async fn job(State(app): State<App>, staff: Staff, Path(id): Path<String>) -> Response {
    let id = match job_id(&id) {
        Ok(id) => id,
        Err(e) => return staff.error(e),
    };
    let actor = staff.session.actor.clone();
    match blocking(move || app.assessment_job(&actor, id)).await {
        Ok(job) => {
            let (assessment, simulation) = match &job.state {
                JobState::Finished(o) => match o.as_ref() {
                    JobOutcome::Assessment(s) => (Some(s.clone()), None),
                    JobOutcome::Simulation(s) => (None, Some(crate::pages::assessment::simulation::view(s))),
                },
                _ => (None, None),
            };
            let (incomplete, incomplete_more) = assessment.as_ref().map_or((Vec::new(), 0), |s| listed(&s.incomplete));
            let (failed, failed_more) = assessment.as_ref().map_or((Vec::new(), 0), |s| listed(&s.failed));
            let job = shown(job);
            let running = job.is_running();
            let mut response = render(&JobPage {
                user: staff.signed(),
                job,
                assessment,
                simulation,
                incomplete,
                incomplete_more,
                failed,
                failed_more,
            });
            if running {
                // The page follows the run without script (CSP allows none).
                response
                    .headers_mut()
                    .insert(header::REFRESH, HeaderValue::from_static("2"));
            }
            response
        }
        Err(e) => staff.error(e),
    }
}

/// POST /assessment/batch/{job}/stop: stops after the chunk in hand.
pub(crate) async fn stop(State(app): State<App>, staff: Staff, Path(id): Path<String>) -> Response {
    let id = match job_id(&id) {
        Ok(id) => id,
        Err(e) => return staff.error(e),
    };
    let actor = staff.session.actor.clone();
    match blocking(move || app.stop_assessment_job(&actor, id)).await {
        Ok(()) => Redirect::to(&format!("/assessment/batch/{id}")).into_response(),
        Err(e) => staff.error(e),
    }
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct YearQuery {
    #[serde(default)]
    fiscal_year: String,
}

/// One version as shown: the components' amounts and the 期別 plan.
struct VersionView {
    v: AssessmentVersion,
    total: String,
    reduction: &'static str,
    components: Vec<(&'static str, String)>,
    /// (期, 月, 方法, 金額) of the 徴収計画.
    installments: Vec<(String, String, &'static str, String)>,
    refund: Option<String>,
    note: String,
}

#[derive(Template)]
#[template(path = "assessment/assessment_household.html")]
struct HouseholdPage {
    user: crate::pages::nav::Signed,
    household_no: String,
    fiscal_year: i32,
    versions: Vec<VersionView>,
    done: Option<String>,
}

fn version_view(v: AssessmentVersion) -> VersionView {
    let components = Component::ALL
        .iter()
        .filter_map(|c| v.components.get(c.key()).map(|x| (c.label(), x.amount.to_string())))
        .collect();
    let (installments, refund, note) = match &v.plan {
        Some(plan) => {
            let rows = plan
                .installments
                .iter()
                .enumerate()
                .map(|(k, i)| {
                    (
                        format!("第{}期", k + 1),
                        format!("{}年{}月", i.month.year(), i.month.month()),
                        i.method.label(),
                        i.amount.to_string(),
                    )
                })
                .collect();
            (
                rows,
                plan.refund.is_positive().then(|| plan.refund.to_string()),
                plan.note.clone(),
            )
        }
        None => (Vec::new(), None, String::new()),
    };
    let reduction = Some(v.reduction)
        .filter(|r| *r != Reduction::None)
        .map_or("なし", Reduction::label);
    let mut v = v;
    v.assessed_at = jst_display(&v.assessed_at);
    VersionView {
        total: v.total.to_string(),
        v,
        reduction,
        components,
        installments,
        refund,
        note,
    }
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct FindHousehold {
    #[serde(default)]
    household_no: String,
    #[serde(default)]
    fiscal_year: String,
}

/// GET /assessment/households?household_no=&fiscal_year=: to that household's page.
pub(crate) async fn find_household(State(app): State<App>, staff: Staff, Query(q): Query<FindHousehold>) -> Response {
    let actor = staff.session.actor.clone();
    if let Err(e) = blocking(move || {
        app.require_for_screen(
            &actor,
            Permission::Assessment,
            AuditAction::AssessmentView,
            "households",
        )
    })
    .await
    {
        return staff.error(e);
    }
    let no = q.household_no.trim();
    if no.is_empty() || !no.bytes().all(|b| b.is_ascii_digit()) {
        return staff.error(ApiError::App(AppError::invalid(
            "household_no",
            "世帯番号を数字で入力してください",
        )));
    }
    Redirect::to(&format!(
        "/assessment/households/{no}?fiscal_year={}",
        q.fiscal_year.trim()
    ))
    .into_response()
}

/// GET /assessment/households/{household_no}?fiscal_year=: every version of the household's 賦課決定.
pub(crate) async fn household(
    State(app): State<App>,
    staff: Staff,
    Path(household_no): Path<String>,
    Query(q): Query<YearQuery>,
) -> Response {
    let fiscal_year = q
        .fiscal_year
        .trim()
        .parse::<i32>()
        .unwrap_or_else(|_| FiscalYear::of(app.clock().today()).number());
    let (a, actor, no) = (app.clone(), staff.session.actor.clone(), household_no.clone());
    match blocking(move || a.assessment_versions(&actor, &no, fiscal_year)).await {
        Ok(versions) => render(&HouseholdPage {
            user: staff.signed(),
            household_no,
            fiscal_year,
            versions: versions.into_iter().map(version_view).collect(),
            done: None,
        }),
        Err(e) => staff.error(e),
    }
}

/// POST /assessment/households/{household_no}?fiscal_year=: 賦課決定（1世帯） now.
pub(crate) async fn decide(
    State(app): State<App>,
    staff: Staff,
    Path(household_no): Path<String>,
    Form(q): Form<YearQuery>,
) -> Response {
    let Ok(fiscal_year) = q.fiscal_year.trim().parse::<i32>() else {
        return staff.error(ApiError::App(AppError::invalid(
            "fiscal_year",
            "年度を指定してください",
        )));
    };
    let (a, actor, no) = (app.clone(), staff.session.actor.clone(), household_no.clone());
    use kokuho_app::assessment::premium::HouseholdDecision;
    let decided = blocking(
        move || -> kokuho_app::AppResult<(HouseholdDecision, Vec<AssessmentVersion>)> {
            a.require_for_screen(&actor, Permission::Assessment, AuditAction::AssessmentDecide, &no)?;
            let outcome = a.decide_household(&actor, &no, fiscal_year)?;
            Ok((outcome, a.assessment_versions(&actor, &no, fiscal_year)?))
        },
    )
    .await;
    match decided {
        Ok((outcome, versions)) => {
            let done = Some(match outcome {
                HouseholdDecision::Recorded(v) => format!("第{v}版を記録しました"),
                HouseholdDecision::Unchanged => String::from("前回の決定と同じ額のため、記録しませんでした"),
                HouseholdDecision::Refused(reason) => format!("記録できませんでした: {reason}"),
            });
            render(&HouseholdPage {
                user: staff.signed(),
                household_no,
                fiscal_year,
                versions: versions.into_iter().map(version_view).collect(),
                done,
            })
        }
        Err(e) => staff.error(e),
    }
}
