//! 全角数字: staff type digits in full width as often as in ASCII; every reader folds them here.

/// The ASCII digit of an ASCII or full-width digit (「７」 → '7'); `None` for anything else.
pub fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '\u{FF10}'..='\u{FF19}' => char::from_u32(u32::from(c) - 0xFF10 + u32::from(b'0')),
        _ => None,
    }
}

/// A full-width digit as its ASCII digit; every other character unchanged.
pub fn fold_digit(c: char) -> char {
    ascii_digit(c).unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_digits_fold_and_nothing_else_does() {
        assert_eq!(ascii_digit('０'), Some('0'));
        assert_eq!(ascii_digit('９'), Some('9'));
        assert_eq!(ascii_digit('5'), Some('5'));
        assert_eq!(ascii_digit('Ａ'), None);
        assert_eq!(ascii_digit('〇'), None);
        assert_eq!(fold_digit('７'), '7');
        assert_eq!(fold_digit('，'), '，');
    }
}
