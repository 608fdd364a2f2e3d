//! 市の設定: each city's own login settings over the installation's defaults — the idle time
//! before the screen locks (画面ロック) and the optional maximum password age. Changed by an
//! administrator (管理), audited with the values before and after, and read by every session
//! request, so a change applies on each user's next request.

use crate::audit::value::SettingsValues;
use crate::audit::{AuditAction, AuditEvent};
use jiff::SignedDuration;
use kokuho_store::repo::staff::city_settings::{self as repo, CitySettingsRow};
use serde::Serialize;

use crate::error::{AppError, AppResult};
use crate::staff::auth::AuthPolicy;
use crate::{Actor, App, Audited, Permission};

/// 画面ロックまでの時間の範囲（分）: NIST SP 800-63B allows at most 1 hour idle at AAL2.
pub const IDLE_MINUTES: std::ops::RangeInclusive<i64> = 1..=60;
/// パスワードの有効期間の範囲（日）.
pub const PASSWORD_AGE_DAYS: std::ops::RangeInclusive<i64> = 30..=3650;

/// A city's settings as the administrator sees and sets them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CitySettings {
    /// 画面ロックまでの無操作時間（分）in force.
    pub idle_minutes: i64,
    /// Whether that is the city's own value (otherwise the installation default).
    pub idle_is_city_setting: bool,
    /// パスワードの有効期間（日）in force; None = no maximum age.
    pub max_password_age_days: Option<i64>,
    /// Who last changed the settings, and when (UTC); None if never.
    pub updated: Option<(String, String)>,
}

/// The settings to store: None = the installation default (idle) or no maximum (age).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewCitySettings {
    pub idle_minutes: Option<i64>,
    pub max_password_age_days: Option<i64>,
}

impl AuthPolicy {
    /// This policy with a city's own settings laid over it.
    pub fn for_city(mut self, row: Option<&CitySettingsRow>) -> AuthPolicy {
        if let Some(row) = row {
            if let Some(m) = row.idle_minutes {
                self.idle = SignedDuration::from_mins(m);
            }
            if let Some(d) = row.max_password_age_days {
                self.max_password_age = Some(SignedDuration::from_hours(24 * d));
            }
        }
        self
    }
}

/// The policy in force for `insurer_no`: the installation's with the city's settings over it.
pub(crate) fn policy_of(app: &App, tx: &mut dyn kokuho_store::Tx, insurer_no: &str) -> AppResult<AuthPolicy> {
    Ok(app.auth_policy().for_city(repo::get(tx, insurer_no)?.as_ref()))
}

fn view(default: AuthPolicy, row: Option<CitySettingsRow>) -> CitySettings {
    let policy = default.for_city(row.as_ref());
    CitySettings {
        idle_minutes: policy.idle.as_mins(),
        idle_is_city_setting: row.as_ref().is_some_and(|r| r.idle_minutes.is_some()),
        max_password_age_days: policy.max_password_age.map(|d| d.as_hours() / 24),
        updated: row.map(|r| (r.updated_by, r.updated_at)),
    }
}

impl App {
    /// 市の設定の照会.
    pub fn city_settings(&self, actor: &Actor) -> AppResult<CitySettings> {
        self.run(
            actor,
            Permission::Admin,
            AuditAction::SettingsView,
            "city_settings",
            |cx| {
                let ins = cx.insurer().to_string();
                let row = repo::get(cx.tx, &ins)?;
                Ok(Audited::new(
                    view(self.auth_policy(), row),
                    "city_settings",
                    AuditEvent::SettingsView {},
                ))
            },
        )
    }

    /// 市の設定の変更: audited with the values before and after.
    pub fn set_city_settings(&self, actor: &Actor, new: NewCitySettings) -> AppResult<CitySettings> {
        let mut problems = Vec::new();
        if new.idle_minutes.is_some_and(|m| !IDLE_MINUTES.contains(&m)) {
            problems.push((
                "idle_minutes",
                format!(
                    "画面ロックまでの時間は{}分から{}分までで指定してください",
                    IDLE_MINUTES.start(),
                    IDLE_MINUTES.end()
                ),
            ));
        }
        if new
            .max_password_age_days
            .is_some_and(|d| !PASSWORD_AGE_DAYS.contains(&d))
        {
            problems.push((
                "max_password_age_days",
                format!(
                    "パスワードの有効期間は{}日から{}日までで指定してください（期限なしは空欄）",
                    PASSWORD_AGE_DAYS.start(),
                    PASSWORD_AGE_DAYS.end()
                ),
            ));
        }
        if !problems.is_empty() {
            return Err(AppError::Invalid(
                problems
                    .into_iter()
                    .map(|(f, m)| kokuho_domain::eligibility::resident::FieldProblem::new(f, m))
                    .collect(),
            ));
        }
        let now = self.now_string();
        self.run(
            actor,
            Permission::Admin,
            AuditAction::SettingsChange,
            "city_settings",
            |cx| {
                let ins = cx.insurer().to_string();
                let before = repo::get(cx.tx, &ins)?;
                let row = CitySettingsRow {
                    idle_minutes: new.idle_minutes,
                    max_password_age_days: new.max_password_age_days,
                    updated_at: now,
                    updated_by: actor.login.clone(),
                };
                repo::put(cx.tx, &ins, &row)?;
                let detail = AuditEvent::SettingsChange {
                    before: SettingsValues {
                        idle_minutes: before.as_ref().and_then(|b| b.idle_minutes),
                        max_password_age_days: before.as_ref().and_then(|b| b.max_password_age_days),
                    },
                    after: SettingsValues {
                        idle_minutes: new.idle_minutes,
                        max_password_age_days: new.max_password_age_days,
                    },
                };
                Ok(Audited::new(
                    view(self.auth_policy(), Some(row)),
                    "city_settings",
                    detail,
                ))
            },
        )
    }
}
