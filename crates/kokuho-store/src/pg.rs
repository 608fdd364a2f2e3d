//! PostgreSQL adapter (sync `postgres` client, `NoTls`: the server is on loopback/LAN).
//!
//! Each pooled connection keeps its own prepared-statement cache, so repeated statements cost
//! one round trip. Bulk inserts use binary `COPY … FROM STDIN`, the fastest load path.

use crate::error::StoreError;
use crate::options::StoreOptions;
use crate::pool::{Pool, Pooled};
use crate::sql::check_identifier;
use crate::sqlite::check_row_len;
use crate::tx::{Dialect, Tx, poisoned_call, poisoned_commit};
use crate::value::{Row, Value, format_date, parse_date};
use bytes::{BufMut, BytesMut};
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::config::Host;
use postgres::error::SqlState;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};
use postgres::{Client, Config, NoTls, Statement};
use std::collections::HashMap;
use std::error::Error as StdError;
use std::time::Duration;

/// Prepared statements kept per connection before the cache is simply emptied.
const STATEMENT_CACHE: usize = 512;

pub(crate) struct PgStore {
    description: String,
    pool: Pool<PgConn>,
}

pub(crate) struct PgConn {
    client: Client,
    statements: HashMap<String, Statement>,
    /// True between our `BEGIN` and `COMMIT`/`ROLLBACK` (a panic can leave it set).
    in_transaction: bool,
}

impl PgConn {
    fn statement(&mut self, sql: &str) -> Result<Statement, postgres::Error> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let stmt = self.client.prepare(sql)?;
        if self.statements.len() >= STATEMENT_CACHE {
            self.statements.clear();
        }
        self.statements.insert(sql.to_owned(), stmt.clone());
        Ok(stmt)
    }
}

/// `PostgreSQL host:port/db`; never the user's password.
pub(crate) fn describe_config(config: &Config) -> String {
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        Some(Host::Unix(p)) => p.display().to_string(),
        None => "localhost".to_owned(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let db = config.get_dbname().or_else(|| config.get_user()).unwrap_or("");
    format!("PostgreSQL {host}:{port}/{db}")
}

pub(crate) fn parse_config(url: &str) -> Result<Config, StoreError> {
    let mut config: Config = url
        .parse()
        .map_err(|_| StoreError::backend("PostgreSQL の接続先 URL を解釈できません"))?;
    if config.get_application_name().is_none() {
        config.application_name("kokuho");
    }
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(Duration::from_secs(10));
    }
    Ok(config)
}

impl PgStore {
    pub(crate) fn open(url: &str, options: &StoreOptions) -> Result<Self, StoreError> {
        let config = parse_config(url)?;
        let description = describe_config(&config);
        // Connect once now so that a wrong URL fails at start-up, not at the first request.
        let first = connect(&config)?;
        let pool = Pool::with_first(
            options.max_connections,
            options.acquire_timeout,
            Box::new(move || connect(&config)),
            first,
        );
        Ok(Self { description, pool })
    }

    pub(crate) fn describe(&self) -> String {
        self.description.clone()
    }

    /// A live connection outside any transaction.
    fn acquire(&self) -> Result<Pooled<'_, PgConn>, StoreError> {
        // Each failed attempt discards one dead connection, so this ends.
        loop {
            let mut conn = self.pool.acquire()?;
            if conn.client.is_closed() {
                conn.discard();
                continue;
            }
            if conn.in_transaction {
                if conn.client.batch_execute("ROLLBACK").is_err() {
                    conn.discard();
                    continue;
                }
                conn.in_transaction = false;
            }
            return Ok(conn);
        }
    }

    pub(crate) fn write<R, E, F>(&self, f: F) -> Result<R, E>
    where
        F: FnOnce(&mut dyn Tx) -> Result<R, E>,
        E: From<StoreError>,
    {
        self.run(self.acquire()?, "BEGIN", f)
    }

    pub(crate) fn read<R, E, F>(&self, f: F) -> Result<R, E>
    where
        F: FnOnce(&mut dyn Tx) -> Result<R, E>,
        E: From<StoreError>,
    {
        self.run(self.acquire()?, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", f)
    }

    fn run<R, E, F>(&self, mut conn: Pooled<'_, PgConn>, begin: &str, f: F) -> Result<R, E>
    where
        F: FnOnce(&mut dyn Tx) -> Result<R, E>,
        E: From<StoreError>,
    {
        conn.client.batch_execute(begin).map_err(map_err)?;
        conn.in_transaction = true;
        let (result, poisoned) = {
            let mut tx = PgTx {
                conn: &mut conn,
                failed: false,
            };
            let r = f(&mut tx);
            (r, tx.failed)
        };
        let end = match &result {
            Ok(_) if !poisoned => "COMMIT",
            _ => "ROLLBACK",
        };
        let ended = conn.client.batch_execute(end);
        match ended {
            Ok(()) => conn.in_transaction = false,
            // Unknown state: never hand this connection out again.
            Err(e) => {
                conn.discard();
                return match result {
                    Ok(_) => Err(E::from(map_err(e))),
                    Err(err) => Err(err),
                };
            }
        }
        match result {
            Ok(_) if poisoned => Err(E::from(poisoned_commit())),
            other => other,
        }
    }
}

fn connect(config: &Config) -> Result<PgConn, StoreError> {
    let client = config.connect(NoTls).map_err(map_err)?;
    Ok(PgConn {
        client,
        statements: HashMap::new(),
        in_transaction: false,
    })
}

struct PgTx<'c> {
    conn: &'c mut PgConn,
    failed: bool,
}

impl PgTx<'_> {
    fn check(&self) -> Result<(), StoreError> {
        if self.failed { Err(poisoned_call()) } else { Ok(()) }
    }

    fn track<T>(&mut self, r: Result<T, StoreError>) -> Result<T, StoreError> {
        if r.is_err() {
            self.failed = true;
        }
        r
    }

    /// Cached statement whose parameter count matches `params`.
    fn prepare(&mut self, sql: &str, nparams: usize) -> Result<Statement, StoreError> {
        let stmt = self.conn.statement(sql).map_err(map_err)?;
        let expected = stmt.params().len();
        if expected != nparams {
            return Err(StoreError::schema(format!(
                "パラメータの数が違います（SQL: {expected}、渡された数: {nparams}）"
            )));
        }
        Ok(stmt)
    }
}

fn as_params(params: &[Value]) -> Vec<&(dyn ToSql + Sync)> {
    params.iter().map(|v| v as &(dyn ToSql + Sync)).collect()
}

impl Tx for PgTx<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
        self.check()?;
        let r = self
            .prepare(sql, params.len())
            .and_then(|stmt| self.conn.client.execute(&stmt, &as_params(params)).map_err(map_err));
        self.track(r)
    }

    fn execute_batch(&mut self, sql: &str) -> Result<(), StoreError> {
        self.check()?;
        let r = self.conn.client.batch_execute(sql).map_err(map_err);
        // DDL may change result types of cached statements; start afresh.
        self.conn.statements.clear();
        self.track(r)
    }

    fn query_each(
        &mut self,
        sql: &str,
        params: &[Value],
        f: &mut dyn FnMut(Row) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.check()?;
        let stmt = match self.prepare(sql, params.len()) {
            Ok(s) => s,
            Err(e) => return self.track(Err(e)),
        };
        let mut iter = match self.conn.client.query_raw(&stmt, params.iter()) {
            Ok(it) => it,
            Err(e) => {
                self.failed = true;
                return Err(map_err(e));
            }
        };
        loop {
            let row = match iter.next() {
                Ok(Some(r)) => convert_row(&r)?,
                Ok(None) => break,
                Err(e) => {
                    self.failed = true;
                    return Err(map_err(e));
                }
            };
            // Dropping `iter` early is fine: the client discards the remaining rows.
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
        let r = copy_in(self.conn, table, columns, rows);
        self.track(r)
    }
}

/// Binary COPY of `rows`. The column types come from preparing the equivalent INSERT, so the
/// same `ToSql` conversions (and errors) apply as for `execute`. An error drops the writer,
/// which aborts the COPY (and with it the transaction).
fn copy_in(
    conn: &mut PgConn,
    table: &str,
    columns: &[&str],
    rows: &mut dyn Iterator<Item = Vec<Value>>,
) -> Result<u64, StoreError> {
    check_identifier(table)?;
    if columns.is_empty() {
        return Err(StoreError::schema("列が指定されていません"));
    }
    for c in columns {
        check_identifier(c)?;
    }
    let Some(first) = rows.next() else {
        return Ok(0);
    };
    let cols = columns.join(", ");
    let placeholders: Vec<String> = (1..=columns.len()).map(|i| format!("${i}")).collect();
    let insert = format!("INSERT INTO {table} ({cols}) VALUES ({})", placeholders.join(", "));
    let types = conn.statement(&insert).map_err(map_err)?.params().to_vec();
    let writer = conn
        .client
        .copy_in(&format!("COPY {table} ({cols}) FROM STDIN (FORMAT binary)"))
        .map_err(map_err)?;
    let mut writer = BinaryCopyInWriter::new(writer, &types);
    for row in std::iter::once(first).chain(rows) {
        check_row_len(columns.len(), row.len())?;
        writer.write(&as_params(&row)).map_err(map_err)?;
    }
    writer.finish().map_err(map_err)
}

fn convert_row(r: &postgres::Row) -> Result<Row, StoreError> {
    let mut values = Vec::with_capacity(r.len());
    for (i, col) in r.columns().iter().enumerate() {
        let v: Value = r.try_get(i).map_err(|e| match e.source() {
            Some(own) if own.is::<TypeError>() => StoreError::schema(format!("列 {i}: {own}")),
            _ => StoreError::schema(format!(
                "列 {i} の型 {} は扱えません（整数・文字列・バイト列・日付のみ）",
                col.type_().name()
            )),
        })?;
        values.push(v);
    }
    Ok(Row::new(values))
}

/// Our own conversion error, recognised again in [`map_err`] to become `StoreError::Schema`.
#[derive(Debug)]
struct TypeError(String);

impl std::fmt::Display for TypeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl StdError for TypeError {}

type BoxError = Box<dyn StdError + Sync + Send>;

fn type_error(msg: String) -> BoxError {
    Box::new(TypeError(msg))
}

fn is_text_type(ty: &Type) -> bool {
    *ty == Type::TEXT || *ty == Type::VARCHAR || *ty == Type::BPCHAR || *ty == Type::NAME || *ty == Type::UNKNOWN
}

impl ToSql for Value {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        let mismatch = || {
            type_error(format!(
                "{}の値は PostgreSQL の型 {} に渡せません",
                self.kind(),
                ty.name()
            ))
        };
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(v) => {
                if *ty == Type::INT8 {
                    v.to_sql(ty, out)
                } else if *ty == Type::INT4 {
                    i32::try_from(*v)
                        .map_err(|_| type_error("整数が INTEGER (int4) の範囲を超えています".into()))?
                        .to_sql(ty, out)
                } else if *ty == Type::INT2 {
                    i16::try_from(*v)
                        .map_err(|_| type_error("整数が SMALLINT の範囲を超えています".into()))?
                        .to_sql(ty, out)
                } else if *ty == Type::BOOL {
                    match v {
                        0 => false.to_sql(ty, out),
                        1 => true.to_sql(ty, out),
                        _ => Err(type_error("BOOLEAN には 0 か 1 のみ渡せます".into())),
                    }
                } else if *ty == Type::NUMERIC {
                    encode_numeric(*v, out);
                    Ok(IsNull::No)
                } else {
                    Err(mismatch())
                }
            }
            Value::Text(s) => {
                if is_text_type(ty) || *ty == Type::JSON {
                    out.put_slice(s.as_bytes());
                    Ok(IsNull::No)
                } else if *ty == Type::JSONB {
                    out.put_u8(1);
                    out.put_slice(s.as_bytes());
                    Ok(IsNull::No)
                } else if *ty == Type::DATE {
                    parse_date(s)
                        .ok_or_else(|| type_error("日付は YYYY-MM-DD 形式で渡してください".into()))?
                        .to_sql(ty, out)
                } else {
                    Err(mismatch())
                }
            }
            Value::Blob(b) => {
                if *ty == Type::BYTEA {
                    out.put_slice(b);
                    Ok(IsNull::No)
                } else {
                    Err(mismatch())
                }
            }
        }
    }

    /// Every type is "accepted" here; `to_sql` decides per value (NULL fits any column).
    fn accepts(_ty: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

impl<'a> FromSql<'a> for Value {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        Ok(if *ty == Type::INT8 {
            Value::Int(i64::from_sql(ty, raw)?)
        } else if *ty == Type::INT4 {
            Value::Int(i64::from(i32::from_sql(ty, raw)?))
        } else if *ty == Type::INT2 {
            Value::Int(i64::from(i16::from_sql(ty, raw)?))
        } else if *ty == Type::OID {
            Value::Int(i64::from(u32::from_sql(ty, raw)?))
        } else if *ty == Type::BOOL {
            Value::Int(i64::from(bool::from_sql(ty, raw)?))
        } else if is_text_type(ty) || *ty == Type::JSON {
            Value::Text(utf8(raw)?)
        } else if *ty == Type::JSONB {
            match raw.split_first() {
                Some((1, rest)) => Value::Text(utf8(rest)?),
                _ => return Err(type_error("未知の JSONB 形式です".into())),
            }
        } else if *ty == Type::BYTEA {
            Value::Blob(raw.to_vec())
        } else if *ty == Type::DATE {
            Value::Text(format_date(jiff::civil::Date::from_sql(ty, raw)?))
        } else if *ty == Type::NUMERIC {
            Value::Int(decode_numeric(raw)?)
        } else {
            return Err(type_error(format!("型 {} は扱えません", ty.name())));
        })
    }

    fn from_sql_null(_ty: &Type) -> Result<Self, BoxError> {
        Ok(Value::Null)
    }

    fn accepts(ty: &Type) -> bool {
        is_text_type(ty)
            || [
                Type::INT8,
                Type::INT4,
                Type::INT2,
                Type::OID,
                Type::BOOL,
                Type::JSON,
                Type::JSONB,
                Type::BYTEA,
                Type::DATE,
                Type::NUMERIC,
            ]
            .contains(ty)
    }
}

fn utf8(raw: &[u8]) -> Result<String, BoxError> {
    String::from_utf8(raw.to_vec()).map_err(|_| type_error("文字列が UTF-8 ではありません".into()))
}

const NUMERIC_NEG: u16 = 0x4000;

/// NUMERIC binary form of an integer: base-10000 digits, weight = index of the first digit.
/// Needed because e.g. `SUM(bigint)` is NUMERIC, so `HAVING SUM(x) > $1` wants one.
fn encode_numeric(v: i64, out: &mut BytesMut) {
    let mut digits = Vec::new();
    let mut u = v.unsigned_abs();
    while u > 0 {
        digits.push((u % 10_000) as u16);
        u /= 10_000;
    }
    digits.reverse();
    let weight = digits.len().saturating_sub(1) as i16;
    while digits.last() == Some(&0) {
        digits.pop();
    }
    out.put_u16(digits.len() as u16);
    out.put_i16(weight);
    out.put_u16(if v < 0 { NUMERIC_NEG } else { 0 });
    out.put_u16(0); // display scale
    for d in digits {
        out.put_u16(d);
    }
}

/// Integer value of a NUMERIC (`SUM`, `AVG` of integers…); a fraction or overflow is an error
/// rather than a silent rounding, since these are usually yen amounts.
fn decode_numeric(raw: &[u8]) -> Result<i64, BoxError> {
    let word = |at: usize| -> Result<u16, BoxError> {
        raw.get(at..at + 2)
            .and_then(|b| <[u8; 2]>::try_from(b).ok())
            .map(u16::from_be_bytes)
            .ok_or_else(|| type_error("NUMERIC の形式が不正です".into()))
    };
    let ndigits = usize::from(word(0)?);
    let weight = i64::from(word(2)? as i16);
    let sign = word(4)?;
    if sign != 0 && sign != NUMERIC_NEG {
        return Err(type_error("NUMERIC の NaN・無限大は扱えません".into()));
    }
    let overflow = || type_error("NUMERIC が 64 ビット整数の範囲を超えています".into());
    let mut acc: i128 = 0;
    let mut last_power = weight;
    for k in 0..ndigits {
        let digit = i128::from(word(8 + 2 * k)?);
        let power = weight - k as i64;
        if power < 0 {
            if digit != 0 {
                return Err(type_error("NUMERIC に小数部があります（整数に丸めてください）".into()));
            }
            continue;
        }
        acc = acc
            .checked_mul(10_000)
            .and_then(|a| a.checked_add(digit))
            .ok_or_else(overflow)?;
        last_power = power;
    }
    // Trailing zero digits are omitted in the wire form: scale up to 10000^0.
    for _ in 0..last_power.max(0) {
        if ndigits == 0 {
            break;
        }
        acc = acc.checked_mul(10_000).ok_or_else(overflow)?;
    }
    if sign == NUMERIC_NEG {
        acc = -acc;
    }
    i64::try_from(acc).map_err(|_| overflow())
}

fn map_err(e: postgres::Error) -> StoreError {
    if let Some(db) = e.as_db_error() {
        let code = db.code();
        if *code == SqlState::UNIQUE_VIOLATION {
            return StoreError::Conflict {
                constraint: db.constraint().unwrap_or_default().to_owned(),
            };
        }
        if *code == SqlState::T_R_SERIALIZATION_FAILURE
            || *code == SqlState::T_R_DEADLOCK_DETECTED
            || *code == SqlState::LOCK_NOT_AVAILABLE
        {
            return StoreError::Busy;
        }
        // Data exceptions (22…) and PL/pgSQL raises (P0…) may quote values in the message;
        // DETAIL lines (which quote row values) are never used.
        let sqlstate = code.code();
        let mut text = format!("PostgreSQL {sqlstate}");
        if !sqlstate.starts_with("22") && !sqlstate.starts_with("P0") {
            text.push_str(": ");
            text.push_str(db.message());
        }
        for (label, name) in [
            ("table", db.table()),
            ("column", db.column()),
            ("constraint", db.constraint()),
        ] {
            if let Some(name) = name {
                text.push_str(&format!(" [{label}={name}]"));
            }
        }
        return StoreError::backend(text);
    }
    if e.source().is_some_and(|s| s.is::<TypeError>()) {
        // "error serializing parameter 2: <our message>": positions and types only.
        return StoreError::schema(e.to_string());
    }
    if e.is_closed() {
        return StoreError::backend("PostgreSQL との接続が切れています");
    }
    StoreError::backend(with_cause("PostgreSQL", &e))
}

/// "label: error: cause", since `postgres::Error` keeps e.g. "Connection refused" in `source`.
pub(crate) fn with_cause(label: &str, e: &postgres::Error) -> String {
    match e.source() {
        Some(cause) => format!("{label}: {e}: {cause}"),
        None => format!("{label}: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round(v: i64) -> i64 {
        let mut b = BytesMut::new();
        encode_numeric(v, &mut b);
        decode_numeric(&b).unwrap()
    }

    #[test]
    fn numeric_round_trips() {
        for v in [
            0,
            1,
            -1,
            9_999,
            10_000,
            10_001,
            100_000_000,
            -123_456_789,
            i64::MAX,
            i64::MIN,
        ] {
            assert_eq!(round(v), v, "{v}");
        }
    }

    #[test]
    fn numeric_rejects_fraction() {
        // 1.5 = digits [1, 5000], weight 0, dscale 1
        let raw = [0, 2, 0, 0, 0, 0, 0, 1, 0, 1, 0x13, 0x88];
        assert!(decode_numeric(&raw).is_err());
        // 2.0 = digits [2], weight 0, dscale 1 → 2
        let raw = [0, 1, 0, 0, 0, 0, 0, 1, 0, 2];
        assert_eq!(decode_numeric(&raw).unwrap(), 2);
    }

    #[test]
    fn description_has_no_password() {
        let c = parse_config("postgres://kokuho:s3cret@db.example:6543/city?sslmode=disable").unwrap();
        let d = describe_config(&c);
        assert_eq!(d, "PostgreSQL db.example:6543/city");
        assert_eq!(c.get_application_name(), Some("kokuho"));
    }
}
