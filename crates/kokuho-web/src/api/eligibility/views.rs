//! 照会: the search criteria and the person and household views as the API sends them. A status or
//! kind goes out as its stored code (`as_str()`), a string in the schema as it always was.

use jiff::civil::Date;
use kokuho_app::access::Shown;
use kokuho_app::eligibility::views as app;
use kokuho_domain::eligibility::period::FlagAttributes;
use serde::Serialize;

/// A search hit: never a My Number.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ResidentSummary {
    pub resident_no: String,
    pub name: String,
    pub name_kana: String,
    #[schema(value_type = String, format = Date)]
    pub birth_date: Date,
    /// 生年月日（和暦）
    pub birth_date_wareki: String,
    pub sex: String,
    pub household_no: String,
    pub address: Option<String>,
    /// 住民の状態 (registered / moved_out / deceased / non_resident)
    pub status: String,
    /// 国保の資格が現在あるか
    pub insured: bool,
}

impl From<app::ResidentSummary> for ResidentSummary {
    fn from(v: app::ResidentSummary) -> Self {
        let app::ResidentSummary {
            resident_no,
            name,
            name_kana,
            birth_date,
            birth_date_wareki,
            sex,
            household_no,
            address,
            status,
            insured,
        } = v;
        ResidentSummary {
            resident_no,
            name,
            name_kana,
            birth_date,
            birth_date_wareki,
            sex,
            household_no,
            address,
            status: status.as_str().to_string(),
            insured,
        }
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SearchResult {
    pub page: u32,
    pub has_more: bool,
    pub residents: Vec<ResidentSummary>,
}

impl From<app::SearchResult> for SearchResult {
    fn from(v: app::SearchResult) -> Self {
        let app::SearchResult {
            page,
            has_more,
            residents,
        } = v;
        SearchResult {
            page,
            has_more,
            residents: residents.into_iter().map(Into::into).collect(),
        }
    }
}

/// One eligibility period as shown.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PeriodView {
    pub period_id: i64,
    #[schema(value_type = String, format = Date)]
    pub acquired_on: Date,
    pub acquisition_reason: String,
    #[schema(value_type = String, format = Date)]
    pub acquisition_notified_on: Date,
    pub acquisition_late: bool,
    #[schema(value_type = Option<String>, format = Date)]
    pub lost_on: Option<Date>,
    pub loss_reason: Option<String>,
    pub loss_late: bool,
}

impl From<app::PeriodView> for PeriodView {
    fn from(v: app::PeriodView) -> Self {
        let app::PeriodView {
            period_id,
            acquired_on,
            acquisition_reason,
            acquisition_notified_on,
            acquisition_late,
            lost_on,
            loss_reason,
            loss_late,
        } = v;
        PeriodView {
            period_id,
            acquired_on,
            acquisition_reason,
            acquisition_notified_on,
            acquisition_late,
            lost_on,
            loss_reason,
            loss_late,
        }
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FlagView {
    pub flag_id: i64,
    pub kind: String,
    pub label: String,
    #[schema(value_type = String, format = Date)]
    pub from: Date,
    #[schema(value_type = Option<String>, format = Date)]
    pub until: Option<Date>,
    #[schema(value_type = Object)]
    pub attributes: FlagAttributes,
}

impl From<app::FlagView> for FlagView {
    fn from(v: app::FlagView) -> Self {
        let app::FlagView {
            flag_id,
            kind,
            label,
            from,
            until,
            attributes,
        } = v;
        FlagView {
            flag_id,
            kind: kind.as_str().to_string(),
            label,
            from,
            until,
            attributes,
        }
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CertificateView {
    pub certificate_id: i64,
    pub kind: String,
    #[schema(value_type = String, format = Date)]
    pub issued_on: Date,
    #[schema(value_type = Option<String>, format = Date)]
    pub valid_until: Option<Date>,
    pub copay_ratio: Option<String>,
    pub status: String,
}

impl From<app::CertificateView> for CertificateView {
    fn from(v: app::CertificateView) -> Self {
        let app::CertificateView {
            certificate_id,
            kind,
            issued_on,
            valid_until,
            copay_ratio,
            status,
        } = v;
        CertificateView {
            certificate_id,
            kind: kind.as_str().to_string(),
            issued_on,
            valid_until,
            copay_ratio,
            status: status.as_str().to_string(),
        }
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CardView {
    pub card_symbol: String,
    pub card_number: String,
    pub branch_no: String,
}

impl From<app::CardView> for CardView {
    fn from(v: app::CardView) -> Self {
        let app::CardView {
            card_symbol,
            card_number,
            branch_no,
        } = v;
        CardView {
            card_symbol,
            card_number,
            branch_no,
        }
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct WorkItemView {
    pub work_item_id: i64,
    pub kind: String,
    pub label: String,
    pub resident_no: String,
    pub household_no: Option<String>,
    pub detail: String,
    #[schema(value_type = Option<String>, format = Date)]
    pub due_on: Option<Date>,
    pub status: String,
}

impl From<app::WorkItemView> for WorkItemView {
    fn from(v: app::WorkItemView) -> Self {
        let app::WorkItemView {
            work_item_id,
            kind,
            label,
            resident_no,
            household_no,
            detail,
            due_on,
            status,
        } = v;
        WorkItemView {
            work_item_id,
            kind: kind.as_str().to_string(),
            label,
            resident_no,
            household_no,
            detail,
            due_on,
            status: status.as_str().to_string(),
        }
    }
}

/// A person's record (資格照会).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ResidentDetail {
    pub summary: ResidentSummary,
    pub relationship: String,
    pub is_head: bool,
    pub nationality: Option<String>,
    #[schema(value_type = Option<String>, format = Date)]
    pub stay_until: Option<Date>,
    /// 年齢 (as of today)
    pub age: u32,
    pub periods: Vec<PeriodView>,
    pub cards: Vec<CardView>,
    pub flags: Vec<FlagView>,
    pub certificates: Vec<CertificateView>,
    /// 一部負担金割合 today (insured only), with the reason.
    pub copay_ratio: Option<String>,
    pub copay_reason: Option<String>,
    /// 一部負担金割合 for each month of the current fiscal year in which the person is insured.
    pub copay_by_month: Vec<MonthlyCopay>,
    /// Whether a My Number is linked (the number itself is never part of a view).
    pub my_number_linked: bool,
    pub work_items: Vec<WorkItemView>,
}

impl From<app::ResidentDetail> for ResidentDetail {
    fn from(v: app::ResidentDetail) -> Self {
        let app::ResidentDetail {
            summary,
            relationship,
            is_head,
            nationality,
            stay_until,
            age,
            periods,
            cards,
            flags,
            certificates,
            copay_ratio,
            copay_reason,
            copay_by_month,
            my_number_linked,
            work_items,
        } = v;
        ResidentDetail {
            summary: summary.into(),
            relationship,
            is_head,
            nationality,
            stay_until,
            age,
            periods: periods.into_iter().map(Into::into).collect(),
            cards: cards.into_iter().map(Into::into).collect(),
            flags: flags.into_iter().map(Into::into).collect(),
            certificates: certificates.into_iter().map(Into::into).collect(),
            copay_ratio,
            copay_reason,
            copay_by_month: copay_by_month.into_iter().map(Into::into).collect(),
            my_number_linked,
            work_items: work_items.into_iter().map(Into::into).collect(),
        }
    }
}

/// 月別の一部負担金割合.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MonthlyCopay {
    /// 年月 (YYYY-MM)
    pub month: String,
    pub ratio: String,
    pub reason: String,
}

impl From<app::MonthlyCopay> for MonthlyCopay {
    fn from(v: app::MonthlyCopay) -> Self {
        let app::MonthlyCopay { month, ratio, reason } = v;
        MonthlyCopay { month, ratio, reason }
    }
}

/// A household member as of a date. A 支援措置 member is withheld from a user without that scope:
/// every field but the 宛名番号 is `null`, as on the household page.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct HouseholdMember {
    pub resident_no: String,
    /// 氏名
    #[schema(value_type = Option<String>)]
    pub name: Shown<String>,
    /// 氏名カナ
    #[schema(value_type = Option<String>)]
    pub name_kana: Shown<String>,
    /// 生年月日
    #[schema(value_type = Option<String>, format = Date)]
    pub birth_date: Shown<Date>,
    /// 年齢 (as of the date)
    #[schema(value_type = Option<u32>)]
    pub age: Shown<u32>,
    /// 続柄
    #[schema(value_type = Option<String>)]
    pub relationship: Shown<String>,
    /// 世帯主か
    #[schema(value_type = Option<bool>)]
    pub is_head: Shown<bool>,
    /// 国保の被保険者か
    #[schema(value_type = Option<bool>)]
    pub insured: Shown<bool>,
    /// 記号・番号・枝番
    #[schema(value_type = Option<CardView>)]
    pub card: Shown<Option<CardView>>,
    /// 一部負担金割合 (insured only)
    #[schema(value_type = Option<String>)]
    pub copay_ratio: Shown<Option<String>>,
    /// Whether this member is withheld because of 支援措置 (shown only with the scope).
    pub restricted: bool,
    /// 資格の履歴.
    #[schema(value_type = Option<Vec<PeriodView>>)]
    pub periods: Shown<Vec<PeriodView>>,
    /// Certificates in force (交付中).
    #[schema(value_type = Option<Vec<CertificateView>>)]
    pub certificates: Shown<Vec<CertificateView>>,
}

impl From<app::HouseholdMember> for HouseholdMember {
    fn from(v: app::HouseholdMember) -> Self {
        let app::HouseholdMember {
            resident_no,
            name,
            name_kana,
            birth_date,
            age,
            relationship,
            is_head,
            insured,
            card,
            copay_ratio,
            restricted,
            periods,
            certificates,
        } = v;
        HouseholdMember {
            resident_no,
            name,
            name_kana,
            birth_date,
            age,
            relationship,
            is_head,
            insured,
            card: card.map(|c| c.map(Into::into)),
            copay_ratio,
            restricted,
            periods: periods.map(|list| list.into_iter().map(Into::into).collect()),
            certificates: certificates.map(|list| list.into_iter().map(Into::into).collect()),
        }
    }
}

/// 世帯照会 as of a date.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct HouseholdView {
    pub household_no: String,
    #[schema(value_type = String, format = Date)]
    pub as_of: Date,
    pub members: Vec<HouseholdMember>,
    /// 世帯主's 宛名番号 (withheld when the head is withheld).
    #[schema(value_type = Option<String>)]
    pub head: Shown<Option<String>>,
    /// 擬制世帯主: the head is not insured while other members are. Like the count, a fact of the
    /// household that the office states (the page shows it), computed over every member.
    pub nominal_head: bool,
    /// 国保の被保険者数 of the household, every member counted (withheld ones too).
    pub insured_count: usize,
    pub flags: Vec<FlagView>,
    /// Open work items of the members shown.
    pub work_items: Vec<WorkItemView>,
}

impl From<app::HouseholdView> for HouseholdView {
    fn from(v: app::HouseholdView) -> Self {
        let app::HouseholdView {
            household_no,
            as_of,
            members,
            head,
            nominal_head,
            insured_count,
            flags,
            work_items,
        } = v;
        HouseholdView {
            household_no,
            as_of,
            members: members.into_iter().map(Into::into).collect(),
            head,
            nominal_head,
            insured_count,
            flags: flags.into_iter().map(Into::into).collect(),
            work_items: work_items.into_iter().map(Into::into).collect(),
        }
    }
}
