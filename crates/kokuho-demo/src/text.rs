//! Allocation-light string building (the generator formats millions of small numbers).

/// Appends the decimal digits of `n`, left-padded with zeros to at least `width` digits.
pub(crate) fn push_padded(s: &mut String, n: u64, width: usize) {
    let mut buf = [b'0'; 20];
    let mut len = 0usize;
    let mut v = n;
    loop {
        let digit = u8::try_from(v % 10).unwrap_or(0);
        if let Some(slot) = buf.get_mut(len) {
            *slot = b'0' + digit;
        }
        len += 1;
        v /= 10;
        if v == 0 || len == buf.len() {
            break;
        }
    }
    for _ in len..width {
        s.push('0');
    }
    for b in buf.iter().take(len).rev() {
        s.push(char::from(*b));
    }
}

/// Appends the decimal digits of `n`.
pub(crate) fn push_num(s: &mut String, n: u64) {
    push_padded(s, n, 1);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_and_prints_like_format() {
        for (n, w) in [
            (0u64, 1usize),
            (7, 3),
            (123, 3),
            (1234, 3),
            (u64::MAX, 1),
            (42, 9),
            (1_000_000_000, 9),
        ] {
            let mut s = String::new();
            push_padded(&mut s, n, w);
            assert_eq!(s, format!("{n:0w$}"));
        }
        let mut s = String::from("x");
        push_num(&mut s, 305);
        assert_eq!(s, "x305");
    }
}
