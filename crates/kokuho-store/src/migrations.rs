//! Embedded schema migrations, one SQL file per backend with the same version number.
//!
//! To add a migration: write `migrations/sqlite/NNNN_name.sql` and
//! `migrations/postgres/NNNN_name.sql`, then append one entry to [`MIGRATIONS`]. Never edit a
//! file that has shipped: the stored checksum would no longer match and start-up fails.
//! Each migration runs in its own transaction; SQLite therefore ignores `PRAGMA foreign_keys`
//! inside one (use `PRAGMA defer_foreign_keys=ON` for table rebuilds).

use crate::error::StoreError;
use crate::params;
use crate::tx::{Dialect, Tx};
use sha2::{Digest, Sha256};

/// One schema change, in both dialects.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// Version number, strictly increasing, identical for both backends.
    pub version: i64,
    /// Short name, the file name after `NNNN_`.
    pub name: &'static str,
    /// SQLite script.
    pub sqlite_sql: &'static str,
    /// PostgreSQL script.
    pub postgres_sql: &'static str,
}

impl Migration {
    /// The script for `dialect`.
    pub fn sql(&self, dialect: Dialect) -> &'static str {
        match dialect {
            Dialect::Sqlite => self.sqlite_sql,
            Dialect::Postgres => self.postgres_sql,
        }
    }

    /// SHA-256 (hex) of the script, ignoring `\r` so a CRLF checkout does not count as a change.
    pub fn checksum(&self, dialect: Dialect) -> String {
        let mut h = Sha256::new();
        for part in self.sql(dialect).split('\r') {
            h.update(part.as_bytes());
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// Every migration, in order. Append only.
pub static MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "base",
        sqlite_sql: include_str!("../migrations/sqlite/0001_base.sql"),
        postgres_sql: include_str!("../migrations/postgres/0001_base.sql"),
    },
    Migration {
        version: 2,
        name: "core",
        sqlite_sql: include_str!("../migrations/sqlite/0002_core.sql"),
        postgres_sql: include_str!("../migrations/postgres/0002_core.sql"),
    },
    Migration {
        version: 3,
        name: "lookup_indexes",
        sqlite_sql: include_str!("../migrations/sqlite/0003_lookup_indexes.sql"),
        postgres_sql: include_str!("../migrations/postgres/0003_lookup_indexes.sql"),
    },
    Migration {
        version: 4,
        name: "rate_tables",
        sqlite_sql: include_str!("../migrations/sqlite/0004_rate_tables.sql"),
        postgres_sql: include_str!("../migrations/postgres/0004_rate_tables.sql"),
    },
    Migration {
        version: 5,
        name: "assessments",
        sqlite_sql: include_str!("../migrations/sqlite/0005_assessments.sql"),
        postgres_sql: include_str!("../migrations/postgres/0005_assessments.sql"),
    },
    Migration {
        version: 6,
        name: "collection",
        sqlite_sql: include_str!("../migrations/sqlite/0006_collection.sql"),
        postgres_sql: include_str!("../migrations/postgres/0006_collection.sql"),
    },
    Migration {
        version: 7,
        name: "staff_auth",
        sqlite_sql: include_str!("../migrations/sqlite/0007_staff_auth.sql"),
        postgres_sql: include_str!("../migrations/postgres/0007_staff_auth.sql"),
    },
    Migration {
        version: 8,
        name: "audit_review",
        sqlite_sql: include_str!("../migrations/sqlite/0008_audit_review.sql"),
        postgres_sql: include_str!("../migrations/postgres/0008_audit_review.sql"),
    },
    Migration {
        version: 9,
        name: "city_settings",
        sqlite_sql: include_str!("../migrations/sqlite/0009_city_settings.sql"),
        postgres_sql: include_str!("../migrations/postgres/0009_city_settings.sql"),
    },
    Migration {
        version: 10,
        name: "journal_span",
        sqlite_sql: include_str!("../migrations/sqlite/0010_journal_span.sql"),
        postgres_sql: include_str!("../migrations/postgres/0010_journal_span.sql"),
    },
];

/// PostgreSQL advisory lock key ("kokuho" in ASCII) held while migrating.
const MIGRATION_LOCK_KEY: i64 = 0x6b6f_6b75_686f;

pub(crate) const CREATE_TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (
    version BIGINT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at TEXT NOT NULL
)";

/// Serializes concurrent start-ups against one PostgreSQL database (SQLite's single writer
/// already does that).
pub(crate) fn lock(tx: &mut dyn Tx) -> Result<(), StoreError> {
    if tx.dialect() == Dialect::Postgres {
        tx.execute("SELECT pg_advisory_xact_lock($1)", params![MIGRATION_LOCK_KEY])?;
    }
    Ok(())
}

pub(crate) fn now_sql(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Sqlite => "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
        Dialect::Postgres => "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
    }
}

/// Compares one applied row with the embedded migration.
pub(crate) fn verify(m: &Migration, dialect: Dialect, name: &str, checksum: &str) -> Result<(), StoreError> {
    if name != m.name {
        return Err(StoreError::schema(format!(
            "マイグレーション {} の名前が適用済みのものと違います",
            m.version
        )));
    }
    if checksum != m.checksum(dialect) {
        return Err(StoreError::schema(format!(
            "適用済みのマイグレーション {} の内容が変更されています（チェックサム不一致）",
            m.version
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;
    use std::collections::BTreeMap;
    use std::path::Path;

    /// `NNNN_name.sql` files of one directory as version → (name, content).
    fn dir_listing(dialect: &str) -> BTreeMap<i64, (String, String)> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(dialect);
        let mut out = BTreeMap::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let file = path.file_name().unwrap().to_str().unwrap().to_owned();
            let stem = file
                .strip_suffix(".sql")
                .unwrap_or_else(|| panic!("{dialect}/{file}: not a .sql file"));
            let (num, name) = stem
                .split_once('_')
                .unwrap_or_else(|| panic!("{dialect}/{file}: expected NNNN_name.sql"));
            assert_eq!(num.len(), 4, "{dialect}/{file}: version must have 4 digits");
            let version: i64 = num.parse().unwrap();
            let content = std::fs::read_to_string(&path).unwrap();
            let dup = out.insert(version, (name.to_owned(), content));
            assert!(dup.is_none(), "{dialect}: version {version} twice");
        }
        out
    }

    #[test]
    fn both_directories_match_each_other_and_the_table() {
        let sqlite = dir_listing("sqlite");
        let postgres = dir_listing("postgres");
        let names = |m: &BTreeMap<i64, (String, String)>| -> Vec<(i64, String)> {
            m.iter().map(|(v, (n, _))| (*v, n.clone())).collect()
        };
        assert_eq!(names(&sqlite), names(&postgres), "sqlite/ and postgres/ differ");
        let table: Vec<(i64, String)> = MIGRATIONS.iter().map(|m| (m.version, m.name.to_owned())).collect();
        assert_eq!(table, names(&sqlite), "MIGRATIONS does not list exactly the files");
        for m in MIGRATIONS {
            assert_eq!(sqlite[&m.version].1, m.sqlite_sql, "{} sqlite content", m.version);
            assert_eq!(postgres[&m.version].1, m.postgres_sql, "{} postgres content", m.version);
        }
        assert!(MIGRATIONS.windows(2).all(|w| w[0].version < w[1].version));
        assert_eq!(MIGRATIONS.first().map(|m| m.version), Some(1));
    }

    #[test]
    fn checksum_ignores_carriage_returns() {
        let a = Migration {
            version: 1,
            name: "x",
            sqlite_sql: "A;\nB;\n",
            postgres_sql: "",
        };
        let b = Migration {
            sqlite_sql: "A;\r\nB;\r\n",
            ..a
        };
        let c = Migration {
            sqlite_sql: "A;\nC;\n",
            ..a
        };
        assert_eq!(a.checksum(Dialect::Sqlite), b.checksum(Dialect::Sqlite));
        assert_ne!(a.checksum(Dialect::Sqlite), c.checksum(Dialect::Sqlite));
        assert_eq!(a.checksum(Dialect::Sqlite).len(), 64);
    }

    #[test]
    fn migrations_apply_on_memory_sqlite() {
        let store = Store::open(":memory:").unwrap();
        let n = store
            .read(|tx| tx.query_one("SELECT COUNT(*) FROM schema_migrations", &[]))
            .unwrap()
            .int(0)
            .unwrap();
        assert_eq!(n, MIGRATIONS.len() as i64);
        store.migrate().unwrap();
    }

    #[test]
    fn unknown_newer_migration_is_refused() {
        let store = Store::open(":memory:").unwrap();
        let extra = Migration {
            version: 9999,
            name: "future",
            sqlite_sql: "CREATE TABLE future_t (x INTEGER);",
            postgres_sql: "CREATE TABLE future_t (x BIGINT);",
        };
        let mut list = MIGRATIONS.to_vec();
        list.push(extra);
        store.apply_migrations(&list).unwrap();
        let err = store.apply_migrations(MIGRATIONS).unwrap_err();
        assert!(matches!(&err, StoreError::Schema(m) if m.contains("9999")), "{err}");
    }
}
