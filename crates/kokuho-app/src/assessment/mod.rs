//! 賦課 (assessment): incomes, rate tables, a household's premium and its 賦課決定, the 当初賦課
//! batch, the rate simulation, and the jobs that run them from the screens.

pub mod batch;
pub(crate) mod decision;
pub mod events;
pub(crate) mod household_facts;
pub mod incomes;
pub(crate) mod input;
mod job_registry;
pub mod jobs;
mod outcomes;
pub mod premium;
pub mod projection;
pub mod rates;
pub mod simulation;
pub(crate) mod touched;
