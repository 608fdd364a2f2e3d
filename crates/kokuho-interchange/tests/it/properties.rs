//! Property tests: writer → parser round trips for generated valid records, and fuzz-style
//! "never panics" checks on arbitrary and near-valid bytes.

use kokuho_domain::Date;
use kokuho_domain::assessment::income::IncomeRecord;
use kokuho_domain::eligibility::resident::{
    Address, PersonName, PersonRecord, ResidentChange, ResidentChangeKind, Sex,
};
use kokuho_domain::kernel::ids::{HouseholdNo, ResidentNo};
use kokuho_domain::kernel::money::Yen;
use kokuho_interchange::{
    Encoding, decode, encode_shift_jis, parse_incomes, parse_resident_changes, write_incomes, write_resident_changes,
};
use proptest::prelude::*;

fn date_in(from_year: i16, to_year: i16) -> impl Strategy<Value = Date> {
    (from_year..=to_year, 1i8..=12, 1i8..=28).prop_map(|(y, m, d)| Date::new(y, m, d).unwrap())
}

fn digits(min: usize, max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::char::range('0', '9'), min..=max).prop_map(|v| v.into_iter().collect())
}

/// Text as registered: kanji incl. compatibility ideographs and non-BMP, kana, Latin, and the
/// CSV-special characters comma and quote. No spaces at the ends (the reader trims them).
fn registered_text(max: usize) -> impl Strategy<Value = String> {
    let chars = prop_oneof![
        proptest::sample::select(vec![
            '山', '田', '髙', '橋', '﨑', '\u{F929}', '𠮷', '～', '〜', 'ア', 'ｱ', 'x', 'Z', '1', ',', '"', '・', '-',
            '（', '）', '①', '㈱',
        ]),
        proptest::char::range('\u{4E00}', '\u{9FFF}'),
    ];
    let edge = proptest::sample::select(vec!['山', '田', '髙', '\u{F929}', '𠮷', 'A', ',', '"']);
    let inner = proptest::collection::vec(prop_oneof![chars, Just('　'), Just(' ')], 0..max.saturating_sub(2));
    (edge.clone(), inner, proptest::option::of(edge)).prop_map(|(a, mid, b)| {
        let mut s = String::new();
        s.push(a);
        s.extend(mid);
        if let Some(b) = b {
            s.push(b);
        }
        s.trim_end_matches([' ', '\u{3000}']).to_owned()
    })
}

fn kana(max: usize) -> impl Strategy<Value = String> {
    let kana = prop_oneof![
        proptest::char::range('ア', 'ヶ'),
        proptest::char::range('ぁ', 'ゖ'),
        Just('ー')
    ];
    (
        proptest::char::range('ア', 'ン'),
        proptest::collection::vec(prop_oneof![kana, Just('　')], 0..max),
    )
        .prop_map(|(first, rest)| {
            let mut s = String::from(first);
            s.extend(rest);
            s.trim_end_matches([' ', '　']).to_owned()
        })
}

fn change_id() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            proptest::char::range('A', 'Z'),
            proptest::char::range('0', '9'),
            Just('-'),
            Just('_')
        ],
        1..=40,
    )
    .prop_map(|v| v.into_iter().collect())
}

fn person(effective_on: Date, birth: bool) -> impl Strategy<Value = PersonRecord> {
    (
        registered_text(60),
        kana(20),
        date_in(1900, 2025),
        prop_oneof![Just(Sex::Male), Just(Sex::Female)],
        proptest::option::of((registered_text(20), proptest::option::of(date_in(2026, 2035)))),
    )
        .prop_map(move |(name, kana, born, sex, foreign)| {
            let birth_date = if birth { effective_on } else { born.min(effective_on) };
            let (nationality, stay_until) = match foreign {
                Some((n, stay)) if n != "日本" => (Some(n), stay),
                _ => (None, None),
            };
            PersonRecord {
                name: PersonName { name, kana },
                birth_date,
                sex,
                nationality,
                stay_until,
            }
        })
}

fn address() -> impl Strategy<Value = Address> {
    (digits(7, 7), registered_text(120)).prop_map(|(postal_code, line)| Address { postal_code, line })
}

prop_compose! {
    fn resident_change()(
        kind in proptest::sample::select(ResidentChangeKind::ALL.to_vec()),
        d1 in date_in(2000, 2030),
        d2 in date_in(2000, 2030),
    )(
        kind in Just(kind),
        // 届出日 is on or after 異動日, except that 転出 may be notified in advance.
        effective_on in Just(if kind == ResidentChangeKind::MoveOut { d1 } else { d1.min(d2) }),
        notified_on in Just(if kind == ResidentChangeKind::MoveOut { d2 } else { d1.max(d2) }),
        change_id in change_id(),
        resident_no in digits(1, 15),
        household_no in digits(1, 15),
        is_head in any::<bool>(),
        relationship in proptest::option::of(registered_text(20)),
        person in proptest::option::of(
            person(if kind == ResidentChangeKind::MoveOut { d1 } else { d1.min(d2) }, kind == ResidentChangeKind::Birth)
        ),
        address in proptest::option::of(address()),
    ) -> ResidentChange {
        let needs_person = matches!(kind,
            ResidentChangeKind::MoveIn | ResidentChangeKind::Birth
            | ResidentChangeKind::NonResidentRegistration | ResidentChangeKind::NameChange);
        let needs_address = matches!(kind,
            ResidentChangeKind::MoveIn | ResidentChangeKind::AddressChange
            | ResidentChangeKind::Birth | ResidentChangeKind::NonResidentRegistration);
        let fallback_person = PersonRecord {
            name: PersonName { name: "山田太郎".into(), kana: "ヤマダタロウ".into() },
            birth_date: effective_on,
            sex: Sex::Male,
            nationality: None,
            stay_until: None,
        };
        let fallback_address = Address { postal_code: "7108565".into(), line: "倉敷市".into() };
        ResidentChange {
            change_id,
            kind,
            effective_on,
            notified_on,
            resident_no: ResidentNo::parse(&resident_no).unwrap(),
            household_no: HouseholdNo::parse(&household_no).unwrap(),
            is_head,
            relationship: relationship.unwrap_or_default(),
            person: if needs_person { Some(person.unwrap_or(fallback_person)) } else { person },
            address: if needs_address { Some(address.unwrap_or(fallback_address)) } else { address },
        }
    }
}

fn amount(allow_negative: bool) -> impl Strategy<Value = Yen> {
    let min = if allow_negative { -100_000_000_000i64 } else { 0 };
    prop_oneof![Just(0i64), 0i64..10_000_000, min..=100_000_000_000].prop_map(Yen::new)
}

prop_compose! {
    fn income_record()(
        resident_no in digits(1, 15),
        year in 1950i32..=2100,
        a in proptest::array::uniform7(amount(false)),
        other in amount(true),
        tax_exempt in any::<bool>(),
        undeclared in any::<bool>(),
    ) -> IncomeRecord {
        let zero = undeclared;
        let pick = |y: Yen| if zero { Yen::ZERO } else { y };
        IncomeRecord {
            resident_no: ResidentNo::parse(&resident_no).unwrap(),
            year,
            salary_revenue: pick(a[0]),
            pension_revenue: pick(a[1]),
            other_income: pick(other),
            separate_income: pick(a[2]),
            separate_special_deduction: pick(a[3]),
            family_employee_pay: pick(a[4]),
            taxable_income: pick(a[5]),
            tax_exempt,
            undeclared,
        }
    }
}

proptest! {
    // Case count: proptest's default (256) or PROPTEST_CASES.
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn resident_changes_round_trip(changes in proptest::collection::vec(resident_change(), 0..12)) {
        // Make 異動番号 unique within the file.
        let changes: Vec<ResidentChange> = changes
            .into_iter()
            .enumerate()
            .map(|(i, mut c)| {
                c.change_id = format!("{i}-{}", c.change_id).chars().take(40).collect();
                c
            })
            .collect();
        for c in &changes {
            prop_assert!(c.validate().is_empty(), "generator made an invalid change: {:?}", c.validate());
        }
        let text = write_resident_changes(&changes);
        let back = parse_resident_changes(text.as_bytes(), Encoding::Auto);
        prop_assert_eq!(back.as_ref().map_err(ToString::to_string), Ok(&changes));
        // The same file in Shift_JIS, when every character has a code.
        if let Ok(bytes) = encode_shift_jis(&text) {
            let back = parse_resident_changes(&bytes, Encoding::ShiftJis);
            prop_assert_eq!(back.map_err(|e| e.to_string()), Ok(changes));
        }
    }

    #[test]
    fn incomes_round_trip(records in proptest::collection::vec(income_record(), 0..12)) {
        let records: Vec<IncomeRecord> = records
            .into_iter()
            .enumerate()
            .map(|(i, mut r)| {
                r.year = 1950 + i32::try_from(i).unwrap();
                r
            })
            .collect();
        let text = write_incomes(&records);
        let back = parse_incomes(text.as_bytes(), Encoding::Auto);
        prop_assert_eq!(back.map_err(|e| e.to_string()), Ok(records));
    }

    #[test]
    fn shift_jis_encoding_round_trips(s in "\\PC{0,40}") {
        if let Ok(bytes) = encode_shift_jis(&s) {
            let decoded = decode(&bytes, Encoding::ShiftJis).unwrap();
            prop_assert_eq!(decoded.text.as_ref(), s.as_str());
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        for encoding in [Encoding::Auto, Encoding::Utf8, Encoding::ShiftJis] {
            let _ = decode(&bytes, encoding);
            let _ = parse_resident_changes(&bytes, encoding);
            let _ = parse_incomes(&bytes, encoding);
        }
    }

    /// Near-valid files: a real header followed by lines assembled from CSV-significant pieces,
    /// so that the fuzzer reaches the field and rule code, not only the header check.
    #[test]
    fn near_valid_files_never_panic_and_accept_only_valid_records(
        lines in proptest::collection::vec(
            proptest::collection::vec(
                prop_oneof![
                    Just(",".to_owned()), Just("\"".to_owned()), Just("\r\n".to_owned()),
                    Just("\n".to_owned()), Just("\r".to_owned()), Just("転入".to_owned()),
                    Just("2026-04-01".to_owned()), Just("R8.4.1".to_owned()), Just("100001".to_owned()),
                    Just("山田".to_owned()), Just("ヤマダ".to_owned()), Just("男".to_owned()),
                    Just("1".to_owned()), Just("7108565".to_owned()), Just("\u{FEFF}".to_owned()),
                    Just("\"1,000\"".to_owned()), Just("-".to_owned()), Just("\u{3000}".to_owned()),
                    "\\PC{0,3}",
                ],
                0..40,
            ),
            0..8,
        ),
        shift_jis in any::<bool>(),
    ) {
        let body: String = lines.iter().map(|l| l.concat() + "\n").collect();
        let resident = format!("{}{body}", crate::support::header());
        let income = format!("宛名番号,所得年,給与収入,公的年金等収入,事業等所得,分離課税所得,譲渡特別控除額,専従者給与額,課税所得,住民税非課税,未申告\n{body}");
        for text in [&resident, &income] {
            let bytes = if shift_jis {
                let (b, _, _) = encoding_rs::SHIFT_JIS.encode(text);
                b.into_owned()
            } else {
                text.clone().into_bytes()
            };
            if let Ok(changes) = parse_resident_changes(&bytes, Encoding::Auto) {
                for c in changes {
                    prop_assert!(c.validate().is_empty());
                }
            }
            if let Ok(records) = parse_incomes(&bytes, Encoding::Auto) {
                for r in records {
                    prop_assert!(r.validate().is_empty());
                }
            }
        }
    }
}
