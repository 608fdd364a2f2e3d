//! 賦課 (assessment): incomes, the yearly premium, its installments and collection plan, and the
//! rate simulation.

pub mod collection_plan;
pub mod income;
pub mod income_conversion;
pub mod installments;
pub mod premium;
pub mod simulation;
