//! 監査の詳細の値 (detail values): how each kind of detail field is stored (the same JSON as
//! before the events were typed) and shown to an auditor in Japanese ([`DetailValue`]).

use serde::{Deserialize, Deserializer, Serialize};

use crate::assessment::jobs::JobKind;
use crate::assessment::premium::HouseholdDecision;
use crate::assessment::rates::RateTableChange;
use crate::authz::{DEFAULT_ROLES, Permission};
use crate::eligibility::my_number::LinkOutcome;
use crate::journal::BadEntry;
use kokuho_domain::eligibility::period::FlagKind;

/// A detail field shown to an auditor: `None` when there is nothing to show.
pub trait DetailValue {
    fn show(&self) -> Option<String>;
}

macro_rules! shown_by_display {
    ($($t:ty),+) => { $(impl DetailValue for $t {
        fn show(&self) -> Option<String> { Some(self.to_string()) }
    })+ };
}
shown_by_display!(i32, i64, u32, u64, usize, jiff::civil::Date, kokuho_domain::Yen);

impl DetailValue for String {
    fn show(&self) -> Option<String> {
        Some(if self.trim().is_empty() {
            "（空欄）".into()
        } else {
            self.clone()
        })
    }
}

impl DetailValue for bool {
    fn show(&self) -> Option<String> {
        Some(if *self { "はい" } else { "いいえ" }.into())
    }
}

impl<T: DetailValue> DetailValue for Option<T> {
    fn show(&self) -> Option<String> {
        self.as_ref().and_then(DetailValue::show)
    }
}

impl DetailValue for Vec<String> {
    fn show(&self) -> Option<String> {
        Some(if self.is_empty() {
            "なし".into()
        } else {
            self.join("、")
        })
    }
}

/// Reads a field that may be absent (None), null (Some(None)) or a value (Some(Some)).
pub fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// 住民検索の該当: a count (nothing searched) or the 宛名番号 found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SearchHits {
    Count(usize),
    Residents(Vec<String>),
}

impl DetailValue for SearchHits {
    fn show(&self) -> Option<String> {
        Some(match self {
            SearchHits::Count(n) => format!("{n}件"),
            SearchHits::Residents(r) if r.is_empty() => "0件".into(),
            SearchHits::Residents(r) => format!("{}件（宛名番号 {}）", r.len(), r.join("、")),
        })
    }
}

/// Declares a code stored as a snake_case string with its Japanese word.
macro_rules! coded {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident => $label:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* $variant),+ }

        impl DetailValue for $name {
            fn show(&self) -> Option<String> {
                Some(match self { $($name::$variant => $label),+ }.into())
            }
        }
    };
}

coded! {
    /// 要確認の解消の結果.
    ConfirmationResolution { Linked => "紐付け", Rejected => "却下" }
}

coded! {
    /// ログインを拒否した理由.
    LoginRefusal { Locked => "ロック中", NotEnrolled => "確認コード未登録" }
}

coded! {
    /// 確認コードの種類.
    SecondFactor { Totp => "確認コード（アプリ）", RecoveryCode => "回復コード" }
}

impl DetailValue for LinkOutcome {
    fn show(&self) -> Option<String> {
        Some(
            match self {
                LinkOutcome::Linked => "紐付け",
                LinkOutcome::AlreadyLinked => "紐付け済み（変更なし）",
                LinkOutcome::NeedsConfirmation => "要確認リストへ",
            }
            .into(),
        )
    }
}

impl DetailValue for RateTableChange {
    fn show(&self) -> Option<String> {
        Some(
            match self {
                RateTableChange::Created => "新規設定",
                RateTableChange::Changed => "変更",
                RateTableChange::Unchanged => "同じ内容のため記録なし",
            }
            .into(),
        )
    }
}

impl DetailValue for JobKind {
    fn show(&self) -> Option<String> {
        Some(self.label().into())
    }
}

impl DetailValue for HouseholdDecision {
    fn show(&self) -> Option<String> {
        Some(match self {
            HouseholdDecision::Recorded(v) => format!("第{v}版を記録"),
            HouseholdDecision::Unchanged => "前回と同じ額のため記録なし".into(),
            HouseholdDecision::Refused(reason) => format!("記録なし（{reason}）"),
        })
    }
}

impl DetailValue for BadEntry {
    fn show(&self) -> Option<String> {
        Some(format!("{}番目の記録（{}）", self.seq, self.problem))
    }
}

/// A 区分 stored by its code (`FlagKind::code`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FlagKindCode(pub String);

impl DetailValue for FlagKindCode {
    fn show(&self) -> Option<String> {
        Some(FlagKind::parse(&self.0).map_or_else(|| self.0.clone(), |k| k.label().to_string()))
    }
}

/// 更正の結果, stored as the decision's debug text (`Recorded { version: 2 }`, `TimeBarred("…")`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ReassessDecision(pub String);

impl DetailValue for ReassessDecision {
    fn show(&self) -> Option<String> {
        let text = self.0.as_str();
        let inner = |prefix: &str| {
            text.strip_prefix(prefix)
                .and_then(|t| t.strip_suffix(')'))
                .map(|t| t.trim_matches('"').to_string())
        };
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        Some(if text.starts_with("Recorded") {
            format!("第{digits}版を記録")
        } else if let Some(reason) = inner("TimeBarred(") {
            format!("期間制限のため更正できません（{reason}）")
        } else if let Some(reason) = inner("Failed(") {
            format!("計算できません（{reason}）")
        } else if text == "Unchanged" {
            "変更なし".into()
        } else if text == "NotInsured" {
            "被保険者なし".into()
        } else {
            text.replace(['{', '}', '"'], "")
        })
    }
}

/// A time stored in UTC (RFC 3339), shown in Japan time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UtcTime(pub String);

impl DetailValue for UtcTime {
    fn show(&self) -> Option<String> {
        Some(format!("{}（日本時間）", crate::clock::jst_display(&self.0)))
    }
}

fn role_label(code: &str) -> String {
    DEFAULT_ROLES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or_else(|| code.to_string(), |(_, label, _)| (*label).to_string())
}

/// A role stored by its code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RoleCode(pub String);

impl DetailValue for RoleCode {
    fn show(&self) -> Option<String> {
        Some(role_label(&self.0))
    }
}

/// Roles stored by their codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RoleCodes(pub Vec<String>);

impl DetailValue for RoleCodes {
    fn show(&self) -> Option<String> {
        self.0.iter().map(|r| role_label(r)).collect::<Vec<_>>().show()
    }
}

/// Permissions stored by their codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PermissionCodes(pub Vec<String>);

impl DetailValue for PermissionCodes {
    fn show(&self) -> Option<String> {
        let labels: Vec<String> = self
            .0
            .iter()
            .map(|p| Permission::parse(p).map_or_else(|| p.clone(), |p| p.label().to_string()))
            .collect();
        labels.show()
    }
}

/// 市の設定 as recorded before and after a change (None: the installation's default).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsValues {
    pub idle_minutes: Option<i64>,
    pub max_password_age_days: Option<i64>,
}

impl DetailValue for SettingsValues {
    fn show(&self) -> Option<String> {
        let idle = self.idle_minutes.map_or_else(|| "標準".into(), |m| format!("{m}分"));
        let age = self
            .max_password_age_days
            .map_or_else(|| "期限なし".into(), |d| format!("{d}日"));
        Some(format!("画面ロックまで{idle}・パスワードの有効期間{age}"))
    }
}

/// The 操作 criterion of a search: an action's code, or a group prefix ending in `.`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ActionFilter(pub String);

/// The kind of error of a refused or failed operation (`AppError::code`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ErrorCode(pub String);

impl DetailValue for ErrorCode {
    fn show(&self) -> Option<String> {
        Some(
            match self.0.as_str() {
                "forbidden" => "権限がありません",
                "unauthenticated" => "ログインしていません",
                "not_found" => "対象がありません",
                "invalid_input" => "入力に誤りがあります",
                "invalid_file" => "ファイルに誤りがあります",
                "conflict" => "現在の状態では実行できません",
                "internal" => "システムの内部エラー",
                other => other,
            }
            .into(),
        )
    }
}

/// Sample values of each detail type (the catalog's tests render every action with them).
/// Groups of actions an auditor can search at once (a prefix ending in `.`).
pub const ACTION_GROUPS: &[(&str, &str)] = &[
    ("resident.", "住民の照会（すべて）"),
    ("my_number.", "個人番号の操作（すべて）"),
    ("eligibility.", "資格の異動（すべて）"),
    ("assessment.", "賦課（すべて）"),
    ("user.", "職員の管理（すべて）"),
    ("login.", "ログイン（すべて）"),
    ("audit.", "監査（すべて）"),
];

#[cfg(test)]
pub(crate) trait Sample {
    fn sample() -> Self;
}

#[cfg(test)]
mod samples {
    use super::*;

    macro_rules! sample {
        ($($t:ty => $v:expr),+ $(,)?) => { $(impl Sample for $t { fn sample() -> Self { $v } })+ };
    }
    sample! {
        String => "届出書との照合".into(),
        i32 => 2026,
        i64 => 42,
        kokuho_domain::Yen => kokuho_domain::Yen::new(123_400),
        u32 => 3,
        u64 => 7,
        usize => 12,
        bool => true,
        jiff::civil::Date => jiff::civil::date(2026, 6, 1),
        Vec<String> => vec!["候補Ａ".into(), "候補Ｂ".into()],
        SearchHits => SearchHits::Residents(vec!["1001".into(), "1002".into()]),
        ConfirmationResolution => ConfirmationResolution::Rejected,
        LoginRefusal => LoginRefusal::NotEnrolled,
        SecondFactor => SecondFactor::RecoveryCode,
        LinkOutcome => LinkOutcome::NeedsConfirmation,
        RateTableChange => RateTableChange::Changed,
        JobKind => JobKind::Simulation,
        HouseholdDecision => HouseholdDecision::Refused("所得が未申告です".into()),
        BadEntry => BadEntry { seq: 5, problem: "記録が書き換えられています".into() },
        FlagKindCode => FlagKindCode(FlagKind::ALL.first().map(|k| k.code()).unwrap_or_default().into()),
        ReassessDecision => ReassessDecision("Recorded { version: 2 }".into()),
        UtcTime => UtcTime("2026-06-01T00:00:00.000000Z".into()),
        RoleCode => RoleCode("auditor".into()),
        RoleCodes => RoleCodes(vec!["counter".into(), "admin".into()]),
        PermissionCodes => PermissionCodes(Permission::ALL.iter().take(2).map(|p| p.code().into()).collect()),
        SettingsValues => SettingsValues { idle_minutes: Some(15), max_password_age_days: None },
        ActionFilter => ActionFilter("my_number.".into()),
        ErrorCode => ErrorCode("forbidden".into()),
    }

    impl<T: Sample> Sample for Option<T> {
        fn sample() -> Self {
            Some(T::sample())
        }
    }
}
