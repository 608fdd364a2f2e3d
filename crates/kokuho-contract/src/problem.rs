//! What can be wrong with a JSON document, as data: each kind carries its fields (what was
//! found, what the field's type expects, the field or variant named, the allowed values), so the
//! Japanese messages ([`crate::japanese`]) are chosen from the kind and never from serde's
//! English text. [`Problem`] implements `serde::de::Error`, so serde's derives and the domain's
//! own `Deserialize` impls raise it directly through [`crate::reader`].

use std::fmt;

use serde::de::{Expected, Unexpected};

/// The JSON value that was found where a field's type wanted something else.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// `true` / `false`.
    Bool,
    /// An integer.
    Integer,
    /// A number with a fraction or exponent (or too large for 64 bits).
    Float,
    /// A string (its text).
    Text(String),
    /// `null`.
    Null,
    /// An array.
    Seq,
    /// An object.
    Map,
    /// Anything else serde can name (never produced by JSON).
    Other,
}

impl Found {
    fn of(unexpected: &Unexpected<'_>) -> Found {
        match unexpected {
            Unexpected::Bool(_) => Found::Bool,
            Unexpected::Unsigned(_) | Unexpected::Signed(_) => Found::Integer,
            Unexpected::Float(_) => Found::Float,
            Unexpected::Char(c) => Found::Text(c.to_string()),
            Unexpected::Str(s) => Found::Text((*s).to_owned()),
            Unexpected::Unit => Found::Null,
            Unexpected::Seq => Found::Seq,
            Unexpected::Map => Found::Map,
            _ => Found::Other,
        }
    }
}

/// What the field's type asked the reader for (the `deserialize_*` method it called): the
/// structured form of serde's "expected …".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expecting {
    /// `true` / `false`.
    Bool,
    /// An integer of some width.
    Integer,
    /// A floating-point number.
    Float,
    /// A string taken as it is (`String` and the types built from one: rates, months, ids).
    Text,
    /// A string its type parses itself (`deserialize_str`: the calendar dates).
    Parsed,
    /// `null` (a unit, e.g. the value of a unit variant written as an object).
    Unit,
    /// An array (or a tuple).
    List,
    /// An object: a struct (with its Rust name) or a map.
    Object(&'static str),
    /// Whatever the type accepts (a type that looks at the value: `household.incomes`).
    Any,
    /// One of an enum's variants.
    Variant,
    /// A value or `null`.
    Option,
}

/// A refused document: the kind of problem with its fields. The path is kept beside it (see
/// [`crate::reader::Refusal`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// Not JSON at this line and column (1-based line; column 0 = before the first character).
    Syntax {
        /// Line.
        line: usize,
        /// Column.
        column: usize,
    },
    /// The text ends inside the document.
    Eof {
        /// Line.
        line: usize,
        /// Column.
        column: usize,
    },
    /// More text after a complete document.
    Trailing {
        /// Line.
        line: usize,
        /// Column.
        column: usize,
    },
    /// A value of the wrong JSON type.
    InvalidType {
        /// What was there.
        found: Found,
        /// What the field's type asked for (`None` until the reader knows).
        expecting: Option<Expecting>,
        /// serde's description of what was expected (kept for diagnostics and for
        /// [`Problem::legacy_text`]).
        expected: String,
    },
    /// A value of the right JSON type that the field's type refuses (e.g. an integer too large
    /// for it).
    InvalidValue {
        /// What was there.
        found: Found,
        /// What the field's type asked for.
        expecting: Option<Expecting>,
        /// serde's description of what was expected.
        expected: String,
    },
    /// An array (or an object given as an array) with the wrong number of elements.
    InvalidLength {
        /// How many were given.
        len: usize,
        /// serde's description of what was expected.
        expected: String,
    },
    /// A string that is none of the values an enum allows.
    UnknownVariant {
        /// The string given.
        variant: String,
        /// The values allowed.
        allowed: &'static [&'static str],
    },
    /// An object member the type does not have.
    UnknownField {
        /// The member's name.
        field: String,
        /// The members allowed.
        allowed: &'static [&'static str],
    },
    /// A required member absent.
    MissingField {
        /// The member's name.
        field: &'static str,
    },
    /// A member given twice.
    DuplicateField {
        /// The member's name.
        field: &'static str,
    },
    /// The type's own refusal: the domain's messages are Japanese already (negative money,
    /// a rate that is not a percentage, an impossible month); a calendar date's refusal is the
    /// date library's.
    Custom {
        /// The message.
        message: String,
        /// What the value was, when the reader saw it.
        found: Option<Found>,
    },
    /// A marker used inside the reader while an error of the JSON parser travels back to it;
    /// never returned by [`crate::reader`].
    Parser,
}

impl Problem {
    /// Notes what the field's type asked for on a type or value problem that does not say yet.
    pub(crate) fn expecting(mut self, what: &Expecting) -> Problem {
        if let Problem::InvalidType { expecting, .. } | Problem::InvalidValue { expecting, .. } = &mut self
            && expecting.is_none()
        {
            *expecting = Some(what.clone());
        }
        self
    }

    /// Notes what the value was on a refusal of the type's own.
    pub(crate) fn found(mut self, what: Option<&Found>) -> Problem {
        if let Problem::Custom { found, .. } = &mut self
            && found.is_none()
        {
            *found = what.cloned();
        }
        self
    }

    /// The wording the calculators have always given for the kinds that have no Japanese
    /// message of their own (an object given as an array of the wrong length, a member given
    /// twice): serde's wording, produced here rather than read (spec/calculators.md's messages
    /// must stay byte-identical).
    pub fn legacy_text(&self) -> Option<String> {
        match self {
            Problem::InvalidLength { len, expected } => Some(format!("invalid length {len}, expected {expected}")),
            Problem::DuplicateField { field } => Some(format!("duplicate field `{field}`")),
            _ => None,
        }
    }
}

impl std::error::Error for Problem {}

impl serde::de::Error for Problem {
    fn custom<T: fmt::Display>(msg: T) -> Problem {
        Problem::Custom {
            message: msg.to_string(),
            found: None,
        }
    }

    fn invalid_type(unexp: Unexpected<'_>, exp: &dyn Expected) -> Problem {
        Problem::InvalidType {
            found: Found::of(&unexp),
            expecting: None,
            expected: exp.to_string(),
        }
    }

    fn invalid_value(unexp: Unexpected<'_>, exp: &dyn Expected) -> Problem {
        Problem::InvalidValue {
            found: Found::of(&unexp),
            expecting: None,
            expected: exp.to_string(),
        }
    }

    fn invalid_length(len: usize, exp: &dyn Expected) -> Problem {
        Problem::InvalidLength {
            len,
            expected: exp.to_string(),
        }
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Problem {
        Problem::UnknownVariant {
            variant: variant.to_owned(),
            allowed: expected,
        }
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Problem {
        Problem::UnknownField {
            field: field.to_owned(),
            allowed: expected,
        }
    }

    fn missing_field(field: &'static str) -> Problem {
        Problem::MissingField { field }
    }

    fn duplicate_field(field: &'static str) -> Problem {
        Problem::DuplicateField { field }
    }
}
