//! RA Portal server: configuration, CIS2 sign-in, sessions, authorisation, operations.

pub mod allow_list_routes;
pub mod auth_routes;
pub mod config;
pub mod demo;
pub mod email_sign_in;
pub mod guard;
pub mod keys;
pub mod mail;
pub mod oidc;
pub mod ops;
pub mod registration_routes;
pub mod request_size;
pub mod session;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod uploads;

pub use startup::{Portal, StartupError, build};
