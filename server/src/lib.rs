//! RA Portal server: configuration, CIS2 sign-in, sessions, authorisation, operations.

// Rendering an island's view in a debug build (views keep their full types there, unlike
// the release's erased components) nests its types past the default limit of 128.
#![recursion_limit = "256"]

pub mod audit_origin;
pub mod auth_routes;
pub mod backchannel;
pub mod client_addr;
pub mod config;
pub mod csrf;
pub mod demo;
pub mod email_sign_in;
pub mod exports;
pub mod generate;
pub mod guard;
pub mod headers;
pub mod keys;
pub mod mail;
pub mod metrics;
pub mod oidc;
pub mod open_session;
pub mod ops;
pub mod panics;
pub mod rate_limit;
pub mod request_id;
pub mod request_size;
pub mod route_name;
pub mod routes;
pub mod session;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod uploads;
pub mod verify_audit;

pub use startup::{Portal, StartupError, build};
