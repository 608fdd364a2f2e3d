//! The per-household random source and small integer-only sampling helpers.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::days::Day;

/// Domain-separation tag mixed into every key, so that a demo seed never produces the same
/// stream as another use of ChaCha with the same number.
const KEY_TAG: &[u8; 16] = b"kokuho-demo-v1\0\0";

/// The random source of one household: ChaCha8 keyed by the city seed, stream = household index.
///
/// Every household has its own stream, so household `i` is a pure function of
/// `(seed, as_of, i)` and can be generated in any order or in parallel.
pub(crate) struct Gen {
    rng: ChaCha8Rng,
}

impl Gen {
    pub(crate) fn new(seed: u64, index: u32) -> Gen {
        let mut key = [0u8; 32];
        let (seed_part, tag_part) = key.split_at_mut(8);
        seed_part.copy_from_slice(&seed.to_le_bytes());
        for (dst, src) in tag_part.iter_mut().zip(KEY_TAG.iter()) {
            *dst = *src;
        }
        let mut rng = ChaCha8Rng::from_seed(key);
        rng.set_stream(u64::from(index));
        Gen { rng }
    }

    /// Uniform in `0..n`; 0 when `n == 0`.
    pub(crate) fn below(&mut self, n: u32) -> u32 {
        if n == 0 { 0 } else { self.rng.random_range(0..n) }
    }

    /// Uniform in `lo..=hi`; `lo` when the range is empty.
    pub(crate) fn int(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo { lo } else { self.rng.random_range(lo..=hi) }
    }

    /// Uniform in `lo..=hi`; `lo` when the range is empty.
    pub(crate) fn int32(&mut self, lo: i32, hi: i32) -> i32 {
        if hi <= lo { lo } else { self.rng.random_range(lo..=hi) }
    }

    /// True with probability `num / den` (exact, integer).
    pub(crate) fn chance(&mut self, num: u32, den: u32) -> bool {
        num > 0 && (num >= den || self.below(den) < num)
    }

    /// A day uniformly in `lo..=hi`; `lo` when the range is empty.
    pub(crate) fn day(&mut self, lo: Day, hi: Day) -> Day {
        Day(self.int32(lo.0, hi.0))
    }

    /// One element chosen uniformly, or `fallback` for an empty slice.
    pub(crate) fn pick<T: Copy>(&mut self, items: &[T], fallback: T) -> T {
        let n = u32::try_from(items.len()).unwrap_or(u32::MAX);
        let i = usize::try_from(self.below(n)).unwrap_or(0);
        items.get(i).copied().unwrap_or(fallback)
    }

    /// One value chosen by integer weight; `fallback` if every weight is 0.
    pub(crate) fn weighted<T: Copy>(&mut self, table: &[(u32, T)], fallback: T) -> T {
        let total: u32 = table.iter().map(|(w, _)| *w).sum();
        let mut r = self.below(total);
        for (w, v) in table {
            if r < *w {
                return *v;
            }
            r -= w;
        }
        fallback
    }

    /// A value from weighted integer bands `(weight, lo, hi)`: pick a band, then uniform in it.
    /// This is how every skewed distribution of the generator is expressed (no floating point).
    pub(crate) fn banded(&mut self, bands: &[(u32, i64, i64)]) -> i64 {
        let (lo, hi) = self.weighted_band(bands);
        self.int(lo, hi)
    }

    fn weighted_band(&mut self, bands: &[(u32, i64, i64)]) -> (i64, i64) {
        let total: u32 = bands.iter().map(|(w, _, _)| *w).sum();
        let mut r = self.below(total);
        for (w, lo, hi) in bands {
            if r < *w {
                return (*lo, *hi);
            }
            r -= w;
        }
        (0, 0)
    }

    /// An amount of yen from bands, rounded down to 1,000 yen like most income figures.
    pub(crate) fn yen_banded(&mut self, bands: &[(u32, i64, i64)]) -> i64 {
        let v = self.banded(bands);
        v - v.rem_euclid(1000)
    }

    /// An age (whole years) from bands.
    pub(crate) fn age(&mut self, bands: &[(u32, i32, i32)]) -> i32 {
        let total: u32 = bands.iter().map(|(w, _, _)| *w).sum();
        let mut r = self.below(total);
        for (w, lo, hi) in bands {
            if r < *w {
                return self.int32(*lo, *hi);
            }
            r -= w;
        }
        40
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a: Vec<u32> = {
            let mut g = Gen::new(7, 3);
            (0..8).map(|_| g.below(1_000_000)).collect()
        };
        let b: Vec<u32> = {
            let mut g = Gen::new(7, 3);
            (0..8).map(|_| g.below(1_000_000)).collect()
        };
        let c: Vec<u32> = {
            let mut g = Gen::new(7, 4);
            (0..8).map(|_| g.below(1_000_000)).collect()
        };
        let d: Vec<u32> = {
            let mut g = Gen::new(8, 3);
            (0..8).map(|_| g.below(1_000_000)).collect()
        };
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a, d);
    }

    #[test]
    fn helpers_stay_in_range_and_handle_empty_input() {
        let mut g = Gen::new(1, 1);
        for _ in 0..1000 {
            let v = g.int(-5, 5);
            assert!((-5..=5).contains(&v));
            let y = g.yen_banded(&[(1, 1_500, 2_999)]);
            assert_eq!(y, 1_000.max(y));
            assert_eq!(y % 1000, 0);
        }
        assert_eq!(g.int(3, 3), 3);
        assert_eq!(g.int(4, 3), 4);
        assert_eq!(g.below(0), 0);
        assert!(!g.chance(0, 10));
        assert!(g.chance(10, 10));
        assert_eq!(g.pick::<u8>(&[], 9), 9);
        assert_eq!(g.weighted::<u8>(&[(0, 1)], 9), 9);
    }

    #[test]
    fn chance_is_close_to_its_ratio() {
        let mut g = Gen::new(42, 0);
        let hits = (0..100_000).filter(|_| g.chance(3, 100)).count();
        assert!((2_700..3_300).contains(&hits), "{hits}");
    }
}
