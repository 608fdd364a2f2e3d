//! What the journal needs of each business area's events.

use jiff::civil::Date;

/// What the journal needs of an area's events. Each area's enum derives its serde with
/// `#[serde(tag = "kind", rename_all = "snake_case")]`, so its variants are written flat.
pub trait AreaEvent {
    /// Every `kind` tag the area's events are written with (the snake_case variant names).
    const KINDS: &'static [&'static str];

    /// The stored `kind` column (same as the JSON tag).
    fn kind(&self) -> &'static str;

    /// Whom the event is about (宛名番号, 世帯番号 or another reference), for per-person history.
    fn subject(&self) -> String;

    /// The date the change takes effect (異動日), where it has one.
    fn effective_on(&self) -> Option<Date>;
}
