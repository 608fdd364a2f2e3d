//! The late-fee calculator's output document (spec/calculators.md §3).

use serde::Serialize;

use crate::Yen;
use crate::kernel::date::Date;

/// 延滞金試算の結果.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LateFeeResult {
    /// 延滞金 (yen): Σ `periods[].amount_yen`, 0 when under 1,000 yen, otherwise rounded down to
    /// 100 yen.
    pub late_fee: Yen,
    /// The periods in which a fee accrues, in date order: a period ends at the end of the first
    /// month, at the end of each calendar year and where a payment changes the base.
    pub periods: Vec<PeriodResult>,
    /// 計算過程（窓口で読み上げる日本語）.
    pub explanation: Vec<String>,
}

/// One period of equal base and rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeriodResult {
    /// First day (inclusive).
    pub from: Date,
    /// Last day (inclusive).
    pub to: Date,
    /// 延滞金の計算の基礎: the unpaid principal rounded down to 1,000 yen.
    pub base: Yen,
    /// 年の割合 in percent, as a decimal string ("2.4").
    pub rate: String,
    /// Days from `from` to `to`, both counted.
    pub days: i64,
    /// base × rate × days ÷ 365 exactly, written with 3 decimals (the digits after them are cut
    /// off, not rounded), as the cities' worked examples print it ("197.260").
    pub amount: String,
    /// The yen this period counts: `amount` with the fraction of a yen cut off (1円未満切捨て).
    pub amount_yen: Yen,
}
