//! The premium calculator's output document (spec/calculators.md §1).

use std::collections::BTreeMap;

use serde::Serialize;

use super::Reduction;
use crate::Yen;

/// 保険料試算の結果.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PremiumResult {
    /// 賦課年度.
    pub fiscal_year: i32,
    /// 年額 = Σ components.amount.
    pub total: Yen,
    /// 軽減 (written "none" | "70" | "50" | "20").
    pub reduction: Reduction,
    /// 区分ごとの内訳 (only the components levied).
    pub components: BTreeMap<&'static str, ComponentResult>,
    /// 世帯員ごとの内訳.
    pub members: Vec<MemberResult>,
    /// 計算過程（窓口で読み上げる日本語）.
    pub explanation: Vec<String>,
}

/// 1区分の内訳（月割後の年額）. Deserializable too: the 賦課決定 journal entry keeps it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ComponentResult {
    /// 所得割額.
    pub income_levy: Yen,
    /// 均等割額（軽減前）.
    pub per_capita: Yen,
    /// 平等割額（軽減前）.
    pub per_household: Yen,
    /// 資産割額.
    pub asset_levy: Yen,
    /// 法定軽減額（7/5/2割、未就学児、特定世帯・特定継続世帯）.
    pub reductions: Yen,
    /// 減免額（産前産後、旧被扶養者）.
    pub exemptions: Yen,
    /// 限度額適用前.
    pub before_cap: Yen,
    /// 限度額を超えたか.
    pub capped: bool,
    /// 区分の保険料（限度額・端数処理後）.
    pub amount: Yen,
}

/// 世帯員ごとの内訳.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberResult {
    /// 識別子.
    pub id: String,
    /// 国保の賦課月数.
    pub insured_months: u32,
    /// 介護分の賦課月数.
    pub care_months: u32,
    /// 総所得金額等 (null = 未申告).
    pub total_income: Option<Yen>,
    /// 旧ただし書き所得 (所得割の基礎; null = 未申告).
    pub assessable_income: Option<Yen>,
    /// 軽減判定所得 (null = 未申告, or not counted in the judgement).
    pub judgement_income: Option<Yen>,
    /// 給与所得者等か.
    pub earner: bool,
}
