//! Backend-neutral SQL values and result rows.
//!
//! Only four storage classes exist on purpose: integers (money is integer yen, flags are 0/1),
//! text, blobs and NULL. Dates travel as `YYYY-MM-DD` text, which sorts correctly in both
//! databases and needs no time zone.

use crate::error::StoreError;
use jiff::civil::Date;

/// An owned SQL value, used both for parameters and for result columns.
///
/// `Ord` (NULL < integers < text < blobs, then by content) exists for canonical dumps.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Value {
    /// SQL NULL.
    #[default]
    Null,
    /// 64-bit integer (SQLite INTEGER, PostgreSQL BIGINT; also used for booleans as 0/1).
    Int(i64),
    /// UTF-8 text (SQLite TEXT, PostgreSQL TEXT).
    Text(String),
    /// Bytes (SQLite BLOB, PostgreSQL BYTEA).
    Blob(Vec<u8>),
}

impl Value {
    /// True for `Value::Null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Short name of the storage class, for error messages (never the value itself).
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Value::Null => "NULL",
            Value::Int(_) => "整数",
            Value::Text(_) => "文字列",
            Value::Blob(_) => "バイト列",
        }
    }
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}

impl From<i32> for Value {
    fn from(v: i32) -> Self {
        Value::Int(i64::from(v))
    }
}

impl From<u32> for Value {
    fn from(v: u32) -> Self {
        Value::Int(i64::from(v))
    }
}

impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Int(i64::from(v))
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_owned())
    }
}

impl From<&String> for Value {
    fn from(v: &String) -> Self {
        Value::Text(v.clone())
    }
}

impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}

impl From<Vec<u8>> for Value {
    fn from(v: Vec<u8>) -> Self {
        Value::Blob(v)
    }
}

impl From<&[u8]> for Value {
    fn from(v: &[u8]) -> Self {
        Value::Blob(v.to_vec())
    }
}

impl From<Date> for Value {
    fn from(v: Date) -> Self {
        Value::Text(format_date(v))
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// Builds a `&[Value]` parameter list: `params![insurer_no, name, date]`.
#[macro_export]
macro_rules! params {
    () => { &[] as &[$crate::Value] };
    ($($v:expr),+ $(,)?) => { &[$($crate::Value::from($v)),+] as &[$crate::Value] };
}

/// `YYYY-MM-DD`, the one date format stored in both databases.
pub(crate) fn format_date(d: Date) -> String {
    d.to_string()
}

/// Strict inverse of [`format_date`]: rejects anything that does not print back identically.
pub(crate) fn parse_date(s: &str) -> Option<Date> {
    // `YYYY-MM-DD` exactly (what `format_date` prints for years 1–9999), checked byte by byte:
    // this runs for every date of every row read, so it allocates nothing.
    let b = s.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i16> {
        b.get(range)?
            .iter()
            .try_fold(0i16, |n, c| c.is_ascii_digit().then(|| n * 10 + i16::from(c - b'0')))
    };
    let (y, m, d) = (number(0..4)?, number(5..7)?, number(8..10)?);
    if y == 0 {
        return None;
    }
    Date::new(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
}

/// One result row; columns are addressed by their 0-based position in the SELECT list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Row {
    values: Vec<Value>,
}

impl Row {
    /// Wraps column values (used by the adapters and by tests).
    pub fn new(values: Vec<Value>) -> Self {
        Self { values }
    }

    /// Number of columns.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// True when the row has no columns.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Raw access to column `i`.
    pub fn get(&self, i: usize) -> Result<&Value, StoreError> {
        self.values
            .get(i)
            .ok_or_else(|| StoreError::schema(format!("列 {i} は結果にありません")))
    }

    /// All column values, by position.
    pub fn values(&self) -> &[Value] {
        &self.values
    }

    /// Takes the column values out of the row.
    pub fn into_values(self) -> Vec<Value> {
        self.values
    }

    fn mismatch(i: usize, want: &str, got: &Value) -> StoreError {
        StoreError::schema(format!("列 {i} の型が違います（期待: {want}、実際: {}）", got.kind()))
    }

    /// Non-NULL integer.
    pub fn int(&self, i: usize) -> Result<i64, StoreError> {
        match self.get(i)? {
            Value::Int(v) => Ok(*v),
            other => Err(Self::mismatch(i, "整数", other)),
        }
    }

    /// Integer or NULL.
    pub fn opt_int(&self, i: usize) -> Result<Option<i64>, StoreError> {
        match self.get(i)? {
            Value::Null => Ok(None),
            Value::Int(v) => Ok(Some(*v)),
            other => Err(Self::mismatch(i, "整数または NULL", other)),
        }
    }

    /// Non-NULL text.
    pub fn text(&self, i: usize) -> Result<&str, StoreError> {
        match self.get(i)? {
            Value::Text(v) => Ok(v),
            other => Err(Self::mismatch(i, "文字列", other)),
        }
    }

    /// Text or NULL.
    pub fn opt_text(&self, i: usize) -> Result<Option<&str>, StoreError> {
        match self.get(i)? {
            Value::Null => Ok(None),
            Value::Text(v) => Ok(Some(v)),
            other => Err(Self::mismatch(i, "文字列または NULL", other)),
        }
    }

    /// Non-NULL bytes.
    pub fn blob(&self, i: usize) -> Result<&[u8], StoreError> {
        match self.get(i)? {
            Value::Blob(v) => Ok(v),
            other => Err(Self::mismatch(i, "バイト列", other)),
        }
    }

    /// Bytes or NULL.
    pub fn opt_blob(&self, i: usize) -> Result<Option<&[u8]>, StoreError> {
        match self.get(i)? {
            Value::Null => Ok(None),
            Value::Blob(v) => Ok(Some(v)),
            other => Err(Self::mismatch(i, "バイト列または NULL", other)),
        }
    }

    /// Boolean stored as integer 0/1 (PostgreSQL BOOLEAN columns also arrive as 0/1).
    pub fn bool(&self, i: usize) -> Result<bool, StoreError> {
        match self.get(i)? {
            Value::Int(0) => Ok(false),
            Value::Int(1) => Ok(true),
            Value::Int(_) => Err(StoreError::schema(format!(
                "列 {i} は真偽値（0 または 1）ではありません"
            ))),
            other => Err(Self::mismatch(i, "真偽値（0/1）", other)),
        }
    }

    /// Moves a non-NULL text column out of the row (it is left NULL).
    pub fn take_text(&mut self, i: usize) -> Result<String, StoreError> {
        match self.take_opt_text(i)? {
            Some(s) => Ok(s),
            None => Err(Self::mismatch(i, "文字列", &Value::Null)),
        }
    }

    /// Moves a text-or-NULL column out of the row (it is left NULL).
    pub fn take_opt_text(&mut self, i: usize) -> Result<Option<String>, StoreError> {
        let slot = self
            .values
            .get_mut(i)
            .ok_or_else(|| StoreError::schema(format!("列 {i} は結果にありません")))?;
        match std::mem::replace(slot, Value::Null) {
            Value::Null => Ok(None),
            Value::Text(s) => Ok(Some(s)),
            other => {
                let err = Self::mismatch(i, "文字列", &other);
                *slot = other;
                Err(err)
            }
        }
    }

    /// Non-NULL date stored as `YYYY-MM-DD`.
    pub fn date(&self, i: usize) -> Result<Date, StoreError> {
        match self.opt_date(i)? {
            Some(d) => Ok(d),
            None => Err(Self::mismatch(i, "日付", &Value::Null)),
        }
    }

    /// Date (`YYYY-MM-DD`) or NULL.
    pub fn opt_date(&self, i: usize) -> Result<Option<Date>, StoreError> {
        match self.get(i)? {
            Value::Null => Ok(None),
            Value::Text(s) => parse_date(s)
                .map(Some)
                .ok_or_else(|| StoreError::schema(format!("列 {i} は YYYY-MM-DD 形式の日付ではありません"))),
            other => Err(Self::mismatch(i, "日付（YYYY-MM-DD）", other)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_text_round_trip_is_strict() {
        let d = jiff::civil::date(2026, 4, 1);
        assert_eq!(Value::from(d), Value::Text("2026-04-01".into()));
        assert_eq!(parse_date("2026-04-01"), Some(d));
        assert_eq!(parse_date("0001-01-01"), Some(jiff::civil::date(1, 1, 1)));
        for bad in [
            "2026-4-01",
            "20260401",
            "2026-02-30",
            "2026-04-01 ",
            "２０２６-04-01",
            "0000-01-01",
            "+202-01-01",
            "2026-13-01",
            "2026-00-10",
            "2026-04-00",
            "2026/04/01",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        // Every day of two centuries round-trips (leap years included).
        let mut day = jiff::civil::date(1900, 1, 1);
        while day.year() < 2100 {
            assert_eq!(parse_date(&format_date(day)), Some(day));
            day = day.tomorrow().unwrap();
        }
    }

    #[test]
    fn getters_report_column_index_not_value() {
        let row = Row::new(vec![Value::Text("秘密の氏名".into()), Value::Null, Value::Int(2)]);
        let err = row.int(0).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("列 0"), "{msg}");
        assert!(!msg.contains("秘密"), "{msg}");
        assert!(matches!(row.text(1), Err(StoreError::Schema(_))));
        assert_eq!(row.opt_text(1).unwrap(), None);
        assert!(matches!(row.bool(2), Err(StoreError::Schema(_))));
        assert!(matches!(row.int(3), Err(StoreError::Schema(m)) if m.contains("列 3")));
        assert!(matches!(row.date(1), Err(StoreError::Schema(_))));
    }

    #[test]
    fn from_impls() {
        assert_eq!(Value::from(true), Value::Int(1));
        assert_eq!(Value::from(false), Value::Int(0));
        assert_eq!(Value::from(None::<i64>), Value::Null);
        assert_eq!(Value::from(Some("a")), Value::Text("a".into()));
        assert_eq!(Value::from(vec![0u8, 1]), Value::Blob(vec![0, 1]));
        let p = params![1i64, "x", None::<String>];
        assert_eq!(p.len(), 3);
    }
}
