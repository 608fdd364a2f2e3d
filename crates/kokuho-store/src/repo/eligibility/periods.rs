//! 資格期間, 記号・番号・枝番, 日付つき区分, 資格確認書.

use jiff::civil::Date;
use kokuho_domain::eligibility::certificate::{CertificateKind, CertificateStatus};
use kokuho_domain::eligibility::period::{FlagAttributes, FlagKind};

use crate::repo::OwnedRow as _;
use crate::repo::eligibility::residents::ChunkResidents;
use crate::repo::json_column;
use crate::{StoreError, Tx, Value};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodRow {
    pub period_id: i64,
    pub resident_no: String,
    pub acquired_on: Date,
    pub acquisition_reason: String,
    pub acquisition_notified_on: Date,
    pub acquisition_late: bool,
    pub lost_on: Option<Date>,
    pub loss_reason: Option<String>,
    pub loss_notified_on: Option<Date>,
    pub loss_late: bool,
}

const PERIOD_COLUMNS: &str = "period_id, resident_no, acquired_on, acquisition_reason, acquisition_notified_on, \
     acquisition_late, lost_on, loss_reason, loss_notified_on, loss_late";

fn period_row(mut r: crate::Row) -> Result<PeriodRow, StoreError> {
    Ok(PeriodRow {
        period_id: r.int(0)?,
        resident_no: r.string(1)?,
        acquired_on: r.date(2)?,
        acquisition_reason: r.string(3)?,
        acquisition_notified_on: r.date(4)?,
        acquisition_late: r.bool(5)?,
        lost_on: r.opt_date(6)?,
        loss_reason: r.opt_string(7)?,
        loss_notified_on: r.opt_date(8)?,
        loss_late: r.bool(9)?,
    })
}

/// Inserts or replaces a period (corrections rewrite the whole period).
pub fn upsert_period(tx: &mut dyn Tx, insurer_no: &str, p: &PeriodRow) -> Result<(), StoreError> {
    let sql = format!(
        "INSERT INTO eligibility_periods (insurer_no, {PERIOD_COLUMNS}) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) \
         ON CONFLICT (insurer_no, period_id) DO UPDATE SET resident_no = excluded.resident_no, \
         acquired_on = excluded.acquired_on, acquisition_reason = excluded.acquisition_reason, \
         acquisition_notified_on = excluded.acquisition_notified_on, acquisition_late = excluded.acquisition_late, \
         lost_on = excluded.lost_on, loss_reason = excluded.loss_reason, loss_notified_on = excluded.loss_notified_on, \
         loss_late = excluded.loss_late"
    );
    tx.execute(&sql, &period_values(insurer_no, p))?;
    Ok(())
}

fn period_values(insurer_no: &str, p: &PeriodRow) -> Vec<Value> {
    vec![
        insurer_no.into(),
        p.period_id.into(),
        p.resident_no.as_str().into(),
        p.acquired_on.into(),
        p.acquisition_reason.as_str().into(),
        p.acquisition_notified_on.into(),
        p.acquisition_late.into(),
        p.lost_on.into(),
        p.loss_reason.clone().into(),
        p.loss_notified_on.into(),
        p.loss_late.into(),
    ]
}

/// Columns with `insurer_no` first, for bulk inserts.
fn with_insurer(columns: &str) -> Vec<&str> {
    std::iter::once("insurer_no").chain(columns.split(", ")).collect()
}

/// Bulk insert of new periods.
pub fn insert_periods(tx: &mut dyn Tx, insurer_no: &str, rows: &[PeriodRow]) -> Result<u64, StoreError> {
    tx.insert_many(
        "eligibility_periods",
        &with_insurer(PERIOD_COLUMNS),
        &mut rows.iter().map(|p| period_values(insurer_no, p)),
    )
}

pub fn get_period(tx: &mut dyn Tx, insurer_no: &str, period_id: i64) -> Result<Option<PeriodRow>, StoreError> {
    let sql = format!("SELECT {PERIOD_COLUMNS} FROM eligibility_periods WHERE insurer_no = $1 AND period_id = $2");
    tx.query_opt(&sql, &[insurer_no.into(), period_id.into()])?
        .map(period_row)
        .transpose()
}

/// A person's periods, oldest first.
pub fn periods_of(tx: &mut dyn Tx, insurer_no: &str, resident_no: &str) -> Result<Vec<PeriodRow>, StoreError> {
    let sql = format!("SELECT {PERIOD_COLUMNS} FROM eligibility_periods WHERE insurer_no = $1 AND resident_no = $2");
    let mut rows: Vec<PeriodRow> = tx
        .query(&sql, &[insurer_no.into(), resident_no.into()])?
        .into_iter()
        .map(period_row)
        .collect::<Result<_, _>>()?;
    rows.sort_by_key(|p| (p.acquired_on, p.period_id));
    Ok(rows)
}

/// Every open period whose person reaches 75 on or before `birth_on_or_before` (後期移行の対象).
pub fn open_periods_born_before(
    tx: &mut dyn Tx,
    insurer_no: &str,
    born_on_or_before: Date,
) -> Result<Vec<PeriodRow>, StoreError> {
    let sql = format!(
        "SELECT {} FROM eligibility_periods p JOIN residents r ON r.insurer_no = p.insurer_no AND r.resident_no = \
         p.resident_no WHERE p.insurer_no = $1 AND p.lost_on IS NULL AND r.birth_date <= $2 ORDER BY p.period_id",
        PERIOD_COLUMNS
            .split(", ")
            .map(|c| format!("p.{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    tx.query(&sql, &[insurer_no.into(), born_on_or_before.into()])?
        .into_iter()
        .map(period_row)
        .collect()
}

/// 記号・番号 of an NHI household.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardRow {
    pub household_no: String,
    pub card_symbol: String,
    pub card_number: String,
}

pub fn card_of_household(tx: &mut dyn Tx, insurer_no: &str, household_no: &str) -> Result<Option<CardRow>, StoreError> {
    tx.query_opt(
        "SELECT household_no, card_symbol, card_number FROM cards WHERE insurer_no = $1 AND household_no = $2",
        &[insurer_no.into(), household_no.into()],
    )?
    .map(|mut r| {
        Ok(CardRow {
            household_no: r.string(0)?,
            card_symbol: r.string(1)?,
            card_number: r.string(2)?,
        })
    })
    .transpose()
}

pub fn insert_card(tx: &mut dyn Tx, insurer_no: &str, c: &CardRow) -> Result<(), StoreError> {
    insert_cards(tx, insurer_no, std::slice::from_ref(c)).map(|_| ())
}

/// Bulk insert of new cards.
pub fn insert_cards(tx: &mut dyn Tx, insurer_no: &str, rows: &[CardRow]) -> Result<u64, StoreError> {
    tx.insert_many(
        "cards",
        &["insurer_no", "household_no", "card_symbol", "card_number"],
        &mut rows.iter().map(|c| {
            vec![
                insurer_no.into(),
                c.household_no.as_str().into(),
                c.card_symbol.as_str().into(),
                c.card_number.as_str().into(),
            ]
        }),
    )
}

/// The highest 番号 given so far (numbers are zero-padded, so text order is numeric order);
/// an index lookup, not a count, because it runs for every new household.
pub fn max_card_number(tx: &mut dyn Tx, insurer_no: &str) -> Result<Option<String>, StoreError> {
    tx.query_one(
        "SELECT MAX(card_number) FROM cards WHERE insurer_no = $1",
        &[insurer_no.into()],
    )?
    .opt_string(0)
}

/// Every 枝番 ever given within a card number (at most 99; the caller takes the highest).
pub fn branches_of_card(tx: &mut dyn Tx, insurer_no: &str, card_number: &str) -> Result<Vec<String>, StoreError> {
    tx.query(
        "SELECT branch_no FROM branch_numbers WHERE insurer_no = $1 AND card_number = $2",
        &[insurer_no.into(), card_number.into()],
    )?
    .into_iter()
    .map(|mut r| r.string(0))
    .collect()
}

pub fn branch_of(
    tx: &mut dyn Tx,
    insurer_no: &str,
    card_number: &str,
    resident_no: &str,
) -> Result<Option<String>, StoreError> {
    tx.query_opt(
        "SELECT branch_no FROM branch_numbers WHERE insurer_no = $1 AND card_number = $2 AND resident_no = $3",
        &[insurer_no.into(), card_number.into(), resident_no.into()],
    )?
    .map(|mut r| r.string(0))
    .transpose()
}

pub fn insert_branch(
    tx: &mut dyn Tx,
    insurer_no: &str,
    card_number: &str,
    branch_no: &str,
    resident_no: &str,
) -> Result<(), StoreError> {
    let row = [(card_number.to_string(), branch_no.to_string(), resident_no.to_string())];
    insert_branches(tx, insurer_no, &row).map(|_| ())
}

/// Bulk insert of (番号, 枝番, 宛名番号).
pub fn insert_branches(
    tx: &mut dyn Tx,
    insurer_no: &str,
    rows: &[(String, String, String)],
) -> Result<u64, StoreError> {
    tx.insert_many(
        "branch_numbers",
        &["insurer_no", "card_number", "branch_no", "resident_no"],
        &mut rows.iter().map(|(c, b, r)| {
            vec![
                insurer_no.into(),
                c.as_str().into(),
                b.as_str().into(),
                r.as_str().into(),
            ]
        }),
    )
}

/// (記号, 番号, 枝番) a person has been given, newest card last.
pub fn cards_of_resident(
    tx: &mut dyn Tx,
    insurer_no: &str,
    resident_no: &str,
) -> Result<Vec<(String, String, String)>, StoreError> {
    tx.query(
        "SELECT c.card_symbol, b.card_number, b.branch_no FROM branch_numbers b \
         JOIN cards c ON c.insurer_no = b.insurer_no AND c.card_number = b.card_number \
         WHERE b.insurer_no = $1 AND b.resident_no = $2",
        &[insurer_no.into(), resident_no.into()],
    )?
    .into_iter()
    .map(|mut r| Ok((r.string(0)?, r.string(1)?, r.string(2)?)))
    .collect::<Result<Vec<_>, StoreError>>()
    .map(|mut cards| {
        cards.sort_by(|a, b| a.1.cmp(&b.1));
        cards
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagRow {
    pub flag_id: i64,
    pub kind: FlagKind,
    pub resident_no: Option<String>,
    pub household_no: Option<String>,
    pub from_date: Date,
    pub until_date: Option<Date>,
    /// The flag's attributes (kept as JSON text).
    pub attributes: FlagAttributes,
}

const FLAG_COLUMNS: &str = "flag_id, kind, resident_no, household_no, from_date, until_date, attributes";

fn flag_row(mut r: crate::Row) -> Result<FlagRow, StoreError> {
    Ok(FlagRow {
        flag_id: r.int(0)?,
        kind: r.code(1)?,
        resident_no: r.opt_string(2)?,
        household_no: r.opt_string(3)?,
        from_date: r.date(4)?,
        until_date: r.opt_date(5)?,
        attributes: json_column::read("flags.attributes", &r.string(6)?)?,
    })
}

pub fn insert_flag(tx: &mut dyn Tx, insurer_no: &str, f: &FlagRow) -> Result<(), StoreError> {
    insert_flags(tx, insurer_no, std::slice::from_ref(f)).map(|_| ())
}

/// Bulk insert of new flags.
pub fn insert_flags(tx: &mut dyn Tx, insurer_no: &str, rows: &[FlagRow]) -> Result<u64, StoreError> {
    let attributes = rows
        .iter()
        .map(|f| json_column::write("flags.attributes", &f.attributes))
        .collect::<Result<Vec<_>, _>>()?;
    tx.insert_many(
        "flags",
        &with_insurer(FLAG_COLUMNS),
        &mut rows.iter().zip(attributes).map(|(f, attributes)| {
            vec![
                insurer_no.into(),
                f.flag_id.into(),
                f.kind.as_str().into(),
                f.resident_no.clone().into(),
                f.household_no.clone().into(),
                f.from_date.into(),
                f.until_date.into(),
                attributes.into(),
            ]
        }),
    )
}

pub fn end_flag(tx: &mut dyn Tx, insurer_no: &str, flag_id: i64, until: Date) -> Result<u64, StoreError> {
    tx.execute(
        "UPDATE flags SET until_date = $3 WHERE insurer_no = $1 AND flag_id = $2",
        &[insurer_no.into(), flag_id.into(), until.into()],
    )
}

pub fn get_flag(tx: &mut dyn Tx, insurer_no: &str, flag_id: i64) -> Result<Option<FlagRow>, StoreError> {
    let sql = format!("SELECT {FLAG_COLUMNS} FROM flags WHERE insurer_no = $1 AND flag_id = $2");
    tx.query_opt(&sql, &[insurer_no.into(), flag_id.into()])?
        .map(flag_row)
        .transpose()
}

/// The periods of the residents `who` (a chunk's members; see [`ChunkResidents`]).
pub fn periods_of_residents(
    tx: &mut dyn Tx,
    insurer_no: &str,
    who: &ChunkResidents,
) -> Result<Vec<PeriodRow>, StoreError> {
    let mut out = Vec::new();
    tx.query_each(
        &who.select(PERIOD_COLUMNS, "eligibility_periods", ""),
        &who.params(insurer_no),
        &mut |r| {
            out.push(period_row(r)?);
            Ok(())
        },
    )?;
    Ok(out)
}

/// The flags of the households numbered `first..=last` and of the residents `members`.
pub fn flags_of_households_in_range(
    tx: &mut dyn Tx,
    insurer_no: &str,
    first: &str,
    last: &str,
    members: &ChunkResidents,
) -> Result<Vec<FlagRow>, StoreError> {
    // Two queries, not one with OR: each then uses its index (flags_household, flags_resident).
    let params: [Value; 3] = [insurer_no.into(), first.into(), last.into()];
    let mut rows = tx.query(
        &format!("SELECT {FLAG_COLUMNS} FROM flags WHERE insurer_no = $1 AND household_no BETWEEN $2 AND $3"),
        &params,
    )?;
    rows.extend(tx.query(&members.select(FLAG_COLUMNS, "flags", ""), &members.params(insurer_no))?);
    let mut flags = sorted_flags(rows)?;
    flags.dedup_by_key(|f| f.flag_id); // a flag of a member that names the household too
    Ok(flags)
}

pub fn flags_of_resident(tx: &mut dyn Tx, insurer_no: &str, resident_no: &str) -> Result<Vec<FlagRow>, StoreError> {
    let sql = format!("SELECT {FLAG_COLUMNS} FROM flags WHERE insurer_no = $1 AND resident_no = $2");
    sorted_flags(tx.query(&sql, &[insurer_no.into(), resident_no.into()])?)
}

pub fn flags_of_household(tx: &mut dyn Tx, insurer_no: &str, household_no: &str) -> Result<Vec<FlagRow>, StoreError> {
    let sql = format!("SELECT {FLAG_COLUMNS} FROM flags WHERE insurer_no = $1 AND household_no = $2");
    sorted_flags(tx.query(&sql, &[insurer_no.into(), household_no.into()])?)
}

fn sorted_flags(rows: Vec<crate::Row>) -> Result<Vec<FlagRow>, StoreError> {
    let mut flags: Vec<FlagRow> = rows.into_iter().map(flag_row).collect::<Result<_, _>>()?;
    flags.sort_by_key(|f| (f.from_date, f.flag_id));
    Ok(flags)
}

/// Whether a resident has a 支援措置 (restricted access) flag active on `on`.
pub fn is_restricted(tx: &mut dyn Tx, insurer_no: &str, resident_no: &str, on: Date) -> Result<bool, StoreError> {
    let sql = format!(
        "SELECT flag_id FROM flags WHERE insurer_no = $1 AND resident_no = $2 AND kind = '{}' \
         AND from_date <= $3 AND (until_date IS NULL OR until_date > $3) LIMIT 1",
        FlagKind::SupportMeasure.as_str()
    );
    Ok(tx
        .query_opt(&sql, &[insurer_no.into(), resident_no.into(), on.into()])?
        .is_some())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateRow {
    pub certificate_id: i64,
    pub resident_no: String,
    pub kind: CertificateKind,
    pub issued_on: Date,
    pub valid_until: Option<Date>,
    pub copay_ratio: Option<String>,
    /// 交付中, 再交付済み (replaced by a newer one) or 返還済み.
    pub status: CertificateStatus,
    pub reissue_of: Option<i64>,
    pub returned_on: Option<Date>,
}

const CERT_COLUMNS: &str =
    "certificate_id, resident_no, kind, issued_on, valid_until, copay_ratio, status, reissue_of, returned_on";

fn cert_row(mut r: crate::Row) -> Result<CertificateRow, StoreError> {
    Ok(CertificateRow {
        certificate_id: r.int(0)?,
        resident_no: r.string(1)?,
        kind: r.code(2)?,
        issued_on: r.date(3)?,
        valid_until: r.opt_date(4)?,
        copay_ratio: r.opt_string(5)?,
        status: r.code(6)?,
        reissue_of: r.opt_int(7)?,
        returned_on: r.opt_date(8)?,
    })
}

pub fn insert_certificate(tx: &mut dyn Tx, insurer_no: &str, c: &CertificateRow) -> Result<(), StoreError> {
    insert_certificates(tx, insurer_no, std::slice::from_ref(c)).map(|_| ())
}

/// Bulk insert of new certificates.
pub fn insert_certificates(tx: &mut dyn Tx, insurer_no: &str, rows: &[CertificateRow]) -> Result<u64, StoreError> {
    tx.insert_many(
        "certificates",
        &with_insurer(CERT_COLUMNS),
        &mut rows.iter().map(|c| {
            vec![
                insurer_no.into(),
                c.certificate_id.into(),
                c.resident_no.as_str().into(),
                c.kind.as_str().into(),
                c.issued_on.into(),
                c.valid_until.into(),
                c.copay_ratio.clone().into(),
                c.status.as_str().into(),
                c.reissue_of.into(),
                c.returned_on.into(),
            ]
        }),
    )
}

pub fn set_certificate_status(
    tx: &mut dyn Tx,
    insurer_no: &str,
    certificate_id: i64,
    status: CertificateStatus,
    returned_on: Option<Date>,
) -> Result<u64, StoreError> {
    tx.execute(
        "UPDATE certificates SET status = $3, returned_on = COALESCE($4, returned_on) WHERE insurer_no = $1 AND \
         certificate_id = $2",
        &[
            insurer_no.into(),
            certificate_id.into(),
            status.as_str().into(),
            Value::from(returned_on),
        ],
    )
}

pub fn get_certificate(
    tx: &mut dyn Tx,
    insurer_no: &str,
    certificate_id: i64,
) -> Result<Option<CertificateRow>, StoreError> {
    let sql = format!("SELECT {CERT_COLUMNS} FROM certificates WHERE insurer_no = $1 AND certificate_id = $2");
    tx.query_opt(&sql, &[insurer_no.into(), certificate_id.into()])?
        .map(cert_row)
        .transpose()
}

pub fn certificates_of(
    tx: &mut dyn Tx,
    insurer_no: &str,
    resident_no: &str,
) -> Result<Vec<CertificateRow>, StoreError> {
    let sql = format!("SELECT {CERT_COLUMNS} FROM certificates WHERE insurer_no = $1 AND resident_no = $2");
    let mut certs: Vec<CertificateRow> = tx
        .query(&sql, &[insurer_no.into(), resident_no.into()])?
        .into_iter()
        .map(cert_row)
        .collect::<Result<_, _>>()?;
    certs.sort_by_key(|c| c.certificate_id);
    Ok(certs)
}

/// The household a card number (番号) belongs to.
pub fn household_of_card(tx: &mut dyn Tx, insurer_no: &str, card_number: &str) -> Result<Option<String>, StoreError> {
    tx.query_opt(
        "SELECT household_no FROM cards WHERE insurer_no = $1 AND card_number = $2",
        &[insurer_no.into(), card_number.into()],
    )?
    .map(|mut r| r.string(0))
    .transpose()
}
