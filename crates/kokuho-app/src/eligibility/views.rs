//! 照会: resident search, a person's record, the household as of a date, and the copay ratio.
//! Every view is audited (who looked at whom); persons are read through `access::scope`, so a
//! 支援措置 resident is withheld without that scope and raises the alert with it.

use jiff::civil::Date;
use kokuho_domain::Yen;
use kokuho_domain::assessment::income::IncomeRecord;
use kokuho_domain::assessment::income_conversion::total_income;
use kokuho_domain::eligibility::certificate::{CertificateKind, CertificateStatus};
use kokuho_domain::eligibility::copay::{
    CopayRatio, ElderCopay, ElderCopayHousehold, ElderCopayThresholds, ElderMember, FormerMember,
    copay_ratio_for_month, judge_elder_copay, judgement_income_year,
};
use kokuho_domain::eligibility::period::{FlagAttributes, FlagKind};
use kokuho_domain::eligibility::resident::ResidentStatus;
use kokuho_domain::kernel::date::{YearMonth, age_on, copay_elder_from, format_wareki};
use kokuho_domain::kernel::kana::search_key;
use kokuho_domain::kernel::work::{WorkItemStatus, WorkKind};
use kokuho_store::Tx;
use kokuho_store::repo::assessment::incomes::{self, IncomeRow};
use kokuho_store::repo::eligibility::periods as elig;
use kokuho_store::repo::eligibility::residents::{self, ResidentQuery, ResidentRow};
use kokuho_store::repo::{eligibility::my_numbers, work_items};
use serde::{Deserialize, Serialize};

use super::lookups::insured_on;
use crate::access::{Loaded, PersonRead, Shown, Visibility, scope};
use crate::audit::value::SearchHits;
use crate::audit::{AuditAction, AuditEvent};
use crate::error::{AppError, AppResult};
use crate::{Actor, App, Audited, Permission};

/// 検索条件. At least one criterion is required (no bulk listing).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SearchRequest {
    /// 氏名カナ (前方一致; ひらがな・半角も可)
    pub kana: Option<String>,
    /// 氏名 (部分一致)
    pub name: Option<String>,
    /// 生年月日
    pub birth_date: Option<Date>,
    /// 住所 (部分一致)
    pub address: Option<String>,
    pub resident_no: Option<String>,
    pub household_no: Option<String>,
    /// 記号番号 (番号)
    pub card_number: Option<String>,
    /// ページ (1から)
    pub page: Option<u32>,
}

/// Page size of every list (no bulk extraction).
pub const PAGE_SIZE: i64 = 20;

/// A search hit: never a My Number.
#[derive(Debug, Clone, Serialize)]
pub struct ResidentSummary {
    pub resident_no: String,
    pub name: String,
    pub name_kana: String,
    pub birth_date: Date,
    /// 生年月日（和暦）
    pub birth_date_wareki: String,
    pub sex: String,
    pub household_no: String,
    pub address: Option<String>,
    /// 住民の状態 (registered / moved_out / deceased / non_resident)
    pub status: ResidentStatus,
    /// 国保の資格が現在あるか
    pub insured: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchResult {
    pub page: u32,
    pub has_more: bool,
    pub residents: Vec<ResidentSummary>,
}

/// One eligibility period as shown.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodView {
    pub period_id: i64,
    pub acquired_on: Date,
    pub acquisition_reason: String,
    pub acquisition_notified_on: Date,
    pub acquisition_late: bool,
    pub lost_on: Option<Date>,
    pub loss_reason: Option<String>,
    pub loss_late: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct FlagView {
    pub flag_id: i64,
    pub kind: FlagKind,
    /// The kind's label (`kind.label()`), written out for the JSON.
    pub label: String,
    pub from: Date,
    pub until: Option<Date>,
    pub attributes: FlagAttributes,
}

#[derive(Debug, Clone, Serialize)]
pub struct CertificateView {
    pub certificate_id: i64,
    pub kind: CertificateKind,
    pub issued_on: Date,
    pub valid_until: Option<Date>,
    pub copay_ratio: Option<String>,
    pub status: CertificateStatus,
}

#[derive(Debug, Clone, Serialize)]
pub struct CardView {
    pub card_symbol: String,
    pub card_number: String,
    pub branch_no: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct WorkItemView {
    pub work_item_id: i64,
    pub kind: WorkKind,
    /// The kind's label (`kind.label()`), written out for the JSON.
    pub label: String,
    pub resident_no: String,
    pub household_no: Option<String>,
    pub detail: String,
    pub due_on: Option<Date>,
    pub status: WorkItemStatus,
}

/// A person's record (資格照会).
#[derive(Debug, Clone, Serialize)]
pub struct ResidentDetail {
    pub summary: ResidentSummary,
    pub relationship: String,
    pub is_head: bool,
    pub nationality: Option<String>,
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

/// 月別の一部負担金割合.
#[derive(Debug, Clone, Serialize)]
pub struct MonthlyCopay {
    /// 年月 (YYYY-MM)
    pub month: String,
    pub ratio: String,
    pub reason: String,
}

/// A household member as of a date. A 支援措置 member is withheld from a user without that scope:
/// every field but the 宛名番号 is [`Shown::Withheld`] (`null` in JSON), as on the household page.
#[derive(Debug, Clone, Serialize)]
pub struct HouseholdMember {
    pub resident_no: String,
    /// 氏名
    pub name: Shown<String>,
    /// 氏名カナ
    pub name_kana: Shown<String>,
    /// 生年月日
    pub birth_date: Shown<Date>,
    /// 年齢 (as of the date)
    pub age: Shown<u32>,
    /// 続柄
    pub relationship: Shown<String>,
    /// 世帯主か
    pub is_head: Shown<bool>,
    /// 国保の被保険者か
    pub insured: Shown<bool>,
    /// 記号・番号・枝番
    pub card: Shown<Option<CardView>>,
    /// 一部負担金割合 (insured only)
    pub copay_ratio: Shown<Option<String>>,
    /// Whether this member is withheld because of 支援措置 (shown only with the scope).
    pub restricted: bool,
    /// 資格の履歴.
    pub periods: Shown<Vec<PeriodView>>,
    /// Certificates in force (交付中).
    pub certificates: Shown<Vec<CertificateView>>,
}

/// 世帯照会 as of a date.
#[derive(Debug, Clone, Serialize)]
pub struct HouseholdView {
    pub household_no: String,
    pub as_of: Date,
    pub members: Vec<HouseholdMember>,
    /// 世帯主's 宛名番号 (withheld when the head is withheld).
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

fn summary(tx: &mut dyn Tx, r: &ResidentRow, on: Date) -> AppResult<ResidentSummary> {
    let insured = insured_on(tx, &r.insurer_no, &r.resident_no, on)?;
    Ok(ResidentSummary {
        resident_no: r.resident_no.clone(),
        name: r.name.clone(),
        name_kana: r.name_kana.clone(),
        birth_date: r.birth_date,
        birth_date_wareki: format_wareki(r.birth_date),
        sex: r.sex.clone(),
        household_no: r.household_no.clone(),
        address: r.address.clone(),
        status: r.status,
        insured,
    })
}

fn period_view(p: elig::PeriodRow) -> PeriodView {
    PeriodView {
        period_id: p.period_id,
        acquired_on: p.acquired_on,
        acquisition_reason: label_of_acquisition(&p.acquisition_reason),
        acquisition_notified_on: p.acquisition_notified_on,
        acquisition_late: p.acquisition_late,
        lost_on: p.lost_on,
        loss_reason: p.loss_reason.as_deref().map(label_of_loss),
        loss_late: p.loss_late,
    }
}

fn certificate_view(c: elig::CertificateRow) -> CertificateView {
    CertificateView {
        certificate_id: c.certificate_id,
        kind: c.kind,
        issued_on: c.issued_on,
        valid_until: c.valid_until,
        copay_ratio: c.copay_ratio,
        status: c.status,
    }
}

fn flag_view(f: elig::FlagRow) -> FlagView {
    FlagView {
        flag_id: f.flag_id,
        kind: f.kind,
        label: f.kind.label().to_string(),
        from: f.from_date,
        until: f.until_date,
        attributes: f.attributes,
    }
}

pub(crate) fn work_item_view(w: work_items::WorkItemRow) -> WorkItemView {
    WorkItemView {
        label: w.kind.label().to_string(),
        work_item_id: w.work_item_id,
        kind: w.kind,
        resident_no: w.resident_no,
        household_no: w.household_no,
        detail: w.detail,
        due_on: w.due_on,
        status: w.status,
    }
}

fn income_record(row: &IncomeRow) -> AppResult<IncomeRecord> {
    Ok(IncomeRecord {
        resident_no: row
            .resident_no
            .parse()
            .map_err(|_| AppError::Internal("stored resident_no".into()))?,
        year: i32::try_from(row.year).map_err(|_| AppError::Internal("stored year".into()))?,
        salary_revenue: Yen::new(row.salary_revenue),
        pension_revenue: Yen::new(row.pension_revenue),
        other_income: Yen::new(row.other_income),
        separate_income: Yen::new(row.separate_income),
        separate_special_deduction: Yen::new(row.separate_special_deduction),
        family_employee_pay: Yen::new(row.family_employee_pay),
        taxable_income: Yen::new(row.taxable_income),
        tax_exempt: row.tax_exempt,
        undeclared: row.undeclared,
    })
}

/// 収入額 for the 基準収入額 test: revenues, plus other income where it is positive.
fn revenue_of(income: &IncomeRow) -> i64 {
    income.salary_revenue + income.pension_revenue + income.other_income.max(0) + income.separate_income
}

/// 一部負担金割合 on a date, with the reason in Japanese (rules.md §7.1).
pub(crate) fn copay_with_reason(
    tx: &mut dyn Tx,
    ins: &str,
    resident_no: &str,
    birth: Date,
    on: Date,
) -> AppResult<(CopayRatio, String)> {
    let month = YearMonth::of(on);
    if month < copay_elder_from(birth) {
        let ratio = copay_ratio_for_month(birth, month, ElderCopay::General);
        let reason = if ratio == CopayRatio::Twenty {
            "義務教育就学前"
        } else {
            "70歳未満"
        };
        return Ok((ratio, reason.to_string()));
    }
    let Some(me) = residents::get(tx, ins, resident_no)? else {
        return Err(AppError::not_found(format!("宛名番号{resident_no}の住民")));
    };
    let year = i64::from(judgement_income_year(month));
    let mut household = ElderCopayHousehold::default();
    for m in residents::household_as_of(tx, ins, &me.household_no, on)? {
        let Some(r) = residents::get(tx, ins, &m.resident_no)? else {
            continue;
        };
        let age = age_on(r.birth_date, on);
        let insured = insured_on(tx, ins, &r.resident_no, on)?;
        let income = incomes::get(tx, ins, &r.resident_no, year)?;
        if insured && (70..75).contains(&age) {
            let Some(income) = income else {
                return Ok((
                    CopayRatio::Thirty,
                    format!("{}年の所得が未登録のため判定できません（要確認）", year),
                ));
            };
            let record = income_record(&income)?;
            let total = match total_income(&record, r.birth_date) {
                Ok(t) => t,
                // Unknown income (未申告, a year whose tables are not in force yet): say so, don't guess.
                Err(e) => {
                    return Ok((
                        CopayRatio::Thirty,
                        format!("{year}年の所得を判定に使えません（{e}）。要確認"),
                    ));
                }
            };
            household.members.push(ElderMember {
                taxable_income_yen: income.taxable_income,
                total_income_yen: total.value(),
                revenue_yen: revenue_of(&income),
                is_head: m.is_head,
            });
        } else if !insured
            && age >= 75
            && elig::flags_of_resident(tx, ins, &r.resident_no)?
                .iter()
                .any(|f| f.kind == FlagKind::SpecifiedSameHousehold)
            && let Some(income) = income
        {
            household.former_members.push(FormerMember {
                revenue_yen: revenue_of(&income),
            });
        }
    }
    let decision = judge_elder_copay(&household, &ElderCopayThresholds::STATUTORY);
    Ok((decision.ratio(), format!("{}（{}年所得で判定）", decision.reason, year)))
}

pub(crate) fn copay_ratio_on(
    tx: &mut dyn Tx,
    ins: &str,
    resident_no: &str,
    birth: Date,
    on: Date,
) -> AppResult<CopayRatio> {
    copay_with_reason(tx, ins, resident_no, birth, on).map(|(r, _)| r)
}

impl App {
    /// 住民検索: paged, never a My Number; 支援措置 residents are left out without the scope.
    pub fn search_residents(&self, actor: &Actor, req: &SearchRequest) -> AppResult<SearchResult> {
        self.run(
            actor,
            Permission::EligibilityRead,
            AuditAction::ResidentSearch,
            "search",
            |cx| {
                let has_criterion = [
                    &req.kana,
                    &req.name,
                    &req.address,
                    &req.resident_no,
                    &req.household_no,
                    &req.card_number,
                ]
                .iter()
                .any(|c| c.as_deref().is_some_and(|s| !s.trim().is_empty()))
                    || req.birth_date.is_some();
                if !has_criterion {
                    return Err(AppError::invalid("kana", "検索条件を1つ以上入力してください"));
                }
                let page = req.page.unwrap_or(1).max(1);
                let ins = cx.insurer().to_string();
                let mut household_no = req.household_no.clone().filter(|s| !s.trim().is_empty());
                if let Some(card) = req.card_number.as_deref().filter(|s| !s.trim().is_empty()) {
                    match kokuho_store::repo::eligibility::periods::household_of_card(cx.tx, &ins, card.trim())? {
                        Some(h) => household_no = Some(h),
                        None => {
                            return Ok(Audited::new(
                                SearchResult {
                                    page,
                                    has_more: false,
                                    residents: vec![],
                                },
                                "search",
                                AuditEvent::ResidentSearch {
                                    hits: SearchHits::Count(0),
                                },
                            ));
                        }
                    }
                }
                let query = ResidentQuery {
                    kana_prefix: req.kana.as_deref().map(search_key).filter(|k| !k.is_empty()),
                    name_contains: req
                        .name
                        .clone()
                        .filter(|s| !s.trim().is_empty())
                        .map(|s| s.trim().to_string()),
                    birth_date: req.birth_date,
                    address_contains: req
                        .address
                        .clone()
                        .filter(|s| !s.trim().is_empty())
                        .map(|s| s.trim().to_string()),
                    resident_no: req
                        .resident_no
                        .clone()
                        .filter(|s| !s.trim().is_empty())
                        .map(|s| s.trim().to_string()),
                    household_no,
                    // Set by the loader from the actor's scope.
                    exclude_restricted_on: None,
                    limit: PAGE_SIZE + 1,
                    offset: (i64::from(page) - 1) * PAGE_SIZE,
                };
                let mut rows = scope::search(cx, PersonRead::ResidentSearch, &query)?;
                let has_more = rows.len() > usize::try_from(PAGE_SIZE).unwrap_or(20);
                rows.truncate(usize::try_from(PAGE_SIZE).unwrap_or(20));
                let mut out = Vec::with_capacity(rows.len());
                for r in &rows {
                    out.push(summary(cx.tx, r, cx.today)?);
                }
                let hits = rows.iter().map(|r| r.resident_no.clone()).collect();
                let detail = AuditEvent::ResidentSearch {
                    hits: SearchHits::Residents(hits),
                };
                Ok(Audited::new(
                    SearchResult {
                        page,
                        has_more,
                        residents: out,
                    },
                    "search",
                    detail,
                ))
            },
        )
    }

    /// 資格照会: one person's record.
    pub fn resident_detail(&self, actor: &Actor, resident_no: &str) -> AppResult<ResidentDetail> {
        self.run(
            actor,
            Permission::EligibilityRead,
            AuditAction::ResidentView,
            resident_no,
            |cx| {
                let ins = cx.insurer().to_string();
                let r = scope::resident(cx, PersonRead::ResidentDetail, resident_no)?
                    .ok_or_else(|| AppError::not_found(format!("宛名番号{resident_no}の住民")))?
                    .whole_or_refused()?;
                let today = cx.today;
                let summary = summary(cx.tx, &r, today)?;
                let periods = elig::periods_of(cx.tx, &ins, resident_no)?
                    .into_iter()
                    .map(period_view)
                    .collect();
                let cards = elig::cards_of_resident(cx.tx, &ins, resident_no)?
                    .into_iter()
                    .map(|(card_symbol, card_number, branch_no)| CardView {
                        card_symbol,
                        card_number,
                        branch_no,
                    })
                    .collect();
                let flags = elig::flags_of_resident(cx.tx, &ins, resident_no)?
                    .into_iter()
                    .map(flag_view)
                    .collect();
                let certificates = elig::certificates_of(cx.tx, &ins, resident_no)?
                    .into_iter()
                    .map(certificate_view)
                    .collect();
                let (copay_ratio, copay_reason) = if summary.insured {
                    let (ratio, reason) = copay_with_reason(cx.tx, &ins, resident_no, r.birth_date, today)?;
                    (Some(ratio.to_string()), Some(reason))
                } else {
                    (None, None)
                };
                let mut copay_by_month = Vec::new();
                let own_periods = elig::periods_of(cx.tx, &ins, resident_no)?;
                for month in kokuho_domain::kernel::date::FiscalYear::of(today).months() {
                    let first = month.first_day();
                    let insured_in_month = own_periods
                        .iter()
                        .any(|p| p.acquired_on <= month.last_day() && p.lost_on.is_none_or(|l| l > first));
                    if insured_in_month {
                        let on = first.max(r.birth_date);
                        let (ratio, reason) = copay_with_reason(cx.tx, &ins, resident_no, r.birth_date, on)?;
                        copay_by_month.push(MonthlyCopay {
                            month: month.to_string(),
                            ratio: ratio.to_string(),
                            reason,
                        });
                    }
                }
                let my_number_linked = my_numbers::of_resident(cx.tx, &ins, resident_no)?.is_some();
                let work_items = work_items::of_resident(cx.tx, &ins, resident_no)?
                    .into_iter()
                    .map(work_item_view)
                    .collect();
                let detail = ResidentDetail {
                    age: age_on(r.birth_date, today),
                    relationship: r.relationship.clone(),
                    is_head: r.is_head,
                    nationality: r.nationality.clone(),
                    stay_until: r.stay_until,
                    summary,
                    periods,
                    cards,
                    flags,
                    certificates,
                    copay_ratio,
                    copay_reason,
                    copay_by_month,
                    my_number_linked,
                    work_items,
                };
                Ok(Audited::new(detail, resident_no, AuditEvent::ResidentView {}))
            },
        )
    }

    /// 世帯照会 as of a date (default today).
    pub fn household_view(&self, actor: &Actor, household_no: &str, as_of: Option<Date>) -> AppResult<HouseholdView> {
        self.run(
            actor,
            Permission::EligibilityRead,
            AuditAction::HouseholdView,
            household_no,
            |cx| {
                let ins = cx.insurer().to_string();
                let on = as_of.unwrap_or(cx.today);
                let memberships = scope::household_as_of(cx, PersonRead::HouseholdView, household_no, on)?;
                if memberships.is_empty() {
                    return Err(AppError::not_found(format!(
                        "{}現在の世帯番号{household_no}の世帯",
                        format_wareki(on)
                    )));
                }
                let mut members = Vec::new();
                let mut work_items = Vec::new();
                let mut head = Shown::Visible(None);
                // Household facts over every member (withheld ones too): the insured count and 擬制世帯主.
                let (mut insured_count, mut head_insured) = (0, false);
                for (m, person) in memberships {
                    let insured = insured_on(cx.tx, &ins, &m.resident_no, on)?;
                    insured_count += usize::from(insured);
                    head_insured |= m.is_head && insured;
                    let visibility = person.visibility();
                    if m.is_head {
                        head = visibility.show(Some(m.resident_no.clone()));
                    }
                    cx.audit_also(
                        AuditEvent::ResidentViewInHousehold {
                            household_no: household_no.to_string(),
                        },
                        &m.resident_no,
                    );
                    let r = match person {
                        Loaded::Whole(r) => r,
                        Loaded::Withheld { resident_no } => {
                            members.push(withheld_member(resident_no));
                            continue;
                        }
                    };
                    let card = elig::card_of_household(cx.tx, &ins, household_no)?.and_then(|c| {
                        elig::branch_of(cx.tx, &ins, &c.card_number, &r.resident_no)
                            .ok()
                            .flatten()
                            .map(|b| CardView {
                                card_symbol: c.card_symbol.clone(),
                                card_number: c.card_number.clone(),
                                branch_no: b,
                            })
                    });
                    let copay_ratio = if insured {
                        Some(copay_ratio_on(cx.tx, &ins, &r.resident_no, r.birth_date, on)?.to_string())
                    } else {
                        None
                    };
                    let periods = elig::periods_of(cx.tx, &ins, &r.resident_no)?
                        .into_iter()
                        .map(period_view)
                        .collect();
                    let certificates = elig::certificates_of(cx.tx, &ins, &r.resident_no)?
                        .into_iter()
                        .filter(|c| c.status == CertificateStatus::Issued)
                        .map(certificate_view)
                        .collect();
                    work_items.extend(
                        work_items::of_resident(cx.tx, &ins, &r.resident_no)?
                            .into_iter()
                            .filter(|w| w.status == WorkItemStatus::Open)
                            .map(work_item_view),
                    );
                    members.push(HouseholdMember {
                        resident_no: r.resident_no.clone(),
                        name: Shown::Visible(r.name.clone()),
                        name_kana: Shown::Visible(r.name_kana.clone()),
                        birth_date: Shown::Visible(r.birth_date),
                        age: Shown::Visible(age_on(r.birth_date, on)),
                        relationship: Shown::Visible(m.relationship.clone()),
                        is_head: Shown::Visible(m.is_head),
                        insured: Shown::Visible(insured),
                        card: Shown::Visible(card),
                        copay_ratio: Shown::Visible(copay_ratio),
                        restricted: false,
                        periods: Shown::Visible(periods),
                        certificates: Shown::Visible(certificates),
                    });
                }
                let flags = elig::flags_of_household(cx.tx, &ins, household_no)?
                    .into_iter()
                    .map(flag_view)
                    .collect();
                let view = HouseholdView {
                    household_no: household_no.to_string(),
                    as_of: on,
                    nominal_head: insured_count > 0 && !head_insured,
                    insured_count,
                    head,
                    members,
                    flags,
                    work_items,
                };
                Ok(Audited::new(
                    view,
                    household_no,
                    AuditEvent::HouseholdView { as_of: on },
                ))
            },
        )
    }

    /// 作業リスト (open items first), paged; a page may hold fewer items than the page size when
    /// items of 支援措置 residents are left out for a user without that scope.
    pub fn work_items(&self, actor: &Actor, status: Option<WorkItemStatus>, page: u32) -> AppResult<Vec<WorkItemView>> {
        self.run(
            actor,
            Permission::EligibilityRead,
            AuditAction::WorkItemList,
            "work_items",
            |cx| {
                let ins = cx.insurer().to_string();
                let offset = (i64::from(page.max(1)) - 1) * PAGE_SIZE;
                // An item of a withheld (支援措置) resident is left out, as on the household page.
                let mut items: Vec<WorkItemView> = Vec::new();
                for w in work_items::list(cx.tx, &ins, status, None, PAGE_SIZE, offset)? {
                    if scope::visibility(cx, PersonRead::WorkItems, &w.resident_no)? == Visibility::Whole {
                        items.push(work_item_view(w));
                    }
                }
                let n = items.len();
                Ok(Audited::new(items, "work_items", AuditEvent::WorkItemList { count: n }))
            },
        )
    }
}

/// A member withheld from the actor (支援措置): the 宛名番号 only.
fn withheld_member(resident_no: String) -> HouseholdMember {
    HouseholdMember {
        resident_no,
        name: Shown::Withheld,
        name_kana: Shown::Withheld,
        birth_date: Shown::Withheld,
        age: Shown::Withheld,
        relationship: Shown::Withheld,
        is_head: Shown::Withheld,
        insured: Shown::Withheld,
        card: Shown::Withheld,
        copay_ratio: Shown::Withheld,
        restricted: true,
        periods: Shown::Withheld,
        certificates: Shown::Withheld,
    }
}

fn label_of_acquisition(code: &str) -> String {
    kokuho_domain::eligibility::period::AcquisitionReason::parse(code)
        .map_or_else(|| code.to_string(), |r| r.label().to_string())
}

fn label_of_loss(code: &str) -> String {
    kokuho_domain::eligibility::period::LossReason::parse(code)
        .map_or_else(|| code.to_string(), |r| r.label().to_string())
}
