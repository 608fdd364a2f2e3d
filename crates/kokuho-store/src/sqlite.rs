//! SQLite adapter (rusqlite, bundled SQLite, WAL).
//!
//! One writer connection behind a pool of size 1 (SQLite allows one writer anyway, and
//! `BEGIN IMMEDIATE` avoids mid-transaction `SQLITE_BUSY`), plus a few `query_only` reader
//! connections that read WAL snapshots concurrently. An in-memory database cannot be shared
//! between connections without shared-cache locking trouble, so it uses the writer for reads.

use crate::error::StoreError;
use crate::options::StoreOptions;
use crate::pool::Pool;
use crate::sql::{check_identifier, sqlite_sql};
use crate::sqlite_checkpoint::{Checkpointer, WRITER_BACKSTOP_PAGES};
use crate::tx::{Dialect, Tx, poisoned_call, poisoned_commit};
use crate::value::{Row, Value};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, ErrorCode, OpenFlags, params_from_iter};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// Page cache per connection, in KiB (negative `cache_size` means KiB). The writer gets a large
/// one because bulk loads insert into indexes with random keys (blind index, kana key): with
/// 64 MiB a 150,000-household load took 75 s, with 512 MiB 62 s. SQLite only allocates pages it
/// uses, so a small database keeps a small footprint.
const WRITER_CACHE_KIB: i64 = 512 * 1024;
const READER_CACHE_KIB: i64 = 16 * 1024;
const STATEMENT_CACHE: usize = 256;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Writer,
    Reader,
}

pub(crate) struct SqliteStore {
    target: String,
    writer: Pool<Connection>,
    /// `None` for in-memory databases: reads then use the writer connection.
    readers: Option<Pool<Connection>>,
    /// Background WAL checkpoints (file databases only); stops with the store, pauses for a
    /// bulk write.
    checkpointer: Mutex<Option<Checkpointer>>,
}

fn is_memory(target: &str) -> bool {
    target.is_empty() || target == ":memory:" || target.contains("mode=memory")
}

/// Makes the database file at `target` (a plain path) and its `-wal` and `-shm` files readable and
/// writable by the owner only (0600): they hold names, addresses, incomes and password hashes. A
/// new database file is created so before SQLite opens it; SQLite gives the `-wal` and `-shm`
/// files the database file's mode; files of an older installation are tightened.
#[cfg(unix)]
fn make_private(target: &str) -> Result<(), StoreError> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    if target.starts_with("file:") {
        return Ok(());
    }
    let fail = |e: std::io::Error| StoreError::backend(format!("データベースのファイルの権限を設定できません: {e}"));
    let path = std::path::Path::new(target);
    if !path.exists() {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
            .map_err(fail)?;
    }
    for file in [target.to_owned(), format!("{target}-wal"), format!("{target}-shm")] {
        let file = std::path::Path::new(&file);
        if file.exists() {
            std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o600)).map_err(fail)?;
        }
    }
    Ok(())
}

#[cfg(not(unix))]
fn make_private(_target: &str) -> Result<(), StoreError> {
    Ok(())
}

impl SqliteStore {
    pub(crate) fn open(target: &str, options: &StoreOptions) -> Result<Self, StoreError> {
        let memory = is_memory(target);
        if !memory {
            make_private(target)?;
        }
        // Open the writer first: it switches the file to WAL before any reader exists.
        let first = open_connection(target, Role::Writer)?;
        // The writer is never discarded today; should that change, a file can be reopened but
        // an in-memory database would be lost, so that case errors instead.
        let reopen = target.to_owned();
        let writer = Pool::with_first(
            1,
            options.acquire_timeout,
            Box::new(move || {
                if memory {
                    Err(StoreError::backend("インメモリ SQLite の接続は再作成できません"))
                } else {
                    open_connection(&reopen, Role::Writer)
                }
            }),
            first,
        );
        let readers = if memory {
            None
        } else {
            let path = target.to_owned();
            Some(Pool::new(
                options.max_connections,
                options.acquire_timeout,
                Box::new(move || open_connection(&path, Role::Reader)),
            ))
        };
        let checkpointer = if memory { None } else { Checkpointer::start(target) };
        Ok(Self {
            target: target.to_owned(),
            writer,
            readers,
            checkpointer: Mutex::new(checkpointer),
        })
    }

    pub(crate) fn describe(&self) -> String {
        format!("SQLite {}", self.target)
    }

    fn is_memory(&self) -> bool {
        self.readers.is_none()
    }

    pub(crate) fn write<R, E, F>(&self, f: F) -> Result<R, E>
    where
        F: FnOnce(&mut dyn Tx) -> Result<R, E>,
        E: From<StoreError>,
    {
        let conn = self.writer.acquire()?;
        prepare_connection(&conn, self.is_memory().then_some(false))?;
        // Checkpoints normally run in the background (`sqlite_checkpoint`); this is the backstop,
        // set for every transaction because a bulk load turns it off for its own commit.
        conn.execute_batch(&format!("PRAGMA wal_autocheckpoint={WRITER_BACKSTOP_PAGES};"))
            .map_err(map_err)?;
        run_transaction(&conn, "BEGIN IMMEDIATE", f)
    }

    /// A write that grows a file database by gigabytes (a city load), in a rollback journal
    /// instead of the WAL: the pages then go once into the database file, where through the WAL
    /// they are written to the log and copied again by the checkpoint, whose copy a closing
    /// process also waits for. Measured on the 500,000-household demo load (3.07 GB): committed
    /// after 27.4 s and the process ended at 27.6 s with 8.5 s of system CPU, against 28.9 s,
    /// 42.5 s and 18.5 s through the WAL.
    ///
    /// Leaving WAL needs the only open connection: the checkpointer pauses and idle readers are
    /// closed. When something else still has the file open (another process, a reader in use),
    /// the write runs in the WAL, and its commit leaves the copy to the background checkpointer
    /// instead of the writer's backstop (which would copy and sync gigabytes inside the commit;
    /// the next write sets the backstop again). `synchronous=FULL` keeps the rollback journal
    /// safe against power loss.
    pub(crate) fn write_bulk<R, E, F>(&self, f: F) -> Result<R, E>
    where
        F: FnOnce(&mut dyn Tx) -> Result<R, E>,
        E: From<StoreError>,
    {
        let Some(readers) = &self.readers else {
            return self.write(f);
        };
        let conn = self.writer.acquire()?;
        prepare_connection(&conn, None)?;
        let mut checkpointer = self.checkpointer.lock().unwrap_or_else(PoisonError::into_inner);
        drop(checkpointer.take());
        readers.close_idle();
        // A refusal (another connection has the file open) leaves the WAL in place.
        let rollback = conn
            .query_row("PRAGMA journal_mode=DELETE", [], |r| r.get::<_, String>(0))
            .is_ok_and(|m| m == "delete");
        let settings = if rollback {
            "PRAGMA synchronous=FULL;"
        } else {
            "PRAGMA wal_autocheckpoint=0;"
        };
        let result = conn
            .execute_batch(settings)
            .map_err(|e| E::from(map_err(e)))
            .and_then(|()| run_transaction(&conn, "BEGIN IMMEDIATE", f));
        // Back to WAL (this needs only that no other transaction is open), then the checkpointer.
        let restored = conn
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get::<_, String>(0))
            .map_err(map_err)
            .and_then(|m| {
                if m == "wal" {
                    Ok(())
                } else {
                    Err(StoreError::backend("SQLite を WAL モードに戻せませんでした"))
                }
            })
            .and_then(|()| conn.execute_batch("PRAGMA synchronous=NORMAL;").map_err(map_err));
        *checkpointer = Checkpointer::start(&self.target);
        if let Err(e) = restored {
            // The connection's mode is unknown: a fresh one sets WAL again when it is opened.
            conn.discard();
            tracing::warn!(error = %e, "一括書込みの後、WAL モードへの切替えに失敗しました");
        }
        result
    }

    /// Copies the write-ahead log into the database file and empties it, on the writer
    /// connection outside any transaction; waits while the background checkpointer works.
    pub(crate) fn checkpoint(&self) -> Result<(), StoreError> {
        let conn = self.writer.acquire()?;
        for _ in 0..6_000 {
            let busy: i64 = conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))
                .map_err(map_err)?;
            if busy == 0 {
                return Ok(());
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        Err(StoreError::Busy)
    }

    pub(crate) fn read<R, E, F>(&self, f: F) -> Result<R, E>
    where
        F: FnOnce(&mut dyn Tx) -> Result<R, E>,
        E: From<StoreError>,
    {
        let conn = match &self.readers {
            Some(pool) => pool.acquire()?,
            None => self.writer.acquire()?,
        };
        prepare_connection(&conn, self.is_memory().then_some(true))?;
        run_transaction(&conn, "BEGIN DEFERRED", f)
    }
}

fn open_connection(target: &str, role: Role) -> Result<Connection, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(target, flags).map_err(map_err)?;
    conn.busy_timeout(Duration::from_millis(5000)).map_err(map_err)?;
    if role == Role::Writer {
        // Persistent in the file; returns the resulting mode ("memory" for :memory:).
        let mode: String = conn
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
            .map_err(map_err)?;
        if mode != "wal" && mode != "memory" {
            return Err(StoreError::backend("SQLite を WAL モードにできませんでした"));
        }
    }
    let cache = match role {
        Role::Writer => WRITER_CACHE_KIB,
        Role::Reader => READER_CACHE_KIB,
    };
    conn.execute_batch(&format!(
        "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; \
         PRAGMA cache_size=-{cache}; PRAGMA query_only={};",
        if role == Role::Reader { "ON" } else { "OFF" }
    ))
    .map_err(map_err)?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    Ok(conn)
}

/// Leaves the connection outside any transaction (a panic inside a closure can leave one open)
/// and, for the shared in-memory connection, sets `query_only` for the coming transaction.
fn prepare_connection(conn: &Connection, query_only: Option<bool>) -> Result<(), StoreError> {
    if !conn.is_autocommit() {
        conn.execute_batch("ROLLBACK").map_err(map_err)?;
    }
    if let Some(on) = query_only {
        conn.execute_batch(if on {
            "PRAGMA query_only=ON"
        } else {
            "PRAGMA query_only=OFF"
        })
        .map_err(map_err)?;
    }
    Ok(())
}

fn run_transaction<R, E, F>(conn: &Connection, begin: &str, f: F) -> Result<R, E>
where
    F: FnOnce(&mut dyn Tx) -> Result<R, E>,
    E: From<StoreError>,
{
    conn.execute_batch(begin).map_err(map_err)?;
    let mut tx = SqliteTx { conn, failed: false };
    let result = f(&mut tx);
    let poisoned = tx.failed;
    match result {
        Ok(v) if !poisoned => match conn.execute_batch("COMMIT") {
            Ok(()) => Ok(v),
            Err(e) => {
                let _ = conn.execute_batch("ROLLBACK");
                Err(E::from(map_err(e)))
            }
        },
        Ok(_) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(E::from(poisoned_commit()))
        }
        Err(e) => {
            // A failed ROLLBACK leaves the transaction open; `prepare_connection` retries.
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

struct SqliteTx<'c> {
    conn: &'c Connection,
    failed: bool,
}

impl SqliteTx<'_> {
    fn check(&self) -> Result<(), StoreError> {
        if self.failed { Err(poisoned_call()) } else { Ok(()) }
    }

    /// Records a database error so later calls fail like on PostgreSQL.
    fn track<T>(&mut self, r: Result<T, StoreError>) -> Result<T, StoreError> {
        if r.is_err() {
            self.failed = true;
        }
        r
    }
}

fn check_param_count(expected: usize, given: usize) -> Result<(), StoreError> {
    if expected == given {
        Ok(())
    } else {
        Err(StoreError::schema(format!(
            "パラメータの数が違います（SQL: {expected}、渡された数: {given}）"
        )))
    }
}

impl Tx for SqliteTx<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
        self.check()?;
        let conn = self.conn;
        let r = (|| {
            let mut stmt = conn.prepare_cached(&sqlite_sql(sql)).map_err(map_err)?;
            check_param_count(stmt.parameter_count(), params.len())?;
            if stmt.column_count() == 0 {
                let n = stmt.execute(params_from_iter(params)).map_err(map_err)?;
                return Ok(n as u64);
            }
            // RETURNING (or a SELECT): count rows like PostgreSQL does.
            let mut rows = stmt.query(params_from_iter(params)).map_err(map_err)?;
            let mut n = 0u64;
            while rows.next().map_err(map_err)?.is_some() {
                n += 1;
            }
            Ok(n)
        })();
        self.track(r)
    }

    fn execute_batch(&mut self, sql: &str) -> Result<(), StoreError> {
        self.check()?;
        let r = self.conn.execute_batch(sql).map_err(map_err);
        self.track(r)
    }

    fn query_each(
        &mut self,
        sql: &str,
        params: &[Value],
        f: &mut dyn FnMut(Row) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.check()?;
        let conn = self.conn;
        let mut stmt = match conn.prepare_cached(&sqlite_sql(sql)) {
            Ok(s) => s,
            Err(e) => return self.track(Err(map_err(e))),
        };
        if let Err(e) = check_param_count(stmt.parameter_count(), params.len()) {
            return self.track(Err(e));
        }
        let ncols = stmt.column_count();
        let mut rows = match stmt.query(params_from_iter(params)) {
            Ok(r) => r,
            Err(e) => return self.track(Err(map_err(e))),
        };
        loop {
            let row = match rows.next() {
                Ok(Some(r)) => convert_row(r, ncols)?,
                Ok(None) => break,
                Err(e) => return self.track(Err(map_err(e))),
            };
            // Errors from `f` are the caller's, not the database's: no poisoning.
            f(row)?;
        }
        Ok(())
    }

    fn insert_many(
        &mut self,
        table: &str,
        columns: &[&str],
        rows: &mut dyn Iterator<Item = Vec<Value>>,
    ) -> Result<u64, StoreError> {
        self.check()?;
        let width = columns.len();
        let group = (MAX_PARAMETERS / width.max(1)).clamp(1, ROWS_PER_INSERT);
        let many = insert_sql(table, columns, group)?;
        let one = insert_sql(table, columns, 1)?;
        let conn = self.conn;
        let r = (|| {
            let mut stmt = conn.prepare_cached(&many).map_err(map_err)?;
            let mut values: Vec<Value> = Vec::with_capacity(group * width);
            let mut n = 0u64;
            for row in rows {
                check_row_len(width, row.len())?;
                values.extend(row);
                if values.len() == group * width {
                    n += stmt.execute(params_from_iter(&values)).map_err(map_err)? as u64;
                    values.clear();
                }
            }
            let mut stmt = conn.prepare_cached(&one).map_err(map_err)?;
            for row in values.chunks(width.max(1)) {
                n += stmt.execute(params_from_iter(row)).map_err(map_err)? as u64;
            }
            Ok(n)
        })();
        // Even a short row poisons: the PostgreSQL COPY aborts the transaction in that case.
        self.track(r)
    }
}

/// Rows per statement in `insert_many`. A statement per row spends much of its time starting
/// and finishing the statement rather than inserting.
const ROWS_PER_INSERT: usize = 64;
/// SQLite's limit on the parameters of one statement.
const MAX_PARAMETERS: usize = 32_766;

/// `INSERT INTO t (a, b) VALUES (?, ?), (?, ?)` for `rows` rows, after validating the names.
fn insert_sql(table: &str, columns: &[&str], rows: usize) -> Result<String, StoreError> {
    check_identifier(table)?;
    if columns.is_empty() {
        return Err(StoreError::schema("列が指定されていません"));
    }
    for c in columns {
        check_identifier(c)?;
    }
    let row = format!("({})", vec!["?"; columns.len()].join(", "));
    Ok(format!(
        "INSERT INTO {table} ({}) VALUES {}",
        columns.join(", "),
        vec![row; rows].join(", ")
    ))
}

pub(crate) fn check_row_len(expected: usize, got: usize) -> Result<(), StoreError> {
    if expected == got {
        Ok(())
    } else {
        Err(StoreError::schema(format!(
            "行の値の数が列の数と違います（列: {expected}、値: {got}）"
        )))
    }
}

fn convert_row(r: &rusqlite::Row<'_>, ncols: usize) -> Result<Row, StoreError> {
    let mut values = Vec::with_capacity(ncols);
    for i in 0..ncols {
        let v = match r.get_ref(i).map_err(map_err)? {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(v) => Value::Int(v),
            ValueRef::Text(bytes) => Value::Text(
                String::from_utf8(bytes.to_vec())
                    .map_err(|_| StoreError::schema(format!("列 {i} の文字列が UTF-8 ではありません")))?,
            ),
            ValueRef::Blob(bytes) => Value::Blob(bytes.to_vec()),
            ValueRef::Real(_) => {
                return Err(StoreError::schema(format!(
                    "列 {i} は浮動小数点数です（整数・文字列・バイト列のみ扱えます）"
                )));
            }
        };
        values.push(v);
    }
    Ok(Row::new(values))
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => ValueRef::Null,
            Value::Int(v) => ValueRef::Integer(*v),
            Value::Text(s) => ValueRef::Text(s.as_bytes()),
            Value::Blob(b) => ValueRef::Blob(b),
        }))
    }
}

/// SQLITE_CONSTRAINT_PRIMARYKEY and SQLITE_CONSTRAINT_UNIQUE.
const CONSTRAINT_PRIMARYKEY: i32 = 1555;
const CONSTRAINT_UNIQUE: i32 = 2067;
/// SQLITE_CONSTRAINT_DATATYPE: wrong value type for a STRICT table column.
const CONSTRAINT_DATATYPE: i32 = 3091;

fn map_err(e: rusqlite::Error) -> StoreError {
    match &e {
        rusqlite::Error::SqliteFailure(fe, msg) => {
            if fe.extended_code == CONSTRAINT_PRIMARYKEY || fe.extended_code == CONSTRAINT_UNIQUE {
                // "UNIQUE constraint failed: insurers.insurer_no": column names, no values.
                let constraint = msg
                    .as_deref()
                    .and_then(|m| m.split_once(": "))
                    .map(|(_, c)| c.to_owned())
                    .unwrap_or_default();
                return StoreError::Conflict { constraint };
            }
            if fe.extended_code == CONSTRAINT_DATATYPE {
                // STRICT table: "cannot store TEXT value in INTEGER column t.c" (no value).
                return StoreError::schema(format!(
                    "値の型が列の型と一致しません（{}）",
                    msg.as_deref().unwrap_or("")
                ));
            }
            match fe.code {
                ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => StoreError::Busy,
                _ => StoreError::backend(format!("SQLite {}: {}", fe.extended_code, msg.as_deref().unwrap_or(""))),
            }
        }
        rusqlite::Error::InvalidParameterCount(given, expected) => StoreError::schema(format!(
            "パラメータの数が違います（SQL: {expected}、渡された数: {given}）"
        )),
        other => StoreError::backend(format!("SQLite: {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locked_database_is_busy() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.db");
        let path = path.to_str().unwrap();
        let a = open_connection(path, Role::Writer).unwrap();
        let b = open_connection(path, Role::Writer).unwrap();
        b.busy_timeout(Duration::ZERO).unwrap();
        a.execute_batch("BEGIN IMMEDIATE").unwrap();
        let err = b.execute_batch("BEGIN IMMEDIATE").unwrap_err();
        assert_eq!(map_err(err), StoreError::Busy);
    }

    #[test]
    fn insert_sql_validates_names() {
        assert_eq!(
            insert_sql("t", &["a", "b"], 1).unwrap(),
            "INSERT INTO t (a, b) VALUES (?, ?)"
        );
        assert_eq!(
            insert_sql("t", &["a", "b"], 2).unwrap(),
            "INSERT INTO t (a, b) VALUES (?, ?), (?, ?)"
        );
        assert!(insert_sql("t; DROP TABLE x", &["a"], 1).is_err());
        assert!(insert_sql("t", &[], 1).is_err());
        assert!(insert_sql("t", &["a)"], 1).is_err());
    }

    fn insert_blobs(tx: &mut dyn Tx, count: usize) -> Result<(), StoreError> {
        tx.execute_batch("CREATE TABLE IF NOT EXISTS t (v BLOB NOT NULL)")?;
        for _ in 0..count {
            tx.execute("INSERT INTO t (v) VALUES ($1)", &[Value::Blob(vec![7u8; 64 * 1024])])?;
        }
        Ok(())
    }

    fn journal_mode(tx: &mut dyn Tx) -> Result<String, StoreError> {
        tx.query("PRAGMA journal_mode", &[])?[0].text(0).map(str::to_owned)
    }

    fn count(store: &SqliteStore) -> i64 {
        store
            .read(|tx| -> Result<i64, StoreError> { tx.query("SELECT COUNT(*) FROM t", &[])?[0].int(0) })
            .unwrap()
    }

    #[test]
    fn a_bulk_write_goes_once_into_the_database_file_and_leaves_it_in_wal_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.db");
        let store = SqliteStore::open(path.to_str().unwrap(), &StoreOptions::default()).unwrap();
        assert_eq!(store.read(|tx| journal_mode(tx)).unwrap(), "wal");
        let mode = store
            .write_bulk(|tx| -> Result<String, StoreError> {
                insert_blobs(tx, 32)?;
                journal_mode(tx)
            })
            .unwrap();
        assert_eq!(mode, "delete");
        // Committed straight into the file: no log to copy, nothing for a checkpoint to do.
        assert!(std::fs::metadata(&path).unwrap().len() >= 2 * 1024 * 1024);
        let wal = dir.path().join("b.db-wal");
        assert_eq!(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0), 0);
        // Back to WAL for everyone: readers, the writer and a fresh connection.
        assert_eq!(count(&store), 32);
        assert_eq!(store.read(|tx| journal_mode(tx)).unwrap(), "wal");
        store.write(|tx| insert_blobs(tx, 1)).unwrap();
        assert!(
            std::fs::metadata(&wal).unwrap().len() > 0,
            "the next write goes to the WAL again"
        );
        assert_eq!(count(&store), 33);
        let other = Connection::open(&path).unwrap();
        assert_eq!(
            other
                .query_row("PRAGMA journal_mode", [], |r| r.get::<_, String>(0))
                .unwrap(),
            "wal"
        );
    }

    #[test]
    fn a_failed_bulk_write_leaves_the_database_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.db");
        let store = SqliteStore::open(path.to_str().unwrap(), &StoreOptions::default()).unwrap();
        store.write(|tx| insert_blobs(tx, 2)).unwrap();
        let failed = store.write_bulk(|tx| -> Result<(), StoreError> {
            insert_blobs(tx, 40)?;
            Err(StoreError::backend("途中で失敗"))
        });
        assert!(failed.is_err());
        assert_eq!(count(&store), 2);
        assert_eq!(store.read(|tx| journal_mode(tx)).unwrap(), "wal");
        assert!(
            !dir.path().join("f.db-journal").exists(),
            "the rollback journal is gone"
        );
    }

    #[test]
    fn a_bulk_write_stays_in_the_wal_while_another_connection_reads() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        let store = SqliteStore::open(path.to_str().unwrap(), &StoreOptions::default()).unwrap();
        store.write(|tx| insert_blobs(tx, 1)).unwrap();
        // Another process, say, in the middle of a read.
        let other = Connection::open(&path).unwrap();
        other.execute_batch("BEGIN; SELECT COUNT(*) FROM t;").unwrap();
        let mode = store
            .write_bulk(|tx| -> Result<String, StoreError> {
                insert_blobs(tx, 3)?;
                journal_mode(tx)
            })
            .unwrap();
        assert_eq!(mode, "wal");
        assert_eq!(count(&store), 4);
        let seen: i64 = other.query_row("SELECT COUNT(*) FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(seen, 1, "the other reader keeps its snapshot");
        other.execute_batch("COMMIT").unwrap();
    }

    #[test]
    fn committed_pages_reach_the_database_file_without_a_checkpointing_commit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        let store = SqliteStore::open(path.to_str().unwrap(), &StoreOptions::default()).unwrap();
        let size = || std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        store
            .write(|tx| -> Result<(), StoreError> {
                tx.execute_batch("CREATE TABLE t (v BLOB NOT NULL)")?;
                let blob = vec![7u8; 64 * 1024];
                for _ in 0..32 {
                    tx.execute("INSERT INTO t (v) VALUES ($1)", &[Value::Blob(blob.clone())])?;
                }
                Ok(())
            })
            .unwrap();
        // 2 MiB sit in the WAL, far below the writer's backstop: only the background thread
        // can move them into the database file.
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while size() < 2 * 1024 * 1024 {
            assert!(
                std::time::Instant::now() < deadline,
                "WAL was not checkpointed: file is {} bytes",
                size()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}
