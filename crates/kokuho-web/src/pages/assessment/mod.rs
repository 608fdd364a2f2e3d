//! 賦課 screens: the menu and jobs, the counter simulation, rate tables, the rate simulation, the public simulator.

pub(crate) mod counter;
pub(crate) mod menu;
pub(crate) mod premium_view;
pub(crate) mod rates;
pub(crate) mod simulation;
pub(crate) mod simulator;
