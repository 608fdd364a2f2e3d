//! パスワードとAPIトークン (passwords and API tokens).

use argon2::password_hash::phc::PasswordHash;
use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};
use base64::Engine as _;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::{CryptoError, Result, random};

/// argon2id memory cost in KiB (OWASP Password Storage Cheat Sheet: m=19456, t=2, p=1).
pub const ARGON2_M_COST_KIB: u32 = 19_456;
/// argon2id iterations.
pub const ARGON2_T_COST: u32 = 2;
/// argon2id parallelism.
pub const ARGON2_P_COST: u32 = 1;

fn hasher() -> Result<Argon2<'static>> {
    let params =
        Params::new(ARGON2_M_COST_KIB, ARGON2_T_COST, ARGON2_P_COST, None).map_err(|_| CryptoError::PasswordHash)?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// パスワードのハッシュ: argon2id (v19, m=19456 KiB, t=2, p=1, 16-byte random salt) as a PHC
/// string (`$argon2id$v=19$m=19456,t=2,p=1$…`).
///
/// The password is NFKC-normalised first (NIST SP 800-63B: a full-width and a half-width typing
/// of the same password are the same password, and `password_policy` measures it so) and
/// otherwise used as given: no truncation, no case folding (ASVS 6.2.8). Length and blocklist
/// rules belong to the caller.
///
/// # Errors
/// [`CryptoError::Random`] or [`CryptoError::PasswordHash`].
pub fn hash_password(password: &str) -> Result<String> {
    let mut salt = [0u8; 16];
    random::fill(&mut salt)?;
    let hash = hasher()?
        .hash_password_with_salt(normalized(password).as_bytes(), &salt)
        .map_err(|_| CryptoError::PasswordHash)?;
    Ok(hash.to_string())
}

/// パスワードの照合: whether `password` matches a PHC string made by [`hash_password`].
///
/// Only argon2id hashes are accepted; any parse error or other algorithm gives `false`. The
/// comparison inside argon2 is constant-time.
pub fn verify_password(password: &str, phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    if parsed.algorithm != argon2::ARGON2ID_IDENT {
        return false;
    }
    Argon2::default()
        .verify_password(normalized(password).as_bytes(), &parsed)
        .is_ok()
}

/// NFKC, in memory that is wiped afterwards.
fn normalized(password: &str) -> Zeroizing<String> {
    use unicode_normalization::UnicodeNormalization as _;
    Zeroizing::new(password.nfkc().collect())
}

/// Spends the effort of [`verify_password`] for a login that does not exist, so the response
/// time does not tell which logins exist (ASVS 6.3.8).
pub fn verify_nothing(password: &str) {
    static DUMMY: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    if let Some(phc) = DUMMY.get_or_init(|| hash_password("kokuho: no such login").ok()) {
        let _ = verify_password(password, phc);
    }
}

/// Whether a stored hash was made with other parameters than today's and should be replaced
/// after the next successful login.
pub fn password_needs_rehash(phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return true;
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return true;
    };
    parsed.algorithm != argon2::ARGON2ID_IDENT
        || parsed.version != Some(0x13)
        || params.m_cost() != ARGON2_M_COST_KIB
        || params.t_cost() != ARGON2_T_COST
        || params.p_cost() != ARGON2_P_COST
}

/// Constant-time equality of two byte strings (length is not hidden).
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

/// APIトークン (API token) for system-to-system access.
///
/// Plaintext form: `kkh_` followed by base64url (no padding) of 32 random bytes; shown once to
/// the administrator. Only its SHA-256 digest is stored (256 random bits need no slow hash).
#[derive(Debug, Clone, Copy)]
pub struct ApiToken;

impl ApiToken {
    /// Prefix of every token (lets secret scanners recognise a leaked token).
    pub const PREFIX: &'static str = "kkh_";

    /// A new token: the plaintext (wiped on drop) and the SHA-256 digest to store.
    ///
    /// # Errors
    /// [`CryptoError::Random`].
    pub fn generate() -> Result<(Zeroizing<String>, [u8; 32])> {
        let mut raw = Zeroizing::new([0u8; 32]);
        random::fill(raw.as_mut_slice())?;
        let mut token = Zeroizing::new(String::with_capacity(Self::PREFIX.len() + 43));
        token.push_str(Self::PREFIX);
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode_string(raw.as_slice(), &mut token);
        let digest = Self::digest(&token);
        Ok((token, digest))
    }

    /// SHA-256 of the whole token string (prefix included).
    pub fn digest(token: &str) -> [u8; 32] {
        Sha256::digest(token.as_bytes()).into()
    }

    /// Whether `token` matches a stored digest, compared in constant time.
    pub fn verify(token: &str, stored_digest: &[u8; 32]) -> bool {
        ct_eq(&Self::digest(token), stored_digest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_round_trip() {
        let phc = hash_password("正しい馬 battery staple").unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(verify_password("正しい馬 battery staple", &phc));
        assert!(!verify_password("正しい馬 battery stapl", &phc));
        assert!(!verify_password("正しい馬 Battery staple", &phc));
        assert!(!verify_password("", &phc));
        assert!(!verify_password("x", "not a hash"));
        assert!(!password_needs_rehash(&phc));
        // Same password, different salt.
        assert_ne!(hash_password("pw").unwrap(), hash_password("pw").unwrap());
    }

    #[test]
    fn other_algorithms_and_params() {
        // argon2i with other params: refused for login, flagged for rehash.
        let argon2i = Argon2::new(Algorithm::Argon2i, Version::V0x13, Params::new(8, 1, 1, None).unwrap());
        let phc = argon2i
            .hash_password_with_salt(b"pw", b"saltsaltsaltsalt")
            .unwrap()
            .to_string();
        assert!(!verify_password("pw", &phc));
        assert!(password_needs_rehash(&phc));
        let weak_id = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(8, 1, 1, None).unwrap())
            .hash_password_with_salt(b"pw", b"saltsaltsaltsalt")
            .unwrap()
            .to_string();
        assert!(verify_password("pw", &weak_id));
        assert!(password_needs_rehash(&weak_id));
        assert!(password_needs_rehash("garbage"));
    }

    #[test]
    fn long_passwords_are_not_truncated() {
        let long = "a".repeat(200);
        let phc = hash_password(&long).unwrap();
        assert!(!verify_password(&"a".repeat(199), &phc));
        assert!(verify_password(&long, &phc));
    }

    #[test]
    fn api_tokens() {
        let (token, digest) = ApiToken::generate().unwrap();
        assert!(token.starts_with("kkh_"));
        assert_eq!(token.len(), 4 + 43);
        assert!(
            token
                .strip_prefix("kkh_")
                .unwrap()
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert_eq!(ApiToken::digest(&token), digest);
        assert!(ApiToken::verify(&token, &digest));
        let mut wrong = token.to_string();
        wrong.push('x');
        assert!(!ApiToken::verify(&wrong, &digest));
        let (other, other_digest) = ApiToken::generate().unwrap();
        assert_ne!(*token, *other);
        assert_ne!(digest, other_digest);
    }

    #[test]
    fn digest_known_answer() {
        // printf 'kkh_test' | sha256sum
        assert_eq!(
            hex::encode(ApiToken::digest("kkh_test")),
            "403a86fc8245b70dfb1f6ebb35def2dbef223ce65e75d4dd955758608234381e"
        );
    }

    /// The AES key schedule wipes itself (aes-gcm `zeroize` feature). `Hmac<Sha256>` does not
    /// declare `ZeroizeOnDrop`, but its key-dependent state is two SHA-256 cores, which wipe
    /// themselves with the sha2 `zeroize` feature.
    #[test]
    fn key_holding_types_wipe_themselves() {
        fn zeroize_on_drop<T: zeroize::ZeroizeOnDrop>() {}
        zeroize_on_drop::<aes_gcm::Aes256Gcm>();
        zeroize_on_drop::<sha2::block_api::Sha256VarCore>();
    }

    #[test]
    fn ct_eq_works() {
        assert!(ct_eq(b"abc", b"abc"));
        assert!(!ct_eq(b"abc", b"abd"));
        assert!(!ct_eq(b"abc", b"ab"));
    }
}
