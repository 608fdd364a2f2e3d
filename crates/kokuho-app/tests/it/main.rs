//! kokuho-app integration tests: the use cases against real SQLite and PostgreSQL.
//! One test binary (link time); each test runs on both backends.

mod support;

mod eligibility;
mod journal;
mod my_number;
