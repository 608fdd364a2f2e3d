//! The journal's wire format: one example of every event kind must serialize to exactly the bytes
//! the release before the per-area events wrote (the literals below were captured from it), and
//! read back to the same event. The entry hash covers these bytes, so they may never change.
//! (The two rate tables are valid tables since the event carries them typed; they are written in
//! the same form, JSON text with sorted keys, as the canonical text the release stored.)

use std::collections::BTreeMap;

use jiff::civil::date;
use kokuho_domain::assessment::collection_plan::{CollectionPlan, CollectionSettings};
use kokuho_domain::assessment::installments::Remainder;
use kokuho_domain::assessment::premium::Rate;
use kokuho_domain::assessment::premium::input::{Amount, ComponentRates, ComponentsInput, RatesInput, Rounding};
use kokuho_domain::assessment::premium::output::ComponentResult;
use kokuho_domain::eligibility::period::{AcquisitionReason, FlagAttributes, FlagKind, LossReason};
use serde_json::json;

use super::{AreaEvent, BATCH, Event};
use crate::assessment::events::AssessmentEvent;
use crate::eligibility::events::{CardAssignment, EligibilityEvent};
use crate::work::events::WorkEvent;

fn from<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
    serde_json::from_value(value).expect("example")
}

fn card(new_card: bool) -> CardAssignment {
    CardAssignment {
        household_no: "200000000000007".into(),
        card_symbol: "990001".into(),
        card_number: "00012345".into(),
        branch_no: "02".into(),
        new_card,
    }
}

/// One event of every kind (two where optional fields are left out when absent).
fn examples() -> Vec<Event> {
    let change = from(json!({
        "change_id": "J-2025-000123",
        "kind": "move_in",
        "effective_on": "2025-04-01",
        "notified_on": "2025-04-03",
        "resident_no": "100000000000001",
        "household_no": "200000000000007",
        "is_head": true,
        "relationship": "世帯主",
        "person": {
            "name": {"name": "山田 太郎", "kana": "ヤマダ タロウ"},
            "birth_date": "1980-05-17",
            "sex": "male",
            "nationality": null,
            "stay_until": null
        },
        "address": {"postal_code": "6600051", "line": "尼崎市東七松町一丁目23番1号"}
    }));
    let income = from(json!({
        "resident_no": "100000000000001",
        "year": 2024,
        "salary_revenue": 4_200_000,
        "pension_revenue": 0,
        "other_income": 120_000,
        "separate_income": 0,
        "separate_special_deduction": 0,
        "family_employee_pay": 0,
        "taxable_income": 2_150_000,
        "tax_exempt": false,
        "undeclared": false
    }));
    let components: BTreeMap<String, ComponentResult> = from(json!({
        "medical": {"income_levy": 150000, "per_capita": 50000, "per_household": 30000, "asset_levy": 0,
            "reductions": 0, "exemptions": 0, "before_cap": 230000, "capped": false, "amount": 230000},
        "support": {"income_levy": 50000, "per_capita": 15000, "per_household": 10000, "asset_levy": 0,
            "reductions": 0, "exemptions": 0, "before_cap": 75000, "capped": false, "amount": 75000}
    }));
    let plan: CollectionPlan = from(json!({
        "installments": [
            {"month": "2025-06", "method": "direct", "amount": 30500},
            {"month": "2025-07", "method": "direct", "amount": 30400}
        ],
        "refund": 0,
        "note": "普通徴収（10期）"
    }));
    let assessed = |plan: Option<CollectionPlan>| AssessmentEvent::PremiumAssessed {
        fiscal_year: 2025,
        household_no: "200000000000007".into(),
        version: 2,
        input_digest: "9f2c".into(),
        total: kokuho_domain::Yen::new(305_000),
        reduction: kokuho_domain::assessment::premium::Reduction::None,
        components: components.clone(),
        incomplete: vec!["income:100000000000002".into()],
        plan,
    };
    vec![
        EligibilityEvent::ResidentChanged { change }.into(),
        EligibilityEvent::Enrolled {
            resident_no: "100000000000001".into(),
            household_no: "200000000000007".into(),
            acquired_on: date(2025, 4, 1),
            reason: AcquisitionReason::MoveIn,
            notified_on: date(2025, 4, 20),
            late: true,
            card: card(true),
        }
        .into(),
        EligibilityEvent::Withdrawn {
            period_id: 41,
            resident_no: "100000000000001".into(),
            lost_on: date(2025, 10, 1),
            reason: LossReason::JoinedEmployeeInsurance,
            notified_on: date(2025, 10, 2),
            late: false,
        }
        .into(),
        EligibilityEvent::PeriodCorrected {
            period_id: 41,
            resident_no: "100000000000001".into(),
            acquired_on: date(2025, 3, 15),
            acquisition_reason: AcquisitionReason::LeftEmployeeInsurance,
            lost_on: None,
            loss_reason: Some(LossReason::Other),
            note: "届出の誤り \"訂正\"\n2行目".into(),
        }
        .into(),
        EligibilityEvent::CardAssigned {
            resident_no: "100000000000003".into(),
            card: card(false),
        }
        .into(),
        EligibilityEvent::FlagSet {
            flag: FlagKind::InvoluntaryUnemployment,
            resident_no: Some("100000000000001".into()),
            household_no: None,
            from: date(2025, 4, 1),
            until: Some(date(2027, 3, 31)),
            attributes: FlagAttributes {
                separation_reason_code: Some("11".into()),
                separated_on: Some(date(2025, 3, 31)),
                ..FlagAttributes::default()
            },
        }
        .into(),
        EligibilityEvent::FlagEnded {
            flag_id: 57,
            until: date(2026, 1, 31),
        }
        .into(),
        EligibilityEvent::CertificateIssued {
            resident_no: "100000000000001".into(),
            certificate: "confirmation".into(),
            issued_on: date(2025, 4, 21),
            valid_until: Some(date(2026, 7, 31)),
            copay_ratio: Some("3割".into()),
            reissue_of: Some(58),
        }
        .into(),
        EligibilityEvent::CertificateReturned {
            certificate_id: 58,
            returned_on: date(2025, 10, 3),
        }
        .into(),
        AssessmentEvent::IncomeRecorded { income }.into(),
        EligibilityEvent::MyNumberLinked {
            resident_no: "100000000000001".into(),
            ciphertext: "AAECAwQ=".into(),
            blind_index: "BQYHCA==".into(),
        }
        .into(),
        EligibilityEvent::MyNumberConfirmationRaised {
            resident_no: "100000000000001".into(),
            reason: "duplicate".into(),
            ciphertext: Some("AAECAwQ=".into()),
            blind_index: None,
            other_resident_no: Some("100000000000009".into()),
        }
        .into(),
        EligibilityEvent::MyNumberConfirmationResolved {
            confirmation_id: 60,
            resident_no: "100000000000001".into(),
            outcome: "rejected".into(),
            note: "別人".into(),
        }
        .into(),
        WorkEvent::WorkItemRaised {
            work: "reassessment_review".into(),
            resident_no: "100000000000001".into(),
            household_no: Some("200000000000007".into()),
            detail: "2年経過".into(),
            due_on: None,
        }
        .into(),
        WorkEvent::WorkItemClosed {
            work_item_id: 61,
            note: "確認済".into(),
        }
        .into(),
        AssessmentEvent::RateTableSet {
            fiscal_year: 2025,
            label: "令和7年度".into(),
            rates: Box::new(RatesInput {
                components: ComponentsInput {
                    medical: Some(ComponentRates {
                        income_rate: Rate::from_hundredths(804),
                        per_capita: Amount(31_200),
                        per_household: Amount(0),
                        asset_rate: None,
                        cap: Amount(660_000),
                        adult_per_capita: None,
                    }),
                    ..ComponentsInput::default()
                },
                ..RatesInput::empty(Rounding::ComponentFloor100)
            }),
            collection: None,
        }
        .into(),
        AssessmentEvent::RateTableSet {
            fiscal_year: 2026,
            label: "令和8年度".into(),
            rates: Box::new(RatesInput::empty(Rounding::Floor1)),
            collection: Some(CollectionSettings {
                months: vec![6, 7],
                unit: 10,
                remainder: Remainder::Last,
                level_withholding: false,
            }),
        }
        .into(),
        assessed(None).into(),
        assessed(Some(plan)).into(),
        Event::Batch {
            subject: "200000000000007".into(),
            events: vec![
                EligibilityEvent::FlagEnded {
                    flag_id: 57,
                    until: date(2026, 1, 31),
                }
                .into(),
                WorkEvent::WorkItemClosed {
                    work_item_id: 61,
                    note: "一括".into(),
                }
                .into(),
            ],
        },
    ]
}

/// The payloads the release before per-area events wrote for [`examples`], in order.
const EXPECTED: [&str; 20] = [
    concat!(
        r#"{"kind":"resident_changed","change":{"change_id":"J-2025-000123","kind":"move_in","#,
        r#""effective_on":"2025-04-01","notified_on":"2025-04-03","resident_no":"100000000000001","#,
        r#""household_no":"200000000000007","is_head":true,"relationship":"世帯主","#,
        r#""person":{"name":{"name":"山田 太郎","kana":"ヤマダ タロウ"},"birth_date":"1980-05-17","sex":"male","#,
        r#""nationality":null,"stay_until":null},"address":{"postal_code":"6600051","#,
        r#""line":"尼崎市東七松町一丁目23番1号"}}}"#,
    ),
    concat!(
        r#"{"kind":"enrolled","resident_no":"100000000000001","household_no":"200000000000007","#,
        r#""acquired_on":"2025-04-01","reason":"move_in","notified_on":"2025-04-20","late":true,"#,
        r#""card":{"household_no":"200000000000007","card_symbol":"990001","card_number":"00012345","#,
        r#""branch_no":"02","new_card":true}}"#,
    ),
    concat!(
        r#"{"kind":"withdrawn","period_id":41,"resident_no":"100000000000001","lost_on":"2025-10-01","#,
        r#""reason":"joined_employee_insurance","notified_on":"2025-10-02","late":false}"#,
    ),
    concat!(
        r#"{"kind":"period_corrected","period_id":41,"resident_no":"100000000000001","#,
        r#""acquired_on":"2025-03-15","acquisition_reason":"left_employee_insurance","lost_on":null,"#,
        r#""loss_reason":"other","note":"届出の誤り \"訂正\"\n2行目"}"#,
    ),
    concat!(
        r#"{"kind":"card_assigned","resident_no":"100000000000003","#,
        r#""card":{"household_no":"200000000000007","card_symbol":"990001","card_number":"00012345","#,
        r#""branch_no":"02","new_card":false}}"#,
    ),
    concat!(
        r#"{"kind":"flag_set","flag":"involuntary_unemployment","resident_no":"100000000000001","#,
        r#""household_no":null,"from":"2025-04-01","until":"2027-03-31","#,
        r#""attributes":{"separation_reason_code":"11","separated_on":"2025-03-31"}}"#,
    ),
    r#"{"kind":"flag_ended","flag_id":57,"until":"2026-01-31"}"#,
    concat!(
        r#"{"kind":"certificate_issued","resident_no":"100000000000001","certificate":"confirmation","#,
        r#""issued_on":"2025-04-21","valid_until":"2026-07-31","copay_ratio":"3割","reissue_of":58}"#,
    ),
    r#"{"kind":"certificate_returned","certificate_id":58,"returned_on":"2025-10-03"}"#,
    concat!(
        r#"{"kind":"income_recorded","income":{"resident_no":"100000000000001","year":2024,"#,
        r#""salary_revenue":4200000,"pension_revenue":0,"other_income":120000,"separate_income":0,"#,
        r#""separate_special_deduction":0,"family_employee_pay":0,"taxable_income":2150000,"#,
        r#""tax_exempt":false,"undeclared":false}}"#,
    ),
    concat!(
        r#"{"kind":"my_number_linked","resident_no":"100000000000001","ciphertext":"AAECAwQ=","#,
        r#""blind_index":"BQYHCA=="}"#,
    ),
    concat!(
        r#"{"kind":"my_number_confirmation_raised","resident_no":"100000000000001","reason":"duplicate","#,
        r#""ciphertext":"AAECAwQ=","blind_index":null,"other_resident_no":"100000000000009"}"#,
    ),
    concat!(
        r#"{"kind":"my_number_confirmation_resolved","confirmation_id":60,"resident_no":"100000000000001","#,
        r#""outcome":"rejected","note":"別人"}"#,
    ),
    concat!(
        r#"{"kind":"work_item_raised","work":"reassessment_review","resident_no":"100000000000001","#,
        r#""household_no":"200000000000007","detail":"2年経過","due_on":null}"#,
    ),
    r#"{"kind":"work_item_closed","work_item_id":61,"note":"確認済"}"#,
    concat!(
        r#"{"kind":"rate_table_set","fiscal_year":2025,"label":"令和7年度","rates":"{\"components\":"#,
        r#"{\"medical\":{\"cap\":660000,\"income_rate\":\"8.04\",\"per_capita\":31200}},"#,
        r#"\"rounding\":\"component_floor_100\"}"}"#,
    ),
    concat!(
        r#"{"kind":"rate_table_set","fiscal_year":2026,"label":"令和8年度","#,
        r#""rates":"{\"components\":{},\"rounding\":\"floor_1\"}","#,
        r#""collection":"{\"level_withholding\":false,\"months\":[6,7],\"remainder\":\"last\",\"unit\":10}"}"#,
    ),
    concat!(
        r#"{"kind":"premium_assessed","fiscal_year":2025,"household_no":"200000000000007","version":2,"#,
        r#""input_digest":"9f2c","total":305000,"reduction":"none","#,
        r#""components":{"medical":{"income_levy":150000,"per_capita":50000,"per_household":30000,"#,
        r#""asset_levy":0,"reductions":0,"exemptions":0,"before_cap":230000,"capped":false,"#,
        r#""amount":230000},"support":{"income_levy":50000,"per_capita":15000,"per_household":10000,"#,
        r#""asset_levy":0,"reductions":0,"exemptions":0,"before_cap":75000,"capped":false,"amount":75000}},"#,
        r#""incomplete":["income:100000000000002"]}"#,
    ),
    concat!(
        r#"{"kind":"premium_assessed","fiscal_year":2025,"household_no":"200000000000007","version":2,"#,
        r#""input_digest":"9f2c","total":305000,"reduction":"none","#,
        r#""components":{"medical":{"income_levy":150000,"per_capita":50000,"per_household":30000,"#,
        r#""asset_levy":0,"reductions":0,"exemptions":0,"before_cap":230000,"capped":false,"#,
        r#""amount":230000},"support":{"income_levy":50000,"per_capita":15000,"per_household":10000,"#,
        r#""asset_levy":0,"reductions":0,"exemptions":0,"before_cap":75000,"capped":false,"amount":75000}},"#,
        r#""incomplete":["income:100000000000002"],"plan":{"installments":[{"month":"2025-06","#,
        r#""method":"direct","amount":30500},{"month":"2025-07","method":"direct","amount":30400}],"#,
        r#""refund":0,"note":"普通徴収（10期）"}}"#,
    ),
    concat!(
        r#"{"kind":"batch","subject":"200000000000007","events":[{"kind":"flag_ended","flag_id":57,"#,
        r#""until":"2026-01-31"},{"kind":"work_item_closed","work_item_id":61,"note":"一括"}]}"#,
    ),
];

#[test]
fn every_kind_is_written_as_before() {
    let examples = examples();
    assert_eq!(examples.len(), EXPECTED.len());
    for (event, expected) in examples.iter().zip(EXPECTED) {
        let json = serde_json::to_string(event).expect("json");
        assert_eq!(json, expected, "{} is written as before", event.kind());
    }
}

#[test]
fn every_kind_reads_back() {
    for (event, stored) in examples().iter().zip(EXPECTED) {
        let read: Event = serde_json::from_str(stored).expect("stored payload");
        assert_eq!(&read, event, "{} reads back", event.kind());
        let value: serde_json::Value = serde_json::from_str(stored).expect("json");
        assert_eq!(value["kind"], event.kind(), "the kind column is the tag");
    }
}

#[test]
fn the_examples_cover_every_kind_of_every_area() {
    let mut covered: Vec<&str> = examples().iter().flat_map(Event::events).map(Event::kind).collect();
    covered.extend(examples().iter().map(Event::kind));
    covered.sort_unstable();
    covered.dedup();
    let mut kinds = [
        EligibilityEvent::KINDS,
        AssessmentEvent::KINDS,
        WorkEvent::KINDS,
        &[BATCH],
    ]
    .concat();
    kinds.sort_unstable();
    assert_eq!(covered, kinds);
    for event in examples().iter().flat_map(Event::events) {
        let owned = match event {
            Event::Eligibility(_) => EligibilityEvent::KINDS,
            Event::Assessment(_) => AssessmentEvent::KINDS,
            Event::Work(_) => WorkEvent::KINDS,
            Event::Batch { .. } => &[BATCH],
        };
        assert!(
            owned.contains(&event.kind()),
            "{} is listed by its own area",
            event.kind()
        );
    }
}

#[test]
fn a_kind_after_other_fields_is_read_too() {
    let stored = r#"{"flag_id":57,"until":"2026-01-31","kind":"flag_ended"}"#;
    let read: Event = serde_json::from_str(stored).expect("kind later");
    assert_eq!(
        read,
        EligibilityEvent::FlagEnded {
            flag_id: 57,
            until: date(2026, 1, 31)
        }
        .into()
    );
    let batch = r#"{"subject":"s","events":[{"until":"2026-01-31","kind":"flag_ended","flag_id":57}],"kind":"batch"}"#;
    let read: Event = serde_json::from_str(batch).expect("batch kind later");
    assert_eq!(read.kind(), BATCH);
    assert_eq!(read.subject(), "s");
    assert_eq!(read.events().len(), 1);
}

#[test]
fn a_bad_entry_is_named() {
    let err = |json: &str| serde_json::from_str::<Event>(json).expect_err("refused").to_string();
    let unknown = err(r#"{"kind":"payment_received","amount":1}"#);
    assert!(
        unknown.contains("unknown journal event kind `payment_received`"),
        "{unknown}"
    );
    assert!(unknown.contains("premium_assessed"), "{unknown}");
    assert!(err(r#"{"flag_id":57}"#).contains("missing field `kind`"));
    let missing = err(r#"{"kind":"flag_ended","flag_id":57}"#);
    assert!(missing.contains("missing field `until`"), "{missing}");
    assert!(err(r#"{"kind":"batch","subject":"s","events":[{"kind":"batch"}]}"#).contains("missing field"));
    assert!(err("[1]").contains("journal event"));
}
