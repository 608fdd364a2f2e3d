//! What a use case sees while it runs (`Ctx`: the transaction, who acts, the journal) and what it
//! tells the audit trail (`Audited`).

use kokuho_store::Tx;

use crate::assessment::touched::Touched;
use crate::audit::AuditEvent;
use crate::authz::Actor;
use crate::eligibility::events::EligibilityEvent;
use crate::error::{AppError, AppResult};
use crate::journal::{Appended, Event, JournalChain, JournalWriter};
use crate::projection::{self, EntryContext, ProjectionStore, SqlProjection};

/// What a use case sees while it runs: the transaction, who acts, and the journal.
pub struct Ctx<'a> {
    pub tx: &'a mut dyn Tx,
    pub actor: &'a Actor,
    /// Recording time (RFC 3339 UTC) of everything written by this operation.
    pub now: String,
    pub today: jiff::civil::Date,
    pub(crate) journal: Option<JournalWriter>,
    pub(crate) audit_extra: Vec<(String, AuditEvent)>,
    /// What this operation changed that premiums depend on (None in bulk loads, which create
    /// households that have no assessment yet).
    pub(crate) touched: Option<Touched>,
}

impl Ctx<'_> {
    pub fn insurer(&self) -> &str {
        self.actor.insurer_no.as_str()
    }

    /// Appends an event to the journal and applies it to the projections.
    pub fn record(&mut self, event: impl Into<Event>) -> AppResult<Appended> {
        let event = &event.into();
        if self.journal.is_none() {
            self.journal = Some(JournalWriter::open(self.tx, self.actor.insurer_no.as_str())?);
        }
        let writer = self
            .journal
            .as_mut()
            .ok_or_else(|| AppError::Internal("journal".into()))?;
        let appended = writer.append(self.tx, &self.actor.login, &self.now, event)?;
        let cx = EntryContext {
            insurer_no: self.actor.insurer_no.as_str(),
            seq: appended.seq,
            recorded_at: &self.now,
            actor: &self.actor.login,
        };
        let insurer_no = self.actor.insurer_no.as_str();
        projection::apply(
            &mut SqlProjection {
                tx: self.tx,
                insurer_no,
            },
            cx,
            event,
        )?;
        if let Some(touched) = &mut self.touched {
            for e in event.events() {
                touched.note(e);
                if let Event::Eligibility(EligibilityEvent::FlagEnded { flag_id, .. }) = e
                    && let Some(f) = kokuho_store::repo::eligibility::periods::get_flag(self.tx, insurer_no, *flag_id)?
                {
                    touched.note_flag(f.resident_no, f.household_no);
                }
            }
        }
        Ok(appended)
    }

    /// The current-state tables as this operation sees them.
    pub fn with_projection<R>(&mut self, f: impl FnOnce(&mut dyn ProjectionStore) -> R) -> R {
        f(&mut SqlProjection {
            tx: self.tx,
            insurer_no: self.actor.insurer_no.as_str(),
        })
    }

    /// Hands the journal's end to a bulk load that prepares entries elsewhere (pending entries
    /// are written first); `resume_journal` gives it back before the operation finishes.
    pub fn take_journal(&mut self) -> AppResult<JournalChain> {
        match self.journal.take() {
            Some(writer) => writer.into_chain(self.tx),
            None => JournalChain::open(self.tx, self.actor.insurer_no.as_str()),
        }
    }

    pub fn resume_journal(&mut self, chain: JournalChain) {
        self.journal = Some(JournalWriter::from_chain(chain));
    }

    /// Adds one more audit record (e.g. a read of each person shown) to this operation.
    pub fn audit_also(&mut self, event: AuditEvent, subject: &str) {
        self.audit_extra.push((subject.to_string(), event));
    }
}

/// What an operation tells the audit trail besides its outcome.
pub struct Audited<R> {
    pub value: R,
    pub subject: String,
    /// What is recorded: the operation's action (the one `App::run` was given) with its details.
    pub event: AuditEvent,
}

impl<R> Audited<R> {
    pub fn new(value: R, subject: impl Into<String>, event: AuditEvent) -> Self {
        Self {
            value,
            subject: subject.into(),
            event,
        }
    }
}
