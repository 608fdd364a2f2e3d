//! kokuho-crypto: encryption of 個人番号 at rest, the blind index, the hash chain and secrets.
//!
//! # Envelope encryption (security.md §5.2, controls C14, C15)
//!
//! ```text
//!  KEK (鍵暗号化鍵: file 0400 / env / later KMS)
//!   └─ wraps ─► DataKey (データ鍵, 32 bytes, key_id, purpose)      stored wrapped in `data_keys`
//!                ├─ MyNumberEncryption ─► FieldCipher  AES-256-GCM  ver‖key_id‖nonce‖ct‖tag
//!                └─ MyNumberIndex      ─► BlindIndex   HMAC-SHA256("kokuho-mynumber-v1"‖digits)
//! ```
//!
//! - AES-256-GCM because AES and GCM are on the CRYPTREC 電子政府推奨暗号リスト (rust-stack.md
//!   row 11). Nonces are 96-bit random: a single data key must be rotated well before 2³²
//!   encryptions (≈4 billion; about 1 million people, so rotation for this reason alone is
//!   remote, but the limit is written down here on purpose).
//! - The AAD ([`Aad`]) binds a ciphertext to (table, column, insurer, row), and the header
//!   (version, key_id) is authenticated too, so a ciphertext moved to another row, or a header
//!   edited, fails to decrypt.
//! - The index key and the encryption key are two different [`DataKey`]s with two different
//!   [`KeyPurpose`]s; the types refuse to mix them and [`Keyring`] refuses equal key material.
//! - **The ciphertext and the blind index are 特定個人情報 themselves** (PPC FAQ Q9-2, Q9-4;
//!   security.md §1.3): keep both out of logs, DTOs and audit records.
//! - Nothing secret is printable: `Debug` of every key type is redacted, key bytes are wiped on
//!   drop, and error messages never contain key material or plaintext.
//!
//! # Also here
//! - [`chain`]: the SHA-256 hash chain of the journal and the audit trail.
//! - [`secrets`]: argon2id password hashes and API tokens.
//! - [`password_policy`]: パスワードの基準 (NIST SP 800-63B length, blocklist, context words).
//! - [`totp`]: 二要素認証の確認コード (TOTP, RFC 6238).
//! - [`recovery`]: リカバリーコード (single-use recovery codes for a lost second factor).

mod blind_index;
pub mod chain;
mod data_key;
mod error;
mod field;
mod kek;
mod keyring;
pub mod password_policy;
mod purpose;
mod random;
pub mod recovery;
pub mod secrets;
pub mod totp;

pub use blind_index::{BLIND_INDEX_DOMAIN, BlindIndex};
pub use data_key::DataKey;
pub use error::{CryptoError, Result};
pub use field::{Aad, FIELD_FORMAT_VERSION, FieldCipher, ciphertext_key_id};
pub use kek::Kek;
pub use keyring::{Keyring, WrappedKey};
pub use purpose::KeyPurpose;
