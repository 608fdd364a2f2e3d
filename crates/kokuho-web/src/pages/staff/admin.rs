//! 管理の画面: staff accounts (add, roles, disable, 二要素認証のリセット by a new one-time link,
//! ロック解除) and the role × permission table. Every change is a use case of `kokuho-app`
//! (permission 管理, audited) and is read again on the affected user's next request.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use kokuho_app::authz::{DEFAULT_ROLES, role_label};
use kokuho_app::staff::accounts::{RoleView, StaffAccount};
use kokuho_app::{App, AppError, Permission};
use kokuho_domain::Login;

use crate::blocking::blocking;
use crate::error::ApiError;
use crate::pages::{refusal, render};
use crate::session::Staff;

/// A role as offered on the forms: (code, label, ticked).
type RoleChoice = (String, String, bool);

/// A permission as offered on the role table: (code, label, granted).
type PermissionChoice = (String, String, bool);

fn role_choices(ticked: &[String]) -> Vec<RoleChoice> {
    DEFAULT_ROLES
        .iter()
        .map(|(c, l, _)| ((*c).to_string(), (*l).to_string(), ticked.iter().any(|t| t == c)))
        .collect()
}

fn labels(roles: &[String]) -> String {
    roles.iter().map(|r| role_label(r)).collect::<Vec<_>>().join("、")
}

#[derive(Template)]
#[template(path = "staff/admin_users.html")]
struct UsersPage {
    user: crate::pages::nav::Signed,
    accounts: Vec<(StaffAccount, String)>,
    login: String,
    display_name: String,
    roles: Vec<RoleChoice>,
    login_error: Option<String>,
    name_error: Option<String>,
    error: Option<String>,
}

async fn users_page(app: App, staff: Staff, form: NewUser, problem: Option<(&'static str, String)>) -> Response {
    let actor = staff.session.actor.clone();
    match blocking(move || app.staff_accounts(&actor)).await {
        Ok(accounts) => {
            let (mut login_error, mut name_error, mut error) = (None, None, None);
            match problem {
                Some(("login", m)) => login_error = Some(m),
                Some(("display_name", m)) => name_error = Some(m),
                Some((_, m)) => error = Some(m),
                None => {}
            }
            render(&UsersPage {
                user: staff.signed(),
                accounts: accounts
                    .into_iter()
                    .map(|a| {
                        let l = labels(&a.roles);
                        (a, l)
                    })
                    .collect(),
                roles: role_choices(&form.roles),
                login: form.login,
                display_name: form.display_name,
                login_error,
                name_error,
                error,
            })
        }
        Err(e) => staff.error(e),
    }
}

/// GET /admin/users
pub(crate) async fn users(State(app): State<App>, staff: Staff) -> Response {
    users_page(app, staff, NewUser::default(), None).await
}

#[derive(Debug, Default)]
pub(crate) struct NewUser {
    login: String,
    display_name: String,
    roles: Vec<String>,
}

impl NewUser {
    fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut n = NewUser::default();
        for (k, v) in pairs {
            match k.as_str() {
                "login" => n.login = v.trim().to_string(),
                "display_name" => n.display_name = v.trim().to_string(),
                "roles" => n.roles.push(v),
                _ => {}
            }
        }
        n
    }
}

#[derive(Template)]
#[template(path = "staff/admin_link.html")]
struct LinkPage {
    user: crate::pages::nav::Signed,
    login: String,
    url: String,
    created: bool,
}

/// The enrolment link's path. Never built from the request's Host header: a forged Host would
/// make the administrator hand out a link to another site.
fn link_url(token: &str) -> String {
    format!("/enroll/{token}")
}

/// POST /admin/users: 職員の追加, then the one-time link for the first login.
pub(crate) async fn add_user(
    State(app): State<App>,
    staff: Staff,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let form = NewUser::from_pairs(pairs);
    let login = match Login::parse(&form.login) {
        Ok(l) => l,
        Err(e) => return users_page(app, staff, form, Some(("login", e.to_string()))).await,
    };
    let (a, actor, name, roles) = (
        app.clone(),
        staff.session.actor.clone(),
        form.display_name.clone(),
        form.roles.clone(),
    );
    let created = blocking(move || {
        a.add_user(&actor, &login, &name, &roles, None)?;
        a.issue_enrolment_link(&actor, login.as_str())
    })
    .await;
    match created {
        Ok(token) => render(&LinkPage {
            user: staff.signed(),
            url: link_url(&token),
            login: form.login,
            created: true,
        }),
        Err(ApiError::App(AppError::Invalid(p))) => {
            let first = p.first().map(|p| {
                (
                    if p.field == "display_name" { "display_name" } else { "" },
                    p.message.clone(),
                )
            });
            users_page(app, staff, form, first).await
        }
        Err(ApiError::App(e @ AppError::Conflict(_))) => {
            users_page(app, staff, form, Some(("login", e.to_string()))).await
        }
        Err(e) => staff.error(e),
    }
}

#[derive(Template)]
#[template(path = "staff/admin_user.html")]
struct UserPage {
    user: crate::pages::nav::Signed,
    a: StaffAccount,
    roles: Vec<RoleChoice>,
    done: Option<&'static str>,
    error: Option<String>,
}

async fn user_page(
    app: App,
    staff: Staff,
    login: String,
    done: Option<&'static str>,
    error: Option<String>,
) -> Response {
    let actor = staff.session.actor.clone();
    match blocking(move || app.staff_account(&actor, &login)).await {
        Ok(a) => render(&UserPage {
            user: staff.signed(),
            roles: role_choices(&a.roles),
            a,
            done,
            error,
        }),
        Err(e) => staff.error(e),
    }
}

/// GET /admin/users/{login}
pub(crate) async fn user(State(app): State<App>, staff: Staff, Path(login): Path<String>) -> Response {
    user_page(app, staff, login, None, None).await
}

/// What an account change did, or why it was refused (shown on the account page).
async fn after(app: App, staff: Staff, login: String, result: Result<(), ApiError>, done: &'static str) -> Response {
    match result {
        Ok(()) => user_page(app, staff, login, Some(done), None).await,
        Err(ApiError::App(e @ (AppError::Invalid(_) | AppError::Conflict(_)))) => {
            user_page(app, staff, login, None, Some(refusal(&e))).await
        }
        Err(e) => staff.error(e),
    }
}

/// POST /admin/users/{login}/roles: the ticked roles become the user's roles.
pub(crate) async fn set_roles(
    State(app): State<App>,
    staff: Staff,
    Path(login): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let roles: Vec<String> = pairs
        .into_iter()
        .filter(|(k, _)| k == "roles")
        .map(|(_, v)| v)
        .collect();
    let (a, actor, l) = (app.clone(), staff.session.actor.clone(), login.clone());
    let result = blocking(move || a.set_roles(&actor, &l, &roles)).await;
    after(app, staff, login, result, "ロールを変更しました（次の操作から有効）").await
}

#[derive(Debug, serde::Deserialize)]
pub(crate) struct Disabled {
    #[serde(default)]
    disabled: String,
}

/// POST /admin/users/{login}/disabled: 利用停止 (its sessions end) or 再開.
pub(crate) async fn set_disabled(
    State(app): State<App>,
    staff: Staff,
    Path(login): Path<String>,
    Form(f): Form<Disabled>,
) -> Response {
    let disabled = f.disabled == "1";
    if disabled && login == staff.session.actor.login {
        return user_page(app, staff, login, None, Some("自分自身は利用停止にできません".into())).await;
    }
    let (a, actor, l) = (app.clone(), staff.session.actor.clone(), login.clone());
    let result = blocking(move || a.set_disabled(&actor, &l, disabled)).await;
    after(
        app,
        staff,
        login,
        result,
        if disabled {
            "利用停止にしました（ログイン中の画面も使えなくなります）"
        } else {
            "利用を再開しました"
        },
    )
    .await
}

/// POST /admin/users/{login}/unlock: ロック解除.
pub(crate) async fn release_lockout(State(app): State<App>, staff: Staff, Path(login): Path<String>) -> Response {
    let (a, actor, l) = (app.clone(), staff.session.actor.clone(), login.clone());
    let result = blocking(move || a.release_lockout(&actor, &l)).await;
    after(app, staff, login, result, "ロックを解除しました").await
}

/// POST /admin/users/{login}/link: 二要素認証のリセット: a new one-time link (the old second
/// factor and the user's sessions end).
pub(crate) async fn issue_link(State(app): State<App>, staff: Staff, Path(login): Path<String>) -> Response {
    let (a, actor, l) = (app.clone(), staff.session.actor.clone(), login.clone());
    match blocking(move || a.issue_enrolment_link(&actor, &l)).await {
        Ok(token) => render(&LinkPage {
            user: staff.signed(),
            url: link_url(&token),
            login,
            created: false,
        }),
        Err(e) => staff.error(e),
    }
}

#[derive(Template)]
#[template(path = "staff/admin_roles.html")]
struct RolesPage {
    user: crate::pages::nav::Signed,
    /// Each role with every permission as offered (code, label, granted).
    roles: Vec<(RoleView, Vec<PermissionChoice>)>,
    done: bool,
    error: Option<String>,
}

async fn roles_page(app: App, staff: Staff, done: bool, error: Option<String>) -> Response {
    let actor = staff.session.actor.clone();
    match blocking(move || app.role_matrix(&actor)).await {
        Ok(roles) => {
            let roles = roles
                .into_iter()
                .map(|r| {
                    let cells = Permission::ALL
                        .iter()
                        .map(|p| {
                            (
                                p.code().to_string(),
                                p.label().to_string(),
                                r.permissions.iter().any(|x| x == p.code()),
                            )
                        })
                        .collect();
                    (r, cells)
                })
                .collect();
            render(&RolesPage {
                user: staff.signed(),
                roles,
                done,
                error,
            })
        }
        Err(e) => staff.error(e),
    }
}

/// POST /admin/roles/{role}: the ticked permissions become the role's.
pub(crate) async fn set_role_permissions(
    State(app): State<App>,
    staff: Staff,
    Path(role): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let permissions: Vec<String> = pairs
        .into_iter()
        .filter(|(k, _)| k == "permissions")
        .map(|(_, v)| v)
        .collect();
    let (a, actor) = (app.clone(), staff.session.actor.clone());
    match blocking(move || a.set_role_permissions(&actor, &role, &permissions)).await {
        Ok(()) => Redirect::to("/admin/roles?done=1").into_response(),
        Err(ApiError::App(e @ AppError::Invalid(_))) => roles_page(app, staff, false, Some(refusal(&e))).await,
        Err(e) => staff.error(e),
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct RolesQuery {
    #[serde(default)]
    done: Option<String>,
}

/// GET /admin/roles (`?done=1` after a change).
pub(crate) async fn roles(
    State(app): State<App>,
    staff: Staff,
    axum::extract::Query(q): axum::extract::Query<RolesQuery>,
) -> Response {
    roles_page(app, staff, q.done.is_some(), None).await
}
