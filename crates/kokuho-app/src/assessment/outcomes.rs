//! What a 賦課 use case did: the outcomes its callers and the audit trail record (values only, so the
//! audit events can name them without importing the use cases).

use kokuho_domain::assessment::premium::input::RatesInput;
use kokuho_domain::assessment::simulation::LevySummary;
use serde::Serialize;

/// What a job does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobKind {
    /// 当初賦課.
    Assessment,
    /// 料率設定シミュレーション.
    Simulation,
}

impl JobKind {
    /// 表示名.
    pub fn label(self) -> &'static str {
        match self {
            JobKind::Assessment => "当初賦課",
            JobKind::Simulation => "料率設定シミュレーション",
        }
    }
}

/// What `set_rate_table` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RateTableChange {
    /// 新規設定.
    Created,
    /// 変更.
    Changed,
    /// 同じ内容のため記録なし.
    Unchanged,
}

/// What recording one household did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case", tag = "outcome", content = "detail")]
pub enum HouseholdDecision {
    /// 記録した版.
    Recorded(i64),
    /// 前回と同じ額のため記録なし.
    Unchanged,
    /// 期間制限・計算不能のため記録できない（理由）.
    Refused(String),
}

/// A household listed for follow-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HouseholdNote {
    /// 世帯番号.
    pub household_no: String,
    /// 内容.
    pub reasons: Vec<String>,
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AssessmentRunSummary {
    /// 賦課年度.
    pub fiscal_year: i32,
    /// 対象世帯数.
    pub households: usize,
    /// 新たに賦課（または更正）した世帯.
    pub assessed: usize,
    /// 前回から入力が変わらず記録しなかった世帯.
    pub unchanged: usize,
    /// この年度に国保の被保険者がいない世帯（賦課なし）.
    pub not_insured: usize,
    /// 所得の記録がない・未申告の世帯員がいる世帯（計算はした）.
    pub incomplete: Vec<HouseholdNote>,
    /// 計算できなかった世帯（世帯主がいない等）.
    pub failed: Vec<HouseholdNote>,
    /// 途中で止めた（もう一度実行すると続きから）.
    pub stopped: bool,
}

/// A candidate rate table: a label and the calculator contract's `rates`.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// 案の名前（例: 「現行」「案B」）.
    pub label: String,
    /// `rates` (None: the stored table of the year).
    pub rates: Option<RatesInput>,
}

/// One candidate's result.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CandidateSummary {
    /// 案の名前.
    pub label: String,
    /// 集計.
    pub summary: LevySummary,
    /// この案で計算できなかった世帯数.
    pub failed: u64,
}

/// The simulation of a year.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RateSimulation {
    /// 賦課年度.
    pub fiscal_year: i32,
    /// 対象世帯数（年度中に世帯員のいる世帯）.
    pub households: usize,
    /// 世帯主がいない等で入力を作れなかった世帯数（集計に含まない）.
    pub unreadable: usize,
    /// この年度に国保の被保険者がいない世帯数（当初賦課と同じく集計に含まない）.
    pub not_insured: usize,
    /// 案ごとの集計.
    pub candidates: Vec<CandidateSummary>,
}
