//! Staff: login and sessions, accounts and roles, and the city's settings.

pub mod accounts;
pub mod admin;
pub mod auth;
pub mod city_settings;
mod policy;
