//! 料率設定シミュレーション (rate-setting simulation): totals over a whole city's
//! [`PremiumResult`]s computed with candidate rates, and two candidates side by side.
//!
//! Finance staff setting next year's rates run [`calculate`](super::premium::calculate) for every
//! household with a candidate rate table and feed each result to an [`Accumulator`]; the
//! [`LevySummary`] it finishes with holds the 調定額 by component, the 7/5/2割 households and
//! the 軽減額, the households over the 賦課限度額, and the burden by income band. Two
//! summaries make a [`Comparison`] (案A・案B). [`render_summary`] and [`render_comparison`]
//! print them as plain Japanese text for the CLI.
//!
//! Built for a city of 500,000 households: [`Accumulator::add`] reads the result without
//! cloning any string and allocates nothing once each component has been seen; accumulators
//! over parts of the city [`merge`](Accumulator::merge) into the total (one per thread).
//! Integer yen throughout; ratios are per mille (‰), printed to 0.1% and rounded down.

use std::collections::BTreeMap;

use serde::Serialize;

use super::premium::output::{ComponentResult, PremiumResult};
use super::premium::{Component, Reduction};
use crate::Yen;

/// 所得階層 (an income band of 総所得金額等の世帯合計): the incomes below `below`, and not in
/// an earlier band.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IncomeBand {
    /// 表示名.
    pub label: &'static str,
    /// 上限: incomes below this amount (yen); `None` = no upper bound.
    pub below: Option<i64>,
}

/// 所得階層の区分 (the income bands), lowest first. A household whose members have all
/// declared their income falls in the first band whose `below` exceeds the sum of their
/// 総所得金額等. Money is whole yen, so `below: Some(1)` is "0円以下".
pub const INCOME_BANDS: [IncomeBand; 9] = [
    IncomeBand {
        label: "0円以下",
        below: Some(1),
    },
    IncomeBand {
        label: "0円超100万円未満",
        below: Some(1_000_000),
    },
    IncomeBand {
        label: "100万円以上200万円未満",
        below: Some(2_000_000),
    },
    IncomeBand {
        label: "200万円以上300万円未満",
        below: Some(3_000_000),
    },
    IncomeBand {
        label: "300万円以上400万円未満",
        below: Some(4_000_000),
    },
    IncomeBand {
        label: "400万円以上600万円未満",
        below: Some(6_000_000),
    },
    IncomeBand {
        label: "600万円以上800万円未満",
        below: Some(8_000_000),
    },
    IncomeBand {
        label: "800万円以上1,000万円未満",
        below: Some(10_000_000),
    },
    IncomeBand {
        label: "1,000万円以上",
        below: None,
    },
];

/// 未申告を含む世帯の階層 (the last band): households with a member whose income is undeclared.
pub const UNDECLARED_BAND: &str = "未申告を含む";

/// Index of [`UNDECLARED_BAND`] in [`LevySummary::bands`].
const UNDECLARED_INDEX: usize = INCOME_BANDS.len();

/// 料率設定シミュレーションの集計 (the totals of one candidate rate table over the city).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LevySummary {
    /// 賦課年度 (given to [`Accumulator::new`]).
    pub fiscal_year: i32,
    /// 世帯数 (results added).
    pub households: u64,
    /// 被保険者数 (members with at least one insured month).
    pub insured: u64,
    /// 調定額合計 (Σ [`PremiumResult::total`]).
    pub total: Yen,
    /// 区分別の集計, keyed by [`Component::key`]; only the components that appeared.
    pub components: BTreeMap<&'static str, ComponentTotals>,
    /// 軽減区分別の世帯数 (7割・5割・2割・軽減なし).
    pub reduced_households: ReductionCounts,
    /// 賦課限度額超過世帯数 (households over the cap in at least one component).
    pub capped_households: u64,
    /// 所得階層別の負担: one entry per [`INCOME_BANDS`] in order, then [`UNDECLARED_BAND`].
    pub bands: Vec<BandTotals>,
    /// 賦課年度の異なる試算結果の件数: results whose `fiscal_year` differs from `fiscal_year`
    /// (counted in every total all the same; should be 0).
    pub other_year_results: u64,
}

/// 区分別の集計 (one component's sums over the households).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ComponentTotals {
    /// 所得割額の合計.
    pub income_levy: Yen,
    /// 均等割額（軽減前）の合計.
    pub per_capita: Yen,
    /// 平等割額（軽減前）の合計.
    pub per_household: Yen,
    /// 資産割額の合計.
    pub asset_levy: Yen,
    /// 法定軽減額の合計.
    pub reductions: Yen,
    /// 減免額の合計.
    pub exemptions: Yen,
    /// 限度額適用前の合計.
    pub before_cap: Yen,
    /// 調定額 (Σ the component's amount after the cap and rounding).
    pub amount: Yen,
    /// 賦課限度額超過世帯数 for this component.
    pub capped_households: u64,
}

impl ComponentTotals {
    fn add(&mut self, c: &ComponentResult) {
        self.income_levy = self.income_levy.saturating_add(c.income_levy);
        self.per_capita = self.per_capita.saturating_add(c.per_capita);
        self.per_household = self.per_household.saturating_add(c.per_household);
        self.asset_levy = self.asset_levy.saturating_add(c.asset_levy);
        self.reductions = self.reductions.saturating_add(c.reductions);
        self.exemptions = self.exemptions.saturating_add(c.exemptions);
        self.before_cap = self.before_cap.saturating_add(c.before_cap);
        self.amount = self.amount.saturating_add(c.amount);
        self.capped_households += u64::from(c.capped);
    }

    fn merge(&mut self, o: &ComponentTotals) {
        self.income_levy = self.income_levy.saturating_add(o.income_levy);
        self.per_capita = self.per_capita.saturating_add(o.per_capita);
        self.per_household = self.per_household.saturating_add(o.per_household);
        self.asset_levy = self.asset_levy.saturating_add(o.asset_levy);
        self.reductions = self.reductions.saturating_add(o.reductions);
        self.exemptions = self.exemptions.saturating_add(o.exemptions);
        self.before_cap = self.before_cap.saturating_add(o.before_cap);
        self.amount = self.amount.saturating_add(o.amount);
        self.capped_households = self.capped_households.saturating_add(o.capped_households);
    }
}

/// 軽減区分別の世帯数 (households by 7割・5割・2割軽減, from [`PremiumResult::reduction`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ReductionCounts {
    /// 7割軽減.
    pub seventy: u64,
    /// 5割軽減.
    pub fifty: u64,
    /// 2割軽減.
    pub twenty: u64,
    /// 軽減なし (and any code other than "70", "50", "20").
    pub none: u64,
}

impl ReductionCounts {
    /// 世帯数 with `reduction`.
    pub fn get(&self, reduction: Reduction) -> u64 {
        match reduction {
            Reduction::Seventy => self.seventy,
            Reduction::Fifty => self.fifty,
            Reduction::Twenty => self.twenty,
            Reduction::None => self.none,
        }
    }

    /// 軽減のある世帯数 (7割 + 5割 + 2割).
    pub fn reduced(&self) -> u64 {
        self.seventy.saturating_add(self.fifty).saturating_add(self.twenty)
    }

    fn record(&mut self, reduction: Reduction) {
        let slot = match reduction {
            Reduction::Seventy => &mut self.seventy,
            Reduction::Fifty => &mut self.fifty,
            Reduction::Twenty => &mut self.twenty,
            Reduction::None => &mut self.none,
        };
        *slot += 1;
    }

    fn merge(&mut self, o: &ReductionCounts) {
        self.seventy = self.seventy.saturating_add(o.seventy);
        self.fifty = self.fifty.saturating_add(o.fifty);
        self.twenty = self.twenty.saturating_add(o.twenty);
        self.none = self.none.saturating_add(o.none);
    }
}

/// 所得階層別の負担 (one income band's households and premiums).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BandTotals {
    /// 所得階層 (an [`IncomeBand::label`] or [`UNDECLARED_BAND`]).
    pub label: &'static str,
    /// 世帯数.
    pub households: u64,
    /// 総所得金額等の合計 (for [`UNDECLARED_BAND`]: of the members who declared).
    pub total_income: Yen,
    /// 保険料（調定額）の合計.
    pub premium: Yen,
    /// 賦課限度額超過世帯数.
    pub capped_households: u64,
}

impl BandTotals {
    fn empty(label: &'static str) -> BandTotals {
        BandTotals {
            label,
            households: 0,
            total_income: Yen::ZERO,
            premium: Yen::ZERO,
            capped_households: 0,
        }
    }

    /// 1世帯当たり保険料 (yen, rounded down; 0 when the band has no household).
    pub fn average_premium(&self) -> Yen {
        average(self.premium, self.households)
    }

    /// 負担率 = 保険料 ÷ 総所得金額等, per mille rounded down; `None` when the band's income
    /// is 0 or less, and for [`UNDECLARED_BAND`] (whose income is incomplete).
    pub fn burden_permille(&self) -> Option<i64> {
        if !self.total_income.is_positive() || self.label == UNDECLARED_BAND {
            return None;
        }
        permille(self.premium.value(), self.total_income.value())
    }

    fn merge(&mut self, o: &BandTotals) {
        self.households = self.households.saturating_add(o.households);
        self.total_income = self.total_income.saturating_add(o.total_income);
        self.premium = self.premium.saturating_add(o.premium);
        self.capped_households = self.capped_households.saturating_add(o.capped_households);
    }
}

/// `part × 1000 ÷ whole`, rounded down; `None` when `whole` is 0.
/// `total ÷ households`, rounded down (0 without households).
fn average(total: Yen, households: u64) -> Yen {
    match i64::try_from(households) {
        Ok(n) if n > 0 => Yen::new(total.value().div_euclid(n)),
        _ => Yen::ZERO,
    }
}

fn permille(part: i64, whole: i64) -> Option<i64> {
    if whole == 0 {
        return None;
    }
    let v = (i128::from(part) * 1000).div_euclid(i128::from(whole));
    i64::try_from(v).ok()
}

/// The band of a household: its members' 総所得金額等 summed, or [`UNDECLARED_BAND`] when one
/// has not declared. Returns the band's index and the declared income.
fn band_of(r: &PremiumResult) -> (usize, i64) {
    let mut income = 0_i64;
    let mut undeclared = false;
    for m in &r.members {
        match m.total_income {
            Some(t) => income = income.saturating_add(t.value()),
            None => undeclared = true,
        }
    }
    if undeclared {
        (UNDECLARED_INDEX, income)
    } else {
        (band_index(income), income)
    }
}

/// Index in [`INCOME_BANDS`] of a declared household income.
fn band_index(income: i64) -> usize {
    INCOME_BANDS
        .iter()
        .position(|b| b.below.is_none_or(|below| income < below))
        .unwrap_or(INCOME_BANDS.len() - 1)
}

/// 集計中の試算 (a [`LevySummary`] being built, one result at a time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accumulator {
    summary: LevySummary,
}

impl Accumulator {
    /// An empty summary for 賦課年度 `fiscal_year`, with every income band present.
    pub fn new(fiscal_year: i32) -> Self {
        let mut bands = Vec::with_capacity(INCOME_BANDS.len() + 1);
        bands.extend(INCOME_BANDS.iter().map(|b| BandTotals::empty(b.label)));
        bands.push(BandTotals::empty(UNDECLARED_BAND));
        Accumulator {
            summary: LevySummary {
                fiscal_year,
                bands,
                ..LevySummary::default()
            },
        }
    }

    /// 1世帯の試算結果を加える (adds one household's result).
    pub fn add(&mut self, r: &PremiumResult) {
        let s = &mut self.summary;
        s.households += 1;
        s.other_year_results += u64::from(r.fiscal_year != s.fiscal_year);
        let insured = r.members.iter().filter(|m| m.insured_months > 0).count();
        s.insured = s.insured.saturating_add(u64::try_from(insured).unwrap_or(u64::MAX));
        s.total = s.total.saturating_add(r.total);
        let mut capped = false;
        for (key, c) in &r.components {
            s.components.entry(*key).or_default().add(c);
            capped |= c.capped;
        }
        s.reduced_households.record(r.reduction);
        s.capped_households += u64::from(capped);
        let (index, income) = band_of(r);
        if let Some(b) = s.bands.get_mut(index) {
            b.households += 1;
            b.total_income = b.total_income.saturating_add(Yen::new(income));
            b.premium = b.premium.saturating_add(r.total);
            b.capped_households += u64::from(capped);
        }
    }

    /// 集計を合算する (adds another accumulator's households, e.g. another thread's half of the
    /// city). When the fiscal years differ, all of `other`'s households count as
    /// [`LevySummary::other_year_results`].
    pub fn merge(&mut self, other: Accumulator) {
        let s = &mut self.summary;
        let o = other.summary;
        s.households = s.households.saturating_add(o.households);
        let other_years = if o.fiscal_year == s.fiscal_year {
            o.other_year_results
        } else {
            o.households
        };
        s.other_year_results = s.other_year_results.saturating_add(other_years);
        s.insured = s.insured.saturating_add(o.insured);
        s.total = s.total.saturating_add(o.total);
        for (key, c) in &o.components {
            s.components.entry(*key).or_default().merge(c);
        }
        s.reduced_households.merge(&o.reduced_households);
        s.capped_households = s.capped_households.saturating_add(o.capped_households);
        for (mine, theirs) in s.bands.iter_mut().zip(&o.bands) {
            mine.merge(theirs);
        }
    }

    /// 集計結果 (the finished summary).
    pub fn finish(self) -> LevySummary {
        self.summary
    }
}

impl LevySummary {
    /// 法定軽減額の合計 over every component.
    pub fn total_reductions(&self) -> Yen {
        self.components
            .values()
            .fold(Yen::ZERO, |acc, c| acc.saturating_add(c.reductions))
    }

    /// 減免額の合計 over every component.
    pub fn total_exemptions(&self) -> Yen {
        self.components
            .values()
            .fold(Yen::ZERO, |acc, c| acc.saturating_add(c.exemptions))
    }

    /// 1世帯当たり調定額 (yen, rounded down; 0 without households).
    pub fn average_premium(&self) -> Yen {
        average(self.total, self.households)
    }
}

/// 案A・案B の比較 (two candidate rate sets over the same households, side by side). Every
/// difference is 案B − 案A.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison {
    /// 案A.
    pub a: LevySummary,
    /// 案B.
    pub b: LevySummary,
}

impl Comparison {
    /// 案A と案B.
    pub fn new(a: LevySummary, b: LevySummary) -> Self {
        Comparison { a, b }
    }

    /// 調定額合計の差 (案B − 案A).
    pub fn total_difference(&self) -> Yen {
        self.b.total.saturating_sub(self.a.total)
    }

    /// 区分の調定額の差 (案B − 案A) for the component `key` ([`Component::key`]); a component
    /// absent from one side counts as 0 there.
    pub fn component_difference(&self, key: &str) -> Yen {
        let amount = |s: &LevySummary| s.components.get(key).map_or(Yen::ZERO, |c| c.amount);
        amount(&self.b).saturating_sub(amount(&self.a))
    }

    /// 法定軽減額の合計の差 (案B − 案A).
    pub fn reductions_difference(&self) -> Yen {
        self.b.total_reductions().saturating_sub(self.a.total_reductions())
    }

    /// 賦課限度額超過世帯数の差 (案B − 案A).
    pub fn capped_difference(&self) -> i64 {
        count_difference(self.a.capped_households, self.b.capped_households)
    }

    /// 所得階層ごとの (案A, 案B), in band order.
    pub fn bands(&self) -> impl Iterator<Item = (&BandTotals, &BandTotals)> {
        self.a.bands.iter().zip(&self.b.bands)
    }

    /// Whether both candidates were computed over the same households (same 賦課年度, 世帯数
    /// and 被保険者数) — otherwise the differences mix rates and population.
    pub fn same_population(&self) -> bool {
        self.a.fiscal_year == self.b.fiscal_year
            && self.a.households == self.b.households
            && self.a.insured == self.b.insured
    }
}

/// `b − a` for counts.
fn count_difference(a: u64, b: u64) -> i64 {
    let signed = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    signed(b).saturating_sub(signed(a))
}

// --- 帳票 (text) ---------------------------------------------------------------------------

/// One field of [`ComponentTotals`], for the rows of the component table.
type Field = fn(&ComponentTotals) -> Yen;

/// 料率設定シミュレーションの帳票: one summary as plain Japanese text for the CLI.
pub fn render_summary(s: &LevySummary) -> String {
    let mut out = format!("賦課年度 {}年度 料率設定シミュレーション\n\n", s.fiscal_year);
    push_table(
        &mut out,
        &[
            row(["世帯数", &count(s.households, "世帯")]),
            row(["被保険者数", &count(s.insured, "人")]),
            row(["調定額合計", &yen(s.total)]),
            row(["1世帯当たり", &yen(s.average_premium())]),
        ],
    );
    push_other_years(&mut out, s);

    out.push_str("\n区分別の調定額\n");
    let present = present_components(s);
    let mut header = vec![String::from("項目")];
    header.extend(present.iter().map(|c| c.label().to_owned()));
    header.push(String::from("合計"));
    let mut rows = vec![header];
    let lines: [(&str, Field); 8] = [
        ("所得割", |c| c.income_levy),
        ("均等割（軽減前）", |c| c.per_capita),
        ("平等割（軽減前）", |c| c.per_household),
        ("資産割", |c| c.asset_levy),
        ("法定軽減額", |c| c.reductions),
        ("減免額", |c| c.exemptions),
        ("限度額適用前", |c| c.before_cap),
        ("調定額", |c| c.amount),
    ];
    for (label, field) in lines {
        let mut r = vec![label.to_owned()];
        let mut sum = Yen::ZERO;
        for c in &present {
            let v = s.components.get(c.key()).map_or(Yen::ZERO, field);
            sum = sum.saturating_add(v);
            r.push(yen(v));
        }
        r.push(yen(sum));
        rows.push(r);
    }
    push_table(&mut out, &rows);

    out.push_str("\n軽減\n");
    let mut rows = vec![row(["区分", "世帯数", "割合"])];
    for r in [Reduction::Seventy, Reduction::Fifty, Reduction::Twenty, Reduction::None] {
        let n = s.reduced_households.get(r);
        rows.push(row([r.label(), &count(n, "世帯"), &share(n, s.households)]));
    }
    push_table(&mut out, &rows);
    out.push('\n');
    push_table(
        &mut out,
        &[
            row(["法定軽減額の合計", &yen(s.total_reductions())]),
            row(["減免額の合計", &yen(s.total_exemptions())]),
        ],
    );

    out.push_str("\n賦課限度額超過世帯\n");
    let mut rows = vec![
        row(["区分", "世帯数", "割合"]),
        row([
            "いずれかの区分",
            &count(s.capped_households, "世帯"),
            &share(s.capped_households, s.households),
        ]),
    ];
    for c in &present {
        let n = s.components.get(c.key()).map_or(0, |t| t.capped_households);
        rows.push(row([c.label(), &count(n, "世帯"), &share(n, s.households)]));
    }
    push_table(&mut out, &rows);

    out.push_str("\n所得階層別の負担（総所得金額等の世帯合計）\n");
    let mut rows = vec![row([
        "所得階層",
        "世帯数",
        "所得合計",
        "保険料合計",
        "1世帯平均",
        "負担率",
        "限度額超過",
    ])];
    for b in &s.bands {
        rows.push(row([
            b.label,
            &count(b.households, "世帯"),
            &yen(b.total_income),
            &yen(b.premium),
            &yen(b.average_premium()),
            &b.burden_permille().map_or_else(|| String::from("-"), percent),
            &count(b.capped_households, "世帯"),
        ]));
    }
    push_table(&mut out, &rows);
    out.push_str(
        "注: 負担率 = 保険料合計 ÷ 所得合計（0.1%未満切捨て）。未申告を含む世帯は所得が不完全なため負担率を示さない\n",
    );
    out
}

/// 料率設定シミュレーションの比較帳票: 案A and 案B side by side, with columns 案A, 案B, 差
/// (差 = 案B − 案A).
pub fn render_comparison(c: &Comparison) -> String {
    let (a, b) = (&c.a, &c.b);
    let mut out = if a.fiscal_year == b.fiscal_year {
        format!(
            "賦課年度 {}年度 料率設定シミュレーション（案A・案B の比較）\n\n",
            a.fiscal_year
        )
    } else {
        format!(
            "料率設定シミュレーション（案A {}年度・案B {}年度 の比較）\n\n",
            a.fiscal_year, b.fiscal_year
        )
    };
    if !c.same_population() {
        out.push_str(
            "注意: 案A と案B で賦課年度・世帯数・被保険者数が異なります。差には対象世帯の違いが含まれます\n\n",
        );
    }
    let head = |first: &str| row([first, "案A", "案B", "差"]);
    let yen_row = |label: &str, x: Yen, y: Yen| row([label, &yen(x), &yen(y), &signed_yen(y.saturating_sub(x))]);
    let count_row = |label: &str, x: u64, y: u64, unit: &str| {
        row([
            label,
            &count(x, unit),
            &count(y, unit),
            &signed_count(count_difference(x, y), unit),
        ])
    };

    out.push_str("総括\n");
    push_table(
        &mut out,
        &[
            head("項目"),
            count_row("世帯数", a.households, b.households, "世帯"),
            count_row("被保険者数", a.insured, b.insured, "人"),
            yen_row("調定額合計", a.total, b.total),
            yen_row("1世帯当たり", a.average_premium(), b.average_premium()),
        ],
    );
    push_other_years(&mut out, a);
    push_other_years(&mut out, b);

    out.push_str("\n区分別の調定額\n");
    let mut rows = vec![head("区分")];
    let amount = |s: &LevySummary, key: &str| s.components.get(key).map_or(Yen::ZERO, |t| t.amount);
    for comp in present_in_either(a, b) {
        rows.push(yen_row(comp.label(), amount(a, comp.key()), amount(b, comp.key())));
    }
    rows.push(yen_row("合計", a.total, b.total));
    push_table(&mut out, &rows);

    out.push_str("\n軽減\n");
    let mut rows = vec![head("区分")];
    for r in [Reduction::Seventy, Reduction::Fifty, Reduction::Twenty, Reduction::None] {
        rows.push(count_row(
            r.label(),
            a.reduced_households.get(r),
            b.reduced_households.get(r),
            "世帯",
        ));
    }
    rows.push(yen_row("法定軽減額の合計", a.total_reductions(), b.total_reductions()));
    rows.push(yen_row("減免額の合計", a.total_exemptions(), b.total_exemptions()));
    push_table(&mut out, &rows);

    out.push_str("\n賦課限度額超過世帯\n");
    let mut rows = vec![
        head("区分"),
        count_row("いずれかの区分", a.capped_households, b.capped_households, "世帯"),
    ];
    let capped = |s: &LevySummary, key: &str| s.components.get(key).map_or(0, |t| t.capped_households);
    for comp in present_in_either(a, b) {
        rows.push(count_row(
            comp.label(),
            capped(a, comp.key()),
            capped(b, comp.key()),
            "世帯",
        ));
    }
    push_table(&mut out, &rows);

    out.push_str("\n所得階層別の負担（1世帯平均の保険料と負担率）\n");
    let mut rows = vec![row([
        "所得階層",
        "世帯数",
        "案A",
        "案B",
        "差",
        "負担率 案A",
        "負担率 案B",
    ])];
    let burden = |t: &BandTotals| t.burden_permille().map_or_else(|| String::from("-"), percent);
    for (x, y) in c.bands() {
        let households = if x.households == y.households {
            count(x.households, "世帯")
        } else {
            format!("{} / {}", count(x.households, "世帯"), count(y.households, "世帯"))
        };
        let (ax, ay) = (x.average_premium(), y.average_premium());
        rows.push(row([
            x.label,
            &households,
            &yen(ax),
            &yen(ay),
            &signed_yen(ay.saturating_sub(ax)),
            &burden(x),
            &burden(y),
        ]));
    }
    push_table(&mut out, &rows);
    out.push_str("注: 差 = 案B − 案A。負担率 = 保険料合計 ÷ 所得合計（0.1%未満切捨て）\n");
    out
}

/// The components in `s`, in the order notices print them.
fn present_components(s: &LevySummary) -> Vec<Component> {
    Component::ALL
        .into_iter()
        .filter(|c| s.components.contains_key(c.key()))
        .collect()
}

/// The components in `a` or `b`, in the order notices print them.
fn present_in_either(a: &LevySummary, b: &LevySummary) -> Vec<Component> {
    Component::ALL
        .into_iter()
        .filter(|c| a.components.contains_key(c.key()) || b.components.contains_key(c.key()))
        .collect()
}

fn push_other_years(out: &mut String, s: &LevySummary) {
    if s.other_year_results > 0 {
        out.push_str(&format!(
            "注意: 賦課年度が{}年度でない試算結果が {} 含まれています\n",
            s.fiscal_year,
            count(s.other_year_results, "件")
        ));
    }
}

fn row<const N: usize>(cells: [&str; N]) -> Vec<String> {
    cells.iter().map(|c| (*c).to_owned()).collect()
}

/// Appends `rows` as an aligned table, indented by two spaces: the first column left-aligned,
/// the others right-aligned, columns two spaces apart, widths by [`display_width`].
fn push_table(out: &mut String, rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = Vec::new();
    for r in rows {
        for (i, cell) in r.iter().enumerate() {
            let w = display_width(cell);
            match widths.get_mut(i) {
                Some(max) => *max = (*max).max(w),
                None => widths.push(w),
            }
        }
    }
    for r in rows {
        out.push_str("  ");
        for (i, (cell, width)) in r.iter().zip(&widths).enumerate() {
            let pad = width.saturating_sub(display_width(cell));
            if i == 0 {
                out.push_str(cell);
                if r.len() > 1 {
                    out.extend(std::iter::repeat_n(' ', pad));
                }
            } else {
                out.push_str("  ");
                out.extend(std::iter::repeat_n(' ', pad));
                out.push_str(cell);
            }
        }
        out.push('\n');
    }
}

/// 表示幅: East Asian wide and full-width characters count 2, others 1 (Unicode's table).
fn display_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// `1,234,567円`.
fn yen(v: Yen) -> String {
    v.to_string()
}

fn signed_yen(v: Yen) -> String {
    v.signed_text()
}

/// `12,345世帯`.
fn count(n: u64, unit: &str) -> String {
    format!(
        "{}{unit}",
        Yen::new(i64::try_from(n).unwrap_or(i64::MAX)).format_grouped()
    )
}

/// `+12世帯`, `-3世帯`, `0世帯`.
fn signed_count(d: i64, unit: &str) -> String {
    let sign = if d > 0 { "+" } else { "" };
    format!("{sign}{}{unit}", Yen::new(d).format_grouped())
}

/// `n` of `of` as a percentage (`12.3%`, rounded down), `-` when `of` is 0.
fn share(n: u64, of: u64) -> String {
    let signed = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
    permille(signed(n), signed(of)).map_or_else(|| String::from("-"), percent)
}

/// Per mille as a percentage with one decimal: 83 → `8.3%`, -4 → `-0.4%`.
fn percent(permille: i64) -> String {
    let sign = if permille < 0 { "-" } else { "" };
    let abs = permille.unsigned_abs();
    format!("{sign}{}.{}%", abs / 10, abs % 10)
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::assessment::premium::published::published_rates;
    use crate::assessment::premium::{PremiumInput, calculate};

    const FY: i32 = 2026;

    /// The FY2026 example table (医療・支援・介護・子ども).
    fn rates() -> Value {
        published_rates()
            .into_iter()
            .find(|t| t.fiscal_year == FY)
            .map(|t| serde_json::from_str(t.rates).unwrap())
            .unwrap()
    }

    /// Candidate B: 医療分 所得割 one point higher.
    fn rates_b() -> Value {
        let mut r = rates();
        r["components"]["medical"]["income_rate"] = json!("9.04");
        r
    }

    fn household(rates: &Value, members: Value) -> PremiumResult {
        let head = members[0]["id"].clone();
        let input: PremiumInput = serde_json::from_value(json!({
            "fiscal_year": FY,
            "rates": rates,
            "household": {"head": head, "members": members}
        }))
        .unwrap();
        calculate(&input).unwrap()
    }

    fn single(rates: &Value, birth: &str, other_income: i64) -> PremiumResult {
        household(
            rates,
            json!([{"id": "p", "birth_date": birth, "income": {"other_income": other_income}}]),
        )
    }

    /// The test city: (expected band label, result).
    fn city(rates: &Value) -> Vec<(&'static str, PremiumResult)> {
        vec![
            // No income, 30: 7割軽減.
            (
                "0円以下",
                household(rates, json!([{"id": "p", "birth_date": "1996-05-01"}])),
            ),
            // 3,000万, 49: over every cap, 介護分 included.
            ("1,000万円以上", single(rates, "1976-07-01", 30_000_000)),
            // One member undeclared.
            (
                UNDECLARED_BAND,
                household(
                    rates,
                    json!([
                        {"id": "h", "birth_date": "1970-02-02", "income": {"other_income": 2_000_000}},
                        {"id": "w", "birth_date": "1972-03-03", "income": {"declared": false}}
                    ]),
                ),
            ),
            // 46: 介護分.
            ("300万円以上400万円未満", single(rates, "1980-01-01", 3_500_000)),
            // 60万 + 40万 = exactly 100万.
            (
                "100万円以上200万円未満",
                household(
                    rates,
                    json!([
                        {"id": "h", "birth_date": "1985-04-04", "income": {"other_income": 600_000}},
                        {"id": "w", "birth_date": "1987-05-05", "income": {"other_income": 400_000}}
                    ]),
                ),
            ),
            ("0円超100万円未満", single(rates, "1990-06-06", 999_999)),
            ("0円超100万円未満", single(rates, "1990-06-06", 1)),
            ("800万円以上1,000万円未満", single(rates, "1975-07-07", 9_999_999)),
            ("1,000万円以上", single(rates, "1975-07-07", 10_000_000)),
            // 650万, 45: over the 介護分 cap only.
            ("600万円以上800万円未満", single(rates, "1981-02-02", 6_500_000)),
            // 擬制世帯主 (not insured) with income; the insured wife has none.
            (
                "400万円以上600万円未満",
                household(
                    rates,
                    json!([
                        {
                            "id": "h",
                            "birth_date": "1962-08-08",
                            "insured": false,
                            "income": {"other_income": 5_000_000}
                        },
                        {"id": "w", "birth_date": "1990-09-09"}
                    ]),
                ),
            ),
            // Family with a child (子ども分の均等割 10割軽減).
            (
                "200万円以上300万円未満",
                household(
                    rates,
                    json!([
                        {"id": "h", "birth_date": "1984-10-10", "income": {"other_income": 2_500_000}},
                        {"id": "c", "birth_date": "2015-11-11"}
                    ]),
                ),
            ),
        ]
    }

    fn accumulate<'a>(results: impl IntoIterator<Item = &'a PremiumResult>) -> Accumulator {
        let mut acc = Accumulator::new(FY);
        for r in results {
            acc.add(r);
        }
        acc
    }

    fn band<'a>(s: &'a LevySummary, label: &str) -> &'a BandTotals {
        s.bands.iter().find(|b| b.label == label).unwrap()
    }

    #[test]
    fn the_test_city_covers_the_cases() {
        let city = city(&rates());
        let rs: Vec<&PremiumResult> = city.iter().map(|(_, r)| r).collect();
        assert!(rs.iter().any(|r| r.reduction == Reduction::Seventy));
        assert!(rs.iter().any(|r| r.components.values().all(|c| c.capped)));
        assert!(rs.iter().any(|r| r.members.iter().any(|m| m.total_income.is_none())));
        assert!(rs.iter().any(|r| r.components["care"].amount.is_positive()));
        assert!(rs.iter().any(|r| r.components["care"].amount.is_zero()));
        // Capped in the 介護分 only (not in the component iterated last).
        assert!(rs.iter().any(|r| r.components["care"].capped
            && !r.components["support"].capped
            && !r.components["medical"].capped));
        assert!(rs.iter().any(|r| r.components["child"].reductions.is_positive()));
        // other_income passes unchanged into 総所得金額等, so the boundaries are exact.
        assert_eq!(rs[5].members[0].total_income, Some(Yen::new(999_999)));
        assert_eq!(rs[8].members[0].total_income, Some(Yen::new(10_000_000)));
        assert_eq!(
            rs[4]
                .members
                .iter()
                .map(|m| m.total_income.unwrap().value())
                .sum::<i64>(),
            1_000_000
        );
    }

    #[test]
    fn sums_equal_the_sums_of_the_results() {
        let city = city(&rates());
        let s = accumulate(city.iter().map(|(_, r)| r)).finish();
        let rs: Vec<&PremiumResult> = city.iter().map(|(_, r)| r).collect();
        assert_eq!(s.fiscal_year, FY);
        assert_eq!(s.households, rs.len() as u64);
        let insured: usize = rs
            .iter()
            .map(|r| r.members.iter().filter(|m| m.insured_months > 0).count())
            .sum();
        assert_eq!(s.insured, insured as u64);
        assert_eq!(
            s.insured,
            rs.iter().map(|r| r.members.len() as u64).sum::<u64>() - 1,
            "the 擬制世帯主 is not insured"
        );
        assert_eq!(s.total.value(), rs.iter().map(|r| r.total.value()).sum::<i64>());
        assert_eq!(s.other_year_results, 0);

        let keys: std::collections::BTreeSet<&str> = rs.iter().flat_map(|r| r.components.keys().copied()).collect();
        assert_eq!(
            s.components.keys().copied().collect::<std::collections::BTreeSet<_>>(),
            keys
        );
        assert_eq!(keys.len(), 4);
        for key in keys {
            let t = &s.components[key];
            let sum = |f: fn(&ComponentResult) -> Yen| {
                Yen::new(rs.iter().map(|r| f(&r.components[key]).value()).sum::<i64>())
            };
            assert_eq!(t.income_levy, sum(|c| c.income_levy), "{key}");
            assert_eq!(t.per_capita, sum(|c| c.per_capita), "{key}");
            assert_eq!(t.per_household, sum(|c| c.per_household), "{key}");
            assert_eq!(t.asset_levy, sum(|c| c.asset_levy), "{key}");
            assert_eq!(t.reductions, sum(|c| c.reductions), "{key}");
            assert_eq!(t.exemptions, sum(|c| c.exemptions), "{key}");
            assert_eq!(t.before_cap, sum(|c| c.before_cap), "{key}");
            assert_eq!(t.amount, sum(|c| c.amount), "{key}");
            assert_eq!(
                t.capped_households,
                rs.iter().filter(|r| r.components[key].capped).count() as u64,
                "{key}"
            );
        }
        let all_reductions: i64 = rs
            .iter()
            .flat_map(|r| r.components.values())
            .map(|c| c.reductions.value())
            .sum();
        assert!(all_reductions > 0);
        assert_eq!(s.total_reductions().value(), all_reductions);
        assert_eq!(
            s.total_exemptions().value(),
            rs.iter()
                .flat_map(|r| r.components.values())
                .map(|c| c.exemptions.value())
                .sum::<i64>()
        );
        assert_eq!(
            s.components.values().map(|c| c.amount.value()).sum::<i64>(),
            s.total.value()
        );

        let n = |code: &str| rs.iter().filter(|r| r.reduction.code() == code).count() as u64;
        assert_eq!(
            s.reduced_households,
            ReductionCounts {
                seventy: n("70"),
                fifty: n("50"),
                twenty: n("20"),
                none: n("none")
            }
        );
        assert!(s.reduced_households.seventy >= 1);
        let capped = rs.iter().filter(|r| r.components.values().any(|c| c.capped)).count() as u64;
        assert!(capped >= 1);
        assert_eq!(s.capped_households, capped);
    }

    #[test]
    fn households_fall_in_their_bands() {
        let city = city(&rates());
        let s = accumulate(city.iter().map(|(_, r)| r)).finish();
        let labels: Vec<&str> = s.bands.iter().map(|b| b.label).collect();
        assert_eq!(
            labels,
            [
                "0円以下",
                "0円超100万円未満",
                "100万円以上200万円未満",
                "200万円以上300万円未満",
                "300万円以上400万円未満",
                "400万円以上600万円未満",
                "600万円以上800万円未満",
                "800万円以上1,000万円未満",
                "1,000万円以上",
                "未申告を含む"
            ]
        );
        for b in &s.bands {
            let mine: Vec<&PremiumResult> = city.iter().filter(|(l, _)| *l == b.label).map(|(_, r)| r).collect();
            assert_eq!(b.households, mine.len() as u64, "{}", b.label);
            assert_eq!(
                b.premium.value(),
                mine.iter().map(|r| r.total.value()).sum::<i64>(),
                "{}",
                b.label
            );
            let income: i64 = mine
                .iter()
                .flat_map(|r| &r.members)
                .filter_map(|m| m.total_income.map(Yen::value))
                .sum();
            assert_eq!(b.total_income.value(), income, "{}", b.label);
            let capped = mine.iter().filter(|r| r.components.values().any(|c| c.capped)).count() as u64;
            assert_eq!(b.capped_households, capped, "{}", b.label);
        }
        assert!(s.bands.iter().all(|b| b.households > 0));
        assert_eq!(band(&s, UNDECLARED_BAND).total_income.value(), 2_000_000);
        assert_eq!(s.bands.iter().map(|b| b.households).sum::<u64>(), s.households);
    }

    #[test]
    fn every_boundary_starts_the_next_band() {
        assert_eq!(INCOME_BANDS[band_index(i64::MIN)].label, "0円以下");
        assert_eq!(INCOME_BANDS[band_index(-1)].label, "0円以下");
        assert_eq!(INCOME_BANDS[band_index(0)].label, "0円以下");
        assert_eq!(INCOME_BANDS[band_index(1)].label, "0円超100万円未満");
        assert_eq!(INCOME_BANDS[band_index(1_000_000)].label, "100万円以上200万円未満");
        assert_eq!(INCOME_BANDS[band_index(i64::MAX)].label, "1,000万円以上");
        for (i, b) in INCOME_BANDS.iter().enumerate() {
            if let Some(below) = b.below {
                assert_eq!(band_index(below - 1), i, "{}", b.label);
                assert_eq!(band_index(below), i + 1, "{}", b.label);
            }
        }
        let bounds: Vec<i64> = INCOME_BANDS.iter().filter_map(|b| b.below).collect();
        assert_eq!(
            bounds,
            [
                1, 1_000_000, 2_000_000, 3_000_000, 4_000_000, 6_000_000, 8_000_000, 10_000_000
            ]
        );
    }

    #[test]
    fn merged_halves_equal_one_pass() {
        let city = city(&rates());
        let rs: Vec<&PremiumResult> = city.iter().map(|(_, r)| r).collect();
        let whole = accumulate(rs.iter().copied()).finish();
        for split in 0..=rs.len() {
            let (left, right) = rs.split_at(split);
            let mut a = accumulate(left.iter().copied());
            a.merge(accumulate(right.iter().copied()));
            assert_eq!(a.finish(), whole, "split at {split}");
            let mut b = accumulate(right.iter().copied());
            b.merge(accumulate(left.iter().copied()));
            assert_eq!(b.finish(), whole, "reversed, split at {split}");
        }
        let mut with_empty = Accumulator::new(FY);
        with_empty.merge(accumulate(rs.iter().copied()));
        assert_eq!(with_empty.finish(), whole);
    }

    #[test]
    fn many_copies_scale_linearly() {
        let r = single(&rates(), "1980-01-01", 3_500_000);
        let mut acc = Accumulator::new(FY);
        for _ in 0..10_000 {
            acc.add(&r);
        }
        let s = acc.finish();
        assert_eq!(s.households, 10_000);
        assert_eq!(s.total.value(), r.total.value() * 10_000);
        assert_eq!(
            s.components["medical"].income_levy.value(),
            r.components["medical"].income_levy.value() * 10_000
        );
        assert_eq!(
            band(&s, "300万円以上400万円未満").premium.value(),
            r.total.value() * 10_000
        );
    }

    #[test]
    fn results_of_another_year_are_flagged() {
        let r = single(&rates(), "1980-01-01", 3_500_000);
        let mut acc = Accumulator::new(FY + 1);
        acc.add(&r);
        let mut other = Accumulator::new(FY);
        other.add(&r);
        other.add(&r);
        acc.merge(other);
        let s = acc.finish();
        assert_eq!((s.households, s.other_year_results), (3, 3));
        assert!(render_summary(&s).contains("注意: 賦課年度が2027年度でない試算結果が 3件 含まれています"));
    }

    #[test]
    fn band_averages_and_burden() {
        let mut b = BandTotals::empty("x");
        assert_eq!(b.average_premium(), Yen::ZERO);
        assert_eq!(b.burden_permille(), None);
        b.households = 3;
        b.premium = Yen::new(100);
        assert_eq!(b.average_premium(), Yen::new(33));
        b.total_income = Yen::new(1_200);
        assert_eq!(b.burden_permille(), Some(83)); // 83.33‰ rounded down
        b.total_income = Yen::new(-5);
        assert_eq!(b.burden_permille(), None);
        b.total_income = Yen::new(1_200);
        b.label = UNDECLARED_BAND;
        assert_eq!(b.burden_permille(), None);
        assert_eq!(percent(83), "8.3%");
        assert_eq!(percent(5), "0.5%");
        assert_eq!(percent(1_000), "100.0%");
        assert_eq!(percent(-4), "-0.4%");
        assert_eq!(percent(0), "0.0%");
    }

    #[test]
    fn comparison_differences_are_b_minus_a() {
        let (ra, rb) = (rates(), rates_b());
        let (ca, cb) = (city(&ra), city(&rb));
        let c = Comparison::new(
            accumulate(ca.iter().map(|(_, r)| r)).finish(),
            accumulate(cb.iter().map(|(_, r)| r)).finish(),
        );
        let expected =
            cb.iter().map(|(_, r)| r.total.value()).sum::<i64>() - ca.iter().map(|(_, r)| r.total.value()).sum::<i64>();
        assert!(expected > 0, "a higher 所得割率 raises the levy");
        assert_eq!(c.total_difference().value(), expected);
        let medical = |city: &[(&str, PremiumResult)]| {
            city.iter()
                .map(|(_, r)| r.components["medical"].amount.value())
                .sum::<i64>()
        };
        assert_eq!(c.component_difference("medical").value(), medical(&cb) - medical(&ca));
        assert_eq!(
            c.component_difference("medical").value(),
            expected,
            "only the 医療分 changed"
        );
        assert_eq!(c.component_difference("support"), Yen::ZERO);
        assert_eq!(c.component_difference("unknown"), Yen::ZERO);
        assert_eq!(c.capped_difference(), 0);
        assert_eq!(c.reductions_difference(), Yen::ZERO);
        assert!(c.same_population());
        let reversed = Comparison::new(c.b.clone(), c.a.clone());
        assert_eq!(reversed.total_difference().value(), -expected);
        for (x, y) in c.bands() {
            assert_eq!(x.label, y.label);
            assert!(y.premium >= x.premium, "{}", x.label);
        }

        let text = render_comparison(&c);
        assert!(
            text.starts_with("賦課年度 2026年度 料率設定シミュレーション（案A・案B の比較）"),
            "{text}"
        );
        assert!(!text.contains("注意"), "{text}");
        let total_line = text.lines().find(|l| l.trim_start().starts_with("調定額合計")).unwrap();
        for needle in [
            c.a.total.to_string(),
            c.b.total.to_string(),
            format!("+{}", Yen::new(expected)),
        ] {
            assert!(total_line.contains(&needle), "{needle} in {total_line}");
        }
        let medical_line = text.lines().find(|l| l.trim_start().starts_with("医療分")).unwrap();
        assert!(
            medical_line.trim_end().ends_with(&format!("+{}", Yen::new(expected))),
            "{medical_line}"
        );
        let support_line = text.lines().find(|l| l.trim_start().starts_with("支援金分")).unwrap();
        assert!(support_line.trim_end().ends_with(" 0円"), "{support_line}");
        assert_equal_widths(&text, "  所得階層");
        assert_equal_widths(&text, "  区分");
    }

    #[test]
    fn different_populations_are_flagged_in_the_comparison() {
        let city = city(&rates());
        let a = accumulate(city.iter().map(|(_, r)| r)).finish();
        let b = accumulate(city.iter().skip(1).map(|(_, r)| r)).finish();
        let c = Comparison::new(a, b);
        assert!(!c.same_population());
        let text = render_comparison(&c);
        assert!(text.contains("注意: 案A と案B で"), "{text}");
        let line = text.lines().find(|l| l.trim_start().starts_with("世帯数")).unwrap();
        assert!(line.trim_end().ends_with("-1世帯"), "{line}");
    }

    #[test]
    fn the_summary_text_shows_the_figures() {
        let city = city(&rates());
        let rs: Vec<&PremiumResult> = city.iter().map(|(_, r)| r).collect();
        let s = accumulate(rs.iter().copied()).finish();
        let text = render_summary(&s);
        assert!(
            text.starts_with("賦課年度 2026年度 料率設定シミュレーション\n"),
            "{text}"
        );
        for heading in ["区分別の調定額", "軽減", "賦課限度額超過世帯", "所得階層別の負担"] {
            assert!(text.lines().any(|l| l.starts_with(heading)), "{heading}");
        }
        let line = |start: &str| {
            text.lines()
                .find(|l| l.trim_start().starts_with(start))
                .unwrap()
                .to_owned()
        };
        let total: i64 = rs.iter().map(|r| r.total.value()).sum();
        assert!(line("調定額合計").ends_with(&Yen::new(total).to_string()));
        let households = rs.len();
        assert!(line("世帯数").ends_with(&format!("{households}世帯")));
        let seventy = rs.iter().filter(|r| r.reduction == Reduction::Seventy).count();
        assert!(
            line("7割軽減").contains(&format!(" {seventy}世帯")),
            "{}",
            line("7割軽減")
        );
        let capped = rs.iter().filter(|r| r.components.values().any(|c| c.capped)).count();
        assert!(line("いずれかの区分").contains(&format!(" {capped}世帯")));
        let medical: i64 = rs.iter().map(|r| r.components["medical"].amount.value()).sum();
        let amounts = line("調定額 ");
        assert!(amounts.contains(&Yen::new(medical).to_string()), "{amounts}");
        assert!(amounts.ends_with(&Yen::new(total).to_string()), "{amounts}");
        let reductions: i64 = rs
            .iter()
            .flat_map(|r| r.components.values())
            .map(|c| c.reductions.value())
            .sum();
        assert!(line("法定軽減額の合計").ends_with(&Yen::new(reductions).to_string()));

        // 負担率 of the 300万〜400万 band, computed here from the one household in it.
        let r = &city.iter().find(|(l, _)| *l == "300万円以上400万円未満").unwrap().1;
        let income = r.members[0].total_income.unwrap().value();
        let p = r.total.value() * 1000 / income;
        let band_line = line("300万円以上400万円未満");
        assert!(band_line.contains(&format!(" {}.{}%", p / 10, p % 10)), "{band_line}");
        assert!(band_line.contains(&r.total.to_string()), "{band_line}");
        let undeclared = line(UNDECLARED_BAND);
        assert!(
            undeclared.contains(" - "),
            "no burden for the undeclared band: {undeclared}"
        );
        assert!(text.contains("1,000万円以上"));
        assert!(text.contains("7割軽減") && text.contains("子ども・子育て支援分"));
        assert!(!text.contains("注意"));
        assert_equal_widths(&text, "  所得階層");
        assert_equal_widths(&text, "  項目");
        assert_equal_widths(&text, "  区分");
    }

    /// The table starting at the line `header` has every line of the same display width.
    fn assert_equal_widths(text: &str, header: &str) {
        let mut lines = text
            .lines()
            .skip_while(|l| !l.starts_with(header))
            .take_while(|l| l.starts_with("  "))
            .peekable();
        let first = display_width(lines.peek().unwrap());
        let all: Vec<&str> = lines.collect();
        assert!(all.len() > 2, "{header}");
        for l in all {
            assert_eq!(display_width(l), first, "{l}");
        }
    }

    #[test]
    fn display_width_counts_full_width_as_two() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("医療分"), 6);
        assert_eq!(display_width("子ども・子育て支援分"), 20);
        assert_eq!(display_width("1,000万円以上"), 13);
        assert_eq!(display_width("（軽減前）"), 10);
    }
}
