//! 資格確認書・資格情報のお知らせ: their kinds, 交付状態 and validity period (rules.md §8).
//!
//! The expiry is the earliest of: 交付日から5年, the city's standard expiry (一斉更新), the end
//! of the month in which 70 is reached (the copay ratio changes the next month), the day before
//! the 75th birthday (後期高齢者医療 starts on it) and the end of the period of stay of a foreign
//! resident. 資格情報のお知らせ carries an expiry only while it states a 70〜74 copay ratio.

use std::fmt;

use crate::kernel::code::code_enum;
use crate::kernel::date::{
    Date, YearMonth,
    age::{ELDER_COPAY_AGE, LATE_ELDERLY_AGE},
    age_on, date_reaching_age, format_wareki, late_elderly_transfer_date, period_end_after_years,
};

/// 有効期限の上限 (年): 資格確認書 is valid for at most 5 years.
pub const MAX_VALIDITY_YEARS: u32 = 5;

code_enum! {
    /// 交付物の種類.
    pub enum CertificateKind: "交付物の種類" {
        /// 資格確認書: for people without a マイナ保険証; usable at the counter.
        EligibilityCertificate = "eligibility_certificate" / "資格確認書",
        /// 資格情報のお知らせ: for マイナ保険証 holders; not usable on its own.
        EligibilityNotice = "eligibility_notice" / "資格情報のお知らせ",
    }
}

/// The label (資格確認書, 資格情報のお知らせ).
impl fmt::Display for CertificateKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

code_enum! {
    /// 交付状態: whether a certificate is in force.
    pub enum CertificateStatus: "証の交付状態" {
        /// 交付中: issued and in force.
        Issued = "issued" / "交付中",
        /// 再交付済み: replaced by a newer certificate (再交付).
        Reissued = "reissued" / "再交付済み",
        /// 返還済み: given back to the office.
        Returned = "returned" / "返還済み",
    }
}

/// 有効期限の理由: which limit decided the expiry, for the clerk to read out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExpiryReason {
    /// 交付日から5年 (the legal maximum).
    FiveYearLimit,
    /// 市の定める有効期限 (一斉更新).
    CityStandard,
    /// 70歳到達月の末日.
    ReachesAge70 {
        /// 70歳到達日 (the day before the 70th birthday).
        reached_on: Date,
    },
    /// 75歳の誕生日の前日 (後期高齢者医療へ移行).
    LateElderlyTransfer {
        /// 75歳の誕生日 = 後期高齢者医療の資格取得日.
        transfer_on: Date,
    },
    /// 在留期間の満了日.
    StayPeriodEnds {
        /// 在留期間満了日.
        stay_until: Date,
    },
}

impl fmt::Display for ExpiryReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ExpiryReason::FiveYearLimit => {
                write!(f, "交付日から{MAX_VALIDITY_YEARS}年（有効期限の上限）")
            }
            ExpiryReason::CityStandard => f.write_str("市の定める有効期限（一斉更新）"),
            ExpiryReason::ReachesAge70 { reached_on } => write!(
                f,
                "70歳到達日（{}）の属する月の末日（翌月から一部負担金割合が変わるため）",
                format_wareki(reached_on)
            ),
            ExpiryReason::LateElderlyTransfer { transfer_on } => write!(
                f,
                "75歳の誕生日（{}）に後期高齢者医療へ移行するため、その前日",
                format_wareki(transfer_on)
            ),
            ExpiryReason::StayPeriodEnds { stay_until } => {
                write!(f, "在留期間の満了日（{}）", format_wareki(stay_until))
            }
        }
    }
}

/// 有効期限: the last valid day and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CertificateExpiry {
    /// 有効期限 (inclusive).
    pub until: Date,
    /// The limit that decided it.
    pub reason: ExpiryReason,
}

/// Inputs for which no certificate can be issued.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CertificateError {
    /// 交付日が75歳の誕生日以後: the person is already in 後期高齢者医療.
    #[error(
        "交付日（{}）が75歳の誕生日（{}）以後のため、国保の{kind}は交付できません（後期高齢者医療へ移行済み）",
        format_wareki(*.issued_on),
        format_wareki(*.transfer_on)
    )]
    AlreadyLateElderly {
        /// 交付物の種類.
        kind: CertificateKind,
        /// 交付日.
        issued_on: Date,
        /// 75歳の誕生日.
        transfer_on: Date,
    },
    /// 市の有効期限が交付日より前.
    #[error(
        "市の定める有効期限（{}）が交付日（{}）より前です",
        format_wareki(*.city_standard_until),
        format_wareki(*.issued_on)
    )]
    CityStandardBeforeIssue {
        /// 交付日.
        issued_on: Date,
        /// 市の有効期限.
        city_standard_until: Date,
    },
    /// 在留期間満了日が交付日より前.
    #[error(
        "在留期間満了日（{}）が交付日（{}）より前です",
        format_wareki(*.stay_until),
        format_wareki(*.issued_on)
    )]
    StayEndedBeforeIssue {
        /// 交付日.
        issued_on: Date,
        /// 在留期間満了日.
        stay_until: Date,
    },
}

/// 有効期限 and its reason; `Ok(None)` = no expiry (資格情報のお知らせ of a person still under 70
/// on the date the period would end).
///
/// - `issued_on`: 交付日 (start of validity).
/// - `city_standard_until`: the city's standard expiry, e.g. the next 7月31日; for 70〜74 the
///   annual renewal date.
/// - `birth`: 生年月日.
/// - `stay_until`: 在留期間満了日 for a foreign resident, else `None`.
///
/// The 70 limit (end of the month of reaching 70) applies whenever that month-end is on or after
/// `issued_on`, so a certificate issued late in the 70 month still ends with it. On a tie the
/// more general reason is reported (5年, then 市の期限).
///
/// # Errors
///
/// [`CertificateError`] if the person has already moved to 後期高齢者医療 on `issued_on`, or if
/// the city's expiry or the period of stay ends before `issued_on`.
pub fn expiry(
    kind: CertificateKind,
    issued_on: Date,
    city_standard_until: Date,
    birth: Date,
    stay_until: Option<Date>,
) -> Result<Option<CertificateExpiry>, CertificateError> {
    let transfer_on = late_elderly_transfer_date(birth);
    if issued_on >= transfer_on {
        return Err(CertificateError::AlreadyLateElderly {
            kind,
            issued_on,
            transfer_on,
        });
    }
    if city_standard_until < issued_on {
        return Err(CertificateError::CityStandardBeforeIssue {
            issued_on,
            city_standard_until,
        });
    }
    if let Some(stay_until) = stay_until.filter(|s| *s < issued_on) {
        return Err(CertificateError::StayEndedBeforeIssue { issued_on, stay_until });
    }

    let mut best = CertificateExpiry {
        until: period_end_after_years(issued_on, MAX_VALIDITY_YEARS),
        reason: ExpiryReason::FiveYearLimit,
    };
    let mut shorten = |until: Date, reason: ExpiryReason| {
        // Strictly earlier only: on a tie the earlier-listed, more general reason stays.
        if until < best.until {
            best = CertificateExpiry { until, reason };
        }
    };
    shorten(city_standard_until, ExpiryReason::CityStandard);
    let reached_70 = date_reaching_age(birth, ELDER_COPAY_AGE);
    let end_of_70_month = YearMonth::of(reached_70).last_day();
    if end_of_70_month >= issued_on {
        shorten(end_of_70_month, ExpiryReason::ReachesAge70 { reached_on: reached_70 });
    }
    shorten(
        date_reaching_age(birth, LATE_ELDERLY_AGE),
        ExpiryReason::LateElderlyTransfer { transfer_on },
    );
    if let Some(stay_until) = stay_until {
        shorten(stay_until, ExpiryReason::StayPeriodEnds { stay_until });
    }

    if kind == CertificateKind::EligibilityNotice && age_on(birth, best.until) < ELDER_COPAY_AGE {
        return Ok(None);
    }
    Ok(Some(best))
}

/// 有効期限 only; see [`expiry`] for the reason and the rules.
///
/// # Errors
///
/// As [`expiry`].
pub fn valid_until(
    kind: CertificateKind,
    issued_on: Date,
    city_standard_until: Date,
    birth: Date,
    stay_until: Option<Date>,
) -> Result<Option<Date>, CertificateError> {
    expiry(kind, issued_on, city_standard_until, birth, stay_until).map(|e| e.map(|e| e.until))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::code::assert_codes;
    use CertificateKind::{EligibilityCertificate as Cert, EligibilityNotice as Notice};
    use jiff::civil::date;

    const ISSUED: Date = Date::constant(2026, 8, 1);
    const STANDARD: Date = Date::constant(2027, 7, 31);

    fn both(birth: Date, stay: Option<Date>) -> (Option<CertificateExpiry>, Option<CertificateExpiry>) {
        (
            expiry(Cert, ISSUED, STANDARD, birth, stay).unwrap(),
            expiry(Notice, ISSUED, STANDARD, birth, stay).unwrap(),
        )
    }

    fn some(until: Date, reason: ExpiryReason) -> Option<CertificateExpiry> {
        Some(CertificateExpiry { until, reason })
    }

    #[test]
    fn working_age_city_standard() {
        let (cert, notice) = both(date(1980, 5, 10), None);
        assert_eq!(cert, some(STANDARD, ExpiryReason::CityStandard));
        assert_eq!(notice, None);
    }

    #[test]
    fn five_year_limit() {
        let far = date(2040, 3, 31);
        let table = [
            (date(2026, 4, 1), date(2031, 3, 31)),
            (date(2026, 8, 1), date(2031, 7, 31)),
            // 2月29日 has no anniversary in 2033: the period ends on 2月28日 (民法143条).
            (date(2028, 2, 29), date(2033, 2, 28)),
        ];
        for (issued, until) in table {
            let e = expiry(Cert, issued, far, date(1990, 1, 1), None).unwrap();
            assert_eq!(e, some(until, ExpiryReason::FiveYearLimit), "{issued}");
        }
        // A city expiry equal to the 5-year limit reports the 5-year limit.
        let e = expiry(Cert, date(2026, 4, 1), date(2031, 3, 31), date(1990, 1, 1), None);
        assert_eq!(e.unwrap().unwrap().reason, ExpiryReason::FiveYearLimit);
    }

    #[test]
    fn reaching_70_ends_with_the_month() {
        // (birth, expected expiry, 70到達日)
        let table = [
            (date(1956, 10, 15), date(2026, 10, 31), date(2026, 10, 14)),
            // 1日生まれ: reached on the last day of the previous month.
            (date(1956, 11, 1), date(2026, 10, 31), date(2026, 10, 31)),
            (date(1956, 11, 2), date(2026, 11, 30), date(2026, 11, 1)),
            // Reaching 70 in the month of issue.
            (date(1956, 8, 20), date(2026, 8, 31), date(2026, 8, 19)),
            (date(1956, 8, 2), date(2026, 8, 31), date(2026, 8, 1)),
            (date(1957, 2, 28), date(2027, 2, 28), date(2027, 2, 27)),
        ];
        for (birth, until, reached_on) in table {
            let reason = ExpiryReason::ReachesAge70 { reached_on };
            let (cert, notice) = both(birth, None);
            assert_eq!(cert, some(until, reason), "born {birth}");
            assert_eq!(notice, some(until, reason), "born {birth}");
        }
    }

    #[test]
    fn issued_in_the_70_month_after_reaching_70_still_ends_with_it() {
        // 70 reached on 2026-10-14; issued on 10-20 (still 3割 in October, 2割 from November).
        let birth = date(1956, 10, 15);
        let reason = ExpiryReason::ReachesAge70 {
            reached_on: date(2026, 10, 14),
        };
        for kind in [Cert, Notice] {
            let e = expiry(kind, date(2026, 10, 20), STANDARD, birth, None).unwrap();
            assert_eq!(e, some(date(2026, 10, 31), reason), "{kind}");
        }
        // Issued on the first day of the next month: the annual renewal applies.
        let e = expiry(Cert, date(2026, 11, 1), STANDARD, birth, None).unwrap();
        assert_eq!(e, some(STANDARD, ExpiryReason::CityStandard));
    }

    #[test]
    fn already_70_uses_the_annual_renewal() {
        let (cert, notice) = both(date(1955, 5, 1), None);
        assert_eq!(cert, some(STANDARD, ExpiryReason::CityStandard));
        assert_eq!(notice, some(STANDARD, ExpiryReason::CityStandard));
        // 70 reached on 2026-07-31, month ended before the issue day: already 2割 in August.
        let (cert, _) = both(date(1956, 8, 1), None);
        assert_eq!(cert, some(STANDARD, ExpiryReason::CityStandard));
        // 70 reached in July 2027: the month-end equals the city expiry → city standard.
        let (cert, _) = both(date(1957, 7, 20), None);
        assert_eq!(cert, some(STANDARD, ExpiryReason::CityStandard));
    }

    #[test]
    fn late_elderly_transfer_ends_the_day_before_the_75th_birthday() {
        let table = [
            (date(1952, 1, 20), date(2027, 1, 19), date(2027, 1, 20)),
            (date(1952, 2, 1), date(2027, 1, 31), date(2027, 2, 1)),
            (date(1952, 2, 29), date(2027, 2, 28), date(2027, 3, 1)),
            (date(1951, 8, 2), date(2026, 8, 1), date(2026, 8, 2)),
        ];
        for (birth, until, transfer_on) in table {
            let reason = ExpiryReason::LateElderlyTransfer { transfer_on };
            let (cert, notice) = both(birth, None);
            assert_eq!(cert, some(until, reason), "born {birth}");
            assert_eq!(notice, some(until, reason), "born {birth}");
        }
    }

    #[test]
    fn period_of_stay() {
        let stay = date(2027, 1, 15);
        let (cert, notice) = both(date(1990, 6, 6), Some(stay));
        assert_eq!(cert, some(stay, ExpiryReason::StayPeriodEnds { stay_until: stay }));
        assert_eq!(notice, None);
        // A stay beyond the city expiry changes nothing.
        let (cert, _) = both(date(1990, 6, 6), Some(date(2030, 1, 1)));
        assert_eq!(cert, some(STANDARD, ExpiryReason::CityStandard));
        // A 72-year-old foreign resident: the notice carries the stay expiry too.
        let (_, notice) = both(date(1954, 6, 6), Some(stay));
        assert_eq!(notice, some(stay, ExpiryReason::StayPeriodEnds { stay_until: stay }));
        // Stay ending on the issue day is still valid for that day.
        let e = expiry(Cert, ISSUED, STANDARD, date(1990, 6, 6), Some(ISSUED)).unwrap();
        assert_eq!(e.map(|e| e.until), Some(ISSUED));
    }

    #[test]
    fn earliest_limit_wins() {
        // 75 on 2027-01-20 but stay ends earlier.
        let stay = date(2026, 12, 31);
        let (cert, _) = both(date(1952, 1, 20), Some(stay));
        assert_eq!(cert, some(stay, ExpiryReason::StayPeriodEnds { stay_until: stay }));
    }

    #[test]
    fn valid_until_is_the_date_only() {
        assert_eq!(
            valid_until(Cert, ISSUED, STANDARD, date(1956, 10, 15), None),
            Ok(Some(date(2026, 10, 31)))
        );
        assert_eq!(valid_until(Notice, ISSUED, STANDARD, date(1980, 1, 1), None), Ok(None));
    }

    #[test]
    fn impossible_issues_are_errors() {
        let e = expiry(Cert, ISSUED, STANDARD, date(1951, 8, 1), None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "交付日（令和8年8月1日）が75歳の誕生日（令和8年8月1日）以後のため、国保の資格確認書は交付できません（後期高齢者医療へ移行済み）"
        );
        let e = expiry(Cert, ISSUED, date(2026, 7, 31), date(1980, 1, 1), None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "市の定める有効期限（令和8年7月31日）が交付日（令和8年8月1日）より前です"
        );
        let e = expiry(Notice, ISSUED, STANDARD, date(1980, 1, 1), Some(date(2026, 7, 1))).unwrap_err();
        assert_eq!(
            e.to_string(),
            "在留期間満了日（令和8年7月1日）が交付日（令和8年8月1日）より前です"
        );
    }

    #[test]
    fn kinds_and_statuses_are_stored_by_code() {
        assert_codes(CertificateKind::ALL, CertificateKind::as_str, CertificateKind::label);
        assert_codes(
            CertificateStatus::ALL,
            CertificateStatus::as_str,
            CertificateStatus::label,
        );
        assert_eq!(Cert.as_str(), "eligibility_certificate");
        assert_eq!(Notice.as_str(), "eligibility_notice");
        let statuses: Vec<_> = CertificateStatus::ALL.iter().map(|s| (s.as_str(), s.label())).collect();
        assert_eq!(
            statuses,
            [
                ("issued", "交付中"),
                ("reissued", "再交付済み"),
                ("returned", "返還済み")
            ]
        );
        assert!("資格確認書".parse::<CertificateKind>().is_err());
    }

    #[test]
    fn reasons_read_in_japanese() {
        assert_eq!(CertificateKind::EligibilityCertificate.to_string(), "資格確認書");
        assert_eq!(CertificateKind::EligibilityNotice.to_string(), "資格情報のお知らせ");
        assert_eq!(
            ExpiryReason::ReachesAge70 {
                reached_on: date(2026, 10, 14)
            }
            .to_string(),
            "70歳到達日（令和8年10月14日）の属する月の末日（翌月から一部負担金割合が変わるため）"
        );
        assert_eq!(
            ExpiryReason::LateElderlyTransfer {
                transfer_on: date(2027, 1, 20)
            }
            .to_string(),
            "75歳の誕生日（令和9年1月20日）に後期高齢者医療へ移行するため、その前日"
        );
        assert_eq!(
            ExpiryReason::FiveYearLimit.to_string(),
            "交付日から5年（有効期限の上限）"
        );
    }
}
