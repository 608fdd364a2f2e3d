//! The calculation: who is in which age group in the month, the categories, then the stages
//! (特定疾病 → 70〜74歳の外来個人 → 75歳到達月の個人 → 70〜74歳の世帯 → 世帯合算), each with a
//! Japanese line.

use super::category::{self, MemberIncome};
use std::borrow::Cow;

use super::input::{ClaimInput, HighCostInput, Incomes, Setting, SpecifiedDisease};
use super::limits::{
    self, AGGREGATION_MIN, Formula, MANY_TIMES_PRIOR, MANY_TIMES_WINDOW_MONTHS, SPECIFIED_DIALYSIS_UPPER,
    SPECIFIED_DISEASE,
};
use super::output::HighCostResult;
use super::{Category, Category70};
use crate::Yen;
use crate::contract::CalcError;
use crate::eligibility::copay::judgement_income_year;
use crate::kernel::date::{Date, YearMonth, copay_elder_from, late_elderly_transfer_date};

/// A member's place in the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    /// 70歳未満.
    Under70,
    /// 70〜74歳; `turns_75`: the 75th birthday is in the month, not on the 1st (75歳到達月の特例).
    From70 { turns_75: bool },
    /// Not insured in the month: not born yet, or in 後期高齢者医療 (with the transfer date).
    NotInsured(Option<Date>),
}

struct Person<'a> {
    id: &'a str,
    birth_date: Date,
    group: Group,
}

/// A claim after the checks: its person, its unit (レセプト単位 for the 21,000円 rule) and the
/// copay that counts after the 特定疾病 cap.
struct Claim<'a> {
    input: &'a ClaimInput,
    person: usize,
    unit: usize,
    counted: i128,
}

/// Everything the stages add up, with the lines that say how.
#[derive(Default)]
struct Tally {
    benefit: i128,
    copay_counted: i128,
    steps: Vec<String>,
}

/// Calculates the 高額療養費 of one household for one 診療月, with the explanation of every
/// stage.
///
/// # Errors
/// [`CalcError`] for unknown or missing categories, a month without a limit table, claims of
/// someone who is not an insured member, a pharmacy's prescriber not found, and a copay above
/// the medical cost (kokuho-contract adds the JSON's own refusals).
pub fn calculate(input: &HighCostInput) -> Result<HighCostResult, CalcError> {
    crate::contract::check_count("claims", input.claims.len(), crate::contract::MAX_ENTRIES, "レセプト")?;
    let month = input.month;
    let table = limits::table_for(month).ok_or_else(|| {
        let (from, until) = limits::covered_months();
        CalcError::invalid(
            "month",
            format!("項目 month: 診療月 {month} の限度額の表はありません（{from}〜{until} 診療分に対応。2027年8月からの70歳未満の13区分は国保の区分の境界が未確定です）"),
        )
    })?;
    let people = people(input)?;
    let mut t = Tally::default();
    t.steps.push(format!(
        "診療月 {}年{}月: {}を使います。",
        month.year(),
        month.month(),
        table.label
    ));
    for p in &people {
        t.steps.push(format!(
            "{}: {}生まれ、{}",
            p.id,
            p.birth_date,
            match p.group {
                Group::Under70 => String::from("70歳未満"),
                Group::From70 { turns_75: false } => String::from("70〜74歳"),
                Group::From70 { turns_75: true } =>
                    String::from("70〜74歳（この月に75歳の誕生日を迎えて後期高齢者医療へ移るため、個人の限度額は1/2）"),
                Group::NotInsured(Some(d)) =>
                    format!("{d}から後期高齢者医療のため、この月は国保の被保険者ではありません"),
                Group::NotInsured(None) => String::from("この月にはまだ生まれていません"),
            }
        ));
    }
    let (category, category_70) = categories(input, &people, &mut t.steps)?;
    let many_times = many_times(input, &mut t.steps)?;
    let claims = claims(input, &people, category, &mut t)?;

    // 70〜74歳: 外来個人, 75歳到達月の個人, then the 70〜74 members together.
    let mut seventy_remaining: i128 = 0;
    let mut seventy_cost: i128 = 0;
    let mut last_limit: Option<(i128, &'static str)> = None;
    if let Some(c70) = category_70 {
        let limits70 = table.seventy(c70);
        for (pi, p) in people.iter().enumerate() {
            let Group::From70 { turns_75 } = p.group else { continue };
            let mine: Vec<&Claim<'_>> = claims.iter().filter(|c| c.person == pi).collect();
            if mine.is_empty() {
                continue;
            }
            let mut outpatient: i128 = mine
                .iter()
                .filter(|c| c.input.setting != Setting::Inpatient)
                .map(|c| c.counted)
                .sum();
            let inpatient: i128 = mine
                .iter()
                .filter(|c| c.input.setting == Setting::Inpatient)
                .map(|c| c.counted)
                .sum();
            let cost: i128 = mine.iter().map(|c| i128::from(c.input.medical_cost.0)).sum();
            // 特定疾病 claims were counted when capped.
            t.copay_counted += mine
                .iter()
                .filter(|c| c.input.specified_disease.is_none())
                .map(|c| i128::from(c.input.copay.0))
                .sum::<i128>();
            seventy_cost += cost;
            // 外来（個人ごと）: 一般・低所得 only; 21,000円の足切りなし ([二] rules.md §6.3「計算順序」).
            if let Some(out_limit) = limits70.outpatient {
                let out_limit = i128::from(if turns_75 { out_limit / 2 } else { out_limit });
                if outpatient > out_limit {
                    t.benefit += outpatient - out_limit;
                    t.steps.push(format!(
                        "70歳以上外来個人（{}、{}）: {}の外来の一部負担金 {} − 限度額 {}{} = {} を支給",
                        c70.label(),
                        p.id,
                        p.id,
                        yen(outpatient),
                        yen(out_limit),
                        if turns_75 { "（75歳到達月の1/2）" } else { "" },
                        yen(outpatient - out_limit)
                    ));
                    outpatient = out_limit;
                } else if outpatient > 0 {
                    t.steps.push(format!(
                        "70歳以上外来個人（{}、{}）: 外来の一部負担金 {} は限度額 {} 以下",
                        c70.label(),
                        p.id,
                        yen(outpatient),
                        yen(out_limit)
                    ));
                }
            }
            let mut own = inpatient + outpatient;
            if turns_75 {
                // 75歳到達月: the person's own limit is half the household's ([公: 制度] rules.md §6.3b).
                let (limit, how) = household_limit(
                    limits70.household.halved(),
                    limits70.many_times.map(|m| m / 2),
                    many_times,
                    cost,
                );
                if own > limit {
                    t.benefit += own - limit;
                    t.steps.push(format!(
                        "75歳到達月の個人（{}）: 一部負担金 {} − 限度額 {}（{how}、本来の額の1/2）= {} を支給",
                        p.id,
                        yen(own),
                        yen(limit),
                        yen(own - limit)
                    ));
                    own = limit;
                } else {
                    t.steps.push(format!(
                        "75歳到達月の個人（{}）: 一部負担金 {} は限度額 {}（{how}、本来の額の1/2）以下",
                        p.id,
                        yen(own),
                        yen(limit)
                    ));
                }
            }
            seventy_remaining += own;
        }
        let (limit, how) = household_limit(limits70.household, limits70.many_times, many_times, seventy_cost);
        if seventy_cost > 0 || seventy_remaining > 0 {
            if seventy_remaining > limit {
                t.benefit += seventy_remaining - limit;
                t.steps.push(format!(
                    "70歳以上世帯（{}）: 70〜74歳の一部負担金（外来は限度額まで）{} − 限度額 {}（{how}）= {} を支給",
                    c70.label(),
                    yen(seventy_remaining),
                    yen(limit),
                    yen(seventy_remaining - limit)
                ));
                seventy_remaining = limit;
            } else {
                t.steps.push(format!(
                    "70歳以上世帯（{}）: 70〜74歳の一部負担金 {} は限度額 {}（{how}）以下",
                    c70.label(),
                    yen(seventy_remaining),
                    yen(limit)
                ));
            }
        }
        last_limit = Some((limit, c70.code()));
    }

    // 世帯合算: the under-70 units of 21,000円 or more, with what the 70〜74 members still pay.
    if let Some(c) = category {
        let mut total = seventy_remaining;
        let mut cost = seventy_cost;
        let units = claims
            .iter()
            .filter(|c| people.get(c.person).is_some_and(|p| p.group == Group::Under70))
            .map(|c| c.unit)
            .max()
            .map_or(0, |u| u + 1);
        for unit in 0..units {
            let members: Vec<&Claim<'_>> = claims
                .iter()
                .filter(|c| c.unit == unit && people.get(c.person).is_some_and(|p| p.group == Group::Under70))
                .collect();
            let Some(first) = members.first() else { continue };
            let copay: i128 = members.iter().map(|c| c.counted).sum();
            let label = unit_label(first.input, members.len());
            if copay >= i128::from(AGGREGATION_MIN) {
                total += copay;
                cost += members.iter().map(|c| i128::from(c.input.medical_cost.0)).sum::<i128>();
                t.copay_counted += members
                    .iter()
                    .filter(|c| c.input.specified_disease.is_none())
                    .map(|c| i128::from(c.input.copay.0))
                    .sum::<i128>();
                t.steps.push(format!(
                    "{label}: 一部負担金 {} は21,000円以上なので世帯合算の対象",
                    yen(copay)
                ));
            } else {
                t.steps.push(format!(
                    "{label}: 一部負担金 {} は21,000円未満なので世帯合算の対象外（70歳未満）",
                    yen(copay)
                ));
            }
        }
        let limits = table.under_70(c);
        let (limit, how) = household_limit(limits.monthly, Some(limits.many_times), many_times, cost);
        let with_70 = if category_70.is_some() && seventy_remaining > 0 {
            "（70〜74歳の負担を含む）"
        } else {
            ""
        };
        if total > limit {
            t.benefit += total - limit;
            t.steps.push(format!(
                "世帯合算（{}）: 一部負担金の合計{with_70} {} − 限度額 {}（{how}）= {} を支給",
                c.label(),
                yen(total),
                yen(limit),
                yen(total - limit)
            ));
        } else {
            t.steps.push(format!(
                "世帯合算（{}）: 一部負担金の合計{with_70} {} は限度額 {}（{how}）以下",
                c.label(),
                yen(total),
                yen(limit)
            ));
        }
        last_limit = Some((limit, c.code()));
    }

    let Some((limit, category_code)) = last_limit else {
        return Err(CalcError::invalid(
            "household.members",
            "項目 household.members: この月に国保の被保険者である世帯員がいません",
        ));
    };
    t.steps.push(format!(
        "高額療養費 {}（一部負担金 {} のうち）",
        yen(t.benefit),
        yen(t.copay_counted)
    ));
    let out = |v: i128| {
        i64::try_from(v)
            .map(Yen::new)
            .map_err(|_| CalcError::invalid("claims", "項目 claims: 金額が大きすぎて計算できません"))
    };
    Ok(HighCostResult {
        month,
        limit: out(limit)?,
        copay_counted: out(t.copay_counted)?,
        benefit: out(t.benefit)?,
        many_times,
        category: category_code,
        steps: t.steps,
    })
}

/// A household limit: the 多数回 amount when the household is 多数回該当 and the category has
/// one, otherwise the formula on the medical cost. With the formula written out.
fn household_limit(formula: Formula, many: Option<i64>, many_times: bool, medical_cost: i128) -> (i128, String) {
    if let (true, Some(m)) = (many_times, many) {
        return (i128::from(m), String::from("多数回該当"));
    }
    let limit = formula.amount(medical_cost);
    let how = match formula.threshold {
        Some(th) if medical_cost > i128::from(th) => format!(
            "{} + (医療費 {} − {}) × 1%",
            yen(i128::from(formula.base)),
            yen(medical_cost),
            yen(i128::from(th))
        ),
        Some(th) => format!(
            "医療費 {} が {} 以下のため {}",
            yen(medical_cost),
            yen(i128::from(th)),
            yen(i128::from(formula.base))
        ),
        None => String::from("定額"),
    };
    let how = if many_times && many.is_none() {
        format!("{how}、この区分に多数回の額はありません")
    } else {
        how
    };
    (limit, how)
}

fn unit_label(c: &ClaimInput, claims: usize) -> String {
    let joined = if claims > 1 {
        "（院外処方の調剤を含む）"
    } else {
        ""
    };
    format!(
        "{}・{}・{}（{}）{joined}",
        c.patient,
        c.provider,
        c.setting.label(),
        if c.dental { "歯科" } else { "医科" }
    )
}

/// The members, checked, with their group in the month.
fn people(input: &HighCostInput) -> Result<Vec<Person<'_>>, CalcError> {
    let members = &input.household.members;
    if members.is_empty() {
        return Err(CalcError::invalid(
            "household.members",
            "項目 household.members: 世帯員が1人もいません",
        ));
    }
    crate::contract::check_count(
        "household.members",
        members.len(),
        crate::contract::MAX_MEMBERS,
        "世帯員",
    )?;
    let month = input.month;
    let mut out: Vec<Person<'_>> = Vec::with_capacity(members.len());
    for (i, m) in members.iter().enumerate() {
        let path = format!("household.members[{i}].id");
        if m.id.trim().is_empty() {
            return Err(CalcError::invalid(
                path.clone(),
                format!("項目 {path}: 世帯員の id が空です"),
            ));
        }
        if out.iter().any(|p| p.id == m.id) {
            return Err(CalcError::invalid(
                path.clone(),
                format!("項目 {path}: 世帯員の id「{}」が重複しています", m.id),
            ));
        }
        let transfer = late_elderly_transfer_date(m.birth_date);
        let group = if m.birth_date > month.last_day() {
            Group::NotInsured(None)
        } else if YearMonth::of(transfer) < month || (YearMonth::of(transfer) == month && transfer.day() == 1) {
            // 75歳の誕生日に後期高齢者医療へ; born on the 1st, the whole birthday month is 後期.
            Group::NotInsured(Some(transfer))
        } else if month >= copay_elder_from(m.birth_date) {
            // 70歳以上: from the month after the month 70 is reached (1日生まれ: the birthday month).
            Group::From70 {
                turns_75: YearMonth::of(transfer) == month,
            }
        } else {
            Group::Under70
        };
        out.push(Person {
            id: &m.id,
            birth_date: m.birth_date,
            group,
        });
    }
    Ok(out)
}

/// The categories: given, or derived from `incomes`; each required when its age group has a
/// member in the month.
fn categories(
    input: &HighCostInput,
    people: &[Person<'_>],
    steps: &mut Vec<String>,
) -> Result<(Option<Category>, Option<Category70>), CalcError> {
    let h = &input.household;
    let has_under_70 = people.iter().any(|p| p.group == Group::Under70);
    let has_70 = people.iter().any(|p| matches!(p.group, Group::From70 { .. }));
    // `incomes` by id, or each member's `income` (as the premium calculator takes it).
    let given = Incomes::of_members(&h.members);
    let incomes = match (&h.incomes, given.0.is_empty()) {
        (Some(_), false) => {
            return Err(CalcError::invalid(
                "household.incomes",
                "項目 household.incomes: 所得は household.incomes か members の income のどちらか一方で指定してください",
            ));
        }
        (Some(i), true) => Some(Cow::Borrowed(i)),
        (None, false) => Some(Cow::Owned(given)),
        (None, true) => None,
    };
    if let Some(incomes) = &incomes {
        if h.category.is_some() || h.category_70.is_some() {
            return Err(CalcError::invalid(
                "household.incomes",
                "項目 household.incomes: 所得区分（category・category_70）と所得（incomes）はどちらか一方で指定してください",
            ));
        }
        let insured: Vec<(&str, Date, bool)> = people
            .iter()
            .filter(|p| !matches!(p.group, Group::NotInsured(_)))
            .map(|p| (p.id, p.birth_date, matches!(p.group, Group::From70 { .. })))
            .collect();
        let all_ids: Vec<&str> = people.iter().map(|p| p.id).collect();
        let members: Vec<MemberIncome<'_>> = category::pair(incomes, &insured, &all_ids)?;
        // 判定は毎年8月: 1〜7月診療分は前々年、8〜12月は前年の所得 ([公] みやま市, rules.md §6.5b).
        let year = judgement_income_year(input.month);
        let under = if has_under_70 {
            Some(category::under_70(&members, year, steps)?)
        } else {
            None
        };
        let over = if has_70 {
            Some(category::from_70(&members, year, steps)?)
        } else {
            None
        };
        return Ok((under, over));
    }
    let category = required(
        has_under_70,
        h.category,
        "household.category",
        "a・i・u・e・o",
        "70歳未満",
        Category::label,
        steps,
    )?;
    let category_70 = required(
        has_70,
        h.category_70,
        "household.category_70",
        "genekinami3・genekinami2・genekinami1・general・low2・low1",
        "70〜74歳",
        Category70::label,
        steps,
    )?;
    Ok((category, category_70))
}

/// A given category: required when the age group (`who`) has a member in the month.
fn required<C: Copy>(
    needed: bool,
    given: Option<C>,
    path: &str,
    values: &str,
    who: &str,
    label: fn(C) -> &'static str,
    steps: &mut Vec<String>,
) -> Result<Option<C>, CalcError> {
    match (needed, given) {
        (true, None) => Err(CalcError::invalid(
            path,
            format!("項目 {path}: {who}の被保険者がいるため、所得区分（{values}）か incomes が必要です"),
        )),
        (true, Some(c)) => {
            steps.push(format!("所得区分（{who}）: {}", label(c)));
            Ok(Some(c))
        }
        (false, _) => Ok(None),
    }
}

/// 多数回該当: 3 benefit months or more in the 11 months before `month` (this month is then the
/// 4th within 12). Months are checked: before `month`, each once.
fn many_times(input: &HighCostInput, steps: &mut Vec<String>) -> Result<bool, CalcError> {
    let month = input.month;
    let window_start = (1..MANY_TIMES_WINDOW_MONTHS)
        .try_fold(month, |m, _| m.prev())
        .unwrap_or(YearMonth::MIN);
    let mut inside = 0_usize;
    for (i, &m) in input.prior_benefit_months.iter().enumerate() {
        let path = format!("prior_benefit_months[{i}]");
        if m >= month {
            return Err(CalcError::invalid(
                path.clone(),
                format!("項目 {path}: {m} は診療月 {month} より前の月ではありません"),
            ));
        }
        if input.prior_benefit_months.iter().take(i).any(|&e| e == m) {
            return Err(CalcError::invalid(
                path.clone(),
                format!("項目 {path}: {m} が2回指定されています"),
            ));
        }
        if m >= window_start {
            inside += 1;
        }
    }
    let yes = inside >= MANY_TIMES_PRIOR;
    if !input.prior_benefit_months.is_empty() || yes {
        steps.push(format!(
            "多数回: {window_start}〜{month} の12か月以内に支給 {inside}回（この月を除く）→ {}",
            if yes {
                "4回目以降なので多数回該当"
            } else {
                "多数回該当ではない"
            }
        ));
    }
    Ok(yes)
}

/// The claims, checked: patient an insured member, copay within the medical cost, pharmacy
/// joined to its prescriber's 外来 claim; the 特定疾病 cap applied.
fn claims<'a>(
    input: &'a HighCostInput,
    people: &[Person<'_>],
    category: Option<Category>,
    t: &mut Tally,
) -> Result<Vec<Claim<'a>>, CalcError> {
    let mut out: Vec<Claim<'a>> = Vec::with_capacity(input.claims.len());
    // (person, provider, outpatient/inpatient/pharmacy, dental) of each unit.
    let mut units: Vec<(usize, &str, Setting, bool)> = Vec::new();
    for (i, c) in input.claims.iter().enumerate() {
        let path = |field: &str| format!("claims[{i}].{field}");
        let Some(person) = people.iter().position(|p| p.id == c.patient) else {
            let p = path("patient");
            return Err(CalcError::invalid(
                p.clone(),
                format!(
                    "項目 {p}: 受診者「{}」が世帯員（household.members）にいません",
                    c.patient
                ),
            ));
        };
        if let Some(Group::NotInsured(why)) = people.get(person).map(|p| p.group) {
            let p = path("patient");
            let reason = match why {
                Some(d) => format!("{d}から後期高齢者医療の被保険者です"),
                None => String::from("まだ生まれていません"),
            };
            return Err(CalcError::invalid(
                p.clone(),
                format!(
                    "項目 {p}: 受診者「{}」は診療月 {} に国保の被保険者ではありません（{reason}）",
                    c.patient, input.month
                ),
            ));
        }
        if c.copay > c.medical_cost {
            let p = path("copay");
            return Err(CalcError::invalid(
                p.clone(),
                format!(
                    "項目 {p}: 一部負担金 {} が医療費 {} を超えています",
                    yen(i128::from(c.copay.0)),
                    yen(i128::from(c.medical_cost.0))
                ),
            ));
        }
        let key = match (&c.prescriber, c.setting) {
            (Some(_), Setting::Inpatient | Setting::Outpatient) => {
                let p = path("prescriber");
                return Err(CalcError::invalid(
                    p.clone(),
                    format!("項目 {p}: prescriber は調剤（setting: pharmacy）のレセプトにだけ指定できます"),
                ));
            }
            (Some(prescriber), Setting::Pharmacy) => {
                let found = input.claims.iter().any(|o| {
                    o.patient == c.patient
                        && o.provider == *prescriber
                        && o.setting == Setting::Outpatient
                        && o.dental == c.dental
                });
                if !found {
                    let p = path("prescriber");
                    return Err(CalcError::invalid(
                        p.clone(),
                        format!(
                            "項目 {p}: 処方した医療機関「{prescriber}」の{}外来のレセプトが受診者「{}」にありません（歯科の処方なら dental: true）",
                            if c.dental { "歯科の" } else { "医科の" },
                            c.patient
                        ),
                    ));
                }
                (person, prescriber.as_str(), Setting::Outpatient, c.dental)
            }
            (None, setting) => (person, c.provider.as_str(), setting, c.dental),
        };
        let unit = units.iter().position(|u| *u == key).unwrap_or_else(|| {
            units.push(key);
            units.len() - 1
        });
        let copay = i128::from(c.copay.0);
        let counted = match c.specified_disease {
            Some(disease) => {
                let group = people.get(person).map(|p| p.group);
                let upper = matches!(category, Some(Category::A | Category::I));
                // 20,000円: dialysis, under 70, 区分ア・イ ([公] rules.md §6.5); otherwise 10,000円.
                let base = if disease == SpecifiedDisease::Dialysis && group == Some(Group::Under70) && upper {
                    SPECIFIED_DIALYSIS_UPPER
                } else {
                    SPECIFIED_DISEASE
                };
                // 75歳到達月: halved like every other limit of the person [未] (rules.md §6.3b names
                // the monthly limits; the 特定疾病 half is not in the sources read).
                let limit = i128::from(if group == Some(Group::From70 { turns_75: true }) {
                    base / 2
                } else {
                    base
                });
                let counted = copay.min(limit);
                if copay > limit {
                    t.benefit += copay - limit;
                    t.copay_counted += copay;
                    t.steps.push(format!(
                        "特定疾病（claims[{i}] {}・{}）: 一部負担金 {} − 限度額 {} = {} を支給",
                        c.patient,
                        c.provider,
                        yen(copay),
                        yen(limit),
                        yen(copay - limit)
                    ));
                } else {
                    t.copay_counted += copay;
                    t.steps.push(format!(
                        "特定疾病（claims[{i}] {}・{}）: 一部負担金 {} は限度額 {} 以下",
                        c.patient,
                        c.provider,
                        yen(copay),
                        yen(limit)
                    ));
                }
                counted
            }
            None => copay,
        };
        out.push(Claim {
            input: c,
            person,
            unit,
            counted,
        });
    }
    Ok(out)
}

fn yen(v: i128) -> String {
    match i64::try_from(v) {
        Ok(v) => Yen::new(v).to_string(),
        Err(_) => format!("{v}円"),
    }
}
