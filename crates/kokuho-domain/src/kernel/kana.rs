//! カナ氏名 (kana name): the search key and the input check.
//!
//! **NFKC is used only to build search keys.** Stored names (漢字氏名 and カナ氏名 alike) are
//! never normalised: NFKC rewrites compatibility ideographs that people's registered names use,
//! e.g. 朗 U+F929 → 朗 U+6717, ㈱ → (株), and a name must come back exactly as registered
//! (rust-stack.md §0.6). [`search_key`] therefore returns a *new* string for a search column or
//! an in-memory comparison, and [`is_valid_kana_name`] only checks, it never rewrites.

use unicode_normalization::UnicodeNormalization;

/// Maps spacing voiced/semi-voiced sound marks to their combining forms so that NFKC can
/// compose them with the preceding kana (「か゛」 → 「が」).
fn combining_sound_mark(c: char) -> char {
    match c {
        '\u{309B}' => '\u{3099}', // ゛
        '\u{309C}' => '\u{309A}', // ゜
        _ => c,
    }
}

/// Hiragana → katakana (ぁ..ゖ → ァ..ヶ, ゝゞ → ヽヾ); other characters unchanged.
fn to_katakana(c: char) -> char {
    match c {
        '\u{3041}'..='\u{3096}' | '\u{309D}'..='\u{309E}' => char::from_u32(u32::from(c) + 0x60).unwrap_or(c),
        _ => c,
    }
}

/// Small katakana → the corresponding large katakana; other characters unchanged.
fn to_large(c: char) -> char {
    match c {
        'ァ' => 'ア',
        'ィ' => 'イ',
        'ゥ' => 'ウ',
        'ェ' => 'エ',
        'ォ' => 'オ',
        'ッ' => 'ツ',
        'ャ' => 'ヤ',
        'ュ' => 'ユ',
        'ョ' => 'ヨ',
        'ヮ' => 'ワ',
        'ヵ' => 'カ',
        'ヶ' => 'ケ',
        // Katakana Phonetic Extensions (U+31F0..U+31FF)
        'ㇰ' => 'ク',
        'ㇱ' => 'シ',
        'ㇲ' => 'ス',
        'ㇳ' => 'ト',
        'ㇴ' => 'ヌ',
        'ㇵ' => 'ハ',
        'ㇶ' => 'ヒ',
        'ㇷ' => 'フ',
        'ㇸ' => 'ヘ',
        'ㇹ' => 'ホ',
        'ㇺ' => 'ム',
        'ㇻ' => 'ラ',
        'ㇼ' => 'リ',
        'ㇽ' => 'ル',
        'ㇾ' => 'レ',
        'ㇿ' => 'ロ',
        _ => c,
    }
}

/// Middle dots that separate family and given names (・ and its half-width and Latin cousins).
fn is_middle_dot(c: char) -> bool {
    matches!(c, '\u{30FB}' | '\u{FF65}' | '\u{00B7}')
}

/// The normalised key for カナ氏名 search (カナ検索キー).
///
/// Steps, in order:
/// 1. NFKC (half-width katakana → full-width, 「ｶﾞ」 → 「ガ」, full-width Latin → ASCII);
/// 2. hiragana → katakana;
/// 3. spaces (half and full width, any whitespace) and middle dots (・ ･ ·) removed;
/// 4. small kana → large (ァ→ア, ッ→ツ, ャ→ヤ, ヮ→ワ, ヵ→カ, ヶ→ケ, ㇰ→ク …);
/// 5. NFC, to compose sound marks that could only attach after steps 3–4.
///
/// The long vowel mark ー and ヴ are kept as they are.
///
/// Only for search keys: never store the result in place of the name (see the module docs).
///
/// ```
/// use kokuho_domain::kernel::kana::search_key;
/// assert_eq!(search_key("ｷｯﾄﾞ ｼｮｳｺ"), "キツドシヨウコ");
/// assert_eq!(search_key("きっど　しょうこ"), "キツドシヨウコ");
/// assert_eq!(search_key("ヴァイオレット・ホー"), "ヴアイオレツトホー");
/// ```
pub fn search_key(name_kana: &str) -> String {
    name_kana
        .chars()
        .map(combining_sound_mark)
        .nfkc()
        .map(to_katakana)
        .filter(|c| !c.is_whitespace() && !is_middle_dot(*c))
        .map(to_large)
        // Re-compose marks that could not attach before (「ゎ」+「ﾞ」→「ヷ」, 「か ゛」→「ガ」).
        .nfc()
        .collect()
}

/// Whether `c` may appear in a カナ氏名 as entered and stored.
fn is_kana_name_char(c: char) -> bool {
    matches!(c,
        '\u{3041}'..='\u{3096}'   // ぁ..ゖ
        | '\u{309D}'..='\u{309E}' // ゝ ゞ
        | '\u{30A1}'..='\u{30FA}' // ァ..ヺ
        | '\u{30FB}'              // ・
        | '\u{30FC}'              // ー
        | '\u{30FD}'..='\u{30FE}' // ヽ ヾ
        | '\u{31F0}'..='\u{31FF}' // ㇰ..ㇿ
        | ' '
        | '\u{3000}'
    )
}

/// Input check for a カナ氏名: only full-width katakana and hiragana, spaces (half or full
/// width), the long vowel mark ー and the middle dot ・, with at least one kana.
///
/// Half-width katakana (ｶﾅ), Latin letters, digits and kanji are refused; the form layer may
/// offer to convert half-width input before submitting. The value is never rewritten here.
///
/// ```
/// use kokuho_domain::kernel::kana::is_valid_kana_name;
/// assert!(is_valid_kana_name("ヤマダ　タロウ"));
/// assert!(!is_valid_kana_name("ﾔﾏﾀﾞ"));
/// ```
pub fn is_valid_kana_name(name: &str) -> bool {
    name.chars().all(is_kana_name_char)
        && name
            .chars()
            .any(|c| is_kana_name_char(c) && !matches!(c, ' ' | '\u{3000}' | '・' | 'ー'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn half_width_to_full_width() {
        assert_eq!(search_key("ﾔﾏﾀﾞ ﾀﾛｳ"), "ヤマダタロウ");
        assert_eq!(search_key("ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ"), "パピプペポ");
        assert_eq!(search_key("ｳﾞｨｰﾅｽ"), "ヴイーナス");
    }

    #[test]
    fn hiragana_to_katakana() {
        assert_eq!(search_key("やまだ たろう"), "ヤマダタロウ");
        assert_eq!(search_key("ゔぃーなす"), "ヴイーナス");
        // Iteration marks follow the script but are not expanded.
        assert_eq!(search_key("さゝき"), "サヽキ");
    }

    #[test]
    fn spaces_and_dots_removed() {
        assert_eq!(search_key(" ヤマダ　タロウ "), "ヤマダタロウ");
        assert_eq!(search_key("ジョン・スミス"), "ジヨンスミス");
        assert_eq!(search_key("ｼﾞｮﾝ･ｽﾐｽ"), "ジヨンスミス");
        assert_eq!(search_key("ジョン·スミス"), "ジヨンスミス");
        assert_eq!(search_key("ヤマダ\tタロウ\n"), "ヤマダタロウ");
    }

    #[test]
    fn small_kana_to_large() {
        assert_eq!(search_key("ァィゥェォッャュョヮヵヶ"), "アイウエオツヤユヨワカケ");
        assert_eq!(search_key("ぁぃぅぇぉっゃゅょゎゕゖ"), "アイウエオツヤユヨワカケ");
        assert_eq!(
            search_key("ㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"),
            "クシストヌハヒフヘホムラリルレロ"
        );
    }

    #[test]
    fn long_vowel_and_vu_kept() {
        assert_eq!(search_key("ヴー"), "ヴー");
        assert_eq!(search_key("ｰ"), "ー");
    }

    #[test]
    fn spacing_sound_marks_compose() {
        assert_eq!(search_key("か゛"), "ガ");
        assert_eq!(search_key("は゜"), "パ");
        assert_eq!(search_key("か ゛"), "ガ");
        assert_eq!(search_key("ゎﾞ"), "ヷ");
    }

    #[test]
    fn same_key_for_common_spellings() {
        let variants = ["キッド ショウコ", "ｷｯﾄﾞ ｼｮｳｺ", "きっど　しょうこ", "キツドシヨウコ"];
        let keys: Vec<String> = variants.iter().map(|v| search_key(v)).collect();
        assert!(keys.iter().all(|k| k == &keys[0]), "{keys:?}");
    }

    #[test]
    fn stored_names_are_never_normalised() {
        // 朗 U+F929 (CJK compatibility ideograph) must survive in a stored name.
        let stored = String::from("\u{F929}");
        let _key = search_key(&stored); // building a key does not touch the input
        assert_eq!(stored, "\u{F929}");
        // ... while the search key itself is NFKC (which is why it is only a key).
        assert_eq!(search_key("\u{F929}"), "\u{6717}");
    }

    #[test]
    fn valid_kana_names() {
        for ok in [
            "ヤマダ タロウ",
            "ヤマダ　タロウ",
            "やまだ たろう",
            "ジョン・スミス",
            "ヴィーナス",
            "ササヽ",
            "ア",
        ] {
            assert!(is_valid_kana_name(ok), "{ok}");
        }
        for bad in [
            "",
            " ",
            "　",
            "・",
            "ー",
            "ﾔﾏﾀﾞ",
            "山田",
            "Yamada",
            "ヤマダ1",
            "ヤマダ\tタロウ",
            "ヤマダ(タロウ)",
        ] {
            assert!(!is_valid_kana_name(bad), "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn key_is_idempotent(s in "[ぁ-ゖァ-ヺー・ 　ｦ-ﾟ]{0,20}") {
            let k = search_key(&s);
            prop_assert_eq!(search_key(&k), k.clone());
            prop_assert!(!k.contains(' ') && !k.contains('　') && !k.contains('・'));
        }

        #[test]
        fn key_of_valid_name_has_no_hiragana_or_small_kana(s in "[ぁ-ゖァ-ヺー]{1,20}") {
            let k = search_key(&s);
            let has_hiragana = k.chars().any(|c| ('ぁ'..='ゖ').contains(&c));
            prop_assert!(!has_hiragana);
            prop_assert!(!k.chars().any(|c| "ァィゥェォッャュョヮヵヶ".contains(c)));
        }
    }
}
