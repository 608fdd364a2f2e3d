//! 作業リスト: the work raised by resident-register changes and reassessments (open first, paged),
//! each closed with a note of what was done.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use kokuho_app::eligibility::views::{PAGE_SIZE, WorkItemView};
use kokuho_app::{App, AppError, AuditAction, Permission};
use kokuho_domain::kernel::work::WorkItemStatus;
use serde::Deserialize;

use crate::blocking::blocking;
use crate::error::ApiError;
use crate::pages::{render, require};
use crate::session::Staff;

#[derive(Template)]
#[template(path = "eligibility/work_items.html")]
struct WorkItemsPage {
    user: crate::pages::nav::Signed,
    items: Vec<WorkItemView>,
    /// The items listed: 未完了, or 完了 (`?closed=1`).
    status: WorkItemStatus,
    closed: bool,
    page: u32,
    has_more: bool,
    done: bool,
    error: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListQuery {
    #[serde(default)]
    closed: Option<String>,
    #[serde(default)]
    page: Option<u32>,
    #[serde(default)]
    done: Option<String>,
}

async fn page(app: App, staff: Staff, q: ListQuery, error: Option<String>) -> Response {
    let closed = q.closed.is_some();
    let page = q.page.unwrap_or(1).max(1);
    let actor = staff.session.actor.clone();
    let status = if closed {
        WorkItemStatus::Done
    } else {
        WorkItemStatus::Open
    };
    match blocking(move || app.work_items(&actor, Some(status), page)).await {
        Ok(items) => render(&WorkItemsPage {
            user: staff.signed(),
            has_more: i64::try_from(items.len()).is_ok_and(|n| n == PAGE_SIZE),
            items,
            status,
            closed,
            page,
            done: q.done.is_some(),
            error,
        }),
        Err(e) => staff.error(e),
    }
}

/// GET /work-items: open items (or `?closed=1`), a page at a time.
pub(crate) async fn list(State(app): State<App>, staff: Staff, Query(q): Query<ListQuery>) -> Response {
    page(app, staff, q, None).await
}

#[derive(Debug, Deserialize)]
pub(crate) struct CloseForm {
    #[serde(default)]
    note: String,
}

/// POST /work-items/{work_item_id}/close
pub(crate) async fn close(
    State(app): State<App>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<CloseForm>,
) -> Response {
    if let Err(e) = require(
        &app,
        &staff,
        Permission::EligibilityWrite,
        AuditAction::WorkItemClose,
        format!("work_item:{id}"),
    )
    .await
    {
        return staff.error(e);
    }
    if f.note.trim().is_empty() {
        return page(
            app,
            staff,
            ListQuery::default(),
            Some(format!("作業{id}: 対応内容を入力してください")),
        )
        .await;
    }
    let (a, actor) = (app.clone(), staff.session.actor.clone());
    match blocking(move || a.close_work_item(&actor, id, &f.note)).await {
        Ok(()) => Redirect::to("/work-items?done=1").into_response(),
        Err(ApiError::App(e @ (AppError::Conflict(_) | AppError::NotFound { .. }))) => {
            page(app, staff, ListQuery::default(), Some(format!("作業{id}: {e}"))).await
        }
        Err(e) => staff.error(e),
    }
}
