//! 所得 CSV.

use kokuho_domain::kernel::money::Yen;
use kokuho_interchange::{Encoding, IncomeReader, UsedEncoding, parse_incomes, write_incomes};

use crate::support::{positions, sjis};

const HEADER: &str = "宛名番号,所得年,給与収入,公的年金等収入,事業等所得,分離課税所得,譲渡特別控除額,専従者給与額,課税所得,住民税非課税,未申告\n";

fn file(lines: &[&str]) -> String {
    let mut s = HEADER.to_owned();
    for l in lines {
        s.push_str(l);
        s.push_str("\r\n");
    }
    s
}

#[test]
fn a_typical_file() {
    let text = file(&[
        "100001,2025,\"4,500,000\",0,,,,,\"2,100,000\",0,0",
        "100002,2025,,\"1,800,000\",-350000,1200000,500000,600000,0,1,",
        "100003,2025,0,0,0,0,0,0,0,0,1",
    ]);
    let records = parse_incomes(text.as_bytes(), Encoding::Auto).unwrap();
    assert_eq!(records.len(), 3);
    let a = &records[0];
    assert_eq!(a.resident_no.as_str(), "100001");
    assert_eq!(a.year, 2025);
    assert_eq!(a.salary_revenue, Yen::new(4_500_000));
    assert_eq!(a.pension_revenue, Yen::ZERO);
    assert_eq!(a.other_income, Yen::ZERO, "empty amount is 0");
    assert_eq!(a.taxable_income, Yen::new(2_100_000));
    assert!(!a.tax_exempt && !a.undeclared);
    let b = &records[1];
    assert_eq!(b.other_income, Yen::new(-350_000), "事業等所得 may be a loss");
    assert_eq!(
        (
            b.pension_revenue,
            b.separate_income,
            b.separate_special_deduction,
            b.family_employee_pay
        ),
        (
            Yen::new(1_800_000),
            Yen::new(1_200_000),
            Yen::new(500_000),
            Yen::new(600_000)
        )
    );
    assert!(b.tax_exempt && !b.undeclared);
    assert!(records[2].undeclared);

    let written = write_incomes(&records);
    assert!(written.starts_with(HEADER.trim_end()));
    assert_eq!(parse_incomes(written.as_bytes(), Encoding::Auto).unwrap(), records);

    let shift_jis = sjis(&text);
    let reader = IncomeReader::new(&shift_jis, Encoding::Auto).unwrap();
    assert_eq!(reader.encoding(), UsedEncoding::ShiftJis);
    assert_eq!(parse_incomes(&shift_jis, Encoding::ShiftJis).unwrap(), records);
}

#[test]
fn every_field_bad_value_has_its_own_error() {
    let cases = [
        ("宛名番号", "10000a,2025,0,0,0,0,0,0,0,0,0"),
        ("所得年", "100002,令和7,0,0,0,0,0,0,0,0,0"),
        ("給与収入", "100003,2025,-1,0,0,0,0,0,0,0,0"),
        ("公的年金等収入", "100004,2025,0,\"1,80,000\",0,0,0,0,0,0,0"),
        ("事業等所得", "100005,2025,0,0,1.5,0,0,0,0,0,0"),
        ("分離課税所得", "100006,2025,0,0,0,-5,0,0,0,0,0"),
        ("譲渡特別控除額", "100007,2025,0,0,0,0,１２,0,0,0,0"),
        ("専従者給与額", "100008,2025,0,0,0,0,0,99999999999999999999,0,0,0"),
        ("課税所得", "100009,2025,0,0,0,0,0,0,200000000000,0,0"),
        ("住民税非課税", "100010,2025,0,0,0,0,0,0,0,2,0"),
        ("未申告", "100011,2025,0,0,0,0,0,0,0,0,yes"),
        ("所得年", "100012,1900,0,0,0,0,0,0,0,0,0"),
        ("未申告", "100013,2025,100,0,0,0,0,0,0,0,1"),
    ];
    let lines: Vec<&str> = cases.iter().map(|(_, l)| *l).collect();
    let errs = parse_incomes(file(&lines).as_bytes(), Encoding::Auto).unwrap_err();
    let expected: Vec<(usize, Option<String>)> = cases
        .iter()
        .enumerate()
        .map(|(i, (c, _))| (i + 2, Some((*c).to_owned())))
        .collect();
    assert_eq!(positions(&errs), expected, "{errs}");
}

#[test]
fn commas_only_inside_quotes() {
    // Unquoted, the comma splits the field: the column count no longer matches.
    let errs = parse_incomes(
        file(&["100001,2025,4,500,000,0,0,0,0,0,0,0,0"]).as_bytes(),
        Encoding::Auto,
    )
    .unwrap_err();
    assert_eq!(positions(&errs), [(2, None)]);
    assert!(errs.errors()[0].message.contains("列の数"));
}

#[test]
fn duplicate_resident_and_year_is_rejected() {
    let text = file(&[
        "100001,2025,0,0,0,0,0,0,0,0,0",
        "100001,2024,0,0,0,0,0,0,0,0,0",
        "１０００01,2025,0,0,0,0,0,0,0,0,0",
    ]);
    let errs = parse_incomes(text.as_bytes(), Encoding::Auto).unwrap_err();
    assert_eq!(positions(&errs), [(4, None)], "{errs}");
    assert!(errs.errors()[0].message.contains("2行目と同じ"));
}

#[test]
fn header_must_name_every_column() {
    let h = HEADER.replace(",課税所得", "");
    let errs = parse_incomes(format!("{h}100001,2025,0,0,0,0,0,0,0,0\n").as_bytes(), Encoding::Auto).unwrap_err();
    assert_eq!(positions(&errs), [(1, Some("課税所得".to_owned()))]);

    let codes = "undeclared,tax_exempt,taxable_income,family_employee_pay,separate_special_deduction,\
                 separate_income,other_income,pension_revenue,salary_revenue,year,resident_no\n";
    let text = format!("{codes}0,1,0,0,0,0,0,0,1000,2025,100001\n");
    let r = parse_incomes(text.as_bytes(), Encoding::Auto).unwrap();
    assert_eq!(r[0].salary_revenue, Yen::new(1000));
    assert!(r[0].tax_exempt);
}
