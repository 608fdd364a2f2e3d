//! 宛名 (current state), 世帯 membership history and applied 住民異動.

use jiff::civil::Date;
use kokuho_domain::eligibility::period::FlagKind;
use kokuho_domain::eligibility::resident::ResidentStatus;

use crate::repo::OwnedRow as _;
use crate::{StoreError, Tx, Value};

/// One resident's current state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResidentRow {
    pub insurer_no: String,
    pub resident_no: String,
    pub name: String,
    pub name_kana: String,
    pub kana_key: String,
    pub birth_date: Date,
    pub sex: String,
    pub nationality: Option<String>,
    pub stay_until: Option<Date>,
    pub postal_code: Option<String>,
    pub address: Option<String>,
    pub household_no: String,
    pub is_head: bool,
    pub relationship: String,
    /// 住民の状態.
    pub status: ResidentStatus,
    pub status_since: Date,
}

const COLUMNS: &str = "insurer_no, resident_no, name, name_kana, kana_key, birth_date, sex, nationality, stay_until, \
     postal_code, address, household_no, is_head, relationship, status, status_since";

fn to_values(r: &ResidentRow) -> Vec<Value> {
    vec![
        r.insurer_no.as_str().into(),
        r.resident_no.as_str().into(),
        r.name.as_str().into(),
        r.name_kana.as_str().into(),
        r.kana_key.as_str().into(),
        r.birth_date.into(),
        r.sex.as_str().into(),
        r.nationality.clone().into(),
        r.stay_until.into(),
        r.postal_code.clone().into(),
        r.address.clone().into(),
        r.household_no.as_str().into(),
        r.is_head.into(),
        r.relationship.as_str().into(),
        r.status.as_str().into(),
        r.status_since.into(),
    ]
}

fn from_row(mut r: crate::Row) -> Result<ResidentRow, StoreError> {
    Ok(ResidentRow {
        insurer_no: r.string(0)?,
        resident_no: r.string(1)?,
        name: r.string(2)?,
        name_kana: r.string(3)?,
        kana_key: r.string(4)?,
        birth_date: r.date(5)?,
        sex: r.string(6)?,
        nationality: r.opt_string(7)?,
        stay_until: r.opt_date(8)?,
        postal_code: r.opt_string(9)?,
        address: r.opt_string(10)?,
        household_no: r.string(11)?,
        is_head: r.bool(12)?,
        relationship: r.string(13)?,
        status: r.code(14)?,
        status_since: r.date(15)?,
    })
}

/// Inserts or replaces a resident's current state.
pub fn upsert(tx: &mut dyn Tx, r: &ResidentRow) -> Result<(), StoreError> {
    let sql = format!(
        "INSERT INTO residents ({COLUMNS}) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16) \
         ON CONFLICT (insurer_no, resident_no) DO UPDATE SET name = excluded.name, name_kana = excluded.name_kana, \
         kana_key = excluded.kana_key, birth_date = excluded.birth_date, sex = excluded.sex, \
         nationality = excluded.nationality, stay_until = excluded.stay_until, postal_code = excluded.postal_code, \
         address = excluded.address, household_no = excluded.household_no, is_head = excluded.is_head, \
         relationship = excluded.relationship, status = excluded.status, status_since = excluded.status_since"
    );
    tx.execute(&sql, &to_values(r))?;
    Ok(())
}

pub fn get(tx: &mut dyn Tx, insurer_no: &str, resident_no: &str) -> Result<Option<ResidentRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM residents WHERE insurer_no = $1 AND resident_no = $2");
    tx.query_opt(&sql, &[insurer_no.into(), resident_no.into()])?
        .map(from_row)
        .transpose()
}

/// Current members of a household, head first.
pub fn in_household(tx: &mut dyn Tx, insurer_no: &str, household_no: &str) -> Result<Vec<ResidentRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM residents WHERE insurer_no = $1 AND household_no = $2");
    let mut rows: Vec<ResidentRow> = tx
        .query(&sql, &[insurer_no.into(), household_no.into()])?
        .into_iter()
        .map(from_row)
        .collect::<Result<_, _>>()?;
    rows.sort_by(|a, b| (!a.is_head, a.birth_date, &a.resident_no).cmp(&(!b.is_head, b.birth_date, &b.resident_no)));
    Ok(rows)
}

/// Search criteria; every given criterion must match. `kana_prefix` is a normalised search key.
#[derive(Debug, Clone, Default)]
pub struct ResidentQuery {
    pub kana_prefix: Option<String>,
    pub name_contains: Option<String>,
    pub birth_date: Option<Date>,
    pub address_contains: Option<String>,
    pub resident_no: Option<String>,
    pub household_no: Option<String>,
    /// Leave out residents under an active 支援措置 on this date (users without that scope).
    pub exclude_restricted_on: Option<Date>,
    pub limit: i64,
    pub offset: i64,
}

/// 住民検索, a page at a time in kana order. Only the criteria given become conditions (see
/// [`crate::repo::Filter`]): with all of them in one fixed statement SQLite walked the table in kana
/// order, and the search page took hundreds of milliseconds at 500,000 households.
pub fn search(tx: &mut dyn Tx, insurer_no: &str, q: &ResidentQuery) -> Result<Vec<ResidentRow>, StoreError> {
    let mut f = crate::repo::Filter::of_insurer(insurer_no);
    f.and(q.kana_prefix.clone(), |n| {
        format!("kana_key >= ${n} AND kana_key < ${n} || '\u{10FFFF}'")
    })
    .and(q.name_contains.clone(), |n| format!("name LIKE '%' || ${n} || '%'"))
    .and(q.birth_date, |n| format!("birth_date = ${n}"))
    .and(q.address_contains.clone(), |n| {
        format!("address LIKE '%' || ${n} || '%'")
    })
    .and(q.resident_no.clone(), |n| format!("resident_no = ${n}"))
    .and(q.household_no.clone(), |n| format!("household_no = ${n}"))
    .and(q.exclude_restricted_on, |n| {
        format!(
            "NOT EXISTS (SELECT 1 FROM flags f WHERE f.insurer_no = residents.insurer_no AND f.resident_no = \
             residents.resident_no AND f.kind = '{}' AND f.from_date <= ${n} AND (f.until_date IS NULL \
             OR f.until_date > ${n}))",
            FlagKind::SupportMeasure.as_str()
        )
    });
    let n = f.next_placeholder();
    let (clause, params) = f.finish([Value::from(q.limit), Value::from(q.offset)]);
    let sql = format!(
        "SELECT {COLUMNS} FROM residents WHERE {clause} ORDER BY kana_key, resident_no LIMIT ${n} OFFSET ${}",
        n + 1
    );
    tx.query(&sql, &params)?.into_iter().map(from_row).collect()
}

/// One period of membership in a household (`until_date` exclusive, None = current).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MembershipRow {
    pub resident_no: String,
    pub from_date: Date,
    pub until_date: Option<Date>,
    pub household_no: String,
    pub is_head: bool,
    pub relationship: String,
}

/// Ends the open membership of a resident (if any) on `until` and opens a new one from `until`.
/// A change effective on the same day as the open membership's start replaces it.
pub fn move_membership(tx: &mut dyn Tx, insurer_no: &str, m: &MembershipRow) -> Result<(), StoreError> {
    tx.execute(
        "DELETE FROM household_memberships WHERE insurer_no = $1 AND resident_no = $2 AND from_date = $3",
        &[insurer_no.into(), m.resident_no.as_str().into(), m.from_date.into()],
    )?;
    tx.execute(
        "UPDATE household_memberships SET until_date = $3 \
         WHERE insurer_no = $1 AND resident_no = $2 AND from_date < $3 AND (until_date IS NULL OR until_date > $3)",
        &[insurer_no.into(), m.resident_no.as_str().into(), m.from_date.into()],
    )?;
    insert_memberships(tx, insurer_no, std::slice::from_ref(m))?;
    Ok(())
}

/// Ends a resident's open membership (転出, 死亡) on `until`.
pub fn end_membership(tx: &mut dyn Tx, insurer_no: &str, resident_no: &str, until: Date) -> Result<u64, StoreError> {
    tx.execute(
        "UPDATE household_memberships SET until_date = $3 WHERE insurer_no = $1 AND resident_no = $2 AND until_date \
         IS NULL",
        &[insurer_no.into(), resident_no.into(), until.into()],
    )
}

fn membership_row(mut r: crate::Row) -> Result<MembershipRow, StoreError> {
    Ok(MembershipRow {
        resident_no: r.string(0)?,
        from_date: r.date(1)?,
        until_date: r.opt_date(2)?,
        household_no: r.string(3)?,
        is_head: r.bool(4)?,
        relationship: r.string(5)?,
    })
}

/// Who belonged to a household on a date (世帯の状態をある日現在で).
pub fn household_as_of(
    tx: &mut dyn Tx,
    insurer_no: &str,
    household_no: &str,
    on: Date,
) -> Result<Vec<MembershipRow>, StoreError> {
    tx.query(
        "SELECT resident_no, from_date, until_date, household_no, is_head, relationship FROM household_memberships \
         WHERE insurer_no = $1 AND household_no = $2 AND from_date <= $3 AND (until_date IS NULL OR until_date > $3)",
        &[insurer_no.into(), household_no.into(), on.into()],
    )?
    .into_iter()
    .map(membership_row)
    .collect::<Result<Vec<_>, StoreError>>()
    .map(|mut rows| {
        rows.sort_by(|a, b| (!a.is_head, &a.resident_no).cmp(&(!b.is_head, &b.resident_no)));
        rows
    })
}

/// Every membership of a household that overlaps `[from, until)` (e.g. a fiscal year), oldest
/// first: the people the household's premium of that year may concern.
pub fn household_between(
    tx: &mut dyn Tx,
    insurer_no: &str,
    household_no: &str,
    from: Date,
    until: Date,
) -> Result<Vec<MembershipRow>, StoreError> {
    tx.query(
        "SELECT resident_no, from_date, until_date, household_no, is_head, relationship FROM household_memberships \
         WHERE insurer_no = $1 AND household_no = $2 AND from_date < $4 AND (until_date IS NULL OR until_date > $3)",
        &[insurer_no.into(), household_no.into(), from.into(), until.into()],
    )?
    .into_iter()
    .map(membership_row)
    .collect::<Result<Vec<_>, StoreError>>()
    .map(|mut rows| {
        rows.sort_by(|a, b| (a.from_date, &a.resident_no).cmp(&(b.from_date, &b.resident_no)));
        rows
    })
}

/// Every household with a member at some time in `[from, until)`, in number order.
pub fn households_between(
    tx: &mut dyn Tx,
    insurer_no: &str,
    from: Date,
    until: Date,
) -> Result<Vec<String>, StoreError> {
    let mut out = Vec::new();
    tx.query_each(
        "SELECT DISTINCT household_no FROM household_memberships \
         WHERE insurer_no = $1 AND from_date < $3 AND (until_date IS NULL OR until_date > $2)",
        &[insurer_no.into(), from.into(), until.into()],
        &mut |r| {
            out.push(r.text(0)?.to_string());
            Ok(())
        },
    )?;
    out.sort();
    Ok(out)
}

/// The memberships overlapping `[from, until)` of the households numbered `first..=last` (a
/// chunk of the city for the annual batch), in household order.
pub fn memberships_in_range(
    tx: &mut dyn Tx,
    insurer_no: &str,
    first: &str,
    last: &str,
    from: Date,
    until: Date,
) -> Result<Vec<MembershipRow>, StoreError> {
    let mut rows = tx
        .query(
            "SELECT resident_no, from_date, until_date, household_no, is_head, relationship FROM \
             household_memberships WHERE insurer_no = $1 AND household_no BETWEEN $2 AND $3 AND from_date < $5 AND \
             (until_date IS NULL OR until_date > $4)",
            &[insurer_no.into(), first.into(), last.into(), from.into(), until.into()],
        )?
        .into_iter()
        .map(membership_row)
        .collect::<Result<Vec<_>, StoreError>>()?;
    rows.sort_by(|a, b| {
        (&a.household_no, a.from_date, &a.resident_no).cmp(&(&b.household_no, b.from_date, &b.resident_no))
    });
    Ok(rows)
}

/// Which residents a chunk read of the other tables covers: everyone who ever belonged to a
/// household numbered `first..=last`.
///
/// Two ways to say it in SQL: by that membership (an `IN` subquery, then one index probe per
/// resident), or — when the chunk's residents fill the range of their numbers, as when
/// households and their members were numbered together — by that range (one range scan, ~30%
/// of the probes' cost). The range may also hold residents of other households; their rows are
/// read too, and the caller, which looks rows up by the members it has, never uses them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChunkResidents {
    /// Members of the households `first..=last`.
    OfHouseholds { first: String, last: String },
    /// Residents numbered `low..=high`.
    Between { low: String, high: String },
}

impl ChunkResidents {
    /// The condition on `resident_no`, with the bounds as `$2` and `$3` (`$1`: the insurer).
    fn condition(&self) -> &'static str {
        match self {
            ChunkResidents::OfHouseholds { .. } => {
                "resident_no IN (SELECT resident_no FROM household_memberships WHERE insurer_no = $1 AND household_no \
                 BETWEEN $2 AND $3)"
            }
            ChunkResidents::Between { .. } => "resident_no BETWEEN $2 AND $3",
        }
    }

    /// `$1..$3`.
    pub(crate) fn params(&self, insurer_no: &str) -> Vec<Value> {
        let (a, b) = match self {
            ChunkResidents::OfHouseholds { first, last } => (first, last),
            ChunkResidents::Between { low, high } => (low, high),
        };
        vec![insurer_no.into(), a.as_str().into(), b.as_str().into()]
    }

    /// `SELECT {columns} FROM {table} WHERE insurer_no = $1 AND {extra} AND <these residents>`.
    pub(crate) fn select(&self, columns: &str, table: &str, extra: &str) -> String {
        format!(
            "SELECT {columns} FROM {table} WHERE insurer_no = $1 AND {extra}{}{}",
            if extra.is_empty() { "" } else { " AND " },
            self.condition()
        )
    }
}

/// How to read the residents of the households `first..=last`, whose members (from
/// [`memberships_in_range`]) are `members`: by their number range when at most twice as many
/// residents are numbered in it, else by membership.
pub fn chunk_residents(
    tx: &mut dyn Tx,
    insurer_no: &str,
    first: &str,
    last: &str,
    members: &[&str],
) -> Result<ChunkResidents, StoreError> {
    let (Some(low), Some(high)) = (members.iter().min(), members.iter().max()) else {
        return Ok(ChunkResidents::OfHouseholds {
            first: first.to_string(),
            last: last.to_string(),
        });
    };
    let numbered = tx
        .query_opt(
            "SELECT count(*) FROM residents WHERE insurer_no = $1 AND resident_no BETWEEN $2 AND $3",
            &[insurer_no.into(), (*low).into(), (*high).into()],
        )?
        .map_or(Ok(0), |r| r.int(0))?;
    let dense = usize::try_from(numbered).is_ok_and(|n| n <= 2 * members.len());
    Ok(if dense {
        ChunkResidents::Between {
            low: (*low).to_string(),
            high: (*high).to_string(),
        }
    } else {
        ChunkResidents::OfHouseholds {
            first: first.to_string(),
            last: last.to_string(),
        }
    })
}

/// What a premium needs of a resident: the number and the birth date (never the name: the
/// batch's lists of incomplete households name people by 宛名番号 only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonBrief {
    pub resident_no: String,
    pub birth_date: Date,
}

/// The residents `who` (a chunk's members; see [`ChunkResidents`]), briefly.
pub fn briefs_of(tx: &mut dyn Tx, insurer_no: &str, who: &ChunkResidents) -> Result<Vec<PersonBrief>, StoreError> {
    let sql = who.select("resident_no, birth_date", "residents", "");
    let mut out = Vec::new();
    tx.query_each(&sql, &who.params(insurer_no), &mut |mut r| {
        out.push(PersonBrief {
            resident_no: r.string(0)?,
            birth_date: r.date(1)?,
        });
        Ok(())
    })?;
    Ok(out)
}

/// A resident's membership history, oldest first.
pub fn memberships_of(tx: &mut dyn Tx, insurer_no: &str, resident_no: &str) -> Result<Vec<MembershipRow>, StoreError> {
    tx.query(
        "SELECT resident_no, from_date, until_date, household_no, is_head, relationship FROM household_memberships \
         WHERE insurer_no = $1 AND resident_no = $2",
        &[insurer_no.into(), resident_no.into()],
    )?
    .into_iter()
    .map(membership_row)
    .collect::<Result<Vec<_>, StoreError>>()
    .map(|mut rows| {
        rows.sort_by_key(|m| m.from_date);
        rows
    })
}

/// Clears the head mark of every current member of a household (before a 世帯主変更).
pub fn clear_head(tx: &mut dyn Tx, insurer_no: &str, household_no: &str) -> Result<u64, StoreError> {
    tx.execute(
        "UPDATE residents SET is_head = 0 WHERE insurer_no = $1 AND household_no = $2 AND is_head = 1",
        &[insurer_no.into(), household_no.into()],
    )
}

/// Whether a 住民異動 was already applied; returns its journal seq.
pub fn change_applied(tx: &mut dyn Tx, insurer_no: &str, change_id: &str) -> Result<Option<i64>, StoreError> {
    tx.query_opt(
        "SELECT seq FROM resident_changes_applied WHERE insurer_no = $1 AND change_id = $2",
        &[insurer_no.into(), change_id.into()],
    )?
    .map(|r| r.int(0))
    .transpose()
}

pub fn mark_change_applied(tx: &mut dyn Tx, insurer_no: &str, change_id: &str, seq: i64) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO resident_changes_applied (insurer_no, change_id, seq) VALUES ($1, $2, $3)",
        &[insurer_no.into(), change_id.into(), seq.into()],
    )?;
    Ok(())
}

/// 世帯番号 that have residents (a bulk load skips the households it finds here).
pub fn households_with_residents(
    tx: &mut dyn Tx,
    insurer_no: &str,
) -> Result<std::collections::HashSet<String>, StoreError> {
    let mut out = std::collections::HashSet::new();
    tx.query_each(
        "SELECT DISTINCT household_no FROM residents WHERE insurer_no = $1",
        &[insurer_no.into()],
        &mut |mut r| {
            out.insert(r.string(0)?);
            Ok(())
        },
    )?;
    Ok(out)
}

pub fn count(tx: &mut dyn Tx, insurer_no: &str) -> Result<i64, StoreError> {
    tx.query_one(
        "SELECT COUNT(*) FROM residents WHERE insurer_no = $1",
        &[insurer_no.into()],
    )?
    .int(0)
}

/// Bulk insert of new residents (a batch load); an existing row fails with `Conflict`.
pub fn insert_all(tx: &mut dyn Tx, rows: &[ResidentRow]) -> Result<u64, StoreError> {
    let cols: Vec<&str> = COLUMNS.split(", ").collect();
    tx.insert_many("residents", &cols, &mut rows.iter().map(to_values))
}

/// Bulk insert of membership periods of new residents.
pub fn insert_memberships(tx: &mut dyn Tx, insurer_no: &str, rows: &[MembershipRow]) -> Result<u64, StoreError> {
    let cols = [
        "insurer_no",
        "resident_no",
        "from_date",
        "until_date",
        "household_no",
        "is_head",
        "relationship",
    ];
    tx.insert_many(
        "household_memberships",
        &cols,
        &mut rows.iter().map(|m| {
            vec![
                insurer_no.into(),
                m.resident_no.as_str().into(),
                m.from_date.into(),
                m.until_date.into(),
                m.household_no.as_str().into(),
                m.is_head.into(),
                m.relationship.as_str().into(),
            ]
        }),
    )
}

/// Bulk insert of applied 異動番号.
pub fn insert_changes_applied(tx: &mut dyn Tx, insurer_no: &str, rows: &[(String, i64)]) -> Result<u64, StoreError> {
    tx.insert_many(
        "resident_changes_applied",
        &["insurer_no", "change_id", "seq"],
        &mut rows
            .iter()
            .map(|(id, seq)| vec![insurer_no.into(), id.as_str().into(), (*seq).into()]),
    )
}
