//! The one error type server functions return, with messages fit to show a person.
//! Internals are logged on the server and never sent to the browser.

use leptos::server_fn::error::FromServerFnError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Sign in to continue.")]
    Unauthenticated,
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
    #[error("Something went wrong on our side. Try again later.")]
    Internal,
    /// Transport failures between browser and server.
    #[error("The portal could not be reached: {0}")]
    Transport(String),
}

impl AppError {
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated => 401,
            AppError::Forbidden(_) => 403,
            AppError::NotFound => 404,
            AppError::Validation(_) | AppError::Invalid(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::BadRequest(_) => 400,
            AppError::Internal | AppError::Transport(_) => 500,
        }
    }
}

impl AppError {
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
}

impl From<ra_domain::Forbidden> for AppError {
    fn from(value: ra_domain::Forbidden) -> Self {
        AppError::Forbidden(value.0.to_owned())
    }
}

impl FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        // On the server these mean the arguments could not be read from the request;
        // without a status of our own the framework would answer 500.
        #[cfg(feature = "ssr")]
        if let leptos::server_fn::error::ServerFnErrorErr::Args(m)
        | leptos::server_fn::error::ServerFnErrorErr::Deserialization(m)
        | leptos::server_fn::error::ServerFnErrorErr::MissingArg(m) = &value
        {
            return crate::auth::fail(AppError::BadRequest(m.clone()));
        }
        AppError::Transport(value.to_string())
    }
}

#[cfg(feature = "ssr")]
impl From<ra_db::DbError> for AppError {
    fn from(value: ra_db::DbError) -> Self {
        tracing::error!(error = %value, "database error in a server function");
        AppError::Internal
    }
}
