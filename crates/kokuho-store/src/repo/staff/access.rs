//! 職員・ロール・権限・APIトークン.

use crate::repo::OwnedRow as _;
use crate::{StoreError, Tx, Value};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    pub insurer_no: String,
    pub login: String,
    pub display_name: String,
    pub password_hash: Option<String>,
    pub disabled: bool,
    pub created_at: String,
    pub created_by: String,
}

const SELECT_USER: &str =
    "SELECT insurer_no, login, display_name, password_hash, disabled, created_at, created_by FROM users";

fn user_row(mut r: crate::Row) -> Result<UserRow, StoreError> {
    Ok(UserRow {
        insurer_no: r.string(0)?,
        login: r.string(1)?,
        display_name: r.string(2)?,
        password_hash: r.opt_string(3)?,
        disabled: r.bool(4)?,
        created_at: r.string(5)?,
        created_by: r.string(6)?,
    })
}

pub fn insert_user(tx: &mut dyn Tx, u: &UserRow) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO users (insurer_no, login, display_name, password_hash, disabled, created_at, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &[
            u.insurer_no.as_str().into(),
            u.login.as_str().into(),
            u.display_name.as_str().into(),
            u.password_hash.clone().into(),
            u.disabled.into(),
            u.created_at.as_str().into(),
            u.created_by.as_str().into(),
        ],
    )?;
    Ok(())
}

pub fn get_user(tx: &mut dyn Tx, login: &str) -> Result<Option<UserRow>, StoreError> {
    tx.query_opt(&format!("{SELECT_USER} WHERE login = $1"), &[login.into()])?
        .map(user_row)
        .transpose()
}

pub fn list_users(tx: &mut dyn Tx, insurer_no: &str) -> Result<Vec<UserRow>, StoreError> {
    tx.query(
        &format!("{SELECT_USER} WHERE insurer_no = $1 ORDER BY login"),
        &[insurer_no.into()],
    )?
    .into_iter()
    .map(user_row)
    .collect()
}

pub fn set_disabled(tx: &mut dyn Tx, login: &str, disabled: bool) -> Result<u64, StoreError> {
    tx.execute(
        "UPDATE users SET disabled = $2 WHERE login = $1",
        &[login.into(), disabled.into()],
    )
}

pub fn set_password_hash(tx: &mut dyn Tx, login: &str, hash: &str) -> Result<u64, StoreError> {
    tx.execute(
        "UPDATE users SET password_hash = $2 WHERE login = $1",
        &[login.into(), hash.into()],
    )
}

pub fn roles_of(tx: &mut dyn Tx, login: &str) -> Result<Vec<String>, StoreError> {
    tx.query(
        "SELECT role FROM user_roles WHERE login = $1 ORDER BY role",
        &[login.into()],
    )?
    .into_iter()
    .map(|mut r| r.string(0))
    .collect()
}

pub fn grant_role(tx: &mut dyn Tx, insurer_no: &str, login: &str, role: &str) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO user_roles (insurer_no, login, role) VALUES ($1, $2, $3) ON CONFLICT (login, role) DO NOTHING",
        &[insurer_no.into(), login.into(), role.into()],
    )?;
    Ok(())
}

pub fn revoke_role(tx: &mut dyn Tx, login: &str, role: &str) -> Result<u64, StoreError> {
    tx.execute(
        "DELETE FROM user_roles WHERE login = $1 AND role = $2",
        &[login.into(), role.into()],
    )
}

/// The permission codes a user holds now, through all of its roles.
pub fn permissions_of(tx: &mut dyn Tx, insurer_no: &str, login: &str) -> Result<Vec<String>, StoreError> {
    tx.query(
        "SELECT DISTINCT rp.permission FROM user_roles ur \
         JOIN role_permissions rp ON rp.insurer_no = ur.insurer_no AND rp.role = ur.role \
         WHERE ur.insurer_no = $1 AND ur.login = $2 ORDER BY rp.permission",
        &[insurer_no.into(), login.into()],
    )?
    .into_iter()
    .map(|mut r| r.string(0))
    .collect()
}

pub fn set_role_permission(tx: &mut dyn Tx, insurer_no: &str, role: &str, permission: &str) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO role_permissions (insurer_no, role, permission) VALUES ($1, $2, $3) \
         ON CONFLICT (insurer_no, role, permission) DO NOTHING",
        &[insurer_no.into(), role.into(), permission.into()],
    )?;
    Ok(())
}

pub fn revoke_role_permission(
    tx: &mut dyn Tx,
    insurer_no: &str,
    role: &str,
    permission: &str,
) -> Result<u64, StoreError> {
    tx.execute(
        "DELETE FROM role_permissions WHERE insurer_no = $1 AND role = $2 AND permission = $3",
        &[insurer_no.into(), role.into(), permission.into()],
    )
}

pub fn role_permissions(tx: &mut dyn Tx, insurer_no: &str) -> Result<Vec<(String, String)>, StoreError> {
    tx.query(
        "SELECT role, permission FROM role_permissions WHERE insurer_no = $1 ORDER BY role, permission",
        &[insurer_no.into()],
    )?
    .into_iter()
    .map(|mut r| Ok((r.string(0)?, r.string(1)?)))
    .collect()
}

pub fn insert_token(
    tx: &mut dyn Tx,
    insurer_no: &str,
    hash: &[u8],
    login: &str,
    label: &str,
    at: &str,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO api_tokens (insurer_no, token_hash, login, label, created_at) VALUES ($1, $2, $3, $4, $5)",
        &[
            insurer_no.into(),
            Value::Blob(hash.to_vec()),
            login.into(),
            label.into(),
            at.into(),
        ],
    )?;
    Ok(())
}

/// The login owning a live (not revoked) token.
pub fn token_owner(tx: &mut dyn Tx, hash: &[u8]) -> Result<Option<String>, StoreError> {
    tx.query_opt(
        "SELECT login FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL",
        &[Value::Blob(hash.to_vec())],
    )?
    .map(|mut r| r.string(0))
    .transpose()
}

pub fn revoke_tokens_of(tx: &mut dyn Tx, login: &str, at: &str) -> Result<u64, StoreError> {
    tx.execute(
        "UPDATE api_tokens SET revoked_at = $2 WHERE login = $1 AND revoked_at IS NULL",
        &[login.into(), at.into()],
    )
}
