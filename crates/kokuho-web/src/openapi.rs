//! The OpenAPI document, generated from the handlers' `#[utoipa::path]` and completed from the
//! route inventory: bearer security and the permission on every protected operation, and the
//! error responses every route shares.

use std::sync::OnceLock;

use axum::http::header;
use axum::response::IntoResponse;
use utoipa::OpenApi;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};

use crate::handlers::{
    assessment::rates, audit::maintenance, calc, eligibility::changes, eligibility::imports, eligibility::my_number,
    eligibility::views, health, staff::admin,
};
use crate::inventory::{self, Access};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "kokuho API",
        description = "市町村国民健康保険 資格管理システム kokuho の API。個人番号を返す操作と一括出力はありません。",
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later"),
    ),
    paths(
        health::healthz,
        openapi_document,
        views::search_residents,
        views::resident_detail,
        views::household_view,
        views::work_items,
        changes::enroll,
        changes::withdraw,
        changes::correct,
        changes::set_flag,
        changes::end_flag,
        changes::issue_certificate,
        changes::reissue_certificate,
        changes::return_certificate,
        changes::close_work_item,
        my_number::link,
        my_number::lookup,
        my_number::confirmations,
        my_number::resolve,
        imports::resident_changes,
        imports::incomes,
        admin::add_user,
        admin::list_users,
        admin::set_role,
        admin::create_token,
        maintenance::verify_journal,
        maintenance::verify_audit,
        calc::premium,
        calc::high_cost,
        calc::late_fee,
        rates::list,
        rates::get,
        rates::set,
        rates::household_premium,
        rates::assessments,
        rates::decide,
        rates::simulate,
    ),
    components(schemas(crate::error::ErrorBody)),
    modifiers(&FromInventory),
)]
pub struct ApiDoc;

/// Adds what the inventory knows to every operation.
struct FromInventory;

const BEARER: &str = "bearer";

fn error_response(description: &str) -> RefOr<utoipa::openapi::Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ErrorBody")))
                    .build(),
            )
            .build(),
    )
}

fn add_response(op: &mut Operation, status: &str, description: &str) {
    op.responses
        .responses
        .entry(status.to_string())
        .or_insert_with(|| error_response(description));
}

impl utoipa::Modify for FromInventory {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("職員ごとのAPIトークン（管理者が発行）"))
                    .build(),
            ),
        );
        for (path, item) in openapi.paths.paths.iter_mut() {
            for (method, op) in [("GET", item.get.as_mut()), ("POST", item.post.as_mut())] {
                let Some(op) = op else { continue };
                let Some(spec) = inventory::find(method, path) else {
                    continue;
                };
                // The handler's doc comment becomes the description; the inventory's name the summary.
                let doc: Vec<String> = [op.summary.take(), op.description.take()]
                    .into_iter()
                    .flatten()
                    .filter(|s| !s.is_empty())
                    .collect();
                op.summary = Some(spec.function.to_string());
                let mut description = doc.join("\n\n");
                match spec.access {
                    Access::Public | Access::LoginStep | Access::StaffPage(_) => {
                        op.security = Some(vec![SecurityRequirement::default()]);
                    }
                    Access::Requires(permission) => {
                        op.security = Some(vec![SecurityRequirement::new(BEARER, Vec::<String>::new())]);
                        if !description.is_empty() {
                            description.push_str("\n\n");
                        }
                        description.push_str(&format!("必要な権限: {}（{}）", permission.label(), permission.code()));
                        add_response(op, "401", "認証されていない（トークンがない・無効・利用停止）");
                        add_response(op, "403", "権限がない（監査ログに記録されます）");
                        add_response(op, "422", "入力内容に誤りがある");
                    }
                }
                op.description = (!description.is_empty()).then_some(description);
                if method == "POST" && op.request_body.is_some() {
                    add_response(op, "413", "送信されたデータが大きすぎる");
                    add_response(op, "415", "Content-Type が正しくない");
                }
                add_response(op, "500", "システムエラー（受付番号つき）");
            }
        }
    }
}

/// The OpenAPI document as pretty JSON, without a final newline: `kokuho openapi` prints it
/// with `println!`, and the committed `crates/kokuho-web/openapi.json` is exactly that output.
pub fn openapi_json() -> String {
    match ApiDoc::openapi().to_pretty_json() {
        Ok(s) => s,
        Err(e) => {
            tracing::error!(error = %e, "OpenAPI 文書を生成できませんでした");
            String::from("{}")
        }
    }
}

/// [`openapi_json`], computed once per process.
pub(crate) fn cached_json() -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(openapi_json)
}

/// この API の OpenAPI 文書.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "運用",
    operation_id = "openapi_document",
    responses((status = 200, description = "OpenAPI 文書", content_type = "application/json"))
)]
pub(crate) async fn openapi_document() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], cached_json())
}
