//! Test fixtures: a bootstrapped insurer with named staff on a fresh database.

use std::sync::Arc;

use jiff::civil::{Date, date};
use kokuho_app::keys::KeyService;
use kokuho_app::{Actor, App, AuthMethod, FixedClock};
use kokuho_crypto::Kek;
use kokuho_domain::eligibility::resident::{
    Address, PersonName, PersonRecord, ResidentChange, ResidentChangeKind, Sex,
};
use kokuho_store::Dialect;
use kokuho_store::testing::TestDb;

pub const INSURER: &str = "999991";

pub struct Fixture {
    pub db: TestDb,
    pub app: App,
    pub clerk: Actor,
    pub clerk2: Actor,
    pub counter: Actor,
    pub auditor: Actor,
    pub admin: Actor,
    /// The app's clock (starts at 2026-11-22).
    pub clock: Arc<FixedClock>,
}

pub fn fixture(dialect: Dialect) -> Fixture {
    let db = TestDb::new(dialect).expect("test database");
    let clock = Arc::new(FixedClock::at_date(date(2026, 11, 22)));
    let app = App::new(
        db.store().clone(),
        KeyService::new(Kek::generate().unwrap()),
        clock.clone(),
    );
    app.bootstrap_insurer(
        &INSURER.parse().unwrap(),
        "テスト市",
        &"suzuki".parse().unwrap(),
        "管理 一郎",
        "test",
    )
    .unwrap();
    let admin = app.actor_for_login("suzuki", AuthMethod::Cli).unwrap();
    for (login, roles) in [
        ("tanaka", vec!["eligibility", "my_number"]),
        ("sato", vec!["eligibility", "my_number"]),
        ("ito", vec!["counter"]),
        ("kato", vec!["auditor"]),
    ] {
        let roles: Vec<String> = roles.into_iter().map(String::from).collect();
        app.add_user(&admin, &login.parse().unwrap(), "職員", &roles, None)
            .unwrap();
    }
    let actor = |l: &str| app.actor_for_login(l, AuthMethod::Cli).unwrap();
    Fixture {
        clerk: actor("tanaka"),
        clerk2: actor("sato"),
        counter: actor("ito"),
        auditor: actor("kato"),
        admin,
        app,
        db,
        clock,
    }
}

/// Runs `body` on SQLite and on PostgreSQL.
pub fn both(body: impl Fn(Fixture)) {
    body(fixture(Dialect::Sqlite));
    body(fixture(Dialect::Postgres));
}

pub fn person(name: &str, kana: &str, birth: Date, sex: Sex) -> PersonRecord {
    PersonRecord {
        name: PersonName {
            name: name.into(),
            kana: kana.into(),
        },
        birth_date: birth,
        sex,
        nationality: None,
        stay_until: None,
    }
}

pub fn move_in(id: &str, resident: &str, household: &str, head: bool, on: Date, p: PersonRecord) -> ResidentChange {
    ResidentChange {
        change_id: id.into(),
        kind: ResidentChangeKind::MoveIn,
        effective_on: on,
        notified_on: on,
        resident_no: resident.parse().unwrap(),
        household_no: household.parse().unwrap(),
        is_head: head,
        relationship: if head { "世帯主".into() } else { "妻".into() },
        person: Some(p),
        address: Some(Address {
            postal_code: "9990001".into(),
            line: "テスト市中央町1-2-3".into(),
        }),
    }
}

pub fn simple(id: &str, kind: ResidentChangeKind, resident: &str, household: &str, on: Date) -> ResidentChange {
    ResidentChange {
        change_id: id.into(),
        kind,
        effective_on: on,
        notified_on: on,
        resident_no: resident.parse().unwrap(),
        household_no: household.parse().unwrap(),
        is_head: false,
        relationship: "子".into(),
        person: None,
        address: None,
    }
}

/// A two-person household: 1001 (head, born 1960) and 1002 (born 1965), moved in 2020-04-01.
pub fn seed_household(f: &Fixture) {
    let changes = vec![
        (
            2,
            move_in(
                "A1",
                "1001",
                "501",
                true,
                date(2020, 4, 1),
                person("山田 太郎", "ヤマダ タロウ", date(1960, 5, 10), Sex::Male),
            ),
        ),
        (
            3,
            move_in(
                "A2",
                "1002",
                "501",
                false,
                date(2020, 4, 1),
                person("山田 花子", "ヤマダ ハナコ", date(1965, 8, 1), Sex::Female),
            ),
        ),
    ];
    f.app.import_resident_changes(&f.clerk, "seed.csv", &changes).unwrap();
}
