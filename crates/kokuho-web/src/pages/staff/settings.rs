//! 市の設定の画面 (管理): the city's idle time before the screen locks and the optional maximum
//! password age. A blank field means the installation default (idle) or no maximum (age).

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use kokuho_app::staff::city_settings::{CitySettings, NewCitySettings};
use kokuho_app::{App, AppError};
use kokuho_domain::kernel::digits::fold_digit;
use serde::Deserialize;

use crate::blocking::blocking;
use crate::error::ApiError;
use crate::pages::render;
use crate::session::Staff;

#[derive(Template)]
#[template(path = "staff/admin_settings.html")]
struct SettingsPage {
    user: crate::pages::nav::Signed,
    current: CitySettings,
    /// The form as typed.
    idle_minutes: String,
    max_password_age_days: String,
    idle_error: Option<String>,
    age_error: Option<String>,
    done: bool,
}

/// The form as posted.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct SettingsForm {
    #[serde(default)]
    idle_minutes: String,
    #[serde(default)]
    max_password_age_days: String,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct Done {
    #[serde(default)]
    done: Option<String>,
}

async fn page(
    app: App,
    staff: Staff,
    typed: Option<SettingsForm>,
    problems: Vec<(String, String)>,
    done: bool,
) -> Response {
    let actor = staff.session.actor.clone();
    let mut current = match blocking(move || app.city_settings(&actor)).await {
        Ok(c) => c,
        Err(e) => return staff.error(e),
    };
    let typed = typed.unwrap_or_else(|| SettingsForm {
        idle_minutes: if current.idle_is_city_setting {
            current.idle_minutes.to_string()
        } else {
            String::new()
        },
        max_password_age_days: current.max_password_age_days.map(|d| d.to_string()).unwrap_or_default(),
    });
    current.updated = current
        .updated
        .map(|(by, at)| (by, kokuho_app::clock::jst_display(&at)));
    let problem = |field: &str| problems.iter().find(|(f, _)| f == field).map(|(_, m)| m.clone());
    let status = if problems.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = SettingsPage {
        user: staff.signed(),
        idle_error: problem("idle_minutes"),
        age_error: problem("max_password_age_days"),
        current,
        idle_minutes: typed.idle_minutes,
        max_password_age_days: typed.max_password_age_days,
        done,
    };
    (status, render(&page)).into_response()
}

/// GET /admin/settings (`?done=1` after a change).
pub(crate) async fn form(State(app): State<App>, staff: Staff, Query(q): Query<Done>) -> Response {
    page(app, staff, None, Vec::new(), q.done.is_some()).await
}

/// A whole number of minutes or days, or blank.
fn number(field: &'static str, label: &str, text: &str) -> Result<Option<i64>, (String, String)> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let ascii: String = t.chars().map(fold_digit).collect();
    ascii.parse::<i64>().map(Some).map_err(|_| {
        (
            field.to_string(),
            format!(
                "{label}は数字で入力してください（空欄は{}）",
                if field == "idle_minutes" {
                    "標準の時間"
                } else {
                    "期限なし"
                }
            ),
        )
    })
}

/// POST /admin/settings
pub(crate) async fn save(State(app): State<App>, staff: Staff, Form(f): Form<SettingsForm>) -> Response {
    let idle = number("idle_minutes", "画面ロックまでの時間", &f.idle_minutes);
    let age = number(
        "max_password_age_days",
        "パスワードの有効期間",
        &f.max_password_age_days,
    );
    let (idle_minutes, max_password_age_days) = match (idle, age) {
        (Ok(i), Ok(a)) => (i, a),
        (i, a) => {
            let problems = [i.err(), a.err()].into_iter().flatten().collect();
            return page(app, staff, Some(f), problems, false).await;
        }
    };
    let (a, actor) = (app.clone(), staff.session.actor.clone());
    match blocking(move || {
        a.set_city_settings(
            &actor,
            NewCitySettings {
                idle_minutes,
                max_password_age_days,
            },
        )
    })
    .await
    {
        Ok(_) => Redirect::to("/admin/settings?done=1").into_response(),
        Err(ApiError::App(AppError::Invalid(problems))) => {
            let problems = problems.into_iter().map(|p| (p.field.to_string(), p.message)).collect();
            page(app, staff, Some(f), problems, false).await
        }
        Err(e) => staff.error(e),
    }
}
