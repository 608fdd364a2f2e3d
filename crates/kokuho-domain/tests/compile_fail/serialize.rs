//! `MyNumber` has no `Serialize`: it can't end up in JSON, a DTO, a log record or an export.
use kokuho_domain::MyNumber;

fn main() {
    let n = MyNumber::parse("123456789018").unwrap();
    let _ = serde_json::to_string(&n);
}
