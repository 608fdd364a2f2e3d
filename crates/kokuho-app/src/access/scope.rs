//! The loaders: persons and households read for a [`PersonRead`], each person whole or withheld.
//! The insurer is always the actor's own; the 支援措置 verdict and its alert are decided here only.

use std::collections::BTreeSet;

use jiff::civil::Date;
use kokuho_domain::kernel::date::FiscalYear;
use kokuho_store::repo::eligibility::periods as elig;
use kokuho_store::repo::eligibility::residents::{self, MembershipRow, ResidentQuery, ResidentRow};

use super::{PersonRead, Shown};
use crate::assessment::household_facts::{self, HouseholdFacts};
use crate::audit::AuditEvent;
use crate::error::{AppError, AppResult};
use crate::{Ctx, Permission};

/// 支援措置の判定: what the actor may see of one person in one use case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    /// The person whole (not restricted, or restricted and the actor holds the scope).
    Whole,
    /// Restricted, and the actor does not hold 支援措置対象者参照.
    Withheld,
}

impl Visibility {
    /// `value` as shown to the actor.
    pub fn show<T>(self, value: T) -> Shown<T> {
        match self {
            Visibility::Whole => Shown::Visible(value),
            Visibility::Withheld => Shown::Withheld,
        }
    }
}

/// One person as loaded for a use case: whole, or only the 宛名番号 (withheld).
#[derive(Debug, Clone)]
pub enum Loaded<T> {
    Whole(T),
    Withheld { resident_no: String },
}

impl<T> Loaded<T> {
    /// For a use case whose result is this one person: a withheld person is refused (audited as
    /// denied by `App::run`), as if the actor lacked 支援措置対象者参照 for the whole operation.
    pub fn whole_or_refused(self) -> AppResult<T> {
        match self {
            Loaded::Whole(v) => Ok(v),
            Loaded::Withheld { .. } => Err(AppError::Denied {
                permission: Permission::RestrictedResidentAccess,
            }),
        }
    }

    /// Whole or withheld.
    pub fn visibility(&self) -> Visibility {
        match self {
            Loaded::Whole(_) => Visibility::Whole,
            Loaded::Withheld { .. } => Visibility::Withheld,
        }
    }
}

/// The verdict for `resident_no` in `read`; raises the alert when a restricted person is shown.
pub(crate) fn visibility(cx: &mut Ctx<'_>, read: PersonRead, resident_no: &str) -> AppResult<Visibility> {
    if !elig::is_restricted(cx.tx, cx.actor.insurer_no.as_str(), resident_no, cx.today)? {
        return Ok(Visibility::Whole);
    }
    if !cx.actor.has(Permission::RestrictedResidentAccess) {
        return Ok(Visibility::Withheld);
    }
    cx.audit_also(
        AuditEvent::RestrictedResidentAccess {
            alert: "支援措置対象者へのアクセス".into(),
            household_no: None,
            use_case: Some(read.code().into()),
        },
        resident_no,
    );
    Ok(Visibility::Whole)
}

/// One resident of the actor's insurer (None: no such resident).
pub(crate) fn resident(
    cx: &mut Ctx<'_>,
    read: PersonRead,
    resident_no: &str,
) -> AppResult<Option<Loaded<ResidentRow>>> {
    let Some(row) = residents::get(cx.tx, cx.actor.insurer_no.as_str(), resident_no)? else {
        return Ok(None);
    };
    Ok(Some(match visibility(cx, read, resident_no)? {
        Visibility::Whole => Loaded::Whole(row),
        Visibility::Withheld => Loaded::Withheld {
            resident_no: row.resident_no,
        },
    }))
}

/// 住民検索: the hits the actor may see (restricted residents are left out without the scope,
/// whatever the caller's query says); each restricted hit shown raises the alert.
pub(crate) fn search(cx: &mut Ctx<'_>, read: PersonRead, query: &ResidentQuery) -> AppResult<Vec<ResidentRow>> {
    let query = ResidentQuery {
        exclude_restricted_on: (!cx.actor.has(Permission::RestrictedResidentAccess)).then_some(cx.today),
        ..query.clone()
    };
    let rows = residents::search(cx.tx, cx.actor.insurer_no.as_str(), &query)?;
    let mut shown = Vec::with_capacity(rows.len());
    for row in rows {
        if visibility(cx, read, &row.resident_no)? == Visibility::Whole {
            shown.push(row);
        }
    }
    Ok(shown)
}

/// A household's members as of `on`: each membership with its person, whole or withheld. The
/// membership (続柄, 世帯主) is the person's data too: a caller shows it only for `Whole`.
pub(crate) fn household_as_of(
    cx: &mut Ctx<'_>,
    read: PersonRead,
    household_no: &str,
    on: Date,
) -> AppResult<Vec<(MembershipRow, Loaded<ResidentRow>)>> {
    let memberships = residents::household_as_of(cx.tx, cx.actor.insurer_no.as_str(), household_no, on)?;
    let mut out = Vec::with_capacity(memberships.len());
    for m in memberships {
        if let Some(person) = resident(cx, read, &m.resident_no)? {
            out.push((m, person));
        }
    }
    Ok(out)
}

/// What a household's premium depends on, with who is withheld. The facts are whole because the
/// premium is computed from every member; the caller shows no figure of a member in
/// [`ScopedFacts::withheld`].
pub(crate) struct ScopedFacts {
    pub facts: HouseholdFacts,
    withheld: BTreeSet<String>,
}

impl ScopedFacts {
    /// 宛名番号 of the members withheld from the actor.
    pub fn withheld(&self) -> &BTreeSet<String> {
        &self.withheld
    }

    /// A use case that shows every member's own data (窓口試算) refuses a household with a
    /// withheld member rather than show it partly (audited as denied).
    pub fn whole_or_refused(self) -> AppResult<HouseholdFacts> {
        if self.withheld.is_empty() {
            Ok(self.facts)
        } else {
            Err(AppError::Denied {
                permission: Permission::RestrictedResidentAccess,
            })
        }
    }
}

/// The premium facts of one household for `fy`, each member judged for `read`.
pub(crate) fn household_facts(
    cx: &mut Ctx<'_>,
    read: PersonRead,
    household_no: &str,
    fy: FiscalYear,
) -> AppResult<ScopedFacts> {
    let facts = household_facts::load_one(cx.tx, cx.actor.insurer_no.as_str(), household_no, fy)?;
    let mut withheld = BTreeSet::new();
    let members: Vec<String> = facts.people.keys().cloned().collect();
    for resident_no in members {
        if visibility(cx, read, &resident_no)? == Visibility::Withheld {
            withheld.insert(resident_no);
        }
    }
    Ok(ScopedFacts { facts, withheld })
}
