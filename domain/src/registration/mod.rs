//! Authenticator registration requests: the lifecycle, the identity check and the review
//! lock, free of HTTP and SQL.

pub mod bulk;
pub mod enrolment;
pub mod identity;
pub mod meeting;
pub mod request;
pub mod review_lock;
pub mod stale;
pub mod state;

pub use identity::{DocumentType, IdentityError, check_documents, read_documents};
pub use meeting::{Meeting, MeetingError, MeetingMode};
pub use request::{PhoneKind, RequestForm, RequestSource, ValidRequest, validate_request};
pub use review_lock::{LockedByOther, ReviewLock, may_act};
pub use state::{Action, Actor, RequestState, TransitionError, possible, step};
