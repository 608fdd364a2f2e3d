//! The use cases that read a person, each named, so that the table test covers every one.

macro_rules! person_reads {
    ($($(#[$m:meta])* $variant:ident = $code:literal),+ $(,)?) => {
        /// 個人情報を表示する用途: every use case that shows a person's data, one variant each.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum PersonRead { $($(#[$m])* $variant),+ }

        impl PersonRead {
            /// Every variant, in declaration order (generated: a new variant is in it).
            pub const ALL: &'static [PersonRead] = &[$(PersonRead::$variant),+];

            /// The code written in the alert's audit detail (`use_case`).
            pub fn code(self) -> &'static str {
                match self { $(PersonRead::$variant => $code),+ }
            }
        }
    };
}

person_reads! {
    /// 住民検索: the hits (name, kana, birth date, address).
    ResidentSearch = "resident.search",
    /// 資格照会: one person's record.
    ResidentDetail = "resident.view",
    /// 世帯照会: the household's members as of a date (page and `GET /api/v1/households/{no}`).
    HouseholdView = "household.view",
    /// 個人番号の表示画面: whether a number is linked.
    MyNumberRevealForm = "my_number.reveal_form",
    /// 個人番号の表示: the digits.
    MyNumberReveal = "my_number.reveal",
    /// 窓口試算: every member's birth date, coverage and income as an editable form.
    CounterInput = "premium.counter",
    /// 保険料の計算（1世帯）: the calculation with each member's months and incomes.
    HouseholdPremium = "premium.household",
    /// 作業リスト: each item's person and what happened to them (転入, 出生, 75歳到達…).
    WorkItems = "work_item.list",
}
