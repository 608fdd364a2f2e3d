//! 個人番号: what a link led to and the 要確認リスト entries as the API sends them (never digits).
//! The reason and status of an entry go out as their stored codes (strings in the schema).

use kokuho_app::eligibility::my_number as app;
use serde::Serialize;

/// What a link request led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LinkOutcome {
    /// 紐付けました.
    Linked,
    /// The same number was already linked: nothing changed.
    AlreadyLinked,
    /// Sent to the 要確認リスト: differs from the linked number, duplicates another resident's, or blank.
    NeedsConfirmation,
}

impl From<app::LinkOutcome> for LinkOutcome {
    fn from(v: app::LinkOutcome) -> Self {
        match v {
            app::LinkOutcome::Linked => LinkOutcome::Linked,
            app::LinkOutcome::AlreadyLinked => LinkOutcome::AlreadyLinked,
            app::LinkOutcome::NeedsConfirmation => LinkOutcome::NeedsConfirmation,
        }
    }
}

/// An entry of the 要確認リスト as listed (no digits).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ConfirmationView {
    pub confirmation_id: i64,
    pub resident_no: String,
    pub reason: String,
    pub reason_label: String,
    pub other_resident_no: Option<String>,
    pub raised_by: String,
    pub raised_at: String,
    pub status: String,
    pub resolved_by: Option<String>,
    pub resolution: Option<String>,
}

impl From<app::ConfirmationView> for ConfirmationView {
    fn from(v: app::ConfirmationView) -> Self {
        let app::ConfirmationView {
            confirmation_id,
            resident_no,
            reason,
            reason_label,
            other_resident_no,
            raised_by,
            raised_at,
            status,
            resolved_by,
            resolution,
        } = v;
        ConfirmationView {
            confirmation_id,
            resident_no,
            reason: reason.as_str().to_string(),
            reason_label,
            other_resident_no,
            raised_by,
            raised_at,
            status: status.as_str().to_string(),
            resolved_by,
            resolution,
        }
    }
}
