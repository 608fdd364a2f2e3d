//! 金額 (money): integer yen with checked arithmetic and the named statutory roundings.
//!
//! ARCHITECTURE-GUIDE §4 invariant 5: money is integer yen, every rounding is a named statutory
//! function, no floating point. [`Yen`] has no `+`/`-`/`*` operators on purpose: every operation
//! is checked and returns `Option`, so an overflow can never wrap or panic silently.

use serde::{Deserialize, Serialize};

/// 金額 (an amount of money in whole yen). May be negative (refunds, reassessment deltas).
///
/// Serde reads and writes it as a plain JSON integer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Yen(i64);

/// 金額の入力誤り・計算誤り.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// 未入力.
    #[error("金額が未入力です")]
    Empty,
    /// Not a number.
    #[error("金額は数字で入力してください（{position}文字目）")]
    NotANumber {
        /// 1-based character position of the first offending character.
        position: usize,
    },
    /// Thousands separators in the wrong places.
    #[error("金額の桁区切り（,）の位置が正しくありません")]
    Grouping,
    /// The result does not fit in the supported range.
    #[error("金額が大きすぎて計算できません")]
    Overflow,
}

impl Yen {
    /// 0円.
    pub const ZERO: Yen = Yen(0);

    /// An amount of `yen` yen.
    pub const fn new(yen: i64) -> Self {
        Self(yen)
    }

    /// The amount as an integer number of yen.
    pub const fn value(self) -> i64 {
        self.0
    }

    /// Whether the amount is below zero.
    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// Whether the amount is zero.
    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// Whether the amount is more than zero.
    pub const fn is_positive(self) -> bool {
        self.0 > 0
    }

    /// `self + rhs`, held at the limit on overflow (totals of a whole city's statistics).
    pub const fn saturating_add(self, rhs: Yen) -> Yen {
        Yen(self.0.saturating_add(rhs.0))
    }

    /// A difference as printed: `+1,234円`, `-1,234円`, `0円`.
    pub fn signed_text(self) -> String {
        if self.is_positive() {
            format!("+{self}")
        } else {
            self.to_string()
        }
    }

    /// `self - rhs`, held at the limit on overflow (differences of city totals).
    pub const fn saturating_sub(self, rhs: Yen) -> Yen {
        Yen(self.0.saturating_sub(rhs.0))
    }

    /// `self + rhs`, or `None` on overflow.
    pub const fn checked_add(self, rhs: Yen) -> Option<Yen> {
        match self.0.checked_add(rhs.0) {
            Some(v) => Some(Yen(v)),
            None => None,
        }
    }

    /// `self - rhs`, or `None` on overflow.
    pub const fn checked_sub(self, rhs: Yen) -> Option<Yen> {
        match self.0.checked_sub(rhs.0) {
            Some(v) => Some(Yen(v)),
            None => None,
        }
    }

    /// `self × factor` (e.g. 均等割額 × 人数), or `None` on overflow.
    pub const fn checked_mul(self, factor: i64) -> Option<Yen> {
        match self.0.checked_mul(factor) {
            Some(v) => Some(Yen(v)),
            None => None,
        }
    }

    /// `-self`, or `None` for the one value that has no negation.
    pub const fn checked_neg(self) -> Option<Yen> {
        match self.0.checked_neg() {
            Some(v) => Some(Yen(v)),
            None => None,
        }
    }

    /// `self × numerator ÷ denominator`, the fraction **truncated toward zero** (for a
    /// non-negative result that is 切捨て). Computed in 128-bit so the product cannot overflow
    /// before the division. Use it for 月割 (年額 × 月数 ÷ 12) or rates in ppm
    /// (所得 × 税率ppm ÷ 1,000,000); apply the statutory 100円/1000円 rounding afterwards where a
    /// rule requires it.
    ///
    /// `None` when `denominator` is zero or the result does not fit.
    pub fn checked_mul_div_trunc(self, numerator: i64, denominator: i64) -> Option<Yen> {
        if denominator == 0 {
            return None;
        }
        // The same quotient in 64 bits whenever the product fits (every real amount): 128-bit
        // division is a library call.
        if let Some(product) = self.0.checked_mul(numerator) {
            return product.checked_div(denominator).map(Yen);
        }
        let product = i128::from(self.0).checked_mul(i128::from(numerator))?;
        let quotient = product.checked_div(i128::from(denominator))?;
        i64::try_from(quotient).ok().map(Yen)
    }

    /// The sum of `amounts`, or `None` on overflow.
    pub fn checked_sum<I: IntoIterator<Item = Yen>>(amounts: I) -> Option<Yen> {
        amounts.into_iter().try_fold(Yen::ZERO, |acc, y| acc.checked_add(y))
    }

    /// The sum of `amounts`, or [`MoneyError::Overflow`].
    ///
    /// # Errors
    /// [`MoneyError::Overflow`] when the sum does not fit.
    pub fn try_sum<I: IntoIterator<Item = Yen>>(amounts: I) -> Result<Yen, MoneyError> {
        Self::checked_sum(amounts).ok_or(MoneyError::Overflow)
    }

    /// See [`floor_to_100_yen`].
    pub const fn floor_to_100_yen(self) -> Yen {
        floor_to_100_yen(self)
    }

    /// See [`floor_to_1000_yen`].
    pub const fn floor_to_1000_yen(self) -> Yen {
        floor_to_1000_yen(self)
    }

    /// The amount with thousands separators and no unit: `12,345`, `-1,000`, `0`.
    pub fn format_grouped(self) -> String {
        let mut out = String::with_capacity(27);
        // Writing to a String cannot fail.
        let _ = self.write_grouped(&mut out);
        out
    }

    /// Writes [`Yen::format_grouped`] in one piece, without a string of its own: explanations
    /// print several amounts a line.
    fn write_grouped(self, out: &mut impl core::fmt::Write) -> core::fmt::Result {
        // Filled from the end: at most a sign, 20 digits and 6 commas.
        let mut text = [0u8; 27];
        let mut start = text.len();
        let mut put = |byte: u8| {
            start = start.saturating_sub(1);
            if let Some(slot) = text.get_mut(start) {
                *slot = byte;
            }
        };
        let mut rest = self.0.unsigned_abs();
        let mut place = 0;
        loop {
            if place > 0 && place % 3 == 0 {
                put(b',');
            }
            put(b'0' + (rest % 10) as u8);
            rest /= 10;
            place += 1;
            if rest == 0 {
                break;
            }
        }
        if self.0 < 0 {
            put(b'-');
        }
        let ascii = text.get(start..).unwrap_or_default();
        out.write_str(core::str::from_utf8(ascii).map_err(|_| core::fmt::Error)?)
    }

    /// Parses `12345`, `12,345`, `12,345円`, `-500円` (ASCII or full-width digits and commas).
    /// Commas, when present, must separate groups of three digits.
    ///
    /// # Errors
    /// A [`MoneyError`] with a Japanese message.
    pub fn parse(input: &str) -> Result<Yen, MoneyError> {
        let body = input.strip_suffix('円').unwrap_or(input);
        if body.is_empty() {
            return Err(MoneyError::Empty);
        }
        let (negative, digits_part, offset) = match body.strip_prefix(['-', '−', '－']) {
            Some(rest) => (true, rest, 1usize),
            None => (false, body, 0usize),
        };
        let mut digits = String::with_capacity(digits_part.len());
        let mut group_lengths: Vec<usize> = vec![0];
        for (i, c) in digits_part.chars().enumerate() {
            match c {
                '0'..='9' => digits.push(c),
                '\u{FF10}'..='\u{FF19}' => digits.push(super::digits::fold_digit(c)),
                ',' | '，' => {
                    group_lengths.push(0);
                    continue;
                }
                _ => {
                    return Err(MoneyError::NotANumber {
                        position: i + 1 + offset,
                    });
                }
            }
            if let Some(last) = group_lengths.last_mut() {
                *last += 1;
            }
        }
        if digits.is_empty() {
            return Err(MoneyError::NotANumber { position: 1 + offset });
        }
        if group_lengths.len() > 1 {
            let mut iter = group_lengths.iter();
            let first_ok = iter.next().is_some_and(|&n| (1..=3).contains(&n));
            if !first_ok || !iter.all(|&n| n == 3) {
                return Err(MoneyError::Grouping);
            }
        }
        let magnitude: i128 = digits.parse().map_err(|_| MoneyError::Overflow)?;
        let signed = if negative { -magnitude } else { magnitude };
        i64::try_from(signed).map(Yen).map_err(|_| MoneyError::Overflow)
    }
}

/// Truncates toward zero to a multiple of `unit` (`unit` > 0).
const fn truncate_to(amount: Yen, unit: i64) -> Yen {
    // `%` truncates toward zero in Rust, and `unit` is a positive constant, so this never
    // overflows or divides by zero.
    Yen(amount.0 - amount.0 % unit)
}

/// 100円未満切捨て: drops the part below 100 yen, e.g. 12,345円 → 12,300円.
///
/// The statutory rounding of a 確定金額 (国税通則法119条1項; for 地方税 such as 国民健康保険税,
/// 地方税法20条の4の2; for 保険料 the city's 条例 usually says the same). Meant for
/// **non-negative** amounts. For a negative amount it truncates toward zero (−12,345 → −12,300),
/// i.e. it rounds the magnitude down; statutes round the non-negative amounts and take the
/// difference afterwards, so callers should do the same.
pub const fn floor_to_100_yen(amount: Yen) -> Yen {
    truncate_to(amount, 100)
}

/// 1,000円未満切捨て: drops the part below 1,000 yen, e.g. 12,345円 → 12,000円.
///
/// The statutory rounding of a 課税標準 (国税通則法118条1項; 地方税法20条の4の2). Meant for
/// **non-negative** amounts; a negative amount is truncated toward zero (−12,345 → −12,000), see
/// [`floor_to_100_yen`].
pub const fn floor_to_1000_yen(amount: Yen) -> Yen {
    truncate_to(amount, 1000)
}

impl core::fmt::Display for Yen {
    /// `12,345円`, `-500円`.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        self.write_grouped(f)?;
        f.write_str("円")
    }
}

impl core::str::FromStr for Yen {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl From<Yen> for i64 {
    fn from(y: Yen) -> i64 {
        y.0
    }
}

/// `amounts.sum::<Option<Yen>>()`: `None` on overflow.
impl core::iter::Sum<Yen> for Option<Yen> {
    fn sum<I: Iterator<Item = Yen>>(iter: I) -> Self {
        Yen::checked_sum(iter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn display_and_grouping() {
        assert_eq!(Yen::new(12_345).to_string(), "12,345円");
        assert_eq!(Yen::new(0).to_string(), "0円");
        assert_eq!(Yen::new(999).to_string(), "999円");
        assert_eq!(Yen::new(1_000).to_string(), "1,000円");
        assert_eq!(Yen::new(-1_234_567).to_string(), "-1,234,567円");
        assert_eq!(Yen::new(1_234_567).format_grouped(), "1,234,567");
        assert_eq!(Yen::new(i64::MIN).format_grouped(), "-9,223,372,036,854,775,808");
        assert_eq!(Yen::new(i64::MAX).format_grouped(), "9,223,372,036,854,775,807");
    }

    #[test]
    fn statutory_rounding() {
        assert_eq!(floor_to_100_yen(Yen::new(12_345)), Yen::new(12_300));
        assert_eq!(floor_to_100_yen(Yen::new(12_300)), Yen::new(12_300));
        assert_eq!(floor_to_100_yen(Yen::new(99)), Yen::ZERO);
        assert_eq!(floor_to_1000_yen(Yen::new(12_345)), Yen::new(12_000));
        assert_eq!(floor_to_1000_yen(Yen::new(999)), Yen::ZERO);
        assert_eq!(Yen::new(430_999).floor_to_1000_yen(), Yen::new(430_000));
        // Negative: truncated toward zero (documented).
        assert_eq!(floor_to_100_yen(Yen::new(-12_345)), Yen::new(-12_300));
        assert_eq!(floor_to_1000_yen(Yen::new(-12_345)), Yen::new(-12_000));
        assert_eq!(floor_to_100_yen(Yen::new(i64::MIN)), Yen::new(i64::MIN + 8));
        assert_eq!(
            floor_to_1000_yen(Yen::new(i64::MAX)),
            Yen::new(9_223_372_036_854_775_000)
        );
    }

    #[test]
    fn checked_arithmetic() {
        let a = Yen::new(100);
        assert_eq!(a.checked_add(Yen::new(50)), Some(Yen::new(150)));
        assert_eq!(a.checked_sub(Yen::new(150)), Some(Yen::new(-50)));
        assert_eq!(a.checked_mul(3), Some(Yen::new(300)));
        assert_eq!(Yen::new(i64::MAX).checked_add(Yen::new(1)), None);
        assert_eq!(Yen::new(i64::MIN).checked_sub(Yen::new(1)), None);
        assert_eq!(Yen::new(i64::MAX).checked_mul(2), None);
        assert_eq!(Yen::new(i64::MIN).checked_neg(), None);
        assert_eq!(Yen::new(5).checked_neg(), Some(Yen::new(-5)));
    }

    #[test]
    fn mul_div_trunc() {
        // 月割: 年額 100,000 × 7 / 12 = 58,333.33 → 58,333
        assert_eq!(Yen::new(100_000).checked_mul_div_trunc(7, 12), Some(Yen::new(58_333)));
        // ppm rate: 1,234,567 × 7.45% = 91,975.2415 → 91,975
        assert_eq!(
            Yen::new(1_234_567).checked_mul_div_trunc(74_500, 1_000_000),
            Some(Yen::new(91_975))
        );
        assert_eq!(Yen::new(-100).checked_mul_div_trunc(1, 3), Some(Yen::new(-33)));
        assert_eq!(Yen::new(1).checked_mul_div_trunc(1, 0), None);
        // Intermediate product above i64 is fine.
        assert_eq!(Yen::new(i64::MAX).checked_mul_div_trunc(2, 2), Some(Yen::new(i64::MAX)));
        assert_eq!(Yen::new(i64::MAX).checked_mul_div_trunc(2, 1), None);
    }

    #[test]
    fn sums() {
        let v = [Yen::new(1), Yen::new(2), Yen::new(3)];
        assert_eq!(Yen::checked_sum(v), Some(Yen::new(6)));
        assert_eq!(v.iter().copied().sum::<Option<Yen>>(), Some(Yen::new(6)));
        assert_eq!(Yen::checked_sum([]), Some(Yen::ZERO));
        assert_eq!(Yen::checked_sum([Yen::new(i64::MAX), Yen::new(1)]), None);
        assert_eq!(
            Yen::try_sum([Yen::new(i64::MAX), Yen::new(1)]),
            Err(MoneyError::Overflow)
        );
        assert_eq!(MoneyError::Overflow.to_string(), "金額が大きすぎて計算できません");
    }

    #[test]
    fn parse() {
        assert_eq!(Yen::parse("12345"), Ok(Yen::new(12_345)));
        assert_eq!(Yen::parse("12,345円"), Ok(Yen::new(12_345)));
        assert_eq!(Yen::parse("１２，３４５円"), Ok(Yen::new(12_345)));
        assert_eq!(Yen::parse("-500円"), Ok(Yen::new(-500)));
        assert_eq!(Yen::parse("1,234,567"), Ok(Yen::new(1_234_567)));
        assert_eq!(Yen::parse(""), Err(MoneyError::Empty));
        assert_eq!(Yen::parse("円"), Err(MoneyError::Empty));
        assert_eq!(Yen::parse("12,34"), Err(MoneyError::Grouping));
        assert_eq!(Yen::parse("1234,567"), Err(MoneyError::Grouping));
        assert_eq!(Yen::parse(",123"), Err(MoneyError::Grouping));
        assert_eq!(Yen::parse("12a"), Err(MoneyError::NotANumber { position: 3 }));
        assert_eq!(Yen::parse("1.5"), Err(MoneyError::NotANumber { position: 2 }));
        assert_eq!(Yen::parse("-"), Err(MoneyError::NotANumber { position: 2 }));
        assert_eq!(Yen::parse("99999999999999999999"), Err(MoneyError::Overflow));
        assert_eq!(Yen::parse("-9223372036854775808"), Ok(Yen::new(i64::MIN)));
    }

    #[test]
    fn serde_is_a_plain_integer() {
        assert_eq!(serde_json::to_string(&Yen::new(-42)).unwrap(), "-42");
        assert_eq!(serde_json::from_str::<Yen>("1200").unwrap(), Yen::new(1200));
        assert!(serde_json::from_str::<Yen>("\"1200\"").is_err());
        assert!(serde_json::from_str::<Yen>("12.5").is_err());
    }

    proptest! {
        #[test]
        fn floor_invariants(v in 0i64..=i64::MAX) {
            let y = Yen::new(v);
            let h = floor_to_100_yen(y).value();
            prop_assert!(h <= v && v - h < 100 && h % 100 == 0);
            let t = floor_to_1000_yen(y).value();
            prop_assert!(t <= v && v - t < 1000 && t % 1000 == 0);
            prop_assert_eq!(floor_to_1000_yen(floor_to_100_yen(y)), floor_to_1000_yen(y));
        }

        #[test]
        fn negative_is_mirror(v in (i64::MIN + 1)..=0i64) {
            let y = Yen::new(v);
            prop_assert_eq!(
                floor_to_100_yen(y).value(),
                -floor_to_100_yen(Yen::new(-v)).value()
            );
        }

        #[test]
        fn grouped_round_trips(v in any::<i64>()) {
            let y = Yen::new(v);
            prop_assert_eq!(Yen::parse(&y.to_string()), Ok(y));
            prop_assert_eq!(Yen::parse(&y.format_grouped()), Ok(y));
            prop_assert_eq!(y.format_grouped().replace(',', ""), v.to_string());
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,24}") {
            let _ = Yen::parse(&s);
        }
    }
}
