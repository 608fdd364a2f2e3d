//! 監査 (audit): the hash-chained audit trail every use case writes, its typed events, and its review.

pub mod event;
pub mod readable;
pub mod review;
pub mod trail;
pub mod value;

pub use event::{AuditAction, AuditEvent, FailureDetail};
