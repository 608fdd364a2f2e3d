//! One module per business area; each handler extracts, calls exactly one use case on the
//! blocking pool, and maps the result. No handler decides permissions: the use case does.

// Shared: the public calculators, health, and the answers to unknown routes.
pub(crate) mod calc;
pub(crate) mod fallback;
pub(crate) mod health;

// One folder per business area.
pub(crate) mod assessment;
pub(crate) mod audit;
pub(crate) mod eligibility;
pub(crate) mod staff;
