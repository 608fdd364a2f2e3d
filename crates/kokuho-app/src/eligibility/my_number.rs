//! 個人番号: linking (never overwriting silently), exact lookup, the audited reveal, and the
//! 要確認リスト resolved by a second person. No response of this module carries digits except
//! `reveal_my_number`, which the caller must protect (step-up, no-store, time limit).

pub use super::link::LinkOutcome;
use crate::audit::value::ConfirmationResolution;
use crate::audit::{AuditAction, AuditEvent};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use kokuho_domain::MyNumber;
use kokuho_domain::eligibility::my_number_confirmation::{ConfirmationReason, ConfirmationStatus};
use kokuho_domain::kernel::my_number::MyNumberError;
use kokuho_store::repo::eligibility::my_numbers;
use serde::Serialize;

use crate::access::{PersonRead, scope};
use crate::eligibility::events::EligibilityEvent;
use crate::error::{AppError, AppResult};
use crate::keys::InsurerKeys;
use crate::projection::ProjectionStore;
use crate::{Actor, App, Audited, Ctx, Permission};

/// An entry of the 要確認リスト as listed (no digits).
#[derive(Debug, Clone, Serialize)]
pub struct ConfirmationView {
    pub confirmation_id: i64,
    pub resident_no: String,
    pub reason: ConfirmationReason,
    /// The reason's label (`reason.label()`), written out for the JSON.
    pub reason_label: String,
    pub other_resident_no: Option<String>,
    pub raised_by: String,
    pub raised_at: String,
    pub status: ConfirmationStatus,
    pub resolved_by: Option<String>,
    pub resolution: Option<String>,
}

impl App {
    /// 個人番号の紐付け. `input` is the number as typed or received; blank input goes to the
    /// confirmation list, a malformed one is refused.
    pub fn link_my_number(&self, actor: &Actor, resident_no: &str, input: &str) -> AppResult<LinkOutcome> {
        self.run(
            actor,
            Permission::MyNumberAccess,
            AuditAction::MyNumberLink,
            resident_no,
            |cx| {
                let parsed = match MyNumber::parse(input) {
                    Ok(n) => Some(n),
                    Err(MyNumberError::Blank) => None,
                    Err(e) => return Err(AppError::invalid("my_number", e.to_string())),
                };
                let outcome = link(self, cx, resident_no, parsed.as_ref())?;
                Ok(Audited::new(outcome, resident_no, AuditEvent::MyNumberLink { outcome }))
            },
        )
    }

    /// 個人番号による検索: the resident with exactly this number (blind index), if any.
    pub fn find_by_my_number(&self, actor: &Actor, input: &str) -> AppResult<Option<String>> {
        self.run(
            actor,
            Permission::MyNumberAccess,
            AuditAction::MyNumberLookup,
            "lookup",
            |cx| {
                let n = MyNumber::parse(input).map_err(|e| AppError::invalid("my_number", e.to_string()))?;
                let ins = cx.insurer().to_string();
                let keys = self.keys().for_insurer(cx.tx, &ins)?;
                let found = my_numbers::resident_by_index(cx.tx, &ins, &keys.blind_index(&n))?;
                let subject = found.clone().unwrap_or_else(|| "lookup".into());
                Ok(Audited::new(found, subject, AuditEvent::MyNumberLookup {}))
            },
        )
    }

    /// The reveal screen: whether a number is linked (never the digits). Checked and audited here,
    /// so a refusal is recorded before anyone is asked to re-authenticate.
    pub fn my_number_reveal_form(&self, actor: &Actor, resident_no: &str) -> AppResult<bool> {
        self.run(
            actor,
            Permission::MyNumberAccess,
            AuditAction::MyNumberRevealForm,
            resident_no,
            |cx| {
                let ins = cx.insurer().to_string();
                scope::resident(cx, PersonRead::MyNumberRevealForm, resident_no)?
                    .ok_or_else(|| AppError::not_found(format!("宛名番号{resident_no}の住民")))?
                    .whole_or_refused()?;
                let linked = my_numbers::of_resident(cx.tx, &ins, resident_no)?.is_some();
                Ok(Audited::new(linked, resident_no, AuditEvent::MyNumberRevealForm {}))
            },
        )
    }

    /// 個人番号の表示: decrypts the linked number. Audited; the web layer adds re-authentication.
    pub fn reveal_my_number(&self, actor: &Actor, resident_no: &str, purpose: &str) -> AppResult<MyNumber> {
        self.run(
            actor,
            Permission::MyNumberAccess,
            AuditAction::MyNumberReveal,
            resident_no,
            |cx| {
                scope::resident(cx, PersonRead::MyNumberReveal, resident_no)?
                    .ok_or_else(|| AppError::not_found(format!("宛名番号{resident_no}の住民")))?
                    .whole_or_refused()?;
                if purpose.trim().is_empty() {
                    return Err(AppError::invalid("purpose", "表示する目的を入力してください"));
                }
                // The purpose is kept in the audit trail: never let a number typed into it land there.
                if looks_like_a_number(purpose) {
                    return Err(AppError::invalid(
                        "purpose",
                        "目的に番号を入力しないでください（文章で入力してください）",
                    ));
                }
                let ins = cx.insurer().to_string();
                let row = my_numbers::of_resident(cx.tx, &ins, resident_no)?
                    .ok_or_else(|| AppError::not_found("紐付けられた個人番号"))?;
                let keys = self.keys().for_insurer(cx.tx, &ins)?;
                let n = keys.decrypt(&ins, resident_no, &row.ciphertext)?;
                Ok(Audited::new(
                    n,
                    resident_no,
                    AuditEvent::MyNumberReveal {
                        purpose: purpose.trim().to_string(),
                    },
                ))
            },
        )
    }

    /// 要確認リスト.
    pub fn my_number_confirmations(
        &self,
        actor: &Actor,
        only_open: bool,
        page: u32,
    ) -> AppResult<Vec<ConfirmationView>> {
        self.run(
            actor,
            Permission::MyNumberAccess,
            AuditAction::MyNumberConfirmations,
            "confirmations",
            |cx| {
                let ins = cx.insurer().to_string();
                let offset = (i64::from(page.max(1)) - 1) * crate::eligibility::views::PAGE_SIZE;
                let rows = my_numbers::list_confirmations(
                    cx.tx,
                    &ins,
                    only_open.then_some(ConfirmationStatus::Open),
                    crate::eligibility::views::PAGE_SIZE,
                    offset,
                )?;
                let out: Vec<ConfirmationView> = rows
                    .into_iter()
                    .map(|c| ConfirmationView {
                        reason_label: c.reason.label().to_string(),
                        confirmation_id: c.confirmation_id,
                        resident_no: c.resident_no,
                        reason: c.reason,
                        other_resident_no: c.other_resident_no,
                        raised_by: c.raised_by,
                        raised_at: c.raised_at,
                        status: c.status,
                        resolved_by: c.resolved_by,
                        resolution: c.resolution,
                    })
                    .collect();
                let n = out.len();
                Ok(Audited::new(
                    out,
                    "confirmations",
                    AuditEvent::MyNumberConfirmations { count: n },
                ))
            },
        )
    }

    /// 要確認の解消 by a second person: `link` adopts the pending number, `reject` discards it.
    pub fn resolve_confirmation(&self, actor: &Actor, confirmation_id: i64, adopt: bool, note: &str) -> AppResult<()> {
        let subject = format!("confirmation:{confirmation_id}");
        self.run(
            actor,
            Permission::MyNumberAccess,
            AuditAction::MyNumberResolve,
            &subject,
            |cx| {
                if note.trim().is_empty() {
                    return Err(AppError::invalid("note", "確認内容を入力してください"));
                }
                let ins = cx.insurer().to_string();
                let c = my_numbers::get_confirmation(cx.tx, &ins, confirmation_id)?
                    .ok_or_else(|| AppError::not_found(format!("要確認{confirmation_id}")))?;
                if c.status != ConfirmationStatus::Open {
                    return Err(AppError::Conflict("この要確認は既に解消されています".into()));
                }
                if c.raised_by == cx.actor.login {
                    return Err(AppError::Conflict(
                        "登録した職員とは別の職員が確認してください（二者確認）".into(),
                    ));
                }
                if adopt {
                    let (Some(ct), Some(bi)) = (&c.ciphertext, &c.blind_index) else {
                        return Err(AppError::invalid("outcome", "空欄の個人番号は紐付けできません"));
                    };
                    if let Some(other) = my_numbers::resident_by_index(cx.tx, &ins, bi)?
                        && other != c.resident_no
                    {
                        return Err(AppError::Conflict(format!(
                            "宛名番号{other}に同じ個人番号が紐付いています。先にそちらを訂正してください"
                        )));
                    }
                    // Re-encrypt bound to this resident (the pending ciphertext is already bound to it).
                    cx.record(EligibilityEvent::MyNumberLinked {
                        resident_no: c.resident_no.clone(),
                        ciphertext: B64.encode(ct),
                        blind_index: B64.encode(bi),
                    })?;
                }
                let (outcome, resolution) = if adopt {
                    (ConfirmationStatus::Linked, ConfirmationResolution::Linked)
                } else {
                    (ConfirmationStatus::Rejected, ConfirmationResolution::Rejected)
                };
                cx.record(EligibilityEvent::MyNumberConfirmationResolved {
                    confirmation_id,
                    resident_no: c.resident_no.clone(),
                    outcome: outcome.as_str().to_string(),
                    note: note.trim().to_string(),
                })?;
                Ok(Audited::new(
                    (),
                    &c.resident_no,
                    AuditEvent::MyNumberResolve {
                        confirmation_id,
                        outcome: resolution,
                    },
                ))
            },
        )
    }
}

/// Whether free text holds a run of 12 or more digits (any width, spaces and hyphens between
/// them ignored): it may be a My Number.
fn looks_like_a_number(text: &str) -> bool {
    let mut run = 0;
    for c in text.chars() {
        if c.is_numeric() {
            run += 1;
            if run >= 12 {
                return true;
            }
        } else if !matches!(c, ' ' | '　' | '-' | '－' | 'ー' | '‐') {
            run = 0;
        }
    }
    false
}

/// The linking rule shared by the API and bulk loads.
pub(crate) fn link(
    app: &App,
    cx: &mut Ctx<'_>,
    resident_no: &str,
    number: Option<&MyNumber>,
) -> AppResult<LinkOutcome> {
    let ins = cx.insurer().to_string();
    let keys = app.keys().for_insurer(cx.tx, &ins)?;
    let (outcome, event) = cx.with_projection(|p| decide_link(p, &keys, &ins, resident_no, number))?;
    if let Some(event) = event {
        cx.record(event)?;
    }
    Ok(outcome)
}

/// What linking `number` to `resident_no` leads to, on any view of the current state (a bulk
/// load decides against its own rows), and the event recording it (none if already linked).
pub(crate) fn decide_link(
    p: &mut dyn ProjectionStore,
    keys: &InsurerKeys,
    insurer_no: &str,
    resident_no: &str,
    number: Option<&MyNumber>,
) -> AppResult<(LinkOutcome, Option<EligibilityEvent>)> {
    p.resident(resident_no)?
        .ok_or_else(|| AppError::not_found(format!("宛名番号{resident_no}の住民")))?;
    let Some(n) = number else {
        return Ok((
            LinkOutcome::NeedsConfirmation,
            Some(confirmation(resident_no, ConfirmationReason::Blank, None, None)),
        ));
    };
    let index = keys.blind_index(n);
    let ciphertext = keys.encrypt(insurer_no, resident_no, n)?;
    if let Some(existing) = p.my_number(resident_no)? {
        if existing.blind_index == index {
            return Ok((LinkOutcome::AlreadyLinked, None));
        }
        let raised = confirmation(
            resident_no,
            ConfirmationReason::DiffersFromLinked,
            Some((&ciphertext, &index)),
            None,
        );
        return Ok((LinkOutcome::NeedsConfirmation, Some(raised)));
    }
    if let Some(other) = p.resident_by_index(&index)? {
        let raised = confirmation(
            resident_no,
            ConfirmationReason::DuplicateOfOther,
            Some((&ciphertext, &index)),
            Some(other),
        );
        return Ok((LinkOutcome::NeedsConfirmation, Some(raised)));
    }
    let linked = EligibilityEvent::MyNumberLinked {
        resident_no: resident_no.to_string(),
        ciphertext: B64.encode(&ciphertext),
        blind_index: B64.encode(&index),
    };
    Ok((LinkOutcome::Linked, Some(linked)))
}

/// 要確認リストへの登録.
fn confirmation(
    resident_no: &str,
    why: ConfirmationReason,
    pending: Option<(&[u8], &[u8])>,
    other: Option<String>,
) -> EligibilityEvent {
    EligibilityEvent::MyNumberConfirmationRaised {
        resident_no: resident_no.to_string(),
        reason: why.as_str().to_string(),
        ciphertext: pending.map(|(c, _)| B64.encode(c)),
        blind_index: pending.map(|(_, i)| B64.encode(i)),
        other_resident_no: other,
    }
}
