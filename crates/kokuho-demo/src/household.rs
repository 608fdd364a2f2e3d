//! One household of the synthetic city: composition, life events, NHI periods, flags, incomes.
//!
//! The generator first decides who lives in the household at `as_of` (a template by household
//! size), then adds people who left before `as_of` (a deceased spouse, a child who moved out, a
//! student living away), then dates everything (転入, 出生, 転居, 氏名変更, 世帯主変更, 死亡, 転出),
//! and finally derives the resident-register lines, the NHI periods, the flags and the incomes
//! from that plan. Everything is drawn from the household's own random stream.

use kokuho_domain::eligibility::period::{
    AcquisitionReason, FlagAttributes, FlagKind, INVOLUNTARY_SEPARATION_CODES, LossReason,
};
use kokuho_domain::eligibility::resident::{
    Address, PersonName, PersonRecord, ResidentChange, ResidentChangeKind, Sex,
};
use kokuho_domain::kernel::ids::{HouseholdNo, ResidentNo};

use crate::address::Addr;
use crate::days::Day;
use crate::income::{IncomeSubject, Job, Profile, draw_profile, record};
use crate::names::{Nationality, Part, full_name, given_names, random_nationality, random_surname};
use crate::numbers::NumberMint;
use crate::random::Gen;
use crate::text::push_padded;
use crate::{DemoCoverage, DemoEnrollment, DemoFlag, DemoHousehold, DemoMember, DemoMemberStatus, DemoMyNumber};

/// City-wide inputs of the household generator.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CityParams {
    pub seed: u64,
    pub as_of: Day,
    pub mint: NumberMint,
}

/// 続柄 relative to the first head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Head,
    Spouse,
    Child,
    Parent,
    ChildSpouse,
    Grandchild,
}

/// Insurance at `as_of` (or at leaving, for people who left).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cover {
    /// 国保
    Nhi,
    /// 社保本人
    Employee,
    /// 社保の被扶養者
    Dependent,
    /// 後期高齢者医療
    LateElderly,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exit {
    Death(Day),
    MoveOut(Day),
    /// 学遠: moved out to study, registered as 住登外, still insured here.
    StudentAway(Day),
}

impl Exit {
    fn day(self) -> Day {
        match self {
            Exit::Death(d) | Exit::MoveOut(d) | Exit::StudentAway(d) => d,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Period {
    from: Day,
    reason: AcquisitionReason,
    notified: Day,
    to: Option<(Day, LossReason, Day)>,
}

#[derive(Debug, Clone)]
struct Member {
    role: Role,
    sex: Sex,
    birth: Day,
    arrival: Day,
    born_here: bool,
    exit: Option<Exit>,
    cover: Cover,
    job: Job,
    family: Part,
    given: Part,
    /// 旧姓 at arrival and the date of the 氏名変更 to `family`.
    maiden: Option<(Part, Day)>,
    /// Imposed start of the current NHI period (旧被扶養者, 非自発的失業).
    forced_start: Option<(Day, AcquisitionReason)>,
    /// The person never had NHI here before `cover` (社保本人 until 後期).
    no_nhi_history: bool,
    separation: Option<Day>,
    periods: Vec<Period>,
    stay_until: Option<Day>,
}

impl Member {
    /// A member who arrived on `arrival`, never left and has no history yet; a caller sets the
    /// rest with struct update syntax.
    #[allow(clippy::too_many_arguments)]
    fn new(
        role: Role,
        sex: Sex,
        birth: Day,
        arrival: Day,
        cover: Cover,
        job: Job,
        family: Part,
        given: Part,
    ) -> Member {
        Member {
            role,
            sex,
            birth,
            arrival,
            born_here: false,
            exit: None,
            cover,
            job,
            family,
            given,
            maiden: None,
            forced_start: None,
            no_nhi_history: false,
            separation: None,
            periods: Vec::new(),
            stay_until: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Template {
    SingleRetiree,
    SingleSenior,
    SingleWorking,
    ElderlyCouple,
    LateElderlyHead,
    ParentAndAdultChild,
    EmployeeHeadWithParent,
    WorkingCouple,
    SingleParent,
    MixedCouple,
    Family,
    ThreeGenElderlyHead,
    ThreeGenEmployeeHead,
    ElderlyWithAdultChildren,
}

/// Household size at `as_of` (people registered in the household, 学遠 excluded).
const SIZES: &[(u32, usize)] = &[(550, 1), (300, 2), (75, 3), (45, 4), (21, 5), (9, 6)];
const SIZES_FOREIGN: &[(u32, usize)] = &[(65, 1), (20, 2), (10, 3), (5, 4)];
const ONE: &[(u32, Template)] = &[
    (55, Template::SingleRetiree),
    (14, Template::SingleSenior),
    (31, Template::SingleWorking),
];
const TWO: &[(u32, Template)] = &[
    (46, Template::ElderlyCouple),
    (12, Template::LateElderlyHead),
    (10, Template::ParentAndAdultChild),
    (8, Template::EmployeeHeadWithParent),
    (13, Template::WorkingCouple),
    (6, Template::SingleParent),
    (5, Template::MixedCouple),
];
const MORE: &[(u32, Template)] = &[
    (45, Template::Family),
    (20, Template::ThreeGenElderlyHead),
    (15, Template::ThreeGenEmployeeHead),
    (10, Template::SingleParent),
    (10, Template::ElderlyWithAdultChildren),
];

/// Years since the household moved in (Japanese households).
const YEARS_HERE: &[(u32, i32, i32)] = &[(10, 0, 0), (20, 1, 4), (25, 5, 14), (25, 15, 29), (20, 30, 49)];

fn other_sex(s: Sex) -> Sex {
    match s {
        Sex::Male => Sex::Female,
        Sex::Female => Sex::Male,
    }
}

fn is_female(s: Sex) -> bool {
    s == Sex::Female
}

/// A flag: kind, member slot (None = household), first day, first day after, attributes.
type FlagPlan = (FlagKind, Option<usize>, Day, Option<Day>, FlagAttributes);

struct Builder<'a> {
    city: &'a CityParams,
    index: u32,
    g: Gen,
    as_of: Day,
    foreign: Option<&'static Nationality>,
    surname: Part,
    members: Vec<Member>,
    t0: Day,
    head_changes: Vec<(Day, usize)>,
    moves: Vec<Day>,
    flags: Vec<FlagPlan>,
    template: Template,
}

impl<'a> Builder<'a> {
    fn sex(&mut self, female_per_100: u32) -> Sex {
        if self.g.chance(female_per_100, 100) {
            Sex::Female
        } else {
            Sex::Male
        }
    }

    /// A birth date giving exactly `age` at `as_of`. Nobody is born on 2/29: it becomes 3/1,
    /// or 2/28 when 3/1 would fall outside the one-year window of that age.
    fn birth_for_age(&mut self, age: i32) -> Day {
        let lo = self.as_of.add_years(-(age + 1)).plus(1);
        let hi = self.as_of.add_years(-age);
        let d = self.g.day(lo, hi);
        if !d.is_feb_29() {
            d
        } else if d.plus(1) <= hi {
            d.plus(1)
        } else {
            d.plus(-1)
        }
    }

    fn given_name(&mut self, sex: Sex, birth: Day) -> Part {
        match self.foreign {
            Some(n) => {
                let list = if is_female(sex) { n.female } else { n.male };
                self.g.pick(list, ("ANNA", "アンナ"))
            }
            None => self
                .g
                .pick(given_names(birth.year(), is_female(sex)), ("花子", "ハナコ")),
        }
    }

    fn random_family(&mut self) -> Part {
        match self.foreign {
            Some(n) => self.g.pick(n.families, self.surname),
            None => random_surname(&mut self.g),
        }
    }

    /// Adds a member who lives in the household at `as_of`; arrival is set later.
    fn push(&mut self, role: Role, sex: Sex, age: i32, cover: Cover, job: Job) -> usize {
        // Nobody is NHI-insured from the 75th birthday on (後期高齢者医療).
        let age = if cover == Cover::Nhi {
            age.clamp(0, 74)
        } else {
            age.max(0)
        };
        let birth = self.birth_for_age(age);
        let given = self.given_name(sex, birth);
        let job = if age < 15 {
            Job::Child
        } else if job == Job::Child {
            Job::Student
        } else {
            job
        };
        self.members
            .push(Member::new(role, sex, birth, birth, cover, job, self.surname, given));
        self.members.len() - 1
    }

    fn age_of(&self, i: usize) -> i32 {
        self.members.get(i).map_or(0, |m| m.birth.age_on(self.as_of))
    }

    fn last_day(&self) -> Day {
        self.as_of.plus(-1)
    }

    // ----- templates -------------------------------------------------------------------------

    fn build_template(&mut self, size: usize) {
        let n = size;
        match self.template {
            Template::SingleRetiree => {
                let sex = self.sex(58);
                let age = self.g.age(&[(45, 65, 69), (55, 70, 74)]);
                self.push(Role::Head, sex, age, Cover::Nhi, Job::Pensioner);
            }
            Template::SingleSenior => {
                let sex = self.sex(45);
                let age = self.g.int32(60, 64);
                let job = self.g.weighted(
                    &[
                        (30, Job::Pensioner),
                        (40, Job::PartTime),
                        (20, Job::Unemployed),
                        (10, Job::SelfEmployed),
                    ],
                    Job::Pensioner,
                );
                self.push(Role::Head, sex, age, Cover::Nhi, job);
            }
            Template::SingleWorking => {
                let sex = self.sex(45);
                let age = if self.foreign.is_some() {
                    self.g.age(&[(55, 20, 29), (35, 30, 39), (10, 40, 49)])
                } else {
                    self.g.age(&[(30, 20, 29), (20, 30, 39), (20, 40, 49), (30, 50, 59)])
                };
                let job = if age <= 24 && self.g.chance(2, 5) {
                    Job::Student
                } else {
                    self.g.weighted(
                        &[
                            (30, Job::SelfEmployed),
                            (35, Job::PartTime),
                            (15, Job::Unemployed),
                            (20, Job::SmallEmployer),
                        ],
                        Job::PartTime,
                    )
                };
                self.push(Role::Head, sex, age, Cover::Nhi, job);
            }
            Template::ElderlyCouple => {
                let head_sex = self.sex(10);
                let head_age = self.g.age(&[(40, 63, 69), (60, 70, 74)]);
                let spouse_age = if is_female(head_sex) {
                    (head_age + self.g.int32(0, 3)).min(74)
                } else {
                    (head_age - self.g.int32(0, 5)).max(58)
                };
                self.push(Role::Head, head_sex, head_age, Cover::Nhi, Job::Pensioner);
                let job = if spouse_age >= 60 {
                    Job::Pensioner
                } else {
                    Job::Homemaker
                };
                self.push(Role::Spouse, other_sex(head_sex), spouse_age, Cover::Nhi, job);
            }
            Template::LateElderlyHead => {
                if self.g.chance(2, 5) {
                    // 旧被扶養者: the head stayed an employee (社保本人) until 75.
                    let head_age = self.g.int32(75, 83);
                    let spouse_lo = 65.max(65 + head_age - 75);
                    let spouse_age = self.g.int32(spouse_lo, 74.min(head_age));
                    let h = self.push(Role::Head, Sex::Male, head_age, Cover::LateElderly, Job::Pensioner);
                    if let Some(m) = self.members.get_mut(h) {
                        m.no_nhi_history = true;
                    }
                    self.push(Role::Spouse, Sex::Female, spouse_age, Cover::Nhi, Job::Pensioner);
                } else {
                    let head_age = self.g.age(&[(60, 75, 81), (40, 82, 88)]);
                    let spouse_age = self.g.int32(65, 74.min(head_age + 2));
                    let head_sex = self.sex(8);
                    self.push(Role::Head, head_sex, head_age, Cover::LateElderly, Job::Pensioner);
                    self.push(
                        Role::Spouse,
                        other_sex(head_sex),
                        spouse_age,
                        Cover::Nhi,
                        Job::Pensioner,
                    );
                }
            }
            Template::ParentAndAdultChild => {
                let sex = self.sex(55);
                let age = self.g.age(&[(30, 60, 66), (70, 67, 74)]);
                self.push(Role::Head, sex, age, Cover::Nhi, Job::Pensioner);
                let child_age = (age - self.g.int32(24, 36)).max(22);
                let child_sex = self.sex(40);
                let job = self.g.weighted(
                    &[
                        (35, Job::PartTime),
                        (25, Job::SelfEmployed),
                        (25, Job::Unemployed),
                        (15, Job::SmallEmployer),
                    ],
                    Job::PartTime,
                );
                self.push(Role::Child, child_sex, child_age, Cover::Nhi, job);
            }
            Template::EmployeeHeadWithParent => {
                let sex = self.sex(30);
                let head_age = self.g.int32(35, 52);
                self.push(Role::Head, sex, head_age, Cover::Employee, Job::Employee);
                let parent_age = self.g.int32(64.max(head_age + 22), 74);
                let parent_sex = self.sex(65);
                self.push(Role::Parent, parent_sex, parent_age, Cover::Nhi, Job::Pensioner);
            }
            Template::WorkingCouple => {
                let head_sex = self.sex(15);
                let head_age = if self.foreign.is_some() {
                    self.g.int32(24, 45)
                } else {
                    self.g.age(&[(25, 25, 39), (35, 40, 49), (40, 50, 59)])
                };
                let spouse_age = (head_age + self.g.int32(-4, 2)).max(22);
                let head_job = self.g.weighted(
                    &[(60, Job::SelfEmployed), (20, Job::PartTime), (20, Job::SmallEmployer)],
                    Job::SelfEmployed,
                );
                self.push(Role::Head, head_sex, head_age, Cover::Nhi, head_job);
                let spouse_job = self.spouse_job(head_job);
                self.push(Role::Spouse, other_sex(head_sex), spouse_age, Cover::Nhi, spouse_job);
            }
            Template::SingleParent => {
                let sex = self.sex(85);
                let age = self.g.int32(25, 50);
                let job = self.g.weighted(
                    &[
                        (50, Job::PartTime),
                        (20, Job::SmallEmployer),
                        (15, Job::SelfEmployed),
                        (15, Job::Unemployed),
                    ],
                    Job::PartTime,
                );
                self.push(Role::Head, sex, age, Cover::Nhi, job);
                self.push_children(n.saturating_sub(1), age, Cover::Nhi);
            }
            Template::MixedCouple => {
                let head_age = self.g.int32(40, 64);
                self.push(Role::Head, Sex::Male, head_age, Cover::Nhi, Job::SelfEmployed);
                let spouse_age = (head_age - self.g.int32(0, 4)).max(30);
                self.push(Role::Spouse, Sex::Female, spouse_age, Cover::Employee, Job::Employee);
            }
            Template::Family => {
                let head_sex = self.sex(10);
                let head_age = self.g.int32(28, 55);
                let spouse_age = (head_age + self.g.int32(-4, 2)).max(22);
                let head_job = self.g.weighted(
                    &[
                        (50, Job::SelfEmployed),
                        (20, Job::PartTime),
                        (20, Job::SmallEmployer),
                        (10, Job::Unemployed),
                    ],
                    Job::SelfEmployed,
                );
                self.push(Role::Head, head_sex, head_age, Cover::Nhi, head_job);
                let spouse_job = self.spouse_job(head_job);
                self.push(Role::Spouse, other_sex(head_sex), spouse_age, Cover::Nhi, spouse_job);
                let mother_age = if is_female(head_sex) { head_age } else { spouse_age };
                self.push_children(n.saturating_sub(2), mother_age, Cover::Nhi);
            }
            Template::ThreeGenElderlyHead => {
                let head_age = self.g.int32(62, 74);
                self.push(Role::Head, Sex::Male, head_age, Cover::Nhi, Job::Pensioner);
                let spouse_age = (head_age - self.g.int32(0, 4)).max(58);
                let spouse_job = if spouse_age >= 60 {
                    Job::Pensioner
                } else {
                    Job::Homemaker
                };
                self.push(Role::Spouse, Sex::Female, spouse_age, Cover::Nhi, spouse_job);
                let child_age = (spouse_age - self.g.int32(25, 33)).max(25);
                let child_sex = self.sex(30);
                self.push(Role::Child, child_sex, child_age, Cover::Employee, Job::Employee);
                if n >= 4 {
                    let cs_age = (child_age + self.g.int32(-3, 3)).max(22);
                    let job = if self.g.chance(1, 2) {
                        Job::Homemaker
                    } else {
                        Job::PartTime
                    };
                    self.push(Role::ChildSpouse, other_sex(child_sex), cs_age, Cover::Dependent, job);
                    let mother_age = if is_female(child_sex) { child_age } else { cs_age };
                    self.push_children_role(n.saturating_sub(4), mother_age, Cover::Dependent, Role::Grandchild);
                }
            }
            Template::ThreeGenEmployeeHead => {
                let head_age = self.g.int32(35, 50);
                self.push(Role::Head, Sex::Male, head_age, Cover::Employee, Job::Employee);
                let spouse_age = (head_age + self.g.int32(-4, 2)).max(25);
                let job = if self.g.chance(1, 2) {
                    Job::Homemaker
                } else {
                    Job::PartTime
                };
                self.push(Role::Spouse, Sex::Female, spouse_age, Cover::Dependent, job);
                let parents = if n >= 5 { 2 } else { 1 };
                let father_age = self.g.int32(65.max(head_age + 24), 74);
                if parents == 2 {
                    self.push(Role::Parent, Sex::Male, father_age, Cover::Nhi, Job::Pensioner);
                    let mother_age = (father_age - self.g.int32(0, 4)).max(62);
                    self.push(Role::Parent, Sex::Female, mother_age, Cover::Nhi, Job::Pensioner);
                } else {
                    let s = self.sex(70);
                    self.push(Role::Parent, s, father_age, Cover::Nhi, Job::Pensioner);
                }
                self.push_children(n.saturating_sub(2 + parents), spouse_age, Cover::Dependent);
            }
            Template::ElderlyWithAdultChildren => {
                let head_age = self.g.int32(62, 74);
                self.push(Role::Head, Sex::Male, head_age, Cover::Nhi, Job::Pensioner);
                let spouse_age = (head_age - self.g.int32(0, 4)).max(58);
                let spouse_job = if spouse_age >= 60 {
                    Job::Pensioner
                } else {
                    Job::Homemaker
                };
                self.push(Role::Spouse, Sex::Female, spouse_age, Cover::Nhi, spouse_job);
                for _ in 0..n.saturating_sub(2) {
                    let age = (spouse_age - self.g.int32(24, 38)).max(20);
                    let sex = self.sex(45);
                    let job = self.g.weighted(
                        &[(45, Job::PartTime), (30, Job::Unemployed), (25, Job::SelfEmployed)],
                        Job::PartTime,
                    );
                    self.push(Role::Child, sex, age, Cover::Nhi, job);
                }
            }
        }
    }

    fn spouse_job(&mut self, head_job: Job) -> Job {
        if head_job == Job::SelfEmployed && self.g.chance(3, 10) {
            Job::FamilyWorker
        } else {
            self.g.weighted(
                &[(45, Job::PartTime), (40, Job::Homemaker), (15, Job::SmallEmployer)],
                Job::PartTime,
            )
        }
    }

    fn push_children(&mut self, count: usize, mother_age: i32, cover: Cover) {
        self.push_children_role(count, mother_age, cover, Role::Child);
    }

    fn push_children_role(&mut self, count: usize, mother_age: i32, cover: Cover, role: Role) {
        let oldest = (mother_age - 20).clamp(0, 17);
        for _ in 0..count {
            let age = self.g.int32(0, oldest);
            let sex = self.sex(49);
            let job = if age >= 15 { Job::Student } else { Job::Child };
            self.push(role, sex, age, cover, job);
        }
    }

    // ----- dates -----------------------------------------------------------------------------

    /// 転入日 of the household (the first head's arrival).
    fn choose_t0(&mut self) {
        let head_birth = self.members.first().map_or(self.as_of, |m| m.birth);
        let adult = head_birth.add_years(18);
        let last = self.last_day();
        let back = if self.foreign.is_some() {
            self.g.int32(0, 5 * 365 + 364)
        } else {
            let years = self.g.age(YEARS_HERE);
            years * 365 + self.g.int32(0, 364)
        };
        let t0 = last.plus(-back);
        self.t0 = if t0 < adult {
            self.g.day(adult.min(last), last)
        } else {
            t0
        };
    }

    /// Arrival dates: 転入 with the head, later (spouse after marriage, parents moving in), or
    /// 出生 for children born after the household moved in.
    fn set_arrivals(&mut self) {
        let t0 = self.t0;
        let last = self.last_day();
        let first_child_birth = self
            .members
            .iter()
            .filter(|m| matches!(m.role, Role::Child))
            .map(|m| m.birth)
            .min()
            .unwrap_or(last);
        let first_grandchild_birth = self
            .members
            .iter()
            .filter(|m| matches!(m.role, Role::Grandchild))
            .map(|m| m.birth)
            .min()
            .unwrap_or(last);
        let japanese = self.foreign.is_none();
        for i in 0..self.members.len() {
            let Some(m) = self.members.get(i) else { continue };
            let (role, birth, sex) = (m.role, m.birth, m.sex);
            let adult = birth.add_years(20);
            let (arrival, born_here, late_bride) = match role {
                Role::Head => (t0, false, false),
                Role::Child | Role::Grandchild => {
                    if birth >= t0 {
                        (birth, true, false)
                    } else {
                        (t0, false, false)
                    }
                }
                Role::Spouse => {
                    if self.g.chance(15, 100) {
                        let lo = t0.max(adult);
                        let hi = first_child_birth.min(last);
                        (
                            self.g.day(lo, hi.max(lo)),
                            false,
                            japanese && is_female(sex) && self.g.chance(3, 5),
                        )
                    } else {
                        (t0, false, false)
                    }
                }
                Role::Parent => {
                    if self.g.chance(1, 2) {
                        (t0, false, false)
                    } else {
                        (self.g.day(t0, last), false, false)
                    }
                }
                Role::ChildSpouse => {
                    let lo = t0.max(adult);
                    let hi = first_grandchild_birth.min(last);
                    (
                        self.g.day(lo, hi.max(lo)),
                        false,
                        japanese && is_female(sex) && self.g.chance(1, 2),
                    )
                }
            };
            let arrival = arrival.min(last).max(birth);
            let maiden = if late_bride {
                let old = self.random_family();
                let change = self.g.day(arrival, arrival.plus(60).min(last));
                Some((old, change))
            } else {
                None
            };
            if let Some(m) = self.members.get_mut(i) {
                m.arrival = arrival;
                m.born_here = born_here;
                if maiden.is_some_and(|(old, _)| old != m.family) {
                    m.maiden = maiden;
                }
            }
        }
    }

    // ----- people who left ---------------------------------------------------------------------

    fn add_departed(&mut self) {
        if self.foreign.is_some() {
            return;
        }
        let last = self.last_day();
        let head_age = self.age_of(0);
        match self.template {
            Template::SingleRetiree | Template::SingleSenior => {
                let per_100 = if self.template == Template::SingleRetiree {
                    30
                } else {
                    10
                };
                if self.g.chance(per_100, 100) {
                    self.add_deceased_spouse();
                }
            }
            Template::ThreeGenElderlyHead | Template::ThreeGenEmployeeHead | Template::EmployeeHeadWithParent
                if self.g.chance(1, 10) =>
            {
                self.add_deceased_parent();
            }
            _ => {}
        }
        let empties_nest = matches!(
            self.template,
            Template::SingleRetiree
                | Template::SingleSenior
                | Template::ElderlyCouple
                | Template::ParentAndAdultChild
                | Template::LateElderlyHead
                | Template::WorkingCouple
        );
        if empties_nest && head_age >= 45 && self.g.chance(15, 100) {
            self.add_moved_out_child();
        }
        if matches!(self.template, Template::Family | Template::SingleParent) && head_age >= 40 && self.g.chance(8, 100)
        {
            // 学遠: a child (18–21) who moved out to study on the April 1st after turning 18.
            let age = self.g.int32(18, 21);
            if head_age - age >= 20 {
                let sex = self.sex(50);
                let birth = self.birth_for_age(age);
                let eighteen = birth.add_years(18);
                let (y, m, d) = eighteen.ymd();
                let april = if (m, d) <= (4, 1) {
                    Day::from_ymd(y, 4, 1)
                } else {
                    Day::from_ymd(y + 1, 4, 1)
                };
                let (arrival, born_here) = if birth >= self.t0 {
                    (birth, true)
                } else {
                    (self.t0, false)
                };
                if april <= last && april > arrival {
                    let given = self.given_name(sex, birth);
                    self.members.push(Member {
                        born_here,
                        exit: Some(Exit::StudentAway(april)),
                        ..Member::new(
                            Role::Child,
                            sex,
                            birth,
                            arrival,
                            Cover::Nhi,
                            Job::Student,
                            self.surname,
                            given,
                        )
                    });
                }
            }
        }
    }

    fn add_deceased_spouse(&mut self) {
        let last = self.last_day();
        let Some(survivor) = self.members.first().cloned() else {
            return;
        };
        let survivor_age = survivor.birth.age_on(self.as_of);
        let deceased_sex = other_sex(survivor.sex);
        let older = if is_female(deceased_sex) {
            self.g.int32(-3, 2)
        } else {
            self.g.int32(0, 5)
        };
        let birth = self.birth_for_age(survivor_age + older);
        let lo = self.t0.plus(30).max(self.as_of.add_years(-15));
        if lo > last {
            return;
        }
        let death = self.g.day(lo, last);
        let age_at_death = birth.age_on(death);
        let cover = if age_at_death >= 75 {
            Cover::LateElderly
        } else if self.g.chance(4, 5) {
            Cover::Nhi
        } else {
            Cover::Employee
        };
        let given = self.given_name(deceased_sex, birth);
        let deceased_is_head = deceased_sex == Sex::Male || self.g.chance(1, 5);
        let role = if deceased_is_head { Role::Head } else { Role::Spouse };
        let deceased = Member {
            exit: Some(Exit::Death(death)),
            ..Member::new(
                role,
                deceased_sex,
                birth,
                self.t0,
                cover,
                Job::Pensioner,
                self.surname,
                given,
            )
        };
        if deceased_is_head {
            if let Some(s) = self.members.first_mut() {
                s.role = Role::Spouse;
            }
            self.members.insert(0, deceased);
            self.head_changes.push((death, 1));
        } else {
            self.members.push(deceased);
        }
    }

    fn add_deceased_parent(&mut self) {
        let last = self.last_day();
        let head_age = self.age_of(0);
        let gap = self.g.int32(25, 35);
        let birth = self.birth_for_age(head_age + gap);
        let lo = self.t0.plus(30).max(birth.add_years(65));
        let hi = last.min(birth.add_years(100));
        if lo > hi {
            return;
        }
        let death = self.g.day(lo, hi);
        let sex = self.sex(50);
        let given = self.given_name(sex, birth);
        let cover = if birth.age_on(death) >= 75 {
            Cover::LateElderly
        } else {
            Cover::Nhi
        };
        let arrival = self.g.day(self.t0, death.plus(-1).max(self.t0));
        self.members.push(Member {
            exit: Some(Exit::Death(death)),
            ..Member::new(
                Role::Parent,
                sex,
                birth,
                arrival,
                cover,
                Job::Pensioner,
                self.surname,
                given,
            )
        });
    }

    fn add_moved_out_child(&mut self) {
        let last = self.last_day();
        let parent_age = self.age_of(0);
        let age = parent_age - self.g.int32(25, 35);
        if age < 19 {
            return;
        }
        let birth = self.birth_for_age(age);
        let (arrival, born_here) = if birth >= self.t0 {
            (birth, true)
        } else {
            (self.t0, false)
        };
        let lo = arrival.plus(1).max(birth.add_years(18));
        let hi = last.min(birth.add_years(32));
        if lo > hi {
            return;
        }
        let out = self.g.day(lo, hi);
        let sex = self.sex(50);
        let given = self.given_name(sex, birth);
        let cover = if self.g.chance(3, 5) {
            Cover::Nhi
        } else {
            Cover::Employee
        };
        self.members.push(Member {
            born_here,
            exit: Some(Exit::MoveOut(out)),
            ..Member::new(
                Role::Child,
                sex,
                birth,
                arrival,
                cover,
                Job::PartTime,
                self.surname,
                given,
            )
        });
    }

    // ----- later events ------------------------------------------------------------------------

    fn add_events(&mut self) {
        let last = self.last_day();
        let first = self.t0.plus(30);
        if first <= last && self.g.chance(15, 100) {
            self.moves.push(self.g.day(first, last));
            if self.g.chance(1, 5) {
                self.moves.push(self.g.day(first, last));
            }
            self.moves.sort();
            self.moves.dedup();
        }
        if self.template == Template::ParentAndAdultChild && self.g.chance(1, 10) {
            // 世帯主変更: the parent hands the headship to the adult child.
            if let Some(child) = self.members.get(1) {
                let lo = child.arrival.max(child.birth.add_years(25)).max(self.t0.plus(1));
                if lo <= last {
                    let d = self.g.day(lo, last);
                    self.head_changes.push((d, 1));
                }
            }
        }
    }

    // ----- flags that shape the NHI periods ------------------------------------------------------

    fn plan_special_cases(&mut self) {
        let last = self.last_day();
        // 旧被扶養者 and 特定同一世帯所属者 / 特定世帯 (a head who moved to 後期).
        if self.template == Template::LateElderlyHead {
            let head_75 = self
                .members
                .first()
                .map(|h| (h.birth.add_years(75), h.no_nhi_history, h.arrival));
            if let Some((b75, former_employee, head_arrival)) = head_75 {
                if former_employee {
                    let (spouse_arrival, spouse_birth) =
                        self.members.get(1).map_or((last, last), |s| (s.arrival, s.birth));
                    if spouse_arrival <= b75 && b75 <= last {
                        // The dependent spouse had to join NHI when the head left 社保 for 後期.
                        if let Some(s) = self.members.get_mut(1) {
                            s.forced_start = Some((b75, AcquisitionReason::LeftEmployeeInsurance));
                        }
                        // 旧被扶養者 only if the spouse was 65–74 on that day.
                        if (65..75).contains(&spouse_birth.age_on(b75)) {
                            let none = FlagAttributes::default();
                            self.flags.push((FlagKind::FormerDependent, Some(1), b75, None, none));
                        }
                    }
                } else if head_arrival < b75 && b75 <= last {
                    // The spouse must already be insured when the head leaves for 後期.
                    let spouse_arrival = self.members.get(1).map_or(last, |s| s.arrival);
                    if spouse_arrival < b75 {
                        let start = self.g.day(spouse_arrival, b75.plus(-1));
                        let reason = if start == spouse_arrival {
                            AcquisitionReason::MoveIn
                        } else {
                            AcquisitionReason::LeftEmployeeInsurance
                        };
                        if let Some(s) = self.members.get_mut(1) {
                            s.forced_start = Some((start, reason));
                        }
                        let none = FlagAttributes::default();
                        self.flags
                            .push((FlagKind::SpecifiedSameHousehold, Some(0), b75, None, none.clone()));
                        self.flags.push((FlagKind::SpecifiedHousehold, None, b75, None, none));
                    }
                }
            }
        }
        // 非自発的失業: an insured person who lost a job in the last two years.
        if self.g.chance(3, 100) {
            let as_of = self.as_of;
            let candidate = self.members.iter().position(|m| {
                let age = m.birth.age_on(as_of);
                m.exit.is_none()
                    && m.cover == Cover::Nhi
                    && matches!(m.job, Job::Unemployed | Job::PartTime)
                    && (20..=63).contains(&age)
            });
            if let Some(i) = candidate {
                let arrival = self.members.get(i).map_or(last, |m| m.arrival);
                let lo = arrival.max(as_of.plus(-730));
                let hi = as_of.plus(-7);
                if lo <= hi {
                    let sep = self.g.day(lo, hi);
                    let start = sep.plus(1);
                    let code = self.g.pick(&INVOLUNTARY_SEPARATION_CODES, "11");
                    // 軽減期間: 離職日の翌日の属する月から翌年度末まで.
                    let until = Day::from_ymd(start.fiscal_year() + 2, 4, 1);
                    if let Some(m) = self.members.get_mut(i) {
                        m.forced_start = Some((start, AcquisitionReason::LeftEmployeeInsurance));
                        m.separation = Some(sep);
                    }
                    let attrs = FlagAttributes {
                        separation_reason_code: Some(code.to_string()),
                        separated_on: Some(sep.to_date()),
                        ..FlagAttributes::default()
                    };
                    self.flags
                        .push((FlagKind::InvoluntaryUnemployment, Some(i), start, Some(until), attrs));
                }
            }
        }
    }

    fn plan_other_flags(&mut self) {
        let as_of = self.as_of;
        // 産前産後: an insured woman 20–42 expecting within six months.
        if self.g.chance(1, 25) {
            let candidate = self.members.iter().position(|m| {
                let age = m.birth.age_on(as_of);
                m.exit.is_none() && m.cover == Cover::Nhi && is_female(m.sex) && (20..=42).contains(&age)
            });
            if let Some(i) = candidate {
                let expected = as_of.first_of_month_plus(self.g.int32(0, 6));
                let multiple = self.g.chance(1, 50);
                let start = expected.first_of_month_plus(if multiple { -3 } else { -1 });
                let until = expected.first_of_month_plus(3);
                let attrs = FlagAttributes {
                    expected_birth_month: Some(expected.to_date()),
                    multiple_birth: multiple,
                    ..FlagAttributes::default()
                };
                self.flags
                    .push((FlagKind::Maternity, Some(i), start, Some(until), attrs));
            }
        }
        // 支援措置 (DV等): rare, on an adult woman if there is one.
        if self.g.chance(1, 500) {
            let i = self
                .members
                .iter()
                .position(|m| m.exit.is_none() && is_female(m.sex) && m.birth.age_on(as_of) >= 18)
                .or_else(|| self.members.iter().position(|m| m.exit.is_none()))
                .unwrap_or(0);
            let arrival = self.members.get(i).map_or(as_of, |m| m.arrival);
            let start = self.g.day(arrival, self.last_day());
            let attrs = FlagAttributes {
                no_disclosure_to_intermediary: self.g.chance(1, 2),
                ..FlagAttributes::default()
            };
            self.flags.push((FlagKind::SupportMeasure, Some(i), start, None, attrs));
        }
        // 学遠
        for (i, m) in self.members.iter().enumerate() {
            if let Some(Exit::StudentAway(d)) = m.exit {
                self.flags.push((
                    FlagKind::StudentAway,
                    Some(i),
                    d,
                    Some(d.add_years(4)),
                    FlagAttributes::default(),
                ));
            }
        }
    }

    // ----- NHI periods -------------------------------------------------------------------------

    fn notify_after(&mut self, effective: Day) -> Day {
        let delay = self
            .g
            .weighted(&[(85, (0, 14)), (12, (15, 90)), (3, (91, 400))], (0, 14));
        let d = effective.plus(self.g.int32(delay.0, delay.1));
        d.min(self.as_of).max(effective)
    }

    /// Start of the NHI period of member `i` that is current at `until` (exclusive bound).
    fn nhi_start(&mut self, i: usize, until: Day) -> (Day, AcquisitionReason) {
        let Some(m) = self.members.get(i).cloned() else {
            return (until, AcquisitionReason::Other);
        };
        let latest = until.plus(-1).max(m.arrival);
        let arrival_reason = if m.born_here {
            AcquisitionReason::Birth
        } else {
            AcquisitionReason::MoveIn
        };
        if let Some(f) = m.forced_start {
            return f;
        }
        let age = m.birth.age_on(until);
        let dependent_child = matches!(m.role, Role::Child | Role::Grandchild)
            && (matches!(m.job, Job::Child | Job::Student) || matches!(m.exit, Some(Exit::MoveOut(_))));
        if dependent_child {
            // A child joins NHI with the parents: not before the parents' current period.
            let parents_start = self.parents_nhi_start(m.role);
            let start = parents_start.map_or(m.arrival, |p| p.max(m.arrival));
            if start < until {
                return if start == m.arrival {
                    (m.arrival, arrival_reason)
                } else {
                    (start, AcquisitionReason::LeftEmployeeInsurance)
                };
            }
            // The parents joined after the child left: the child had NHI of their own as an
            // adult (left the parents' 社保 as a dependent).
            let lo = m.arrival.max(m.birth.add_years(18)).min(latest);
            return (self.g.day(lo, latest), AcquisitionReason::LeftEmployeeInsurance);
        }
        if (m.born_here && age < 20) || self.foreign.is_some() || matches!(m.job, Job::Child | Job::Student) {
            return (m.arrival, arrival_reason);
        }
        let after_arrival = m.arrival.plus(1);
        match m.job {
            Job::Pensioner => {
                if self.g.chance(15, 100) {
                    return (m.arrival, arrival_reason);
                }
                let retire_age = self.g.int32(60, 65.min(age.max(60)));
                let retire = m.birth.add_years(retire_age).plus(self.g.int32(0, 30));
                if retire <= m.arrival || retire > latest {
                    (m.arrival, arrival_reason)
                } else {
                    (retire, AcquisitionReason::LeftEmployeeInsurance)
                }
            }
            Job::SelfEmployed => {
                if self.g.chance(7, 10) || after_arrival > latest {
                    (m.arrival, arrival_reason)
                } else {
                    (
                        self.g.day(after_arrival, latest),
                        AcquisitionReason::LeftEmployeeInsurance,
                    )
                }
            }
            _ => {
                if self.g.chance(1, 50) && after_arrival <= latest {
                    (self.g.day(after_arrival, latest), AcquisitionReason::WelfareEnded)
                } else if self.g.chance(1, 2) || after_arrival > latest {
                    (m.arrival, arrival_reason)
                } else {
                    let lo = after_arrival.max(m.birth.add_years(20)).min(latest);
                    (self.g.day(lo, latest), AcquisitionReason::LeftEmployeeInsurance)
                }
            }
        }
    }

    /// Earliest start of the current NHI period of the parents of a child with `role`
    /// (head/spouse for a child, the working generation for a grandchild), if any is insured.
    fn parents_nhi_start(&self, role: Role) -> Option<Day> {
        let parent_roles: &[Role] = match role {
            Role::Grandchild => &[Role::Child, Role::ChildSpouse],
            _ => &[Role::Head, Role::Spouse],
        };
        self.members
            .iter()
            .filter(|p| parent_roles.contains(&p.role) && p.exit.is_none() && p.cover == Cover::Nhi)
            .filter_map(|p| p.periods.last().filter(|per| per.to.is_none()).map(|per| per.from))
            .min()
    }

    fn plan_periods(&mut self) {
        let as_of = self.as_of;
        for i in 0..self.members.len() {
            let Some(m) = self.members.get(i).cloned() else {
                continue;
            };
            let mut periods = Vec::new();
            let arrival_reason = if m.born_here {
                AcquisitionReason::Birth
            } else {
                AcquisitionReason::MoveIn
            };
            // The day the person stops being ours (exclusive) and why.
            let (end, loss) = match m.exit {
                Some(Exit::Death(d)) => (Some(d.plus(1)), Some(LossReason::Death)),
                Some(Exit::MoveOut(d)) => (Some(d.plus(1)), Some(LossReason::MoveOut)),
                Some(Exit::StudentAway(_)) | None => (None, None),
            };
            let horizon = end.unwrap_or(as_of.plus(1));
            match m.cover {
                Cover::Nhi => {
                    let (start, reason) = self.nhi_start(i, horizon);
                    let start = start.min(horizon.plus(-1)).max(m.arrival);
                    // Sometimes an earlier period that ended when the person took a job.
                    if reason == AcquisitionReason::LeftEmployeeInsurance
                        && m.forced_start.is_none()
                        && start.0 - m.arrival.0 >= 730
                        && self.g.chance(1, 4)
                    {
                        let mid = self.g.day(m.arrival.plus(180), start.plus(-180));
                        let notified = self.notify_after(m.arrival);
                        let loss_notified = self.notify_after(mid);
                        periods.push(Period {
                            from: m.arrival,
                            reason: arrival_reason,
                            notified,
                            to: Some((mid, LossReason::JoinedEmployeeInsurance, loss_notified)),
                        });
                    }
                    let notified = self.notify_after(start);
                    let to = match (end, loss) {
                        (Some(e), Some(l)) => {
                            let n = self.notify_after(e.plus(-1));
                            Some((e, l, n))
                        }
                        _ => None,
                    };
                    periods.push(Period {
                        from: start,
                        reason,
                        notified,
                        to,
                    });
                }
                Cover::Employee | Cover::Dependent => {
                    if horizon.0 - m.arrival.0 >= 180 && self.g.chance(3, 20) {
                        let mid = self.g.day(m.arrival.plus(90), horizon.plus(-1));
                        let notified = self.notify_after(m.arrival);
                        let loss_notified = self.notify_after(mid);
                        periods.push(Period {
                            from: m.arrival,
                            reason: arrival_reason,
                            notified,
                            to: Some((mid, LossReason::JoinedEmployeeInsurance, loss_notified)),
                        });
                    }
                }
                Cover::LateElderly => {
                    let b75 = m.birth.add_years(75);
                    if !m.no_nhi_history && m.arrival < b75 && b75 < horizon {
                        let (start, reason) = self.nhi_start(i, b75);
                        let start = start.min(b75.plus(-1)).max(m.arrival);
                        let notified = self.notify_after(start);
                        // 後期 on the 75th birthday is automatic: no 届出, recorded that day.
                        periods.push(Period {
                            from: start,
                            reason,
                            notified,
                            to: Some((b75, LossReason::LateElderly, b75)),
                        });
                    }
                }
            }
            if let Some(mm) = self.members.get_mut(i) {
                mm.periods = periods;
            }
        }
    }
}

/// Everything dated that becomes a 住民異動 line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum EventKind {
    Arrive,
    NameChange,
    Move(usize),
    Death,
    MoveOut,
    AwayOut,
    AwayRegister,
    HeadChange,
}

fn priority(k: EventKind) -> u8 {
    match k {
        EventKind::Arrive => 0,
        EventKind::NameChange => 1,
        EventKind::Move(_) => 2,
        EventKind::Death => 3,
        EventKind::MoveOut | EventKind::AwayOut => 4,
        EventKind::AwayRegister => 5,
        EventKind::HeadChange => 6,
    }
}

fn relationship(role: Role, sex: Sex) -> &'static str {
    match (role, sex) {
        (Role::Head, _) => "世帯主",
        (Role::Spouse, Sex::Female) => "妻",
        (Role::Spouse, Sex::Male) => "夫",
        (Role::Child, _) => "子",
        (Role::Parent, Sex::Male) => "父",
        (Role::Parent, Sex::Female) => "母",
        (Role::ChildSpouse, Sex::Female) => "子の妻",
        (Role::ChildSpouse, Sex::Male) => "子の夫",
        (Role::Grandchild, _) => "孫",
    }
}

/// 宛名番号 of member `slot` of household `index`: 世帯番号 + 2-digit slot (11–12 digits).
pub(crate) fn resident_no(index: u32, slot: usize) -> ResidentNo {
    let mut s = String::with_capacity(12);
    push_padded(&mut s, u64::from(index) + 1, 9);
    push_padded(&mut s, u64::try_from(slot).unwrap_or(0) + 1, 2);
    ResidentNo::parse(&s).unwrap_or_else(|_| invalid_generated_id("宛名番号"))
}

/// 世帯番号 of household `index`: index + 1 on at least 9 digits.
pub(crate) fn household_no(index: u32) -> HouseholdNo {
    let mut s = String::with_capacity(10);
    push_padded(&mut s, u64::from(index) + 1, 9);
    HouseholdNo::parse(&s).unwrap_or_else(|_| invalid_generated_id("世帯番号"))
}

/// The generator only formats identifiers of 6 to 12 ASCII digits, which the domain parsers
/// accept by definition (保険者番号 6 digits, 宛名番号/世帯番号 1–15 digits); the unit test
/// `generated_ids_always_parse` covers the extremes. Reaching this is a programming error.
#[allow(
    clippy::panic,
    reason = "unreachable: generated identifiers are digit strings of a valid length"
)]
pub(crate) fn invalid_generated_id(what: &str) -> ! {
    panic!("kokuho-demo generated an invalid {what}")
}

/// Generates household `index` of the city.
pub(crate) fn generate(city: &CityParams, index: u32) -> DemoHousehold {
    let mut g = Gen::new(city.seed, index);
    let foreign = if g.chance(3, 100) {
        random_nationality(&mut g)
    } else {
        None
    };
    let surname = match foreign {
        Some(n) => g.pick(n.families, ("SMITH", "スミス")),
        None => random_surname(&mut g),
    };
    let size = g.weighted(if foreign.is_some() { SIZES_FOREIGN } else { SIZES }, 1);
    let template = match (foreign.is_some(), size) {
        (false, 1) => g.weighted(ONE, Template::SingleRetiree),
        (false, 2) => g.weighted(TWO, Template::ElderlyCouple),
        (false, _) => g.weighted(MORE, Template::Family),
        (true, 1) => Template::SingleWorking,
        (true, 2) => g.weighted(
            &[(70, Template::WorkingCouple), (30, Template::SingleParent)],
            Template::WorkingCouple,
        ),
        (true, _) => g.weighted(
            &[(85, Template::Family), (15, Template::SingleParent)],
            Template::Family,
        ),
    };
    let mut b = Builder {
        city,
        index,
        g,
        as_of: city.as_of,
        foreign,
        surname,
        members: Vec::with_capacity(size + 2),
        t0: city.as_of,
        head_changes: Vec::new(),
        moves: Vec::new(),
        flags: Vec::new(),
        template,
    };
    b.build_template(size);
    b.choose_t0();
    b.set_arrivals();
    b.add_departed();
    b.add_events();
    b.plan_special_cases();
    b.plan_periods();
    b.plan_other_flags();
    if b.foreign.is_some() {
        let as_of = b.as_of;
        for i in 0..b.members.len() {
            let until = b.g.day(as_of.add_years(1), as_of.add_years(5));
            if let Some(m) = b.members.get_mut(i) {
                m.stay_until = Some(until);
            }
        }
    }
    finish(b)
}

/// Turns the plan into the public records.
fn finish(mut b: Builder<'_>) -> DemoHousehold {
    let index = b.index;
    let household_no = household_no(index);
    let as_of = b.as_of;
    let nationality = b.foreign.map(|n| n.name);
    let latin = b.foreign.is_some_and(|n| n.latin);

    // Addresses: the first one, one per 転居, and outside ones for 転出 / 学遠.
    let mut addresses: Vec<Address> = Vec::with_capacity(b.moves.len() + 1);
    for _ in 0..=b.moves.len() {
        addresses.push(Addr::random(&mut b.g).to_address());
    }

    // Events in chronological order.
    let mut events: Vec<(Day, u8, usize, EventKind)> = Vec::with_capacity(b.members.len() * 2 + 4);
    for (i, m) in b.members.iter().enumerate() {
        events.push((m.arrival, priority(EventKind::Arrive), i, EventKind::Arrive));
        if let Some((_, d)) = m.maiden {
            events.push((d, priority(EventKind::NameChange), i, EventKind::NameChange));
        }
        match m.exit {
            Some(Exit::Death(d)) => events.push((d, priority(EventKind::Death), i, EventKind::Death)),
            Some(Exit::MoveOut(d)) => events.push((d, priority(EventKind::MoveOut), i, EventKind::MoveOut)),
            Some(Exit::StudentAway(d)) => {
                events.push((d, priority(EventKind::AwayOut), i, EventKind::AwayOut));
                events.push((d, priority(EventKind::AwayRegister), i, EventKind::AwayRegister));
            }
            None => {}
        }
    }
    for (k, d) in b.moves.iter().enumerate() {
        events.push((*d, priority(EventKind::Move(k + 1)), usize::MAX, EventKind::Move(k + 1)));
    }
    for (d, new_head) in &b.head_changes {
        events.push((*d, priority(EventKind::HeadChange), *new_head, EventKind::HeadChange));
    }
    events.sort_by_key(|(d, p, i, _)| (*d, *p, *i));

    let n = b.members.len();
    let mut present = vec![false; n];
    let mut labels: Vec<&'static str> = b.members.iter().map(|m| relationship(m.role, m.sex)).collect();
    let mut head = 0usize;
    let mut current = 0usize;
    let mut away_address: Option<Address> = None;
    let mut arrival_notified = vec![as_of; n];
    let mut exit_notified = vec![as_of; n];
    let person_record = |m: &Member, family: Part| -> PersonRecord {
        let (name, kana) = full_name(family, m.given, latin);
        PersonRecord {
            name: PersonName { name, kana },
            birth_date: m.birth.to_date(),
            sex: m.sex,
            nationality: nationality.map(str::to_string),
            stay_until: m.stay_until.map(Day::to_date),
        }
    };
    let resident_nos: Vec<ResidentNo> = (0..n).map(|i| resident_no(index, i)).collect();
    let mut sink = LineSink {
        resident_nos: &resident_nos,
        index,
        household_no: &household_no,
        seq: 0,
        changes: Vec::with_capacity(events.len() + n),
    };
    for (day, _, slot, kind) in events {
        match kind {
            EventKind::Arrive => {
                let Some(m) = b.members.get(slot) else { continue };
                if let Some(p) = present.get_mut(slot) {
                    *p = true;
                }
                let family = m.maiden.map_or(m.family, |(old, _)| old);
                let record = person_record(m, family);
                let notified = notify_line(&mut b.g, as_of, day, 0, 14);
                if let Some(a) = arrival_notified.get_mut(slot) {
                    *a = notified;
                }
                let k = if m.born_here {
                    ResidentChangeKind::Birth
                } else {
                    ResidentChangeKind::MoveIn
                };
                let line = Line {
                    day,
                    slot,
                    kind: k,
                    notified,
                    is_head: slot == head,
                    rel: label(&labels, slot),
                };
                sink.push(line, Some(record), addresses.get(current).cloned());
            }
            EventKind::NameChange => {
                let Some(m) = b.members.get(slot) else { continue };
                if !present.get(slot).copied().unwrap_or(false) {
                    continue;
                }
                let record = person_record(m, m.family);
                let notified = notify_line(&mut b.g, as_of, day, 0, 7);
                let line = Line {
                    day,
                    slot,
                    kind: ResidentChangeKind::NameChange,
                    notified,
                    is_head: slot == head,
                    rel: label(&labels, slot),
                };
                sink.push(line, Some(record), None);
            }
            EventKind::Move(k) => {
                if k < addresses.len() {
                    current = k;
                }
                let notified = notify_line(&mut b.g, as_of, day, 0, 14);
                for (i, here) in present.iter().enumerate() {
                    if *here {
                        let line = Line {
                            day,
                            slot: i,
                            kind: ResidentChangeKind::AddressChange,
                            notified,
                            is_head: i == head,
                            rel: label(&labels, i),
                        };
                        sink.push(line, None, addresses.get(current).cloned());
                    }
                }
            }
            EventKind::Death | EventKind::MoveOut | EventKind::AwayOut => {
                if let Some(p) = present.get_mut(slot) {
                    *p = false;
                }
                let (k, notified, address) = if kind == EventKind::Death {
                    (ResidentChangeKind::Death, notify_line(&mut b.g, as_of, day, 0, 7), None)
                } else {
                    // 転出 is notified in advance (転出予定日).
                    let advance = b.g.int32(0, 14);
                    (
                        ResidentChangeKind::MoveOut,
                        day.plus(-advance),
                        Some(Addr::random_outside(&mut b.g).to_address()),
                    )
                };
                if let Some(e) = exit_notified.get_mut(slot) {
                    *e = notified;
                }
                if kind == EventKind::AwayOut {
                    // The 住登外 registration that follows uses the same outside address.
                    away_address.clone_from(&address);
                }
                let line = Line {
                    day,
                    slot,
                    kind: k,
                    notified,
                    is_head: false,
                    rel: label(&labels, slot),
                };
                sink.push(line, None, address);
            }
            EventKind::AwayRegister => {
                let Some(m) = b.members.get(slot) else { continue };
                let record = person_record(m, m.family);
                let notified = notify_line(&mut b.g, as_of, day, 0, 10);
                let away = away_address.take().or_else(|| addresses.get(current).cloned());
                let line = Line {
                    day,
                    slot,
                    kind: ResidentChangeKind::NonResidentRegistration,
                    notified,
                    is_head: false,
                    rel: label(&labels, slot),
                };
                sink.push(line, Some(record), away);
            }
            EventKind::HeadChange => {
                let old = head;
                head = slot;
                relabel(&b.members, &mut labels, old, slot, &present);
                let notified = notify_line(&mut b.g, as_of, day, 0, 14);
                let line = Line {
                    day,
                    slot,
                    kind: ResidentChangeKind::HeadChange,
                    notified,
                    is_head: true,
                    rel: "世帯主",
                };
                sink.push(line, None, None);
            }
        }
    }
    let changes = sink.changes;

    // NHI periods.
    let mut enrollments = Vec::with_capacity(n + 2);
    for (i, m) in b.members.iter().enumerate() {
        for p in &m.periods {
            let notified =
                if p.from == m.arrival && matches!(p.reason, AcquisitionReason::MoveIn | AcquisitionReason::Birth) {
                    arrival_notified.get(i).copied().unwrap_or(p.notified)
                } else {
                    p.notified
                };
            let loss_notified = p.to.map(|(_, reason, n)| match reason {
                LossReason::Death | LossReason::MoveOut => exit_notified.get(i).copied().unwrap_or(n),
                _ => n,
            });
            enrollments.push(DemoEnrollment {
                resident_no: slot_no(&resident_nos, index, i),
                acquired_on: p.from.to_date(),
                reason: p.reason,
                acquisition_notified_on: notified.to_date(),
                lost_on: p.to.map(|(d, _, _)| d.to_date()),
                loss_reason: p.to.map(|(_, r, _)| r),
                loss_notified_on: loss_notified.map(Day::to_date),
            });
        }
    }

    // Incomes and members.
    let fy = as_of.fiscal_year();
    let years = [fy - 2, fy - 1];
    let earner = if b.g.chance(1, 100) {
        b.members
            .iter()
            .enumerate()
            .position(|(_, m)| m.exit.is_none() && m.cover == Cover::Nhi && m.birth.age_on(as_of) >= 20)
    } else {
        None
    };
    let business = b
        .members
        .iter()
        .position(|m| m.job == Job::SelfEmployed && m.exit.is_none());
    let worker = b
        .members
        .iter()
        .position(|m| m.job == Job::FamilyWorker && m.exit.is_none());
    let family_pay = match (business, worker) {
        (Some(_), Some(_)) => b.g.yen_banded(&[(1, 800_000, 3_000_000)]),
        _ => 0,
    };
    let mut incomes = Vec::with_capacity(2 * n);
    let mut members = Vec::with_capacity(n);
    let conflict = if b.g.chance(1, 200) {
        Some(b.g.below(u32::try_from(n).unwrap_or(1)))
    } else {
        None
    };
    let conflict_other = b.g.below(u32::try_from(n.saturating_sub(1)).unwrap_or(0));
    let duplicate_not_blank = b.g.chance(1, 2);
    for (i, m) in b.members.iter().enumerate() {
        let rno = slot_no(&resident_nos, index, i);
        let reference = m.exit.map_or(as_of, |e| match e {
            Exit::StudentAway(_) => as_of,
            other => other.day(),
        });
        let age = m.birth.age_on(reference);
        if age >= 15 {
            let mut profile: Profile = draw_profile(
                &mut b.g,
                m.job,
                is_female(m.sex),
                m.birth.age_on(as_of),
                earner == Some(i),
            );
            profile.separated_on = m.separation;
            if m.separation.is_some() {
                profile.salary = b.g.yen_banded(&[(1, 2_500_000, 6_000_000)]);
            }
            if family_pay > 0 && business == Some(i) {
                profile.family_pay = family_pay;
                profile.other = profile.other.max(family_pay / 2 + 1_000_000);
            }
            if family_pay > 0 && worker == Some(i) {
                profile.salary = family_pay;
                profile.salary_fixed = true;
            }
            let subject = IncomeSubject {
                resident_no: &rno,
                birth: m.birth,
                profile: &profile,
            };
            for (k, year) in years.iter().enumerate() {
                let left_before = m.exit.is_some_and(|e| {
                    matches!(e, Exit::Death(_) | Exit::MoveOut(_)) && e.day() < Day::from_ymd(*year, 1, 1)
                });
                if !left_before {
                    incomes.push(record(&mut b.g, &subject, *year, k == 1));
                }
            }
        }
        let status = match m.exit {
            None => DemoMemberStatus::Present,
            Some(Exit::Death(d)) => DemoMemberStatus::Died { on: d.to_date() },
            Some(Exit::MoveOut(d)) => DemoMemberStatus::MovedOut { on: d.to_date() },
            Some(Exit::StudentAway(d)) => DemoMemberStatus::StudentAway { since: d.to_date() },
        };
        let insured_now = m
            .periods
            .iter()
            .any(|p| p.from <= as_of && p.to.is_none_or(|(d, _, _)| as_of < d));
        let coverage = match (m.exit, insured_now, m.cover) {
            (Some(Exit::Death(_) | Exit::MoveOut(_)), _, _) => DemoCoverage::Departed,
            (_, true, _) => DemoCoverage::Nhi,
            (_, false, Cover::Employee) => DemoCoverage::EmployeeInsured,
            (_, false, Cover::Dependent) => DemoCoverage::EmployeeDependent,
            (_, false, Cover::LateElderly) => DemoCoverage::LateElderly,
            (_, false, Cover::Nhi) => DemoCoverage::Departed,
        };
        let valid = b.city.mint.number(index, u8::try_from(i).unwrap_or(u8::MAX));
        let i32_slot = u32::try_from(i).unwrap_or(u32::MAX);
        let my_number = match (conflict, valid) {
            (Some(c), Some(_)) if c == i32_slot && n >= 2 && duplicate_not_blank => {
                // Same number as another member of the household (a data-entry error).
                let other = if conflict_other >= c {
                    conflict_other + 1
                } else {
                    conflict_other
                };
                let other_slot = usize::try_from(other).unwrap_or(0);
                match b.city.mint.number(index, u8::try_from(other_slot).unwrap_or(u8::MAX)) {
                    Some(num) => DemoMyNumber::Duplicate {
                        number: num,
                        same_as: slot_no(&resident_nos, index, other_slot),
                    },
                    None => DemoMyNumber::Blank,
                }
            }
            (Some(c), _) if c == i32_slot => DemoMyNumber::Blank,
            (_, Some(v)) => DemoMyNumber::Valid(v),
            (_, None) => DemoMyNumber::Blank,
        };
        members.push(DemoMember {
            resident_no: rno,
            person: person_record(m, m.family),
            relationship: labels.get(i).copied().unwrap_or("").to_string(),
            status,
            coverage,
            my_number,
        });
    }

    let flags = b
        .flags
        .iter()
        .map(|(kind, slot, from, until, attrs)| DemoFlag {
            kind: *kind,
            resident_no: slot.map(|s| slot_no(&resident_nos, index, s)),
            starts_on: from.to_date(),
            ends_before: until.map(Day::to_date),
            attributes: attrs.clone(),
        })
        .collect();

    DemoHousehold {
        index,
        household_no,
        head: slot_no(&resident_nos, index, head),
        members,
        changes,
        enrollments,
        incomes,
        flags,
    }
}

/// 届出日 of a register line: usually within `lo..=hi` days, 1 in 20 late; never after `as_of`.
fn notify_line(g: &mut Gen, as_of: Day, effective: Day, lo: i32, hi: i32) -> Day {
    let late = g.chance(1, 20);
    let d = if late {
        effective.plus(g.int32(hi + 1, hi + 60))
    } else {
        effective.plus(g.int32(lo, hi))
    };
    d.min(as_of).max(effective)
}

fn label(labels: &[&'static str], slot: usize) -> &'static str {
    labels.get(slot).copied().unwrap_or("")
}

/// 宛名番号 of `slot` from the household's precomputed list.
fn slot_no(resident_nos: &[ResidentNo], index: u32, slot: usize) -> ResidentNo {
    resident_nos
        .get(slot)
        .cloned()
        .unwrap_or_else(|| resident_no(index, slot))
}

/// The fields of one register line that vary.
struct Line {
    day: Day,
    slot: usize,
    kind: ResidentChangeKind,
    notified: Day,
    is_head: bool,
    rel: &'static str,
}

/// Collects the register lines of one household, numbering them.
struct LineSink<'h> {
    resident_nos: &'h [ResidentNo],
    index: u32,
    household_no: &'h HouseholdNo,
    seq: u32,
    changes: Vec<ResidentChange>,
}

impl LineSink<'_> {
    fn push(&mut self, line: Line, person: Option<PersonRecord>, address: Option<Address>) {
        self.seq += 1;
        self.changes.push(ResidentChange {
            change_id: {
                let mut id = String::with_capacity(20);
                id.push_str("DEMO-");
                id.push_str(self.household_no.as_str());
                id.push('-');
                push_padded(&mut id, u64::from(self.seq), 3);
                id
            },
            kind: line.kind,
            effective_on: line.day.to_date(),
            notified_on: line.notified.to_date(),
            resident_no: slot_no(self.resident_nos, self.index, line.slot),
            household_no: self.household_no.clone(),
            is_head: line.is_head,
            relationship: line.rel.to_string(),
            person,
            address,
        });
    }
}

/// Updates the 続柄 after a 世帯主変更 from `old` to `new`.
fn relabel(members: &[Member], labels: &mut [&'static str], old: usize, new: usize, present: &[bool]) {
    let new_role = members.get(new).map(|m| m.role);
    let new_birth = members.get(new).map(|m| m.birth);
    for (i, label) in labels.iter_mut().enumerate() {
        let Some(m) = members.get(i) else { continue };
        if i == new {
            *label = "世帯主";
            continue;
        }
        if !present.get(i).copied().unwrap_or(false) && i != old {
            continue;
        }
        if new_role == Some(Role::Child) {
            *label = match (m.role, m.sex) {
                (Role::Head | Role::Spouse | Role::Parent, Sex::Male) => "父",
                (Role::Head | Role::Spouse | Role::Parent, Sex::Female) => "母",
                (Role::Child, sex) => {
                    let older = new_birth.is_some_and(|b| m.birth < b);
                    match (older, sex) {
                        (true, Sex::Male) => "兄",
                        (true, Sex::Female) => "姉",
                        (false, Sex::Male) => "弟",
                        (false, Sex::Female) => "妹",
                    }
                }
                _ => label,
            };
        } else if i == old {
            *label = relationship(Role::Spouse, m.sex);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DemoCity;
    use jiff::civil::date;

    #[test]
    fn generated_ids_always_parse() {
        for index in [0u32, 1, 999_999_998, 999_999_999, u32::MAX] {
            let h = household_no(index);
            assert!(h.as_str().len() >= 9);
            for slot in [0usize, 1, 31] {
                let r = resident_no(index, slot);
                assert!(r.as_str().starts_with(h.as_str()));
                assert_eq!(r.as_str().len(), h.as_str().len() + 2);
            }
        }
        assert_eq!(household_no(0).as_str(), "000000001");
        assert_eq!(resident_no(0, 0).as_str(), "00000000101");
        assert_eq!(resident_no(u32::MAX, 31).as_str(), "429496729632");
        assert_eq!(DemoCity::insurer_no().as_str(), "990001");
    }

    fn city() -> DemoCity {
        DemoCity::new(11, 3_000, date(2026, 6, 1))
    }

    #[test]
    fn nobody_is_born_on_february_29_or_after_as_of() {
        let as_of = date(2024, 2, 29);
        let city = DemoCity::new(4, 3_000, as_of);
        for h in city.households() {
            for m in &h.members {
                let b = m.person.birth_date;
                assert!(b <= as_of);
                assert!(!(b.month() == 2 && b.day() == 29), "{b}");
            }
        }
    }

    #[test]
    fn a_widow_becomes_head_on_the_day_of_death() {
        let mut seen = 0;
        for h in city().households() {
            let Some(first) = h.members.first() else { continue };
            let DemoMemberStatus::Died { on } = first.status else {
                continue;
            };
            let Some(change) = h.changes.iter().find(|c| c.kind == ResidentChangeKind::HeadChange) else {
                continue;
            };
            seen += 1;
            assert_eq!(change.effective_on, on);
            assert_eq!(change.resident_no, h.head);
            let survivor = h.member(&h.head).map(|m| m.relationship.as_str());
            assert_eq!(survivor, Some("世帯主"));
            assert!(matches!(first.relationship.as_str(), "夫" | "妻"));
            let death = h.changes.iter().position(|c| c.kind == ResidentChangeKind::Death);
            let head_change = h.changes.iter().position(|c| c.kind == ResidentChangeKind::HeadChange);
            assert!(death < head_change);
        }
        assert!(seen > 10, "{seen}");
    }

    #[test]
    fn a_student_away_moves_out_registers_elsewhere_and_stays_insured() {
        let mut seen = 0;
        for h in city().households() {
            for m in &h.members {
                let DemoMemberStatus::StudentAway { since } = m.status else {
                    continue;
                };
                seen += 1;
                let lines: Vec<_> = h.changes.iter().filter(|c| c.resident_no == m.resident_no).collect();
                let n = lines.len();
                let out = lines.get(n - 2).unwrap();
                let registered = lines.get(n - 1).unwrap();
                assert_eq!(out.kind, ResidentChangeKind::MoveOut);
                assert_eq!(registered.kind, ResidentChangeKind::NonResidentRegistration);
                assert_eq!(out.effective_on, since);
                assert_eq!(registered.effective_on, since);
                assert_eq!((since.month(), since.day()), (4, 1));
                assert_eq!(out.address, registered.address);
                assert!(registered.address.as_ref().unwrap().postal_code.starts_with("9998"));
                assert!(h.insured_on(date(2026, 6, 1)).any(|e| e.resident_no == m.resident_no));
                assert!(h.flags.iter().any(|f| f.kind == FlagKind::StudentAway));
            }
        }
        assert!(seen > 0);
    }

    #[test]
    fn a_parent_can_hand_the_headship_to_an_adult_child() {
        let mut seen = 0;
        for h in city().households() {
            let Some(first) = h.members.first() else { continue };
            if first.status != DemoMemberStatus::Present || first.resident_no == h.head {
                continue;
            }
            seen += 1;
            assert!(
                matches!(first.relationship.as_str(), "父" | "母"),
                "{}",
                first.relationship
            );
            assert_eq!(h.member(&h.head).map(|m| m.relationship.as_str()), Some("世帯主"));
        }
        assert!(seen > 0);
    }

    #[test]
    fn a_maiden_name_changes_to_the_household_name() {
        let mut seen = 0;
        for h in city().households() {
            for c in h.changes.iter().filter(|c| c.kind == ResidentChangeKind::NameChange) {
                seen += 1;
                let arrival = h
                    .changes
                    .iter()
                    .find(|a| a.resident_no == c.resident_no && a.kind == ResidentChangeKind::MoveIn)
                    .unwrap();
                let before = &arrival.person.as_ref().unwrap().name;
                let after = &c.person.as_ref().unwrap().name;
                assert_ne!(before.name, after.name);
                assert!(c.effective_on >= arrival.effective_on);
                let head = h.member(&h.head).unwrap();
                let family = |n: &str| n.split('\u{3000}').next().unwrap_or("").to_string();
                assert_eq!(family(&after.name), family(&head.person.name.name));
            }
        }
        assert!(seen > 0);
    }

    #[test]
    fn children_join_nhi_with_their_parents() {
        for h in city().households() {
            for m in &h.members {
                let age = m
                    .person
                    .birth_date
                    .until((jiff::Unit::Year, date(2026, 6, 1)))
                    .unwrap()
                    .get_years();
                if m.relationship != "子" || age >= 15 || m.coverage != DemoCoverage::Nhi {
                    continue;
                }
                let child_start = h
                    .enrollments
                    .iter()
                    .rfind(|e| e.resident_no == m.resident_no)
                    .unwrap()
                    .acquired_on;
                let parent_start = h
                    .members
                    .iter()
                    .filter(|p| matches!(p.relationship.as_str(), "世帯主" | "妻" | "夫"))
                    .filter(|p| p.coverage == DemoCoverage::Nhi)
                    .filter_map(|p| h.enrollments.iter().rfind(|e| e.resident_no == p.resident_no))
                    .map(|e| e.acquired_on)
                    .min();
                if let Some(p) = parent_start {
                    assert!(child_start >= p, "{}: child insured before the parents", m.resident_no);
                }
            }
        }
    }
}
