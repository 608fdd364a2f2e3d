//! 鍵の用途: what a data key may be used for.

/// 鍵の用途 (key purpose). Each purpose has its own keys; a key of one purpose is refused where
/// another is required, so the index key can never be the encryption key (C15).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyPurpose {
    /// 個人番号の暗号化 (encryption of the My Number column), used by [`crate::FieldCipher`].
    MyNumberEncryption,
    /// 個人番号の検索用索引 (blind index of the My Number), used by [`crate::BlindIndex`].
    MyNumberIndex,
}

impl KeyPurpose {
    /// All purposes.
    pub const ALL: [KeyPurpose; 2] = [KeyPurpose::MyNumberEncryption, KeyPurpose::MyNumberIndex];

    /// One-byte code bound into the wrapping AAD. Never reuse a code.
    pub const fn code(self) -> u8 {
        match self {
            KeyPurpose::MyNumberEncryption => 1,
            KeyPurpose::MyNumberIndex => 2,
        }
    }

    /// The purpose with this code.
    pub fn from_code(code: u8) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }

    /// Stable text form for a database column.
    pub const fn as_str(self) -> &'static str {
        match self {
            KeyPurpose::MyNumberEncryption => "mynumber-encryption",
            KeyPurpose::MyNumberIndex => "mynumber-index",
        }
    }

    /// The purpose with this text form.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == name)
    }

    /// Japanese label used in messages.
    pub const fn label(self) -> &'static str {
        match self {
            KeyPurpose::MyNumberEncryption => "個人番号の暗号化",
            KeyPurpose::MyNumberIndex => "個人番号の検索用索引",
        }
    }
}

impl core::fmt::Display for KeyPurpose {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.label())
    }
}
