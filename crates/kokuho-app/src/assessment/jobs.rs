//! バッチ処理の画面からの実行: a long operation started from the staff screens — the 当初賦課
//! of a fiscal year, or the 料率設定シミュレーション of the whole city — runs on a thread of its
//! own while the screen shows its progress. The work itself is the same use case as the CLI's
//! (`assess_year`: permission, audit and one transaction per chunk; `simulate_rates`), so a
//! stopped or interrupted 当初賦課 resumes when it is started again, and a finished one changes
//! nothing when run twice. A 当初賦課 can be asked to stop after the chunk in hand.
//!
//! The registry lives in the server's memory: after a restart the list is empty, while what the
//! runs recorded stays in the database (and in the audit trail).

use super::job_registry::Job;
pub use super::job_registry::{JobOutcome, JobState, JobView, Jobs};
pub use super::outcomes::JobKind;
use crate::audit::{AuditAction, AuditEvent};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::assessment::simulation::Candidate;
use crate::error::{AppError, AppResult};
use crate::{Actor, App, Audited, Permission};

impl App {
    /// 当初賦課を開始: starts `assess_year` for `fiscal_year` on a thread of its own and returns
    /// the job's number. Refused while a run of the same year is working.
    pub fn start_assessment_job(&self, actor: &Actor, fiscal_year: i32) -> AppResult<u64> {
        self.start_job(
            actor,
            JobKind::Assessment,
            fiscal_year,
            move |app, actor, progress, stop| {
                app.assess_year(actor, fiscal_year, progress, stop)
                    .map(|summary| (summary.households, JobOutcome::Assessment(summary)))
            },
        )
    }

    /// 料率設定シミュレーションを開始: `simulate_rates` of `fiscal_year` under `candidates` on a
    /// thread of its own. Refused while a simulation of the same year is working.
    pub fn start_simulation_job(&self, actor: &Actor, fiscal_year: i32, candidates: Vec<Candidate>) -> AppResult<u64> {
        self.start_job(
            actor,
            JobKind::Simulation,
            fiscal_year,
            move |app, actor, progress, _| {
                app.simulate_rates(actor, fiscal_year, &candidates, progress)
                    .map(|s| (s.households, JobOutcome::Simulation(s)))
            },
        )
    }

    /// Registers a job and runs `work` on a thread of its own (`work` gets the progress callback
    /// and the stop flag, and returns the number of households and the outcome).
    fn start_job<W>(&self, actor: &Actor, kind: JobKind, fiscal_year: i32, work: W) -> AppResult<u64>
    where
        W: FnOnce(&App, &Actor, &dyn Fn(usize, usize), &dyn Fn() -> bool) -> AppResult<(usize, JobOutcome)>
            + Send
            + 'static,
    {
        let subject = format!("assessment:{fiscal_year}");
        let stop = Arc::new(AtomicBool::new(false));
        let id = self.run(
            actor,
            Permission::Assessment,
            AuditAction::AssessmentJobStart,
            &subject,
            |cx| {
                let insurer_no = actor.insurer_no.as_str();
                // The year's rate table must exist (the run would stop at once without it).
                crate::assessment::input::rate_table_of(cx.tx, insurer_no, fiscal_year)?;
                let mut jobs = self.jobs.lock();
                if jobs.iter().any(|j| {
                    j.insurer_no == insurer_no
                        && j.view.kind == kind
                        && j.view.fiscal_year == fiscal_year
                        && j.view.is_running()
                }) {
                    return Err(AppError::Conflict(format!(
                        "{fiscal_year}年度の{}は実行中です",
                        kind.label()
                    )));
                }
                let id = jobs.iter().map(|j| j.view.id).max().unwrap_or(0) + 1;
                let view = JobView {
                    id,
                    kind,
                    fiscal_year,
                    started_by: actor.login.clone(),
                    started_at: cx.now.clone(),
                    done: 0,
                    total: 0,
                    state: JobState::Running,
                };
                jobs.push(Job {
                    insurer_no: insurer_no.to_string(),
                    view,
                    stop: stop.clone(),
                });
                Ok(Audited::new(
                    id,
                    &subject,
                    AuditEvent::AssessmentJobStart { job: id, kind },
                ))
            },
        )?;
        let (app, actor) = (self.clone(), actor.clone());
        std::thread::Builder::new()
            .name(format!("job-{id}"))
            .spawn(move || {
                let progress = |done: usize, total: usize| app.jobs.update(id, |v| (v.done, v.total) = (done, total));
                let outcome = work(&app, &actor, &progress, &|| stop.load(Ordering::Relaxed));
                app.jobs.update(id, |v| {
                    v.state = match outcome {
                        Ok((households, outcome)) => {
                            v.total = households;
                            JobState::Finished(Box::new(outcome))
                        }
                        Err(e) => JobState::Failed(e.to_string()),
                    };
                });
            })
            .map_err(|e| AppError::Internal(format!("バッチのスレッドを開始できません: {e}")))?;
        Ok(id)
    }

    /// The jobs of the actor's insurer, newest first (counts only: not audited).
    pub fn assessment_jobs(&self, actor: &Actor) -> AppResult<Vec<JobView>> {
        self.require_for_screen(actor, Permission::Assessment, AuditAction::AssessmentJobs, "assessment")?;
        let ins = actor.insurer_no.as_str();
        Ok(self
            .jobs
            .lock()
            .iter()
            .rev()
            .filter(|j| j.insurer_no == ins)
            .map(|j| j.view.clone())
            .collect())
    }

    /// One job. While it works only counts are shown (not audited, the page polls); a finished
    /// job lists households, and each look at that list is audited.
    pub fn assessment_job(&self, actor: &Actor, id: u64) -> AppResult<JobView> {
        self.require_for_screen(
            actor,
            Permission::Assessment,
            AuditAction::AssessmentJobView,
            &format!("job:{id}"),
        )?;
        let view = self.own_job(actor, id)?;
        if view.is_running() {
            return Ok(view);
        }
        let subject = format!("assessment:{}", view.fiscal_year);
        self.run(
            actor,
            Permission::Assessment,
            AuditAction::AssessmentJobView,
            &subject,
            |_| Ok(Audited::new(view, &subject, AuditEvent::AssessmentJobView { job: id })),
        )
    }

    /// 停止 (当初賦課): the job stops after the chunk in hand (what it recorded stays; run again to resume).
    pub fn stop_assessment_job(&self, actor: &Actor, id: u64) -> AppResult<()> {
        self.require_for_screen(
            actor,
            Permission::Assessment,
            AuditAction::AssessmentJobStop,
            &format!("job:{id}"),
        )?;
        let view = self.own_job(actor, id)?;
        let subject = format!("assessment:{}", view.fiscal_year);
        self.run(
            actor,
            Permission::Assessment,
            AuditAction::AssessmentJobStop,
            &subject,
            |_| {
                if let Some(job) = self
                    .jobs
                    .lock()
                    .iter_mut()
                    .find(|j| j.view.id == id && matches!(j.view.state, JobState::Running))
                {
                    job.stop.store(true, Ordering::Relaxed);
                    job.view.state = JobState::Stopping;
                }
                Ok(Audited::new((), &subject, AuditEvent::AssessmentJobStop { job: id }))
            },
        )
    }

    fn own_job(&self, actor: &Actor, id: u64) -> AppResult<JobView> {
        let ins = actor.insurer_no.as_str();
        self.jobs
            .lock()
            .iter()
            .find(|j| j.view.id == id && j.insurer_no == ins)
            .map(|j| j.view.clone())
            .ok_or_else(|| AppError::not_found(format!("バッチ処理 {id}")))
    }
}
