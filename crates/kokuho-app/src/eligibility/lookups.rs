//! What several 資格 use cases ask of the register: who is insured on a date, alone or in a household.

use jiff::civil::Date;
use kokuho_store::Tx;
use kokuho_store::repo::eligibility::periods as elig;
use kokuho_store::repo::eligibility::residents;

use crate::error::AppResult;

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
