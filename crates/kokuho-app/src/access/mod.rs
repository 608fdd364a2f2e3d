//! 閲覧範囲 (access scope): the one place where person data is read for a use case that shows it.
//!
//! Every use case that shows a person's data names itself with a [`PersonRead`] variant and
//! reads persons and households through [`scope`]'s loaders, never through the store directly.
//! The loader fixes the insurer (the actor's own: a use case cannot name another) and decides,
//! for each person, the 支援措置 (DV support measure) [`Visibility`]:
//!
//! - not restricted: the person whole, no alert;
//! - restricted and the actor holds 支援措置対象者参照: the person whole, and an audit entry
//!   [`RESTRICTED_ACCESS_ALERT`] naming the use case is raised for this access;
//! - restricted and the actor does not: the person withheld. Fields of a withheld person are
//!   [`Shown::Withheld`] (a typed marker, `null` in JSON, 「非表示」 on a page), so neither a
//!   template nor an API can show them by accident. A use case whose result is one person (資格照会,
//!   個人番号) or every member's own data (窓口試算) refuses instead, audited as denied.
//!
//! Exempt, as system processes: the 当初賦課 batch (`assessment::batch`), the 料率設定シミュレーション
//! (`assessment::simulation`), the 更正 set off inside `App::run` and the 賦課決定 of one household
//! (`decide_household`). They read every member's facts to compute a premium and record or total
//! it, but show no person's data (their results are counts, totals, version numbers and a
//! household's refusal reason), so there is nothing to withhold and no person access to alert on.
//! A use case that starts showing person data must get a [`PersonRead`] variant; the table test
//! (`tests/it/access.rs`) fails until it has rows for it.

mod read;
pub mod scope;
pub mod shown;

pub use read::PersonRead;
pub use scope::{Loaded, Visibility};
pub use shown::Shown;

/// Audit action of the alert raised by every access to a 支援措置 resident.
pub const RESTRICTED_ACCESS_ALERT: &str = crate::audit::AuditAction::RestrictedResidentAccess.code();
