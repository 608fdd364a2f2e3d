//! 賦課の記録: the assessment area's journal events — incomes, rate tables, 賦課決定 (written flat,
//! `{"kind": "premium_assessed", ...}`). A new variant needs its tag in [`AreaEvent::KINDS`] and
//! an example in `journal/wire_tests.rs`.

use std::collections::BTreeMap;

use jiff::civil::Date;
use kokuho_domain::Yen;
use kokuho_domain::assessment::collection_plan::{CollectionPlan, CollectionSettings};
use kokuho_domain::assessment::income::IncomeRecord;
use kokuho_domain::assessment::premium::Reduction;
use kokuho_domain::assessment::premium::input::RatesInput;
use kokuho_domain::assessment::premium::output::ComponentResult;
use serde::{Deserialize, Serialize};

use crate::journal::{AreaEvent, json_text};

/// The kind of a 賦課決定 entry ([`AssessmentEvent::PremiumAssessed`]).
pub const PREMIUM_ASSESSED: &str = "premium_assessed";

/// One recorded assessment change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AssessmentEvent {
    /// 所得の登録・更正.
    IncomeRecorded { income: IncomeRecord },
    /// 料率表の設定 (the calculator contract's `rates`, validated), with the year's 納期 settings
    /// (absent = the default schedule); both journaled as JSON text.
    RateTableSet {
        fiscal_year: i32,
        label: String,
        #[serde(with = "json_text")]
        rates: Box<RatesInput>,
        #[serde(default, with = "json_text::option", skip_serializing_if = "Option::is_none")]
        collection: Option<CollectionSettings>,
    },
    /// 賦課決定 (a household's premium for a year; a later version is a 更正).
    PremiumAssessed {
        fiscal_year: i32,
        household_no: String,
        version: i64,
        input_digest: String,
        total: Yen,
        reduction: Reduction,
        components: BTreeMap<String, ComponentResult>,
        incomplete: Vec<String>,
        /// 徴収計画 (absent in entries recorded before plans were kept).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        plan: Option<CollectionPlan>,
    },
}

impl AreaEvent for AssessmentEvent {
    const KINDS: &'static [&'static str] = &["income_recorded", "rate_table_set", PREMIUM_ASSESSED];

    fn kind(&self) -> &'static str {
        match self {
            Self::IncomeRecorded { .. } => "income_recorded",
            Self::RateTableSet { .. } => "rate_table_set",
            Self::PremiumAssessed { .. } => PREMIUM_ASSESSED,
        }
    }

    fn subject(&self) -> String {
        match self {
            Self::IncomeRecorded { income } => income.resident_no.to_string(),
            Self::RateTableSet { fiscal_year, .. } => format!("rate_table:{fiscal_year}"),
            Self::PremiumAssessed { household_no, .. } => household_no.clone(),
        }
    }

    fn effective_on(&self) -> Option<Date> {
        None
    }
}
