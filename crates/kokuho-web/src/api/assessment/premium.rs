//! 賦課: a household's premium, its 賦課決定 versions and what recording one did, as the API
//! sends them.

use std::collections::BTreeMap;

use kokuho_app::access::Shown;
use kokuho_app::assessment::premium as app;
use kokuho_domain::Yen;
use kokuho_domain::assessment::collection_plan::CollectionPlan;
use kokuho_domain::assessment::premium::output::ComponentResult;
use kokuho_domain::assessment::premium::{PremiumResult, Reduction};
use serde::Serialize;

/// A household's premium with what was missing to compute it exactly.
///
/// 支援措置: the premium is computed from every member, withheld ones too. The household's amount
/// (年額, 軽減, 区分ごとの内訳) is shown to every 賦課 user: the office has to state what the
/// household owes, and the 賦課決定 screen shows the same figures; it is a household aggregate,
/// like the insured count of the household page. The calculation itself (each member's birth
/// date, months and incomes, and the explanation that reads them out) is withheld whole when a
/// member is withheld, and so are the 要確認 lines about a withheld member.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct HouseholdPremium {
    /// 世帯番号.
    pub household_no: String,
    /// 賦課年度.
    pub fiscal_year: i32,
    /// 年額.
    #[schema(value_type = i64)]
    pub total: Yen,
    /// 軽減（none / 70 / 50 / 20）.
    #[schema(value_type = String)]
    pub reduction: Reduction,
    /// 区分ごとの内訳.
    #[schema(value_type = Object)]
    pub components: BTreeMap<&'static str, ComponentResult>,
    /// The calculation (spec/calculators.md §1 output); `null` when a member is withheld.
    #[schema(value_type = Option<Object>)]
    pub result: Shown<PremiumResult>,
    /// 支援措置のため表示しない世帯員の宛名番号.
    pub withheld_members: Vec<String>,
    /// 要確認: why the amount may not be final (所得の記録がない、未申告).
    pub incomplete: Vec<String>,
}

impl From<app::HouseholdPremium> for HouseholdPremium {
    fn from(v: app::HouseholdPremium) -> Self {
        let app::HouseholdPremium {
            household_no,
            fiscal_year,
            total,
            reduction,
            components,
            result,
            withheld_members,
            incomplete,
        } = v;
        HouseholdPremium {
            household_no,
            fiscal_year,
            total,
            reduction,
            components,
            result,
            withheld_members,
            incomplete,
        }
    }
}

/// One stored version of a household's 賦課決定.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AssessmentVersion {
    /// 賦課年度.
    pub fiscal_year: i32,
    /// 世帯番号.
    pub household_no: String,
    /// 版（1 = 当初賦課、2以降 = 更正）.
    pub version: i64,
    /// 年額.
    #[schema(value_type = i64)]
    pub total: Yen,
    /// 軽減（none / 70 / 50 / 20）.
    #[schema(value_type = String)]
    pub reduction: Reduction,
    /// 区分ごとの内訳.
    #[schema(value_type = Object)]
    pub components: BTreeMap<String, ComponentResult>,
    /// 要確認（所得の記録がない・未申告）.
    pub incomplete: Vec<String>,
    /// 徴収計画（期別の金額・徴収方法・還付）. Absent for versions recorded before plans were kept.
    #[schema(value_type = Object)]
    pub plan: Option<CollectionPlan>,
    /// 決定した職員.
    pub assessed_by: String,
    /// 決定日時.
    pub assessed_at: String,
}

impl From<app::AssessmentVersion> for AssessmentVersion {
    fn from(v: app::AssessmentVersion) -> Self {
        let app::AssessmentVersion {
            fiscal_year,
            household_no,
            version,
            total,
            reduction,
            components,
            incomplete,
            plan,
            assessed_by,
            assessed_at,
        } = v;
        AssessmentVersion {
            fiscal_year,
            household_no,
            version,
            total,
            reduction,
            components,
            incomplete,
            plan,
            assessed_by,
            assessed_at,
        }
    }
}

/// What recording one household did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case", tag = "outcome", content = "detail")]
pub enum HouseholdDecision {
    /// 記録した版.
    Recorded(i64),
    /// 前回と同じ額のため記録なし.
    Unchanged,
    /// 期間制限・計算不能のため記録できない（理由）.
    Refused(String),
}

impl From<app::HouseholdDecision> for HouseholdDecision {
    fn from(v: app::HouseholdDecision) -> Self {
        match v {
            app::HouseholdDecision::Recorded(version) => HouseholdDecision::Recorded(version),
            app::HouseholdDecision::Unchanged => HouseholdDecision::Unchanged,
            app::HouseholdDecision::Refused(reason) => HouseholdDecision::Refused(reason),
        }
    }
}
