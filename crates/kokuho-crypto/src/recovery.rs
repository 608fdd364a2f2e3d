//! リカバリーコード (recovery codes): single-use codes that stand in for the second factor when
//! the authenticator is lost.
//!
//! # Format and strength
//! - 16 symbols from a 31-symbol alphabet without look-alikes ([`ALPHABET`]: no `0 o 1 l i`),
//!   shown in four groups: `abcd-efgh-jkmn-pqrs`.
//! - 16 × log₂31 ≈ **79.3 bits** of entropy per code ([`ENTROPY_BITS`]), drawn uniformly
//!   (rejection sampling) from the operating system's random source.
//! - Only a SHA-256 digest is stored (domain-separated, [`DIGEST_DOMAIN`]). A fast unsalted
//!   hash is enough *because* of the 79 bits: a thief of the digest table who tests 10¹⁰
//!   guesses per second against 10⁴ stored digests at once still needs about a century per
//!   hit on average. Three groups (12 symbols, 59 bits, which would satisfy "≥ 50 bits") would
//!   fall to the same attack in about an hour, so four groups were chosen.
//!
//! # Entry
//! [`find`] accepts what people actually type: upper or lower case, with or without hyphens
//! or spaces, full-width letters and digits (全角), and the long-vowel mark `ー` or other
//! dashes that a Japanese IME produces for `-`.
//!
//! # What the caller must do
//! Show the codes once (then drop them), store the digests, mark a digest used when
//! [`find`] returns its index (a used code is removed or flagged, never accepted again:
//! ASVS 6.5.1), rate-limit attempts, and notify the user when a code is used. Using a recovery
//! code should lead straight to re-enrolling the second factor (ASVS 6.4.4).

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

use crate::{Result, random};

/// The symbols of a code: digits 2–9 and lower-case letters without `i`, `l`, `o` (31).
pub const ALPHABET: &str = "23456789abcdefghjkmnpqrstuvwxyz";
/// Symbols per code (hyphens not counted).
pub const CODE_SYMBOLS: usize = 16;
/// Symbols per hyphen-separated group in the displayed form.
pub const GROUP_LEN: usize = 4;
/// Entropy of one code in whole bits: ⌊16 × log₂31⌋ = 79.
pub const ENTROPY_BITS: u32 = 79;
/// A sensible number of codes to issue at once.
pub const DEFAULT_COUNT: usize = 10;
/// Prefix hashed before the 16 normalised symbols.
pub const DIGEST_DOMAIN: &[u8] = b"kokuho-recovery-v1\0";

/// Number of symbols in [`ALPHABET`] (as a byte, for sampling).
const ALPHABET_LEN: u8 = 31;
/// Largest multiple of 31 that fits in a byte: bytes at or above it are rejected.
const SAMPLE_LIMIT: u8 = ALPHABET_LEN * 8;

/// 発行したリカバリーコード (issued codes): the codes to show once, and their digests to
/// store, in the same order.
pub type IssuedCodes = (Vec<Zeroizing<String>>, Vec<[u8; 32]>);

/// リカバリーコードの発行 (issue `n` recovery codes): the codes to show once
/// (`abcd-efgh-jkmn-pqrs`, wiped on drop) and, in the same order, the SHA-256 digests to store.
///
/// # Errors
/// [`crate::CryptoError::Random`].
pub fn generate(n: usize) -> Result<IssuedCodes> {
    let mut codes = Vec::with_capacity(n);
    let mut digests = Vec::with_capacity(n);
    for _ in 0..n {
        let symbols = random_symbols()?;
        let mut shown = Zeroizing::new(String::with_capacity(CODE_SYMBOLS + CODE_SYMBOLS / GROUP_LEN));
        for (i, &c) in symbols.iter().enumerate() {
            if i > 0 && i % GROUP_LEN == 0 {
                shown.push('-');
            }
            shown.push(char::from(c));
        }
        digests.push(digest_symbols(&symbols));
        codes.push(shown);
    }
    Ok((codes, digests))
}

/// リカバリーコードの照合 (find a code): the index in `stored` of the digest of `code`, or
/// `None`. Every stored digest is compared, in constant time, whatever the outcome; the first
/// match is returned.
pub fn find(code: &str, stored: &[[u8; 32]]) -> Option<usize> {
    let wanted = digest(code)?;
    let mut found = None;
    for (i, candidate) in stored.iter().enumerate() {
        let equal: bool = wanted.ct_eq(candidate).into();
        if equal && found.is_none() {
            found = Some(i);
        }
    }
    found
}

/// ダイジェスト (the digest to store) of a code as typed, after normalisation; `None` when the
/// input is not 16 symbols of [`ALPHABET`] (plus separators).
pub fn digest(code: &str) -> Option<[u8; 32]> {
    let symbols = normalize(code)?;
    Some(digest_symbols(&symbols))
}

/// SHA-256(`DIGEST_DOMAIN` ‖ 16 symbols).
fn digest_symbols(symbols: &[u8; CODE_SYMBOLS]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(DIGEST_DOMAIN);
    hasher.update(symbols);
    hasher.finalize().into()
}

/// 16 uniformly random symbols of [`ALPHABET`].
fn random_symbols() -> Result<Zeroizing<[u8; CODE_SYMBOLS]>> {
    let mut symbols = Zeroizing::new([0u8; CODE_SYMBOLS]);
    let mut filled = 0usize;
    let mut pool = Zeroizing::new([0u8; 32]);
    while filled < CODE_SYMBOLS {
        random::fill(pool.as_mut_slice())?;
        for &byte in pool.iter() {
            // Rejection sampling: 248 = 8 × 31, so `byte % 31` is uniform below the limit.
            if byte >= SAMPLE_LIMIT {
                continue;
            }
            let Some(&symbol) = ALPHABET.as_bytes().get(usize::from(byte % ALPHABET_LEN)) else {
                continue;
            };
            let Some(slot) = symbols.get_mut(filled) else {
                break;
            };
            *slot = symbol;
            filled += 1;
        }
    }
    Ok(symbols)
}

/// Whether `c` separates groups: whitespace, `-` and `_`, Unicode dashes and minus, and the
/// long-vowel mark (`ー`) that a Japanese IME types for `-`.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '_' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{30FC}' | '\u{FF70}'
        )
}

/// NFKC (full-width → ASCII), lower case, separators removed; exactly 16 alphabet symbols.
fn normalize(code: &str) -> Option<Zeroizing<[u8; CODE_SYMBOLS]>> {
    let mut out = Zeroizing::new([0u8; CODE_SYMBOLS]);
    let mut len = 0usize;
    for c in code.nfkc() {
        if is_separator(c) {
            continue;
        }
        let c = c.to_ascii_lowercase();
        if !c.is_ascii() || !ALPHABET.contains(c) {
            return None;
        }
        let slot = out.get_mut(len)?;
        *slot = u8::try_from(c).ok()?;
        len += 1;
    }
    (len == CODE_SYMBOLS).then_some(out)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn alphabet_is_unambiguous() {
        assert_eq!(ALPHABET.len(), usize::from(ALPHABET_LEN));
        let unique: HashSet<char> = ALPHABET.chars().collect();
        assert_eq!(unique.len(), ALPHABET.len());
        for confusable in ['0', '1', 'o', 'l', 'i'] {
            assert!(!ALPHABET.contains(confusable));
        }
        let bits = CODE_SYMBOLS as f64 * f64::from(ALPHABET_LEN).log2();
        assert!(bits >= 50.0);
        assert_eq!(bits.floor() as u32, ENTROPY_BITS);
    }

    #[test]
    fn generated_codes_look_right_and_are_found() {
        let (codes, digests) = generate(DEFAULT_COUNT).unwrap();
        assert_eq!(codes.len(), DEFAULT_COUNT);
        assert_eq!(digests.len(), DEFAULT_COUNT);
        for (i, code) in codes.iter().enumerate() {
            assert_eq!(code.len(), 19, "{}", code.as_str());
            let groups: Vec<&str> = code.split('-').collect();
            assert_eq!(groups.len(), 4);
            assert!(groups.iter().all(|g| g.len() == GROUP_LEN));
            assert!(code.chars().all(|c| c == '-' || ALPHABET.contains(c)));
            assert_eq!(find(code, &digests), Some(i));
            assert_eq!(digest(code), digests.get(i).copied());
        }
        let unique: HashSet<&str> = codes.iter().map(|c| c.as_str()).collect();
        assert_eq!(unique.len(), DEFAULT_COUNT);
        assert!(generate(0).unwrap().0.is_empty());
    }

    #[test]
    fn normalisation_of_input() {
        let stored = [
            digest("2345-6789-abcd-efgh").unwrap(),
            digest("jkmn-pqrs-tuvw-xyz2").unwrap(),
        ];
        for typed in [
            "jkmn-pqrs-tuvw-xyz2",
            "JKMN-PQRS-TUVW-XYZ2",
            "jkmnpqrstuvwxyz2",
            " jkmn pqrs tuvw xyz2 ",
            "ｊｋｍｎ－ｐｑｒｓ－ｔｕｖｗ－ｘｙｚ２",
            "ＪＫＭＮ　ＰＱＲＳ　ＴＵＶＷ　ＸＹＺ２",
            "jkmnーpqrsーtuvwーxyz2",
            "jkmn\u{2212}pqrs\u{2010}tuvw\u{2013}xyz2",
        ] {
            assert_eq!(find(typed, &stored), Some(1), "{typed}");
        }
        assert_eq!(find("2345-6789-ABCD-EFGH", &stored), Some(0));
    }

    #[test]
    fn wrong_or_malformed_codes() {
        let stored = [digest("2345-6789-abcd-efgh").unwrap()];
        for typed in [
            "",
            "2345-6789-abcd-efgj",    // one symbol off
            "2345-6789-abcd-efg",     // too short
            "2345-6789-abcd-efghh",   // too long
            "2345-6789-abcd-efg0",    // 0 is not in the alphabet
            "2345-6789-abcd-efgi",    // neither is i
            "2345-6789-abcd-efgh-ab", // extra group
            "2345/6789/abcd/efgh",    // not a separator
        ] {
            assert_eq!(find(typed, &stored), None, "{typed}");
        }
        assert_eq!(find("2345-6789-abcd-efgh", &[]), None);
    }

    #[test]
    fn first_match_wins_and_all_are_compared() {
        let d = digest("2345-6789-abcd-efgh").unwrap();
        let other = digest("2345-6789-abcd-efgj").unwrap();
        assert_eq!(find("2345-6789-abcd-efgh", &[other, d, d]), Some(1));
    }

    #[test]
    fn digest_known_answer() {
        // python3: hashlib.sha256(b"kokuho-recovery-v1\0" + b"23456789abcdefgh").hexdigest()
        assert_eq!(
            hex::encode(digest("2345-6789-abcd-efgh").unwrap()),
            "1f2c8c81a3b37d8a20d6764e2f7ebc9b166ca640ae7f117e1da8677d498059f2"
        );
    }

    #[test]
    fn symbols_are_uniform() {
        // 5000 codes × 16 symbols = 80000 draws. Chi-square with 30 degrees of freedom:
        // P(χ² > 90) ≈ 7×10⁻⁸ for a uniform sampler, while `byte % 31` without rejection
        // (symbols 2..9 drawn 9/8 as often) gives χ² ≈ 250.
        let draws = 5000 * CODE_SYMBOLS;
        let mut counts = [0u32; 31];
        for _ in 0..5000 {
            for &s in random_symbols().unwrap().iter() {
                let idx = ALPHABET.bytes().position(|a| a == s).unwrap();
                counts[idx] += 1;
            }
        }
        let expected = draws as f64 / 31.0;
        let chi2: f64 = counts
            .iter()
            .map(|&c| (f64::from(c) - expected).powi(2) / expected)
            .sum();
        assert!(chi2 < 90.0, "chi2 = {chi2}, counts = {counts:?}");
    }
}
