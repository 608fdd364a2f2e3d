//! 資格の異動: the eligibility area's journal events (written flat, `{"kind": "enrolled", ...}`).
//!
//! My Number links and the 要確認リスト are here: a link is to a resident of the register and the
//! linking rules (a link never overwrites) are eligibility's. A new variant needs its tag in
//! [`AreaEvent::KINDS`] and an example in `journal/wire_tests.rs`. A few codes are kept as text
//! here, as the journal has always held them; the projection reads them into their enums.

use jiff::civil::Date;
use kokuho_domain::eligibility::period::{AcquisitionReason, FlagAttributes, FlagKind, LossReason};
use kokuho_domain::eligibility::resident::ResidentChange;
use serde::{Deserialize, Serialize};

use crate::journal::AreaEvent;

/// One recorded eligibility change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EligibilityEvent {
    /// 住民異動 received from the resident register.
    ResidentChanged { change: ResidentChange },
    /// 資格取得 (with the 記号・番号・枝番 decided for it).
    Enrolled {
        resident_no: String,
        household_no: String,
        acquired_on: Date,
        reason: AcquisitionReason,
        notified_on: Date,
        late: bool,
        card: CardAssignment,
    },
    /// 資格喪失.
    Withdrawn {
        period_id: i64,
        resident_no: String,
        lost_on: Date,
        reason: LossReason,
        notified_on: Date,
        late: bool,
    },
    /// 遡及訂正: a period's dates or reasons corrected after the fact.
    PeriodCorrected {
        period_id: i64,
        resident_no: String,
        acquired_on: Date,
        acquisition_reason: AcquisitionReason,
        lost_on: Option<Date>,
        loss_reason: Option<LossReason>,
        note: String,
    },
    /// A new 記号・番号・枝番 for an insured person who changed household.
    CardAssigned { resident_no: String, card: CardAssignment },
    /// 区分の設定.
    FlagSet {
        flag: FlagKind,
        resident_no: Option<String>,
        household_no: Option<String>,
        from: Date,
        until: Option<Date>,
        attributes: FlagAttributes,
    },
    /// 区分の終了.
    FlagEnded { flag_id: i64, until: Date },
    /// 資格確認書・資格情報のお知らせの交付 (or 再交付 when `reissue_of` is set).
    CertificateIssued {
        resident_no: String,
        /// `CertificateKind::as_str`.
        certificate: String,
        issued_on: Date,
        valid_until: Option<Date>,
        copay_ratio: Option<String>,
        reissue_of: Option<i64>,
    },
    /// 返還.
    CertificateReturned { certificate_id: i64, returned_on: Date },
    /// 個人番号の紐付け (ciphertext and blind index only, base64).
    MyNumberLinked {
        resident_no: String,
        ciphertext: String,
        blind_index: String,
    },
    /// 要確認リストへの登録.
    MyNumberConfirmationRaised {
        resident_no: String,
        /// `ConfirmationReason::as_str`.
        reason: String,
        ciphertext: Option<String>,
        blind_index: Option<String>,
        other_resident_no: Option<String>,
    },
    /// 要確認の解消 by a second person: `linked` or `rejected`.
    MyNumberConfirmationResolved {
        confirmation_id: i64,
        resident_no: String,
        /// `ConfirmationStatus::as_str` (linked or rejected).
        outcome: String,
        note: String,
    },
}

/// 記号・番号・枝番 decided for a person; `new_card` when the household got its card now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardAssignment {
    pub household_no: String,
    pub card_symbol: String,
    pub card_number: String,
    pub branch_no: String,
    pub new_card: bool,
}

impl AreaEvent for EligibilityEvent {
    const KINDS: &'static [&'static str] = &[
        "resident_changed",
        "enrolled",
        "withdrawn",
        "period_corrected",
        "card_assigned",
        "flag_set",
        "flag_ended",
        "certificate_issued",
        "certificate_returned",
        "my_number_linked",
        "my_number_confirmation_raised",
        "my_number_confirmation_resolved",
    ];

    fn kind(&self) -> &'static str {
        match self {
            Self::ResidentChanged { .. } => "resident_changed",
            Self::Enrolled { .. } => "enrolled",
            Self::Withdrawn { .. } => "withdrawn",
            Self::PeriodCorrected { .. } => "period_corrected",
            Self::CardAssigned { .. } => "card_assigned",
            Self::FlagSet { .. } => "flag_set",
            Self::FlagEnded { .. } => "flag_ended",
            Self::CertificateIssued { .. } => "certificate_issued",
            Self::CertificateReturned { .. } => "certificate_returned",
            Self::MyNumberLinked { .. } => "my_number_linked",
            Self::MyNumberConfirmationRaised { .. } => "my_number_confirmation_raised",
            Self::MyNumberConfirmationResolved { .. } => "my_number_confirmation_resolved",
        }
    }

    fn subject(&self) -> String {
        match self {
            Self::ResidentChanged { change } => change.resident_no.to_string(),
            Self::Enrolled { resident_no, .. }
            | Self::Withdrawn { resident_no, .. }
            | Self::PeriodCorrected { resident_no, .. }
            | Self::CardAssigned { resident_no, .. }
            | Self::CertificateIssued { resident_no, .. }
            | Self::MyNumberLinked { resident_no, .. }
            | Self::MyNumberConfirmationRaised { resident_no, .. }
            | Self::MyNumberConfirmationResolved { resident_no, .. } => resident_no.clone(),
            Self::FlagSet {
                resident_no,
                household_no,
                ..
            } => resident_no.clone().or_else(|| household_no.clone()).unwrap_or_default(),
            Self::FlagEnded { flag_id, .. } => format!("flag:{flag_id}"),
            Self::CertificateReturned { certificate_id, .. } => format!("certificate:{certificate_id}"),
        }
    }

    fn effective_on(&self) -> Option<Date> {
        match self {
            Self::ResidentChanged { change } => Some(change.effective_on),
            Self::Enrolled { acquired_on, .. } | Self::PeriodCorrected { acquired_on, .. } => Some(*acquired_on),
            Self::Withdrawn { lost_on, .. } => Some(*lost_on),
            Self::FlagSet { from, .. } => Some(*from),
            Self::FlagEnded { until, .. } => Some(*until),
            Self::CertificateIssued { issued_on, .. } => Some(*issued_on),
            Self::CertificateReturned { returned_on, .. } => Some(*returned_on),
            Self::CardAssigned { .. }
            | Self::MyNumberLinked { .. }
            | Self::MyNumberConfirmationRaised { .. }
            | Self::MyNumberConfirmationResolved { .. } => None,
        }
    }
}
