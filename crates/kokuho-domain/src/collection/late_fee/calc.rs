//! The calculation: the late days cut into periods of one base and one rate, each period's
//! amount exactly, then the statutory roundings.

use super::input::{LateFeeInput, PaymentInput, YearRatesInput};
use super::output::{LateFeeResult, PeriodResult};
use super::rates::{self, STATUTORY, YearRates};
use crate::Yen;
use crate::contract::CalcError;
use crate::kernel::date::{Date, format_wareki};
use crate::kernel::money::{floor_to_100_yen, floor_to_1000_yen};
use crate::kernel::rate::Rate;

/// 年当たりの割合は閏年の日を含む期間についても365日当たりの割合 (地方税法附則3条の2 and the
/// cities' worked examples: 「うるう年でも365日で計算します」 [公] 京都市, 福岡市 FAQ3274).
const DAYS_PER_YEAR: i128 = 365;
/// 延滞金の計算の基礎となる額が2,000円未満なら延滞金はない (地方税法20条の4の2第2項 [公]
/// https://www.zeiken.co.jp/hourei/HHCHI000000/20-4-2.html; the 国保料 条例 say the same).
const MIN_BASE: i64 = 2_000;
/// 延滞金の確定金額が1,000円未満なら全額を切り捨てる (同条第5項).
const MIN_FEE: i64 = 1_000;

/// Calculates the 延滞金 of one installment paid late, with the explanation of every step.
///
/// Rules (rules.md §5.2):
/// - the late days run from the day after the due date to the day of payment, both counted; a
///   payment reduces the base from the day after it (国税通則法62条1項「その納付の日の翌日以後の
///   期間に係る…計算の基礎となる税額は、その納付された税額を控除した金額とする」 [公]
///   https://iuris.jp/国税通則法-第六十二条-一部納付が行なわれた場合の延滞税の額の計算等/jpn/a/31838 ;
///   the contract says the same; the 地方税法 wording for 料 is [未]);
/// - 1か月を経過する日 is the day before the day of the next month numbered as the first late
///   day, or the last day of that month when it has no such day (民法143条2項): due 8/31 → 9/30,
///   due 8/1 → 9/1 ([公] 矢吹町「令和4年8月2日から令和4年9月1日までの期間（31日間）」);
/// - each calendar year's rate applies to its own days (附則3条の2「その年中」), so a period
///   also ends on 31 December;
/// - base = the unpaid principal rounded down to 1,000 yen, nothing below 2,000 yen;
/// - each period's amount is rounded down to 1 yen, the amounts are added, a total under 1,000
///   yen is 0 and any other is rounded down to 100 yen ([公] 豊橋市「(a)(b)(c)については1円未満の
///   端数を切捨てます」; 福岡市 FAQ3274「<a>、<b>の1円未満の端数金額は切り捨てます」; 泉佐野市
///   「230円・・・A」「772円・・・B」「1,257円・・・C」; 岐阜市「計算の過程で円未満の端数が生じた
///   場合、これを切り捨て」; 矢吹町; 北見市; 都城市 — not one official example adds the exact
///   amounts before truncating).
///
/// # Errors
/// [`CalcError`] for payments out of order or beyond the principal, an unpaid principal, and a
/// year whose rates are neither built in nor given (kokuho-contract adds the JSON's own
/// refusals).
pub fn calculate(input: &LateFeeInput) -> Result<LateFeeResult, CalcError> {
    let table = RateTable::new(&input.rates)?;
    check_payments(input)?;
    let mut explanation = vec![format!(
        "本料 {}、納期限 {}。延滞金は納期限の翌日から完納の日までの日数により、年当たりの割合を365日で割って計算します（うるう年も365日）。",
        yen(input.principal.0),
        format_wareki(input.due_date)
    )];
    let Ok(first_day) = input.due_date.tomorrow() else {
        explanation.push(String::from("納期限より後の日がないため、延滞金はかかりません。"));
        return Ok(LateFeeResult {
            late_fee: Yen::ZERO,
            periods: Vec::new(),
            explanation,
        });
    };
    let month_end = one_month_elapsed(first_day);
    explanation.push(format!(
        "納期限の翌日（{}）から1か月を経過する日（{}）までは1か月以内の割合、その翌日からは1か月経過後の割合です。",
        format_wareki(first_day),
        format_wareki(month_end)
    ));
    let pieces = cut(input, first_day, month_end, &mut explanation);
    let mut periods = Vec::with_capacity(pieces.len());
    let mut total: i128 = 0;
    for piece in &pieces {
        let rates = table.get(i32::from(piece.year)).ok_or_else(|| unknown_year(piece))?;
        let rate = if piece.within_month {
            rates.within_month
        } else {
            rates.after_month
        };
        let (period, exact) = period(piece, rate).ok_or_else(too_large)?;
        total += i128::from(period.amount_yen.value());
        explanation.push(format!(
            "{}〜{}（{}日、{}）: {} × 年{}% × {}日 ÷ 365 = {}.{}{}円 → {}（1円未満切捨て）",
            format_wareki(period.from),
            format_wareki(period.to),
            period.days,
            if piece.within_month {
                "1か月以内"
            } else {
                "1か月経過後"
            },
            yen(period.base.value()),
            period.rate,
            period.days,
            period.amount_yen.format_grouped(),
            period
                .amount
                .rsplit_once('.')
                .map_or("", |(_, thousandths)| thousandths),
            if exact { "" } else { "…" },
            yen(period.amount_yen.value())
        ));
        periods.push(period);
    }
    let total = i64::try_from(total).map_err(|_| too_large())?;
    let late_fee = if total < MIN_FEE {
        Yen::ZERO
    } else {
        floor_to_100_yen(Yen::new(total))
    };
    explanation.push(if periods.is_empty() {
        String::from("延滞金の計算の基礎となる期間がないため、延滞金はかかりません。")
    } else if total < MIN_FEE {
        format!("合計 {}: 1,000円未満のため延滞金はかかりません。", yen(total))
    } else {
        format!("合計 {} → 100円未満切捨て 延滞金 {}", yen(total), yen(late_fee.value()))
    });
    Ok(LateFeeResult {
        late_fee,
        periods,
        explanation,
    })
}

/// The built-in table, overridden by the years the input gives.
struct RateTable<'a> {
    overrides: &'a [YearRatesInput],
}

impl<'a> RateTable<'a> {
    /// Checks the input's rates: each year once, within the 本則, 1か月以内 ≤ 1か月経過後.
    fn new(overrides: &'a [YearRatesInput]) -> Result<Self, CalcError> {
        for (i, r) in overrides.iter().enumerate() {
            let path = |field: &str| format!("rates[{i}].{field}");
            if overrides[..i].iter().any(|earlier| earlier.year == r.year) {
                return Err(CalcError::invalid(
                    path("year"),
                    format!("項目 {}: {}年の割合が2回指定されています", path("year"), r.year),
                ));
            }
            for (field, rate, most) in [
                ("within_month", r.within_month, STATUTORY.within_month),
                ("after_month", r.after_month, STATUTORY.after_month),
            ] {
                if rate > most {
                    return Err(CalcError::invalid(
                        path(field),
                        format!(
                            "項目 {}: 割合 {}% は本則の年{}%を超えています（延滞金の割合の上限）",
                            path(field),
                            rate.decimal_text(),
                            most.decimal_text()
                        ),
                    ));
                }
            }
            if r.within_month > r.after_month {
                return Err(CalcError::invalid(
                    path("within_month"),
                    format!(
                        "項目 {}: 1か月以内の割合 {}% が1か月経過後の割合 {}% を超えています（within_month と after_month が逆ではありませんか）",
                        path("within_month"),
                        r.within_month.decimal_text(),
                        r.after_month.decimal_text()
                    ),
                ));
            }
        }
        Ok(RateTable { overrides })
    }

    fn get(&self, year: i32) -> Option<YearRates> {
        match self.overrides.iter().find(|r| r.year == year) {
            Some(r) => Some(YearRates {
                within_month: r.within_month,
                after_month: r.after_month,
            }),
            None => rates::built_in(year),
        }
    }
}

/// Payments in date order, each more than 0 yen and within what remains, until nothing remains.
fn check_payments(input: &LateFeeInput) -> Result<(), CalcError> {
    crate::contract::check_count("payments", input.payments.len(), crate::contract::MAX_ENTRIES, "納付")?;
    let mut remaining = input.principal.0;
    let mut previous: Option<Date> = None;
    for (i, p) in input.payments.iter().enumerate() {
        if previous.is_some_and(|d| p.date < d) {
            let path = format!("payments[{i}].date");
            return Err(CalcError::invalid(
                path.clone(),
                format!("項目 {path}: 納付日が前の納付より前です。納付は日付の順に並べてください"),
            ));
        }
        previous = Some(p.date);
        let path = format!("payments[{i}].amount");
        if p.amount.0 == 0 {
            return Err(CalcError::invalid(
                path.clone(),
                format!("項目 {path}: 納付額が0円です"),
            ));
        }
        if p.amount.0 > remaining {
            // A payment beyond the principal would be (part of) the 延滞金 itself, which does not
            // reduce the base: refused rather than guessed (国税通則法62条2項 applies a payment to
            // the principal first).
            return Err(CalcError::invalid(
                path.clone(),
                format!(
                    "項目 {path}: 納付額 {} が残りの本料 {} を超えています（延滞金の納付は含めないでください）",
                    yen(p.amount.0),
                    yen(remaining)
                ),
            ));
        }
        remaining -= p.amount.0;
    }
    if remaining > 0 {
        // The fee runs until the principal is paid in full: a part-paid installment has no final
        // fee yet, and the contract never gives a partial result.
        return Err(CalcError::invalid(
            "payments",
            format!(
                "項目 payments: 本料が完納されていません（未納 {}）。延滞金は完納の日まで計算するため、完納する日の納付を加えて試算してください",
                yen(remaining)
            ),
        ));
    }
    Ok(())
}

/// 納期限の翌日から起算して1月を経過する日 (民法143条2項): the day before the day of the next
/// month with the number of `first_day`, or that month's last day when it has none.
fn one_month_elapsed(first_day: Date) -> Date {
    let (year, month) = if first_day.month() == 12 {
        (first_day.year().saturating_add(1), 1)
    } else {
        (first_day.year(), first_day.month() + 1)
    };
    match Date::new(year, month, first_day.day()) {
        Ok(same_day) => same_day.yesterday().unwrap_or(first_day),
        Err(_) => Date::new(year, month, 1).map_or(Date::MAX, Date::last_of_month),
    }
}

/// Late days with one base, one year and one side of the first month.
#[derive(Debug, Clone, Copy)]
struct Piece {
    from: Date,
    to: Date,
    base: i64,
    year: i16,
    within_month: bool,
    /// The payment that ends the run of days this piece belongs to (named when its year has no
    /// rate).
    payment: usize,
}

/// The late days, from `first_day` to the last payment, cut at the end of the first month, at
/// each 31 December and where a payment changes the base; days on which the base is 0 are left
/// out. Writes a line for every payment.
fn cut(input: &LateFeeInput, first_day: Date, month_end: Date, explanation: &mut Vec<String>) -> Vec<Piece> {
    let mut pieces: Vec<Piece> = Vec::new();
    let mut remaining = input.principal.0;
    let mut next_late_day = Some(first_day);
    for (i, &PaymentInput { date, amount }) in input.payments.iter().enumerate() {
        if let Some(from) = next_late_day.filter(|from| date >= *from) {
            let base = base_of(remaining);
            let mut day = from;
            while base > 0 && day <= date {
                let within_month = day <= month_end;
                let year_end = Date::new(day.year(), 12, 31).unwrap_or(Date::MAX);
                let to = date.min(year_end).min(if within_month { month_end } else { Date::MAX });
                let piece = Piece {
                    from: day,
                    to,
                    base,
                    year: day.year(),
                    within_month,
                    payment: i,
                };
                match pieces.last_mut() {
                    // The same base, year and side of the month as the day before: one period.
                    Some(last)
                        if (last.base, last.year, last.within_month) == (base, piece.year, within_month)
                            && last.to.tomorrow().ok() == Some(day) =>
                    {
                        last.to = to;
                        last.payment = i;
                    }
                    _ => pieces.push(piece),
                }
                let Ok(after) = to.tomorrow() else { break };
                day = after;
            }
            next_late_day = date.tomorrow().ok();
        }
        remaining -= amount.0;
        let on_time = date < first_day;
        explanation.push(format!(
            "{} 納付 {}（残りの本料 {}{}）",
            format_wareki(date),
            yen(amount.0),
            yen(remaining),
            match (on_time, remaining) {
                (true, _) => String::from("。納期限までの納付なので、この額に延滞金はかかりません"),
                (false, 0) => String::from("。完納"),
                (false, r) if r < MIN_BASE => String::from("。2,000円未満なので、翌日からの延滞金はかかりません"),
                (false, r) => format!("。翌日からの計算の基礎 {}（1,000円未満切捨て）", yen(base_of(r))),
            }
        ));
    }
    pieces
}

/// 延滞金の計算の基礎: 1,000円未満切捨て, 2,000円未満は0 (地方税法20条の4の2第2項).
fn base_of(unpaid: i64) -> i64 {
    if unpaid < MIN_BASE {
        0
    } else {
        floor_to_1000_yen(Yen::new(unpaid)).value()
    }
}

/// One period's result and whether its amount was exact at 3 decimals (`None`: more yen than
/// an `i64` holds).
fn period(piece: &Piece, rate: Rate) -> Option<(PeriodResult, bool)> {
    let days = piece.from.until(piece.to).map_or(0, |span| i64::from(span.get_days())) + 1;
    let (rate_num, rate_den) = rate.as_fraction();
    // base ≤ i64::MAX, rate ≤ 14.6% (1,460,000 units), days < 7.4 million (the whole range of
    // Date), × 1000 for the decimals: below 10^35, far inside i128.
    let numerator = i128::from(piece.base) * i128::from(rate_num) * i128::from(days);
    let denominator = i128::from(rate_den) * DAYS_PER_YEAR;
    let thousandths = numerator * 1000 / denominator;
    let exact = (numerator * 1000) % denominator == 0;
    let amount_yen = i64::try_from(numerator / denominator).ok()?;
    let period = PeriodResult {
        from: piece.from,
        to: piece.to,
        base: Yen::new(piece.base),
        rate: rate.decimal_text(),
        days,
        amount: format!("{}.{:03}", thousandths / 1000, thousandths % 1000),
        amount_yen: Yen::new(amount_yen),
    };
    Some((period, exact))
}

fn too_large() -> CalcError {
    CalcError::invalid("principal", "項目 principal: 金額が大きすぎて計算できません")
}

fn unknown_year(piece: &Piece) -> CalcError {
    let path = format!("payments[{}].date", piece.payment);
    CalcError::invalid(
        path.clone(),
        format!(
            "項目 {path}: {}年の延滞金の割合は組み込みの表にありません（{}年まで）。rates に {{\"year\": {}, \
             \"within_month\": \"…\", \"after_month\": \"…\"}} を指定してください",
            piece.year,
            rates::LAST_KNOWN_YEAR,
            piece.year
        ),
    )
}

fn yen(v: i64) -> String {
    Yen::new(v).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn one_month_elapsed_follows_civil_code_143() {
        for (first_day, expected) in [
            (date(2023, 9, 1), date(2023, 9, 30)),
            (date(2022, 8, 2), date(2022, 9, 1)),
            (date(2023, 1, 31), date(2023, 2, 28)),
            (date(2024, 1, 31), date(2024, 2, 29)),
            (date(2024, 1, 30), date(2024, 2, 29)),
            (date(2024, 1, 29), date(2024, 2, 28)),
            (date(2023, 12, 16), date(2024, 1, 15)),
            (date(2024, 12, 31), date(2025, 1, 30)),
            (date(2023, 3, 31), date(2023, 4, 30)),
            (date(9999, 12, 5), Date::MAX),
        ] {
            assert_eq!(one_month_elapsed(first_day), expected, "{first_day}");
        }
    }

    #[test]
    fn the_base_is_cut_to_thousands_and_nothing_under_2000() {
        assert_eq!(
            [
                base_of(0),
                base_of(1_999),
                base_of(2_000),
                base_of(2_999),
                base_of(100_500)
            ],
            [0, 0, 2_000, 2_000, 100_000]
        );
    }
}
