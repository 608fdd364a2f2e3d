//! The calculation itself: months, incomes, the 7/5/2割 judgement, then each component.

use std::collections::{BTreeMap, HashSet};

use super::Rate;
use super::input::{ComponentRates, MemberInput, PremiumInput, RatesInput, Rounding};
use super::output::{ComponentResult, MemberResult, PremiumResult};
use super::statutory::{
    self, EARNER_PENSION_FROM_65_OVER, EARNER_PENSION_UNDER_65_OVER, EARNER_SALARY_OVER,
    ELDER_PENSION_JUDGEMENT_DEDUCTION, StatutoryYear, Thresholds,
};
use super::{Component, Reduction};
use crate::Yen;
use crate::assessment::income_conversion::{self, ConversionError, IncomeParts};
use crate::contract::CalcError;
use crate::eligibility::period::INVOLUNTARY_SEPARATION_CODES;
use crate::kernel::date::{
    Date, FiscalYear, MonthSet, YearMonth, age_on, care_months, covered_months, date_reaching_age,
    late_elderly_transfer_date, preschool_until,
};

/// 料率の上限の目安: a 所得割率 or flat amount above these is a typing error, not a city's rate
/// (the highest published 医療分 所得割率 is about 14%, 均等割 about 60,000円).
const PLAUSIBLE_MAX_RATE: &str = "30";
const PLAUSIBLE_MAX_FLAT: i64 = 200_000;

/// Whether the calculator has the law of `fiscal_year` (checked before a rate table is read).
///
/// # Errors
/// [`CalcError`] at `fiscal_year`, naming the supported years.
pub fn check_fiscal_year(fiscal_year: i32) -> Result<(), CalcError> {
    statutory_year_of(fiscal_year).map(|_| ())
}

fn statutory_year_of(fiscal_year: i32) -> Result<&'static StatutoryYear, CalcError> {
    statutory::statutory_year(fiscal_year).ok_or_else(|| {
        let (from, to) = statutory::supported_years();
        CalcError::invalid(
            "fiscal_year",
            format!("賦課年度 {fiscal_year} には対応していません（{from}〜{to}年度）"),
        )
    })
}

/// Checks a city's rate table for `fiscal_year` (the contract's `rates` document, read by
/// kokuho-contract with known fields only): a supported year, caps at or below the statutory
/// maximum, rates and amounts within plausible bounds, and at least one component.
///
/// # Errors
/// [`CalcError`] with the path of the field (prefixed `rates.`).
pub fn validate_rates(fiscal_year: i32, rates: RatesInput) -> Result<RatesInput, CalcError> {
    let law = statutory_year_of(fiscal_year)?;
    let components = check_components(&rates, fiscal_year, law)?;
    if components.iter().all(Option::is_none) {
        return Err(CalcError::invalid(
            "rates.components",
            "賦課区分（medical・support・care・child）が1つもありません",
        ));
    }
    let max_rate = Rate::parse(PLAUSIBLE_MAX_RATE).unwrap_or(Rate::ZERO);
    for (component, r) in components.into_iter().flatten() {
        let path = format!("rates.components.{}", component.key());
        if r.income_rate > max_rate || r.asset_rate.is_some_and(|a| a > max_rate) {
            return Err(CalcError::invalid(
                format!("{path}.income_rate"),
                format!(
                    "{}の料率が{PLAUSIBLE_MAX_RATE}%を超えています。入力を確認してください",
                    component.label()
                ),
            ));
        }
        for (field, amount) in [
            ("per_capita", r.per_capita.0),
            ("per_household", r.per_household.0),
            ("adult_per_capita", r.adult_per_capita.map_or(0, |a| a.0)),
        ] {
            if amount > PLAUSIBLE_MAX_FLAT {
                return Err(CalcError::invalid(
                    format!("{path}.{field}"),
                    format!(
                        "{}の額 {} が {} を超えています。入力を確認してください",
                        component.label(),
                        yen(amount),
                        yen(PLAUSIBLE_MAX_FLAT)
                    ),
                ));
            }
        }
    }
    Ok(rates)
}

/// One member, with everything the months need.
struct Person<'a> {
    input: &'a MemberInput,
    insured: MonthSet,
    care: MonthSet,
    /// `None` = 未申告.
    income: Option<PersonIncome>,
    /// 非自発的失業: months with 給与所得 × 30/100.
    unemployed: MonthSet,
    /// 産前産後: months exempt.
    maternity: MonthSet,
    /// 旧被扶養者: months of the 均等割 5割 (2 years from acquisition).
    former_dependent_halved: MonthSet,
    /// 18歳に達する日以後の最初の3月31日以前（子ども分の均等割 10割軽減）.
    under_18: bool,
    /// 未就学児（医療・支援分の均等割 5割軽減）.
    preschool: bool,
}

struct PersonIncome {
    parts: IncomeParts,
    /// 旧ただし書き所得.
    assessable: i64,
    /// 同（非自発的失業の月）.
    assessable_unemployed: i64,
    /// 軽減判定所得.
    judgement: i64,
    /// 同（非自発的失業）.
    judgement_unemployed: i64,
    earner: bool,
    explanation: Notes,
}

/// The explanation being written, or nothing at all when only the amounts are wanted (the annual
/// batch, the rate simulation): then no line is ever formatted, which is most of the work.
#[derive(Debug, Clone, Default)]
struct Notes(Option<Vec<String>>);

impl Notes {
    fn new(on: bool) -> Self {
        Notes(on.then(Vec::new))
    }

    fn push(&mut self, line: impl FnOnce() -> String) {
        if let Some(lines) = &mut self.0 {
            lines.push(line());
        }
    }

    fn lines(&self) -> impl Iterator<Item = &String> {
        self.0.iter().flatten()
    }

    fn into_lines(self) -> Vec<String> {
        self.0.unwrap_or_default()
    }
}

/// Calculates one household's premium for `input.fiscal_year`, with the explanation of every
/// step.
///
/// # Errors
/// [`CalcError`] when the input is inconsistent (unknown head, duplicate ids, a cap above the
/// statutory maximum, a year this version has no law for).
pub fn calculate(input: &PremiumInput) -> Result<PremiumResult, CalcError> {
    calculate_with(input, true)
}

/// [`calculate`] without the explanation (`explanation` is empty; every amount is the same).
///
/// # Errors
/// As [`calculate`].
pub fn calculate_amounts(input: &PremiumInput) -> Result<PremiumResult, CalcError> {
    calculate_with(input, false)
}

fn calculate_with(input: &PremiumInput, explain: bool) -> Result<PremiumResult, CalcError> {
    let Assessed {
        components,
        people,
        judgement_month,
        reduction,
        fy,
        mut explanation,
    } = assess(input, explain)?;
    let household = Household::new(&people, reduction, input, fy);
    let mut results = BTreeMap::new();
    let mut total = 0_i64;
    for (component, rates) in components.into_iter().flatten() {
        let r = component_amount(component, rates, &household, input.rates.rounding, &mut explanation);
        // Bounded inputs (Amount::MAX, MAX_MEMBERS) keep this far from overflowing; checked all
        // the same, so an overflow could only ever be a refusal, never a wrong total.
        total = total
            .checked_add(r.amount.value())
            .ok_or_else(|| CalcError::invalid("rates.components", "保険料が大きすぎて計算できません"))?;
        results.insert(component.key(), r);
    }
    explanation.push(|| format!("年額 {}", yen(total)));
    let head = head_of(&people, input);
    let members = people
        .iter()
        .map(|p| member_result(p, judgement_income(p, head, judgement_month)))
        .collect();
    Ok(PremiumResult {
        fiscal_year: input.fiscal_year,
        total: Yen::new(total),
        reduction,
        components: results,
        members,
        explanation: explanation.into_lines(),
    })
}

/// A household read, checked and judged: everything the components start from.
struct Assessed<'a> {
    components: Levied<'a>,
    people: Vec<Person<'a>>,
    /// The 軽減判定 month (`None`: nobody is insured this year).
    judgement_month: Option<YearMonth>,
    reduction: Reduction,
    fy: FiscalYear,
    explanation: Notes,
}

/// Checks the input, works out each member's months and income, and makes the 7/5/2割 judgement.
fn assess(input: &PremiumInput, explain: bool) -> Result<Assessed<'_>, CalcError> {
    let law = statutory::statutory_year(input.fiscal_year).ok_or_else(|| {
        let (from, to) = statutory::supported_years();
        CalcError::invalid(
            "fiscal_year",
            format!(
                "賦課年度 {} には対応していません（{from}〜{to}年度）",
                input.fiscal_year
            ),
        )
    })?;
    let fy = FiscalYear::new(input.fiscal_year).map_err(|e| CalcError::invalid("fiscal_year", e.to_string()))?;
    let income_year = input.fiscal_year - 1;
    let components = check_components(&input.rates, input.fiscal_year, law)?;
    let thresholds = thresholds(input, law);
    check_household(input)?;

    let mut explanation = Notes::new(explain);
    explanation.push(|| {
        format!(
            "{}年度（{}）の保険料。所得は{}年中のもの。",
            input.fiscal_year,
            crate::kernel::date::wareki::fiscal_year_label(input.fiscal_year),
            income_year
        )
    });
    let people: Vec<Person<'_>> = input
        .household
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| person(m, i, fy, income_year, explain))
        .collect::<Result<_, _>>()?;
    if explain {
        for p in &people {
            explain_person(p, &mut explanation);
        }
    }

    // --- 軽減判定 (賦課期日 4/1, or the first insured month) -----------------------------------
    let household_months = people
        .iter()
        .fold(MonthSet::empty(fy), |acc, p| acc.union(p.insured).unwrap_or(acc));
    let judgement_month = household_months.first();
    let reduction = match judgement_month {
        Some(month) => judge(&people, head_of(&people, input), month, thresholds, &mut explanation),
        None => {
            explanation.push(|| String::from("この年度に国保の資格のある月がないため、保険料はかかりません。"));
            Reduction::None
        }
    };
    Ok(Assessed {
        components,
        people,
        judgement_month,
        reduction,
        fy,
        explanation,
    })
}

/// 世帯主 (an uninsured one is the 擬制世帯主).
fn head_of<'p, 'a>(people: &'p [Person<'a>], input: &PremiumInput) -> Option<&'p Person<'a>> {
    people.iter().find(|p| p.input.id == input.household.head)
}

/// A member's line of the result.
fn member_result(p: &Person<'_>, judgement_income: Option<i64>) -> MemberResult {
    MemberResult {
        id: p.input.id.clone(),
        insured_months: p.insured.count(),
        care_months: p.care.count(),
        total_income: p.income.as_ref().map(|i| Yen::new(i.parts.total)),
        assessable_income: p.income.as_ref().map(|i| Yen::new(i.assessable)),
        judgement_income: judgement_income.map(Yen::new),
        earner: p.income.as_ref().is_some_and(|i| i.earner),
    }
}

/// The components levied, in notice order (`None`: not in the rate table).
type Levied<'a> = [Option<(Component, &'a ComponentRates)>; 4];

fn check_components<'a>(rates: &'a RatesInput, fiscal_year: i32, law: &StatutoryYear) -> Result<Levied<'a>, CalcError> {
    let levied = Component::ALL.map(|component| rates.components.get(component).map(|r| (component, r)));
    for (component, rates) in levied.into_iter().flatten() {
        // The path is written only for a refusal: most calls pass every check.
        let path = |field: &str| format!("rates.components.{}{field}", component.key());
        let Some(cap) = law.cap(component) else {
            return Err(CalcError::invalid(
                path(""),
                format!(
                    "{}は{}年度にはありません（令和8年度から）",
                    component.label(),
                    fiscal_year
                ),
            ));
        };
        if rates.cap.0 > cap {
            return Err(CalcError::invalid(
                path(".cap"),
                format!(
                    "{}の賦課限度額 {} が政令の上限 {} を超えています",
                    component.label(),
                    yen(rates.cap.0),
                    yen(cap)
                ),
            ));
        }
        if rates.adult_per_capita.is_some() && component != Component::Child {
            return Err(CalcError::invalid(
                path(".adult_per_capita"),
                "18歳以上均等割（adult_per_capita）は子ども分（child）にだけ指定できます",
            ));
        }
    }
    Ok(levied)
}

fn thresholds(input: &PremiumInput, law: &StatutoryYear) -> Thresholds {
    let mut t = law.thresholds;
    if let Some(o) = &input.rates.reduction_thresholds {
        t.base = o.base.map_or(t.base, |a| a.0);
        t.per_earner = o.per_earner.map_or(t.per_earner, |a| a.0);
        t.fifty_per_person = o.fifty_per_person.map_or(t.fifty_per_person, |a| a.0);
        t.twenty_per_person = o.twenty_per_person.map_or(t.twenty_per_person, |a| a.0);
    }
    t
}

fn check_household(input: &PremiumInput) -> Result<(), CalcError> {
    let h = &input.household;
    if h.members.is_empty() {
        return Err(CalcError::invalid(
            "household.members",
            "世帯員（members）が1人もいません",
        ));
    }
    crate::contract::check_count(
        "household.members",
        h.members.len(),
        crate::contract::MAX_MEMBERS,
        "世帯員",
    )?;
    let duplicate = first_duplicate(&h.members);
    for (i, m) in h.members.iter().enumerate() {
        let path = |field: &str| format!("{}.{field}", member_path(i));
        if m.id.trim().is_empty() {
            return Err(CalcError::invalid(path("id"), "世帯員の id が空です"));
        }
        if duplicate == Some(i) {
            return Err(CalcError::invalid(
                path("id"),
                format!("世帯員の id「{}」が重複しています", m.id),
            ));
        }
        if m.specified_same_household && m.insured {
            return Err(CalcError::invalid(
                path("specified_same_household"),
                "特定同一世帯所属者は国保の被保険者でない人（insured: false）にだけ指定できます",
            ));
        }
        if let Some(periods) = &m.coverage {
            for (j, c) in periods.iter().enumerate() {
                if c.until.is_some_and(|u| u < c.from) {
                    return Err(CalcError::invalid(
                        path(&format!("coverage[{j}].until")),
                        "資格喪失日（until）が資格取得日（from）より前です",
                    ));
                }
            }
        }
        m.income.check_for_premium(&path("income"))?;
        if let Some(u) = &m.involuntary_unemployment
            && (u.reason_code.len() != 2 || !u.reason_code.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(CalcError::invalid(
                path("involuntary_unemployment.reason_code"),
                "離職理由コードは2桁の数字で指定してください（例: \"11\"）",
            ));
        }
    }
    if !h.members.iter().any(|m| m.id == h.head) {
        return Err(CalcError::invalid(
            "household.head",
            format!("世帯主「{}」が世帯員（members）にいません", h.head),
        ));
    }
    Ok(())
}

/// The JSON path of member `index`; written only for a refusal.
fn member_path(index: usize) -> String {
    format!("household.members[{index}]")
}

/// Households up to this size look for a repeated id by comparing each with those before it:
/// cheaper than hashing for the households that exist, while a long list stays linear.
const LINEAR_SCAN_MEMBERS: usize = 16;

/// The index of the first member whose id an earlier member already has.
fn first_duplicate(members: &[MemberInput]) -> Option<usize> {
    if members.len() <= LINEAR_SCAN_MEMBERS {
        return members
            .iter()
            .enumerate()
            .skip(1)
            .find(|(i, m)| members.iter().take(*i).any(|earlier| earlier.id == m.id))
            .map(|(i, _)| i);
    }
    let mut seen = HashSet::with_capacity(members.len());
    members.iter().position(|m| !seen.insert(m.id.as_str()))
}

/// One member's months, age conditions and income for the year.
fn person<'a>(
    m: &'a MemberInput,
    index: usize,
    fy: FiscalYear,
    income_year: i32,
    explain: bool,
) -> Result<Person<'a>, CalcError> {
    let birth = m.birth_date;
    let insured = if m.insured {
        insured_months(m, fy)
    } else {
        MonthSet::empty(fy)
    };
    let mut care = care_months(birth, fy).intersection(insured);
    for (from, until) in &m.care_exempt {
        // 介護適用除外 (施設入所等): no care levy for the months covered.
        care = care.difference(covered_months(*from, *until, fy));
    }
    let unemployed = match &m.involuntary_unemployment {
        Some(u)
            if INVOLUNTARY_SEPARATION_CODES.contains(&u.reason_code.as_str())
                && age_on(birth, u.separation_date) < 65 =>
        {
            unemployment_months(u.separation_date, fy)
        }
        _ => MonthSet::empty(fy),
    };
    let maternity = match m.maternity {
        Some(mt) => maternity_months(mt.expected_month, mt.multiple, fy),
        None => MonthSet::empty(fy),
    };
    let former_dependent_halved = match m.former_dependent {
        Some(f) => former_dependent_months(f.since, fy),
        None => MonthSet::empty(fy),
    };
    let under_18 = date_reaching_age(birth, 18) >= fy.start();
    let preschool = preschool_until(birth) >= fy.end();
    let income = if m.income.is_declared() {
        Some(person_income(m, index, income_year, explain)?)
    } else {
        None
    };
    Ok(Person {
        input: m,
        insured,
        care,
        income,
        unemployed,
        maternity,
        former_dependent_halved,
        under_18,
        preschool,
    })
}

/// 被保険者の月: the coverage periods (none given: the whole year), from the birth month, up to
/// the 75th birthday.
fn insured_months(m: &MemberInput, fy: FiscalYear) -> MonthSet {
    let covered = match &m.coverage {
        Some(periods) => periods.iter().fold(MonthSet::empty(fy), |acc, c| {
            acc.union(covered_months(c.from, c.until, fy)).unwrap_or(acc)
        }),
        None => covered_months(fy.start(), None, fy),
    };
    // 75歳の誕生日に後期高齢者医療へ: the birthday month is the 喪失月 and is not charged.
    let to_late_elderly = MonthSet::from_range(fy, YearMonth::of(late_elderly_transfer_date(m.birth_date)), None);
    // Not yet born: no month before the birth month.
    covered
        .difference(to_late_elderly)
        .intersection(MonthSet::from_range(fy, YearMonth::of(m.birth_date), None))
}

/// 非自発的失業の軽減: 離職日の翌日の属する月から、その月の属する年度の翌年度末まで [公] 久留米市.
fn unemployment_months(separation: Date, fy: FiscalYear) -> MonthSet {
    let from = YearMonth::of(separation.tomorrow().unwrap_or(separation));
    let last_fy = from.fiscal_year().next().unwrap_or(from.fiscal_year());
    let until = last_fy.next().map(|n| YearMonth::of(n.start()));
    MonthSet::from_range(fy, from, until)
}

/// 旧被扶養者の均等割5割: 資格取得日の属する月以後2年を経過する月まで [公] 久留米市.
fn former_dependent_months(since: Date, fy: FiscalYear) -> MonthSet {
    let from = YearMonth::of(since);
    let until = (0..24).try_fold(from, |m, _| m.next());
    MonthSet::from_range(fy, from, until)
}

/// 産前産後: 単胎は出産予定月の前月から4か月、多胎は3か月前から6か月; 令和6年1月分から [公] 尼崎市・大田市.
fn maternity_months(expected: YearMonth, multiple: bool, fy: FiscalYear) -> MonthSet {
    let back = if multiple { 3 } else { 1 };
    let from = (0..back).try_fold(expected, |m, _| m.prev()).unwrap_or(expected);
    let until = (0..3).try_fold(expected, |m, _| m.next());
    let first_month = YearMonth::new(2024, 1).unwrap_or(YearMonth::MIN);
    MonthSet::from_range(fy, from.max(first_month), until)
}

/// 特定世帯 (平等割 1/2, 5年) then 特定継続世帯 (1/4, 3年): each to the end of the fiscal year in
/// which its years have passed [公] 倉敷市・上越市.
fn specified_months(since: Date, fy: FiscalYear) -> (MonthSet, MonthSet) {
    let end_of_fy_after = |years: i16| -> Option<YearMonth> {
        let d = since.checked_add(jiff::Span::new().years(years)).ok()?;
        FiscalYear::of(d).next().map(|n| YearMonth::of(n.start()))
    };
    let five = end_of_fy_after(5);
    let eight = end_of_fy_after(8);
    let from = YearMonth::of(since);
    let specified = MonthSet::from_range(fy, from, five);
    let continuing = match five {
        Some(start) => MonthSet::from_range(fy, start, eight),
        None => MonthSet::empty(fy),
    };
    (specified, continuing)
}

fn person_income(m: &MemberInput, index: usize, income_year: i32, explain: bool) -> Result<PersonIncome, CalcError> {
    let i = &m.income;
    let conv = |e: ConversionError| CalcError::invalid(format!("{}.income", member_path(index)), e.to_string());
    let amount = |a: Option<super::input::Amount>| a.map_or(0, |a| a.0);
    let record = i.amounts();
    let mut explanation = Notes::new(explain);
    let mut parts = income_conversion::income_parts(&record, income_year, m.birth_date).map_err(conv)?;
    if explain && (parts.total != 0 || record.salary_revenue.value() != 0 || record.pension_revenue.value() != 0) {
        for line in income_conversion::explain_amounts(&record, income_year, m.birth_date)
            .map_err(conv)?
            .lines()
        {
            explanation.push(|| line.to_owned());
        }
    }
    // 所得で与えられた給与・年金はそのまま使う.
    if i.replace_given_incomes(&mut parts) {
        if let Some(s) = i.salary_income {
            explanation.push(|| format!("給与所得 {}（所得で入力）", yen(s.0)));
        }
        if let Some(p) = i.pension_income {
            explanation.push(|| format!("年金所得 {}（所得で入力）", yen(p.0)));
        }
        explanation.push(|| format!("総所得金額等 {}", yen(parts.total)));
    }
    let age = income_conversion::age_at_year_end(m.birth_date, income_year).map_err(conv)?;
    let from_65 = age >= 65;
    // 給与所得者等 [公] 三条市: 給与収入55万円超、または年金収入 65歳未満60万円超・65歳以上125万円超.
    // 所得で与えられたときは、その所得が生じる収入かどうかで判断する.
    let salary_earner = i
        .salary_revenue
        .map_or(i.salary_income.is_some_and(|s| s.0 > 0), |r| r.0 > EARNER_SALARY_OVER);
    let pension_over = if from_65 {
        EARNER_PENSION_FROM_65_OVER
    } else {
        EARNER_PENSION_UNDER_65_OVER
    };
    let pension_earner = i.pension_revenue.map_or(
        i.pension_income
            .is_some_and(|p| p.0 > if from_65 { pension_over - 1_100_000 } else { 0 }),
        |r| r.0 > pension_over,
    );
    let unemployed_salary = parts.salary * 30 / 100;
    let total_unemployed = (unemployed_salary + parts.pension + parts.other).max(0) + parts.separate;
    let assess = |total: i64| {
        income_conversion::assessable_income(Yen::new(total), income_year)
            .map(Yen::value)
            .map_err(conv)
    };
    let assessable = assess(parts.total)?;
    let assessable_unemployed = assess(total_unemployed)?;
    // 軽減判定所得 [公] 尼崎市旧版・福島市: 65歳以上は年金所得から15万円まで控除、専従者給与と譲渡の特別控除を足し戻す.
    let elder_deduction = if from_65 {
        parts.pension.min(ELDER_PENSION_JUDGEMENT_DEDUCTION)
    } else {
        0
    };
    let add_back = amount(i.family_employee_deduction) + amount(i.separate_special_deduction);
    let judgement = parts.total - elder_deduction + add_back;
    let judgement_unemployed = total_unemployed - elder_deduction + add_back;
    if explain {
        let line = income_conversion::explain_assessable(Yen::new(parts.total), income_year).map_err(conv)?;
        explanation.push(|| line);
    }
    Ok(PersonIncome {
        parts,
        assessable,
        assessable_unemployed,
        judgement,
        judgement_unemployed,
        earner: salary_earner || pension_earner,
        explanation,
    })
}

fn explain_person(p: &Person<'_>, out: &mut Notes) {
    let months = if p.input.insured {
        format!("国保 {}か月", p.insured.count())
    } else {
        String::from("国保の被保険者ではない")
    };
    let care = if p.care.is_empty() {
        String::new()
    } else {
        format!("、介護分 {}か月", p.care.count())
    };
    out.push(|| format!("【{}】生年月日 {}、{months}{care}", p.input.id, p.input.birth_date));
    match &p.income {
        Some(i) => {
            for l in i.explanation.lines() {
                out.push(|| format!("  {l}"));
            }
        }
        None => out.push(|| String::from("  所得未申告: 所得割の基礎は0円として計算し、世帯は軽減の対象になりません")),
    }
    if !p.unemployed.is_empty()
        && let Some(i) = &p.income
    {
        out.push(|| {
            format!(
                "  非自発的失業の軽減（{}か月）: 給与所得 {} × 30/100 = {} → 旧ただし書き所得 {}",
                p.unemployed.count(),
                yen(i.parts.salary),
                yen(i.parts.salary * 30 / 100),
                yen(i.assessable_unemployed)
            )
        });
    }
    if !p.maternity.is_empty() {
        out.push(|| {
            format!(
                "  産前産後の免除: この年度の {}か月分の所得割・均等割",
                p.maternity.count()
            )
        });
    }
    if p.input.former_dependent.is_some() {
        out.push(|| String::from("  旧被扶養者: 所得割を免除"));
    }
}

/// Whether `p` counts in the 軽減判定 at `month`: 世帯主（擬制世帯主を含む）＋ 判定日の被保険者 ＋
/// 特定同一世帯所属者 [公] 釧路市・尼崎市旧版.
fn counted_in_judgement(p: &Person<'_>, head: Option<&Person<'_>>, month: YearMonth) -> bool {
    // The head is one of `people` (ids are unique): the same person, not an equal id, is enough.
    p.insured.contains(month) || p.input.specified_same_household || head.is_some_and(|h| std::ptr::eq(h, p))
}

/// 軽減判定所得 as counted in the judgement (`None`: 未申告, or not counted).
fn judgement_income(p: &Person<'_>, head: Option<&Person<'_>>, judgement_month: Option<YearMonth>) -> Option<i64> {
    let month = judgement_month.filter(|m| counted_in_judgement(p, head, *m))?;
    let i = p.income.as_ref()?;
    Some(if p.unemployed.contains(month) {
        i.judgement_unemployed
    } else {
        i.judgement
    })
}

/// 7割・5割・2割軽減の判定 at `month`'s first day.
fn judge(
    people: &[Person<'_>],
    head: Option<&Person<'_>>,
    month: YearMonth,
    t: Thresholds,
    out: &mut Notes,
) -> Reduction {
    let counted = || people.iter().filter(move |p| counted_in_judgement(p, head, month));
    let persons = people
        .iter()
        .filter(|p| p.insured.contains(month) || p.input.specified_same_household)
        .count() as i64;
    out.push(|| format!("軽減判定（{}年{}月1日現在）", month.year(), month.month()));
    if let Some(p) = counted().find(|p| p.income.is_none()) {
        out.push(|| {
            format!(
                "  {} の所得が未申告のため、7割・5割・2割軽減の判定ができません（軽減なし）",
                p.input.id
            )
        });
        return Reduction::None;
    }
    let mut sum = 0;
    let mut earners = 0;
    for p in counted() {
        let Some(i) = &p.income else { continue };
        let value = if p.unemployed.contains(month) {
            i.judgement_unemployed
        } else {
            i.judgement
        };
        sum += value;
        if i.earner {
            earners += 1;
        }
        out.push(|| {
            format!(
                "  {} の軽減判定所得 {}{}",
                p.input.id,
                yen(value),
                if i.earner { "（給与所得者等）" } else { "" }
            )
        });
    }
    let base = t.base + t.per_earner * (earners - 1).max(0);
    let seventy = base;
    let fifty = base + t.fifty_per_person * persons;
    let twenty = base + t.twenty_per_person * persons;
    let reduction = if sum <= seventy {
        Reduction::Seventy
    } else if sum <= fifty {
        Reduction::Fifty
    } else if sum <= twenty {
        Reduction::Twenty
    } else {
        Reduction::None
    };
    out.push(|| {
        format!(
            "  合計 {}（被保険者等 {persons}人、給与所得者等 {earners}人）: 7割基準 {}、5割基準 {}、2割基準 {} → {}",
            yen(sum),
            yen(seventy),
            yen(fifty),
            yen(twenty),
            reduction.label()
        )
    });
    reduction
}

/// What every component's months share: the people, the judgement, the household's flags.
struct Household<'p, 'a> {
    people: &'p [Person<'a>],
    reduction: Reduction,
    /// 旧被扶養者だけの世帯 (the 平等割 5割減免).
    only_former_dependents: bool,
    /// 特定世帯 and 特定継続世帯 months.
    specified: Option<(MonthSet, MonthSet)>,
    /// The months whose amounts may differ from the month before's (see [`changes`]).
    changes: MonthSet,
}

impl<'p, 'a> Household<'p, 'a> {
    fn new(people: &'p [Person<'a>], reduction: Reduction, input: &PremiumInput, fy: FiscalYear) -> Self {
        let only_former_dependents = people
            .iter()
            .filter(|p| !p.insured.is_empty())
            .all(|p| p.input.former_dependent.is_some())
            && people.iter().any(|p| !p.insured.is_empty());
        let specified = input
            .household
            .specified_household
            .map(|s| specified_months(s.since, fy));
        Household {
            people,
            reduction,
            only_former_dependents,
            specified,
            changes: changes(people, specified, fy),
        }
    }
}

/// The months in which anything a month's amount depends on differs from the month before:
/// someone's insured or care months, 非自発的失業, 産前産後 or 旧被扶養者 months, or the 特定世帯
/// months begin or end. Between two such months every month has the same amounts.
fn changes(people: &[Person<'_>], specified: Option<(MonthSet, MonthSet)>, fy: FiscalYear) -> MonthSet {
    let personal = people
        .iter()
        .flat_map(|p| [p.insured, p.care, p.unemployed, p.maternity, p.former_dependent_halved]);
    let household = specified.into_iter().flat_map(|(five, eight)| [five, eight]);
    personal
        .chain(household)
        .fold(MonthSet::empty(fy), |acc, set| acc.union(set.changes()).unwrap_or(acc))
}

/// Sums of the twelve months' annual amounts (divided by 12 at the end), or one month's.
#[derive(Default)]
struct Sums {
    income_levy: i64,
    per_capita: i64,
    per_household: i64,
    asset_levy: i64,
    reductions: i64,
    exemptions: i64,
    /// Σ of each month's annual amount after the cap.
    after_cap: i64,
    /// Whether the cap bit in some month.
    capped: bool,
}

impl Sums {
    /// The levies less reductions and exemptions (before the cap).
    fn net(&self) -> i64 {
        self.income_levy + self.per_capita + self.per_household + self.asset_levy - self.reductions - self.exemptions
    }

    /// Adds `count` months with `month`'s amounts, each month's annual amount capped at `cap`.
    /// Exact: `count` equal integer additions are one multiplication.
    fn add_months(&mut self, month: &Sums, count: i64, cap: i64) {
        self.income_levy += month.income_levy * count;
        self.per_capita += month.per_capita * count;
        self.per_household += month.per_household * count;
        self.asset_levy += month.asset_levy * count;
        self.reductions += month.reductions * count;
        self.exemptions += month.exemptions * count;
        // 賦課限度額 on this month's annual amount, after the reductions and exemptions: 月割
        // prorates the capped annual premium (地方税法703条の4「月割をもって算定」; city 条例
        // alike) [未: 条例原文で要確認]; 産前産後 before the cap — "世帯の保険料額が賦課限度額に
        // 達している場合は、この免除制度の適用後でも保険料額が変わらないことがあります" [公] 鳴門市.
        let month_amount = month.net();
        self.capped |= month_amount > cap;
        self.after_cap += month_amount.min(cap) * count;
    }

    /// The component's year: 月割 makes it the sum of the months' annual amounts / 12 (取得月
    /// counted, 喪失月 not), then the city's rounding.
    fn year(&self, rounding: Rounding) -> ComponentResult {
        let twelfth = |v: i64| Yen::new(v / 12);
        let limited = self.after_cap / 12;
        let amount = match rounding {
            Rounding::ComponentFloor100 => limited / 100 * 100,
            Rounding::Floor1 => limited,
        };
        ComponentResult {
            income_levy: twelfth(self.income_levy),
            per_capita: twelfth(self.per_capita),
            per_household: twelfth(self.per_household),
            asset_levy: twelfth(self.asset_levy),
            reductions: twelfth(self.reductions),
            exemptions: twelfth(self.exemptions),
            before_cap: twelfth(self.net()),
            capped: self.capped,
            amount: Yen::new(amount),
        }
    }
}

/// `unit` after a reduction keeping `kept` tenths, floored to 1 yen [二] 足立区の表.
fn kept(unit: i64, tenths: i64) -> i64 {
    unit * tenths / 10
}

fn component_amount(
    component: Component,
    rates: &ComponentRates,
    household: &Household<'_, '_>,
    rounding: Rounding,
    out: &mut Notes,
) -> ComponentResult {
    let mut s = Sums::default();
    let mut months_levied = 0;
    // Month by month in law; a run of months with the same amounts is computed once.
    for (month, count) in household.changes.runs() {
        let Some(amounts) = month_amounts(component, rates, household, month) else {
            continue;
        };
        months_levied += count;
        s.add_months(&amounts, i64::from(count), rates.cap.0);
    }
    let r = s.year(rounding);
    if out.0.is_some() {
        explain_component(component, rates, household.people, &r, months_levied, rounding, out);
    }
    r
}

/// One month's annual amounts of `component` (before the cap); `None` when nobody is levied.
/// Every month set read here (and in [`person_month`]) must be one of the [`changes`]: runs of
/// months rely on it, and the property test against `reference` checks it.
fn month_amounts(
    component: Component,
    rates: &ComponentRates,
    h: &Household<'_, '_>,
    month: YearMonth,
) -> Option<Sums> {
    let levied = |p: &&Person<'_>| {
        if component == Component::Care {
            p.care.contains(month)
        } else {
            p.insured.contains(month)
        }
    };
    if !h.people.iter().any(|p| levied(&p)) {
        return None;
    }
    let mut s = Sums::default();
    for p in h.people.iter().filter(levied) {
        person_month(&mut s, component, rates, h.reduction, p, month);
    }
    // 平等割.
    let unit = rates.per_household.0;
    if unit > 0 {
        s.per_household += unit;
        let mut after = unit;
        if let Some((five, eight)) = h.specified
            && matches!(component, Component::Medical | Component::Support)
        {
            if five.contains(month) {
                after = unit - unit / 2;
            } else if eight.contains(month) {
                after = unit - unit / 4;
            }
        }
        let reduced = kept(after, h.reduction.kept_tenths());
        s.reductions += unit - reduced;
        if h.only_former_dependents
            && !matches!(h.reduction, Reduction::Seventy | Reduction::Fifty)
            && h.people
                .iter()
                .filter(levied)
                .any(|p| p.former_dependent_halved.contains(month))
        {
            let ex = (reduced - (unit - unit / 2)).max(0);
            s.exemptions += ex;
        }
    }
    Some(s)
}

/// One levied person's 所得割, 資産割 and 均等割 in `month`, with their reductions and exemptions.
fn person_month(
    s: &mut Sums,
    component: Component,
    rates: &ComponentRates,
    reduction: Reduction,
    p: &Person<'_>,
    month: YearMonth,
) {
    // 所得割: per person, floored to 1 yen.
    let base = match &p.income {
        Some(i) if p.unemployed.contains(month) => i.assessable_unemployed,
        Some(i) => i.assessable,
        None => 0,
    };
    let levy = rates.income_rate.apply_floor(base);
    s.income_levy += levy;
    if p.input.former_dependent.is_some() || p.maternity.contains(month) {
        s.exemptions += levy;
    }
    // 資産割: 産前産後 does not exempt it (所得割・均等割 only) [公] 鳴門市・大田市.
    s.asset_levy += rates.asset_rate.map_or(0, |r| r.apply_floor(p.input.fixed_asset_tax.0));
    // 均等割. 子ども分: 18歳未満は10割軽減; 18歳以上は 18歳以上均等割 を加え、軽減は
    // それぞれの額に適用して1円未満切捨て [二] 足立区の表.
    let adult = if component == Component::Child {
        rates.adult_per_capita.map_or(0, |a| a.0)
    } else {
        0
    };
    if component == Component::Child && p.under_18 {
        s.per_capita += rates.per_capita.0;
        s.reductions += rates.per_capita.0;
        return;
    }
    let unit = rates.per_capita.0 + adult;
    s.per_capita += unit;
    let mut after = kept(rates.per_capita.0, reduction.kept_tenths()) + kept(adult, reduction.kept_tenths());
    if p.preschool && matches!(component, Component::Medical | Component::Support) {
        after -= after / 2; // 未就学児: 軽減後の額の1/2を減額 [公] 三条市・松阪市
    }
    s.reductions += unit - after;
    if p.former_dependent_halved.contains(month) && !matches!(reduction, Reduction::Seventy | Reduction::Fifty) {
        let halved = unit / 2; // 旧被扶養者 5割減免, 7割・5割軽減のときは法定軽減のみ [公] 久留米市
        let ex = (after - (unit - halved)).max(0);
        s.exemptions += ex;
        after -= ex;
    }
    if p.maternity.contains(month) {
        s.exemptions += after;
    }
}

fn explain_component(
    component: Component,
    rates: &ComponentRates,
    people: &[Person<'_>],
    r: &ComponentResult,
    months: u32,
    rounding: Rounding,
    out: &mut Notes,
) {
    let label = component.label();
    if months == 0 {
        out.push(|| format!("{label}: 対象となる被保険者がいないため 0円"));
        return;
    }
    let levies: Vec<String> = people
        .iter()
        .filter(|p| {
            if component == Component::Care {
                !p.care.is_empty()
            } else {
                !p.insured.is_empty()
            }
        })
        .filter_map(|p| {
            p.income.as_ref().map(|i| {
                format!(
                    "{} × {} = {}",
                    yen(i.assessable),
                    rates.income_rate,
                    yen(rates.income_rate.apply_floor(i.assessable))
                )
            })
        })
        .collect();
    out.push(|| {
        format!(
            "{label} 所得割: {} → {}",
            if levies.is_empty() {
                String::from("なし")
            } else {
                levies.join("、")
            },
            yen(r.income_levy)
        )
    });
    let months_of = |under_18: bool| -> u32 {
        people
            .iter()
            .filter(|p| component != Component::Child || p.under_18 == under_18)
            .map(|p| {
                if component == Component::Care {
                    p.care.count()
                } else {
                    p.insured.count()
                }
            })
            .sum()
    };
    let heads = |m: u32| {
        if m.is_multiple_of(12) {
            format!("{}人", m / 12)
        } else {
            format!("延べ{m}人月 ÷ 12")
        }
    };
    if component == Component::Child {
        let adult = rates.adult_per_capita.map_or(0, |a| a.0);
        let (adults, minors) = (months_of(false), months_of(true));
        let mut line = format!(
            "{label} 均等割: 18歳以上 1人 {}（均等割 {} + 18歳以上均等割 {}）× {}",
            yen(rates.per_capita.0 + adult),
            yen(rates.per_capita.0),
            yen(adult),
            heads(adults)
        );
        if minors > 0 {
            line.push_str(&format!(
                "、18歳未満 1人 {} × {}（10割軽減）",
                yen(rates.per_capita.0),
                heads(minors)
            ));
        }
        out.push(|| format!("{line} = {}", yen(r.per_capita)));
    } else {
        out.push(|| {
            format!(
                "{label} 均等割: 1人 {} × {} = {}",
                yen(rates.per_capita.0),
                heads(months_of(false)),
                yen(r.per_capita)
            )
        });
    }
    if rates.per_household.0 > 0 {
        let per_household = if months == 12 {
            String::new()
        } else {
            format!(" × {months}か月 ÷ 12")
        };
        out.push(|| {
            format!(
                "{label} 平等割: 1世帯 {}{per_household} = {}",
                yen(rates.per_household.0),
                yen(r.per_household)
            )
        });
    }
    if r.asset_levy.is_positive() {
        out.push(|| format!("{label} 資産割: {}", yen(r.asset_levy)));
    }
    if r.reductions.is_positive() {
        out.push(|| format!("{label} 軽減: −{}", yen(r.reductions)));
    }
    if r.exemptions.is_positive() {
        out.push(|| format!("{label} 減免: −{}", yen(r.exemptions)));
    }
    let prorated = if months < 12 {
        format!("（{months}か月分の月割）")
    } else {
        String::new()
    };
    let cap = if r.capped {
        format!(" → 賦課限度額 {} を適用", yen(rates.cap.0))
    } else {
        String::new()
    };
    let rounded = match rounding {
        Rounding::ComponentFloor100 => "100円未満切捨て",
        Rounding::Floor1 => "1円未満切捨て",
    };
    out.push(|| {
        format!(
            "{label} 合計 {}{prorated}{cap} → {rounded} {}",
            yen(r.before_cap),
            yen(r.amount)
        )
    });
}

fn yen(v: impl Into<i64>) -> String {
    Yen::new(v.into()).to_string()
}

#[cfg(test)]
mod arbitrary;
#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;
