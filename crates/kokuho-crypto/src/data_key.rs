//! データ鍵 (data-encryption key, DEK) and its purpose.

use zeroize::Zeroize;

use crate::{CryptoError, KeyPurpose, Result, random};

/// Rejects placeholder keys whose bytes are all equal (all zeros, all 0xFF …).
pub(crate) fn check_not_uniform(bytes: &[u8]) -> Result<()> {
    match bytes.split_first() {
        Some((first, rest)) if rest.iter().any(|b| b != first) => Ok(()),
        _ => Err(CryptoError::WeakKey),
    }
}

/// データ鍵 (data-encryption key, DEK): 32 random bytes with a `key_id` and a [`KeyPurpose`].
///
/// Stored only wrapped by the [`crate::Kek`] (`Kek::wrap`). The bytes live on the heap, are
/// wiped on drop, and never appear in `Debug`. Not `Clone`: one owner per key.
pub struct DataKey {
    key_id: u32,
    purpose: KeyPurpose,
    bytes: Box<[u8; 32]>,
}

impl DataKey {
    /// A new random key (OS random source).
    ///
    /// # Errors
    /// [`CryptoError::Random`] if the OS random source fails.
    pub fn generate(key_id: u32, purpose: KeyPurpose) -> Result<Self> {
        let mut bytes = Box::new([0u8; 32]);
        random::fill(bytes.as_mut_slice())?;
        check_not_uniform(bytes.as_slice())?;
        Ok(Self { key_id, purpose, bytes })
    }

    /// A key from known bytes (known-answer tests; import from a key service). The caller's
    /// array is wiped.
    ///
    /// # Errors
    /// [`CryptoError::WeakKey`] if all bytes are equal.
    pub fn from_bytes(key_id: u32, purpose: KeyPurpose, bytes: &mut [u8; 32]) -> Result<Self> {
        let result = check_not_uniform(bytes.as_slice()).map(|()| Self {
            key_id,
            purpose,
            bytes: Box::new(*bytes),
        });
        bytes.zeroize();
        result
    }

    /// 鍵ID (key id), written into every ciphertext header.
    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    /// 鍵の用途.
    pub fn purpose(&self) -> KeyPurpose {
        self.purpose
    }

    /// The key bytes, for the ciphers of this crate only.
    pub(crate) fn bytes(&self) -> &[u8; 32] {
        &self.bytes
    }

    /// Fails unless the key has `expected` purpose.
    pub(crate) fn require(&self, expected: KeyPurpose) -> Result<()> {
        if self.purpose == expected {
            Ok(())
        } else {
            Err(CryptoError::WrongPurpose {
                expected,
                actual: self.purpose,
            })
        }
    }
}

impl Drop for DataKey {
    fn drop(&mut self) {
        self.bytes.zeroize();
    }
}

impl core::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("DataKey")
            .field("key_id", &self.key_id)
            .field("purpose", &self.purpose)
            .field("key", &"<redacted>")
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purpose_codes_and_names_round_trip() {
        for p in KeyPurpose::ALL {
            assert_eq!(KeyPurpose::from_code(p.code()), Some(p));
            assert_eq!(KeyPurpose::from_name(p.as_str()), Some(p));
        }
        assert_eq!(KeyPurpose::from_code(0), None);
        assert_eq!(KeyPurpose::from_name("x"), None);
        assert_ne!(KeyPurpose::MyNumberEncryption.code(), KeyPurpose::MyNumberIndex.code());
    }

    #[test]
    fn generated_keys_differ_and_debug_is_redacted() {
        let a = DataKey::generate(1, KeyPurpose::MyNumberEncryption).unwrap();
        let b = DataKey::generate(2, KeyPurpose::MyNumberEncryption).unwrap();
        assert_ne!(a.bytes(), b.bytes());
        let dbg = format!("{a:?}");
        assert!(dbg.contains("<redacted>"));
        assert!(!dbg.contains(&hex::encode(a.bytes())));
        assert!(!dbg.contains(&format!("{:?}", a.bytes())));
    }

    #[test]
    fn uniform_keys_are_refused_and_input_is_wiped() {
        let mut zeros = [0u8; 32];
        assert!(matches!(
            DataKey::from_bytes(1, KeyPurpose::MyNumberIndex, &mut zeros),
            Err(CryptoError::WeakKey)
        ));
        let mut key = [7u8; 32];
        key[0] = 8;
        let k = DataKey::from_bytes(1, KeyPurpose::MyNumberIndex, &mut key).unwrap();
        assert_eq!(key, [0u8; 32]);
        assert_eq!(k.bytes()[0], 8);
    }
}
