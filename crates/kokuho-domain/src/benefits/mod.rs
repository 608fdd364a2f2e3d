//! 給付 (benefits): today the 高額療養費 (high-cost benefit) calculator.

pub mod high_cost;
