//! 資格: enrollment, withdrawal, retroactive correction, flags, certificates, age transitions.

use crate::audit::value::FlagKindCode;
use crate::audit::{AuditAction, AuditEvent};
use jiff::civil::Date;
use kokuho_domain::eligibility::certificate::{CertificateKind, CertificateStatus};
use kokuho_domain::eligibility::period::{
    AcquisitionReason, EligibilityPeriod, FlagAttributes, FlagKind, LossReason, check_no_overlap, is_late_notification,
    statutory_flag_period,
};
use kokuho_domain::eligibility::resident::FieldProblem;
use kokuho_domain::kernel::date::{age_on, late_elderly_transfer_date};
use kokuho_domain::kernel::work::{WorkItemStatus, WorkKind};
use kokuho_store::Tx;
use kokuho_store::repo::eligibility::periods::{self as elig, PeriodRow};
use kokuho_store::repo::eligibility::residents;
use serde::{Deserialize, Serialize};

use crate::eligibility::events::{CardAssignment, EligibilityEvent};
use crate::error::{AppError, AppResult};
use crate::projection::ProjectionStore;
use crate::work::events::WorkEvent;
use crate::{Actor, App, Audited, Ctx, Permission};

use crate::work::raise;

/// 記号 printed on cards of this installation (a city setting later; fixed for now).
pub const CARD_SYMBOL: &str = "01";

/// 資格取得の届出.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EnrollRequest {
    /// 宛名番号
    pub resident_no: String,
    /// 資格取得日
    pub acquired_on: Date,
    /// 取得事由 (code or 日本語: 転入, 社保離脱, 出生, 生保廃止, その他)
    pub reason: String,
    /// 届出日
    pub notified_on: Date,
}

/// 資格喪失の届出.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WithdrawRequest {
    pub resident_no: String,
    /// 資格喪失日 (the first day without coverage: 社保加入日, 死亡・転出の翌日)
    pub lost_on: Date,
    /// 喪失事由 (転出, 社保加入, 死亡, 生保開始, 後期高齢者, その他)
    pub reason: String,
    pub notified_on: Date,
}

/// 遡及訂正 of a period.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CorrectPeriodRequest {
    pub period_id: i64,
    pub acquired_on: Date,
    pub acquisition_reason: String,
    pub lost_on: Option<Date>,
    pub loss_reason: Option<String>,
    /// 訂正理由
    pub note: String,
}

/// 区分の設定.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SetFlagRequest {
    /// 区分 (support_measure, student_away, residence_exception, care_exempt,
    /// involuntary_unemployment, former_dependent, maternity, specified_same_household, specified_household)
    pub kind: String,
    pub resident_no: Option<String>,
    pub household_no: Option<String>,
    pub from: Date,
    pub until: Option<Date>,
    #[serde(default)]
    pub attributes: FlagAttributes,
}

/// 資格確認書・資格情報のお知らせの交付.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IssueCertificateRequest {
    pub resident_no: String,
    /// eligibility_certificate (資格確認書) | eligibility_notice (資格情報のお知らせ)
    pub kind: String,
    pub issued_on: Date,
    /// The city's standard expiry (一斉更新日の前日), e.g. 2027-07-31.
    pub standard_until: Date,
}

fn parse_or<T>(v: Option<T>, field: &'static str, label: &str) -> AppResult<T> {
    v.ok_or_else(|| AppError::invalid(field, format!("{label}が正しくありません")))
}

pub(crate) fn to_domain(p: &PeriodRow) -> AppResult<EligibilityPeriod> {
    Ok(EligibilityPeriod {
        period_id: p.period_id,
        resident_no: p
            .resident_no
            .parse()
            .map_err(|_| AppError::Internal("stored resident_no".into()))?,
        acquired_on: p.acquired_on,
        acquisition_reason: AcquisitionReason::parse(&p.acquisition_reason).unwrap_or(AcquisitionReason::Other),
        acquisition_notified_on: p.acquisition_notified_on,
        lost_on: p.lost_on,
        loss_reason: p.loss_reason.as_deref().and_then(LossReason::parse),
        loss_notified_on: p.loss_notified_on,
    })
}

/// The person's period that has no loss date yet.
pub(crate) fn open_period(tx: &mut dyn Tx, ins: &str, resident_no: &str) -> AppResult<Option<PeriodRow>> {
    Ok(elig::periods_of(tx, ins, resident_no)?
        .into_iter()
        .find(|p| p.lost_on.is_none()))
}

/// Decides the 記号・番号・枝番 for a person joining `household_no`: the household's card (a new
/// one if it has none) and the next 枝番 never used on that card.
pub(crate) fn assign_card(cx: &mut Ctx<'_>, household_no: &str, resident_no: &str) -> AppResult<CardAssignment> {
    cx.with_projection(|p| card_for(p, household_no, resident_no))
}

/// `assign_card` on any view of the current state (a bulk load decides against its own rows).
pub(crate) fn card_for(
    p: &mut dyn ProjectionStore,
    household_no: &str,
    resident_no: &str,
) -> AppResult<CardAssignment> {
    let (card_number, new_card) = match p.card_of_household(household_no)? {
        Some(c) => (c.card_number, false),
        None => {
            let last = p.max_card_number()?.and_then(|n| n.parse::<u64>().ok()).unwrap_or(0);
            (format!("{:07}", last + 1), true)
        }
    };
    let branch_no = match p.branch_of(&card_number, resident_no)? {
        Some(b) => b,
        None => {
            let highest = p
                .branches_of_card(&card_number)?
                .iter()
                .filter_map(|b| b.parse::<u32>().ok())
                .max()
                .unwrap_or(0);
            let n = Some(highest + 1)
                .filter(|n| *n <= 99)
                .ok_or_else(|| AppError::Conflict("この記号番号の枝番（99まで）を使い切りました".into()))?;
            format!("{n:02}")
        }
    };
    Ok(CardAssignment {
        household_no: household_no.to_string(),
        card_symbol: CARD_SYMBOL.to_string(),
        card_number,
        branch_no,
        new_card,
    })
}

impl App {
    /// 資格取得.
    pub fn enroll(&self, actor: &Actor, req: &EnrollRequest) -> AppResult<i64> {
        self.run(
            actor,
            Permission::EligibilityWrite,
            AuditAction::EligibilityEnroll,
            &req.resident_no,
            |cx| {
                let reason = parse_or(AcquisitionReason::parse(&req.reason), "reason", "取得事由")?;
                let ins = cx.insurer().to_string();
                let resident = residents::get(cx.tx, &ins, &req.resident_no)?
                    .ok_or_else(|| AppError::not_found(format!("宛名番号{}の住民", req.resident_no)))?;
                let mut problems = Vec::new();
                if !resident.status.is_registered() {
                    problems.push(FieldProblem::new(
                        "resident_no",
                        "転出・死亡した住民は資格取得できません",
                    ));
                }
                if req.acquired_on < resident.birth_date {
                    problems.push(FieldProblem::new("acquired_on", "資格取得日が生年月日より前です"));
                }
                if age_on(resident.birth_date, req.acquired_on) >= 75
                    || req.acquired_on >= late_elderly_transfer_date(resident.birth_date)
                {
                    problems.push(FieldProblem::new(
                        "acquired_on",
                        "75歳以上の方は後期高齢者医療の対象です",
                    ));
                }
                let others = periods_domain(cx.tx, &ins, &req.resident_no)?;
                if let Err(p) = check_no_overlap(&others, None, req.acquired_on, None) {
                    problems.push(p);
                }
                if !problems.is_empty() {
                    return Err(AppError::Invalid(problems));
                }
                let card = assign_card(cx, &resident.household_no, &req.resident_no)?;
                let appended = cx.record(EligibilityEvent::Enrolled {
                    resident_no: req.resident_no.clone(),
                    household_no: resident.household_no.clone(),
                    acquired_on: req.acquired_on,
                    reason,
                    notified_on: req.notified_on,
                    late: is_late_notification(req.acquired_on, req.notified_on),
                    card,
                })?;
                // The 転入 check that asked for this enrollment is done now.
                for w in kokuho_store::repo::work_items::list(
                    cx.tx,
                    &ins,
                    Some(WorkItemStatus::Open),
                    Some(&req.resident_no),
                    100,
                    0,
                )? {
                    if w.kind == WorkKind::MoveInEnrollment {
                        cx.record(WorkEvent::WorkItemClosed {
                            work_item_id: w.work_item_id,
                            note: "資格取得の登録により完了（自動）".into(),
                        })?;
                    }
                }
                Ok(Audited::new(
                    appended.seq,
                    &req.resident_no,
                    AuditEvent::EligibilityEnroll {
                        period_id: appended.seq,
                    },
                ))
            },
        )
    }

    /// 資格喪失.
    pub fn withdraw(&self, actor: &Actor, req: &WithdrawRequest) -> AppResult<()> {
        self.run(
            actor,
            Permission::EligibilityWrite,
            AuditAction::EligibilityWithdraw,
            &req.resident_no,
            |cx| {
                let reason = parse_or(LossReason::parse(&req.reason), "reason", "喪失事由")?;
                let ins = cx.insurer().to_string();
                let open = open_period(cx.tx, &ins, &req.resident_no)?
                    .ok_or_else(|| AppError::invalid("resident_no", "資格取得中の期間がありません"))?;
                if req.lost_on <= open.acquired_on {
                    return Err(AppError::invalid(
                        "lost_on",
                        "資格喪失日は資格取得日より後の日付にしてください",
                    ));
                }
                cx.record(EligibilityEvent::Withdrawn {
                    period_id: open.period_id,
                    resident_no: req.resident_no.clone(),
                    lost_on: req.lost_on,
                    reason,
                    notified_on: req.notified_on,
                    late: is_late_notification(req.lost_on, req.notified_on),
                })?;
                Ok(Audited::new(
                    (),
                    &req.resident_no,
                    AuditEvent::EligibilityWithdraw {
                        period_id: open.period_id,
                    },
                ))
            },
        )
    }

    /// 遡及訂正: rewrites a period's dates/reasons as a new journal entry (the old one stays).
    pub fn correct_period(&self, actor: &Actor, req: &CorrectPeriodRequest) -> AppResult<()> {
        self.run(
            actor,
            Permission::EligibilityWrite,
            AuditAction::EligibilityCorrect,
            &format!("period:{}", req.period_id),
            |cx| {
                let acquisition_reason = parse_or(
                    AcquisitionReason::parse(&req.acquisition_reason),
                    "acquisition_reason",
                    "取得事由",
                )?;
                let loss_reason = match &req.loss_reason {
                    None => None,
                    Some(r) => Some(parse_or(LossReason::parse(r), "loss_reason", "喪失事由")?),
                };
                if req.lost_on.is_some() != loss_reason.is_some() {
                    return Err(AppError::invalid(
                        "loss_reason",
                        "資格喪失日と喪失事由は両方指定してください",
                    ));
                }
                if req.note.trim().is_empty() {
                    return Err(AppError::invalid("note", "訂正理由を入力してください"));
                }
                let ins = cx.insurer().to_string();
                let p = elig::get_period(cx.tx, &ins, req.period_id)?
                    .ok_or_else(|| AppError::not_found(format!("資格期間{}", req.period_id)))?;
                let others = periods_domain(cx.tx, &ins, &p.resident_no)?;
                check_no_overlap(&others, Some(p.period_id), req.acquired_on, req.lost_on)
                    .map_err(|e| AppError::Invalid(vec![e]))?;
                cx.record(EligibilityEvent::PeriodCorrected {
                    period_id: p.period_id,
                    resident_no: p.resident_no.clone(),
                    acquired_on: req.acquired_on,
                    acquisition_reason,
                    lost_on: req.lost_on,
                    loss_reason,
                    note: req.note.trim().to_string(),
                })?;
                Ok(Audited::new(
                    (),
                    &p.resident_no,
                    AuditEvent::EligibilityCorrect { period_id: p.period_id },
                ))
            },
        )
    }

    /// 区分の設定.
    pub fn set_flag(&self, actor: &Actor, req: &SetFlagRequest) -> AppResult<i64> {
        let subject = req
            .resident_no
            .clone()
            .or_else(|| req.household_no.clone())
            .unwrap_or_default();
        self.run(
            actor,
            Permission::EligibilityWrite,
            AuditAction::FlagSet,
            &subject,
            |cx| {
                let kind = parse_or(FlagKind::parse(&req.kind), "kind", "区分")?;
                let mut problems = kind.validate_attributes(&req.attributes);
                if kind.is_household_flag() != req.household_no.is_some()
                    || req.resident_no.is_some() == req.household_no.is_some()
                {
                    problems.push(FieldProblem::new(
                        "resident_no",
                        if kind.is_household_flag() {
                            "特定世帯は世帯番号に設定してください"
                        } else {
                            "この区分は宛名番号に設定してください"
                        },
                    ));
                }
                if req.until.is_some_and(|u| u <= req.from) {
                    problems.push(FieldProblem::new("until", "終了日は開始日より後にしてください"));
                }
                if !problems.is_empty() {
                    return Err(AppError::Invalid(problems));
                }
                // 非自発的失業 and 産前産後 have a period fixed by law; it replaces what was typed.
                let (from, until) =
                    statutory_flag_period(kind, &req.attributes).map_or((req.from, req.until), |(f, u)| (f, Some(u)));
                let ins = cx.insurer().to_string();
                if let Some(r) = &req.resident_no {
                    residents::get(cx.tx, &ins, r)?.ok_or_else(|| AppError::not_found(format!("宛名番号{r}の住民")))?;
                }
                let appended = cx.record(EligibilityEvent::FlagSet {
                    flag: kind,
                    resident_no: req.resident_no.clone(),
                    household_no: req.household_no.clone(),
                    from,
                    until,
                    attributes: req.attributes.clone(),
                })?;
                Ok(Audited::new(
                    appended.seq,
                    &subject,
                    AuditEvent::FlagSet {
                        kind: FlagKindCode(kind.code().to_string()),
                        flag_id: appended.seq,
                    },
                ))
            },
        )
    }

    /// 区分の終了.
    pub fn end_flag(&self, actor: &Actor, flag_id: i64, until: Date) -> AppResult<()> {
        self.run(
            actor,
            Permission::EligibilityWrite,
            AuditAction::FlagEnd,
            &format!("flag:{flag_id}"),
            |cx| {
                let ins = cx.insurer().to_string();
                let f = elig::get_flag(cx.tx, &ins, flag_id)?
                    .ok_or_else(|| AppError::not_found(format!("区分{flag_id}")))?;
                if until <= f.from_date {
                    return Err(AppError::invalid("until", "終了日は開始日より後にしてください"));
                }
                cx.record(EligibilityEvent::FlagEnded { flag_id, until })?;
                let subject = f.resident_no.or(f.household_no).unwrap_or_default();
                Ok(Audited::new((), subject, AuditEvent::FlagEnd { flag_id }))
            },
        )
    }

    /// 資格確認書・資格情報のお知らせの交付 (validity per rules.md §8).
    pub fn issue_certificate(&self, actor: &Actor, req: &IssueCertificateRequest) -> AppResult<i64> {
        self.run(
            actor,
            Permission::EligibilityWrite,
            AuditAction::CertificateIssue,
            &req.resident_no,
            |cx| {
                // The code or the label, as typed (not trimmed).
                let Some(kind) = CertificateKind::ALL
                    .iter()
                    .copied()
                    .find(|k| req.kind == k.as_str() || req.kind == k.label())
                else {
                    return Err(AppError::invalid(
                        "kind",
                        "種類は資格確認書または資格情報のお知らせを指定してください",
                    ));
                };
                let id = issue(cx, &req.resident_no, kind, req.issued_on, req.standard_until, None)?;
                Ok(Audited::new(
                    id,
                    &req.resident_no,
                    AuditEvent::CertificateIssue { certificate_id: id },
                ))
            },
        )
    }

    /// 再交付: a new certificate replacing `certificate_id`, with the same expiry rules.
    pub fn reissue_certificate(
        &self,
        actor: &Actor,
        certificate_id: i64,
        issued_on: Date,
        standard_until: Date,
    ) -> AppResult<i64> {
        self.run(
            actor,
            Permission::EligibilityWrite,
            AuditAction::CertificateReissue,
            &format!("certificate:{certificate_id}"),
            |cx| {
                let ins = cx.insurer().to_string();
                let old = elig::get_certificate(cx.tx, &ins, certificate_id)?
                    .ok_or_else(|| AppError::not_found(format!("証{certificate_id}")))?;
                if old.status != CertificateStatus::Issued {
                    return Err(AppError::Conflict("この証は既に再交付または返還されています".into()));
                }
                let id = issue(
                    cx,
                    &old.resident_no,
                    old.kind,
                    issued_on,
                    standard_until,
                    Some(certificate_id),
                )?;
                Ok(Audited::new(
                    id,
                    &old.resident_no,
                    AuditEvent::CertificateReissue {
                        certificate_id: id,
                        reissue_of: certificate_id,
                    },
                ))
            },
        )
    }

    /// 返還.
    pub fn return_certificate(&self, actor: &Actor, certificate_id: i64, returned_on: Date) -> AppResult<()> {
        self.run(
            actor,
            Permission::EligibilityWrite,
            AuditAction::CertificateReturn,
            &format!("certificate:{certificate_id}"),
            |cx| {
                let ins = cx.insurer().to_string();
                let c = elig::get_certificate(cx.tx, &ins, certificate_id)?
                    .ok_or_else(|| AppError::not_found(format!("証{certificate_id}")))?;
                if c.status == CertificateStatus::Returned {
                    return Err(AppError::Conflict("この証は既に返還されています".into()));
                }
                cx.record(EligibilityEvent::CertificateReturned {
                    certificate_id,
                    returned_on,
                })?;
                Ok(Audited::new(
                    (),
                    &c.resident_no,
                    AuditEvent::CertificateReturn { certificate_id },
                ))
            },
        )
    }

    /// 75歳到達による後期高齢者医療への移行 (automatic): withdraws everyone whose 75th birthday
    /// is on or before `until`, marks them 特定同一世帯所属者, and the household 特定世帯 when one
    /// insured member remains (rules.md §4.5).
    pub fn apply_age_transitions(&self, actor: &Actor, until: Date) -> AppResult<usize> {
        self.run(
            actor,
            Permission::EligibilityWrite,
            AuditAction::EligibilityAgeTransitions,
            "batch",
            |cx| {
                let n = age_transitions(cx, until)?;
                Ok(Audited::new(
                    n,
                    "batch",
                    AuditEvent::EligibilityAgeTransitions { until, withdrawn: n },
                ))
            },
        )
    }

    /// 作業の完了.
    pub fn close_work_item(&self, actor: &Actor, work_item_id: i64, note: &str) -> AppResult<()> {
        self.run(
            actor,
            Permission::EligibilityWrite,
            AuditAction::WorkItemClose,
            &format!("work_item:{work_item_id}"),
            |cx| {
                let ins = cx.insurer().to_string();
                let w = kokuho_store::repo::work_items::get(cx.tx, &ins, work_item_id)?
                    .ok_or_else(|| AppError::not_found(format!("作業{work_item_id}")))?;
                if w.status != WorkItemStatus::Open {
                    return Err(AppError::Conflict("この作業は既に完了しています".into()));
                }
                cx.record(WorkEvent::WorkItemClosed {
                    work_item_id,
                    note: note.trim().to_string(),
                })?;
                Ok(Audited::new(
                    (),
                    &w.resident_no,
                    AuditEvent::WorkItemClose { work_item_id },
                ))
            },
        )
    }
}

pub(crate) fn age_transitions(cx: &mut Ctx<'_>, until: Date) -> AppResult<usize> {
    let ins = cx.insurer().to_string();
    // Everyone born on or before (until − 75 years) has reached the 75th birthday by `until`.
    let born_by = until
        .checked_sub(jiff::Span::new().years(75))
        .map_err(|_| AppError::invalid("until", "日付が範囲外です"))?;
    let mut n = 0;
    for p in elig::open_periods_born_before(cx.tx, &ins, born_by)? {
        let Some(resident) = residents::get(cx.tx, &ins, &p.resident_no)? else {
            continue;
        };
        let lost_on = late_elderly_transfer_date(resident.birth_date);
        if lost_on > until || lost_on <= p.acquired_on {
            continue;
        }
        cx.record(EligibilityEvent::Withdrawn {
            period_id: p.period_id,
            resident_no: p.resident_no.clone(),
            lost_on,
            reason: LossReason::LateElderly,
            notified_on: lost_on,
            late: false,
        })?;
        cx.record(EligibilityEvent::FlagSet {
            flag: FlagKind::SpecifiedSameHousehold,
            resident_no: Some(p.resident_no.clone()),
            household_no: None,
            from: lost_on,
            until: None,
            attributes: FlagAttributes::default(),
        })?;
        let remaining =
            crate::eligibility::lookups::insured_in_household(cx.tx, &ins, &resident.household_no, lost_on)?;
        if remaining == 1 {
            let five_years = lost_on.checked_add(jiff::Span::new().years(5)).ok();
            cx.record(EligibilityEvent::FlagSet {
                flag: FlagKind::SpecifiedHousehold,
                resident_no: None,
                household_no: Some(resident.household_no.clone()),
                from: lost_on,
                until: five_years,
                attributes: FlagAttributes::default(),
            })?;
        }
        raise(
            cx,
            WorkKind::LateElderlyTransfer,
            &p.resident_no,
            Some(&resident.household_no),
            format!("75歳到達により{lost_on}に後期高齢者医療へ移行しました"),
            None,
        )?;
        n += 1;
    }
    Ok(n)
}

fn periods_domain(tx: &mut dyn Tx, ins: &str, resident_no: &str) -> AppResult<Vec<EligibilityPeriod>> {
    elig::periods_of(tx, ins, resident_no)?.iter().map(to_domain).collect()
}

fn issue(
    cx: &mut Ctx<'_>,
    resident_no: &str,
    kind: CertificateKind,
    issued_on: Date,
    standard_until: Date,
    reissue_of: Option<i64>,
) -> AppResult<i64> {
    let ins = cx.insurer().to_string();
    let resident = residents::get(cx.tx, &ins, resident_no)?
        .ok_or_else(|| AppError::not_found(format!("宛名番号{resident_no}の住民")))?;
    if !crate::eligibility::lookups::insured_on(cx.tx, &ins, resident_no, issued_on)? {
        return Err(AppError::invalid("issued_on", "交付日に国保の資格がありません"));
    }
    if standard_until < issued_on {
        return Err(AppError::invalid(
            "standard_until",
            "有効期限の基準日が交付日より前です",
        ));
    }
    let validity = kokuho_domain::eligibility::certificate::expiry(
        kind,
        issued_on,
        standard_until,
        resident.birth_date,
        resident.stay_until,
    )
    .map_err(|e| AppError::invalid("issued_on", e.to_string()))?;
    let copay = crate::eligibility::views::copay_ratio_on(cx.tx, &ins, resident_no, resident.birth_date, issued_on)?;
    let appended = cx.record(EligibilityEvent::CertificateIssued {
        resident_no: resident_no.to_string(),
        certificate: kind.as_str().to_string(),
        issued_on,
        valid_until: validity.map(|v| v.until),
        copay_ratio: Some(copay.to_string()),
        reissue_of,
    })?;
    Ok(appended.seq)
}
