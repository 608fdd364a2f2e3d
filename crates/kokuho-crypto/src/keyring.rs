//! 鍵リング (keyring): the current keys and the older ones kept for decryption.

use std::collections::BTreeMap;

use kokuho_domain::MyNumber;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::field::my_number_from_plaintext;
use crate::{Aad, BlindIndex, CryptoError, DataKey, FieldCipher, Kek, KeyPurpose, Result, ciphertext_key_id};

/// A wrapped data key as stored in the `data_keys` table.
#[derive(Debug, Clone, Copy)]
pub struct WrappedKey<'a> {
    /// 鍵ID.
    pub key_id: u32,
    /// 鍵の用途.
    pub purpose: KeyPurpose,
    /// Output of [`Kek::wrap`].
    pub wrapped: &'a [u8],
}

/// 鍵リング (keyring): the current encryption key and index key, plus older keys by `key_id`.
///
/// New ciphertexts and index values always use the current keys; decryption picks the key named
/// in the ciphertext header, so rows written before a rotation stay readable (C16, the rotation
/// job itself comes later). Key ids are unique across the whole ring, whatever the purpose.
pub struct Keyring {
    encryption: FieldCipher,
    index: BlindIndex,
    older_encryption: BTreeMap<u32, FieldCipher>,
    older_index: BTreeMap<u32, BlindIndex>,
}

impl Keyring {
    /// A keyring with the current encryption key and index key.
    ///
    /// # Errors
    /// [`CryptoError::WrongPurpose`] when a key has the wrong purpose,
    /// [`CryptoError::DuplicateKeyId`] when both have the same id, and
    /// [`CryptoError::SameKeyMaterial`] when both hold the same bytes.
    pub fn new(encryption: &DataKey, index: &DataKey) -> Result<Self> {
        encryption.require(KeyPurpose::MyNumberEncryption)?;
        index.require(KeyPurpose::MyNumberIndex)?;
        if encryption.key_id() == index.key_id() {
            return Err(CryptoError::DuplicateKeyId { key_id: index.key_id() });
        }
        if bool::from(encryption.bytes().ct_eq(index.bytes())) {
            return Err(CryptoError::SameKeyMaterial);
        }
        Ok(Self {
            encryption: FieldCipher::new(encryption)?,
            index: BlindIndex::new(index)?,
            older_encryption: BTreeMap::new(),
            older_index: BTreeMap::new(),
        })
    }

    /// Unwraps stored keys with the KEK and builds the ring: `current_encryption` and
    /// `current_index` name the current keys, every other key becomes an older key.
    ///
    /// # Errors
    /// Any unwrap error, [`CryptoError::UnknownKeyId`] if a current key is missing, or the
    /// errors of [`Keyring::new`] and [`Keyring::add_older`].
    pub fn from_wrapped<'a>(
        kek: &Kek,
        current_encryption: u32,
        current_index: u32,
        keys: impl IntoIterator<Item = WrappedKey<'a>>,
    ) -> Result<Self> {
        let mut enc: Option<DataKey> = None;
        let mut idx: Option<DataKey> = None;
        let mut older = Vec::new();
        for k in keys {
            let key = kek.unwrap(k.key_id, k.purpose, k.wrapped)?;
            match (k.purpose, k.key_id) {
                (KeyPurpose::MyNumberEncryption, id) if id == current_encryption => {
                    if enc.replace(key).is_some() {
                        return Err(CryptoError::DuplicateKeyId { key_id: id });
                    }
                }
                (KeyPurpose::MyNumberIndex, id) if id == current_index => {
                    if idx.replace(key).is_some() {
                        return Err(CryptoError::DuplicateKeyId { key_id: id });
                    }
                }
                _ => older.push(key),
            }
        }
        let enc = enc.ok_or(CryptoError::UnknownKeyId {
            key_id: current_encryption,
        })?;
        let idx = idx.ok_or(CryptoError::UnknownKeyId { key_id: current_index })?;
        let mut ring = Self::new(&enc, &idx)?;
        for key in &older {
            ring.add_older(key)?;
        }
        Ok(ring)
    }

    /// Adds an older (retired) key of either purpose, used only to read existing data.
    ///
    /// # Errors
    /// [`CryptoError::DuplicateKeyId`] if the id is already in the ring.
    pub fn add_older(&mut self, key: &DataKey) -> Result<()> {
        let id = key.key_id();
        if self.contains_key_id(id) {
            return Err(CryptoError::DuplicateKeyId { key_id: id });
        }
        match key.purpose() {
            KeyPurpose::MyNumberEncryption => {
                self.older_encryption.insert(id, FieldCipher::new(key)?);
            }
            KeyPurpose::MyNumberIndex => {
                self.older_index.insert(id, BlindIndex::new(key)?);
            }
        }
        Ok(())
    }

    fn contains_key_id(&self, id: u32) -> bool {
        self.encryption.key_id() == id
            || self.index.key_id() == id
            || self.older_encryption.contains_key(&id)
            || self.older_index.contains_key(&id)
    }

    /// 鍵ID of the current encryption key.
    pub fn encryption_key_id(&self) -> u32 {
        self.encryption.key_id()
    }

    /// 鍵ID of the current index key.
    pub fn index_key_id(&self) -> u32 {
        self.index.key_id()
    }

    /// The cipher for a ciphertext's key id (current or older).
    ///
    /// # Errors
    /// [`CryptoError::UnknownKeyId`].
    pub fn cipher_for(&self, key_id: u32) -> Result<&FieldCipher> {
        if key_id == self.encryption.key_id() {
            return Ok(&self.encryption);
        }
        self.older_encryption
            .get(&key_id)
            .ok_or(CryptoError::UnknownKeyId { key_id })
    }

    /// Encrypts with the current key.
    ///
    /// # Errors
    /// As [`FieldCipher::encrypt`].
    pub fn encrypt(&self, plaintext: &[u8], aad: &Aad) -> Result<Vec<u8>> {
        self.encryption.encrypt(plaintext, aad)
    }

    /// Decrypts with the key named in the ciphertext header.
    ///
    /// # Errors
    /// [`CryptoError::UnknownKeyId`] or as [`FieldCipher::decrypt`].
    pub fn decrypt(&self, ciphertext: &[u8], aad: &Aad) -> Result<Zeroizing<Vec<u8>>> {
        self.cipher_for(ciphertext_key_id(ciphertext)?)?
            .decrypt(ciphertext, aad)
    }

    /// Encrypts a 個人番号 with the current key.
    ///
    /// # Errors
    /// As [`FieldCipher::encrypt`].
    pub fn encrypt_my_number(&self, number: &MyNumber, aad: &Aad) -> Result<Vec<u8>> {
        self.encryption.encrypt_my_number(number, aad)
    }

    /// Decrypts a 個人番号 with the key named in the ciphertext header.
    ///
    /// # Errors
    /// As [`Keyring::decrypt`], or [`CryptoError::DecryptedMyNumberInvalid`].
    pub fn decrypt_my_number(&self, ciphertext: &[u8], aad: &Aad) -> Result<MyNumber> {
        let plain = self.decrypt(ciphertext, aad)?;
        my_number_from_plaintext(&plain)
    }

    /// Whether a ciphertext was made with an older key and should be re-encrypted (C16).
    ///
    /// # Errors
    /// As [`ciphertext_key_id`].
    pub fn needs_reencryption(&self, ciphertext: &[u8]) -> Result<bool> {
        Ok(ciphertext_key_id(ciphertext)? != self.encryption.key_id())
    }

    /// The blind index of a 個人番号 under the current index key.
    pub fn blind_index(&self, number: &MyNumber) -> [u8; 32] {
        self.index.index(number)
    }

    /// The blind index under a given index key (current or older), for the dual-index cutover
    /// of a rotation.
    ///
    /// # Errors
    /// [`CryptoError::UnknownKeyId`].
    pub fn blind_index_with(&self, key_id: u32, number: &MyNumber) -> Result<[u8; 32]> {
        if key_id == self.index.key_id() {
            return Ok(self.index.index(number));
        }
        self.older_index
            .get(&key_id)
            .map(|bi| bi.index(number))
            .ok_or(CryptoError::UnknownKeyId { key_id })
    }
}

impl core::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Keyring")
            .field("encryption_key_id", &self.encryption.key_id())
            .field("index_key_id", &self.index.key_id())
            .field(
                "older_encryption_key_ids",
                &self.older_encryption.keys().collect::<Vec<_>>(),
            )
            .field("older_index_key_ids", &self.older_index.keys().collect::<Vec<_>>())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kokuho_domain::InsurerNo;

    fn aad(row: &str) -> Aad {
        Aad::new("resident", "my_number", &InsurerNo::parse("272013").unwrap(), row)
    }

    fn n() -> MyNumber {
        MyNumber::parse("123456789018").unwrap()
    }

    #[test]
    fn refuses_mixed_up_keys() {
        let enc = DataKey::generate(1, KeyPurpose::MyNumberEncryption).unwrap();
        let idx = DataKey::generate(2, KeyPurpose::MyNumberIndex).unwrap();
        assert!(matches!(
            Keyring::new(&idx, &enc),
            Err(CryptoError::WrongPurpose { .. })
        ));
        let idx_same_id = DataKey::generate(1, KeyPurpose::MyNumberIndex).unwrap();
        assert!(matches!(
            Keyring::new(&enc, &idx_same_id),
            Err(CryptoError::DuplicateKeyId { key_id: 1 })
        ));
        // Same bytes under both purposes: index key must differ from the encryption key.
        let mut bytes: [u8; 32] = core::array::from_fn(|i| u8::try_from(i).unwrap());
        let mut copy = bytes;
        let e = DataKey::from_bytes(1, KeyPurpose::MyNumberEncryption, &mut bytes).unwrap();
        let i = DataKey::from_bytes(2, KeyPurpose::MyNumberIndex, &mut copy).unwrap();
        assert!(matches!(Keyring::new(&e, &i), Err(CryptoError::SameKeyMaterial)));
    }

    #[test]
    fn rotation_keeps_old_rows_readable() {
        let old_enc = DataKey::generate(1, KeyPurpose::MyNumberEncryption).unwrap();
        let old_idx = DataKey::generate(2, KeyPurpose::MyNumberIndex).unwrap();
        let old_ring = Keyring::new(&old_enc, &old_idx).unwrap();
        let old_ct = old_ring.encrypt_my_number(&n(), &aad("1")).unwrap();
        let old_bi = old_ring.blind_index(&n());

        let new_enc = DataKey::generate(3, KeyPurpose::MyNumberEncryption).unwrap();
        let new_idx = DataKey::generate(4, KeyPurpose::MyNumberIndex).unwrap();
        let mut ring = Keyring::new(&new_enc, &new_idx).unwrap();
        assert!(matches!(
            ring.decrypt_my_number(&old_ct, &aad("1")),
            Err(CryptoError::UnknownKeyId { key_id: 1 })
        ));
        ring.add_older(&old_enc).unwrap();
        ring.add_older(&old_idx).unwrap();
        assert!(matches!(
            ring.add_older(&old_enc),
            Err(CryptoError::DuplicateKeyId { key_id: 1 })
        ));
        assert_eq!(ring.decrypt_my_number(&old_ct, &aad("1")).unwrap(), n());
        assert!(ring.needs_reencryption(&old_ct).unwrap());
        let new_ct = ring.encrypt_my_number(&n(), &aad("1")).unwrap();
        assert!(!ring.needs_reencryption(&new_ct).unwrap());
        assert_eq!(ciphertext_key_id(&new_ct).unwrap(), 3);
        assert_eq!(ring.blind_index_with(2, &n()).unwrap(), old_bi);
        assert_ne!(ring.blind_index(&n()), old_bi);
        assert!(ring.blind_index_with(9, &n()).is_err());
    }

    #[test]
    fn from_wrapped_builds_the_ring() {
        let kek = Kek::generate().unwrap();
        let keys = [
            DataKey::generate(10, KeyPurpose::MyNumberEncryption).unwrap(),
            DataKey::generate(11, KeyPurpose::MyNumberIndex).unwrap(),
            DataKey::generate(12, KeyPurpose::MyNumberEncryption).unwrap(),
        ];
        let wrapped: Vec<(u32, KeyPurpose, Vec<u8>)> = keys
            .iter()
            .map(|k| (k.key_id(), k.purpose(), kek.wrap(k).unwrap()))
            .collect();
        let stored = || {
            wrapped.iter().map(|(id, p, w)| WrappedKey {
                key_id: *id,
                purpose: *p,
                wrapped: w,
            })
        };
        let ring = Keyring::from_wrapped(&kek, 12, 11, stored()).unwrap();
        assert_eq!(ring.encryption_key_id(), 12);
        assert_eq!(ring.index_key_id(), 11);
        assert!(ring.cipher_for(10).is_ok());
        let dbg = format!("{ring:?}");
        assert!(dbg.contains("encryption_key_id: 12"), "{dbg}");
        assert!(matches!(
            Keyring::from_wrapped(&kek, 99, 11, stored()),
            Err(CryptoError::UnknownKeyId { key_id: 99 })
        ));
        let other = Kek::generate().unwrap();
        assert!(matches!(
            Keyring::from_wrapped(&other, 12, 11, stored()),
            Err(CryptoError::UnwrapFailed)
        ));
    }
}
