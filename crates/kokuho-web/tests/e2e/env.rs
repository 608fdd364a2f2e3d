//! The app under test for one browser test: a throw-away insurer on a temporary SQLite store
//! with a fixed clock, served by the production server path (`kokuho_web::serve_listener`, so
//! the same router, security headers and CSP) on 127.0.0.1, and a [`Browser`] pointed at it
//! through `http://localhost:PORT` (a secure context for Chromium, so the `__Host-` Secure
//! session cookie is kept over plain HTTP).

use std::sync::Arc;

use jiff::SignedDuration;
use jiff::civil::date;
use kokuho_app::keys::KeyService;
use kokuho_app::{Actor, App, AuthMethod, Clock as _, FixedClock};
use kokuho_crypto::Kek;
use kokuho_crypto::totp::TotpSecret;
use kokuho_domain::{InsurerNo, Login};
use kokuho_store::testing::TestDb;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::browser::{Browser, browser_available};

pub const INSURER: &str = "999991";
pub const ADMIN: &str = "kanri";
/// The administrator's display name (set by `bootstrap_insurer`; its only role is `admin`).
pub const ADMIN_NAME: &str = "管理 花子";

/// Staff of the test insurer: (login, display name, roles).
pub const STAFF: &[(&str, &str, &[&str])] = &[
    ("sato", "佐藤 花子", &["eligibility"]),
    ("ito", "伊藤 次郎", &["counter"]),
    ("suzuki", "鈴木 三郎", &["my_number"]),
    ("fuka", "福田 賦課", &["assessment"]),
    ("kansa", "監査 五郎", &["auditor"]),
];

/// The password every test user chooses at enrolment (passes the policy: 12+ chars, not common).
pub const PASSWORD: &str = "kawa-no-nagare-2026!";

/// Household 2001: 山田 太郎 (head, 1001) and 花子 (1002). Household 2002: 佐藤 一郎 (1003).
pub const RESIDENTS_CSV: &str = "異動番号,異動種別,異動日,届出日,宛名番号,世帯番号,世帯主,続柄,氏名,氏名カナ,生年月日,性別,国籍,在留期間満了日,郵便番号,住所
T1,転入,2026-04-01,2026-04-03,1001,2001,1,世帯主,山田　太郎,ヤマダ タロウ,1980-01-02,男,,,700-8544,岡山県倉敷市西中新田640
T2,転入,2026-04-01,2026-04-03,1002,2001,0,妻,山田　花子,ヤマダ ハナコ,1982-05-06,女,,,700-8544,岡山県倉敷市西中新田640
T3,転入,2026-04-10,2026-04-10,1003,2002,1,世帯主,佐藤　一郎,サトウ イチロウ,1990-03-04,男,,,700-8544,岡山県倉敷市西中新田641
";

/// A staff member who finished enrolment in the browser.
pub struct StaffUser {
    pub login: String,
    pub display_name: String,
    pub password: String,
    pub secret: TotpSecret,
}

pub struct E2eEnv {
    pub app: App,
    /// The app's clock (2026-06-01 09:00 JST at the start); TOTP codes are computed for it.
    pub clock: Arc<FixedClock>,
    /// `http://localhost:PORT`.
    pub base: String,
    pub admin: Actor,
    pub browser: Browser,
    server: Option<(oneshot::Sender<()>, JoinHandle<std::io::Result<()>>)>,
    _db: TestDb,
}

impl E2eEnv {
    /// The app with its staff and residents, served, and a browser for the test `test` (the
    /// prefix of its screenshots). `None` when no browser is installed and CI is unset (see
    /// [`browser_available`]; on CI that fails the test instead).
    pub async fn start(test: &str) -> Option<E2eEnv> {
        if !browser_available(test) {
            return None;
        }
        let db = TestDb::sqlite().unwrap();
        let clock = Arc::new(FixedClock::at_date(date(2026, 6, 1)));
        let app = App::new(
            db.store().clone(),
            KeyService::new(Kek::generate().unwrap()),
            clock.clone(),
        );
        let insurer = InsurerNo::parse(INSURER).unwrap();
        app.bootstrap_insurer(&insurer, "テスト市", &Login::parse(ADMIN).unwrap(), ADMIN_NAME, "setup")
            .unwrap();
        let admin = app.actor_for_login(ADMIN, AuthMethod::Cli).unwrap();
        for (login, name, roles) in STAFF {
            let roles: Vec<String> = roles.iter().map(|r| (*r).to_string()).collect();
            app.add_user(&admin, &Login::parse(login).unwrap(), name, &roles, None)
                .unwrap();
        }
        let clerk = app.actor_for_login("sato", AuthMethod::Cli).unwrap();
        app.import_resident_changes_file(
            &clerk,
            "e2e.csv",
            RESIDENTS_CSV.as_bytes(),
            kokuho_interchange::Encoding::Utf8,
        )
        .unwrap();

        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let (stop, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(kokuho_web::serve_listener(app.clone(), listener, async move {
            let _ = stopped.await;
        }));
        let base = format!("http://localhost:{port}");
        let browser = Browser::launch(test, &base).await;
        Some(E2eEnv {
            app,
            clock,
            base,
            admin,
            browser,
            server: Some((stop, server)),
            _db: db,
        })
    }

    /// Moves the app's clock.
    pub fn advance(&self, by: SignedDuration) {
        self.clock.advance(by);
    }

    /// The TOTP code for the app's clock now.
    pub fn code_now(&self, secret: &TotpSecret) -> String {
        kokuho_crypto::totp::code_at(secret, self.clock.now().as_second())
    }

    /// Moves the clock to the next 30-second step and returns its code (a step's code is
    /// accepted once: a second use is refused as a replay).
    pub fn next_code(&self, secret: &TotpSecret) -> String {
        self.advance(SignedDuration::from_secs(kokuho_crypto::totp::STEP_SECONDS));
        self.code_now(secret)
    }

    /// The display name of a user of [`STAFF`] or of the administrator [`ADMIN`].
    pub fn display_name(login: &str) -> &'static str {
        if login == ADMIN {
            return ADMIN_NAME;
        }
        STAFF
            .iter()
            .find(|(l, _, _)| *l == login)
            .map(|(_, n, _)| *n)
            .unwrap_or_else(|| panic!("{login} is not in STAFF"))
    }

    /// Enrols `login` (of [`STAFF`], or [`ADMIN`]) in the browser: an administrator issues a
    /// one-time link, then [`E2eEnv::enrol_at`].
    pub async fn enrol(&self, login: &str) -> StaffUser {
        let link = self.app.issue_enrolment_link(&self.admin, login).unwrap();
        self.enrol_at(
            &self.browser,
            &format!("/enroll/{link}"),
            login,
            Self::display_name(login),
        )
        .await
    }

    /// Completes an enrolment in `b` from the link's `path` (`/enroll/…`): the page shows the
    /// key (read off the page, in groups of four), the user sets [`PASSWORD`] and the first
    /// code, and gets the recovery codes.
    pub async fn enrol_at(&self, b: &Browser, path: &str, login: &str, display_name: &str) -> StaffUser {
        b.goto(path).await;
        let shown = b.text("#secret").await;
        let secret = TotpSecret::from_base32(&shown)
            .unwrap_or_else(|e| panic!("the key on the page ({shown:?}) does not parse: {e}"));
        b.fill("#password", PASSWORD).await;
        b.fill("#confirm", PASSWORD).await;
        b.fill("#code", &self.code_now(&secret)).await;
        b.click("form.card button[type=submit]").await;
        b.wait_for("#recovery-codes").await;
        StaffUser {
            login: login.to_string(),
            display_name: display_name.to_string(),
            password: PASSWORD.to_string(),
            secret,
        }
    }

    /// The first login step: `/login` with the password; lands on `/login/code`.
    pub async fn login_password(&self, user: &StaffUser) {
        self.login_password_in(&self.browser, user).await;
    }

    /// [`E2eEnv::login_password`] in another browser `b`.
    pub async fn login_password_in(&self, b: &Browser, user: &StaffUser) {
        b.goto("/login").await;
        b.fill("#login", &user.login).await;
        b.fill("#password", &user.password).await;
        b.click("form.card button[type=submit]").await;
        b.wait_path("/login/code").await;
    }

    /// The second login step: a fresh code on `/login/code` (typed, then Enter); lands on `/`.
    pub async fn login_code(&self, user: &StaffUser) {
        self.login_code_in(&self.browser, user).await;
    }

    /// [`E2eEnv::login_code`] in another browser `b`.
    pub async fn login_code_in(&self, b: &Browser, user: &StaffUser) {
        b.wait_path("/login/code").await;
        b.fill("#code", &self.next_code(&user.secret)).await;
        b.press_enter("#code").await;
        b.wait_path("/").await;
    }

    /// Both login steps.
    pub async fn login(&self, user: &StaffUser) {
        self.login_in(&self.browser, user).await;
    }

    /// Both login steps in another browser `b` (e.g. a second user's own session).
    pub async fn login_in(&self, b: &Browser, user: &StaffUser) {
        self.login_password_in(b, user).await;
        self.login_code_in(b, user).await;
    }

    /// An actor for `login` as the app sees it from the command line (for setting up data and
    /// checking outcomes beside the browser).
    pub fn actor(&self, login: &str) -> Actor {
        self.app.actor_for_login(login, AuthMethod::Cli).unwrap()
    }

    /// The audit rows written so far: (action, outcome, actor, subject), oldest first.
    pub fn audit_rows(&self) -> Vec<(String, String, String, String)> {
        let mut out = Vec::new();
        self.app
            .store()
            .read(|tx| {
                kokuho_store::repo::journal::for_each_audit(tx, INSURER, &mut |row| {
                    out.push((row.action, row.outcome, row.actor, row.subject));
                    Ok(())
                })
            })
            .unwrap();
        out
    }

    /// The logout button in the signed-in header; lands on `/login`.
    pub async fn logout(&self) {
        self.browser.click("nav.user form button[type=submit]").await;
        self.browser.wait_path("/login").await;
    }

    /// Closes the browser, then stops the server. (Dropping the env without it still ends the
    /// browser's processes, e.g. when a test panics.)
    pub async fn finish(self) {
        let E2eEnv {
            browser, server, _db, ..
        } = self;
        browser.close().await;
        if let Some((stop, handle)) = server {
            let _ = stop.send(());
            let _ = tokio::time::timeout(std::time::Duration::from_secs(5), handle).await;
        }
    }
}
