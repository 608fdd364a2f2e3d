//! The high-cost calculator's input document (spec/calculators.md §2), exactly as the contract
//! names it. Unknown fields are refused so that a typo is never silently ignored.

use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::{Category, Category70};
use crate::assessment::premium::input::IncomeInput;
use crate::contract::Amount;
use crate::kernel::date::{Date, YearMonth};

/// 高額療養費試算の入力.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HighCostInput {
    /// 診療月.
    pub month: YearMonth,
    /// 世帯.
    pub household: HouseholdInput,
    /// 高額療養費の支給を受けた月（同一保険者; 都道府県内の引継ぎを含む）: 多数回該当の判定.
    #[serde(default)]
    pub prior_benefit_months: Vec<YearMonth>,
    /// レセプト.
    pub claims: Vec<ClaimInput>,
}

/// 世帯: the household's 国保被保険者 and its categories.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HouseholdInput {
    /// 70歳未満の所得区分 (required when a member is under 70 in the month, unless `incomes`).
    #[serde(default)]
    pub category: Option<Category>,
    /// 70〜74歳の所得区分 (required when a member is 70〜74 in the month, unless `incomes`).
    #[serde(default)]
    pub category_70: Option<Category70>,
    /// 被保険者.
    pub members: Vec<MemberInput>,
    /// 所得 by member id, to derive the categories instead of giving them.
    #[serde(default)]
    pub incomes: Option<Incomes>,
}

/// 被保険者.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberInput {
    /// 識別子（世帯内で一意）.
    pub id: String,
    /// 生年月日.
    pub birth_date: Date,
    /// 所得 (as the premium calculator's member `income`), another way to give `incomes`.
    #[serde(default)]
    pub income: Option<IncomeInput>,
}

/// `{"p1": {...}, "p2": {...}}` or `[{"id": "p1", ...}, ...]`: each member's income (the premium
/// calculator's income fields, plus `taxable_income` and `resident_tax_exempt`), in the order
/// given. A member named twice is refused (a JSON object would otherwise keep the last silently).
#[derive(Debug, Clone, Default)]
pub struct Incomes(pub Vec<IncomeEntry>);

/// One member's income and where the document gave it (for error paths).
#[derive(Debug, Clone)]
pub struct IncomeEntry {
    /// The member's id.
    pub id: String,
    /// The field's path, e.g. `household.incomes.p1` or `household.members[0].income`.
    pub path: String,
    /// 所得.
    pub income: IncomeInput,
}

impl Incomes {
    /// Each member's `income`, when the document gives them there.
    pub fn of_members(members: &[MemberInput]) -> Incomes {
        let given = members.iter().enumerate().filter_map(|(i, m)| {
            m.income.clone().map(|income| IncomeEntry {
                id: m.id.clone(),
                path: format!("household.members[{i}].income"),
                income,
            })
        });
        Incomes(given.collect())
    }

    fn push<E: de::Error>(&mut self, id: String, path: String, income: IncomeInput) -> Result<(), E> {
        if self.0.iter().any(|seen| seen.id == id) {
            return Err(E::custom(format!("世帯員「{id}」の所得が2回指定されています")));
        }
        self.0.push(IncomeEntry { id, path, income });
        Ok(())
    }
}

impl<'de> Deserialize<'de> for Incomes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Incomes, D::Error> {
        struct ById;
        impl<'de> Visitor<'de> for ById {
            type Value = Incomes;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map from member id to income, or a list of incomes with their id")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Incomes, A::Error> {
                let mut out = Incomes::default();
                while let Some(id) = map.next_key::<String>()? {
                    let income = map.next_value::<IncomeInput>()?;
                    let path = format!("household.incomes.{id}");
                    out.push(id, path, income)?;
                }
                Ok(out)
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Incomes, A::Error> {
                let mut out = Incomes::default();
                while let Some(Listed { id, income }) = seq.next_element::<Listed>()? {
                    let Some(id) = id else {
                        return Err(de::Error::custom("所得の各要素に世帯員の id（文字列）が必要です"));
                    };
                    let path = format!("household.incomes[{}]", out.0.len());
                    out.push(id, path, income)?;
                }
                Ok(out)
            }
        }
        d.deserialize_any(ById)
    }
}

/// One entry of the list form: the income's fields with the member's `id` among them (an `id`
/// that is not a string counts as absent).
struct Listed {
    id: Option<String>,
    income: IncomeInput,
}

impl<'de> Deserialize<'de> for Listed {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Listed, D::Error> {
        struct Entry;
        impl<'de> Visitor<'de> for Entry {
            type Value = Listed;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Listed, A::Error> {
                let mut id = None;
                let income =
                    IncomeInput::deserialize(de::value::MapAccessDeserializer::new(WithoutId { map, id: &mut id }))?;
                Ok(Listed { id, income })
            }
        }
        d.deserialize_map(Entry)
    }
}

/// An entry's members but `id`, which is kept aside.
struct WithoutId<'a, A> {
    map: A,
    id: &'a mut Option<String>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for WithoutId<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        let mut seed = Some(seed);
        loop {
            match self.map.next_key_seed(SkipId { seed: &mut seed })? {
                None => return Ok(None),
                Some(Some(key)) => return Ok(Some(key)),
                Some(None) => *self.id = self.map.next_value::<IdText>()?.0,
            }
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }
}

/// A member name: `id` is `None`, any other is given to the income's own field seed.
struct SkipId<'s, K> {
    seed: &'s mut Option<K>,
}

impl<'de, K: DeserializeSeed<'de>> DeserializeSeed<'de> for SkipId<'_, K> {
    type Value = Option<K::Value>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<K::Value>, D::Error> {
        let name = String::deserialize(d)?;
        if name == "id" {
            return Ok(None);
        }
        match self.seed.take() {
            Some(seed) => seed
                .deserialize(de::IntoDeserializer::<D::Error>::into_deserializer(name))
                .map(Some),
            None => Err(de::Error::custom("所得の項目を読めませんでした")),
        }
    }
}

/// The value of `id`: its text when it is a string, otherwise nothing.
struct IdText(Option<String>);

impl<'de> Deserialize<'de> for IdText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<IdText, D::Error> {
        struct Text;
        impl<'de> Visitor<'de> for Text {
            type Value = IdText;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any value")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<IdText, E> {
                Ok(IdText(Some(v.to_owned())))
            }

            fn visit_bool<E: de::Error>(self, _: bool) -> Result<IdText, E> {
                Ok(IdText(None))
            }

            fn visit_i64<E: de::Error>(self, _: i64) -> Result<IdText, E> {
                Ok(IdText(None))
            }

            fn visit_u64<E: de::Error>(self, _: u64) -> Result<IdText, E> {
                Ok(IdText(None))
            }

            fn visit_f64<E: de::Error>(self, _: f64) -> Result<IdText, E> {
                Ok(IdText(None))
            }

            fn visit_unit<E: de::Error>(self) -> Result<IdText, E> {
                Ok(IdText(None))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<IdText, A::Error> {
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(IdText(None))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<IdText, A::Error> {
                while map.next_entry::<de::IgnoredAny, de::IgnoredAny>()?.is_some() {}
                Ok(IdText(None))
            }
        }
        d.deserialize_any(Text)
    }
}

/// 入院・外来・調剤.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Setting {
    /// 入院.
    Inpatient,
    /// 外来.
    Outpatient,
    /// 調剤（院外処方の薬局）.
    Pharmacy,
}

impl Setting {
    /// 表示名.
    pub fn label(self) -> &'static str {
        match self {
            Setting::Inpatient => "入院",
            Setting::Outpatient => "外来",
            Setting::Pharmacy => "調剤",
        }
    }
}

/// 特定疾病 (長期高額疾病).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SpecifiedDisease {
    /// 人工透析を要する慢性腎不全.
    Dialysis,
    /// 血友病.
    Hemophilia,
    /// 血液凝固因子製剤の投与に起因するHIV感染症.
    Hiv,
}

/// 1件のレセプト.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimInput {
    /// 受診者 (a member's `id`).
    pub patient: String,
    /// 医療機関・薬局.
    pub provider: String,
    /// 入院・外来・調剤.
    pub setting: Setting,
    /// 処方した医療機関 (`pharmacy` only): the pharmacy's copay joins that provider's 外来
    /// レセプト of the same patient (and of the same 医科/歯科) for the 21,000円 rule.
    #[serde(default)]
    pub prescriber: Option<String>,
    /// 歯科 (医科と歯科は別のレセプト).
    #[serde(default)]
    pub dental: bool,
    /// 医療費（10割）.
    pub medical_cost: Amount,
    /// 一部負担金（窓口で負担すべき額）.
    pub copay: Amount,
    /// 特定疾病.
    #[serde(default)]
    pub specified_disease: Option<SpecifiedDisease>,
}
