//! 料率設定シミュレーション: each candidate's totals, as the API sends them.

use kokuho_app::assessment::simulation as app;
use kokuho_domain::assessment::simulation::LevySummary;

/// One candidate's result.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct CandidateSummary {
    /// 案の名前.
    pub label: String,
    /// 集計.
    #[schema(value_type = Object)]
    pub summary: LevySummary,
    /// この案で計算できなかった世帯数.
    pub failed: u64,
}

impl From<app::CandidateSummary> for CandidateSummary {
    fn from(v: app::CandidateSummary) -> Self {
        let app::CandidateSummary { label, summary, failed } = v;
        CandidateSummary { label, summary, failed }
    }
}

/// The simulation of a year.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
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

impl From<app::RateSimulation> for RateSimulation {
    fn from(v: app::RateSimulation) -> Self {
        let app::RateSimulation {
            fiscal_year,
            households,
            unreadable,
            not_insured,
            candidates,
        } = v;
        RateSimulation {
            fiscal_year,
            households,
            unreadable,
            not_insured,
            candidates: candidates.into_iter().map(Into::into).collect(),
        }
    }
}
