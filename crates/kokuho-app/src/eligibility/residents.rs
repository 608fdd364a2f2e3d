//! 宛名・世帯: importing 住民異動 (all or nothing, idempotent) and what each change sets off.

use crate::audit::{AuditAction, AuditEvent};
use std::collections::HashMap;

use jiff::civil::Date;
use kokuho_domain::eligibility::period::{AcquisitionReason, LossReason, is_late_notification};
use kokuho_domain::eligibility::resident::{ResidentChange, ResidentChangeKind};
use kokuho_domain::kernel::work::WorkKind;
use kokuho_interchange::{Encoding, ImportErrors, parse_resident_changes_located};
use kokuho_store::repo::eligibility::residents;
use serde::Serialize;

use crate::eligibility::events::EligibilityEvent;
use crate::error::{AppError, AppResult, LineProblem};
use crate::work::raise;
use crate::{App, Audited, Ctx, Permission};

use crate::eligibility::changes::{assign_card, open_period};

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    /// Changes applied now.
    pub applied: usize,
    /// Changes already applied earlier (same 異動番号), skipped.
    pub already_applied: usize,
    /// Eligibility changes made automatically (death, move-out, birth).
    pub automatic_eligibility: usize,
    /// Work items raised.
    pub work_items: usize,
}

impl App {
    /// 住民異動の取込 from a file's bytes (UTF-8 or Shift_JIS): permission first, then the
    /// layout check, then every change or none. Bad lines come back with their line numbers.
    pub fn import_resident_changes_file(
        &self,
        actor: &crate::Actor,
        file_name: &str,
        bytes: &[u8],
        encoding: Encoding,
    ) -> AppResult<ImportSummary> {
        self.run(
            actor,
            Permission::EligibilityWrite,
            AuditAction::ResidentChangesImport,
            file_name,
            |cx| {
                let records = parse_resident_changes_located(bytes, encoding).map_err(|e| bad_file(&e))?;
                let records: Vec<(usize, ResidentChange)> = records.into_iter().map(|r| (r.line, r.value)).collect();
                import(cx, file_name, &records)
            },
        )
    }

    /// 住民異動の取込 of records already read (each with its physical line).
    pub fn import_resident_changes(
        &self,
        actor: &crate::Actor,
        file_name: &str,
        changes: &[(usize, ResidentChange)],
    ) -> AppResult<ImportSummary> {
        self.run(
            actor,
            Permission::EligibilityWrite,
            AuditAction::ResidentChangesImport,
            file_name,
            |cx| import(cx, file_name, changes),
        )
    }
}

/// Every bad line of a file, as the use cases report them.
pub(crate) fn bad_file(errors: &ImportErrors) -> AppError {
    let mut lines: Vec<LineProblem> = errors
        .errors()
        .iter()
        .map(|e| LineProblem {
            line: e.line,
            field: e.field.clone(),
            message: e.message.clone(),
        })
        .collect();
    if errors.omitted() > 0 {
        lines.push(LineProblem {
            line: 0,
            field: None,
            message: format!("ほかに{}件の誤りがあります", errors.omitted()),
        });
    }
    AppError::BadFile(lines)
}

fn import(cx: &mut Ctx<'_>, file_name: &str, changes: &[(usize, ResidentChange)]) -> AppResult<Audited<ImportSummary>> {
    // A file can be large and the tables it fills small: plan each query on current data.
    kokuho_store::repo::session::prefer_fresh_plans(cx.tx)?;
    let mut summary = ImportSummary::default();
    let mut problems = Vec::new();
    // Residents introduced earlier in the same file.
    let mut known: HashMap<String, bool> = HashMap::new();
    for (line, change) in changes {
        let key = change.resident_no.to_string();
        if residents::change_applied(cx.tx, cx.actor.insurer_no.as_str(), &change.change_id)?.is_some() {
            summary.already_applied += 1;
            continue;
        }
        let exists = match known.get(&key) {
            Some(e) => *e,
            None => residents::get(cx.tx, cx.actor.insurer_no.as_str(), &key)?.is_some(),
        };
        if let Some(message) = precondition_problem(change, exists) {
            problems.push(LineProblem {
                line: *line,
                field: Some("宛名番号".into()),
                message,
            });
            continue;
        }
        if !problems.is_empty() {
            continue; // keep checking, but apply nothing once the file is known to be bad
        }
        known.insert(key, true);
        let (auto, items) = apply_change(cx, change)?;
        summary.applied += 1;
        summary.automatic_eligibility += auto;
        summary.work_items += items;
    }
    if !problems.is_empty() {
        return Err(AppError::BadFile(problems));
    }
    let event = AuditEvent::ResidentChangesImport {
        applied: summary.applied,
        already_applied: summary.already_applied,
        automatic_eligibility: summary.automatic_eligibility,
        work_items: summary.work_items,
    };
    Ok(Audited::new(summary, file_name, event))
}

/// Checks a change against what is known of the resident; a Japanese message if it can't apply.
fn precondition_problem(change: &ResidentChange, exists: bool) -> Option<String> {
    let introduces = matches!(
        change.kind,
        ResidentChangeKind::MoveIn | ResidentChangeKind::Birth | ResidentChangeKind::NonResidentRegistration
    );
    if !introduces && !exists {
        return Some(format!(
            "宛名番号{}の住民が登録されていないため{}を適用できません",
            change.resident_no,
            change.kind.label()
        ));
    }
    if change.kind == ResidentChangeKind::Birth && exists {
        return Some(format!("宛名番号{}は既に登録されています（出生）", change.resident_no));
    }
    None
}

/// Records one change and its consequences; returns (automatic eligibility changes, work items).
fn apply_change(cx: &mut Ctx<'_>, change: &ResidentChange) -> AppResult<(usize, usize)> {
    let resident_no = change.resident_no.to_string();
    let before = residents::get(cx.tx, cx.actor.insurer_no.as_str(), &resident_no)?;
    cx.record(EligibilityEvent::ResidentChanged { change: change.clone() })?;
    let open = open_period(cx.tx, cx.actor.insurer_no.as_str(), &resident_no)?;
    let household_no = change.household_no.to_string();
    let mut auto = 0;
    let mut items = 0;
    match change.kind {
        ResidentChangeKind::Death | ResidentChangeKind::MoveOut => {
            if let Some(p) = open {
                // 喪失日 = the day after death / moving out (国保法6条・8条).
                let lost_on = change
                    .effective_on
                    .tomorrow()
                    .map_err(|_| AppError::invalid("effective_on", "日付が範囲外です"))?;
                let (reason, work_kind) = if change.kind == ResidentChangeKind::Death {
                    (LossReason::Death, WorkKind::DeathFollowUp)
                } else {
                    (LossReason::MoveOut, WorkKind::MoveOutFollowUp)
                };
                if p.acquired_on < lost_on {
                    cx.record(EligibilityEvent::Withdrawn {
                        period_id: p.period_id,
                        resident_no: resident_no.clone(),
                        lost_on,
                        reason,
                        notified_on: change.notified_on,
                        late: is_late_notification(lost_on, change.notified_on),
                    })?;
                    auto += 1;
                }
                raise(
                    cx,
                    work_kind,
                    &resident_no,
                    Some(&household_no),
                    format!("{}（異動日 {}）", change.kind.label(), change.effective_on),
                    None,
                )?;
                items += 1;
            }
        }
        ResidentChangeKind::Birth if household_has_insured(cx, &household_no, change.effective_on)? => {
            let card = assign_card(cx, &household_no, &resident_no)?;
            cx.record(EligibilityEvent::Enrolled {
                resident_no: resident_no.clone(),
                household_no: household_no.clone(),
                acquired_on: change.effective_on,
                reason: AcquisitionReason::Birth,
                notified_on: change.notified_on,
                late: is_late_notification(change.effective_on, change.notified_on),
                card,
            })?;
            auto += 1;
            raise(
                cx,
                WorkKind::BirthConfirmation,
                &resident_no,
                Some(&household_no),
                "出生により国保資格を取得しました。社会保険の扶養に入る場合は喪失処理をしてください".into(),
                None,
            )?;
            items += 1;
        }
        ResidentChangeKind::MoveIn => {
            let due = change.effective_on.checked_add(jiff::Span::new().days(14)).ok();
            raise(
                cx,
                WorkKind::MoveInEnrollment,
                &resident_no,
                Some(&household_no),
                "転入者です。国保に加入する場合は資格取得の届出を受け付けてください".into(),
                due,
            )?;
            items += 1;
        }
        ResidentChangeKind::HouseholdSplit | ResidentChangeKind::HouseholdMerge => {
            let moved = before.as_ref().is_some_and(|b| b.household_no != household_no);
            if open.is_some() && moved {
                let card = assign_card(cx, &household_no, &resident_no)?;
                cx.record(EligibilityEvent::CardAssigned {
                    resident_no: resident_no.clone(),
                    card,
                })?;
                auto += 1;
            }
        }
        _ => {}
    }
    Ok((auto, items))
}

/// Whether anyone in the household is insured on `on`.
fn household_has_insured(cx: &mut Ctx<'_>, household_no: &str, on: Date) -> AppResult<bool> {
    Ok(crate::eligibility::lookups::insured_in_household(cx.tx, cx.actor.insurer_no.as_str(), household_no, on)? > 0)
}
