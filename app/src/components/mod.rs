//! Shared page furniture: the NHS.UK header and footer, and error panels.

mod layout;

pub use layout::{ErrorPanel, Footer, Header, PageTitle};
