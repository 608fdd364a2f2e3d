//! Reading a JSON document into a typed input with structured problems.
//!
//! serde_json parses the text as it always did (same positions, same order of discovery, the
//! same number handling: integers, floats, big numbers), but every value is handed to the
//! input type through a visitor of ours, so that whatever the type refuses is raised as a
//! [`Problem`] (serde's `invalid_type`, `unknown_field`, … with their fields) instead of
//! serde_json's English text. The reader asks the parser for "any value" (except for options,
//! enums and newtypes, which the parser reads itself), so a type mismatch is found by the input
//! type's own visitor, which knows what it expected; what the parser refuses itself (bad syntax,
//! an enum that is neither a string nor an object) keeps the parser's line and column.
//!
//! How a problem travels: the parser's traits carry the parser's error type, so a problem
//! raised inside is parked in a [`Stash`] and the parser is given a placeholder; when the
//! placeholder comes back out of the parser, the problem is taken again. The parser's own errors
//! go the other way: parked beside the reader and stood for by [`Problem::Parser`] while they
//! cross the input type's code. The field's path is tracked by serde_path_to_error.

use std::cell::Cell;
use std::fmt;

use serde::de::{
    self, Deserialize, DeserializeOwned, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};
use serde_path_to_error::Segment;

use crate::problem::{Expecting, Found, Problem};

/// The text of the placeholder the parser carries; never shown.
const PLACEHOLDER: &str = "kokuho-contract: problem held by the reader";

/// A refused document: where (the field's path, outermost first) and what.
#[derive(Debug, Clone)]
pub struct Refusal {
    /// The path of the field, as serde_path_to_error tracks it (empty: the document).
    pub path: Vec<Segment>,
    /// What is wrong.
    pub problem: Problem,
}

impl Refusal {
    /// The path as the calculator contract writes it: `household.members[1].birth_date`, `.` for
    /// the document itself (serde_path_to_error's notation).
    pub fn path_text(&self) -> String {
        if self.path.is_empty() {
            return String::from(".");
        }
        let mut out = String::new();
        let mut separator = "";
        for segment in &self.path {
            if !matches!(segment, Segment::Seq { .. }) {
                out.push_str(separator);
            }
            match segment {
                Segment::Seq { index } => out.push_str(&format!("[{index}]")),
                Segment::Map { key } => out.push_str(key),
                Segment::Enum { variant } => out.push_str(variant),
                Segment::Unknown => out.push('?'),
            }
            separator = ".";
        }
        out
    }
}

/// Reads one document from text.
///
/// # Errors
/// [`Refusal`]: the first problem in document order (as serde_json would have found it),
/// trailing text after the document as [`Problem::Trailing`].
pub fn read_str<T: DeserializeOwned>(text: &str) -> Result<T, Refusal> {
    read_with(serde_json::Deserializer::from_str(text))
}

/// Reads one document from bytes (an HTTP body).
///
/// # Errors
/// As [`read_str`]; text that is not UTF-8 inside a string is a syntax problem.
pub fn read_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Refusal> {
    read_with(serde_json::Deserializer::from_slice(bytes))
}

fn read_with<'de, R: serde_json::de::Read<'de>, T: Deserialize<'de>>(
    mut de: serde_json::Deserializer<R>,
) -> Result<T, Refusal> {
    let stash = Stash::default();
    let pending = Cell::new(None);
    let seen = Cell::new(None);
    let reader = Reader {
        de: &mut de,
        stash: &stash,
        pending: &pending,
        seen: &seen,
    };
    match serde_path_to_error::deserialize(reader) {
        Ok(value) => match de.end() {
            Ok(()) => Ok(value),
            Err(e) => Err(Refusal {
                path: Vec::new(),
                problem: Problem::Trailing {
                    line: e.line(),
                    column: e.column(),
                },
            }),
        },
        Err(e) => {
            let path = e.path().iter().cloned().collect();
            let problem = match e.into_inner() {
                Problem::Parser => match pending.take() {
                    Some(e) => parser_problem(&e),
                    None => Problem::Syntax { line: 0, column: 0 },
                },
                other => other.found(seen.take().as_ref()),
            };
            Err(Refusal { path, problem })
        }
    }
}

/// A problem the parser found itself.
fn parser_problem(e: &serde_json::Error) -> Problem {
    let (line, column) = (e.line(), e.column());
    match e.classify() {
        serde_json::error::Category::Eof => Problem::Eof { line, column },
        // The one data error the parser raises while the reader asks for any value: the value of
        // a unit variant written as an object (`{"floor_1": 1}`), which must be null.
        serde_json::error::Category::Data => Problem::InvalidType {
            found: Found::Other,
            expecting: Some(Expecting::Unit),
            expected: String::from("unit"),
        },
        serde_json::error::Category::Syntax | serde_json::error::Category::Io => Problem::Syntax { line, column },
    }
}

/// The problem raised inside the parser's call, until the placeholder comes back out.
#[derive(Default)]
struct Stash(Cell<Option<Problem>>);

impl Stash {
    /// Parks `problem` and gives the parser a placeholder.
    fn hold<E: de::Error>(&self, problem: Problem) -> E {
        self.0.set(Some(problem));
        E::custom(PLACEHOLDER)
    }
}

/// Back from the parser: the parked problem, or the parser's own error parked in `pending`.
fn back<E>(stash: &Stash, pending: &Cell<Option<E>>, e: E) -> Problem {
    match stash.0.take() {
        Some(problem) => problem,
        None => {
            pending.set(Some(e));
            Problem::Parser
        }
    }
}

/// Into the parser: its own error again, or a placeholder for a problem.
fn out<E: de::Error>(stash: &Stash, pending: &Cell<Option<E>>, problem: Problem) -> E {
    if matches!(problem, Problem::Parser)
        && let Some(e) = pending.take()
    {
        return e;
    }
    stash.hold(problem)
}

/// The parser's deserializer, seen by the input type with [`Problem`] as its error.
struct Reader<'a, D, E> {
    de: D,
    stash: &'a Stash,
    /// The parser's own error, while it crosses the input type's code.
    pending: &'a Cell<Option<E>>,
    /// The value the visitor was given (for a refusal raised after it, e.g. a rate's text).
    seen: &'a Cell<Option<Found>>,
}

impl<'a, 'de, D: Deserializer<'de>> Reader<'a, D, D::Error> {
    fn wrap<V>(&self, visitor: V, expecting: Expecting) -> Wrap<'a, V> {
        Wrap {
            visitor,
            stash: self.stash,
            seen: self.seen,
            expecting,
        }
    }

    /// Any value, the input type's visitor deciding what it accepts.
    fn any<V: Visitor<'de>>(self, expecting: Expecting, visitor: V) -> Result<V::Value, Problem> {
        let wrapped = self.wrap(visitor, expecting);
        self.de
            .deserialize_any(wrapped)
            .map_err(|e| back(self.stash, self.pending, e))
    }
}

macro_rules! read_as {
    ($($method:ident => $expecting:expr),* $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Problem> {
                self.any($expecting, visitor)
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Reader<'_, D, D::Error> {
    type Error = Problem;

    read_as! {
        deserialize_any => Expecting::Any,
        deserialize_bool => Expecting::Bool,
        deserialize_i8 => Expecting::Integer,
        deserialize_i16 => Expecting::Integer,
        deserialize_i32 => Expecting::Integer,
        deserialize_i64 => Expecting::Integer,
        deserialize_i128 => Expecting::Integer,
        deserialize_u8 => Expecting::Integer,
        deserialize_u16 => Expecting::Integer,
        deserialize_u32 => Expecting::Integer,
        deserialize_u64 => Expecting::Integer,
        deserialize_u128 => Expecting::Integer,
        deserialize_f32 => Expecting::Float,
        deserialize_f64 => Expecting::Float,
        deserialize_char => Expecting::Parsed,
        deserialize_str => Expecting::Parsed,
        deserialize_string => Expecting::Text,
        deserialize_bytes => Expecting::Any,
        deserialize_byte_buf => Expecting::Any,
        deserialize_unit => Expecting::Unit,
        deserialize_seq => Expecting::List,
        deserialize_map => Expecting::Object(""),
        deserialize_identifier => Expecting::Variant,
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Problem> {
        let wrapped = self.wrap(visitor, Expecting::Option);
        self.de
            .deserialize_option(wrapped)
            .map_err(|e| back(self.stash, self.pending, e))
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Problem> {
        self.any(Expecting::Unit, visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, Problem> {
        let wrapped = self.wrap(visitor, Expecting::Any);
        self.de
            .deserialize_newtype_struct(name, wrapped)
            .map_err(|e| back(self.stash, self.pending, e))
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Problem> {
        self.any(Expecting::List, visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Problem> {
        self.any(Expecting::List, visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Problem> {
        self.any(Expecting::Object(name), visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Problem> {
        let wrapped = self.wrap(visitor, Expecting::Variant);
        self.de
            .deserialize_enum(name, variants, wrapped)
            .map_err(|e| back(self.stash, self.pending, e))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Problem> {
        let wrapped = self.wrap(visitor, Expecting::Any);
        self.de
            .deserialize_ignored_any(wrapped)
            .map_err(|e| back(self.stash, self.pending, e))
    }
}

/// The input type's visitor, given to the parser.
struct Wrap<'a, V> {
    visitor: V,
    stash: &'a Stash,
    seen: &'a Cell<Option<Found>>,
    expecting: Expecting,
}

impl<V> Wrap<'_, V> {
    fn scalar<'de, E: de::Error>(
        self,
        found: Found,
        visit: impl FnOnce(V) -> Result<V::Value, Problem>,
    ) -> Result<V::Value, E>
    where
        V: Visitor<'de>,
    {
        self.seen.set(Some(found.clone()));
        visit(self.visitor).map_err(|p| self.stash.hold(p.expecting(&self.expecting).found(Some(&found))))
    }

    /// A value inside another (`Some(..)`, a newtype): read through a `Reader` of its own, so a
    /// refusal inside it keeps its kind and the parser's own error passes through.
    fn nested<'de, D: Deserializer<'de>>(
        self,
        d: D,
        visit: impl for<'r> FnOnce(V, Reader<'r, D, D::Error>) -> Result<V::Value, Problem>,
    ) -> Result<V::Value, D::Error>
    where
        V: Visitor<'de>,
    {
        let Wrap {
            visitor,
            stash,
            seen,
            expecting,
        } = self;
        let pending = Cell::new(None);
        let reader = Reader {
            de: d,
            stash,
            pending: &pending,
            seen,
        };
        visit(visitor, reader).map_err(|p| out(stash, &pending, p.expecting(&expecting).found(seen.take().as_ref())))
    }
}

macro_rules! visit_scalar {
    ($($method:ident($ty:ty) => $found:expr),* $(,)?) => {
        $(
            fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
                #[allow(clippy::redundant_closure_call)]
                let found = ($found)(&v);
                self.scalar(found, |visitor| visitor.$method(v))
            }
        )*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    visit_scalar! {
        visit_bool(bool) => |_: &bool| Found::Bool,
        visit_i8(i8) => |_: &i8| Found::Integer,
        visit_i16(i16) => |_: &i16| Found::Integer,
        visit_i32(i32) => |_: &i32| Found::Integer,
        visit_i64(i64) => |_: &i64| Found::Integer,
        visit_i128(i128) => |_: &i128| Found::Integer,
        visit_u8(u8) => |_: &u8| Found::Integer,
        visit_u16(u16) => |_: &u16| Found::Integer,
        visit_u32(u32) => |_: &u32| Found::Integer,
        visit_u64(u64) => |_: &u64| Found::Integer,
        visit_u128(u128) => |_: &u128| Found::Integer,
        visit_f32(f32) => |_: &f32| Found::Float,
        visit_f64(f64) => |_: &f64| Found::Float,
        visit_char(char) => |c: &char| Found::Text(c.to_string()),
        visit_str(&str) => |s: &&str| Found::Text((*s).to_owned()),
        visit_borrowed_str(&'de str) => |s: &&str| Found::Text((*s).to_owned()),
        visit_string(String) => |s: &String| Found::Text(s.clone()),
        visit_bytes(&[u8]) => |_: &&[u8]| Found::Other,
        visit_borrowed_bytes(&'de [u8]) => |_: &&[u8]| Found::Other,
        visit_byte_buf(Vec<u8>) => |_: &Vec<u8>| Found::Other,
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.scalar(Found::Null, Visitor::visit_none)
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.scalar(Found::Null, Visitor::visit_unit)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.nested(d, |visitor, reader| visitor.visit_some(reader))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.nested(d, |visitor, reader| visitor.visit_newtype_struct(reader))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        let Wrap {
            visitor,
            stash,
            seen,
            expecting,
        } = self;
        seen.set(Some(Found::Seq));
        let pending = Cell::new(None);
        let items = Items {
            seq,
            stash,
            pending: &pending,
        };
        visitor
            .visit_seq(items)
            .map_err(|p| out(stash, &pending, p.expecting(&expecting).found(Some(&Found::Seq))))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        let Wrap {
            visitor,
            stash,
            seen,
            expecting,
        } = self;
        seen.set(Some(Found::Map));
        let pending = Cell::new(None);
        let members = Members {
            map,
            stash,
            pending: &pending,
        };
        visitor
            .visit_map(members)
            .map_err(|p| out(stash, &pending, p.expecting(&expecting).found(Some(&Found::Map))))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        let Wrap {
            visitor,
            stash,
            expecting,
            ..
        } = self;
        let pending = Cell::new(None);
        let choice = Choice {
            data,
            stash,
            pending: &pending,
        };
        visitor
            .visit_enum(choice)
            .map_err(|p| out(stash, &pending, p.expecting(&expecting)))
    }
}

/// A value the input type asks for (a member, an element, a variant), read by the reader.
struct Seed<'a, S> {
    seed: S,
    stash: &'a Stash,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        let pending = Cell::new(None);
        let seen = Cell::new(None);
        let reader = Reader {
            de: d,
            stash: self.stash,
            pending: &pending,
            seen: &seen,
        };
        self.seed
            .deserialize(reader)
            .map_err(|p| out(self.stash, &pending, p.found(seen.take().as_ref())))
    }
}

/// An array's elements.
struct Items<'a, A, E> {
    seq: A,
    stash: &'a Stash,
    pending: &'a Cell<Option<E>>,
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Items<'_, A, A::Error> {
    type Error = Problem;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Problem> {
        let seed = Seed {
            seed,
            stash: self.stash,
        };
        self.seq
            .next_element_seed(seed)
            .map_err(|e| back(self.stash, self.pending, e))
    }

    fn size_hint(&self) -> Option<usize> {
        self.seq.size_hint()
    }
}

/// An object's members.
struct Members<'a, A, E> {
    map: A,
    stash: &'a Stash,
    pending: &'a Cell<Option<E>>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Members<'_, A, A::Error> {
    type Error = Problem;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Problem> {
        let seed = Seed {
            seed,
            stash: self.stash,
        };
        self.map
            .next_key_seed(seed)
            .map_err(|e| back(self.stash, self.pending, e))
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Problem> {
        let seed = Seed {
            seed,
            stash: self.stash,
        };
        self.map
            .next_value_seed(seed)
            .map_err(|e| back(self.stash, self.pending, e))
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// An enum's variant (a string, or an object of one member).
struct Choice<'a, A, E> {
    data: A,
    stash: &'a Stash,
    pending: &'a Cell<Option<E>>,
}

impl<'a, 'de, A: EnumAccess<'de>> EnumAccess<'de> for Choice<'a, A, A::Error> {
    type Error = Problem;
    type Variant = Variant<'a, A::Variant, A::Error>;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self::Variant), Problem> {
        let seed = Seed {
            seed,
            stash: self.stash,
        };
        match self.data.variant_seed(seed) {
            Ok((value, variant)) => Ok((
                value,
                Variant {
                    variant,
                    stash: self.stash,
                    pending: self.pending,
                },
            )),
            Err(e) => Err(back(self.stash, self.pending, e)),
        }
    }
}

/// The value of a variant.
struct Variant<'a, A, E> {
    variant: A,
    stash: &'a Stash,
    pending: &'a Cell<Option<E>>,
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Variant<'_, A, A::Error> {
    type Error = Problem;

    fn unit_variant(self) -> Result<(), Problem> {
        self.variant
            .unit_variant()
            .map_err(|e| back(self.stash, self.pending, e))
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Problem> {
        let seed = Seed {
            seed,
            stash: self.stash,
        };
        self.variant
            .newtype_variant_seed(seed)
            .map_err(|e| back(self.stash, self.pending, e))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Problem> {
        let seen = Cell::new(None);
        let wrapped = Wrap {
            visitor,
            stash: self.stash,
            seen: &seen,
            expecting: Expecting::List,
        };
        self.variant
            .tuple_variant(len, wrapped)
            .map_err(|e| back(self.stash, self.pending, e))
    }

    fn struct_variant<V: Visitor<'de>>(self, fields: &'static [&'static str], visitor: V) -> Result<V::Value, Problem> {
        let seen = Cell::new(None);
        let wrapped = Wrap {
            visitor,
            stash: self.stash,
            seen: &seen,
            expecting: Expecting::Object(""),
        };
        self.variant
            .struct_variant(fields, wrapped)
            .map_err(|e| back(self.stash, self.pending, e))
    }
}
