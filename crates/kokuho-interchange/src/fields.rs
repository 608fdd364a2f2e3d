//! Field readers shared by the layouts. Each returns a Japanese message on error that never
//! echoes the value (see `error.rs`).

use kokuho_domain::Date;
use kokuho_domain::kernel::date::DateError;

/// The one place dates are read from files. Accepts what `kokuho_domain::kernel::date::parse_date`
/// accepts: ISO `2026-04-01`, `2026/4/1`, `20260401` and 和暦 (`令和8年4月1日`, `R8.4.1`).
pub(crate) fn date(value: &str) -> Result<Date, String> {
    kokuho_domain::kernel::date::parse_date(value).map_err(|e| date_message(&e))
}

/// An optional date: empty is `None`.
pub(crate) fn optional_date(value: &str) -> Result<Option<Date>, String> {
    if value.is_empty() {
        Ok(None)
    } else {
        date(value).map(Some)
    }
}

fn date_message(e: &DateError) -> String {
    match e {
        DateError::Empty => "日付が入力されていません".to_owned(),
        DateError::Unrecognized { .. } => {
            "日付の形式を認識できません（例: 2026-04-01、20260401、令和8年4月1日、R8.4.1）".to_owned()
        }
        DateError::OutsideEra { .. } => {
            "元号の範囲外の日付です（例: 平成31年5月1日は令和元年5月1日と書きます）".to_owned()
        }
        _ => "日付が不正です".to_owned(),
    }
}

/// 1/0 flags: `1` `○` `◯` are true; `0` and empty are false.
pub(crate) fn flag(value: &str) -> Result<bool, String> {
    match value {
        "1" | "○" | "◯" => Ok(true),
        "0" | "" => Ok(false),
        _ => Err("1（○）または0（空欄）で指定してください".to_owned()),
    }
}

/// An amount in yen: ASCII digits with an optional leading `-`; thousands separators are allowed
/// only as correct groups of three (`"1,234,567"`, which CSV requires to be quoted). Empty is 0.
pub(crate) fn amount(value: &str) -> Result<i64, String> {
    if value.is_empty() {
        return Ok(0);
    }
    let (negative, body) = match value.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, value),
    };
    let groups: Vec<&str> = body.split(',').collect();
    let shape_ok = match groups.split_first() {
        Some((first, rest)) => {
            let digits = |g: &&str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
            digits(first)
                && rest.iter().all(digits)
                && (rest.is_empty() || (first.len() <= 3 && rest.iter().all(|g| g.len() == 3)))
        }
        None => false,
    };
    if !shape_ok {
        return Err("金額は半角数字の整数（円）で指定してください（例: 1234567、\"1,234,567\"、-50000）".to_owned());
    }
    let mut total: i64 = 0;
    for b in body.bytes().filter(u8::is_ascii_digit) {
        total = total
            .checked_mul(10)
            .and_then(|t| t.checked_add(i64::from(b - b'0')))
            .ok_or_else(|| "金額が大きすぎます".to_owned())?;
    }
    Ok(if negative { -total } else { total })
}

/// 1-based character position of the first control or invisible formatting character, if any.
///
/// Rejected in every field: they cannot be typed on purpose, break printing, and make two
/// visually equal names different.
pub(crate) fn invisible_position(value: &str) -> Option<usize> {
    value
        .chars()
        .position(|c| {
            c.is_control()
                || matches!(
                    c,
                    '\u{200B}'..='\u{200F}'
                        | '\u{2028}'..='\u{202E}'
                        | '\u{2060}'..='\u{2064}'
                        | '\u{FEFF}'
                        | '\u{FFFD}'
                )
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts() {
        assert_eq!(amount(""), Ok(0));
        assert_eq!(amount("0"), Ok(0));
        assert_eq!(amount("1234567"), Ok(1_234_567));
        assert_eq!(amount("1,234,567"), Ok(1_234_567));
        assert_eq!(amount("-50,000"), Ok(-50_000));
        assert_eq!(amount("9223372036854775807"), Ok(i64::MAX));
        for bad in [
            "12,34",
            "1,2345",
            ",123",
            "1,",
            "+1",
            "1.5",
            "１２",
            "1 000",
            "-",
            "--1",
            "1234,567",
            "9223372036854775808",
        ] {
            assert!(amount(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn flags() {
        assert_eq!(flag("1"), Ok(true));
        assert_eq!(flag("○"), Ok(true));
        assert_eq!(flag(""), Ok(false));
        assert_eq!(flag("0"), Ok(false));
        assert!(flag("2").is_err());
        assert!(flag("はい").is_err());
    }

    #[test]
    fn dates_accept_iso_compact_and_wareki() {
        let d = Date::new(2026, 4, 1).unwrap();
        for s in ["2026-04-01", "2026/4/1", "20260401", "令和8年4月1日", "R8.4.1"] {
            assert_eq!(date(s), Ok(d), "{s}");
        }
        assert_eq!(date("2026-02-30"), Err("日付が不正です".to_owned()));
        assert!(date("yesterday").unwrap_err().contains("形式"));
        assert_eq!(optional_date(""), Ok(None));
    }

    #[test]
    fn invisible_characters() {
        assert_eq!(invisible_position("山田\t太郎"), Some(3));
        assert_eq!(invisible_position("山田\u{200B}"), Some(3));
        assert_eq!(invisible_position("髙橋 朗 𠮷"), None);
    }
}
