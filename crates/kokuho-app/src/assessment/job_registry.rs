//! The registry of the 賦課 jobs started from the screens (当初賦課, simulation): progress, stop
//! flag and outcome, kept in the server's memory.

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard};

use serde::Serialize;

use super::outcomes::{AssessmentRunSummary, JobKind, RateSimulation};

/// What a finished job produced.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JobOutcome {
    Assessment(AssessmentRunSummary),
    Simulation(RateSimulation),
}

/// How far a job has come.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case", tag = "state", content = "detail")]
pub enum JobState {
    /// 実行中.
    Running,
    /// 停止を依頼した（処理中のまとまりが終わると止まる）.
    Stopping,
    /// 終了（当初賦課を途中で止めた場合は `stopped`）.
    Finished(Box<JobOutcome>),
    /// 失敗（理由）. What was committed before stays.
    Failed(String),
}

/// A job as the screens show it.
#[derive(Debug, Clone, Serialize)]
pub struct JobView {
    pub id: u64,
    pub kind: JobKind,
    /// 賦課年度.
    pub fiscal_year: i32,
    /// 開始した職員.
    pub started_by: String,
    /// 開始日時 (UTC).
    pub started_at: String,
    /// 処理済みの世帯数 / 対象の世帯数 (0 until the households are listed).
    pub done: usize,
    pub total: usize,
    pub state: JobState,
}

impl JobView {
    /// Whether the job is still working.
    pub fn is_running(&self) -> bool {
        matches!(self.state, JobState::Running | JobState::Stopping)
    }

    /// The state in a few words (実行中（3,000 / 10,000世帯）, 完了 …).
    pub fn status(&self) -> String {
        match &self.state {
            JobState::Running => format!("実行中（{} / {}世帯）", self.done, self.total),
            JobState::Stopping => String::from("停止中"),
            JobState::Finished(o) => match o.as_ref() {
                JobOutcome::Assessment(s) if s.stopped => String::from("途中で停止"),
                _ => String::from("完了"),
            },
            JobState::Failed(_) => String::from("失敗"),
        }
    }

    /// Done as a whole percentage (for a progress bar).
    pub fn percent(&self) -> usize {
        (self.done * 100).checked_div(self.total).unwrap_or(0)
    }
}

/// The jobs of this server process, of every insurer (each sees only its own).
#[derive(Default)]
pub struct Jobs {
    list: Mutex<Vec<Job>>,
}

impl Jobs {
    pub(crate) fn lock(&self) -> MutexGuard<'_, Vec<Job>> {
        // A panicking job thread cannot leave the list half-changed (each update is one
        // assignment), so a poisoned lock is still sound to use.
        self.list.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub(crate) fn update(&self, id: u64, f: impl FnOnce(&mut JobView)) {
        if let Some(job) = self.lock().iter_mut().find(|j| j.view.id == id) {
            f(&mut job.view);
        }
    }
}

pub(crate) struct Job {
    pub(crate) insurer_no: String,
    pub(crate) view: JobView,
    pub(crate) stop: Arc<AtomicBool>,
}
