//! A throw-away insurer on a temporary SQLite store, its staff with tokens, and a client that
//! drives the router in-process (`tower::ServiceExt::oneshot`, no network).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use jiff::civil::date;
use kokuho_app::keys::KeyService;
use kokuho_app::{Actor, App, AuthMethod, FixedClock};
use kokuho_crypto::Kek;
use kokuho_domain::{InsurerNo, Login};
use kokuho_store::testing::TestDb;
use serde_json::Value;
use tower::ServiceExt;

pub const INSURER: &str = "999991";
pub const ADMIN: &str = "kanri";

/// Staff of the test insurer: login → roles.
pub const STAFF: &[(&str, &[&str])] = &[
    ("sato", &["eligibility"]),
    ("fuka", &["assessment"]),
    ("ito", &["counter"]),
    ("suzuki", &["my_number"]),
    ("tanaka", &["my_number"]),
    ("kansa", &["auditor"]),
    ("mukengen", &[]),
];

pub struct Env {
    pub app: App,
    pub router: Router,
    pub tokens: HashMap<&'static str, String>,
    /// The app's clock (2026-06-01 09:00 JST at the start).
    pub clock: Arc<FixedClock>,
    /// Session cookies made by [`Env::session`], per login.
    pub sessions: Mutex<HashMap<String, String>>,
    /// Every response (headers and body) seen by this environment, for the canary scan.
    pub seen: Mutex<Vec<String>>,
    _db: TestDb,
}

#[derive(Debug)]
pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    #[track_caller]
    pub fn expect(self, status: StatusCode) -> Self {
        assert_eq!(self.status, status, "body: {}", self.text());
        self
    }
}

/// [`env`] with the demo city's rate tables (尼崎市 FY2025 and the example FY2026), which the
/// 賦課 screens need.
pub fn env_with_rates() -> Env {
    let env = env();
    env.app.set_demo_rate_tables(&env.actor("fuka")).unwrap();
    env
}

pub fn env() -> Env {
    let db = TestDb::sqlite().unwrap();
    let clock = Arc::new(FixedClock::at_date(date(2026, 6, 1)));
    let app = App::new(
        db.store().clone(),
        KeyService::new(Kek::generate().unwrap()),
        clock.clone(),
    );
    let ins = InsurerNo::parse(INSURER).unwrap();
    app.bootstrap_insurer(&ins, "テスト市", &Login::parse(ADMIN).unwrap(), "管理 花子", "setup")
        .unwrap();
    let admin = admin_actor(&app);
    let mut tokens = HashMap::new();
    tokens.insert(ADMIN, app.create_token(&admin, ADMIN, "test").unwrap());
    for (login, roles) in STAFF {
        let roles: Vec<String> = roles.iter().map(|r| r.to_string()).collect();
        app.add_user(
            &admin,
            &Login::parse(login).unwrap(),
            &format!("{login} 職員"),
            &roles,
            None,
        )
        .unwrap();
        tokens.insert(*login, app.create_token(&admin, login, "test").unwrap());
    }
    let router = kokuho_web::router(app.clone());
    Env {
        app,
        router,
        tokens,
        clock,
        sessions: Mutex::new(HashMap::new()),
        seen: Mutex::new(Vec::new()),
        _db: db,
    }
}

/// The password every test user chooses at enrolment.
pub const PASSWORD: &str = "しずかなる湖のほとりで本をよむ";

pub fn admin_actor(app: &App) -> Actor {
    app.actor_for_login(ADMIN, AuthMethod::Cli).unwrap()
}

impl Env {
    /// The same environment serving `router` instead.
    pub fn with_router(self, router: Router) -> Env {
        Env { router, ..self }
    }

    pub fn token(&self, login: &str) -> &str {
        self.tokens.get(login).unwrap_or_else(|| panic!("no token for {login}"))
    }

    pub fn actor(&self, login: &str) -> Actor {
        self.app.actor_for_login(login, AuthMethod::Cli).unwrap()
    }

    pub async fn send(&self, req: Request<Body>) -> Resp {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let body = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap()
            .to_vec();
        let mut record = String::new();
        for (name, value) in &headers {
            record.push_str(&format!("{name}: {}\n", String::from_utf8_lossy(value.as_bytes())));
        }
        record.push_str(&String::from_utf8_lossy(&body));
        self.seen.lock().unwrap().push(record);
        Resp { status, headers, body }
    }

    /// Enrols `login` through an administrator's link and logs in with password and TOTP (the
    /// clock moves 30 s between the two codes: a code is never accepted twice); returns the
    /// session cookie's value and the TOTP secret. Cached per login.
    pub fn session(&self, login: &str) -> String {
        if let Some(c) = self.sessions.lock().unwrap().get(login) {
            return c.clone();
        }
        let (cookie, _) = self.enrol_and_login(login);
        self.sessions.lock().unwrap().insert(login.to_string(), cookie.clone());
        cookie
    }

    /// See [`Env::session`] (not cached).
    pub fn enrol_and_login(&self, login: &str) -> (String, kokuho_crypto::totp::TotpSecret) {
        use kokuho_app::Clock as _;
        let link = self.app.issue_enrolment_link(&admin_actor(&self.app), login).unwrap();
        let page = self.app.enrolment(&link).unwrap();
        let secret = kokuho_crypto::totp::TotpSecret::from_base32(&page.secret_base32).unwrap();
        let code = |env: &Env| kokuho_crypto::totp::code_at(&secret, env.clock.now().as_second());
        self.app.complete_enrolment(&link, PASSWORD, &code(self)).unwrap();
        self.clock.advance(jiff::SignedDuration::from_secs(30));
        let first = self.app.login_password(login, PASSWORD).unwrap();
        let session = self.app.login_second_factor(&first.0, &code(self)).unwrap();
        (session.0.to_string(), secret)
    }

    /// GET a page with a session cookie (None: anonymous).
    pub async fn get_page(&self, path: &str, cookie: Option<&str>) -> Resp {
        let mut b = Request::builder().method(Method::GET).uri(path);
        if let Some(c) = cookie {
            b = b.header(header::COOKIE, format!("{}={c}", kokuho_web::session::COOKIE));
        }
        self.send(b.body(Body::empty()).unwrap()).await
    }

    /// POST a form with a session cookie and the headers a same-origin browser sends.
    pub async fn post_page(&self, path: &str, cookie: Option<&str>, form: &str) -> Resp {
        let mut b = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin");
        if let Some(c) = cookie {
            b = b.header(header::COOKIE, format!("{}={c}", kokuho_web::session::COOKIE));
        }
        self.send(b.body(Body::from(form.to_string())).unwrap()).await
    }

    /// POST a `multipart/form-data` body (see [`multipart`]) with a session cookie, same-origin.
    pub async fn post_multipart(&self, path: &str, cookie: Option<&str>, body: String) -> Resp {
        let mut b = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .header("sec-fetch-site", "same-origin");
        if let Some(c) = cookie {
            b = b.header(header::COOKIE, format!("{}={c}", kokuho_web::session::COOKIE));
        }
        self.send(b.body(Body::from(body)).unwrap()).await
    }

    pub fn request(method: Method, path: &str, token: Option<&str>) -> axum::http::request::Builder {
        let mut b = Request::builder().method(method).uri(path);
        if let Some(t) = token {
            b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        b
    }

    /// GET as `login` (None: anonymous).
    pub async fn get(&self, path: &str, login: Option<&str>) -> Resp {
        let token = login.map(|l| self.token(l).to_string());
        self.send(
            Self::request(Method::GET, path, token.as_deref())
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    /// POST a JSON value as `login`.
    pub async fn post(&self, path: &str, login: Option<&str>, body: Value) -> Resp {
        self.post_text(path, login, &body.to_string()).await
    }

    /// POST a JSON text (possibly malformed) as `login`.
    pub async fn post_text(&self, path: &str, login: Option<&str>, body: &str) -> Resp {
        let token = login.map(|l| self.token(l).to_string());
        let req = Self::request(Method::POST, path, token.as_deref())
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        self.send(req).await
    }

    /// POST an HTML form, anonymously (the public pages).
    pub async fn post_form(&self, path: &str, body: &str) -> Resp {
        let req = Self::request(Method::POST, path, None)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body.to_string()))
            .unwrap();
        self.send(req).await
    }

    /// POST raw bytes (an import file) as `login`.
    pub async fn post_file(&self, path: &str, login: Option<&str>, bytes: Vec<u8>) -> Resp {
        let token = login.map(|l| self.token(l).to_string());
        let req = Self::request(Method::POST, path, token.as_deref())
            .header(header::CONTENT_TYPE, "text/csv")
            .body(Body::from(bytes))
            .unwrap();
        self.send(req).await
    }

    /// Imports the standard test residents (two households) as `sato`.
    pub async fn import_residents(&self) {
        self.post_file(
            "/api/v1/imports/resident-changes?file_name=test.csv",
            Some("sato"),
            RESIDENTS_CSV.as_bytes().to_vec(),
        )
        .await
        .expect(StatusCode::OK);
    }

    /// The audit rows written so far: (action, outcome, actor).
    pub fn audit_rows(&self) -> Vec<(String, String, String)> {
        let mut out = Vec::new();
        self.app
            .store()
            .read(|tx| {
                kokuho_store::repo::journal::for_each_audit(tx, INSURER, &mut |row| {
                    out.push((row.action, row.outcome, row.actor));
                    Ok(())
                })
            })
            .unwrap();
        out
    }
}

pub const CSV_HEADER: &str = "異動番号,異動種別,異動日,届出日,宛名番号,世帯番号,世帯主,続柄,氏名,氏名カナ,生年月日,性別,国籍,在留期間満了日,郵便番号,住所\n";

/// Household 2001: 山田 太郎 (head, 1001) and 花子 (1002). Household 2002: 佐藤 一郎 (1003).
pub const RESIDENTS_CSV: &str = "異動番号,異動種別,異動日,届出日,宛名番号,世帯番号,世帯主,続柄,氏名,氏名カナ,生年月日,性別,国籍,在留期間満了日,郵便番号,住所
T1,転入,2026-04-01,2026-04-03,1001,2001,1,世帯主,山田　太郎,ヤマダ タロウ,1980-01-02,男,,,700-8544,岡山県倉敷市西中新田640
T2,転入,2026-04-01,2026-04-03,1002,2001,0,妻,山田　花子,ヤマダ ハナコ,1982-05-06,女,,,700-8544,岡山県倉敷市西中新田640

T3,転入,2026-04-10,2026-04-10,1003,2002,1,世帯主,佐藤　一郎,サトウ イチロウ,1990-03-04,男,,,700-8544,岡山県倉敷市西中新田641
";

/// A valid My Number starting with `first11`.
pub fn my_number(first11: &str) -> String {
    let check = kokuho_domain::MyNumber::check_digit_for(first11).unwrap();
    format!("{first11}{check}")
}

pub const INCOMES_CSV: &str = "宛名番号,所得年,給与収入,公的年金等収入,事業等所得,分離課税所得,譲渡特別控除額,専従者給与額,課税所得,住民税非課税,未申告
1001,2025,3000000,0,0,0,0,0,1500000,0,0
1002,2025,0,0,0,0,0,0,0,1,0
";

/// A valid sample request for a route of the inventory: (concrete path, body). Import routes
/// get a CSV body, every other POST a JSON body.
pub enum SampleBody {
    Empty,
    Json(Value),
    Csv(&'static str),
    /// An HTML form (`application/x-www-form-urlencoded`).
    Form(&'static str),
    /// A form with files (`multipart/form-data`, boundary [`BOUNDARY`]).
    Multipart(String),
}

/// The boundary of [`SampleBody::Multipart`] bodies.
pub const BOUNDARY: &str = "kokuho-test-boundary";

/// A `multipart/form-data` body of (name, file name if a file, content).
pub fn multipart(parts: &[(&str, Option<&str>, &str)]) -> String {
    let mut body = String::new();
    for (name, file, content) in parts {
        body.push_str(&format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\""
        ));
        if let Some(f) = file {
            body.push_str(&format!("; filename=\"{f}\"\r\nContent-Type: application/json"));
        }
        body.push_str(&format!("\r\n\r\n{content}\r\n"));
    }
    body.push_str(&format!("--{BOUNDARY}--\r\n"));
    body
}

pub fn sample(method: &str, pattern: &str, my_number: &str) -> (String, SampleBody) {
    use SampleBody::{Csv, Empty, Form, Json};
    use serde_json::json;
    let (path, body) = match (method, pattern) {
        ("GET", "/api/v1/residents") => ("/api/v1/residents?resident_no=1001", Empty),
        ("GET", "/api/v1/residents/{resident_no}") => ("/api/v1/residents/1001", Empty),
        ("GET", "/api/v1/households/{household_no}") => ("/api/v1/households/2001", Empty),
        ("POST", "/api/v1/eligibility/enroll") => (
            pattern,
            Json(json!({
                "resident_no": "1003",
                "acquired_on": "2026-04-10",
                "reason": "転入",
                "notified_on": "2026-04-10"
            })),
        ),
        ("POST", "/api/v1/eligibility/withdraw") => (
            pattern,
            Json(
                json!({"resident_no": "1003", "lost_on": "2026-05-01", "reason": "社保加入", "notified_on": "2026-05-02"}),
            ),
        ),
        ("POST", "/api/v1/eligibility/correct") => (
            pattern,
            Json(json!({
                "period_id": 1,
                "acquired_on": "2026-04-01",
                "acquisition_reason": "転入",
                "lost_on": null,
                "loss_reason": null,
                "note": "届出書の確認"
            })),
        ),
        ("POST", "/api/v1/flags") => (
            pattern,
            Json(json!({"kind": "student_away", "resident_no": "1001", "from": "2026-04-01"})),
        ),
        ("POST", "/api/v1/flags/{flag_id}/end") => ("/api/v1/flags/1/end", Json(json!({"until": "2026-07-01"}))),
        ("POST", "/api/v1/certificates") => (
            pattern,
            Json(json!({
                "resident_no": "1001",
                "kind": "eligibility_certificate",
                "issued_on": "2026-06-01",
                "standard_until": "2027-07-31"
            })),
        ),
        ("POST", "/api/v1/certificates/{certificate_id}/reissue") => (
            "/api/v1/certificates/1/reissue",
            Json(json!({"issued_on": "2026-06-01", "standard_until": "2027-07-31"})),
        ),
        ("POST", "/api/v1/certificates/{certificate_id}/return") => (
            "/api/v1/certificates/1/return",
            Json(json!({"returned_on": "2026-06-01"})),
        ),
        ("GET", "/api/v1/work-items") => ("/api/v1/work-items?status=open", Empty),
        ("POST", "/api/v1/work-items/{work_item_id}/close") => {
            ("/api/v1/work-items/1/close", Json(json!({"note": "確認済み"})))
        }
        ("POST", "/api/v1/residents/{resident_no}/my-number") => (
            "/api/v1/residents/1001/my-number",
            Json(json!({ "my_number": my_number })),
        ),
        ("POST", "/api/v1/my-number/lookup") => (pattern, Json(json!({ "my_number": my_number }))),
        ("GET", "/api/v1/my-number/confirmations") => ("/api/v1/my-number/confirmations?open=false", Empty),
        ("POST", "/api/v1/my-number/confirmations/{confirmation_id}/resolve") => (
            "/api/v1/my-number/confirmations/1/resolve",
            Json(json!({"adopt": false, "note": "別人と確認"})),
        ),
        ("POST", "/api/v1/imports/resident-changes") => (pattern, Csv(RESIDENTS_CSV)),
        ("POST", "/api/v1/imports/incomes") => (pattern, Csv(INCOMES_CSV)),
        ("POST", "/api/v1/admin/users") => (
            pattern,
            Json(json!({"login": "yoshida", "display_name": "吉田 職員", "roles": ["counter"]})),
        ),
        ("GET", "/api/v1/admin/users") => (pattern, Empty),
        ("POST", "/api/v1/admin/users/{login}/roles") => (
            "/api/v1/admin/users/ito/roles",
            Json(json!({"role": "counter", "grant": true})),
        ),
        ("POST", "/api/v1/admin/users/{login}/tokens") => {
            ("/api/v1/admin/users/ito/tokens", Json(json!({"label": "連携バッチ"})))
        }
        ("POST", "/api/v1/journal/verify" | "/api/v1/audit/verify") => (pattern, Empty),
        ("GET", "/healthz" | "/api/v1/openapi.json") => (pattern, Empty),
        ("POST", "/api/v1/calc/premium") => (pattern, Json(premium_sample())),
        ("POST", "/api/v1/calc/high-cost") => (pattern, Json(high_cost_sample())),
        ("POST", "/api/v1/calc/late-fee") => (pattern, Json(late_fee_sample())),
        ("GET", "/simulator" | "/static/app.css") => (pattern, Empty),
        ("GET", "/api/v1/rate-tables") => (pattern, Empty),
        ("GET", "/api/v1/households/{household_no}/premium") => {
            ("/api/v1/households/2001/premium?fiscal_year=2025", Empty)
        }
        ("GET", "/api/v1/rate-tables/{fiscal_year}") => ("/api/v1/rate-tables/2025", Empty),
        ("GET", "/api/v1/households/{household_no}/assessments") => {
            ("/api/v1/households/2001/assessments?fiscal_year=2025", Empty)
        }
        ("POST", "/api/v1/households/{household_no}/assessments") => (
            "/api/v1/households/2001/assessments",
            Json(json!({"fiscal_year": 2025})),
        ),
        ("POST", "/api/v1/rate-tables/{fiscal_year}") => {
            let rates = kokuho_domain::assessment::premium::published::published_rates()
                .into_iter()
                .find(|t| t.fiscal_year == 2025)
                .map(|t| serde_json::from_str::<serde_json::Value>(t.rates).unwrap());
            (
                "/api/v1/rate-tables/2025",
                Json(json!({"label": "令和7年度", "rates": rates})),
            )
        }
        ("POST", "/api/v1/rate-simulations") => (pattern, Json(json!({"fiscal_year": 2025}))),
        ("POST", "/simulator") => (pattern, Form(SIMULATOR_FORM)),
        ("GET", "/login" | "/login/code" | "/unlock" | "/" | "/password") => (pattern, Empty),
        // A wrong current password: the form again with the message, nothing changed.
        ("POST", "/password") => (pattern, Form("current=wrong&password=x&confirm=x")),
        ("POST", "/login") => (pattern, Form("login=sato&password=wrong")),
        ("POST", "/login/code") => (pattern, Form("code=123456")),
        ("POST", "/unlock") => (pattern, Form("password=x&code=123456")),
        ("POST", "/logout") => (pattern, Form("")),
        ("GET", "/enroll/{token}") => ("/enroll/no-such-link", Empty),
        ("POST", "/enroll/{token}") => ("/enroll/no-such-link", Form("password=x&confirm=x&code=1")),
        ("GET", "/residents") => ("/residents?kana=%E3%83%A4%E3%83%9E%E3%83%80", Empty),
        ("GET", "/households/{household_no}") => ("/households/2001", Empty),
        ("GET", "/residents/{resident_no}") => ("/residents/1001", Empty),
        ("GET", "/residents/{resident_no}/my-number") => ("/residents/1001/my-number", Empty),
        // Without a purpose: the form again, never the digits (the reveal itself is tested on its own).
        ("POST", "/residents/{resident_no}/my-number") => ("/residents/1001/my-number", Form("purpose=&code=123456")),
        ("GET", "/residents/{resident_no}/{screen}") => ("/residents/1003/enroll", Empty),
        ("POST", "/residents/{resident_no}/{screen}") => (
            "/residents/1003/enroll",
            Form("acquired_on=2026-04-10&reason=move_in&notified_on=2026-04-10&_step=confirm"),
        ),
        ("GET", "/households/{household_no}/{screen}") => ("/households/2001/head", Empty),
        ("POST", "/households/{household_no}/{screen}") => (
            "/households/2001/head",
            Form("resident_no=&effective_on=2026-06-01&_step=confirm"),
        ),
        ("GET", "/work-items") => (pattern, Empty),
        ("POST", "/work-items/{work_item_id}/close") => ("/work-items/1/close", Form("note=")),
        ("GET", "/my-number/confirmations") => (pattern, Empty),
        ("POST", "/my-number/confirmations/{confirmation_id}") => {
            ("/my-number/confirmations/999", Form("outcome=reject&note=x"))
        }
        ("GET", "/admin/users" | "/admin/roles" | "/admin/settings") => (pattern, Empty),
        ("GET", "/assessment" | "/assessment/batch" | "/assessment/rates") => (pattern, Empty),
        ("GET", "/assessment/counter") => ("/assessment/counter?household_no=2001&fiscal_year=2026", Empty),
        ("POST", "/assessment/counter") => (pattern, Form(COUNTER_FORM)),
        ("GET", "/assessment/households") => ("/assessment/households?household_no=2001&fiscal_year=2026", Empty),
        ("GET", "/assessment/households/{household_no}") => ("/assessment/households/2001?fiscal_year=2026", Empty),
        ("POST", "/assessment/households/{household_no}") => ("/assessment/households/2001", Form("fiscal_year=2026")),
        // The batch of a two-household city: done before the next request looks at it.
        ("POST", "/assessment/batch") => (pattern, Form("fiscal_year=2026")),
        ("GET", "/assessment/batch/{job}") => ("/assessment/batch/1", Empty),
        ("POST", "/assessment/batch/{job}/stop") => ("/assessment/batch/1/stop", Form("")),
        ("GET", "/assessment/simulation") => ("/assessment/simulation?fiscal_year=2025", Empty),
        ("POST", "/assessment/simulation") => (pattern, Form(SIMULATION_FORM)),
        ("GET", "/assessment/rates/new") => ("/assessment/rates/new?fiscal_year=2024", Empty),
        ("GET", "/assessment/rates/{fiscal_year}") => ("/assessment/rates/2025", Empty),
        ("GET", "/assessment/rates/{fiscal_year}/edit") => ("/assessment/rates/2024/edit", Empty),
        // The confirmation step: shown, nothing saved.
        ("POST", "/assessment/rates/{fiscal_year}/edit") => ("/assessment/rates/2025/edit", Form(RATES_FORM)),
        ("POST", "/assessment/rates/file") => {
            let rates = kokuho_domain::assessment::premium::published::published_rates()
                .into_iter()
                .find(|t| t.fiscal_year == 2025)
                .map(|t| t.rates.to_string())
                .unwrap_or_default();
            return (
                pattern.to_string(),
                SampleBody::Multipart(multipart(&[
                    ("fiscal_year", None, "2025"),
                    ("rates", Some("r7.json"), &rates),
                ])),
            );
        }
        // Back to the installation defaults (what a fresh insurer has): harmless to the other calls.
        ("POST", "/admin/settings") => (pattern, Form("idle_minutes=&max_password_age_days=")),
        // A login already taken: the list again with the message (200), nothing added.
        ("POST", "/admin/users") => (pattern, Form("login=ito&display_name=x&roles=counter")),
        ("GET", "/admin/users/{login}") => ("/admin/users/ito", Empty),
        ("POST", "/admin/users/{login}/roles") => ("/admin/users/ito/roles", Form("roles=counter")),
        ("POST", "/admin/users/{login}/disabled") => ("/admin/users/ito/disabled", Form("disabled=0")),
        ("POST", "/admin/users/{login}/unlock") => ("/admin/users/mukengen/unlock", Form("")),
        ("POST", "/admin/users/{login}/link") => ("/admin/users/tanaka/link", Form("")),
        ("POST", "/admin/roles/{role}") => ("/admin/roles/counter", Form("permissions=eligibility_read")),
        ("GET", "/audit") => ("/audit?actor=sato&from=2026-06-01&to=2026-06-30", Empty),
        ("GET", "/audit/report") => ("/audit/report?from=2026-05-01&to=2026-05-31", Empty),
        ("POST", "/audit/verify") => (pattern, Form("")),
        other => panic!("no sample request for {other:?}: add one"),
    };
    (path.to_string(), body)
}

impl Env {
    /// Sends the sample request of a route as `login` (None: anonymous).
    pub async fn call_sample(&self, method: &str, pattern: &str, login: Option<&str>, my_number: &str) -> Resp {
        let (path, body) = sample(method, pattern, my_number);
        // Pages take a session cookie, not a token.
        let page = kokuho_web::routes().iter().any(|r| {
            r.method == method
                && r.path == pattern
                && matches!(
                    r.access,
                    kokuho_web::Access::StaffPage(_) | kokuho_web::Access::LoginStep
                )
        });
        if page {
            let cookie = login.map(|l| self.session(l));
            return match body {
                SampleBody::Form(text) => self.post_page(&path, cookie.as_deref(), text).await,
                SampleBody::Multipart(body) => self.post_multipart(&path, cookie.as_deref(), body).await,
                _ if method == "POST" => self.post_page(&path, cookie.as_deref(), "").await,
                _ => self.get_page(&path, cookie.as_deref()).await,
            };
        }
        match (method, body) {
            ("GET", _) => self.get(&path, login).await,
            (_, SampleBody::Json(v)) => self.post(&path, login, v).await,
            (_, SampleBody::Csv(text)) => self.post_file(&path, login, text.as_bytes().to_vec()).await,
            (_, SampleBody::Form(text)) => self.post_form(&path, text).await,
            (_, SampleBody::Multipart(_)) => panic!("no API route takes multipart"),
            (_, SampleBody::Empty) => {
                let token = login.map(|l| self.token(l).to_string());
                self.send(
                    Self::request(Method::POST, &path, token.as_deref())
                        .body(Body::empty())
                        .unwrap(),
                )
                .await
            }
        }
    }
}

/// A premium calculator input (spec/calculators.md §1).
pub fn premium_sample() -> Value {
    serde_json::json!({
        "fiscal_year": 2023,
        "rates": {"rounding": "component_floor_100", "components": {
            "medical": {"income_rate": "6.84", "per_capita": 27100, "per_household": 19220, "cap": 650000},
            "support": {"income_rate": "2.60", "per_capita": 10430, "per_household": 7860, "cap": 220000}
        }},
        "household": {"head": "h", "members": [
            {"id": "h", "birth_date": "1956-06-01", "income": {"pension_revenue": 3000000}},
            {"id": "w", "birth_date": "1959-09-01", "income": {"pension_revenue": 1300000}}
        ]}
    })
}

/// A high-cost calculator input (spec/calculators.md §2): the official example of rules.md §6.4
/// [公] (区分ウ, 医療費100万円, spec/examples/high-cost-u-2026-07.json).
pub fn high_cost_sample() -> Value {
    serde_json::json!({
        "month": "2026-07",
        "household": {"category": "u", "members": [{"id": "p", "birth_date": "1980-01-01"}]},
        "prior_benefit_months": [],
        "claims": [
            {"patient": "p", "provider": "H1", "setting": "inpatient", "medical_cost": 1_000_000, "copay": 300_000}
        ]
    })
}

/// A late-fee calculator input (spec/calculators.md §3): 大府市's worked example [公].
pub fn late_fee_sample() -> Value {
    serde_json::json!({
        "principal": 100000,
        "due_date": "2023-08-31",
        "payments": [{"date": "2024-02-10", "amount": 100000}]
    })
}

/// The counter simulation's form: one insured person with a salary.
pub const COUNTER_FORM: &str =
    "fiscal_year=2026&rows=1&head=0&m0_birth=1980-01-02&m0_insured=1&m0_salary_revenue=3%2C000%2C000&_action=calculate";

/// The rate-table form of FY2025 (尼崎市's published rates), asking for the confirmation.
pub const RATES_FORM: &str = "label=%E4%BB%A4%E5%92%8C7%E5%B9%B4%E5%BA%A6&rounding=component_floor_100&medical=1&\
                              medical_income_rate=8.04&medical_per_capita=31200&medical_per_household=19404&\
                              medical_cap=660000&support=1&support_income_rate=3.12&support_per_capita=12048&\
                              support_per_household=7500&support_cap=260000&care=1&care_income_rate=3.00&\
                              care_per_capita=12132&care_per_household=5928&care_cap=170000&months=6%2C7%2C8%2C9%2C10%\
                              2C11%2C12%2C1%2C2%2C3&unit=100&remainder=first&level_withholding=1&_step=confirm";

/// The rate simulation's form: FY2025 with 尼崎市's 医療分 所得割率 raised to 8.50%.
pub const SIMULATION_FORM: &str = "fiscal_year=2025&rounding=component_floor_100&medical=1&medical_income_rate=8.50&\
                                   medical_per_capita=31200&medical_per_household=19404&medical_cap=660000&support=1&\
                                   support_income_rate=3.12&support_per_capita=12048&support_per_household=7500&\
                                   support_cap=260000&care=1&care_income_rate=3.00&care_per_capita=12132&\
                                   care_per_household=5928&care_cap=170000";

/// The public simulator's form: a single insured person with a salary.
pub const SIMULATOR_FORM: &str = "fiscal_year=2025&m0_birth=1980-05-05&m0_insured=1&m0_salary=3%2C000%2C000";
