//! 住民異動ファイル: the CSV layout of resident-register changes sent by the 住基 system.
//!
//! The layout is documented for users in `docs/interchange/resident-changes.md`; this module is
//! its implementation. In short: a header row naming all 16 columns (Japanese names or English
//! codes, any order), one [`ResidentChange`] per record, UTF-8 (BOM optional) or Shift_JIS, and
//! **all or nothing**: one bad line rejects the file, and every bad line is reported.

use std::collections::HashMap;

use kokuho_domain::eligibility::resident::{
    Address, FieldProblem, PersonName, PersonRecord, ResidentChange, ResidentChangeKind, Sex,
};
use kokuho_domain::kernel::ids::{HouseholdNo, ResidentNo};

use crate::error::{ImportErrors, LineError, Located};
use crate::fields;
use crate::table::{self, Column, Header, RawRecord, TableReader};
use crate::text::{Encoding, UsedEncoding};

/// 住民異動ファイルの列.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResidentChangeColumn {
    /// 異動番号 (`change_id`)
    ChangeId,
    /// 異動種別 (`kind`)
    Kind,
    /// 異動日 (`effective_on`)
    EffectiveOn,
    /// 届出日 (`notified_on`)
    NotifiedOn,
    /// 宛名番号 (`resident_no`)
    ResidentNo,
    /// 世帯番号 (`household_no`)
    HouseholdNo,
    /// 世帯主 (`is_head`)
    IsHead,
    /// 続柄 (`relationship`)
    Relationship,
    /// 氏名 (`name`)
    Name,
    /// 氏名カナ (`name_kana`)
    NameKana,
    /// 生年月日 (`birth_date`)
    BirthDate,
    /// 性別 (`sex`)
    Sex,
    /// 国籍 (`nationality`)
    Nationality,
    /// 在留期間満了日 (`stay_until`)
    StayUntil,
    /// 郵便番号 (`postal_code`)
    PostalCode,
    /// 住所 (`address`)
    Address,
}

use ResidentChangeColumn as Col;

impl ResidentChangeColumn {
    /// Every column in the documented order (the order [`write_resident_changes`] uses).
    pub const ALL: [ResidentChangeColumn; 16] = [
        Col::ChangeId,
        Col::Kind,
        Col::EffectiveOn,
        Col::NotifiedOn,
        Col::ResidentNo,
        Col::HouseholdNo,
        Col::IsHead,
        Col::Relationship,
        Col::Name,
        Col::NameKana,
        Col::BirthDate,
        Col::Sex,
        Col::Nationality,
        Col::StayUntil,
        Col::PostalCode,
        Col::Address,
    ];

    /// 見出し (Japanese header name).
    pub fn japanese_name(self) -> &'static str {
        match self {
            Col::ChangeId => "異動番号",
            Col::Kind => "異動種別",
            Col::EffectiveOn => "異動日",
            Col::NotifiedOn => "届出日",
            Col::ResidentNo => "宛名番号",
            Col::HouseholdNo => "世帯番号",
            Col::IsHead => "世帯主",
            Col::Relationship => "続柄",
            Col::Name => "氏名",
            Col::NameKana => "氏名カナ",
            Col::BirthDate => "生年月日",
            Col::Sex => "性別",
            Col::Nationality => "国籍",
            Col::StayUntil => "在留期間満了日",
            Col::PostalCode => "郵便番号",
            Col::Address => "住所",
        }
    }

    /// English code (accepted as header; same as the domain's field names).
    pub fn code(self) -> &'static str {
        match self {
            Col::ChangeId => "change_id",
            Col::Kind => "kind",
            Col::EffectiveOn => "effective_on",
            Col::NotifiedOn => "notified_on",
            Col::ResidentNo => "resident_no",
            Col::HouseholdNo => "household_no",
            Col::IsHead => "is_head",
            Col::Relationship => "relationship",
            Col::Name => "name",
            Col::NameKana => "name_kana",
            Col::BirthDate => "birth_date",
            Col::Sex => "sex",
            Col::Nationality => "nationality",
            Col::StayUntil => "stay_until",
            Col::PostalCode => "postal_code",
            Col::Address => "address",
        }
    }
}

impl Column for ResidentChangeColumn {
    const ALL: &'static [Self] = &ResidentChangeColumn::ALL;
    fn ja(self) -> &'static str {
        self.japanese_name()
    }
    fn code(self) -> &'static str {
        ResidentChangeColumn::code(self)
    }
}

/// Reads a whole 住民異動 file, all or nothing.
///
/// # Errors
///
/// [`ImportErrors`] listing every bad line (up to [`crate::MAX_REPORTED_ERRORS`], the rest
/// counted) if anything is wrong: encoding, structure, header, a field, a rule of
/// [`ResidentChange::validate`], or a 異動番号 that occurs twice.
pub fn parse_resident_changes(bytes: &[u8], encoding: Encoding) -> Result<Vec<ResidentChange>, ImportErrors> {
    Ok(parse_resident_changes_located(bytes, encoding)?
        .into_iter()
        .map(|r| r.value)
        .collect())
}

/// Like [`parse_resident_changes`], keeping each record's line for later checks.
///
/// # Errors
///
/// As [`parse_resident_changes`].
pub fn parse_resident_changes_located(
    bytes: &[u8],
    encoding: Encoding,
) -> Result<Vec<Located<ResidentChange>>, ImportErrors> {
    crate::error::collect_all(ResidentChangeReader::new(bytes, encoding)?)
}

/// Streaming form: yields one item per data record, in file order, without decoding the whole
/// file first (Shift_JIS is decoded chunk by chunk).
///
/// Each item is the change or the errors of that record. The caller decides what to do with a
/// partly bad file; [`parse_resident_changes`] is the all-or-nothing use. Duplicate 異動番号
/// are detected across the whole stream (the ids seen are remembered).
pub struct ResidentChangeReader<'a> {
    table: TableReader<'a, Col>,
    seen: HashMap<String, usize>,
}

impl<'a> ResidentChangeReader<'a> {
    /// Chooses the encoding and reads the header.
    ///
    /// # Errors
    ///
    /// [`ImportErrors`] if the file is empty, the header cannot be read, a column is missing,
    /// unknown or duplicated.
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

impl Iterator for ResidentChangeReader<'_> {
    type Item = Result<Located<ResidentChange>, Vec<LineError>>;

    fn next(&mut self) -> Option<Self::Item> {
        let record = match self.table.next_record()? {
            Ok(record) => record,
            Err(errors) => return Some(Err(errors)),
        };
        let header = self.table.header();
        let mut errors = Vec::new();
        let change_id = header.field(&record, Col::ChangeId);
        if !change_id.is_empty() {
            if let Some(&first) = self.seen.get(change_id) {
                errors.push(LineError::new(
                    record.line,
                    Some(Col::ChangeId.japanese_name()),
                    format!("異動番号が重複しています（{first}行目と同じ）"),
                ));
            } else {
                self.seen.insert(change_id.to_owned(), record.line);
            }
        }
        match read_change(header, &record) {
            Ok(change) if errors.is_empty() => Some(Ok(Located {
                line: record.line,
                value: change,
            })),
            Ok(_) => Some(Err(errors)),
            Err(mut more) => {
                errors.append(&mut more);
                Some(Err(errors))
            }
        }
    }
}

/// Collects the errors of one record.
struct RecordErrors {
    line: usize,
    errors: Vec<LineError>,
}

impl RecordErrors {
    fn add(&mut self, column: Col, message: impl Into<String>) {
        self.errors
            .push(LineError::new(self.line, Some(column.japanese_name()), message));
    }

    fn add_problems(&mut self, problems: Vec<FieldProblem>) {
        for p in problems {
            let field = Col::by_code(p.field).map(Col::japanese_name);
            self.errors.push(LineError::new(self.line, field, p.message));
        }
    }
}

fn read_change(header: &Header<Col>, record: &RawRecord) -> Result<ResidentChange, Vec<LineError>> {
    let get = |c: Col| header.field(record, c);
    let mut e = RecordErrors {
        line: record.line,
        errors: Vec::new(),
    };
    for column in Col::ALL {
        if let Some(position) = fields::invisible_position(get(column)) {
            e.add(
                column,
                format!("制御文字または見えない文字が含まれています（{position}文字目）"),
            );
        }
    }
    if !e.errors.is_empty() {
        return Err(e.errors);
    }

    let kind = match get(Col::Kind) {
        "" => {
            e.add(Col::Kind, "異動種別が入力されていません");
            None
        }
        s => ResidentChangeKind::parse(s).or_else(|| {
            e.add(
                Col::Kind,
                "異動種別が不正です（転入・転出・転居・出生・死亡・世帯分離・世帯合併・世帯主変更・\
                 氏名変更・住登外登録のいずれか、または英語のコード）",
            );
            None
        }),
    };
    let mut required_date = |c: Col| match fields::date(get(c)) {
        Ok(d) => Some(d),
        Err(m) => {
            e.add(c, m);
            None
        }
    };
    let effective_on = required_date(Col::EffectiveOn);
    let notified_on = required_date(Col::NotifiedOn);
    let resident_no = ResidentNo::parse(get(Col::ResidentNo))
        .map_err(|err| e.add(Col::ResidentNo, err.to_string()))
        .ok();
    let household_no = HouseholdNo::parse(get(Col::HouseholdNo))
        .map_err(|err| e.add(Col::HouseholdNo, err.to_string()))
        .ok();
    let is_head = fields::flag(get(Col::IsHead)).map_err(|m| e.add(Col::IsHead, m)).ok();

    let person = read_person(&get, &mut e);
    let address = read_address(&get, &mut e);

    match (
        kind,
        effective_on,
        notified_on,
        resident_no,
        household_no,
        is_head,
        person,
        address,
    ) {
        (
            Some(kind),
            Some(effective_on),
            Some(notified_on),
            Some(resident_no),
            Some(household_no),
            Some(is_head),
            Some(person),
            Some(address),
        ) if e.errors.is_empty() => {
            let change = ResidentChange {
                change_id: get(Col::ChangeId).to_owned(),
                kind,
                effective_on,
                notified_on,
                resident_no,
                household_no,
                is_head,
                relationship: get(Col::Relationship).to_owned(),
                person,
                address,
            };
            e.add_problems(change.validate());
            if e.errors.is_empty() { Ok(change) } else { Err(e.errors) }
        }
        _ => Err(e.errors),
    }
}

/// The person part: `Some(None)` when no personal data is given, `Some(Some(..))` when it is
/// complete, `None` after an error (recorded in `e`).
fn read_person<'r>(get: &impl Fn(Col) -> &'r str, e: &mut RecordErrors) -> Option<Option<PersonRecord>> {
    let core = [Col::Name, Col::BirthDate, Col::Sex];
    let given = core.iter().any(|&c| !get(c).is_empty());
    let before = e.errors.len();
    if !given {
        for c in [Col::NameKana, Col::Nationality, Col::StayUntil] {
            if !get(c).is_empty() {
                e.add(c, "氏名・生年月日・性別を指定しない行には指定できません");
            }
        }
        return (e.errors.len() == before).then_some(None);
    }
    for c in core {
        if get(c).is_empty() {
            e.add(c, "氏名・生年月日・性別はそろえて指定してください");
        }
    }
    let birth_date = match get(Col::BirthDate) {
        "" => None,
        s => fields::date(s).map_err(|m| e.add(Col::BirthDate, m)).ok(),
    };
    let sex = match get(Col::Sex) {
        "" => None,
        s => Sex::parse(s).or_else(|| {
            e.add(Col::Sex, "性別は男・女（または1・2）で指定してください");
            None
        }),
    };
    let stay_until = fields::optional_date(get(Col::StayUntil))
        .map_err(|m| e.add(Col::StayUntil, m))
        .ok()
        .flatten();
    let nationality = match get(Col::Nationality) {
        "" | "日本" => None,
        s => Some(s.to_owned()),
    };
    match (birth_date, sex) {
        (Some(birth_date), Some(sex)) if e.errors.len() == before => Some(Some(PersonRecord {
            name: PersonName {
                name: get(Col::Name).to_owned(),
                kana: get(Col::NameKana).to_owned(),
            },
            birth_date,
            sex,
            nationality,
            stay_until,
        })),
        _ => None,
    }
}

/// The address part, like [`read_person`]: built when a postal code or an address is given.
fn read_address<'r>(get: &impl Fn(Col) -> &'r str, e: &mut RecordErrors) -> Option<Option<Address>> {
    let postal = get(Col::PostalCode);
    let line = get(Col::Address);
    if postal.is_empty() && line.is_empty() {
        return Some(None);
    }
    let postal_code = match postal {
        // Empty with an address: the domain rule reports it on the right column.
        "" => String::new(),
        s => match normalize_postal_code(s) {
            Some(p) => p,
            None => {
                e.add(
                    Col::PostalCode,
                    "郵便番号は7桁の数字で指定してください（123-4567の形も可）",
                );
                return None;
            }
        },
    };
    Some(Some(Address {
        postal_code,
        line: line.to_owned(),
    }))
}

/// `1234567` or `123-4567` → `1234567`.
fn normalize_postal_code(s: &str) -> Option<String> {
    let digits: String = match s.split_once('-') {
        Some((a, b)) if a.len() == 3 && b.len() == 4 => format!("{a}{b}"),
        Some(_) => return None,
        None => s.to_owned(),
    };
    (digits.len() == 7 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// Writes changes in the documented layout: UTF-8 without BOM, CRLF, Japanese header names,
/// dates as `YYYY-MM-DD`, 異動種別 and 性別 in Japanese, 世帯主 as `1`/`0`.
///
/// The output reads back to equal changes, provided the text fields have no spaces at either
/// end (the reader trims those) and 国籍 is not literally 「日本」 (read as empty).
pub fn write_resident_changes(changes: &[ResidentChange]) -> String {
    let mut out = String::with_capacity(64 + changes.len() * 160);
    table::push_record(&mut out, Col::ALL.iter().map(|c| c.japanese_name()));
    for c in changes {
        let person = c.person.as_ref();
        let birth = person.map(|p| p.birth_date.to_string()).unwrap_or_default();
        let stay = person
            .and_then(|p| p.stay_until)
            .map(|d| d.to_string())
            .unwrap_or_default();
        let effective = c.effective_on.to_string();
        let notified = c.notified_on.to_string();
        let values: [&str; 16] = [
            &c.change_id,
            c.kind.label(),
            &effective,
            &notified,
            c.resident_no.as_str(),
            c.household_no.as_str(),
            if c.is_head { "1" } else { "0" },
            &c.relationship,
            person.map_or("", |p| p.name.name.as_str()),
            person.map_or("", |p| p.name.kana.as_str()),
            &birth,
            person.map_or("", |p| p.sex.label()),
            person.and_then(|p| p.nationality.as_deref()).unwrap_or(""),
            &stay,
            c.address.as_ref().map_or("", |a| a.postal_code.as_str()),
            c.address.as_ref().map_or("", |a| a.line.as_str()),
        ];
        table::push_record(&mut out, values);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "異動番号,異動種別,異動日,届出日,宛名番号,世帯番号,世帯主,続柄,氏名,氏名カナ,生年月日,性別,国籍,在留期間満了日,郵便番号,住所\n";

    #[test]
    fn postal_codes() {
        assert_eq!(normalize_postal_code("123-4567").as_deref(), Some("1234567"));
        assert_eq!(normalize_postal_code("1234567").as_deref(), Some("1234567"));
        for bad in [
            "1234-567",
            "123456",
            "12345678",
            "123-45a7",
            "１２３４５６７",
            "123--4567",
        ] {
            assert_eq!(normalize_postal_code(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_move_in_is_read() {
        let file = format!(
            "{HEADER}C1,転入,2026-04-01,2026/4/3,1001,2001,○,世帯主,山田　太郎 ,ヤマダ タロウ,S50.1.2,1,,,700-8544,岡山県倉敷市西中新田640\n"
        );
        let changes = parse_resident_changes(file.as_bytes(), Encoding::Auto).unwrap();
        let c = &changes[0];
        assert_eq!(c.kind, ResidentChangeKind::MoveIn);
        assert!(c.is_head);
        let p = c.person.as_ref().unwrap();
        assert_eq!(p.name.name, "山田　太郎");
        assert_eq!(p.birth_date, kokuho_domain::Date::new(1975, 1, 2).unwrap());
        assert_eq!(c.address.as_ref().unwrap().postal_code, "7008544");
    }

    #[test]
    fn partial_person_is_an_error_per_missing_field() {
        let file =
            format!("{HEADER}C1,転居,2026-04-01,2026-04-01,1001,2001,0,子,山田花子,,,,,,700-8544,岡山県倉敷市\n");
        let errs = parse_resident_changes(file.as_bytes(), Encoding::Auto).unwrap_err();
        let fields: Vec<_> = errs.errors().iter().map(|e| e.field.clone().unwrap()).collect();
        assert_eq!(fields, ["生年月日", "性別"]);
    }
}
