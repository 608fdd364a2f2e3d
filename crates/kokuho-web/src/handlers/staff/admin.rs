//! 管理: named user accounts, roles and personal API tokens.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use kokuho_app::App;
use kokuho_domain::Login;
use serde::{Deserialize, Serialize};

use crate::api::staff::UserSummary;
use crate::auth::ApiActor;
use crate::blocking::blocking;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{JsonBody, PathParam};

/// 職員の追加. The password and second factor are set up through the staff UI (later issue).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddUserRequest {
    /// 職員ID (3–32 characters of a–z, 0–9, `.`, `_`, `-`; no shared names)
    pub login: String,
    /// 氏名
    pub display_name: String,
    /// ロール (counter, eligibility, my_number, restricted, assessment, collection, benefit, auditor, admin)
    #[serde(default)]
    pub roles: Vec<String>,
}

/// 追加した職員.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UserCreated {
    pub login: String,
}

/// 職員の追加.
#[utoipa::path(
    post,
    path = "/api/v1/admin/users",
    tag = "管理",
    operation_id = "add_user",
    request_body = AddUserRequest,
    responses(
        (status = 201, description = "追加しました", body = UserCreated),
        (status = 409, description = "職員IDが使用済み", body = ErrorBody),
    )
)]
pub(crate) async fn add_user(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    JsonBody(req): JsonBody<AddUserRequest>,
) -> Result<(StatusCode, Json<UserCreated>), ApiError> {
    let login = Login::parse(&req.login).map_err(|e| ApiError::invalid("login", e.to_string()))?;
    let created = login.as_str().to_string();
    blocking(move || app.add_user(&actor, &login, &req.display_name, &req.roles, None)).await?;
    Ok((StatusCode::CREATED, Json(UserCreated { login: created })))
}

/// 職員の一覧.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UserList {
    pub users: Vec<UserSummary>,
}

/// 職員の一覧.
#[utoipa::path(
    get,
    path = "/api/v1/admin/users",
    tag = "管理",
    operation_id = "list_users",
    responses((status = 200, description = "職員の一覧", body = UserList))
)]
pub(crate) async fn list_users(State(app): State<App>, ApiActor(actor): ApiActor) -> Result<Json<UserList>, ApiError> {
    let users = blocking(move || app.list_users(&actor)).await?;
    Ok(Json(UserList {
        users: users.into_iter().map(Into::into).collect(),
    }))
}

/// ロールの付与・取消.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetRoleRequest {
    /// ロール
    pub role: String,
    /// true: 付与、false: 取消
    pub grant: bool,
}

/// ロールの付与・取消 (effective on the user's next request).
#[utoipa::path(
    post,
    path = "/api/v1/admin/users/{login}/roles",
    tag = "管理",
    operation_id = "set_role",
    params(("login" = String, Path, description = "職員ID")),
    request_body = SetRoleRequest,
    responses(
        (status = 204, description = "変更しました"),
        (status = 404, description = "職員がいない", body = ErrorBody),
    )
)]
pub(crate) async fn set_role(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    PathParam(login): PathParam<String>,
    JsonBody(req): JsonBody<SetRoleRequest>,
) -> Result<StatusCode, ApiError> {
    blocking(move || app.set_role(&actor, &login, &req.role, req.grant)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// APIトークンの発行.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTokenRequest {
    /// 用途のメモ (e.g. 「住基連携バッチ」)
    pub label: String,
}

/// 発行したトークン: shown this once, never stored in plain text.
#[derive(Clone, Serialize, utoipa::ToSchema)]
pub struct TokenCreated {
    pub token: String,
    pub label: String,
}

impl std::fmt::Debug for TokenCreated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenCreated")
            .field("label", &self.label)
            .finish_non_exhaustive()
    }
}

/// APIトークンの発行 (for the named user; the token acts with that user's roles).
#[utoipa::path(
    post,
    path = "/api/v1/admin/users/{login}/tokens",
    tag = "管理",
    operation_id = "create_token",
    params(("login" = String, Path, description = "職員ID")),
    request_body = CreateTokenRequest,
    responses(
        (status = 201, description = "発行しました（トークンはこの応答でのみ表示されます）", body = TokenCreated),
        (status = 404, description = "職員がいない", body = ErrorBody),
    )
)]
pub(crate) async fn create_token(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    PathParam(login): PathParam<String>,
    JsonBody(req): JsonBody<CreateTokenRequest>,
) -> Result<(StatusCode, Json<TokenCreated>), ApiError> {
    let label = req.label.trim().to_string();
    if label.is_empty() || label.chars().count() > 100 || label.chars().any(char::is_control) {
        return Err(ApiError::invalid(
            "label",
            "用途を100文字以内で入力してください（制御文字は使えません）",
        ));
    }
    let for_app = label.clone();
    let token = blocking(move || app.create_token(&actor, &login, &for_app)).await?;
    Ok((StatusCode::CREATED, Json(TokenCreated { token, label })))
}
