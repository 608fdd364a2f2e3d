//! Rate tables that ship with kokuho: 尼崎市 FY2025 as published (rules.md §9.1 [公]) and a
//! clearly labelled example for FY2026 (尼崎市 has not published FY2026 rates [未]). The demo
//! city and the public simulator use them; a city's own tables are master data.

use serde_json::{Value, json};

/// One rate table in the calculator contract's `rates` shape.
#[derive(Debug, Clone, PartialEq)]
pub struct PublishedRates {
    /// 賦課年度.
    pub fiscal_year: i32,
    /// 表示名, saying whether the rates are official or an example.
    pub label: &'static str,
    /// Whether these are a city's official rates.
    pub official: bool,
    /// `rates` of spec/calculators.md §1.
    pub rates: Value,
}

/// The tables, newest first.
pub fn published_rates() -> Vec<PublishedRates> {
    // https://www.city.amagasaki.hyogo.jp/kurashi/kokuho/kokuho_sikumi/067keisan.html [公];
    // rounding: 100円未満切捨て per component as 明石市 (same prefecture) [未: 尼崎市 not confirmed].
    let amagasaki_2025 = json!({
        "rounding": "component_floor_100",
        "components": {
            "medical": {"income_rate": "8.04", "per_capita": 31200, "per_household": 19404, "cap": 660000},
            "support": {"income_rate": "3.12", "per_capita": 12048, "per_household": 7500, "cap": 260000},
            "care": {"income_rate": "3.00", "per_capita": 12132, "per_household": 5928, "cap": 170000}
        }
    });
    // The example for FY2026: the FY2025 rates, the FY2026 医療分 cap (67万), and a 子ども分 in the
    // 東京特別区 style (0.30%, 1,800円 + 18歳以上 100円, cap 3万).
    let mut example_2026 = amagasaki_2025.clone();
    example_2026["components"]["medical"]["cap"] = json!(670_000);
    example_2026["components"]["child"] =
        json!({"income_rate": "0.30", "per_capita": 1800, "adult_per_capita": 100, "cap": 30000});
    vec![
        PublishedRates {
            fiscal_year: 2026,
            label: "令和8年度（例示の料率: 尼崎市の公表料率ではありません）",
            official: false,
            rates: example_2026,
        },
        PublishedRates {
            fiscal_year: 2025,
            label: "令和7年度（尼崎市の公表料率）",
            official: true,
            rates: amagasaki_2025,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::premium::parse_and_calculate;

    #[test]
    fn every_published_table_is_accepted_by_the_calculator() {
        for t in published_rates() {
            let input = json!({
                "fiscal_year": t.fiscal_year,
                "rates": t.rates,
                "household": {"head": "a", "members": [{"id": "a", "birth_date": "1980-01-01"}]}
            });
            assert!(parse_and_calculate(&input.to_string()).is_ok(), "{}", t.label);
        }
    }
}
