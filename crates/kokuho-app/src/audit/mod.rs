//! 監査 (audit): the hash-chained audit trail every use case writes, and its review.

pub mod review;
pub mod trail;
