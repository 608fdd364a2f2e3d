//! One module per business area; each handler extracts, calls exactly one use case on the
//! blocking pool, and maps the result. No handler decides permissions: the use case does.

pub(crate) mod admin;
pub(crate) mod calc;
pub(crate) mod eligibility;
pub(crate) mod fallback;
pub(crate) mod health;
pub(crate) mod imports;
pub(crate) mod maintenance;
pub(crate) mod my_number;
pub(crate) mod rates;
pub(crate) mod views;
