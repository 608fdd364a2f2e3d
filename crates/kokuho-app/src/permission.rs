//! 機能権限: the named permissions a role grants (deny by default).

use serde::{Deserialize, Serialize};

macro_rules! permissions {
    ($($(#[$m:meta])* $variant:ident = $code:literal / $label:literal),+ $(,)?) => {
        /// 機能権限: a named permission.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Permission { $($(#[$m])* $variant),+ }

        impl Permission {
            pub const ALL: &'static [Permission] = &[$(Permission::$variant),+];
            pub fn code(self) -> &'static str { match self { $(Permission::$variant => $code),+ } }
            pub fn label(self) -> &'static str { match self { $(Permission::$variant => $label),+ } }
            pub fn parse(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|p| p.code() == s || p.label() == s)
            }
        }
    };
}

permissions! {
    /// 資格照会: read residents, households and eligibility.
    EligibilityRead = "eligibility_read" / "資格照会",
    /// 資格異動: change eligibility, import resident-register changes.
    EligibilityWrite = "eligibility_write" / "資格異動",
    /// 個人番号参照: look up by or reveal a My Number; link My Numbers.
    MyNumberAccess = "my_number_access" / "個人番号参照",
    /// 支援措置対象者参照: access residents under a DV/支援措置 restriction.
    RestrictedResidentAccess = "restricted_resident_access" / "支援措置対象者参照",
    /// 賦課
    Assessment = "assessment" / "賦課",
    /// 収納
    Collection = "collection" / "収納",
    /// 給付
    Benefit = "benefit" / "給付",
    /// 所得照会・取込: import and read income records.
    IncomeAccess = "income_access" / "所得",
    /// 監査: read the audit trail, verify chains.
    Audit = "audit" / "監査",
    /// 管理: users, roles, tokens, master data.
    Admin = "admin" / "管理",
}
