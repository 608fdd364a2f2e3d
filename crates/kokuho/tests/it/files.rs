//! Files are private (issue 13, item 7): the data directory is 0700, the database 0600 (its WAL
//! and shared-memory files follow it; kokuho-store's test looks at those while the store is open),
//! the key file 0400 — new, and tightened when an older version left them readable by everyone.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use super::ok;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

fn init(dir: &Path) {
    ok(
        dir,
        &[
            "init",
            "--insurer",
            "280016",
            "--name",
            "尼崎市",
            "--admin",
            "tanaka-kanri",
            "--admin-name",
            "田中 管理",
        ],
    );
}

#[test]
fn the_data_directory_and_database_files_are_readable_by_the_owner_only() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    init(dir);
    let data = dir.join("kokuho-data");
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join("kokuho.db")), 0o600);
    assert_eq!(mode(&data.join("kek.key")), 0o400);
    let db = data.join("kokuho.db");

    // Left readable by an older version: tightened at the next command.
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    ok(dir, &["--as", "tanaka-kanri", "user", "list"]);
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&db), 0o600);
    for suffix in ["-wal", "-shm"] {
        let f = data.join(format!("kokuho.db{suffix}"));
        if f.exists() {
            assert_eq!(mode(&f), 0o600, "{}", f.display());
        }
    }
}
