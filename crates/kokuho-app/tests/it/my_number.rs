//! 個人番号 (My Number) links: a link never silently overwrites another and needs a second person, and no
//! plaintext number is left in any table or audit row.

use kokuho_app::AppError;
use kokuho_app::eligibility::my_number::LinkOutcome;
use kokuho_domain::MyNumber;
use kokuho_domain::eligibility::my_number_confirmation::ConfirmationReason;

use crate::support::*;

/// Valid test numbers (check digit per 総務省令第5条).
fn number(first11: &str) -> String {
    format!("{first11}{}", MyNumber::check_digit_for(first11).unwrap())
}

#[test]
fn links_never_overwrite_silently_and_need_a_second_person() {
    both(|f| {
        seed_household(&f);
        let a = number("00123456789");
        let b = number("00987654321");
        assert_eq!(f.app.link_my_number(&f.clerk, "1001", &a).unwrap(), LinkOutcome::Linked);
        assert_eq!(
            f.app.link_my_number(&f.clerk, "1001", &a).unwrap(),
            LinkOutcome::AlreadyLinked
        );
        // Different number for the same resident → confirmation list.
        assert_eq!(
            f.app.link_my_number(&f.clerk, "1001", &b).unwrap(),
            LinkOutcome::NeedsConfirmation
        );
        // Same number as another resident → confirmation list.
        assert_eq!(
            f.app.link_my_number(&f.clerk, "1002", &a).unwrap(),
            LinkOutcome::NeedsConfirmation
        );
        // Blank → confirmation list.
        assert_eq!(
            f.app.link_my_number(&f.clerk, "1002", "  ").unwrap(),
            LinkOutcome::NeedsConfirmation
        );
        // Malformed → refused.
        assert!(matches!(
            f.app.link_my_number(&f.clerk, "1002", "123456789012"),
            Err(AppError::Invalid(_))
        ));

        let list = f.app.my_number_confirmations(&f.clerk, true, 1).unwrap();
        assert_eq!(list.len(), 3);
        let differs = list
            .iter()
            .find(|c| c.reason == ConfirmationReason::DiffersFromLinked)
            .unwrap();
        // The person who raised it may not resolve it.
        assert!(matches!(
            f.app
                .resolve_confirmation(&f.clerk, differs.confirmation_id, true, "本人確認済"),
            Err(AppError::Conflict(_))
        ));
        f.app
            .resolve_confirmation(&f.clerk2, differs.confirmation_id, true, "本人確認済")
            .unwrap();
        assert_eq!(f.app.find_by_my_number(&f.clerk, &b).unwrap().as_deref(), Some("1001"));
        assert_eq!(f.app.find_by_my_number(&f.clerk, &a).unwrap(), None);
        let revealed = f.app.reveal_my_number(&f.clerk, "1001", "番号確認").unwrap();
        assert_eq!(revealed.expose_digits(), b);
        // The counter role has no 個人番号参照.
        assert!(matches!(
            f.app.reveal_my_number(&f.counter, "1001", "x"),
            Err(AppError::Denied { .. })
        ));
    });
}

#[test]
fn no_plaintext_my_number_in_any_table_or_audit_row() {
    both(|f| {
        seed_household(&f);
        let a = number("00123456789");
        f.app.link_my_number(&f.clerk, "1001", &a).unwrap();
        f.app.reveal_my_number(&f.clerk, "1001", "確認").unwrap();
        let tables = [
            "journal",
            "audit_log",
            "my_numbers",
            "my_number_confirmations",
            "residents",
        ];
        for t in tables {
            let rows =
                f.db.store()
                    .read(|tx| tx.query(&format!("SELECT * FROM {t}"), &[]))
                    .unwrap();
            for row in rows {
                let text = format!("{:?}", row.values());
                assert!(!text.contains(&a), "plaintext My Number in {t}");
                let spaced = format!("{} {} {}", &a[0..4], &a[4..8], &a[8..12]);
                assert!(!text.contains(&spaced));
            }
        }
    });
}
