//! 収納 (collection): charges and payments; today the 延滞金 (late fee) calculator.

pub mod late_fee;
