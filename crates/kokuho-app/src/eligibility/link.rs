//! What a My Number link request led to (a value the audit trail records).

use serde::{Deserialize, Serialize};

/// What a link request led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkOutcome {
    /// 紐付けました.
    Linked,
    /// The same number was already linked: nothing changed.
    AlreadyLinked,
    /// Sent to the 要確認リスト: differs from the linked number, duplicates another resident's, or blank.
    NeedsConfirmation,
}
