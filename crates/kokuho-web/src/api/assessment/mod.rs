//! 賦課: the assessment routes' bodies.

pub mod premium;
pub mod rates;
pub mod simulation;
