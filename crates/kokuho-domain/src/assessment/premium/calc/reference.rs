//! The reference the calculator is tested against: every month of the year computed on its own
//! and added up, each person's share written out from the rules, and the members counted in the
//! judgement kept as a set of ids — as the calculation was before it computed each run of equal
//! months once. Shares the reading of the input, the judgement and the explanation texts with
//! the calculator; everything from the months to the result is its own.

use std::collections::{BTreeMap, HashSet};

use super::{Household, Person, Sums, assess, explain_component, member_result, yen};
use crate::Yen;
use crate::assessment::premium::input::{ComponentRates, PremiumInput};
use crate::assessment::premium::output::PremiumResult;
use crate::assessment::premium::{CalcError, Component, Reduction};

/// [`super::calculate`] (`explain`) or [`super::calculate_amounts`], month by month.
pub(super) fn calculate(input: &PremiumInput, explain: bool) -> Result<PremiumResult, CalcError> {
    let mut a = assess(input, explain)?;
    let household = Household::new(&a.people, a.reduction, input, a.fy);
    let mut components = BTreeMap::new();
    for (component, rates) in a.components.into_iter().flatten() {
        let (sums, months) = month_by_month(component, rates, &household, a.fy);
        let result = sums.year(input.rates.rounding);
        if explain {
            explain_component(
                component,
                rates,
                &a.people,
                &result,
                months,
                input.rates.rounding,
                &mut a.explanation,
            );
        }
        components.insert(component.key(), result);
    }
    let total: i64 = components.values().map(|c| c.amount.value()).sum();
    a.explanation.push(|| format!("年額 {}", yen(total)));
    let head = &input.household.head;
    let judged: HashSet<&str> = a
        .judgement_month
        .map(|m| {
            a.people
                .iter()
                .filter(|p| p.insured.contains(m) || p.input.specified_same_household || p.input.id == *head)
                .map(|p| p.input.id.as_str())
                .collect()
        })
        .unwrap_or_default();
    let members = a
        .people
        .iter()
        .map(|p| {
            let unemployed = a.judgement_month.is_some_and(|m| p.unemployed.contains(m));
            let judgement = p
                .income
                .as_ref()
                .filter(|_| judged.contains(p.input.id.as_str()))
                .map(|i| {
                    if unemployed {
                        i.judgement_unemployed
                    } else {
                        i.judgement
                    }
                });
            member_result(p, judgement)
        })
        .collect();
    Ok(PremiumResult {
        fiscal_year: input.fiscal_year,
        total: Yen::new(total),
        reduction: a.reduction,
        components,
        members,
        explanation: a.explanation.into_lines(),
    })
}

/// The year's sums of one component, adding each month's annual amounts, and the months levied.
fn month_by_month(
    component: Component,
    rates: &ComponentRates,
    h: &Household<'_, '_>,
    fy: crate::kernel::date::FiscalYear,
) -> (Sums, u32) {
    let mut year = Sums::default();
    let mut months = 0;
    for month in fy.months() {
        let levied: Vec<&Person<'_>> = h
            .people
            .iter()
            .filter(|p| {
                if component == Component::Care {
                    p.care.contains(month)
                } else {
                    p.insured.contains(month)
                }
            })
            .collect();
        if levied.is_empty() {
            continue;
        }
        months += 1;
        let shares = levied
            .iter()
            .map(|p| person_share(component, rates, h.reduction, p, month))
            .chain([household_share(component, rates, h, &levied, month)]);
        let mut this_month = Sums::default();
        for share in shares {
            add(&mut this_month, &share);
        }
        add(&mut year, &this_month);
        // The cap applies to each month's annual amount.
        year.capped |= this_month.net() > rates.cap.0;
        year.after_cap += this_month.net().min(rates.cap.0);
    }
    (year, months)
}

fn add(total: &mut Sums, part: &Sums) {
    let fields = [
        (&mut total.income_levy, part.income_levy),
        (&mut total.per_capita, part.per_capita),
        (&mut total.per_household, part.per_household),
        (&mut total.asset_levy, part.asset_levy),
        (&mut total.reductions, part.reductions),
        (&mut total.exemptions, part.exemptions),
    ];
    for (sum, value) in fields {
        *sum += value;
    }
}

/// 7割・5割軽減: the 旧被扶養者 減免 then gives way to the statutory reduction.
fn statutory_half_or_more(reduction: Reduction) -> bool {
    reduction == Reduction::Seventy || reduction == Reduction::Fifty
}

/// One person's 所得割, 資産割 and 均等割 of one month.
fn person_share(
    component: Component,
    rates: &ComponentRates,
    reduction: Reduction,
    p: &Person<'_>,
    month: crate::kernel::date::YearMonth,
) -> Sums {
    let maternity = p.maternity.contains(month);
    let assessable = match &p.income {
        None => 0,
        Some(i) if p.unemployed.contains(month) => i.assessable_unemployed,
        Some(i) => i.assessable,
    };
    let income_levy = rates.income_rate.apply_floor(assessable);
    let asset_levy = rates.asset_rate.map_or(0, |r| r.apply_floor(p.input.fixed_asset_tax.0));
    // 産前産後 exempts the 所得割 and the 均等割 only: not the 資産割 nor the 平等割 [公] 鳴門市・大田市.
    let income_exempt = if maternity || p.input.former_dependent.is_some() {
        income_levy
    } else {
        0
    };
    let (per_capita, reductions, flat_exempt) = per_capita_share(component, rates, reduction, p, month);
    Sums {
        income_levy,
        per_capita,
        asset_levy,
        reductions,
        exemptions: income_exempt + flat_exempt,
        ..Sums::default()
    }
}

/// 均等割 of one person and month: (before reductions, reductions, exemptions).
fn per_capita_share(
    component: Component,
    rates: &ComponentRates,
    reduction: Reduction,
    p: &Person<'_>,
    month: crate::kernel::date::YearMonth,
) -> (i64, i64, i64) {
    let base = rates.per_capita.0;
    if component == Component::Child && p.under_18 {
        return (base, base, 0); // 18歳未満: 10割軽減
    }
    let adult = if component == Component::Child {
        rates.adult_per_capita.map_or(0, |a| a.0)
    } else {
        0
    };
    let full = base + adult;
    let tenths = reduction.kept_tenths();
    let mut reduced = base * tenths / 10 + adult * tenths / 10;
    if p.preschool && (component == Component::Medical || component == Component::Support) {
        reduced -= reduced / 2;
    }
    let former = if p.former_dependent_halved.contains(month) && !statutory_half_or_more(reduction) {
        (reduced - (full - full / 2)).max(0)
    } else {
        0
    };
    let maternity = if p.maternity.contains(month) {
        reduced - former
    } else {
        0
    };
    (full, full - reduced, former + maternity)
}

/// 平等割 of one month.
fn household_share(
    component: Component,
    rates: &ComponentRates,
    h: &Household<'_, '_>,
    levied: &[&Person<'_>],
    month: crate::kernel::date::YearMonth,
) -> Sums {
    let unit = rates.per_household.0;
    if unit <= 0 {
        return Sums::default();
    }
    let flat_rate_component = component == Component::Medical || component == Component::Support;
    let share = match h.specified {
        Some((five_years, _)) if flat_rate_component && five_years.contains(month) => unit - unit / 2,
        Some((_, eight_years)) if flat_rate_component && eight_years.contains(month) => unit - unit / 4,
        _ => unit,
    };
    let reduced = share * h.reduction.kept_tenths() / 10;
    let former = h.only_former_dependents
        && !statutory_half_or_more(h.reduction)
        && levied.iter().any(|p| p.former_dependent_halved.contains(month));
    let exemptions = if former {
        (reduced - (unit - unit / 2)).max(0)
    } else {
        0
    };
    Sums {
        per_household: unit,
        reductions: unit - reduced,
        exemptions,
        ..Sums::default()
    }
}
