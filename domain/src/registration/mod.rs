//! Authenticator registration requests: the lifecycle, the identity check and the review
//! lock, free of HTTP and SQL.

pub mod bulk;
pub mod enrolment;
pub mod identity;
pub mod request;
pub mod review_lock;
pub mod state;

pub use identity::{DocumentType, IdentityError, check_documents};
pub use request::{PhoneKind, RequestForm, ValidRequest, validate_request};
pub use review_lock::{LockedByOther, ReviewLock, may_act};
pub use state::{Action, Actor, RequestState, TransitionError, possible, step};
