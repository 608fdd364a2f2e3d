//! 資格 screens: search, person and household, the eligibility change forms, work items, My Number.

pub(crate) mod changes;
pub(crate) mod my_number;
pub(crate) mod views;
pub(crate) mod work_items;
