//! 職員のログイン: password and TOTP for every account, one-time enrolment links issued by an
//! administrator, lockout with back-off, and server-side sessions with an idle lock (画面ロック),
//! an absolute lifetime and step-up for sensitive actions. security.md C02, C03, C06.
//!
//! The state machine, with the clock injected:
//! - `login_password` → a session at stage `password` (it authorizes nothing);
//! - `login_second_factor` (TOTP or a recovery code) → a new session id at stage `mfa`;
//! - `session` resolves a cookie on each request: idle longer than the policy → `Locked`
//!   (the screen asks for password and code again: `unlock`), past the lifetime → `Expired`;
//! - `step_up` refreshes `verified_at` for actions that need a fresh second factor.
//!
//! Failures are audited without saying which factor failed to the user (no enumeration).

pub use super::policy::AuthPolicy;
use crate::audit::value::{LoginRefusal, SecondFactor, UtcTime};
use crate::audit::{AuditAction, AuditEvent};
use jiff::Timestamp;
use kokuho_crypto::{Aad, password_policy, recovery, secrets, totp};
use kokuho_domain::InsurerNo;
use kokuho_domain::kernel::digits::fold_digit;
use kokuho_store::Tx;
use kokuho_store::repo::staff::access;
use kokuho_store::repo::staff::auth::{self as repo, CredentialRow, LinkRow, SessionRow};
use zeroize::Zeroizing;

use crate::audit::trail::{self, AuditRecord, Outcome};
use crate::clock::format_timestamp;
use crate::error::{AppError, AppResult};
use crate::{Actor, App, AuthMethod, Permission};

/// A session cookie's value (shown to the browser once; only its hash is stored).
pub struct SessionToken(pub Zeroizing<String>);

impl std::fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionToken(…)")
    }
}

/// Why a login step was refused (the user sees only the generic message).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoginError {
    #[error("職員IDまたはパスワードが正しくありません")]
    BadCredentials,
    #[error("確認コードが正しくありません")]
    BadCode,
    #[error("ログインの失敗が続いたため、{until}までロックされています")]
    Locked { until: String },
    #[error("二要素認証が登録されていません。管理者に登録用リンクの発行を依頼してください")]
    NotEnrolled,
    #[error("ログインの手順をはじめからやり直してください")]
    Restart,
}

/// What a request's session cookie resolves to.
#[derive(Debug, Clone)]
pub enum SessionState {
    /// Logged in with both factors.
    Active(StaffSession),
    /// Password given, second factor due.
    SecondFactorDue { login: String },
    /// Idle too long: password and code again (画面ロック).
    Locked { login: String, display_name: String },
    /// No session, ended, or past its lifetime.
    None,
}

/// A logged-in staff member.
#[derive(Debug, Clone)]
pub struct StaffSession {
    pub actor: Actor,
    pub display_name: String,
    /// The last full check (password/code), for step-up.
    pub verified_at: Timestamp,
    /// The password is older than the city's maximum age: only the password change is open.
    pub password_expired: bool,
}

impl StaffSession {
    /// Whether the last check is recent enough for a sensitive action.
    pub fn is_fresh(&self, now: Timestamp, policy: &AuthPolicy) -> bool {
        now.duration_since(self.verified_at) <= policy.step_up
    }
}

/// What an enrolment link's page shows.
#[derive(Debug)]
pub struct Enrolment {
    pub login: String,
    pub display_name: String,
    /// The secret for manual entry (base32) and the otpauth URI for a QR code or app link.
    pub secret_base32: Zeroizing<String>,
    pub otpauth_uri: Zeroizing<String>,
}

fn parse_time(s: &str) -> AppResult<Timestamp> {
    s.parse().map_err(|_| AppError::Internal("stored timestamp".into()))
}

fn token_hash(token: &str) -> [u8; 32] {
    secrets::ApiToken::digest(token)
}

fn new_token() -> AppResult<(SessionToken, [u8; 32])> {
    let (token, hash) = secrets::ApiToken::generate()?;
    Ok((SessionToken(token), hash))
}

fn totp_aad(insurer_no: &str, login: &str) -> AppResult<Aad> {
    let insurer: InsurerNo = insurer_no
        .parse()
        .map_err(|_| AppError::Internal("insurer number".into()))?;
    Ok(Aad::new("staff_credentials", "totp_secret", &insurer, login))
}

impl App {
    /// The login settings in force.
    pub fn auth_policy(&self) -> AuthPolicy {
        self.auth
    }

    fn audit_auth(
        &self,
        tx: &mut dyn Tx,
        insurer_no: &str,
        login: &str,
        outcome: Outcome,
        event: AuditEvent,
    ) -> AppResult<()> {
        let now = format_timestamp(self.clock().now());
        trail::record(tx, insurer_no, &now, &[AuditRecord::of(login, login, outcome, &event)?])
    }

    /// ログイン（1段階目）: the password. Returns a session that still needs the second factor.
    pub fn login_password(&self, login: &str, password: &str) -> Result<SessionToken, LoginError> {
        let policy = self.auth_policy();
        let now = self.clock().now();
        let at = format_timestamp(now);
        let outcome = self.store().write(|tx| -> AppResult<Result<SessionToken, LoginError>> {
            let Some(user) = access::get_user(tx, login)? else {
                // Same work as a real check, so timing does not tell which logins exist.
                secrets::verify_nothing(password);
                tracing::info!(
                    action = AuditAction::LoginPassword.code(),
                    outcome = "unknown_login",
                    "ログイン失敗"
                );
                return Ok(Err(LoginError::BadCredentials));
            };
            let ins = user.insurer_no.clone();
            let mut cred = credentials_or_new(tx, login)?;
            if lock_in_force(&cred, now)?.is_some() {
                // Told as an unknown name or a wrong password is told, after the same work: a
                // locked account must not reveal that it exists (issue 13, item 3). The trail
                // keeps the reason.
                secrets::verify_nothing(password);
                self.audit_auth(
                    tx,
                    &ins,
                    login,
                    Outcome::Denied,
                    AuditEvent::LoginPassword {
                        reason: Some(LoginRefusal::Locked),
                        failed_attempts: None,
                    },
                )?;
                return Ok(Err(LoginError::BadCredentials));
            }
            let ok = !user.disabled
                && user
                    .password_hash
                    .as_deref()
                    .is_some_and(|h| secrets::verify_password(password, h));
            if !ok {
                count_failure(&mut cred, &policy, now);
                repo::put_credentials(tx, &ins, &cred)?;
                self.audit_auth(
                    tx,
                    &ins,
                    login,
                    Outcome::Failed,
                    AuditEvent::LoginPassword {
                        reason: None,
                        failed_attempts: Some(cred.failed_attempts),
                    },
                )?;
                return Ok(Err(LoginError::BadCredentials));
            }
            if cred.totp_secret.is_none() {
                self.audit_auth(
                    tx,
                    &ins,
                    login,
                    Outcome::Denied,
                    AuditEvent::LoginPassword {
                        reason: Some(LoginRefusal::NotEnrolled),
                        failed_attempts: None,
                    },
                )?;
                return Ok(Err(LoginError::NotEnrolled));
            }
            let (token, hash) = new_token()?;
            let expires = now.checked_add(policy.lifetime).unwrap_or(now);
            repo::insert_session(
                tx,
                &hash,
                &SessionRow {
                    insurer_no: ins.clone(),
                    login: login.to_string(),
                    stage: "password".into(),
                    created_at: at.clone(),
                    last_seen_at: at.clone(),
                    verified_at: None,
                    expires_at: format_timestamp(expires),
                    ended_at: None,
                },
            )?;
            self.audit_auth(
                tx,
                &ins,
                login,
                Outcome::Success,
                AuditEvent::LoginPassword {
                    reason: None,
                    failed_attempts: None,
                },
            )?;
            Ok(Ok(token))
        });
        outcome.unwrap_or_else(|e| {
            tracing::error!(error = %e, "ログイン処理でエラー");
            Err(LoginError::Restart)
        })
    }

    /// ログイン（2段階目）: a TOTP code or a recovery code. Ends the password-stage session and
    /// returns a new session id (rotation on login).
    pub fn login_second_factor(&self, token: &str, code: &str) -> Result<SessionToken, LoginError> {
        let policy = self.auth_policy();
        let now = self.clock().now();
        let at = format_timestamp(now);
        let outcome = self.store().write(|tx| -> AppResult<Result<SessionToken, LoginError>> {
            let old = token_hash(token);
            let Some(s) = repo::session(tx, &old)? else {
                return Ok(Err(LoginError::Restart));
            };
            if s.stage != "password"
                || s.ended_at.is_some()
                || parse_time(&s.expires_at)? <= now
                || now.duration_since(parse_time(&s.created_at)?) > policy.idle
            {
                return Ok(Err(LoginError::Restart));
            }
            if let Err(e) = self.check_second_factor(tx, &s.insurer_no, &s.login, code, now)? {
                repo::end_session(tx, &old, &at)?; // a wrong code means starting again
                return Ok(Err(e));
            }
            repo::end_session(tx, &old, &at)?;
            let (new, hash) = new_token()?;
            repo::insert_session(
                tx,
                &hash,
                &SessionRow {
                    stage: "mfa".into(),
                    last_seen_at: at.clone(),
                    verified_at: Some(at.clone()),
                    ..s.clone()
                },
            )?;
            self.audit_auth(
                tx,
                &s.insurer_no,
                &s.login,
                Outcome::Success,
                AuditEvent::LoginSecondFactor {},
            )?;
            Ok(Ok(new))
        });
        outcome.unwrap_or_else(|e| {
            tracing::error!(error = %e, "ログイン処理でエラー");
            Err(LoginError::Restart)
        })
    }

    /// Checks a TOTP or recovery code; a used one is consumed. Failures count toward the lock.
    fn check_second_factor(
        &self,
        tx: &mut dyn Tx,
        ins: &str,
        login: &str,
        code: &str,
        now: Timestamp,
    ) -> AppResult<Result<(), LoginError>> {
        let policy = self.auth_policy();
        let mut cred = repo::credentials(tx, login)?.ok_or_else(|| AppError::Internal("credentials".into()))?;
        if let Some(locked) = lock_in_force(&cred, now)? {
            return Ok(Err(locked));
        }
        let secret = cred
            .totp_secret
            .clone()
            .ok_or_else(|| AppError::Internal("totp secret".into()))?;
        let keys = self.keys().for_insurer(tx, ins)?;
        let plain = keys.decrypt_bytes(&secret, &totp_aad(ins, login)?)?;
        let secret = totp::TotpSecret::from_bytes(&plain).map_err(|_| AppError::Internal("totp secret".into()))?;
        let unix = now.as_second();
        let accepted = match totp::verify(&secret, &typed_code(code), unix, cred.totp_last_step) {
            Ok(step) => {
                cred.totp_last_step = Some(step);
                Some(SecondFactor::Totp)
            }
            Err(_) => {
                let mut stored: Vec<[u8; 32]> = cred.recovery_codes.clone();
                match recovery::find(code, &stored) {
                    Some(i) => {
                        stored.remove(i);
                        cred.recovery_codes = stored;
                        Some(SecondFactor::RecoveryCode)
                    }
                    None => None,
                }
            }
        };
        match accepted {
            Some(kind) => {
                cred.failed_attempts = 0;
                cred.locked_until = None;
                repo::put_credentials(tx, ins, &cred)?;
                self.audit_auth(
                    tx,
                    ins,
                    login,
                    Outcome::Success,
                    AuditEvent::AuthSecondFactor {
                        factor: Some(kind),
                        failed_attempts: None,
                    },
                )?;
                Ok(Ok(()))
            }
            None => {
                count_failure(&mut cred, &policy, now);
                repo::put_credentials(tx, ins, &cred)?;
                self.audit_auth(
                    tx,
                    ins,
                    login,
                    Outcome::Failed,
                    AuditEvent::AuthSecondFactor {
                        factor: None,
                        failed_attempts: Some(cred.failed_attempts),
                    },
                )?;
                Ok(Err(LoginError::BadCode))
            }
        }
    }

    /// Resolves a session cookie for a request (and records the activity).
    pub fn session(&self, token: &str) -> AppResult<SessionState> {
        let now = self.clock().now();
        let at = format_timestamp(now);
        let hash = token_hash(token);
        self.store().write(|tx| -> AppResult<SessionState> {
            let Some(s) = repo::session(tx, &hash)? else {
                return Ok(SessionState::None);
            };
            if s.ended_at.is_some() || parse_time(&s.expires_at)? <= now {
                return Ok(SessionState::None);
            }
            // The city's own idle time and password age (市の設定), read on every request.
            let policy = crate::staff::city_settings::policy_of(self, tx, &s.insurer_no)?;
            let Some(user) = access::get_user(tx, &s.login)? else {
                return Ok(SessionState::None);
            };
            if user.disabled {
                repo::end_sessions_of(tx, &s.login, &at)?;
                return Ok(SessionState::None);
            }
            if s.stage != "mfa" {
                return Ok(SessionState::SecondFactorDue { login: s.login });
            }
            if now.duration_since(parse_time(&s.last_seen_at)?) > policy.idle {
                return Ok(SessionState::Locked {
                    login: s.login,
                    display_name: user.display_name,
                });
            }
            repo::touch_session(tx, &hash, &at)?;
            let actor = crate::staff::admin::actor_of(tx, &user, AuthMethod::Session)?;
            let verified_at = s
                .verified_at
                .as_deref()
                .map(parse_time)
                .transpose()?
                .unwrap_or(Timestamp::UNIX_EPOCH);
            let password_expired = match policy.max_password_age {
                None => false,
                Some(max) => {
                    let set_at = repo::credentials(tx, &s.login)?.and_then(|c| c.password_set_at);
                    set_at
                        .as_deref()
                        .map(parse_time)
                        .transpose()?
                        .is_none_or(|t| now.duration_since(t) > max)
                }
            };
            Ok(SessionState::Active(StaffSession {
                actor,
                display_name: user.display_name,
                verified_at,
                password_expired,
            }))
        })
    }

    /// 画面ロックの解除: password and a code again; the session continues.
    pub fn unlock(&self, token: &str, password: &str, code: &str) -> Result<(), LoginError> {
        self.reverify(token, Some(password), code, AuditEvent::SessionUnlock {})
    }

    /// 再認証 (step-up) before a sensitive action such as showing a My Number: a fresh second-factor
    /// code on an active session. Failures count towards the lockout like any other code.
    pub fn step_up(&self, token: &str, code: &str) -> Result<(), LoginError> {
        self.reverify(token, None, code, AuditEvent::SessionStepUp {})
    }

    /// Checks the factors again on a logged-in session (the password too when given) and marks
    /// the session verified now.
    fn reverify(&self, token: &str, password: Option<&str>, code: &str, event: AuditEvent) -> Result<(), LoginError> {
        let now = self.clock().now();
        let at = format_timestamp(now);
        let hash = token_hash(token);
        let outcome = self.store().write(|tx| -> AppResult<Result<(), LoginError>> {
            let Some(s) = repo::session(tx, &hash)? else {
                return Ok(Err(LoginError::Restart));
            };
            if s.stage != "mfa" || s.ended_at.is_some() || parse_time(&s.expires_at)? <= now {
                return Ok(Err(LoginError::Restart));
            }
            if let Some(password) = password {
                let user = access::get_user(tx, &s.login)?.ok_or_else(|| AppError::Internal("user".into()))?;
                if user.disabled
                    || !user
                        .password_hash
                        .as_deref()
                        .is_some_and(|h| secrets::verify_password(password, h))
                {
                    self.audit_auth(tx, &s.insurer_no, &s.login, Outcome::Failed, event.clone())?;
                    return Ok(Err(LoginError::BadCredentials));
                }
            }
            if let Err(e) = self.check_second_factor(tx, &s.insurer_no, &s.login, code, now)? {
                return Ok(Err(e));
            }
            repo::verify_session(tx, &hash, &at)?;
            self.audit_auth(tx, &s.insurer_no, &s.login, Outcome::Success, event.clone())?;
            Ok(Ok(()))
        });
        outcome.unwrap_or_else(|e| {
            tracing::error!(error = %e, action = event.action().code(), "再認証でエラー");
            Err(LoginError::Restart)
        })
    }

    /// パスワード変更 by the logged-in user: the current password, and a new one that passes the
    /// policy and differs from it. The user's other sessions end.
    pub fn change_password(&self, token: &str, current: &str, new: &str) -> AppResult<()> {
        let now = self.clock().now();
        let at = format_timestamp(now);
        let hash = token_hash(token);
        self.store().write(|tx| -> AppResult<()> {
            let s = repo::session(tx, &hash)?
                .filter(|s| s.stage == "mfa" && s.ended_at.is_none())
                .ok_or(AppError::Unauthenticated)?;
            let user = access::get_user(tx, &s.login)?.ok_or(AppError::Unauthenticated)?;
            if !user
                .password_hash
                .as_deref()
                .is_some_and(|h| secrets::verify_password(current, h))
            {
                self.audit_auth(
                    tx,
                    &s.insurer_no,
                    &s.login,
                    Outcome::Failed,
                    AuditEvent::UserPasswordChange {},
                )?;
                return Err(AppError::invalid("current", "現在のパスワードが正しくありません"));
            }
            if secrets::verify_password(new, user.password_hash.as_deref().unwrap_or_default()) {
                return Err(AppError::invalid("password", "現在と違うパスワードにしてください"));
            }
            let insurer_name = kokuho_store::repo::insurers::get(tx, &s.insurer_no)?
                .map(|i| i.name)
                .unwrap_or_default();
            password_policy::check(new, &[s.login.as_str(), insurer_name.as_str()])
                .map_err(|p| AppError::invalid("password", p.to_string()))?;
            access::set_password_hash(tx, &s.login, &secrets::hash_password(new)?)?;
            let mut cred = credentials_or_new(tx, &s.login)?;
            cred.password_set_at = Some(at.clone());
            repo::put_credentials(tx, &s.insurer_no, &cred)?;
            repo::end_other_sessions_of(tx, &s.login, &hash, &at)?;
            self.audit_auth(
                tx,
                &s.insurer_no,
                &s.login,
                Outcome::Success,
                AuditEvent::UserPasswordChange {},
            )
        })
    }

    /// Records a refused request (e.g. a form posted from another site) against the user of the
    /// session cookie it carried; without a session there is no insurer to record it for, and
    /// the caller only logs it.
    pub fn record_refused_request(&self, token: Option<&str>, event: AuditEvent) -> AppResult<bool> {
        let Some(token) = token else { return Ok(false) };
        let hash = token_hash(token);
        self.store().write(|tx| -> AppResult<bool> {
            let Some(s) = repo::session(tx, &hash)? else {
                return Ok(false);
            };
            self.audit_auth(tx, &s.insurer_no, &s.login, Outcome::Denied, event)?;
            Ok(true)
        })
    }

    /// ログアウト: ends this session, or every session of its user.
    pub fn logout(&self, token: &str, everywhere: bool) -> AppResult<()> {
        let at = format_timestamp(self.clock().now());
        let hash = token_hash(token);
        self.store().write(|tx| -> AppResult<()> {
            let Some(s) = repo::session(tx, &hash)? else {
                return Ok(());
            };
            if everywhere {
                repo::end_sessions_of(tx, &s.login, &at)?;
            } else {
                repo::end_session(tx, &hash, &at)?;
            }
            self.audit_auth(
                tx,
                &s.insurer_no,
                &s.login,
                Outcome::Success,
                if everywhere {
                    AuditEvent::LogoutEverywhere {}
                } else {
                    AuditEvent::Logout {}
                },
            )
        })
    }

    /// 登録用リンクの発行 (管理): a one-time link for a user's first login or a TOTP reset. The
    /// user's second factor and sessions end until the link is used.
    pub fn issue_enrolment_link(&self, admin: &Actor, login: &str) -> AppResult<String> {
        let policy = self.auth_policy();
        let now = self.clock().now();
        let at = format_timestamp(now);
        self.run(admin, Permission::Admin, AuditAction::UserEnrolmentLink, login, |cx| {
            let user = access::get_user(cx.tx, login)?
                .filter(|u| u.insurer_no == cx.insurer())
                .ok_or_else(|| AppError::not_found(format!("職員「{login}」")))?;
            let (token, hash) = secrets::ApiToken::generate()?;
            repo::void_links_of(cx.tx, login, &at)?;
            let link = LinkRow {
                insurer_no: user.insurer_no.clone(),
                login: login.to_string(),
                issued_by: cx.actor.login.clone(),
                issued_at: at.clone(),
                expires_at: format_timestamp(now.checked_add(policy.link_valid).unwrap_or(now)),
                used_at: None,
            };
            repo::insert_link(cx.tx, &hash, &link)?;
            let mut cred = credentials_or_new(cx.tx, login)?;
            cred.totp_secret = None;
            cred.totp_last_step = None;
            cred.recovery_codes = Vec::new();
            repo::put_credentials(cx.tx, &user.insurer_no, &cred)?;
            repo::end_sessions_of(cx.tx, login, &at)?;
            Ok(crate::Audited::new(
                token.to_string(),
                login,
                AuditEvent::UserEnrolmentLink {
                    expires_at: UtcTime(link.expires_at.clone()),
                },
            ))
        })
    }

    fn live_link(&self, tx: &mut dyn Tx, link_token: &str, now: Timestamp) -> AppResult<LinkRow> {
        let link = repo::link(tx, &token_hash(link_token))?.ok_or_else(|| AppError::not_found("登録用リンク"))?;
        if link.used_at.is_some() || parse_time(&link.expires_at)? <= now {
            return Err(AppError::Conflict(
                "この登録用リンクは使用済みか期限切れです。管理者に再発行を依頼してください".into(),
            ));
        }
        Ok(link)
    }

    /// The enrolment page: a TOTP secret for the user to add to an authenticator app, made on the
    /// first visit and kept, encrypted, with the link until the first code confirms it.
    pub fn enrolment(&self, link_token: &str) -> AppResult<Enrolment> {
        let now = self.clock().now();
        self.store().write(|tx| -> AppResult<Enrolment> {
            let link = self.live_link(tx, link_token, now)?;
            let user = access::get_user(tx, &link.login)?.ok_or_else(|| AppError::not_found("職員"))?;
            let keys = self.keys().for_insurer(tx, &link.insurer_no)?;
            let aad = totp_aad(&link.insurer_no, &link.login)?;
            // Reopening the page (or a mistyped form) shows the same key as before.
            let secret = match repo::pending_secret(tx, &token_hash(link_token))? {
                Some(sealed) => totp::TotpSecret::from_bytes(&keys.decrypt_bytes(&sealed, &aad)?)
                    .map_err(|_| AppError::Internal("totp secret".into()))?,
                None => {
                    let secret = totp::TotpSecret::generate()?;
                    repo::set_pending_secret(
                        tx,
                        &token_hash(link_token),
                        &keys.encrypt_bytes(secret.as_bytes(), &aad)?,
                    )?;
                    secret
                }
            };
            Ok(Enrolment {
                login: link.login.clone(),
                display_name: user.display_name,
                secret_base32: secret.to_base32(),
                otpauth_uri: totp::otpauth_uri(&secret, "kokuho", &link.login),
            })
        })
    }

    /// Completes an enrolment: the user's own new password (policy-checked) and the first code
    /// from the app. Returns the recovery codes, shown once.
    pub fn complete_enrolment(
        &self,
        link_token: &str,
        password: &str,
        code: &str,
    ) -> AppResult<Vec<Zeroizing<String>>> {
        let now = self.clock().now();
        let at = format_timestamp(now);
        let hash = token_hash(link_token);
        self.store().write(|tx| -> AppResult<Vec<Zeroizing<String>>> {
            let link = self.live_link(tx, link_token, now)?;
            let insurer_name = kokuho_store::repo::insurers::get(tx, &link.insurer_no)?
                .map(|i| i.name)
                .unwrap_or_default();
            password_policy::check(password, &[link.login.as_str(), insurer_name.as_str()])
                .map_err(|p| AppError::invalid("password", p.to_string()))?;
            let sealed = repo::pending_secret(tx, &hash)?
                .ok_or_else(|| AppError::Conflict("登録用の画面を開き直してください".into()))?;
            let keys = self.keys().for_insurer(tx, &link.insurer_no)?;
            let plain = keys.decrypt_bytes(&sealed, &totp_aad(&link.insurer_no, &link.login)?)?;
            let secret = totp::TotpSecret::from_bytes(&plain).map_err(|_| AppError::Internal("totp secret".into()))?;
            let step = totp::verify(&secret, &typed_code(code), now.as_second(), None)
                .map_err(|e| AppError::invalid("code", e.to_string()))?;
            let (codes, digests) = recovery::generate(recovery::DEFAULT_COUNT)?;
            let cred = CredentialRow {
                login: link.login.clone(),
                totp_secret: Some(sealed),
                totp_last_step: Some(step),
                recovery_codes: digests,
                failed_attempts: 0,
                locked_until: None,
                password_set_at: Some(at.clone()),
            };
            repo::put_credentials(tx, &link.insurer_no, &cred)?;
            access::set_password_hash(tx, &link.login, &secrets::hash_password(password)?)?;
            repo::use_link(tx, &hash, &at)?;
            repo::end_sessions_of(tx, &link.login, &at)?;
            self.audit_auth(
                tx,
                &link.insurer_no,
                &link.login,
                Outcome::Success,
                AuditEvent::UserEnrolment {
                    issued_by: link.issued_by.clone(),
                },
            )?;
            Ok(codes)
        })
    }
}

/// A user's credentials row, or a fresh one (nothing enrolled, no failures).
fn credentials_or_new(tx: &mut dyn Tx, login: &str) -> AppResult<CredentialRow> {
    Ok(repo::credentials(tx, login)?.unwrap_or_else(|| CredentialRow {
        login: login.to_string(),
        recovery_codes: Vec::new(),
        ..CredentialRow::default()
    }))
}

/// The lock of an account, if one is in force at `now`.
fn lock_in_force(cred: &CredentialRow, now: Timestamp) -> AppResult<Option<LoginError>> {
    match &cred.locked_until {
        Some(until) if parse_time(until)? > now => Ok(Some(LoginError::Locked {
            until: japan_time(parse_time(until)?),
        })),
        _ => Ok(None),
    }
}

/// One more failed password or code: from the `lock_after`-th on, the account locks for
/// `lock_for`, doubled for each further failure (15 min, 30, 60…, at most ×64).
fn count_failure(cred: &mut CredentialRow, policy: &AuthPolicy, now: Timestamp) {
    cred.failed_attempts += 1;
    if cred.failed_attempts >= policy.lock_after {
        let doublings = u32::try_from((cred.failed_attempts - policy.lock_after).min(6)).unwrap_or(6);
        let lock = policy
            .lock_for
            .checked_mul(2i32.pow(doublings))
            .unwrap_or(policy.lock_for);
        cred.locked_until = Some(format_timestamp(now.checked_add(lock).unwrap_or(now)));
    }
}

/// 「2026年11月22日 10:15」 in Japan time, for messages.
fn japan_time(t: Timestamp) -> String {
    let z = t.to_zoned(crate::clock::japan());
    format!(
        "{}年{}月{}日 {:02}:{:02}",
        z.year(),
        z.month(),
        z.day(),
        z.hour(),
        z.minute()
    )
}

/// A one-time code as typed: full-width digits (「１２３４５６」) folded to ASCII, the rest kept
/// for the code check to refuse.
fn typed_code(code: &str) -> String {
    code.chars().map(fold_digit).collect()
}
