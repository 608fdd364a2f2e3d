//! 職員画面: the top page, resident search and the household view. Every page takes a [`Staff`]
//! session and calls the same use cases as the API (permission checked and audited there).
//! Results never show a My Number; lists are paged.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use kokuho_app::App;
use kokuho_app::eligibility::views::{HouseholdView, ResidentDetail, ResidentSummary, SearchRequest};
use serde::Deserialize;

use crate::blocking::blocking;
use crate::error::ApiError;
use crate::pages::eligibility::changes::{HOUSEHOLD_SCREENS, RESIDENT_SCREENS, done_message};
use crate::pages::{date_field, refusal, render, search_link};
use crate::session::Staff;

#[derive(Template)]
#[template(path = "layout/home.html")]
struct HomePage {
    /// The user and the menu their permissions open.
    user: crate::pages::nav::Signed,
}

/// GET /: the menu of what this user may do.
pub(crate) async fn home(staff: Staff) -> Response {
    render(&HomePage { user: staff.signed() })
}

/// The search form as typed (shown back as typed).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct SearchForm {
    #[serde(default)]
    kana: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    birth_date: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    resident_no: String,
    #[serde(default)]
    card_number: String,
    #[serde(default)]
    page: Option<u32>,
}

impl SearchForm {
    fn is_empty(&self) -> bool {
        [
            &self.kana,
            &self.name,
            &self.birth_date,
            &self.address,
            &self.resident_no,
            &self.card_number,
        ]
        .iter()
        .all(|v| v.trim().is_empty())
    }

    /// The query string of this search at `page`.
    fn link(&self, page: u32) -> String {
        let fields = [
            ("kana", self.kana.as_str()),
            ("name", &self.name),
            ("birth_date", &self.birth_date),
            ("address", &self.address),
            ("resident_no", &self.resident_no),
            ("card_number", &self.card_number),
        ];
        search_link("/residents", &fields, ("page", page.to_string()))
    }
}

#[derive(Template)]
#[template(path = "eligibility/residents.html")]
struct ResidentsPage {
    user: crate::pages::nav::Signed,
    form: SearchForm,
    birth_error: Option<String>,
    error: Option<String>,
    searched: bool,
    residents: Vec<ResidentSummary>,
    page: u32,
    prev: Option<String>,
    next: Option<String>,
}

/// GET /residents: the search form and, when a criterion is given, one page of results.
pub(crate) async fn residents(State(app): State<App>, staff: Staff, Query(form): Query<SearchForm>) -> Response {
    let user = staff.signed();
    let mut page = ResidentsPage {
        user,
        form,
        birth_error: None,
        error: None,
        searched: false,
        residents: Vec::new(),
        page: 1,
        prev: None,
        next: None,
    };
    if page.form.is_empty() {
        return render(&page);
    }
    let birth_date = match date_field(&page.form.birth_date) {
        Ok(d) => d,
        Err(e) => {
            page.birth_error = Some(e);
            return render(&page);
        }
    };
    let text = |v: &str| Some(v.trim().to_string()).filter(|v| !v.is_empty());
    let req = SearchRequest {
        kana: text(&page.form.kana),
        name: text(&page.form.name),
        birth_date,
        address: text(&page.form.address),
        resident_no: text(&page.form.resident_no),
        household_no: None,
        card_number: text(&page.form.card_number),
        page: Some(page.form.page.unwrap_or(1).max(1)),
    };
    let actor = staff.session.actor.clone();
    match blocking(move || app.search_residents(&actor, &req)).await {
        Ok(result) => {
            page.searched = true;
            page.page = result.page;
            page.prev = (result.page > 1).then(|| page.form.link(result.page - 1));
            page.next = result.has_more.then(|| page.form.link(result.page + 1));
            page.residents = result.residents;
            render(&page)
        }
        Err(ApiError::App(kokuho_app::AppError::Invalid(problems))) => {
            page.error = Some(refusal(&kokuho_app::AppError::Invalid(problems)));
            render(&page)
        }
        Err(e) => staff.error(e),
    }
}

#[derive(Template)]
#[template(path = "eligibility/household.html")]
struct HouseholdPage {
    user: crate::pages::nav::Signed,
    h: HouseholdView,
    as_of: String,
    done: Option<&'static str>,
    screens: &'static [(&'static str, &'static str)],
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct AsOf {
    #[serde(default)]
    as_of: String,
    #[serde(default)]
    done: String,
}

/// GET /households/{household_no}?as_of=: the household on a date (today by default).
pub(crate) async fn household(
    State(app): State<App>,
    staff: Staff,
    Path(household_no): Path<String>,
    Query(q): Query<AsOf>,
) -> Response {
    let as_of = match date_field(&q.as_of) {
        Ok(d) => d,
        Err(e) => return staff.error(ApiError::App(kokuho_app::AppError::invalid("as_of", e))),
    };
    let actor = staff.session.actor.clone();
    match blocking(move || app.household_view(&actor, &household_no, as_of)).await {
        Ok(h) => {
            let as_of = h.as_of.to_string();
            render(&HouseholdPage {
                user: staff.signed(),
                h,
                as_of,
                done: done_message(&q.done),
                screens: HOUSEHOLD_SCREENS,
            })
        }
        Err(e) => staff.error(e),
    }
}

/// `?done=` after a change was saved (the message shown once on the page).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Done {
    #[serde(default)]
    done: String,
}

#[derive(Template)]
#[template(path = "eligibility/resident.html")]
struct ResidentPage {
    user: crate::pages::nav::Signed,
    r: ResidentDetail,
    done: Option<&'static str>,
    screens: &'static [(&'static str, &'static str)],
}

/// GET /residents/{resident_no}: 資格照会 (timeline, flags, certificates, copay ratio, work items).
pub(crate) async fn resident(
    State(app): State<App>,
    staff: Staff,
    Path(resident_no): Path<String>,
    Query(q): Query<Done>,
) -> Response {
    let actor = staff.session.actor.clone();
    match blocking(move || app.resident_detail(&actor, &resident_no)).await {
        Ok(r) => render(&ResidentPage {
            user: staff.signed(),
            r,
            done: done_message(&q.done),
            screens: RESIDENT_SCREENS,
        }),
        Err(e) => staff.error(e),
    }
}
