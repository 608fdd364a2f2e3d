//! kokuho-demo: a deterministic synthetic city of National Health Insurance households.
//!
//! **Everything this crate produces is fictional demo data (架空のデータ).** The city is
//! 「デモ市（架空のデータ）」 with 保険者番号 [`DemoCity::INSURER_NO`] (`990001`: no prefecture has
//! the number 99), every address is in 「デモ県デモ市」 or another invented place with a postal
//! code starting with `999`, every person is a random combination of common names (see
//! `names.rs`), and **every 個人番号 starts with `00`** ([`DEMO_MY_NUMBER_PREFIX`]) — the demo
//! marker: a real number would have to be explicitly imported to look like one of these.
//!
//! # Use
//!
//! ```
//! use kokuho_demo::DemoCity;
//! use jiff::civil::date;
//!
//! let city = DemoCity::new(42, 1_000, date(2026, 6, 1));
//! let h = city.household(17); // a pure function of (seed, as_of, 17)
//! assert_eq!(h, city.household(17));
//! let insured: usize = city.households().map(|h| h.insured_on(city.as_of()).count()).sum();
//! assert!(insured > 1_000);
//! ```
//!
//! Household `i` is generated from its own ChaCha8 stream (key = seed, stream = `i`), so the
//! city can be produced in any order, in parallel ([`DemoCity::households_in`] for chunks) and
//! streamed: nothing holds the whole city. On one core the generator makes several hundred
//! thousand households per second (`cargo bench -p kokuho-demo`).
//!
//! # What a household contains
//!
//! A [`DemoHousehold`] is an NHI household of the city at `as_of`: at least one member is
//! insured (or a student away, 学遠) and the head is registered in it at `as_of`. It carries
//! - the 住民異動 history of everyone who ever belonged to it ([`ResidentChange`], chronological:
//!   転入 / 出生 with full `PersonRecord` and `Address`, then 転居, 氏名変更 after marriage,
//!   世帯主変更, 死亡, 転出, and 転出 + 住登外登録 for 学遠);
//! - the NHI periods ([`DemoEnrollment`], `lost_on` exclusive as in `kokuho-domain`);
//! - the incomes of the two calendar years before the fiscal year of `as_of` ([`IncomeRecord`])
//!   for everyone aged 15+ who lived in the household during that year;
//! - a demo 個人番号 per person ([`DemoMyNumber`]) and dated flags ([`DemoFlag`]).
//!
//! # Realism parameters (the numbers used)
//!
//! Household size at `as_of` (NHI households are small: nationally about 1.4–1.5
//! insured per household): **1 person 55 %, 2 persons 30 %, 3: 7.5 %, 4: 4.5 %, 5: 2.1 %,
//! 6: 0.9 %** (foreign households 65/20/10/5 % for 1/2/3/4).
//!
//! Composition templates by size (weights):
//! - 1 person: retiree 65–74 (55; 58 % women; 45 % aged 65–69, 55 % 70–74), 60–64 (14),
//!   working age 20–59 (31: self-employed 30 %, part-time 35 %, unemployed 15 %, small employer
//!   without 社保 20 %; students among the under-25s);
//! - 2 persons: retired couple (46), head 75+ in 後期 with an insured spouse (12: 擬制世帯主;
//!   in 40 % the head stayed on 社保 until 75 and the spouse joined NHI that day, flagged
//!   旧被扶養者 when then 65–74; otherwise 特定同一世帯所属者 + 特定世帯), parent + adult child
//!   (10), employee head (社保) with an insured parent (8: 擬制世帯主), working couple (13; 30 % of
//!   self-employed heads pay a spouse as 専従者), single parent (6), self-employed husband with a
//!   社保 wife (5);
//! - 3–6 persons: family with children (45), three generations with an elderly insured head
//!   (20; the working son or daughter and family on 社保), three generations with a 社保 head and
//!   insured parents (15: 擬制世帯主), single parent (10), elderly couple with adult children (10).
//!
//! With these weights about 44 % of the insured are aged 65–74 (the tests accept 38–52 %), close
//! to the national NHI age structure (about 45 %); 0–14 year-olds are about 10 %, and there are
//! about 1.54 insured per household, and 7–8 % of households have a 擬制世帯主.
//!
//! People who left: 30 % of single retirees (10 % of singles 60–64) are widowed (the spouse died
//! in the last 15 years; when the spouse was the head, a 世帯主変更 follows), 15 % of households
//! whose head is 45+ had a child move out (転出), 10 % of three-generation households had a
//! parent die, and 8 % of families whose head is 40+ have a university student away (学遠:
//! 転出 + 住登外登録 on the April 1st after the 18th birthday, still insured).
//!
//! Events: 転居 in 15 % of households (a second one in a fifth of those); 15 % of spouses join
//! after the household moved in, 60 % of those Japanese wives with a 旧姓 and an 氏名変更 within 60
//! days; 10 % of parent + adult child households hand the headship to the child. 届出日 are
//! within 14 days (7 for 死亡 and 氏名変更) except 1 in 20 late; 転出 is notified 0–14 days in
//! advance. NHI 取得 notices: 85 % within 14 days, 12 % 15–90 days, 3 % 91–400 days (遡及).
//!
//! NHI periods: children and foreigners from 転入/出生; pensioners from retirement at 60–65
//! (社保離脱) unless they moved in later (15 % were always self-employed); self-employed from
//! 転入 (70 %) or a later 社保離脱; others half 転入, half 社保離脱, 2 % 生保廃止; a quarter of the
//! 社保離脱 cases had an earlier period ended by 社保加入; 15 % of 社保 members had an earlier NHI
//! period; 後期 on the 75th birthday (`lost_on` = the birthday). Death and 転出 end the period
//! the day after.
//!
//! Foreign residents: 3 % of households (nationalities weighted 中国 26, ベトナム 20, 韓国 12,
//! フィリピン 10, ブラジル 7, ネパール 7, インドネシア 6, 米国 4), younger, moved in within the last
//! 6 years, `stay_until` 1–5 years after `as_of`.
//!
//! Incomes (integer yen, rounded to 1,000; each year varies ±10 % around a profile drawn once):
//! - 給与収入, part-time: 20–103万 (30 %), 103–160万 (40 %), 160–240万 (25 %), 240–350万 (5 %);
//!   small employers 180–700万; 社保 employees 250–1,500万;
//! - 公的年金等収入 (65+, 98 % receive): men 65–82万 (25 %), 82–150万 (20 %), 150–250万 (35 %),
//!   250–380万 (15 %), 380–600万 (5 %); women 50–82万 (45 %), 82–150万 (30 %), 150–250万 (20 %),
//!   250–400万 (5 %); 40 % of 60–64 pensioners get 30–150万 (特別支給), from the month after the
//!   birthday month;
//! - 事業所得: loss up to −120万 (6 %), 0–150万 (30 %), 150–300万 (30 %), 300–500万 (22 %),
//!   500–750万 (9 %), 750–950万 (3 %); **1 % of households** have an insured adult with
//!   1,000–6,000万 (70 % below 1,500万), who reaches the 賦課限度額;
//! - 専従者給与 80–300万 (the same amount as the worker's 給与収入);
//! - 分離課税: shares for 2 % of people 30+ (3–50万 70 %, 50–300万 25 %, 300–2,000万 5 %),
//!   land for 0.3 % of people 40+ (gain 200–5,000万 with a 100万/1,500万/3,000万 特別控除);
//! - 未申告: 3 % of people (the latest year; 60 % of them both years);
//! - 課税所得 ≈ 総所得 − 43万 − 10 % of revenue (社会保険料控除), plus 分離課税; 非課税 when
//!   合計所得 ≤ 45万. These are approximations for the 70–74 copay test data, not tax rules.
//!
//! Flags: 非自発的失業 in ~0.8 % of households (an insured unemployed or part-time person 20–63
//! who left a job 7–730 days before `as_of`, with an eligible 離職理由コード; the period runs to
//! the end of the following fiscal year), 産前産後 in ~0.6 % (an insured woman 20–42 expecting
//! 0–6 months after `as_of`, 2 % multiple births), 支援措置 in 0.2 % (half refuse disclosure to
//! the intermediary server), 学遠, 旧被扶養者, 特定同一世帯所属者 and 特定世帯 as described above.
//!
//! 個人番号: 0.5 % of households carry one deliberate conflict for the 確認リスト: half a blank,
//! half the number of another member of the household ([`DemoMyNumber::Duplicate`]); in a
//! one-person household the conflict is always a blank.
//!
//! Identifiers: 世帯番号 = household index + 1 on 9 digits; 宛名番号 = 世帯番号 + 2-digit member
//! slot (11 digits, unique in the city); 異動番号 = `DEMO-<世帯番号>-<seq>`. Nobody is born on
//! 2月29日 (moved to 3月1日) so that the 75th-birthday rule has no ambiguous case in the data.

#![deny(clippy::indexing_slicing, clippy::float_arithmetic)]

mod address;
mod days;
mod household;
mod income;
mod model;
mod names;
mod numbers;
mod random;
mod text;

use core::ops::Range;

use kokuho_domain::Date;
use kokuho_domain::eligibility::migration::{HouseholdSource, MigratedHousehold};
use kokuho_domain::kernel::ids::InsurerNo;

pub use model::{DemoCoverage, DemoEnrollment, DemoFlag, DemoHousehold, DemoMember, DemoMemberStatus, DemoMyNumber};
pub use numbers::DEMO_MY_NUMBER_PREFIX;

use days::Day;
use household::CityParams;
use numbers::NumberMint;

/// The synthetic city: a seed, a number of households and the date everything is "as of".
#[derive(Debug, Clone)]
pub struct DemoCity {
    households: u32,
    as_of: Date,
    params: CityParams,
}

impl DemoCity {
    /// 保険者番号 of the demo city. Six digits starting with `99` (no prefecture code is 99).
    pub const INSURER_NO: &'static str = "990001";
    /// 保険者名 of the demo city.
    pub const INSURER_NAME: &'static str = "デモ市（架空のデータ）";

    /// A city of `households` households as of `as_of`, drawn from `seed`.
    pub fn new(seed: u64, households: u32, as_of: Date) -> DemoCity {
        DemoCity {
            households,
            as_of,
            params: CityParams {
                seed,
                as_of: Day::from_date(as_of),
                mint: NumberMint::new(seed),
            },
        }
    }

    /// [`Self::INSURER_NO`] as an identifier.
    pub fn insurer_no() -> InsurerNo {
        InsurerNo::parse(Self::INSURER_NO).unwrap_or_else(|_| household::invalid_generated_id("保険者番号"))
    }

    /// The seed the city is drawn from.
    pub fn seed(&self) -> u64 {
        self.params.seed
    }

    /// Number of households.
    pub fn household_count(&self) -> u32 {
        self.households
    }

    /// The date the city is described at.
    pub fn as_of(&self) -> Date {
        self.as_of
    }

    /// 年度 of `as_of` (April–March), i.e. the 賦課年度 the data is prepared for.
    pub fn fiscal_year(&self) -> i32 {
        self.params.as_of.fiscal_year()
    }

    /// The two 所得年 every household has incomes for: the calendar years before the fiscal year.
    pub fn income_years(&self) -> [i32; 2] {
        let fy = self.fiscal_year();
        [fy - 2, fy - 1]
    }

    /// Household `index` (0-based). A pure function of (seed, as_of, index); `index` may exceed
    /// the household count (the generator does not care), but [`Self::households`] stops there.
    pub fn household(&self, index: u32) -> DemoHousehold {
        household::generate(&self.params, index)
    }

    /// Every household in index order, generated lazily.
    pub fn households(&self) -> impl Iterator<Item = DemoHousehold> + '_ {
        self.households_in(0..self.households)
    }

    /// The households of an index range (clamped to the city), for parallel or chunked runs.
    pub fn households_in(&self, range: Range<u32>) -> impl Iterator<Item = DemoHousehold> + '_ {
        let end = range.end.min(self.households);
        (range.start.min(end)..end).map(move |i| self.household(i))
    }
}

/// The city as the source of a bulk load: household `i` is generated when the load asks for it.
impl HouseholdSource for DemoCity {
    fn count(&self) -> u32 {
        self.households
    }

    fn migrated(&self, index: u32) -> MigratedHousehold {
        self.household(index).into()
    }
}
