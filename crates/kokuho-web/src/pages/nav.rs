//! The staff menu: one table of screens with the permission each needs. The top page lists every
//! entry the user's permissions open; the entries with an access key also stand in the header of
//! every signed-in page. A screen the user may not use is not offered anywhere.

use std::fmt;

use axum::response::{IntoResponse, Response};
use kokuho_app::Permission;

use crate::error::ApiError;
use crate::pages::render;
use crate::session::Staff;

/// One screen of the menu.
pub(crate) struct MenuEntry {
    /// What the screen needs (None: every signed-in user).
    pub permission: Option<Permission>,
    pub path: &'static str,
    pub title: &'static str,
    pub note: &'static str,
    /// The header's link: its short name and access key (None: top menu only).
    pub shortcut: Option<(&'static str, char)>,
}

const fn entry(
    permission: Option<Permission>,
    path: &'static str,
    title: &'static str,
    note: &'static str,
    shortcut: Option<(&'static str, char)>,
) -> MenuEntry {
    MenuEntry {
        permission,
        path,
        title,
        note,
        shortcut,
    }
}

/// Every screen of the top menu, in the order shown.
pub(crate) static MENU: &[MenuEntry] = &[
    entry(
        Some(Permission::EligibilityRead),
        "/residents",
        "住民・世帯の検索",
        "資格照会と資格の異動",
        Some(("住民検索", 'S')),
    ),
    entry(
        Some(Permission::EligibilityRead),
        "/work-items",
        "作業リスト",
        "住民異動から発生した確認作業",
        Some(("作業リスト", 'W')),
    ),
    entry(
        Some(Permission::MyNumberAccess),
        "/my-number/confirmations",
        "個人番号の要確認リスト",
        "二者確認",
        None,
    ),
    entry(
        Some(Permission::Assessment),
        "/assessment",
        "賦課",
        "窓口試算・賦課決定の照会・当初賦課・料率表",
        Some(("賦課", 'F')),
    ),
    entry(
        Some(Permission::Audit),
        "/audit",
        "監査ログの点検",
        "検索・定期点検レポート・検証",
        None,
    ),
    entry(
        Some(Permission::Admin),
        "/admin/users",
        "職員の管理",
        "職員・ロールと権限",
        None,
    ),
    entry(None, "/simulator", "保険料の試算", "公開ページ", None),
    entry(None, "/password", "パスワードの変更", "", None),
];

/// The signed-in user as every page's header shows them: the name and the screens they may open.
#[derive(Default)]
pub(crate) struct Signed {
    pub name: String,
    entries: Vec<&'static MenuEntry>,
}

impl Signed {
    /// The header of `staff`'s pages. A password past the city's maximum age opens nothing but
    /// its change, so nothing else is offered.
    pub(crate) fn of(staff: &Staff) -> Signed {
        let actor = &staff.session.actor;
        let expired = staff.session.password_expired;
        let entries = MENU
            .iter()
            .filter(|e| !expired && e.permission.is_none_or(|p| actor.has(p)))
            .collect();
        Signed {
            name: staff.session.display_name.clone(),
            entries,
        }
    }

    /// The top page's menu.
    pub(crate) fn menu(&self) -> impl Iterator<Item = &'static MenuEntry> + '_ {
        self.entries.iter().copied()
    }

    /// Whether the user may open the menu's screen at `path` (to offer a link to it elsewhere).
    pub(crate) fn offers(&self, path: &str) -> bool {
        self.entries.iter().any(|e| e.path == path)
    }

    /// The header's links: (path, short name, access key).
    pub(crate) fn shortcuts(&self) -> impl Iterator<Item = (&'static str, &'static str, char)> + '_ {
        self.menu()
            .filter_map(|e| e.shortcut.map(|(name, key)| (e.path, name, key)))
    }
}

/// `{{ user }}` in a template is the name.
impl fmt::Display for Signed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

#[derive(askama::Template)]
#[template(path = "layout/refused.html")]
struct RefusedPage<'a> {
    user: Signed,
    message: &'a str,
}

impl Staff {
    /// The header for this user's pages.
    pub(crate) fn signed(&self) -> Signed {
        Signed::of(self)
    }

    /// An error page inside the signed-in layout (the header and menu stay), with the status of
    /// `e` (403 for a refusal, 404, 422 …).
    pub(crate) fn error(&self, e: ApiError) -> Response {
        (
            e.status(),
            render(&RefusedPage {
                user: self.signed(),
                message: &e.body().message,
            }),
        )
            .into_response()
    }
}
