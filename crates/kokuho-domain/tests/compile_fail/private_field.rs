//! The digits are private: no way around `parse` (check digit) or `expose_digits` (reviewed calls).
use kokuho_domain::MyNumber;

fn main() {
    let n = MyNumber::parse("123456789018").unwrap();
    let _ = &n.digits;
}
