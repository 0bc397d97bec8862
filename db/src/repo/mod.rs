//! Repository functions, one module per table group. Each takes a [`crate::Db`] for
//! single statements or a [`crate::Tx`] when a change must commit with its audit record.

pub mod access_reviews;
pub mod adoption;
pub mod allow_list;
pub mod audit;
pub mod enrolment;
pub mod imports;
pub mod login_attempts;
pub mod logout_tokens;
pub mod manager_access;
pub mod organisations;
pub mod outbox;
pub mod people;
pub mod registration;
pub mod sessions;
pub mod synthetic;
pub mod work;
