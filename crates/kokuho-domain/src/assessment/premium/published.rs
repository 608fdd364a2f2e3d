//! Rate tables that ship with kokuho: 尼崎市 FY2025 as published (rules.md §9.1 [公]) and a
//! clearly labelled example for FY2026 (尼崎市 has not published FY2026 rates [未]). The demo
//! city and the public simulator use them; a city's own tables are master data.

/// One rate table in the calculator contract's `rates` shape.
#[derive(Debug, Clone, PartialEq)]
pub struct PublishedRates {
    /// 賦課年度.
    pub fiscal_year: i32,
    /// 表示名, saying whether the rates are official or an example.
    pub label: &'static str,
    /// Whether these are a city's official rates.
    pub official: bool,
    /// `rates` of spec/calculators.md §1, as the JSON text a city would upload (read and checked
    /// by kokuho-contract like any other table).
    pub rates: &'static str,
}

// https://www.city.amagasaki.hyogo.jp/kurashi/kokuho/kokuho_sikumi/067keisan.html [公];
// rounding: 100円未満切捨て per component as 明石市 (same prefecture) [未: 尼崎市 not confirmed].
const AMAGASAKI_2025: &str = concat!(
    r#"{"components":{"#,
    r#""care":{"cap":170000,"income_rate":"3.00","per_capita":12132,"per_household":5928},"#,
    r#""medical":{"cap":660000,"income_rate":"8.04","per_capita":31200,"per_household":19404},"#,
    r#""support":{"cap":260000,"income_rate":"3.12","per_capita":12048,"per_household":7500}"#,
    r#"},"rounding":"component_floor_100"}"#
);

// The example for FY2026: the FY2025 rates, the FY2026 医療分 cap (67万), and a 子ども分 in the
// 東京特別区 style (0.30%, 1,800円 + 18歳以上 100円, cap 3万).
const EXAMPLE_2026: &str = concat!(
    r#"{"components":{"#,
    r#""care":{"cap":170000,"income_rate":"3.00","per_capita":12132,"per_household":5928},"#,
    r#""child":{"adult_per_capita":100,"cap":30000,"income_rate":"0.30","per_capita":1800},"#,
    r#""medical":{"cap":670000,"income_rate":"8.04","per_capita":31200,"per_household":19404},"#,
    r#""support":{"cap":260000,"income_rate":"3.12","per_capita":12048,"per_household":7500}"#,
    r#"},"rounding":"component_floor_100"}"#
);

/// The tables, newest first.
pub fn published_rates() -> Vec<PublishedRates> {
    vec![
        PublishedRates {
            fiscal_year: 2026,
            label: "令和8年度（例示の料率: 尼崎市の公表料率ではありません）",
            official: false,
            rates: EXAMPLE_2026,
        },
        PublishedRates {
            fiscal_year: 2025,
            label: "令和7年度（尼崎市の公表料率）",
            official: true,
            rates: AMAGASAKI_2025,
        },
    ]
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::assessment::premium::input::RatesInput;
    use crate::assessment::premium::{PremiumInput, calculate};

    #[test]
    fn the_tables_are_in_the_canonical_form_the_rate_tables_store() {
        for t in published_rates() {
            let value: Value = serde_json::from_str(t.rates).unwrap();
            assert_eq!(value.to_string(), t.rates, "{}", t.label);
            // Read into the typed table and written back (keys sorted), nothing changes.
            let typed: RatesInput = serde_json::from_str(t.rates).unwrap();
            assert_eq!(serde_json::to_value(&typed).unwrap(), value, "{}", t.label);
        }
    }

    #[test]
    fn every_published_table_is_accepted_by_the_calculator() {
        for t in published_rates() {
            let input = json!({
                "fiscal_year": t.fiscal_year,
                "rates": serde_json::from_str::<Value>(t.rates).unwrap(),
                "household": {"head": "a", "members": [{"id": "a", "birth_date": "1980-01-01"}]}
            });
            let input: PremiumInput = serde_json::from_value(input).unwrap();
            assert!(calculate(&input).is_ok(), "{}", t.label);
        }
    }
}
