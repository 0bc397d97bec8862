//! Shared page furniture: the NHS.UK header and footer, and error panels.

mod date_input;
mod filters;
mod form;
mod import_preview;
mod layout;
mod post_form;
mod saved;
mod table;
mod upload;
#[cfg(feature = "hydrate")]
mod xhr;

pub use date_input::{DateInput, DateRangeFilter};
pub use filters::{FilterChoice, FilterText, query_param};
pub use form::{
    ChoiceField, ErrorSummary, Radios, SelectField, TextArea, TextField, server_message,
};
pub use import_preview::{CommitForm, ImportRows, PreviewWords};
pub use layout::{ErrorPanel, Footer, Header, PageTitle, WarningCallout};
pub use post_form::{Answer, PostForm};
pub use saved::{Saved, opens, reload, reload_saved};
pub use table::TableHead;
pub use upload::{
    ALLOW_LIST_UPLOAD, BULK_REQUESTS_UPLOAD, ORGANISATIONS_UPLOAD, PROGRESS_HEADER, UploadForm,
};
