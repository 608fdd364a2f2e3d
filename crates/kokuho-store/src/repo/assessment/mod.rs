//! 賦課: incomes, rate tables and 賦課決定.

pub mod decisions;
pub mod incomes;
pub mod rate_tables;
