//! kokuho-app: the use cases.
//!
//! Every use case takes an authenticated [`Actor`], checks a named [`Permission`] (deny by
//! default), does its work in ONE database transaction, appends its changes to the journal,
//! updates the projections and writes an audit record in that same transaction. If the audit
//! write fails, the whole operation fails. A refused or failed operation is audited too, in a
//! transaction of its own.

// The kernel every area shares: who acts, the clock, errors, keys, the journal and its projections.
pub mod authz;
pub mod clock;
mod context;
pub mod error;
pub mod journal;
pub mod keys;
pub mod permission;
pub mod projection;

// Who may see which person: every use case that shows person data reads it through here.
pub mod access;

// The business areas, each a folder of use cases (methods on `App`).
pub mod assessment;
pub mod audit;
pub mod eligibility;
pub mod staff;
pub mod work;

use std::sync::Arc;

use kokuho_store::Store;

use audit::trail::{AuditRecord, Outcome};
pub use audit::{AuditAction, AuditEvent};
pub use authz::{Actor, AuthMethod, Permission};
pub use clock::{Clock, FixedClock, SystemClock};
pub use context::{Audited, Ctx};
pub use error::{AppError, AppResult};
use keys::KeyService;

/// The application: a store, the key service and a clock. Cheap to clone.
#[derive(Clone)]
pub struct App {
    store: Store,
    keys: Arc<KeyService>,
    clock: Arc<dyn Clock>,
    auth: staff::auth::AuthPolicy,
    /// Batch jobs started from the screens (this process only).
    jobs: Arc<assessment::jobs::Jobs>,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("store", &self.store.describe())
            .finish_non_exhaustive()
    }
}

impl App {
    pub fn new(store: Store, keys: KeyService, clock: Arc<dyn Clock>) -> Self {
        Self {
            store,
            keys: Arc::new(keys),
            clock,
            auth: staff::auth::AuthPolicy::default(),
            jobs: Arc::default(),
        }
    }

    /// The same application with other login settings (画面ロックまでの時間, パスワードの有効期間).
    #[must_use]
    pub fn with_auth_policy(mut self, policy: staff::auth::AuthPolicy) -> Self {
        self.auth = policy;
        self
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    pub fn keys(&self) -> &KeyService {
        &self.keys
    }

    fn now_string(&self) -> String {
        clock::format_timestamp(self.clock.now())
    }

    /// Runs a use case: permission check, one transaction, journal, projections and audit.
    ///
    /// `action` names the operation in the audit trail (e.g. [`AuditAction::ResidentView`]; the
    /// use case's [`Audited`] carries the same action's event with its details); `subject` is the
    /// internal reference used when the operation fails before it could name its subject.
    pub fn run<R>(
        &self,
        actor: &Actor,
        permission: Permission,
        action: AuditAction,
        subject: &str,
        f: impl FnOnce(&mut Ctx<'_>) -> AppResult<Audited<R>>,
    ) -> AppResult<R> {
        self.run_with(actor, permission, action, subject, false, f)
    }

    /// `run` for bulk loads of new entities, which write their projection rows themselves (with
    /// `projection::FreshProjection`) and set off no 更正 (new households have no assessment);
    /// written with [`kokuho_store::Store::write_bulk`] (on SQLite, each page written once).
    pub fn run_bulk<R>(
        &self,
        actor: &Actor,
        permission: Permission,
        action: AuditAction,
        subject: &str,
        f: impl FnOnce(&mut Ctx<'_>) -> AppResult<Audited<R>>,
    ) -> AppResult<R> {
        self.run_with(actor, permission, action, subject, true, f)
    }

    fn run_with<R>(
        &self,
        actor: &Actor,
        permission: Permission,
        action: AuditAction,
        subject: &str,
        bulk: bool,
        f: impl FnOnce(&mut Ctx<'_>) -> AppResult<Audited<R>>,
    ) -> AppResult<R> {
        let now = self.now_string();
        let today = self.clock.today();
        let result = actor.require(permission).and_then(|()| {
            let write = |tx: &mut dyn kokuho_store::Tx| -> AppResult<R> {
                if bulk {
                    kokuho_store::repo::session::prefer_fresh_plans(tx)?;
                }
                let touched = (!bulk).then(assessment::touched::Touched::default);
                let mut cx = Ctx {
                    tx,
                    actor,
                    now: now.clone(),
                    today,
                    journal: None,
                    audit_extra: Vec::new(),
                    touched,
                };
                let out = f(&mut cx)?;
                // 更正: premiums of assessed years follow the change in the same transaction.
                if let Some(touched) = cx.touched.take()
                    && !touched.is_empty()
                {
                    assessment::decision::reassess(&mut cx, touched)?;
                }
                if let Some(writer) = cx.journal.take() {
                    writer.finish(cx.tx)?;
                }
                if out.event.action() != action {
                    return Err(AppError::Internal(format!(
                        "監査の記録内容（{}）が操作（{}）と一致しません",
                        out.event.action().code(),
                        action.code()
                    )));
                }
                let mut records = vec![AuditRecord::of(
                    &actor.login,
                    &out.subject,
                    Outcome::Success,
                    &out.event,
                )?];
                for (subject, event) in &cx.audit_extra {
                    records.push(AuditRecord::of(&actor.login, subject, Outcome::Success, event)?);
                }
                audit::trail::record(cx.tx, actor.insurer_no.as_str(), &now, &records)?;
                Ok(out.value)
            };
            if bulk {
                self.store.write_bulk(write)
            } else {
                self.store.write(write)
            }
        });
        if let Err(err) = &result {
            self.audit_failure(actor, action, subject, err, &now);
        }
        result
    }

    /// Refuses a screen that leads only to a use case needing `permission` (a change form, say)
    /// before it is drawn; the refusal is audited like a refused use case.
    pub fn require_for_screen(
        &self,
        actor: &Actor,
        permission: Permission,
        action: AuditAction,
        subject: &str,
    ) -> AppResult<()> {
        let checked = actor.require(permission);
        if let Err(err) = &checked {
            self.audit_failure(actor, action, subject, err, &self.now_string());
        }
        checked
    }

    /// Records a refused or failed operation in a transaction of its own.
    fn audit_failure(&self, actor: &Actor, action: AuditAction, subject: &str, err: &AppError, now: &str) {
        let written = AuditRecord::failure(&actor.login, action, subject, err).and_then(|record| {
            self.store
                .write(|tx| audit::trail::record(tx, actor.insurer_no.as_str(), now, &[record]))
        });
        if let Err(e) = written {
            tracing::error!(action = action.code(), error = %e, "監査ログ（失敗の記録）を書き込めませんでした");
        }
    }
}
