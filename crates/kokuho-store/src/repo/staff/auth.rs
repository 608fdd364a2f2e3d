//! 職員のログイン: second factor and lockout per user, one-time enrolment links, and
//! server-side sessions (only hashes of the secrets are kept, the TOTP secret encrypted).

use crate::repo::OwnedRow as _;
use crate::repo::json_column;
use crate::{StoreError, Tx, Value};

/// A user's second factor and lockout state.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CredentialRow {
    pub login: String,
    /// Encrypted TOTP secret (None: not enrolled).
    pub totp_secret: Option<Vec<u8>>,
    /// The last TOTP time step accepted (a code is never accepted twice).
    pub totp_last_step: Option<i64>,
    /// The unused recovery codes' SHA-256 digests (kept as a JSON array of hex strings).
    pub recovery_codes: Vec<[u8; 32]>,
    pub failed_attempts: i64,
    pub locked_until: Option<String>,
    pub password_set_at: Option<String>,
}

const CREDENTIAL_COLUMNS: &str =
    "login, totp_secret, totp_last_step, recovery_codes, failed_attempts, locked_until, password_set_at";

pub fn credentials(tx: &mut dyn Tx, login: &str) -> Result<Option<CredentialRow>, StoreError> {
    tx.query_opt(
        &format!("SELECT {CREDENTIAL_COLUMNS} FROM staff_credentials WHERE login = $1"),
        &[login.into()],
    )?
    .map(|mut r| {
        Ok(CredentialRow {
            login: r.string(0)?,
            totp_secret: r.opt_bytes(1)?,
            totp_last_step: r.opt_int(2)?,
            recovery_codes: digests(&r.string(3)?),
            failed_attempts: r.int(4)?,
            locked_until: r.opt_string(5)?,
            password_set_at: r.opt_string(6)?,
        })
    })
    .transpose()
}

/// The digests of the stored column (an unreadable entry is no code: it can never be used).
fn digests(json: &str) -> Vec<[u8; 32]> {
    json_column::read::<Vec<String>>("staff_credentials.recovery_codes", json)
        .unwrap_or_default()
        .iter()
        .filter_map(|h| hex::decode(h).ok().and_then(|b| <[u8; 32]>::try_from(b).ok()))
        .collect()
}

fn digests_text(digests: &[[u8; 32]]) -> Result<String, StoreError> {
    json_column::write(
        "staff_credentials.recovery_codes",
        &digests.iter().map(hex::encode).collect::<Vec<_>>(),
    )
}

/// Inserts or replaces a user's row.
pub fn put_credentials(tx: &mut dyn Tx, insurer_no: &str, c: &CredentialRow) -> Result<(), StoreError> {
    tx.execute(
        &format!(
            "INSERT INTO staff_credentials (insurer_no, {CREDENTIAL_COLUMNS}) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON \
             CONFLICT (login) DO UPDATE SET totp_secret = excluded.totp_secret, totp_last_step = \
             excluded.totp_last_step, recovery_codes = excluded.recovery_codes, failed_attempts = \
             excluded.failed_attempts, locked_until = excluded.locked_until, password_set_at = \
             excluded.password_set_at"
        ),
        &[
            insurer_no.into(),
            c.login.as_str().into(),
            c.totp_secret.clone().into(),
            c.totp_last_step.into(),
            digests_text(&c.recovery_codes)?.into(),
            c.failed_attempts.into(),
            c.locked_until.clone().into(),
            c.password_set_at.clone().into(),
        ],
    )?;
    Ok(())
}

/// A one-time enrolment link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRow {
    pub insurer_no: String,
    pub login: String,
    pub issued_by: String,
    pub issued_at: String,
    pub expires_at: String,
    pub used_at: Option<String>,
}

pub fn insert_link(tx: &mut dyn Tx, token_hash: &[u8], l: &LinkRow) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO enrolment_links (token_hash, insurer_no, login, issued_by, issued_at, expires_at, used_at) \
         VALUES ($1,$2,$3,$4,$5,$6,$7)",
        &[
            token_hash.into(),
            l.insurer_no.as_str().into(),
            l.login.as_str().into(),
            l.issued_by.as_str().into(),
            l.issued_at.as_str().into(),
            l.expires_at.as_str().into(),
            l.used_at.clone().into(),
        ],
    )?;
    Ok(())
}

pub fn link(tx: &mut dyn Tx, token_hash: &[u8]) -> Result<Option<LinkRow>, StoreError> {
    tx.query_opt(
        "SELECT insurer_no, login, issued_by, issued_at, expires_at, used_at FROM enrolment_links WHERE token_hash = \
         $1",
        &[token_hash.into()],
    )?
    .map(|mut r| {
        Ok(LinkRow {
            insurer_no: r.string(0)?,
            login: r.string(1)?,
            issued_by: r.string(2)?,
            issued_at: r.string(3)?,
            expires_at: r.string(4)?,
            used_at: r.opt_string(5)?,
        })
    })
    .transpose()
}

pub fn use_link(tx: &mut dyn Tx, token_hash: &[u8], at: &str) -> Result<u64, StoreError> {
    tx.execute(
        "UPDATE enrolment_links SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL",
        &[token_hash.into(), at.into()],
    )
}

/// Every unused link of a user is void once another is issued or one is used.
pub fn void_links_of(tx: &mut dyn Tx, login: &str, at: &str) -> Result<u64, StoreError> {
    tx.execute(
        "UPDATE enrolment_links SET used_at = $2 WHERE login = $1 AND used_at IS NULL",
        &[login.into(), at.into()],
    )
}

/// A server-side session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub insurer_no: String,
    pub login: String,
    /// `password` (second factor due) or `mfa`.
    pub stage: String,
    pub created_at: String,
    pub last_seen_at: String,
    /// The last full check (password and second factor).
    pub verified_at: Option<String>,
    pub expires_at: String,
    pub ended_at: Option<String>,
}

pub fn insert_session(tx: &mut dyn Tx, id_hash: &[u8], s: &SessionRow) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO sessions (id_hash, insurer_no, login, stage, created_at, last_seen_at, verified_at, expires_at, \
         ended_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)",
        &[
            id_hash.into(),
            s.insurer_no.as_str().into(),
            s.login.as_str().into(),
            s.stage.as_str().into(),
            s.created_at.as_str().into(),
            s.last_seen_at.as_str().into(),
            s.verified_at.clone().into(),
            s.expires_at.as_str().into(),
            s.ended_at.clone().into(),
        ],
    )?;
    Ok(())
}

pub fn session(tx: &mut dyn Tx, id_hash: &[u8]) -> Result<Option<SessionRow>, StoreError> {
    tx.query_opt(
        "SELECT insurer_no, login, stage, created_at, last_seen_at, verified_at, expires_at, ended_at FROM sessions \
         WHERE id_hash = $1",
        &[id_hash.into()],
    )?
    .map(|mut r| {
        Ok(SessionRow {
            insurer_no: r.string(0)?,
            login: r.string(1)?,
            stage: r.string(2)?,
            created_at: r.string(3)?,
            last_seen_at: r.string(4)?,
            verified_at: r.opt_string(5)?,
            expires_at: r.string(6)?,
            ended_at: r.opt_string(7)?,
        })
    })
    .transpose()
}

pub fn touch_session(tx: &mut dyn Tx, id_hash: &[u8], at: &str) -> Result<u64, StoreError> {
    tx.execute(
        "UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1",
        &[id_hash.into(), at.into()],
    )
}

pub fn verify_session(tx: &mut dyn Tx, id_hash: &[u8], at: &str) -> Result<u64, StoreError> {
    tx.execute(
        "UPDATE sessions SET verified_at = $2, last_seen_at = $2 WHERE id_hash = $1",
        &[id_hash.into(), at.into()],
    )
}

pub fn end_session(tx: &mut dyn Tx, id_hash: &[u8], at: &str) -> Result<u64, StoreError> {
    tx.execute(
        "UPDATE sessions SET ended_at = $2 WHERE id_hash = $1 AND ended_at IS NULL",
        &[id_hash.into(), at.into()],
    )
}

/// Ends every session of a user (ログアウト（すべての端末）, disabled account, new credentials).
pub fn end_sessions_of(tx: &mut dyn Tx, login: &str, at: &str) -> Result<u64, StoreError> {
    tx.execute(
        "UPDATE sessions SET ended_at = $2 WHERE login = $1 AND ended_at IS NULL",
        &[login.into(), at.into()],
    )
}

/// Ends every session of a user except `keep` (after a password change).
pub fn end_other_sessions_of(tx: &mut dyn Tx, login: &str, keep: &[u8], at: &str) -> Result<u64, StoreError> {
    tx.execute(
        "UPDATE sessions SET ended_at = $3 WHERE login = $1 AND id_hash <> $2 AND ended_at IS NULL",
        &[login.into(), keep.to_vec().into(), at.into()],
    )
}

/// Live sessions of a user (for the count shown to the user and administrators).
pub fn live_sessions_of(tx: &mut dyn Tx, login: &str) -> Result<i64, StoreError> {
    tx.query_one(
        "SELECT COUNT(*) FROM sessions WHERE login = $1 AND ended_at IS NULL",
        &[Value::from(login)],
    )?
    .int(0)
}

/// Keeps the (encrypted) TOTP secret shown on a link's page until the first code confirms it.
pub fn set_pending_secret(tx: &mut dyn Tx, token_hash: &[u8], secret: &[u8]) -> Result<u64, StoreError> {
    tx.execute(
        "UPDATE enrolment_links SET pending_secret = $2 WHERE token_hash = $1 AND used_at IS NULL",
        &[token_hash.into(), secret.into()],
    )
}

/// The pending secret of a link.
pub fn pending_secret(tx: &mut dyn Tx, token_hash: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
    match tx.query_opt(
        "SELECT pending_secret FROM enrolment_links WHERE token_hash = $1",
        &[token_hash.into()],
    )? {
        Some(r) => r.opt_bytes(0),
        None => Ok(None),
    }
}
