//! `Shown<T>`: a person's field as shown to the actor — the value, or withheld (支援措置).

use std::fmt;

use serde::{Serialize, Serializer};

/// Text drawn in place of a withheld field.
pub const WITHHELD_TEXT: &str = "非表示（支援措置）";

/// 表示する値: the value when the actor may see it, else `Withheld` (never the value).
/// Serialized as the value or `null`; displayed as the value or [`WITHHELD_TEXT`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown<T> {
    /// The actor may see it.
    Visible(T),
    /// 支援措置: withheld from this actor.
    Withheld,
}

impl<T> Shown<T> {
    /// The value, or nothing when withheld.
    pub fn visible(&self) -> Option<&T> {
        match self {
            Shown::Visible(v) => Some(v),
            Shown::Withheld => None,
        }
    }

    /// Whether the field is withheld.
    pub fn is_withheld(&self) -> bool {
        matches!(self, Shown::Withheld)
    }

    /// `Visible(f(value))`, or `Withheld`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Shown<U> {
        match self {
            Shown::Visible(v) => Shown::Visible(f(v)),
            Shown::Withheld => Shown::Withheld,
        }
    }
}

impl<T> Shown<Option<T>> {
    /// The inner value when visible and present (for templates: `if let Some(x) = f.present()`).
    pub fn present(&self) -> Option<&T> {
        self.visible().and_then(Option::as_ref)
    }
}

impl<T> Shown<Vec<T>> {
    /// The items when visible; none when withheld (for templates: `for x in f.items()`).
    pub fn items(&self) -> &[T] {
        self.visible().map_or(&[], Vec::as_slice)
    }
}

impl<T: fmt::Display> fmt::Display for Shown<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Shown::Visible(v) => v.fmt(f),
            Shown::Withheld => f.write_str(WITHHELD_TEXT),
        }
    }
}

impl<T: Serialize> Serialize for Shown<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Shown::Visible(v) => v.serialize(s),
            Shown::Withheld => s.serialize_none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn withheld_is_null_in_json_and_a_marker_on_a_page() {
        let age: Shown<u32> = Shown::Withheld;
        assert_eq!(serde_json::to_value(&age).ok(), Some(serde_json::Value::Null));
        assert_eq!(age.to_string(), WITHHELD_TEXT);
        let age = Shown::Visible(42_u32);
        assert_eq!(serde_json::to_value(&age).ok(), Some(serde_json::json!(42)));
        assert_eq!(age.to_string(), "42");
        let none: Shown<Vec<u8>> = Shown::Withheld;
        assert!(none.items().is_empty());
    }
}
