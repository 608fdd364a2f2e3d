//! 日付の入力: reading dates typed into input fields, in 和暦 or 西暦.
//!
//! Accepted (after trimming, removing spaces and folding full-width characters to ASCII):
//!
//! | form | examples |
//! |---|---|
//! | 和暦 long | 「令和8年4月1日」「令和元年5月1日」「令8年4月1日」 |
//! | 和暦 short | 「R8.4.1」「R08.04.01」「r8/4/1」「H31-04-30」「R元.5.1」 |
//! | 和暦 compact | 「R080401」 (letter + YYMMDD) |
//! | 西暦 (only [`parse_date`]) | 「2026-04-01」「2026/4/1」「2026.4.1」「20260401」「2026年4月1日」 |
//!
//! A 和暦 date outside its era (「平成31年5月1日」, 「昭和64年1月8日」, 「明治元年1月1日」) is
//! **rejected** with the correct form in the message, never silently moved to the other era:
//! a wrong era is more often a typo than an intent.

use super::civil::days_in_month;
use super::error::echo;
use super::wareki::{Era, format_wareki};
use super::{Date, DateError};

/// Parses a 和暦 date in any of the forms above (long, short or compact).
///
/// # Errors
///
/// [`DateError::Empty`], [`DateError::Unrecognized`] (not a 和暦 form), [`DateError::Invalid`]
/// (no such day) or [`DateError::OutsideEra`] (the day belongs to another era).
pub fn parse_wareki(input: &str) -> Result<Date, DateError> {
    let chars = normalize(input);
    if chars.is_empty() {
        return Err(DateError::Empty);
    }
    match wareki_fields(&chars) {
        Some(fields) => resolve_wareki(input, fields),
        None => Err(DateError::Unrecognized { input: echo(input) }),
    }
}

/// Parses a date typed in an input field: any 和暦 form, or 西暦 (ISO `2026-04-01`, `2026/4/1`,
/// `2026.4.1`, `20260401`, 「2026年4月1日」).
///
/// # Errors
///
/// As [`parse_wareki`].
pub fn parse_date(input: &str) -> Result<Date, DateError> {
    let chars = normalize(input);
    if chars.is_empty() {
        return Err(DateError::Empty);
    }
    if let Some(fields) = wareki_fields(&chars) {
        return resolve_wareki(input, fields);
    }
    match western_fields(&chars) {
        Some((year, month, day)) => {
            checked_date(year, month, day).ok_or_else(|| DateError::Invalid { input: echo(input) })
        }
        None => Err(DateError::Unrecognized { input: echo(input) }),
    }
}

/// The numbers read from a 和暦 form, not yet checked against the calendar.
struct WarekiFields {
    era: Era,
    year: u32,
    month: u32,
    day: u32,
}

/// Turns parsed 和暦 fields into a date, enforcing that the day lies within the era.
fn resolve_wareki(input: &str, f: WarekiFields) -> Result<Date, DateError> {
    let invalid = || DateError::Invalid { input: echo(input) };
    let era_year = i32::try_from(f.year).map_err(|_| invalid())?;
    if era_year == 0 {
        return Err(invalid());
    }
    let year = f.era.first_year() + era_year - 1;
    let date = checked_date(year, f.month, f.day).ok_or_else(invalid)?;
    let before_start = date < f.era.start();
    let after_end = f.era.next().is_some_and(|next| date >= next.start());
    if before_start || after_end {
        return Err(DateError::OutsideEra {
            input: echo(input),
            correct: format_wareki(date),
        });
    }
    Ok(date)
}

/// The date `year-month-day` if it exists (years 1..=9999).
fn checked_date(year: i32, month: u32, day: u32) -> Option<Date> {
    let year = i16::try_from(year).ok().filter(|y| (1..=9999).contains(y))?;
    let month = i8::try_from(month).ok().filter(|m| (1..=12).contains(m))?;
    let day = i8::try_from(day).ok()?;
    if day < 1 || day > days_in_month(i32::from(year), month) {
        return None;
    }
    Date::new(year, month, day).ok()
}

/// Folds full-width ASCII (digits, letters, 「．／－」) and the ideographic space to ASCII and
/// drops all whitespace, so that 「令和８年　４月１日」 reads like 「令和8年4月1日」.
fn normalize(input: &str) -> Vec<char> {
    input
        .chars()
        .map(|c| match u32::from(c) {
            0xFF01..=0xFF5E => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            0x3000 => ' ',
            _ => c,
        })
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Era names accepted in the long form, full names before one-kanji abbreviations.
const ERA_NAMES: [(&str, Era); 10] = [
    ("明治", Era::Meiji),
    ("大正", Era::Taisho),
    ("昭和", Era::Showa),
    ("平成", Era::Heisei),
    ("令和", Era::Reiwa),
    ("明", Era::Meiji),
    ("大", Era::Taisho),
    ("昭", Era::Showa),
    ("平", Era::Heisei),
    ("令", Era::Reiwa),
];

/// Reads the 和暦 forms; `None` if the input is not shaped like one.
fn wareki_fields(chars: &[char]) -> Option<WarekiFields> {
    let mut c = Cursor::new(chars);
    if let Some(era) = ERA_NAMES
        .into_iter()
        .find_map(|(name, era)| c.eat_str(name).then_some(era))
    {
        let year = if c.eat('元') { 1 } else { c.digits(4)?.0 };
        let (month, day) = c.month_day_kanji()?;
        return Some(WarekiFields { era, year, month, day });
    }
    let era = c
        .bump()
        .filter(char::is_ascii_alphabetic)
        .and_then(Era::from_abbreviation)?;
    if c.eat('元') {
        let (month, day) = c.month_day_separated()?;
        return Some(WarekiFields {
            era,
            year: 1,
            month,
            day,
        });
    }
    let (number, count) = c.digits(6)?;
    if count == 6 && c.done() {
        // R080401: YYMMDD, as in many fixed-width files.
        return Some(WarekiFields {
            era,
            year: number / 10_000,
            month: number / 100 % 100,
            day: number % 100,
        });
    }
    if count > 4 {
        return None;
    }
    let (month, day) = c.month_day_separated()?;
    Some(WarekiFields {
        era,
        year: number,
        month,
        day,
    })
}

/// Reads the 西暦 forms; `None` if the input is not shaped like one.
fn western_fields(chars: &[char]) -> Option<(i32, u32, u32)> {
    let mut c = Cursor::new(chars);
    let (number, count) = c.digits(8)?;
    if count == 8 && c.done() {
        let year = i32::try_from(number / 10_000).ok()?;
        return Some((year, number / 100 % 100, number % 100));
    }
    if count > 4 {
        return None;
    }
    let year = i32::try_from(number).ok()?;
    if c.peek() == Some('年') {
        let (month, day) = c.month_day_kanji()?;
        return Some((year, month, day));
    }
    // Separated 西暦 needs all four digits, so that 「26/4/1」 is not read as year 26.
    if count != 4 {
        return None;
    }
    let (month, day) = c.month_day_separated()?;
    Some((year, month, day))
}

/// A read position over normalized characters.
struct Cursor<'a> {
    chars: &'a [char],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(chars: &'a [char]) -> Self {
        Cursor { chars, pos: 0 }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        Some(c)
    }

    fn done(&self) -> bool {
        self.pos >= self.chars.len()
    }

    fn eat(&mut self, expected: char) -> bool {
        if self.peek() == Some(expected) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Consumes `s` if the input continues with it; otherwise consumes nothing.
    fn eat_str(&mut self, s: &str) -> bool {
        let start = self.pos;
        for expected in s.chars() {
            if !self.eat(expected) {
                self.pos = start;
                return false;
            }
        }
        true
    }

    /// Reads 1..=`max` ASCII digits: (value, digit count). `None` if there is no digit or more
    /// than `max` of them.
    fn digits(&mut self, max: usize) -> Option<(u32, usize)> {
        let mut value: u32 = 0;
        let mut count = 0;
        while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            count += 1;
            if count > max {
                return None;
            }
            value = value.checked_mul(10)?.checked_add(d)?;
            self.pos += 1;
        }
        (count > 0).then_some((value, count))
    }

    /// 「年M月D日」 to the end of the input.
    fn month_day_kanji(&mut self) -> Option<(u32, u32)> {
        if !self.eat('年') {
            return None;
        }
        let month = self.digits(2)?.0;
        if !self.eat('月') {
            return None;
        }
        let day = self.digits(2)?.0;
        (self.eat('日') && self.done()).then_some((month, day))
    }

    /// 「.M.D」 (or with `/` or `-`, the same separator twice) to the end of the input.
    fn month_day_separated(&mut self) -> Option<(u32, u32)> {
        let sep = self.bump().filter(|c| matches!(c, '.' | '/' | '-'))?;
        let month = self.digits(2)?.0;
        if !self.eat(sep) {
            return None;
        }
        let day = self.digits(2)?.0;
        self.done().then_some((month, day))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::date::format_wareki_short;
    use jiff::civil::date;
    use proptest::prelude::*;

    #[test]
    fn accepted_wareki_forms() {
        let table = [
            ("令和8年4月1日", date(2026, 4, 1)),
            ("令和元年5月1日", date(2019, 5, 1)),
            ("令和1年5月1日", date(2019, 5, 1)),
            ("R8.4.1", date(2026, 4, 1)),
            ("R08.04.01", date(2026, 4, 1)),
            ("r8.4.1", date(2026, 4, 1)),
            ("R8/4/1", date(2026, 4, 1)),
            ("R8-4-1", date(2026, 4, 1)),
            ("R1.05.01", date(2019, 5, 1)),
            ("R元.5.1", date(2019, 5, 1)),
            ("R080401", date(2026, 4, 1)),
            ("令和８年４月１日", date(2026, 4, 1)),
            ("Ｒ８．４．１", date(2026, 4, 1)),
            ("  令和8年 4月 1日\u{3000}", date(2026, 4, 1)),
            ("令8年4月1日", date(2026, 4, 1)),
            ("平成31年4月30日", date(2019, 4, 30)),
            ("H31.4.30", date(2019, 4, 30)),
            ("昭和64年1月7日", date(1989, 1, 7)),
            ("平成元年1月8日", date(1989, 1, 8)),
            ("S26.4.1", date(1951, 4, 1)),
            ("大正元年7月30日", date(1912, 7, 30)),
            ("明治45年7月29日", date(1912, 7, 29)),
            ("明治元年1月25日", date(1868, 1, 25)),
            ("M6.1.1", date(1873, 1, 1)),
            ("令和10年2月29日", date(2028, 2, 29)),
        ];
        for (input, expected) in table {
            assert_eq!(parse_wareki(input), Ok(expected), "{input}");
            assert_eq!(parse_date(input), Ok(expected), "{input}");
        }
    }

    #[test]
    fn accepted_western_forms() {
        let table = [
            ("2026-04-01", date(2026, 4, 1)),
            ("2026-4-1", date(2026, 4, 1)),
            ("2026/4/1", date(2026, 4, 1)),
            ("2026/04/01", date(2026, 4, 1)),
            ("2026.04.01", date(2026, 4, 1)),
            ("20260401", date(2026, 4, 1)),
            ("２０２６－０４－０１", date(2026, 4, 1)),
            ("2026年4月1日", date(2026, 4, 1)),
            ("1867年12月31日", date(1867, 12, 31)),
            ("1867.12.31", date(1867, 12, 31)),
            ("20240229", date(2024, 2, 29)),
        ];
        for (input, expected) in table {
            assert_eq!(parse_date(input), Ok(expected), "{input}");
        }
    }

    #[test]
    fn western_is_not_wareki() {
        assert_eq!(
            parse_wareki("2026-04-01"),
            Err(DateError::Unrecognized {
                input: "2026-04-01".into()
            })
        );
    }

    #[test]
    fn out_of_era_is_rejected_naming_the_correct_form() {
        let table = [
            ("平成31年5月1日", "平成31年5月1日は存在しません（令和元年5月1日）"),
            ("H31.5.1", "H31.5.1は存在しません（令和元年5月1日）"),
            ("昭和64年1月8日", "昭和64年1月8日は存在しません（平成元年1月8日）"),
            ("令和元年4月30日", "令和元年4月30日は存在しません（平成31年4月30日）"),
            ("平成元年1月7日", "平成元年1月7日は存在しません（昭和64年1月7日）"),
            ("大正15年12月25日", "大正15年12月25日は存在しません（昭和元年12月25日）"),
            ("明治45年7月30日", "明治45年7月30日は存在しません（大正元年7月30日）"),
            ("昭和100年1月1日", "昭和100年1月1日は存在しません（令和7年1月1日）"),
            ("明治元年1月24日", "明治元年1月24日は存在しません（1868年1月24日）"),
        ];
        for (input, message) in table {
            let err = parse_wareki(input).unwrap_err();
            assert!(matches!(err, DateError::OutsideEra { .. }), "{input}");
            assert_eq!(err.to_string(), message);
        }
    }

    #[test]
    fn invalid_days_are_rejected() {
        for input in [
            "令和8年2月30日",
            "令和7年2月29日",
            "令和8年13月1日",
            "令和8年4月0日",
            "令和0年4月1日",
            "R8.4.31",
            "R8.0.1",
            "2026-02-29",
            "2026/13/01",
            "20260431",
            "0000-01-01",
        ] {
            assert_eq!(
                parse_date(input),
                Err(DateError::Invalid { input: input.into() }),
                "{input}"
            );
        }
        assert_eq!(
            parse_date("令和8年2月30日").unwrap_err().to_string(),
            "日付が不正です: 令和8年2月30日"
        );
    }

    #[test]
    fn unrecognized_forms_are_rejected() {
        for input in [
            "令和",
            "令和8年4月",
            "令和8年4月1",
            "令和8年4月1日です",
            "X8.4.1",
            "R8.4/1",
            "R8..1",
            "R80401",
            "R12345.4.1",
            "26/4/1",
            "2026-04",
            "202604011",
            "april 1st",
            "R99999999999999999999.1.1",
        ] {
            assert!(
                matches!(parse_date(input), Err(DateError::Unrecognized { .. })),
                "{input}: {:?}",
                parse_date(input)
            );
        }
        assert_eq!(parse_date("   "), Err(DateError::Empty));
        assert_eq!(parse_wareki("\u{3000}"), Err(DateError::Empty));
    }

    fn arb_date(from: Date) -> impl Strategy<Value = Date> {
        let days = from.until(date(9999, 12, 31)).unwrap().get_days();
        (0..=days).prop_map(move |n| from.checked_add(jiff::Span::new().days(n)).unwrap())
    }

    proptest! {
        #[test]
        fn long_wareki_round_trips(d in arb_date(date(1873, 1, 1))) {
            prop_assert_eq!(parse_wareki(&format_wareki(d)), Ok(d));
        }

        #[test]
        fn short_wareki_round_trips(d in arb_date(date(1873, 1, 1))) {
            prop_assert_eq!(parse_wareki(&format_wareki_short(d)), Ok(d));
        }

        #[test]
        fn every_formatted_date_is_readable(d in arb_date(date(1, 1, 1))) {
            prop_assert_eq!(parse_date(&format_wareki(d)), Ok(d));
            prop_assert_eq!(parse_date(&format_wareki_short(d)), Ok(d));
        }

        #[test]
        fn parsing_never_panics(s in "\\PC{0,30}") {
            let _ = parse_date(&s);
        }
    }
}
