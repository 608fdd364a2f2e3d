//! コード値: enums stored as a fixed ASCII code (a database column, the journal, the API's JSON)
//! and shown to staff by their Japanese label.
//!
//! [`code_enum!`] declares one: `as_str()` is the stored text, `label()` the Japanese word,
//! `FromStr` reads the stored text back (anything else is an [`UnknownCode`]), and serde writes
//! and reads the same text. The code of a variant never changes once written: existing
//! databases and journals hold it.

/// Text that is not the code of any variant of a [`code_enum!`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what}のコードではありません: {text:?}")]
pub struct UnknownCode {
    /// What the code was meant to be (the enum's Japanese term, e.g. 住民の状態).
    pub what: &'static str,
    /// The text that was given.
    pub text: String,
}

impl UnknownCode {
    /// `text` is not a code of `what`.
    pub fn new(what: &'static str, text: &str) -> Self {
        Self {
            what,
            text: text.to_string(),
        }
    }
}

/// Declares an enum stored by a code: `Variant = "code" / "ラベル"` for each variant, and the
/// enum's Japanese term (for errors) after its name.
macro_rules! code_enum {
    (
        $(#[$m:meta])*
        $vis:vis enum $name:ident: $what:literal {
            $($(#[$vm:meta])* $variant:ident = $code:literal / $label:literal),+ $(,)?
        }
    ) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        $vis enum $name {
            $($(#[$vm])* #[serde(rename = $code)] $variant),+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored code (database, journal, JSON): never changes once written.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }

            /// The Japanese label shown to staff.
            pub const fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label),+
                }
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = $crate::kernel::code::UnknownCode;

            /// Reads the stored code (exactly; never the label).
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($code => Ok($name::$variant),)+
                    _ => Err($crate::kernel::code::UnknownCode::new($what, s)),
                }
            }
        }
    };
}

pub(crate) use code_enum;

/// Checks what every [`code_enum!`] promises, for the enum's own tests: each variant reads back
/// from its code, unknown and label text is refused, codes and labels are non-empty and distinct.
#[cfg(test)]
pub(crate) fn assert_codes<T>(all: &[T], as_str: fn(T) -> &'static str, label: fn(T) -> &'static str)
where
    T: Copy + PartialEq + std::fmt::Debug + std::str::FromStr<Err = UnknownCode>,
{
    use std::collections::BTreeSet;
    assert!(!all.is_empty());
    for &v in all {
        assert_eq!(as_str(v).parse::<T>(), Ok(v), "{v:?}");
        assert!(!as_str(v).is_empty() && !label(v).is_empty(), "{v:?}");
        assert!(as_str(v).bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{v:?}");
        if as_str(v) != label(v) {
            assert!(label(v).parse::<T>().is_err(), "a label is not a code: {v:?}");
        }
    }
    let codes: BTreeSet<_> = all.iter().map(|&v| as_str(v)).collect();
    let labels: BTreeSet<_> = all.iter().map(|&v| label(v)).collect();
    assert_eq!(codes.len(), all.len(), "codes are distinct");
    assert_eq!(labels.len(), all.len(), "labels are distinct");
    for unknown in ["", "unknown", " open", "OPEN", "不明"] {
        if let Err(e) = unknown.parse::<T>() {
            assert_eq!(e.text, unknown);
        } else {
            assert!(all.iter().any(|&v| as_str(v) == unknown));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    code_enum! {
        /// 試験用.
        enum Sample: "試験用の区分" {
            /// 一
            One = "one" / "一",
            /// 二
            TwoWords = "two_words" / "二",
        }
    }

    #[test]
    fn codes_labels_and_serde_agree() {
        assert_codes(Sample::ALL, Sample::as_str, Sample::label);
        assert_eq!(Sample::TwoWords.as_str(), "two_words");
        assert_eq!(Sample::TwoWords.label(), "二");
        assert_eq!("one".parse::<Sample>(), Ok(Sample::One));
        let e = "three".parse::<Sample>().unwrap_err();
        assert_eq!(e.to_string(), "試験用の区分のコードではありません: \"three\"");
        // Serde uses the same text, both ways.
        assert_eq!(serde_json::to_string(&Sample::TwoWords).unwrap(), r#""two_words""#);
        assert_eq!(serde_json::from_str::<Sample>(r#""one""#).unwrap(), Sample::One);
        assert!(serde_json::from_str::<Sample>(r#""一""#).is_err());
    }
}
