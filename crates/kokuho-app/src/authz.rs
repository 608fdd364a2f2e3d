//! 権限: function-level permissions, roles, and the authenticated `Actor` every use case takes.
//!
//! Deny by default: an actor can do exactly what the permissions of its roles name. Roles are
//! data (table `role_permissions`), seeded from `DEFAULT_ROLES` when an insurer is created, so a
//! city can adjust them; a change takes effect on the next request because the actor is
//! re-resolved from the database every time.

use std::collections::BTreeSet;

use kokuho_domain::InsurerNo;

use crate::error::AppError;
pub use crate::permission::Permission;

/// The roles created for a new insurer, with their permissions.
pub const DEFAULT_ROLES: &[(&str, &str, &[Permission])] = &[
    ("counter", "窓口", &[Permission::EligibilityRead]),
    (
        "eligibility",
        "資格担当",
        &[
            Permission::EligibilityRead,
            Permission::EligibilityWrite,
            Permission::IncomeAccess,
        ],
    ),
    (
        "my_number",
        "個人番号担当",
        &[Permission::EligibilityRead, Permission::MyNumberAccess],
    ),
    ("restricted", "支援措置担当", &[Permission::RestrictedResidentAccess]),
    (
        "assessment",
        "賦課担当",
        &[
            Permission::EligibilityRead,
            Permission::IncomeAccess,
            Permission::Assessment,
        ],
    ),
    (
        "collection",
        "収納担当",
        &[Permission::EligibilityRead, Permission::Collection],
    ),
    (
        "benefit",
        "給付担当",
        &[Permission::EligibilityRead, Permission::Benefit],
    ),
    ("auditor", "監査", &[Permission::Audit]),
    ("admin", "システム管理者", &[Permission::Admin]),
];

/// Japanese label of a role code, for screens.
pub fn role_label(code: &str) -> &str {
    DEFAULT_ROLES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or(code, |(_, l, _)| l)
}

/// How the actor proved who they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMethod {
    /// A named operator at the CLI (the OS account is the authentication).
    Cli,
    /// A per-user API token.
    ApiToken,
    /// A web session after password and second factor.
    Session,
}

/// 操作者: an authenticated, enabled, named user of one insurer and the permissions it holds now.
#[derive(Debug, Clone)]
pub struct Actor {
    pub insurer_no: InsurerNo,
    pub login: String,
    pub permissions: BTreeSet<Permission>,
    pub method: AuthMethod,
}

impl Actor {
    pub fn has(&self, p: Permission) -> bool {
        self.permissions.contains(&p)
    }

    /// Deny by default: the use case proceeds only when the permission is held.
    pub fn require(&self, p: Permission) -> Result<(), AppError> {
        if self.has(p) {
            Ok(())
        } else {
            Err(AppError::Denied { permission: p })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_role_permission_exists_and_codes_round_trip() {
        for p in Permission::ALL {
            assert_eq!(Permission::parse(p.code()), Some(*p));
        }
        let admin = DEFAULT_ROLES.iter().find(|r| r.0 == "admin").unwrap();
        assert_eq!(
            admin.2,
            &[Permission::Admin],
            "admin must not read personal data by default"
        );
    }

    #[test]
    fn deny_by_default() {
        let actor = Actor {
            insurer_no: "999991".parse().unwrap(),
            login: "sato".into(),
            permissions: BTreeSet::new(),
            method: AuthMethod::Cli,
        };
        for p in Permission::ALL {
            assert!(actor.require(*p).is_err());
        }
    }
}
