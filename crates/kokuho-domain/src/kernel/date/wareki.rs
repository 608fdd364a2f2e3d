//! 和暦: 元号 (eras since 明治) and formatting dates the way notices print them.
//!
//! # Policies
//!
//! - **明治の始期 = 1868-01-25.** 明治 was proclaimed on 慶応4年9月8日 (1868-10-23) but applied
//!   retroactively from 慶応4年1月1日, which is 1868-01-25 in the Gregorian calendar. We follow
//!   that JIS X 0301-style convention (some libraries use 1868-10-23 instead).
//! - **Before 明治6年 (1873-01-01)** Japan used the lunisolar calendar. 和暦 dates in
//!   1868-01-25..1872-12-31 are the proleptic Gregorian days written with the 明治 era
//!   (e.g. 1868-01-25 = 明治元年1月25日), not the historical lunisolar dates.
//! - **Before 明治** there is no supported era: formatting falls back to 西暦
//!   (「1867年12月31日」, short 「1867.12.31」), which [`super::parse_date`] reads back. We chose
//!   a fallback over an error because nobody in the register is born before 1868 and a total
//!   formatter is simpler for every notice and screen.
//! - **元年**: year 1 of an era is written 「元年」 in the long form and `1` in the short form
//!   (「令和元年5月1日」, 「R1.05.01」).

use std::fmt;

use super::Date;

/// 元号: the Japanese eras from 明治 on, in chronological order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Era {
    /// 明治 (M), from 1868-01-25 (see the module policy).
    Meiji,
    /// 大正 (T), from 1912-07-30.
    Taisho,
    /// 昭和 (S), from 1926-12-25.
    Showa,
    /// 平成 (H), from 1989-01-08.
    Heisei,
    /// 令和 (R), from 2019-05-01.
    Reiwa,
}

impl Era {
    /// All eras, oldest first.
    pub const ALL: [Era; 5] = [Era::Meiji, Era::Taisho, Era::Showa, Era::Heisei, Era::Reiwa];

    /// 始期: the first day of the era.
    pub const fn start(self) -> Date {
        match self {
            Era::Meiji => Date::constant(1868, 1, 25),
            Era::Taisho => Date::constant(1912, 7, 30),
            Era::Showa => Date::constant(1926, 12, 25),
            Era::Heisei => Date::constant(1989, 1, 8),
            Era::Reiwa => Date::constant(2019, 5, 1),
        }
    }

    /// The era after this one, if any.
    pub const fn next(self) -> Option<Era> {
        match self {
            Era::Meiji => Some(Era::Taisho),
            Era::Taisho => Some(Era::Showa),
            Era::Showa => Some(Era::Heisei),
            Era::Heisei => Some(Era::Reiwa),
            Era::Reiwa => None,
        }
    }

    /// 終期: the last day of the era; `None` for the current era.
    pub fn end(self) -> Option<Date> {
        self.next().map(|next| super::civil::previous_day(next.start()))
    }

    /// 元号名: 「明治」「大正」「昭和」「平成」「令和」.
    pub const fn name(self) -> &'static str {
        match self {
            Era::Meiji => "明治",
            Era::Taisho => "大正",
            Era::Showa => "昭和",
            Era::Heisei => "平成",
            Era::Reiwa => "令和",
        }
    }

    /// 略号: the one-letter abbreviation M, T, S, H, R.
    pub const fn abbreviation(self) -> char {
        match self {
            Era::Meiji => 'M',
            Era::Taisho => 'T',
            Era::Showa => 'S',
            Era::Heisei => 'H',
            Era::Reiwa => 'R',
        }
    }

    /// The era whose letter is `letter` (case-insensitive).
    pub fn from_abbreviation(letter: char) -> Option<Era> {
        Era::ALL
            .into_iter()
            .find(|era| era.abbreviation() == letter.to_ascii_uppercase())
    }

    /// The era in effect on `date`; `None` before 明治.
    pub fn of(date: Date) -> Option<Era> {
        Era::ALL.into_iter().rev().find(|era| era.start() <= date)
    }

    /// The 西暦 year of this era's 元年.
    pub fn first_year(self) -> i32 {
        i32::from(self.start().year())
    }
}

impl fmt::Display for Era {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// 和暦日付: a date as era, era year, month and day.
///
/// `Display` gives the long form 「令和8年4月1日」 / 「令和元年5月1日」.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WarekiDate {
    /// 元号.
    pub era: Era,
    /// 年 within the era (1 = 元年).
    pub year: i32,
    /// 月 (1..=12).
    pub month: i8,
    /// 日 (1..=31).
    pub day: i8,
}

impl WarekiDate {
    /// The short form 「R8.04.01」 (元年 → 「R1.05.01」).
    pub fn short(&self) -> String {
        format!(
            "{}{}.{:02}.{:02}",
            self.era.abbreviation(),
            self.year,
            self.month,
            self.day
        )
    }
}

impl fmt::Display for WarekiDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.era)?;
        if self.year == 1 {
            f.write_str("元")?;
        } else {
            write!(f, "{}", self.year)?;
        }
        write!(f, "年{}月{}日", self.month, self.day)
    }
}

/// The 和暦 of `date`; `None` before 明治 (1868-01-25).
pub fn to_wareki(date: Date) -> Option<WarekiDate> {
    let era = Era::of(date)?;
    Some(WarekiDate {
        era,
        year: i32::from(date.year()) - era.first_year() + 1,
        month: date.month(),
        day: date.day(),
    })
}

/// The 和暦 year that names the whole calendar year `year`: the era in effect on 12月31日.
///
/// This is how a year straddling a change of era is labelled in 年度 names: 2019 is 令和元年
/// (so FY2019 is 「令和元年度」), 1989 is 平成元年. `None` before 明治.
pub fn wareki_year(year: i32) -> Option<(Era, i32)> {
    let dec31 = super::civil::date_saturating(year, 12, 31);
    let era = Era::of(dec31)?;
    Some((era, year - era.first_year() + 1))
}

/// The 和暦 era-year label for a calendar year: 「令和8年」「令和元年」, or 「1867年」 before 明治.
pub(crate) fn year_label(year: i32) -> String {
    match wareki_year(year) {
        Some((era, 1)) => format!("{era}元年"),
        Some((era, n)) => format!("{era}{n}年"),
        None => format!("{year}年"),
    }
}

/// 年度 in 和暦: 「令和7年度」, 「令和元年度」 (FY2019), 「1867年度」 before 明治. Every screen and
/// explanation names a fiscal year through this.
pub fn fiscal_year_label(year: i32) -> String {
    format!("{}度", year_label(year))
}

/// 和暦 long form: 「令和8年4月1日」, 「令和元年5月1日」; 西暦 「1867年12月31日」 before 明治.
pub fn format_wareki(date: Date) -> String {
    match to_wareki(date) {
        Some(w) => w.to_string(),
        None => format!("{}年{}月{}日", date.year(), date.month(), date.day()),
    }
}

/// 和暦 short form: 「R8.04.01」, 「R1.05.01」; 西暦 「1867.12.31」 before 明治.
pub fn format_wareki_short(date: Date) -> String {
    match to_wareki(date) {
        Some(w) => w.short(),
        None => format!("{:04}.{:02}.{:02}", date.year(), date.month(), date.day()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn era_boundaries() {
        // (last day of the old era, first day of the new era, expected long forms)
        let table = [
            (
                date(1912, 7, 29),
                "明治45年7月29日",
                date(1912, 7, 30),
                "大正元年7月30日",
            ),
            (
                date(1926, 12, 24),
                "大正15年12月24日",
                date(1926, 12, 25),
                "昭和元年12月25日",
            ),
            (date(1989, 1, 7), "昭和64年1月7日", date(1989, 1, 8), "平成元年1月8日"),
            (date(2019, 4, 30), "平成31年4月30日", date(2019, 5, 1), "令和元年5月1日"),
        ];
        for (last, last_text, first, first_text) in table {
            assert_eq!(format_wareki(last), last_text);
            assert_eq!(format_wareki(first), first_text);
        }
    }

    #[test]
    fn long_and_short_forms() {
        let table = [
            (date(2026, 4, 1), "令和8年4月1日", "R8.04.01"),
            (date(2019, 5, 1), "令和元年5月1日", "R1.05.01"),
            (date(2019, 12, 31), "令和元年12月31日", "R1.12.31"),
            (date(2020, 1, 1), "令和2年1月1日", "R2.01.01"),
            (date(2028, 2, 29), "令和10年2月29日", "R10.02.29"),
            (date(1951, 4, 1), "昭和26年4月1日", "S26.04.01"),
            (date(2000, 2, 29), "平成12年2月29日", "H12.02.29"),
            (date(1920, 11, 3), "大正9年11月3日", "T9.11.03"),
            (date(1868, 1, 25), "明治元年1月25日", "M1.01.25"),
            (date(1873, 1, 1), "明治6年1月1日", "M6.01.01"),
        ];
        for (d, long, short) in table {
            assert_eq!(format_wareki(d), long, "{d}");
            assert_eq!(format_wareki_short(d), short, "{d}");
        }
    }

    #[test]
    fn before_meiji_falls_back_to_western() {
        assert_eq!(to_wareki(date(1868, 1, 24)), None);
        assert_eq!(format_wareki(date(1868, 1, 24)), "1868年1月24日");
        assert_eq!(format_wareki_short(date(1867, 12, 31)), "1867.12.31");
        assert_eq!(format_wareki(date(5, 3, 9)), "5年3月9日");
    }

    #[test]
    fn era_metadata() {
        assert_eq!(Era::Reiwa.name(), "令和");
        assert_eq!(Era::Showa.abbreviation(), 'S');
        assert_eq!(Era::from_abbreviation('h'), Some(Era::Heisei));
        assert_eq!(Era::from_abbreviation('X'), None);
        assert_eq!(Era::Heisei.end(), Some(date(2019, 4, 30)));
        assert_eq!(Era::Meiji.end(), Some(date(1912, 7, 29)));
        assert_eq!(Era::Reiwa.end(), None);
        assert_eq!(Era::of(date(1989, 1, 7)), Some(Era::Showa));
        assert_eq!(Era::of(Date::MAX), Some(Era::Reiwa));
        assert_eq!(Era::of(Date::MIN), None);
        assert_eq!(Era::Reiwa.to_string(), "令和");
    }

    #[test]
    fn calendar_year_labels() {
        assert_eq!(wareki_year(2019), Some((Era::Reiwa, 1)));
        assert_eq!(wareki_year(1989), Some((Era::Heisei, 1)));
        assert_eq!(wareki_year(1988), Some((Era::Showa, 63)));
        assert_eq!(wareki_year(1926), Some((Era::Showa, 1)));
        assert_eq!(wareki_year(2026), Some((Era::Reiwa, 8)));
        assert_eq!(wareki_year(1867), None);
        assert_eq!(year_label(2019), "令和元年");
        assert_eq!(year_label(2026), "令和8年");
        assert_eq!(year_label(1867), "1867年");
    }
}
