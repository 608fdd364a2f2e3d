//! 料率表: a city's premium rates per fiscal year, as master data (issue: 賦課 item 3). Set by
//! 賦課担当 through the journal (so every change is dated, attributed and replayable) and read by
//! the assessment and the counter simulation. Validated by the same domain code as the
//! calculator: caps at or below the 政令 maximum, plausible rates, no unknown fields.

pub use super::outcomes::RateTableChange;
use crate::audit::{AuditAction, AuditEvent};
use kokuho_domain::assessment::collection_plan::CollectionSettings;
use kokuho_domain::assessment::premium::input::RatesInput;
use kokuho_domain::assessment::premium::published::published_rates;
use kokuho_domain::assessment::premium::validate_rates;
use kokuho_domain::contract::CalcError;
use kokuho_store::repo::assessment::rate_tables::{self, RateTableRow};
use serde::Serialize;

use crate::assessment::events::AssessmentEvent;
use crate::error::{AppError, AppResult};
use crate::{Actor, App, Audited, Ctx, Permission};

/// Longest label (it is printed on notices and screens).
const LABEL_MAX_CHARS: usize = 100;

/// A stored rate table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RateTable {
    /// 賦課年度.
    pub fiscal_year: i32,
    /// 表示名（例: 「令和7年度（尼崎市の公表料率）」）.
    pub label: String,
    /// spec/calculators.md §1 の `rates`.
    pub rates: RatesInput,
    /// 納期の設定（普通徴収の月・端数単位・端数の寄せ方・特別徴収の平準化）.
    pub collection: CollectionSettings,
    /// 設定した職員.
    pub set_by: String,
    /// 設定日時.
    pub set_at: String,
}

fn view(row: RateTableRow) -> AppResult<RateTable> {
    Ok(RateTable {
        fiscal_year: i32::try_from(row.fiscal_year)
            .map_err(|_| AppError::Internal("fiscal year out of range".into()))?,
        label: row.label,
        rates: row.rates,
        collection: row.collection.unwrap_or_default(),
        set_by: row.set_by,
        set_at: row.set_at,
    })
}

impl App {
    /// 料率表の設定: validates `rates` for `fiscal_year` and records it with the year's 納期
    /// settings (`None`: the default schedule); an identical table is not recorded again.
    pub fn set_rate_table(
        &self,
        actor: &Actor,
        fiscal_year: i32,
        label: &str,
        rates: &RatesInput,
        collection: Option<&CollectionSettings>,
    ) -> AppResult<RateTableChange> {
        let subject = format!("rate_table:{fiscal_year}");
        self.run(actor, Permission::Assessment, AuditAction::RatesSet, &subject, |cx| {
            let change = set(cx, fiscal_year, label, rates, collection)?;
            Ok(Audited::new(
                change,
                &subject,
                AuditEvent::RatesSet {
                    fiscal_year,
                    label: label.to_string(),
                    change,
                },
            ))
        })
    }

    /// 料率表の一覧 (newest year first).
    pub fn rate_tables(&self, actor: &Actor) -> AppResult<Vec<RateTable>> {
        self.run(
            actor,
            Permission::Assessment,
            AuditAction::RatesList,
            "rate_tables",
            |cx| {
                let ins = cx.insurer().to_string();
                let rows = rate_tables::all(cx.tx, &ins)?
                    .into_iter()
                    .map(view)
                    .collect::<AppResult<Vec<_>>>()?;
                let n = rows.len();
                Ok(Audited::new(rows, "rate_tables", AuditEvent::RatesList { count: n }))
            },
        )
    }

    /// The rate table of `fiscal_year`.
    pub fn rate_table(&self, actor: &Actor, fiscal_year: i32) -> AppResult<RateTable> {
        let subject = format!("rate_table:{fiscal_year}");
        self.run(actor, Permission::Assessment, AuditAction::RatesGet, &subject, |cx| {
            let ins = cx.insurer().to_string();
            let row = rate_tables::of_year(cx.tx, &ins, i64::from(fiscal_year))?
                .ok_or_else(|| AppError::not_found(format!("{fiscal_year}年度の料率表")))?;
            Ok(Audited::new(view(row)?, &subject, AuditEvent::RatesGet {}))
        })
    }

    /// The demo city's tables: 尼崎市 FY2025 (official) and the labelled FY2026 example.
    pub fn set_demo_rate_tables(&self, actor: &Actor) -> AppResult<()> {
        for t in published_rates() {
            let rates = kokuho_contract::premium::validate_rates(t.fiscal_year, t.rates)
                .map_err(|e| AppError::Internal(format!("published rates {}: {}", t.fiscal_year, e.message)))?;
            self.set_rate_table(actor, t.fiscal_year, t.label, &rates, None)?;
        }
        Ok(())
    }
}

/// A `rates` document (a file, an API body) read for `fiscal_year` as the calculator reads it;
/// refused as [`App::set_rate_table`] refuses a table, naming the field and its path.
pub fn read_rates(fiscal_year: i32, json: &str) -> AppResult<RatesInput> {
    kokuho_contract::premium::validate_rates(fiscal_year, json).map_err(refused)
}

fn refused(e: CalcError) -> AppError {
    let field = if e.path == "fiscal_year" {
        "fiscal_year"
    } else {
        "rates"
    };
    AppError::invalid(
        field,
        if e.message.contains(&e.path) {
            e.message
        } else {
            format!("{}: {}", e.path, e.message)
        },
    )
}

fn set(
    cx: &mut Ctx<'_>,
    fiscal_year: i32,
    label: &str,
    rates: &RatesInput,
    collection: Option<&CollectionSettings>,
) -> AppResult<RateTableChange> {
    let label = label.trim();
    if label.is_empty() {
        return Err(AppError::invalid("label", "表示名を入力してください"));
    }
    if label.chars().count() > LABEL_MAX_CHARS {
        return Err(AppError::invalid(
            "label",
            format!("表示名は{LABEL_MAX_CHARS}文字以内にしてください"),
        ));
    }
    let rates = validate_rates(fiscal_year, rates.clone()).map_err(refused)?;
    if let Some(c) = collection {
        c.validate().map_err(|e| {
            AppError::invalid(
                if e.field == "unit" {
                    "collection.unit"
                } else {
                    "collection.months"
                },
                e.message,
            )
        })?;
    }
    let collection = collection.cloned();
    let ins = cx.insurer().to_string();
    let existing = rate_tables::of_year(cx.tx, &ins, i64::from(fiscal_year))?;
    let change = match &existing {
        Some(row) if row.rates == rates && row.label == label && row.collection == collection => {
            return Ok(RateTableChange::Unchanged);
        }
        Some(_) => RateTableChange::Changed,
        None => RateTableChange::Created,
    };
    cx.record(AssessmentEvent::RateTableSet {
        fiscal_year,
        label: label.to_string(),
        rates: Box::new(rates),
        collection,
    })?;
    Ok(change)
}
