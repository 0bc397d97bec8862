//! Shared page furniture: the NHS.UK header and footer, and error panels.

mod form;
mod layout;

pub use form::{ErrorSummary, Radios, TextArea, TextField, UploadForm, server_message};
pub use layout::{ErrorPanel, Footer, Header, PageTitle};
