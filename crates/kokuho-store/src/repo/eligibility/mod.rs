//! 資格: residents and households, eligibility periods, cards, flags and certificates, My Numbers.

pub mod my_numbers;
pub mod periods;
pub mod residents;
