//! No `Display` means no `ToString` either.
use kokuho_domain::MyNumber;

fn main() {
    let n = MyNumber::parse("123456789018").unwrap();
    let _ = n.to_string();
}
