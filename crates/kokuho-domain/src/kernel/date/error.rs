//! 日付エラー: errors of the date kernel, with messages staff can read.

/// 日付エラー: why a date, year-month or fiscal year was rejected.
///
/// Each message names the offending input as typed (shortened if very long) so that a clerk can
/// see what to correct.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// 未入力: the input is empty or only spaces.
    #[error("日付が入力されていません")]
    Empty,

    /// 形式不明: the input matches none of the accepted date forms.
    #[error("日付の形式を認識できません: {input}（例: 令和8年4月1日、R8.4.1、2026-04-01、20260401）")]
    Unrecognized {
        /// The input as typed.
        input: String,
    },

    /// 日付不正: well-formed, but no such day (e.g. 2月30日, 13月, 令和0年).
    #[error("日付が不正です: {input}")]
    Invalid {
        /// The input as typed.
        input: String,
    },

    /// 元号の範囲外: a 和暦 date outside its era, e.g. 平成31年5月1日 (= 令和元年5月1日).
    ///
    /// Rejected rather than silently converted, so that a typo in the era is noticed.
    #[error("{input}は存在しません（{correct}）")]
    OutsideEra {
        /// The input as typed.
        input: String,
        /// The same day written correctly (和暦, or 西暦 before 明治).
        correct: String,
    },

    /// 年月不正: not a valid year-month such as `2026-04`.
    #[error("年月が不正です: {input}（例: 2026-04）")]
    InvalidYearMonth {
        /// The input as given.
        input: String,
    },

    /// 年度範囲外: a fiscal year whose days cannot be represented.
    #[error("年度が範囲外です: {year}")]
    FiscalYearOutOfRange {
        /// The rejected fiscal year number (西暦).
        year: i32,
    },

    /// 年度不一致: months of different fiscal years mixed in one [`super::MonthSet`].
    #[error("{expected}の月の集合に{actual}の月は入れられません")]
    FiscalYearMismatch {
        /// The fiscal year of the set, e.g. 「令和8年度」.
        expected: String,
        /// The other fiscal year, e.g. 「令和7年度」.
        actual: String,
    },
}

/// Longest input echoed in a message; beyond it the echo is cut (by characters, not bytes).
const MAX_ECHO_CHARS: usize = 40;

/// The input as shown in an error message: trimmed, and cut to a readable length.
pub(crate) fn echo(input: &str) -> String {
    let trimmed = input.trim();
    if trimmed.chars().count() <= MAX_ECHO_CHARS {
        trimmed.to_owned()
    } else {
        let mut cut: String = trimmed.chars().take(MAX_ECHO_CHARS).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_japanese_and_name_the_input() {
        let e = DateError::Invalid {
            input: "令和8年2月30日".into(),
        };
        assert_eq!(e.to_string(), "日付が不正です: 令和8年2月30日");
        let e = DateError::OutsideEra {
            input: "平成31年5月1日".into(),
            correct: "令和元年5月1日".into(),
        };
        assert_eq!(e.to_string(), "平成31年5月1日は存在しません（令和元年5月1日）");
    }

    #[test]
    fn echo_cuts_long_input_by_characters() {
        let long = "令".repeat(50);
        let shown = echo(&long);
        assert_eq!(shown.chars().count(), 41);
        assert!(shown.ends_with('…'));
        assert_eq!(echo("  R8.4.1 "), "R8.4.1");
    }
}
