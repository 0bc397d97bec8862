//! The one error type of the portal, and the one place that turns it into an HTTP answer.
//!
//! [`AppError::status`] is the only mapping from an error to a status code. Server
//! functions get it when their error is serialised ([`FromServerFnError::ser`]), pages
//! when they show an error ([`AppError::apply_status`]), and the server's own routes and
//! middleware through [`IntoResponse`]. Every refusal that is not a page has the same body:
//! the error as JSON, which is what the browser's server-function client decodes.
//! Internals are logged on the server and never sent to the browser.

use leptos::server_fn::error::FromServerFnError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Sign in to continue.")]
    Unauthenticated,
    /// CIS2 ended the session (back-channel logout): the person signs in again.
    #[error(
        "You were signed out by CIS2: your Care Identity session ended (for example, a smartcard was removed or you signed out elsewhere). Sign in again to carry on."
    )]
    SignedOutByCis2,
    #[error("{0}")]
    Forbidden(String),
    #[error("We could not find that.")]
    NotFound,
    #[error("{0}")]
    Validation(String),
    /// Form input refused, one message per field (shown as an NHS error summary).
    #[error("{}", .0.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join(". "))]
    Invalid(Vec<ra_domain::FieldError>),
    #[error("{0}")]
    Conflict(String),
    /// The request itself could not be read (a missing or repeated field, a body of the
    /// wrong type): a client's mistake, not the portal's.
    #[error("The request could not be read: {0}")]
    BadRequest(String),
    #[error("This request is too large for the portal.")]
    TooLarge,
    /// Too many requests from one address; try again after this many seconds.
    #[error("Too many attempts from your network. Wait {0} seconds, then try again.")]
    TooManyRequests(u64),
    /// A dependency (the database) is not answering; the caller may retry.
    #[error("{0}")]
    Unavailable(String),
    #[error("Something went wrong on our side. Try again later.")]
    Internal,
    /// Transport failures between browser and server (made in the browser only).
    #[error("The portal could not be reached: {0}")]
    Transport(String),
}

impl AppError {
    /// The HTTP status of each error: the portal's only such mapping.
    pub fn status(&self) -> u16 {
        match self {
            AppError::BadRequest(_) => 400,
            AppError::Unauthenticated | AppError::SignedOutByCis2 => 401,
            AppError::Forbidden(_) => 403,
            AppError::NotFound => 404,
            AppError::Conflict(_) => 409,
            AppError::TooLarge => 413,
            AppError::TooManyRequests(_) => 429,
            AppError::Validation(_) | AppError::Invalid(_) => 422,
            AppError::Internal | AppError::Transport(_) => 500,
            AppError::Unavailable(_) => 503,
        }
    }

    /// Whether a response's status is a refusal of someone by their roles (403), which
    /// the audit trail records.
    pub fn is_refusal(status: u16) -> bool {
        status == AppError::Forbidden(String::new()).status()
    }

    /// A mistake the person mends on the form itself (a field, or the record's state).
    pub fn is_form_mistake(&self) -> bool {
        matches!(
            self,
            AppError::Invalid(_) | AppError::Validation(_) | AppError::Conflict(_)
        )
    }

    /// A refusal of one form field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid(vec![ra_domain::FieldError::new(field, message)])
    }

    /// The message for `field`, when this error refused it.
    pub fn field_message(&self, field: &str) -> Option<String> {
        match self {
            AppError::Invalid(errors) => errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone()),
            _ => None,
        }
    }

    /// While rendering on the server, gives the response this error's status (a page
    /// showing the error, or a server function returning it); a no-op in the browser.
    pub fn apply_status(&self) {
        #[cfg(feature = "ssr")]
        if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            res.set_status(self.status_code());
        }
    }

    #[cfg(feature = "ssr")]
    pub fn status_code(&self) -> http::StatusCode {
        http::StatusCode::from_u16(self.status()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// The error a refused request's body holds, when it is one of ours.
    pub fn from_body(body: &str) -> Option<Self> {
        serde_json::from_str(body).ok()
    }
}

impl From<ra_domain::Forbidden> for AppError {
    fn from(value: ra_domain::Forbidden) -> Self {
        AppError::Forbidden(value.0.to_owned())
    }
}

impl From<Vec<ra_domain::FieldError>> for AppError {
    fn from(value: Vec<ra_domain::FieldError>) -> Self {
        AppError::Invalid(value)
    }
}

impl FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        // On the server these mean the arguments could not be read from the request.
        #[cfg(feature = "ssr")]
        if let leptos::server_fn::error::ServerFnErrorErr::Args(m)
        | leptos::server_fn::error::ServerFnErrorErr::Deserialization(m)
        | leptos::server_fn::error::ServerFnErrorErr::MissingArg(m) = &value
        {
            return AppError::BadRequest(m.clone());
        }
        AppError::Transport(value.to_string())
    }

    /// Every error a server function returns passes here on its way to the browser: the
    /// one place its status is set.
    fn ser(&self) -> leptos::server_fn::Bytes {
        // A form's mistake in a plain post (sent before, or without, the browser's
        // script) is answered with a redirect back to its page, carrying the error for the
        // page to show; a status set here would replace the redirect's. Every other
        // refusal keeps its status, so a 403 is still audited and a 429 still counted.
        if !(self.is_form_mistake() && plain_form_post()) {
            self.apply_status();
        }
        serde_json::to_vec(self)
            .map(Into::into)
            .unwrap_or_else(|_| leptos::server_fn::Bytes::from_static(br#""Internal""#))
    }
}

/// Whether the server function being answered was called by a plain form post, which
/// accepts HTML; the browser's script asks for JSON.
fn plain_form_post() -> bool {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<http::request::Parts>().is_some_and(|req| {
            req.headers
                .get(http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("text/html"))
        })
    }
    #[cfg(not(feature = "ssr"))]
    false
}

/// What people are told while the database cannot be reached (e.g. it is restarting).
pub const DATABASE_UNREACHABLE: &str =
    "The portal cannot reach its database just now. Try again in a minute.";
/// What people are told when the database was too busy to take their change.
pub const DATABASE_BUSY: &str =
    "The portal is very busy just now, so nothing was saved. Try again in a moment.";
/// What people are told when the database has no space left.
pub const DATABASE_FULL: &str = "The portal's database is out of space, so nothing was saved. Tell the team that runs the portal.";

#[cfg(feature = "ssr")]
impl From<ra_db::DbError> for AppError {
    fn from(value: ra_db::DbError) -> Self {
        match value.trouble() {
            Some(ra_db::Trouble::Unreachable) => {
                tracing::warn!(error = %value, "database unreachable");
                AppError::Unavailable(DATABASE_UNREACHABLE.into())
            }
            Some(ra_db::Trouble::Busy) => {
                tracing::warn!(error = %value, "database busy");
                AppError::Unavailable(DATABASE_BUSY.into())
            }
            Some(ra_db::Trouble::Full) => {
                tracing::error!(error = %value, "database full");
                AppError::Unavailable(DATABASE_FULL.into())
            }
            None => {
                tracing::error!(error = %value, "database error");
                AppError::Internal
            }
        }
    }
}

/// Route handlers and middleware answer with the same status and body as a server
/// function would.
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let mut res = (self.status_code(), axum::Json(&self)).into_response();
        let h = res.headers_mut();
        h.insert(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static("no-store"),
        );
        if let AppError::TooManyRequests(seconds) = self {
            h.insert(http::header::RETRY_AFTER, http::HeaderValue::from(seconds));
        }
        res
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_round_trip_through_their_body() {
        for e in [
            AppError::Unauthenticated,
            AppError::Forbidden("no".into()),
            AppError::field("email", "Enter an email"),
            AppError::TooLarge,
        ] {
            let body = serde_json::to_string(&e).expect("serialise");
            assert_eq!(AppError::from_body(&body), Some(e));
        }
        assert_eq!(AppError::from_body("Sign in to continue."), None);
    }

    #[test]
    fn every_error_has_a_client_or_server_status() {
        assert_eq!(AppError::Unauthenticated.status(), 401);
        assert_eq!(AppError::NotFound.status(), 404);
        assert_eq!(AppError::Invalid(vec![]).status(), 422);
        assert_eq!(AppError::Internal.status(), 500);
    }
}
