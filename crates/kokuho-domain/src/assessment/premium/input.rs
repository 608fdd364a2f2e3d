//! The premium calculator's input document (spec/calculators.md §1), exactly as the contract
//! names it. Unknown fields are refused so that a typo is never silently ignored.

use serde::{Deserialize, Serialize};

use super::{Component, Rate};
use crate::Yen;
use crate::assessment::income_conversion::{self, ConversionError, IncomeAmounts, IncomeParts};
pub use crate::contract::Amount;
use crate::contract::CalcError;
use crate::kernel::date::{Date, YearMonth};

/// 保険料試算の入力.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PremiumInput {
    /// 賦課年度 (April–March); income is that of the previous calendar year.
    pub fiscal_year: i32,
    /// 料率.
    pub rates: RatesInput,
    /// 世帯.
    pub household: HouseholdInput,
}

/// 料率表.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatesInput {
    /// 端数処理.
    pub rounding: Rounding,
    /// 賦課区分ごとの料率 (an absent component is not levied).
    pub components: ComponentsInput,
    /// 軽減判定基準の上書き (default: the national table of the year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reduction_thresholds: Option<ThresholdsInput>,
}

impl RatesInput {
    /// A table with no component levied yet (the start of a new city's form).
    pub fn empty(rounding: Rounding) -> RatesInput {
        RatesInput {
            rounding,
            components: ComponentsInput::default(),
            reduction_thresholds: None,
        }
    }
}

/// 保険料の端数処理.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Rounding {
    /// 区分ごとの合計を100円未満切捨て.
    #[serde(rename = "component_floor_100")]
    ComponentFloor100,
    /// 1円未満切捨て.
    #[serde(rename = "floor_1")]
    Floor1,
}

impl Rounding {
    /// Both, in the order the rate form offers them.
    pub const ALL: [Rounding; 2] = [Rounding::ComponentFloor100, Rounding::Floor1];

    /// The contract's code.
    pub fn code(self) -> &'static str {
        match self {
            Rounding::ComponentFloor100 => "component_floor_100",
            Rounding::Floor1 => "floor_1",
        }
    }

    /// The rounding with `code` (None: not a contract code).
    pub fn from_code(code: &str) -> Option<Rounding> {
        Rounding::ALL.into_iter().find(|r| r.code() == code)
    }

    /// 表示名.
    pub fn label(self) -> &'static str {
        match self {
            Rounding::ComponentFloor100 => "区分ごとに100円未満切捨て",
            Rounding::Floor1 => "1円未満切捨て",
        }
    }
}

/// 区分ごとの料率.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComponentsInput {
    /// 医療分（基礎賦課額）.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub medical: Option<ComponentRates>,
    /// 後期高齢者支援金分.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub support: Option<ComponentRates>,
    /// 介護納付金分.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub care: Option<ComponentRates>,
    /// 子ども・子育て支援納付金分 (FY2026〜).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub child: Option<ComponentRates>,
}

impl ComponentsInput {
    /// The rates of `component` (None: not levied).
    pub fn get(&self, component: Component) -> Option<&ComponentRates> {
        match component {
            Component::Medical => self.medical.as_ref(),
            Component::Support => self.support.as_ref(),
            Component::Care => self.care.as_ref(),
            Component::Child => self.child.as_ref(),
        }
    }

    /// Where the rates of `component` are kept.
    pub fn slot(&mut self, component: Component) -> &mut Option<ComponentRates> {
        match component {
            Component::Medical => &mut self.medical,
            Component::Support => &mut self.support,
            Component::Care => &mut self.care,
            Component::Child => &mut self.child,
        }
    }
}

/// 1区分の料率.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComponentRates {
    /// 所得割率.
    pub income_rate: Rate,
    /// 均等割（1人当たり）.
    pub per_capita: Amount,
    /// 平等割（1世帯当たり; 0 = 2方式）.
    #[serde(default, skip_serializing_if = "Amount::is_zero")]
    pub per_household: Amount,
    /// 資産割率（固定資産税額に対する率）.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asset_rate: Option<Rate>,
    /// 賦課限度額.
    pub cap: Amount,
    /// 子ども分のみ: 18歳以上均等割.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adult_per_capita: Option<Amount>,
}

/// 軽減判定基準の上書き (each field optional).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThresholdsInput {
    /// 基礎控除額（7割の基準）.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<Amount>,
    /// 給与所得者等1人当たりの加算額.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_earner: Option<Amount>,
    /// 5割: 1人当たりの額.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fifty_per_person: Option<Amount>,
    /// 2割: 1人当たりの額.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub twenty_per_person: Option<Amount>,
}

impl ThresholdsInput {
    /// The contract's field names, in the order forms show them.
    pub const KEYS: [&'static str; 4] = ["base", "per_earner", "fifty_per_person", "twenty_per_person"];

    /// The override named `key` (one of [`ThresholdsInput::KEYS`]).
    pub fn slot(&mut self, key: &str) -> Option<&mut Option<Amount>> {
        match key {
            "base" => Some(&mut self.base),
            "per_earner" => Some(&mut self.per_earner),
            "fifty_per_person" => Some(&mut self.fifty_per_person),
            "twenty_per_person" => Some(&mut self.twenty_per_person),
            _ => None,
        }
    }
}

/// 世帯.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HouseholdInput {
    /// 世帯主の `id` (an uninsured head is the 擬制世帯主).
    pub head: String,
    /// 世帯員.
    pub members: Vec<MemberInput>,
    /// 特定世帯になった日.
    #[serde(default)]
    pub specified_household: Option<SinceInput>,
}

/// 世帯員.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberInput {
    /// 識別子（世帯内で一意）.
    pub id: String,
    /// 生年月日.
    pub birth_date: Date,
    /// 国保被保険者か.
    #[serde(default = "yes")]
    pub insured: bool,
    /// 特定同一世帯所属者 (only with `insured: false`).
    #[serde(default)]
    pub specified_same_household: bool,
    /// 資格期間 (default: the whole year).
    #[serde(default)]
    pub coverage: Option<Vec<CoverageInput>>,
    /// 前年の所得.
    #[serde(default)]
    pub income: IncomeInput,
    /// 非自発的失業.
    #[serde(default)]
    pub involuntary_unemployment: Option<UnemploymentInput>,
    /// 旧被扶養者.
    #[serde(default)]
    pub former_dependent: Option<SinceInput>,
    /// 産前産後.
    #[serde(default)]
    pub maternity: Option<MaternityInput>,
    /// 固定資産税額（資産割の基礎）.
    #[serde(default)]
    pub fixed_asset_tax: Amount,
    /// 介護適用除外の期間 (from, until exclusive). Not part of the calculator contract (a JSON
    /// field of this name is refused as unknown); the assessment sets it from the person's flags.
    #[serde(skip)]
    pub care_exempt: Vec<(Date, Option<Date>)>,
}

fn yes() -> bool {
    true
}

/// 資格期間: `from` = 資格取得日, `until` = 資格喪失日 (exclusive) or null.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoverageInput {
    /// 資格取得日.
    pub from: Date,
    /// 資格喪失日（その日から資格がない）.
    pub until: Option<Date>,
}

/// `{"since": "YYYY-MM-DD"}`.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SinceInput {
    /// 開始日.
    pub since: Date,
}

/// 非自発的失業.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnemploymentInput {
    /// 離職日.
    pub separation_date: Date,
    /// 離職理由コード（雇用保険受給資格者証）.
    pub reason_code: String,
}

/// 産前産後.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaternityInput {
    /// 出産予定月（出産月）.
    pub expected_month: YearMonth,
    /// 多胎.
    #[serde(default)]
    pub multiple: bool,
}

/// 前年の所得 (all optional, default 0).
///
/// Shared by the high-cost calculator's `household.incomes` (spec/calculators.md §2: "same
/// income fields as the premium calculator, plus `taxable_income` and `resident_tax_exempt`"),
/// so both read and convert income through this one type; the premium calculator refuses the
/// two fields it has no use for ([`IncomeInput::check`]).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncomeInput {
    /// false = 未申告.
    #[serde(default = "yes_opt")]
    pub declared: Option<bool>,
    /// 給与収入.
    pub salary_revenue: Option<Amount>,
    /// 公的年金等収入.
    pub pension_revenue: Option<Amount>,
    /// 事業・不動産等の所得.
    pub other_income: Option<Amount>,
    /// 分離課税の所得（特別控除後）.
    pub separate_income: Option<Amount>,
    /// 譲渡所得の特別控除額.
    pub separate_special_deduction: Option<Amount>,
    /// 専従者給与（控除）額.
    pub family_employee_deduction: Option<Amount>,
    /// 給与所得（収入に代えて所得で与える）.
    pub salary_income: Option<Amount>,
    /// 公的年金等所得（収入に代えて所得で与える）.
    pub pension_income: Option<Amount>,
    /// 課税所得（住民税の課税標準額）: the 70〜74 高額療養費 category only.
    pub taxable_income: Option<Amount>,
    /// 住民税非課税: the 高額療養費 category only.
    pub resident_tax_exempt: Option<bool>,
}

#[allow(clippy::unnecessary_wraps)] // serde's `default` needs the field's type
fn yes_opt() -> Option<bool> {
    Some(true)
}

impl IncomeInput {
    /// 申告済みか（未申告 = false）.
    pub fn is_declared(&self) -> bool {
        self.declared.unwrap_or(true)
    }

    /// The amounts the law converts (revenue → income); absent ones are 0.
    pub fn amounts(&self) -> IncomeAmounts {
        let amount = |a: Option<Amount>| Yen::new(a.map_or(0, |a| a.0));
        IncomeAmounts {
            salary_revenue: amount(self.salary_revenue),
            pension_revenue: amount(self.pension_revenue),
            other_income: amount(self.other_income),
            separate_income: amount(self.separate_income),
            separate_special_deduction: amount(self.separate_special_deduction),
        }
    }

    /// 所得で与えられた給与・年金 (`salary_income`, `pension_income`) replace the converted
    /// ones in `parts`, and the total follows. Whether anything was replaced.
    pub fn replace_given_incomes(&self, parts: &mut IncomeParts) -> bool {
        if let Some(s) = self.salary_income {
            parts.salary = s.0;
        }
        if let Some(p) = self.pension_income {
            parts.pension = p.0;
        }
        let given = self.salary_income.is_some() || self.pension_income.is_some();
        if given {
            parts.total = (parts.salary + parts.pension + parts.other).max(0) + parts.separate;
        }
        given
    }

    /// 総所得金額等 and its parts for `income_year` (所得年), by the law of that year: the
    /// revenues converted, then the incomes given as such.
    ///
    /// # Errors
    /// [`ConversionError`] for a year without the conversion tables, or an overflow.
    pub fn income_parts(&self, birth: Date, income_year: i32) -> Result<IncomeParts, ConversionError> {
        let mut parts = income_conversion::income_parts(&self.amounts(), income_year, birth)?;
        self.replace_given_incomes(&mut parts);
        Ok(parts)
    }

    /// The checks every calculator makes: salary and pension each either as revenue or as
    /// income, not both. `path` is the income object's path.
    ///
    /// # Errors
    /// [`CalcError`] at the second of the two fields.
    pub fn check(&self, path: &str) -> Result<(), CalcError> {
        if self.salary_revenue.is_some() && self.salary_income.is_some() {
            return Err(CalcError::invalid(
                format!("{path}.salary_income"),
                "給与は収入（salary_revenue）か所得（salary_income）のどちらか一方で指定してください",
            ));
        }
        if self.pension_revenue.is_some() && self.pension_income.is_some() {
            return Err(CalcError::invalid(
                format!("{path}.pension_income"),
                "年金は収入（pension_revenue）か所得（pension_income）のどちらか一方で指定してください",
            ));
        }
        Ok(())
    }

    /// [`IncomeInput::check`] for the premium calculator, which also refuses the fields only
    /// the high-cost calculator reads (its contract lists no such field).
    ///
    /// # Errors
    /// [`CalcError`] naming the field.
    pub fn check_for_premium(&self, path: &str) -> Result<(), CalcError> {
        self.check(path)?;
        for (field, given) in [
            ("taxable_income", self.taxable_income.is_some()),
            ("resident_tax_exempt", self.resident_tax_exempt.is_some()),
        ] {
            if given {
                let path = format!("{path}.{field}");
                return Err(CalcError::invalid(
                    path.clone(),
                    format!("項目 {path}: 保険料の試算にはない項目です（高額療養費の所得区分の判定にだけ使います）"),
                ));
            }
        }
        Ok(())
    }
}
