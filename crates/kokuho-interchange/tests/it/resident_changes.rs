//! 住民異動 CSV: every kind, encodings, structure, every field's errors, all-or-nothing.

use kokuho_domain::Date;
use kokuho_domain::eligibility::resident::{ResidentChangeKind, Sex};
use kokuho_interchange::{
    Encoding, MAX_REPORTED_ERRORS, ResidentChangeReader, UsedEncoding, parse_resident_changes, write_resident_changes,
};

use crate::support::{KINDS, Line, file, header, positions, sjis};

fn date(y: i16, m: i8, d: i8) -> Date {
    Date::new(y, m, d).unwrap()
}

#[test]
fn every_kind_by_label_and_code() {
    for (i, label) in KINDS.iter().enumerate() {
        let kind = ResidentChangeKind::ALL[i];
        assert_eq!(kind.label(), *label);
        for name in [kind.label(), kind.code()] {
            let text = file(&[Line::new(label, "C1").set("異動種別", name)]);
            let changes = parse_resident_changes(text.as_bytes(), Encoding::Auto)
                .unwrap_or_else(|e| panic!("{label} ({name}): {e}"));
            assert_eq!(changes.len(), 1);
            assert_eq!(changes[0].kind, kind);
        }
    }
}

#[test]
fn all_kinds_in_one_file_with_their_data() {
    let lines: Vec<Line> = KINDS
        .iter()
        .enumerate()
        .map(|(i, k)| Line::new(k, &format!("C{i}")))
        .collect();
    let text = file(&lines);
    let changes = parse_resident_changes(text.as_bytes(), Encoding::Auto).unwrap();
    assert_eq!(changes.len(), 10);
    let move_in = &changes[0];
    assert_eq!(move_in.effective_on, date(2026, 4, 1));
    assert_eq!(move_in.notified_on, date(2026, 4, 2));
    assert_eq!(move_in.resident_no.as_str(), "100001");
    assert_eq!(move_in.household_no.as_str(), "200001");
    assert_eq!(move_in.relationship, "子");
    let p = move_in.person.as_ref().unwrap();
    assert_eq!(
        (p.name.name.as_str(), p.name.kana.as_str()),
        ("山田　太郎", "ヤマダ　タロウ")
    );
    assert_eq!(
        (p.birth_date, p.sex, p.nationality.as_deref()),
        (date(1980, 5, 6), Sex::Male, None)
    );
    let a = move_in.address.as_ref().unwrap();
    assert_eq!(
        (a.postal_code.as_str(), a.line.as_str()),
        ("7108565", "岡山県倉敷市西中新田640番地")
    );
    // 転出 and 死亡 carry no person or address.
    assert!(changes[1].person.is_none() && changes[1].address.is_none());
    assert!(changes[4].person.is_none());
    // The writer's output reads back to the same changes.
    let written = write_resident_changes(&changes);
    assert_eq!(
        parse_resident_changes(written.as_bytes(), Encoding::Auto).unwrap(),
        changes
    );
}

#[test]
fn foreign_resident_and_flags() {
    let text = file(&[Line::new("転入", "C1")
        .set("国籍", "ベトナム")
        .set("在留期間満了日", "令和9年3月31日")
        .set("世帯主", "○")
        .set("性別", "2")]);
    let c = &parse_resident_changes(text.as_bytes(), Encoding::Auto).unwrap()[0];
    let p = c.person.as_ref().unwrap();
    assert!(c.is_head);
    assert_eq!(p.sex, Sex::Female);
    assert_eq!(p.nationality.as_deref(), Some("ベトナム"));
    assert_eq!(p.stay_until, Some(date(2027, 3, 31)));

    // 「日本」 is the same as empty.
    let text = file(&[Line::new("転入", "C1").set("国籍", "日本")]);
    let c = &parse_resident_changes(text.as_bytes(), Encoding::Auto).unwrap()[0];
    assert_eq!(c.person.as_ref().unwrap().nationality, None);
}

#[test]
fn utf8_with_and_without_bom_and_shift_jis() {
    let line = Line::new("転入", "C1")
        .set("氏名", "髙橋　一郎")
        .set("住所", "倉敷市西中新田1～2");
    let text = file(&[line]);
    let expected = parse_resident_changes(text.as_bytes(), Encoding::Utf8).unwrap();
    let p = expected[0].person.as_ref().unwrap();
    assert_eq!(p.name.name, "髙橋　一郎");
    assert_eq!(expected[0].address.as_ref().unwrap().line, "倉敷市西中新田1～2");

    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    let shift_jis = sjis(&text);
    assert!(
        shift_jis.windows(2).any(|w| w == [0xFB, 0xFC]),
        "髙 is FB FC in Windows-31J"
    );
    assert!(shift_jis.windows(2).any(|w| w == [0x81, 0x60]), "～ is 81 60");

    for (bytes, encoding, used) in [
        (text.as_bytes().to_vec(), Encoding::Auto, UsedEncoding::Utf8),
        (bom.clone(), Encoding::Auto, UsedEncoding::Utf8Bom),
        (bom, Encoding::Utf8, UsedEncoding::Utf8Bom),
        (shift_jis.clone(), Encoding::Auto, UsedEncoding::ShiftJis),
        (shift_jis.clone(), Encoding::ShiftJis, UsedEncoding::ShiftJis),
    ] {
        let reader = ResidentChangeReader::new(&bytes, encoding).unwrap();
        assert_eq!(reader.encoding(), used);
        assert_eq!(parse_resident_changes(&bytes, encoding).unwrap(), expected, "{used:?}");
    }

    // A UTF-8 file with BOM read as Shift_JIS: the BOM is pointed out.
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    let errs = parse_resident_changes(&bom, Encoding::ShiftJis).unwrap_err();
    assert!(errs.to_string().contains("UTF-8のBOMがあります"), "{errs}");

    // A Shift_JIS file read as UTF-8 is rejected on the header line, with the byte position.
    let errs = parse_resident_changes(&shift_jis, Encoding::Utf8).unwrap_err();
    assert_eq!(errs.errors()[0].line, 1);
    assert!(
        errs.errors()[0]
            .message
            .contains("UTF-8として読めないバイト列があります（バイト位置 0")
    );
}

#[test]
fn malformed_shift_jis_byte_is_an_error_with_its_line() {
    let text = file(&[
        Line::new("転出", "C1"),
        Line::new("転出", "C2"),
        Line::new("転出", "C3"),
    ]);
    let mut bytes = sjis(&text);
    // Corrupt the first byte of 「子」 (続柄) on line 3: 0x81 followed by a comma is malformed.
    let line3_start = bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').nth(1).unwrap().0 + 1;
    let ko = sjis("子");
    let pos = line3_start
        + bytes[line3_start..]
            .windows(2)
            .position(|w| w == ko.as_slice())
            .unwrap();
    bytes[pos] = 0x81;
    bytes[pos + 1] = b',';
    for encoding in [Encoding::Auto, Encoding::ShiftJis] {
        let errs = parse_resident_changes(&bytes, encoding).unwrap_err();
        assert_eq!(positions(&errs), [(3, None)], "{errs}");
        let message = &errs.errors()[0].message;
        assert!(message.contains(&format!("バイト位置 {pos}: 0x81")), "{message}");
        assert!(!message.contains('\u{FFFD}'));
    }
}

#[test]
fn shift_jis_user_defined_characters_are_rejected() {
    let text = file(&[Line::new("転入", "C1").set("氏名", "山田　〓")]);
    let mut bytes = sjis(&text);
    let geta = sjis("〓");
    let pos = bytes.windows(2).position(|w| w == geta.as_slice()).unwrap();
    bytes[pos] = 0xF0;
    bytes[pos + 1] = 0x40;
    let errs = parse_resident_changes(&bytes, Encoding::ShiftJis).unwrap_err();
    assert_eq!(errs.errors()[0].line, 2);
    assert!(errs.errors()[0].message.contains("外字"));
}

#[test]
fn crlf_lf_and_mixed_line_ends_read_the_same() {
    let lines = [
        Line::new("転入", "C1"),
        Line::new("死亡", "C2"),
        Line::new("転居", "C3"),
    ];
    let lf = file(&lines);
    let crlf = lf.replace('\n', "\r\n");
    let mut mixed = crlf.clone();
    mixed.push_str(&Line::new("転出", "C4").csv());
    let mut lf4 = lf.clone();
    lf4.push_str(&Line::new("転出", "C4").csv());
    let expected = parse_resident_changes(lf4.as_bytes(), Encoding::Auto).unwrap();
    assert_eq!(expected.len(), 4);
    assert_eq!(
        parse_resident_changes(mixed.as_bytes(), Encoding::Auto).unwrap(),
        expected
    );
    assert_eq!(
        parse_resident_changes(crlf.as_bytes(), Encoding::Auto).unwrap(),
        expected[..3].to_vec()
    );

    // A CR on its own is not a line end.
    let cr = lf.replace('\n', "\r");
    let errs = parse_resident_changes(cr.as_bytes(), Encoding::Auto).unwrap_err();
    assert!(errs.errors()[0].message.contains("CR"), "{errs}");
}

#[test]
fn quoted_fields_with_commas_and_newlines_keep_physical_lines() {
    let text = format!(
        "{}{}\n{}\n{}\n{}\n",
        header(),
        Line::new("転居", "C1")
            .set("住所", "岡山県倉敷市西中新田640番地,本庁舎\"東\"")
            .csv(),
        // A line break inside quotes: the record spans lines 3–4 and is rejected on line 3.
        Line::new("転居", "C2").set("住所", "岡山県倉敷市\r\n西中新田").csv(),
        Line::new("転居", "C3").set("異動日", "2026-02-30").csv(),
        Line::new("転居", "C4").csv(),
    );
    let errs = parse_resident_changes(text.as_bytes(), Encoding::Auto).unwrap_err();
    assert_eq!(
        positions(&errs),
        [(3, Some("住所".to_owned())), (5, Some("異動日".to_owned()))],
        "{errs}"
    );
    // Without the bad lines, the comma and the quotes come through.
    let ok = format!(
        "{}{}\n",
        header(),
        Line::new("転居", "C1")
            .set("住所", "岡山県倉敷市西中新田640番地,本庁舎\"東\"")
            .csv()
    );
    let c = parse_resident_changes(ok.as_bytes(), Encoding::Auto).unwrap();
    assert_eq!(
        c[0].address.as_ref().unwrap().line,
        "岡山県倉敷市西中新田640番地,本庁舎\"東\""
    );
}

#[test]
fn structural_errors_are_reported_per_line() {
    let good = Line::new("転出", "C9").csv();
    let text = format!("{}{good}\n\"C1\"x,転出\nC2,\"open\n{}\n", header(), "a,b,c");
    let errs = parse_resident_changes(text.as_bytes(), Encoding::Auto).unwrap_err();
    // Line 3: text after a closing quote. Line 4: the quote never closes (runs to the end).
    assert_eq!(positions(&errs), [(3, None), (4, None)], "{errs}");

    let text = format!("{}{good}\nC2,転出\n", header());
    let errs = parse_resident_changes(text.as_bytes(), Encoding::Auto).unwrap_err();
    assert_eq!(errs.errors()[0].line, 3);
    assert!(errs.errors()[0].message.contains("見出し16列、この行2列"));
}

/// Each column with a bad value gives its own error, on its own line, naming the column.
#[test]
fn every_field_bad_value_has_its_own_error() {
    let long = |n: usize| "あ".repeat(n);
    let cases: Vec<(&str, Line)> = vec![
        ("異動番号", Line::new("転出", "C 1")),
        ("異動種別", Line::new("転出", "C2").set("異動種別", "引越")),
        ("異動日", Line::new("転出", "C3").set("異動日", "2026-13-01")),
        ("届出日", Line::new("転出", "C4").set("届出日", "昨日")),
        ("宛名番号", Line::new("転出", "C5").set("宛名番号", "12a")),
        ("世帯番号", Line::new("転出", "C6").set("世帯番号", "")),
        ("世帯主", Line::new("転出", "C7").set("世帯主", "はい")),
        ("続柄", Line::new("転出", "C8").set("続柄", &long(21))),
        ("氏名", Line::new("転入", "C9").set("氏名", &long(61))),
        ("氏名カナ", Line::new("転入", "C10").set("氏名カナ", "ﾔﾏﾀﾞ")),
        ("生年月日", Line::new("転入", "C11").set("生年月日", "2026-02-30")),
        ("性別", Line::new("転入", "C12").set("性別", "3")),
        ("国籍", Line::new("転出", "C13").set("国籍", "ベトナム")),
        (
            "在留期間満了日",
            Line::new("転入", "C14")
                .set("国籍", "ベトナム")
                .set("在留期間満了日", "2027-02-29"),
        ),
        ("郵便番号", Line::new("転入", "C15").set("郵便番号", "71-08565")),
        ("住所", Line::new("転入", "C16").set("住所", &long(121))),
    ];
    let lines: Vec<Line> = cases.iter().map(|(_, l)| l.clone()).collect();
    let text = file(&lines);
    let errs = parse_resident_changes(text.as_bytes(), Encoding::Auto).unwrap_err();
    let expected: Vec<(usize, Option<String>)> = cases
        .iter()
        .enumerate()
        .map(|(i, (col, _))| (i + 2, Some((*col).to_owned())))
        .collect();
    assert_eq!(positions(&errs), expected, "{errs}");
    // The message format of the brief.
    assert!(
        errs.to_string().contains("\n12行目 生年月日: 日付が不正です\n"),
        "{errs}"
    );
    // No value is echoed in messages.
    assert!(!errs.to_string().contains("ﾔﾏﾀﾞ"));
    assert!(!errs.to_string().contains("引越"));
}

#[test]
fn domain_rules_are_applied() {
    let cases = [
        // 届出日 before 異動日 is only allowed for 転出.
        (Line::new("転入", "C1").set("届出日", "2026-03-01"), "届出日"),
        // 出生: 異動日 must be the birth date.
        (Line::new("出生", "C2").set("生年月日", "2026-03-31"), "生年月日"),
        // 転入 needs the person.
        (
            Line::new("転出", "C3")
                .set("異動種別", "転入")
                .set("郵便番号", "7108565")
                .set("住所", "倉敷市"),
            "氏名",
        ),
        // 転居 needs the address.
        (Line::new("転出", "C4").set("異動種別", "転居"), "住所"),
        // A postal code without an address.
        (Line::new("転出", "C5").set("郵便番号", "7108565"), "住所"),
        // 在留期間満了日 without 国籍.
        (
            Line::new("転入", "C6").set("在留期間満了日", "2027-01-01"),
            "在留期間満了日",
        ),
    ];
    for (line, column) in cases {
        let errs =
            parse_resident_changes(file(std::slice::from_ref(&line)).as_bytes(), Encoding::Auto).expect_err(column);
        assert_eq!(positions(&errs), [(2, Some(column.to_owned()))], "{errs}");
    }
    // 転出 may be notified in advance.
    let ok = file(&[Line::new("転出", "C1").set("届出日", "2026-03-15")]);
    parse_resident_changes(ok.as_bytes(), Encoding::Auto).unwrap();
}

#[test]
fn several_errors_on_one_line_are_all_reported() {
    let line = Line::new("転入", "C1")
        .set("異動日", "x")
        .set("宛名番号", "")
        .set("性別", "?");
    let errs = parse_resident_changes(file(&[line]).as_bytes(), Encoding::Auto).unwrap_err();
    let fields: Vec<String> = errs.errors().iter().filter_map(|e| e.field.clone()).collect();
    assert_eq!(fields, ["異動日", "宛名番号", "性別"]);
}

#[test]
fn control_characters_are_rejected_in_every_column() {
    let line = Line::new("転入", "C1")
        .set("氏名", "山田\u{200B}太郎")
        .set("続柄", "子\u{7}");
    let errs = parse_resident_changes(file(&[line]).as_bytes(), Encoding::Auto).unwrap_err();
    assert_eq!(
        positions(&errs),
        [(2, Some("続柄".to_owned())), (2, Some("氏名".to_owned()))]
    );
}

#[test]
fn header_problems() {
    let good = Line::new("転出", "C1").csv();
    // Missing column.
    let h = header().replace(",在留期間満了日", "");
    let line = good.replacen(",,,,", ",,,", 1);
    let errs = parse_resident_changes(format!("{h}{line}\n").as_bytes(), Encoding::Auto).unwrap_err();
    assert_eq!(positions(&errs), [(1, Some("在留期間満了日".to_owned()))]);
    assert!(errs.errors()[0].message.contains("必須の列「在留期間満了日」"));

    // Unknown column.
    let h = header().replace("住所\n", "住所,備考\n");
    let errs = parse_resident_changes(format!("{h}{good},x\n").as_bytes(), Encoding::Auto).unwrap_err();
    assert_eq!(positions(&errs), [(1, None)]);
    assert!(
        errs.errors()[0]
            .message
            .contains("17列目の見出し「備考」は知らない列です")
    );

    // Duplicate column.
    let h = header().replace("住所\n", "住所,氏名\n");
    let errs = parse_resident_changes(format!("{h}{good},x\n").as_bytes(), Encoding::Auto).unwrap_err();
    assert!(errs.errors()[0].message.contains("重複"));

    // Empty file.
    let errs = parse_resident_changes(b"", Encoding::Auto).unwrap_err();
    assert_eq!(errs.errors()[0].line, 1);
    assert!(errs.errors()[0].message.contains("見出し行がありません"));

    // Header only: no changes, no error.
    assert_eq!(
        parse_resident_changes(header().as_bytes(), Encoding::Auto).unwrap(),
        vec![]
    );
}

#[test]
fn english_codes_and_any_column_order() {
    let codes = [
        "address",
        "postal_code",
        "stay_until",
        "nationality",
        "sex",
        "birth_date",
        "name_kana",
        "name",
        "relationship",
        "is_head",
        "household_no",
        "resident_no",
        "notified_on",
        "effective_on",
        "kind",
        "change_id",
    ];
    let line = Line::new("転入", "C1").csv();
    let reversed: Vec<String> = split_csv(&line).into_iter().rev().collect();
    let text = format!("{}\n{}\n", codes.join(","), reversed.join(","));
    let a = parse_resident_changes(text.as_bytes(), Encoding::Auto).unwrap();
    let b = parse_resident_changes(file(&[Line::new("転入", "C1")]).as_bytes(), Encoding::Auto).unwrap();
    assert_eq!(a, b);
}

/// Splits a fixture line that has no quoted fields.
fn split_csv(line: &str) -> Vec<String> {
    assert!(!line.contains('"'));
    line.split(',').map(str::to_owned).collect()
}

#[test]
fn duplicate_change_id_is_rejected() {
    let text = file(&[
        Line::new("転出", "C1"),
        Line::new("死亡", "C2"),
        Line::new("死亡", "C1"),
    ]);
    let errs = parse_resident_changes(text.as_bytes(), Encoding::Auto).unwrap_err();
    assert_eq!(positions(&errs), [(4, Some("異動番号".to_owned()))]);
    assert!(errs.errors()[0].message.contains("2行目と同じ"));
}

#[test]
fn names_are_kept_exactly() {
    // U+F929 (朗, a CJK compatibility ideograph) must not become U+6717; 𠮷 is outside the BMP.
    let name = "\u{F929}田　𠮷男";
    let text = file(&[Line::new("転入", "C1")
        .set("氏名", &format!("　{name} "))
        .set("住所", "倉敷市　髙島")]);
    let c = parse_resident_changes(text.as_bytes(), Encoding::Auto).unwrap();
    let p = c[0].person.as_ref().unwrap();
    assert_eq!(p.name.name, name);
    assert!(p.name.name.starts_with('\u{F929}'));
    assert_eq!(c[0].address.as_ref().unwrap().line, "倉敷市　髙島");
}

#[test]
fn all_or_nothing_and_the_error_cap() {
    // One bad line among good ones rejects the file and reports only that line.
    let mut lines: Vec<Line> = (0..50).map(|i| Line::new("転出", &format!("C{i}"))).collect();
    lines[30] = lines[30].clone().set("異動日", "");
    let errs = parse_resident_changes(file(&lines).as_bytes(), Encoding::Auto).unwrap_err();
    assert_eq!(positions(&errs), [(32, Some("異動日".to_owned()))]);

    // 1,500 bad lines: 1,000 reported, the rest counted.
    let lines: Vec<Line> = (0..1_500)
        .map(|i| Line::new("転出", &format!("C{i}")).set("世帯主", "x"))
        .collect();
    let errs = parse_resident_changes(file(&lines).as_bytes(), Encoding::Auto).unwrap_err();
    assert_eq!(errs.errors().len(), MAX_REPORTED_ERRORS);
    assert_eq!(errs.omitted(), 500);
    assert_eq!(errs.errors().last().unwrap().line, 1_001);
    assert!(errs.summary().contains("エラー 1,500件"), "{}", errs.summary());
    assert!(errs.to_string().contains("ほか500件のエラーは省略しました"));
}

#[test]
fn streaming_reader_yields_each_record() {
    let text = file(&[
        Line::new("転出", "C1"),
        Line::new("転出", "C2").set("異動日", "x"),
        Line::new("死亡", "C3"),
    ]);
    let items: Vec<_> = ResidentChangeReader::new(text.as_bytes(), Encoding::Auto)
        .unwrap()
        .collect();
    assert_eq!(items.len(), 3);
    assert!(items[0].is_ok() && items[1].is_err() && items[2].is_ok());
    assert_eq!(items[2].as_ref().unwrap().line, 4, "records carry their physical line");
    assert_eq!(items[1].as_ref().unwrap_err()[0].line, 3);
}

#[test]
fn utf16_and_misdetected_files_are_explained() {
    let errs = parse_resident_changes(b"\xFF\xFE\x70\x75", Encoding::Auto).unwrap_err();
    assert!(errs.errors()[0].message.contains("UTF-16"));

    // A UTF-8 file with one broken byte falls back to Shift_JIS under Auto; the header then makes
    // no sense and the errors say where the UTF-8 broke.
    let mut bytes = file(&[Line::new("転出", "C1")]).into_bytes();
    let offset = bytes.len() - 1;
    bytes.insert(offset, 0xFF);
    let errs = parse_resident_changes(&bytes, Encoding::Auto).unwrap_err();
    assert!(
        errs.to_string().contains(&format!(
            "2行目: 文字コードをShift_JISと判定しました。UTF-8のファイルであれば、バイト位置 {offset} \
             にUTF-8として不正なバイトがあります"
        )),
        "{errs}"
    );
}

#[test]
fn blank_and_empty_rows_are_skipped() {
    let text = format!(
        "{}\n{}\n\n,,,,,,,,,,,,,,,\n{}\n\n",
        header().trim_end(),
        Line::new("転出", "C1").csv(),
        Line::new("転出", "C2").csv()
    );
    assert_eq!(
        parse_resident_changes(text.as_bytes(), Encoding::Auto).unwrap().len(),
        2
    );
}

#[test]
fn large_files_cross_decoder_chunks_with_exact_lines() {
    // ~5,000 lines (~700 KB) so that records and multi-byte characters straddle the decoder's
    // 64 KiB pieces.
    let mut lines: Vec<Line> = (0..5_000)
        .map(|i| {
            Line::new("転入", &format!("C{i}"))
                .set("氏名", "髙橋　～一郎")
                .set("住所", "倉敷市,\"本町\"")
        })
        .collect();
    let text = file(&lines);
    let utf8 = parse_resident_changes(text.as_bytes(), Encoding::Auto).unwrap();
    assert_eq!(utf8.len(), 5_000);
    assert_eq!(parse_resident_changes(&sjis(&text), Encoding::Auto).unwrap(), utf8);

    lines[4_321] = lines[4_321].clone().set("生年月日", "2026-02-30");
    let text = file(&lines);
    for bytes in [text.as_bytes().to_vec(), sjis(&text)] {
        let errs = parse_resident_changes(&bytes, Encoding::Auto).unwrap_err();
        assert_eq!(positions(&errs), [(4_323, Some("生年月日".to_owned()))]);
    }
}
