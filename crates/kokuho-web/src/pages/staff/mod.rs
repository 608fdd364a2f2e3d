//! Staff screens: login, password, account administration, the city's settings.

pub(crate) mod admin;
pub(crate) mod login;
pub(crate) mod password;
pub(crate) mod settings;
