//! The database and its WAL and shared-memory files are the owner's only (0600), when created
//! and when an older version left them readable by every local user.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use kokuho_store::{Store, StoreError};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn write_something(store: &Store) {
    store
        .write(|tx| -> Result<(), StoreError> {
            tx.execute("CREATE TABLE IF NOT EXISTS t (x INTEGER)", &[])?;
            tx.execute("INSERT INTO t (x) VALUES (1)", &[])?;
            Ok(())
        })
        .unwrap();
}

fn assert_private(db: &Path) {
    assert_eq!(mode(db), 0o600, "{}", db.display());
    let mut seen = 0;
    for suffix in ["-wal", "-shm"] {
        let f = db.with_file_name(format!("{}{suffix}", db.file_name().unwrap().to_string_lossy()));
        if f.exists() {
            assert_eq!(mode(&f), 0o600, "{}", f.display());
            seen += 1;
        }
    }
    assert_eq!(seen, 2, "the WAL files exist while the store is open");
}

#[test]
fn a_new_database_and_its_wal_files_are_0600() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kokuho.db");
    let store = Store::open(db.to_str().unwrap()).unwrap();
    write_something(&store);
    assert_private(&db);
}

#[test]
fn an_existing_readable_database_is_tightened_when_opened() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kokuho.db");
    {
        let store = Store::open(db.to_str().unwrap()).unwrap();
        write_something(&store);
    }
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let store = Store::open(db.to_str().unwrap()).unwrap();
    write_something(&store);
    assert_private(&db);
}
