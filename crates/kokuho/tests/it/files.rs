//! Files are private (issue 13, item 7): the data directory is 0700, the database 0600 (its WAL
//! and shared-memory files follow it; kokuho-store's test looks at those while the store is open),
//! the key file 0400 — new, and tightened when an older version left them readable by everyone.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use super::{init, ok};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
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

/// The `secrets-*.txt` files in `data`.
fn secret_files(data: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("secrets-"))
        .collect();
    files.sort();
    files
}

#[test]
fn one_time_secrets_go_to_a_private_file_when_stdout_is_not_a_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // Standard output is a pipe here, as under a service manager or `| tee log`.
    let out = ok(dir, &["demo", "load", "--households", "12"]);
    let data = dir.join("kokuho-data");
    let files = secret_files(&data);
    assert_eq!(files.len(), 1, "{out}");
    let file = &files[0];
    assert_eq!(mode(file), 0o600);
    let text = std::fs::read_to_string(file).unwrap();
    let rows: Vec<&str> = text.lines().filter(|l| l.contains("/enroll/")).collect();
    assert!(rows.len() >= 5, "{text}");
    for row in &rows {
        let fields: Vec<&str> = row.split('\t').collect();
        let (token, link) = (fields[3], fields[4]);
        assert!(
            token.len() >= 20 && !out.contains(token),
            "the token is not in the output"
        );
        assert!(!out.contains(link), "the link is not in the output");
    }
    assert!(out.contains(&file.display().to_string()), "{out}");

    // An enrolment link for one user, likewise.
    let out = ok(dir, &["--as", "demo-kanri", "user", "link", "demo-fuka"]);
    assert!(!out.contains("/enroll/"), "{out}");
    let files = secret_files(&data);
    assert_eq!(files.len(), 2);
    let newest = files.iter().find(|f| out.contains(&f.display().to_string())).unwrap();
    assert_eq!(mode(newest), 0o600);
    assert!(std::fs::read_to_string(newest).unwrap().contains("/enroll/"));
}
