//! What several 資格 use cases ask of the register: who is insured on a date, and the kinds of work
//! items the register's changes raise.

use jiff::civil::Date;
use kokuho_store::Tx;
use kokuho_store::repo::eligibility::periods as elig;
use kokuho_store::repo::eligibility::residents;

use crate::error::AppResult;

/// 作業の種類 raised by resident-register changes.
pub mod work {
    /// 転入: 国保加入の届出を確認する.
    pub const MOVE_IN_ENROLLMENT: &str = "move_in_enrollment";
    /// 出生: 自動で取得した資格（社保扶養の有無）を確認する.
    pub const BIRTH_CONFIRMATION: &str = "birth_confirmation";
    /// 死亡: 自動喪失の確認と葬祭費の案内.
    pub const DEATH_FOLLOW_UP: &str = "death_follow_up";
    /// 転出: 自動喪失の確認と資格確認書の返還.
    pub const MOVE_OUT_FOLLOW_UP: &str = "move_out_follow_up";
    /// 75歳到達: 後期高齢者医療へ移行した.
    pub const LATE_ELDERLY_TRANSFER: &str = "late_elderly_transfer";

    pub fn label(kind: &str) -> &str {
        match kind {
            MOVE_IN_ENROLLMENT => "転入者の国保加入確認",
            BIRTH_CONFIRMATION => "出生による資格取得の確認",
            DEATH_FOLLOW_UP => "死亡による資格喪失の確認",
            MOVE_OUT_FOLLOW_UP => "転出による資格喪失の確認",
            LATE_ELDERLY_TRANSFER => "後期高齢者医療への移行",
            other => other,
        }
    }
}

/// Whether a person is insured on a date (喪失日 exclusive).
pub(crate) fn insured_on(tx: &mut dyn Tx, ins: &str, resident_no: &str, on: Date) -> AppResult<bool> {
    Ok(elig::periods_of(tx, ins, resident_no)?
        .iter()
        .any(|p| p.acquired_on <= on && p.lost_on.is_none_or(|l| on < l)))
}

/// How many members of a household (as of `on`) are insured on `on`.
pub(crate) fn insured_in_household(tx: &mut dyn Tx, ins: &str, household_no: &str, on: Date) -> AppResult<usize> {
    let mut n = 0;
    for m in residents::household_as_of(tx, ins, household_no, on)? {
        if insured_on(tx, ins, &m.resident_no, on)? {
            n += 1;
        }
    }
    Ok(n)
}
