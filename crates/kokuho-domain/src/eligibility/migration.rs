//! 一括移行: the records of a city's households taken over from another system (or generated,
//! for the demo city), in the form a bulk load records them — 住民異動, 資格期間 with their reasons
//! and 届出日, 所得, 区分 and 個人番号 — and the source a bulk load reads them from.

use crate::assessment::income::IncomeRecord;
use crate::eligibility::period::{AcquisitionReason, FlagAttributes, FlagKind, LossReason};
use crate::eligibility::resident::ResidentChange;
use crate::kernel::date::Date;
use crate::kernel::ids::{HouseholdNo, ResidentNo};
use crate::kernel::my_number::MyNumber;

/// 移行世帯: one household as the bulk load records it, in the order an operator would enter it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigratedHousehold {
    /// 世帯番号
    pub household_no: HouseholdNo,
    /// 住民異動 of everyone who ever belonged to the household, in chronological order.
    pub changes: Vec<ResidentChange>,
    /// 資格期間, grouped by person, each person's periods in order.
    pub periods: Vec<MigratedPeriod>,
    /// 所得 records.
    pub incomes: Vec<IncomeRecord>,
    /// 区分: dated flags on a person or on the household.
    pub flags: Vec<MigratedFlag>,
    /// 個人番号 of each person, in order of 宛名番号 (a person without one is blank).
    pub my_numbers: Vec<MigratedMyNumber>,
}

/// 資格期間: one NHI eligibility period of a person. `lost_on` is exclusive (喪失日).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigratedPeriod {
    /// 宛名番号
    pub resident_no: ResidentNo,
    /// 資格取得日
    pub acquired_on: Date,
    /// 取得事由
    pub reason: AcquisitionReason,
    /// 取得届出日
    pub acquisition_notified_on: Date,
    /// 資格喪失日 (exclusive); `None` while insured.
    pub lost_on: Option<Date>,
    /// 喪失事由
    pub loss_reason: Option<LossReason>,
    /// 喪失届出日 (for 後期: the birthday itself, no 届出 needed); `None`: notified on `lost_on`.
    pub loss_notified_on: Option<Date>,
}

impl MigratedPeriod {
    /// Whether the period covers `date`.
    pub fn covers(&self, date: Date) -> bool {
        self.acquired_on <= date && self.lost_on.is_none_or(|l| date < l)
    }
}

/// 区分: a dated flag on a person, or on the household when it names nobody (特定世帯).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigratedFlag {
    /// The kind of flag.
    pub kind: FlagKind,
    /// The person; `None` for a household flag.
    pub resident_no: Option<ResidentNo>,
    /// First day the flag applies.
    pub starts_on: Date,
    /// First day it no longer applies (exclusive); `None` = open-ended.
    pub ends_before: Option<Date>,
    /// What the kind of flag needs (離職理由, 出産予定日, …).
    pub attributes: FlagAttributes,
}

/// 個人番号 as the other system held it for a person: linked by the load, or sent to the
/// 要確認リスト (blank, duplicate) by the same rule as a link at the counter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigratedMyNumber {
    /// 宛名番号
    pub resident_no: ResidentNo,
    /// The number; `None` when blank (空欄).
    pub number: Option<MyNumber>,
}

/// Where a bulk load reads its households: household `index` of `0..count()`, as a pure
/// function of the index, so the load can prepare households on another thread.
pub trait HouseholdSource: Sync {
    /// Number of households.
    fn count(&self) -> u32;
    /// Household `index` (0-based, below [`Self::count`]).
    fn migrated(&self, index: u32) -> MigratedHousehold;
}
