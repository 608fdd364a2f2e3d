//! The records of the demo city: households, members, their coverage and My Numbers, and how a
//! household becomes the bulk load's record.

use kokuho_domain::Date;
use kokuho_domain::MyNumber;
use kokuho_domain::assessment::income::IncomeRecord;
use kokuho_domain::eligibility::migration::{MigratedFlag, MigratedHousehold, MigratedMyNumber, MigratedPeriod};
use kokuho_domain::eligibility::resident::{PersonRecord, ResidentChange};
use kokuho_domain::kernel::ids::{HouseholdNo, ResidentNo};

/// One NHI household of the city at `as_of`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoHousehold {
    /// Position in the city (0-based).
    pub index: u32,
    /// 世帯番号
    pub household_no: HouseholdNo,
    /// 世帯主 at `as_of` (may be a 擬制世帯主: check [`DemoHousehold::has_nominal_head`]).
    pub head: ResidentNo,
    /// Everyone who ever belonged to the household, in order of 宛名番号.
    pub members: Vec<DemoMember>,
    /// 住民異動, in chronological order (same-day lines: arrivals, 氏名変更, 転居, 死亡, 転出,
    /// 住登外登録, 世帯主変更).
    pub changes: Vec<ResidentChange>,
    /// 国保の資格期間, grouped by member, each member's periods in order.
    pub enrollments: Vec<DemoEnrollment>,
    /// 所得: one record per person aged 15+ and 所得年 (see [`crate::DemoCity::income_years`]).
    pub incomes: Vec<IncomeRecord>,
    /// Dated flags (学遠, 非自発的失業, 産前産後, 旧被扶養者, 支援措置, 特定同一世帯所属者, 特定世帯).
    pub flags: Vec<DemoFlag>,
}

/// A person of a demo household.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoMember {
    /// 宛名番号
    pub resident_no: ResidentNo,
    /// Register data as of `as_of` (current name; for people who left, as of leaving).
    pub person: PersonRecord,
    /// 続柄 as of `as_of` (or when they left).
    pub relationship: String,
    pub status: DemoMemberStatus,
    /// Health insurance at `as_of`.
    pub coverage: DemoCoverage,
    /// 個人番号 as the city holds it (valid, or a deliberate conflict).
    pub my_number: DemoMyNumber,
}

/// Whether a person still belongs to the household at `as_of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoMemberStatus {
    /// Registered in the household.
    Present,
    /// 学遠: moved out to study (転出 + 住登外登録) and still insured in this household.
    StudentAway { since: Date },
    /// 死亡
    Died { on: Date },
    /// 転出
    MovedOut { on: Date },
}

/// Health insurance of a member at `as_of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoCoverage {
    /// 国保の被保険者
    Nhi,
    /// 被用者保険の本人 (社保)
    EmployeeInsured,
    /// 被用者保険の被扶養者
    EmployeeDependent,
    /// 後期高齢者医療
    LateElderly,
    /// No longer a member (died or moved out).
    Departed,
}

/// One NHI eligibility period (資格期間) of a member: the bulk load's record, as given to it.
pub type DemoEnrollment = MigratedPeriod;

/// The 個人番号 the city holds for a person.
///
/// `Valid` numbers are unique in the city. The other variants are deliberate conflicts for the
/// 確認リスト (security.md C13): about 0.5 % of households have one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DemoMyNumber {
    /// A valid demo number (starts with `00`).
    Valid(MyNumber),
    /// The same number as another resident (`same_as`) — a data-entry error.
    Duplicate { number: MyNumber, same_as: ResidentNo },
    /// No number registered (空欄).
    Blank,
}

impl DemoMyNumber {
    /// The number, if any (valid or duplicated).
    pub fn number(&self) -> Option<&MyNumber> {
        match self {
            DemoMyNumber::Valid(n) | DemoMyNumber::Duplicate { number: n, .. } => Some(n),
            DemoMyNumber::Blank => None,
        }
    }

    /// The number, if any, moved out.
    pub fn into_number(self) -> Option<MyNumber> {
        match self {
            DemoMyNumber::Valid(n) | DemoMyNumber::Duplicate { number: n, .. } => Some(n),
            DemoMyNumber::Blank => None,
        }
    }
}

/// A dated flag (区分) on a person or on the household: the bulk load's record, as given to it.
pub type DemoFlag = MigratedFlag;

impl DemoHousehold {
    /// The NHI periods that cover `date`.
    pub fn insured_on(&self, date: Date) -> impl Iterator<Item = &DemoEnrollment> + '_ {
        self.enrollments.iter().filter(move |e| e.covers(date))
    }

    /// Members registered in the household at `as_of` (学遠 students excluded).
    pub fn present_members(&self) -> impl Iterator<Item = &DemoMember> + '_ {
        self.members.iter().filter(|m| m.status == DemoMemberStatus::Present)
    }

    /// The member with this 宛名番号.
    pub fn member(&self, resident_no: &ResidentNo) -> Option<&DemoMember> {
        self.members.iter().find(|m| &m.resident_no == resident_no)
    }

    /// 擬制世帯主: the head is not NHI-insured at `as_of`.
    pub fn has_nominal_head(&self) -> bool {
        self.member(&self.head).is_some_and(|m| m.coverage != DemoCoverage::Nhi)
    }
}

/// A demo household as the bulk load (一括移行) takes it: its records moved, not copied.
impl From<DemoHousehold> for MigratedHousehold {
    fn from(h: DemoHousehold) -> Self {
        MigratedHousehold {
            household_no: h.household_no,
            changes: h.changes,
            periods: h.enrollments,
            incomes: h.incomes,
            flags: h.flags,
            my_numbers: h
                .members
                .into_iter()
                .map(|m| MigratedMyNumber {
                    resident_no: m.resident_no,
                    number: m.my_number.into_number(),
                })
                .collect(),
        }
    }
}
