//! 機能一覧: every route with the permission its use case checks (security.md C04).
//!
//! The use cases enforce permissions (deny by default); the API's actor extractor also reads this
//! table, so a caller without a route's permission is refused (403, audited) before its path,
//! query or body is read or validated. Tests check that it lists exactly the routes the router
//! serves and the OpenAPI document describes, and the route × role matrix test of the staff UI
//! builds on it.

use kokuho_app::Permission;

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, without credentials (health check, API description; no personal data).
    Public,
    /// An authenticated actor holding this permission.
    Requires(Permission),
    /// A step of logging in (ログイン・確認コード・画面ロック解除・利用登録): no session yet, and
    /// what it does depends on the session cookie or the link.
    LoginStep,
    /// A staff page: a logged-in session (otherwise the login page), and the permission its use
    /// case checks, if any.
    StaffPage(Option<Permission>),
}

/// One route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteSpec {
    /// `GET` or `POST`.
    pub method: &'static str,
    /// Path pattern as routed, e.g. `/api/v1/residents/{resident_no}`.
    pub path: &'static str,
    pub access: Access,
    /// 機能名 (Japanese), also used in the OpenAPI descriptions.
    pub function: &'static str,
}

const fn route(method: &'static str, path: &'static str, access: Access, function: &'static str) -> RouteSpec {
    RouteSpec {
        method,
        path,
        access,
        function,
    }
}

use Access::{LoginStep, Public, Requires, StaffPage};
use Permission::{Admin, Assessment, Audit, EligibilityRead, EligibilityWrite, IncomeAccess, MyNumberAccess};

pub(crate) static ROUTES: &[RouteSpec] = &[
    route("GET", "/healthz", Public, "死活監視"),
    route("GET", "/api/v1/openapi.json", Public, "API仕様"),
    route("GET", "/api/v1/residents", Requires(EligibilityRead), "住民検索"),
    route(
        "GET",
        "/api/v1/residents/{resident_no}",
        Requires(EligibilityRead),
        "資格照会",
    ),
    route(
        "GET",
        "/api/v1/households/{household_no}",
        Requires(EligibilityRead),
        "世帯照会",
    ),
    route(
        "POST",
        "/api/v1/eligibility/enroll",
        Requires(EligibilityWrite),
        "資格取得",
    ),
    route(
        "POST",
        "/api/v1/eligibility/withdraw",
        Requires(EligibilityWrite),
        "資格喪失",
    ),
    route(
        "POST",
        "/api/v1/eligibility/correct",
        Requires(EligibilityWrite),
        "遡及訂正",
    ),
    route("POST", "/api/v1/flags", Requires(EligibilityWrite), "区分の設定"),
    route(
        "POST",
        "/api/v1/flags/{flag_id}/end",
        Requires(EligibilityWrite),
        "区分の終了",
    ),
    route("POST", "/api/v1/certificates", Requires(EligibilityWrite), "証の交付"),
    route(
        "POST",
        "/api/v1/certificates/{certificate_id}/reissue",
        Requires(EligibilityWrite),
        "証の再交付",
    ),
    route(
        "POST",
        "/api/v1/certificates/{certificate_id}/return",
        Requires(EligibilityWrite),
        "証の返還",
    ),
    route("GET", "/api/v1/work-items", Requires(EligibilityRead), "作業リスト"),
    route(
        "POST",
        "/api/v1/work-items/{work_item_id}/close",
        Requires(EligibilityWrite),
        "作業の完了",
    ),
    route(
        "POST",
        "/api/v1/residents/{resident_no}/my-number",
        Requires(MyNumberAccess),
        "個人番号の紐付け",
    ),
    route(
        "POST",
        "/api/v1/my-number/lookup",
        Requires(MyNumberAccess),
        "個人番号による検索",
    ),
    route(
        "GET",
        "/api/v1/my-number/confirmations",
        Requires(MyNumberAccess),
        "個人番号の要確認リスト",
    ),
    route(
        "POST",
        "/api/v1/my-number/confirmations/{confirmation_id}/resolve",
        Requires(MyNumberAccess),
        "個人番号の要確認の解消",
    ),
    route(
        "POST",
        "/api/v1/imports/resident-changes",
        Requires(EligibilityWrite),
        "住民異動の取込",
    ),
    route("POST", "/api/v1/imports/incomes", Requires(IncomeAccess), "所得の取込"),
    route("POST", "/api/v1/admin/users", Requires(Admin), "職員の追加"),
    route("GET", "/api/v1/admin/users", Requires(Admin), "職員の一覧"),
    route(
        "POST",
        "/api/v1/admin/users/{login}/roles",
        Requires(Admin),
        "ロールの付与・取消",
    ),
    route(
        "POST",
        "/api/v1/admin/users/{login}/tokens",
        Requires(Admin),
        "APIトークンの発行",
    ),
    route(
        "POST",
        "/api/v1/journal/verify",
        Requires(Audit),
        "異動ジャーナルの検証",
    ),
    route("POST", "/api/v1/audit/verify", Requires(Audit), "監査ログの検証"),
    route("POST", "/api/v1/calc/premium", Public, "保険料の試算"),
    route("POST", "/api/v1/calc/high-cost", Public, "高額療養費の試算"),
    route("POST", "/api/v1/calc/late-fee", Public, "延滞金の試算"),
    route("GET", "/api/v1/rate-tables", Requires(Assessment), "料率表の一覧"),
    route(
        "GET",
        "/api/v1/rate-tables/{fiscal_year}",
        Requires(Assessment),
        "料率表の照会",
    ),
    route(
        "POST",
        "/api/v1/rate-tables/{fiscal_year}",
        Requires(Assessment),
        "料率表の設定",
    ),
    route(
        "GET",
        "/api/v1/households/{household_no}/premium",
        Requires(Assessment),
        "世帯の保険料の計算",
    ),
    route(
        "GET",
        "/api/v1/households/{household_no}/assessments",
        Requires(Assessment),
        "賦課決定の履歴",
    ),
    route(
        "POST",
        "/api/v1/households/{household_no}/assessments",
        Requires(Assessment),
        "賦課決定（1世帯）",
    ),
    route(
        "POST",
        "/api/v1/rate-simulations",
        Requires(Assessment),
        "料率設定シミュレーション",
    ),
    route("GET", "/login", LoginStep, "ログイン"),
    route("POST", "/login", LoginStep, "ログイン（パスワード）"),
    route("GET", "/login/code", LoginStep, "ログイン（確認コード）の画面"),
    route("POST", "/login/code", LoginStep, "ログイン（確認コード）"),
    route("GET", "/unlock", LoginStep, "画面ロック"),
    route("POST", "/unlock", LoginStep, "画面ロックの解除"),
    route("POST", "/logout", LoginStep, "ログアウト"),
    route("GET", "/enroll/{token}", LoginStep, "利用登録の画面"),
    route("POST", "/enroll/{token}", LoginStep, "利用登録"),
    route("GET", "/", StaffPage(None), "トップ（職員）"),
    route("GET", "/password", StaffPage(None), "パスワードの変更（画面）"),
    route("POST", "/password", StaffPage(None), "パスワードの変更"),
    route(
        "GET",
        "/residents",
        StaffPage(Some(EligibilityRead)),
        "住民検索（画面）",
    ),
    route(
        "GET",
        "/residents/{resident_no}",
        StaffPage(Some(EligibilityRead)),
        "資格照会（画面）",
    ),
    route(
        "GET",
        "/residents/{resident_no}/my-number",
        StaffPage(Some(MyNumberAccess)),
        "個人番号の表示（画面）",
    ),
    route(
        "POST",
        "/residents/{resident_no}/my-number",
        StaffPage(Some(MyNumberAccess)),
        "個人番号の表示（再認証のうえ）",
    ),
    route(
        "GET",
        "/residents/{resident_no}/{screen}",
        StaffPage(Some(EligibilityWrite)),
        "資格の異動（入力画面）",
    ),
    route(
        "POST",
        "/residents/{resident_no}/{screen}",
        StaffPage(Some(EligibilityWrite)),
        "資格の異動（確認・確定）",
    ),
    route(
        "GET",
        "/households/{household_no}",
        StaffPage(Some(EligibilityRead)),
        "世帯照会（画面）",
    ),
    route(
        "GET",
        "/households/{household_no}/{screen}",
        StaffPage(Some(EligibilityWrite)),
        "世帯の異動（入力画面）",
    ),
    route(
        "POST",
        "/households/{household_no}/{screen}",
        StaffPage(Some(EligibilityWrite)),
        "世帯の異動（確認・確定）",
    ),
    route(
        "GET",
        "/work-items",
        StaffPage(Some(EligibilityRead)),
        "作業リスト（画面）",
    ),
    route(
        "POST",
        "/work-items/{work_item_id}/close",
        StaffPage(Some(EligibilityWrite)),
        "作業の完了（画面）",
    ),
    route(
        "GET",
        "/my-number/confirmations",
        StaffPage(Some(MyNumberAccess)),
        "個人番号の要確認リスト（画面）",
    ),
    route(
        "POST",
        "/my-number/confirmations/{confirmation_id}",
        StaffPage(Some(MyNumberAccess)),
        "個人番号の要確認の解消（画面）",
    ),
    route("GET", "/admin/users", StaffPage(Some(Admin)), "職員の一覧（画面）"),
    route("POST", "/admin/users", StaffPage(Some(Admin)), "職員の追加（画面）"),
    route(
        "GET",
        "/admin/users/{login}",
        StaffPage(Some(Admin)),
        "職員の照会（画面）",
    ),
    route(
        "POST",
        "/admin/users/{login}/roles",
        StaffPage(Some(Admin)),
        "ロールの設定（画面）",
    ),
    route(
        "POST",
        "/admin/users/{login}/disabled",
        StaffPage(Some(Admin)),
        "利用停止・再開（画面）",
    ),
    route(
        "POST",
        "/admin/users/{login}/unlock",
        StaffPage(Some(Admin)),
        "ロック解除（画面）",
    ),
    route(
        "POST",
        "/admin/users/{login}/link",
        StaffPage(Some(Admin)),
        "二要素認証のリセット（画面）",
    ),
    route("GET", "/admin/roles", StaffPage(Some(Admin)), "ロールと権限（画面）"),
    route(
        "POST",
        "/admin/roles/{role}",
        StaffPage(Some(Admin)),
        "ロールの権限の設定（画面）",
    ),
    route("GET", "/assessment", StaffPage(Some(Assessment)), "賦課（画面）"),
    route(
        "GET",
        "/assessment/counter",
        StaffPage(Some(Assessment)),
        "窓口試算（画面）",
    ),
    route(
        "POST",
        "/assessment/counter",
        StaffPage(Some(Assessment)),
        "窓口試算の計算（画面）",
    ),
    route(
        "GET",
        "/assessment/households",
        StaffPage(Some(Assessment)),
        "賦課決定の照会（世帯番号から）",
    ),
    route(
        "GET",
        "/assessment/households/{household_no}",
        StaffPage(Some(Assessment)),
        "賦課決定の照会（画面）",
    ),
    route(
        "POST",
        "/assessment/households/{household_no}",
        StaffPage(Some(Assessment)),
        "賦課決定（1世帯・画面）",
    ),
    route(
        "GET",
        "/assessment/batch",
        StaffPage(Some(Assessment)),
        "当初賦課（画面）",
    ),
    route(
        "POST",
        "/assessment/batch",
        StaffPage(Some(Assessment)),
        "当初賦課の開始（画面）",
    ),
    route(
        "GET",
        "/assessment/batch/{job}",
        StaffPage(Some(Assessment)),
        "当初賦課の進み具合・結果（画面）",
    ),
    route(
        "POST",
        "/assessment/batch/{job}/stop",
        StaffPage(Some(Assessment)),
        "当初賦課の停止（画面）",
    ),
    route(
        "GET",
        "/assessment/simulation",
        StaffPage(Some(Assessment)),
        "料率設定シミュレーション（画面）",
    ),
    route(
        "POST",
        "/assessment/simulation",
        StaffPage(Some(Assessment)),
        "料率設定シミュレーションの開始（画面）",
    ),
    route(
        "GET",
        "/assessment/rates",
        StaffPage(Some(Assessment)),
        "料率表の一覧（画面）",
    ),
    route(
        "GET",
        "/assessment/rates/new",
        StaffPage(Some(Assessment)),
        "料率表の新しい年度（画面）",
    ),
    route(
        "POST",
        "/assessment/rates/file",
        StaffPage(Some(Assessment)),
        "料率表のファイルの読込み（画面）",
    ),
    route(
        "GET",
        "/assessment/rates/{fiscal_year}",
        StaffPage(Some(Assessment)),
        "料率表の照会（画面）",
    ),
    route(
        "GET",
        "/assessment/rates/{fiscal_year}/edit",
        StaffPage(Some(Assessment)),
        "料率表の入力（画面）",
    ),
    route(
        "POST",
        "/assessment/rates/{fiscal_year}/edit",
        StaffPage(Some(Assessment)),
        "料率表の設定（画面）",
    ),
    route("GET", "/admin/settings", StaffPage(Some(Admin)), "市の設定（画面）"),
    route(
        "POST",
        "/admin/settings",
        StaffPage(Some(Admin)),
        "市の設定の変更（画面）",
    ),
    route("GET", "/audit", StaffPage(Some(Audit)), "監査ログの点検（検索画面）"),
    route(
        "GET",
        "/audit/report",
        StaffPage(Some(Audit)),
        "監査ログの定期点検レポート（画面）",
    ),
    route(
        "POST",
        "/audit/verify",
        StaffPage(Some(Audit)),
        "監査ログの検証（画面）",
    ),
    route("GET", "/simulator", Public, "保険料の試算（公開ページ）"),
    route("POST", "/simulator", Public, "保険料の試算（公開ページ）の計算"),
    route("GET", "/static/app.css", Public, "画面のスタイルシート"),
];

/// Every route of the API with the permission it needs.
pub fn routes() -> &'static [RouteSpec] {
    ROUTES
}

impl RouteSpec {
    /// Whether the route is part of the JSON API (and so of the OpenAPI document); the others
    /// are HTML pages and their assets.
    pub fn is_api(&self) -> bool {
        self.path.starts_with("/api/") || self.path == "/healthz"
    }
}

/// The inventory entry of a route.
pub fn find(method: &str, path: &str) -> Option<&'static RouteSpec> {
    ROUTES
        .iter()
        .find(|r| r.method.eq_ignore_ascii_case(method) && r.path == path)
}

/// The permission a route (`method`, routed `path` pattern) requires before anything sent to it is
/// read: an API route's, or the one a staff page's use case checks.
pub(crate) fn permission_of(method: &str, path: &str) -> Option<Permission> {
    ROUTES
        .iter()
        .find(|r| r.method == method && r.path == path)
        .and_then(|r| match r.access {
            Access::Requires(p) | Access::StaffPage(Some(p)) => Some(p),
            Access::Public | Access::LoginStep | Access::StaffPage(None) => None,
        })
}
