//! 政令の額 by fiscal year: 賦課限度額 (rules.md §2) and the 7/5/2割 judgement amounts (§3.1).
//! Later years are one more row here.

use super::Component;

/// The statutory parameters of one 賦課年度.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatutoryYear {
    /// 賦課年度.
    pub fiscal_year: i32,
    /// 政令上限 per component (`None`: the component does not exist that year).
    pub caps: [(Component, Option<i64>); 4],
    /// 軽減判定の基準額.
    pub thresholds: Thresholds,
}

/// 7割・5割・2割軽減の判定基準（国保令29条の7第5項）.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    /// 基礎控除額 43万円 (7割の基準).
    pub base: i64,
    /// 給与所得者等が2人以上のとき (人数 − 1) 人分加える額 10万円.
    pub per_earner: i64,
    /// 5割: 被保険者（＋特定同一世帯所属者）1人当たりの額.
    pub fifty_per_person: i64,
    /// 2割: 被保険者（＋特定同一世帯所属者）1人当たりの額.
    pub twenty_per_person: i64,
}

/// 給与所得者等: 給与収入がこの額を超える人 [公] 三条市.
pub const EARNER_SALARY_OVER: i64 = 550_000;
/// 給与所得者等: 公的年金等収入がこの額を超える人（65歳未満）.
pub const EARNER_PENSION_UNDER_65_OVER: i64 = 600_000;
/// 給与所得者等: 公的年金等収入がこの額を超える人（65歳以上）.
pub const EARNER_PENSION_FROM_65_OVER: i64 = 1_250_000;
/// 軽減判定で65歳以上の年金所得から控除する額（上限）[公] 福島市.
pub const ELDER_PENSION_JUDGEMENT_DEDUCTION: i64 = 150_000;

const fn year(
    fiscal_year: i32,
    medical: i64,
    support: i64,
    care: i64,
    child: Option<i64>,
    fifty: i64,
    twenty: i64,
) -> StatutoryYear {
    StatutoryYear {
        fiscal_year,
        caps: [
            (Component::Medical, Some(medical)),
            (Component::Support, Some(support)),
            (Component::Care, Some(care)),
            (Component::Child, child),
        ],
        thresholds: Thresholds {
            base: 430_000,
            per_earner: 100_000,
            fifty_per_person: fifty,
            twenty_per_person: twenty,
        },
    }
}

/// FY2022–FY2024 caps and thresholds [公] 伊勢原市・芦屋市・倉敷市; FY2025 [公] 荒尾市・松阪市;
/// FY2026 [二] 令和8年政令第2号 as reported by psrn.jp, thresholds as transcribed by fukushi-navi.
const YEARS: [StatutoryYear; 5] = [
    year(2022, 650_000, 200_000, 170_000, None, 285_000, 520_000),
    year(2023, 650_000, 220_000, 170_000, None, 290_000, 535_000),
    year(2024, 650_000, 240_000, 170_000, None, 295_000, 545_000),
    year(2025, 660_000, 260_000, 170_000, None, 305_000, 560_000),
    year(2026, 670_000, 260_000, 170_000, Some(30_000), 310_000, 570_000),
];

/// The parameters of `fiscal_year`, if this version knows them.
pub fn statutory_year(fiscal_year: i32) -> Option<&'static StatutoryYear> {
    YEARS.iter().find(|y| y.fiscal_year == fiscal_year)
}

/// The fiscal years this version can assess.
pub fn supported_years() -> (i32, i32) {
    (YEARS[0].fiscal_year, YEARS[YEARS.len() - 1].fiscal_year)
}

impl StatutoryYear {
    /// 政令上限 of `component` (`None`: not levied that year).
    pub fn cap(&self, component: Component) -> Option<i64> {
        self.caps
            .iter()
            .find(|(c, _)| *c == component)
            .and_then(|(_, cap)| *cap)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_judgement_boundaries_follow_from_the_table() {
        // TC-07 羽島市 FY2023: 1人・給与所得者等1人 → 5割 72万, 2割 96.5万;
        // 2人・2人 → 7割 53万, 5割 111万, 2割 160万.
        let t = statutory_year(2023).unwrap().thresholds;
        assert_eq!(t.base + t.fifty_per_person, 720_000);
        assert_eq!(t.base + t.twenty_per_person, 965_000);
        assert_eq!(t.base + t.per_earner, 530_000);
        assert_eq!(t.base + t.per_earner + 2 * t.fifty_per_person, 1_110_000);
        assert_eq!(t.base + t.per_earner + 2 * t.twenty_per_person, 1_600_000);
        // R4 (FY2022): 71.5万 / 95万 and 110万 / 157万.
        let t = statutory_year(2022).unwrap().thresholds;
        assert_eq!(t.base + t.fifty_per_person, 715_000);
        assert_eq!(t.base + t.twenty_per_person, 950_000);
        assert_eq!(t.base + t.per_earner + 2 * t.twenty_per_person, 1_570_000);
    }

    #[test]
    fn caps_sum_to_the_published_totals() {
        let total = |fy| -> i64 { statutory_year(fy).unwrap().caps.iter().filter_map(|(_, c)| *c).sum() };
        assert_eq!(
            [total(2022), total(2023), total(2024), total(2025), total(2026)],
            [1_020_000, 1_040_000, 1_060_000, 1_090_000, 1_130_000]
        );
        assert!(statutory_year(2021).is_none());
        assert_eq!(statutory_year(2025).unwrap().cap(Component::Child), None);
    }
}
