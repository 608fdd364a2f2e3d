//! 監査 API: journal and audit-trail verification.

pub(crate) mod maintenance;
