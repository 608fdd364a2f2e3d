//! 資格: the eligibility routes' bodies.

pub mod changes;
pub mod imports;
pub mod my_number;
pub mod views;
