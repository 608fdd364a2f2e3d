//! フィールド暗号化 (field encryption): AES-256-GCM with a row-binding AAD.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use kokuho_domain::{InsurerNo, MyNumber};
use zeroize::Zeroizing;

use crate::{CryptoError, DataKey, KeyPurpose, Result, random};

/// Format version of a field ciphertext (first byte).
pub const FIELD_FORMAT_VERSION: u8 = 0x01;
/// version(1) ‖ key_id(4).
const PREFIX_LEN: usize = 1 + 4;
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;
/// Domain-separation label, the first field of every [`Aad`].
const AAD_LABEL: &[u8] = b"kokuho-aad-v1";

/// 付加データ (associated data, AAD): where a ciphertext belongs.
///
/// Canonical encoding: the fields `"kokuho-aad-v1"`, table, column, insurer number and row id, in
/// this fixed order, each as `u64 big-endian byte length ‖ UTF-8 bytes`. Length prefixes make the
/// encoding injective (("ab","c") ≠ ("a","bc")), so a ciphertext decrypts only with exactly the
/// AAD it was made with: moving it to another row, column, table or insurer fails.
///
/// The AAD is not secret (table and column names, 保険者番号, 宛名番号 or another internal row
/// id), but it must never contain a 個人番号 or its blind index.
#[derive(Clone, PartialEq, Eq)]
pub struct Aad {
    bytes: Vec<u8>,
}

impl Aad {
    /// The AAD of (table, column, insurer, row id), e.g.
    /// `Aad::new("insured_person", "my_number", &insurer, resident_no.as_str())`.
    pub fn new(table: &str, column: &str, insurer: &InsurerNo, row_id: &str) -> Self {
        let fields: [&[u8]; 5] = [
            AAD_LABEL,
            table.as_bytes(),
            column.as_bytes(),
            insurer.as_str().as_bytes(),
            row_id.as_bytes(),
        ];
        let total: usize = fields.iter().map(|f| 8 + f.len()).sum();
        let mut bytes = Vec::with_capacity(total);
        for field in fields {
            let len = u64::try_from(field.len()).unwrap_or(u64::MAX);
            bytes.extend_from_slice(&len.to_be_bytes());
            bytes.extend_from_slice(field);
        }
        Self { bytes }
    }

    /// The canonical encoding.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }
}

impl core::fmt::Debug for Aad {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Aad({} bytes)", self.bytes.len())
    }
}

/// The key id written in a field ciphertext's header, to pick the key for decryption or to find
/// rows still under an old key (rotation, C16).
///
/// # Errors
/// [`CryptoError::CiphertextTooShort`] or [`CryptoError::UnsupportedVersion`].
pub fn ciphertext_key_id(ciphertext: &[u8]) -> Result<u32> {
    let (version, rest) = ciphertext.split_first().ok_or(CryptoError::CiphertextTooShort)?;
    if *version != FIELD_FORMAT_VERSION {
        return Err(CryptoError::UnsupportedVersion { version: *version });
    }
    let (key_id, _) = rest.split_first_chunk::<4>().ok_or(CryptoError::CiphertextTooShort)?;
    Ok(u32::from_be_bytes(*key_id))
}

/// フィールド暗号 (field cipher): AES-256-GCM under one [`KeyPurpose::MyNumberEncryption`] data
/// key.
///
/// Ciphertext layout: `version(1) = 0x01 ‖ key_id(4, BE) ‖ nonce(12, random) ‖ ciphertext ‖
/// tag(16)`. The AEAD associated data is `version ‖ key_id ‖ Aad`, so the header is
/// authenticated as well.
///
/// Nonces are 96 random bits from the OS for every encryption; rotate the data key long before
/// 2³² encryptions under it.
pub struct FieldCipher {
    key_id: u32,
    cipher: Aes256Gcm,
}

impl FieldCipher {
    /// A cipher over an encryption data key.
    ///
    /// # Errors
    /// [`CryptoError::WrongPurpose`] for an index key.
    pub fn new(key: &DataKey) -> Result<Self> {
        key.require(KeyPurpose::MyNumberEncryption)?;
        let cipher = Aes256Gcm::new_from_slice(key.bytes().as_slice()).map_err(|_| CryptoError::EncryptFailed)?;
        Ok(Self {
            key_id: key.key_id(),
            cipher,
        })
    }

    /// 鍵ID of the data key.
    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    fn associated_data(prefix: &[u8], aad: &Aad) -> Vec<u8> {
        let mut data = Vec::with_capacity(prefix.len() + aad.as_bytes().len());
        data.extend_from_slice(prefix);
        data.extend_from_slice(aad.as_bytes());
        data
    }

    /// Encrypts `plaintext` for the place described by `aad`.
    ///
    /// # Errors
    /// [`CryptoError::Random`] or [`CryptoError::EncryptFailed`].
    pub fn encrypt(&self, plaintext: &[u8], aad: &Aad) -> Result<Vec<u8>> {
        let mut nonce = [0u8; NONCE_LEN];
        random::fill(&mut nonce)?;
        self.encrypt_with_nonce(plaintext, aad, nonce)
    }

    fn encrypt_with_nonce(&self, plaintext: &[u8], aad: &Aad, nonce: [u8; NONCE_LEN]) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(PREFIX_LEN + NONCE_LEN + plaintext.len() + TAG_LEN);
        out.push(FIELD_FORMAT_VERSION);
        out.extend_from_slice(&self.key_id.to_be_bytes());
        let associated = Self::associated_data(&out, aad);
        let sealed = self
            .cipher
            .encrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: plaintext,
                    aad: &associated,
                },
            )
            .map_err(|_| CryptoError::EncryptFailed)?;
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// Decrypts a ciphertext made by [`FieldCipher::encrypt`] with the same key and AAD. The
    /// plaintext is wiped when the returned buffer is dropped.
    ///
    /// # Errors
    /// [`CryptoError::CiphertextTooShort`], [`CryptoError::UnsupportedVersion`],
    /// [`CryptoError::KeyIdMismatch`], or [`CryptoError::DecryptFailed`] (tampering, wrong key,
    /// wrong AAD).
    pub fn decrypt(&self, ciphertext: &[u8], aad: &Aad) -> Result<Zeroizing<Vec<u8>>> {
        let found = ciphertext_key_id(ciphertext)?;
        if found != self.key_id {
            return Err(CryptoError::KeyIdMismatch {
                expected: self.key_id,
                found,
            });
        }
        let (prefix, rest) = ciphertext
            .split_first_chunk::<PREFIX_LEN>()
            .ok_or(CryptoError::CiphertextTooShort)?;
        let (nonce, sealed) = rest
            .split_first_chunk::<NONCE_LEN>()
            .ok_or(CryptoError::CiphertextTooShort)?;
        if sealed.len() < TAG_LEN {
            return Err(CryptoError::CiphertextTooShort);
        }
        let associated = Self::associated_data(prefix, aad);
        let plain = self
            .cipher
            .decrypt(
                &Nonce::from(*nonce),
                Payload {
                    msg: sealed,
                    aad: &associated,
                },
            )
            .map_err(|_| CryptoError::DecryptFailed)?;
        Ok(Zeroizing::new(plain))
    }

    /// Encrypts a 個人番号 (its 12 ASCII digits).
    ///
    /// # Errors
    /// As [`FieldCipher::encrypt`].
    pub fn encrypt_my_number(&self, number: &MyNumber, aad: &Aad) -> Result<Vec<u8>> {
        // One of the three permitted callers of `expose_digits` (encryption).
        self.encrypt(number.expose_digits().as_bytes(), aad)
    }

    /// Decrypts a 個人番号 and validates it (check digit included).
    ///
    /// # Errors
    /// As [`FieldCipher::decrypt`], or [`CryptoError::DecryptedMyNumberInvalid`].
    pub fn decrypt_my_number(&self, ciphertext: &[u8], aad: &Aad) -> Result<MyNumber> {
        let plain = self.decrypt(ciphertext, aad)?;
        my_number_from_plaintext(&plain)
    }
}

/// Parses decrypted bytes as a 個人番号 (strictly 12 ASCII digits).
pub(crate) fn my_number_from_plaintext(plain: &[u8]) -> Result<MyNumber> {
    let invalid = || {
        CryptoError::DecryptedMyNumberInvalid(kokuho_domain::kernel::my_number::MyNumberError::InvalidCharacter {
            position: 1,
        })
    };
    if plain.len() != 12 || !plain.iter().all(u8::is_ascii_digit) {
        return Err(invalid());
    }
    let text = core::str::from_utf8(plain).map_err(|_| invalid())?;
    MyNumber::parse(text).map_err(CryptoError::DecryptedMyNumberInvalid)
}

impl core::fmt::Debug for FieldCipher {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("FieldCipher")
            .field("key_id", &self.key_id)
            .field("key", &"<redacted>")
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn insurer() -> InsurerNo {
        InsurerNo::parse("272013").unwrap()
    }

    fn key(id: u32) -> DataKey {
        DataKey::generate(id, KeyPurpose::MyNumberEncryption).unwrap()
    }

    fn aad(row: &str) -> Aad {
        Aad::new("resident", "my_number", &insurer(), row)
    }

    fn number() -> MyNumber {
        MyNumber::parse("123456789018").unwrap()
    }

    #[test]
    fn aad_canonical_encoding_known_answer() {
        assert_eq!(
            hex::encode(aad("0001234").as_bytes()),
            "000000000000000d6b6f6b75686f2d6161642d7631\
             00000000000000087265736964656e74\
             00000000000000096d795f6e756d626572\
             0000000000000006323732303133\
             000000000000000730303031323334"
        );
    }

    #[test]
    fn aad_is_injective_over_field_boundaries() {
        let i = insurer();
        let a = Aad::new("ab", "c", &i, "1");
        let b = Aad::new("a", "bc", &i, "1");
        assert_ne!(a, b);
        assert_ne!(Aad::new("t", "c", &i, "12"), Aad::new("t", "c1", &i, "2"));
    }

    #[test]
    fn encryption_known_answer() {
        // Computed independently with Python `cryptography` (AESGCM).
        let mut bytes: [u8; 32] = core::array::from_fn(|i| u8::try_from(i).unwrap());
        let dek = DataKey::from_bytes(7, KeyPurpose::MyNumberEncryption, &mut bytes).unwrap();
        let cipher = FieldCipher::new(&dek).unwrap();
        let nonce: [u8; 12] = core::array::from_fn(|i| u8::try_from(i).unwrap());
        let ct = cipher
            .encrypt_with_nonce(b"123456789018", &aad("0001234"), nonce)
            .unwrap();
        assert_eq!(
            hex::encode(&ct),
            "0100000007000102030405060708090a0b7630e52ff0d3f523b471a6b358c6ee56700f1022297f7457c38c6407"
        );
        assert_eq!(cipher.decrypt_my_number(&ct, &aad("0001234")).unwrap(), number());
    }

    #[test]
    fn round_trip() {
        let cipher = FieldCipher::new(&key(3)).unwrap();
        let ct = cipher.encrypt_my_number(&number(), &aad("1")).unwrap();
        assert_eq!(ct.len(), 1 + 4 + 12 + 12 + 16);
        assert_eq!(ciphertext_key_id(&ct).unwrap(), 3);
        assert_eq!(cipher.decrypt_my_number(&ct, &aad("1")).unwrap(), number());
        let raw = cipher.encrypt(b"", &aad("1")).unwrap();
        assert!(cipher.decrypt(&raw, &aad("1")).unwrap().is_empty());
    }

    #[test]
    fn ciphertext_does_not_contain_the_plaintext() {
        let cipher = FieldCipher::new(&key(3)).unwrap();
        let ct = cipher.encrypt_my_number(&number(), &aad("1")).unwrap();
        assert!(!ct.windows(12).any(|w| w == b"123456789018"));
    }

    #[test]
    fn flipping_any_byte_fails() {
        let cipher = FieldCipher::new(&key(3)).unwrap();
        let ct = cipher.encrypt_my_number(&number(), &aad("1")).unwrap();
        for i in 0..ct.len() {
            for bit in 0..8 {
                let mut t = ct.clone();
                t[i] ^= 1 << bit;
                assert!(cipher.decrypt(&t, &aad("1")).is_err(), "byte {i} bit {bit}");
            }
        }
        for len in 0..ct.len() {
            assert!(cipher.decrypt(&ct[..len], &aad("1")).is_err(), "len {len}");
        }
        let mut longer = ct.clone();
        longer.push(0);
        assert!(cipher.decrypt(&longer, &aad("1")).is_err());
    }

    #[test]
    fn moving_a_ciphertext_to_another_place_fails() {
        let cipher = FieldCipher::new(&key(3)).unwrap();
        let i = insurer();
        let other_insurer = InsurerNo::parse("272014").unwrap();
        let original = Aad::new("resident", "my_number", &i, "100");
        let ct = cipher.encrypt_my_number(&number(), &original).unwrap();
        for other in [
            Aad::new("resident", "my_number", &i, "101"),
            Aad::new("resident", "my_number", &other_insurer, "100"),
            Aad::new("resident", "other_column", &i, "100"),
            Aad::new("household", "my_number", &i, "100"),
        ] {
            assert!(matches!(cipher.decrypt(&ct, &other), Err(CryptoError::DecryptFailed)));
        }
        assert!(cipher.decrypt(&ct, &original).is_ok());
    }

    #[test]
    fn wrong_key_fails() {
        let a = FieldCipher::new(&key(3)).unwrap();
        let b = FieldCipher::new(&key(3)).unwrap(); // same id, other bytes
        let c = FieldCipher::new(&key(4)).unwrap();
        let ct = a.encrypt_my_number(&number(), &aad("1")).unwrap();
        assert!(matches!(b.decrypt(&ct, &aad("1")), Err(CryptoError::DecryptFailed)));
        assert!(matches!(
            c.decrypt(&ct, &aad("1")),
            Err(CryptoError::KeyIdMismatch { expected: 4, found: 3 })
        ));
    }

    #[test]
    fn index_key_is_refused() {
        let k = DataKey::generate(1, KeyPurpose::MyNumberIndex).unwrap();
        assert!(matches!(FieldCipher::new(&k), Err(CryptoError::WrongPurpose { .. })));
    }

    #[test]
    fn nonces_unique_across_10000_encryptions() {
        let cipher = FieldCipher::new(&key(3)).unwrap();
        let a = aad("1");
        let mut seen = HashSet::new();
        let mut ciphertexts = HashSet::new();
        for _ in 0..10_000 {
            let ct = cipher.encrypt_my_number(&number(), &a).unwrap();
            let nonce: [u8; 12] = ct[5..17].try_into().unwrap();
            assert!(seen.insert(nonce), "nonce repeated");
            assert!(ciphertexts.insert(ct));
        }
    }

    #[test]
    fn non_my_number_plaintext_is_refused() {
        let cipher = FieldCipher::new(&key(3)).unwrap();
        for bad in [&b"123456789019"[..], b"12345678901", b"abcdefghijkl", b""] {
            let ct = cipher.encrypt(bad, &aad("1")).unwrap();
            let err = cipher.decrypt_my_number(&ct, &aad("1")).unwrap_err();
            assert!(matches!(err, CryptoError::DecryptedMyNumberInvalid(_)));
            assert!(!err.to_string().contains("1234"));
        }
    }

    #[test]
    fn debug_is_redacted() {
        let cipher = FieldCipher::new(&key(3)).unwrap();
        assert_eq!(format!("{cipher:?}"), "FieldCipher { key_id: 3, key: \"<redacted>\" }");
    }
}
