//! The stored JSON of an [`Event`]: flat, with the `kind` tag first, whatever the event's area —
//! `{"kind": "enrolled", "resident_no": ...}` — byte for byte what the journal has always held.
//!
//! Writing: an area's event is written by its own derive (`tag = "kind"`: the tag, then the fields
//! in order, straight to the writer); a batch as `{"kind": "batch", "subject", "events"}`.
//! Reading: the `kind` is read first (every stored entry begins with it), its area is found from
//! the areas' [`AreaEvent::KINDS`], and that area's derive reads the entry (the tag handed back to
//! it first). An entry whose `kind` comes later is still read: the fields before it are kept.

use std::borrow::Cow;
use std::fmt;

use serde::de::value::{BorrowedStrDeserializer, MapAccessDeserializer, StrDeserializer, StringDeserializer};
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::area::AreaEvent;
use super::event::{BATCH, Event};
use crate::assessment::events::AssessmentEvent;
use crate::eligibility::events::EligibilityEvent;
use crate::work::events::WorkEvent;

const TAG: &str = "kind";

impl Serialize for Event {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Event::Eligibility(e) => e.serialize(serializer),
            Event::Assessment(e) => e.serialize(serializer),
            Event::Work(e) => e.serialize(serializer),
            Event::Batch { subject, events } => {
                let mut s = serializer.serialize_struct("Batch", 3)?;
                s.serialize_field(TAG, BATCH)?;
                s.serialize_field("subject", subject)?;
                s.serialize_field("events", events)?;
                s.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(EventVisitor)
    }
}

/// Reads the entry in the area its `kind` belongs to.
fn read_kind<'de, A: MapAccess<'de>>(kind: &str, fields: Fields<'_, A>) -> Result<Event, A::Error> {
    fn area<'de, E, A>(fields: Fields<'_, A>) -> Result<E, A::Error>
    where
        E: Deserialize<'de>,
        A: MapAccess<'de>,
    {
        E::deserialize(MapAccessDeserializer::new(fields))
    }
    if EligibilityEvent::KINDS.contains(&kind) {
        area(fields).map(Event::Eligibility)
    } else if AssessmentEvent::KINDS.contains(&kind) {
        area(fields).map(Event::Assessment)
    } else if WorkEvent::KINDS.contains(&kind) {
        area(fields).map(Event::Work)
    } else if kind == BATCH {
        let batch: BatchFields = area(Fields { tag: None, ..fields })?;
        Ok(Event::Batch {
            subject: batch.subject,
            events: batch.events,
        })
    } else {
        Err(de::Error::custom(format!(
            "unknown journal event kind `{kind}`, expected one of {}",
            all_kinds().join(", ")
        )))
    }
}

/// Every kind an entry can have.
fn all_kinds() -> Vec<&'static str> {
    [
        EligibilityEvent::KINDS,
        AssessmentEvent::KINDS,
        WorkEvent::KINDS,
        &[BATCH],
    ]
    .concat()
}

/// A batch's fields besides its kind.
#[derive(Deserialize)]
struct BatchFields {
    subject: String,
    events: Vec<Event>,
}

struct EventVisitor;

impl<'de> Visitor<'de> for EventVisitor {
    type Value = Event;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a journal event (a JSON object with its `kind`)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Event, A::Error> {
        let mut before = Vec::new();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            if key.0 == TAG {
                let kind: Key<'de> = map.next_value()?;
                let fields = Fields {
                    tag: Some(&kind.0),
                    before: before.into_iter(),
                    rest: map,
                    value: None,
                };
                return read_kind(&kind.0, fields);
            }
            before.push((key.0.into_owned(), map.next_value::<serde_json::Value>()?));
        }
        Err(de::Error::missing_field(TAG))
    }
}

/// A key or the kind, borrowed from the input where it can be.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// The entry's fields as the area's derive reads them: the tag first (unless left out), then any
/// fields read before the tag, then the rest straight from the input.
struct Fields<'k, A> {
    tag: Option<&'k str>,
    before: std::vec::IntoIter<(String, serde_json::Value)>,
    rest: A,
    /// The value of a field taken from `before`, until it is asked for.
    value: Option<Pending<'k>>,
}

/// A value handed out after its key.
enum Pending<'k> {
    Tag(&'k str),
    Kept(serde_json::Value),
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Fields<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        if let Some(tag) = self.tag.take() {
            self.value = Some(Pending::Tag(tag));
            return seed
                .deserialize(BorrowedStrDeserializer::<A::Error>::new(TAG))
                .map(Some);
        }
        if let Some((key, value)) = self.before.next() {
            self.value = Some(Pending::Kept(value));
            let key: StringDeserializer<A::Error> = key.into_deserializer();
            return seed.deserialize(key).map(Some);
        }
        self.rest.next_key_seed(seed)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match self.value.take() {
            Some(Pending::Tag(tag)) => seed.deserialize(StrDeserializer::<A::Error>::new(tag)),
            Some(Pending::Kept(value)) => seed.deserialize(value).map_err(de::Error::custom),
            None => self.rest.next_value_seed(seed),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        self.rest
            .size_hint()
            .map(|n| n + self.before.len() + usize::from(self.tag.is_some()))
    }
}
