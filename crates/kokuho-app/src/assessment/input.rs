//! 賦課 input: a household's facts as the premium calculator's input, and the city's rate table of
//! a year, read for every use case that computes a premium.

use kokuho_domain::assessment::collection_plan::CollectionSettings;
use kokuho_domain::assessment::premium::input::{
    Amount, CoverageInput, HouseholdInput, IncomeInput, MaternityInput, MemberInput, PremiumInput, RatesInput,
    SinceInput, UnemploymentInput,
};
use kokuho_domain::assessment::premium::validate_rates;
use kokuho_domain::eligibility::period::FlagKind;
use kokuho_domain::kernel::date::{Date, FiscalYear, YearMonth};
use kokuho_store::Tx;
use kokuho_store::repo::assessment::rate_tables;
use kokuho_store::repo::eligibility::residents::MembershipRow;

use crate::assessment::household_facts::{HouseholdFacts, PersonFacts};
use crate::error::{AppError, AppResult};

/// `[a_from, a_until) ∩ [b_from, b_until)`, `None` until meaning open-ended.
pub(crate) fn intersect(a: (Date, Option<Date>), b: (Date, Option<Date>)) -> Option<(Date, Option<Date>)> {
    let from = a.0.max(b.0);
    let until = match (a.1, b.1) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    };
    match until {
        Some(u) if u <= from => None,
        _ => Some((from, until)),
    }
}

/// The city's rate table of `fiscal_year`, as the calculator reads it, and its 納期 settings.
pub(crate) fn rate_table_of(
    tx: &mut dyn Tx,
    ins: &str,
    fiscal_year: i32,
) -> AppResult<(RatesInput, CollectionSettings)> {
    let table = rate_tables::of_year(tx, ins, i64::from(fiscal_year))?
        .ok_or_else(|| AppError::not_found(format!("{fiscal_year}年度の料率表（先に料率表を設定してください）")))?;
    let rates = validate_rates(fiscal_year, table.rates)
        .map_err(|e| AppError::Internal(format!("stored rate table {fiscal_year}: {}", e.message)))?;
    Ok((rates, table.collection.unwrap_or_default()))
}

/// The calculator's input for a household's facts, and what was missing for it.
pub(crate) fn household_input(
    facts: &HouseholdFacts,
    fy: FiscalYear,
    rates: &RatesInput,
) -> AppResult<(PremiumInput, Vec<String>)> {
    let fiscal_year = fy.number();
    let household_no = facts.household_no.as_str();
    let memberships = &facts.memberships;
    if memberships.is_empty() {
        return Err(AppError::not_found(format!(
            "{fiscal_year}年度に世帯員のいる世帯番号{household_no}の世帯"
        )));
    }
    // 世帯主: the head on the 賦課期日, else the first head the household had in the year.
    let head = memberships
        .iter()
        .find(|m| m.is_head && m.from_date <= fy.start() && m.until_date.is_none_or(|u| u > fy.start()))
        .or_else(|| memberships.iter().find(|m| m.is_head))
        .map(|m| m.resident_no.clone())
        .ok_or_else(|| AppError::Conflict(format!("世帯番号{household_no}に{fiscal_year}年度の世帯主がいません")))?;
    let mut members = Vec::new();
    let mut incomplete = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for m in memberships {
        let resident_no = m.resident_no.as_str();
        if !seen.insert(resident_no) {
            continue;
        }
        let Some(person) = facts.people.get(resident_no) else {
            continue;
        };
        let segments: Vec<&MembershipRow> = memberships.iter().filter(|m| m.resident_no == resident_no).collect();
        if let Some(member) = member_input(person, &segments, fy, resident_no == head, &mut incomplete) {
            members.push(member);
        }
    }
    let specified_household = facts
        .household_flags
        .iter()
        .find(|f| f.kind == FlagKind::SpecifiedHousehold)
        .map(|f| SinceInput { since: f.from_date });
    Ok((
        PremiumInput {
            fiscal_year,
            rates: rates.clone(),
            household: HouseholdInput {
                head,
                members,
                specified_household,
            },
        },
        incomplete,
    ))
}

/// A 要確認 line about one member: 「宛名番号{no}: {text}」 (never a name or an amount).
pub(crate) fn missing_line(resident_no: &str, text: &str) -> String {
    format!("宛名番号{resident_no}: {text}")
}

/// Whether a 要確認 line of [`missing_line`] is about `resident_no`.
pub(crate) fn is_about(line: &str, resident_no: &str) -> bool {
    line.strip_prefix("宛名番号")
        .and_then(|rest| rest.strip_prefix(resident_no))
        .is_some_and(|rest| rest.starts_with(':'))
}

/// One member, or `None` for someone who neither is insured in the year nor counts for the
/// reductions (not the head, not a 特定同一世帯所属者).
fn member_input(
    person: &PersonFacts,
    segments: &[&MembershipRow],
    fy: FiscalYear,
    is_head: bool,
    incomplete: &mut Vec<String>,
) -> Option<MemberInput> {
    let resident_no = person.resident.resident_no.as_str();
    // 資格期間 while in this household.
    let mut coverage = Vec::new();
    for p in &person.periods {
        for s in segments {
            if let Some((from, until)) = intersect((p.acquired_on, p.lost_on), (s.from_date, s.until_date)) {
                coverage.push(CoverageInput { from, until });
            }
        }
    }
    let in_year = |from: Date, until: Option<Date>| from <= fy.end() && until.is_none_or(|u| u > fy.start());
    let insured = coverage.iter().any(|c| in_year(c.from, c.until));
    let flags = &person.flags;
    let active = |kind: FlagKind| {
        flags
            .iter()
            .filter(move |f| f.kind == kind && in_year(f.from_date, f.until_date))
    };
    let specified_same_household = !insured && active(FlagKind::SpecifiedSameHousehold).next().is_some();
    if !insured && !is_head && !specified_same_household {
        return None;
    }
    let involuntary_unemployment = active(FlagKind::InvoluntaryUnemployment).find_map(|f| {
        let a = &f.attributes;
        Some(UnemploymentInput {
            separation_date: a.separated_on?,
            reason_code: a.separation_reason_code.clone()?,
        })
    });
    let maternity = active(FlagKind::Maternity).find_map(|f| {
        let a = &f.attributes;
        Some(MaternityInput {
            expected_month: YearMonth::of(a.expected_birth_month?),
            multiple: a.multiple_birth,
        })
    });
    let former_dependent = active(FlagKind::FormerDependent)
        .next()
        .map(|f| SinceInput { since: f.from_date });
    let care_exempt = active(FlagKind::CareExempt)
        .map(|f| (f.from_date, f.until_date))
        .collect();
    // 前年の所得.
    let income_year = fy.number() - 1;
    let income = match &person.income {
        None => {
            incomplete.push(missing_line(
                resident_no,
                &format!("{income_year}年の所得の記録がありません（未申告として計算）"),
            ));
            IncomeInput {
                declared: Some(false),
                ..IncomeInput::default()
            }
        }
        Some(i) if i.undeclared => {
            incomplete.push(missing_line(resident_no, &format!("{income_year}年の所得が未申告です")));
            IncomeInput {
                declared: Some(false),
                ..IncomeInput::default()
            }
        }
        Some(i) => {
            // Stored incomes are at most 1,000億円 (IncomeRecord::validate), within Amount::MAX.
            let some = |v: i64| (v != 0).then_some(Amount(v.max(0)));
            IncomeInput {
                declared: Some(true),
                salary_revenue: some(i.salary_revenue),
                pension_revenue: some(i.pension_revenue),
                other_income: some(i.other_income),
                separate_income: some(i.separate_income),
                separate_special_deduction: some(i.separate_special_deduction),
                family_employee_deduction: some(i.family_employee_pay),
                salary_income: None,
                pension_income: None,
                // The premium reads neither (the 高額療養費 category does).
                taxable_income: None,
                resident_tax_exempt: None,
            }
        }
    };
    Some(MemberInput {
        id: resident_no.to_string(),
        birth_date: person.resident.birth_date,
        insured,
        specified_same_household,
        coverage: Some(coverage),
        income,
        involuntary_unemployment,
        former_dependent,
        maternity,
        fixed_asset_tax: Amount(0),
        care_exempt,
    })
}
