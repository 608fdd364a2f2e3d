//! 管理: insurers, named user accounts, roles, API tokens, and resolving who is acting.

use crate::audit::value::{RoleCode, RoleCodes};
use crate::audit::{AuditAction, AuditEvent};
use std::collections::BTreeSet;

use kokuho_crypto::secrets;
use kokuho_domain::{InsurerNo, Login};
use kokuho_store::repo::{insurers, staff::access};
use serde::Serialize;

use crate::audit::trail::{self, AuditRecord, Outcome};
use crate::authz::{Actor, AuthMethod, DEFAULT_ROLES, Permission};
use crate::error::{AppError, AppResult};
use crate::{App, Audited};

/// A user as shown to administrators (never the password hash).
#[derive(Debug, Clone, Serialize)]
pub struct UserSummary {
    pub login: String,
    pub display_name: String,
    pub disabled: bool,
    pub roles: Vec<String>,
}

impl App {
    /// `kokuho init`: creates an insurer with its default roles, data keys, and its first
    /// administrator. Nobody is logged in yet, so the audit actor is the named operator of the CLI.
    pub fn bootstrap_insurer(
        &self,
        insurer_no: &InsurerNo,
        name: &str,
        admin_login: &Login,
        admin_display_name: &str,
        operator: &str,
    ) -> AppResult<()> {
        let now = self.now_string();
        let ins = insurer_no.as_str();
        if name.trim().is_empty() {
            return Err(AppError::invalid("name", "保険者名を入力してください"));
        }
        self.store.write(|tx| -> AppResult<()> {
            if insurers::get(tx, ins)?.is_some() {
                return Err(AppError::Conflict(format!("保険者番号{ins}は既に登録されています")));
            }
            insurers::insert(
                tx,
                &insurers::InsurerRow {
                    insurer_no: ins.to_string(),
                    name: name.trim().to_string(),
                    created_at: now.clone(),
                },
            )?;
            for (role, _, perms) in DEFAULT_ROLES {
                for p in *perms {
                    access::set_role_permission(tx, ins, role, p.code())?;
                }
            }
            self.keys.create_insurer_keys(tx, ins, &now)?;
            // Chain heads exist from the start, so concurrent first appends on PostgreSQL queue
            // on the head row instead of racing to create it.
            for chain_name in ["journal", "audit"] {
                kokuho_store::repo::chain::save_head(
                    tx,
                    ins,
                    chain_name,
                    &kokuho_store::repo::chain::ChainHead {
                        seq: 0,
                        hash: kokuho_crypto::chain::ChainHash::GENESIS.as_bytes().to_vec(),
                    },
                )?;
            }
            insert_user(tx, ins, admin_login, admin_display_name, operator, &now)?;
            access::grant_role(tx, ins, admin_login.as_str(), "admin")?;
            let operator = format!("cli:{operator}");
            let event = AuditEvent::InsurerCreate {
                admin: admin_login.as_str().to_string(),
            };
            trail::record(
                tx,
                ins,
                &now,
                &[AuditRecord::of(&operator, ins, Outcome::Success, &event)?],
            )?;
            Ok(())
        })
    }

    /// Whether an insurer exists.
    pub fn insurer_exists(&self, insurer_no: &InsurerNo) -> AppResult<bool> {
        self.store
            .read(|tx| -> AppResult<bool> { Ok(insurers::get(tx, insurer_no.as_str())?.is_some()) })
    }

    /// Resolves an enabled named user into an actor with the permissions its roles hold now.
    pub fn actor_for_login(&self, login: &str, method: AuthMethod) -> AppResult<Actor> {
        self.store.read(|tx| {
            let user = access::get_user(tx, login)?.ok_or(AppError::Unauthenticated)?;
            actor_of(tx, &user, method)
        })
    }

    /// Resolves a per-user API token.
    pub fn actor_for_token(&self, token: &str) -> AppResult<Actor> {
        let digest = secrets::ApiToken::digest(token);
        let login = self
            .store
            .read(|tx| -> AppResult<Option<String>> { Ok(access::token_owner(tx, &digest)?) })?
            .ok_or(AppError::Unauthenticated)?;
        self.actor_for_login(&login, AuthMethod::ApiToken)
    }

    /// 職員の追加 (管理). The password is optional here; the web login (issue: staff web app)
    /// requires it together with a second factor.
    pub fn add_user(
        &self,
        actor: &Actor,
        login: &Login,
        display_name: &str,
        roles: &[String],
        password: Option<&str>,
    ) -> AppResult<()> {
        self.run(actor, Permission::Admin, AuditAction::UserAdd, login.as_str(), |cx| {
            for r in roles {
                if !is_known_role(r) {
                    return Err(AppError::invalid("role", format!("ロール「{r}」はありません")));
                }
            }
            if display_name.trim().is_empty() {
                return Err(AppError::invalid("display_name", "氏名を入力してください"));
            }
            let hash = password.map(secrets::hash_password).transpose()?;
            let ins = cx.insurer().to_string();
            if access::get_user(cx.tx, login.as_str())?.is_some() {
                return Err(AppError::Conflict(format!(
                    "職員ID「{}」は既に使われています",
                    login.as_str()
                )));
            }
            insert_user(cx.tx, &ins, login, display_name, &cx.actor.login, &cx.now)?;
            if let Some(h) = &hash {
                access::set_password_hash(cx.tx, login.as_str(), h)?;
            }
            for r in roles {
                access::grant_role(cx.tx, &ins, login.as_str(), r)?;
            }
            Ok(Audited::new(
                (),
                login.as_str(),
                AuditEvent::UserAdd {
                    roles: RoleCodes(roles.iter().map(|r| r.to_string()).collect()),
                },
            ))
        })
    }

    /// Grants or revokes a role; takes effect on the user's next request.
    pub fn set_role(&self, actor: &Actor, login: &str, role: &str, grant: bool) -> AppResult<()> {
        let action = if grant {
            AuditAction::UserRoleGrant
        } else {
            AuditAction::UserRoleRevoke
        };
        self.run(actor, Permission::Admin, action, login, |cx| {
            if !is_known_role(role) {
                return Err(AppError::invalid("role", format!("ロール「{role}」はありません")));
            }
            let ins = cx.insurer().to_string();
            own_user(cx.tx, &ins, login)?;
            if grant {
                access::grant_role(cx.tx, &ins, login, role)?;
            } else {
                access::revoke_role(cx.tx, login, role)?;
            }
            let role = RoleCode(role.to_string());
            let event = if grant {
                AuditEvent::UserRoleGrant { role }
            } else {
                AuditEvent::UserRoleRevoke { role }
            };
            Ok(Audited::new((), login, event))
        })
    }

    /// Disables (or re-enables) an account; a disabled account's tokens stop working at once.
    pub fn set_disabled(&self, actor: &Actor, login: &str, disabled: bool) -> AppResult<()> {
        self.run(actor, Permission::Admin, AuditAction::UserSetDisabled, login, |cx| {
            let ins = cx.insurer().to_string();
            own_user(cx.tx, &ins, login)?;
            access::set_disabled(cx.tx, login, disabled)?;
            Ok(Audited::new((), login, AuditEvent::UserSetDisabled { disabled }))
        })
    }

    /// Issues a personal API token for `login`; the plaintext is returned once and never stored.
    pub fn create_token(&self, actor: &Actor, login: &str, label: &str) -> AppResult<String> {
        self.run(actor, Permission::Admin, AuditAction::UserTokenCreate, login, |cx| {
            let ins = cx.insurer().to_string();
            own_user(cx.tx, &ins, login)?;
            let (plain, digest) = secrets::ApiToken::generate()?;
            access::insert_token(cx.tx, &ins, &digest, login, label, &cx.now)?;
            Ok(Audited::new(
                plain.to_string(),
                login,
                AuditEvent::UserTokenCreate {
                    label: label.to_string(),
                },
            ))
        })
    }

    pub fn list_users(&self, actor: &Actor) -> AppResult<Vec<UserSummary>> {
        self.run(actor, Permission::Admin, AuditAction::UserList, "users", |cx| {
            let ins = cx.insurer().to_string();
            let mut out = Vec::new();
            for u in access::list_users(cx.tx, &ins)? {
                let roles = access::roles_of(cx.tx, &u.login)?;
                out.push(UserSummary {
                    login: u.login,
                    display_name: u.display_name,
                    disabled: u.disabled,
                    roles,
                });
            }
            let n = out.len();
            Ok(Audited::new(out, "users", AuditEvent::UserList { count: n }))
        })
    }
}

/// Whether a role code is one of the roles this installation defines.
fn is_known_role(role: &str) -> bool {
    DEFAULT_ROLES.iter().any(|(code, _, _)| *code == role)
}

fn insert_user(
    tx: &mut dyn kokuho_store::Tx,
    ins: &str,
    login: &Login,
    name: &str,
    by: &str,
    now: &str,
) -> AppResult<()> {
    access::insert_user(
        tx,
        &access::UserRow {
            insurer_no: ins.to_string(),
            login: login.as_str().to_string(),
            display_name: name.trim().to_string(),
            password_hash: None,
            disabled: false,
            created_at: now.to_string(),
            created_by: by.to_string(),
        },
    )?;
    Ok(())
}

/// A user of the actor's own insurer (another insurer's account is "not found", not "forbidden").
pub(crate) fn own_user(tx: &mut dyn kokuho_store::Tx, ins: &str, login: &str) -> AppResult<access::UserRow> {
    access::get_user(tx, login)?
        .filter(|u| u.insurer_no == ins)
        .ok_or_else(|| AppError::not_found(format!("職員「{login}」")))
}

/// The actor of a user row read in `tx`, with the permissions its roles hold now; a disabled
/// user is no actor.
pub(crate) fn actor_of(tx: &mut dyn kokuho_store::Tx, user: &access::UserRow, method: AuthMethod) -> AppResult<Actor> {
    if user.disabled {
        return Err(AppError::Unauthenticated);
    }
    let insurer_no: InsurerNo = user
        .insurer_no
        .parse()
        .map_err(|_| AppError::Internal("stored insurer number".into()))?;
    let permissions: BTreeSet<Permission> = access::permissions_of(tx, &user.insurer_no, &user.login)?
        .iter()
        .filter_map(|p| Permission::parse(p))
        .collect();
    Ok(Actor {
        insurer_no,
        login: user.login.clone(),
        permissions,
        method,
    })
}
