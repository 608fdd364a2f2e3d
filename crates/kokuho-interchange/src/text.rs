//! 文字コード: strict decoding of incoming files and strict Shift_JIS encoding of outgoing ones.
//!
//! Files from other systems arrive as UTF-8 (with or without BOM) or as Shift_JIS. "Shift_JIS"
//! here always means what Windows and the 住基・税 systems actually write: Windows-31J (CP932),
//! which `encoding_rs::SHIFT_JIS` implements (NEC/IBM extensions such as 髙 `FB FC` and ①,
//! `0x8160` ↔ U+FF5E ～).
//!
//! Both directions are **strict** (ARCHITECTURE-GUIDE invariant 6, rust-stack §0.5):
//!
//! - decoding never substitutes U+FFFD: a malformed byte sequence is a [`DecodeError`] naming the
//!   physical line (1-based) and the byte offset (0-based, from the start of the file, BOM
//!   included);
//! - Shift_JIS bytes in the user-defined area (外字, lead bytes `F0`–`F9`) are rejected too:
//!   they decode to private-use code points that mean nothing outside the sending system;
//! - a UTF-16 file (BOM `FF FE` / `FE FF`) is rejected with a message saying so;
//! - [`encode_shift_jis`] never writes HTML numeric references or `?`: the first character
//!   without a Windows-31J code (〜 U+301C, 𠮷, ¥ …) is an [`EncodeError`].

use std::borrow::Cow;

/// 文字コードの指定: how the bytes of an incoming file are to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// 自動判定: a UTF-8 BOM or bytes that are valid UTF-8 mean UTF-8, anything else Shift_JIS.
    ///
    /// A Shift_JIS file that is also valid UTF-8 is practically impossible once it contains any
    /// Japanese text, so the rule is safe for real files. A pure-ASCII file reads the same either
    /// way.
    #[default]
    Auto,
    /// UTF-8, with or without BOM.
    Utf8,
    /// Shift_JIS (Windows-31J / CP932).
    ShiftJis,
}

/// 判定結果: the encoding actually used to read a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UsedEncoding {
    /// UTF-8 without BOM.
    Utf8,
    /// UTF-8 with a BOM (`EF BB BF`), as Excel writes it.
    Utf8Bom,
    /// Shift_JIS (Windows-31J).
    ShiftJis,
}

impl UsedEncoding {
    /// 表示名: 「UTF-8」「UTF-8（BOM付き）」「Shift_JIS」.
    pub fn label(self) -> &'static str {
        match self {
            Self::Utf8 => "UTF-8",
            Self::Utf8Bom => "UTF-8（BOM付き）",
            Self::ShiftJis => "Shift_JIS",
        }
    }
}

/// What was wrong with the bytes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum DecodeProblem {
    /// 不正なバイト列: bytes that are not valid in the encoding (the offending bytes, at most 4).
    Malformed {
        /// The malformed bytes as found.
        bytes: Vec<u8>,
    },
    /// 外字: a Shift_JIS character in the user-defined area (lead byte `F0`–`F9`).
    UserDefined {
        /// The two bytes of the character.
        bytes: Vec<u8>,
    },
    /// UTF-16 (BOM `FF FE` or `FE FF`), which is not an accepted encoding.
    Utf16,
}

/// 文字コードの誤り: the first (or each) place where the bytes could not be read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DecodeError {
    /// Encoding the file was being read as.
    pub encoding: UsedEncoding,
    /// 行番号: 1-based physical line (count of LF bytes before the offset, plus one).
    pub line: usize,
    /// バイト位置: 0-based offset from the start of the file (a BOM counts).
    pub byte_offset: usize,
    /// What was wrong.
    pub problem: DecodeProblem,
}

impl DecodeError {
    /// The Japanese explanation without the line number (the import error list adds it).
    pub fn message(&self) -> String {
        match &self.problem {
            DecodeProblem::Malformed { bytes } => format!(
                "{}として読めないバイト列があります（バイト位置 {}: {}）",
                self.encoding.label(),
                self.byte_offset,
                hex_bytes(bytes)
            ),
            DecodeProblem::UserDefined { bytes } => format!(
                "外字（Shift_JISの利用者定義領域の文字）が含まれています（バイト位置 {}: {}）。\
                 外字は標準の文字に置き換えてから送ってください",
                self.byte_offset,
                hex_bytes(bytes)
            ),
            DecodeProblem::Utf16 => {
                "UTF-16のファイルは読み込めません。UTF-8またはShift_JISで保存してください".to_owned()
            }
        }
    }
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}行目: {}", self.line, self.message())
    }
}

impl std::error::Error for DecodeError {}

fn hex_bytes(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 5);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&format!("0x{b:02X}"));
    }
    out
}

/// A decoded file: the text (borrowed when the input already was UTF-8) and the encoding used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    /// The text, without BOM.
    pub text: Cow<'a, str>,
    /// The encoding that was used.
    pub encoding: UsedEncoding,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Chooses the encoding of `bytes` under the option `encoding` (see [`Encoding::Auto`]).
///
/// Does not check the bytes beyond what the choice needs; [`decode`] does.
pub fn detect(bytes: &[u8], encoding: Encoding) -> UsedEncoding {
    let has_bom = bytes.starts_with(UTF8_BOM);
    match encoding {
        Encoding::Utf8 | Encoding::Auto if has_bom => UsedEncoding::Utf8Bom,
        Encoding::Utf8 => UsedEncoding::Utf8,
        Encoding::ShiftJis => UsedEncoding::ShiftJis,
        Encoding::Auto => {
            if std::str::from_utf8(bytes).is_ok() {
                UsedEncoding::Utf8
            } else {
                UsedEncoding::ShiftJis
            }
        }
    }
}

/// Where a file stops being valid UTF-8, if it does: `(line, byte_offset)`.
///
/// Used to explain an automatic choice of Shift_JIS when the result does not make sense.
pub(crate) fn first_utf8_error(bytes: &[u8]) -> Option<(usize, usize)> {
    match std::str::from_utf8(bytes) {
        Ok(_) => None,
        Err(e) => {
            let offset = e.valid_up_to();
            Some((line_of(bytes, offset), offset))
        }
    }
}

/// 1-based physical line of `offset`: one plus the LF bytes before it.
///
/// Correct for UTF-8 and Shift_JIS alike: in neither encoding can `0x0A` be part of a
/// multi-byte character.
fn line_of(bytes: &[u8], offset: usize) -> usize {
    let before = bytes.get(..offset).unwrap_or(bytes);
    1 + count_lf(before)
}

/// Decodes a whole file strictly.
///
/// # Errors
///
/// The first [`DecodeError`] (malformed bytes, 外字, UTF-16).
pub fn decode(bytes: &[u8], encoding: Encoding) -> Result<Decoded<'_>, DecodeError> {
    let used = detect(bytes, encoding);
    if let Some(e) = utf16_error(bytes, used) {
        return Err(e);
    }
    match used {
        UsedEncoding::Utf8 | UsedEncoding::Utf8Bom => {
            let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
            let bom_len = bytes.len() - body.len();
            match std::str::from_utf8(body) {
                Ok(text) => Ok(Decoded {
                    text: Cow::Borrowed(text),
                    encoding: used,
                }),
                Err(e) => {
                    let offset = bom_len + e.valid_up_to();
                    let bad_len = e.error_len().unwrap_or(body.len() - e.valid_up_to());
                    let bad = bytes.get(offset..offset + bad_len.min(4)).unwrap_or_default();
                    Err(DecodeError {
                        encoding: used,
                        line: line_of(bytes, offset),
                        byte_offset: offset,
                        problem: DecodeProblem::Malformed { bytes: bad.to_vec() },
                    })
                }
            }
        }
        UsedEncoding::ShiftJis => {
            let mut source = DecodingSource::new(bytes, used);
            let mut text = Vec::with_capacity(bytes.len().saturating_mul(3) / 2);
            while let Some(chunk) = source.chunk() {
                text.extend_from_slice(chunk);
                source.consume_chunk();
            }
            if let Some(first) = source.take_problems_through(usize::MAX).into_iter().next() {
                return Err(first);
            }
            match String::from_utf8(text) {
                Ok(text) => Ok(Decoded {
                    text: Cow::Owned(text),
                    encoding: used,
                }),
                // encoding_rs only writes UTF-8; this is defence in depth, not an expected path.
                Err(e) => Err(DecodeError {
                    encoding: used,
                    line: 1,
                    byte_offset: 0,
                    problem: DecodeProblem::Malformed {
                        bytes: e.as_bytes().iter().take(4).copied().collect(),
                    },
                }),
            }
        }
    }
}

fn utf16_error(bytes: &[u8], used: UsedEncoding) -> Option<DecodeError> {
    (bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF")).then_some(DecodeError {
        encoding: used,
        line: 1,
        byte_offset: 0,
        problem: DecodeProblem::Utf16,
    })
}

/// How much input is decoded at a time by [`DecodingSource`].
const CHUNK: usize = 64 * 1024;

/// A streaming strict decoder over an in-memory file, producing UTF-8 bytes chunk by chunk.
///
/// Unlike [`decode`] it does not stop at the first problem: it records every problem (with its
/// line and byte offset), writes U+FFFD **into its private output only** so that parsing can go
/// on and find further errors, and the importers reject the file if any problem was recorded.
/// Nothing decoded with a problem ever leaves this crate.
pub(crate) struct DecodingSource<'a> {
    input: &'a [u8],
    used: UsedEncoding,
    /// Next input byte to hand to the decoder.
    pos: usize,
    decoder: encoding_rs::Decoder,
    out: Vec<u8>,
    out_len: usize,
    finished: bool,
    problems: Vec<DecodeError>,
    /// Line counter state for problem positions: LF bytes in `input[..nl_offset]`.
    nl_offset: usize,
    nl_count: usize,
    /// Shift_JIS structure scan: offset of a lead byte waiting for its trail byte.
    pending_lead: Option<usize>,
    problems_seen: usize,
    stopped_early: bool,
}

impl<'a> DecodingSource<'a> {
    pub(crate) fn new(input: &'a [u8], used: UsedEncoding) -> Self {
        let mut problems = Vec::new();
        let mut finished = false;
        if let Some(e) = utf16_error(input, used) {
            problems.push(e);
            finished = true;
        }
        let decoder = match used {
            UsedEncoding::Utf8 | UsedEncoding::Utf8Bom => encoding_rs::UTF_8.new_decoder_with_bom_removal(),
            UsedEncoding::ShiftJis => encoding_rs::SHIFT_JIS.new_decoder_without_bom_handling(),
        };
        Self {
            input,
            used,
            pos: 0,
            decoder,
            out: Vec::new(),
            out_len: 0,
            finished,
            problems,
            nl_offset: 0,
            nl_count: 0,
            pending_lead: None,
            problems_seen: 0,
            stopped_early: false,
        }
    }

    /// The next piece of decoded UTF-8, or `None` at the end. Call [`Self::consume_chunk`] when done
    /// with it. Pieces end at arbitrary byte boundaries (possibly inside a character).
    pub(crate) fn chunk(&mut self) -> Option<&[u8]> {
        while self.out_len == 0 && !self.finished {
            self.decode_next();
        }
        if self.out_len == 0 {
            return None;
        }
        self.out.get(..self.out_len)
    }

    pub(crate) fn consume_chunk(&mut self) {
        self.out_len = 0;
    }

    /// The current piece of decoded output (empty before the first [`Self::chunk`] and after
    /// [`Self::consume_chunk`]).
    pub(crate) fn pending(&self) -> &[u8] {
        self.out.get(..self.out_len).unwrap_or_default()
    }

    /// Removes and returns the recorded problems on lines `..= line`, in file order.
    pub(crate) fn take_problems_through(&mut self, line: usize) -> Vec<DecodeError> {
        let split = self
            .problems
            .iter()
            .position(|p| p.line > line)
            .unwrap_or(self.problems.len());
        let rest = self.problems.split_off(split);
        std::mem::replace(&mut self.problems, rest)
    }

    /// Whether decoding stopped early because too many problems were found.
    pub(crate) fn stopped_early(&self) -> bool {
        self.stopped_early
    }

    /// Line of a byte offset. Moves a cursor, so asking in roughly increasing order is cheap.
    fn line_at(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.input.len());
        if offset >= self.nl_offset {
            let part = self.input.get(self.nl_offset..offset).unwrap_or_default();
            self.nl_count += count_lf(part);
        } else {
            let part = self.input.get(offset..self.nl_offset).unwrap_or_default();
            self.nl_count = self.nl_count.saturating_sub(count_lf(part));
        }
        self.nl_offset = offset;
        self.nl_count + 1
    }

    fn decode_next(&mut self) {
        let start = self.pos;
        let end = start.saturating_add(CHUNK).min(self.input.len());
        let last = end == self.input.len();
        let src = self.input.get(start..end).unwrap_or_default();
        let mut found: Vec<(usize, DecodeProblem)> = Vec::new();
        if self.used == UsedEncoding::ShiftJis {
            self.scan_user_defined(start, src, &mut found);
        }
        let need = self
            .decoder
            .max_utf8_buffer_length_without_replacement(src.len())
            .unwrap_or(src.len().saturating_mul(3))
            .saturating_add(16);
        if self.out.len() < need {
            self.out.resize(need, 0);
        }
        let mut read_total = 0usize;
        let mut written = 0usize;
        loop {
            let rest = src.get(read_total..).unwrap_or_default();
            let Some(dst) = self.out.get_mut(written..) else {
                break;
            };
            let (result, read, wrote) = self.decoder.decode_to_utf8_without_replacement(rest, dst, last);
            read_total += read;
            written += wrote;
            match result {
                encoding_rs::DecoderResult::InputEmpty => break,
                encoding_rs::DecoderResult::OutputFull => {
                    let grown = self.out.len().saturating_mul(2).max(64);
                    self.out.resize(grown, 0);
                }
                encoding_rs::DecoderResult::Malformed(bad, extra) => {
                    let consumed = start + read_total;
                    let offset = consumed.saturating_sub(usize::from(bad) + usize::from(extra));
                    let bytes = self
                        .input
                        .get(offset..(offset + usize::from(bad)).min(self.input.len()))
                        .unwrap_or_default()
                        .to_vec();
                    found.push((offset, DecodeProblem::Malformed { bytes }));
                    // Private placeholder so that parsing can continue; see the type's docs.
                    if self.out.len() < written + 3 {
                        self.out.resize(written + 3 + 64, 0);
                    }
                    if let Some(slot) = self.out.get_mut(written..written + 3) {
                        slot.copy_from_slice("\u{FFFD}".as_bytes());
                        written += 3;
                    }
                }
            }
        }
        self.pos = end;
        self.out_len = written;
        if last {
            self.finished = true;
        }
        found.sort_by_key(|&(offset, _)| offset);
        for (offset, problem) in found {
            if self.problems_seen >= MAX_DECODE_PROBLEMS {
                // The file is rejected anyway; stop rather than hold millions of errors.
                self.stopped_early = true;
                self.finished = true;
                break;
            }
            self.problems_seen += 1;
            let line = self.line_at(offset);
            self.problems.push(DecodeError {
                encoding: self.used,
                line,
                byte_offset: offset,
                problem,
            });
        }
    }

    /// Finds 外字 (user-defined area) characters by following the Shift_JIS byte structure the
    /// same way the WHATWG decoder does: an invalid trail byte below 0x80 is not consumed.
    fn scan_user_defined(&mut self, start: usize, src: &[u8], found: &mut Vec<(usize, DecodeProblem)>) {
        for (i, &b) in src.iter().enumerate() {
            let offset = start + i;
            if let Some(lead_offset) = self.pending_lead.take() {
                let valid_trail = matches!(b, 0x40..=0x7E | 0x80..=0xFC);
                if valid_trail {
                    let lead = self.input.get(lead_offset).copied().unwrap_or(0);
                    if (0xF0..=0xF9).contains(&lead) {
                        found.push((lead_offset, DecodeProblem::UserDefined { bytes: vec![lead, b] }));
                    }
                    continue;
                }
                if b >= 0x80 {
                    // Consumed as part of a malformed pair; the decoder reports it.
                    continue;
                }
            }
            if matches!(b, 0x81..=0x9F | 0xE0..=0xFC) {
                self.pending_lead = Some(offset);
            }
        }
    }
}

fn count_lf(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// Decoding stops after this many problems: the file is rejected anyway, and an adversarial file
/// must not make us hold millions of errors.
pub(crate) const MAX_DECODE_PROBLEMS: usize = 1_000;

/// 文字コード変換できない文字: a character with no Windows-31J code.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EncodeError {
    /// The character.
    pub character: char,
    /// 0-based position in characters.
    pub char_index: usize,
    /// 0-based position in UTF-8 bytes of the input.
    pub byte_offset: usize,
}

impl std::fmt::Display for EncodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "「{}」（U+{:04X}、{}文字目）はShift_JISで表せない文字です",
            self.character,
            u32::from(self.character),
            self.char_index + 1
        )
    }
}

impl std::error::Error for EncodeError {}

/// Characters that `encoding_rs` maps to a Shift_JIS byte that decodes back to something else
/// (¥ → `0x5C` → `\`, ‾ → `0x7E` → `~`). Refused so that every encoded file decodes to exactly the
/// text we meant.
fn is_lossy_in_shift_jis(c: char) -> bool {
    matches!(c, '\u{00A5}' | '\u{203E}')
}

/// Encodes `text` as Shift_JIS (Windows-31J) strictly.
///
/// Uses `Encoder::encode_from_utf8_without_replacement`; never substitutes anything. Callers that
/// want the usual fixes (〜 U+301C → ～ U+FF5E and so on) apply a reviewed mapping first; this
/// function only reports.
///
/// # Errors
///
/// [`EncodeError`] for the first character that has no Windows-31J code or would not decode
/// back to itself.
pub fn encode_shift_jis(text: &str) -> Result<Vec<u8>, EncodeError> {
    if let Some((byte_offset, character)) = text.char_indices().find(|&(_, c)| is_lossy_in_shift_jis(c)) {
        return Err(encode_error(text, byte_offset, character));
    }
    let mut encoder = encoding_rs::SHIFT_JIS.new_encoder();
    let capacity = encoder
        .max_buffer_length_from_utf8_without_replacement(text.len())
        .unwrap_or(text.len().saturating_mul(2))
        .max(16);
    let mut out = vec![0u8; capacity];
    let mut read_total = 0usize;
    let mut written = 0usize;
    loop {
        let rest = text.get(read_total..).unwrap_or_default();
        let Some(dst) = out.get_mut(written..) else {
            break;
        };
        let (result, read, wrote) = encoder.encode_from_utf8_without_replacement(rest, dst, true);
        read_total += read;
        written += wrote;
        match result {
            encoding_rs::EncoderResult::InputEmpty => break,
            encoding_rs::EncoderResult::OutputFull => {
                let grown = out.len().saturating_mul(2);
                out.resize(grown, 0);
            }
            encoding_rs::EncoderResult::Unmappable(character) => {
                let byte_offset = read_total.saturating_sub(character.len_utf8());
                return Err(encode_error(text, byte_offset, character));
            }
        }
    }
    out.truncate(written);
    // Defence in depth: the bytes must decode back to exactly the input.
    let back = encoding_rs::SHIFT_JIS.decode_without_bom_handling_and_without_replacement(&out);
    if back.as_deref() != Some(text) {
        let back = back.unwrap_or_default();
        let mismatch = text
            .char_indices()
            .zip(back.chars().map(Some).chain(std::iter::repeat(None)))
            .find(|&((_, a), b)| Some(a) != b);
        if let Some(((byte_offset, character), _)) = mismatch {
            return Err(encode_error(text, byte_offset, character));
        }
    }
    Ok(out)
}

fn encode_error(text: &str, byte_offset: usize, character: char) -> EncodeError {
    let char_index = text.char_indices().take_while(|&(i, _)| i < byte_offset).count();
    EncodeError {
        character,
        char_index,
        byte_offset,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sjis(s: &str) -> Vec<u8> {
        encode_shift_jis(s).unwrap()
    }

    #[test]
    fn auto_detects_utf8_bom_and_shift_jis() {
        assert_eq!(detect("髙橋".as_bytes(), Encoding::Auto), UsedEncoding::Utf8);
        let mut bom = UTF8_BOM.to_vec();
        bom.extend_from_slice("髙橋".as_bytes());
        assert_eq!(detect(&bom, Encoding::Auto), UsedEncoding::Utf8Bom);
        assert_eq!(detect(&sjis("髙橋"), Encoding::Auto), UsedEncoding::ShiftJis);
        let d = decode(&bom, Encoding::Auto).unwrap();
        assert_eq!(d.text, "髙橋");
        assert!(matches!(d.text, Cow::Borrowed(_)));
    }

    #[test]
    fn shift_jis_is_windows_31j() {
        let bytes = sjis("髙～①㈱");
        assert_eq!(bytes.get(..2), Some(&[0xFB, 0xFC][..]));
        assert_eq!(bytes.get(2..4), Some(&[0x81, 0x60][..]));
        let d = decode(&bytes, Encoding::ShiftJis).unwrap();
        assert_eq!(d.text, "髙～①㈱");
        assert_eq!(d.encoding, UsedEncoding::ShiftJis);
    }

    #[test]
    fn malformed_shift_jis_names_line_and_offset() {
        let mut bytes = sjis("あ,い\r\nう");
        bytes.push(0x81); // lead byte followed by LF: malformed
        bytes.extend_from_slice(b"\nok\n\xA0\n");
        let e = decode(&bytes, Encoding::ShiftJis).unwrap_err();
        assert_eq!(e.line, 2);
        assert_eq!(e.byte_offset, 9);
        assert_eq!(e.problem, DecodeProblem::Malformed { bytes: vec![0x81] });
        assert!(
            e.to_string()
                .starts_with("2行目: Shift_JISとして読めないバイト列があります（バイト位置 9: 0x81）")
        );

        let mut all = DecodingSource::new(&bytes, UsedEncoding::ShiftJis);
        while all.chunk().is_some() {
            all.consume_chunk();
        }
        let problems = all.take_problems_through(usize::MAX);
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![2, 4]);
    }

    #[test]
    fn malformed_utf8_names_line_and_offset() {
        let mut bytes = UTF8_BOM.to_vec();
        bytes.extend_from_slice("a\nbc\nd".as_bytes());
        bytes.push(0xFF);
        let e = decode(&bytes, Encoding::Utf8).unwrap_err();
        assert_eq!((e.line, e.byte_offset), (3, 3 + 6));
    }

    #[test]
    fn user_defined_area_is_rejected() {
        let mut bytes = sjis("あ\n");
        bytes.extend_from_slice(&[0xF0, 0x40, b'\n']);
        let e = decode(&bytes, Encoding::ShiftJis).unwrap_err();
        assert_eq!(e.line, 2);
        assert_eq!(e.byte_offset, 3);
        assert_eq!(
            e.problem,
            DecodeProblem::UserDefined {
                bytes: vec![0xF0, 0x40]
            }
        );
    }

    #[test]
    fn utf16_is_rejected() {
        let e = decode(b"\xFF\xFEa\x00", Encoding::Auto).unwrap_err();
        assert_eq!(e.problem, DecodeProblem::Utf16);
    }

    #[test]
    fn encode_reports_first_unmappable() {
        let e = encode_shift_jis("山田〜太郎").unwrap_err();
        assert_eq!((e.character, e.char_index, e.byte_offset), ('〜', 2, 6));
        let e = encode_shift_jis("𠮷田").unwrap_err();
        assert_eq!((e.character, e.char_index), ('𠮷', 0));
        let e = encode_shift_jis("100¥").unwrap_err();
        assert_eq!(e.character, '¥');
        assert!(e.to_string().contains("U+00A5"));
        assert_eq!(encode_shift_jis("").unwrap(), Vec::<u8>::new());
    }

    #[test]
    fn problems_across_chunk_boundaries() {
        let mut bytes = b"ab\n".repeat(CHUNK / 3);
        bytes.truncate(CHUNK - 1);
        let lines_before = 1 + bytes.iter().filter(|&&b| b == b'\n').count();
        bytes.push(0x81); // last byte of the first chunk
        bytes.push(b'\n'); // first byte of the second: malformed pair
        let e = decode(&bytes, Encoding::ShiftJis).unwrap_err();
        assert_eq!((e.line, e.byte_offset), (lines_before, CHUNK - 1));

        let last = bytes.len() - 2;
        bytes[last] = 0xF0;
        bytes[last + 1] = 0x40;
        let e = decode(&bytes, Encoding::ShiftJis).unwrap_err();
        assert_eq!((e.line, e.byte_offset), (lines_before, CHUNK - 1));
        assert!(matches!(e.problem, DecodeProblem::UserDefined { .. }));
    }

    #[test]
    fn decoding_in_chunks_matches_whole() {
        let text = "髙橋,～\n".repeat(20_000);
        let bytes = sjis(&text);
        assert!(bytes.len() > CHUNK * 2);
        let d = decode(&bytes, Encoding::Auto).unwrap();
        assert_eq!(d.text, text);
    }
}
