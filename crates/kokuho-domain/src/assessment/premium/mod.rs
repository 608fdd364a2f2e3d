//! 保険料 (premium assessment): the statutory calculation of one household's yearly premium.
//!
//! One pure function, [`calculate`], used by the calculator CLI and API (spec/calculators.md),
//! the counter simulation and the annual batch alike. Rules: rules.md §1–§4; the sources' tags
//! ([公]/[二]/[未]) are repeated where each rule is applied.
//!
//! How a year is computed (see [`calc`]):
//! 1. each member's insured months (資格期間 ∩ 年度, ending at the 75th birthday) and care months;
//! 2. each member's 総所得金額等 by the law of the income year, 旧ただし書き所得, and the 軽減判定所得;
//! 3. the 7/5/2割 judgement at the 賦課期日 (4月1日, or the first insured month);
//! 4. for every month, each component's annual amount for that month's members, with the month's
//!    reductions and exemptions; the year is the sum of the months / 12 (月割). Months between two
//!    changes (a member's coverage, care, 非自発的失業, 産前産後 or 旧被扶養者 months, the 特定世帯
//!    months) have equal amounts, so each such run is computed once and multiplied;
//! 5. the 賦課限度額 on each month's annual amount (so a part year is capped pro rata), then
//!    the city's rounding.

pub mod calc;
pub mod input;
pub mod output;
pub mod published;
pub mod statutory;

pub use crate::contract::CalcError;
pub use crate::kernel::rate::Rate;
pub use calc::{calculate, calculate_amounts, check_fiscal_year, validate_rates};
pub use input::PremiumInput;
pub use output::PremiumResult;

use serde::Serialize;

/// 賦課区分.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Component {
    /// 医療分（基礎賦課額）.
    Medical,
    /// 後期高齢者支援金分.
    Support,
    /// 介護納付金分 (40〜64歳).
    Care,
    /// 子ども・子育て支援納付金分 (FY2026〜).
    Child,
}

impl Component {
    /// All components in the order notices print them.
    pub const ALL: [Component; 4] = [
        Component::Medical,
        Component::Support,
        Component::Care,
        Component::Child,
    ];

    /// 表示名.
    pub fn label(self) -> &'static str {
        match self {
            Component::Medical => "医療分",
            Component::Support => "支援金分",
            Component::Care => "介護分",
            Component::Child => "子ども・子育て支援分",
        }
    }

    /// The contract's field name.
    pub fn key(self) -> &'static str {
        match self {
            Component::Medical => "medical",
            Component::Support => "support",
            Component::Care => "care",
            Component::Child => "child",
        }
    }
}

/// 7割・5割・2割軽減.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reduction {
    /// 軽減なし.
    None,
    /// 2割軽減.
    Twenty,
    /// 5割軽減.
    Fifty,
    /// 7割軽減.
    Seventy,
}

impl Reduction {
    /// The share kept, in tenths (7割軽減 → 3).
    pub fn kept_tenths(self) -> i64 {
        match self {
            Reduction::None => 10,
            Reduction::Twenty => 8,
            Reduction::Fifty => 5,
            Reduction::Seventy => 3,
        }
    }

    /// The contract's value: "none", "70", "50", "20".
    pub fn code(self) -> &'static str {
        match self {
            Reduction::None => "none",
            Reduction::Twenty => "20",
            Reduction::Fifty => "50",
            Reduction::Seventy => "70",
        }
    }

    /// 表示名.
    pub fn label(self) -> &'static str {
        match self {
            Reduction::None => "軽減なし",
            Reduction::Twenty => "2割軽減",
            Reduction::Fifty => "5割軽減",
            Reduction::Seventy => "7割軽減",
        }
    }
}
