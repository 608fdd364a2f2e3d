//! A strict CSV reader (RFC 4180) with physical line numbers, and the column/header machinery
//! shared by the file layouts.
//!
//! Why not the `csv` crate for reading: it accepts malformed quoting silently (a stray `"` inside
//! an unquoted field, text after a closing quote) and its record positions count skipped blank
//! lines into the next record. For files from outside we want every structural problem to be an
//! error on the right physical line, so the reader is ours (about 150 lines, fuzzed by proptest).
//!
//! Rules:
//! - Records end with CRLF or LF (mixed is fine); a CR not followed by LF is an error.
//! - A field is either unquoted (no `"` inside) or quoted from its first byte to a closing `"`
//!   followed by `,` or the end of the record; `""` inside a quoted field is one `"`. A quoted field
//!   may contain commas and line breaks, which count as physical lines.
//! - Blank lines, and records whose every field is empty (Excel writes `,,,,` rows), are skipped.
//! - A record's line is the physical line where it starts.

use std::collections::HashMap;
use std::marker::PhantomData;

use crate::error::LineError;
use crate::text::{DecodeError, DecodingSource, Encoding, UsedEncoding};

/// One record with the physical lines it spans. The fields are kept in one string (two
/// allocations per record, not one per field).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawRecord {
    pub(crate) line: usize,
    pub(crate) end_line: usize,
    text: String,
    /// Per field: byte range in `text` and whether it was quoted.
    spans: Vec<(usize, usize, bool)>,
}

impl RawRecord {
    /// Number of fields.
    pub(crate) fn len(&self) -> usize {
        self.spans.len()
    }

    /// The text of field `i` exactly as in the file (not trimmed).
    pub(crate) fn field(&self, i: usize) -> Option<&str> {
        self.spans.get(i).and_then(|&(a, b, _)| self.text.get(a..b))
    }

    /// Whether field `i` was enclosed in quotes.
    #[cfg(test)]
    pub(crate) fn quoted(&self, i: usize) -> bool {
        self.spans.get(i).is_some_and(|&(_, _, q)| q)
    }

    /// Every field's text.
    pub(crate) fn fields(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.field(i).unwrap_or_default())
    }

    fn is_all_empty_unquoted(&self) -> bool {
        self.spans.iter().all(|&(a, b, q)| a == b && !q)
    }
}

/// A structural error: the record starting on `line` is unusable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub(crate) line: usize,
    pub(crate) end_line: usize,
    pub(crate) message: &'static str,
}

/// The strict CSV reader over a decoding source. Reads straight from the decoder's output
/// buffer (no copy of the decoded text).
pub(crate) struct CsvReader<'a> {
    src: DecodingSource<'a>,
    /// Position in the decoder's current piece of output.
    pos: usize,
    line: usize,
}

impl<'a> CsvReader<'a> {
    pub(crate) fn new(bytes: &'a [u8], used: UsedEncoding) -> Self {
        Self {
            src: DecodingSource::new(bytes, used),
            pos: 0,
            line: 1,
        }
    }

    /// Removes and returns the decoding problems recorded on lines `..= line`.
    pub(crate) fn take_decode_problems_through(&mut self, line: usize) -> Vec<DecodeError> {
        self.src.take_problems_through(line)
    }

    pub(crate) fn decoding_stopped_early(&self) -> bool {
        self.src.stopped_early()
    }

    /// Makes sure unread decoded bytes are available; `false` at the end of the input.
    fn fill(&mut self) -> bool {
        if self.pos < self.src.pending().len() {
            return true;
        }
        self.src.consume_chunk();
        self.pos = 0;
        self.src.chunk().is_some()
    }

    #[inline]
    fn peek(&mut self) -> Option<u8> {
        if self.fill() {
            self.src.pending().get(self.pos).copied()
        } else {
            None
        }
    }

    #[inline]
    fn bump(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        if b == b'\n' {
            self.line += 1;
        }
        Some(b)
    }

    /// Copies bytes up to (not including) the next byte in `stops` into `out`.
    fn copy_until(&mut self, out: &mut Vec<u8>, stops: impl Fn(u8) -> bool) {
        while self.fill() {
            let rest = self.src.pending().get(self.pos..).unwrap_or_default();
            let n = rest.iter().position(|&b| stops(b)).unwrap_or(rest.len());
            let taken = rest.get(..n).unwrap_or_default();
            out.extend_from_slice(taken);
            let newlines = taken.iter().filter(|&&b| b == b'\n').count();
            let exhausted = n == rest.len();
            self.line += newlines;
            self.pos += n;
            if !exhausted {
                return;
            }
        }
    }

    /// Skips to just after the next LF (used to resynchronise after a syntax error).
    fn skip_line(&mut self) {
        let mut sink = Vec::new();
        self.copy_until(&mut sink, |b| b == b'\n');
        self.bump();
    }

    /// The next record, or `None` at the end of the input.
    pub(crate) fn next_record(&mut self) -> Option<Result<RawRecord, SyntaxError>> {
        loop {
            let record = self.read_record()?;
            match record {
                Ok(r) if r.is_all_empty_unquoted() => continue,
                other => return Some(other),
            }
        }
    }

    fn error(&mut self, start: usize, message: &'static str) -> Result<RawRecord, SyntaxError> {
        let end_line = self.line;
        self.skip_line();
        Err(SyntaxError {
            line: start,
            end_line,
            message,
        })
    }

    fn read_record(&mut self) -> Option<Result<RawRecord, SyntaxError>> {
        // Blank lines before the record.
        loop {
            match self.peek()? {
                b'\n' => {
                    self.bump();
                }
                b'\r' => {
                    let start = self.line;
                    self.bump();
                    if self.peek() == Some(b'\n') {
                        self.bump();
                    } else {
                        return Some(self.error(start, BARE_CR));
                    }
                }
                _ => break,
            }
        }
        let start = self.line;
        let mut spans = Vec::with_capacity(16);
        let mut text = Vec::with_capacity(256);
        loop {
            let field_start = text.len();
            let quoted = self.peek() == Some(b'"');
            if quoted {
                self.bump();
                loop {
                    self.copy_until(&mut text, |b| b == b'"');
                    match self.bump() {
                        None => {
                            return Some(Err(SyntaxError {
                                line: start,
                                end_line: self.line,
                                message: "引用符（\"）が閉じられていません",
                            }));
                        }
                        Some(_) => {
                            if self.peek() == Some(b'"') {
                                self.bump();
                                text.push(b'"');
                            } else {
                                break;
                            }
                        }
                    }
                }
                match self.peek() {
                    None | Some(b',' | b'\r' | b'\n') => {}
                    Some(_) => {
                        return Some(self.error(
                            start,
                            "閉じ引用符（\"）の後に文字があります（項目内の\"は\"\"と書きます）",
                        ));
                    }
                }
            } else {
                self.copy_until(&mut text, |b| matches!(b, b',' | b'\r' | b'\n' | b'"'));
                if self.peek() == Some(b'"') {
                    return Some(self.error(
                        start,
                        "引用符（\"）を含む項目は全体を\"で囲み、中の\"は\"\"と書いてください",
                    ));
                }
            }
            spans.push((field_start, text.len(), quoted));
            let end_line = self.line;
            let finished = match self.bump() {
                None | Some(b'\n') => true,
                Some(b',') => false,
                Some(b'\r') => {
                    if self.peek() == Some(b'\n') {
                        self.bump();
                        true
                    } else {
                        return Some(self.error(start, BARE_CR));
                    }
                }
                Some(_) => return Some(self.error(start, "項目の区切りが不正です")),
            };
            if finished {
                // Fields end at ASCII bytes of valid UTF-8 output, so every span is on a char
                // boundary and the whole is valid UTF-8; checked anyway, never assumed.
                let Ok(text) = String::from_utf8(text) else {
                    return Some(Err(SyntaxError {
                        line: start,
                        end_line,
                        message: "文字コードの変換に失敗しました",
                    }));
                };
                return Some(Ok(RawRecord {
                    line: start,
                    end_line,
                    text,
                    spans,
                }));
            }
        }
    }
}

const BARE_CR: &str = "改行コードが不正です（CRだけの改行は使えません。CRLFまたはLFにしてください）";

/// A column of a file layout.
pub(crate) trait Column: Copy + Eq + 'static {
    /// Every column, in the documented order (the order the writers use).
    const ALL: &'static [Self];
    /// 見出し (Japanese header name).
    fn ja(self) -> &'static str;
    /// English code, accepted as header too and used by the domain's `FieldProblem::field`.
    fn code(self) -> &'static str;

    /// Position in [`Self::ALL`].
    fn index(self) -> usize {
        Self::ALL.iter().position(|&c| c == self).unwrap_or(0)
    }

    /// The column whose code is `code`, if any.
    fn by_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.code() == code)
    }
}

/// The resolved header: for each column (by [`Column::index`]) its position in the records.
pub(crate) struct Header<C> {
    positions: Vec<usize>,
    width: usize,
    _columns: PhantomData<C>,
}

impl<C: Column> Header<C> {
    /// Resolves a header record. Every column is required; order is free; unknown and duplicate
    /// names are errors.
    pub(crate) fn resolve(record: &RawRecord) -> Result<Self, Vec<LineError>> {
        let mut errors = Vec::new();
        let mut found: Vec<Option<usize>> = vec![None; C::ALL.len()];
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (pos, field) in record.fields().enumerate() {
            let name = trim(field);
            let column = C::ALL.iter().copied().find(|c| c.ja() == name || c.code() == name);
            match column {
                None => errors.push(LineError::new(
                    record.line,
                    None,
                    if name.is_empty() {
                        format!("{}列目の見出しが空です", pos + 1)
                    } else {
                        format!("{}列目の見出し「{}」は知らない列です", pos + 1, echo(name))
                    },
                )),
                Some(c) => {
                    if let Some(&first) = seen.get(c.ja()) {
                        errors.push(LineError::new(
                            record.line,
                            Some(c.ja()),
                            format!("列「{}」が重複しています（{}列目と{}列目）", c.ja(), first + 1, pos + 1),
                        ));
                    } else {
                        seen.insert(c.ja(), pos);
                        if let Some(slot) = found.get_mut(c.index()) {
                            *slot = Some(pos);
                        }
                    }
                }
            }
        }
        let missing: Vec<&str> = C::ALL
            .iter()
            .zip(&found)
            .filter(|(_, f)| f.is_none())
            .map(|(c, _)| c.ja())
            .collect();
        for name in &missing {
            errors.push(LineError::new(
                record.line,
                Some(name),
                format!("必須の列「{name}」が見出し行にありません"),
            ));
        }
        if errors.is_empty() {
            Ok(Self {
                positions: found.into_iter().flatten().collect(),
                width: record.len(),
                _columns: PhantomData,
            })
        } else {
            Err(errors)
        }
    }

    /// Number of fields every data record must have.
    pub(crate) fn width(&self) -> usize {
        self.width
    }

    /// The field of `column` in `record` (trimmed; empty if absent).
    pub(crate) fn field<'r>(&self, record: &'r RawRecord, column: C) -> &'r str {
        self.positions
            .get(column.index())
            .and_then(|&p| record.field(p))
            .map_or("", trim)
    }
}

/// Trims ASCII spaces and tabs and the ideographic space (U+3000) at both ends, nothing else.
pub(crate) fn trim(s: &str) -> &str {
    s.trim_matches(|c| matches!(c, ' ' | '\t' | '\u{3000}'))
}

/// A header name as echoed in a message (header names are not personal data), cut to 30
/// characters.
fn echo(s: &str) -> String {
    let mut out: String = s.chars().take(30).collect();
    if s.chars().count() > 30 {
        out.push('…');
    }
    out
}

/// Reads a whole layout: decoding, header, structure, column count and decode problems. The
/// layout modules turn each [`RawRecord`] into their type.
pub(crate) struct TableReader<'a, C> {
    csv: CsvReader<'a>,
    header: Header<C>,
    used: UsedEncoding,
    done: bool,
}

impl<'a, C: Column> TableReader<'a, C> {
    /// Decodes and reads the header.
    pub(crate) fn new(bytes: &'a [u8], encoding: Encoding) -> Result<Self, Vec<LineError>> {
        let used = crate::text::detect(bytes, encoding);
        let mut csv = CsvReader::new(bytes, used);
        let first = csv.next_record();
        let header_line = match &first {
            Some(Ok(r)) => r.end_line,
            Some(Err(e)) => e.end_line,
            None => usize::MAX,
        };
        let decode_problems = csv.take_decode_problems_through(header_line);
        let result = if !decode_problems.is_empty() {
            Err(decode_problems.iter().map(LineError::from_decode).collect())
        } else {
            match first {
                None => Err(vec![LineError::new(
                    1,
                    None,
                    "見出し行がありません（空のファイルです）",
                )]),
                Some(Err(e)) => Err(vec![LineError::new(e.line, None, e.message)]),
                Some(Ok(record)) => Header::<C>::resolve(&record),
            }
        };
        let header = result.map_err(|mut errors: Vec<LineError>| {
            if used == UsedEncoding::ShiftJis && bytes.starts_with(b"\xEF\xBB\xBF") {
                errors.push(LineError::new(
                    1,
                    None,
                    "ファイルの先頭にUTF-8のBOMがあります。UTF-8のファイルをShift_JISとして読もうと\
                     していないか、文字コードの指定を確認してください",
                ));
            }
            if encoding == Encoding::Auto
                && used == UsedEncoding::ShiftJis
                && let Some((line, offset)) = crate::text::first_utf8_error(bytes)
            {
                errors.push(LineError::new(
                    line,
                    None,
                    format!(
                        "文字コードをShift_JISと判定しました。UTF-8のファイルであれば、\
                         バイト位置 {offset} にUTF-8として不正なバイトがあります"
                    ),
                ));
            }
            errors
        })?;
        Ok(Self {
            csv,
            header,
            used,
            done: false,
        })
    }

    pub(crate) fn header(&self) -> &Header<C> {
        &self.header
    }

    pub(crate) fn encoding(&self) -> UsedEncoding {
        self.used
    }

    /// The next data record that is structurally sound, or the errors of the next unusable one.
    /// After the last record, yields the decode problems not tied to any record (if any).
    pub(crate) fn next_record(&mut self) -> Option<Result<RawRecord, Vec<LineError>>> {
        if self.done {
            return None;
        }
        let Some(next) = self.csv.next_record() else {
            self.done = true;
            let mut rest: Vec<LineError> = self
                .csv
                .take_decode_problems_through(usize::MAX)
                .iter()
                .map(LineError::from_decode)
                .collect();
            if self.csv.decoding_stopped_early() {
                rest.push(LineError::new(
                    rest.last().map_or(1, |e| e.line),
                    None,
                    "文字コードの誤りが多すぎるため、以降の検査を中止しました",
                ));
            }
            return if rest.is_empty() { None } else { Some(Err(rest)) };
        };
        let end_line = match &next {
            Ok(r) => r.end_line,
            Err(e) => e.end_line,
        };
        let decode_problems = self.csv.take_decode_problems_through(end_line);
        if !decode_problems.is_empty() {
            // The text of this record is not trustworthy: report only the decoding problems.
            return Some(Err(decode_problems.iter().map(LineError::from_decode).collect()));
        }
        match next {
            Err(e) => Some(Err(vec![LineError::new(e.line, None, e.message)])),
            Ok(record) => {
                if record.len() == self.header.width() {
                    Some(Ok(record))
                } else {
                    Some(Err(vec![LineError::new(
                        record.line,
                        None,
                        format!(
                            "列の数が見出し行と一致しません（見出し{}列、この行{}列）",
                            self.header.width(),
                            record.len()
                        ),
                    )]))
                }
            }
        }
    }
}

/// Quotes a field for output when it contains a comma, a quote, CR or LF.
pub(crate) fn push_field(out: &mut String, value: &str) {
    let needs_quotes = value.contains([',', '"', '\r', '\n']);
    if needs_quotes {
        out.push('"');
        for c in value.chars() {
            if c == '"' {
                out.push('"');
            }
            out.push(c);
        }
        out.push('"');
    } else {
        out.push_str(value);
    }
}

/// Writes one record (fields joined by commas, CRLF at the end).
pub(crate) fn push_record<'v>(out: &mut String, values: impl IntoIterator<Item = &'v str>) {
    for (i, v) in values.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_field(out, v);
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(text: &str) -> Vec<Result<RawRecord, SyntaxError>> {
        let mut r = CsvReader::new(text.as_bytes(), UsedEncoding::Utf8);
        std::iter::from_fn(|| r.next_record()).collect()
    }

    fn texts(r: &Result<RawRecord, SyntaxError>) -> Vec<&str> {
        r.as_ref().unwrap().fields().collect()
    }

    #[test]
    fn lf_crlf_and_blank_lines() {
        let recs = read_all("a,b\r\n\r\nc,d\n\n,\ne,f");
        assert_eq!(recs.len(), 3);
        assert_eq!(texts(&recs[0]), ["a", "b"]);
        assert_eq!(recs[1].as_ref().unwrap().line, 3);
        assert_eq!(recs[2].as_ref().unwrap().line, 6);
        assert_eq!(texts(&recs[2]), ["e", "f"]);
    }

    #[test]
    fn quoted_fields_keep_physical_lines() {
        let recs = read_all("h1,h2\n\"x,\"\"y\"\"\",\"line1\r\nline2\nline3\"\nz,w\n");
        assert_eq!(texts(&recs[1]), ["x,\"y\"", "line1\r\nline2\nline3"]);
        let r1 = recs[1].as_ref().unwrap();
        assert_eq!((r1.line, r1.end_line), (2, 4));
        assert!(r1.quoted(0) && !recs[2].as_ref().unwrap().quoted(0));
        assert_eq!(recs[2].as_ref().unwrap().line, 5);
    }

    #[test]
    fn syntax_errors_are_per_line_and_resynchronise() {
        let recs = read_all("a,b\nx\"y,1\n\"q\"r,2\nok,3\nbad\rline\n\"open,4\nmore\n");
        let lines: Vec<(bool, usize)> = recs
            .iter()
            .map(|r| match r {
                Ok(r) => (true, r.line),
                Err(e) => (false, e.line),
            })
            .collect();
        assert_eq!(
            lines,
            [(true, 1), (false, 2), (false, 3), (true, 4), (false, 5), (false, 6)]
        );
    }

    #[test]
    fn writer_quotes_what_needs_it() {
        let mut out = String::new();
        push_record(&mut out, ["a", "b,c", "d\"e", "f\ng", ""]);
        assert_eq!(out, "a,\"b,c\",\"d\"\"e\",\"f\ng\",\r\n");
    }
}
