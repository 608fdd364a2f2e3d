//! 所得 (incomes) of the synthetic residents, in integer yen.
//!
//! Each person aged 15 or more gets a base profile drawn once from their occupation (so the two
//! income years are correlated), then each year varies by ±10 % and follows the events of the
//! person's life (pension from 65, salary stopping at a 離職日). Every distribution is a small
//! table of integer bands; see the crate documentation for the numbers.

use kokuho_domain::Yen;
use kokuho_domain::assessment::income::IncomeRecord;
use kokuho_domain::kernel::ids::ResidentNo;

use crate::days::Day;
use crate::random::Gen;

/// 職業・就労状況: what drives a person's income (and, in the household module, their
/// insurance).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Job {
    /// 年金生活者
    Pensioner,
    /// 自営業 (営業・農業・不動産)
    SelfEmployed,
    /// 事業専従者 (paid by a self-employed member of the household)
    FamilyWorker,
    /// パート・アルバイト (no employee insurance)
    PartTime,
    /// 社保のない小規模事業所の従業員
    SmallEmployer,
    /// 会社員 (employee insurance)
    Employee,
    /// 無職
    Unemployed,
    /// 学生
    Student,
    /// 家事従事者
    Homemaker,
    /// 15歳未満
    Child,
}

/// 給与収入 of part-time work.
const PART_TIME_SALARY: &[(u32, i64, i64)] = &[
    (30, 200_000, 1_030_000),
    (40, 1_030_000, 1_600_000),
    (25, 1_600_000, 2_400_000),
    (5, 2_400_000, 3_500_000),
];
/// 給与収入 at a small employer without employee insurance.
const SMALL_EMPLOYER_SALARY: &[(u32, i64, i64)] = &[
    (40, 1_800_000, 3_000_000),
    (45, 3_000_000, 4_500_000),
    (15, 4_500_000, 7_000_000),
];
/// 給与収入 of an employee with employee insurance (not NHI-insured themself).
const EMPLOYEE_SALARY: &[(u32, i64, i64)] = &[
    (20, 2_500_000, 4_000_000),
    (40, 4_000_000, 6_000_000),
    (30, 6_000_000, 9_000_000),
    (10, 9_000_000, 15_000_000),
];
/// 事業所得 (after 専従者給与) of the self-employed: some losses, many small, a tail.
const BUSINESS_INCOME: &[(u32, i64, i64)] = &[
    (6, -1_200_000, -1_000),
    (30, 0, 1_500_000),
    (30, 1_500_000, 3_000_000),
    (22, 3_000_000, 5_000_000),
    (9, 5_000_000, 7_500_000),
    (3, 7_500_000, 9_500_000),
];
/// 事業所得 of the ~1 % of households that will hit the 賦課限度額.
const HIGH_INCOME: &[(u32, i64, i64)] = &[
    (70, 10_000_000, 15_000_000),
    (25, 15_000_000, 25_000_000),
    (5, 25_000_000, 60_000_000),
];
/// 公的年金等収入 (65+), men: 基礎年金のみ … 厚生年金の長期加入.
const PENSION_MALE: &[(u32, i64, i64)] = &[
    (25, 650_000, 820_000),
    (20, 820_000, 1_500_000),
    (35, 1_500_000, 2_500_000),
    (15, 2_500_000, 3_800_000),
    (5, 3_800_000, 6_000_000),
];
/// 公的年金等収入 (65+), women.
const PENSION_FEMALE: &[(u32, i64, i64)] = &[
    (45, 500_000, 820_000),
    (30, 820_000, 1_500_000),
    (20, 1_500_000, 2_500_000),
    (5, 2_500_000, 4_000_000),
];
/// 分離課税所得 from shares (株式等の譲渡・配当).
const STOCK_GAINS: &[(u32, i64, i64)] = &[
    (70, 30_000, 500_000),
    (25, 500_000, 3_000_000),
    (5, 3_000_000, 20_000_000),
];

/// A person's income profile, drawn once.
#[derive(Debug, Clone, Default)]
pub(crate) struct Profile {
    /// 給与収入 per year at full activity.
    pub salary: i64,
    /// The salary is the same every year (専従者給与, fixed by the owner's 届出).
    pub salary_fixed: bool,
    /// 公的年金等収入 per year once receiving.
    pub pension: i64,
    /// Age from which the pension is paid (65, or 60 for 特別支給・繰上げ).
    pub pension_from_age: i32,
    /// 事業等所得 per year.
    pub other: i64,
    /// 分離課税 (株式): amount and which years (bit 0 = older year, bit 1 = latest year).
    pub stock: Option<(i64, u8)>,
    /// 分離課税 (土地建物): gain, 特別控除, in the latest year (true) or the older one.
    pub land: Option<(i64, i64, bool)>,
    /// 専従者給与 paid to a family worker (on the owner's record; the worker's salary).
    pub family_pay: i64,
    /// 離職日: salary stops after it.
    pub separated_on: Option<Day>,
    /// 未申告: bit 0 = older year, bit 1 = latest year.
    pub undeclared: u8,
}

/// Draws the profile of one person aged 15+ (`age` at the reference date).
pub(crate) fn draw_profile(g: &mut Gen, job: Job, female: bool, age: i32, high_earner: bool) -> Profile {
    let mut p = Profile {
        pension_from_age: 65,
        ..Profile::default()
    };
    match job {
        Job::Pensioner => {
            if g.chance(1, 5) {
                p.salary = g.yen_banded(&[(1, 200_000, 1_500_000)]);
            }
            if g.chance(1, 10) {
                p.other = g.yen_banded(&[(1, 100_000, 1_500_000)]);
            }
        }
        Job::SelfEmployed => p.other = g.yen_banded(BUSINESS_INCOME),
        Job::FamilyWorker => {}
        Job::PartTime => p.salary = g.yen_banded(PART_TIME_SALARY),
        Job::SmallEmployer => p.salary = g.yen_banded(SMALL_EMPLOYER_SALARY),
        Job::Employee => p.salary = g.yen_banded(EMPLOYEE_SALARY),
        Job::Unemployed => {
            if g.chance(3, 20) {
                p.other = g.yen_banded(&[(1, 50_000, 500_000)]);
            }
        }
        Job::Student => {
            if g.chance(3, 10) {
                p.salary = g.yen_banded(&[(1, 100_000, 900_000)]);
            }
        }
        Job::Homemaker => {
            if g.chance(2, 5) {
                p.salary = g.yen_banded(&[(1, 300_000, 1_030_000)]);
            }
        }
        Job::Child => {}
    }
    if age >= 60 && job != Job::Child {
        let receives = if age >= 65 {
            g.chance(49, 50)
        } else {
            job == Job::Pensioner && g.chance(2, 5)
        };
        if receives {
            p.pension = if age < 65 {
                p.pension_from_age = 60;
                g.yen_banded(&[(1, 300_000, 1_500_000)])
            } else if female {
                g.yen_banded(PENSION_FEMALE)
            } else {
                g.yen_banded(PENSION_MALE)
            };
        }
    }
    if high_earner {
        p.other = g.yen_banded(HIGH_INCOME);
    }
    if age >= 30 && g.chance(1, 50) {
        let years = u8::try_from(g.int32(1, 3)).unwrap_or(3);
        p.stock = Some((g.yen_banded(STOCK_GAINS), years));
    }
    if age >= 40 && g.chance(3, 1000) {
        let gain = g.yen_banded(&[(1, 2_000_000, 50_000_000)]);
        let cap = g.pick(&[1_000_000i64, 15_000_000, 30_000_000], 30_000_000);
        p.land = Some((gain, gain.min(cap), g.chance(1, 2)));
    }
    if g.chance(3, 100) {
        p.undeclared = if g.chance(3, 5) { 0b11 } else { 0b10 };
    }
    p
}

/// 給与所得 for a 給与収入 in `year` (approximation of 所得税法別表第五 without the
/// 4,000-yen table; the minimum deduction follows the year's law: 55万 to 2024, 65万 in 2025,
/// 74万 from 2026).
pub(crate) fn salary_income(year: i32, revenue: i64) -> i64 {
    if revenue <= 0 {
        return 0;
    }
    let (min_deduction, flat_until) = match year {
        ..=2024 => (550_000, 1_625_000),
        2025 => (650_000, 1_900_000),
        _ => (740_000, 2_200_000),
    };
    let deduction = if revenue <= flat_until {
        min_deduction
    } else if revenue <= 1_800_000 {
        revenue * 40 / 100 - 100_000
    } else if revenue <= 3_600_000 {
        revenue * 30 / 100 + 80_000
    } else if revenue <= 6_600_000 {
        revenue * 20 / 100 + 440_000
    } else if revenue <= 8_500_000 {
        revenue * 10 / 100 + 1_100_000
    } else {
        1_950_000
    };
    (revenue - deduction).max(0)
}

/// 公的年金等に係る雑所得 (公的年金等控除, 他の所得 1,000万以下の表).
pub(crate) fn pension_income(aged_65: bool, revenue: i64) -> i64 {
    if revenue <= 0 {
        return 0;
    }
    let deduction = if aged_65 && revenue <= 3_300_000 {
        1_100_000
    } else if !aged_65 && revenue <= 1_300_000 {
        600_000
    } else if revenue <= 4_100_000 {
        revenue * 25 / 100 + 275_000
    } else if revenue <= 7_700_000 {
        revenue * 15 / 100 + 685_000
    } else if revenue <= 10_000_000 {
        revenue * 5 / 100 + 1_455_000
    } else {
        1_955_000
    };
    (revenue - deduction).max(0)
}

/// ±10 % year-to-year variation, in whole 1,000 yen.
fn vary(g: &mut Gen, amount: i64) -> i64 {
    if amount == 0 {
        return 0;
    }
    let v = amount * g.int(90, 110) / 100;
    v - v.rem_euclid(1000)
}

/// What one person needs for their records.
pub(crate) struct IncomeSubject<'a> {
    pub resident_no: &'a ResidentNo,
    pub birth: Day,
    pub profile: &'a Profile,
}

/// The person's record for `year`; `latest` is the year just before the assessed fiscal year.
pub(crate) fn record(g: &mut Gen, s: &IncomeSubject<'_>, year: i32, latest: bool) -> IncomeRecord {
    let p = s.profile;
    let bit = if latest { 0b10 } else { 0b01 };
    // Draw the variations even for undeclared years so that the stream does not depend on it.
    let varied_salary = vary(g, p.salary);
    let mut salary = if p.salary_fixed { p.salary } else { varied_salary };
    let pension_full = vary(g, p.pension);
    let other = vary(g, p.other);
    let year_end = Day::from_ymd(year, 12, 31);
    let age_end = s.birth.age_on(year_end);
    if let Some(sep) = p.separated_on {
        let (sy, sm, _) = sep.ymd();
        if year > sy {
            salary = 0;
        } else if year == sy {
            salary = salary * i64::from(sm) / 12;
            salary -= salary.rem_euclid(1000);
        }
    }
    // Pension from the month after reaching the pension age (年齢到達月の翌月分から).
    let pension = if p.pension == 0 || age_end < p.pension_from_age {
        0
    } else if age_end == p.pension_from_age {
        let (_, bm, _) = s.birth.ymd();
        let months = i64::from(12 - bm);
        let v = pension_full * months / 12;
        v - v.rem_euclid(1000)
    } else {
        pension_full
    };
    let (separate, special) = {
        let mut sep = 0;
        let mut special = 0;
        if let Some((amount, years)) = p.stock
            && years & bit != 0
        {
            sep += amount;
        }
        if let Some((gain, deduction, in_latest)) = p.land
            && in_latest == latest
        {
            sep += gain - deduction;
            special += deduction;
        }
        (sep, special)
    };
    let family_pay = p.family_pay;
    if p.undeclared & bit != 0 {
        return IncomeRecord {
            undeclared: true,
            ..IncomeRecord::zero(s.resident_no.clone(), year)
        };
    }
    let general = (salary_income(year, salary) + pension_income(age_end >= 65, pension) + other).max(0);
    let total = general + separate;
    // 課税標準 ≈ 総合課税の所得 − 基礎控除43万 − 社会保険料控除 (≈ 10 % of revenue) + 分離課税.
    let social = (salary + pension + other.max(0)) / 10;
    let taxable_general = (general - 430_000 - social).max(0);
    let taxable = taxable_general - taxable_general.rem_euclid(1000) + separate;
    IncomeRecord {
        resident_no: s.resident_no.clone(),
        year,
        salary_revenue: Yen::new(salary),
        pension_revenue: Yen::new(pension),
        other_income: Yen::new(other),
        separate_income: Yen::new(separate),
        separate_special_deduction: Yen::new(special),
        family_employee_pay: Yen::new(family_pay),
        taxable_income: Yen::new(taxable),
        // 住民税非課税 ≈ 合計所得金額 45万以下 (single-person line).
        tax_exempt: total <= 450_000,
        undeclared: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn salary_income_follows_the_years_minimum_deduction() {
        assert_eq!(salary_income(2024, 1_000_000), 450_000);
        assert_eq!(salary_income(2025, 1_000_000), 350_000);
        assert_eq!(salary_income(2026, 1_000_000), 260_000);
        assert_eq!(salary_income(2024, 500_000), 0);
        // Continuity at the band edges.
        assert_eq!(salary_income(2024, 1_625_000), 1_075_000);
        assert_eq!(salary_income(2025, 1_900_000), 1_250_000);
        assert_eq!(salary_income(2024, 3_600_000), 3_600_000 - 1_160_000);
        assert_eq!(salary_income(2024, 10_000_000), 8_050_000);
    }

    #[test]
    fn pension_income_follows_the_deduction_table() {
        assert_eq!(pension_income(true, 1_680_000), 580_000);
        assert_eq!(pension_income(false, 1_000_000), 400_000);
        assert_eq!(pension_income(true, 3_300_000), 2_200_000);
        assert_eq!(pension_income(true, 4_000_000), 4_000_000 - 1_275_000);
        assert_eq!(pension_income(true, 700_000), 0);
    }
}
