//! Identifiers: 保険者番号, 宛名番号, 世帯番号, 記号・番号・枝番, 職員のログインID.
//!
//! Every identifier is a newtype that can only be built by parsing ("parse, don't validate"):
//! `FromStr`, `TryFrom<&str>`, `TryFrom<String>` and the inherent `parse` are the same function.
//! Serde reads and writes each one as a JSON string, and deserializing validates.
//!
//! Common policies:
//!
//! - **No trimming.** Surrounding spaces are an error, not silently removed; the form layer trims.
//! - **Full-width digits** (０–９) are accepted on input for the digit-only identifiers and for
//!   [`CardNumber`], and stored as ASCII. Nothing else is normalised.
//! - **Error messages name the field but never echo the input**: a 個人番号 pasted into the wrong
//!   field must not end up in a log through an error message.
//! - `Ord` is the plain string order. For identifiers a city issues at a fixed width (the usual
//!   case) this is the numeric order; leading zeros are kept, never stripped.

use super::digits::ascii_digit;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// 識別子の入力誤り. The Japanese message names the field and never contains the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// 未入力.
    #[error("{field}が未入力です")]
    Empty {
        /// 項目名 (e.g. 「保険者番号」).
        field: &'static str,
    },
    /// A character other than a digit, at a 1-based character position.
    #[error("{field}に数字以外の文字が含まれています（{position}文字目）")]
    NotDigit {
        /// 項目名.
        field: &'static str,
        /// 1-based character position.
        position: usize,
    },
    /// Wrong number of digits.
    #[error("{field}は{rule}の数字で入力してください（{actual}桁でした）")]
    DigitCount {
        /// 項目名.
        field: &'static str,
        /// The rule in words, e.g. 「6桁」 or 「1〜15桁」.
        rule: &'static str,
        /// Digits found.
        actual: usize,
    },
    /// Too many characters.
    #[error("{field}は{max}文字以内で入力してください（{actual}文字でした）")]
    TooLong {
        /// 項目名.
        field: &'static str,
        /// Maximum number of characters.
        max: usize,
        /// Characters found.
        actual: usize,
    },
    /// A control or invisible formatting character.
    #[error("{field}に制御文字または見えない文字が含まれています（{position}文字目）")]
    ControlCharacter {
        /// 項目名.
        field: &'static str,
        /// 1-based character position.
        position: usize,
    },
    /// Leading or trailing whitespace (kept-as-given fields are not trimmed silently).
    #[error("{field}の前後に空白があります")]
    SurroundingSpace {
        /// 項目名.
        field: &'static str,
    },
    /// A character other than an ASCII letter or digit.
    #[error("{field}は英数字で入力してください（{position}文字目）")]
    NotAlphanumeric {
        /// 項目名.
        field: &'static str,
        /// 1-based character position.
        position: usize,
    },
    /// 枝番 outside 01–99.
    #[error("枝番は「01」〜「99」の2桁の数字で入力してください")]
    BranchOutOfRange,
    /// ログインID length outside 3–32.
    #[error("ログインIDは3〜32文字で入力してください（{actual}文字でした）")]
    LoginLength {
        /// Characters found.
        actual: usize,
    },
    /// ログインID character outside `[a-z0-9._-]`.
    #[error("ログインIDに使えない文字があります（{position}文字目）。使えるのは英小文字・数字・「.」「_」「-」です")]
    LoginCharacter {
        /// 1-based character position.
        position: usize,
    },
    /// ログインID must start and end with a letter or digit.
    #[error("ログインIDの先頭と末尾は英小文字か数字にしてください")]
    LoginEdge,
    /// A shared or default account name (security.md C01).
    #[error(
        "共用・既定のアカウント名（admin、root、test、guest、共用など）はログインIDに使えません。職員ごとの個人のIDを登録してください"
    )]
    SharedLogin,
}

/// Parses a digit-only identifier of `min..=max` digits, normalising full-width digits.
fn parse_digits(
    field: &'static str,
    rule: &'static str,
    input: &str,
    min: usize,
    max: usize,
) -> Result<String, IdError> {
    if input.is_empty() {
        return Err(IdError::Empty { field });
    }
    let mut out = String::with_capacity(max);
    for (index, c) in input.chars().enumerate() {
        match ascii_digit(c) {
            Some(d) => out.push(d),
            None => {
                return Err(IdError::NotDigit {
                    field,
                    position: index + 1,
                });
            }
        }
    }
    let n = out.len();
    if n < min || n > max {
        return Err(IdError::DigitCount { field, rule, actual: n });
    }
    Ok(out)
}

/// Control characters plus invisible formatting characters that would make two visually equal
/// identifiers differ (zero-width, bidi controls, BOM, line/paragraph separators).
fn is_control_or_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{FEFF}'
        )
}

/// Implements the shared surface of a `String`-backed identifier.
macro_rules! string_id {
    ($name:ident, $parse:ident) => {
        impl $name {
            /// Parses and validates; see the type's documentation for the rules.
            ///
            /// # Errors
            /// An [`IdError`] with a Japanese message naming the field.
            pub fn parse(input: &str) -> Result<Self, IdError> {
                $parse(input).map(Self)
            }

            /// The identifier as stored (normalised form).
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl core::str::FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = IdError;
            fn try_from(s: &str) -> Result<Self, Self::Error> {
                Self::parse(s)
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                Self::parse(&s)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let s = String::deserialize(deserializer)?;
                Self::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}

/// 保険者番号 (insurer number): the tenant key of every row.
///
/// For 市町村国保 it is exactly 6 digits (ASCII, or full-width on input). The last digit is a
/// 検証番号 in the national numbering scheme, but its algorithm could not be sourced from a
/// primary text here, so it is **not** checked; only the shape is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct InsurerNo(String);

fn parse_insurer_no(s: &str) -> Result<String, IdError> {
    parse_digits("保険者番号", "6桁", s, 6, 6)
}
string_id!(InsurerNo, parse_insurer_no);

/// 宛名番号 (resident number): the city's internal person id (住基・統合宛名), 1–15 digits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ResidentNo(String);

fn parse_resident_no(s: &str) -> Result<String, IdError> {
    parse_digits("宛名番号", "1〜15桁", s, 1, 15)
}
string_id!(ResidentNo, parse_resident_no);

/// 世帯番号 (household number), 1–15 digits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HouseholdNo(String);

fn parse_household_no(s: &str) -> Result<String, IdError> {
    parse_digits("世帯番号", "1〜15桁", s, 1, 15)
}
string_id!(HouseholdNo, parse_household_no);

/// 記号 (card symbol) of 被保険者記号・番号・枝番.
///
/// 1–20 characters, kept **exactly** as given: cities use kanji, kana, Latin letters and digits
/// (e.g. 「岡」「国12」). Rejected: control and invisible formatting characters, and leading or
/// trailing whitespace (an error rather than a silent trim, so that two visually equal symbols
/// are the same string). No Unicode normalisation is applied.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CardSymbol(String);

fn parse_card_symbol(s: &str) -> Result<String, IdError> {
    const FIELD: &str = "記号";
    if s.chars().all(|c| c.is_whitespace()) {
        return Err(IdError::Empty { field: FIELD });
    }
    if let Some((index, _)) = s.chars().enumerate().find(|(_, c)| is_control_or_invisible(*c)) {
        return Err(IdError::ControlCharacter {
            field: FIELD,
            position: index + 1,
        });
    }
    if s.starts_with(char::is_whitespace) || s.ends_with(char::is_whitespace) {
        return Err(IdError::SurroundingSpace { field: FIELD });
    }
    let n = s.chars().count();
    if n > 20 {
        return Err(IdError::TooLong {
            field: FIELD,
            max: 20,
            actual: n,
        });
    }
    Ok(s.to_owned())
}
string_id!(CardSymbol, parse_card_symbol);

/// 番号 (card number) of 被保険者記号・番号・枝番: 1–20 ASCII letters or digits.
///
/// Full-width letters and digits are accepted on input and stored as ASCII; case is kept.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CardNumber(String);

fn parse_card_number(s: &str) -> Result<String, IdError> {
    const FIELD: &str = "番号";
    if s.is_empty() {
        return Err(IdError::Empty { field: FIELD });
    }
    let mut out = String::with_capacity(s.len());
    for (index, c) in s.chars().enumerate() {
        let ascii = match c {
            '0'..='9' | 'A'..='Z' | 'a'..='z' => Some(c),
            // FULLWIDTH DIGIT ZERO .. FULLWIDTH LATIN SMALL LETTER Z, alphanumerics only
            '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
                char::from_u32(u32::from(c) - 0xFEE0)
            }
            _ => None,
        };
        match ascii {
            Some(a) => out.push(a),
            None => {
                return Err(IdError::NotAlphanumeric {
                    field: FIELD,
                    position: index + 1,
                });
            }
        }
    }
    if out.len() > 20 {
        return Err(IdError::TooLong {
            field: FIELD,
            max: 20,
            actual: out.len(),
        });
    }
    Ok(out)
}
string_id!(CardNumber, parse_card_number);

/// "00" "01" … "99": the two-digit spelling of every number below 100.
const TWO_DIGITS: &str = "00010203040506070809101112131415161718192021222324\
                          25262728293031323334353637383940414243444546474849\
                          50515253545556575859606162636465666768697071727374\
                          75767778798081828384858687888990919293949596979899";

/// 枝番 (branch number): two digits "01"–"99" that tell apart the persons sharing one
/// 記号・番号 (被保険者番号の個人単位化).
///
/// Always written with two digits; "1" or "001" are errors, as is "00". Serde uses the
/// two-digit string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BranchNo(u8);

impl BranchNo {
    /// 枝番 01, the first person of a card number.
    pub const fn first() -> Self {
        Self(1)
    }

    /// The next 枝番, or `None` after 99.
    pub fn next(self) -> Option<Self> {
        if self.0 < 99 { Some(Self(self.0 + 1)) } else { None }
    }

    /// The number 1–99.
    pub const fn number(self) -> u8 {
        self.0
    }

    /// Builds a 枝番 from its number.
    ///
    /// # Errors
    /// [`IdError::BranchOutOfRange`] outside 1–99.
    pub fn from_number(n: u8) -> Result<Self, IdError> {
        if (1..=99).contains(&n) {
            Ok(Self(n))
        } else {
            Err(IdError::BranchOutOfRange)
        }
    }

    /// Parses exactly two digits "01"–"99" (full-width accepted).
    ///
    /// # Errors
    /// An [`IdError`] with a Japanese message.
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let digits = parse_digits("枝番", "2桁", input, 2, 2)?;
        let n: u8 = digits.parse().map_err(|_| IdError::BranchOutOfRange)?;
        Self::from_number(n)
    }

    /// The two-digit form, e.g. "01".
    pub fn as_str(self) -> &'static str {
        let start = usize::from(self.0) * 2;
        TWO_DIGITS.get(start..start + 2).unwrap_or("")
    }
}

impl core::fmt::Display for BranchNo {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl core::str::FromStr for BranchNo {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<&str> for BranchNo {
    type Error = IdError;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Self::parse(s)
    }
}

impl Serialize for BranchNo {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for BranchNo {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// Account names that are shared or default by convention (security.md C01; 総務省
/// ガイドライン 5.4: no shared IDs; ASVS 6.3.2: no default accounts). Compared against the
/// login with trailing digits and separators removed, so `admin01` and `test-2` are refused too.
const SHARED_LOGIN_STEMS: &[&str] = &[
    "admin",
    "administrator",
    "root",
    "test",
    "tester",
    "guest",
    "user",
    "users",
    "shared",
    "share",
    "common",
    "kyoyo",
    "kyouyou",
    "kyoyou",
    "kyouyo",
    "kyoutsu",
    "kyotsu",
    "demo",
    "sample",
    "system",
    "sysadmin",
    "operator",
    "default",
    "anonymous",
    "nobody",
    "postgres",
    "sa",
    "staff",
    "temp",
    "tmp",
    "kokuho",
    "madoguchi",
];

/// Japanese words for shared or default accounts, refused with the same message even though
/// they would fail the character rule anyway.
const SHARED_LOGIN_WORDS_JA: &[&str] = &["共用", "共有", "共通", "管理者", "テスト", "ゲスト", "窓口", "職員"];

/// ログインID / 職員ID (login of a named, individual staff account).
///
/// Rules: 3–32 characters of `[a-z0-9._-]`, starting and ending with a letter or digit, and not a
/// shared or default name (admin, root, test, guest, user, shared, kyoyo, 共用 …, also with
/// trailing digits such as `admin01`). Upper case is refused rather than folded, so the stored
/// login is exactly what the person types.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Login(String);

/// 職員ID: the same thing as [`Login`] (one named account per person; the login is its id).
pub type UserId = Login;

fn parse_login(s: &str) -> Result<String, IdError> {
    if s.is_empty() {
        return Err(IdError::Empty {
            field: "ログインID"
        });
    }
    if SHARED_LOGIN_WORDS_JA.iter().any(|w| s.contains(w)) {
        return Err(IdError::SharedLogin);
    }
    if let Some((index, _)) = s
        .chars()
        .enumerate()
        .find(|(_, c)| !(c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')))
    {
        return Err(IdError::LoginCharacter { position: index + 1 });
    }
    let n = s.len();
    if !(3..=32).contains(&n) {
        return Err(IdError::LoginLength { actual: n });
    }
    let edge_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if !edge_ok(s.chars().next()) || !edge_ok(s.chars().next_back()) {
        return Err(IdError::LoginEdge);
    }
    let stem = s.trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    let stem_plain: String = stem.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    if SHARED_LOGIN_STEMS.iter().any(|w| *w == stem || *w == stem_plain) {
        return Err(IdError::SharedLogin);
    }
    Ok(s.to_owned())
}
string_id!(Login, parse_login);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insurer_no() {
        let n = InsurerNo::parse("123456").unwrap();
        assert_eq!(n.as_str(), "123456");
        assert_eq!(n.to_string(), "123456");
        assert_eq!(InsurerNo::parse("１２３４５６").unwrap(), n);
        assert_eq!(
            InsurerNo::parse("12345"),
            Err(IdError::DigitCount {
                field: "保険者番号",
                rule: "6桁",
                actual: 5
            })
        );
        assert!(InsurerNo::parse("1234567").is_err());
        assert!(InsurerNo::parse(" 123456").is_err());
        assert!(InsurerNo::parse("12345a").is_err());
        assert!(InsurerNo::parse("").is_err());
        assert_eq!(
            InsurerNo::parse("12345").unwrap_err().to_string(),
            "保険者番号は6桁の数字で入力してください（5桁でした）"
        );
        assert_eq!(
            InsurerNo::parse("12a456").unwrap_err().to_string(),
            "保険者番号に数字以外の文字が含まれています（3文字目）"
        );
    }

    #[test]
    fn resident_and_household_no() {
        assert_eq!(ResidentNo::parse("0001234").unwrap().as_str(), "0001234");
        assert!(ResidentNo::parse("1").is_ok());
        assert!(ResidentNo::parse("123456789012345").is_ok());
        assert!(ResidentNo::parse("1234567890123456").is_err());
        assert!(ResidentNo::parse("").is_err());
        assert!(HouseholdNo::parse("９９").is_ok());
        assert!(HouseholdNo::parse("-1").is_err());
        assert_eq!(HouseholdNo::parse("").unwrap_err().to_string(), "世帯番号が未入力です");
    }

    #[test]
    fn card_symbol_is_kept_exactly() {
        for s in ["岡", "国12", "ｺｸﾎ", "朗", "A-1", "国 12"] {
            assert_eq!(CardSymbol::parse(s).unwrap().as_str(), s);
        }
        assert_eq!(CardSymbol::parse("\u{F929}").unwrap().as_str(), "\u{F929}");
        assert!(CardSymbol::parse("").is_err());
        assert!(CardSymbol::parse("　").is_err());
        assert!(CardSymbol::parse(" 国").is_err());
        assert!(CardSymbol::parse("国\t1").is_err());
        assert!(CardSymbol::parse("国\u{200B}1").is_err());
        assert!(CardSymbol::parse(&"国".repeat(20)).is_ok());
        assert!(CardSymbol::parse(&"国".repeat(21)).is_err());
    }

    #[test]
    fn card_number() {
        assert_eq!(CardNumber::parse("A12345").unwrap().as_str(), "A12345");
        assert_eq!(CardNumber::parse("Ａ１２ｂ").unwrap().as_str(), "A12b");
        assert!(CardNumber::parse("12-34").is_err());
        assert!(CardNumber::parse("").is_err());
        assert!(CardNumber::parse(&"1".repeat(20)).is_ok());
        assert!(CardNumber::parse(&"1".repeat(21)).is_err());
        assert!(CardNumber::parse("番号").is_err());
    }

    #[test]
    fn branch_no() {
        let first = BranchNo::first();
        assert_eq!(first.as_str(), "01");
        assert_eq!(first.number(), 1);
        assert_eq!(first.next().unwrap().as_str(), "02");
        let last = BranchNo::parse("99").unwrap();
        assert_eq!(last.to_string(), "99");
        assert_eq!(last.next(), None);
        assert_eq!(BranchNo::parse("１０").unwrap().number(), 10);
        for bad in ["00", "1", "001", "1a", "", "100"] {
            assert!(BranchNo::parse(bad).is_err(), "{bad}");
        }
        assert!(BranchNo::from_number(0).is_err());
        assert!(BranchNo::from_number(100).is_err());
        let mut b = BranchNo::first();
        let mut count = 1;
        while let Some(n) = b.next() {
            assert_eq!(BranchNo::parse(n.as_str()).unwrap(), n);
            b = n;
            count += 1;
        }
        assert_eq!(count, 99);
    }

    #[test]
    fn login_rules() {
        for ok in ["tanaka.h", "suzuki_01", "k-yamada", "abc", "a1b"] {
            assert_eq!(Login::parse(ok).unwrap().as_str(), ok);
        }
        assert_eq!(Login::parse("ab"), Err(IdError::LoginLength { actual: 2 }));
        assert!(Login::parse(&"a".repeat(33)).is_err());
        assert!(Login::parse(&"a".repeat(32)).is_ok());
        assert_eq!(Login::parse("Tanaka"), Err(IdError::LoginCharacter { position: 1 }));
        assert!(Login::parse("tana ka").is_err());
        assert_eq!(Login::parse(".tanaka"), Err(IdError::LoginEdge));
        assert_eq!(Login::parse("tanaka-"), Err(IdError::LoginEdge));
    }

    #[test]
    fn shared_and_default_logins_are_refused() {
        for bad in [
            "admin",
            "root",
            "test",
            "guest",
            "user",
            "shared",
            "kyoyo",
            "kyouyou",
            "admin01",
            "test-2",
            "guest_1",
            "user.9",
            "administrator",
            "共用",
            "共用01",
            "sa1",
            "demo",
        ] {
            assert_eq!(Login::parse(bad), Err(IdError::SharedLogin), "{bad}");
        }
        assert!(
            Login::parse("admin")
                .unwrap_err()
                .to_string()
                .contains("共用・既定のアカウント名")
        );
        // Names that merely contain a reserved word are individual names.
        for ok in ["testuya", "rootsu.k", "adminoki", "usermann"] {
            assert!(Login::parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn serde_round_trip_validates() {
        let n = InsurerNo::parse("272013").unwrap();
        let json = serde_json::to_string(&n).unwrap();
        assert_eq!(json, "\"272013\"");
        assert_eq!(serde_json::from_str::<InsurerNo>(&json).unwrap(), n);
        assert!(serde_json::from_str::<InsurerNo>("\"12\"").is_err());
        assert!(serde_json::from_str::<InsurerNo>("272013").is_err());
        let err = serde_json::from_str::<Login>("\"admin\"").unwrap_err();
        assert!(err.to_string().contains("共用"));
        let b = BranchNo::parse("07").unwrap();
        assert_eq!(serde_json::to_string(&b).unwrap(), "\"07\"");
        assert_eq!(serde_json::from_str::<BranchNo>("\"07\"").unwrap(), b);
        assert!(serde_json::from_str::<BranchNo>("\"7\"").is_err());
        let s = CardSymbol::parse("国").unwrap();
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"国\"");
        let r: ResidentNo = serde_json::from_str("\"00012\"").unwrap();
        assert_eq!(r.as_str(), "00012");
    }

    #[test]
    fn ordering_is_string_order() {
        let mut v = [
            ResidentNo::parse("003").unwrap(),
            ResidentNo::parse("001").unwrap(),
            ResidentNo::parse("002").unwrap(),
        ];
        v.sort();
        assert_eq!(v[0].as_str(), "001");
        assert_eq!(v[2].as_str(), "003");
    }

    #[test]
    fn errors_never_echo_the_input() {
        // A 個人番号 pasted into the wrong field must not come back in the message.
        let pasted = "1234567890181";
        for msg in [
            ResidentNo::parse("1234 5678 9018").unwrap_err().to_string(),
            ResidentNo::parse("1234567890181234").unwrap_err().to_string(),
            InsurerNo::parse(pasted).unwrap_err().to_string(),
            CardNumber::parse("123456789018123456789").unwrap_err().to_string(),
        ] {
            assert!(!msg.contains("1234"), "{msg}");
        }
    }
}
