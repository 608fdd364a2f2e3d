//! ハッシュチェーン (hash chain) of the 異動 journal and the audit trail.
//!
//! `h₀ = GENESIS = 0³²`, `hᵢ = SHA-256(hᵢ₋₁ ‖ len(entryᵢ) as u64 big-endian ‖ entryᵢ)`.
//!
//! Anyone can recompute it with standard tools, e.g. for the first entry `hello`:
//! `(head -c 32 /dev/zero; printf '\0\0\0\0\0\0\0\5hello') | sha256sum`. The entry bytes are the
//! canonical encoding chosen by the journal or the audit writer; they must not contain a
//! 個人番号 or its blind index. A chain hash is not personal data, so it has a hex `Display`.

use sha2::{Digest, Sha256};

use crate::{CryptoError, Result};

/// チェーンハッシュ (chain hash): SHA-256 linking an entry to all entries before it.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ChainHash(pub [u8; 32]);

impl ChainHash {
    /// The hash before the first entry: 32 zero bytes.
    pub const GENESIS: ChainHash = ChainHash([0u8; 32]);

    /// The hash after appending `entry_bytes` to the chain ending in `self`.
    #[must_use]
    pub fn then(&self, entry_bytes: &[u8]) -> ChainHash {
        next(self, entry_bytes)
    }

    /// The 32 bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// 64 lowercase hex digits.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// Parses 64 hex digits.
    ///
    /// # Errors
    /// [`CryptoError::ChainHashFormat`].
    pub fn from_hex(text: &str) -> Result<Self> {
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(text, &mut bytes).map_err(|_| CryptoError::ChainHashFormat)?;
        Ok(Self(bytes))
    }
}

/// `SHA-256(prev ‖ len(entry_bytes) as u64 BE ‖ entry_bytes)`.
pub fn next(prev: &ChainHash, entry_bytes: &[u8]) -> ChainHash {
    let len = u64::try_from(entry_bytes.len()).unwrap_or(u64::MAX);
    let mut hasher = Sha256::new();
    hasher.update(prev.0);
    hasher.update(len.to_be_bytes());
    hasher.update(entry_bytes);
    ChainHash(hasher.finalize().into())
}

/// Recomputes a chain from `start` over `(entry bytes, stored hash)` pairs and returns the last
/// hash, or the 1-based position of the first entry whose stored hash does not match (an edited,
/// missing, inserted or reordered entry).
///
/// # Errors
/// [`CryptoError::ChainBroken`].
pub fn verify<'a, I>(start: ChainHash, entries: I) -> Result<ChainHash>
where
    I: IntoIterator<Item = (&'a [u8], ChainHash)>,
{
    let mut current = start;
    for (position, (entry, stored)) in (1u64..).zip(entries) {
        current = next(&current, entry);
        if current != stored {
            return Err(CryptoError::ChainBroken { position });
        }
    }
    Ok(current)
}

impl core::fmt::Display for ChainHash {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl core::fmt::Debug for ChainHash {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "ChainHash({})", self.to_hex())
    }
}

impl core::str::FromStr for ChainHash {
    type Err = CryptoError;
    fn from_str(s: &str) -> Result<Self> {
        Self::from_hex(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_answers() {
        // Independently: (head -c 32 /dev/zero; printf '\0\0\0\0\0\0\0\5hello') | sha256sum
        let h1 = next(&ChainHash::GENESIS, b"hello");
        assert_eq!(
            h1.to_string(),
            "e38df7ec49cbc11a80facccb970de49e52af494e5d35a09b4d47b9aeda0c8787"
        );
        // python3: sha256(h1 ‖ u64be(0))
        let h2 = h1.then(b"");
        assert_eq!(
            h2.to_hex(),
            "89344f3e08d301554c55cd5ede36c35d81c5485458de80cc2a42956d79447059"
        );
        // python3: sha256(h2 ‖ u64be(6) ‖ "異動".encode())
        let h3 = next(&h2, "異動".as_bytes());
        assert_eq!(
            h3.to_hex(),
            "75254587351f9a87a4721b752422db74df28fa67eb97a83353d01a8f8c39071b"
        );
        assert_eq!(ChainHash::GENESIS.to_hex(), "0".repeat(64));
        assert_eq!(
            format!("{h1:?}"),
            "ChainHash(e38df7ec49cbc11a80facccb970de49e52af494e5d35a09b4d47b9aeda0c8787)"
        );
    }

    #[test]
    fn hex_round_trip() {
        let h = next(&ChainHash::GENESIS, b"x");
        assert_eq!(ChainHash::from_hex(&h.to_hex()).unwrap(), h);
        assert_eq!(h.to_hex().parse::<ChainHash>().unwrap(), h);
        assert!(ChainHash::from_hex("00").is_err());
        assert!(ChainHash::from_hex(&"g".repeat(64)).is_err());
    }

    #[test]
    fn length_prefix_separates_entries() {
        // ("ab","c") and ("a","bc") concatenate to the same bytes but chain differently.
        let a = next(&next(&ChainHash::GENESIS, b"ab"), b"c");
        let b = next(&next(&ChainHash::GENESIS, b"a"), b"bc");
        assert_ne!(a, b);
    }

    fn build(entries: &[&[u8]]) -> Vec<ChainHash> {
        let mut h = ChainHash::GENESIS;
        entries
            .iter()
            .map(|e| {
                h = next(&h, e);
                h
            })
            .collect()
    }

    #[test]
    fn detects_changed_missing_and_reordered_entries() {
        let entries: Vec<&[u8]> = vec![b"one", b"two", b"three", b"four"];
        let hashes = build(&entries);
        let pairs = |es: &[&'static [u8]]| -> Vec<(&'static [u8], ChainHash)> {
            es.iter().copied().zip(hashes.iter().copied()).collect()
        };
        let last = verify(ChainHash::GENESIS, pairs(&[b"one", b"two", b"three", b"four"])).unwrap();
        assert_eq!(last, hashes[3]);
        // changed entry 3
        assert!(matches!(
            verify(ChainHash::GENESIS, pairs(&[b"one", b"two", b"thr3e", b"four"])),
            Err(CryptoError::ChainBroken { position: 3 })
        ));
        // reordered
        assert!(matches!(
            verify(ChainHash::GENESIS, pairs(&[b"two", b"one", b"three", b"four"])),
            Err(CryptoError::ChainBroken { position: 1 })
        ));
        // entry 2 deleted (its hash goes with it)
        let deleted = vec![
            (entries[0], hashes[0]),
            (entries[2], hashes[2]),
            (entries[3], hashes[3]),
        ];
        assert!(matches!(
            verify(ChainHash::GENESIS, deleted),
            Err(CryptoError::ChainBroken { position: 2 })
        ));
        // a changed stored hash
        let mut tampered: Vec<_> = pairs(&[b"one", b"two", b"three", b"four"]);
        tampered[3].1.0[0] ^= 1;
        assert!(matches!(
            verify(ChainHash::GENESIS, tampered),
            Err(CryptoError::ChainBroken { position: 4 })
        ));
        assert!(CryptoError::ChainBroken { position: 4 }.to_string().contains("4件目"));
    }
}
