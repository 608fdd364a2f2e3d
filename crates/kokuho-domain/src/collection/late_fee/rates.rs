//! 延滞金の割合 by calendar year (rules.md §5.1): the table the calculator uses unless the input
//! gives a year's rates (`rates`).
//!
//! The law: 納期限の翌日から1月を経過する日までは年7.3%、その後は年14.6% (本則; 地方税法
//! 326条1項 and its siblings, which 国保料 条例 copy under 地方自治法231条の3第2項). Since 2000
//! the 特例 (地方税法附則3条の2) lowers them for each year whose 特例基準割合 is below 7.3%:
//! - 2000–2013: 1か月以内 = 特例基準割合 (商業手形の基準割引率 + 4%); 1か月経過後 14.6%.
//! - 2014–2020: 1か月以内 = min(特例基準割合 + 1%, 7.3%); 1か月経過後 = 特例基準割合 + 7.3%
//!   (特例基準割合 = 貸出約定平均金利 + 1%).
//! - 2021–: the same with the 延滞金特例基準割合 (= 平均貸付割合 + 1%).
//!
//! Each year's 割合 is published by the 財務大臣 by 30 November of the year before, so a year
//! after the table's last is unknown: the calculator refuses it (naming the year) rather than
//! guess, and the caller gives it in `rates`. Before 2000 the law itself gives the rates (no 特例
//! existed), so the table answers 7.3% / 14.6% for every year before 2000.
//!
//! Sources (tags as in rules.md):
//! - 1999以前 7.3/14.6, 2000–2013 (4.5, 4.1, 4.4, 4.7, 4.5, 4.3 / 14.6), 2014 2.9/9.2, 2015–2016
//!   2.8/9.1, 2017 2.7/9.0, 2018–2020 2.6/8.9, 2021 2.5/8.8, 2022– 2.4/8.7:
//!   [公] 岡崎市「延滞金について」https://www.city.okazaki.lg.jp/1100/1102/1125/p027659.html ;
//!   泉佐野市 FAQ https://www.city.izumisano.lg.jp/kakuka/somu/zeimu/faq/faq_nofu/q4.html ;
//!   本庄市（令和4年から令和7年 2.4/8.7）https://www.city.honjo.lg.jp/soshiki/soumu/syuunou/tantoujouhou/entaikin.html
//! - 2022–2026 with the 平均貸付割合 (0.4% to 2025, 0.8% in 2026): [公] rules.md §5.1 (米沢市、
//!   大府市、安曇野市); 2026 2.8/9.1: [公] 京都市 https://www.city.kyoto.lg.jp/gyozai/page/0000295058.html ;
//!   南陽市 http://www.city.nanyo.yamagata.jp/hokensiharai/1136

use crate::kernel::rate::Rate;

/// One year's rates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearRates {
    /// 納期限の翌日から1か月を経過する日まで.
    pub within_month: Rate,
    /// 1か月を経過した日以後.
    pub after_month: Rate,
}

/// 本則: 年7.3% / 年14.6%: the most the law allows in any year.
pub const STATUTORY: YearRates = YearRates {
    within_month: Rate::from_hundredths(730),
    after_month: Rate::from_hundredths(1460),
};

/// The first year of the 特例 (before it, [`STATUTORY`]).
const FIRST_SPECIAL_YEAR: i32 = 2000;

/// (first year, last year, 1か月以内, 1か月経過後) in hundredths of a percent, from 2000 on, without gaps.
const TABLE: &[(i32, i32, i64, i64)] = &[
    (2000, 2001, 450, 1460), // [公] 岡崎市・泉佐野市「平成12年・13年 4.5% / 14.6%」
    (2002, 2006, 410, 1460), // [公] 同「平成14年から18年 4.1%」
    (2007, 2007, 440, 1460), // [公] 同「平成19年 4.4%」
    (2008, 2008, 470, 1460), // [公] 同「平成20年 4.7%」
    (2009, 2009, 450, 1460), // [公] 同「平成21年 4.5%」
    (2010, 2013, 430, 1460), // [公] 同「平成22年から25年 4.3%」
    (2014, 2014, 290, 920),  // [公] 同「平成26年 2.9% / 9.2%」
    (2015, 2016, 280, 910),  // [公] 同「平成27年・28年 2.8% / 9.1%」
    (2017, 2017, 270, 900),  // [公] 同「平成29年 2.7% / 9.0%」
    (2018, 2020, 260, 890),  // [公] 同「平成30年から令和2年 2.6% / 8.9%」
    (2021, 2021, 250, 880),  // [公] 同「令和3年 2.5% / 8.8%」; rules.md §5.1
    (2022, 2025, 240, 870), // [公] 平均貸付割合 0.4%: rules.md §5.1 (米沢市・大府市・安曇野市), 本庄市「令和4年から令和7年」
    (2026, 2026, 280, 910), // [公] 平均貸付割合 0.8%: rules.md §5.1 (米沢市・南陽市・京都市・安曇野市)
];

/// The last year the table knows.
pub const LAST_KNOWN_YEAR: i32 = 2026;

/// The built-in rates of `year`, or `None` after [`LAST_KNOWN_YEAR`] (not yet published when this
/// table was written).
pub fn built_in(year: i32) -> Option<YearRates> {
    if year < FIRST_SPECIAL_YEAR {
        return Some(STATUTORY);
    }
    TABLE
        .iter()
        .find(|(from, to, _, _)| (*from..=*to).contains(&year))
        .map(|&(_, _, within, after)| YearRates {
            within_month: Rate::from_hundredths(within),
            after_month: Rate::from_hundredths(after),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_no_gap_and_ends_at_the_last_known_year() {
        let mut next = FIRST_SPECIAL_YEAR;
        for &(from, to, within, after) in TABLE {
            assert_eq!(from, next, "gap before {from}");
            assert!(from <= to);
            // The 特例 never exceeds the 本則, and 1か月以内 never exceeds 1か月経過後.
            assert!(within <= 730 && after <= 1460 && within <= after, "{from}");
            next = to + 1;
        }
        assert_eq!(next, LAST_KNOWN_YEAR + 1);
        assert_eq!(built_in(LAST_KNOWN_YEAR + 1), None);
        assert_eq!(built_in(1999), Some(STATUTORY));
    }

    #[test]
    fn the_years_of_rules_md() {
        let pct = |y: i32| built_in(y).map(|r| (r.within_month.decimal_text(), r.after_month.decimal_text()));
        let pair = |a: &str, b: &str| Some((a.to_owned(), b.to_owned()));
        assert_eq!(pct(2021), pair("2.5", "8.8"));
        for y in 2022..=2025 {
            assert_eq!(pct(y), pair("2.4", "8.7"), "{y}");
        }
        assert_eq!(pct(2026), pair("2.8", "9.1"));
        assert_eq!(pct(2016), pair("2.8", "9.1"));
        assert_eq!(pct(2017), pair("2.7", "9"));
        assert_eq!(pct(2013), pair("4.3", "14.6"));
    }
}
