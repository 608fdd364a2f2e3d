//! 賦課 API: rate tables.

pub(crate) mod rates;
