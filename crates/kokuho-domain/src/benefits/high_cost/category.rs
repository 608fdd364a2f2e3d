//! 所得区分の判定 from `household.incomes` (rules.md §6.1, §6.5b), when the categories are not
//! given. Incomes are read and converted by the premium calculator's [`IncomeInput`] (one
//! implementation of 総所得金額等 and 旧ただし書き所得), and 現役並み is the 70〜74 copay
//! judgement itself ([`judge_elder_copay`]).

use super::input::{IncomeEntry, Incomes};
use super::{Category, Category70};
use crate::Yen;
use crate::assessment::income_conversion::{self, ConversionError};
use crate::assessment::premium::input::IncomeInput;
use crate::contract::CalcError;
use crate::eligibility::copay::{
    ElderCopay, ElderCopayHousehold, ElderCopayThresholds, ElderMember, judge_elder_copay,
};
use crate::kernel::date::Date;

/// 区分ア: 旧ただし書き所得の世帯合計 901万円超 ([公] 南部町・サンファーマ, rules.md §6.1).
const OVER_A: i64 = 9_010_000;
/// 区分イ: 600万円超.
const OVER_I: i64 = 6_000_000;
/// 区分ウ: 210万円超 (以下は区分エ).
const OVER_U: i64 = 2_100_000;
/// 現役並みⅢ: 課税所得690万円以上 ([公] 南部町, rules.md §6.1).
const FROM_G3: i64 = 6_900_000;
/// 現役並みⅡ: 380万円以上 (現役並みⅠ: 145万円以上, the copay judgement's own threshold).
const FROM_G2: i64 = 3_800_000;
/// 低所得Ⅰ: 公的年金等の控除額を80万円として所得0 ([公] 南部町「所得0（年金収入80万円以下等）」).
const LOW1_PENSION_DEDUCTION: i64 = 800_000;

/// One insured member's income, for the judgement.
pub struct MemberIncome<'a> {
    /// The member's id.
    pub id: &'a str,
    /// 生年月日.
    pub birth_date: Date,
    /// 70〜74 in the month.
    pub from_70: bool,
    /// Where the document gave the income (error paths).
    pub path: &'a str,
    /// The member's income (`incomes.<id>`).
    pub income: &'a IncomeInput,
}

/// The incomes of the `members` (insured in the month, in order), each required.
///
/// # Errors
/// A member without income, or an income of someone who is not a member.
pub fn pair<'a>(
    incomes: &'a Incomes,
    members: &[(&'a str, Date, bool)],
    all_ids: &[&str],
) -> Result<Vec<MemberIncome<'a>>, CalcError> {
    if let Some(IncomeEntry { id, path, .. }) = incomes.0.iter().find(|e| !all_ids.contains(&e.id.as_str())) {
        return Err(CalcError::invalid(
            path.clone(),
            format!("項目 {path}: 「{id}」は世帯員（members）にいません"),
        ));
    }
    members
        .iter()
        .map(|&(id, birth_date, from_70)| {
            let entry = incomes.0.iter().find(|e| e.id == id).ok_or_else(|| {
                CalcError::invalid(
                    "household.incomes",
                    format!(
                        "項目 household.incomes: \
                         世帯員「{id}」の所得がありません（所得から区分を判定するときは被保険者全員の所得が必要です）"
                    ),
                )
            })?;
            entry.income.check(&entry.path)?;
            Ok(MemberIncome {
                id,
                path: &entry.path,
                birth_date,
                from_70,
                income: &entry.income,
            })
        })
        .collect()
}

fn conv(path: &str) -> impl Fn(ConversionError) -> CalcError + '_ {
    move |e| CalcError::invalid(path, format!("項目 {path}: {e}"))
}

fn exempt(m: &MemberIncome<'_>) -> bool {
    m.income.resident_tax_exempt == Some(true)
}

fn yen(v: i64) -> String {
    Yen::new(v).to_string()
}

/// 70歳未満の区分 from every insured member's income of `income_year`: 未申告 → ア ([公] 西宮市,
/// rules.md §6.5b); everyone 住民税非課税 → オ ([公] 能代市); otherwise by Σ 旧ただし書き所得.
///
/// The 世帯主 who is not insured (擬制世帯主) is not in the contract's household, so オ looks at
/// the insured members only.
///
/// # Errors
/// A year without the conversion tables.
pub fn under_70(
    members: &[MemberIncome<'_>],
    income_year: i32,
    steps: &mut Vec<String>,
) -> Result<Category, CalcError> {
    if let Some(m) = members.iter().find(|m| !m.income.is_declared()) {
        steps.push(format!("所得区分（70歳未満）: {}の所得が未申告のため区分ア", m.id));
        return Ok(Category::A);
    }
    if members.iter().all(exempt) {
        steps.push(String::from(
            "所得区分（70歳未満）: 被保険者全員が住民税非課税のため区分オ",
        ));
        return Ok(Category::O);
    }
    let mut total: i64 = 0;
    let mut parts = Vec::with_capacity(members.len());
    for m in members {
        let income = m.income.income_parts(m.birth_date, income_year).map_err(conv(m.path))?;
        let assessable = income_conversion::assessable_income(Yen::new(income.total), income_year)
            .map_err(conv(m.path))?
            .value();
        total = total.saturating_add(assessable);
        parts.push(format!("{} {}", m.id, yen(assessable)));
    }
    let category = if total > OVER_A {
        Category::A
    } else if total > OVER_I {
        Category::I
    } else if total > OVER_U {
        Category::U
    } else {
        Category::E
    };
    steps.push(format!(
        "所得区分（70歳未満）: {income_year}年の旧ただし書き所得の合計 {}（{}）→ {}（ア 901万円超、イ 600万円超、ウ 210万円超、エ 210万円以下）",
        yen(total),
        parts.join("、"),
        category.label()
    ));
    Ok(category)
}

/// 70〜74歳の区分 from the incomes of `income_year`: everyone 住民税非課税 → 低所得Ⅱ, and 低所得Ⅰ
/// when everyone's 所得 is 0 with 公的年金等 counted less 80万円; otherwise 現役並み as the copay
/// judgement decides it (課税所得145万円, the 210万円 rule [未: 原文], 基準収入額), split by the
/// highest 課税所得 (690万円 Ⅲ, 380万円 Ⅱ, else Ⅰ), or 一般.
///
/// # Errors
/// A 70〜74 member whose income is 未申告 (the category is then refused rather than guessed:
/// give `category_70`), or a year without the conversion tables.
pub fn from_70(
    members: &[MemberIncome<'_>],
    income_year: i32,
    steps: &mut Vec<String>,
) -> Result<Category70, CalcError> {
    if let Some(m) = members.iter().find(|m| m.from_70 && !m.income.is_declared()) {
        let path = m.path;
        return Err(CalcError::invalid(
            path,
            format!(
                "項目 {path}: 70〜74歳の被保険者の所得が未申告のため区分を判定できません。household.category_70 を指定してください"
            ),
        ));
    }
    if members.iter().all(exempt) {
        let mut all_zero = true;
        for m in members {
            let p = m.income.income_parts(m.birth_date, income_year).map_err(conv(m.path))?;
            let pension = match m.income.pension_revenue {
                Some(r) => (r.0 - LOW1_PENSION_DEDUCTION).max(0),
                None => p.pension,
            };
            all_zero &= p
                .salary
                .saturating_add(pension)
                .saturating_add(p.other)
                .max(0)
                .saturating_add(p.separate)
                == 0;
        }
        let category = if all_zero { Category70::Low1 } else { Category70::Low2 };
        steps.push(format!(
            "所得区分（70〜74歳）: 被保険者全員が住民税非課税{}のため{}",
            if all_zero {
                "で、所得が0円（公的年金等は80万円を控除）"
            } else {
                ""
            },
            category.label()
        ));
        return Ok(category);
    }
    let mut household = ElderCopayHousehold::default();
    for m in members.iter().filter(|m| m.from_70) {
        let i = m.income;
        let total = i.income_parts(m.birth_date, income_year).map_err(conv(m.path))?.total;
        let amount = |a: Option<crate::contract::Amount>| a.map_or(0, |a| a.0);
        household.members.push(ElderMember {
            taxable_income_yen: amount(i.taxable_income),
            total_income_yen: total,
            // 収入額 (基準収入額): revenues, plus the other incomes.
            revenue_yen: [i.salary_revenue, i.pension_revenue, i.other_income, i.separate_income]
                .into_iter()
                .map(amount)
                .fold(0, i64::saturating_add),
            is_head: false,
        });
    }
    let decision = judge_elder_copay(&household, &ElderCopayThresholds::STATUTORY);
    let highest = household
        .members
        .iter()
        .map(|m| m.taxable_income_yen)
        .max()
        .unwrap_or(0);
    let category = match decision.judgement {
        ElderCopay::General => Category70::General,
        ElderCopay::ActiveLevel if highest >= FROM_G3 => Category70::Genekinami3,
        ElderCopay::ActiveLevel if highest >= FROM_G2 => Category70::Genekinami2,
        ElderCopay::ActiveLevel => Category70::Genekinami1,
    };
    steps.push(format!(
        "所得区分（70〜74歳）: {income_year}年の所得で、{} → {}",
        decision.reason,
        category.label()
    ));
    Ok(category)
}
