//! パスワードの基準 (password policy) after NIST SP 800-63B-4 §3.1.1.2 and ASVS 5.0 §6.2
//! (control C03, security.md §4).
//!
//! # Rules
//! - **Length 12 to 128 characters** ([`MIN_LENGTH`], [`MAX_LENGTH`]), counted as Unicode
//!   scalar values after NFKC normalisation, so a full-width `Ａ` and a half-width `ｶﾞ` count
//!   as one character each, as the user sees them.
//! - **No composition rules** (no "one upper case, one digit, one symbol"; ASVS 6.2.5).
//! - **Every printable character is allowed**, spaces and Japanese included; only control
//!   characters (line breaks, tabs, NUL, …) are refused, because they cannot be typed reliably
//!   into a login form.
//! - **Blocklist** ([`is_common`]): the password, or its letters once digits, symbols and
//!   spaces are trimmed from either end (`password1234!`, `2024sakura`), is one of the
//!   embedded common or breached passwords (`common_passwords.txt`, compared after NFKC and
//!   lower-casing; ASVS 6.2.4, 6.2.12).
//! - **Repetition or sequence**: a short part repeated (`abcabcabcabc`), fewer than five
//!   different characters (`aaaaaaaaaaab`), or a walk along the alphabet, the digits, the
//!   keyboard or the 五十音 where at most a quarter of the steps are not "next key"
//!   (`123456789012`, `abcdefghijkl`, `qwerty123456`, `1qaz2wsx3edc`, `あいうえおかきくけこさし`).
//! - **Context words** (ASVS 6.2.11): the 職員ID, the city's name and the system's name
//!   ([`SYSTEM_WORDS`] are always checked) may not appear in the password, compared after NFKC,
//!   lower-casing and removing spaces and symbols, forwards or reversed.
//!
//! # Why 12 characters
//! 800-63B-4 requires 15 characters for a password that is the only factor and allows 8 when
//! it is one factor of MFA. Every interactive login here needs a second factor (C02), so 8
//! would be compliant, but these are staff accounts of a system holding the 個人番号 and
//! health-insurance records of a whole city: they are worth targeting, and if the password
//! table ever leaks, each extra character multiplies the offline guessing cost even with
//! argon2id. 12 is the compromise kept usable for daily logins at a counter (12 kana/kanji are a
//! short sentence). If any login path were ever password-only, the minimum would have to become
//! 15. No periodic change is demanded here (800-63B-4 SHALL NOT; `password_max_age` is a
//! separate setting).
//!
//! # Not here
//! Hashing ([`crate::secrets::hash_password`]) takes the password as typed; this module only
//! judges it. Messages are Japanese and never contain the password. Run [`is_common`] at login
//! too (security.md §4 item 4), so a password that joins the list later forces a change.

use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

/// 最小文字数 (minimum length in characters, after NFKC).
pub const MIN_LENGTH: usize = 12;
/// 最大文字数 (maximum length in characters, after NFKC).
pub const MAX_LENGTH: usize = 128;
/// システムの名前 (words of this system's own name), refused in every password in addition to
/// the caller's context words.
pub const SYSTEM_WORDS: &[&str] = &["kokuho", "国保", "国民健康保険"];

/// The embedded blocklist: one NFKC lower-case entry per line, `#` starts a comment line.
const COMMON_PASSWORDS: &str = include_str!("common_passwords.txt");

/// Inputs longer than this many bytes are refused before normalisation (no NFKC work on
/// megabytes). NFKC shrinks text by at most a factor of four (a base character with three
/// combining marks composing into one) and a character is at most four bytes, so nothing
/// longer than 2048 bytes can normalise to [`MAX_LENGTH`] characters; twice that for margin.
const MAX_INPUT_BYTES: usize = MAX_LENGTH * 4 * 4 * 2;

/// A password is refused when fewer than this many different characters are used.
const MIN_DISTINCT: usize = 5;

/// Character sequences whose neighbours count as "predictable" steps, in either direction:
/// keyboard rows and columns (US layout), and kana in 五十音, いろは and JIS kana-key order.
const SEQUENCES: &[&str] = &[
    "`1234567890-=",
    "~!@#$%^&*()_+",
    "qwertyuiop[]\\",
    "asdfghjkl;'",
    "zxcvbnm,./",
    "qwertyuiopasdfghjklzxcvbnm",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/-['=]",
    "qazwsxedcrfvtgbyhnujmikolp",
    "zaq1xsw2cde3vfr4bgt5nhy6mju7,ki8.lo9/;p0",
    "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん",
    "がぎぐげござじずぜぞだぢづでどばびぶべぼぱぴぷぺぽ",
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン",
    "ガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポ",
    "いろはにほへとちりぬるをわかよたれそつねならむうゐのおくやまけふこえてあさきゆめみしゑひもせす",
    "ぬふあうえおやゆよわほへ",
    "たていすかんなにらせ",
    "ちとしはきくまのりれけむ",
    "つさそひこみもねるめろ",
];

/// パスワードが基準を満たさない理由 (why a password was refused). Messages are Japanese, tell
/// the user what to change, and never contain the password.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PasswordProblem {
    /// Fewer than [`MIN_LENGTH`] characters.
    #[error("パスワードは12文字以上にしてください")]
    TooShort,
    /// More than [`MAX_LENGTH`] characters.
    #[error("パスワードは128文字以下にしてください")]
    TooLong,
    /// Contains a control character (line break, tab, …).
    #[error("パスワードに改行やタブなどの制御文字は使えません")]
    ControlCharacter,
    /// On the blocklist, alone or padded with digits and symbols.
    #[error("よく使われるパスワードのため使えません（よく使われる語に数字や記号を足しただけのものも使えません）")]
    Common,
    /// A repetition or a sequence (`aaaa…`, `abcabc…`, `1234…`, `qwerty…`).
    #[error("同じ文字の繰り返しや、「abc」「123」「qwerty」のような並びだけのパスワードは使えません")]
    Predictable,
    /// Contains the login name, the city's name or the system's name.
    #[error("職員IDや市の名前、システムの名前（kokuho・国保など）を含むパスワードは使えません")]
    ContainsContext,
}

/// パスワードの確認 (check a new password): `Ok(())` when it meets every rule of this module.
///
/// `context` holds the words that must not appear in it: the 職員ID (login name), the staff
/// member's name, the city's name (e.g. `"札幌市"`, `"sapporo"`), and so on. Words shorter
/// than three characters (two for non-ASCII text such as kanji) are ignored; a word ending in
/// 市・町・村・区 is also checked without that suffix.
///
/// # Errors
/// The first [`PasswordProblem`] found, in the order of the enum.
pub fn check(password: &str, context: &[&str]) -> Result<(), PasswordProblem> {
    if password.len() > MAX_INPUT_BYTES {
        return Err(PasswordProblem::TooLong);
    }
    let nfkc: Zeroizing<String> = Zeroizing::new(password.nfkc().collect());
    let length = nfkc.chars().count();
    if length < MIN_LENGTH {
        return Err(PasswordProblem::TooShort);
    }
    if length > MAX_LENGTH {
        return Err(PasswordProblem::TooLong);
    }
    if nfkc.chars().any(char::is_control) {
        return Err(PasswordProblem::ControlCharacter);
    }
    let folded = Zeroizing::new(nfkc.to_lowercase());
    if is_common_folded(&folded) {
        return Err(PasswordProblem::Common);
    }
    let chars: Zeroizing<Vec<char>> = Zeroizing::new(folded.chars().collect());
    if is_predictable(&chars) {
        return Err(PasswordProblem::Predictable);
    }
    if contains_context(&folded, context) {
        return Err(PasswordProblem::ContainsContext);
    }
    Ok(())
}

/// 漏えい・頻出パスワードの照合 (blocklist check): whether `password`, after NFKC and
/// lower-casing, is on the embedded list alone or with digits, symbols and spaces trimmed from
/// either end. Cheap enough to run at every login.
pub fn is_common(password: &str) -> bool {
    if password.len() > MAX_INPUT_BYTES {
        return false;
    }
    is_common_folded(&fold(password))
}

/// NFKC, then Unicode lower case.
fn fold(text: &str) -> Zeroizing<String> {
    let nfkc: Zeroizing<String> = Zeroizing::new(text.nfkc().collect());
    Zeroizing::new(nfkc.to_lowercase())
}

/// Entries of the embedded blocklist.
fn common_entries() -> impl Iterator<Item = &'static str> {
    COMMON_PASSWORDS
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

fn is_common_folded(folded: &str) -> bool {
    let not_letter = |c: char| !c.is_alphabetic();
    let trimmed_end = folded.trim_end_matches(not_letter);
    let candidates = [
        folded,
        trimmed_end,
        folded.trim_start_matches(not_letter),
        trimmed_end.trim_start_matches(not_letter),
    ];
    common_entries().any(|entry| candidates.contains(&entry))
}

/// Repetition, too few different characters, or a walk of predictable steps.
fn is_predictable(chars: &[char]) -> bool {
    let n = chars.len();
    let distinct = chars
        .iter()
        .enumerate()
        .filter(|&(i, c)| !chars.iter().take(i).any(|d| d == c))
        .count();
    if distinct < MIN_DISTINCT {
        return true;
    }
    // A shorter part typed twice or more, alone or padded with digits and symbols
    // (`tokyotokyo!!`).
    if is_repetition(chars) {
        return true;
    }
    let first_letter = chars.iter().position(|c| c.is_alphabetic());
    let last_letter = chars.iter().rposition(|c| c.is_alphabetic());
    if let (Some(start), Some(end)) = (first_letter, last_letter)
        && let Some(core) = chars.get(start..=end)
        && core.len() >= MIN_LENGTH / 2
        && is_repetition(core)
    {
        return true;
    }
    let unpredictable = chars
        .iter()
        .zip(chars.iter().skip(1))
        .filter(|&(&a, &b)| !is_predictable_step(a, b))
        .count();
    unpredictable * 4 <= n.saturating_sub(1)
}

/// Whether `chars` has a period of at most half its length (a part typed at least twice).
fn is_repetition(chars: &[char]) -> bool {
    (1..=chars.len() / 2).any(|period| chars.iter().zip(chars.iter().skip(period)).all(|(a, b)| a == b))
}

/// Same character, next or previous code point, 9↔0, or neighbours in one of [`SEQUENCES`].
fn is_predictable_step(a: char, b: char) -> bool {
    if a == b || u32::from(a).abs_diff(u32::from(b)) == 1 {
        return true;
    }
    if matches!((a, b), ('9', '0') | ('0', '9')) {
        return true;
    }
    SEQUENCES.iter().any(|sequence| {
        sequence
            .chars()
            .zip(sequence.chars().skip(1))
            .any(|pair| pair == (a, b) || pair == (b, a))
    })
}

/// Only the letters and digits (any script), lower case.
fn skeleton(folded: &str) -> String {
    folded.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Whether a context word is long enough to be refused inside a password.
fn long_enough(word: &str) -> bool {
    let count = word.chars().count();
    if word.is_ascii() { count >= 3 } else { count >= 2 }
}

/// Whether the password contains (forwards or reversed) a context word, one of its parts, or
/// a city name without its 市・町・村・区 suffix.
fn contains_context(folded: &str, context: &[&str]) -> bool {
    let forwards = Zeroizing::new(skeleton(folded));
    let backwards: Zeroizing<String> = Zeroizing::new(forwards.chars().rev().collect());
    let found = |needle: &str| long_enough(needle) && (forwards.contains(needle) || backwards.contains(needle));
    context.iter().chain(SYSTEM_WORDS.iter()).any(|&word| {
        let word = fold(word);
        let whole = skeleton(&word);
        let stem = whole.strip_suffix(['市', '町', '村', '区']).unwrap_or(&whole);
        found(&whole) || found(stem) || word.split(|c: char| !c.is_alphanumeric()).any(found)
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// A deterministic, non-repeating, non-sequential string of `n` characters.
    fn mixed(n: usize) -> String {
        let alphabet: Vec<char> = "k9#Lm2!pQx7zR4$vT8&wY3*hJ6%cN5^bF".chars().collect();
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        (0..n)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                alphabet[(state % alphabet.len() as u64) as usize]
            })
            .collect()
    }

    #[test]
    fn length_boundaries() {
        assert_eq!(check(&mixed(11), &[]), Err(PasswordProblem::TooShort));
        assert_eq!(check(&mixed(12), &[]), Ok(()));
        assert_eq!(check(&mixed(64), &[]), Ok(()));
        assert_eq!(check(&mixed(128), &[]), Ok(()));
        assert_eq!(check(&mixed(129), &[]), Err(PasswordProblem::TooLong));
        assert_eq!(check("", &[]), Err(PasswordProblem::TooShort));
        assert_eq!(check(&"x".repeat(1_000_000), &[]), Err(PasswordProblem::TooLong));
    }

    #[test]
    fn length_is_counted_after_nfkc() {
        // Full-width ASCII counts one per character.
        assert_eq!(check("ｋ９＃Ｌｍ２！ｐＱｘ７ｚ", &[]), Ok(()));
        // Half-width ｶﾞ (two code points) is one character after NFKC: 12 code points → 11.
        let eleven = "ｶﾞk9#Lm2!pQx";
        assert_eq!(eleven.chars().count(), 12);
        assert_eq!(check(eleven, &[]), Err(PasswordProblem::TooShort));
        assert_eq!(check("ｶﾞk9#Lm2!pQx7", &[]), Ok(()));
        // A decomposed が (か + U+3099) counts once too.
        assert_eq!(check("か\u{3099}k9#Lm2!pQx", &[]), Err(PasswordProblem::TooShort));
    }

    #[test]
    fn japanese_passphrases() {
        let twelve = "春の小川はさらさら行くよ";
        assert_eq!(twelve.chars().count(), 12);
        assert_eq!(check(twelve, &[]), Ok(()));
        assert_eq!(check("春の小川はさらさら行く", &[]), Err(PasswordProblem::TooShort));
        assert_eq!(check("きょうは とても いい天気です", &[]), Ok(()));
        assert_eq!(check("ﾃﾞｰﾀﾍﾞｰｽのﾊﾞｯｸｱｯﾌﾟ手順書", &[]), Ok(()));
    }

    #[test]
    fn no_composition_rules_and_all_printable_allowed() {
        for ok in [
            "purple monkey dishwasher",
            "alllowercaseletters",
            "ALL UPPER CASE WORDS",
            "   leading and trailing   ",
            "émigré café naïveté",
            "🐱🐶🐭🐹🐰🦊🐻🐼🐨🐯🦁🐮",
            "Ελληνικά και русский текст",
            "39581726403958",
        ] {
            assert_eq!(check(ok, &[]), Ok(()), "{ok}");
        }
    }

    #[test]
    fn control_characters_are_refused() {
        for bad in ["k9#Lm2!p\nQx7zR4", "k9#Lm2!p\tQx7zR4", "k9#Lm2!p\0Qx7zR4"] {
            assert_eq!(check(bad, &[]), Err(PasswordProblem::ControlCharacter), "{bad:?}");
        }
    }

    #[test]
    fn common_passwords_are_refused() {
        for bad in [
            "password1234",
            "Password1234!",
            "ＰＡＳＳＷＯＲＤ１２３４",
            "2024sakura!!!",
            "!!!!iloveyou!!!!",
            "Welcome2025!!",
            "p@ssw0rd2024!",
            "1qaz2wsx1234",
            "qwertyuiop123",
            "パスワード1234567",
            "correct horse battery staple",
            "DoraemonDoraemon2",
        ] {
            let result = check(bad, &[]);
            assert!(
                matches!(result, Err(PasswordProblem::Common | PasswordProblem::Predictable)),
                "{bad}: {result:?}"
            );
        }
        assert_eq!(check("Password1234!", &[]), Err(PasswordProblem::Common));
        assert_eq!(check("2024sakura!!!", &[]), Err(PasswordProblem::Common));
        assert!(is_common("PASSWORD"));
        assert!(is_common("  dragon 2024 "));
        assert!(is_common("ｑｗｅｒｔｙ"));
        // A common word *inside* a longer passphrase is fine.
        assert!(!is_common("my dragon eats kiwis"));
        assert_eq!(check("my dragon eats kiwis", &[]), Ok(()));
        assert!(!is_common(&mixed(20)));
    }

    #[test]
    fn blocklist_file_is_well_formed() {
        let entries: Vec<&str> = common_entries().collect();
        assert!(entries.len() >= 500, "{}", entries.len());
        let mut unique = std::collections::HashSet::new();
        for entry in &entries {
            assert!(unique.insert(*entry), "duplicate {entry}");
            assert_eq!(*fold(entry), **entry, "not NFKC lower case: {entry}");
            assert_eq!(entry.trim(), *entry, "stray spaces: {entry:?}");
        }
    }

    fn predictable(s: &str) -> bool {
        let chars: Vec<char> = fold(s).chars().collect();
        is_predictable(&chars)
    }

    #[test]
    fn repetitions_and_sequences_are_refused() {
        // Some of these are on the blocklist as well, so `check` may say either.
        for bad in [
            "aaaaaaaaaaaa",
            "aaaaaaaaaaab",
            "abababababab",
            "abcabcabcabc",
            "k9#Lm2k9#Lm2",
            "123456789012",
            "987654321098",
            "abcdefghijkl",
            "zyxwvutsrqpo",
            "qwertyuiopas",
            "qwerty123456",
            "asdfghjkl;'z",
            "1qaz2wsx3edc4rfv",
            "tokyotokyo!!",
            "2024sapporosapporo",
            "zaq1xsw2cde3",
            "abcdef123456",
            "あいうえおかきくけこさし",
            "アイウエオカキクケコサシ",
            "ぬふあうえおやゆよわほへ",
            "            ",
            "１２３４５６７８９０１２",
        ] {
            assert!(predictable(bad), "{bad}");
            let result = check(bad, &[]);
            assert!(
                matches!(result, Err(PasswordProblem::Predictable | PasswordProblem::Common)),
                "{bad}: {result:?}"
            );
        }
        // Not on the blocklist: refused for the pattern.
        assert_eq!(check("zyxwvutsrqpo", &[]), Err(PasswordProblem::Predictable));
        assert_eq!(check("qwertyuiopas", &[]), Err(PasswordProblem::Predictable));
        // Human text has a few "next key" steps (er, st, rr) but far more other steps.
        for ok in [
            "purple monkey dishwasher",
            "alllowercaseletters",
            "春の小川はさらさら行くよ",
            "abc-but-then-random-k9#Lm",
        ] {
            assert!(!predictable(ok), "{ok}");
        }
    }

    #[test]
    fn context_words_are_refused() {
        let context = ["t.tanaka", "札幌市", "Sapporo"];
        for bad in [
            "Tanaka-k9#Lm2!pQ",
            "k9#Lm2!pQ t.tanaka",
            "akanat#k9Lm2!pQx", // reversed
            "札幌市のk9#Lm2!pQx",
            "札幌k9#Lm2!pQx7z",
            "ＳＡＰＰＯＲＯk9#Lm2!",
            "s-a-p-p-o-r-o k9#Lm2!",
            "kokuho k9#Lm2!pQx",
            "国保k9#Lm2!pQx7zR",
            "KOKUHOk9#Lm2!pQx",
        ] {
            assert_eq!(check(bad, &context), Err(PasswordProblem::ContainsContext), "{bad}");
        }
        // Too-short context words are ignored; absent words are fine.
        assert_eq!(check("ab k9#Lm2!pQx7z", &["ab", "t"]), Ok(()));
        assert_eq!(check(&mixed(16), &context), Ok(()));
        assert_eq!(check("春の小川はさらさら行くよ", &context), Ok(()));
    }

    #[test]
    fn messages_never_echo_the_password() {
        let cases = [
            ("short", PasswordProblem::TooShort),
            ("password1234!", PasswordProblem::Common),
            ("zyxwvutsrqpo", PasswordProblem::Predictable),
            ("kokuho k9#Lm2!pQx", PasswordProblem::ContainsContext),
            ("k9#Lm2!p\nQx7zR4", PasswordProblem::ControlCharacter),
        ];
        for (password, problem) in cases {
            let err = check(password, &[]).unwrap_err();
            assert_eq!(err, problem);
            let message = err.to_string();
            let debug = format!("{err:?}");
            assert!(!message.contains(password) && !debug.contains(password));
            assert!(!message.is_empty());
        }
        assert_eq!(
            PasswordProblem::TooShort.to_string(),
            format!("パスワードは{MIN_LENGTH}文字以上にしてください")
        );
        assert_eq!(
            PasswordProblem::TooLong.to_string(),
            format!("パスワードは{MAX_LENGTH}文字以下にしてください")
        );
        assert!(
            PasswordProblem::Common
                .to_string()
                .starts_with("よく使われるパスワードのため使えません")
        );
        assert!(
            PasswordProblem::ContainsContext
                .to_string()
                .starts_with("職員IDや市の名前")
        );
    }

    proptest! {
        /// C03: any printable string of a valid length with no structure is accepted, whatever
        /// its script or mix of characters (no composition rules).
        #[test]
        fn random_printable_strings_are_accepted(s in "\\PC{12,100}") {
            let length = s.nfkc().count();
            let result = check(&s, &[]);
            if (MIN_LENGTH..=MAX_LENGTH).contains(&length) {
                prop_assert_eq!(result, Ok(()));
            } else {
                prop_assert!(result.is_err());
            }
        }

        /// Any unit typed two or more times is refused.
        #[test]
        fn repeated_units_are_refused(unit in "[a-z0-9]{1,8}", times in 2usize..6) {
            let s = unit.repeat(times.max(MIN_LENGTH.div_ceil(unit.len())));
            prop_assert!(check(&s, &[]).is_err());
        }
    }
}
