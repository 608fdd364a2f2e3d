//! 高額療養費 (high-cost medical benefit): the benefit of one household for one 診療月
//! (spec/calculators.md §2, rules.md §6).
//!
//! One pure function, [`calculate`], used by the calculator CLI and API alike. The sources' tags
//! ([公]/[二]/[未]) are repeated where each rule is applied ([`calc`], [`limits`],
//! [`category`]).
//!
//! How a month is computed (see [`calc`]):
//! 1. each member's age group in the month: under 70, or 70〜74 from the month after the month
//!    in which 70 is reached (the birthday month itself when born on the 1st); a member whose
//!    75th birthday falls in the month on another day than the 1st has the 75歳到達月 halves;
//! 2. the categories: given (`category`, `category_70`) or derived from `incomes`;
//! 3. 特定疾病: each such レセプト's copay capped at 10,000円 (20,000円 for dialysis in 区分ア・イ);
//! 4. 70〜74: each person's 外来 (pharmacy included) capped at the 外来 limit, then (75歳到達月)
//!    the person's half limit, then the 70〜74 members together at the household limit;
//! 5. 世帯合算: the under-70 レセプト of 21,000円 or more (pharmacy joined to its prescriber)
//!    with what the 70〜74 members still pay, at the under-70 category's limit;
//! 6. 多数回該当 (3 benefit months in the 11 months before) lowers the household limits.
//!
//! Amounts are integers (i128 inside, so no sum can overflow); no floating point.

pub mod calc;
pub mod category;
pub mod input;
pub mod limits;
pub mod output;

pub use calc::calculate;
pub use input::HighCostInput;
pub use output::HighCostResult;

use serde::Deserialize;

/// 70歳未満の所得区分 (区分ア〜オ, rules.md §6.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// ア: 旧ただし書き所得 901万円超 (所得未申告の世帯を含む).
    A,
    /// イ: 600万円超〜901万円以下.
    I,
    /// ウ: 210万円超〜600万円以下.
    U,
    /// エ: 210万円以下.
    E,
    /// オ: 住民税非課税世帯.
    O,
}

impl Category {
    /// The contract's value ("a"〜"o").
    pub fn code(self) -> &'static str {
        match self {
            Category::A => "a",
            Category::I => "i",
            Category::U => "u",
            Category::E => "e",
            Category::O => "o",
        }
    }

    /// 表示名.
    pub fn label(self) -> &'static str {
        match self {
            Category::A => "区分ア",
            Category::I => "区分イ",
            Category::U => "区分ウ",
            Category::E => "区分エ",
            Category::O => "区分オ",
        }
    }
}

/// 70〜74歳の所得区分 (rules.md §6.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category70 {
    /// 現役並みⅢ: 課税所得690万円以上.
    Genekinami3,
    /// 現役並みⅡ: 380万円以上.
    Genekinami2,
    /// 現役並みⅠ: 145万円以上.
    Genekinami1,
    /// 一般.
    General,
    /// 低所得Ⅱ: 住民税非課税世帯.
    Low2,
    /// 低所得Ⅰ: 住民税非課税世帯で所得0.
    Low1,
}

impl Category70 {
    /// The contract's value.
    pub fn code(self) -> &'static str {
        match self {
            Category70::Genekinami3 => "genekinami3",
            Category70::Genekinami2 => "genekinami2",
            Category70::Genekinami1 => "genekinami1",
            Category70::General => "general",
            Category70::Low2 => "low2",
            Category70::Low1 => "low1",
        }
    }

    /// 表示名.
    pub fn label(self) -> &'static str {
        match self {
            Category70::Genekinami3 => "現役並みⅢ",
            Category70::Genekinami2 => "現役並みⅡ",
            Category70::Genekinami1 => "現役並みⅠ",
            Category70::General => "一般",
            Category70::Low2 => "低所得Ⅱ",
            Category70::Low1 => "低所得Ⅰ",
        }
    }
}
