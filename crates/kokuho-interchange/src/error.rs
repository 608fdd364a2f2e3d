//! 取込エラー: the per-line errors of a rejected file.
//!
//! An import is all or nothing (ARCHITECTURE-GUIDE invariant 6): the parsers read the whole file,
//! collect every problem as a [`LineError`] and return [`ImportErrors`] if there is any. Messages
//! are Japanese and never echo a field's value (names, addresses and birth dates must not end up
//! in a log through an error message); the line and the column name locate the problem.

use crate::text::DecodeError;

/// At most this many errors are kept; the rest are only counted.
pub const MAX_REPORTED_ERRORS: usize = 1_000;

/// One problem in an incoming file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LineError {
    /// 行番号: 1-based physical line in the file; the header is line 1. For a record that spans
    /// several lines (line breaks inside quotes) this is the line where the record starts.
    pub line: usize,
    /// 項目: the column's Japanese name, or `None` for a problem of the whole line.
    pub field: Option<String>,
    /// 内容 (Japanese).
    pub message: String,
}

impl LineError {
    /// A new error.
    pub fn new(line: usize, field: Option<&str>, message: impl Into<String>) -> Self {
        Self {
            line,
            field: field.map(str::to_owned),
            message: message.into(),
        }
    }

    pub(crate) fn from_decode(e: &DecodeError) -> Self {
        Self::new(e.line, None, e.message())
    }
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{}行目 {}: {}", self.line, field, self.message),
            None => write!(f, "{}行目: {}", self.line, self.message),
        }
    }
}

/// 取込エラー一覧: why a file was rejected. Nothing of the file was imported.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ImportErrors {
    errors: Vec<LineError>,
    omitted: usize,
}

impl ImportErrors {
    /// The reported errors in line order (at most [`MAX_REPORTED_ERRORS`]).
    pub fn errors(&self) -> &[LineError] {
        &self.errors
    }

    /// Errors found beyond [`MAX_REPORTED_ERRORS`], counted but not kept.
    pub fn omitted(&self) -> usize {
        self.omitted
    }

    /// All errors found (reported + omitted).
    pub fn total(&self) -> usize {
        self.errors.len() + self.omitted
    }

    /// Number of distinct lines among the reported errors.
    pub fn lines_with_errors(&self) -> usize {
        let mut lines: Vec<usize> = self.errors.iter().map(|e| e.line).collect();
        lines.dedup();
        lines.len()
    }

    /// One line for a screen or a job log, e.g.
    /// 「ファイルを取り込めませんでした。エラー 3件（2行）。ファイルの内容は登録していません」.
    pub fn summary(&self) -> String {
        let mut s = format!(
            "ファイルを取り込めませんでした。エラー {}件（{}行",
            group(self.total()),
            group(self.lines_with_errors())
        );
        if self.omitted > 0 {
            s.push_str(&format!("、うち最初の{}件を表示", group(self.errors.len())));
        }
        s.push_str("）。ファイルの内容は登録していません");
        s
    }
}

impl std::fmt::Display for ImportErrors {
    /// The summary, then one error per line: 「3行目 生年月日: 日付が不正です」.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{}", self.summary())?;
        for e in &self.errors {
            writeln!(f, "{e}")?;
        }
        if self.omitted > 0 {
            writeln!(f, "ほか{}件のエラーは省略しました", group(self.omitted))?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportErrors {}

fn group(n: usize) -> String {
    let digits = n.to_string();
    let len = digits.len();
    let mut out = String::with_capacity(len + len / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Collects errors up to the cap, counting the rest.
#[derive(Debug, Default)]
pub(crate) struct ErrorSink {
    errors: Vec<LineError>,
    omitted: usize,
}

impl ErrorSink {
    pub(crate) fn extend(&mut self, errors: impl IntoIterator<Item = LineError>) {
        for e in errors {
            if self.errors.len() < MAX_REPORTED_ERRORS {
                self.errors.push(e);
            } else {
                self.omitted += 1;
            }
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.errors.is_empty() && self.omitted == 0
    }

    /// `Err` with everything collected if anything was, else `Ok(value)`.
    pub(crate) fn finish<T>(self, value: T) -> Result<T, ImportErrors> {
        if self.is_empty() {
            Ok(value)
        } else {
            let mut errors = self.errors;
            errors.sort_by_key(|e| e.line);
            Err(ImportErrors {
                errors,
                omitted: self.omitted,
            })
        }
    }
}

impl From<Vec<LineError>> for ImportErrors {
    fn from(errors: Vec<LineError>) -> Self {
        let mut sink = ErrorSink::default();
        sink.extend(errors);
        let mut errors = sink.errors;
        errors.sort_by_key(|e| e.line);
        Self {
            errors,
            omitted: sink.omitted,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_lists_lines() {
        let errs = ImportErrors::from(vec![
            LineError::new(3, Some("生年月日"), "日付が不正です"),
            LineError::new(2, None, "列の数が見出し行と一致しません"),
            LineError::new(3, Some("性別"), "性別が不正です"),
        ]);
        let text = errs.to_string();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "ファイルを取り込めませんでした。エラー 3件（2行）。ファイルの内容は登録していません"
        );
        assert_eq!(lines[1], "2行目: 列の数が見出し行と一致しません");
        assert_eq!(lines[2], "3行目 生年月日: 日付が不正です");
    }

    #[test]
    fn cap_counts_the_rest() {
        let errs = ImportErrors::from((1..=1_234).map(|i| LineError::new(i, None, "x")).collect::<Vec<_>>());
        assert_eq!(errs.errors().len(), MAX_REPORTED_ERRORS);
        assert_eq!(errs.omitted(), 234);
        assert!(
            errs.summary()
                .contains("エラー 1,234件（1,000行、うち最初の1,000件を表示）")
        );
        assert!(errs.to_string().ends_with("ほか234件のエラーは省略しました\n"));
    }
}

/// A record with the physical line it was read from (header = line 1), so that checks made
/// later, e.g. against the database, can still name the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub line: usize,
    pub value: T,
}

/// Reads every item of a record stream, all or nothing: the records if every line is good,
/// otherwise every error (records are no longer kept once the file is known to be rejected).
pub(crate) fn collect_all<T>(
    items: impl Iterator<Item = Result<Located<T>, Vec<LineError>>>,
) -> Result<Vec<Located<T>>, ImportErrors> {
    let mut sink = ErrorSink::default();
    let mut records = Vec::new();
    for item in items {
        match item {
            Ok(record) => {
                if sink.is_empty() {
                    records.push(record);
                }
            }
            Err(errors) => {
                records = Vec::new();
                sink.extend(errors);
            }
        }
    }
    sink.finish(records)
}
