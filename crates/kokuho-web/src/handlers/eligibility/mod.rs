//! 資格 API: eligibility changes, views, My Number, file imports.

pub(crate) mod changes;
pub(crate) mod imports;
pub(crate) mod my_number;
pub(crate) mod views;
