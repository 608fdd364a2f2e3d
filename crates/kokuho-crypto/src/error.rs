//! 暗号処理のエラー. Messages are Japanese and never contain key material or plaintext.

use std::path::PathBuf;

use crate::purpose::KeyPurpose;

/// 暗号処理のエラー.
///
/// No variant carries key bytes, plaintext or a 個人番号; key ids, lengths and file paths are
/// not secret and may appear.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CryptoError {
    /// The key (file or variable) is empty.
    #[error("鍵暗号化鍵（KEK）が空です")]
    KekEmpty,
    /// The key is neither 32 raw bytes, 64 hex digits nor base64 of 32 bytes.
    #[error(
        "鍵暗号化鍵（KEK）の形式が正しくありません（32バイトの生データ、64桁の16進数、32バイト分のbase64のいずれかにしてください）"
    )]
    KekFormat,
    /// The key decodes to the wrong number of bytes.
    #[error("鍵暗号化鍵（KEK）の長さが正しくありません（32バイト必要ですが{actual}バイトでした）")]
    KekLength {
        /// Bytes found after decoding.
        actual: usize,
    },
    /// All bytes of the key are equal (e.g. all zeros): a placeholder, not a key.
    #[error("鍵のバイトがすべて同じ値です。既定値や空の鍵は使えません。新しい鍵を生成してください")]
    WeakKey,
    /// A key file could not be read.
    #[error("鍵ファイル {} を読み込めません: {source}", path.display())]
    KeyFileRead {
        /// The file.
        path: PathBuf,
        /// The IO error.
        #[source]
        source: std::io::Error,
    },
    /// A key file could not be written (it may already exist: it is never overwritten).
    #[error("鍵ファイル {} を作成できません（既存のファイルは上書きしません）: {source}", path.display())]
    KeyFileWrite {
        /// The file.
        path: PathBuf,
        /// The IO error.
        #[source]
        source: std::io::Error,
    },
    /// The operating system's random source failed.
    #[error("乱数を取得できません（OSの乱数源が利用できません）")]
    Random,
    /// A data key was given for the wrong purpose.
    #[error("データ鍵の用途が違います（{expected}用の鍵が必要ですが、{actual}用の鍵が渡されました）")]
    WrongPurpose {
        /// Purpose required.
        expected: KeyPurpose,
        /// Purpose of the key given.
        actual: KeyPurpose,
    },
    /// The encryption key and the index key are the same key material.
    #[error("個人番号の暗号化鍵と検索用索引の鍵が同じです。別々の鍵を使ってください")]
    SameKeyMaterial,
    /// Two keys in one keyring share a key id.
    #[error("データ鍵の鍵ID {key_id} が重複しています")]
    DuplicateKeyId {
        /// The key id.
        key_id: u32,
    },
    /// A wrapped data key has the wrong length or version.
    #[error("保管されているデータ鍵の形式が正しくありません")]
    WrappedKeyFormat,
    /// A wrapped data key failed authentication.
    #[error("データ鍵を取り出せません（鍵暗号化鍵・鍵ID・用途のいずれかが一致しないか、改ざんされています）")]
    UnwrapFailed,
    /// A ciphertext is shorter than header + tag.
    #[error("暗号文が短すぎます（壊れているか、暗号文ではありません）")]
    CiphertextTooShort,
    /// A ciphertext has a format version this build does not know.
    #[error("暗号文の形式の版（{version}）に対応していません")]
    UnsupportedVersion {
        /// Version byte found.
        version: u8,
    },
    /// A ciphertext was made with another key than the one given.
    #[error("暗号文の鍵ID（{found}）がこの鍵の鍵ID（{expected}）と一致しません")]
    KeyIdMismatch {
        /// Key id of the cipher used.
        expected: u32,
        /// Key id in the ciphertext header.
        found: u32,
    },
    /// No key with this id is loaded.
    #[error("鍵ID {key_id} のデータ鍵が読み込まれていません")]
    UnknownKeyId {
        /// The key id.
        key_id: u32,
    },
    /// AEAD encryption failed (input too long).
    #[error("暗号化に失敗しました")]
    EncryptFailed,
    /// AEAD decryption failed: tampered ciphertext, wrong key, or wrong row/column (AAD).
    #[error("復号に失敗しました（暗号文の改ざん、鍵の不一致、または別の行・列の暗号文の可能性があります）")]
    DecryptFailed,
    /// The plaintext decrypted from a 個人番号 column is not a valid 個人番号.
    #[error("復号した値が正しい個人番号ではありません")]
    DecryptedMyNumberInvalid(#[source] kokuho_domain::kernel::my_number::MyNumberError),
    /// A chain hash in text form is not 64 hex digits.
    #[error("チェーンハッシュの形式が正しくありません（64桁の16進数が必要です）")]
    ChainHashFormat,
    /// The hash chain does not match at an entry.
    #[error("ハッシュチェーンが{position}件目で一致しません（改ざん・欠落・順序入れ替えの可能性があります）")]
    ChainBroken {
        /// 1-based position of the first entry whose hash does not match.
        position: u64,
    },
    /// Password hashing failed.
    #[error("パスワードのハッシュ化に失敗しました")]
    PasswordHash,
}

/// Result type of this crate.
pub type Result<T, E = CryptoError> = core::result::Result<T, E>;
