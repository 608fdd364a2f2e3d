//! 所得区分: the categories of the 自己負担限度額 (under 70: ア〜オ; 70〜74: 現役並みⅠ〜Ⅲ, 一般, 低所得Ⅰ・Ⅱ).

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
