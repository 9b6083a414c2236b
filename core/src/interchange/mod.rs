//! Interchange: reading other files into the journal and writing the journal out.
//!
//! Every importer parses a whole file into an [`ImportBatch`] first (validated records, or
//! rejections naming record and field); only then does the store apply the batch in one
//! transaction. Parsing never touches the database, so a bad file cannot half-import.

pub mod daylio;
pub mod detect;
pub mod export;
pub mod formats;
pub mod jrnl;
pub mod loop_habit;

// The batch and the reports are the store's own types: the store applies batches and writes
// the reports, and importers only produce them.
pub use crate::store::{Added, ImportBatch, ImportMeta, ImportReport, Rejected};

pub mod csv_export;
pub mod journal;
pub mod markdown;
