//! A headless Chromium driven through Debian's `chromedriver` (W3C WebDriver), one per test.
//!
//! Each [`Browser`] spawns its own chromedriver on a free loopback port (in its own process
//! group, so the browser it launches can be ended with it even when a test panics) and one
//! Chromium with a fresh, empty profile. Every wait polls for what the test expects (a path, an
//! element) for at most [`WAIT`]; there are no fixed sleeps.

use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

/// How long any wait (navigation, element, driver start) may take before the test fails.
pub const WAIT: Duration = Duration::from_secs(10);
/// Interval between two polls of a wait.
const POLL: Duration = Duration::from_millis(50);

/// Flags this machine needs: no sandbox (root in a container), no GPU, and nothing that reaches
/// out to the network in the background (without those Chromium hangs on refused connections).
const CHROMIUM_ARGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,900",
];

/// The Chromium binary (Debian's `chromium` package; `KOKUHO_E2E_CHROMIUM` overrides).
pub fn chromium_path() -> PathBuf {
    std::env::var_os("KOKUHO_E2E_CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

/// The driver (Debian's `chromium-driver` package; `KOKUHO_E2E_CHROMEDRIVER` overrides).
pub fn chromedriver_path() -> PathBuf {
    std::env::var_os("KOKUHO_E2E_CHROMEDRIVER").map_or_else(|| PathBuf::from("/usr/bin/chromedriver"), PathBuf::from)
}

/// Whether the tests run on CI (`CI` set and not empty): there a missing browser fails the test.
pub fn on_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty())
}

/// Whether the browser and its driver are installed. When they are not: on CI the test fails;
/// elsewhere a message says how to install them and the test returns early.
pub fn browser_available(test: &str) -> bool {
    let missing: Vec<String> = [chromium_path(), chromedriver_path()]
        .iter()
        .filter(|p| !p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if missing.is_empty() {
        return true;
    }
    let message = format!(
        "E2E test `{test}`: {} not found. Install with: apt-get install --no-install-recommends chromium \
         chromium-driver fonts-noto-cjk",
        missing.join(" and ")
    );
    assert!(!on_ci(), "{message} (CI is set: the browser tests never skip on CI)");
    eprintln!("NOT RUN (no browser on this machine): {message}");
    false
}

/// Where screenshots and driver logs go: `<target dir>/e2e-screenshots`.
pub fn artifacts_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        // Cargo's per-target scratch directory is `<target dir>/tmp`.
        .or_else(|| Path::new(env!("CARGO_TARGET_TMPDIR")).parent().map(Path::to_path_buf))
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    target.join("e2e-screenshots")
}

/// A chromedriver process, ended with its whole process group (the browser it started) on drop.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn spawn(log: &Path) -> Driver {
        let mut last = String::new();
        for _ in 0..3 {
            let port = free_port();
            let child = Command::new(chromedriver_path())
                .arg(format!("--port={port}"))
                .arg(format!("--log-path={}", log.display()))
                .arg("--log-level=WARNING")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .process_group(0)
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start {}: {e}", chromedriver_path().display()));
            let mut driver = Driver { child, port };
            match driver.wait_ready() {
                Ok(()) => return driver,
                // Most likely the port was taken between probing and binding: try another.
                Err(e) => last = e,
            }
        }
        panic!("chromedriver did not start: {last} (log: {})", log.display())
    }

    fn wait_ready(&mut self) -> Result<(), String> {
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, self.port));
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("chromedriver exited with {status}"));
            }
            if TcpStream::connect_timeout(&addr, POLL).is_ok() {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("no answer on port {} after {WAIT:?}", self.port));
            }
            std::thread::sleep(POLL);
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The driver leads its own process group (`process_group(0)`), which Chromium's processes
        // join: end them all, also when a test panicked before closing the session.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port that was free a moment ago on 127.0.0.1.
fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    listener.local_addr().unwrap().port()
}

/// Chromedriver's extension that runs a Chrome DevTools Protocol command
/// (`POST /session/{id}/goog/cdp/execute`); used for full-page screenshots.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/goog/cdp/execute", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
        (
            axum::http::Method::POST,
            Some(json!({ "cmd": self.cmd, "params": self.params }).to_string()),
        )
    }
}

/// One headless Chromium pointed at the app under test.
pub struct Browser {
    client: Option<Client>,
    base: String,
    test: String,
    dir: PathBuf,
    // Dropped after `client` is closed: the profile directory, then the driver's process group.
    _profile: tempfile::TempDir,
    _driver: Driver,
}

impl Browser {
    /// Starts chromedriver and a browser for the test named `test`, with `base` (e.g.
    /// `http://localhost:PORT`) as the origin of the paths given to [`Browser::goto`].
    pub async fn launch(test: &str, base: &str) -> Browser {
        let dir = artifacts_dir();
        std::fs::create_dir_all(&dir).unwrap();
        let driver = Driver::spawn(&dir.join(format!("{test}-chromedriver.log")));
        let profile = tempfile::tempdir().unwrap();
        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|a| (*a).to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        let capabilities = json!({
            "browserName": "chrome",
            "pageLoadStrategy": "normal",
            "goog:chromeOptions": { "binary": chromium_path(), "args": args },
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!()
        };
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
            .unwrap_or_else(|e| panic!("no browser session from chromedriver: {e}"));
        Browser {
            client: Some(client),
            base: base.to_string(),
            test: test.to_string(),
            dir,
            _profile: profile,
            _driver: driver,
        }
    }

    /// The WebDriver client, for what the helpers below don't cover.
    pub fn client(&self) -> &Client {
        self.client.as_ref().expect("browser already closed")
    }

    /// `base` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Loads `path` (e.g. `/residents`) and waits for the page.
    pub async fn goto(&self, path: &str) {
        self.client()
            .goto(&self.url(path))
            .await
            .unwrap_or_else(|e| panic!("cannot load {path}: {e}"));
    }

    /// The first element matching the CSS `selector`, waiting for it to appear.
    pub async fn find(&self, selector: &str) -> Element {
        let deadline = Instant::now() + WAIT;
        loop {
            match self.client().find(Locator::Css(selector)).await {
                Ok(e) => return e,
                Err(e) if Instant::now() > deadline => {
                    let at = self.current_url().await;
                    self.screenshot("timeout").await;
                    panic!("no element `{selector}` on {at} after {WAIT:?}: {e}");
                }
                Err(_) => tokio::time::sleep(POLL).await,
            }
        }
    }

    /// Waits for an element matching `selector` (e.g. the next page's marker).
    pub async fn wait_for(&self, selector: &str) -> Element {
        self.find(selector).await
    }

    /// Whether an element matches `selector` now (no wait).
    pub async fn exists(&self, selector: &str) -> bool {
        match self.client().find(Locator::Css(selector)).await {
            Ok(_) => true,
            Err(e) if e.is_no_such_element() => false,
            Err(e) => panic!("cannot look for `{selector}`: {e}"),
        }
    }

    /// Clears the field `selector` and types `text` into it.
    pub async fn fill(&self, selector: &str, text: &str) {
        let field = self.find(selector).await;
        field
            .clear()
            .await
            .unwrap_or_else(|e| panic!("cannot clear `{selector}`: {e}"));
        field
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("cannot type into `{selector}`: {e}"));
    }

    /// Presses Enter in the field `selector` (submits its form the way a keyboard user does).
    pub async fn press_enter(&self, selector: &str) {
        let field = self.find(selector).await;
        field
            .send_keys(&Key::Enter.to_string())
            .await
            .unwrap_or_else(|e| panic!("cannot press Enter in `{selector}`: {e}"));
    }

    /// Clicks the element `selector`.
    pub async fn click(&self, selector: &str) {
        let element = self.find(selector).await;
        element
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot click `{selector}`: {e}"));
    }

    /// Chooses the option with value `value` in the `<select>` `selector`.
    pub async fn select(&self, selector: &str, value: &str) {
        let element = self.find(selector).await;
        element
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("cannot choose `{value}` in `{selector}`: {e}"));
    }

    /// The current value of the field `selector` (what is typed or chosen in it now).
    pub async fn value(&self, selector: &str) -> String {
        let element = self.find(selector).await;
        element
            .prop("value")
            .await
            .unwrap_or_else(|e| panic!("no value for `{selector}`: {e}"))
            .unwrap_or_default()
    }

    /// The attribute `name` of the first element matching `selector` (`None` when absent).
    pub async fn attr(&self, selector: &str, name: &str) -> Option<String> {
        let element = self.find(selector).await;
        element
            .attr(name)
            .await
            .unwrap_or_else(|e| panic!("cannot read `{name}` of `{selector}`: {e}"))
    }

    /// The page's HTML as the browser holds it now.
    pub async fn source(&self) -> String {
        self.client()
            .source()
            .await
            .unwrap_or_else(|e| panic!("no page source: {e}"))
    }

    /// The visible text of the first element matching `selector`.
    pub async fn text(&self, selector: &str) -> String {
        let element = self.find(selector).await;
        element
            .text()
            .await
            .unwrap_or_else(|e| panic!("no text for `{selector}`: {e}"))
    }

    /// The visible texts of every element matching `selector` (none: empty).
    pub async fn texts(&self, selector: &str) -> Vec<String> {
        let elements = self.client().find_all(Locator::Css(selector)).await.unwrap_or_default();
        let mut out = Vec::with_capacity(elements.len());
        for e in elements {
            out.push(e.text().await.unwrap_or_default());
        }
        out
    }

    /// The address bar.
    pub async fn current_url(&self) -> url::Url {
        self.client()
            .current_url()
            .await
            .unwrap_or_else(|e| panic!("no current URL: {e}"))
    }

    /// The path of the current page (without the query).
    pub async fn current_path(&self) -> String {
        self.current_url().await.path().to_string()
    }

    /// Waits until the current page's path is `path` (after a click, a submit or a redirect).
    pub async fn wait_path(&self, path: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            let now = self.current_url().await;
            if now.path() == path {
                // Commands wait for a pending navigation, so the page is there for the next one.
                return;
            }
            if Instant::now() > deadline {
                self.screenshot("timeout").await;
                panic!("expected to land on {path}, still on {now} after {WAIT:?}");
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Runs `script` in the page (WebDriver "execute script": not subject to the page's CSP);
    /// `arguments[i]` are `args`.
    pub async fn execute(&self, script: &str, args: Vec<Value>) -> Value {
        self.client()
            .execute(script, args)
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Runs `script` asynchronously: it must call `arguments[arguments.length - 1](result)`.
    pub async fn execute_async(&self, script: &str, args: Vec<Value>) -> Value {
        self.client()
            .execute_async(script, args)
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// A full-page PNG of the current page, saved as `<artifacts>/<test>-<step>.png`.
    pub async fn screenshot(&self, step: &str) -> PathBuf {
        let png = match self.full_page_png().await {
            Some(png) => png,
            // Not chromedriver (or the CDP call failed): the viewport is still worth having.
            None => self
                .client()
                .screenshot()
                .await
                .unwrap_or_else(|e| panic!("no screenshot: {e}")),
        };
        let path = self.dir.join(format!("{}-{step}.png", self.test));
        std::fs::write(&path, png).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        path
    }

    async fn full_page_png(&self) -> Option<Vec<u8>> {
        let cdp = |cmd, params| self.client().issue_cmd(Cdp { cmd, params });
        let metrics = cdp("Page.getLayoutMetrics", json!({})).await.ok()?;
        let size = &metrics["cssContentSize"];
        let (width, height) = (size["width"].as_f64()?, size["height"].as_f64()?);
        let shot = cdp(
            "Page.captureScreenshot",
            json!({
                "format": "png",
                "captureBeyondViewport": true,
                "clip": { "x": 0, "y": 0, "width": width.max(1.0), "height": height.max(1.0), "scale": 1 },
            }),
        )
        .await
        .ok()?;
        base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str()?)
            .ok()
    }

    /// Ends the browser session (Chromium quits), then the driver.
    pub async fn close(mut self) {
        if let Some(client) = self.client.take() {
            let _ = client.close().await;
        }
    }
}
