//! The late-fee calculator's input document (spec/calculators.md §3), exactly as the contract
//! names it. Unknown fields are refused so that a typo is never silently ignored.

use serde::Deserialize;

use crate::contract::Amount;
use crate::kernel::date::Date;
use crate::kernel::rate::Rate;

/// 延滞金試算の入力.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LateFeeInput {
    /// 本料: the overdue installment (one 期別).
    pub principal: Amount,
    /// 納期限.
    pub due_date: Date,
    /// 納付 in date order, until the principal is paid in full. A payment on or before the due
    /// date reduces the principal with no fee.
    #[serde(default)]
    pub payments: Vec<PaymentInput>,
    /// 年別の割合の上書き (default: the built-in table, [`super::rates`]).
    #[serde(default)]
    pub rates: Vec<YearRatesInput>,
}

/// 1回の納付.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentInput {
    /// 納付日.
    pub date: Date,
    /// 納付額（本料に充てる額。延滞金の納付は含めない）.
    pub amount: Amount,
}

/// One calendar year's rates: `{"year": 2026, "within_month": "2.8", "after_month": "9.1"}`.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearRatesInput {
    /// 暦年.
    pub year: i32,
    /// 納期限の翌日から1か月を経過する日までの割合（年%）.
    pub within_month: Rate,
    /// その翌日以後の割合（年%）.
    pub after_month: Rate,
}
