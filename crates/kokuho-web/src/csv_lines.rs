//! Physical line of each record of an import file that its parser accepted.
//!
//! The parsers of `kokuho-interchange` return the records of a good file without their lines,
//! but the import use cases report database-level problems (e.g. 「宛名番号…の住民が登録されて
//! いません」) by line. This scanner finds where each record starts, following the same rules as
//! the interchange reader (RFC 4180 quoting, quoted line breaks count as lines, blank lines and
//! all-empty records skipped). It only ever sees files the strict parser already accepted.

use kokuho_interchange::{Encoding, decode};

/// The start line of each data record (the header excluded), or `None` if the count does not
/// match `expected` (then the caller falls back to ordinal lines).
pub(crate) fn data_record_lines(bytes: &[u8], encoding: Encoding, expected: usize) -> Option<Vec<usize>> {
    let decoded = decode(bytes, encoding).ok()?;
    let lines: Vec<usize> = record_start_lines(&decoded.text).into_iter().skip(1).collect();
    (lines.len() == expected).then_some(lines)
}

/// Lines for `n` records: the scanned ones, or header + 1, + 2, … when scanning disagrees.
pub(crate) fn lines_for(bytes: &[u8], encoding: Encoding, n: usize) -> Vec<usize> {
    data_record_lines(bytes, encoding, n).unwrap_or_else(|| {
        tracing::warn!(records = n, "取込ファイルの行番号を特定できませんでした（連番で代用します）");
        (2..n + 2).collect()
    })
}

/// The 1-based start line of every non-blank record, header included.
pub(crate) fn record_start_lines(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let at = |i: usize| bytes.get(i).copied();
    let mut out = Vec::new();
    let mut i = 0usize;
    let mut line = 1usize;
    while i < bytes.len() {
        // Blank lines.
        match (at(i), at(i + 1)) {
            (Some(b'\n'), _) => {
                i += 1;
                line += 1;
                continue;
            }
            (Some(b'\r'), Some(b'\n')) => {
                i += 2;
                line += 1;
                continue;
            }
            _ => {}
        }
        let start = line;
        let mut all_empty = true;
        loop {
            if at(i) == Some(b'"') {
                all_empty = false;
                i += 1;
                loop {
                    match at(i) {
                        None => break,
                        Some(b'"') if at(i + 1) == Some(b'"') => i += 2,
                        Some(b'"') => {
                            i += 1;
                            break;
                        }
                        Some(b'\n') => {
                            line += 1;
                            i += 1;
                        }
                        Some(_) => i += 1,
                    }
                }
            } else {
                while let Some(b) = at(i) {
                    if matches!(b, b',' | b'\r' | b'\n') {
                        break;
                    }
                    all_empty = false;
                    i += 1;
                }
            }
            match at(i) {
                Some(b',') => i += 1,
                Some(b'\r') => {
                    i += if at(i + 1) == Some(b'\n') { 2 } else { 1 };
                    line += 1;
                    break;
                }
                Some(b'\n') => {
                    i += 1;
                    line += 1;
                    break;
                }
                None => break,
                // Not reachable for a file the parser accepted; skip the byte to make progress.
                Some(_) => i += 1,
            }
        }
        if !all_empty {
            out.push(start);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_follow_blank_lines_quotes_and_empty_rows() {
        let text = "a,b\r\n1,2\r\n\r\n\"x\ny\",3\n,,\n4,\"\"\"q\"\"\"\n5,6";
        assert_eq!(record_start_lines(text), vec![1, 2, 4, 7, 8]);
    }

    #[test]
    fn empty_text_has_no_records() {
        assert!(record_start_lines("").is_empty());
        assert!(record_start_lines("\n\r\n").is_empty());
    }
}
