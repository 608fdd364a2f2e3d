//! 監査の操作と記録内容 (typed audit events): one [`AuditAction`] per operation the trail records,
//! each with its stored code (unchanged since the first release: the chain hashes stored rows),
//! its Japanese label, and its details as typed fields ([`AuditEvent`]) with Japanese names.
//!
//! A detail is stored as the JSON text of its fields (keys sorted, as `serde_json::Value` writes
//! them), so a row written through the typed event is byte for byte the row written before.

use serde::{Deserialize, Serialize};

use super::value::{
    ACTION_GROUPS, ActionFilter, ConfirmationResolution, DetailValue, ErrorCode, FlagKindCode, LoginRefusal,
    PermissionCodes, ReassessDecision, RoleCode, RoleCodes, SearchHits, SecondFactor, SettingsValues, UtcTime,
    nullable,
};
use crate::assessment::jobs::JobKind;
use crate::assessment::premium::HouseholdDecision;
use crate::assessment::rates::RateTableChange;
use crate::eligibility::my_number::LinkOutcome;
use crate::error::{AppError, AppResult};
use crate::journal::BadEntry;

/// Declares [`AuditAction`] and [`AuditEvent`] from one table: variant, code, label, fields.
macro_rules! audit_catalog {
    ($(
        $(#[$doc:meta])*
        $variant:ident = $code:literal, $label:literal {
            $( $(#[$fattr:meta])* $field:ident : $ty:ty => $flabel:literal ),* $(,)?
        }
    ),+ $(,)?) => {
        /// 監査の操作: what an audit record is about.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum AuditAction { $( $(#[$doc])* $variant ),+ }

        impl AuditAction {
            /// Every action, in the order of the search screen's list.
            pub const ALL: &'static [AuditAction] = &[$(AuditAction::$variant),+];

            /// The code stored in the audit trail (e.g. `resident.view`).
            pub const fn code(self) -> &'static str {
                match self { $(AuditAction::$variant => $code),+ }
            }

            /// 操作の名前 (e.g. 資格照会).
            pub const fn label(self) -> &'static str {
                match self { $(AuditAction::$variant => $label),+ }
            }
        }

        /// 監査の記録内容: an action with its details.
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(untagged)]
        pub enum AuditEvent { $( $(#[$doc])* $variant { $( $(#[$fattr])* $field: $ty ),* } ),+ }

        impl AuditEvent {
            /// The action this event records.
            pub fn action(&self) -> AuditAction {
                match self { $(AuditEvent::$variant { .. } => AuditAction::$variant),+ }
            }

            /// Each field as (Japanese name, readable value); `None` when there is nothing to show.
            pub fn fields(&self) -> Vec<(&'static str, Option<String>)> {
                match self {
                    $(AuditEvent::$variant { $($field),* } => vec![$(($flabel, DetailValue::show($field))),*]),+
                }
            }

            /// Reads a stored detail back as the typed event of `action` (None if it has other fields).
            pub fn parse(action: AuditAction, detail: &str) -> Option<Self> {
                match action {
                    $(AuditAction::$variant => {
                        #[derive(Deserialize)]
                        #[serde(deny_unknown_fields)]
                        struct Fields { $( $(#[$fattr])* $field: $ty ),* }
                        let _f: Fields = serde_json::from_str(detail).ok()?;
                        Some(AuditEvent::$variant { $($field: _f.$field),* })
                    })+
                }
            }
        }

        /// The Japanese name of a detail field, whichever action it belongs to.
        pub fn field_label(name: &str) -> Option<&'static str> {
            $($(if name == stringify!($field) { return Some($flabel); })*)+
            None
        }

        // Here rather than in value.rs: a filter names actions, and the actions carry filters.
impl DetailValue for ActionFilter {
    fn show(&self) -> Option<String> {
        let group = ACTION_GROUPS.iter().find(|(p, _)| *p == self.0);
        Some(match (group, AuditAction::from_code(&self.0)) {
            (Some((_, label)), _) => (*label).to_string(),
            (None, Some(a)) => a.label().to_string(),
            (None, None) => self.0.clone(),
        })
    }
}

#[cfg(test)]
        impl AuditEvent {
            /// An event of `action` with sample values (for the catalog's tests).
            pub(crate) fn sample(action: AuditAction) -> Self {
                use super::value::Sample;
                match action {
                    $(AuditAction::$variant => AuditEvent::$variant { $($field: Sample::sample()),* }),+
                }
            }
        }
    };
}

audit_catalog! {
    // 資格 (eligibility): views.
    /// 資格照会
    ResidentView = "resident.view", "資格照会" {},
    /// 世帯照会での世帯員の表示
    ResidentViewInHousehold = "resident.view_in_household", "世帯照会での世帯員の表示" {
        household_no: String => "世帯番号",
    },
    /// 世帯照会
    HouseholdView = "household.view", "世帯照会" { as_of: jiff::civil::Date => "基準日" },
    /// 住民検索
    ResidentSearch = "resident.search", "住民検索" { hits: SearchHits => "該当" },
    /// 作業リストの表示
    WorkItemList = "work_item.list", "作業リストの表示" { count: usize => "件数" },
    /// 作業の完了
    WorkItemClose = "work_item.close", "作業の完了" { work_item_id: i64 => "作業番号" },
    // 個人番号 (My Number).
    /// 個人番号の表示
    MyNumberReveal = "my_number.reveal", "個人番号の表示" { purpose: String => "目的" },
    /// 個人番号の表示画面
    MyNumberRevealForm = "my_number.reveal_form", "個人番号の表示画面" {},
    /// 個人番号の紐付け
    MyNumberLink = "my_number.link", "個人番号の紐付け" { outcome: LinkOutcome => "結果" },
    /// 個人番号による検索
    MyNumberLookup = "my_number.lookup", "個人番号による検索" {},
    /// 個人番号の要確認リスト
    MyNumberConfirmations = "my_number.confirmations", "個人番号の要確認リスト" { count: usize => "件数" },
    /// 個人番号の要確認の解消
    MyNumberResolve = "my_number.resolve", "個人番号の要確認の解消" {
        confirmation_id: i64 => "要確認番号",
        outcome: ConfirmationResolution => "結果",
    },
    /// 支援措置対象者へのアクセス (an alert beside the access itself)
    RestrictedResidentAccess = "alert.restricted_resident_access", "支援措置対象者へのアクセス" {
        alert: String => "警告",
        #[serde(default, skip_serializing_if = "Option::is_none")]
        household_no: Option<String> => "世帯番号",
        /// The use case that read the person (`access::PersonRead::code`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        use_case: Option<String> => "用途",
    },
    // 資格の異動 (eligibility changes).
    /// 資格取得
    EligibilityEnroll = "eligibility.enroll", "資格取得" { period_id: i64 => "資格期間番号" },
    /// 資格喪失
    EligibilityWithdraw = "eligibility.withdraw", "資格喪失" { period_id: i64 => "資格期間番号" },
    /// 遡及訂正
    EligibilityCorrect = "eligibility.correct", "遡及訂正" { period_id: i64 => "資格期間番号" },
    /// 年齢到達による異動
    EligibilityAgeTransitions = "eligibility.age_transitions", "年齢到達による異動" {
        until: jiff::civil::Date => "到達日の範囲（この日まで）",
        withdrawn: usize => "喪失件数",
    },
    /// 資格異動の画面
    EligibilityForm = "eligibility.form", "資格異動の画面" {},
    /// 区分の設定
    FlagSet = "flag.set", "区分の設定" { kind: FlagKindCode => "区分", flag_id: i64 => "区分番号" },
    /// 区分の終了
    FlagEnd = "flag.end", "区分の終了" { flag_id: i64 => "区分番号" },
    /// 証の交付
    CertificateIssue = "certificate.issue", "証の交付" { certificate_id: i64 => "証番号" },
    /// 証の再交付
    CertificateReissue = "certificate.reissue", "証の再交付" {
        certificate_id: i64 => "証番号",
        reissue_of: i64 => "元の証番号",
    },
    /// 証の返還
    CertificateReturn = "certificate.return", "証の返還" { certificate_id: i64 => "証番号" },
    /// 住民異動の取込
    ResidentChangesImport = "resident_changes.import", "住民異動の取込" {
        applied: usize => "反映",
        already_applied: usize => "反映済みのため省略",
        automatic_eligibility: usize => "自動の資格異動",
        work_items: usize => "作業リストへの追加",
    },
    /// デモデータの読込
    DemoLoad = "demo.load", "デモデータの読込" {
        households: u32 => "読込世帯数",
        from: u32 => "開始位置",
        to: u32 => "終了位置",
    },
    // 賦課 (assessment).
    /// 所得の取込
    IncomesImport = "incomes.import", "所得の取込" { recorded: usize => "記録", unchanged: usize => "変更なし" },
    /// 一括賦課
    AssessmentBatch = "assessment.batch", "一括賦課" {
        #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
        from: Option<Option<String>> => "最初の世帯",
        #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
        to: Option<Option<String>> => "最後の世帯",
        #[serde(default, skip_serializing_if = "Option::is_none")]
        assessed: Option<usize> => "賦課",
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unchanged: Option<usize> => "変更なし",
        #[serde(default, skip_serializing_if = "Option::is_none")]
        not_insured: Option<usize> => "被保険者なし",
        #[serde(default, skip_serializing_if = "Option::is_none")]
        failed: Option<usize> => "失敗",
        #[serde(default, skip_serializing_if = "Option::is_none")]
        baseline: Option<usize> => "計測用の再記録",
    },
    /// 賦課決定
    AssessmentDecide = "assessment.decide", "賦課決定" {
        fiscal_year: i32 => "年度",
        outcome: HouseholdDecision => "結果",
        incomplete: usize => "不足する情報",
    },
    /// 徴収計画 (the households of a 当初賦課)
    AssessmentPlan = "assessment.plan", "徴収計画" {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        households: Option<usize> => "世帯数",
    },
    /// 更正
    AssessmentReassess = "assessment.reassess", "更正" {
        fiscal_year: i32 => "年度",
        decision: ReassessDecision => "結果",
    },
    /// 料率設定シミュレーション
    AssessmentSimulate = "assessment.simulate", "料率設定シミュレーション" {
        candidates: Vec<String> => "候補",
        households: usize => "世帯数",
    },
    /// シミュレーション結果の照会
    AssessmentSimulateRead = "assessment.simulate.read", "シミュレーション結果の照会" {},
    /// 賦課決定の照会
    AssessmentView = "assessment.view", "賦課決定の照会" { fiscal_year: i32 => "年度", versions: usize => "版数" },
    /// 世帯の保険料の計算
    PremiumHousehold = "premium.household", "世帯の保険料の計算" {
        fiscal_year: i32 => "年度",
        total: kokuho_domain::Yen => "保険料",
        incomplete: usize => "不足する情報",
    },
    /// 窓口試算（世帯の読込み）
    PremiumCounter = "premium.counter", "窓口試算（世帯の読込み）" {
        fiscal_year: i32 => "年度",
        members: usize => "世帯員数",
    },
    /// 料率表の照会
    RatesGet = "rates.get", "料率表の照会" {},
    /// 料率表の一覧
    RatesList = "rates.list", "料率表の一覧" { count: usize => "件数" },
    /// 料率表の設定
    RatesSet = "rates.set", "料率表の設定" {
        fiscal_year: i32 => "年度",
        label: String => "表示名",
        change: RateTableChange => "内容",
    },
    /// 料率表の入力画面
    RatesForm = "rates.form", "料率表の入力画面" {},
    /// 当初賦課の開始（画面）
    AssessmentJobStart = "assessment.job_start", "当初賦課の開始（画面）" { job: u64 => "処理番号", kind: JobKind => "処理" },
    /// 当初賦課の結果の表示
    AssessmentJobView = "assessment.job_view", "当初賦課の結果の表示" { job: u64 => "処理番号" },
    /// 当初賦課の停止
    AssessmentJobStop = "assessment.job_stop", "当初賦課の停止" { job: u64 => "処理番号" },
    /// バッチ処理の一覧
    AssessmentJobs = "assessment.jobs", "バッチ処理の一覧" {},
    // 職員と設定 (staff and settings).
    /// 保険者の作成
    InsurerCreate = "insurer.create", "保険者の作成" { admin: String => "管理者" },
    /// 職員の追加
    UserAdd = "user.add", "職員の追加" { roles: RoleCodes => "ロール" },
    /// 職員の一覧
    UserList = "user.list", "職員の一覧" { count: usize => "件数" },
    /// 職員の照会
    UserView = "user.view", "職員の照会" {},
    /// ロールの付与
    UserRoleGrant = "user.role_grant", "ロールの付与" { role: RoleCode => "ロール" },
    /// ロールの取消
    UserRoleRevoke = "user.role_revoke", "ロールの取消" { role: RoleCode => "ロール" },
    /// ロールの設定
    UserRolesSet = "user.roles_set", "ロールの設定" { added: RoleCodes => "追加", removed: RoleCodes => "削除" },
    /// 職員の利用停止・再開
    UserSetDisabled = "user.set_disabled", "職員の利用停止・再開" { disabled: bool => "利用停止" },
    /// APIトークンの発行
    UserTokenCreate = "user.token_create", "APIトークンの発行" { label: String => "表示名" },
    /// 利用登録リンクの発行
    UserEnrolmentLink = "user.enrolment_link", "利用登録リンクの発行" { expires_at: UtcTime => "有効期限" },
    /// 利用登録
    UserEnrolment = "user.enrolment", "利用登録" { issued_by: String => "リンクの発行者" },
    /// ロックの解除
    UserLockRelease = "user.lock_release", "ロックの解除" { failed_attempts_before: i64 => "解除前の失敗回数" },
    /// パスワードの変更
    UserPasswordChange = "user.password_change", "パスワードの変更" {},
    /// ロールの一覧
    RoleList = "role.list", "ロールの一覧" {},
    /// ロールの権限の設定
    RolePermissionsSet = "role.permissions_set", "ロールの権限の設定" {
        added: PermissionCodes => "追加",
        removed: PermissionCodes => "削除",
    },
    /// 市の設定の照会
    SettingsView = "settings.view", "市の設定の照会" {},
    /// 市の設定の変更
    SettingsChange = "settings.change", "市の設定の変更" { before: SettingsValues => "変更前", after: SettingsValues => "変更後" },
    // ログイン (sign-in and sessions).
    /// ログイン（パスワード）
    LoginPassword = "login.password", "ログイン（パスワード）" {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<LoginRefusal> => "理由",
        #[serde(default, skip_serializing_if = "Option::is_none")]
        failed_attempts: Option<i64> => "連続失敗回数",
    },
    /// ログイン（確認コード）
    LoginSecondFactor = "login.second_factor", "ログイン（確認コード）" {},
    /// 確認コードの照合
    AuthSecondFactor = "auth.second_factor", "確認コードの照合" {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        factor: Option<SecondFactor> => "方法",
        #[serde(default, skip_serializing_if = "Option::is_none")]
        failed_attempts: Option<i64> => "連続失敗回数",
    },
    /// 画面ロックの解除
    SessionUnlock = "session.unlock", "画面ロックの解除" {},
    /// 再認証
    SessionStepUp = "session.step_up", "再認証" {},
    /// ログアウト
    Logout = "logout", "ログアウト" {},
    /// すべての端末からログアウト
    LogoutEverywhere = "logout.everywhere", "すべての端末からログアウト" {},
    /// 他サイトからの送信の拒否
    CrossSiteRequestRefused = "request.cross_site_refused", "他サイトからの送信の拒否" {
        method: String => "方法",
        path: String => "送信先",
        sec_fetch_site: Option<String> => "送信元の種類",
    },
    /// 権限のない要求の拒否（内容を読む前に）
    PermissionRefused = "request.permission_refused", "権限のない要求の拒否" {},
    // 保守と監査 (maintenance and audit).
    /// 異動ジャーナルの検証
    JournalVerify = "journal.verify", "異動ジャーナルの検証" {
        entries: i64 => "件数",
        first_bad: Option<BadEntry> => "最初の問題",
    },
    /// 異動ジャーナルからの再構築
    JournalRebuild = "journal.rebuild", "異動ジャーナルからの再構築" { entries: i64 => "件数" },
    /// 監査ログの検証
    AuditVerify = "audit.verify", "監査ログの検証" { entries: i64 => "件数", first_bad: Option<BadEntry> => "最初の問題" },
    /// 監査ログの検索
    AuditSearch = "audit.search", "監査ログの検索" {
        actor: Option<String> => "利用者",
        subject: Option<String> => "対象",
        action: Option<ActionFilter> => "操作",
        from: Option<jiff::civil::Date> => "開始日",
        to: Option<jiff::civil::Date> => "終了日",
        before_seq: Option<i64> => "この番号より前",
        rows: usize => "表示件数",
    },
    /// 定期点検レポート
    AuditReport = "audit.report", "定期点検レポート" {
        from: jiff::civil::Date => "開始日",
        to: jiff::civil::Date => "終了日",
        chain_ok: bool => "改ざんなし",
    },
}

impl AuditAction {
    /// The action stored as `code`, if it is one of ours.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|a| a.code() == code)
    }

    /// 操作の名前 of a stored code; an unknown code (an older or foreign row) is named as such.
    pub fn label_of(code: &str) -> String {
        Self::from_code(code).map_or_else(|| format!("未登録の操作（{code}）"), |a| a.label().to_string())
    }
}

impl AuditEvent {
    /// The detail as stored: the JSON text of the fields, keys sorted.
    pub fn detail_json(&self) -> AppResult<String> {
        serde_json::to_value(self)
            .map(|v| v.to_string())
            .map_err(|e| AppError::Internal(format!("監査の詳細: {e}")))
    }

    /// The details in Japanese, e.g. `目的: 届出書との照合` (empty when there are none).
    pub fn describe(&self) -> String {
        let parts: Vec<String> = self
            .fields()
            .into_iter()
            .filter_map(|(name, value)| value.map(|v| format!("{name}: {v}")))
            .collect();
        parts.join("、")
    }
}

/// The detail of a refused or failed operation: `{"error": code}` whatever the action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FailureDetail {
    /// エラーの種類
    pub error: ErrorCode,
}

impl FailureDetail {
    pub fn describe(&self) -> String {
        format!("エラー: {}", self.error.show().unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_action_has_a_distinct_code_a_label_and_parses_back() {
        let mut codes = HashSet::new();
        for &action in AuditAction::ALL {
            assert!(codes.insert(action.code()), "duplicate code {}", action.code());
            assert!(!action.label().trim().is_empty(), "{} has no label", action.code());
            assert!(!action.label().is_ascii(), "{}: the label is Japanese", action.code());
            assert_eq!(AuditAction::from_code(action.code()), Some(action));
            assert_eq!(AuditAction::label_of(action.code()), action.label());
        }
    }

    #[test]
    fn every_detail_is_stored_as_before_and_reads_back() {
        for &action in AuditAction::ALL {
            let event = AuditEvent::sample(action);
            assert_eq!(event.action(), action);
            let stored = event.detail_json().unwrap();
            // The stored text is what `serde_json::Value` writes (keys sorted), as before.
            let value: serde_json::Value = serde_json::from_str(&stored).unwrap();
            assert_eq!(value.to_string(), stored);
            assert!(value.is_object(), "{}: {stored}", action.code());
            assert_eq!(AuditEvent::parse(action, &stored), Some(event), "{}", action.code());
        }
    }

    #[test]
    fn every_detail_renders_readably() {
        for &action in AuditAction::ALL {
            let event = AuditEvent::sample(action);
            let text = event.describe();
            assert!(!text.contains(['{', '}', '"']), "{}: {text}", action.code());
            assert!(!text.contains(action.code()), "{}: {text}", action.code());
            assert!(
                !text.chars().any(|c| c.is_ascii_lowercase()),
                "{}: an English code in {text}",
                action.code()
            );
            let fields = event.fields();
            assert_eq!(text.is_empty(), fields.is_empty(), "{}: {text}", action.code());
        }
    }

    #[test]
    fn stored_texts_are_unchanged() {
        let reveal = AuditEvent::MyNumberReveal {
            purpose: "届出書との照合".into(),
        };
        assert_eq!(reveal.detail_json().unwrap(), r#"{"purpose":"届出書との照合"}"#);
        assert_eq!(AuditEvent::ResidentView {}.detail_json().unwrap(), "{}");
        let search = AuditEvent::ResidentSearch {
            hits: SearchHits::Count(0),
        };
        assert_eq!(search.detail_json().unwrap(), r#"{"hits":0}"#);
        let login = AuditEvent::LoginPassword {
            reason: Some(LoginRefusal::Locked),
            failed_attempts: None,
        };
        assert_eq!(login.detail_json().unwrap(), r#"{"reason":"locked"}"#);
        let batch = AuditEvent::AssessmentBatch {
            from: Some(None),
            to: Some(Some("H1".into())),
            assessed: Some(1),
            unchanged: Some(0),
            not_insured: Some(0),
            failed: Some(0),
            baseline: None,
        };
        let stored = batch.detail_json().unwrap();
        assert_eq!(
            stored,
            r#"{"assessed":1,"failed":0,"from":null,"not_insured":0,"to":"H1","unchanged":0}"#
        );
        assert_eq!(AuditEvent::parse(AuditAction::AssessmentBatch, &stored), Some(batch));
        let search = AuditEvent::AuditSearch {
            actor: None,
            subject: Some("1001".into()),
            action: None,
            from: Some(jiff::civil::date(2026, 6, 1)),
            to: None,
            before_seq: None,
            rows: 2,
        };
        assert_eq!(
            search.detail_json().unwrap(),
            r#"{"action":null,"actor":null,"before_seq":null,"from":"2026-06-01","rows":2,"subject":"1001","to":null}"#
        );
    }
}
