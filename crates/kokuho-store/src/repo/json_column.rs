//! JSON text columns (a rate table, a 賦課決定's breakdown, flag attributes, recovery-code
//! digests): read and written typed here, once, a failure named by its column.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::StoreError;

fn failed(column: &str, e: &serde_json::Error) -> StoreError {
    StoreError::Schema(format!("{column}: {e}"))
}

/// The value held as JSON `text` in `column`.
pub(crate) fn read<T: DeserializeOwned>(column: &str, text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|e| failed(column, &e))
}

/// `value` as the JSON text of `column`.
pub(crate) fn write<T: Serialize + ?Sized>(column: &str, value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| failed(column, &e))
}

/// `value` as JSON text with its object keys sorted (the form rate tables have always been kept
/// in, so a rebuild writes the text the table was first stored with).
pub(crate) fn write_sorted<T: Serialize + ?Sized>(column: &str, value: &T) -> Result<String, StoreError> {
    Ok(serde_json::to_value(value).map_err(|e| failed(column, &e))?.to_string())
}
