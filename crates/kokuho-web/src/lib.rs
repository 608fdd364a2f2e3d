//! kokuho-web: the HTTP layer, and the only crate that knows HTTP (ARCHITECTURE-GUIDE §4.2).
//!
//! A JSON API under `/api/v1` whose routes map 1:1 onto the use cases of `kokuho-app`. Every
//! route except `GET /healthz` and `GET /api/v1/openapi.json` needs an authenticated actor
//! ([`ApiActor`], a per-user API token); the use case then checks its permission (deny by default)
//! and audits. The web layer never decides who may do what: [`routes`] only *documents* the
//! permission each use case checks, for the route × role matrix test.
//!
//! What holds on every response, whatever produced it (handler, extractor rejection, the
//! catch-all 404, a panic):
//! - a JSON error body `{"code","message",…}` in Japanese for every failure (see [`error`]);
//! - the security headers of security.md C26 ([`middleware`]);
//! - an `X-Request-Id`, also printed in the log line of an internal error.
//!
//! There is deliberately no route that reveals a My Number (the reveal comes with the staff UI's
//! re-authentication) and no bulk export (security.md C08); no response ever carries a My Number.

mod api;
mod auth;
mod blocking;
pub mod error;
mod extract;
mod handlers;
mod inventory;
pub mod middleware;
mod openapi;
mod pages;
mod request_id;
pub mod server;
pub mod session;
mod throttle;

use std::future::Future;
use std::net::SocketAddr;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::routing::{MethodRouter, get, post};
use kokuho_app::App;

pub use auth::{ApiActor, Credential};
pub use error::{ApiError, ErrorBody};
pub use inventory::{Access, RouteSpec, routes};
pub use openapi::{ApiDoc, openapi_json};

/// Largest JSON request body (the use cases take small forms).
pub const JSON_BODY_LIMIT: usize = 1024 * 1024;
/// Largest uploaded import file (a city's yearly income file is a few MiB).
pub const IMPORT_BODY_LIMIT: usize = 64 * 1024 * 1024;

/// The API router for `app`, with every outer layer (errors, headers, panic handling) applied.
pub fn router(app: App) -> Router {
    harden(
        api_routes()
            .router
            .layer(DefaultBodyLimit::max(JSON_BODY_LIMIT))
            .layer(axum::Extension(std::sync::Arc::new(throttle::LoginThrottle::default())))
            .with_state(app),
    )
}

/// Applies the layers every response must go through: the catch-all 404 and 405, every client
/// error in its documented shape, the panic handler, the request id and the security headers.
/// Public so tests can put a route that panics behind exactly the layers the real router has.
pub fn harden(router: Router) -> Router {
    router
        .fallback(handlers::fallback::not_found)
        .method_not_allowed_fallback(handlers::fallback::method_not_allowed)
        .layer(axum::middleware::from_fn(middleware::shape_errors))
        .layer(axum::middleware::from_fn(middleware::catch_panic))
        .layer(axum::middleware::from_fn(middleware::request_context))
}

/// Serves the API on `listen` until `shutdown` completes (then finishes the requests in flight).
///
/// # Errors
/// When the address cannot be bound or the server fails.
pub async fn serve(
    app: App,
    listen: SocketAddr,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(listen).await?;
    serve_listener(app, listener, shutdown).await
}

/// [`serve`] on a listener the caller bound (e.g. `127.0.0.1:0` in a benchmark).
///
/// # Errors
/// When the server fails.
pub async fn serve_listener(
    app: App,
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    if let Ok(addr) = listener.local_addr() {
        tracing::info!(%addr, "APIサーバーを開始しました");
    }
    server::serve(router(app), listener, server::Limits::default(), shutdown).await
}

/// The public simulator alone (`kokuho serve --simulator-only`): the simulator page, its
/// stylesheet, the calculator APIs and a health check. It holds no [`App`] and so can
/// reach no database: a city can put it on its internet-facing segment.
pub fn simulator_router() -> Router {
    harden(
        Router::new()
            .route("/healthz", axum::routing::get(handlers::health::healthz_static))
            .route(
                "/simulator",
                axum::routing::get(pages::assessment::simulator::form).post(pages::assessment::simulator::calculate),
            )
            .route("/static/app.css", axum::routing::get(pages::stylesheet))
            .route("/api/v1/calc/premium", axum::routing::post(handlers::calc::premium))
            .route("/api/v1/calc/high-cost", axum::routing::post(handlers::calc::high_cost))
            .route("/api/v1/calc/late-fee", axum::routing::post(handlers::calc::late_fee))
            .layer(DefaultBodyLimit::max(JSON_BODY_LIMIT)),
    )
}

/// Serves [`simulator_router`] on `listener` until `shutdown` completes.
///
/// # Errors
/// When the server fails.
pub async fn serve_simulator(
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, simulator_router())
        .with_graceful_shutdown(shutdown)
        .await
}

/// The routes and, for the inventory test, every (method, path) registered.
pub(crate) struct RouteTable {
    pub(crate) router: Router<App>,
    pub(crate) registered: Vec<(&'static str, &'static str)>,
}

impl RouteTable {
    fn new() -> Self {
        Self {
            router: Router::new(),
            registered: Vec::new(),
        }
    }

    fn add(mut self, method: &'static str, path: &'static str, route: MethodRouter<App>) -> Self {
        self.router = self.router.route(path, route);
        self.registered.push((method, path));
        self
    }

    fn get<H: Handler<T, App>, T: 'static>(self, path: &'static str, handler: H) -> Self {
        self.add("GET", path, get(handler))
    }

    fn post<H: Handler<T, App>, T: 'static>(self, path: &'static str, handler: H) -> Self {
        self.add("POST", path, post(handler))
    }

    fn post_limited<H: Handler<T, App>, T: 'static>(self, path: &'static str, handler: H, limit: usize) -> Self {
        self.add("POST", path, post(handler).layer(DefaultBodyLimit::max(limit)))
    }
}

/// Every route. Keep in step with [`inventory::ROUTES`] and [`openapi::ApiDoc`] (tests check).
pub(crate) fn api_routes() -> RouteTable {
    use handlers::{
        assessment::rates, audit::maintenance, calc, eligibility::changes, eligibility::imports,
        eligibility::my_number, eligibility::views, health, staff::admin,
    };
    RouteTable::new()
        .get("/healthz", health::healthz)
        .get("/api/v1/openapi.json", openapi::openapi_document)
        .get("/api/v1/residents", views::search_residents)
        .get("/api/v1/residents/{resident_no}", views::resident_detail)
        .get("/api/v1/households/{household_no}", views::household_view)
        .post("/api/v1/eligibility/enroll", changes::enroll)
        .post("/api/v1/eligibility/withdraw", changes::withdraw)
        .post("/api/v1/eligibility/correct", changes::correct)
        .post("/api/v1/flags", changes::set_flag)
        .post("/api/v1/flags/{flag_id}/end", changes::end_flag)
        .post("/api/v1/certificates", changes::issue_certificate)
        .post(
            "/api/v1/certificates/{certificate_id}/reissue",
            changes::reissue_certificate,
        )
        .post(
            "/api/v1/certificates/{certificate_id}/return",
            changes::return_certificate,
        )
        .get("/api/v1/work-items", views::work_items)
        .post("/api/v1/work-items/{work_item_id}/close", changes::close_work_item)
        .post("/api/v1/residents/{resident_no}/my-number", my_number::link)
        .post("/api/v1/my-number/lookup", my_number::lookup)
        .get("/api/v1/my-number/confirmations", my_number::confirmations)
        .post(
            "/api/v1/my-number/confirmations/{confirmation_id}/resolve",
            my_number::resolve,
        )
        .post_limited(
            "/api/v1/imports/resident-changes",
            imports::resident_changes,
            IMPORT_BODY_LIMIT,
        )
        .post_limited("/api/v1/imports/incomes", imports::incomes, IMPORT_BODY_LIMIT)
        .post("/api/v1/admin/users", admin::add_user)
        .get("/api/v1/admin/users", admin::list_users)
        .post("/api/v1/admin/users/{login}/roles", admin::set_role)
        .post("/api/v1/admin/users/{login}/tokens", admin::create_token)
        .post("/api/v1/journal/verify", maintenance::verify_journal)
        .post("/api/v1/audit/verify", maintenance::verify_audit)
        .post("/api/v1/calc/premium", calc::premium)
        .post("/api/v1/calc/high-cost", calc::high_cost)
        .post("/api/v1/calc/late-fee", calc::late_fee)
        .get("/api/v1/rate-tables", rates::list)
        .get("/api/v1/rate-tables/{fiscal_year}", rates::get)
        .post("/api/v1/rate-tables/{fiscal_year}", rates::set)
        .get("/api/v1/households/{household_no}/premium", rates::household_premium)
        .get("/api/v1/households/{household_no}/assessments", rates::assessments)
        .post("/api/v1/households/{household_no}/assessments", rates::decide)
        .post("/api/v1/rate-simulations", rates::simulate)
        .get("/login", pages::staff::login::login_form)
        .post("/login", pages::staff::login::login)
        .get("/login/code", pages::staff::login::code_form)
        .post("/login/code", pages::staff::login::code)
        .get("/unlock", pages::staff::login::unlock_form)
        .post("/unlock", pages::staff::login::unlock)
        .post("/logout", pages::staff::login::logout)
        .get("/enroll/{token}", pages::staff::login::enroll_form)
        .post("/enroll/{token}", pages::staff::login::enroll)
        .get("/", pages::eligibility::views::home)
        .get("/password", pages::staff::password::form)
        .post("/password", pages::staff::password::change)
        .get("/residents", pages::eligibility::views::residents)
        .get("/residents/{resident_no}", pages::eligibility::views::resident)
        .get(
            "/residents/{resident_no}/my-number",
            pages::eligibility::my_number::reveal_form,
        )
        .post(
            "/residents/{resident_no}/my-number",
            pages::eligibility::my_number::reveal,
        )
        .get(
            "/residents/{resident_no}/{screen}",
            pages::eligibility::changes::resident_form,
        )
        .post(
            "/residents/{resident_no}/{screen}",
            pages::eligibility::changes::resident_submit,
        )
        .get("/households/{household_no}", pages::eligibility::views::household)
        .get(
            "/households/{household_no}/{screen}",
            pages::eligibility::changes::household_form,
        )
        .post(
            "/households/{household_no}/{screen}",
            pages::eligibility::changes::household_submit,
        )
        .get("/work-items", pages::eligibility::work_items::list)
        .post(
            "/work-items/{work_item_id}/close",
            pages::eligibility::work_items::close,
        )
        .get("/my-number/confirmations", pages::eligibility::my_number::confirmations)
        .post(
            "/my-number/confirmations/{confirmation_id}",
            pages::eligibility::my_number::resolve,
        )
        .get("/admin/users", pages::staff::admin::users)
        .post("/admin/users", pages::staff::admin::add_user)
        .get("/admin/users/{login}", pages::staff::admin::user)
        .post("/admin/users/{login}/roles", pages::staff::admin::set_roles)
        .post("/admin/users/{login}/disabled", pages::staff::admin::set_disabled)
        .post("/admin/users/{login}/unlock", pages::staff::admin::release_lockout)
        .post("/admin/users/{login}/link", pages::staff::admin::issue_link)
        .get("/admin/roles", pages::staff::admin::roles)
        .post("/admin/roles/{role}", pages::staff::admin::set_role_permissions)
        .get("/assessment", pages::assessment::menu::hub)
        .get("/assessment/counter", pages::assessment::counter::form)
        .post("/assessment/counter", pages::assessment::counter::calculate_form)
        .get("/assessment/households", pages::assessment::menu::find_household)
        .get(
            "/assessment/households/{household_no}",
            pages::assessment::menu::household,
        )
        .post("/assessment/households/{household_no}", pages::assessment::menu::decide)
        .get("/assessment/batch", pages::assessment::menu::jobs)
        .post("/assessment/batch", pages::assessment::menu::start)
        .get("/assessment/batch/{job}", pages::assessment::menu::job)
        .post("/assessment/batch/{job}/stop", pages::assessment::menu::stop)
        .get("/assessment/simulation", pages::assessment::simulation::form)
        .post("/assessment/simulation", pages::assessment::simulation::start)
        .get("/assessment/rates", pages::assessment::rates::list)
        .get("/assessment/rates/new", pages::assessment::rates::new_year)
        .post_limited(
            "/assessment/rates/file",
            pages::assessment::rates::upload,
            pages::assessment::rates::FILE_LIMIT,
        )
        .get("/assessment/rates/{fiscal_year}", pages::assessment::rates::show)
        .get("/assessment/rates/{fiscal_year}/edit", pages::assessment::rates::edit)
        .post("/assessment/rates/{fiscal_year}/edit", pages::assessment::rates::submit)
        .get("/admin/settings", pages::staff::settings::form)
        .post("/admin/settings", pages::staff::settings::save)
        .get("/audit", pages::audit::review::search)
        .get("/audit/report", pages::audit::review::report)
        .post("/audit/verify", pages::audit::review::verify)
        .get("/simulator", pages::assessment::simulator::form)
        .post("/simulator", pages::assessment::simulator::calculate)
        .get("/static/app.css", pages::stylesheet)
}

/// Every (method, path) the router serves, in registration order; the inventory test compares
/// it with [`routes`].
pub fn registered_routes() -> Vec<(&'static str, &'static str)> {
    api_routes().registered
}
