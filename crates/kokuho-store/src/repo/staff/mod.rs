//! Staff: accounts, roles and API tokens, login state and sessions, the city's settings.

pub mod access;
pub mod auth;
pub mod city_settings;
