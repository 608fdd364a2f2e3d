//! 取込: the resident-register change file and the income file, uploaded as the raw body.
//! All or nothing: a bad line rejects the whole file (422 with every bad line).

use axum::Json;
use axum::extract::State;
use kokuho_app::App;
use kokuho_interchange::Encoding;

use crate::api::eligibility::imports::{ImportSummary, IncomeImportSummary};
use crate::auth::ApiActor;
use crate::blocking::run;
use crate::error::ApiError;
use crate::extract::{QueryMap, QueryReader, RawBody};

/// Name recorded in the audit trail when the client gives none.
const DEFAULT_FILE_NAME: &str = "api-upload.csv";

/// `file_name` (for the audit trail) and `encoding`.
fn upload_options(q: &mut QueryReader<'_>) -> (String, Encoding) {
    let file_name = match q.text("file_name") {
        Some(name) if name.chars().any(char::is_control) => {
            q.problem("file_name", "ファイル名に制御文字は使えません");
            DEFAULT_FILE_NAME.to_string()
        }
        Some(name) => name,
        None => DEFAULT_FILE_NAME.to_string(),
    };
    let encoding = match q
        .choice(
            "encoding",
            &["auto", "utf8", "shift_jis"],
            "auto・utf8・shift_jis のいずれかを指定してください",
        )
        .as_deref()
    {
        Some("utf8") => Encoding::Utf8,
        Some("shift_jis") => Encoding::ShiftJis,
        _ => Encoding::Auto,
    };
    (file_name, encoding)
}

/// 住民異動ファイルの取込 (CSV; UTF-8 or Shift_JIS).
#[utoipa::path(
    post,
    path = "/api/v1/imports/resident-changes",
    tag = "取込",
    operation_id = "import_resident_changes",
    params(
        ("file_name" = Option<String>, Query, description = "監査ログに記録するファイル名"),
        ("encoding" = Option<String>, Query, description = "auto（既定）・utf8・shift_jis"),
    ),
    request_body(
        content = String,
        content_type = "text/csv",
        description = "住民異動ファイル（docs/interchange/resident-changes.md）"
    ),
    responses((status = 200, description = "取り込みました", body = ImportSummary))
)]
pub(crate) async fn resident_changes(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    query: QueryMap,
    RawBody(bytes): RawBody,
) -> Result<Json<ImportSummary>, ApiError> {
    let mut q = query.reader(&["file_name", "encoding"]);
    let (file_name, encoding) = upload_options(&mut q);
    q.finish()?;
    let summary = run(move || Ok(app.import_resident_changes_file(&actor, &file_name, &bytes, encoding)?)).await?;
    Ok(Json(summary.into()))
}

/// 所得ファイルの取込 (CSV; UTF-8 or Shift_JIS).
#[utoipa::path(
    post,
    path = "/api/v1/imports/incomes",
    tag = "取込",
    operation_id = "import_incomes",
    params(
        ("file_name" = Option<String>, Query, description = "監査ログに記録するファイル名"),
        ("encoding" = Option<String>, Query, description = "auto（既定）・utf8・shift_jis"),
    ),
    request_body(content = String, content_type = "text/csv", description = "所得ファイル（docs/interchange/incomes.md）"),
    responses((status = 200, description = "取り込みました", body = IncomeImportSummary))
)]
pub(crate) async fn incomes(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    query: QueryMap,
    RawBody(bytes): RawBody,
) -> Result<Json<IncomeImportSummary>, ApiError> {
    let mut q = query.reader(&["file_name", "encoding"]);
    let (file_name, encoding) = upload_options(&mut q);
    q.finish()?;
    let summary = run(move || Ok(app.import_incomes_file(&actor, &file_name, &bytes, encoding)?)).await?;
    Ok(Json(summary.into()))
}
