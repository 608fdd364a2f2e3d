//! Fixtures: a builder of 住民異動 lines that are valid for their kind unless changed.

use std::collections::BTreeMap;

use kokuho_interchange::{ImportErrors, LineError};

/// The documented column order.
pub const COLUMNS: [&str; 16] = [
    "異動番号",
    "異動種別",
    "異動日",
    "届出日",
    "宛名番号",
    "世帯番号",
    "世帯主",
    "続柄",
    "氏名",
    "氏名カナ",
    "生年月日",
    "性別",
    "国籍",
    "在留期間満了日",
    "郵便番号",
    "住所",
];

pub const KINDS: [&str; 10] = [
    "転入",
    "転出",
    "転居",
    "出生",
    "死亡",
    "世帯分離",
    "世帯合併",
    "世帯主変更",
    "氏名変更",
    "住登外登録",
];

pub fn header() -> String {
    let mut s = COLUMNS.join(",");
    s.push('\n');
    s
}

/// One 住民異動 line, keyed by Japanese column name.
#[derive(Clone, Debug)]
pub struct Line {
    values: BTreeMap<&'static str, String>,
}

impl Line {
    /// A line valid for `kind` (Japanese label), with 異動番号 `id`.
    pub fn new(kind: &str, id: &str) -> Self {
        let mut line = Line {
            values: BTreeMap::new(),
        };
        line = line
            .set("異動番号", id)
            .set("異動種別", kind)
            .set("異動日", "2026-04-01")
            .set("届出日", "2026-04-02")
            .set("宛名番号", "100001")
            .set("世帯番号", "200001")
            .set("世帯主", "0")
            .set("続柄", "子");
        if matches!(kind, "転入" | "出生" | "住登外登録" | "氏名変更") {
            line = line
                .set("氏名", "山田　太郎")
                .set("氏名カナ", "ヤマダ　タロウ")
                .set("生年月日", if kind == "出生" { "2026-04-01" } else { "1980-05-06" })
                .set("性別", "男");
        }
        if matches!(kind, "転入" | "転居" | "出生" | "住登外登録") {
            line = line
                .set("郵便番号", "710-8565")
                .set("住所", "岡山県倉敷市西中新田640番地");
        }
        line
    }

    pub fn set(mut self, column: &'static str, value: &str) -> Self {
        assert!(COLUMNS.contains(&column), "unknown column {column}");
        self.values.insert(column, value.to_owned());
        self
    }

    /// The line as CSV (quoted where needed), without line terminator.
    pub fn csv(&self) -> String {
        COLUMNS
            .iter()
            .map(|c| quote(self.values.get(c).map_or("", String::as_str)))
            .collect::<Vec<_>>()
            .join(",")
    }
}

pub fn quote(v: &str) -> String {
    if v.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.to_owned()
    }
}

/// A file: header + lines, LF terminated.
pub fn file(lines: &[Line]) -> String {
    let mut s = header();
    for l in lines {
        s.push_str(&l.csv());
        s.push('\n');
    }
    s
}

/// Strict Shift_JIS fixture encoding with encoding_rs directly (independent of the crate).
pub fn sjis(text: &str) -> Vec<u8> {
    let (bytes, _, had_errors) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!had_errors, "fixture not encodable in Shift_JIS");
    bytes.into_owned()
}

/// (line, field) pairs of an error list.
pub fn positions(errs: &ImportErrors) -> Vec<(usize, Option<String>)> {
    errs.errors()
        .iter()
        .map(|e: &LineError| (e.line, e.field.clone()))
        .collect()
}
