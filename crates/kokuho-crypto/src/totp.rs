//! 二要素認証の確認コード (TOTP, RFC 6238): HMAC-SHA1, 30-second steps, 6 digits.
//!
//! The parameters are the ones every authenticator app understands (Google Authenticator,
//! Microsoft Authenticator, IIJ SmartKey, …); ASVS 6.5.5 asks for a lifetime of at most 30 s.
//! This is the fallback second factor (security.md §8.2, control C02); WebAuthn is preferred.
//!
//! # Why hand-rolled and not `totp-rs`
//! RFC 6238 on top of `hmac` 0.13 + `sha1` 0.11 (the same RustCrypto generation as the `hmac`
//! and `sha2` this crate already uses) is about forty lines, and the RFC test vectors pin it
//! down. `totp-rs` 6.0.0 would also pull `url` (with its IDNA/ICU tree), `base32`,
//! `constant_time_eq` and `rand` into a crate that handles key material, and its `check` only
//! answers yes/no: replay protection needs to know *which* time step matched, and its time
//! type (`u64`, optionally read from the system clock) differs from ours (`i64` passed in,
//! never read here). So the module is pure: no I/O, and the time is always a parameter.
//!
//! # What the caller must do
//! - Store the secret encrypted at rest, like any other key material.
//! - Store the step returned by [`verify`] and pass it back as `last_used_step` next time:
//!   that is what makes a code single-use (ASVS 6.5.1).
//! - Rate-limit attempts per account (ASVS 6.6.3): each guess has a 3-in-10⁶ chance (three
//!   steps are accepted).

use core::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::{Result, random};

/// Length of a secret in bytes (160 bits, the HMAC-SHA1 output size, as RFC 4226 recommends).
pub const SECRET_LEN: usize = 20;
/// Length of a time step in seconds (RFC 6238 `X`).
pub const STEP_SECONDS: i64 = 30;
/// Number of digits of a code.
pub const DIGITS: usize = 6;
/// Steps accepted either side of the current one, for clock drift (±30 s).
pub const SKEW_STEPS: i64 = 1;

/// SHA-1 block size: HMAC zero-pads shorter keys to this length.
const SHA1_BLOCK_LEN: usize = 64;

/// 二要素認証の秘密鍵 (TOTP shared secret): 20 bytes, wiped on drop, never printed by `Debug`.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct TotpSecret([u8; SECRET_LEN]);

impl TotpSecret {
    /// A new random secret from the operating system's random source.
    ///
    /// # Errors
    /// [`crate::CryptoError::Random`].
    pub fn generate() -> Result<Self> {
        let mut secret = Self([0u8; SECRET_LEN]);
        random::fill(&mut secret.0)?;
        Ok(secret)
    }

    /// A secret from its raw bytes (e.g. just decrypted from storage).
    ///
    /// # Errors
    /// [`TotpError::SecretFormat`] unless exactly [`SECRET_LEN`] bytes are given.
    pub fn from_bytes(bytes: &[u8]) -> core::result::Result<Self, TotpError> {
        let array: [u8; SECRET_LEN] = bytes.try_into().map_err(|_| TotpError::SecretFormat)?;
        Ok(Self(array))
    }

    /// The raw bytes, to be encrypted for storage.
    pub fn as_bytes(&self) -> &[u8; SECRET_LEN] {
        &self.0
    }

    /// The secret in base32 (RFC 4648, upper case, no padding: 32 characters), as shown for
    /// manual entry during enrolment (登録). Wiped on drop.
    pub fn to_base32(&self) -> Zeroizing<String> {
        base32_encode(&self.0)
    }

    /// A secret from base32 (RFC 4648). Upper or lower case, spaces and trailing `=` padding
    /// are accepted.
    ///
    /// # Errors
    /// [`TotpError::SecretFormat`] for characters outside the alphabet, non-zero trailing
    /// bits, or a length other than [`SECRET_LEN`] bytes.
    pub fn from_base32(text: &str) -> core::result::Result<Self, TotpError> {
        let bytes = base32_decode(text).ok_or(TotpError::SecretFormat)?;
        Self::from_bytes(&bytes)
    }
}

impl fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TotpSecret(<redacted>)")
    }
}

/// 確認コードの照合エラー (TOTP error). Messages are Japanese and never contain the code or
/// the secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TotpError {
    /// The input is not 6 ASCII digits (after removing spaces).
    #[error("確認コードは6桁の数字で入力してください")]
    Malformed,
    /// The code matches none of the accepted time steps.
    #[error("確認コードが正しくありません")]
    Invalid,
    /// The code matches only a step that was already used (replay).
    #[error("この確認コードは使用済みです。次のコードが表示されるまでお待ちください")]
    Replayed,
    /// A stored or entered secret has the wrong length or is not valid base32.
    #[error("二要素認証の秘密鍵の形式が正しくありません")]
    SecretFormat,
}

/// 時間ステップ (time step) containing `unix_seconds`: `floor(unix_seconds / 30)`.
pub fn step_at(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// 確認コード (the 6-digit code, zero-padded) at `unix_seconds`.
///
/// Times before 1970 give negative steps, whose code is that of the counter's 64-bit two's
/// complement; [`verify`] never accepts them.
pub fn code_at(secret: &TotpSecret, unix_seconds: i64) -> String {
    code_for_step(secret, step_at(unix_seconds))
        .iter()
        .map(|&b| char::from(b))
        .collect()
}

/// 確認コードの照合 (verify a code): accepts the step of `unix_seconds` and ±[`SKEW_STEPS`],
/// refuses any step ≤ `last_used_step`, and returns the matched step, which the caller must
/// store as the new `last_used_step`.
///
/// The input may have spaces anywhere (`" 123 456 "`); full-width digits are folded by the caller.
/// All candidate codes are computed and compared in constant time before deciding. If a code
/// matches more than one fresh step (a one-in-a-million coincidence), the latest is returned.
///
/// # Errors
/// [`TotpError::Malformed`] for anything other than 6 digits, [`TotpError::Replayed`] when
/// the code matches only already-used steps, and [`TotpError::Invalid`] otherwise.
pub fn verify(
    secret: &TotpSecret,
    code: &str,
    unix_seconds: i64,
    last_used_step: Option<i64>,
) -> core::result::Result<i64, TotpError> {
    let given = normalize_code(code).ok_or(TotpError::Malformed)?;
    let current = step_at(unix_seconds);
    let mut fresh_match: Option<i64> = None;
    let mut used_match = false;
    for delta in -SKEW_STEPS..=SKEW_STEPS {
        let Some(step) = current.checked_add(delta) else {
            continue;
        };
        if step < 0 {
            continue;
        }
        let matches: bool = code_for_step(secret, step).ct_eq(&given).into();
        let fresh = last_used_step.is_none_or(|last| step > last);
        if matches && fresh {
            fresh_match = Some(step);
        } else if matches {
            used_match = true;
        }
    }
    match fresh_match {
        Some(step) => Ok(step),
        None if used_match => Err(TotpError::Replayed),
        None => Err(TotpError::Invalid),
    }
}

/// 登録用URI (enrolment URI, Google Authenticator "Key URI Format") for a QR code:
/// `otpauth://totp/Issuer:account?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30`.
///
/// `issuer` and `account` are percent-encoded as UTF-8 (RFC 3986 unreserved characters kept),
/// so Japanese names and a `:` inside them are safe. The URI contains the secret, so it is
/// wiped on drop: render it into the QR code and let it go.
pub fn otpauth_uri(secret: &TotpSecret, issuer: &str, account: &str) -> Zeroizing<String> {
    let encoded = secret.to_base32();
    let mut uri = Zeroizing::new(String::with_capacity(
        64 + encoded.len() + 6 * (issuer.len() * 2 + account.len()),
    ));
    uri.push_str("otpauth://totp/");
    push_percent_encoded(&mut uri, issuer);
    uri.push(':');
    push_percent_encoded(&mut uri, account);
    uri.push_str("?secret=");
    uri.push_str(&encoded);
    uri.push_str("&issuer=");
    push_percent_encoded(&mut uri, issuer);
    uri.push_str("&algorithm=SHA1&digits=6&period=30");
    uri
}

/// HOTP (RFC 4226) of one step, as ASCII digits.
fn code_for_step(secret: &TotpSecret, step: i64) -> [u8; DIGITS] {
    // HMAC zero-pads a key shorter than the block; doing it here gives the infallible
    // fixed-size constructor.
    let mut key = Zeroizing::new([0u8; SHA1_BLOCK_LEN]);
    for (dst, src) in key.iter_mut().zip(secret.0.iter()) {
        *dst = *src;
    }
    let mut mac = <Hmac<Sha1> as KeyInit>::new((&*key).into());
    mac.update(&step.cast_unsigned().to_be_bytes());
    let digest: [u8; 20] = mac.finalize().into_bytes().into();
    // Dynamic truncation (RFC 4226 §5.3).
    let [.., last] = digest;
    let offset = usize::from(last & 0x0f);
    let binary = digest
        .iter()
        .skip(offset)
        .take(4)
        .fold(0u32, |acc, &b| (acc << 8) | u32::from(b))
        & 0x7fff_ffff;
    let mut value = binary % 1_000_000;
    let mut out = [b'0'; DIGITS];
    for slot in out.iter_mut().rev() {
        // `value % 10` is below 10, so the cast cannot truncate.
        *slot = b'0' + (value % 10) as u8;
        value /= 10;
    }
    out
}

/// Removes whitespace (ASCII and U+3000) and requires exactly [`DIGITS`] ASCII digits (the caller
/// folds full-width digits first, with the one folding the domain has).
fn normalize_code(code: &str) -> Option<[u8; DIGITS]> {
    let mut out = [0u8; DIGITS];
    let mut len = 0usize;
    for c in code.chars() {
        if c.is_whitespace() {
            continue;
        }
        if !c.is_ascii_digit() {
            return None;
        }
        let digit = c;
        let slot = out.get_mut(len)?;
        *slot = u8::try_from(digit).ok()?;
        len += 1;
    }
    (len == DIGITS).then_some(out)
}

/// RFC 4648 base32 value of one 5-bit group.
fn base32_char(value: u8) -> char {
    let v = value & 0x1f;
    char::from(if v < 26 { b'A' + v } else { b'2' + (v - 26) })
}

/// RFC 4648 base32, upper case, no padding.
fn base32_encode(bytes: &[u8]) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(bytes.len().div_ceil(5) * 8));
    let mut buffer: u16 = 0;
    let mut bits: u32 = 0;
    for &b in bytes {
        buffer = (buffer << 8) | u16::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            // Masked to five bits by `base32_char`.
            out.push(base32_char((buffer >> bits) as u8));
        }
    }
    if bits > 0 {
        out.push(base32_char((buffer << (5 - bits)) as u8));
    }
    buffer.zeroize();
    out
}

/// RFC 4648 base32 decoding; `None` for a character outside the alphabet, a misplaced `=`,
/// an impossible length or non-zero trailing bits.
fn base32_decode(text: &str) -> Option<Zeroizing<Vec<u8>>> {
    let trimmed = text.trim_end_matches(|c: char| c == '=' || c.is_whitespace());
    let mut out = Zeroizing::new(Vec::with_capacity(trimmed.len() * 5 / 8));
    let mut buffer: u16 = 0;
    let mut bits: u32 = 0;
    let mut symbols = 0usize;
    for c in trimmed.chars() {
        if c.is_whitespace() {
            continue;
        }
        let value = match c.to_ascii_uppercase() {
            u @ 'A'..='Z' => u32::from(u) - u32::from('A'),
            d @ '2'..='7' => u32::from(d) - u32::from('2') + 26,
            _ => return None,
        };
        symbols += 1;
        // `value` is below 32.
        buffer = ((buffer << 5) | value as u16) & 0x0fff;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    // Only 2, 4, 5 or 7 symbols can end a group; leftover bits must be zero (canonical form).
    let valid_tail = matches!(symbols % 8, 0 | 2 | 4 | 5 | 7);
    let leftover = buffer & ((1u16 << bits) - 1);
    buffer.zeroize();
    (valid_tail && leftover == 0).then_some(out)
}

/// Percent-encodes everything except the RFC 3986 unreserved characters.
fn push_percent_encoded(out: &mut String, text: &str) {
    fn hex(n: u8) -> char {
        char::from(if n < 10 { b'0' + n } else { b'A' + (n - 10) })
    }
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(hex(b >> 4));
            out.push(hex(b & 0x0f));
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn rfc_secret() -> TotpSecret {
        TotpSecret::from_bytes(b"12345678901234567890").unwrap()
    }

    /// RFC 6238 Appendix B, SHA-1 column; the published values are 8 digits, the 6-digit code
    /// is their last six (the same truncated integer modulo 10⁶).
    #[test]
    fn rfc6238_vectors() {
        let secret = rfc_secret();
        for (t, eight) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            let six = eight.get(2..).unwrap();
            assert_eq!(code_at(&secret, t), six, "T = {t}");
            assert_eq!(verify(&secret, six, t, None), Ok(step_at(t)), "T = {t}");
        }
    }

    #[test]
    fn rfc4226_hotp_vectors() {
        // RFC 4226 Appendix D, counters 0..9 (6 digits).
        let secret = rfc_secret();
        let expected = [
            "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489",
        ];
        for (counter, code) in expected.iter().enumerate() {
            let step = i64::try_from(counter).unwrap();
            assert_eq!(code_at(&secret, step * STEP_SECONDS), *code);
        }
    }

    #[test]
    fn window_is_plus_minus_one_step() {
        let secret = rfc_secret();
        let now = 1_234_567_890;
        let step = step_at(now);
        for delta in [-1, 0, 1] {
            let code = code_at(&secret, now + delta * STEP_SECONDS);
            assert_eq!(verify(&secret, &code, now, None), Ok(step + delta), "{delta}");
        }
        for delta in [-3, -2, 2, 3] {
            let code = code_at(&secret, now + delta * STEP_SECONDS);
            assert_eq!(verify(&secret, &code, now, None), Err(TotpError::Invalid), "{delta}");
        }
        // Step boundaries: 30 s steps, floor division.
        assert_eq!(step_at(0), 0);
        assert_eq!(step_at(29), 0);
        assert_eq!(step_at(30), 1);
        assert_eq!(step_at(-1), -1);
    }

    #[test]
    fn replay_is_refused() {
        let secret = rfc_secret();
        let now = 2_000_000_000;
        let code = code_at(&secret, now);
        let step = verify(&secret, &code, now, None).unwrap();
        // Same code again, same moment or 20 s later: refused.
        assert_eq!(verify(&secret, &code, now, Some(step)), Err(TotpError::Replayed));
        assert_eq!(verify(&secret, &code, now + 20, Some(step)), Err(TotpError::Replayed));
        // A previous step's code after a later one was used: refused too.
        let previous = code_at(&secret, now - STEP_SECONDS);
        assert_eq!(verify(&secret, &previous, now, Some(step)), Err(TotpError::Replayed));
        // The next step's code is fresh.
        let next = code_at(&secret, now + STEP_SECONDS);
        assert_eq!(verify(&secret, &next, now + STEP_SECONDS, Some(step)), Ok(step + 1));
        // A wrong code stays "invalid", not "replayed".
        let wrong = if code == "000000" { "000001" } else { "000000" };
        assert_eq!(verify(&secret, wrong, now, Some(step)), Err(TotpError::Invalid));
    }

    #[test]
    fn input_normalisation() {
        let secret = rfc_secret();
        let t = 59; // code 287082
        assert_eq!(verify(&secret, " 287082 ", t, None), Ok(1));
        assert_eq!(verify(&secret, "287 082", t, None), Ok(1));
        assert_eq!(verify(&secret, "\u{3000}287082\u{3000}", t, None), Ok(1));
        // Full-width digits are folded by the caller (kokuho-app), not here.
        for bad in [
            "２８７０８２",
            "",
            "28708",
            "2870820",
            "28708a",
            "287-082",
            "２８７０８",
            "٢٨٧٠٨٢",
            "+87082",
        ] {
            assert_eq!(verify(&secret, bad, t, None), Err(TotpError::Malformed), "{bad}");
        }
    }

    #[test]
    fn negative_steps_are_never_accepted() {
        let secret = rfc_secret();
        // At t = 10 the previous step is -1: only steps 0 and 1 can match.
        let code = code_at(&secret, -STEP_SECONDS);
        let result = verify(&secret, &code, 10, None);
        assert!(result.is_err() || result.is_ok_and(|s| s >= 0));
        assert_eq!(verify(&secret, &code_at(&secret, 10), 10, None), Ok(0));
        // Far extremes do not overflow.
        let _ = verify(&secret, "123456", i64::MAX, Some(i64::MAX));
        let _ = verify(&secret, "123456", i64::MIN, None);
    }

    #[test]
    fn messages_are_japanese_and_do_not_echo() {
        assert_eq!(
            TotpError::Malformed.to_string(),
            "確認コードは6桁の数字で入力してください"
        );
        assert_eq!(TotpError::Invalid.to_string(), "確認コードが正しくありません");
        assert!(
            TotpError::Replayed
                .to_string()
                .starts_with("この確認コードは使用済みです")
        );
        let secret = rfc_secret();
        let err = verify(&secret, "99999", 59, None).unwrap_err();
        assert!(!err.to_string().contains("99999"));
        assert!(!format!("{err:?}").contains("99999"));
    }

    #[test]
    fn secret_handling() {
        let secret = rfc_secret();
        assert_eq!(&*secret.to_base32(), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        let debug = format!("{secret:?}");
        assert_eq!(debug, "TotpSecret(<redacted>)");
        assert!(!debug.contains("GEZD") && !debug.contains("49"));

        let a = TotpSecret::generate().unwrap();
        let b = TotpSecret::generate().unwrap();
        assert_ne!(a.as_bytes(), b.as_bytes());
        assert_eq!(a.to_base32().len(), 32);

        assert_eq!(TotpSecret::from_bytes(&[0u8; 19]).unwrap_err(), TotpError::SecretFormat);
        assert!(TotpSecret::from_bytes(&[0u8; 21]).is_err());
        // Lower case, spaces and padding are fine; a wrong length or alphabet is not.
        let relaxed = TotpSecret::from_base32("gezd gnbv gy3t qojq gezd gnbv gy3t qojq====").unwrap();
        assert_eq!(relaxed.as_bytes(), secret.as_bytes());
        assert!(TotpSecret::from_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ").is_err());
        assert!(TotpSecret::from_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ1").is_err());
        assert!(TotpSecret::from_base32("").is_err());

        fn zeroize_on_drop<T: ZeroizeOnDrop>() {}
        zeroize_on_drop::<TotpSecret>();
        zeroize_on_drop::<sha1::block_api::Sha1Core>();
    }

    #[test]
    fn base32_rfc4648_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "MY"),
            ("fo", "MZXQ"),
            ("foo", "MZXW6"),
            ("foob", "MZXW6YQ"),
            ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI"),
        ] {
            assert_eq!(&*base32_encode(plain.as_bytes()), encoded);
            assert_eq!(base32_decode(encoded).unwrap().as_slice(), plain.as_bytes());
        }
        // Non-canonical trailing bits and impossible lengths.
        assert!(base32_decode("MZ").is_none());
        assert!(base32_decode("M").is_none());
        assert!(base32_decode("MZX").is_none());
        assert!(base32_decode("MZXW6Y").is_none());
    }

    #[test]
    fn otpauth_uri_format() {
        let secret = rfc_secret();
        assert_eq!(
            &*otpauth_uri(&secret, "国保システム", "田中 太郎@市役所"),
            "otpauth://totp/%E5%9B%BD%E4%BF%9D%E3%82%B7%E3%82%B9%E3%83%86%E3%83%A0:\
             %E7%94%B0%E4%B8%AD%20%E5%A4%AA%E9%83%8E%40%E5%B8%82%E5%BD%B9%E6%89%80\
             ?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\
             &issuer=%E5%9B%BD%E4%BF%9D%E3%82%B7%E3%82%B9%E3%83%86%E3%83%A0\
             &algorithm=SHA1&digits=6&period=30"
        );
        assert_eq!(
            &*otpauth_uri(&secret, "Kokuho:Test", "t.tanaka"),
            "otpauth://totp/Kokuho%3ATest:t.tanaka?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\
             &issuer=Kokuho%3ATest&algorithm=SHA1&digits=6&period=30"
        );
    }

    proptest! {
        #[test]
        fn base32_round_trip(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let encoded = base32_encode(&bytes);
            prop_assert!(!encoded.contains('='));
            prop_assert_eq!(encoded.len(), (bytes.len() * 8).div_ceil(5));
            let decoded = base32_decode(&encoded).unwrap();
            prop_assert_eq!(decoded.as_slice(), bytes.as_slice());
            let decoded_lower = base32_decode(&encoded.to_lowercase()).unwrap();
            prop_assert_eq!(decoded_lower.as_slice(), bytes.as_slice());
        }

        #[test]
        fn secret_base32_round_trip(bytes in any::<[u8; SECRET_LEN]>()) {
            let secret = TotpSecret::from_bytes(&bytes).unwrap();
            let again = TotpSecret::from_base32(&secret.to_base32()).unwrap();
            prop_assert_eq!(again.as_bytes(), &bytes);
        }

        #[test]
        fn current_code_always_verifies(t in 0i64..=4_102_444_800, bytes in any::<[u8; SECRET_LEN]>()) {
            let secret = TotpSecret::from_bytes(&bytes).unwrap();
            let code = code_at(&secret, t);
            prop_assert_eq!(code.len(), DIGITS);
            prop_assert!(code.bytes().all(|b| b.is_ascii_digit()));
            let step = verify(&secret, &code, t, None).unwrap();
            prop_assert!((step - step_at(t)).abs() <= SKEW_STEPS);
            prop_assert_eq!(verify(&secret, &code, t, Some(step_at(t) + 1)), Err(TotpError::Replayed));
        }
    }
}
