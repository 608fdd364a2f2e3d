//! Small SQL text helpers shared by the adapters.

use crate::error::StoreError;
use std::borrow::Cow;

/// Rewrites PostgreSQL-style `$N` placeholders to SQLite's `?N`.
///
/// SQLite would accept `$1` too, but as a *named* parameter numbered by first appearance, so
/// `WHERE b = $2 AND a = $1` would silently bind the wrong values. `?N` is positional.
/// Placeholders inside string literals, quoted identifiers and comments are left alone.
/// [`dollar_to_question`] with a per-thread memo: the same few hundred SQL texts are rewritten
/// millions of times in a batch job, and the rewrite showed up as ~9 % of a city load's profile.
pub(crate) fn sqlite_sql(sql: &str) -> std::rc::Rc<str> {
    use std::cell::RefCell;
    use std::collections::HashMap;
    use std::rc::Rc;
    /// Bound on the memo; SQL texts are templates, so this is never reached in practice.
    const MAX_ENTRIES: usize = 4096;
    thread_local! {
        static MEMO: RefCell<HashMap<String, Rc<str>>> = RefCell::new(HashMap::new());
    }
    MEMO.with(|memo| {
        if let Some(hit) = memo.borrow().get(sql) {
            return hit.clone();
        }
        let rewritten: Rc<str> = Rc::from(dollar_to_question(sql).as_ref());
        let mut memo = memo.borrow_mut();
        if memo.len() >= MAX_ENTRIES {
            memo.clear();
        }
        memo.insert(sql.to_owned(), rewritten.clone());
        rewritten
    })
}

pub(crate) fn dollar_to_question(sql: &str) -> Cow<'_, str> {
    if !sql.contains('$') {
        return Cow::Borrowed(sql);
    }
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    let mut prev = ' ';
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' | '`' => {
                out.push(c);
                // A doubled quote closes and immediately reopens, which this loop handles.
                for inner in chars.by_ref() {
                    out.push(inner);
                    if inner == c {
                        break;
                    }
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                out.push(c);
                for inner in chars.by_ref() {
                    out.push(inner);
                    if inner == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                out.push(c);
                let mut last = ' ';
                for inner in chars.by_ref() {
                    out.push(inner);
                    if last == '*' && inner == '/' {
                        break;
                    }
                    last = inner;
                }
            }
            '$' if !is_ident_char(prev) && chars.peek().is_some_and(char::is_ascii_digit) => {
                out.push('?');
            }
            _ => out.push(c),
        }
        prev = c;
    }
    Cow::Owned(out)
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$'
}

/// Accepts `name` or `schema.name` made of ASCII letters, digits and `_` (not starting with a
/// digit). Used for the table and column names that `insert_many` splices into SQL text, so
/// nothing from outside can inject SQL there.
pub(crate) fn check_identifier(name: &str) -> Result<(), StoreError> {
    let ok_part = |p: &str| {
        !p.is_empty()
            && p.len() <= 63
            && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !p.starts_with(|c: char| c.is_ascii_digit())
    };
    let mut parts = name.split('.');
    let valid = match (parts.next(), parts.next(), parts.next()) {
        (Some(a), None, None) => ok_part(a),
        (Some(a), Some(b), None) => ok_part(a) && ok_part(b),
        _ => false,
    };
    if valid {
        Ok(())
    } else {
        Err(StoreError::schema("表名または列名に使えない文字が含まれています"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_only_real_placeholders() {
        assert_eq!(
            dollar_to_question("SELECT $2, $1 FROM t WHERE a = $10"),
            "SELECT ?2, ?1 FROM t WHERE a = ?10"
        );
        assert_eq!(
            dollar_to_question("SELECT '$1', \"$2\", $3 -- $4\n, $5 /* $6 */ , $7"),
            "SELECT '$1', \"$2\", ?3 -- $4\n, ?5 /* $6 */ , ?7"
        );
        assert_eq!(dollar_to_question("SELECT 'it''s $1', $1"), "SELECT 'it''s $1', ?1");
        assert_eq!(dollar_to_question("SELECT a$1, $$"), "SELECT a$1, $$");
        assert!(matches!(dollar_to_question("SELECT 1"), Cow::Borrowed(_)));
        assert_eq!(dollar_to_question("SELECT '𠮷$1', $1"), "SELECT '𠮷$1', ?1");
    }

    #[test]
    fn identifiers() {
        for ok in ["insurers", "kokuho_t_ab12.insurers", "_x", "A1"] {
            assert!(check_identifier(ok).is_ok(), "{ok}");
        }
        for bad in ["", "1a", "a b", "a;drop", "a.b.c", "\"a\"", "a.", "氏名"] {
            assert!(check_identifier(bad).is_err(), "{bad}");
        }
    }
}
