//! A premium calculation as the screens show it — the public simulator and the counter
//! (窓口試算) alike: the total, the reduction, each component's breakdown, each member's months
//! and incomes, and the explanation lines a clerk reads out (`templates/assessment/premium_result.html`).

use kokuho_domain::Yen;
use kokuho_domain::assessment::premium::Reduction;
use kokuho_domain::assessment::premium::{Component, PremiumResult};

pub(crate) struct ResultView {
    pub total: String,
    pub reduction: String,
    pub components: Vec<ComponentView>,
    pub members: Vec<MemberView>,
    pub explanation: Vec<String>,
}

pub(crate) struct ComponentView {
    pub label: &'static str,
    pub income_levy: String,
    pub per_capita: String,
    pub per_household: String,
    pub reductions: String,
    pub capped: bool,
    pub amount: String,
}

pub(crate) struct MemberView {
    pub id: String,
    pub insured_months: u32,
    pub care_months: u32,
    pub total_income: String,
    pub assessable_income: String,
    pub judgement_income: String,
    pub earner: bool,
}

fn yen(v: Yen) -> String {
    v.to_string()
}

fn or_undeclared(v: Option<Yen>) -> String {
    v.map_or_else(|| String::from("未申告"), yen)
}

/// The view of `r`.
pub(crate) fn view(r: &PremiumResult) -> ResultView {
    let components = Component::ALL
        .iter()
        .filter_map(|c| {
            r.components.get(c.key()).map(|x| ComponentView {
                label: c.label(),
                income_levy: yen(x.income_levy.saturating_add(x.asset_levy)),
                per_capita: yen(x.per_capita),
                per_household: yen(x.per_household),
                reductions: yen(x.reductions.saturating_add(x.exemptions)),
                capped: x.capped,
                amount: yen(x.amount),
            })
        })
        .collect();
    let reduction = match r.reduction {
        Reduction::None => String::from("7割・5割・2割軽減には該当しません。"),
        found => format!("{}に該当します（均等割・平等割）。", found.label()),
    };
    let members = r
        .members
        .iter()
        .map(|m| MemberView {
            id: m.id.clone(),
            insured_months: m.insured_months,
            care_months: m.care_months,
            total_income: or_undeclared(m.total_income),
            assessable_income: or_undeclared(m.assessable_income),
            judgement_income: m.judgement_income.map_or_else(|| String::from("−"), yen),
            earner: m.earner,
        })
        .collect();
    ResultView {
        total: yen(r.total),
        reduction,
        components,
        members,
        explanation: r.explanation.clone(),
    }
}
