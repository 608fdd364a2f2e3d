//! Journals written by an earlier release still verify and rebuild: `tests/fixtures/journal-v0/`
//! is a data directory written by the release at 5623247 (before `Event` was nested per business
//! area; `tests/fixtures/make_v0_journal.sh` shows how), holding every kind of journal entry. A
//! copy of it goes through the real binary's `journal verify`, `audit verify` and
//! `journal rebuild`, and the rebuilt projections must equal the ones that release wrote.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use kokuho_store::repo::{ProjectionDump, dump_projections};
use kokuho_store::{Store, StoreError, Tx};

use super::ok;

/// The demo insurer of the fixture.
const INSURER: &str = "990001";

/// Top-level journal entries in the fixture, by kind: every kind the release could write.
const ENTRIES: &[(&str, usize)] = &[
    ("batch", 12),
    ("card_assigned", 1),
    ("certificate_issued", 2),
    ("certificate_returned", 1),
    ("enrolled", 2),
    ("flag_ended", 1),
    ("flag_set", 2),
    ("income_recorded", 2),
    ("my_number_confirmation_raised", 1),
    ("my_number_confirmation_resolved", 1),
    ("my_number_linked", 1),
    ("period_corrected", 1),
    ("premium_assessed", 17),
    ("rate_table_set", 3),
    ("resident_changed", 4),
    ("withdrawn", 2),
    ("work_item_closed", 2),
    ("work_item_raised", 3),
];

/// The events inside the `batch` entries (one per demo household), by kind.
const BATCHED: &[(&str, usize)] = &[
    ("enrolled", 20),
    ("flag_set", 1),
    ("income_recorded", 35),
    ("my_number_linked", 22),
    ("resident_changed", 31),
    ("withdrawn", 6),
];

/// A copy of the fixture as `<dir>/kokuho-data` (the default data directory; the KEK is found
/// there as `kek.key`).
fn copy_fixture(dir: &Path) -> PathBuf {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/journal-v0");
    let data = dir.join("kokuho-data");
    std::fs::create_dir(&data).unwrap();
    for file in ["kokuho.db", "kek.key"] {
        std::fs::copy(fixture.join(file), data.join(file)).unwrap();
    }
    for leftover in ["kokuho.db-wal", "kokuho.db-shm"] {
        assert!(
            !fixture.join(leftover).exists(),
            "{leftover}: checkpoint the fixture into kokuho.db"
        );
    }
    data.join("kokuho.db")
}

/// Runs `f` on the database, closed again before the binary opens it.
fn read<R>(db: &Path, f: impl FnOnce(&mut dyn Tx) -> Result<R, StoreError>) -> R {
    let store = Store::open(db.to_str().unwrap()).unwrap();
    store.read(f).unwrap()
}

fn projections(db: &Path) -> ProjectionDump {
    read(db, |tx| dump_projections(tx, INSURER))
}

/// (top-level entries by kind, events inside batches by kind), read from the stored JSON rather
/// than through `Event`, so the count does not depend on the enum it checks.
fn kinds(db: &Path) -> (BTreeMap<String, usize>, BTreeMap<String, usize>) {
    let rows = read(db, |tx| {
        tx.query(
            "SELECT kind, payload FROM journal WHERE insurer_no = $1 ORDER BY seq",
            &[INSURER.into()],
        )
    });
    let (mut entries, mut batched) = (BTreeMap::new(), BTreeMap::new());
    for row in rows {
        let kind = row.text(0).unwrap().to_string();
        let payload: serde_json::Value = serde_json::from_str(row.text(1).unwrap()).unwrap();
        assert_eq!(payload["kind"], kind.as_str(), "the kind column is the payload's tag");
        if kind == "batch" {
            for event in payload["events"].as_array().unwrap() {
                *batched.entry(event["kind"].as_str().unwrap().to_string()).or_insert(0) += 1;
            }
        }
        *entries.entry(kind).or_insert(0) += 1;
    }
    (entries, batched)
}

fn counted(list: &[(&str, usize)]) -> BTreeMap<String, usize> {
    list.iter().map(|&(k, n)| (k.to_string(), n)).collect()
}

#[test]
fn a_journal_written_by_release_5623247_verifies_and_rebuilds_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let db = copy_fixture(dir);
    let (entries, batched) = kinds(&db);
    assert_eq!(entries, counted(ENTRIES), "top-level entries of the fixture");
    assert_eq!(batched, counted(BATCHED), "events inside the fixture's batches");

    // 161 seqs: 12 batches covering 115 events, and 46 single entries. Each command adds one
    // audit entry (the fixture holds 50).
    let kansa = ["--as", "demo-kansa"];
    let verify_journal = [&kansa[..], &["journal", "verify"]].concat();
    let verify_audit = [&kansa[..], &["audit", "verify"]].concat();
    assert_eq!(ok(dir, &verify_journal), "異動ジャーナル: 161件すべて正常です\n");
    assert_eq!(ok(dir, &verify_audit), "監査ログ: 51件すべて正常です\n");

    // The state the release wrote incrementally (migrated by the current binary when it opened
    // the copy above) is the state a rebuild from its journal gives.
    let written = projections(&db);
    for (table, rows) in &written {
        assert!(
            !rows.is_empty(),
            "{table}: the fixture leaves no projection table empty"
        );
    }
    assert_eq!(written.iter().map(|(_, r)| r.len()).sum::<usize>(), 232);
    assert_eq!(
        ok(dir, &["--as", "demo-kanri", "journal", "rebuild"]),
        "161件の記録から再構築しました\n"
    );
    let rebuilt = projections(&db);
    for ((table, before), (_, after)) in written.iter().zip(&rebuilt) {
        assert_eq!(before, after, "{table} after the rebuild");
    }
    assert_eq!(written, rebuilt);

    // The rebuild appends nothing to the journal; the audit trail has its three new entries.
    assert_eq!(ok(dir, &verify_journal), "異動ジャーナル: 161件すべて正常です\n");
    assert_eq!(ok(dir, &verify_audit), "監査ログ: 54件すべて正常です\n");
    assert_eq!(kinds(&db), (counted(ENTRIES), counted(BATCHED)));
}
