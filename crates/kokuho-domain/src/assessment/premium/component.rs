//! 賦課の区分: the premium's components (医療分, 支援金分, 介護分, 子ども・子育て支援分).

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
