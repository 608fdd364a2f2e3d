//! Who is calling: the [`ApiActor`] extractor.
//!
//! Today the only credential is a per-user API token (`Authorization: Bearer <token>`), resolved
//! on every request by `App::actor_for_token`, so a disabled user, a revoked token or a revoked
//! role takes effect on the next request (nothing is cached here).
//!
//! Seam for the staff web UI (a later issue): add a `Credential::Session` variant read from a
//! `__Host-` cookie, resolve it through the app's session use case (password + TOTP, idle and
//! absolute timeouts), and add CSRF checks for state-changing routes that accept it. Handlers do
//! not change: they take an [`ApiActor`] (or a future `StaffActor` with step-up) and pass the
//! `Actor` to the use case.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use kokuho_app::{Actor, App, AppError};

use crate::blocking::blocking;
use crate::error::ApiError;

/// Longest token accepted (ours are far shorter); longer headers are refused without hashing.
const MAX_TOKEN_LEN: usize = 256;

/// A credential presented with a request.
pub enum Credential {
    /// `Authorization: Bearer <token>`: a per-user API token.
    Bearer(String),
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Credential::Bearer(_) => f.write_str("Bearer(…)"),
        }
    }
}

impl Credential {
    /// The credential of a request, if it carries a well-formed one.
    pub fn from_parts(parts: &Parts) -> Option<Credential> {
        let mut values = parts.headers.get_all(header::AUTHORIZATION).iter();
        let value = values.next()?;
        if values.next().is_some() {
            return None; // two Authorization headers: ambiguous, refuse
        }
        let text = value.to_str().ok()?;
        let (scheme, token) = text.split_once(' ')?;
        let token = token.trim();
        let well_formed = scheme.eq_ignore_ascii_case("bearer")
            && !token.is_empty()
            && token.len() <= MAX_TOKEN_LEN
            && token.bytes().all(|b| b.is_ascii_graphic());
        well_formed.then(|| Credential::Bearer(token.to_owned()))
    }

    /// Resolves the credential into an actor (blocking: reads the database).
    fn resolve(self, app: &App) -> Result<Actor, AppError> {
        match self {
            Credential::Bearer(token) => app.actor_for_token(&token),
        }
    }
}

/// The authenticated actor of an API request; rejects with 401 otherwise.
#[derive(Debug, Clone)]
pub struct ApiActor(pub Actor);

impl FromRequestParts<App> for ApiActor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let credential = Credential::from_parts(parts).ok_or(ApiError::App(AppError::Unauthenticated))?;
        let app = app.clone();
        let required = parts
            .extensions
            .get::<axum::extract::MatchedPath>()
            .and_then(|m| crate::inventory::permission_of(parts.method.as_str(), m.as_str()));
        let (method, path) = (parts.method.clone(), parts.uri.path().to_owned());
        let actor = blocking(move || {
            let actor = credential.resolve(&app)?;
            // The route's permission first: refused (and audited) before anything the caller
            // sent is read, so a refusal never describes the fields of a request.
            if let Some(permission) = required.filter(|p| !actor.has(*p)) {
                let subject = format!("{method} {path}");
                app.require_for_screen(&actor, permission, kokuho_app::AuditAction::PermissionRefused, &subject)?;
            }
            Ok::<_, AppError>(actor)
        })
        .await?;
        Ok(ApiActor(actor))
    }
}
