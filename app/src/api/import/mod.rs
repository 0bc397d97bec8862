//! The one CSV import pipeline every bulk import goes through: upload → read → check →
//! judge → preview → all-or-nothing commit with batched inserts. A kind of import (the
//! allow list, staff for registration) says only how to read, judge and insert its rows
//! ([`pipeline::Importer`]); the steps, the owner check and the refusals are shared.

use serde::{Deserialize, Serialize};

/// An uploaded file's rows with their verdicts, as the preview page shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub id: String,
    pub file_name: String,
    /// The headings of `PreviewRow::cells`.
    pub columns: Vec<String>,
    pub rows: Vec<PreviewRow>,
    pub new_count: usize,
    pub committed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewRow {
    pub line: usize,
    /// The row's values as the file gave them, one per column.
    pub cells: Vec<String>,
    pub verdict: String,
    pub explanation: String,
    pub is_new: bool,
}

#[cfg(feature = "ssr")]
pub mod pipeline;
