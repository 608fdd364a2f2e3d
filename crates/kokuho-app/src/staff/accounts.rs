//! 職員管理 for the administration screens: accounts with their login state, a user's roles set
//! at once, lockout release, and the role × permission table. Each change is audited and read
//! again on the user's next request (sessions resolve the actor per request).

use crate::audit::value::{PermissionCodes, RoleCodes};
use crate::audit::{AuditAction, AuditEvent};
use std::collections::BTreeSet;

use jiff::Timestamp;
use kokuho_store::repo::{staff::access, staff::auth as creds};
use serde::Serialize;

use crate::authz::{DEFAULT_ROLES, Permission};
use crate::error::{AppError, AppResult};
use crate::staff::admin::own_user;
use crate::{Actor, App, Audited};

/// A staff account as the administrator sees it (never a secret).
#[derive(Debug, Clone, Serialize)]
pub struct StaffAccount {
    pub login: String,
    pub display_name: String,
    pub disabled: bool,
    pub roles: Vec<String>,
    /// Second factor registered (first login done).
    pub enrolled: bool,
    /// Locked after failed logins until this time (UTC), if still in force.
    pub locked_until: Option<String>,
    pub failed_attempts: i64,
    /// Sessions not ended.
    pub live_sessions: i64,
}

/// A role with its permissions, for the role table.
#[derive(Debug, Clone, Serialize)]
pub struct RoleView {
    pub code: String,
    pub label: String,
    pub permissions: Vec<String>,
}

/// The administrators' own permission on the administrator role cannot be removed: without it
/// nobody could give it back.
const LOCKED_GRANT: (&str, Permission) = ("admin", Permission::Admin);

/// What to add to `current` and what to remove from it to get `wanted`.
fn difference<'a>(current: &'a BTreeSet<String>, wanted: &BTreeSet<&'a str>) -> (Vec<&'a str>, Vec<&'a str>) {
    let added = wanted.iter().copied().filter(|w| !current.contains(*w)).collect();
    let removed = current
        .iter()
        .map(String::as_str)
        .filter(|c| !wanted.contains(c))
        .collect();
    (added, removed)
}

fn account(tx: &mut dyn kokuho_store::Tx, u: access::UserRow, now: Timestamp) -> AppResult<StaffAccount> {
    let roles = access::roles_of(tx, &u.login)?;
    let c = creds::credentials(tx, &u.login)?.unwrap_or_default();
    let locked_until = c.locked_until.filter(|t| t.parse::<Timestamp>().is_ok_and(|t| t > now));
    let live_sessions = creds::live_sessions_of(tx, &u.login)?;
    Ok(StaffAccount {
        enrolled: c.totp_secret.is_some(),
        failed_attempts: c.failed_attempts,
        locked_until,
        live_sessions,
        login: u.login,
        display_name: u.display_name,
        disabled: u.disabled,
        roles,
    })
}

impl App {
    /// 職員一覧 with login state.
    pub fn staff_accounts(&self, actor: &Actor) -> AppResult<Vec<StaffAccount>> {
        let now = self.clock().now();
        self.run(actor, Permission::Admin, AuditAction::UserList, "users", |cx| {
            let ins = cx.insurer().to_string();
            let mut out = Vec::new();
            for u in access::list_users(cx.tx, &ins)? {
                out.push(account(cx.tx, u, now)?);
            }
            let n = out.len();
            Ok(Audited::new(out, "users", AuditEvent::UserList { count: n }))
        })
    }

    /// One account.
    pub fn staff_account(&self, actor: &Actor, login: &str) -> AppResult<StaffAccount> {
        let now = self.clock().now();
        self.run(actor, Permission::Admin, AuditAction::UserView, login, |cx| {
            let ins = cx.insurer().to_string();
            let u = own_user(cx.tx, &ins, login)?;
            Ok(Audited::new(account(cx.tx, u, now)?, login, AuditEvent::UserView {}))
        })
    }

    /// Sets a user's roles to exactly `roles` (one transaction, one audit record naming what was
    /// added and removed).
    pub fn set_roles(&self, actor: &Actor, login: &str, roles: &[String]) -> AppResult<()> {
        self.run(actor, Permission::Admin, AuditAction::UserRolesSet, login, |cx| {
            let wanted: BTreeSet<&str> = roles.iter().map(String::as_str).collect();
            if let Some(bad) = wanted.iter().find(|r| !DEFAULT_ROLES.iter().any(|(c, _, _)| c == *r)) {
                return Err(AppError::invalid("roles", format!("ロール「{bad}」はありません")));
            }
            let ins = cx.insurer().to_string();
            own_user(cx.tx, &ins, login)?;
            if login == cx.actor.login
                && !wanted.contains(LOCKED_GRANT.0)
                && access::roles_of(cx.tx, login)?.iter().any(|r| r == LOCKED_GRANT.0)
            {
                return Err(AppError::invalid("roles", "自分自身のシステム管理者ロールは外せません"));
            }
            let current: BTreeSet<String> = access::roles_of(cx.tx, login)?.into_iter().collect();
            let (added, removed) = difference(&current, &wanted);
            for r in &added {
                access::grant_role(cx.tx, &ins, login, r)?;
            }
            for r in &removed {
                access::revoke_role(cx.tx, login, r)?;
            }
            Ok(Audited::new(
                (),
                login,
                AuditEvent::UserRolesSet {
                    added: RoleCodes(added.iter().map(|r| r.to_string()).collect()),
                    removed: RoleCodes(removed.iter().map(|r| r.to_string()).collect()),
                },
            ))
        })
    }

    /// ロック解除: clears the failed-login count and lock of a user.
    pub fn release_lockout(&self, actor: &Actor, login: &str) -> AppResult<()> {
        self.run(actor, Permission::Admin, AuditAction::UserLockRelease, login, |cx| {
            let ins = cx.insurer().to_string();
            own_user(cx.tx, &ins, login)?;
            let Some(mut c) = creds::credentials(cx.tx, login)? else {
                return Err(AppError::Conflict("この職員はまだ利用登録をしていません".into()));
            };
            let before = c.failed_attempts;
            c.failed_attempts = 0;
            c.locked_until = None;
            creds::put_credentials(cx.tx, &ins, &c)?;
            Ok(Audited::new(
                (),
                login,
                AuditEvent::UserLockRelease {
                    failed_attempts_before: before,
                },
            ))
        })
    }

    /// The role × permission table.
    pub fn role_matrix(&self, actor: &Actor) -> AppResult<Vec<RoleView>> {
        self.run(actor, Permission::Admin, AuditAction::RoleList, "roles", |cx| {
            let ins = cx.insurer().to_string();
            let pairs = access::role_permissions(cx.tx, &ins)?;
            let out = DEFAULT_ROLES
                .iter()
                .map(|(code, label, _)| RoleView {
                    code: (*code).to_string(),
                    label: (*label).to_string(),
                    permissions: pairs
                        .iter()
                        .filter(|(r, _)| r == code)
                        .map(|(_, p)| p.clone())
                        .collect(),
                })
                .collect();
            Ok(Audited::new(out, "roles", AuditEvent::RoleList {}))
        })
    }

    /// Sets a role's permissions to exactly `permissions` (audited with what changed).
    pub fn set_role_permissions(&self, actor: &Actor, role: &str, permissions: &[String]) -> AppResult<()> {
        self.run(actor, Permission::Admin, AuditAction::RolePermissionsSet, role, |cx| {
            if !DEFAULT_ROLES.iter().any(|(c, _, _)| *c == role) {
                return Err(AppError::invalid("role", format!("ロール「{role}」はありません")));
            }
            let mut wanted = BTreeSet::new();
            for p in permissions {
                let parsed = Permission::parse(p)
                    .ok_or_else(|| AppError::invalid("permissions", format!("権限「{p}」はありません")))?;
                wanted.insert(parsed.code());
            }
            if role == LOCKED_GRANT.0 && !wanted.contains(LOCKED_GRANT.1.code()) {
                return Err(AppError::invalid(
                    "permissions",
                    "システム管理者ロールから「管理」の権限は外せません",
                ));
            }
            let ins = cx.insurer().to_string();
            let current: BTreeSet<String> = access::role_permissions(cx.tx, &ins)?
                .into_iter()
                .filter(|(r, _)| r == role)
                .map(|(_, p)| p)
                .collect();
            let (added, removed) = difference(&current, &wanted);
            for p in &added {
                access::set_role_permission(cx.tx, &ins, role, p)?;
            }
            for p in &removed {
                access::revoke_role_permission(cx.tx, &ins, role, p)?;
            }
            Ok(Audited::new(
                (),
                role,
                AuditEvent::RolePermissionsSet {
                    added: PermissionCodes(added.iter().map(|p| p.to_string()).collect()),
                    removed: PermissionCodes(removed.iter().map(|p| p.to_string()).collect()),
                },
            ))
        })
    }
}
