//! 宛名・世帯: residents, households and the resident-register changes (住民異動) that move them.
//!
//! A `ResidentChange` is one line of what the 住民基本台帳 system tells us: a person moved in,
//! was born, changed household, died... The same type is produced by the CSV import, the API
//! and the synthetic city, and `validate` is the one place that says which fields each kind of
//! change needs.

use serde::{Deserialize, Serialize};

use crate::kernel::code::code_enum;
use crate::kernel::date::Date;
use crate::kernel::ids::{HouseholdNo, ResidentNo};

/// 住民異動の種別: the kind of a resident-register change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResidentChangeKind {
    /// 転入: moved into the city from elsewhere.
    MoveIn,
    /// 転出: moved out of the city.
    MoveOut,
    /// 転居: moved to another address within the city.
    AddressChange,
    /// 出生: born.
    Birth,
    /// 死亡: died (effective date = date of death).
    Death,
    /// 世帯分離: left a household to form a new one (new household number).
    HouseholdSplit,
    /// 世帯合併: joined another existing household.
    HouseholdMerge,
    /// 世帯主変更: the head of the household changed (the line names the new head).
    HeadChange,
    /// 氏名変更: the name changed.
    NameChange,
    /// 住登外登録: registration of a person without a resident record in the city.
    NonResidentRegistration,
}

impl ResidentChangeKind {
    pub const ALL: [ResidentChangeKind; 10] = [
        Self::MoveIn,
        Self::MoveOut,
        Self::AddressChange,
        Self::Birth,
        Self::Death,
        Self::HouseholdSplit,
        Self::HouseholdMerge,
        Self::HeadChange,
        Self::NameChange,
        Self::NonResidentRegistration,
    ];

    /// The Japanese name used in files and on screen (転入, 転出 ...).
    pub fn label(self) -> &'static str {
        match self {
            Self::MoveIn => "転入",
            Self::MoveOut => "転出",
            Self::AddressChange => "転居",
            Self::Birth => "出生",
            Self::Death => "死亡",
            Self::HouseholdSplit => "世帯分離",
            Self::HouseholdMerge => "世帯合併",
            Self::HeadChange => "世帯主変更",
            Self::NameChange => "氏名変更",
            Self::NonResidentRegistration => "住登外登録",
        }
    }

    /// Parses the Japanese name or the snake_case code.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.into_iter().find(|k| k.label() == s || k.code() == s)
    }

    /// The stable ASCII code (used in JSON and the journal).
    pub fn code(self) -> &'static str {
        match self {
            Self::MoveIn => "move_in",
            Self::MoveOut => "move_out",
            Self::AddressChange => "address_change",
            Self::Birth => "birth",
            Self::Death => "death",
            Self::HouseholdSplit => "household_split",
            Self::HouseholdMerge => "household_merge",
            Self::HeadChange => "head_change",
            Self::NameChange => "name_change",
            Self::NonResidentRegistration => "non_resident_registration",
        }
    }

    /// Kinds that create a person we may not know yet, so they carry the full personal record.
    fn introduces_person(self) -> bool {
        matches!(self, Self::MoveIn | Self::Birth | Self::NonResidentRegistration)
    }
}

/// 性別.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// 男
    Male,
    /// 女
    Female,
}

impl Sex {
    pub fn label(self) -> &'static str {
        match self {
            Sex::Male => "男",
            Sex::Female => "女",
        }
    }

    /// Accepts 男/女, 1/2 (the 住基 code order) and male/female.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "男" | "1" | "male" => Some(Sex::Male),
            "女" | "2" | "female" => Some(Sex::Female),
            _ => None,
        }
    }
}

code_enum! {
    /// 住民の状態: where a resident of the register stands, as the last 住民異動 left them.
    pub enum ResidentStatus: "住民の状態" {
        /// 住民: registered in the city (転入, 出生).
        Registered = "registered" / "住民",
        /// 転出: moved out of the city.
        MovedOut = "moved_out" / "転出",
        /// 死亡: died.
        Deceased = "deceased" / "死亡",
        /// 住登外: registered without a resident record in the city (住登外登録).
        NonResident = "non_resident" / "住登外",
    }
}

impl ResidentStatus {
    /// Whether the person is on the city's books (住民 or 住登外), so may be enrolled.
    pub fn is_registered(self) -> bool {
        matches!(self, ResidentStatus::Registered | ResidentStatus::NonResident)
    }
}

/// 氏名: a person's name exactly as registered, and its reading.
///
/// The kanji form keeps every character as given (no NFKC: 朗 U+F929 stays U+F929); only the
/// search key derived from the kana is normalised (see `kana::search_key`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName {
    /// 氏名 (漢字等)
    pub name: String,
    /// 氏名カナ
    pub kana: String,
}

/// A person's register data as carried by a change that introduces or updates them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRecord {
    pub name: PersonName,
    /// 生年月日
    pub birth_date: Date,
    /// 性別
    pub sex: Sex,
    /// 国籍 (None = 日本). Foreign residents have a period of stay.
    pub nationality: Option<String>,
    /// 在留期間満了日 (foreign residents only).
    pub stay_until: Option<Date>,
}

/// 住所.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    /// 郵便番号 (7 digits, no hyphen)
    pub postal_code: String,
    /// 住所 (as registered)
    pub line: String,
}

/// One 住民異動: one person, one change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResidentChange {
    /// 異動番号: the register system's id of this change; re-importing it is harmless.
    pub change_id: String,
    pub kind: ResidentChangeKind,
    /// 異動日
    pub effective_on: Date,
    /// 届出日
    pub notified_on: Date,
    /// 宛名番号
    pub resident_no: ResidentNo,
    /// 世帯番号 after the change.
    pub household_no: HouseholdNo,
    /// 世帯主: whether the person is the head of `household_no` after the change.
    pub is_head: bool,
    /// 続柄 (as registered, e.g. 世帯主, 妻, 子).
    pub relationship: String,
    /// Full personal data: required for 転入, 出生, 住登外登録; for 氏名変更 the new name.
    pub person: Option<PersonRecord>,
    /// Address after the change: required for 転入, 転居, 出生, 住登外登録.
    pub address: Option<Address>,
}

/// A field-level problem with a change, in Japanese.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldProblem {
    /// The field name as it appears in the file layout / API (e.g. `birth_date`).
    pub field: &'static str,
    /// 日本語の説明.
    pub message: String,
}

impl FieldProblem {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl ResidentChange {
    /// Checks the rules that do not need the database; returns every problem, not just the first.
    pub fn validate(&self) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        let id_ok = !self.change_id.is_empty()
            && self.change_id.len() <= 40
            && self
                .change_id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !id_ok {
            problems.push(FieldProblem::new(
                "change_id",
                "異動番号は1〜40文字の半角英数字・ハイフン・下線で指定してください",
            ));
        }
        if self.notified_on < self.effective_on && self.kind != ResidentChangeKind::MoveOut {
            // 転出 is notified in advance (転出予定日), everything else after the fact.
            problems.push(FieldProblem::new("notified_on", "届出日が異動日より前になっています"));
        }
        if self.kind.introduces_person() || self.kind == ResidentChangeKind::NameChange {
            match &self.person {
                None => problems.push(FieldProblem::new(
                    "name",
                    format!("{}には氏名・生年月日・性別が必要です", self.kind.label()),
                )),
                Some(p) => problems.extend(p.validate(self)),
            }
        }
        let needs_address = matches!(
            self.kind,
            ResidentChangeKind::MoveIn
                | ResidentChangeKind::AddressChange
                | ResidentChangeKind::Birth
                | ResidentChangeKind::NonResidentRegistration
        );
        match &self.address {
            None if needs_address => problems.push(FieldProblem::new(
                "address",
                format!("{}には住所が必要です", self.kind.label()),
            )),
            Some(a) => problems.extend(a.validate()),
            None => {}
        }
        if self.relationship.chars().count() > 20 {
            problems.push(FieldProblem::new("relationship", "続柄は20文字以内で指定してください"));
        }
        problems
    }
}

impl PersonRecord {
    fn validate(&self, change: &ResidentChange) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        let name = self.name.name.trim();
        if name.is_empty() || name.chars().count() > 60 || name.chars().any(char::is_control) {
            problems.push(FieldProblem::new("name", "氏名は1〜60文字で指定してください"));
        }
        if self.name.kana.trim().is_empty() || !crate::kernel::kana::is_valid_kana_name(&self.name.kana) {
            problems.push(FieldProblem::new(
                "name_kana",
                "氏名カナはカタカナまたはひらがなで指定してください",
            ));
        }
        if self.birth_date > change.effective_on {
            problems.push(FieldProblem::new("birth_date", "生年月日が異動日より後になっています"));
        }
        if change.kind == ResidentChangeKind::Birth && self.birth_date != change.effective_on {
            problems.push(FieldProblem::new(
                "birth_date",
                "出生の異動日は生年月日と同じ日にしてください",
            ));
        }
        if self.nationality.is_none() && self.stay_until.is_some() {
            problems.push(FieldProblem::new(
                "stay_until",
                "在留期間満了日は外国籍の方にのみ指定できます",
            ));
        }
        problems
    }
}

impl Address {
    fn validate(&self) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        if self.postal_code.len() != 7 || !self.postal_code.bytes().all(|b| b.is_ascii_digit()) {
            problems.push(FieldProblem::new(
                "postal_code",
                "郵便番号は7桁の数字で指定してください",
            ));
        }
        let n = self.line.trim().chars().count();
        if n == 0 || n > 120 {
            problems.push(FieldProblem::new("address", "住所は1〜120文字で指定してください"));
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::code::assert_codes;

    #[test]
    fn resident_status_codes_round_trip() {
        assert_codes(ResidentStatus::ALL, ResidentStatus::as_str, ResidentStatus::label);
        let codes: Vec<_> = ResidentStatus::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(codes, ["registered", "moved_out", "deceased", "non_resident"]);
        let labels: Vec<_> = ResidentStatus::ALL.iter().map(|s| s.label()).collect();
        assert_eq!(labels, ["住民", "転出", "死亡", "住登外"]);
        assert!("住民".parse::<ResidentStatus>().is_err());
    }

    #[test]
    fn only_residents_and_non_residents_are_registered() {
        assert!(ResidentStatus::Registered.is_registered());
        assert!(ResidentStatus::NonResident.is_registered());
        assert!(!ResidentStatus::MovedOut.is_registered());
        assert!(!ResidentStatus::Deceased.is_registered());
    }
}
