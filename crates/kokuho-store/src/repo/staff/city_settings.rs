//! 市の設定: the city's own login settings, one row per insurer (None: the installation default).

use crate::repo::OwnedRow as _;
use crate::{StoreError, Tx};

/// A city's settings as stored.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CitySettingsRow {
    /// 画面ロックまでの無操作時間（分）.
    pub idle_minutes: Option<i64>,
    /// パスワードの有効期間（日）.
    pub max_password_age_days: Option<i64>,
    pub updated_at: String,
    pub updated_by: String,
}

pub fn get(tx: &mut dyn Tx, insurer_no: &str) -> Result<Option<CitySettingsRow>, StoreError> {
    tx.query_opt(
        "SELECT idle_minutes, max_password_age_days, updated_at, updated_by FROM city_settings WHERE insurer_no = $1",
        &[insurer_no.into()],
    )?
    .map(|mut r| {
        Ok(CitySettingsRow {
            idle_minutes: r.opt_int(0)?,
            max_password_age_days: r.opt_int(1)?,
            updated_at: r.string(2)?,
            updated_by: r.string(3)?,
        })
    })
    .transpose()
}

/// Inserts or replaces the insurer's row.
pub fn put(tx: &mut dyn Tx, insurer_no: &str, s: &CitySettingsRow) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO city_settings (insurer_no, idle_minutes, max_password_age_days, updated_at, updated_by) VALUES \
         ($1,$2,$3,$4,$5) ON CONFLICT (insurer_no) DO UPDATE SET idle_minutes = excluded.idle_minutes, \
         max_password_age_days = excluded.max_password_age_days, updated_at = excluded.updated_at, updated_by = \
         excluded.updated_by",
        &[
            insurer_no.into(),
            s.idle_minutes.into(),
            s.max_password_age_days.into(),
            s.updated_at.as_str().into(),
            s.updated_by.as_str().into(),
        ],
    )?;
    Ok(())
}
