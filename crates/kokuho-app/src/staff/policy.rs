//! The city's login settings (idle lock, lifetime, maximum password age).

use jiff::SignedDuration;

/// The city's login settings (security.md C03, C06). Defaults justified in ARCHITECTURE.md.
#[derive(Debug, Clone, Copy)]
pub struct AuthPolicy {
    /// 画面ロックまでの無操作時間.
    pub idle: SignedDuration,
    /// セッションの最長時間.
    pub lifetime: SignedDuration,
    /// 再認証の有効時間（個人番号の表示など）.
    pub step_up: SignedDuration,
    /// この回数続けて失敗するとロック.
    pub lock_after: i64,
    /// 最初のロック時間（以後、失敗のたびに倍）.
    pub lock_for: SignedDuration,
    /// 登録用リンクの有効時間.
    pub link_valid: SignedDuration,
    /// パスワードの有効期間 (a city setting, off by default as NIST SP 800-63B advises): past it,
    /// the user must choose a new password before any other screen.
    pub max_password_age: Option<SignedDuration>,
}

impl Default for AuthPolicy {
    fn default() -> Self {
        Self {
            idle: SignedDuration::from_mins(15),
            lifetime: SignedDuration::from_hours(10),
            step_up: SignedDuration::from_mins(5),
            lock_after: 5,
            lock_for: SignedDuration::from_mins(15),
            link_valid: SignedDuration::from_hours(72),
            max_password_age: None,
        }
    }
}
