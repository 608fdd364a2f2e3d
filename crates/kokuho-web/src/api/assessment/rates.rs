//! 料率表: a stored rate table and what setting one did, as the API sends them.

use kokuho_app::assessment::rates as app;
use kokuho_domain::assessment::collection_plan::CollectionSettings;
use kokuho_domain::assessment::premium::input::RatesInput;
use serde::Serialize;

/// A stored rate table.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct RateTable {
    /// 賦課年度.
    pub fiscal_year: i32,
    /// 表示名（例: 「令和7年度（尼崎市の公表料率）」）.
    pub label: String,
    /// spec/calculators.md §1 の `rates`.
    #[schema(value_type = Object)]
    pub rates: RatesInput,
    /// 納期の設定（普通徴収の月・端数単位・端数の寄せ方・特別徴収の平準化）.
    #[schema(value_type = Object)]
    pub collection: CollectionSettings,
    /// 設定した職員.
    pub set_by: String,
    /// 設定日時.
    pub set_at: String,
}

impl From<app::RateTable> for RateTable {
    fn from(v: app::RateTable) -> Self {
        let app::RateTable {
            fiscal_year,
            label,
            rates,
            collection,
            set_by,
            set_at,
        } = v;
        RateTable {
            fiscal_year,
            label,
            rates,
            collection,
            set_by,
            set_at,
        }
    }
}

/// What `set_rate_table` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RateTableChange {
    /// 新規設定.
    Created,
    /// 変更.
    Changed,
    /// 同じ内容のため記録なし.
    Unchanged,
}

impl From<app::RateTableChange> for RateTableChange {
    fn from(v: app::RateTableChange) -> Self {
        match v {
            app::RateTableChange::Created => RateTableChange::Created,
            app::RateTableChange::Changed => RateTableChange::Changed,
            app::RateTableChange::Unchanged => RateTableChange::Unchanged,
        }
    }
}
