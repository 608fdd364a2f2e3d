//! Random households for the calculator's property tests: members of every age from newborn to
//! 80, coverage starting and ending inside and outside the year, every flag the contract knows,
//! any rates for FY2022–FY2026, and now and then an input the calculator must refuse.

use proptest::option;
use proptest::prelude::*;

use crate::assessment::premium::input::{
    Amount, ComponentRates, ComponentsInput, CoverageInput, HouseholdInput, IncomeInput, MaternityInput, MemberInput,
    PremiumInput, RatesInput, Rounding, SinceInput, ThresholdsInput, UnemploymentInput,
};
use crate::assessment::premium::statutory::statutory_year;
use crate::assessment::premium::{Component, Rate};
use crate::kernel::date::{Date, YearMonth};

/// A day of `year`, the 1st and the month's end (2月29日 too) as likely as any other day.
fn date_in(years: std::ops::RangeInclusive<i32>) -> impl Strategy<Value = Date> {
    (years, 1i8..=12, prop_oneof![Just(1i8), Just(31), 1i8..=31]).prop_map(|(year, month, day)| {
        let year = i16::try_from(year).unwrap();
        let last = Date::new(year, month, 1).unwrap().days_in_month();
        Date::new(year, month, day.min(last)).unwrap()
    })
}

fn amount(max: i64) -> impl Strategy<Value = Amount> {
    prop_oneof![Just(Amount(0)), (0..=max).prop_map(Amount)]
}

fn some_amount(max: i64) -> impl Strategy<Value = Option<Amount>> {
    option::weighted(0.6, amount(max))
}

/// A percentage with up to 5 decimals, 0–15%.
fn rate() -> impl Strategy<Value = Rate> {
    (0u32..=15, 0u32..100_000).prop_map(|(int, frac)| Rate::parse(&format!("{int}.{frac:05}")).unwrap())
}

fn component(cap: i64, child: bool) -> impl Strategy<Value = ComponentRates> {
    // A cap above the statutory one now and then: the calculator refuses it.
    // Mostly the statutory cap, as cities set it; any lower one too, and now and then one above
    // it, which the calculator refuses.
    let cap = prop_oneof![60 => Just(Amount(cap)), 40 => (0..=cap).prop_map(Amount), 1 => Just(Amount(cap + 1))];
    let adult = if child {
        option::of(amount(5_000)).boxed()
    } else {
        option::weighted(0.005, amount(5_000)).boxed()
    };
    (
        rate(),
        amount(60_000),
        amount(40_000),
        option::weighted(0.2, rate()),
        cap,
        adult,
    )
        .prop_map(
            |(income_rate, per_capita, per_household, asset_rate, cap, adult_per_capita)| ComponentRates {
                income_rate,
                per_capita,
                per_household,
                asset_rate,
                cap,
                adult_per_capita,
            },
        )
}

fn rates(fiscal_year: i32) -> impl Strategy<Value = RatesInput> {
    let law = statutory_year(fiscal_year).unwrap();
    let cap = |c| law.cap(c).unwrap_or(30_000);
    // The child component exists from FY2026; earlier it is refused.
    let child_weight = if fiscal_year >= 2026 { 0.8 } else { 0.01 };
    let components = (
        option::weighted(0.9, component(cap(Component::Medical), false)),
        option::weighted(0.9, component(cap(Component::Support), false)),
        option::weighted(0.8, component(cap(Component::Care), false)),
        option::weighted(child_weight, component(cap(Component::Child), true)),
    )
        .prop_map(|(medical, support, care, child)| ComponentsInput {
            medical,
            support,
            care,
            child,
        });
    let thresholds = option::weighted(
        0.1,
        (
            some_amount(600_000),
            some_amount(200_000),
            some_amount(400_000),
            some_amount(700_000),
        )
            .prop_map(
                |(base, per_earner, fifty_per_person, twenty_per_person)| ThresholdsInput {
                    base,
                    per_earner,
                    fifty_per_person,
                    twenty_per_person,
                },
            ),
    );
    (
        prop_oneof![Just(Rounding::ComponentFloor100), Just(Rounding::Floor1)],
        components,
        thresholds,
    )
        .prop_map(|(rounding, components, reduction_thresholds)| RatesInput {
            rounding,
            components,
            reduction_thresholds,
        })
}

fn income() -> impl Strategy<Value = IncomeInput> {
    let salary = prop_oneof![
        400 => (some_amount(12_000_000), Just(None)),
        100 => (Just(None), some_amount(9_000_000)),
        // Both revenue and income: refused.
        // (weights: about one household in 40 has one refusal of some kind)
        1 => (amount(1_000_000).prop_map(Some), amount(1_000_000).prop_map(Some)),
    ];
    let pension = prop_oneof![4 => (some_amount(4_000_000), Just(None)), 1 => (Just(None), some_amount(3_000_000))];
    let others = (
        some_amount(8_000_000),
        option::weighted(0.1, amount(3_000_000)),
        option::weighted(0.05, amount(1_000_000)),
        option::weighted(0.1, amount(1_000_000)),
    );
    (
        option::weighted(0.15, prop::bool::weighted(0.3)),
        salary,
        pension,
        others,
    )
        .prop_map(
            |(
                declared,
                (salary_revenue, salary_income),
                (pension_revenue, pension_income),
                (other_income, separate_income, separate_special_deduction, family_employee_deduction),
            )| {
                IncomeInput {
                    declared,
                    salary_revenue,
                    pension_revenue,
                    other_income,
                    separate_income,
                    separate_special_deduction,
                    family_employee_deduction,
                    salary_income,
                    pension_income,
                    taxable_income: None,
                    resident_tax_exempt: None,
                }
            },
        )
}

fn coverage(fiscal_year: i32) -> impl Strategy<Value = Option<Vec<CoverageInput>>> {
    let period = (
        date_in(fiscal_year - 2..=fiscal_year + 1),
        option::of(date_in(fiscal_year - 1..=fiscal_year + 2)),
        prop::bool::weighted(0.005),
    )
        .prop_map(|(from, until, refused)| {
            // A loss before the acquisition is refused; keep it rare.
            let until = until.filter(|u| *u >= from || refused);
            CoverageInput { from, until }
        });
    option::weighted(0.5, prop::collection::vec(period, 1..=2))
}

/// 非自発的失業, 旧被扶養者, 産前産後, 介護適用除外.
type Flags = (
    Option<UnemploymentInput>,
    Option<SinceInput>,
    Option<MaternityInput>,
    Vec<(Date, Option<Date>)>,
);

fn flags(fiscal_year: i32) -> impl Strategy<Value = Flags> {
    let code = prop_oneof![
        40 => prop::sample::select(vec!["11", "12", "21", "22", "31", "32", "23", "33", "34"]).prop_map(String::from),
        10 => Just(String::from("99")),
        1 => Just(String::from("1a")),
    ];
    let unemployment = option::weighted(
        0.15,
        (date_in(fiscal_year - 2..=fiscal_year + 1), code).prop_map(|(separation_date, reason_code)| {
            UnemploymentInput {
                separation_date,
                reason_code,
            }
        }),
    );
    let former_dependent = option::weighted(
        0.1,
        date_in(fiscal_year - 3..=fiscal_year + 1).prop_map(|since| SinceInput { since }),
    );
    let maternity = option::weighted(
        0.1,
        (date_in(fiscal_year - 1..=fiscal_year + 1), any::<bool>()).prop_map(|(d, multiple)| MaternityInput {
            expected_month: YearMonth::of(d),
            multiple,
        }),
    );
    let care_exempt = (
        date_in(fiscal_year - 2..=fiscal_year + 1),
        option::of(date_in(fiscal_year..=fiscal_year + 2)),
    )
        .prop_map(|period| vec![period]);
    (
        unemployment,
        former_dependent,
        maternity,
        prop_oneof![4 => Just(Vec::new()), 1 => care_exempt],
    )
}

fn member(fiscal_year: i32, index: usize) -> impl Strategy<Value = MemberInput> {
    let id = prop_oneof![400 => Just(format!("p{index}")), 1 => Just(String::from("p0")), 1 => Just(String::from(" "))];
    let who = (
        id,
        date_in(fiscal_year - 80..=fiscal_year),
        prop::bool::weighted(0.85),
        prop::bool::weighted(0.1),
    );
    (
        who,
        coverage(fiscal_year),
        income(),
        flags(fiscal_year),
        amount(300_000),
    )
        .prop_map(
            move |(
                (id, birth_date, insured, same_household),
                coverage,
                income,
                (involuntary_unemployment, former_dependent, maternity, care_exempt),
                fixed_asset_tax,
            )| MemberInput {
                id,
                birth_date,
                insured,
                // 特定同一世帯所属者 is for the uninsured; an insured one (refused) now and then.
                specified_same_household: same_household && (!insured || index == 5),
                coverage,
                income,
                involuntary_unemployment,
                former_dependent,
                maternity,
                fixed_asset_tax,
                care_exempt,
            },
        )
}

/// A household of 1–6 members for a fiscal year of 2022–2026.
pub(super) fn household() -> impl Strategy<Value = PremiumInput> {
    (2022i32..=2026, 1usize..=6).prop_flat_map(|(fiscal_year, size)| {
        let members: Vec<_> = (0..size).map(|i| member(fiscal_year, i)).collect();
        let head = prop_oneof![100 => (0..size).prop_map(|i| format!("p{i}")), 1 => Just(String::from("nobody"))];
        let specified = option::weighted(
            0.15,
            date_in(fiscal_year - 10..=fiscal_year).prop_map(|since| SinceInput { since }),
        );
        (rates(fiscal_year), members, head, specified).prop_map(move |(rates, members, head, specified_household)| {
            PremiumInput {
                fiscal_year,
                rates,
                household: HouseholdInput {
                    head,
                    members,
                    specified_household,
                },
            }
        })
    })
}
