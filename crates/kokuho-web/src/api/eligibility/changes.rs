//! 資格の届出: the request bodies of the eligibility change routes, read from JSON and handed to
//! the use cases.

use jiff::civil::Date;
use kokuho_app::eligibility::changes as app;
use kokuho_domain::eligibility::period::FlagAttributes;
use serde::{Deserialize, Serialize};

/// 資格取得の届出.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnrollRequest {
    /// 宛名番号
    pub resident_no: String,
    /// 資格取得日
    #[schema(value_type = String, format = Date)]
    pub acquired_on: Date,
    /// 取得事由 (code or 日本語: 転入, 社保離脱, 出生, 生保廃止, その他)
    pub reason: String,
    /// 届出日
    #[schema(value_type = String, format = Date)]
    pub notified_on: Date,
}

impl From<EnrollRequest> for app::EnrollRequest {
    fn from(v: EnrollRequest) -> Self {
        let EnrollRequest {
            resident_no,
            acquired_on,
            reason,
            notified_on,
        } = v;
        app::EnrollRequest {
            resident_no,
            acquired_on,
            reason,
            notified_on,
        }
    }
}

/// 資格喪失の届出.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WithdrawRequest {
    pub resident_no: String,
    /// 資格喪失日 (the first day without coverage: 社保加入日, 死亡・転出の翌日)
    #[schema(value_type = String, format = Date)]
    pub lost_on: Date,
    /// 喪失事由 (転出, 社保加入, 死亡, 生保開始, 後期高齢者, その他)
    pub reason: String,
    #[schema(value_type = String, format = Date)]
    pub notified_on: Date,
}

impl From<WithdrawRequest> for app::WithdrawRequest {
    fn from(v: WithdrawRequest) -> Self {
        let WithdrawRequest {
            resident_no,
            lost_on,
            reason,
            notified_on,
        } = v;
        app::WithdrawRequest {
            resident_no,
            lost_on,
            reason,
            notified_on,
        }
    }
}

/// 遡及訂正 of a period.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectPeriodRequest {
    pub period_id: i64,
    #[schema(value_type = String, format = Date)]
    pub acquired_on: Date,
    pub acquisition_reason: String,
    #[schema(value_type = Option<String>, format = Date)]
    pub lost_on: Option<Date>,
    pub loss_reason: Option<String>,
    /// 訂正理由
    pub note: String,
}

impl From<CorrectPeriodRequest> for app::CorrectPeriodRequest {
    fn from(v: CorrectPeriodRequest) -> Self {
        let CorrectPeriodRequest {
            period_id,
            acquired_on,
            acquisition_reason,
            lost_on,
            loss_reason,
            note,
        } = v;
        app::CorrectPeriodRequest {
            period_id,
            acquired_on,
            acquisition_reason,
            lost_on,
            loss_reason,
            note,
        }
    }
}

/// 区分の設定.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetFlagRequest {
    /// 区分 (support_measure, student_away, residence_exception, care_exempt,
    /// involuntary_unemployment, former_dependent, maternity, specified_same_household, specified_household)
    pub kind: String,
    pub resident_no: Option<String>,
    pub household_no: Option<String>,
    #[schema(value_type = String, format = Date)]
    pub from: Date,
    #[schema(value_type = Option<String>, format = Date)]
    pub until: Option<Date>,
    #[serde(default)]
    #[schema(value_type = Object)]
    pub attributes: FlagAttributes,
}

impl From<SetFlagRequest> for app::SetFlagRequest {
    fn from(v: SetFlagRequest) -> Self {
        let SetFlagRequest {
            kind,
            resident_no,
            household_no,
            from,
            until,
            attributes,
        } = v;
        app::SetFlagRequest {
            kind,
            resident_no,
            household_no,
            from,
            until,
            attributes,
        }
    }
}

/// 資格確認書・資格情報のお知らせの交付.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IssueCertificateRequest {
    pub resident_no: String,
    /// eligibility_certificate (資格確認書) | eligibility_notice (資格情報のお知らせ)
    pub kind: String,
    #[schema(value_type = String, format = Date)]
    pub issued_on: Date,
    /// The city's standard expiry (一斉更新日の前日), e.g. 2027-07-31.
    #[schema(value_type = String, format = Date)]
    pub standard_until: Date,
}

impl From<IssueCertificateRequest> for app::IssueCertificateRequest {
    fn from(v: IssueCertificateRequest) -> Self {
        let IssueCertificateRequest {
            resident_no,
            kind,
            issued_on,
            standard_until,
        } = v;
        app::IssueCertificateRequest {
            resident_no,
            kind,
            issued_on,
            standard_until,
        }
    }
}
