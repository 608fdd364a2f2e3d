//! テスト用個人番号 (demo My Numbers).
//!
//! Every demo number is `00` + 9 digits + 検査用数字. The 9 digits are a bijection of the
//! person's position in the city (`household index × 32 + slot`) under an affine map modulo
//! 10^9 whose constants come from the seed, so numbers look random, are unique within a city of
//! up to 31,250,000 households, and can be computed for any person without generating anyone
//! else. The check digit comes from `MyNumber::check_digit_for`, so every demo number is a
//! *valid* 個人番号 in form; the `00` prefix is the demo marker (see the crate documentation).

use kokuho_domain::MyNumber;

use crate::text::push_padded;

/// Every demo My Number starts with these two digits.
pub const DEMO_MY_NUMBER_PREFIX: &str = "00";

const MODULUS: u64 = 1_000_000_000;

/// Members per household reserved in the numbering (slots 0..32).
pub(crate) const SLOTS_PER_HOUSEHOLD: u64 = 32;

/// The affine permutation of `0..10^9` used by one city.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NumberMint {
    mul: u64,
    add: u64,
}

/// SplitMix64 finaliser: spreads the seed's bits.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl NumberMint {
    pub(crate) fn new(seed: u64) -> NumberMint {
        // The multiplier must be coprime with 10^9 = 2^9 · 5^9: odd and not a multiple of 5.
        let mut mul = (mix(seed) % MODULUS) | 1;
        if mul.is_multiple_of(5) {
            mul = (mul + 2) % MODULUS;
        }
        let add = mix(seed ^ 0x6B6F_6B75_686F_2D4D) % MODULUS;
        NumberMint { mul, add }
    }

    /// The 12 digits of person (`household_index`, `slot`).
    pub(crate) fn digits(self, household_index: u32, slot: u8) -> String {
        let position = u64::from(household_index) * SLOTS_PER_HOUSEHOLD + u64::from(slot);
        // (mul · x + add) mod 10^9 without overflow: both factors are < 10^9 < 2^30.
        let body = ((self.mul * (position % MODULUS)) % MODULUS + self.add) % MODULUS;
        let mut digits = String::with_capacity(12);
        digits.push_str(DEMO_MY_NUMBER_PREFIX);
        push_padded(&mut digits, body, 9);
        let check = MyNumber::check_digit_for(&digits).unwrap_or(0);
        push_padded(&mut digits, u64::from(check), 1);
        digits
    }

    /// The number of person (`household_index`, `slot`), or `None` if it did not parse (cannot
    /// happen: the digits are 12 ASCII digits with the right check digit).
    pub(crate) fn number(self, household_index: u32, slot: u8) -> Option<MyNumber> {
        MyNumber::parse(&self.digits(household_index, slot)).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn numbers_are_valid_unique_and_marked() {
        let mint = NumberMint::new(12345);
        let mut seen = HashSet::new();
        for h in 0..5_000u32 {
            for slot in 0..8u8 {
                let d = mint.digits(h, slot);
                assert_eq!(d.len(), 12);
                assert!(d.starts_with(DEMO_MY_NUMBER_PREFIX));
                assert!(MyNumber::parse(&d).is_ok());
                assert!(seen.insert(d));
            }
        }
    }

    #[test]
    fn the_map_is_a_bijection_on_a_sample() {
        // An affine map with a unit multiplier is a permutation of Z/10^9; spot-check that
        // no two positions in a long run collide for several seeds.
        for seed in [0u64, 1, 5, 99, u64::MAX] {
            let mint = NumberMint::new(seed);
            assert_eq!(mint.mul % 2, 1);
            assert_ne!(mint.mul % 5, 0);
            let mut seen = HashSet::new();
            for x in 0..20_000u32 {
                assert!(seen.insert(mint.digits(x, 31)));
            }
        }
    }
}
