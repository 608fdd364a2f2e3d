//! 資格: NHI eligibility periods, their reasons, and the dated flags attached to insured people.
//!
//! A person's eligibility is a timeline of periods `[acquired_on, lost_on)`; `lost_on` (喪失日)
//! is exclusive, so a death on 5/31 gives `lost_on = 6/1` and May is still covered.

use serde::{Deserialize, Serialize};

use crate::eligibility::resident::FieldProblem;
use crate::kernel::code::code_enum;
use crate::kernel::date::Date;
use crate::kernel::ids::ResidentNo;

/// Days within which a change must be notified (国保法施行規則: 14日以内).
pub const NOTIFICATION_DAYS: i32 = 14;

/// A [`code_enum!`] that also reads its Japanese label (`parse`: forms and files accept either)
/// and keeps the name `code()` its callers use for the stored code.
macro_rules! coded_enum {
    (
        $(#[$m:meta])* $name:ident: $what:literal {
            $($(#[$vm:meta])* $variant:ident = $code:literal / $label:literal),+ $(,)?
        }
    ) => {
        code_enum! {
            $(#[$m])*
            pub enum $name: $what { $($(#[$vm])* $variant = $code / $label),+ }
        }

        impl $name {
            /// Stable ASCII code (JSON, journal, files, database): [`Self::as_str`].
            pub fn code(self) -> &'static str { self.as_str() }
            /// Parses the code or the Japanese label.
            pub fn parse(s: &str) -> Option<Self> {
                let s = s.trim();
                Self::ALL.iter().copied().find(|v| v.code() == s || v.label() == s)
            }
        }
    };
}

coded_enum! {
    /// 資格取得事由.
    AcquisitionReason: "資格取得事由" {
        /// 転入
        MoveIn = "move_in" / "転入",
        /// 社保離脱 (left employee insurance)
        LeftEmployeeInsurance = "left_employee_insurance" / "社保離脱",
        /// 出生
        Birth = "birth" / "出生",
        /// 生保廃止 (public assistance ended)
        WelfareEnded = "welfare_ended" / "生保廃止",
        /// その他
        Other = "other" / "その他",
    }
}

coded_enum! {
    /// 資格喪失事由.
    LossReason: "資格喪失事由" {
        /// 転出 (lost the day after moving out)
        MoveOut = "move_out" / "転出",
        /// 社保加入 (lost on the day employee insurance starts)
        JoinedEmployeeInsurance = "joined_employee_insurance" / "社保加入",
        /// 死亡 (lost the day after death)
        Death = "death" / "死亡",
        /// 生保開始 (public assistance started)
        WelfareStarted = "welfare_started" / "生保開始",
        /// 後期高齢者 (75th birthday, automatic)
        LateElderly = "late_elderly" / "後期高齢者",
        /// その他
        Other = "other" / "その他",
    }
}

coded_enum! {
    /// 被保険者・世帯に付く日付つきの区分 (flag kinds).
    FlagKind: "区分" {
        /// 支援措置 (DV等): access restricted; the person may also refuse disclosure to the intermediary server.
        SupportMeasure = "support_measure" / "支援措置",
        /// 学遠 (マル学): student living away.
        StudentAway = "student_away" / "学遠",
        /// 住所地特例
        ResidenceException = "residence_exception" / "住所地特例",
        /// 介護適用除外
        CareExempt = "care_exempt" / "介護適用除外",
        /// 非自発的失業 (特例対象被保険者等)
        InvoluntaryUnemployment = "involuntary_unemployment" / "非自発的失業",
        /// 旧被扶養者
        FormerDependent = "former_dependent" / "旧被扶養者",
        /// 産前産後 (maternity exemption)
        Maternity = "maternity" / "産前産後",
        /// 特定同一世帯所属者 (moved to 後期, still in the household)
        SpecifiedSameHousehold = "specified_same_household" / "特定同一世帯所属者",
        /// 特定世帯 (set on the household when a member moves to 後期 and one insured remains)
        SpecifiedHousehold = "specified_household" / "特定世帯",
    }
}

/// 離職理由コード that make a separation 非自発的 (rules.md §4.3 [公] 能美市・防府市):
/// 特定受給資格者 11, 12, 21, 22, 31, 32 and 特定理由離職者 23, 33, 34.
pub const INVOLUNTARY_SEPARATION_CODES: [&str; 9] = ["11", "12", "21", "22", "31", "32", "23", "33", "34"];

/// Extra attributes some flags carry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlagAttributes {
    /// 支援措置: the resident asked not to disclose own information to the intermediary server.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub no_disclosure_to_intermediary: bool,
    /// 非自発的失業: 離職理由コード.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub separation_reason_code: Option<String>,
    /// 非自発的失業: 離職日.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub separated_on: Option<Date>,
    /// 産前産後: 出産予定月 (its first day).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_birth_month: Option<Date>,
    /// 産前産後: 多胎妊娠.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub multiple_birth: bool,
}

impl FlagKind {
    /// Checks the attributes this kind needs; returns every problem.
    pub fn validate_attributes(self, a: &FlagAttributes) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        match self {
            FlagKind::InvoluntaryUnemployment => {
                match a.separation_reason_code.as_deref() {
                    Some(code) if INVOLUNTARY_SEPARATION_CODES.contains(&code) => {}
                    Some(_) => problems.push(FieldProblem::new(
                        "separation_reason_code",
                        "離職理由コードが非自発的失業の対象（11,12,21,22,31,32,23,33,34）ではありません",
                    )),
                    None => problems.push(FieldProblem::new(
                        "separation_reason_code",
                        "離職理由コードを指定してください",
                    )),
                }
                if a.separated_on.is_none() {
                    problems.push(FieldProblem::new("separated_on", "離職日を指定してください"));
                }
            }
            FlagKind::Maternity if a.expected_birth_month.is_none() => {
                problems.push(FieldProblem::new(
                    "expected_birth_month",
                    "出産予定月を指定してください",
                ));
            }
            _ => {}
        }
        problems
    }

    /// Flags kept on the household rather than on a person.
    pub fn is_household_flag(self) -> bool {
        self == FlagKind::SpecifiedHousehold
    }
}

/// The statutory period `[from, until)` of a flag whose period follows from its attributes:
///
/// - 非自発的失業 (rules.md §4.3 [公] 久留米市): from the month containing the day after the
///   separation, to the end of the fiscal year after that month's fiscal year
///   (離職 2021-10-31 → 2021-11 〜 2023-03).
/// - 産前産後 (rules.md §4.2 [公] 尼崎市・豊中市): single birth, the month before the expected month
///   for 4 months; multiple birth, from 3 months before for 6 months (予定 10月 → 9〜12月 / 7〜12月).
///
/// Other kinds have no statutory period (None).
pub fn statutory_flag_period(kind: FlagKind, a: &FlagAttributes) -> Option<(Date, Date)> {
    use crate::kernel::date::{FiscalYear, YearMonth};
    let month_start = |d: Date, months: i32| -> Option<Date> {
        YearMonth::of(d)
            .first_day()
            .checked_add(jiff::Span::new().months(months))
            .ok()
    };
    match kind {
        FlagKind::InvoluntaryUnemployment => {
            let start = YearMonth::of(a.separated_on?.tomorrow().ok()?).first_day();
            let until = FiscalYear::of(start).next()?.next()?.start();
            Some((start, until))
        }
        FlagKind::Maternity => {
            let expected = a.expected_birth_month?;
            let before = if a.multiple_birth { -3 } else { -1 };
            Some((month_start(expected, before)?, month_start(expected, 3)?))
        }
        _ => None,
    }
}

/// A notification is late (遅延届出) when made more than 14 days after the effective date.
pub fn is_late_notification(effective_on: Date, notified_on: Date) -> bool {
    match effective_on.checked_add(jiff::Span::new().days(NOTIFICATION_DAYS)) {
        Ok(limit) => notified_on > limit,
        Err(_) => false,
    }
}

/// 資格期間: one continuous NHI eligibility period of a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EligibilityPeriod {
    /// Internal id of the period (stable across corrections).
    pub period_id: i64,
    /// 宛名番号
    pub resident_no: ResidentNo,
    /// 資格取得日
    pub acquired_on: Date,
    /// 取得事由
    pub acquisition_reason: AcquisitionReason,
    /// 取得届出日
    pub acquisition_notified_on: Date,
    /// 資格喪失日 (exclusive); None while insured.
    pub lost_on: Option<Date>,
    /// 喪失事由
    pub loss_reason: Option<LossReason>,
    /// 喪失届出日
    pub loss_notified_on: Option<Date>,
}

impl EligibilityPeriod {
    /// Whether the person is insured on `date`.
    pub fn covers(&self, date: Date) -> bool {
        self.acquired_on <= date && self.lost_on.is_none_or(|l| date < l)
    }

    /// Whether two periods share at least one day.
    pub fn overlaps(&self, acquired_on: Date, lost_on: Option<Date>) -> bool {
        let starts_before_other_ends = lost_on.is_none_or(|l| self.acquired_on < l);
        let other_starts_before_self_ends = self.lost_on.is_none_or(|l| acquired_on < l);
        starts_before_other_ends && other_starts_before_self_ends
    }
}

/// Checks a new or corrected period against the person's other periods (重複資格の防止).
pub fn check_no_overlap(
    others: &[EligibilityPeriod],
    skip_period_id: Option<i64>,
    acquired_on: Date,
    lost_on: Option<Date>,
) -> Result<(), FieldProblem> {
    if lost_on.is_some_and(|l| l <= acquired_on) {
        return Err(FieldProblem::new(
            "lost_on",
            "資格喪失日は資格取得日より後の日付にしてください",
        ));
    }
    let clash = others
        .iter()
        .filter(|p| Some(p.period_id) != skip_period_id)
        .find(|p| p.overlaps(acquired_on, lost_on));
    match clash {
        None => Ok(()),
        Some(p) => Err(FieldProblem::new(
            "acquired_on",
            format!(
                "資格期間が既存の期間（{}〜{}）と重複しています",
                p.acquired_on,
                p.lost_on.map_or_else(|| "継続中".to_string(), |d| d.to_string())
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::code::assert_codes;
    use jiff::civil::date;

    fn period(id: i64, from: Date, to: Option<Date>) -> EligibilityPeriod {
        EligibilityPeriod {
            period_id: id,
            resident_no: "1".parse().unwrap(),
            acquired_on: from,
            acquisition_reason: AcquisitionReason::MoveIn,
            acquisition_notified_on: from,
            lost_on: to,
            loss_reason: None,
            loss_notified_on: None,
        }
    }

    #[test]
    fn lost_on_is_exclusive() {
        let p = period(1, date(2026, 4, 1), Some(date(2026, 6, 1)));
        assert!(p.covers(date(2026, 5, 31)));
        assert!(!p.covers(date(2026, 6, 1)));
        assert!(!p.covers(date(2026, 3, 31)));
    }

    #[test]
    fn adjacent_periods_do_not_overlap_but_shared_days_do() {
        let existing = [period(1, date(2025, 4, 1), Some(date(2026, 4, 1)))];
        assert!(check_no_overlap(&existing, None, date(2026, 4, 1), None).is_ok());
        let err = check_no_overlap(&existing, None, date(2026, 3, 31), None).unwrap_err();
        assert_eq!(err.field, "acquired_on");
        assert!(err.message.contains("重複"));
        // A correction of the same period is not compared with itself.
        assert!(check_no_overlap(&existing, Some(1), date(2025, 5, 1), None).is_ok());
    }

    #[test]
    fn loss_must_follow_acquisition() {
        let err = check_no_overlap(&[], None, date(2026, 4, 1), Some(date(2026, 4, 1))).unwrap_err();
        assert_eq!(err.field, "lost_on");
    }

    #[test]
    fn open_period_overlaps_everything_after_it() {
        let existing = [period(1, date(2020, 1, 1), None)];
        assert!(check_no_overlap(&existing, None, date(2030, 1, 1), Some(date(2030, 2, 1))).is_err());
        assert!(check_no_overlap(&existing, None, date(2019, 1, 1), Some(date(2020, 1, 1))).is_ok());
    }

    #[test]
    fn late_notification_after_14_days() {
        assert!(!is_late_notification(date(2026, 4, 1), date(2026, 4, 15)));
        assert!(is_late_notification(date(2026, 4, 1), date(2026, 4, 16)));
        assert!(!is_late_notification(date(2026, 4, 1), date(2026, 3, 20)));
    }

    #[test]
    fn codes_and_labels_round_trip() {
        for r in AcquisitionReason::ALL {
            assert_eq!(AcquisitionReason::parse(r.code()), Some(*r));
            assert_eq!(AcquisitionReason::parse(r.label()), Some(*r));
        }
        for r in LossReason::ALL {
            assert_eq!(LossReason::parse(r.label()), Some(*r));
        }
        for k in FlagKind::ALL {
            assert_eq!(FlagKind::parse(k.code()), Some(*k));
        }
        assert_eq!(LossReason::parse("不明"), None);
        assert_codes(
            AcquisitionReason::ALL,
            AcquisitionReason::as_str,
            AcquisitionReason::label,
        );
        assert_codes(LossReason::ALL, LossReason::as_str, LossReason::label);
        assert_codes(FlagKind::ALL, FlagKind::as_str, FlagKind::label);
        // The database and the journal read the code only, never the label.
        assert_eq!("support_measure".parse::<FlagKind>(), Ok(FlagKind::SupportMeasure));
        assert!("支援措置".parse::<FlagKind>().is_err());
    }

    #[test]
    fn statutory_periods_of_unemployment_and_maternity() {
        let a = FlagAttributes {
            separation_reason_code: Some("11".into()),
            separated_on: Some(date(2021, 10, 31)),
            ..Default::default()
        };
        assert_eq!(
            statutory_flag_period(FlagKind::InvoluntaryUnemployment, &a),
            Some((date(2021, 11, 1), date(2023, 4, 1)))
        );
        // Separation mid-month: the day after is in the same month.
        let a = FlagAttributes {
            separated_on: Some(date(2026, 3, 15)),
            ..a
        };
        assert_eq!(
            statutory_flag_period(FlagKind::InvoluntaryUnemployment, &a),
            Some((date(2026, 3, 1), date(2027, 4, 1)))
        );
        // Separation on 3/31: the next day opens a new fiscal year.
        let a = FlagAttributes {
            separated_on: Some(date(2026, 3, 31)),
            ..a
        };
        assert_eq!(
            statutory_flag_period(FlagKind::InvoluntaryUnemployment, &a),
            Some((date(2026, 4, 1), date(2028, 4, 1)))
        );
        let m = FlagAttributes {
            expected_birth_month: Some(date(2026, 10, 1)),
            ..Default::default()
        };
        assert_eq!(
            statutory_flag_period(FlagKind::Maternity, &m),
            Some((date(2026, 9, 1), date(2027, 1, 1)))
        );
        let m = FlagAttributes {
            multiple_birth: true,
            ..m
        };
        assert_eq!(
            statutory_flag_period(FlagKind::Maternity, &m),
            Some((date(2026, 7, 1), date(2027, 1, 1)))
        );
        assert_eq!(
            statutory_flag_period(FlagKind::StudentAway, &FlagAttributes::default()),
            None
        );
    }

    #[test]
    fn involuntary_unemployment_needs_an_eligible_code_and_date() {
        let mut a = FlagAttributes {
            separation_reason_code: Some("41".into()),
            ..Default::default()
        };
        let p = FlagKind::InvoluntaryUnemployment.validate_attributes(&a);
        assert_eq!(p.len(), 2);
        a.separation_reason_code = Some("23".into());
        a.separated_on = Some(date(2026, 3, 31));
        assert!(FlagKind::InvoluntaryUnemployment.validate_attributes(&a).is_empty());
    }
}
