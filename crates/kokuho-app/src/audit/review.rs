//! 監査ログの点検 (auditors, permission 監査): searching the audit trail and the periodic review
//! report (定期点検レポート). Both are themselves audited (`audit.search`, `audit.report`).
//!
//! Times are stored in UTC (`clock::format_timestamp`); auditors think in Japan time, so every
//! date typed is a JST calendar day (from 00:00 JST of the first day to 24:00 JST of the last)
//! and every time shown is JST. The report never loads a period into memory: it is built from
//! SQL aggregates (per actor, per actor and UTC hour) and bounded row lists.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use kokuho_domain::kernel::date::holidays::is_office_closed;
use kokuho_store::repo::journal::{self as journal_repo, AuditFilter, AuditPeriod, AuditRow};
use serde::{Deserialize, Serialize};

pub use crate::audit::value::ACTION_GROUPS;
use crate::audit::value::ActionFilter;
use crate::audit::{AuditAction, AuditEvent, readable, trail};
use crate::clock::{format_timestamp, japan};
use crate::error::{AppError, AppResult};
use crate::journal::ChainReport;
use crate::{Actor, App, Audited, Permission};

/// Rows per page of the search (newest first; the next page continues below the last seq).
pub const SEARCH_PAGE_SIZE: i64 = 50;

/// A user's person views on one JST day above this are always listed as unusual (a clerk at a
/// busy counter handles well under a hundred people a day).
pub const DAILY_VIEW_LIMIT: i64 = 200;

/// A day is also unusual when its views exceed this many times the median of every user's daily
/// views in the period (user-days with at least one view) …
pub const MEDIAN_FACTOR: i64 = 3;

/// … provided the day has at least this many views (so that 4 views against a median of 1 are
/// not reported).
pub const RELATIVE_MIN_VIEWS: i64 = 20;

/// Office hours in JST: from 08:00 (inclusive) to 19:00 (exclusive) on the days the office is
/// open (not 土日・祝日・振替休日・国民の休日 or 12月29日〜1月3日; `date::holidays`).
pub const OFFICE_OPENS_HOUR: i8 = 8;
pub const OFFICE_CLOSES_HOUR: i8 = 19;

/// How many after-hours rows the report lists (the counts per user cover all of them).
pub const AFTER_HOURS_ROWS: i64 = 50;

/// How many 支援措置 alerts the report lists (the count covers all; the rest are in the search).
pub const ALERT_ROWS: i64 = 500;

/// Audit actions that show a person (or a household) to the user: "who looked at whom".
pub const PERSON_VIEW_ACTIONS: &[&str] = &[
    AuditAction::ResidentView.code(),
    AuditAction::ResidentViewInHousehold.code(),
    AuditAction::HouseholdView.code(),
    AuditAction::MyNumberReveal.code(),
    AuditAction::MyNumberRevealForm.code(),
];

/// The Japanese word for an outcome code.
pub fn outcome_label(outcome: &str) -> &str {
    match outcome {
        "success" => "成功",
        "denied" => "拒否",
        "failed" => "失敗",
        other => other,
    }
}

/// 監査ログの検索条件. Every criterion is optional; they combine with AND.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// 利用者 (職員ID, exact)
    pub actor: Option<String>,
    /// 対象 (宛名番号・世帯番号・職員ID…, exact)
    pub subject: Option<String>,
    /// 操作: an action's code (`resident.view`, exact; the screen's list sends it), its Japanese
    /// name (`資格照会`), or a prefix ending in `.` (`my_number.`: every My Number operation) or
    /// the name of such a group.
    pub action: Option<String>,
    /// 期間の開始日 (JST, inclusive)
    pub from: Option<Date>,
    /// 期間の終了日 (JST, inclusive). With both dates, at most one year.
    pub to: Option<Date>,
    /// Paging: only records older than this sequence number.
    pub before_seq: Option<i64>,
}

/// One audit record as shown to an auditor.
#[derive(Debug, Clone, Serialize)]
pub struct AuditEntryView {
    pub seq: i64,
    /// 日時 (JST, `2026-06-01 09:00:00`)
    pub at: String,
    pub actor: String,
    /// 操作の記録名 (API only; screens show `action_label`)
    pub action: String,
    /// 操作の名前 (for a code this version does not know: 未登録の操作（code）)
    pub action_label: String,
    pub subject: String,
    pub outcome: String,
    /// 成功・拒否・失敗
    pub outcome_label: String,
    /// The stored detail (JSON, for the API; never a My Number, and any run of 12 or more digits
    /// is masked).
    pub detail: String,
    /// 詳細 in Japanese, e.g. `目的: 届出書との照合` (masked like `detail`).
    pub detail_text: String,
    /// 操作と詳細, e.g. `個人番号の表示（目的: 届出書との照合）` (masked like `detail`).
    pub summary: String,
}

/// One page of the search, newest first.
#[derive(Debug, Clone, Serialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntryView>,
    pub has_more: bool,
    /// `before_seq` of the next (older) page.
    pub next_before_seq: Option<i64>,
}

/// (a) person views of one user.
#[derive(Debug, Clone, Serialize)]
pub struct UserViews {
    pub actor: String,
    /// 照会件数 (successful person views)
    pub views: i64,
    /// 照会した対象の数 (distinct 宛名番号・世帯番号)
    pub subjects: i64,
}

/// (b) a day on which a user viewed unusually many people.
#[derive(Debug, Clone, Serialize)]
pub struct UnusualDay {
    pub actor: String,
    /// JST day
    pub day: Date,
    pub views: i64,
    pub reason: String,
}

/// A count per user.
#[derive(Debug, Clone, Serialize)]
pub struct UserCount {
    pub actor: String,
    pub count: i64,
}

/// (f) the audit chain's verification.
#[derive(Debug, Clone, Serialize)]
pub struct ChainCheck {
    pub ok: bool,
    pub entries: i64,
    pub first_bad_seq: Option<i64>,
    pub problem: Option<String>,
}

impl From<&ChainReport> for ChainCheck {
    fn from(r: &ChainReport) -> Self {
        Self {
            ok: r.is_ok(),
            entries: r.entries,
            first_bad_seq: r.first_bad.as_ref().map(|b| b.seq),
            problem: r.first_bad.as_ref().map(|b| b.problem.clone()),
        }
    }
}

/// 定期点検レポート for a period of JST days.
#[derive(Debug, Clone, Serialize)]
pub struct AuditReport {
    pub from: Date,
    pub to: Date,
    /// (a) who looked at whom, per user.
    pub views_by_user: Vec<UserViews>,
    /// (b) the thresholds used and the days above them.
    pub daily_view_limit: i64,
    /// Median of all users' daily views (user-days with a view), e.g. `12` or `12.5`.
    pub median_daily_views: Option<String>,
    pub unusual_days: Vec<UnusualDay>,
    /// (c) records outside office hours, per user, and the first of them.
    pub after_hours_by_user: Vec<UserCount>,
    pub after_hours_total: i64,
    pub after_hours_rows: Vec<AuditEntryView>,
    /// (d) every access to a 支援措置 resident (listed up to [`ALERT_ROWS`]).
    pub restricted_alerts_total: i64,
    pub restricted_alerts: Vec<AuditEntryView>,
    /// (e) refused operations per user.
    pub denied_by_user: Vec<UserCount>,
    /// (f) the verification of the whole audit chain.
    pub chain: ChainCheck,
}

/// Masks every run of 12 or more digits (half- or full-width): no page shows a My Number even if
/// someone typed one into a free-text field that ends up in a detail.
fn mask_long_digit_runs(text: &str) -> String {
    let is_digit = |c: char| kokuho_domain::kernel::digits::ascii_digit(c).is_some();
    fn flush(run: &mut String, out: &mut String) {
        if run.chars().count() >= 12 {
            out.push_str("［数字12桁以上のため非表示］");
        } else {
            out.push_str(run);
        }
        run.clear();
    }
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    for c in text.chars() {
        if is_digit(c) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

pub use crate::clock::jst_display;

fn entry_view(r: AuditRow) -> AuditEntryView {
    AuditEntryView {
        at: jst_display(&r.at),
        action_label: AuditAction::label_of(&r.action),
        outcome_label: outcome_label(&r.outcome).to_string(),
        detail_text: mask_long_digit_runs(&readable::describe_detail(&r.action, &r.outcome, &r.detail)),
        summary: mask_long_digit_runs(&readable::summary(&r.action, &r.outcome, &r.detail)),
        detail: mask_long_digit_runs(&r.detail),
        seq: r.seq,
        actor: r.actor,
        action: r.action,
        subject: r.subject,
        outcome: r.outcome,
    }
}

/// 00:00 JST of `day` as stored UTC text.
fn jst_midnight_utc(day: Date, field: &'static str) -> AppResult<String> {
    let ts = day
        .at(0, 0, 0, 0)
        .to_zoned(japan())
        .map_err(|_| AppError::invalid(field, "日付が範囲外です"))?
        .timestamp();
    Ok(format_timestamp(ts))
}

/// Checks a period (from ≤ to, at most one year) and gives its UTC bounds `[from, until)`:
/// 00:00 JST of `from` and 00:00 JST of the day after `to`.
pub fn period_bounds(from: Option<Date>, to: Option<Date>) -> AppResult<(Option<String>, Option<String>)> {
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            return Err(AppError::invalid(
                "to",
                "終了日は開始日と同じ日かそれより後にしてください",
            ));
        }
        let year_later = f
            .checked_add(jiff::Span::new().years(1))
            .map_err(|_| AppError::invalid("to", "日付が範囲外です"))?;
        if t >= year_later {
            return Err(AppError::invalid("to", "期間は1年以内にしてください"));
        }
    }
    let from = from.map(|d| jst_midnight_utc(d, "from")).transpose()?;
    let until = to
        .map(|d| {
            d.tomorrow()
                .map_err(|_| AppError::invalid("to", "日付が範囲外です"))
                .and_then(|next| jst_midnight_utc(next, "to"))
        })
        .transpose()?;
    Ok((from, until))
}

/// The action criterion as (exact, prefix).
fn action_criterion(input: Option<&str>) -> (Option<String>, Option<String>) {
    let Some(a) = input.map(str::trim).filter(|a| !a.is_empty()) else {
        return (None, None);
    };
    if let Some((code, _)) = ACTION_GROUPS.iter().find(|(code, label)| *code == a || *label == a) {
        return (None, Some((*code).to_string()));
    }
    if a.ends_with('.') {
        return (None, Some(a.to_string()));
    }
    let code = AuditAction::ALL
        .iter()
        .find(|action| action.label() == a)
        .map_or(a, |action| action.code());
    (Some(code.to_string()), None)
}

fn cleaned(v: Option<&String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// A UTC hour bucket (`YYYY-MM-DDTHH`) in JST: (day, hour).
fn jst_hour(bucket: &str) -> Option<(Date, i8)> {
    let z = format!("{bucket}:00:00Z").parse::<Timestamp>().ok()?.to_zoned(japan());
    Some((z.date(), z.hour()))
}

/// Outside 08:00–19:00 JST, or on a day the office is closed (土日・祝日・年末年始, 行政機関の休日).
fn is_after_hours(hour: i8, day: Date) -> bool {
    is_office_closed(day) || !(OFFICE_OPENS_HOUR..OFFICE_CLOSES_HOUR).contains(&hour)
}

/// Why a user-day is unusual, if it is. `median2` is twice the median (an integer).
fn unusual_reason(views: i64, median2: Option<i64>) -> Option<String> {
    let over_limit = views > DAILY_VIEW_LIMIT;
    let over_median = median2.is_some_and(|m2| views >= RELATIVE_MIN_VIEWS && 2 * views > MEDIAN_FACTOR * m2);
    match (over_limit, over_median) {
        (true, true) => Some(format!(
            "1日{DAILY_VIEW_LIMIT}件超、かつ全利用者の中央値の{MEDIAN_FACTOR}倍超"
        )),
        (true, false) => Some(format!("1日{DAILY_VIEW_LIMIT}件超")),
        (false, true) => Some(format!("全利用者の中央値の{MEDIAN_FACTOR}倍超")),
        (false, false) => None,
    }
}

/// Twice the median of `values` (so it stays an integer), None when empty.
fn median_times_two(values: &mut [i64]) -> Option<i64> {
    values.sort_unstable();
    let n = values.len();
    let lo = *values.get(n.checked_sub(1)? / 2)?;
    let hi = *values.get(n / 2)?;
    Some(lo + hi)
}

fn user_counts(counts: BTreeMap<String, i64>) -> Vec<UserCount> {
    counts
        .into_iter()
        .map(|(actor, count)| UserCount { actor, count })
        .collect()
}

impl App {
    /// 監査ログの検索 (permission 監査): newest first, [`SEARCH_PAGE_SIZE`] rows a page.
    pub fn audit_search(&self, actor: &Actor, q: &AuditQuery) -> AppResult<AuditPage> {
        self.run(actor, Permission::Audit, AuditAction::AuditSearch, "audit", |cx| {
            let (from, until) = period_bounds(q.from, q.to)?;
            let (action, action_prefix) = action_criterion(q.action.as_deref());
            let filter = AuditFilter {
                actor: cleaned(q.actor.as_ref()),
                subject: cleaned(q.subject.as_ref()),
                action,
                action_prefix,
                from,
                until,
                limit: SEARCH_PAGE_SIZE + 1,
                before_seq: q.before_seq,
            };
            let ins = cx.insurer().to_string();
            let mut rows = journal_repo::search_audit(cx.tx, &ins, &filter)?;
            let page_size = usize::try_from(SEARCH_PAGE_SIZE).unwrap_or(50);
            let has_more = rows.len() > page_size;
            rows.truncate(page_size);
            let next_before_seq = if has_more { rows.last().map(|r| r.seq) } else { None };
            let entries: Vec<AuditEntryView> = rows.into_iter().map(entry_view).collect();
            let detail = AuditEvent::AuditSearch {
                actor: filter.actor,
                subject: filter.subject,
                action: filter.action.or(filter.action_prefix).map(ActionFilter),
                from: q.from,
                to: q.to,
                before_seq: q.before_seq,
                rows: entries.len(),
            };
            Ok(Audited::new(
                AuditPage {
                    entries,
                    has_more,
                    next_before_seq,
                },
                "audit",
                detail,
            ))
        })
    }

    /// 定期点検レポート (permission 監査) for the JST days `from`..=`to` (at most one year).
    pub fn audit_report(&self, actor: &Actor, from: Date, to: Date) -> AppResult<AuditReport> {
        self.run(actor, Permission::Audit, AuditAction::AuditReport, "audit", |cx| {
            let (Some(start), Some(until)) = period_bounds(Some(from), Some(to))? else {
                return Err(AppError::Internal("period bounds".into()));
            };
            let ins = cx.insurer().to_string();
            let views = AuditPeriod {
                from: &start,
                until: &until,
                actions: PERSON_VIEW_ACTIONS,
                outcome: Some("success"),
            };
            let everything = AuditPeriod {
                from: &start,
                until: &until,
                actions: &[],
                outcome: None,
            };

            // (a) who looked at whom.
            let views_by_user = journal_repo::audit_counts_by_actor(cx.tx, &ins, &views)?
                .into_iter()
                .map(|c| UserViews {
                    actor: c.actor,
                    views: c.rows,
                    subjects: c.subjects,
                })
                .collect();

            // (b) unusual volumes, per user and JST day (from hourly aggregates).
            let mut per_day: BTreeMap<(String, Date), i64> = BTreeMap::new();
            for h in journal_repo::audit_counts_by_hour(cx.tx, &ins, &views)? {
                if let Some((day, _)) = jst_hour(&h.hour) {
                    *per_day.entry((h.actor, day)).or_insert(0) += h.rows;
                }
            }
            let mut daily: Vec<i64> = per_day.values().copied().collect();
            let median2 = median_times_two(&mut daily);
            let unusual_days = per_day
                .into_iter()
                .filter_map(|((actor, day), views)| {
                    unusual_reason(views, median2).map(|reason| UnusualDay {
                        actor,
                        day,
                        views,
                        reason,
                    })
                })
                .collect();
            let median_daily_views = median2.map(|m2| {
                if m2 % 2 == 0 {
                    (m2 / 2).to_string()
                } else {
                    format!("{}.5", m2 / 2)
                }
            });

            // (c) after hours: counts per user, then the first rows from the earliest such hours.
            let mut after_by_user: BTreeMap<String, i64> = BTreeMap::new();
            let mut after_hours: BTreeMap<String, i64> = BTreeMap::new();
            for h in journal_repo::audit_counts_by_hour(cx.tx, &ins, &everything)? {
                // An hour that does not parse (a damaged record) is listed for review too.
                if jst_hour(&h.hour).is_none_or(|(day, hour)| is_after_hours(hour, day)) {
                    *after_by_user.entry(h.actor).or_insert(0) += h.rows;
                    *after_hours.entry(h.hour).or_insert(0) += h.rows;
                }
            }
            let after_hours_total = after_by_user.values().sum();
            let mut first_hours = Vec::new();
            let mut covered = 0i64;
            for (hour, rows) in after_hours {
                if covered >= AFTER_HOURS_ROWS {
                    break;
                }
                covered += rows;
                first_hours.push(hour);
            }
            let after_hours_rows =
                journal_repo::audit_rows_in_hours(cx.tx, &ins, &everything, &first_hours, AFTER_HOURS_ROWS)?
                    .into_iter()
                    .map(entry_view)
                    .collect();

            // (d) every access to a 支援措置 resident.
            let alerts = AuditPeriod {
                from: &start,
                until: &until,
                actions: &[AuditAction::RestrictedResidentAccess.code()],
                outcome: None,
            };
            let restricted_alerts_total = journal_repo::count_audit_in_period(cx.tx, &ins, &alerts)?;
            let restricted_alerts = journal_repo::audit_rows_in_period(cx.tx, &ins, &alerts, ALERT_ROWS)?
                .into_iter()
                .map(entry_view)
                .collect();

            // (e) refused operations.
            let denied = AuditPeriod {
                from: &start,
                until: &until,
                actions: &[],
                outcome: Some("denied"),
            };
            let denied_by_user = user_counts(
                journal_repo::audit_counts_by_actor(cx.tx, &ins, &denied)?
                    .into_iter()
                    .map(|c| (c.actor, c.rows))
                    .collect(),
            );

            // (f) the chain itself.
            let chain = ChainCheck::from(&trail::verify(cx.tx, &ins)?);

            let report = AuditReport {
                from,
                to,
                views_by_user,
                daily_view_limit: DAILY_VIEW_LIMIT,
                median_daily_views,
                unusual_days,
                after_hours_by_user: user_counts(after_by_user),
                after_hours_total,
                after_hours_rows,
                restricted_alerts_total,
                restricted_alerts,
                denied_by_user,
                chain,
            };
            let detail = AuditEvent::AuditReport {
                from,
                to,
                chain_ok: report.chain.ok,
            };
            Ok(Audited::new(report, "audit", detail))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn long_digit_runs_are_masked_and_short_ones_kept() {
        assert_eq!(mask_long_digit_runs(r#"{"hits":["1001"]}"#), r#"{"hits":["1001"]}"#);
        let masked = mask_long_digit_runs(r#"{"purpose":"123456789012 確認"}"#);
        assert!(!masked.contains("123456789012"), "{masked}");
        assert!(!mask_long_digit_runs("１２３４５６７８９０１２").contains('１'));
    }

    #[test]
    fn periods_are_jst_days_in_utc() {
        let (from, until) = period_bounds(Some(date(2026, 6, 1)), Some(date(2026, 6, 1))).unwrap();
        assert_eq!(from.as_deref(), Some("2026-05-31T15:00:00.000000Z"));
        assert_eq!(until.as_deref(), Some("2026-06-01T15:00:00.000000Z"));
        assert!(period_bounds(Some(date(2026, 6, 2)), Some(date(2026, 6, 1))).is_err());
        assert!(period_bounds(Some(date(2025, 6, 1)), Some(date(2026, 5, 31))).is_ok());
        assert!(period_bounds(Some(date(2025, 6, 1)), Some(date(2026, 6, 1))).is_err());
        assert!(period_bounds(None, None).unwrap() == (None, None));
    }

    #[test]
    fn action_criterion_takes_codes_labels_and_prefixes() {
        assert_eq!(
            action_criterion(Some("resident.view")),
            (Some("resident.view".into()), None)
        );
        assert_eq!(action_criterion(Some("資格照会")), (Some("resident.view".into()), None));
        assert_eq!(action_criterion(Some("my_number.")), (None, Some("my_number.".into())));
        assert_eq!(
            action_criterion(Some("個人番号の操作（すべて）")),
            (None, Some("my_number.".into()))
        );
        assert_eq!(action_criterion(Some("  ")), (None, None));
    }

    #[test]
    fn office_hours_and_median() {
        assert!(!is_after_hours(8, date(2026, 11, 30)), "Monday");
        assert!(!is_after_hours(18, date(2026, 12, 4)), "Friday");
        assert!(is_after_hours(19, date(2026, 12, 4)));
        assert!(is_after_hours(7, date(2026, 12, 1)));
        assert!(is_after_hours(10, date(2026, 12, 5)), "Saturday");
        assert!(is_after_hours(10, date(2026, 11, 23)), "勤労感謝の日 (Monday)");
        assert!(is_after_hours(10, date(2026, 12, 29)), "年末");
        assert_eq!(jst_hour("2026-06-01T12"), Some((date(2026, 6, 1), 21)));
        assert_eq!(median_times_two(&mut [3, 1, 2]), Some(4));
        assert_eq!(median_times_two(&mut [1, 2]), Some(3));
        assert_eq!(median_times_two(&mut []), None);
        assert!(unusual_reason(201, None).is_some());
        assert!(
            unusual_reason(19, Some(2)).is_none(),
            "below the floor of the relative rule"
        );
        assert!(unusual_reason(20, Some(2)).is_some());
        assert!(unusual_reason(20, Some(14)).is_none());
    }
}
