//! 架空の氏名リスト (fictional name lists).
//!
//! The lists hold common Japanese surnames and given names with their readings. Every person the
//! generator makes is a random combination of one surname and one given name: **the people are
//! fictional**; any resemblance to a real person is coincidental. Readings are the usual ones in
//! full-width katakana; a full name is written 「姓　名」 / 「セイ　メイ」 with an ideographic
//! (full-width) space.
//!
//! Foreign residents get names from small per-nationality lists: Latin-script names are
//! registered in capitals (「SMITH JOHN」) with a katakana reading (「スミス　ジョン」), Chinese
//! and Korean names in kanji with a reading close to the original pronunciation.

/// A name part and its reading: (表記, カナ).
pub(crate) type Part = (&'static str, &'static str);

/// 姓: (表記, カナ, 重み). Weights roughly follow the national frequency ranking.
pub(crate) const SURNAMES: &[(&str, &str, u32)] = &[
    ("佐藤", "サトウ", 6),
    ("鈴木", "スズキ", 6),
    ("高橋", "タカハシ", 5),
    ("田中", "タナカ", 5),
    ("伊藤", "イトウ", 4),
    ("渡辺", "ワタナベ", 4),
    ("山本", "ヤマモト", 4),
    ("中村", "ナカムラ", 4),
    ("小林", "コバヤシ", 4),
    ("加藤", "カトウ", 4),
    ("吉田", "ヨシダ", 3),
    ("山田", "ヤマダ", 3),
    ("佐々木", "ササキ", 3),
    ("山口", "ヤマグチ", 3),
    ("松本", "マツモト", 3),
    ("井上", "イノウエ", 3),
    ("木村", "キムラ", 3),
    ("林", "ハヤシ", 3),
    ("斎藤", "サイトウ", 3),
    ("清水", "シミズ", 3),
    ("山崎", "ヤマザキ", 2),
    ("森", "モリ", 2),
    ("池田", "イケダ", 2),
    ("橋本", "ハシモト", 2),
    ("阿部", "アベ", 2),
    ("石川", "イシカワ", 2),
    ("山下", "ヤマシタ", 2),
    ("中島", "ナカジマ", 2),
    ("石井", "イシイ", 2),
    ("小川", "オガワ", 2),
    ("前田", "マエダ", 2),
    ("岡田", "オカダ", 2),
    ("長谷川", "ハセガワ", 2),
    ("藤田", "フジタ", 2),
    ("後藤", "ゴトウ", 2),
    ("近藤", "コンドウ", 2),
    ("村上", "ムラカミ", 2),
    ("遠藤", "エンドウ", 2),
    ("青木", "アオキ", 2),
    ("坂本", "サカモト", 2),
    ("斉藤", "サイトウ", 1),
    ("福田", "フクダ", 1),
    ("太田", "オオタ", 1),
    ("西村", "ニシムラ", 1),
    ("藤井", "フジイ", 1),
    ("金子", "カネコ", 1),
    ("岡本", "オカモト", 1),
    ("藤原", "フジワラ", 1),
    ("中野", "ナカノ", 1),
    ("三浦", "ミウラ", 1),
    ("原田", "ハラダ", 1),
    ("中川", "ナカガワ", 1),
    ("松田", "マツダ", 1),
    ("竹内", "タケウチ", 1),
    ("小野", "オノ", 1),
    ("田村", "タムラ", 1),
    ("中山", "ナカヤマ", 1),
    ("和田", "ワダ", 1),
    ("石田", "イシダ", 1),
    ("森田", "モリタ", 1),
    ("上田", "ウエダ", 1),
    ("原", "ハラ", 1),
    ("内田", "ウチダ", 1),
    ("柴田", "シバタ", 1),
    ("酒井", "サカイ", 1),
    ("宮崎", "ミヤザキ", 1),
    ("横山", "ヨコヤマ", 1),
    ("高木", "タカギ", 1),
    ("安藤", "アンドウ", 1),
    ("宮本", "ミヤモト", 1),
    ("大野", "オオノ", 1),
    ("小島", "コジマ", 1),
    ("工藤", "クドウ", 1),
    ("谷口", "タニグチ", 1),
    ("今井", "イマイ", 1),
    ("高田", "タカダ", 1),
    ("丸山", "マルヤマ", 1),
    ("増田", "マスダ", 1),
    ("杉山", "スギヤマ", 1),
    ("村田", "ムラタ", 1),
];

/// 男性名, born before 1960.
pub(crate) const MALE_OLD: &[Part] = &[
    ("清", "キヨシ"),
    ("勇", "イサム"),
    ("茂", "シゲル"),
    ("博", "ヒロシ"),
    ("実", "ミノル"),
    ("進", "ススム"),
    ("正", "タダシ"),
    ("明", "アキラ"),
    ("修", "オサム"),
    ("豊", "ユタカ"),
    ("和夫", "カズオ"),
    ("正雄", "マサオ"),
    ("幸雄", "ユキオ"),
    ("秀夫", "ヒデオ"),
    ("健一", "ケンイチ"),
    ("隆", "タカシ"),
    ("武", "タケシ"),
    ("勝", "マサル"),
    ("義男", "ヨシオ"),
    ("三郎", "サブロウ"),
    ("一郎", "イチロウ"),
    ("昭二", "ショウジ"),
];

/// 男性名, born 1960–1989.
pub(crate) const MALE_MID: &[Part] = &[
    ("誠", "マコト"),
    ("浩", "ヒロシ"),
    ("大輔", "ダイスケ"),
    ("健太", "ケンタ"),
    ("直樹", "ナオキ"),
    ("哲也", "テツヤ"),
    ("和也", "カズヤ"),
    ("拓也", "タクヤ"),
    ("剛", "ツヨシ"),
    ("達也", "タツヤ"),
    ("聡", "サトシ"),
    ("学", "マナブ"),
    ("浩二", "コウジ"),
    ("亮", "リョウ"),
    ("洋平", "ヨウヘイ"),
    ("英樹", "ヒデキ"),
    ("隆之", "タカユキ"),
    ("智之", "トモユキ"),
    ("雅人", "マサト"),
    ("康弘", "ヤスヒロ"),
    ("秀樹", "ヒデキ"),
    ("健二", "ケンジ"),
];

/// 男性名, born 1990 or later.
pub(crate) const MALE_YOUNG: &[Part] = &[
    ("翔太", "ショウタ"),
    ("拓海", "タクミ"),
    ("大翔", "ヒロト"),
    ("蓮", "レン"),
    ("陽翔", "ハルト"),
    ("悠真", "ユウマ"),
    ("湊", "ミナト"),
    ("颯太", "ソウタ"),
    ("大和", "ヤマト"),
    ("陸", "リク"),
    ("悠斗", "ユウト"),
    ("樹", "イツキ"),
    ("結翔", "ユイト"),
    ("健太郎", "ケンタロウ"),
    ("海斗", "カイト"),
    ("翼", "ツバサ"),
    ("大輝", "ダイキ"),
    ("涼太", "リョウタ"),
    ("駿", "シュン"),
    ("陽太", "ヨウタ"),
    ("蒼", "アオイ"),
    ("朝陽", "アサヒ"),
];

/// 女性名, born before 1960.
pub(crate) const FEMALE_OLD: &[Part] = &[
    ("和子", "カズコ"),
    ("幸子", "サチコ"),
    ("節子", "セツコ"),
    ("洋子", "ヨウコ"),
    ("京子", "キョウコ"),
    ("恵子", "ケイコ"),
    ("久美子", "クミコ"),
    ("弘子", "ヒロコ"),
    ("美智子", "ミチコ"),
    ("順子", "ジュンコ"),
    ("悦子", "エツコ"),
    ("澄子", "スミコ"),
    ("千代子", "チヨコ"),
    ("信子", "ノブコ"),
    ("文子", "フミコ"),
    ("静子", "シズコ"),
    ("栄子", "エイコ"),
    ("八重子", "ヤエコ"),
    ("富子", "トミコ"),
    ("敏子", "トシコ"),
    ("光子", "ミツコ"),
    ("春子", "ハルコ"),
];

/// 女性名, born 1960–1989.
pub(crate) const FEMALE_MID: &[Part] = &[
    ("裕子", "ユウコ"),
    ("真由美", "マユミ"),
    ("由美子", "ユミコ"),
    ("直美", "ナオミ"),
    ("智子", "トモコ"),
    ("明美", "アケミ"),
    ("陽子", "ヨウコ"),
    ("美穂", "ミホ"),
    ("恵美", "エミ"),
    ("香織", "カオリ"),
    ("麻衣", "マイ"),
    ("愛", "アイ"),
    ("彩", "アヤ"),
    ("優子", "ユウコ"),
    ("舞", "マイ"),
    ("綾香", "アヤカ"),
    ("沙織", "サオリ"),
    ("亜希子", "アキコ"),
    ("美香", "ミカ"),
    ("理恵", "リエ"),
    ("純子", "ジュンコ"),
    ("友美", "トモミ"),
];

/// 女性名, born 1990 or later.
pub(crate) const FEMALE_YOUNG: &[Part] = &[
    ("陽菜", "ヒナ"),
    ("結衣", "ユイ"),
    ("美咲", "ミサキ"),
    ("葵", "アオイ"),
    ("結菜", "ユイナ"),
    ("凛", "リン"),
    ("芽依", "メイ"),
    ("さくら", "サクラ"),
    ("莉子", "リコ"),
    ("心春", "コハル"),
    ("紬", "ツムギ"),
    ("杏", "アン"),
    ("優花", "ユウカ"),
    ("彩花", "アヤカ"),
    ("七海", "ナナミ"),
    ("花音", "カノン"),
    ("琴音", "コトネ"),
    ("遥", "ハルカ"),
    ("真央", "マオ"),
    ("愛莉", "アイリ"),
    ("菜々子", "ナナコ"),
    ("美羽", "ミウ"),
];

/// One nationality of the foreign-resident lists.
pub(crate) struct Nationality {
    /// 国籍 as registered (PersonRecord::nationality).
    pub name: &'static str,
    /// Relative frequency among foreign residents (roughly the national ranking).
    pub weight: u32,
    /// Latin-script names (`true`) are joined with an ASCII space; kanji names with an
    /// ideographic space.
    pub latin: bool,
    pub families: &'static [Part],
    pub male: &'static [Part],
    pub female: &'static [Part],
}

pub(crate) const NATIONALITIES: &[Nationality] = &[
    Nationality {
        name: "中国",
        weight: 26,
        latin: false,
        families: &[
            ("王", "ワン"),
            ("李", "リー"),
            ("張", "チャン"),
            ("劉", "リウ"),
            ("陳", "チェン"),
            ("楊", "ヤン"),
        ],
        male: &[("偉", "ウェイ"), ("磊", "レイ"), ("強", "チャン"), ("軍", "ジュン")],
        female: &[("静", "ジン"), ("敏", "ミン"), ("麗", "リー"), ("芳", "ファン")],
    },
    Nationality {
        name: "ベトナム",
        weight: 20,
        latin: true,
        families: &[
            ("NGUYEN", "グエン"),
            ("TRAN", "チャン"),
            ("LE", "レ"),
            ("PHAM", "ファム"),
        ],
        male: &[("NAM", "ナム"), ("HUNG", "フン"), ("MINH", "ミン"), ("DUC", "ドゥック")],
        female: &[("LAN", "ラン"), ("HOA", "ホア"), ("THAO", "タオ"), ("MAI", "マイ")],
    },
    Nationality {
        name: "韓国",
        weight: 12,
        latin: false,
        families: &[("金", "キム"), ("朴", "パク"), ("崔", "チェ"), ("鄭", "チョン")],
        male: &[("成民", "ソンミン"), ("東賢", "ドンヒョン"), ("俊浩", "ジュノ")],
        female: &[("秀妍", "スヨン"), ("智媛", "ジウォン"), ("恩恵", "ウネ")],
    },
    Nationality {
        name: "フィリピン",
        weight: 10,
        latin: true,
        families: &[
            ("SANTOS", "サントス"),
            ("REYES", "レイエス"),
            ("CRUZ", "クルス"),
            ("GARCIA", "ガルシア"),
        ],
        male: &[("JOSE", "ホセ"), ("MARK", "マーク"), ("PAOLO", "パオロ")],
        female: &[("MARIA", "マリア"), ("ANGELICA", "アンジェリカ"), ("JOY", "ジョイ")],
    },
    Nationality {
        name: "ブラジル",
        weight: 7,
        latin: true,
        families: &[
            ("SILVA", "シルバ"),
            ("OLIVEIRA", "オリベイラ"),
            ("SOUZA", "ソウザ"),
            ("PEREIRA", "ペレイラ"),
        ],
        male: &[
            ("LUCAS", "ルーカス"),
            ("GABRIEL", "ガブリエル"),
            ("RAFAEL", "ラファエル"),
        ],
        female: &[("ANA", "アナ"), ("JULIANA", "ジュリアナ"), ("FERNANDA", "フェルナンダ")],
    },
    Nationality {
        name: "ネパール",
        weight: 7,
        latin: true,
        families: &[
            ("GURUNG", "グルン"),
            ("SHRESTHA", "シュレスタ"),
            ("TAMANG", "タマン"),
            ("RAI", "ライ"),
        ],
        male: &[("RAM", "ラム"), ("BIKASH", "ビカス"), ("SURESH", "スレス")],
        female: &[("SITA", "シタ"), ("ANITA", "アニタ"), ("SABINA", "サビナ")],
    },
    Nationality {
        name: "インドネシア",
        weight: 6,
        latin: true,
        families: &[
            ("SANTOSO", "サントソ"),
            ("HIDAYAT", "ヒダヤット"),
            ("WIJAYA", "ウィジャヤ"),
        ],
        male: &[("ADI", "アディ"), ("BUDI", "ブディ"), ("RIZKI", "リズキ")],
        female: &[("SITI", "シティ"), ("DEWI", "デウィ"), ("PUTRI", "プトゥリ")],
    },
    Nationality {
        name: "米国",
        weight: 4,
        latin: true,
        families: &[
            ("SMITH", "スミス"),
            ("JOHNSON", "ジョンソン"),
            ("WILLIAMS", "ウィリアムズ"),
            ("BROWN", "ブラウン"),
        ],
        male: &[("JOHN", "ジョン"), ("MICHAEL", "マイケル"), ("DAVID", "デイビッド")],
        female: &[("EMILY", "エミリー"), ("SARAH", "サラ"), ("JESSICA", "ジェシカ")],
    },
];

/// A surname drawn by the weights of [`SURNAMES`].
pub(crate) fn random_surname(g: &mut crate::random::Gen) -> Part {
    let total: u32 = SURNAMES.iter().map(|s| s.2).sum();
    let mut r = g.below(total);
    for (kanji, kana, w) in SURNAMES {
        if r < *w {
            return (kanji, kana);
        }
        r -= w;
    }
    ("佐藤", "サトウ")
}

/// A nationality drawn by the weights of [`NATIONALITIES`].
pub(crate) fn random_nationality(g: &mut crate::random::Gen) -> Option<&'static Nationality> {
    let total: u32 = NATIONALITIES.iter().map(|n| n.weight).sum();
    let mut r = g.below(total);
    for n in NATIONALITIES {
        if r < n.weight {
            return Some(n);
        }
        r -= n.weight;
    }
    NATIONALITIES.first()
}

/// The Japanese given-name list for a birth year and sex.
pub(crate) fn given_names(birth_year: i32, female: bool) -> &'static [Part] {
    match (female, birth_year) {
        (false, ..1960) => MALE_OLD,
        (false, 1960..1990) => MALE_MID,
        (false, _) => MALE_YOUNG,
        (true, ..1960) => FEMALE_OLD,
        (true, 1960..1990) => FEMALE_MID,
        (true, _) => FEMALE_YOUNG,
    }
}

/// Builds (氏名, 氏名カナ).
pub(crate) fn full_name(family: Part, given: Part, latin: bool) -> (String, String) {
    let mut name = String::with_capacity(family.0.len() + given.0.len() + 3);
    name.push_str(family.0);
    name.push(if latin { ' ' } else { '\u{3000}' });
    name.push_str(given.0);
    let mut kana = String::with_capacity(family.1.len() + given.1.len() + 3);
    kana.push_str(family.1);
    kana.push('\u{3000}');
    kana.push_str(given.1);
    (name, kana)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn is_full_width_katakana(s: &str) -> bool {
        s.chars().all(|c| ('\u{30A1}'..='\u{30F6}').contains(&c) || c == 'ー')
    }

    #[test]
    fn lists_are_long_enough_and_readings_are_katakana() {
        assert!(SURNAMES.len() >= 60);
        let male: Vec<_> = [MALE_OLD, MALE_MID, MALE_YOUNG].concat();
        let female: Vec<_> = [FEMALE_OLD, FEMALE_MID, FEMALE_YOUNG].concat();
        assert!(male.len() >= 60, "{}", male.len());
        assert!(female.len() >= 60, "{}", female.len());
        let surnames: HashSet<_> = SURNAMES.iter().map(|s| s.0).collect();
        assert_eq!(surnames.len(), SURNAMES.len(), "duplicate surname");
        for (kanji, kana, w) in SURNAMES {
            assert!(*w > 0);
            assert!(!kanji.is_empty());
            assert!(is_full_width_katakana(kana), "{kana}");
        }
        for (kanji, kana) in male.iter().chain(female.iter()) {
            assert!(!kanji.is_empty());
            assert!(is_full_width_katakana(kana), "{kana}");
        }
        for n in NATIONALITIES {
            for (_, kana) in n.families.iter().chain(n.male).chain(n.female) {
                assert!(is_full_width_katakana(kana), "{kana}");
            }
        }
        let common: Vec<_> = SURNAMES.iter().take(4).map(|s| (s.0, s.1)).collect();
        assert_eq!(
            common,
            [
                ("佐藤", "サトウ"),
                ("鈴木", "スズキ"),
                ("高橋", "タカハシ"),
                ("田中", "タナカ")
            ]
        );
    }

    #[test]
    fn full_names_use_a_full_width_space_in_the_reading() {
        let (n, k) = full_name(("佐藤", "サトウ"), ("太郎", "タロウ"), false);
        assert_eq!(n, "佐藤\u{3000}太郎");
        assert_eq!(k, "サトウ\u{3000}タロウ");
        let (n, k) = full_name(("SMITH", "スミス"), ("JOHN", "ジョン"), true);
        assert_eq!(n, "SMITH JOHN");
        assert_eq!(k, "スミス\u{3000}ジョン");
    }
}
