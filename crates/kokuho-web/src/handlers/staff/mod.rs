//! Staff API: insurers, users, roles, tokens.

pub(crate) mod admin;
