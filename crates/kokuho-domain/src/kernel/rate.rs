//! 率: a percentage given as a decimal string ("8.04" = 8.04%), applied with integer arithmetic.
//! The premium's 料率 and the late fee's 延滞金の割合 are both read and applied here.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Decimal places a rate may have (8.04321% is the finest any city publishes).
const PLACES: u32 = 5;
/// `units` per 1%.
const UNITS_PER_PERCENT: i128 = 10_i128.pow(PLACES);
/// `units` per 100%.
const UNITS_PER_HUNDRED_PERCENT: i64 = 100 * 10_i64.pow(PLACES);

/// 率 (percent), e.g. 所得割率 8.04%, 延滞金の割合 年2.4%. Kept as an integer number of 0.00001%
/// units.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Rate {
    units: i64,
}

impl Rate {
    /// 0%.
    pub const ZERO: Rate = Rate { units: 0 };

    /// A rate of `hundredths` hundredths of a percent: `from_hundredths(240)` is 2.4% (for
    /// tables written in the code).
    pub const fn from_hundredths(hundredths: i64) -> Rate {
        Rate {
            units: hundredths * 10_i64.pow(PLACES - 2),
        }
    }

    /// Reads "8.04" (at most 5 decimals, 0 ≤ rate ≤ 100).
    ///
    /// # Errors
    /// A Japanese message naming what is wrong.
    pub fn parse(text: &str) -> Result<Rate, String> {
        let bad = || format!("「{text}」は百分率の10進数の文字列で指定してください（例: \"8.04\"）");
        let (int, frac) = text.split_once('.').unwrap_or((text, ""));
        let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty() || int.len() > 3 || !digits(int) || !digits(frac) || (text.contains('.') && frac.is_empty()) {
            return Err(bad());
        }
        if frac.len() > PLACES as usize {
            return Err(format!("「{text}」の小数点以下は{PLACES}桁までです"));
        }
        let int: i64 = int.parse().map_err(|_| bad())?;
        let mut frac_units: i64 = if frac.is_empty() {
            0
        } else {
            frac.parse().map_err(|_| bad())?
        };
        for _ in frac.len()..PLACES as usize {
            frac_units *= 10;
        }
        let units = int * 10_i64.pow(PLACES) + frac_units;
        if units > 100 * 10_i64.pow(PLACES) {
            return Err(format!("「{text}」が100%を超えています"));
        }
        Ok(Rate { units })
    }

    /// `base × rate`, rounded down to 1 yen (所得割 per person, 資産割).
    pub fn apply_floor(self, base: i64) -> i64 {
        // 64-bit when the product fits (every real amount): the same truncating quotient without
        // a 128-bit division, which is a library call.
        if let Some(product) = base.checked_mul(self.units) {
            return product / UNITS_PER_HUNDRED_PERCENT;
        }
        let v = i128::from(base) * i128::from(self.units) / (100 * UNITS_PER_PERCENT);
        i64::try_from(v).unwrap_or(i64::MAX)
    }

    /// Whether the rate is 0%.
    pub fn is_zero(self) -> bool {
        self.units == 0
    }

    /// The rate as an exact fraction `(numerator, denominator)`: 2.4% is `(240_000, 10_000_000)`.
    pub fn as_fraction(self) -> (i64, i64) {
        (self.units, UNITS_PER_HUNDRED_PERCENT)
    }

    /// The contract's decimal string, as it was written without trailing zeros: "2.4", "8.04", "9".
    pub fn decimal_text(self) -> String {
        let int = self.units / 10_i64.pow(PLACES);
        let frac = format!("{:05}", self.units % 10_i64.pow(PLACES));
        let frac = frac.trim_end_matches('0');
        if frac.is_empty() {
            int.to_string()
        } else {
            format!("{int}.{frac}")
        }
    }
}

impl Rate {
    /// The number as cities print it: trailing zeros dropped, at least two decimals ("8.04",
    /// "3.00", "7.12345"). A rate table is written with it.
    pub fn percent_text(self) -> String {
        let int = self.units / 10_i64.pow(PLACES);
        let mut frac = format!("{:05}", self.units % 10_i64.pow(PLACES));
        while frac.len() > 2 && frac.ends_with('0') {
            frac.pop();
        }
        format!("{int}.{frac}")
    }
}

impl fmt::Display for Rate {
    /// "8.04%" ([`Rate::percent_text`] with its sign).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", self.percent_text())
    }
}

impl fmt::Debug for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl<'de> Deserialize<'de> for Rate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Rate, D::Error> {
        let text = String::deserialize(d)?;
        Rate::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl Serialize for Rate {
    /// The contract's decimal string as cities write it (`"8.04"`, `"3.00"`).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.percent_text())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_applies_like_the_published_examples() {
        let r = Rate::parse("6.84").unwrap();
        assert_eq!(r.apply_floor(1_470_000), 100_548);
        assert_eq!(r.apply_floor(270_000), 18_468);
        assert_eq!(Rate::parse("2.28").unwrap().apply_floor(270_000), 6_156);
        assert_eq!(Rate::parse("8.04").unwrap().to_string(), "8.04%");
        assert_eq!(Rate::parse("10").unwrap().to_string(), "10.00%");
        assert_eq!(Rate::parse("0.3").unwrap().apply_floor(999_999), 2_999);
        assert_eq!(Rate::parse("7.12345").unwrap().apply_floor(100_000), 7_123);
    }

    #[test]
    fn exact_fraction_and_decimal_text() {
        let r = Rate::parse("2.4").unwrap();
        assert_eq!(r.as_fraction(), (240_000, 10_000_000));
        assert_eq!(r.decimal_text(), "2.4");
        assert_eq!(Rate::parse("8.70").unwrap().decimal_text(), "8.7");
        assert_eq!(Rate::parse("14.6").unwrap().decimal_text(), "14.6");
        assert_eq!(Rate::parse("9").unwrap().decimal_text(), "9");
        assert_eq!(Rate::parse("0.00001").unwrap().decimal_text(), "0.00001");
        assert_eq!(Rate::ZERO.decimal_text(), "0");
        assert_eq!(Rate::parse("3").unwrap().percent_text(), "3.00");
        assert_eq!(Rate::parse("0.3").unwrap().percent_text(), "0.30");
        assert_eq!(Rate::parse("7.12340").unwrap().percent_text(), "7.1234");
        assert_eq!(Rate::from_hundredths(240), r);
        assert_eq!(Rate::from_hundredths(1460), Rate::parse("14.6").unwrap());
    }

    #[test]
    fn huge_bases_fall_back_to_128_bits() {
        let r = Rate::parse("8.04").unwrap();
        assert_eq!(r.apply_floor(i64::MAX), 741_559_111_763_123_974);
        assert_eq!(r.apply_floor(-1_000_001), -80_400);
        assert_eq!(Rate::parse("100").unwrap().apply_floor(i64::MAX), i64::MAX);
    }

    #[test]
    fn refuses_what_is_not_a_percentage() {
        for bad in [
            "",
            "8,04",
            "-1",
            "8.",
            ".5",
            "abc",
            "1e2",
            "100.00001",
            "8.123456",
            "1000",
        ] {
            assert!(Rate::parse(bad).is_err(), "{bad}");
        }
    }
}
