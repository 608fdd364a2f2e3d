//! 国民の祝日 and 行政機関の休日: the days a city office is closed.
//!
//! The rules of 国民の祝日に関する法律 as amended up to 2018 (法律第57号: 天皇誕生日 2/23 from
//! 2020, the moved holidays of 2020 and 2021 under the 東京オリンピック特措法), with 振替休日 (a
//! holiday on a Sunday moves to the next day that is not a holiday) and 国民の休日 (a day between
//! two holidays). 春分の日・秋分の日 are fixed each February by the 国立天文台's 暦要項; the
//! usual formula reproduces every published date from 1980 to 2099 and is used for the years not
//! yet published. 行政機関の休日に関する法律 closes offices on Saturdays, Sundays, these holidays
//! and 12月29日〜1月3日. [公] 内閣府「国民の祝日について」.
//!
//! Years before 2000 are outside what the system needs (audit records start with the system)
//! and are answered with the post-2000 rules.

use jiff::civil::{Date, Weekday};

/// The holiday's name on `date`, if it is a 国民の祝日, 振替休日 or 国民の休日.
pub fn holiday_name(date: Date) -> Option<&'static str> {
    if let Some(name) = named_holiday(date) {
        return Some(name);
    }
    if is_substitute(date) {
        return Some("振替休日");
    }
    // 国民の休日: a weekday (not Sunday) between two 祝日.
    let between = date.yesterday().ok().and_then(named_holiday).is_some()
        && date.tomorrow().ok().and_then(named_holiday).is_some();
    (between && date.weekday() != Weekday::Sunday).then_some("国民の休日")
}

/// Whether `date` is a 国民の祝日, 振替休日 or 国民の休日.
pub fn is_public_holiday(date: Date) -> bool {
    holiday_name(date).is_some()
}

/// Whether a city office is closed on `date` (行政機関の休日): Saturday, Sunday, a public
/// holiday, or 12月29日〜1月3日.
pub fn is_office_closed(date: Date) -> bool {
    matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
        || (date.month() == 12 && date.day() >= 29)
        || (date.month() == 1 && date.day() <= 3)
        || is_public_holiday(date)
}

/// 振替休日: the day after a run of holidays that began or passed through a Sunday.
fn is_substitute(date: Date) -> bool {
    let mut day = date;
    loop {
        let Ok(before) = day.yesterday() else { return false };
        if named_holiday(before).is_none() {
            return false;
        }
        if before.weekday() == Weekday::Sunday {
            return named_holiday(date).is_none();
        }
        day = before;
    }
}

/// The 祝日 fixed by the law for `date` (without 振替休日 and 国民の休日).
fn named_holiday(date: Date) -> Option<&'static str> {
    let (y, m, d) = (i32::from(date.year()), date.month(), date.day());
    let monday = |nth: i8| date.weekday() == Weekday::Monday && (d - 1) / 7 + 1 == nth;
    let name = match (m, d) {
        (1, 1) => "元日",
        (1, _) if monday(2) => "成人の日",
        (2, 11) => "建国記念の日",
        (2, 23) if y >= 2020 => "天皇誕生日",
        (12, 23) if (1989..=2018).contains(&y) => "天皇誕生日",
        (3, _) if d == equinox_day(y, VERNAL) => "春分の日",
        (4, 29) => "昭和の日",
        (5, 3) => "憲法記念日",
        (5, 4) => "みどりの日",
        (5, 5) => "こどもの日",
        (5, 1) if y == 2019 => "天皇の即位の日",
        (10, 22) if y == 2019 => "即位礼正殿の儀の行われる日",
        (9, _) if d == equinox_day(y, AUTUMNAL) => "秋分の日",
        (11, 3) => "文化の日",
        (11, 23) => "勤労感謝の日",
        _ => return moved_holiday(y, m, d, monday(2), monday(3)),
    };
    Some(name)
}

/// 海の日・山の日・スポーツの日, moved in 2020 and 2021 for the Olympic Games.
fn moved_holiday(y: i32, m: i8, d: i8, second_monday: bool, third_monday: bool) -> Option<&'static str> {
    match (y, m, d) {
        (2020, 7, 23) | (2021, 7, 22) => Some("海の日"),
        (2020, 7, 24) | (2021, 7, 23) => Some("スポーツの日"),
        (2020, 8, 10) | (2021, 8, 8) => Some("山の日"),
        (2020 | 2021, ..) => None,
        (_, 7, _) if third_monday => Some("海の日"),
        (_, 8, 11) if y >= 2016 => Some("山の日"),
        (_, 9, _) if third_monday => Some("敬老の日"),
        (_, 10, _) if second_monday => Some(if y >= 2020 {
            "スポーツの日"
        } else {
            "体育の日"
        }),
        _ => None,
    }
}

/// 春分 and 秋分 constants of the formula, in millionths of a day.
const VERNAL: i64 = 20_843_100;
const AUTUMNAL: i64 = 23_248_800;

/// The day of March (春分) or September (秋分) for `year` (1980–2099): ⌊c + 0.242194 (y − 1980)
/// − ⌊(y − 1980) / 4⌋⌋, in integer millionths.
fn equinox_day(year: i32, constant: i64) -> i8 {
    let n = i64::from(year) - 1980;
    let day = (constant + 242_194 * n - 1_000_000 * n.div_euclid(4)).div_euclid(1_000_000);
    i8::try_from(day).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    /// Every 祝日・休日 of 2025 and 2026 as published by 内閣府.
    #[test]
    fn the_published_holidays_of_2025_and_2026() {
        let published = [
            (2025, 1, 1),
            (2025, 1, 13),
            (2025, 2, 11),
            (2025, 2, 23),
            (2025, 2, 24),
            (2025, 3, 20),
            (2025, 4, 29),
            (2025, 5, 3),
            (2025, 5, 4),
            (2025, 5, 5),
            (2025, 5, 6),
            (2025, 7, 21),
            (2025, 8, 11),
            (2025, 9, 15),
            (2025, 9, 23),
            (2025, 10, 13),
            (2025, 11, 3),
            (2025, 11, 23),
            (2025, 11, 24),
            (2026, 1, 1),
            (2026, 1, 12),
            (2026, 2, 11),
            (2026, 2, 23),
            (2026, 3, 20),
            (2026, 4, 29),
            (2026, 5, 3),
            (2026, 5, 4),
            (2026, 5, 5),
            (2026, 5, 6),
            (2026, 7, 20),
            (2026, 8, 11),
            (2026, 9, 21),
            (2026, 9, 22),
            (2026, 9, 23),
            (2026, 10, 12),
            (2026, 11, 3),
            (2026, 11, 23),
        ];
        for year in [2025i16, 2026] {
            let mut d = date(year, 1, 1);
            while d.year() == year {
                let expected = published.contains(&(i32::from(year), d.month(), d.day()));
                assert_eq!(is_public_holiday(d), expected, "{d} {:?}", holiday_name(d));
                d = d.tomorrow().unwrap();
            }
        }
    }

    #[test]
    fn names_substitutes_and_the_day_between() {
        assert_eq!(holiday_name(date(2025, 5, 6)), Some("振替休日")); // こどもの日 is Monday; 5/4 was Sunday
        assert_eq!(holiday_name(date(2026, 9, 22)), Some("国民の休日"));
        assert_eq!(holiday_name(date(2019, 4, 30)), Some("国民の休日"));
        assert_eq!(holiday_name(date(2019, 5, 1)), Some("天皇の即位の日"));
        assert_eq!(holiday_name(date(2020, 7, 24)), Some("スポーツの日"));
        assert_eq!(holiday_name(date(2020, 10, 12)), None);
        assert_eq!(holiday_name(date(2019, 10, 14)), Some("体育の日"));
        assert_eq!(holiday_name(date(2018, 12, 23)), Some("天皇誕生日"));
        assert_eq!(holiday_name(date(2019, 12, 23)), None);
        assert_eq!(holiday_name(date(2027, 3, 21)), Some("春分の日"));
        assert_eq!(holiday_name(date(2027, 3, 22)), Some("振替休日"));
    }

    #[test]
    fn equinoxes_match_the_almanac() {
        // 暦要項 / 理科年表: 春分 and 秋分 days.
        for (year, vernal, autumnal) in [
            (2000, 20, 23),
            (2012, 20, 22),
            (2016, 20, 22),
            (2023, 21, 23),
            (2024, 20, 22),
            (2025, 20, 23),
            (2026, 20, 23),
            (2044, 20, 22),
        ] {
            assert_eq!(equinox_day(year, VERNAL), vernal, "{year}");
            assert_eq!(equinox_day(year, AUTUMNAL), autumnal, "{year}");
        }
    }

    #[test]
    fn the_office_is_closed_at_weekends_holidays_and_new_year() {
        assert!(is_office_closed(date(2026, 12, 29)));
        assert!(is_office_closed(date(2027, 1, 3)));
        assert!(!is_office_closed(date(2027, 1, 4)));
        assert!(is_office_closed(date(2026, 12, 5))); // Saturday
        assert!(!is_office_closed(date(2026, 12, 4))); // Friday
        assert!(is_office_closed(date(2026, 11, 23)));
    }
}
