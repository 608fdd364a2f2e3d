//! `MyNumber` has no `Display`: it can't be put on a screen, in a log line or a message by `{}`.
use kokuho_domain::MyNumber;

fn main() {
    let n = MyNumber::parse("123456789018").unwrap();
    let _ = format!("{}", n);
}
