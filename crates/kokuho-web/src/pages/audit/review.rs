//! 監査ログの点検 (auditors): the search of the audit trail with its filter form, the
//! verification of the chain, and the periodic review report (定期点検レポート, printable, no
//! script). Every page calls a use case that checks the permission 監査 and audits the review.
//! Dates are typed as ISO or 和暦 and mean JST days; times are shown in JST.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use jiff::civil::Date;
use kokuho_app::audit::review::{ACTION_GROUPS, AuditEntryView, AuditQuery, AuditReport, ChainCheck};
use kokuho_app::{App, AppError, AuditAction, Permission};
use kokuho_domain::kernel::date::format_wareki;
use serde::Deserialize;

use crate::blocking::blocking;
use crate::error::ApiError;
use crate::pages::{date_field, render, require, search_link};
use crate::session::Staff;

/// The filter form as typed (shown back as typed). Every field is text so that nothing typed
/// is refused before it can be shown next to its field.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct AuditForm {
    #[serde(default)]
    actor: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    before_seq: String,
}

impl AuditForm {
    /// The query string of this search continuing below `before_seq`.
    fn link(&self, before_seq: i64) -> String {
        let fields = [
            ("actor", self.actor.as_str()),
            ("subject", &self.subject),
            ("action", &self.action),
            ("from", &self.from),
            ("to", &self.to),
        ];
        search_link("/audit", &fields, ("before_seq", before_seq.to_string()))
    }
}

/// The verification result as shown.
struct Verified {
    ok: bool,
    message: String,
}

impl From<&ChainCheck> for Verified {
    fn from(c: &ChainCheck) -> Self {
        match c.first_bad_seq {
            None => Self {
                ok: true,
                message: format!("正常（{}件の記録をすべて確認しました）", c.entries),
            },
            Some(seq) => Self {
                ok: false,
                message: format!(
                    "第{seq}番目の記録に問題があります: {}",
                    c.problem.clone().unwrap_or_default()
                ),
            },
        }
    }
}

#[derive(Template)]
#[template(path = "audit/audit.html")]
struct AuditPageView {
    user: crate::pages::nav::Signed,
    form: AuditForm,
    from_error: Option<String>,
    to_error: Option<String>,
    error: Option<String>,
    entries: Vec<AuditEntryView>,
    searched: bool,
    older: Option<String>,
    verified: Option<Verified>,
    /// The 操作 list: every group, then every action, by its Japanese name.
    actions: Vec<ActionOption>,
}

/// One entry of the 操作 list: the value sent (a code or a group's prefix) and its name.
struct ActionOption {
    value: &'static str,
    label: &'static str,
    selected: bool,
    group: bool,
}

/// The 操作 list with `chosen` selected (a code, a prefix, or a name typed in an older link).
fn action_options(chosen: &str) -> Vec<ActionOption> {
    let chosen = chosen.trim();
    let groups = ACTION_GROUPS.iter().map(|&(value, label)| (value, label, true));
    let actions = AuditAction::ALL.iter().map(|a| (a.code(), a.label(), false));
    groups
        .chain(actions)
        .map(|(value, label, group)| ActionOption {
            value,
            label,
            selected: !chosen.is_empty() && (chosen == value || chosen == label),
            group,
        })
        .collect()
}

async fn audit_page(app: App, staff: Staff, form: AuditForm, verified: Option<Verified>) -> Response {
    let mut page = AuditPageView {
        user: staff.signed(),
        form,
        from_error: None,
        to_error: None,
        error: None,
        entries: Vec::new(),
        searched: false,
        older: None,
        verified,
        actions: Vec::new(),
    };
    page.actions = action_options(&page.form.action);
    let (from, to) = (date_field(&page.form.from), date_field(&page.form.to));
    page.from_error = from.clone().err();
    page.to_error = to.clone().err();
    let (Ok(from), Ok(to)) = (from, to) else {
        if let Err(e) = require(
            &app,
            &staff,
            Permission::Audit,
            AuditAction::AuditSearch,
            "audit".into(),
        )
        .await
        {
            return staff.error(e);
        }
        return render(&page);
    };
    let text = |v: &str| Some(v.trim().to_string()).filter(|v| !v.is_empty());
    let q = AuditQuery {
        actor: text(&page.form.actor),
        subject: text(&page.form.subject),
        action: text(&page.form.action),
        from,
        to,
        // A paging link only: anything else starts from the newest record.
        before_seq: page.form.before_seq.trim().parse().ok(),
    };
    let actor = staff.session.actor.clone();
    match blocking(move || app.audit_search(&actor, &q)).await {
        Ok(result) => {
            page.searched = true;
            page.older = result.next_before_seq.map(|seq| page.form.link(seq));
            page.entries = result.entries;
            render(&page)
        }
        Err(ApiError::App(AppError::Invalid(problems))) => {
            for p in problems {
                match p.field {
                    "from" => page.from_error = Some(p.message),
                    "to" => page.to_error = Some(p.message),
                    _ => page.error = Some(p.message),
                }
            }
            render(&page)
        }
        Err(e) => staff.error(e),
    }
}

/// GET /audit: the filter form and the newest matching records (50 a page).
pub(crate) async fn search(State(app): State<App>, staff: Staff, Query(form): Query<AuditForm>) -> Response {
    audit_page(app, staff, form, None).await
}

/// POST /audit/verify: verifies the whole audit chain and shows the result on the /audit page.
pub(crate) async fn verify(State(app): State<App>, staff: Staff) -> Response {
    let (a, actor) = (app.clone(), staff.session.actor.clone());
    match blocking(move || a.verify_audit(&actor)).await {
        Ok(report) => {
            let verified = Verified::from(&ChainCheck::from(&report));
            audit_page(app, staff, AuditForm::default(), Some(verified)).await
        }
        Err(e) => staff.error(e),
    }
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ReportForm {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

#[derive(Template)]
#[template(path = "audit/audit_report.html")]
struct ReportPage {
    user: crate::pages::nav::Signed,
    from: String,
    to: String,
    from_error: Option<String>,
    to_error: Option<String>,
    /// 対象期間 in words (和暦 too), once the report is made.
    period: String,
    report: Option<AuditReport>,
    /// More 支援措置 alerts than the report lists.
    alerts_more: bool,
    verified: Option<Verified>,
}

/// The previous calendar month of `today`: (first day, last day).
fn previous_month(today: Date) -> (Date, Date) {
    let first_of_this = today.first_of_month();
    let last = first_of_this.yesterday().unwrap_or(first_of_this);
    (last.first_of_month(), last)
}

/// GET /audit/report?from=&to=: 定期点検レポート (default: the previous calendar month in JST).
pub(crate) async fn report(State(app): State<App>, staff: Staff, Query(form): Query<ReportForm>) -> Response {
    let mut page = ReportPage {
        user: staff.signed(),
        from: form.from.trim().to_string(),
        to: form.to.trim().to_string(),
        from_error: None,
        to_error: None,
        period: String::new(),
        report: None,
        alerts_more: false,
        verified: None,
    };
    let (from, to) = (date_field(&page.from), date_field(&page.to));
    page.from_error = from.clone().err();
    page.to_error = to.clone().err();
    let (Ok(from), Ok(to)) = (from, to) else {
        if let Err(e) = require(
            &app,
            &staff,
            Permission::Audit,
            AuditAction::AuditReport,
            "audit".into(),
        )
        .await
        {
            return staff.error(e);
        }
        return render(&page);
    };
    // Neither date: the previous month; only one: up to today, or from the start of its month.
    let (from, to) = match (from, to) {
        (None, None) => previous_month(app.clock().today()),
        (Some(f), None) => (f, app.clock().today()),
        (None, Some(t)) => (t.first_of_month(), t),
        (Some(f), Some(t)) => (f, t),
    };
    if page.from.is_empty() {
        page.from = from.to_string();
    }
    if page.to.is_empty() {
        page.to = to.to_string();
    }
    let actor = staff.session.actor.clone();
    match blocking(move || app.audit_report(&actor, from, to)).await {
        Ok(report) => {
            page.period = format!("{from}（{}）から{to}（{}）まで", format_wareki(from), format_wareki(to));
            page.verified = Some(Verified::from(&report.chain));
            page.alerts_more =
                usize::try_from(report.restricted_alerts_total).is_ok_and(|n| n > report.restricted_alerts.len());
            page.report = Some(report);
            render(&page)
        }
        Err(ApiError::App(AppError::Invalid(problems))) => {
            for p in problems {
                if p.field == "from" {
                    page.from_error = Some(p.message);
                } else {
                    page.to_error = Some(p.message);
                }
            }
            render(&page)
        }
        Err(e) => staff.error(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn the_default_period_is_the_previous_month() {
        assert_eq!(previous_month(date(2026, 6, 1)), (date(2026, 5, 1), date(2026, 5, 31)));
        assert_eq!(
            previous_month(date(2026, 1, 15)),
            (date(2025, 12, 1), date(2025, 12, 31))
        );
        assert_eq!(previous_month(date(2024, 3, 31)), (date(2024, 2, 1), date(2024, 2, 29)));
    }

    #[test]
    fn paging_links_keep_the_criteria() {
        let form = AuditForm {
            actor: "sato".into(),
            action: "my_number.".into(),
            from: "R8.6.1".into(),
            ..AuditForm::default()
        };
        assert_eq!(
            form.link(42),
            "/audit?actor=sato&action=my_number.&from=R8.6.1&before_seq=42"
        );
    }
}
