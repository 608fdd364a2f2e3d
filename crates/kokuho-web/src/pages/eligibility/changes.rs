//! 資格の異動の画面: every eligibility change of the foundation (取得, 喪失, 遡及訂正, 区分の
//!設定・終了, 資格確認書の交付・再交付・返還, 世帯主変更, 特定世帯) as a two-step form
//! ([`crate::pages::form`]): 入力 → 確認 (what will change) → 確定. Each one calls the same use case as the
//! API, which checks the permission, validates and audits in one transaction.

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::civil::Date;
use kokuho_app::access::Shown;
use kokuho_app::access::shown::WITHHELD_TEXT;
use kokuho_app::eligibility::changes::{
    CorrectPeriodRequest, EnrollRequest, IssueCertificateRequest, SetFlagRequest, WithdrawRequest,
};
use kokuho_app::eligibility::views::{HouseholdView, ResidentDetail};
use kokuho_app::{Actor, App, AppError, AppResult, AuditAction, Permission};
use kokuho_domain::eligibility::certificate::{CertificateKind, CertificateStatus};
use kokuho_domain::eligibility::period::{
    AcquisitionReason, FlagAttributes, FlagKind, LossReason, NOTIFICATION_DAYS, is_late_notification,
    statutory_flag_period,
};
use kokuho_domain::eligibility::resident::{ResidentChange, ResidentChangeKind};
use kokuho_domain::kernel::date::format_wareki;
use kokuho_domain::kernel::work::{WorkItemStatus, WorkKind};

use crate::blocking::blocking;
use crate::error::ApiError;
use crate::pages::form::{Field, FormContext, Problems, Reader, Step, Values};
use crate::pages::render;
use crate::session::Staff;

/// A change screen, by its path segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Screen {
    Enroll,
    Withdraw,
    Correct,
    SetFlag,
    EndFlag,
    Issue,
    Reissue,
    Return,
    HeadChange,
    HouseholdFlag,
}

/// The resident screens, in the order of the resident page's menu: (path segment, title).
pub(crate) const RESIDENT_SCREENS: &[(&str, &str)] = &[
    ("enroll", "資格取得"),
    ("withdraw", "資格喪失"),
    ("correct", "資格期間の遡及訂正"),
    ("flag", "区分の設定"),
    ("flag-end", "区分の終了"),
    ("certificate", "資格確認書等の交付"),
    ("reissue", "資格確認書等の再交付"),
    ("return", "資格確認書等の返還"),
];

/// The household screens: (path segment, title).
pub(crate) const HOUSEHOLD_SCREENS: &[(&str, &str)] = &[("head", "世帯主変更"), ("household-flag", "特定世帯の設定")];

impl Screen {
    fn of_resident(segment: &str) -> Option<Self> {
        Some(match segment {
            "enroll" => Screen::Enroll,
            "withdraw" => Screen::Withdraw,
            "correct" => Screen::Correct,
            "flag" => Screen::SetFlag,
            "flag-end" => Screen::EndFlag,
            "certificate" => Screen::Issue,
            "reissue" => Screen::Reissue,
            "return" => Screen::Return,
            _ => return None,
        })
    }

    fn of_household(segment: &str) -> Option<Self> {
        match segment {
            "head" => Some(Screen::HeadChange),
            "household-flag" => Some(Screen::HouseholdFlag),
            _ => None,
        }
    }

    fn title(self) -> &'static str {
        let segment = match self {
            Screen::Enroll => "enroll",
            Screen::Withdraw => "withdraw",
            Screen::Correct => "correct",
            Screen::SetFlag => "flag",
            Screen::EndFlag => "flag-end",
            Screen::Issue => "certificate",
            Screen::Reissue => "reissue",
            Screen::Return => "return",
            Screen::HeadChange => "head",
            Screen::HouseholdFlag => "household-flag",
        };
        RESIDENT_SCREENS
            .iter()
            .chain(HOUSEHOLD_SCREENS)
            .find(|(s, _)| *s == segment)
            .map_or("", |(_, t)| t)
    }
}

/// Who the change is about.
enum Subject {
    Resident(Box<ResidentDetail>),
    Household(HouseholdView),
}

impl Subject {
    fn heading(&self) -> String {
        match self {
            Subject::Resident(r) => format!(
                "宛名番号 {} {}（{}）",
                r.summary.resident_no, r.summary.name, r.summary.name_kana
            ),
            Subject::Household(h) => format!("世帯番号 {}", h.household_no),
        }
    }

    fn page(&self) -> String {
        match self {
            Subject::Resident(r) => format!("/residents/{}", r.summary.resident_no),
            Subject::Household(h) => format!("/households/{}", h.household_no),
        }
    }
}

fn options<T: Copy>(
    all: &[T],
    code: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (code(*v).to_string(), label(*v).to_string()))
        .collect()
}

/// The next 一斉更新日の前日 (31 July) on or after `on`: the default expiry of a certificate.
fn next_standard_expiry(on: Date) -> Date {
    let this_year = jiff::civil::date(on.year(), 7, 31);
    if on <= this_year {
        this_year
    } else {
        jiff::civil::date(on.year() + 1, 7, 31)
    }
}

fn fields(screen: Screen, subject: &Subject, today: Date) -> Vec<Field> {
    let today_s = today.to_string();
    let certificate_kinds = options(CertificateKind::ALL, CertificateKind::as_str, CertificateKind::label);
    match (screen, subject) {
        (Screen::Enroll, _) => vec![
            Field::date("acquired_on", "資格取得日").hint("転入日・社保の資格喪失日・出生日など"),
            Field::select(
                "reason",
                "取得事由",
                options(
                    AcquisitionReason::ALL,
                    AcquisitionReason::code,
                    AcquisitionReason::label,
                ),
            ),
            Field::date("notified_on", "届出日").default(&today_s),
        ],
        (Screen::Withdraw, _) => vec![
            Field::date("lost_on", "資格喪失日").hint("資格がなくなる最初の日（社保加入日、転出・死亡の翌日）"),
            Field::select(
                "reason",
                "喪失事由",
                options(LossReason::ALL, LossReason::code, LossReason::label),
            ),
            Field::date("notified_on", "届出日").default(&today_s),
        ],
        (Screen::Correct, Subject::Resident(r)) => vec![
            Field::select(
                "period_id",
                "訂正する資格期間",
                r.periods
                    .iter()
                    .map(|p| {
                        let until = p.lost_on.map_or_else(String::new, |d| d.to_string());
                        (
                            p.period_id.to_string(),
                            format!("{}〜{}（{}）", p.acquired_on, until, p.acquisition_reason),
                        )
                    })
                    .collect(),
            ),
            Field::date("acquired_on", "資格取得日"),
            Field::select(
                "acquisition_reason",
                "取得事由",
                options(
                    AcquisitionReason::ALL,
                    AcquisitionReason::code,
                    AcquisitionReason::label,
                ),
            ),
            Field::date("lost_on", "資格喪失日").optional(),
            Field::select(
                "loss_reason",
                "喪失事由",
                options(LossReason::ALL, LossReason::code, LossReason::label),
            )
            .optional(),
            Field::text("note", "訂正理由"),
        ],
        (Screen::SetFlag, _) => vec![
            Field::select(
                "kind",
                "区分",
                FlagKind::ALL
                    .iter()
                    .filter(|k| !k.is_household_flag())
                    .map(|k| (k.code().to_string(), k.label().to_string()))
                    .collect(),
            ),
            Field::date("from", "開始日"),
            Field::date("until", "終了日")
                .optional()
                .hint("この日から対象外（空欄は期限なし）。非自発的失業・産前産後は法定の期間になります"),
            Field::text("separation_reason_code", "離職理由コード")
                .optional()
                .hint("非自発的失業のとき（11,12,21,22,31,32,23,33,34）"),
            Field::date("separated_on", "離職日")
                .optional()
                .hint("非自発的失業のとき"),
            Field::date("expected_birth_month", "出産予定日")
                .optional()
                .hint("産前産後のとき"),
            Field::check("multiple_birth", "多胎妊娠（産前産後）"),
            Field::check(
                "no_disclosure_to_intermediary",
                "中間サーバーへの情報提供をしない（支援措置）",
            ),
        ],
        (Screen::EndFlag, Subject::Resident(r)) => vec![
            Field::select(
                "flag_id",
                "終了する区分",
                r.flags
                    .iter()
                    .filter(|f| f.until.is_none())
                    .map(|f| (f.flag_id.to_string(), format!("{}（{}〜）", f.label, f.from)))
                    .collect(),
            ),
            Field::date("until", "終了日").hint("この日から対象外になります"),
        ],
        (Screen::Issue, _) => vec![
            Field::select("kind", "種類", certificate_kinds),
            Field::date("issued_on", "交付日").default(&today_s),
            Field::date("standard_until", "一斉更新日の前日").default(next_standard_expiry(today).to_string()),
        ],
        (Screen::Reissue, Subject::Resident(r)) => vec![
            Field::select(
                "certificate_id",
                "再交付する証",
                certificates(r, |s| s == CertificateStatus::Issued),
            ),
            Field::date("issued_on", "交付日").default(&today_s),
            Field::date("standard_until", "一斉更新日の前日").default(next_standard_expiry(today).to_string()),
        ],
        (Screen::Return, Subject::Resident(r)) => vec![
            Field::select(
                "certificate_id",
                "返還された証",
                certificates(r, |s| s != CertificateStatus::Returned),
            ),
            Field::date("returned_on", "返還日").default(&today_s),
        ],
        (Screen::HeadChange, Subject::Household(h)) => vec![
            Field::select(
                "resident_no",
                "新しい世帯主",
                h.members
                    .iter()
                    // Shown: never a withheld (支援措置) member.
                    .filter(|m| m.is_head == Shown::Visible(false))
                    .map(|m| (m.resident_no.clone(), format!("{} {}", m.resident_no, m.name)))
                    .collect(),
            ),
            Field::date("effective_on", "異動日"),
            Field::date("notified_on", "届出日").default(&today_s),
        ],
        (Screen::HouseholdFlag, _) => vec![
            Field::date("from", "開始日"),
            Field::date("until", "終了日")
                .optional()
                .hint("この日から対象外（空欄は期限なし）"),
        ],
        // A resident screen on a household or the reverse is not routed.
        _ => Vec::new(),
    }
}

fn certificates(r: &ResidentDetail, status: impl Fn(CertificateStatus) -> bool) -> Vec<(String, String)> {
    r.certificates
        .iter()
        .filter(|c| status(c.status))
        .map(|c| {
            let kind = c.kind.label();
            let until = c.valid_until.map_or_else(String::new, |d| format!("、{d}まで"));
            (
                c.certificate_id.to_string(),
                format!("{kind}（{}交付{until}）", c.issued_on),
            )
        })
        .collect()
}

/// A change ready to save.
enum Change {
    Enroll(EnrollRequest),
    Withdraw(WithdrawRequest),
    Correct(CorrectPeriodRequest),
    SetFlag(SetFlagRequest),
    EndFlag {
        flag_id: i64,
        until: Date,
    },
    Issue(IssueCertificateRequest),
    Reissue {
        certificate_id: i64,
        issued_on: Date,
        standard_until: Date,
    },
    Return {
        certificate_id: i64,
        returned_on: Date,
    },
    NewHead(Box<ResidentChange>),
}

fn resident_no(subject: &Subject) -> String {
    match subject {
        Subject::Resident(r) => r.summary.resident_no.clone(),
        Subject::Household(h) => h.household_no.clone(),
    }
}

/// Reads a change from the typed values (problems go to `r.problems`).
fn read(screen: Screen, subject: &Subject, r: &mut Reader<'_>) -> Option<Change> {
    let who = resident_no(subject);
    let change = match screen {
        Screen::Enroll => Change::Enroll(EnrollRequest {
            resident_no: who,
            acquired_on: r.date("acquired_on"),
            reason: r.text("reason"),
            notified_on: r.date("notified_on"),
        }),
        Screen::Withdraw => Change::Withdraw(WithdrawRequest {
            resident_no: who,
            lost_on: r.date("lost_on"),
            reason: r.text("reason"),
            notified_on: r.date("notified_on"),
        }),
        Screen::Correct => Change::Correct(CorrectPeriodRequest {
            period_id: r.id("period_id", "資格期間"),
            acquired_on: r.date("acquired_on"),
            acquisition_reason: r.text("acquisition_reason"),
            lost_on: r.opt_date("lost_on"),
            loss_reason: r.opt_text("loss_reason"),
            note: r.text("note"),
        }),
        Screen::SetFlag | Screen::HouseholdFlag => {
            let attributes = FlagAttributes {
                no_disclosure_to_intermediary: r.checked("no_disclosure_to_intermediary"),
                separation_reason_code: r.opt_text("separation_reason_code"),
                separated_on: r.opt_date("separated_on"),
                expected_birth_month: r.opt_date("expected_birth_month").map(|d| d.first_of_month()),
                multiple_birth: r.checked("multiple_birth"),
            };
            let household = screen == Screen::HouseholdFlag;
            let kind = if household {
                FlagKind::SpecifiedHousehold.code().to_string()
            } else {
                r.text("kind")
            };
            if let Some(k) = FlagKind::parse(&kind) {
                for p in k.validate_attributes(&attributes) {
                    r.problems.add(p.field, p.message);
                }
            }
            Change::SetFlag(SetFlagRequest {
                kind,
                resident_no: (!household).then(|| who.clone()),
                household_no: household.then_some(who),
                from: r.date("from"),
                until: r.opt_date("until"),
                attributes,
            })
        }
        Screen::EndFlag => Change::EndFlag {
            flag_id: r.id("flag_id", "区分"),
            until: r.date("until"),
        },
        Screen::Issue => Change::Issue(IssueCertificateRequest {
            resident_no: who,
            kind: r.text("kind"),
            issued_on: r.date("issued_on"),
            standard_until: r.date("standard_until"),
        }),
        Screen::Reissue => Change::Reissue {
            certificate_id: r.id("certificate_id", "証"),
            issued_on: r.date("issued_on"),
            standard_until: r.date("standard_until"),
        },
        Screen::Return => Change::Return {
            certificate_id: r.id("certificate_id", "証"),
            returned_on: r.date("returned_on"),
        },
        Screen::HeadChange => {
            let new_head = r.text("resident_no");
            let effective_on = r.date("effective_on");
            let notified_on = r.date("notified_on");
            let parsed = (new_head.parse(), who.parse());
            let (Ok(resident_no), Ok(household_no)) = parsed else {
                r.problems.add("resident_no", "新しい世帯主を一覧から選んでください");
                return None;
            };
            Change::NewHead(Box::new(ResidentChange {
                // One register change per screen entry; the id keeps a double submit harmless.
                change_id: format!("画面-世帯主変更-{household_no}-{resident_no}-{effective_on}"),
                kind: ResidentChangeKind::HeadChange,
                effective_on,
                notified_on,
                resident_no,
                household_no,
                is_head: true,
                relationship: "世帯主".into(),
                person: None,
                address: None,
            }))
        }
    };
    r.problems.is_empty().then_some(change)
}

fn late_warning(event_on: Date, notified_on: Date) -> Option<String> {
    is_late_notification(event_on, notified_on)
        .then(|| format!("届出が異動日から{NOTIFICATION_DAYS}日を過ぎています。遅延届出として記録されます（遡及）。"))
}

/// What will change, in the words a clerk reads back to the resident.
fn effects(change: &Change, subject: &Subject) -> Vec<String> {
    let mut out = Vec::new();
    match (change, subject) {
        (Change::Enroll(q), Subject::Resident(r)) => {
            out.push(format!(
                "{}（{}）から国民健康保険の被保険者になります。",
                q.acquired_on,
                format_wareki(q.acquired_on)
            ));
            out.push(
                if r.cards.is_empty() {
                    "世帯の記号番号と本人の枝番を割り当てます。"
                } else {
                    "世帯の記号番号に本人の枝番を割り当てます。"
                }
                .into(),
            );
            if r.work_items
                .iter()
                .any(|w| w.status == WorkItemStatus::Open && w.kind == WorkKind::MoveInEnrollment)
            {
                out.push(format!(
                    "作業「{}」を完了にします。",
                    WorkKind::MoveInEnrollment.label()
                ));
            }
            out.extend(late_warning(q.acquired_on, q.notified_on));
            out.push("保険料を決定済みの年度があれば、世帯の保険料を更正します。".into());
        }
        (Change::Withdraw(q), Subject::Resident(r)) => {
            let open = r.periods.iter().find(|p| p.lost_on.is_none());
            if let Some(p) = open {
                out.push(format!(
                    "{}から続く資格が{}（{}）でなくなります（この日から資格なし）。",
                    p.acquired_on,
                    q.lost_on,
                    format_wareki(q.lost_on)
                ));
            } else {
                out.push("現在、資格取得中の期間がありません（確定しても登録できません）。".into());
            }
            out.extend(late_warning(q.lost_on, q.notified_on));
            out.push("保険料を決定済みの年度があれば、世帯の保険料を更正します。".into());
        }
        (Change::Correct(q), Subject::Resident(r)) => {
            if let Some(p) = r.periods.iter().find(|p| p.period_id == q.period_id) {
                let old_until = p.lost_on.map_or_else(|| "継続中".into(), |d| d.to_string());
                let new_until = q.lost_on.map_or_else(|| "継続中".into(), |d| d.to_string());
                out.push(format!(
                    "資格期間 {}〜{} を {}〜{} に訂正します。",
                    p.acquired_on, old_until, q.acquired_on, new_until
                ));
            }
            out.push("元の記録は異動履歴に残ります。".into());
        }
        (Change::SetFlag(q), _) => {
            let kind = FlagKind::parse(&q.kind);
            let label = kind.map_or("", FlagKind::label);
            match kind.and_then(|k| statutory_flag_period(k, &q.attributes)) {
                Some((from, until)) => out.push(format!(
                    "{label}を法定の期間 {from}〜{}（{}まで）で設定します。",
                    until,
                    last_day(until)
                )),
                None => {
                    let until = q
                        .until
                        .map_or_else(|| "終了日なし".into(), |u| format!("{}まで", last_day(u)));
                    out.push(format!("{label}を{}から{until}で設定します。", q.from));
                }
            }
            if kind == Some(FlagKind::SupportMeasure) {
                out.push("この方の情報は、支援措置の権限を持つ職員にしか表示されなくなります。".into());
            }
        }
        (Change::EndFlag { flag_id, until }, Subject::Resident(r)) => {
            if let Some(f) = r.flags.iter().find(|f| f.flag_id == *flag_id) {
                out.push(format!(
                    "{}（{}〜）を{}で終了します（{}まで有効）。",
                    f.label,
                    f.from,
                    until,
                    last_day(*until)
                ));
            }
        }
        (Change::Issue(q), _) => out.push(format!(
            "{}に交付します。有効期限は年齢到達・一斉更新日から自動で決まります。",
            q.issued_on
        )),
        (Change::Reissue { certificate_id, .. }, _) => out.push(format!(
            "証（番号{certificate_id}）を再交付済みにして、新しい証を交付します。"
        )),
        (
            Change::Return {
                certificate_id,
                returned_on,
            },
            _,
        ) => out.push(format!("証（番号{certificate_id}）を{returned_on}に返還済みにします。")),
        (Change::NewHead(c), Subject::Household(h)) => {
            let old = if h.head.is_withheld() {
                WITHHELD_TEXT.to_string()
            } else {
                h.members
                    .iter()
                    .find(|m| m.is_head == Shown::Visible(true))
                    .map_or_else(|| "（なし）".into(), |m| format!("{} {}", m.resident_no, m.name))
            };
            let new = h
                .members
                .iter()
                .find(|m| m.resident_no == c.resident_no.as_str())
                .map_or_else(String::new, |m| format!("{} {}", m.resident_no, m.name));
            out.push(format!(
                "{}から世帯主が {old} から {new} に変わります。",
                c.effective_on
            ));
            if h.members
                .iter()
                .any(|m| m.resident_no == c.resident_no.as_str() && m.insured == Shown::Visible(false))
            {
                out.push(
                    "新しい世帯主は国保に加入していないため、擬制世帯主になります（納付義務者は世帯主です）。".into(),
                );
            }
            out.push("保険料を決定済みの年度があれば、世帯の保険料を更正します。".into());
        }
        _ => {}
    }
    out
}

/// The last day covered by an exclusive end date.
fn last_day(until: Date) -> Date {
    until.yesterday().unwrap_or(until)
}

/// Saves the change (one use case, one transaction).
fn save(app: &App, actor: &Actor, change: Change) -> AppResult<()> {
    match change {
        Change::Enroll(q) => app.enroll(actor, &q).map(drop),
        Change::Withdraw(q) => app.withdraw(actor, &q),
        Change::Correct(q) => app.correct_period(actor, &q),
        Change::SetFlag(q) => app.set_flag(actor, &q).map(drop),
        Change::EndFlag { flag_id, until } => app.end_flag(actor, flag_id, until),
        Change::Issue(q) => app.issue_certificate(actor, &q).map(drop),
        Change::Reissue {
            certificate_id,
            issued_on,
            standard_until,
        } => app
            .reissue_certificate(actor, certificate_id, issued_on, standard_until)
            .map(drop),
        Change::Return {
            certificate_id,
            returned_on,
        } => app.return_certificate(actor, certificate_id, returned_on),
        Change::NewHead(c) => {
            let summary = app.import_resident_changes(actor, "画面入力（世帯主変更）", &[(1, *c)])?;
            if summary.applied == 0 {
                return Err(AppError::Conflict("同じ世帯主変更は既に登録されています".into()));
            }
            Ok(())
        }
    }
}

/// The message code carried to the subject's page after saving (`?done=`).
pub(crate) fn done_message(code: &str) -> Option<&'static str> {
    Some(match code {
        "enroll" => "資格取得を登録しました",
        "withdraw" => "資格喪失を登録しました",
        "correct" => "資格期間を訂正しました",
        "flag" | "household-flag" => "区分を設定しました",
        "flag-end" => "区分を終了しました",
        "certificate" => "交付を登録しました",
        "reissue" => "再交付を登録しました",
        "return" => "返還を登録しました",
        "head" => "世帯主変更を登録しました",
        _ => return None,
    })
}

/// Loads the subject of a screen (audited as a view by the use case); only for staff who may
/// make the change.
async fn load(app: &App, actor: &Actor, household: bool, id: String) -> Result<Subject, ApiError> {
    let app = app.clone();
    let actor = actor.clone();
    blocking(move || -> AppResult<Subject> {
        app.require_for_screen(&actor, Permission::EligibilityWrite, AuditAction::EligibilityForm, &id)?;
        Ok(if household {
            Subject::Household(app.household_view(&actor, &id, None)?)
        } else {
            Subject::Resident(Box::new(app.resident_detail(&actor, &id)?))
        })
    })
    .await
}

fn context(staff: &Staff, screen: Screen, subject: &Subject, segment: &str) -> FormContext {
    FormContext {
        user: staff.signed(),
        title: screen.title().to_string(),
        subject: subject.heading(),
        back: subject.page(),
        action: format!("{}/{segment}", subject.page()),
    }
}

async fn show(app: App, staff: Staff, household: bool, id: String, segment: String) -> Response {
    let screen = if household {
        Screen::of_household(&segment)
    } else {
        Screen::of_resident(&segment)
    };
    let Some(screen) = screen else {
        return staff.error(ApiError::App(AppError::not_found("この画面")));
    };
    let subject = match load(&app, &staff.session.actor, household, id).await {
        Ok(s) => s,
        Err(e) => return staff.error(e),
    };
    let fields = fields(screen, &subject, app.clock().today());
    render(&context(&staff, screen, &subject, &segment).form(&fields, &Values::default(), &Problems::default()))
}

async fn submit(
    app: App,
    staff: Staff,
    household: bool,
    id: String,
    segment: String,
    pairs: Vec<(String, String)>,
) -> Response {
    let screen = if household {
        Screen::of_household(&segment)
    } else {
        Screen::of_resident(&segment)
    };
    let Some(screen) = screen else {
        return staff.error(ApiError::App(AppError::not_found("この画面")));
    };
    let subject = match load(&app, &staff.session.actor, household, id).await {
        Ok(s) => s,
        Err(e) => return staff.error(e),
    };
    let step = Step::of(&pairs);
    let values = Values::from_pairs(pairs);
    let fields = fields(screen, &subject, app.clock().today());
    let cx = context(&staff, screen, &subject, &segment);
    if step == Step::Edit {
        return render(&cx.form(&fields, &values, &Problems::default()));
    }
    let mut reader = Reader::new(&values, &fields);
    let change = read(screen, &subject, &mut reader);
    let Some(change) = change.filter(|_| reader.problems.is_empty()) else {
        return render(&cx.form(&fields, &values, &reader.problems));
    };
    if step == Step::Confirm {
        let effects = effects(&change, &subject);
        return render(&cx.confirm(&fields, &values, effects));
    }
    let actor = staff.session.actor.clone();
    let app2 = app.clone();
    match blocking(move || save(&app2, &actor, change)).await {
        Ok(_) => Redirect::to(&format!("{}?done={segment}", subject.page())).into_response(),
        Err(ApiError::App(e @ (AppError::Invalid(_) | AppError::Conflict(_) | AppError::NotFound { .. }))) => {
            render(&cx.form(&fields, &values, &Problems::from_app(&e, &fields)))
        }
        Err(e) => staff.error(e),
    }
}

/// GET /residents/{resident_no}/{screen}
pub(crate) async fn resident_form(
    State(app): State<App>,
    staff: Staff,
    Path((id, segment)): Path<(String, String)>,
) -> Response {
    show(app, staff, false, id, segment).await
}

/// POST /residents/{resident_no}/{screen}
pub(crate) async fn resident_submit(
    State(app): State<App>,
    staff: Staff,
    Path((id, segment)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    submit(app, staff, false, id, segment, pairs).await
}

/// GET /households/{household_no}/{screen}
pub(crate) async fn household_form(
    State(app): State<App>,
    staff: Staff,
    Path((id, segment)): Path<(String, String)>,
) -> Response {
    show(app, staff, true, id, segment).await
}

/// POST /households/{household_no}/{screen}
pub(crate) async fn household_submit(
    State(app): State<App>,
    staff: Staff,
    Path((id, segment)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    submit(app, staff, true, id, segment, pairs).await
}
