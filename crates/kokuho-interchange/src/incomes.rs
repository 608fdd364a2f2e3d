//! 所得ファイル: the CSV layout of per-person incomes sent by the tax system (税務システム).
//!
//! Documented for users in `docs/interchange/incomes.md`. A header row naming all 11 columns
//! (Japanese names or English codes, any order), one [`IncomeRecord`] per record, UTF-8 (BOM
//! optional) or Shift_JIS, all or nothing, and one record per (宛名番号, 所得年) per file.

use std::collections::HashMap;

use kokuho_domain::assessment::income::IncomeRecord;
use kokuho_domain::kernel::ids::ResidentNo;
use kokuho_domain::kernel::money::Yen;

use crate::error::{ImportErrors, LineError, Located};
use crate::fields;
use crate::table::{self, Column, Header, RawRecord, TableReader};
use crate::text::{Encoding, UsedEncoding};

/// 所得ファイルの列.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IncomeColumn {
    /// 宛名番号 (`resident_no`)
    ResidentNo,
    /// 所得年 (`year`)
    Year,
    /// 給与収入 (`salary_revenue`)
    SalaryRevenue,
    /// 公的年金等収入 (`pension_revenue`)
    PensionRevenue,
    /// 事業等所得 (`other_income`)
    OtherIncome,
    /// 分離課税所得 (`separate_income`)
    SeparateIncome,
    /// 譲渡特別控除額 (`separate_special_deduction`)
    SeparateSpecialDeduction,
    /// 専従者給与額 (`family_employee_pay`)
    FamilyEmployeePay,
    /// 課税所得 (`taxable_income`)
    TaxableIncome,
    /// 住民税非課税 (`tax_exempt`)
    TaxExempt,
    /// 未申告 (`undeclared`)
    Undeclared,
}

use IncomeColumn as Col;

impl IncomeColumn {
    /// Every column in the documented order (the order [`write_incomes`] uses).
    pub const ALL: [IncomeColumn; 11] = [
        Col::ResidentNo,
        Col::Year,
        Col::SalaryRevenue,
        Col::PensionRevenue,
        Col::OtherIncome,
        Col::SeparateIncome,
        Col::SeparateSpecialDeduction,
        Col::FamilyEmployeePay,
        Col::TaxableIncome,
        Col::TaxExempt,
        Col::Undeclared,
    ];

    /// The amount columns, in order.
    pub const AMOUNTS: [IncomeColumn; 7] = [
        Col::SalaryRevenue,
        Col::PensionRevenue,
        Col::OtherIncome,
        Col::SeparateIncome,
        Col::SeparateSpecialDeduction,
        Col::FamilyEmployeePay,
        Col::TaxableIncome,
    ];

    /// 見出し (Japanese header name).
    pub fn japanese_name(self) -> &'static str {
        match self {
            Col::ResidentNo => "宛名番号",
            Col::Year => "所得年",
            Col::SalaryRevenue => "給与収入",
            Col::PensionRevenue => "公的年金等収入",
            Col::OtherIncome => "事業等所得",
            Col::SeparateIncome => "分離課税所得",
            Col::SeparateSpecialDeduction => "譲渡特別控除額",
            Col::FamilyEmployeePay => "専従者給与額",
            Col::TaxableIncome => "課税所得",
            Col::TaxExempt => "住民税非課税",
            Col::Undeclared => "未申告",
        }
    }

    /// English code (accepted as header; same as the domain's field names).
    pub fn code(self) -> &'static str {
        match self {
            Col::ResidentNo => "resident_no",
            Col::Year => "year",
            Col::SalaryRevenue => "salary_revenue",
            Col::PensionRevenue => "pension_revenue",
            Col::OtherIncome => "other_income",
            Col::SeparateIncome => "separate_income",
            Col::SeparateSpecialDeduction => "separate_special_deduction",
            Col::FamilyEmployeePay => "family_employee_pay",
            Col::TaxableIncome => "taxable_income",
            Col::TaxExempt => "tax_exempt",
            Col::Undeclared => "undeclared",
        }
    }
}

impl Column for IncomeColumn {
    const ALL: &'static [Self] = &IncomeColumn::ALL;
    fn ja(self) -> &'static str {
        self.japanese_name()
    }
    fn code(self) -> &'static str {
        IncomeColumn::code(self)
    }
}

/// Reads a whole 所得 file, all or nothing.
///
/// # Errors
///
/// [`ImportErrors`] listing every bad line if anything is wrong: encoding, structure, header, a
/// field, a rule of [`IncomeRecord::validate`], or a (宛名番号, 所得年) that occurs twice.
pub fn parse_incomes(bytes: &[u8], encoding: Encoding) -> Result<Vec<IncomeRecord>, ImportErrors> {
    Ok(parse_incomes_located(bytes, encoding)?
        .into_iter()
        .map(|r| r.value)
        .collect())
}

/// Like [`parse_incomes`], keeping each record's line for later checks.
///
/// # Errors
///
/// As [`parse_incomes`].
pub fn parse_incomes_located(bytes: &[u8], encoding: Encoding) -> Result<Vec<Located<IncomeRecord>>, ImportErrors> {
    crate::error::collect_all(IncomeReader::new(bytes, encoding)?)
}

/// Streaming form of [`parse_incomes`]: one item per data record, in file order.
pub struct IncomeReader<'a> {
    table: TableReader<'a, Col>,
    seen: HashMap<(String, String), usize>,
}

impl<'a> IncomeReader<'a> {
    /// Chooses the encoding and reads the header.
    ///
    /// # Errors
    ///
    /// [`ImportErrors`] if the file is empty or the header is wrong.
    pub fn new(bytes: &'a [u8], encoding: Encoding) -> Result<Self, ImportErrors> {
        let table = TableReader::new(bytes, encoding).map_err(ImportErrors::from)?;
        Ok(Self {
            table,
            seen: HashMap::new(),
        })
    }

    /// The encoding being used.
    pub fn encoding(&self) -> UsedEncoding {
        self.table.encoding()
    }
}

impl Iterator for IncomeReader<'_> {
    type Item = Result<Located<IncomeRecord>, Vec<LineError>>;

    fn next(&mut self) -> Option<Self::Item> {
        let raw = match self.table.next_record()? {
            Ok(raw) => raw,
            Err(errors) => return Some(Err(errors)),
        };
        let header = self.table.header();
        let result = read_income(header, &raw);
        let mut errors = match result {
            Ok(ref record) => {
                // Key on the parsed (normalised) 宛名番号 so that full-width digits do not hide a
                // duplicate.
                let key = (record.resident_no.as_str().to_owned(), record.year.to_string());
                if let Some(&first) = self.seen.get(&key) {
                    vec![LineError::new(
                        raw.line,
                        None,
                        format!("同じ宛名番号・所得年の行が重複しています（{first}行目と同じ）"),
                    )]
                } else {
                    self.seen.insert(key, raw.line);
                    Vec::new()
                }
            }
            Err(_) => Vec::new(),
        };
        match result {
            Ok(record) if errors.is_empty() => Some(Ok(Located {
                line: raw.line,
                value: record,
            })),
            Ok(_) => Some(Err(errors)),
            Err(mut more) => {
                errors.append(&mut more);
                Some(Err(errors))
            }
        }
    }
}

fn read_income(header: &Header<Col>, raw: &RawRecord) -> Result<IncomeRecord, Vec<LineError>> {
    let get = |c: Col| header.field(raw, c);
    let mut errors = Vec::new();
    let mut add = |c: Col, m: String| errors.push(LineError::new(raw.line, Some(c.japanese_name()), m));
    for column in Col::ALL {
        if let Some(position) = fields::invisible_position(get(column)) {
            add(
                column,
                format!("制御文字または見えない文字が含まれています（{position}文字目）"),
            );
        }
    }
    let resident_no = ResidentNo::parse(get(Col::ResidentNo))
        .map_err(|e| add(Col::ResidentNo, e.to_string()))
        .ok();
    let year = parse_year(get(Col::Year)).map_err(|m| add(Col::Year, m)).ok();
    let mut amounts = [Yen::ZERO; 7];
    for (slot, column) in amounts.iter_mut().zip(Col::AMOUNTS) {
        match fields::amount(get(column)) {
            Ok(v) => *slot = Yen::new(v),
            Err(m) => add(column, m),
        }
    }
    let tax_exempt = fields::flag(get(Col::TaxExempt))
        .map_err(|m| add(Col::TaxExempt, m))
        .ok();
    let undeclared = fields::flag(get(Col::Undeclared))
        .map_err(|m| add(Col::Undeclared, m))
        .ok();
    let [salary, pension, other, separate, deduction, family, taxable] = amounts;
    match (resident_no, year, tax_exempt, undeclared) {
        (Some(resident_no), Some(year), Some(tax_exempt), Some(undeclared)) if errors.is_empty() => {
            let record = IncomeRecord {
                resident_no,
                year,
                salary_revenue: salary,
                pension_revenue: pension,
                other_income: other,
                separate_income: separate,
                separate_special_deduction: deduction,
                family_employee_pay: family,
                taxable_income: taxable,
                tax_exempt,
                undeclared,
            };
            for p in record.validate() {
                let field = Col::by_code(p.field).map(Col::japanese_name);
                errors.push(LineError::new(raw.line, field, p.message));
            }
            if errors.is_empty() { Ok(record) } else { Err(errors) }
        }
        _ => Err(errors),
    }
}

/// 所得年: four ASCII digits (西暦).
fn parse_year(s: &str) -> Result<i32, String> {
    if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().map_err(|_| YEAR_MESSAGE.to_owned())
    } else if s.is_empty() {
        Err("所得年が入力されていません".to_owned())
    } else {
        Err(YEAR_MESSAGE.to_owned())
    }
}

const YEAR_MESSAGE: &str = "所得年は西暦4桁の半角数字で指定してください（例: 2025）";

/// Writes incomes in the documented layout: UTF-8 without BOM, CRLF, Japanese header names,
/// amounts as plain integers (no separators), flags as `1`/`0`. Reads back to equal records.
pub fn write_incomes(records: &[IncomeRecord]) -> String {
    let mut out = String::with_capacity(64 + records.len() * 64);
    table::push_record(&mut out, Col::ALL.iter().map(|c| c.japanese_name()));
    for r in records {
        let amounts = [
            r.salary_revenue,
            r.pension_revenue,
            r.other_income,
            r.separate_income,
            r.separate_special_deduction,
            r.family_employee_pay,
            r.taxable_income,
        ]
        .map(|y| y.value().to_string());
        let year = r.year.to_string();
        let flag = |b: bool| if b { "1" } else { "0" };
        let [a0, a1, a2, a3, a4, a5, a6] = &amounts;
        table::push_record(
            &mut out,
            [
                r.resident_no.as_str(),
                &year,
                a0,
                a1,
                a2,
                a3,
                a4,
                a5,
                a6,
                flag(r.tax_exempt),
                flag(r.undeclared),
            ],
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years() {
        assert_eq!(parse_year("2025"), Ok(2025));
        for bad in ["", "25", "R7", "２０２５", "20250", "-202"] {
            assert!(parse_year(bad).is_err(), "{bad}");
        }
    }
}
