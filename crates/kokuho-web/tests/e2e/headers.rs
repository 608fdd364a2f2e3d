//! The security headers as served, and the browser enforcing the CSP: the pages carry no
//! script, a script injected into a page does not run, the page cannot fetch, yet its own
//! stylesheet applies.

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

use crate::env::E2eEnv;

/// The status line and headers (names lower-cased) of `GET path`, over a raw HTTP/1.1 request.
async fn head_of(port: u16, path: &str) -> (String, Vec<(String, String)>) {
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).await.unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let head = text.split("\r\n\r\n").next().unwrap_or_default();
    let mut lines = head.lines();
    let status = lines.next().unwrap_or_default().to_string();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    (status, headers)
}

#[tokio::test]
async fn pages_have_no_script_and_the_browser_enforces_the_csp() {
    let Some(env) = E2eEnv::start("headers").await else {
        return;
    };
    let port = url::Url::parse(&env.base).unwrap().port().unwrap();
    for path in ["/login", "/simulator", "/no-such-page"] {
        let (status, headers) = head_of(port, path).await;
        for (name, value) in kokuho_web::middleware::SECURITY_HEADERS {
            let got: Vec<&str> = headers
                .iter()
                .filter(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
                .collect();
            assert_eq!(got, [*value], "{path} ({status}): header {name}");
        }
    }

    let b = &env.browser;
    b.goto("/login").await;
    b.wait_for("#login").await;
    b.screenshot("01-login").await;
    assert_eq!(
        b.execute("return document.scripts.length", vec![]).await,
        json!(0),
        "no <script> on the page"
    );
    // The page's own stylesheet loads under `style-src 'self'`.
    let rules = b
        .execute(
            "return Array.from(document.styleSheets).map(s => s.cssRules.length)",
            vec![],
        )
        .await;
    assert!(
        rules
            .as_array()
            .is_some_and(|r| r.len() == 1 && r[0].as_u64().unwrap_or(0) > 0),
        "app.css applied: {rules}"
    );
    // A script injected into the page is blocked (`default-src 'none'` covers script-src)...
    let ran = b
        .execute(
            "window.e2eInline = false;
             const s = document.createElement('script');
             s.textContent = 'window.e2eInline = true;';
             document.head.appendChild(s);
             return window.e2eInline;",
            vec![],
        )
        .await;
    assert_eq!(ran, Value::Bool(false), "an inline script ran despite the CSP");
    // ... and so is a fetch from the page (connect-src).
    let fetched = b
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch('/healthz').then(r => done('allowed ' + r.status), e => done('blocked ' + e.name));",
            vec![],
        )
        .await;
    assert_eq!(fetched, json!("blocked TypeError"), "fetch from the page");
    env.finish().await;
}
