//! RA Portal domain rules.
//!
//! Plain Rust with no HTTP, UI or SQL, so the rules are unit-tested on their own and
//! the browser bundle can share them for instant validation.

pub mod access_review;
pub mod adoption;
pub mod allow_list;
pub mod assurance;
pub mod audit;
pub mod capability;
pub mod csv_file;
pub mod date_input;
pub mod form;
pub mod ids;
pub mod logout;
pub mod mail;
pub mod manager_access;
pub mod organisation;
pub mod principal;
pub mod registration;
pub mod roles;
pub mod session_policy;
mod stored;

pub use capability::{
    Auditor, Forbidden, Manager, OrgManager, RaManager, RaOfficer, Scope, ScopeFilter, Steward,
};
pub use form::FieldError;
pub use ids::{
    AccessId, DeviceId, EnrolmentLinkId, EntryId, ImportId, OdsCode, OrgId, PersonId, RequestId,
    ReviewId, SignInLinkId,
};
pub use principal::{HomePage, Principal, SignInMethod};
pub use roles::{NrbacRole, PortalRole, RoleMapping};
