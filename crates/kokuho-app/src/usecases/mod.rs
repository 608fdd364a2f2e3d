//! The use cases, one module per business area. Each is a method on `App`.

pub mod admin;
pub mod assessment;
pub mod assessment_batch;
pub mod audit_review;
pub mod city_settings;
pub(crate) mod decision;
pub mod demo;
pub mod eligibility;
pub(crate) mod household_facts;
pub mod incomes;
pub mod jobs;
pub mod maintenance;
pub mod my_number;
pub mod rate_simulation;
pub mod rates;
pub mod residents;
pub mod staff_admin;
pub mod staff_auth;
pub mod views;
