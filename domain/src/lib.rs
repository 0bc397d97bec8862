//! RA Portal domain rules.
//!
//! Plain Rust with no HTTP, UI or SQL, so the rules are unit-tested on their own and
//! the browser bundle can share them for instant validation.

pub mod allow_list;
pub mod assurance;
pub mod csv_file;
pub mod form;
pub mod ids;
pub mod mail;
pub mod manager_access;
pub mod principal;
pub mod registration;
pub mod roles;
pub mod session_policy;

pub use form::FieldError;
pub use ids::{OdsCode, PersonId};
pub use principal::{Auditor, Forbidden, HomePage, OrgManager, Principal, RaOfficer, SignInMethod};
pub use roles::{NrbacRole, PortalRole, RoleMapping};
