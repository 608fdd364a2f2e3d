//! 職員: a user as administrators see it through the API (never the password hash).

use kokuho_app::staff::admin as app;
use serde::Serialize;

/// A user as shown to administrators (never the password hash).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UserSummary {
    pub login: String,
    pub display_name: String,
    pub disabled: bool,
    pub roles: Vec<String>,
}

impl From<app::UserSummary> for UserSummary {
    fn from(v: app::UserSummary) -> Self {
        let app::UserSummary {
            login,
            display_name,
            disabled,
            roles,
        } = v;
        UserSummary {
            login,
            display_name,
            disabled,
            roles,
        }
    }
}
