//! 鍵管理: the key-encryption key (from a file or the environment, never in the database) and
//! each insurer's data keys, wrapped by it and stored in `data_keys`.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use kokuho_crypto::{Aad, BlindIndex, DataKey, FieldCipher, Kek, KeyPurpose};
use kokuho_domain::{InsurerNo, MyNumber};
use kokuho_store::Tx;
use kokuho_store::repo::keys::{self as keys_repo, DataKeyRow};

use crate::error::{AppError, AppResult};

/// One insurer's unwrapped keys.
pub struct InsurerKeys {
    cipher: FieldCipher,
    index: BlindIndex,
}

impl InsurerKeys {
    fn aad(insurer_no: &str, resident_no: &str) -> AppResult<Aad> {
        let insurer: InsurerNo = insurer_no
            .parse()
            .map_err(|_| AppError::Internal("insurer number".into()))?;
        Ok(Aad::new("my_numbers", "ciphertext", &insurer, resident_no))
    }

    /// Encrypts a My Number bound to (insurer, resident).
    pub fn encrypt(&self, insurer_no: &str, resident_no: &str, n: &MyNumber) -> AppResult<Vec<u8>> {
        Ok(self.cipher.encrypt_my_number(n, &Self::aad(insurer_no, resident_no)?)?)
    }

    pub fn decrypt(&self, insurer_no: &str, resident_no: &str, ciphertext: &[u8]) -> AppResult<MyNumber> {
        Ok(self
            .cipher
            .decrypt_my_number(ciphertext, &Self::aad(insurer_no, resident_no)?)?)
    }

    /// Encrypts another secret (e.g. a staff member's TOTP secret) bound to `aad`.
    pub fn encrypt_bytes(&self, plaintext: &[u8], aad: &Aad) -> AppResult<Vec<u8>> {
        Ok(self.cipher.encrypt(plaintext, aad)?)
    }

    pub fn decrypt_bytes(&self, ciphertext: &[u8], aad: &Aad) -> AppResult<zeroize::Zeroizing<Vec<u8>>> {
        Ok(self.cipher.decrypt(ciphertext, aad)?)
    }

    /// The keyed blind index used for exact lookup and the uniqueness check.
    pub fn blind_index(&self, n: &MyNumber) -> Vec<u8> {
        self.index.index(n).to_vec()
    }
}

/// Holds the KEK and caches unwrapped insurer keys.
pub struct KeyService {
    kek: Kek,
    cache: RwLock<HashMap<String, Arc<InsurerKeys>>>,
}

impl KeyService {
    pub fn new(kek: Kek) -> Self {
        Self {
            kek,
            cache: RwLock::new(HashMap::new()),
        }
    }

    /// Creates and stores the data keys of a new insurer (key ids 1 and 2).
    pub fn create_insurer_keys(&self, tx: &mut dyn Tx, insurer_no: &str, at: &str) -> AppResult<()> {
        for (key_id, purpose) in [
            (1u32, KeyPurpose::MyNumberEncryption),
            (2u32, KeyPurpose::MyNumberIndex),
        ] {
            let key = DataKey::generate(key_id, purpose)?;
            let wrapped = self.kek.wrap(&key)?;
            keys_repo::insert(
                tx,
                insurer_no,
                &DataKeyRow {
                    key_id: i64::from(key_id),
                    purpose: purpose.as_str().to_string(),
                    wrapped,
                },
                at,
            )?;
        }
        Ok(())
    }

    /// The insurer's keys, unwrapped once and cached.
    pub fn for_insurer(&self, tx: &mut dyn Tx, insurer_no: &str) -> AppResult<Arc<InsurerKeys>> {
        if let Some(k) = self.cache.read().ok().and_then(|c| c.get(insurer_no).cloned()) {
            return Ok(k);
        }
        let mut cipher = None;
        let mut index = None;
        for row in keys_repo::list(tx, insurer_no)? {
            let purpose = KeyPurpose::from_name(&row.purpose)
                .ok_or_else(|| AppError::Internal(format!("unknown key purpose {}", row.purpose)))?;
            let key_id = u32::try_from(row.key_id).map_err(|_| AppError::Internal("key id".into()))?;
            let key = self.kek.unwrap(key_id, purpose, &row.wrapped)?;
            match purpose {
                KeyPurpose::MyNumberEncryption => cipher = Some(FieldCipher::new(&key)?),
                KeyPurpose::MyNumberIndex => index = Some(BlindIndex::new(&key)?),
            }
        }
        let keys = match (cipher, index) {
            (Some(cipher), Some(index)) => Arc::new(InsurerKeys { cipher, index }),
            _ => return Err(AppError::Internal(format!("保険者{insurer_no}の暗号鍵がありません"))),
        };
        if let Ok(mut c) = self.cache.write() {
            c.insert(insurer_no.to_string(), keys.clone());
        }
        Ok(keys)
    }
}
