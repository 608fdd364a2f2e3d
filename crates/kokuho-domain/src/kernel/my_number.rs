//! 個人番号 (My Number): the 12-digit number of 番号法, 特定個人情報.
//!
//! # Handling rules (security.md §1.3, §8.1; ARCHITECTURE-GUIDE §4 invariant 4)
//!
//! - [`MyNumber`] has **no `Display`, no `Serialize`/`Deserialize`**, and its `Debug` prints
//!   `MyNumber(<redacted>)`. The compile-fail tests in `tests/compile_fail/` prove that
//!   formatting or serializing one does not compile.
//! - The digits are wiped from memory when the value is dropped (`zeroize`), and equality is
//!   computed in constant time (`subtle`).
//! - There is exactly one way to get the digits back: [`MyNumber::expose_digits`]. Only the field
//!   encryption, the blind index and the audited reveal use case may call it.
//! - No masked form ("****-****-1234") is offered: a partial number is 個人番号 too (PPC FAQ Q9-4,
//!   security.md §1.3). Screens show 「登録あり」/「未登録」 instead.
//! - Error messages never contain the digits (not even a part of them).
//!
//! `MyNumber` deliberately implements neither `Hash` nor `Ord`: grouping or sorting people by
//! their number belongs in the blind index (kokuho-crypto), not in memory maps keyed by digits.

use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// Number of digits of a 個人番号, check digit included.
const LEN: usize = 12;
/// Number of digits before the check digit (検査用数字).
const BODY_LEN: usize = 11;

/// 個人番号 (My Number), 特定個人情報.
///
/// Holds exactly 12 ASCII digits whose last digit is the 検査用数字 of the 総務省令 formula (see
/// [`MyNumber::check_digit_for`]). Build one with [`MyNumber::parse`] (or `TryFrom<&str>` /
/// `FromStr`, which are the same function).
///
/// ```
/// use kokuho_domain::MyNumber;
/// let n = MyNumber::parse("1234 5678 9018").unwrap();
/// assert_eq!(format!("{n:?}"), "MyNumber(<redacted>)");
/// ```
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct MyNumber {
    /// Always 12 ASCII digits once construction succeeded.
    digits: String,
}

/// 個人番号の入力誤り. Messages are in Japanese and never contain any digit of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MyNumberError {
    /// 空欄 (blank). Kept apart from the other errors because a blank 個人番号 is not an input
    /// mistake but a case for the 確認リスト of the consistency check (C13).
    #[error("個人番号が未入力です")]
    Blank,
    /// A character that is neither a digit nor an allowed separator, at a 1-based character
    /// position (the position is not personal data; the character itself is not echoed).
    #[error("個人番号に数字以外の文字が含まれています（{position}文字目）")]
    InvalidCharacter {
        /// 1-based position of the offending character in the trimmed input.
        position: usize,
    },
    /// Separators (space or hyphen) anywhere other than between 4-digit groups, or mixed.
    #[error("個人番号の区切りが正しくありません（4桁ごとに同じ区切り文字（空白またはハイフン）で区切ってください）")]
    InvalidGrouping,
    /// Wrong number of digits.
    #[error("個人番号の桁数が正しくありません（{expected}桁必要ですが{actual}桁です）")]
    WrongLength {
        /// Digits required (12 for a 個人番号, 11 for [`MyNumber::check_digit_for`]).
        expected: usize,
        /// Digits found.
        actual: usize,
    },
    /// The 検査用数字 does not match the first 11 digits.
    #[error("個人番号の検査用数字が一致しません")]
    CheckDigitMismatch,
}

/// How a character of the input is read.
enum Class {
    /// A digit 0–9 (ASCII or full-width), as its ASCII byte.
    Digit(u8),
    /// A group separator (space or hyphen, half or full width), as a normalised kind.
    Separator(char),
    /// Anything else.
    Other,
}

/// The **one** place where 個人番号 input is normalised: full-width digits become ASCII digits,
/// and spaces and hyphen-like characters become group separators.
fn classify(c: char) -> Class {
    match c {
        // ASCII and FULLWIDTH DIGIT ZERO..NINE
        '0'..='9' | '\u{FF10}'..='\u{FF19}' => {
            Class::Digit(u8::try_from(u32::from(super::digits::fold_digit(c))).unwrap_or(0))
        }
        // space, ideographic space
        ' ' | '\u{3000}' => Class::Separator(' '),
        // hyphen-minus, hyphen, non-breaking hyphen, figure dash, en dash, minus sign,
        // full-width hyphen-minus
        '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2212}' | '\u{FF0D}' => Class::Separator('-'),
        _ => Class::Other,
    }
}

/// Characters trimmed from both ends before parsing (ASCII whitespace and ideographic space).
fn is_trim(c: char) -> bool {
    c.is_ascii_whitespace() || c == '\u{3000}'
}

/// Σ P_n × Q_n over the 11 body digits (ASCII), see [`MyNumber::check_digit_for`].
fn weighted_sum(body: &[u8]) -> u32 {
    body.iter()
        .rev()
        .zip(1u32..)
        .map(|(&d, n)| {
            let p = u32::from(d.wrapping_sub(b'0'));
            let q = if n <= 6 { n + 1 } else { n - 5 };
            p * q
        })
        .sum()
}

/// 検査用数字 for 11 ASCII body digits (not checked here).
fn check_digit_of(body: &[u8]) -> u8 {
    let remainder = weighted_sum(body) % 11;
    if remainder <= 1 {
        0
    } else {
        // 2..=10 → 9..=1
        u8::try_from(11 - remainder).unwrap_or(0)
    }
}

impl MyNumber {
    /// Parses a 個人番号 typed or imported as text.
    ///
    /// Accepted: 12 digits (ASCII or full-width), optionally in 4-4-4 groups separated by one
    /// space or one hyphen (half or full width; the same kind at both places), with surrounding
    /// whitespace. Blank input (empty or only spaces) gives [`MyNumberError::Blank`]; everything
    /// else is checked for length, grouping and the 検査用数字.
    ///
    /// # Errors
    /// A [`MyNumberError`] whose message names the problem but never the digits.
    pub fn parse(input: &str) -> Result<Self, MyNumberError> {
        let trimmed = input.trim_matches(is_trim);
        if trimmed.is_empty() {
            return Err(MyNumberError::Blank);
        }
        // Built directly inside a `MyNumber`, so the digits are wiped on every early return.
        // Capacity is fixed and never exceeded, so no reallocation leaves a copy behind.
        let mut out = MyNumber {
            digits: String::with_capacity(LEN),
        };
        let mut digit_count = 0usize;
        let mut separator: Option<char> = None;
        let mut separator_count = 0usize;
        for (index, c) in trimmed.chars().enumerate() {
            match classify(c) {
                Class::Digit(d) => {
                    if digit_count < LEN {
                        out.digits.push(char::from(d));
                    }
                    digit_count += 1;
                }
                Class::Separator(kind) => {
                    // Separators only right after the 4th and the 8th digit, once each,
                    // and of one kind.
                    let at_boundary =
                        (digit_count == 4 && separator_count == 0) || (digit_count == 8 && separator_count == 1);
                    let same_kind = separator.is_none_or(|s| s == kind);
                    if !at_boundary || !same_kind {
                        return Err(MyNumberError::InvalidGrouping);
                    }
                    separator = Some(kind);
                    separator_count += 1;
                }
                Class::Other => {
                    return Err(MyNumberError::InvalidCharacter { position: index + 1 });
                }
            }
        }
        if digit_count != LEN {
            return Err(MyNumberError::WrongLength {
                expected: LEN,
                actual: digit_count,
            });
        }
        if separator_count == 1 {
            // "1234 56789012": grouping started but not finished.
            return Err(MyNumberError::InvalidGrouping);
        }
        let bytes = out.digits.as_bytes();
        let (body, check) = match bytes.split_last() {
            Some((check, body)) if body.len() == BODY_LEN => (body, *check),
            _ => {
                return Err(MyNumberError::WrongLength {
                    expected: LEN,
                    actual: bytes.len(),
                });
            }
        };
        let expected = check_digit_of(body);
        if expected.ct_eq(&check.wrapping_sub(b'0')).into() {
            Ok(out)
        } else {
            Err(MyNumberError::CheckDigitMismatch)
        }
    }

    /// Computes the 検査用数字 (check digit, 0–9) for the first 11 digits of a 個人番号.
    ///
    /// Formula (総務省令「行政手続における特定の個人を識別するための番号の利用等に関する法律
    /// の規定による通知カード及び個人番号カード並びに情報提供ネットワークシステムによる特定
    /// 個人情報の提供等に関する省令」第5条, as given in the design brief; the primary text could
    /// not be re-read here):
    ///
    /// - P_n: the n-th digit counting from the right, check digit excluded (n = 1..=11);
    /// - Q_n = n + 1 for 1 ≤ n ≤ 6, and n − 5 for 7 ≤ n ≤ 11;
    /// - check = 11 − (Σ P_n × Q_n mod 11), and 0 when (Σ P_n × Q_n mod 11) ≤ 1.
    ///
    /// Note: remainders 0 and 1 both give check digit 0, so the formula does not catch every
    /// single-digit error (e.g. `000000000000` and `000000000060` are both valid). It catches
    /// every change of the check digit and every other single-digit change.
    ///
    /// Used by the synthetic-city generator to mint valid test numbers. `first11` must be
    /// exactly 11 ASCII digits (no separators, no full-width digits).
    ///
    /// ```
    /// use kokuho_domain::MyNumber;
    /// assert_eq!(MyNumber::check_digit_for("12345678901"), Ok(8));
    /// ```
    ///
    /// # Errors
    /// [`MyNumberError::InvalidCharacter`] or [`MyNumberError::WrongLength`].
    pub fn check_digit_for(first11: &str) -> Result<u8, MyNumberError> {
        if let Some((index, _)) = first11.chars().enumerate().find(|(_, c)| !c.is_ascii_digit()) {
            return Err(MyNumberError::InvalidCharacter { position: index + 1 });
        }
        if first11.len() != BODY_LEN {
            return Err(MyNumberError::WrongLength {
                expected: BODY_LEN,
                actual: first11.len(),
            });
        }
        Ok(check_digit_of(first11.as_bytes()))
    }

    /// Whether `input` counts as a blank 個人番号 (empty or only spaces). Such a record is not an
    /// input error but goes to the 確認リスト (C13); [`MyNumber::parse`] reports it as
    /// [`MyNumberError::Blank`].
    pub fn is_blank(input: &str) -> bool {
        input.trim_matches(is_trim).is_empty()
    }

    /// The 12 ASCII digits.
    ///
    /// **Only the field encryption, the blind index and the audited reveal use case may call
    /// this** (ARCHITECTURE-GUIDE §4 invariant 4, security.md C07/C14/C15). Never log, display,
    /// hash for a log, serialize or compare the returned string; do not keep copies of it.
    /// Every call site is reviewed.
    pub fn expose_digits(&self) -> &str {
        &self.digits
    }
}

impl core::fmt::Debug for MyNumber {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("MyNumber(<redacted>)")
    }
}

impl PartialEq for MyNumber {
    /// Constant-time comparison of the digits.
    fn eq(&self, other: &Self) -> bool {
        self.digits.as_bytes().ct_eq(other.digits.as_bytes()).into()
    }
}

impl Eq for MyNumber {}

impl ConstantTimeEq for MyNumber {
    fn ct_eq(&self, other: &Self) -> subtle::Choice {
        self.digits.as_bytes().ct_eq(other.digits.as_bytes())
    }
}

impl core::str::FromStr for MyNumber {
    type Err = MyNumberError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<&str> for MyNumber {
    type Error = MyNumberError;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Vectors computed independently with a Python implementation of the 省令 formula.
    const VALID: [&str; 10] = [
        "123456789018",
        "000000000000",
        "111111111118",
        "987654321093",
        "273645843912",
        "314159265352",
        "100000000005",
        "000000000019",
        "000000000051", // Σ mod 11 = 10 → 1
        "000000000060", // Σ mod 11 = 1 → 0
    ];

    #[test]
    fn known_vectors_parse() {
        for v in VALID {
            let n = MyNumber::parse(v).unwrap();
            assert_eq!(n.expose_digits(), v);
        }
    }

    #[test]
    fn check_digit_known_answers() {
        assert_eq!(MyNumber::check_digit_for("12345678901"), Ok(8));
        assert_eq!(MyNumber::check_digit_for("00000000006"), Ok(0));
        assert_eq!(MyNumber::check_digit_for("00000000005"), Ok(1));
        assert_eq!(MyNumber::check_digit_for("98765432109"), Ok(3));
    }

    #[test]
    fn check_digit_for_rejects_bad_input() {
        assert_eq!(
            MyNumber::check_digit_for("1234567890"),
            Err(MyNumberError::WrongLength {
                expected: 11,
                actual: 10
            })
        );
        assert_eq!(
            MyNumber::check_digit_for("1234567890a"),
            Err(MyNumberError::InvalidCharacter { position: 11 })
        );
        assert!(MyNumber::check_digit_for("１２３４５６７８９０１").is_err());
    }

    #[test]
    fn accepted_spellings_normalise_to_the_same_number() {
        let plain = MyNumber::parse("123456789018").unwrap();
        for s in [
            "1234 5678 9018",
            "1234-5678-9018",
            "１２３４５６７８９０１８",
            "１２３４－５６７８－９０１８",
            "１２３４　５６７８　９０１８",
            "  123456789018\n",
            "\u{3000}1234 5678 9018\u{3000}",
            "1234\u{2212}5678\u{2212}9018",
        ] {
            let n = MyNumber::parse(s).unwrap();
            assert_eq!(n, plain, "input {s:?}");
            assert_eq!(n.expose_digits(), "123456789018");
        }
    }

    #[test]
    fn blank_is_its_own_error() {
        for s in ["", " ", "\u{3000}", " \t\n"] {
            assert_eq!(MyNumber::parse(s), Err(MyNumberError::Blank));
            assert!(MyNumber::is_blank(s));
        }
        assert!(!MyNumber::is_blank("1"));
    }

    #[test]
    fn rejections() {
        use MyNumberError::*;
        assert_eq!(
            MyNumber::parse("12345678901"),
            Err(WrongLength {
                expected: 12,
                actual: 11
            })
        );
        assert_eq!(
            MyNumber::parse("1234567890180"),
            Err(WrongLength {
                expected: 12,
                actual: 13
            })
        );
        assert_eq!(MyNumber::parse("123456789019"), Err(CheckDigitMismatch));
        assert_eq!(MyNumber::parse("12345678901x"), Err(InvalidCharacter { position: 12 }));
        assert_eq!(MyNumber::parse("1234 5678-9018"), Err(InvalidGrouping));
        assert_eq!(MyNumber::parse("123 45678 9018"), Err(InvalidGrouping));
        assert_eq!(MyNumber::parse("1234  5678 9018"), Err(InvalidGrouping));
        assert_eq!(MyNumber::parse("1234 56789018"), Err(InvalidGrouping));
        assert_eq!(MyNumber::parse("12345678 9018"), Err(InvalidGrouping));
        assert_eq!(
            MyNumber::parse("1234 5678 9018 "),
            Ok(MyNumber::parse("123456789018").unwrap())
        );
        assert_eq!(
            MyNumber::parse("１２３４５６７８９０１８９"),
            Err(WrongLength {
                expected: 12,
                actual: 13
            })
        );
        // Other digit-like characters are not digits.
        assert!(MyNumber::parse("①23456789018").is_err());
        assert!(MyNumber::parse("١٢٣٤٥٦٧٨٩٠١٨").is_err());
    }

    #[test]
    fn messages_are_japanese_and_never_contain_digits() {
        let inputs = ["123456789019", "12345678901", "12345678901x", "1234 5678-9018", ""];
        for s in inputs {
            let err = MyNumber::parse(s).unwrap_err();
            let msg = err.to_string();
            assert!(msg.contains("個人番号"), "{msg}");
            assert!(!msg.contains("1234"), "{msg}");
            let dbg = format!("{err:?}");
            assert!(!dbg.contains("1234"), "{dbg}");
        }
        assert_eq!(
            MyNumberError::CheckDigitMismatch.to_string(),
            "個人番号の検査用数字が一致しません"
        );
    }

    /// The 省令 formula maps Σ mod 11 = 0 and = 1 both to check digit 0, so it does not catch
    /// every single-digit error: "000000000000" and "000000000060" differ in one digit and are
    /// both valid. Documented here so nobody "fixes" the formula.
    #[test]
    fn formula_collision_between_remainders_0_and_1() {
        assert!(MyNumber::parse("000000000000").is_ok());
        assert!(MyNumber::parse("000000000060").is_ok());
    }

    #[test]
    fn debug_is_redacted() {
        let n = MyNumber::parse("123456789018").unwrap();
        assert_eq!(format!("{n:?}"), "MyNumber(<redacted>)");
        assert_eq!(format!("{n:#?}"), "MyNumber(<redacted>)");
        assert_eq!(format!("{:?}", Some(&n)), "Some(MyNumber(<redacted>))");
    }

    #[test]
    fn equality() {
        let a = MyNumber::parse("123456789018").unwrap();
        let b = MyNumber::parse("1234-5678-9018").unwrap();
        let c = MyNumber::parse("987654321093").unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert!(bool::from(a.ct_eq(&b)));
        assert!(!bool::from(a.ct_eq(&c)));
    }

    #[test]
    fn zeroize_clears_the_digits() {
        let mut n = MyNumber::parse("123456789018").unwrap();
        n.zeroize();
        assert_eq!(n.expose_digits(), "");
    }

    fn body() -> impl Strategy<Value = String> {
        proptest::string::string_regex("[0-9]{11}").unwrap()
    }

    fn valid_number() -> impl Strategy<Value = String> {
        body().prop_map(|b| {
            let c = MyNumber::check_digit_for(&b).unwrap();
            format!("{b}{c}")
        })
    }

    proptest! {
        #[test]
        fn every_generated_valid_number_parses(s in valid_number()) {
            let n = MyNumber::parse(&s).unwrap();
            prop_assert_eq!(n.expose_digits(), s.as_str());
        }

        /// Every single-digit change is caught, with one exception that lies in the statutory
        /// formula itself: remainders 0 and 1 both give check digit 0, so a body change that
        /// moves Σ mod 11 between 0 and 1 yields another valid number (see
        /// `formula_collision_between_remainders_0_and_1`). Changes of the check digit are always
        /// caught.
        #[test]
        fn every_single_digit_mutation_fails(s in valid_number()) {
            // Exhaustive over all 12 positions × the 9 other digits.
            let original_r = weighted_sum(&s.as_bytes()[..11]) % 11;
            for pos in 0..12 {
                for d in b'0'..=b'9' {
                    let mut bytes = s.clone().into_bytes();
                    if bytes[pos] == d {
                        continue;
                    }
                    bytes[pos] = d;
                    let mutated_r = weighted_sum(&bytes[..11]) % 11;
                    let mutated = String::from_utf8(bytes).unwrap();
                    let result = MyNumber::parse(&mutated);
                    if pos < 11 && original_r <= 1 && mutated_r <= 1 {
                        prop_assert!(result.is_ok());
                    } else {
                        prop_assert_eq!(
                            result,
                            Err(MyNumberError::CheckDigitMismatch),
                            "position {} digit {}", pos, d
                        );
                    }
                }
            }
        }

        #[test]
        fn debug_never_contains_the_digits(s in valid_number()) {
            let n = MyNumber::parse(&s).unwrap();
            let dbg = format!("{n:?} {n:#?} {:?}", vec![n.clone()]);
            prop_assert!(!dbg.contains(&s));
            prop_assert!(!dbg.chars().any(|c| c.is_ascii_digit()));
        }

        #[test]
        fn grouped_and_full_width_forms_parse(s in valid_number()) {
            let n = MyNumber::parse(&s).unwrap();
            let (a, rest) = s.split_at(4);
            let (b, c) = rest.split_at(4);
            let full: String = s.chars().map(|ch| char::from_u32(u32::from(ch) - 0x30 + 0xFF10).unwrap()).collect();
            for form in [format!("{a} {b} {c}"), format!("{a}-{b}-{c}"), full] {
                prop_assert_eq!(&MyNumber::parse(&form).unwrap(), &n);
            }
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,20}") {
            let _ = MyNumber::parse(&s);
        }
    }
}
