//! `MyNumber` has no `Deserialize`: every number goes through `MyNumber::parse`.
use kokuho_domain::MyNumber;

fn main() {
    let _ = serde_json::from_str::<MyNumber>("\"123456789018\"");
}
