//! 収入→所得の換算: 給与所得・公的年金等に係る雑所得・総所得金額等・旧ただし書き所得を、
//! **所得年（その年分）の法令**で計算する純関数。
//!
//! 国保の所得割の基礎（旧ただし書き所得）= 前年中の総所得金額等 − 基礎控除（住民税、43万円）。
//! 税務システムから収入（給与収入・公的年金等収入）しか届かない人について、ここで所得に換算する。
//!
//! # 出典と信頼度（rules.md のタグ）
//!
//! 法定額はすべて所得年をキーにした表（`SALARY_RULES` ほか）に置き、各行に出典タグを付けた。
//! 表にない年は [`ConversionError::UnsupportedYear`] を返す（推測で計算しない）。
//!
//! | 表 | 対応年分 | 根拠 |
//! |---|---|---|
//! | 給与所得控除・別表第五 | 2020〜2025 | 所得税法28条・別表第五。rules.md §1.1 [二]、佐賀市の速算表の写し [二] |
//! | 公的年金等控除 | 2020〜2026 | 所得税法35条4項・措法41条の15の3。rules.md §1.1「令和7・8年分も変更なし」[二]、TC-01 明石市 [公] で2点照合 |
//! | 所得金額調整控除（給与＋年金） | 2020〜2025 | 措法41条の3の3第2項（rules.md に記載なし）[未] |
//! | 基礎控除（住民税） | 2020〜2025 | rules.md §1.1 [公]（尼崎市 FY2025）、[二]（FY2026）、TC-01 [公]（FY2023） |
//!
//! # 給与所得: 別表第五（660万円未満）
//!
//! 所得税法28条4項により、給与収入が660万円未満のときの給与所得は 28条3項の算式ではなく
//! **別表第五**（年末調整等のための給与所得控除後の給与等の金額の表）で求める。表の効果は次のとおりで、
//! 本実装はこれをそのまま表データとして持つ（令和2〜6年分）:
//!
//! | 給与収入 | 給与所得 |
//! |---|---|
//! | 551,000円未満 | 0円 |
//! | 551,000〜1,618,999円 | 収入 − 550,000円 |
//! | 1,619,000〜1,619,999円 | 1,069,000円 |
//! | 1,620,000〜1,621,999円 | 1,070,000円 |
//! | 1,622,000〜1,623,999円 | 1,072,000円 |
//! | 1,624,000〜1,627,999円 | 1,074,000円 |
//! | 1,628,000〜6,599,999円 | 4,000円未満を切り捨てた収入に 28条3項の算式を当てはめる |
//! | 6,600,000円以上 | 28条3項の算式（収入そのもの） |
//!
//! 注意: 1,625,000〜1,627,999円は「収入 − 550,000円」**ではなく** 定額 1,074,000円である（別表第五の
//! 1,624,000円以上1,628,000円未満の欄）。「収入 − 550,000円」とすると 1,627,999円 → 1,077,999円が
//! 1,628,000円 → 1,076,800円を上回り、所得が収入について単調でなくなる。
//!
//! 令和7年分（2025）は最低額が65万円（190万円以下）になり、別表第五も改正された。佐賀市の
//! 「令和8年度からの給与所得額の速算表」の写し [二] では 651,000円未満 0円 / 651,000〜1,899,999円は
//! 収入 − 650,000円（4,000円刻みなし・定額の行なし）/ 1,900,000〜6,599,999円は4,000円未満切捨て、
//! としており本実装もこれに従う。別表第五の改正後原文との照合は [未]。
//!
//! # 端数
//!
//! 4,000円未満切捨て後の額は算式の結果が必ず整数になる。それ以外（給与660万円以上の10%、年金の
//! 25%/15%/5%）で1円未満が出るときは、速算表（所得 = 収入 × 割合 − 控除額）に従い**所得の1円未満を
//! 切り捨てる**（控除額側では切上げに相当）。条文上の端数処理の明文は未確認 [未]（差は最大1円）。
//!
//! # 実装しないもの（呼出し側・別モジュールの責任）
//!
//! - 所得金額調整控除の第1項（給与収入850万円超で特別障害者・23歳未満の扶養親族等がいる場合）:
//!   [`IncomeRecord`] に扶養情報がないため適用しない [未]。
//! - 合計所得金額2,400万円超の住民税基礎控除の逓減 [未]（rules.md §1.1）: 43万円で計算する。
//! - 軽減判定用の年金所得15万円控除・専従者給与の足し戻し・特別控除前の譲渡所得（§3.2）、
//!   非自発的失業者の給与所得30/100（§4.3）。
//! - 令和8年分（2026）以降の給与所得控除（rules.md §1.1: 最低74万円・220万円まで [二]）: 未対応。

use crate::assessment::income::IncomeRecord;
use crate::kernel::date::{Date, age_on};
use crate::kernel::money::Yen;

/// 換算できない理由.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ConversionError {
    /// その年分の法令（表）を持っていない。推測で計算せず、表の追加を待つ。
    #[error("{year}年分の{rule}は未対応です（推測では計算しません）")]
    UnsupportedYear {
        /// 所得年.
        year: i32,
        /// 表の名前（給与所得控除、公的年金等控除 など）.
        rule: &'static str,
    },
    /// 所得未申告: 金額が分からない。呼出し側は世帯を未申告一覧に載せる。
    #[error("所得が未申告のため計算できません")]
    Undeclared,
    /// 負であってはならない金額が負.
    #[error("{item}に負の金額は指定できません")]
    NegativeAmount {
        /// 項目名.
        item: &'static str,
    },
    /// 計算結果が表現範囲を超えた.
    #[error("金額が大きすぎて計算できません")]
    Overflow,
}

/// 公的年金等控除の年齢区分（その年12月31日の年齢で判定）.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PensionAgeGroup {
    /// 65歳未満.
    Under65,
    /// 65歳以上（措法41条の15の3: その年12月31日において65歳以上）.
    From65,
}

// ---------------------------------------------------------------------------------------------
// 表（所得年ごと）
// ---------------------------------------------------------------------------------------------

/// 控除額の一区分: 額が `up_to` 以下（`None` は上限なし）のとき 控除額 = 額 × `rate_percent`% + `addend`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct DeductionBand {
    up_to: Option<i64>,
    rate_percent: i64,
    addend: i64,
}

const fn band(up_to: Option<i64>, rate_percent: i64, addend: i64) -> DeductionBand {
    DeductionBand {
        up_to,
        rate_percent,
        addend,
    }
}

/// 別表第五の定額の行: `from` 以上 `until` 未満 → 給与所得 `income`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FixedRow {
    from: i64,
    until: i64,
    income: i64,
}

const fn fixed(from: i64, until: i64, income: i64) -> FixedRow {
    FixedRow { from, until, income }
}

/// 給与所得控除（所得税法28条3項）と別表第五（同条4項）の、ある範囲の年分の内容.
#[derive(Debug)]
struct SalaryRule {
    first_year: i32,
    last_year: i32,
    /// 28条3項の区分（収入金額に応じた控除額）.
    bands: &'static [DeductionBand],
    /// 別表第五を使う上限: 収入がこれ未満なら表による（660万円）.
    table_below: i64,
    /// 別表第五の最初の行: これ未満は給与所得0円.
    zero_below: i64,
    /// 別表第五で「収入 − `exact_deduction`」とする行の上限（未満）.
    exact_until: i64,
    /// 「収入 − 定額」の定額（＝最低額）.
    exact_deduction: i64,
    /// 別表第五の定額の行（`exact_until` から `rounded_from` までを隙間なく埋める）.
    fixed_rows: &'static [FixedRow],
    /// ここから `table_below` 未満は `rounding_unit` 未満を切り捨てて算式に当てはめる.
    rounded_from: i64,
    rounding_unit: i64,
}

const SALARY_RULES: &[SalaryRule] = &[
    // 令和2年分〜令和6年分（FY2021〜FY2025 賦課）: 最低55万円（162.5万円以下）。
    // [二] rules.md §1.1（令和2〜6年分 最低55万円）; 所得税法28条3項・別表第五（令和2年分以後）;
    // 別表第五の行（551,000 / 1,619,000〜1,628,000 の定額 / 4,000円刻み）は佐賀市
    // 「令和3年度から令和7年度まで 給与所得額の速算表」の写し [二] と照合。
    SalaryRule {
        first_year: 2020,
        last_year: 2024,
        bands: &[
            band(Some(1_625_000), 0, 550_000),    // 162.5万円以下: 55万円
            band(Some(1_800_000), 40, -100_000),  // 180万円以下: 40% − 10万円
            band(Some(3_600_000), 30, 80_000),    // 360万円以下: 30% + 8万円
            band(Some(6_600_000), 20, 440_000),   // 660万円以下: 20% + 44万円
            band(Some(8_500_000), 10, 1_100_000), // 850万円以下: 10% + 110万円
            band(None, 0, 1_950_000),             // 850万円超: 195万円（上限）
        ],
        table_below: 6_600_000,
        zero_below: 551_000,
        exact_until: 1_619_000,
        exact_deduction: 550_000,
        fixed_rows: &[
            fixed(1_619_000, 1_620_000, 1_069_000),
            fixed(1_620_000, 1_622_000, 1_070_000),
            fixed(1_622_000, 1_624_000, 1_072_000),
            fixed(1_624_000, 1_628_000, 1_074_000),
        ],
        rounded_from: 1_628_000,
        rounding_unit: 4_000,
    },
    // 令和7年分（FY2026 賦課）: 令和7年度税制改正で最低65万円（190万円以下）。
    // [二] rules.md §1.1（令和7年分 最低65万円・190万円まで、190万円以上は従来式）;
    // 別表第五（改正後）の効果は佐賀市「令和8年度からの給与所得額の速算表」の写し [二]:
    // 190万円未満は「収入 − 65万円」、190万円以上660万円未満は4,000円未満切捨て。原文照合は [未]。
    SalaryRule {
        first_year: 2025,
        last_year: 2025,
        bands: &[
            band(Some(1_900_000), 0, 650_000),    // 190万円以下: 65万円
            band(Some(3_600_000), 30, 80_000),    // 360万円以下: 30% + 8万円
            band(Some(6_600_000), 20, 440_000),   // 660万円以下: 20% + 44万円
            band(Some(8_500_000), 10, 1_100_000), // 850万円以下: 10% + 110万円
            band(None, 0, 1_950_000),             // 850万円超: 195万円（上限）
        ],
        table_below: 6_600_000,
        zero_below: 651_000,
        exact_until: 1_900_000,
        exact_deduction: 650_000,
        fixed_rows: &[],
        rounded_from: 1_900_000,
        rounding_unit: 4_000,
    },
    // 令和8年分以降（最低74万円・220万円まで、rules.md §1.1 [二]）は未対応 → UnsupportedYear。
];

/// 公的年金等以外の合計所得金額の区分: `up_to` 以下（`None` は上限なし）なら控除額を `reduction` 減らす.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct OtherIncomeBand {
    up_to: Option<i64>,
    reduction: i64,
}

/// 公的年金等控除（所得税法35条4項、65歳以上の最低額は措法41条の15の3）.
#[derive(Debug)]
struct PensionRule {
    first_year: i32,
    last_year: i32,
    /// 65歳以上とする年齢（その年12月31日現在）.
    elder_age: u32,
    /// 65歳未満の区分（公的年金等以外の合計所得金額1,000万円以下のとき）.
    under_65: &'static [DeductionBand],
    /// 65歳以上の区分（同上）.
    from_65: &'static [DeductionBand],
    /// 公的年金等以外の合計所得金額による控除額の減額.
    other_income_bands: &'static [OtherIncomeBand],
}

const PENSION_RULES: &[PensionRule] = &[
    // 令和2年分以後の速算表（所得税法35条4項、措法41条の15の3）。令和7・8年分も変更なし:
    // rules.md §1.1 [二]。値は条文の速算表から。65歳以上 300万円→190万円・65歳未満 130万円→70万円は
    // TC-01 明石市 [公] と一致（その他の区分・1,000万円超の減額は条文原文未照合 [未]）。
    PensionRule {
        first_year: 2020,
        last_year: 2026,
        elder_age: 65,
        under_65: &[
            band(Some(1_300_000), 0, 600_000),    // 130万円以下: 60万円
            band(Some(4_100_000), 25, 275_000),   // 410万円以下: 25% + 27.5万円
            band(Some(7_700_000), 15, 685_000),   // 770万円以下: 15% + 68.5万円
            band(Some(10_000_000), 5, 1_455_000), // 1,000万円以下: 5% + 145.5万円
            band(None, 0, 1_955_000),             // 1,000万円超: 195.5万円
        ],
        from_65: &[
            band(Some(3_300_000), 0, 1_100_000),  // 330万円以下: 110万円
            band(Some(4_100_000), 25, 275_000),   // 410万円以下: 25% + 27.5万円
            band(Some(7_700_000), 15, 685_000),   // 770万円以下: 15% + 68.5万円
            band(Some(10_000_000), 5, 1_455_000), // 1,000万円以下: 5% + 145.5万円
            band(None, 0, 1_955_000),             // 1,000万円超: 195.5万円
        ],
        other_income_bands: &[
            OtherIncomeBand {
                up_to: Some(10_000_000),
                reduction: 0,
            }, // 1,000万円以下
            OtherIncomeBand {
                up_to: Some(20_000_000),
                reduction: 100_000,
            }, // 2,000万円以下: −10万円
            OtherIncomeBand {
                up_to: None,
                reduction: 200_000,
            }, // 2,000万円超: −20万円
        ],
    },
];

/// 所得金額調整控除（措法41条の3の3第2項: 給与所得と公的年金等所得の両方がある場合）.
#[derive(Debug)]
struct AdjustmentRule {
    first_year: i32,
    last_year: i32,
    /// 控除額 = min(給与所得, cap) + min(年金所得, cap) − cap.
    cap: i64,
}

const ADJUSTMENT_RULES: &[AdjustmentRule] = &[
    // 令和2年分以後。措法41条の3の3第2項（rules.md に記載なし・条文原文未照合）[未]。
    // 令和8年分以降の扱いは未確認のため 2025 まで。
    AdjustmentRule {
        first_year: 2020,
        last_year: 2025,
        cap: 100_000,
    },
];

/// 旧ただし書き所得の基礎控除（住民税の基礎控除、地方税法314条の2第2項）.
#[derive(Debug)]
struct BasicDeductionRule {
    first_year: i32,
    last_year: i32,
    amount: i64,
}

const BASIC_DEDUCTION_RULES: &[BasicDeductionRule] = &[
    // 令和2・3年分（FY2021・FY2022 賦課）: 住民税基礎控除43万円（令和3年度〜）。rules.md に
    // 年度の明記なし [未]。
    BasicDeductionRule {
        first_year: 2020,
        last_year: 2021,
        amount: 430_000,
    },
    // 令和4・5年分（FY2023・FY2024）: TC-01 明石市 令和5年度の基準総所得金額（190万→147万）[公]。
    BasicDeductionRule {
        first_year: 2022,
        last_year: 2023,
        amount: 430_000,
    },
    // 令和6年分（FY2025）: 尼崎市「総所得金額等から43万円」[公] rules.md §1.1。
    BasicDeductionRule {
        first_year: 2024,
        last_year: 2024,
        amount: 430_000,
    },
    // 令和7年分（FY2026）: 住民税の基礎控除43万円は据え置き。rules.md §1.1 [二]（各市の転記）。
    BasicDeductionRule {
        first_year: 2025,
        last_year: 2025,
        amount: 430_000,
    },
    // 令和8年分以降（FY2027〜）は未確認 → UnsupportedYear。
];

const SALARY_RULE_NAME: &str = "給与所得控除";
const PENSION_RULE_NAME: &str = "公的年金等控除";
const ADJUSTMENT_RULE_NAME: &str = "所得金額調整控除";
const BASIC_RULE_NAME: &str = "基礎控除";

/// 年齢を判定する日: その年の12月31日（措法41条の15の3「その年12月31日において」）.
const AGE_JUDGEMENT_MONTH: i8 = 12;
const AGE_JUDGEMENT_DAY: i8 = 31;

fn salary_rule(year: i32) -> Result<&'static SalaryRule, ConversionError> {
    SALARY_RULES
        .iter()
        .find(|r| r.first_year <= year && year <= r.last_year)
        .ok_or(ConversionError::UnsupportedYear {
            year,
            rule: SALARY_RULE_NAME,
        })
}

fn pension_rule(year: i32) -> Result<&'static PensionRule, ConversionError> {
    PENSION_RULES
        .iter()
        .find(|r| r.first_year <= year && year <= r.last_year)
        .ok_or(ConversionError::UnsupportedYear {
            year,
            rule: PENSION_RULE_NAME,
        })
}

fn adjustment_rule(year: i32) -> Result<&'static AdjustmentRule, ConversionError> {
    ADJUSTMENT_RULES
        .iter()
        .find(|r| r.first_year <= year && year <= r.last_year)
        .ok_or(ConversionError::UnsupportedYear {
            year,
            rule: ADJUSTMENT_RULE_NAME,
        })
}

fn basic_rule(year: i32) -> Result<&'static BasicDeductionRule, ConversionError> {
    BASIC_DEDUCTION_RULES
        .iter()
        .find(|r| r.first_year <= year && year <= r.last_year)
        .ok_or(ConversionError::UnsupportedYear {
            year,
            rule: BASIC_RULE_NAME,
        })
}

// ---------------------------------------------------------------------------------------------
// 共通の算式
// ---------------------------------------------------------------------------------------------

fn find_band(bands: &[DeductionBand], amount: i64) -> Option<DeductionBand> {
    bands.iter().find(|b| b.up_to.is_none_or(|u| amount <= u)).copied()
}

/// 所得 = 額 −（額 × 率% + 定額）を「額 × (100 − 率)% の1円未満切捨て − 定額」で計算し（0未満は0）、
/// 1円未満の端数が出たかどうかと共に返す.
fn income_by_band(amount: i64, rate_percent: i64, addend: i64) -> Result<(i64, bool), ConversionError> {
    let keep = 100_i64.checked_sub(rate_percent).ok_or(ConversionError::Overflow)?;
    let kept = Yen::new(amount)
        .checked_mul_div_trunc(keep, 100)
        .ok_or(ConversionError::Overflow)?
        .value();
    let fraction = match amount.checked_mul(keep) {
        Some(p) => p % 100 != 0,
        None => i128::from(amount) * i128::from(keep) % 100 != 0,
    };
    let income = kept.checked_sub(addend).ok_or(ConversionError::Overflow)?;
    Ok((income.max(0), fraction))
}

fn non_negative(amount: Yen, item: &'static str) -> Result<i64, ConversionError> {
    if amount.is_negative() {
        Err(ConversionError::NegativeAmount { item })
    } else {
        Ok(amount.value())
    }
}

fn yen(v: i64) -> String {
    Yen::new(v).to_string()
}

/// 「× 30% + 80,000円」「× 40% − 100,000円」.
fn formula_text(rate_percent: i64, addend: i64) -> String {
    let sign = if addend < 0 { '−' } else { '+' };
    format!("× {rate_percent}% {sign} {}", yen(addend.saturating_abs()))
}

// ---------------------------------------------------------------------------------------------
// 給与所得
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
enum SalaryStep {
    /// 別表第五の最初の行（`zero_below` 未満は0円）.
    BelowTable { zero_below: i64 },
    /// 別表第五「収入 − 定額」の行.
    Exact { deduction: i64 },
    /// 別表第五の定額の行.
    Fixed(FixedRow),
    /// 28条3項の算式（`rounded_unit` が `Some` ならその単位未満を切り捨てた `basis` に当てはめた）.
    Formula {
        basis: i64,
        rounded_unit: Option<i64>,
        band: DeductionBand,
        fraction: bool,
    },
}

#[derive(Debug, Clone, Copy)]
struct SalaryCalc {
    revenue: i64,
    step: SalaryStep,
    income: i64,
}

fn salary_calc(revenue: Yen, income_year: i32) -> Result<SalaryCalc, ConversionError> {
    let rule = salary_rule(income_year)?;
    let r = non_negative(revenue, "給与収入")?;
    let no_band = ConversionError::UnsupportedYear {
        year: income_year,
        rule: SALARY_RULE_NAME,
    };
    let (step, income) = if r < rule.table_below && r < rule.zero_below {
        (
            SalaryStep::BelowTable {
                zero_below: rule.zero_below,
            },
            0,
        )
    } else if r < rule.table_below && r < rule.exact_until {
        let income = r.checked_sub(rule.exact_deduction).ok_or(ConversionError::Overflow)?;
        (
            SalaryStep::Exact {
                deduction: rule.exact_deduction,
            },
            income.max(0),
        )
    } else if let Some(row) = rule
        .fixed_rows
        .iter()
        .find(|row| r < rule.table_below && row.from <= r && r < row.until)
    {
        (SalaryStep::Fixed(*row), row.income)
    } else {
        let rounded = r < rule.table_below && r >= rule.rounded_from && rule.rounding_unit > 0;
        let basis = if rounded {
            r.checked_rem(rule.rounding_unit)
                .and_then(|rem| r.checked_sub(rem))
                .ok_or(ConversionError::Overflow)?
        } else {
            r
        };
        let band = find_band(rule.bands, basis).ok_or(no_band)?;
        let (income, fraction) = income_by_band(basis, band.rate_percent, band.addend)?;
        (
            SalaryStep::Formula {
                basis,
                rounded_unit: rounded.then_some(rule.rounding_unit),
                band,
                fraction,
            },
            income,
        )
    };
    Ok(SalaryCalc {
        revenue: r,
        step,
        income,
    })
}

/// 給与所得 = 給与収入 − 給与所得控除（所得税法28条、660万円未満は別表第五）。0円未満にはならない.
///
/// 所得金額調整控除は含まない（[`total_income`] で適用する）.
///
/// # Errors
/// 表のない年分（2019年分以前、2026年分以降）は [`ConversionError::UnsupportedYear`]、
/// 負の収入は [`ConversionError::NegativeAmount`].
pub fn salary_income(revenue: Yen, income_year: i32) -> Result<Yen, ConversionError> {
    salary_calc(revenue, income_year).map(|c| Yen::new(c.income))
}

/// 窓口で読み上げる給与所得の計算過程.
///
/// 例: 「給与収入 3,000,000円 → 4,000円未満切捨て 3,000,000円 × 30% + 80,000円 = 控除 980,000円 →
/// 給与所得 2,020,000円」.
///
/// # Errors
/// [`salary_income`] と同じ.
pub fn explain_salary(revenue: Yen, income_year: i32) -> Result<String, ConversionError> {
    salary_calc(revenue, income_year).map(|c| salary_text(&c))
}

fn salary_text(c: &SalaryCalc) -> String {
    let head = format!("給与収入 {}", yen(c.revenue));
    let income = yen(c.income);
    match c.step {
        SalaryStep::BelowTable { zero_below } => {
            format!("{head} → {}未満のため 給与所得 {income}", yen(zero_below))
        }
        SalaryStep::Exact { deduction } => {
            format!("{head} → 控除 {}（最低額）→ 給与所得 {income}", yen(deduction))
        }
        SalaryStep::Fixed(row) => format!(
            "{head} → 別表第五 {}以上{}未満の欄 → 給与所得 {income}",
            yen(row.from),
            yen(row.until)
        ),
        SalaryStep::Formula {
            basis,
            rounded_unit,
            band,
            fraction,
        } => {
            let deduction = yen(basis.saturating_sub(c.income));
            let basis_text = match rounded_unit {
                Some(unit) => format!(" → {}未満切捨て {}", yen(unit), yen(basis)),
                None => String::new(),
            };
            let note = if fraction { "（1円未満切捨て）" } else { "" };
            if band.rate_percent == 0 {
                format!("{head}{basis_text} → 控除 {deduction}（定額）→ 給与所得 {income}")
            } else {
                format!(
                    "{head}{basis_text} {} = 控除 {deduction} → 給与所得 {income}{note}",
                    formula_text(band.rate_percent, band.addend)
                )
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 公的年金等に係る雑所得
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
struct PensionCalc {
    revenue: i64,
    group: PensionAgeGroup,
    other_band: OtherIncomeBand,
    /// 減額後の区分.
    band: DeductionBand,
    fraction: bool,
    income: i64,
}

fn pension_calc(
    revenue: Yen,
    age_at_year_end: u32,
    other_income: Yen,
    income_year: i32,
) -> Result<PensionCalc, ConversionError> {
    let rule = pension_rule(income_year)?;
    let r = non_negative(revenue, "公的年金等収入")?;
    let no_band = ConversionError::UnsupportedYear {
        year: income_year,
        rule: PENSION_RULE_NAME,
    };
    let (group, bands) = if age_at_year_end >= rule.elder_age {
        (PensionAgeGroup::From65, rule.from_65)
    } else {
        (PensionAgeGroup::Under65, rule.under_65)
    };
    let other = other_income.value();
    let other_band = rule
        .other_income_bands
        .iter()
        .find(|b| b.up_to.is_none_or(|u| other <= u))
        .copied()
        .ok_or(no_band)?;
    let base = find_band(bands, r).ok_or(no_band)?;
    let addend = base
        .addend
        .checked_sub(other_band.reduction)
        .ok_or(ConversionError::Overflow)?;
    let band = DeductionBand { addend, ..base };
    let (income, fraction) = income_by_band(r, band.rate_percent, band.addend)?;
    Ok(PensionCalc {
        revenue: r,
        group,
        other_band,
        band,
        fraction,
        income,
    })
}

/// 公的年金等に係る雑所得 = 公的年金等収入 − 公的年金等控除額（所得税法35条4項、措法41条の15の3）.
///
/// `age_at_year_end` はその年12月31日の年齢（[`age_at_year_end`]）。`other_income` は公的年金等に係る
/// 雑所得以外の合計所得金額（控除額を1,000万円超で10万円、2,000万円超で20万円減らす）。0円未満にはならない.
///
/// # Errors
/// 表のない年分は [`ConversionError::UnsupportedYear`]、負の収入は [`ConversionError::NegativeAmount`].
pub fn pension_income(
    revenue: Yen,
    age_at_year_end: u32,
    other_income: Yen,
    income_year: i32,
) -> Result<Yen, ConversionError> {
    pension_calc(revenue, age_at_year_end, other_income, income_year).map(|c| Yen::new(c.income))
}

/// その年（所得年）の12月31日の年齢（年齢計算ニ関スル法律: 誕生日の前日に加齢）.
///
/// 1月1日生まれは前年12月31日に年齢が上がるので、`income_year − 64` 年1月1日生まれは65歳になる.
///
/// # Errors
/// 暦の範囲外の年は [`ConversionError::UnsupportedYear`].
pub fn age_at_year_end(birth: Date, income_year: i32) -> Result<u32, ConversionError> {
    let unsupported = ConversionError::UnsupportedYear {
        year: income_year,
        rule: PENSION_RULE_NAME,
    };
    let y = i16::try_from(income_year).map_err(|_| unsupported)?;
    let judged = Date::new(y, AGE_JUDGEMENT_MONTH, AGE_JUDGEMENT_DAY).map_err(|_| unsupported)?;
    Ok(age_on(birth, judged))
}

/// 公的年金等控除の年齢区分（その年12月31日に65歳以上か）.
///
/// # Errors
/// 公的年金等控除の表のない年分は [`ConversionError::UnsupportedYear`].
pub fn pension_age_group(birth: Date, income_year: i32) -> Result<PensionAgeGroup, ConversionError> {
    let rule = pension_rule(income_year)?;
    let age = age_at_year_end(birth, income_year)?;
    Ok(if age >= rule.elder_age {
        PensionAgeGroup::From65
    } else {
        PensionAgeGroup::Under65
    })
}

fn other_band_text(b: OtherIncomeBand, bands: &[OtherIncomeBand]) -> String {
    let lower = bands
        .iter()
        .filter_map(|x| x.up_to)
        .filter(|u| b.up_to.is_none_or(|bu| *u < bu))
        .max();
    match (lower, b.up_to) {
        (None, Some(u)) => format!("{}以下", yen(u)),
        (Some(l), Some(u)) => format!("{}超{}以下", yen(l), yen(u)),
        (Some(l), None) => format!("{}超", yen(l)),
        (None, None) => String::from("区分なし"),
    }
}

/// 窓口で読み上げる年金所得の計算過程.
///
/// 例: 「公的年金等収入 3,500,000円（65歳以上・年金以外の合計所得金額 10,000,000円以下）→
/// 3,500,000円 × 25% + 275,000円 = 控除 1,150,000円 → 年金所得 2,350,000円」.
///
/// # Errors
/// [`pension_income`] と同じ.
pub fn explain_pension(
    revenue: Yen,
    age_at_year_end: u32,
    other_income: Yen,
    income_year: i32,
) -> Result<String, ConversionError> {
    let rule = pension_rule(income_year)?;
    let c = pension_calc(revenue, age_at_year_end, other_income, income_year)?;
    Ok(pension_text(&c, rule))
}

fn pension_text(c: &PensionCalc, rule: &PensionRule) -> String {
    let group = match c.group {
        PensionAgeGroup::Under65 => "65歳未満",
        PensionAgeGroup::From65 => "65歳以上",
    };
    let head = format!(
        "公的年金等収入 {}（{group}・年金以外の合計所得金額 {}）",
        yen(c.revenue),
        other_band_text(c.other_band, rule.other_income_bands)
    );
    let income = yen(c.income);
    if c.band.rate_percent == 0 {
        format!("{head}→ 控除 {}（定額）→ 年金所得 {income}", yen(c.band.addend))
    } else {
        let deduction = yen(c.revenue.saturating_sub(c.income));
        let note = if c.fraction { "（1円未満切捨て）" } else { "" };
        format!(
            "{head}→ {} {} = 控除 {deduction} → 年金所得 {income}{note}",
            yen(c.revenue),
            formula_text(c.band.rate_percent, c.band.addend)
        )
    }
}

// ---------------------------------------------------------------------------------------------
// 総所得金額等
// ---------------------------------------------------------------------------------------------

/// The amounts of one person's year that the conversion reads: an [`IncomeRecord`] without the
/// person, the year and the 未申告 flag. The premium calculator passes a member's amounts as they
/// are, with no 宛名番号 to make up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IncomeAmounts {
    /// 給与収入
    pub salary_revenue: Yen,
    /// 公的年金等収入
    pub pension_revenue: Yen,
    /// 事業等所得（その他の総合課税所得）.
    pub other_income: Yen,
    /// 分離課税所得（特別控除後）.
    pub separate_income: Yen,
    /// 譲渡所得の特別控除額.
    pub separate_special_deduction: Yen,
}

/// The amounts of a declared record; 未申告 has none.
fn declared_amounts(r: &IncomeRecord) -> Result<IncomeAmounts, ConversionError> {
    if r.undeclared {
        return Err(ConversionError::Undeclared);
    }
    Ok(IncomeAmounts {
        salary_revenue: r.salary_revenue,
        pension_revenue: r.pension_revenue,
        other_income: r.other_income,
        separate_income: r.separate_income,
        separate_special_deduction: r.separate_special_deduction,
    })
}

#[derive(Debug, Clone, Copy)]
struct TotalCalc {
    salary: Option<SalaryCalc>,
    pension: Option<PensionCalc>,
    adjustment: i64,
    other_income: i64,
    separate_income: i64,
    total: i64,
}

fn total_calc(record: &IncomeAmounts, year: i32, birth: Date) -> Result<TotalCalc, ConversionError> {
    let overflow = ConversionError::Overflow;
    let separate = non_negative(record.separate_income, "分離課税所得")?;
    let special = non_negative(record.separate_special_deduction, "譲渡所得の特別控除額")?;
    // 法令の換算が要る項目だけ、その年分の表を引く（収入0なら表は不要）.
    let salary = if record.salary_revenue.is_zero() {
        None
    } else {
        Some(salary_calc(record.salary_revenue, year)?)
    };
    let salary_income = salary.map_or(0, |s| s.income);
    let pension = if record.pension_revenue.is_zero() {
        None
    } else {
        // 公的年金等に係る雑所得以外の合計所得金額: 給与所得（所得金額調整控除前）＋ その他の総合所得
        // ＋ 分離課税所得（特別控除前）。[未] 条文原文で要確認（影響は1,000万円・2,000万円の境界付近のみ）.
        let other = [salary_income, record.other_income.value(), separate, special]
            .into_iter()
            .try_fold(0_i64, i64::checked_add)
            .ok_or(overflow)?;
        let age = age_at_year_end(birth, year)?;
        Some(pension_calc(record.pension_revenue, age, Yen::new(other), year)?)
    };
    let pension_income = pension.map_or(0, |p| p.income);
    // 所得金額調整控除（措法41条の3の3第2項）: 給与所得と年金所得の両方があるとき、
    // 給与所得から min(給与所得, 10万円) + min(年金所得, 10万円) − 10万円 を控除（0未満は0）.
    let adjustment = if salary_income > 0 && pension_income > 0 {
        let cap = adjustment_rule(year)?.cap;
        salary_income
            .min(cap)
            .checked_add(pension_income.min(cap))
            .and_then(|s| s.checked_sub(cap))
            .ok_or(overflow)?
            .clamp(0, salary_income)
    } else {
        0
    };
    let adjusted_salary = salary_income.checked_sub(adjustment).ok_or(overflow)?;
    // 総合課税分は損益通算後に0未満なら0（純損失は国保では繰越控除しない）。分離課税分は別に加える.
    // [未] 総合課税の損失と分離課税所得の通算は行わない.
    let comprehensive = [adjusted_salary, pension_income, record.other_income.value()]
        .into_iter()
        .try_fold(0_i64, i64::checked_add)
        .ok_or(overflow)?
        .max(0);
    let total = comprehensive.checked_add(separate).ok_or(overflow)?;
    Ok(TotalCalc {
        salary,
        pension,
        adjustment,
        other_income: record.other_income.value(),
        separate_income: separate,
        total,
    })
}

/// 総所得金額等の内訳: the parts the premium rules treat separately (非自発的失業 reduces the
/// salary part, the 軽減 judgement deducts up to 15万 from the pension part).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IncomeParts {
    /// 給与所得（所得金額調整控除後）.
    pub salary: i64,
    /// 公的年金等所得.
    pub pension: i64,
    /// その他の総合課税所得.
    pub other: i64,
    /// 分離課税所得（特別控除後）.
    pub separate: i64,
    /// 総所得金額等.
    pub total: i64,
}

/// [`total_income`] with its parts, from the `amounts` of `year` (所得年).
///
/// # Errors
/// [`total_income`] と同じ.
pub fn income_parts(amounts: &IncomeAmounts, year: i32, birth: Date) -> Result<IncomeParts, ConversionError> {
    let t = total_calc(amounts, year, birth)?;
    Ok(IncomeParts {
        salary: t.salary.map_or(0, |s| s.income).saturating_sub(t.adjustment),
        pension: t.pension.map_or(0, |p| p.income),
        other: t.other_income,
        separate: t.separate_income,
        total: t.total,
    })
}

/// 総所得金額等（国保の所得割・軽減判定の基礎）= 給与所得（所得金額調整控除後）＋ 公的年金等所得
/// ＋ その他の総合課税所得 ＋ 分離課税所得（特別控除後）.
///
/// 給与所得と公的年金等所得の両方があるときは所得金額調整控除（措法41条の3の3第2項）を適用する:
/// 給与所得から (min(給与所得, 10万円) + min(年金所得, 10万円) − 10万円) を控除（0未満は0）.
/// 年金の年齢区分は `birth` からその年12月31日の年齢で判定する.
///
/// # Errors
/// 未申告は [`ConversionError::Undeclared`]（呼出し側は世帯を一覧に載せる）。換算が必要な項目の表が
/// ない年分は [`ConversionError::UnsupportedYear`].
pub fn total_income(record: &IncomeRecord, birth: Date) -> Result<Yen, ConversionError> {
    total_calc(&declared_amounts(record)?, record.year, birth).map(|t| Yen::new(t.total))
}

/// 窓口で読み上げる総所得金額等の計算過程（1行1段階、改行区切り）.
///
/// # Errors
/// [`total_income`] と同じ.
pub fn explain_total(record: &IncomeRecord, birth: Date) -> Result<String, ConversionError> {
    explain_amounts(&declared_amounts(record)?, record.year, birth)
}

/// [`explain_total`] of `amounts` of `year`.
///
/// # Errors
/// [`income_parts`] と同じ.
pub fn explain_amounts(amounts: &IncomeAmounts, year: i32, birth: Date) -> Result<String, ConversionError> {
    let t = total_calc(amounts, year, birth)?;
    let mut lines = Vec::new();
    if let Some(s) = t.salary {
        lines.push(salary_text(&s));
    }
    if let Some(p) = t.pension {
        lines.push(pension_text(&p, pension_rule(year)?));
    }
    if t.adjustment > 0 {
        let s = t.salary.map_or(0, |s| s.income);
        lines.push(format!(
            "所得金額調整控除 {} → 給与所得 {}",
            yen(t.adjustment),
            yen(s.saturating_sub(t.adjustment))
        ));
    }
    let mut parts = Vec::new();
    if let Some(s) = t.salary {
        parts.push(format!("給与 {}", yen(s.income.saturating_sub(t.adjustment))));
    }
    if let Some(p) = t.pension {
        parts.push(format!("年金 {}", yen(p.income)));
    }
    if t.other_income != 0 {
        parts.push(format!("その他 {}", yen(t.other_income)));
    }
    if t.separate_income != 0 {
        parts.push(format!("分離 {}", yen(t.separate_income)));
    }
    let sum = if parts.is_empty() {
        String::from("所得なし")
    } else {
        parts.join(" + ")
    };
    lines.push(format!("総所得金額等 {} = {sum}", yen(t.total)));
    Ok(lines.join("\n"))
}

// ---------------------------------------------------------------------------------------------
// 旧ただし書き所得
// ---------------------------------------------------------------------------------------------

/// 旧ただし書き所得（基準総所得金額）= 総所得金額等 − 基礎控除（住民税、43万円）。0円未満は0.
///
/// 合計所得金額2,400万円超の基礎控除の逓減は行わない [未]（rules.md §1.1）.
///
/// # Errors
/// 基礎控除の表のない年分は [`ConversionError::UnsupportedYear`].
pub fn assessable_income(total: Yen, income_year: i32) -> Result<Yen, ConversionError> {
    let basic = basic_rule(income_year)?.amount;
    let v = total
        .value()
        .checked_sub(basic)
        .ok_or(ConversionError::Overflow)?
        .max(0);
    Ok(Yen::new(v))
}

/// 窓口で読み上げる旧ただし書き所得の計算過程.
///
/// 例: 「総所得金額等 1,900,000円 − 基礎控除 430,000円 = 旧ただし書き所得 1,470,000円」.
///
/// # Errors
/// [`assessable_income`] と同じ.
pub fn explain_assessable(total: Yen, income_year: i32) -> Result<String, ConversionError> {
    let basic = basic_rule(income_year)?.amount;
    let result = assessable_income(total, income_year)?;
    let floor_note = if total.value() < basic {
        "（0円未満は0円）"
    } else {
        ""
    };
    Ok(format!(
        "総所得金額等 {total} − 基礎控除 {} = 旧ただし書き所得 {result}{floor_note}",
        yen(basic)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::ids::ResidentNo;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn salary(r: i64, y: i32) -> i64 {
        salary_income(Yen::new(r), y).unwrap().value()
    }

    fn pension(r: i64, age: u32, other: i64, y: i32) -> i64 {
        pension_income(Yen::new(r), age, Yen::new(other), y).unwrap().value()
    }

    fn record(year: i32, salary: i64, pension: i64, other: i64) -> IncomeRecord {
        IncomeRecord {
            salary_revenue: Yen::new(salary),
            pension_revenue: Yen::new(pension),
            other_income: Yen::new(other),
            ..IncomeRecord::zero(ResidentNo::parse("1").unwrap(), year)
        }
    }

    // ------------------------------------------------------------------ 表の整合性

    #[test]
    fn tables_are_well_formed() {
        for r in SALARY_RULES {
            assert!(r.first_year <= r.last_year);
            // 区分は昇順で最後だけ上限なし.
            let ups: Vec<Option<i64>> = r.bands.iter().map(|b| b.up_to).collect();
            assert_eq!(ups.last(), Some(&None));
            assert!(ups.iter().rev().skip(1).all(Option::is_some));
            assert!(ups.windows(2).all(|w| w[1].is_none() || w[0] < w[1]));
            // 28条3項の区分は境界で連続（控除額が跳ばない）.
            for w in r.bands.windows(2) {
                let edge = w[0].up_to.unwrap();
                let left = edge * w[0].rate_percent / 100 + w[0].addend;
                let right = edge * w[1].rate_percent / 100 + w[1].addend;
                assert_eq!(left, right, "edge {edge}");
            }
            // 別表第五: 0円の行 → 「収入−最低額」 → 定額の行 → 4,000円刻み、が隙間なく続く.
            assert_eq!(r.zero_below, r.exact_deduction + 1_000);
            assert_eq!(r.exact_deduction, r.bands[0].addend);
            let mut next = r.exact_until;
            for row in r.fixed_rows {
                assert_eq!(row.from, next);
                assert!(row.from < row.until);
                next = row.until;
            }
            assert_eq!(next, r.rounded_from);
            assert_eq!(r.rounded_from % r.rounding_unit, 0);
            assert_eq!(r.table_below % r.rounding_unit, 0);
        }
        for w in SALARY_RULES.windows(2) {
            assert_eq!(w[0].last_year + 1, w[1].first_year);
        }
        for r in PENSION_RULES {
            for bands in [r.under_65, r.from_65] {
                for w in bands.windows(2) {
                    let edge = w[0].up_to.unwrap();
                    let left = edge * w[0].rate_percent / 100 + w[0].addend;
                    let right = edge * w[1].rate_percent / 100 + w[1].addend;
                    assert_eq!(left, right, "edge {edge}");
                }
            }
        }
        for w in BASIC_DEDUCTION_RULES.windows(2) {
            assert_eq!(w[0].last_year + 1, w[1].first_year);
        }
    }

    // ------------------------------------------------------------------ 給与所得

    /// 令和2〜6年分。期待値は別表第五・28条3項から手計算.
    #[test]
    fn salary_2020_to_2024_table() {
        let table: &[(i64, i64)] = &[
            (0, 0),
            (550_000, 0),
            (550_999, 0),           // 551,000円未満は0円（別表第五の最初の行）
            (551_000, 1_000),       // 551,000 − 550,000
            (1_000_000, 450_000),   // 1,000,000 − 550,000
            (1_618_999, 1_068_999), // 1,618,999 − 550,000
            (1_619_000, 1_069_000), // 定額の行
            (1_619_999, 1_069_000),
            (1_620_000, 1_070_000),
            (1_621_999, 1_070_000),
            (1_622_000, 1_072_000),
            (1_623_999, 1_072_000),
            (1_624_000, 1_074_000),
            (1_625_000, 1_074_000), // 28条3項の最低額の上限。表では 1,624,000〜1,627,999 の欄
            (1_625_001, 1_074_000),
            (1_627_999, 1_074_000),
            (1_628_000, 1_076_800), // 1,628,000 × 60% + 100,000 = 976,800 + 100,000
            (1_631_999, 1_076_800), // 4,000円未満切捨て → 1,628,000
            (1_632_000, 1_079_200), // 1,632,000 × 60% + 100,000
            (1_799_999, 1_177_600), // 1,796,000 × 60% + 100,000 = 1,077,600 + 100,000
            (1_800_000, 1_180_000), // 1,800,000 − (720,000 − 100,000)
            (1_800_001, 1_180_000), // 切捨て → 1,800,000
            (2_000_000, 1_320_000), // 2,000,000 − (600,000 + 80,000)
            (3_000_000, 2_020_000), // 3,000,000 − (900,000 + 80,000)
            (3_599_999, 2_437_200), // 3,596,000 × 70% − 80,000 = 2,517,200 − 80,000
            (3_600_000, 2_440_000), // 3,600,000 × 70% − 80,000
            (3_600_001, 2_440_000),
            (6_599_999, 4_836_800), // 6,596,000 × 80% − 440,000 = 5,276,800 − 440,000
            (6_600_000, 4_840_000), // 6,600,000 × 90% − 1,100,000（表の対象外）
            (6_600_001, 4_840_000), // 5,940,000.9 → 切捨て − 1,100,000
            (7_000_005, 5_200_004), // 6,300,004.5 → 6,300,004 − 1,100,000
            (8_500_000, 6_550_000), // 7,650,000 − 1,100,000
            (8_500_001, 6_550_001), // 8,500,001 − 1,950,000
            (10_000_000, 8_050_000),
        ];
        for year in [2020, 2022, 2024] {
            for &(revenue, expected) in table {
                assert_eq!(salary(revenue, year), expected, "{year}年分 給与収入 {revenue}");
            }
        }
    }

    /// 令和7年分: 最低65万円（190万円以下）、190万円未満は「収入 − 65万円」.
    #[test]
    fn salary_2025_table() {
        let table: &[(i64, i64)] = &[
            (0, 0),
            (650_000, 0),
            (650_999, 0),
            (651_000, 1_000),
            (1_000_000, 350_000),
            (1_625_000, 975_000),
            (1_628_000, 978_000),
            (1_800_001, 1_150_001),
            (1_899_999, 1_249_999),
            (1_900_000, 1_250_000), // 1,900,000 × 70% − 80,000 = 1,330,000 − 80,000
            (1_900_001, 1_250_000), // 4,000円未満切捨て → 1,900,000
            (1_903_999, 1_250_000),
            (1_904_000, 1_252_800), // 1,904,000 × 70% − 80,000 = 1,332,800 − 80,000
            (2_000_000, 1_320_000),
            (3_000_000, 2_020_000),
            (3_600_000, 2_440_000),
            (6_599_999, 4_836_800),
            (6_600_000, 4_840_000),
            (8_500_000, 6_550_000),
            (8_500_001, 6_550_001),
        ];
        for &(revenue, expected) in table {
            assert_eq!(salary(revenue, 2025), expected, "2025年分 給与収入 {revenue}");
        }
    }

    #[test]
    fn salary_unsupported_and_invalid() {
        assert_eq!(
            salary_income(Yen::new(1_000_000), 2019),
            Err(ConversionError::UnsupportedYear {
                year: 2019,
                rule: "給与所得控除"
            })
        );
        assert!(matches!(
            salary_income(Yen::new(1_000_000), 2026),
            Err(ConversionError::UnsupportedYear { year: 2026, .. })
        ));
        assert_eq!(
            salary_income(Yen::new(-1), 2024),
            Err(ConversionError::NegativeAmount { item: "給与収入" })
        );
        assert_eq!(
            salary_income(Yen::new(i64::MAX), 2024),
            Ok(Yen::new(i64::MAX - 1_950_000))
        );
        assert_eq!(
            ConversionError::UnsupportedYear {
                year: 2019,
                rule: "給与所得控除"
            }
            .to_string(),
            "2019年分の給与所得控除は未対応です（推測では計算しません）"
        );
    }

    #[test]
    fn salary_explanations() {
        let e = |r: i64, y: i32| explain_salary(Yen::new(r), y).unwrap();
        assert_eq!(
            e(3_000_000, 2024),
            "給与収入 3,000,000円 → 4,000円未満切捨て 3,000,000円 × 30% + 80,000円 = 控除 980,000円 → 給与所得 2,020,000円"
        );
        assert_eq!(
            e(1_700_000, 2024),
            "給与収入 1,700,000円 → 4,000円未満切捨て 1,700,000円 × 40% − 100,000円 = 控除 580,000円 → 給与所得 1,120,000円"
        );
        assert_eq!(
            e(1_000_000, 2025),
            "給与収入 1,000,000円 → 控除 650,000円（最低額）→ 給与所得 350,000円"
        );
        assert_eq!(
            e(500_000, 2024),
            "給与収入 500,000円 → 551,000円未満のため 給与所得 0円"
        );
        assert_eq!(
            e(1_625_000, 2024),
            "給与収入 1,625,000円 → 別表第五 1,624,000円以上1,628,000円未満の欄 → 給与所得 1,074,000円"
        );
        assert_eq!(
            e(7_000_005, 2024),
            "給与収入 7,000,005円 × 10% + 1,100,000円 = 控除 1,800,001円 → 給与所得 5,200,004円（1円未満切捨て）"
        );
        assert_eq!(
            e(9_000_000, 2024),
            "給与収入 9,000,000円 → 控除 1,950,000円（定額）→ 給与所得 7,050,000円"
        );
    }

    // ------------------------------------------------------------------ 公的年金等

    #[test]
    fn pension_table() {
        // (収入, 12/31の年齢, 年金以外の合計所得金額, 期待値): 35条4項の速算表から手計算.
        let table: &[(i64, u32, i64, i64)] = &[
            // 65歳以上・1,000万円以下
            (0, 70, 0, 0),
            (1_100_000, 65, 0, 0),
            (1_100_001, 65, 0, 1),
            (3_000_000, 66, 0, 1_900_000), // TC-01 明石市 夫
            (3_300_000, 65, 0, 2_200_000),
            (3_300_001, 65, 0, 2_200_000),  // 2,475,000.75 → 2,475,000 − 275,000
            (3_500_000, 65, 0, 2_350_000),  // 2,625,000 − 275,000
            (4_100_000, 65, 0, 2_800_000),  // 3,075,000 − 275,000
            (4_100_001, 65, 0, 2_800_000),  // 3,485,000.85 → 3,485,000 − 685,000
            (7_700_000, 65, 0, 5_860_000),  // 6,545,000 − 685,000
            (10_000_000, 65, 0, 8_045_000), // 9,500,000 − 1,455,000
            (10_000_001, 65, 0, 8_045_001), // − 1,955,000
            // 65歳未満・1,000万円以下
            (600_000, 64, 0, 0),
            (600_001, 64, 0, 1),
            (1_300_000, 63, 0, 700_000),   // TC-01 明石市 妻
            (1_300_001, 64, 0, 700_000),   // 975,000.75 → 975,000 − 275,000
            (2_000_000, 64, 0, 1_225_000), // 1,500,000 − 275,000
            (3_300_000, 64, 0, 2_200_000), // 2,475,000 − 275,000（65歳以上と同じ区分に合流）
            (10_000_001, 64, 0, 8_045_001),
            // 年金以外の合計所得金額の区分
            (3_000_000, 66, 10_000_000, 1_900_000),
            (3_000_000, 66, 10_000_001, 2_000_000), // 控除 1,000,000
            (3_000_000, 66, 20_000_000, 2_000_000),
            (3_000_000, 66, 20_000_001, 2_100_000), // 控除 900,000
            (1_000_000, 66, 15_000_000, 0),
            (1_000_001, 66, 15_000_000, 1),
            (500_000, 64, 15_000_000, 0),
            (500_001, 64, 15_000_000, 1),
            (400_000, 64, 25_000_000, 0),
            (400_001, 64, 25_000_000, 1),
            (1_300_000, 64, 25_000_000, 900_000),    // 975,000 − 75,000
            (11_000_000, 70, 25_000_000, 9_245_000), // 11,000,000 − 1,755,000
            (3_000_000, 66, -5_000_000, 1_900_000),  // 損失は最下位の区分
        ];
        for &(revenue, age, other, expected) in table {
            for year in [2020, 2024, 2025, 2026] {
                assert_eq!(
                    pension(revenue, age, other, year),
                    expected,
                    "{year}年分 年金収入 {revenue} 年齢 {age} 他所得 {other}"
                );
            }
        }
        assert!(matches!(
            pension_income(Yen::new(1), 65, Yen::ZERO, 2019),
            Err(ConversionError::UnsupportedYear {
                year: 2019,
                rule: "公的年金等控除"
            })
        ));
        assert!(matches!(
            pension_income(Yen::new(-1), 65, Yen::ZERO, 2024),
            Err(ConversionError::NegativeAmount { .. })
        ));
    }

    #[test]
    fn pension_explanations() {
        assert_eq!(
            explain_pension(Yen::new(3_500_000), 65, Yen::ZERO, 2024).unwrap(),
            "公的年金等収入 3,500,000円（65歳以上・年金以外の合計所得金額 10,000,000円以下）→ 3,500,000円 × 25% + \
             275,000円 = 控除 1,150,000円 → 年金所得 2,350,000円"
        );
        assert_eq!(
            explain_pension(Yen::new(3_000_000), 66, Yen::new(15_000_000), 2024).unwrap(),
            "公的年金等収入 3,000,000円（65歳以上・年金以外の合計所得金額 10,000,000円超20,000,000円以下）→ 控除 1,000,000円（定額）→ 年金所得 2,000,000円"
        );
        assert_eq!(
            explain_pension(Yen::new(1_300_001), 64, Yen::new(30_000_000), 2024).unwrap(),
            "公的年金等収入 1,300,001円（65歳未満・年金以外の合計所得金額 20,000,000円超）→ 1,300,001円 × 25% + \
             75,000円 = 控除 400,001円 → 年金所得 900,000円（1円未満切捨て）"
        );
    }

    #[test]
    fn age_on_december_31() {
        // 1月1日生まれは前年12月31日に加齢: income_year − 64 年1月1日生まれはその年末に65歳.
        assert_eq!(age_at_year_end(date(1960, 1, 1), 2024), Ok(65));
        assert_eq!(age_at_year_end(date(1960, 1, 2), 2024), Ok(64));
        assert_eq!(age_at_year_end(date(1959, 12, 31), 2024), Ok(65));
        assert_eq!(age_at_year_end(date(1960, 1, 1), 2023), Ok(64));
        let g = |b: Date, y: i32| pension_age_group(b, y).unwrap();
        assert_eq!(g(date(1960, 1, 1), 2024), PensionAgeGroup::From65);
        assert_eq!(g(date(1960, 1, 2), 2024), PensionAgeGroup::Under65);
        assert_eq!(g(date(1961, 1, 1), 2025), PensionAgeGroup::From65);
        assert_eq!(g(date(1961, 1, 2), 2025), PensionAgeGroup::Under65);
        assert!(pension_age_group(date(1960, 1, 1), 2019).is_err());
        assert!(age_at_year_end(date(1960, 1, 1), 100_000).is_err());
        // 2月29日生まれ: 2月28日に加齢（年末判定には影響しない）.
        assert_eq!(age_at_year_end(date(1960, 2, 29), 2024), Ok(64));
    }

    // ------------------------------------------------------------------ 総所得金額等

    #[test]
    fn total_income_table() {
        // (所得年, 生年月日, 給与収入, 年金収入, その他所得, 総所得金額等)
        let born_65 = date(1955, 6, 1); // 2024年末 69歳
        let born_60 = date(1964, 6, 1); // 2024年末 60歳
        let table: &[(i32, Date, i64, i64, i64, i64)] = &[
            (2024, born_65, 0, 0, 0, 0),
            (2024, born_65, 2_000_000, 0, 0, 1_320_000),
            (2024, born_65, 0, 3_000_000, 0, 1_900_000),
            // 所得金額調整控除: 給与 1,320,000・年金 100,000 → 100,000 + 100,000 − 100,000 = 100,000
            (2024, born_65, 2_000_000, 1_200_000, 0, 1_220_000 + 100_000),
            // 給与 101,000・年金 50,000 → 100,000 + 50,000 − 100,000 = 50,000 → 給与 51,000
            (2024, born_65, 651_000, 1_150_000, 0, 51_000 + 50_000),
            // 給与 50,000・年金 30,000 → 50,000 + 30,000 − 100,000 < 0 → 調整なし
            (2024, born_65, 600_000, 1_130_000, 0, 80_000),
            // 年金所得0なら調整なし
            (2024, born_65, 2_000_000, 1_100_000, 0, 1_320_000),
            // 65歳未満: 年金 1,300,000 → 700,000、給与 1,320,000 → 調整 100,000
            (2024, born_60, 2_000_000, 1_300_000, 0, 1_220_000 + 700_000),
            // 事業所得の損失は総合課税の中で通算、0未満は0
            (2024, born_60, 2_000_000, 0, -3_000_000, 0),
            (2024, born_60, 2_000_000, 0, -300_000, 1_020_000),
            // 2025年分（給与所得控除の最低額65万円）
            (2025, born_65, 1_000_000, 0, 0, 350_000),
            (2025, born_65, 1_000_000, 1_200_000, 0, 250_000 + 100_000), // 調整 100,000
            // 年金だけなら 2026年分も計算できる（公的年金等控除は変更なし [二]）
            (2026, born_65, 0, 3_000_000, 0, 1_900_000),
        ];
        for &(year, birth, s, p, o, expected) in table {
            let rec = record(year, s, p, o);
            assert_eq!(
                total_income(&rec, birth),
                Ok(Yen::new(expected)),
                "{year}年分 給与{s} 年金{p} 他{o}"
            );
        }
    }

    #[test]
    fn total_income_other_cases() {
        let mut rec = record(2024, 0, 0, 0);
        rec.undeclared = true;
        assert_eq!(total_income(&rec, date(1960, 1, 1)), Err(ConversionError::Undeclared));
        assert!(explain_total(&rec, date(1960, 1, 1)).is_err());

        // 分離課税所得（特別控除後）を加える。年金の他所得区分は特別控除前で判定する.
        let mut rec = record(2024, 0, 3_000_000, 0);
        rec.separate_income = Yen::new(5_000_000);
        rec.separate_special_deduction = Yen::new(6_000_000);
        // 他所得 = 5,000,000 + 6,000,000 = 11,000,000 > 1,000万 → 控除 1,000,000 → 2,000,000
        assert_eq!(total_income(&rec, date(1950, 1, 1)), Ok(Yen::new(7_000_000)));

        // 給与のある 2026年分は給与所得控除が未対応.
        assert!(matches!(
            total_income(&record(2026, 1_000_000, 0, 0), date(1990, 1, 1)),
            Err(ConversionError::UnsupportedYear {
                year: 2026,
                rule: "給与所得控除"
            })
        ));
        assert!(matches!(
            total_income(&record(2019, 1_000_000, 0, 0), date(1990, 1, 1)),
            Err(ConversionError::UnsupportedYear { year: 2019, .. })
        ));

        // 1月1日生まれの年齢判定が総所得に効く: 1960-01-01 は 2024年末65歳、1960-01-02 は64歳.
        let rec = record(2024, 0, 1_100_000, 0);
        assert_eq!(total_income(&rec, date(1960, 1, 1)), Ok(Yen::ZERO));
        assert_eq!(total_income(&rec, date(1960, 1, 2)), Ok(Yen::new(500_000)));
    }

    #[test]
    fn total_explanation() {
        let rec = record(2024, 2_000_000, 1_200_000, 0);
        assert_eq!(
            explain_total(&rec, date(1955, 6, 1)).unwrap(),
            "給与収入 2,000,000円 → 4,000円未満切捨て 2,000,000円 × 30% + 80,000円 = 控除 680,000円 → 給与所得 1,320,000円\n\
             公的年金等収入 1,200,000円（65歳以上・年金以外の合計所得金額 10,000,000円以下）→ 控除 1,100,000円（定額）→ 年金所得 100,000円\n\
             所得金額調整控除 100,000円 → 給与所得 1,220,000円\n\
             総所得金額等 1,320,000円 = 給与 1,220,000円 + 年金 100,000円"
        );
        assert_eq!(
            explain_total(&record(2024, 0, 0, 0), date(1955, 6, 1)).unwrap(),
            "総所得金額等 0円 = 所得なし"
        );
    }

    // ------------------------------------------------------------------ 旧ただし書き所得

    #[test]
    fn assessable_income_table() {
        // TC-01 明石市 令和5年度（令和4年分）: 夫 1,900,000 → 1,470,000、妻 700,000 → 270,000.
        let a = |t: i64, y: i32| assessable_income(Yen::new(t), y).unwrap().value();
        assert_eq!(a(1_900_000, 2022), 1_470_000);
        assert_eq!(a(700_000, 2022), 270_000);
        for year in 2020..=2025 {
            assert_eq!(a(430_000, year), 0);
            assert_eq!(a(430_001, year), 1);
            assert_eq!(a(0, year), 0);
            assert_eq!(a(-100, year), 0);
        }
        assert!(matches!(
            assessable_income(Yen::new(1), 2019),
            Err(ConversionError::UnsupportedYear {
                year: 2019,
                rule: "基礎控除"
            })
        ));
        assert!(assessable_income(Yen::new(1), 2026).is_err());
        assert_eq!(
            explain_assessable(Yen::new(1_900_000), 2022).unwrap(),
            "総所得金額等 1,900,000円 − 基礎控除 430,000円 = 旧ただし書き所得 1,470,000円"
        );
        assert_eq!(
            explain_assessable(Yen::new(100_000), 2024).unwrap(),
            "総所得金額等 100,000円 − 基礎控除 430,000円 = 旧ただし書き所得 0円（0円未満は0円）"
        );
    }

    /// TC-01 明石市（令和5年度）の所得部分を収入から通しで再現する.
    #[test]
    fn akashi_tc01_from_revenue() {
        let husband = record(2022, 0, 3_000_000, 0);
        let wife = record(2022, 0, 1_300_000, 0);
        // 夫66歳・妻63歳（令和5年度の資料。令和4年12月31日の年齢で判定）.
        let h = total_income(&husband, date(1956, 6, 1)).unwrap();
        let w = total_income(&wife, date(1959, 6, 1)).unwrap();
        assert_eq!((h, w), (Yen::new(1_900_000), Yen::new(700_000)));
        assert_eq!(assessable_income(h, 2022), Ok(Yen::new(1_470_000)));
        assert_eq!(assessable_income(w, 2022), Ok(Yen::new(270_000)));
    }

    // ------------------------------------------------------------------ 単調性・範囲

    /// 別表第五の範囲を1円刻みで全部調べる: 単調非減少、収入以下、0以上.
    #[test]
    fn salary_exhaustive_monotonic_over_table_region() {
        for year in [2024, 2025] {
            let mut prev = 0;
            for r in 500_000..=2_000_000_i64 {
                let v = salary(r, year);
                assert!(v >= prev, "{year}: {r} → {v} < {prev}");
                assert!(0 <= v && v <= r);
                prev = v;
            }
        }
    }

    proptest! {
        #[test]
        fn salary_is_monotonic_and_bounded(
            year in 2020..=2025_i32,
            r in 0..30_000_000_i64,
            d in 0..200_000_i64,
        ) {
            let a = salary(r, year);
            let b = salary(r + d, year);
            prop_assert!(a <= b);
            prop_assert!(0 <= a && a <= r);
            // 令和7年分は令和6年分より所得が多くならない（最低額の引上げ）.
            if year == 2025 {
                prop_assert!(a <= salary(r, 2024));
            }
        }

        #[test]
        fn pension_is_monotonic_and_bounded(
            year in 2020..=2026_i32,
            r in 0..30_000_000_i64,
            d in 0..200_000_i64,
            age in 0..110_u32,
            other in -10_000_000..40_000_000_i64,
        ) {
            let a = pension(r, age, other, year);
            let b = pension(r + d, age, other, year);
            prop_assert!(a <= b);
            prop_assert!(0 <= a && a <= r);
            // 65歳以上の所得は65歳未満以下、他所得が多いほど年金所得は多い（控除が減る）.
            prop_assert!(pension(r, 65, other, year) <= pension(r, 64, other, year));
            prop_assert!(a <= pension(r, age, other + d * 100, year));
        }

        #[test]
        fn total_is_bounded(
            s in 0..20_000_000_i64,
            p in 0..20_000_000_i64,
            born in 1930..2005_i16,
        ) {
            let rec = record(2024, s, p, 0);
            let t = total_income(&rec, date(born, 7, 1)).unwrap().value();
            let si = salary(s, 2024);
            let age = age_at_year_end(date(born, 7, 1), 2024).unwrap();
            let pi = pension(p, age, si, 2024);
            // 調整控除は最大10万円、給与所得＋年金所得を上回らない.
            prop_assert!(t <= si + pi && t >= si + pi - 100_000);
            prop_assert!(t >= 0 && t <= s + p);
            prop_assert!(explain_total(&rec, date(born, 7, 1)).is_ok());
        }
    }
}
