//! 鍵暗号化鍵 (key-encryption key, KEK): loading, generation, and wrapping of data keys.

use std::io::Write as _;
use std::path::Path;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine as _;
use hkdf::Hkdf;
use sha2::Sha256;
use zeroize::{Zeroize, Zeroizing};

use crate::data_key::check_not_uniform;
use crate::{CryptoError, DataKey, KeyPurpose, Result, random};

/// Version byte of a wrapped data key.
const WRAP_VERSION: u8 = 0x01;
/// Domain-separation prefix of the wrapping AAD.
const WRAP_AAD_PREFIX: &[u8] = b"kokuho-dek-wrap-v1";
/// HKDF salt and info deriving the wrapping key from the KEK.
const WRAP_HKDF_SALT: &[u8] = b"kokuho-kek-v1";
const WRAP_HKDF_INFO: &[u8] = b"kokuho data-key wrap";
/// Length of a wrapped key: version(1) ‖ nonce(12) ‖ ciphertext(32) ‖ tag(16).
const WRAPPED_LEN: usize = 1 + 12 + 32 + 16;

/// 鍵暗号化鍵 (key-encryption key, KEK): 32 bytes that wrap the [`DataKey`]s.
///
/// Loaded from a file (mode 0400, or a systemd credential) or from an environment variable, in
/// one of three forms: 32 raw bytes, 64 hex digits, or base64 of 32 bytes; a trailing newline is
/// allowed. Empty keys, keys of the wrong length and keys whose bytes are all equal are refused.
///
/// The KEK is not used as an AES key directly: the wrapping key is derived with
/// HKDF-SHA256(salt = `kokuho-kek-v1`, info = `kokuho data-key wrap`), so the same KEK can later
/// protect other things under other `info` labels without key reuse.
///
/// Never printable: `Debug` is redacted, there is no `Display`, and the bytes are wiped on drop.
pub struct Kek {
    bytes: Box<[u8; 32]>,
}

impl Kek {
    /// A new random KEK (OS random source), for `kokuho init`.
    ///
    /// # Errors
    /// [`CryptoError::Random`].
    pub fn generate() -> Result<Self> {
        let mut bytes = Box::new([0u8; 32]);
        random::fill(bytes.as_mut_slice())?;
        check_not_uniform(bytes.as_slice())?;
        Ok(Self { bytes })
    }

    /// Parses key material in any of the accepted forms (see the type docs).
    ///
    /// A 32-byte input is taken as raw bytes unless it is entirely printable ASCII: that is
    /// almost certainly a typed passphrase or a 128-bit key in hex, not 256 random bits, and is
    /// refused rather than silently used.
    ///
    /// # Errors
    /// [`CryptoError::KekEmpty`], [`CryptoError::KekFormat`], [`CryptoError::KekLength`] or
    /// [`CryptoError::WeakKey`].
    pub fn parse(material: &[u8]) -> Result<Self> {
        let raw = match material {
            [] => return Err(CryptoError::KekEmpty),
            [body @ .., b'\r', b'\n'] if body.len() == 32 => Some(body),
            [body @ .., b'\n'] if body.len() == 32 => Some(body),
            body if body.len() == 32 => Some(body),
            _ => None,
        };
        if let Some(raw) = raw {
            if raw.iter().all(|b| (0x20..0x7f).contains(b)) {
                return Err(CryptoError::KekFormat);
            }
            return Self::from_slice(raw);
        }
        let text = core::str::from_utf8(material).map_err(|_| CryptoError::KekFormat)?;
        let text = text.trim_end_matches(['\r', '\n']);
        if text.trim().is_empty() {
            return Err(CryptoError::KekEmpty);
        }
        if text.bytes().all(|b| b.is_ascii_hexdigit()) {
            if text.len() != 64 {
                return Err(CryptoError::KekLength { actual: text.len() / 2 });
            }
            let mut decoded = Zeroizing::new([0u8; 32]);
            hex::decode_to_slice(text, decoded.as_mut_slice()).map_err(|_| CryptoError::KekFormat)?;
            return Self::from_slice(decoded.as_slice());
        }
        let engines = [
            &base64::engine::general_purpose::STANDARD,
            &base64::engine::general_purpose::STANDARD_NO_PAD,
            &base64::engine::general_purpose::URL_SAFE,
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        ];
        for engine in engines {
            if let Ok(decoded) = engine.decode(text) {
                let decoded = Zeroizing::new(decoded);
                if decoded.len() == 32 {
                    return Self::from_slice(&decoded);
                }
                return Err(CryptoError::KekLength { actual: decoded.len() });
            }
        }
        Err(CryptoError::KekFormat)
    }

    /// Reads the KEK from a file (see [`Kek::parse`] for the accepted forms). The buffer that
    /// held the file contents is wiped.
    ///
    /// # Errors
    /// [`CryptoError::KeyFileRead`] or a parse error.
    pub fn from_file(path: &Path) -> Result<Self> {
        let content = Zeroizing::new(std::fs::read(path).map_err(|source| CryptoError::KeyFileRead {
            path: path.to_path_buf(),
            source,
        })?);
        Self::parse(&content)
    }

    /// Parses the value of an environment variable (hex or base64; see [`Kek::parse`]). The
    /// caller reads the variable, so tests need no process environment.
    ///
    /// # Errors
    /// A parse error.
    pub fn from_env_value(value: &str) -> Result<Self> {
        Self::parse(value.as_bytes())
    }

    /// Writes the KEK as 64 hex digits and a newline to a **new** file, with mode 0400 on unix.
    /// An existing file is never overwritten.
    ///
    /// On non-unix platforms the file is created with default permissions; restrict it by hand.
    ///
    /// # Errors
    /// [`CryptoError::KeyFileWrite`].
    pub fn write_to_file(&self, path: &Path) -> Result<()> {
        let err = |source| CryptoError::KeyFileWrite {
            path: path.to_path_buf(),
            source,
        };
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt as _;
            options.mode(0o400);
        }
        let mut file = options.open(path).map_err(err)?;
        let mut text = Zeroizing::new(hex::encode(self.bytes.as_slice()));
        text.push('\n');
        file.write_all(text.as_bytes()).map_err(err)?;
        file.sync_all().map_err(err)?;
        Ok(())
    }

    fn from_slice(bytes: &[u8]) -> Result<Self> {
        let mut key = Box::new([0u8; 32]);
        if bytes.len() != 32 {
            return Err(CryptoError::KekLength { actual: bytes.len() });
        }
        key.copy_from_slice(bytes);
        check_not_uniform(key.as_slice())?;
        Ok(Self { bytes: key })
    }

    /// The AES-256-GCM instance keyed with the HKDF-derived wrapping key.
    fn wrapping_cipher(&self) -> Result<Aes256Gcm> {
        let hkdf = Hkdf::<Sha256>::new(Some(WRAP_HKDF_SALT), self.bytes.as_slice());
        let mut okm = Zeroizing::new([0u8; 32]);
        hkdf.expand(WRAP_HKDF_INFO, okm.as_mut_slice())
            .map_err(|_| CryptoError::EncryptFailed)?;
        Aes256Gcm::new_from_slice(okm.as_slice()).map_err(|_| CryptoError::EncryptFailed)
    }

    /// AAD of a wrapped key: prefix ‖ key_id (BE) ‖ purpose code.
    fn wrap_aad(key_id: u32, purpose: KeyPurpose) -> Vec<u8> {
        let mut aad = Vec::with_capacity(WRAP_AAD_PREFIX.len() + 5);
        aad.extend_from_slice(WRAP_AAD_PREFIX);
        aad.extend_from_slice(&key_id.to_be_bytes());
        aad.push(purpose.code());
        aad
    }

    /// Wraps (encrypts) a data key for storage: `0x01 ‖ nonce(12) ‖ AES-256-GCM(key) ‖ tag`, with
    /// the key's `key_id` and `purpose` in the AAD, so a wrapped key stored under another id or
    /// purpose does not unwrap.
    ///
    /// # Errors
    /// [`CryptoError::Random`] or [`CryptoError::EncryptFailed`].
    pub fn wrap(&self, key: &DataKey) -> Result<Vec<u8>> {
        let mut nonce = [0u8; 12];
        random::fill(&mut nonce)?;
        self.wrap_with_nonce(key, nonce)
    }

    fn wrap_with_nonce(&self, key: &DataKey, nonce: [u8; 12]) -> Result<Vec<u8>> {
        let cipher = self.wrapping_cipher()?;
        let aad = Self::wrap_aad(key.key_id(), key.purpose());
        let sealed = cipher
            .encrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: key.bytes().as_slice(),
                    aad: &aad,
                },
            )
            .map_err(|_| CryptoError::EncryptFailed)?;
        let mut out = Vec::with_capacity(WRAPPED_LEN);
        out.push(WRAP_VERSION);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// Unwraps a data key stored under `key_id` and `purpose`.
    ///
    /// # Errors
    /// [`CryptoError::WrappedKeyFormat`] for a wrong length or version, and
    /// [`CryptoError::UnwrapFailed`] when the KEK, the key id or the purpose does not match or
    /// the bytes were altered.
    pub fn unwrap(&self, key_id: u32, purpose: KeyPurpose, wrapped: &[u8]) -> Result<DataKey> {
        if wrapped.len() != WRAPPED_LEN {
            return Err(CryptoError::WrappedKeyFormat);
        }
        let (version, rest) = wrapped.split_first().ok_or(CryptoError::WrappedKeyFormat)?;
        if *version != WRAP_VERSION {
            return Err(CryptoError::WrappedKeyFormat);
        }
        let (nonce, sealed) = rest.split_first_chunk::<12>().ok_or(CryptoError::WrappedKeyFormat)?;
        let cipher = self.wrapping_cipher()?;
        let aad = Self::wrap_aad(key_id, purpose);
        let plain = Zeroizing::new(
            cipher
                .decrypt(&Nonce::from(*nonce), Payload { msg: sealed, aad: &aad })
                .map_err(|_| CryptoError::UnwrapFailed)?,
        );
        let mut bytes = [0u8; 32];
        if plain.len() != 32 {
            return Err(CryptoError::UnwrapFailed);
        }
        bytes.copy_from_slice(&plain);
        DataKey::from_bytes(key_id, purpose, &mut bytes)
    }
}

impl Drop for Kek {
    fn drop(&mut self) {
        self.bytes.zeroize();
    }
}

impl core::fmt::Debug for Kek {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Kek(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE_NO_PAD};

    fn sample() -> [u8; 32] {
        core::array::from_fn(|i| u8::try_from(i).unwrap().wrapping_mul(7).wrapping_add(0x80))
    }

    #[test]
    fn parses_all_three_formats_with_and_without_newline() {
        let key = sample();
        let hex_text = hex::encode(key);
        let forms: Vec<Vec<u8>> = vec![
            key.to_vec(),
            [key.as_slice(), b"\n"].concat(),
            [key.as_slice(), b"\r\n"].concat(),
            hex_text.clone().into_bytes(),
            format!("{hex_text}\n").into_bytes(),
            hex_text.to_uppercase().into_bytes(),
            format!("{}\n", STANDARD.encode(key)).into_bytes(),
            STANDARD_NO_PAD.encode(key).into_bytes(),
            format!("{}\r\n", URL_SAFE_NO_PAD.encode(key)).into_bytes(),
        ];
        for form in forms {
            let kek = Kek::parse(&form).unwrap_or_else(|e| panic!("{form:?}: {e}"));
            assert_eq!(*kek.bytes, key);
        }
        assert_eq!(*Kek::from_env_value(&hex_text).unwrap().bytes, key);
    }

    #[test]
    fn raw_key_ending_in_newline_byte_is_still_raw() {
        let mut key = sample();
        key[31] = b'\n';
        assert_eq!(*Kek::parse(&key).unwrap().bytes, key);
        let with_newline = [key.as_slice(), b"\n"].concat();
        assert_eq!(*Kek::parse(&with_newline).unwrap().bytes, key);
    }

    #[test]
    fn rejections() {
        assert!(matches!(Kek::parse(b""), Err(CryptoError::KekEmpty)));
        assert!(matches!(Kek::parse(b"\n"), Err(CryptoError::KekEmpty)));
        assert!(matches!(Kek::from_env_value(""), Err(CryptoError::KekEmpty)));
        assert!(matches!(Kek::parse(&[0u8; 32]), Err(CryptoError::WeakKey)));
        assert!(matches!(
            Kek::parse(hex::encode([0xAAu8; 32]).as_bytes()),
            Err(CryptoError::WeakKey)
        ));
        assert!(matches!(
            Kek::parse(STANDARD.encode([0u8; 32]).as_bytes()),
            Err(CryptoError::WeakKey)
        ));
        // 31 and 33 raw bytes
        assert!(Kek::parse(&sample()[..31]).is_err());
        assert!(Kek::parse(&[sample().as_slice(), &[1]].concat()).is_err());
        // 62 hex digits (31 bytes), 66 hex digits
        assert!(matches!(
            Kek::parse(hex::encode(&sample()[..31]).as_bytes()),
            Err(CryptoError::KekLength { actual: 31 })
        ));
        assert!(Kek::parse(format!("{}00", hex::encode(sample())).as_bytes()).is_err());
        // base64 of 16 bytes
        assert!(matches!(
            Kek::parse(STANDARD.encode([5u8; 16]).as_bytes()),
            Err(CryptoError::KekLength { actual: 16 })
        ));
        // a 32-character passphrase or a 128-bit key in hex is not 32 raw bytes
        assert!(matches!(
            Kek::parse(b"correct horse battery staple 123"),
            Err(CryptoError::KekFormat)
        ));
        assert!(matches!(
            Kek::parse(hex::encode([9u8; 16]).as_bytes()),
            Err(CryptoError::KekFormat)
        ));
        assert!(matches!(
            Kek::parse("鍵".repeat(30).as_bytes()),
            Err(CryptoError::KekFormat)
        ));
        assert!(Kek::parse(b"not a key at all!").is_err());
    }

    #[test]
    fn error_messages_are_japanese_and_secret_free() {
        let key = hex::encode(&sample()[..31]);
        let err = Kek::parse(key.as_bytes()).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("鍵暗号化鍵"), "{msg}");
        assert!(!msg.contains(&key));
        assert!(!format!("{err:?}").contains(&key));
    }

    #[test]
    fn debug_is_redacted() {
        let kek = Kek::parse(&sample()).unwrap();
        assert_eq!(format!("{kek:?}"), "Kek(<redacted>)");
    }

    #[test]
    fn file_round_trip_with_mode_0400_and_no_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kek");
        let kek = Kek::generate().unwrap();
        kek.write_to_file(&path).unwrap();
        let loaded = Kek::from_file(&path).unwrap();
        assert_eq!(*loaded.bytes, *kek.bytes);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.len(), 65);
        assert!(text.ends_with('\n'));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o400);
        }
        assert!(matches!(
            kek.write_to_file(&path),
            Err(CryptoError::KeyFileWrite { .. })
        ));
        assert!(matches!(
            Kek::from_file(&dir.path().join("missing")),
            Err(CryptoError::KeyFileRead { .. })
        ));
    }

    #[test]
    fn files_in_each_format_load() {
        let dir = tempfile::tempdir().unwrap();
        let key = sample();
        for (name, content) in [
            ("raw", key.to_vec()),
            ("hex", format!("{}\n", hex::encode(key)).into_bytes()),
            ("b64", format!("{}\n", STANDARD.encode(key)).into_bytes()),
        ] {
            let path = dir.path().join(name);
            std::fs::write(&path, content).unwrap();
            assert_eq!(*Kek::from_file(&path).unwrap().bytes, key, "{name}");
        }
        let empty = dir.path().join("empty");
        std::fs::write(&empty, b"").unwrap();
        assert!(matches!(Kek::from_file(&empty), Err(CryptoError::KekEmpty)));
    }

    #[test]
    fn wrap_known_answer() {
        // Computed independently with Python `cryptography` (HKDF-SHA256 + AESGCM).
        let mut kek_bytes: [u8; 32] = core::array::from_fn(|i| 0x40 + u8::try_from(i).unwrap());
        // 0x40..0x5f are printable ASCII, which `parse` refuses as raw bytes (by design).
        assert!(matches!(Kek::parse(&kek_bytes), Err(CryptoError::KekFormat)));
        let kek = Kek::from_slice(&kek_bytes).unwrap();
        kek_bytes.zeroize();
        let mut dek_bytes: [u8; 32] = core::array::from_fn(|i| u8::try_from(i).unwrap());
        let dek = DataKey::from_bytes(7, KeyPurpose::MyNumberEncryption, &mut dek_bytes).unwrap();
        let nonce: [u8; 12] = core::array::from_fn(|i| 0xa0 + u8::try_from(i).unwrap());
        let wrapped = kek.wrap_with_nonce(&dek, nonce).unwrap();
        assert_eq!(
            hex::encode(&wrapped),
            "01a0a1a2a3a4a5a6a7a8a9aaab\
             6c8babbbc816eb6cc04cf0115e349ceee26d54a1bb24fb1deff086ef9f465c3c582f4d3976d5f222d62b27b7e724ef9c"
        );
        let back = kek.unwrap(7, KeyPurpose::MyNumberEncryption, &wrapped).unwrap();
        assert_eq!(back.bytes(), dek.bytes());
    }

    #[test]
    fn wrap_round_trip_and_swaps_fail() {
        let kek = Kek::generate().unwrap();
        let enc = DataKey::generate(1, KeyPurpose::MyNumberEncryption).unwrap();
        let idx = DataKey::generate(2, KeyPurpose::MyNumberIndex).unwrap();
        let w_enc = kek.wrap(&enc).unwrap();
        let w_idx = kek.wrap(&idx).unwrap();
        assert_eq!(w_enc.len(), WRAPPED_LEN);
        let back = kek.unwrap(1, KeyPurpose::MyNumberEncryption, &w_enc).unwrap();
        assert_eq!(back.bytes(), enc.bytes());
        assert_eq!(back.key_id(), 1);
        assert_eq!(back.purpose(), KeyPurpose::MyNumberEncryption);
        // Swap between purposes (same id or the other row's id), or another id.
        for (id, purpose, blob) in [
            (1, KeyPurpose::MyNumberIndex, &w_enc),
            (2, KeyPurpose::MyNumberEncryption, &w_idx),
            (1, KeyPurpose::MyNumberEncryption, &w_idx),
            (2, KeyPurpose::MyNumberIndex, &w_enc),
            (9, KeyPurpose::MyNumberEncryption, &w_enc),
        ] {
            assert!(matches!(kek.unwrap(id, purpose, blob), Err(CryptoError::UnwrapFailed)));
        }
        // Another KEK.
        let other = Kek::generate().unwrap();
        assert!(matches!(
            other.unwrap(1, KeyPurpose::MyNumberEncryption, &w_enc),
            Err(CryptoError::UnwrapFailed)
        ));
        // Any flipped byte.
        for i in 0..w_enc.len() {
            let mut t = w_enc.clone();
            t[i] ^= 0x01;
            assert!(kek.unwrap(1, KeyPurpose::MyNumberEncryption, &t).is_err(), "byte {i}");
        }
        // Truncated.
        assert!(matches!(
            kek.unwrap(1, KeyPurpose::MyNumberEncryption, &w_enc[..60]),
            Err(CryptoError::WrappedKeyFormat)
        ));
    }
}
