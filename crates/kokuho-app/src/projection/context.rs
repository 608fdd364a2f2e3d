//! What a projection knows of the journal entry it applies.

/// Context of the entry being applied.
#[derive(Debug, Clone, Copy)]
pub struct EntryContext<'a> {
    pub insurer_no: &'a str,
    pub seq: i64,
    pub recorded_at: &'a str,
    pub actor: &'a str,
}
