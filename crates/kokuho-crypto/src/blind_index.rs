//! 検索用索引 (blind index) of the 個人番号 (C15).

use hmac::{Hmac, KeyInit, Mac};
use kokuho_domain::MyNumber;
use sha2::Sha256;

use crate::{CryptoError, DataKey, KeyPurpose, Result};

/// Domain-separation prefix hashed before the 12 digits.
pub const BLIND_INDEX_DOMAIN: &[u8] = b"kokuho-mynumber-v1";

/// 検索用索引 (blind index): `HMAC-SHA256(index key, "kokuho-mynumber-v1" ‖ 12 digits)`.
///
/// Full length (32 bytes), so the database can hold a UNIQUE index on it and catch the same
/// number on two 宛名番号 (C13). It leaks equality by design (security.md §5.2 option (a)).
///
/// **The index value is 個人番号 in law** (PPC FAQ Q9-4): never log it, never put it in an audit
/// record or a DTO, and never use it as a join key outside the 個人番号利用事務 boundary. With only
/// ~10¹¹ possible numbers, a leaked index key lets the whole column be brute-forced, so the
/// index key is guarded like the encryption key (it is a separate [`DataKey`] of purpose
/// [`KeyPurpose::MyNumberIndex`]).
pub struct BlindIndex {
    key_id: u32,
    mac: Hmac<Sha256>,
}

impl BlindIndex {
    /// A blind index over an index data key.
    ///
    /// # Errors
    /// [`CryptoError::WrongPurpose`] for an encryption key.
    pub fn new(key: &DataKey) -> Result<Self> {
        key.require(KeyPurpose::MyNumberIndex)?;
        let mac =
            <Hmac<Sha256> as KeyInit>::new_from_slice(key.bytes().as_slice()).map_err(|_| CryptoError::WeakKey)?;
        Ok(Self {
            key_id: key.key_id(),
            mac,
        })
    }

    /// 鍵ID of the index key (store it next to the index, for rotation cutovers).
    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    /// The index of a 個人番号.
    pub fn index(&self, number: &MyNumber) -> [u8; 32] {
        let mut mac = self.mac.clone();
        mac.update(BLIND_INDEX_DOMAIN);
        // One of the three permitted callers of `expose_digits` (blind index).
        mac.update(number.expose_digits().as_bytes());
        mac.finalize().into_bytes().into()
    }
}

impl core::fmt::Debug for BlindIndex {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("BlindIndex")
            .field("key_id", &self.key_id)
            .field("key", &"<redacted>")
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> MyNumber {
        MyNumber::parse(s).unwrap()
    }

    fn index_key(id: u32) -> DataKey {
        DataKey::generate(id, KeyPurpose::MyNumberIndex).unwrap()
    }

    #[test]
    fn known_answer() {
        // python3: hmac.new(bytes(range(32)), b"kokuho-mynumber-v1" + b"123456789018", sha256)
        let mut bytes: [u8; 32] = core::array::from_fn(|i| u8::try_from(i).unwrap());
        let key = DataKey::from_bytes(1, KeyPurpose::MyNumberIndex, &mut bytes).unwrap();
        let bi = BlindIndex::new(&key).unwrap();
        assert_eq!(
            hex::encode(bi.index(&n("123456789018"))),
            "d546d97f7cb04598f46c1232d78c9721aefde9fde62e01d322516ab8fe9d7e6d"
        );
    }

    #[test]
    fn stable_for_the_same_number_in_any_spelling() {
        let bi = BlindIndex::new(&index_key(1)).unwrap();
        assert_eq!(bi.index(&n("123456789018")), bi.index(&n("1234 5678 9018")));
        assert_eq!(bi.index(&n("123456789018")), bi.index(&n("１２３４５６７８９０１８")));
    }

    #[test]
    fn differs_for_another_number_and_another_key() {
        let a = BlindIndex::new(&index_key(1)).unwrap();
        let b = BlindIndex::new(&index_key(2)).unwrap();
        assert_ne!(a.index(&n("123456789018")), a.index(&n("987654321093")));
        assert_ne!(a.index(&n("123456789018")), b.index(&n("123456789018")));
    }

    #[test]
    fn encryption_key_is_refused() {
        let k = DataKey::generate(1, KeyPurpose::MyNumberEncryption).unwrap();
        assert!(matches!(BlindIndex::new(&k), Err(CryptoError::WrongPurpose { .. })));
    }

    #[test]
    fn debug_is_redacted() {
        let bi = BlindIndex::new(&index_key(5)).unwrap();
        assert_eq!(format!("{bi:?}"), "BlindIndex { key_id: 5, key: \"<redacted>\" }");
    }
}
