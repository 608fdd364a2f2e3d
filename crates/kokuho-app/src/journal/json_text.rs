//! A typed value journaled as JSON text inside the entry (`"rates": "{\"components\":…}"`), the
//! form rate tables have always been recorded in. Used as `#[serde(with = "json_text")]` (and
//! `json_text::option` for an optional field). Written with its keys sorted, so the same value
//! is always the same text.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Writes `value` as the JSON text of its fields, keys sorted.
pub fn serialize<T: Serialize, S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&text(value).map_err(serde::ser::Error::custom)?)
}

/// Reads the value from the JSON text.
pub fn deserialize<'de, T: DeserializeOwned, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    let text = String::deserialize(d)?;
    serde_json::from_str(&text).map_err(serde::de::Error::custom)
}

fn text<T: Serialize>(value: &T) -> serde_json::Result<String> {
    // Through `Value`: its maps are sorted by key.
    Ok(serde_json::to_value(value)?.to_string())
}

/// The same for an optional field (absent or `null`: `None`).
pub mod option {
    use super::*;

    /// Writes `Some(value)` as its JSON text (`None` is skipped by the field's attribute).
    pub fn serialize<T: Serialize, S: Serializer>(value: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => super::serialize(v, s),
            None => s.serialize_none(),
        }
    }

    /// Reads `Some(value)` from its JSON text.
    pub fn deserialize<'de, T: DeserializeOwned, D: Deserializer<'de>>(d: D) -> Result<Option<T>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|text| serde_json::from_str(&text).map_err(serde::de::Error::custom))
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Inner {
        z: u8,
        a: Vec<u8>,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Outer {
        #[serde(with = "super")]
        inner: Inner,
        #[serde(default, with = "super::option", skip_serializing_if = "Option::is_none")]
        maybe: Option<Inner>,
    }

    #[test]
    fn a_value_is_written_as_sorted_json_text_and_read_back() {
        let v = Outer {
            inner: Inner { z: 1, a: vec![2] },
            maybe: None,
        };
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(json, r#"{"inner":"{\"a\":[2],\"z\":1}"}"#);
        assert_eq!(serde_json::from_str::<Outer>(&json).unwrap(), v);
        let with = r#"{"inner":"{\"z\":1,\"a\":[]}","maybe":"{\"a\":[3],\"z\":4}"}"#;
        let read: Outer = serde_json::from_str(with).unwrap();
        assert_eq!(read.maybe, Some(Inner { z: 4, a: vec![3] }));
        assert!(serde_json::from_str::<Outer>(r#"{"inner":"{\"z\":\"x\"}"}"#).is_err());
    }
}
