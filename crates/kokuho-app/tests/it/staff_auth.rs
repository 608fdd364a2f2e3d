//! The login state machine with an injected clock (security.md C02, C03, C06): password alone
//! never gives a session, a used code is refused, lockout and its back-off, the idle lock,
//! the absolute lifetime, logout everywhere, and enrolment through an administrator's link.

use jiff::SignedDuration;
use kokuho_app::staff::auth::{LoginError, SessionState};
use kokuho_crypto::totp::{TotpSecret, code_at};

use crate::support::*;

const PASSWORD: &str = "かわのながれは絶えずして";

fn now(f: &Fixture) -> i64 {
    use kokuho_app::Clock as _;
    f.clock.now().as_second()
}

/// Enrols `tanaka` through a link; returns the TOTP secret and the recovery codes.
fn enrol(f: &Fixture) -> (TotpSecret, Vec<String>) {
    let link = f.app.issue_enrolment_link(&f.admin, "tanaka").unwrap();
    let page = f.app.enrolment(&link).unwrap();
    assert_eq!(page.login, "tanaka");
    assert!(page.otpauth_uri.starts_with("otpauth://totp/"));
    let secret = TotpSecret::from_base32(&page.secret_base32).unwrap();
    // A weak password is refused with the reason, and nothing is changed.
    match f
        .app
        .complete_enrolment(&link, "password1234", &code_at(&secret, now(f)))
    {
        Err(kokuho_app::AppError::Invalid(p)) => assert!(format!("{p:?}").contains("password"), "{p:?}"),
        other => panic!("{other:?}"),
    }
    let codes = f
        .app
        .complete_enrolment(&link, PASSWORD, &code_at(&secret, now(f)))
        .unwrap();
    // The link works once.
    assert!(f.app.enrolment(&link).is_err());
    (secret, codes.iter().map(|c| c.to_string()).collect())
}

fn advance(f: &Fixture, minutes: i64) {
    f.clock.advance(SignedDuration::from_mins(minutes));
}

#[test]
fn password_alone_never_gives_a_session_and_the_second_factor_rotates_it() {
    both(|f| {
        // Not enrolled: refused after the password, with the way forward.
        assert_eq!(
            f.app.login_password("tanaka", PASSWORD).unwrap_err(),
            LoginError::BadCredentials
        );
        let (secret, _) = enrol(&f);
        advance(&f, 1);
        let first = f.app.login_password("tanaka", PASSWORD).unwrap();
        assert!(matches!(
            f.app.session(&first.0).unwrap(),
            SessionState::SecondFactorDue { .. }
        ));
        let active = f.app.login_second_factor(&first.0, &code_at(&secret, now(&f))).unwrap();
        assert_ne!(*active.0, *first.0);
        assert!(
            matches!(f.app.session(&first.0).unwrap(), SessionState::None),
            "the password-stage id is dead"
        );
        match f.app.session(&active.0).unwrap() {
            SessionState::Active(s) => {
                assert_eq!(s.actor.login, "tanaka");
                assert_eq!(s.actor.method, kokuho_app::AuthMethod::Session);
            }
            other => panic!("{other:?}"),
        }
        // The same code again (same 30-second step) is refused: a used code never works twice.
        let again = f.app.login_password("tanaka", PASSWORD).unwrap();
        assert_eq!(
            f.app
                .login_second_factor(&again.0, &code_at(&secret, now(&f)))
                .unwrap_err(),
            LoginError::BadCode
        );
        // A wrong code ends the attempt: the password must be given again.
        assert_eq!(
            f.app.login_second_factor(&again.0, "000000").unwrap_err(),
            LoginError::Restart
        );
        // Unknown login and wrong password look the same.
        assert_eq!(
            f.app.login_password("nobody", PASSWORD).unwrap_err(),
            LoginError::BadCredentials
        );
        assert_eq!(
            f.app.login_password("tanaka", "wrong password!").unwrap_err(),
            LoginError::BadCredentials
        );
    });
}

#[test]
fn five_failures_lock_the_account_with_back_off() {
    both(|f| {
        let (secret, _) = enrol(&f);
        for _ in 0..5 {
            assert_eq!(
                f.app.login_password("tanaka", "not the password").unwrap_err(),
                LoginError::BadCredentials
            );
        }
        // Locked: even the right password is refused for 15 minutes, told exactly as a wrong
        // password or an unknown name is told (a lock must not reveal that the account exists).
        assert_eq!(
            f.app.login_password("tanaka", PASSWORD).unwrap_err(),
            LoginError::BadCredentials
        );
        assert_eq!(
            f.app.login_password("no-such-user", PASSWORD).unwrap_err(),
            LoginError::BadCredentials
        );
        advance(&f, 14);
        assert_eq!(
            f.app.login_password("tanaka", PASSWORD).unwrap_err(),
            LoginError::BadCredentials
        );
        advance(&f, 2);
        // One more failure now doubles the lock (30 minutes).
        assert_eq!(
            f.app.login_password("tanaka", "not the password").unwrap_err(),
            LoginError::BadCredentials
        );
        advance(&f, 20);
        assert_eq!(
            f.app.login_password("tanaka", PASSWORD).unwrap_err(),
            LoginError::BadCredentials
        );
        advance(&f, 11);
        let t = f.app.login_password("tanaka", PASSWORD).unwrap();
        let active = f.app.login_second_factor(&t.0, &code_at(&secret, now(&f))).unwrap();
        assert!(matches!(f.app.session(&active.0).unwrap(), SessionState::Active(_)));
    });
}

#[test]
fn idle_sessions_lock_and_unlock_with_both_factors_and_expire_at_the_lifetime() {
    both(|f| {
        let (secret, codes) = enrol(&f);
        advance(&f, 1);
        let t = f.app.login_password("tanaka", PASSWORD).unwrap();
        let s = f.app.login_second_factor(&t.0, &code_at(&secret, now(&f))).unwrap();
        advance(&f, 14);
        assert!(
            matches!(f.app.session(&s.0).unwrap(), SessionState::Active(_)),
            "activity within 15 minutes"
        );
        advance(&f, 16);
        assert!(
            matches!(f.app.session(&s.0).unwrap(), SessionState::Locked { .. }),
            "idle 16 minutes: 画面ロック"
        );
        // The password alone does not unlock; password and a fresh code do.
        assert!(f.app.unlock(&s.0, PASSWORD, "123").is_err());
        f.app.unlock(&s.0, PASSWORD, &code_at(&secret, now(&f))).unwrap();
        assert!(matches!(f.app.session(&s.0).unwrap(), SessionState::Active(_)));
        // A recovery code works once as the second factor.
        advance(&f, 20);
        f.app.unlock(&s.0, PASSWORD, &codes[0]).unwrap();
        advance(&f, 20);
        assert!(f.app.unlock(&s.0, PASSWORD, &codes[0]).is_err());
        f.app.unlock(&s.0, PASSWORD, &code_at(&secret, now(&f))).unwrap();
        // Past the 10-hour lifetime the session is gone, however active.
        for _ in 0..50 {
            advance(&f, 12);
            let _ = f.app.session(&s.0).unwrap();
        }
        assert!(matches!(f.app.session(&s.0).unwrap(), SessionState::None));
    });
}

#[test]
fn logout_everywhere_and_disabling_the_account_end_every_session() {
    both(|f| {
        let (secret, _) = enrol(&f);
        let mut sessions = Vec::new();
        for _ in 0..2 {
            advance(&f, 1);
            let t = f.app.login_password("tanaka", PASSWORD).unwrap();
            sessions.push(f.app.login_second_factor(&t.0, &code_at(&secret, now(&f))).unwrap());
        }
        f.app.logout(&sessions[0].0, true).unwrap();
        for s in &sessions {
            assert!(matches!(f.app.session(&s.0).unwrap(), SessionState::None));
        }
        advance(&f, 1);
        let t = f.app.login_password("tanaka", PASSWORD).unwrap();
        let s = f.app.login_second_factor(&t.0, &code_at(&secret, now(&f))).unwrap();
        f.app.set_disabled(&f.admin, "tanaka", true).unwrap();
        assert!(matches!(f.app.session(&s.0).unwrap(), SessionState::None));
        assert_eq!(
            f.app.login_password("tanaka", PASSWORD).unwrap_err(),
            LoginError::BadCredentials
        );
        // A new link resets the second factor: the old secret no longer logs in.
        f.app.set_disabled(&f.admin, "tanaka", false).unwrap();
        let _ = f.app.issue_enrolment_link(&f.admin, "tanaka").unwrap();
        assert_eq!(
            f.app.login_password("tanaka", PASSWORD).unwrap_err(),
            LoginError::NotEnrolled
        );
        // Only an administrator issues links.
        assert!(matches!(
            f.app.issue_enrolment_link(&f.counter, "tanaka"),
            Err(kokuho_app::AppError::Denied { .. })
        ));
    });
}

/// The one-time code as a clerk types it on a Japanese keyboard: full-width digits and spaces.
fn full_width(code: &str) -> String {
    let digits: String = code
        .chars()
        .map(|c| char::from_u32(u32::from(c) - u32::from('0') + 0xFF10).unwrap())
        .collect();
    format!("\u{3000}{digits}")
}

#[test]
fn a_code_typed_in_full_width_digits_is_accepted() {
    both(|f| {
        let (secret, _) = enrol(&f);
        advance(&f, 1);
        let t = f.app.login_password("tanaka", PASSWORD).unwrap();
        let typed = full_width(&code_at(&secret, now(&f)));
        assert!(typed.chars().all(|c| !c.is_ascii_digit()), "{typed}");
        let active = f.app.login_second_factor(&t.0, &typed).unwrap();
        assert!(matches!(f.app.session(&active.0).unwrap(), SessionState::Active(_)));
    });
}
