//! The high-cost calculator's output document (spec/calculators.md §2).

use serde::Serialize;

use crate::Yen;
use crate::kernel::date::YearMonth;

/// 高額療養費試算の結果: exactly the contract's fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HighCostResult {
    /// 診療月.
    pub month: YearMonth,
    /// The household limit of the last stage (世帯合算 at the under-70 category when a member is
    /// under 70, otherwise the 70〜74 household limit), 多数回 included.
    pub limit: Yen,
    /// Σ copay of the レセプト the calculation counted: every 70〜74 member's, the under-70 ones
    /// of 21,000円 or more (pharmacy joined), and every 特定疾病 one.
    pub copay_counted: Yen,
    /// 高額療養費: the household's benefit for the month, all stages together.
    pub benefit: Yen,
    /// 多数回該当: 3 benefit months or more in the 11 months before (this month is the 4th
    /// within 12); the household limits are then the 多数回 amounts, where the category has one.
    pub many_times: bool,
    /// The category of the last stage: "a"〜"o", or the 70〜74 one when nobody is under 70.
    pub category: &'static str,
    /// 計算過程（窓口で読み上げる日本語）: 70歳以上外来個人 → 70歳以上世帯 → 世帯合算 → 多数回.
    pub steps: Vec<String>,
}
