//! 軽減 (7割・5割・2割): the statutory reduction of the per-capita and per-household levies.

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
