//! Projections of the eligibility events: the resident register, periods, cards and 枝番, flags,
//! certificates and My Number links, written mechanically from what the event recorded.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use jiff::civil::Date;
use kokuho_domain::eligibility::certificate::CertificateStatus;
use kokuho_domain::eligibility::my_number_confirmation::ConfirmationStatus;
use kokuho_domain::eligibility::resident::{ResidentChange, ResidentChangeKind, ResidentStatus};
use kokuho_domain::kernel::kana::search_key;
use kokuho_store::repo::eligibility::my_numbers::{ConfirmationRow, MyNumberRow};
use kokuho_store::repo::eligibility::periods::{CardRow, CertificateRow, FlagRow, PeriodRow};
use kokuho_store::repo::eligibility::residents::{MembershipRow, ResidentRow};

use super::events::{CardAssignment, EligibilityEvent};
use crate::error::{AppError, AppResult, journal_code};
use crate::projection::{EntryContext, ProjectionStore};

/// Writes one eligibility event.
pub fn apply(p: &mut dyn ProjectionStore, cx: EntryContext<'_>, event: &EligibilityEvent) -> AppResult<()> {
    match event {
        EligibilityEvent::ResidentChanged { change } => apply_resident_change(p, cx, change),
        EligibilityEvent::Enrolled {
            resident_no,
            acquired_on,
            reason,
            notified_on,
            late,
            card,
            ..
        } => {
            p.put_period(&PeriodRow {
                period_id: cx.seq,
                resident_no: resident_no.clone(),
                acquired_on: *acquired_on,
                acquisition_reason: reason.code().to_string(),
                acquisition_notified_on: *notified_on,
                acquisition_late: *late,
                lost_on: None,
                loss_reason: None,
                loss_notified_on: None,
                loss_late: false,
            })?;
            apply_card(p, resident_no, card)
        }
        EligibilityEvent::Withdrawn {
            period_id,
            lost_on,
            reason,
            notified_on,
            late,
            ..
        } => {
            let mut row = period(p, *period_id)?;
            row.lost_on = Some(*lost_on);
            row.loss_reason = Some(reason.code().to_string());
            row.loss_notified_on = Some(*notified_on);
            row.loss_late = *late;
            p.put_period(&row)
        }
        EligibilityEvent::PeriodCorrected {
            period_id,
            acquired_on,
            acquisition_reason,
            lost_on,
            loss_reason,
            ..
        } => {
            let mut row = period(p, *period_id)?;
            row.acquired_on = *acquired_on;
            row.acquisition_reason = acquisition_reason.code().to_string();
            row.lost_on = *lost_on;
            row.loss_reason = loss_reason.map(|r| r.code().to_string());
            if lost_on.is_none() {
                row.loss_notified_on = None;
                row.loss_late = false;
            }
            p.put_period(&row)
        }
        EligibilityEvent::CardAssigned { resident_no, card } => apply_card(p, resident_no, card),
        EligibilityEvent::FlagSet {
            flag,
            resident_no,
            household_no,
            from,
            until,
            attributes,
        } => p.insert_flag(&FlagRow {
            flag_id: cx.seq,
            kind: *flag,
            resident_no: resident_no.clone(),
            household_no: household_no.clone(),
            from_date: *from,
            until_date: *until,
            attributes: attributes.clone(),
        }),
        EligibilityEvent::FlagEnded { flag_id, until } => p.end_flag(*flag_id, *until),
        EligibilityEvent::CertificateIssued {
            resident_no,
            certificate,
            issued_on,
            valid_until,
            copay_ratio,
            reissue_of,
        } => {
            if let Some(old) = reissue_of {
                p.set_certificate_status(*old, CertificateStatus::Reissued, None)?;
            }
            p.insert_certificate(&CertificateRow {
                certificate_id: cx.seq,
                resident_no: resident_no.clone(),
                kind: journal_code(certificate)?,
                issued_on: *issued_on,
                valid_until: *valid_until,
                copay_ratio: copay_ratio.clone(),
                status: CertificateStatus::Issued,
                reissue_of: *reissue_of,
                returned_on: None,
            })
        }
        EligibilityEvent::CertificateReturned {
            certificate_id,
            returned_on,
        } => p.set_certificate_status(*certificate_id, CertificateStatus::Returned, Some(*returned_on)),
        EligibilityEvent::MyNumberLinked {
            resident_no,
            ciphertext,
            blind_index,
        } => p.put_my_number(&MyNumberRow {
            resident_no: resident_no.clone(),
            ciphertext: decode(ciphertext)?,
            blind_index: decode(blind_index)?,
            linked_seq: cx.seq,
        }),
        EligibilityEvent::MyNumberConfirmationRaised {
            resident_no,
            reason,
            ciphertext,
            blind_index,
            other_resident_no,
        } => p.insert_confirmation(&ConfirmationRow {
            confirmation_id: cx.seq,
            resident_no: resident_no.clone(),
            reason: journal_code(reason)?,
            ciphertext: ciphertext.as_deref().map(decode).transpose()?,
            blind_index: blind_index.as_deref().map(decode).transpose()?,
            other_resident_no: other_resident_no.clone(),
            raised_by: cx.actor.to_string(),
            raised_at: cx.recorded_at.to_string(),
            status: ConfirmationStatus::Open,
            resolved_by: None,
            resolved_at: None,
            resolution: None,
        }),
        EligibilityEvent::MyNumberConfirmationResolved {
            confirmation_id,
            outcome,
            note,
            ..
        } => p.resolve_confirmation(*confirmation_id, journal_code(outcome)?, cx.actor, cx.recorded_at, note),
    }
}

fn decode(s: &str) -> AppResult<Vec<u8>> {
    B64.decode(s)
        .map_err(|_| AppError::Internal("journal payload: base64".into()))
}

fn period(p: &mut dyn ProjectionStore, period_id: i64) -> AppResult<PeriodRow> {
    p.period(period_id)?
        .ok_or_else(|| AppError::Internal(format!("period {period_id} missing")))
}

fn apply_card(p: &mut dyn ProjectionStore, resident_no: &str, card: &CardAssignment) -> AppResult<()> {
    if card.new_card {
        p.insert_card(&CardRow {
            household_no: card.household_no.clone(),
            card_symbol: card.card_symbol.clone(),
            card_number: card.card_number.clone(),
        })?;
    }
    if p.branch_of(&card.card_number, resident_no)?.is_none() {
        p.insert_branch(&card.card_number, &card.branch_no, resident_no)?;
    }
    Ok(())
}

fn day_after(d: Date) -> Date {
    d.tomorrow().unwrap_or(d)
}

fn apply_resident_change(p: &mut dyn ProjectionStore, cx: EntryContext<'_>, c: &ResidentChange) -> AppResult<()> {
    let ins = cx.insurer_no;
    let resident_no = c.resident_no.as_str();
    let existing = p.resident(resident_no)?;
    let mut row = match (existing, &c.person) {
        (Some(row), _) => row,
        (None, Some(p)) => ResidentRow {
            insurer_no: ins.to_string(),
            resident_no: resident_no.to_string(),
            name: p.name.name.clone(),
            name_kana: p.name.kana.clone(),
            kana_key: search_key(&p.name.kana),
            birth_date: p.birth_date,
            sex: p.sex.label().to_string(),
            nationality: p.nationality.clone(),
            stay_until: p.stay_until,
            postal_code: None,
            address: None,
            household_no: c.household_no.to_string(),
            is_head: c.is_head,
            relationship: c.relationship.clone(),
            status: ResidentStatus::Registered,
            status_since: c.effective_on,
        },
        (None, None) => {
            return Err(AppError::Internal(format!(
                "resident {resident_no} missing for {}",
                c.kind.code()
            )));
        }
    };
    if let Some(p) = &c.person {
        row.name = p.name.name.clone();
        row.name_kana = p.name.kana.clone();
        row.kana_key = search_key(&p.name.kana);
        if c.kind != ResidentChangeKind::NameChange {
            row.birth_date = p.birth_date;
            row.sex = p.sex.label().to_string();
            row.nationality = p.nationality.clone();
            row.stay_until = p.stay_until;
        }
    }
    if let Some(a) = &c.address {
        row.postal_code = Some(a.postal_code.clone());
        row.address = Some(a.line.clone());
    }
    let household_changes = matches!(
        c.kind,
        ResidentChangeKind::MoveIn
            | ResidentChangeKind::Birth
            | ResidentChangeKind::NonResidentRegistration
            | ResidentChangeKind::HouseholdSplit
            | ResidentChangeKind::HouseholdMerge
            | ResidentChangeKind::HeadChange
    );
    match c.kind {
        ResidentChangeKind::MoveOut | ResidentChangeKind::Death => {
            row.status = if c.kind == ResidentChangeKind::Death {
                ResidentStatus::Deceased
            } else {
                ResidentStatus::MovedOut
            };
            row.status_since = c.effective_on;
            // Still a member on the day of death / moving out; gone from the next day.
            p.end_membership(resident_no, day_after(c.effective_on))?;
        }
        ResidentChangeKind::MoveIn | ResidentChangeKind::Birth => {
            row.status = ResidentStatus::Registered;
            row.status_since = c.effective_on;
        }
        ResidentChangeKind::NonResidentRegistration => {
            row.status = ResidentStatus::NonResident;
            row.status_since = c.effective_on;
        }
        _ => {}
    }
    if household_changes {
        if c.is_head {
            // The previous head stays a member but is no longer head from this date.
            for old in p.household_residents(c.household_no.as_str())? {
                if old.is_head && old.resident_no != resident_no {
                    p.move_membership(&MembershipRow {
                        resident_no: old.resident_no.clone(),
                        from_date: c.effective_on,
                        until_date: None,
                        household_no: old.household_no.clone(),
                        is_head: false,
                        relationship: old.relationship.clone(),
                    })?;
                }
            }
            p.clear_head(c.household_no.as_str())?;
        }
        row.household_no = c.household_no.to_string();
        row.is_head = c.is_head;
        row.relationship = c.relationship.clone();
        p.move_membership(&MembershipRow {
            resident_no: resident_no.to_string(),
            from_date: c.effective_on,
            until_date: None,
            household_no: c.household_no.to_string(),
            is_head: c.is_head,
            relationship: c.relationship.clone(),
        })?;
    }
    p.put_resident(&row)?;
    p.mark_change_applied(&c.change_id, cx.seq)?;
    Ok(())
}
