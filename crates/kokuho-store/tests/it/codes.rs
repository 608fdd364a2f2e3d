//! Statuses and kinds: rows carry the domain's enums, the columns hold their codes byte for byte,
//! queries filter by them, and text that is no code is refused when read (a schema error that does
//! not repeat the text).

use jiff::civil::date;
use kokuho_domain::eligibility::certificate::{CertificateKind, CertificateStatus};
use kokuho_domain::eligibility::my_number_confirmation::{ConfirmationReason, ConfirmationStatus};
use kokuho_domain::eligibility::period::FlagKind;
use kokuho_domain::eligibility::resident::ResidentStatus;
use kokuho_domain::kernel::work::{WorkItemStatus, WorkKind};
use kokuho_store::repo::eligibility::my_numbers::{self, ConfirmationRow};
use kokuho_store::repo::eligibility::periods::{self as elig, CertificateRow, FlagRow};
use kokuho_store::repo::eligibility::residents::{self, ResidentRow};
use kokuho_store::repo::work_items::{self, WorkItemRow};
use kokuho_store::{Store, StoreError, Value, both_backends};

use crate::exec;

const INS: &str = "900001";

/// The stored text of `columns` of the only row of `table`.
fn stored(store: &Store, table: &str, columns: &str) -> Vec<Value> {
    store
        .read(|tx| {
            Ok::<_, StoreError>(
                tx.query_one(&format!("SELECT {columns} FROM {table}"), &[])?
                    .into_values(),
            )
        })
        .unwrap()
}

/// A read after `UPDATE {table} SET {column} = 'bogus_code'` fails as a schema error.
fn refused<T: std::fmt::Debug>(
    store: &Store,
    table: &str,
    column: &str,
    read: impl Fn(&mut dyn kokuho_store::Tx) -> Result<T, StoreError>,
) {
    exec(store, &format!("UPDATE {table} SET {column} = 'bogus_code'"), &[]).unwrap();
    let err = store.read(|tx| read(tx)).unwrap_err();
    assert!(
        matches!(&err, StoreError::Schema(m) if !m.contains("bogus_code")),
        "{table}.{column}: {err:?}"
    );
}

both_backends!(work_items_hold_codes, |store: &Store| {
    let item = WorkItemRow {
        work_item_id: 1,
        kind: WorkKind::ReassessmentReview,
        resident_no: "100000000000001".into(),
        household_no: None,
        detail: "期間制限".into(),
        due_on: None,
        status: WorkItemStatus::Open,
        raised_at: "2026-04-01T09:00:00+09:00".into(),
        closed_by: None,
        closed_at: None,
        closing_note: None,
    };
    store.write(|tx| work_items::insert(tx, INS, &item)).unwrap();
    assert_eq!(
        stored(store, "work_items", "kind, status"),
        [Value::from("reassessment_review"), Value::from("open")]
    );
    assert_eq!(store.read(|tx| work_items::get(tx, INS, 1)).unwrap(), Some(item));
    let listed = |status| {
        store
            .read(|tx| work_items::list(tx, INS, status, None, 10, 0))
            .unwrap()
            .len()
    };
    assert_eq!(
        (
            listed(None),
            listed(Some(WorkItemStatus::Open)),
            listed(Some(WorkItemStatus::Done))
        ),
        (1, 1, 0)
    );
    store
        .write(|tx| work_items::close(tx, INS, 1, "sato", "2026-04-02T10:00:00+09:00", "確認済"))
        .unwrap();
    assert_eq!(stored(store, "work_items", "status"), [Value::from("done")]);
    assert_eq!(
        (listed(Some(WorkItemStatus::Open)), listed(Some(WorkItemStatus::Done))),
        (0, 1)
    );
    refused(store, "work_items", "status", |tx| work_items::get(tx, INS, 1));
    exec(store, "UPDATE work_items SET status = 'done'", &[]).unwrap();
    refused(store, "work_items", "kind", |tx| work_items::get(tx, INS, 1));
});

both_backends!(certificates_and_flags_hold_codes, |store: &Store| {
    let cert = CertificateRow {
        certificate_id: 7,
        resident_no: "100000000000001".into(),
        kind: CertificateKind::EligibilityNotice,
        issued_on: date(2026, 8, 1),
        valid_until: None,
        copay_ratio: Some("3割".into()),
        status: CertificateStatus::Issued,
        reissue_of: None,
        returned_on: None,
    };
    store.write(|tx| elig::insert_certificate(tx, INS, &cert)).unwrap();
    assert_eq!(
        stored(store, "certificates", "kind, status"),
        [Value::from("eligibility_notice"), Value::from("issued")]
    );
    store
        .write(|tx| elig::set_certificate_status(tx, INS, 7, CertificateStatus::Returned, Some(date(2026, 9, 1))))
        .unwrap();
    let back = store.read(|tx| elig::get_certificate(tx, INS, 7)).unwrap().unwrap();
    assert_eq!(
        (back.kind, back.status),
        (CertificateKind::EligibilityNotice, CertificateStatus::Returned)
    );
    assert_eq!(stored(store, "certificates", "status"), [Value::from("returned")]);
    refused(store, "certificates", "status", |tx| elig::get_certificate(tx, INS, 7));

    let flag = FlagRow {
        flag_id: 8,
        kind: FlagKind::SupportMeasure,
        resident_no: Some("100000000000001".into()),
        household_no: None,
        from_date: date(2026, 4, 1),
        until_date: None,
        attributes: Default::default(),
    };
    store.write(|tx| elig::insert_flag(tx, INS, &flag)).unwrap();
    assert_eq!(stored(store, "flags", "kind"), [Value::from("support_measure")]);
    assert_eq!(store.read(|tx| elig::get_flag(tx, INS, 8)).unwrap(), Some(flag));
    // The 支援措置 check names the kind by its code in SQL.
    let restricted = store
        .read(|tx| elig::is_restricted(tx, INS, "100000000000001", date(2026, 5, 1)))
        .unwrap();
    assert!(restricted);
    refused(store, "flags", "kind", |tx| elig::get_flag(tx, INS, 8));
});

both_backends!(confirmations_and_residents_hold_codes, |store: &Store| {
    let c = ConfirmationRow {
        confirmation_id: 3,
        resident_no: "100000000000001".into(),
        reason: ConfirmationReason::DuplicateOfOther,
        ciphertext: None,
        blind_index: None,
        other_resident_no: Some("100000000000002".into()),
        raised_by: "sato".into(),
        raised_at: "2026-04-01T09:00:00+09:00".into(),
        status: ConfirmationStatus::Open,
        resolved_by: None,
        resolved_at: None,
        resolution: None,
    };
    store.write(|tx| my_numbers::insert_confirmation(tx, INS, &c)).unwrap();
    assert_eq!(
        stored(store, "my_number_confirmations", "reason, status"),
        [Value::from("duplicate_of_other"), Value::from("open")]
    );
    let open = |status| {
        store
            .read(|tx| my_numbers::list_confirmations(tx, INS, status, 10, 0))
            .unwrap()
            .len()
    };
    assert_eq!((open(None), open(Some(ConfirmationStatus::Open))), (1, 1));
    store
        .write(|tx| {
            let at = "2026-04-02T09:00:00+09:00";
            my_numbers::resolve_confirmation(tx, INS, 3, ConfirmationStatus::Rejected, "suzuki", at, "別人")
        })
        .unwrap();
    assert_eq!(
        stored(store, "my_number_confirmations", "status"),
        [Value::from("rejected")]
    );
    assert_eq!((open(None), open(Some(ConfirmationStatus::Open))), (1, 0));
    let back = store
        .read(|tx| my_numbers::get_confirmation(tx, INS, 3))
        .unwrap()
        .unwrap();
    assert_eq!((back.reason, back.status), (c.reason, ConfirmationStatus::Rejected));
    refused(store, "my_number_confirmations", "reason", |tx| {
        my_numbers::get_confirmation(tx, INS, 3)
    });

    let r = ResidentRow {
        insurer_no: INS.into(),
        resident_no: "100000000000001".into(),
        name: "試験 太郎".into(),
        name_kana: "シケン タロウ".into(),
        kana_key: "シケンタロウ".into(),
        birth_date: date(1980, 5, 17),
        sex: "男".into(),
        nationality: None,
        stay_until: None,
        postal_code: None,
        address: None,
        household_no: "200000000000001".into(),
        is_head: true,
        relationship: "世帯主".into(),
        status: ResidentStatus::NonResident,
        status_since: date(2026, 4, 1),
    };
    store.write(|tx| residents::upsert(tx, &r)).unwrap();
    assert_eq!(stored(store, "residents", "status"), [Value::from("non_resident")]);
    assert_eq!(
        store.read(|tx| residents::get(tx, INS, &r.resident_no)).unwrap(),
        Some(r.clone())
    );
    refused(store, "residents", "status", |tx| {
        residents::get(tx, INS, &r.resident_no)
    });
});
